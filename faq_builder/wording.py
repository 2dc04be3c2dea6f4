"""Customers' sentences become FAQ titles, variants and report keys, so only clean, complete questions may get there."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

#: Longest wording, in words, that still reads as one question (longer ones are stories).
MAX_WORDS = 20

_SENTENCE = re.compile(r"[^.!?\n。？！]+[.!?。？！]*")
# "order no. 123", "e.g. the" do not end a sentence.
_ABBREVIATION = re.compile(r"\b(no|nr|ref|approx|e\.g|i\.e|ca)\.\s+(?=[\d{#a-z])", re.IGNORECASE)
# A customer's second sentence typed without a full stop: "What does it cost Can someone reply?"
_RUN_ON = re.compile(
    r"(?<=[a-z]) (?=(?:Can|Could|Would|Where|When|How|What|Why|Is|Are|Do|Does|Did|Please|Pls|Not|Thanks|Thank|Any)\b"
    r"|I(?:'m|'ve| am| was| have| had| need| want)\b)"
)
# Words after which "I" continues the sentence ("can I", "if I'm"), so no second sentence starts there.
_JOINS_I = frozenset(
    "can could do did does should would will may shall am have had was were where when how what why and but so if "
    "that which as or then until before after since while than wonder because cuz hope think".split()
)
_GREETING = r"hi|hello|hey|hiya|heya|howdy|dear|greetings|good (?:morning|afternoon|evening|day)"
_FILLER_WORD = r"yo|ya|ok|okay|so|um|uh|hmm|pls|plz|hi|hello|hey|hiya"
_FOREIGN_GREETING = r"xin chào|chào shop|chào bạn|chào|здравейте|здрасти|добър ден|您好|你好|สวัสดีค่ะ|สวัสดีครับ|สวัสดี"
# Leading "@northwind", "Hi Anna,", "Hello team!", "ya", "pls", "Xin chào": not part of the question.
_FILLER = re.compile(
    rf"^(?:[@#]\w+[\s,:]*"
    rf"|(?:{_GREETING})\b(?:[ \t]+[^\s,.!?:]+){{0,2}}?[ \t]*[,!.:\-–]+\s*"
    rf"|(?:{_FILLER_WORD})\b[\s,!.:\-–]*"
    rf"|(?:{_FOREIGN_GREETING})[\s,!.，、\-–]*)+",
    re.IGNORECASE,
)
_TRAILING_NOISE = re.compile(r"(?:\s+#\w+|\s*[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]+)+(?=[.!?]*$)")
_PUNCTUATION_RUN = re.compile(r"([?!.？！])[?!.？！]+$")
_LOWER_I = re.compile(r"\bi\b")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
#: A placeholder with the words that only lead up to it ("from {name}", "for order #{order_number}"): removed
#: together, so no title ends in a dangling "from?".
_PLACEHOLDER_WITH_LEAD = re.compile(
    r"(?:\b(?:from|for|to|of|by|with|on|in|at|about|the|a|an|my|your|our|number|no\.?|nr\.?)\s*)*"
    r"#?\s*\{[a-z_]+\}",
    re.IGNORECASE,
)
_ID = re.compile(r"\d(?:[\s./-]?\d){2,}")
_HANDLE = re.compile(r"(?<!\w)@\w")
_HANDLE_OR_TAG = re.compile(r"(?<!\w)[@#]\w+")
_PROFANITY = re.compile(
    r"\b(?:bloody|damn\w*|dammit|goddamn\w*|fuck\w*|f\*+ck\w*|fck\w*|fk|effing|shit\w*|sh\*t\w*|bullshit|crap\w*|wtf|"
    r"ffs|omfg|stfu|piss\w*|arse\w*|ass|asshole\w*|bastard\w*|bitch\w*|bollocks|bugger\w*|dick\w*|prick\w*|"
    r"sucks?|screw(?:ed)? (?:up|you)|hell)\b",
    re.IGNORECASE,
)
_SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff]")
_QUESTION_END = ("?", "？")
_ASKS = re.compile(
    r"^(?:how|where|when|what|what's|whats|why|which|who|whom|whose|can|could|would|will|should|shall|may|might|"
    r"do|does|did|is|are|was|were|am|has|have|isn't|aren't|doesn't|don't|didn't|won't|can't|cannot|wasn't|"
    r"haven't|hasn't|any|anyone|is there|are there|"
    r"i(?: want| wanna| need| would like|'d like| wish)(?: to| help| a| an| my| the| some)|"
    r"i'm trying to|i am trying to|i was wondering|i wonder|help me|please|kindly|need to|want to|wondering)\b",
    re.IGNORECASE,
)
# Interrogative openings: a sentence starting so but ending in "." is a fragment ("When will my order.").
_INTERROGATIVE = re.compile(
    r"^(?:how|where|when|what|what's|whats|why|which|who|whom|whose|do|does|did|is|are|was|were|am|has|have|"
    r"isn't|aren't|doesn't|don't|didn't|wasn't|haven't|hasn't)\b",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(r"^(?:how|where|when|what|what's|why|which|who|can|could|do|does|did|is|are)\b", re.I)
# Thanks, sign-offs and pleas for attention: polite, but not what the customer asks.
_SOCIAL = re.compile(
    r"^(?:thanks|thank|thx|ty|cheers|regards|best regards|kind regards|sincerely|have a (?:nice|good|great)|"
    r"would appreciate|appreciate|looking forward|hope|sorry|bye|goodbye|many thanks|is this urgent|this is urgent)\b"
    r"|^(?:can|could|will|would)(?: some| any)?(?:one|body| you)(?: please| pls| plz)? "
    r"(?:get back|reply|respond|answer|help|call|contact|write|look into this)\b(?: to)?(?: me| us)?"
    r"(?: please| pls| asap| soon| quickly| now)?\W*$",
    re.IGNORECASE,
)
# Statements open with who or what they are about ("I received ...", "The parcel ...", "You sent ...").
_SUBJECT = re.compile(
    r"^(?:i|i'm|i've|i'd|my|you|you've|your|we|we've|our|it|it's|this|that|the|a|an|there|they|their|he|she|his|her)\b",
    re.IGNORECASE,
)
# Headline fragments without a subject: "Not what I ordered.", "Received the wrong product.", "Still no refund."
_FRAGMENT = re.compile(r"^(?:not|no|still|also|just|received|got|wrong|missing|need|want|waiting)\b", re.IGNORECASE)
# How the customer feels, how long they waited or tried, how urgent it is: context, never what a type is about.
_MOOD = re.compile(
    r"^(?:(?:it's|it is|this is|that's|that is)(?: really| very| quite| so| super| a bit| rather| extremely)? "
    r"(?:urgent|important|a gift|for a gift|annoying|frustrating|ridiculous|unacceptable)\b"
    r"|(?:i'm|im|i am)(?: really| very| quite| so| a bit| a little| getting| rather| extremely)? "
    r"(?:stressed|worried|disappointed|upset|frustrated|annoyed|angry|unhappy|confused|desperate|nervous)\b"
    r"|(?:i've|ive|i have) been waiting(?: for)? (?:days|weeks|ages|so long|too long|forever|a week|a while)\b"
    r"|(?:i've |ive |i have |i )?tried (?:\w+ )?(?:times|twice|again|everything)\b"
    r"|i need it by\b|not happy\b|please (?:help|reply|respond|answer)\b)",
    re.IGNORECASE,
)
# A report names what went wrong; "I used a Visa card." or "The label is correct." only set the scene.
_PROBLEM = re.compile(
    r"n't\b|\b(?:not|no|never|nothing|nobody|cannot|unable|wrong|missing|lost|broken|broke|damaged|faulty|defective|"
    r"fail\w*|error|declined|rejected|charged|twice|double|forgot\w*|stuck|late|delayed|still|without|instead|"
    r"problem|issue)\b",
    re.IGNORECASE,
)
_WH = re.compile(r"\b(?:where|when|why|how|what|which|who|whose)\b", re.IGNORECASE)
#: A statement names a question type over its best question when the question is said by fewer members than
#: this share of those who state the statement and ask nothing.
STATEMENT_SUPPORT = 0.5
# Question words of languages where a question may end without "?" (Thai never uses one).
_FOREIGN_ASKS = re.compile(
    r"ไหม|มั้ย|หรือ|ไหน|อะไร|อย่างไร|ยังไง|เมื่อไหร่|เมื่อไร|เท่าไหร่|เท่าไร|ทำไม|ใคร"
    r"|嗎|吗|呢|什麼|什么|怎麼|怎么|哪|為什麼|为什么|多少|幾|几|是否|能否|請問|请问"
    r"|\b(?:không|chưa|đâu|gì|sao|nào)\W*$|\b(?:bao nhiêu|bao giờ|khi nào|thế nào|làm sao|tại sao|ở đâu)\b"
    r"|\b(?:ли|къде|кога|как|какво|защо|колко|кой|коя|кое|кои|може ли)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """a an the and or but if so of to in on at by for from with about into onto over after before since until
    than then there here this that these those it its it's is are was were be been being am do does did done doing
    have has had having will would shall should can could may might must not no nor yes only just also too very
    i i'm i've i'd i'll me my mine myself we us our ours you your yours u ur r ya he she him her his they them
    their what what's whats when where where's which who whom whose why how any some all each every more most much
    many other another such own same one ones thing things something anything nothing someone anyone somebody
    anybody still yet already again now today tomorrow yesterday ago soon asap urgent urgently please pls plz
    kindly thanks thank thx cheers hi hello hey dear regards best team support guys get got getting gets let
    know tell need needs want wants wanted like would wanna gonna help helps question questions problem issue
    reply answer able possible way going gone sure ok okay well really actually still tbh cuz because though lol
    im ive dont cant wont didnt doesnt isnt arent havent hasnt wasnt etc via per
    tôi của được có không chưa đã và là cho này thể trong bao nhiêu khi nào đâu gì sao làm thế
    ли на да ми си се не за от по как къде кога ще още все""".split()
)
_SLANG = frozenset("u ur r ya pls plz im dont cant wont thx cuz gonna wanna tbh asap lol omg idk pic".split())
_IRREGULAR = {
    "bought": "buy",
    "sent": "send",
    "paid": "pay",
    "lost": "lose",
    "made": "make",
    "told": "tell",
    "took": "take",
    "gave": "give",
    "kept": "keep",
    "went": "go",
    "using": "use",
    "used": "use",
    "cancelled": "cancel",
    "cancelling": "cancel",
    "canceled": "cancel",
    "canceling": "cancel",
}
# Nouns that end like verb forms: "shipping costs", not "ship costs".
_KEEP = frozenset(
    "shipping sizing clothing packaging billing during morning evening status address news customs jeans trousers "
    "shorts clothes goods glasses".split()
)
# Words whose "-ed"/"-ing" forms drop an "e" (receiving -> receive), for clusters that never use the base form.
_E_WORDS = frozenset(
    """arrive receive change charge use close delete update exchange purchase price size store compare leave move
    issue refuse replace include decline declare require reserve measure create save write describe continue
    subscribe unsubscribe shrink""".split()
)
# Stems that lost an "e": "notic(ed)", "receiv(ing)", "continu(e)", "clos(ed)", "chang(ing)", "tak(ing)".
_NEEDS_E = re.compile(r"(?:[cvu]|iz|[aeiou]s|[au][nr]g|^[^aeiou]*[aeiou][^aeiouwxy])$")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def is_question_like(text: str) -> bool:
    """A real question or request a customer asked: worth showing as an FAQ title or variant.

    Rejects greetings, thanks, sign-offs, fragments ("My order?"), stories, wordings with personal data
    placeholders, ids, @handles or profanity, and pleas without a topic ("Can someone get back to me?").
    Languages without "?" habits count as asking when they use a question word or particle.
    """
    text = _strip_filler(text)
    if not _is_clean(text):
        return False
    if not _is_english(text):
        return text.endswith(_QUESTION_END) or _FOREIGN_ASKS.search(text) is not None
    if text.endswith(".") and _INTERROGATIVE.match(text):
        return False
    return (text.endswith(_QUESTION_END) or _ASKS.match(text) is not None) and bool(_content(text))


def _is_clean(text: str) -> bool:
    """A whole sentence fit to show: no personal data, ids, handles, swearing or thanks; 4 to 20 words."""
    if not text or _PLACEHOLDER.search(text) or _ID.search(text) or _HANDLE.search(text) or has_profanity(text):
        return False
    letters = sum(character.isalpha() for character in text)
    if letters < 0.6 * len(text.replace(" ", "")) or _SOCIAL.match(text):
        return False
    if _SPACELESS.search(text) and not _LATIN_OR_CYRILLIC.search(text):
        return letters >= 4
    return 4 <= len(text.split()) <= MAX_WORDS


def has_profanity(text: str) -> bool:
    """Swearing stays in the ticket, never in a title, variant or key."""
    return _PROFANITY.search(text) is not None


def tidy(text: str) -> str:
    """One sentence as a title would show it: no leading greeting or handle, capitalised, "I" upper case."""
    text = _strip_filler(" ".join(text.split()))
    text = _TRAILING_NOISE.sub("", text)
    text = _PUNCTUATION_RUN.sub(r"\1", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text).strip(" ,;:-–")
    if not text:
        return ""
    if _is_english(text):
        if _mostly_title_case(text):
            text = " ".join(word.lower() if _is_proper_noun(word) else word for word in text.split())
        text = _LOWER_I.sub("I", text)
        if not text.endswith((".", "!", "?")):
            text += "?" if _QUESTION_WORD.match(text) else "."
    return text[0].upper() + text[1:]


def sentences(text: str) -> list[str]:
    """The tidied sentences of a customer's message, in order (a run-on sentence is split at its second start)."""
    found = []
    for part in _SENTENCE.findall(_ABBREVIATION.sub(r"\1 ", text)):
        found += [tidied for piece in _split_run_on(part) if (tidied := tidy(piece))]
    return found


def questions_in(text: str) -> list[str]:
    """The question-like sentences of a message, tidied."""
    return [sentence for sentence in sentences(text) if is_question_like(sentence)]


def canonical_question(candidates: list[str]) -> str:
    """The most typical clean wording of a question type, for its FAQ title.

    Candidates (whole messages) come most central first. Among their question-like sentences the winner
    uses the words most members share (so product names, places, typos and names lose), is asked often,
    starts like a question and ends with "?", avoids chat slang and proper nouns, and is central. A title
    stands for most members, though: when clearly more members only report a problem in the same words
    ("I received the wrong item.") than ask the best question, that complete, clean statement wins, so a
    few stray questions ("Where is my order?") do not name a type of reports (see ``_reported``). Without
    questions the same choice as for questions is made among statements, and failing those the most
    complete central sentence is cleaned of placeholders and ids.
    """
    asked = [(position, sentence) for position, text in enumerate(candidates) for sentence in questions_in(text)]
    stated = [(position, sentence) for position, text in enumerate(candidates) for sentence in _statements(text)]
    question = _most_typical(asked, len(candidates), _QUESTION_WORD)
    if question and stated:
        statement = _reported(question, stated, candidates)
        return statement or question
    if question or stated:
        return question or _most_typical(stated, len(candidates), _SUBJECT)
    clean = [(position, s) for position, text in enumerate(candidates) for s in sentences(text) if _is_clean(s)]
    return _most_typical(clean, len(candidates), _QUESTION_WORD) or _fallback(candidates)


def _reported(question: str, stated: list[tuple[int, str]], candidates: list[str]) -> str:
    """The statement that names the question type instead of ``question``, or "" when the question should.

    Support: members with a sentence saying much the same (see ``_support``); for a statement only members
    asking nothing count, so context told beside a question ("I usually wear M.") never outweighs it. The
    statement reports a problem (asides such as "I used a Visa card." set the scene), then is said by the
    most members, then uses the words most members use; the question keeps the title unless its support is
    below ``STATEMENT_SUPPORT`` of the statement's.
    """
    gists = [[_gist(sentence) for sentence in sentences(text) if not _reference(sentence)] for text in candidates]
    silent = [not questions_in(text) for text in candidates]
    spread = Counter(term for member in gists for term in frozenset().union(*member))
    ranks: dict[str, tuple[bool, int, float]] = {}

    def rank(sentence: str) -> tuple[bool, int, float]:
        if sentence not in ranks:
            terms = _gist(sentence)
            reports = not _is_english(sentence) or _PROBLEM.search(sentence) is not None
            common = sum(spread[term] for term in terms) / len(terms) if terms else 0.0
            ranks[sentence] = reports, _support(sentence, gists, silent), common
        return ranks[sentence]

    statement = _most_typical(stated, len(candidates), _SUBJECT, rank)
    return statement if _support(question, gists) < STATEMENT_SUPPORT * rank(statement)[1] else ""


def _most_typical(
    asked: list[tuple[int, str]],
    members: int,
    opening: re.Pattern[str],
    support: Callable[[str], tuple[bool, int, float]] | None = None,
) -> str:
    """The wording whose words most others share, asked often, central, opening well (see canonical_question).

    With ``support``, its ranking of a wording comes first and the rest only breaks ties.
    """
    if not asked:
        return ""
    documents = [frozenset(_terms(sentence)) for _position, sentence in asked]
    share: Counter[str] = Counter(term for terms in documents for term in terms)
    frequency = Counter(_normal(sentence) for _position, sentence in asked)

    def score(item: tuple[int, tuple[int, str]]) -> tuple[tuple[bool, int, float], float, int]:
        index, (position, sentence) = item
        terms = documents[index]
        typical = sum(share[term] for term in terms) / len(terms) / len(asked) if terms else 0.0
        words = sentence.split()
        points = typical + min(0.5, 0.1 * (frequency[_normal(sentence)] - 1)) - 0.5 * position / members
        points += 0.5 if sentence.endswith(_QUESTION_END) else 0
        points += 0.3 if opening.match(sentence) or not _is_english(sentence) else 0
        points -= 0.3 * min(2, sum(word.lower().strip(",.?!") in _SLANG for word in words))
        points -= 0.3 if any(_is_proper_noun(word) for word in words[1:]) else 0
        points -= 0.05 * max(0, len(words) - 12)
        return support(sentence) if support else (False, 0, 0.0), points, -index

    return max(enumerate(asked), key=score)[1][1]


def _statements(text: str) -> list[str]:
    """Clean, complete statements of a message that could name its problem ("I received the wrong item.").

    Left out: questions, a subject line (a first line without end punctuation above the message, such
    as "not what I ordered"), how the customer feels or how urgent it is, and fragments.
    """
    lines = text.strip().split("\n", 1)
    if len(lines) == 2 and lines[1].strip() and not lines[0].rstrip().endswith((".", "!", "?", "。", "？", "！")):
        text = lines[1]
    return [
        sentence
        for sentence in sentences(text)
        if _is_clean(sentence)
        and not is_question_like(sentence)
        and not _MOOD.match(sentence)
        and not (_is_english(sentence) and (_INTERROGATIVE.match(sentence) or _FRAGMENT.match(sentence)))
    ]


def _gist(text: str) -> frozenset[str]:
    """What a sentence is about: its terms and question words ("where ... order" is not "what I ordered")."""
    asks = _WH.findall(text) if _is_english(text) else [match.group() for match in _FOREIGN_ASKS.finditer(text)]
    return frozenset(_terms(text)) | {word.strip().lower() for word in asks}


def _reference(sentence: str) -> bool:
    """Only an id or placeholder with its label ("Order {order_number}."): says nothing about the question."""
    return len(re.findall(r"[^\W\d_]+", _ID.sub(" ", _PLACEHOLDER.sub(" ", sentence)))) < 2


def _support(sentence: str, gists: list[list[frozenset[str]]], among: list[bool] | None = None) -> int:
    """How many members (optionally only those ``among``) have a sentence saying much the same.

    Much the same: at least half of the two sentences' gist words in common.
    """
    wanted = _gist(sentence)
    if not wanted:
        return 0
    return sum(
        any(len(wanted & gist) >= 0.5 * len(wanted | gist) for gist in member)
        for index, member in enumerate(gists)
        if among is None or among[index]
    )


def variants(texts: Iterable[str], canonical: str, limit: int = 10) -> list[str]:
    """Up to ``limit`` other question-like wordings, in the order given, none repeating another but for case.

    Wordings without placeholders come first; where too few are left (every customer named an order or a
    person), wordings cleaned of their placeholders fill up, so search still knows how customers ask.
    """
    texts = list(texts)
    seen = {_normal(canonical)}
    found: list[str] = []
    for cleaning in (False, True):
        for text in texts:
            if cleaning and not _PLACEHOLDER.search(text):
                continue
            for sentence in questions_in(_PLACEHOLDER_WITH_LEAD.sub("", text) if cleaning else text):
                if _normal(sentence) not in seen:
                    seen.add(_normal(sentence))
                    found.append(sentence)
                    if len(found) == limit:
                        return found
    return found


def readable_key(category: str, texts: Iterable[str]) -> str:
    """``category/verb-object`` from the content words most of the question type's wordings share.

    Up to three words, each used by at least a quarter of the question-like wordings (a third for the
    third word), in the order customers say them ("cancel" before "order"). Scripts without spaces use
    the start of a wording.
    """
    texts = list(texts)
    asked = [sentence for text in texts for sentence in questions_in(text)]
    asked = asked or [sentence for text in texts for sentence in sentences(text) if _is_clean(sentence)]
    if not asked:
        return f"{category}/question"
    spaceless = [sentence for sentence in asked if writes_no_spaces(sentence)]
    if len(spaceless) * 2 > len(asked):
        return f"{category}/{_start(spaceless[0]) or 'question'}"
    vocabulary = {token.lower() for sentence in asked for token in _TOKEN.findall(sentence)}
    places: dict[str, list[float]] = {}
    for sentence in asked:
        words = _content(sentence, vocabulary)
        for offset, word in enumerate(dict.fromkeys(words)):
            places.setdefault(word, []).append(offset / len(words))
    if not places:
        return f"{category}/{_start(asked[0]) or 'question'}"
    ranked = sorted(places, key=lambda word: (-len(places[word]), word))
    needed = (len(asked) / 4, len(asked) / 4, len(asked) / 3)  # a third word must be commoner still
    chosen = [word for word, share in zip(ranked, needed, strict=False) if len(places[word]) >= max(2, share)]
    chosen = chosen or ranked[:1]
    chosen.sort(key=lambda word: (sum(places[word]) / len(places[word]), word))
    return f"{category}/" + "-".join(chosen)


#: Thai vowels written before their consonant: a key cut after one would end mid-syllable.
_LEADING_VOWELS = "เแโใไ"


def writes_no_spaces(text: str) -> bool:
    """Whether ``text`` is in a script that writes words without spaces (Thai, Chinese, Japanese)."""
    return bool(_SPACELESS.search(text))


def _start(text: str, letters: int = 12) -> str:
    """The first words of ``text`` up to ``letters`` letters, each with its vowel and tone marks.

    Thai marks are combining characters (category M), not letters: dropping them garbles the word.
    """
    kept: list[str] = []
    count = 0
    for ch in text:
        if ch.isalpha() and count < letters:
            kept.append(ch)
            count += 1
        elif unicodedata.category(ch).startswith("M") and kept:
            kept.append(ch)
        elif kept:
            break
    return "".join(kept).rstrip(_LEADING_VOWELS)


def content_words(text: str) -> list[str]:
    """Topic words of a wording, crudely lemmatised (orders -> order, cancelling -> cancel), in order.

    Stop words, chat slang, contractions, profanity and redaction placeholders are left out.
    """
    return _content(text)


def _content(text: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """``vocabulary`` (words of related wordings) settles forms such as "changing" -> "change"."""
    text = _HANDLE_OR_TAG.sub(" ", _PLACEHOLDER.sub(" ", text))
    words = []
    for token in _TOKEN.findall(text.lower()):
        if len(token) < 3 or token in _STOP or "'" in token or has_profanity(token):
            continue
        lemma = _lemma(token, vocabulary)
        if lemma not in _STOP:
            words.append(lemma)
    return words


def _lemma(word: str, vocabulary: frozenset[str] | set[str]) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _KEEP or len(word) < 4 or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ied"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and re.search(r"[aeiouy]", stem) and not word.endswith("eed"):
            return _stem_form(stem, vocabulary)
    return word


def _stem_form(stem: str, vocabulary: frozenset[str] | set[str]) -> str:
    """The base form of a stem ("shipp" -> "ship", "chang" -> "change", "tak" -> "take", "deliver")."""
    known = vocabulary | _E_WORDS
    undoubled = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouy" else stem
    for form in (stem, stem + "e", undoubled):
        if form in known:
            return form
    if undoubled != stem and stem[-1] not in "lsz":
        return undoubled
    return stem + "e" if _NEEDS_E.search(stem) else stem


def _terms(text: str) -> list[str]:
    """Words to compare wordings by; character pairs for scripts that write no spaces."""
    if _SPACELESS.search(text):
        letters = [ch for ch in text if ch.isalpha()]
        return [a + b for a, b in zip(letters, letters[1:], strict=False)]
    return _content(text)


def _fallback(candidates: list[str]) -> str:
    """The most complete of the first central sentences once placeholders and ids are gone."""
    best = ""
    for text in candidates[:5]:
        for sentence in sentences(text):
            cleaned = tidy(_ID.sub("", _PLACEHOLDER_WITH_LEAD.sub("", sentence)))
            if cleaned and not has_profanity(cleaned) and _rank(cleaned) > _rank(best):
                best = cleaned
    return best or (tidy(candidates[0]) if candidates else "")


def _rank(sentence: str) -> tuple[bool, bool, int]:
    words = len(sentence.split())
    return 4 <= words <= MAX_WORDS, sentence.endswith(_QUESTION_END), min(words, MAX_WORDS)


def _split_run_on(text: str) -> list[str]:
    if _mostly_title_case(text):
        return [text]
    pieces, start = [], 0
    for match in _RUN_ON.finditer(text):
        previous = text[start : match.start()].split()
        if text.startswith(("I ", "I'"), match.end()) and previous and previous[-1].lower() in _JOINS_I:
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    return [*pieces, text[start:]]


def _strip_filler(text: str) -> str:
    return _FILLER.sub("", text.strip()).strip()


def _is_english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.9 * len(letters)


def _mostly_title_case(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and sum(word[:1].isupper() for word in words) > len(words) / 2


def _is_proper_noun(word: str) -> bool:
    """ "Anna", "Berlin", "Merino" in the middle of a sentence; not "I'm" or "VAT"."""
    return word[:1].isupper() and word[1:].rstrip(",.?!").islower() and not word.startswith("I'")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
