"""Draft FAQ entries from a mining report: customers' wording for the question, agents' best reply for the answer.

New question types (status ``new``, top N) become ``status: draft`` files in
``content/faq/<category>/<slug>.md``. Question types an entry already answers
(``covered``) only refresh that entry's machine-owned keys: ``tickets``,
``last_mined``, ``trend``, ``cluster_keys`` and new ``variants``. The title,
status and answer an editor wrote are never touched, retired entries are left
alone, and every file of a run lands together or not at all. A ``new`` question
an entry already answers (drafted from the same report before) is refreshed,
not drafted twice.

Answers must suit every shopper: replies that report what an agent did on one
order ("I've refunded the duplicate payment") are passed over or lose those
sentences, figures the shop configures become ``{{ shop.NAME }}`` placeholders,
and the next most representative replies go into the draft note for the editor.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from anyascii import anyascii

from .atomic import FileBatch, folder_lock
from .cleaning import strip_greeting
from .content import (
    DRAFT_MARKER,
    FAQ_DIR,
    FaqEntry,
    entry_by_slug,
    escape_markdown,
    load_entries,
    render_entry,
    slug_taken,
    update_front_matter,
)
from .models import ClusterStatus, EntryStatus, Status, Ticket
from .privacy import Redactor
from .report import MiningReport, QuestionCluster, Twin, load_report, suggest_self_service, twin_for
from .store import TicketStore
from .wording import writes_no_spaces

#: Most variants an entry keeps (the newest wordings are added until it has this many).
MAX_VARIANTS = 30
MAX_SLUG = 60
#: Tickets whose replies are compared to find the most representative one (an evenly spread sample).
MAX_REPLIES = 400
_SIGN_OFF = re.compile(
    r"\s*(?:(?:best|kind|warm|warmest)\s+(?:regards|wishes)|regards|thanks|thank you|many thanks|best|cheers|"
    r"sincerely|all the best|have a (?:great|nice) day|trân trọng|cảm ơn bạn|cảm ơn|с уважение|поздрави|благодаря|"
    r"ขอบคุณค่ะ|ขอบคุณครับ|ขอบคุณ|謝謝|谢谢|此致)(?![^\W\d_])[^\n]{0,14}[,.!]?\s*(?:\n[^\n]{0,80}){0,3}\s*$",
    re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NAME_LINE = re.compile(r"^\s*[-–—]?\s*\{name\}.*$", re.MULTILINE)
#: A lone capitalised word after the last sentence is a signature ("... within 3 days. Morgan").
_TRAILING_NAME = re.compile(r"(?<=[.!?。])\s+[A-ZÀ-ÖØ-ÞА-Я][a-zà-öø-ÿа-я'’-]{1,20}\s*$")
_ORDER_REF = re.compile(
    r"\b(order|parcel|package|shipment|return|refund)(?:\s+(?:number|no\.?|#))?\s*#?\{order_number\}"
)
#: Neutral words for each redaction placeholder except {name}, which is dropped.
NEUTRAL = {
    "{order_number}": "your order number",
    "{tracking_number}": "your tracking number",
    "{email}": "your email address",
    "{phone}": "your phone number",
    "{address}": "your address",
    "{postcode}": "your postcode",
    "{card_number}": "your card",
    "{iban}": "your bank account",
    "{url}": "the link we sent you",
}


@dataclass(slots=True)
class DraftResult:
    """What a drafting run wrote: new drafts, refreshed entries, and question types it left alone (why)."""

    report: str
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def draft_entries(
    *,
    report: MiningReport | str | os.PathLike[str],
    db: str | os.PathLike[str],
    content_dir: str | os.PathLike[str] = "content",
    top: int | None = None,
    redactor: Redactor | None = None,
    shop: Mapping[str, str] | None = None,
) -> DraftResult:
    """Draft the top ``top`` new question types of ``report`` in each language and refresh the entries covering
    the others.

    ``shop`` holds the site's facts (``PortalConfig.shop``): figures in a drafted answer that state one of them
    become its ``{{ shop.NAME }}`` placeholder, so the answer follows the configuration. The content folder is
    locked from reading to writing, so two runs at once never draft one question twice.
    """
    loaded = report if isinstance(report, MiningReport) else load_report(report)
    with TicketStore.open_existing(db) as store, folder_lock(content_dir):
        return _draft(
            loaded, store=store, content=Path(content_dir), top=top, redactor=redactor or Redactor(), shop=shop
        )


def _draft(
    loaded: MiningReport,
    *,
    store: TicketStore,
    content: Path,
    top: int | None,
    redactor: Redactor,
    shop: Mapping[str, str] | None,
) -> DraftResult:
    limit = loaded.top if top is None else top
    entries = load_entries(content)
    by_slug = entry_by_slug(entries)
    mined_on = date.fromisoformat(loaded.until[:10])
    result = DraftResult(report=loaded.json_path or "")
    batch = FileBatch(content)

    # A report is written before its drafts: drafting from it again finds its `new` questions already answered.
    answered = {
        c.key: entry for c in loaded.clusters if c.status is ClusterStatus.NEW and (entry := _answering(c, entries))
    }
    covering: dict[str, list[QuestionCluster]] = {}
    for cluster in loaded.clusters:
        known = answered.get(cluster.key)
        if cluster.covered_by and cluster.status is ClusterStatus.COVERED and cluster.covered_by.slug in by_slug:
            covering.setdefault(cluster.covered_by.slug, []).append(cluster)
        elif known is not None and known.status is not EntryStatus.RETIRED:
            covering.setdefault(known.slug, []).append(cluster)
        elif known is not None:
            result.skipped.append((cluster.key, f"answered by retired entry {known.slug}"))
        elif cluster.status is not ClusterStatus.NEW:
            result.skipped.append((cluster.key, _why_not(cluster)))
    for slug, clusters in covering.items():
        entry = by_slug[slug]
        text = entry.path.read_text(encoding="utf-8")
        updated = update_front_matter(text, _refresh(entry, clusters, mined_on), path=entry.path)
        if updated != text:
            batch.write(entry.path, updated)
            result.updated.append(entry.path)

    # The top questions waiting for an answer: new ones get a draft, and generated drafts not yet reviewed
    # (the draft note is still in) take their place in the count, so running again drafts nothing more.
    taken = slug_taken(entries)
    planned: set[str] = set()
    twins: list[tuple[str, str]] = []
    titles: set[str] = set()
    # Counted per language: the Vietnamese help centre needs its own top questions, however few they are next
    # to the English ones.
    waiting: Counter[str] = Counter()
    for cluster in loaded.clusters:
        language = cluster.language or ""
        entry = answered.get(cluster.key) or (by_slug.get(cluster.covered_by.slug) if cluster.covered_by else None)
        if cluster.status in (ClusterStatus.COVERED, ClusterStatus.NEW) and entry is not None and entry.is_draft_text:
            waiting[language] += 1
        if cluster.status is not ClusterStatus.NEW or entry is not None:
            continue
        title = neutral_wording(cluster.canonical_question)
        if waiting[language] >= limit:
            where = f" in {language}" if language and len(waiting) > 1 else ""
            result.skipped.append((cluster.key, f"beyond the top {limit} questions{where} waiting for an answer"))
        elif title.lower() in titles:
            result.skipped.append((cluster.key, "worded like a question drafted in this run"))
        else:
            waiting[language] += 1
            titles.add(title.lower())
            # Found again, not read from the report: entries may have changed since it was written.
            twin = twin_for(cluster, entries, claimed=twins)
            if twin is not None:
                twins.append((cluster.language or "", twin.slug))
            slug = _slug(title, cluster, lambda s: taken(s) or s in planned, twin=twin)
            planned.add(slug)
            path = content / FAQ_DIR / cluster.category / f"{slug}.md"
            tickets = store.by_external_ids(_spread(cluster.ticket_ids, MAX_REPLIES))
            text = _new_entry(
                cluster, title, slug, tickets, twin=twin, mined_on=mined_on, redactor=redactor, shop=shop or {}
            )
            batch.write(path, text)
            result.created.append(path)
    batch.commit()
    return result


def _answering(cluster: QuestionCluster, entries: list[FaqEntry]) -> FaqEntry | None:
    """The entry that already answers a `new` question: it remembers the key, or lists the customers' wording."""
    by_key = next((entry for entry in entries if cluster.key in entry.cluster_keys), None)
    if by_key is not None:
        return by_key
    asked = {cluster.canonical_question.lower(), neutral_wording(cluster.canonical_question).lower()}
    return next(
        (entry for entry in entries if asked & {entry.title.lower(), *(v.lower() for v in entry.variants)}), None
    )


def _spread(items: list[str], limit: int) -> list[str]:
    """At most ``limit`` items, evenly spread over the list (deterministic), so huge clusters stay cheap."""
    if len(items) <= limit:
        return items
    return [items[i] for i in np.linspace(0, len(items) - 1, limit).round().astype(int)]


def _why_not(cluster: QuestionCluster) -> str:
    if cluster.status is ClusterStatus.INCIDENT:
        return "incident: investigate the cause instead of writing an FAQ entry"
    if cluster.status is ClusterStatus.RETIRED:
        return f"answered by retired entry {cluster.covered_by.slug}" if cluster.covered_by else "retired"
    if cluster.status is ClusterStatus.IGNORED:
        return "ignored by an editor"
    return f"covered by {cluster.covered_by.slug}, which is no longer in content/" if cluster.covered_by else ""


def _refresh(entry: FaqEntry, clusters: list[QuestionCluster], mined_on: date) -> dict:
    """Machine-owned keys only: counts, date, trend, mining keys, new wordings."""
    main = max(clusters, key=lambda c: c.tickets)
    wordings = (w for c in clusters for w in [c.canonical_question, *c.variants] if "{" not in w)
    variants = entry.with_variants(wordings, limit=MAX_VARIANTS)
    keys = list(dict.fromkeys([*entry.cluster_keys, *(c.key for c in clusters)]))[-5:]
    return {
        "tickets": sum(c.tickets for c in clusters),
        "last_mined": mined_on,
        "trend": main.trend,
        "cluster_keys": keys,
        "variants": variants or None,
    }


def _slug(title: str, cluster: QuestionCluster, taken: Callable[[str], bool], *, twin: Twin | None = None) -> str:
    """Readable and unique: the twin's slug and the language code, else the title's words in ASCII (any script
    transliterated: Thai, Chinese pinyin, Cyrillic), else the category and a hash of the key."""
    if twin is not None:
        base = f"{twin.slug}-{(cluster.language or 'und').lower()}"
    else:
        digest = hashlib.blake2b(cluster.key.encode(), digest_size=3).hexdigest()
        base = "-".join(_slug_words(title) or [cluster.category, "question", digest])
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _slug_words(title: str) -> list[str]:
    """The title's words in ASCII, at most MAX_SLUG characters joined; none when too little is left to read.

    Each Chinese character is a word of its own (pinyin syllables); Thai writes no spaces, so a Thai title may be
    one long word.
    """
    ascii_title = "".join(_transliterated(ch) for ch in title)
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    words = [w for w in words if w not in {"a", "an", "the", "please", "hi", "hello", "pls"}]
    while len("-".join(words)) > MAX_SLUG and len(words) > 1:
        words.pop()
    words = [word[:MAX_SLUG] for word in words]
    if sum(map(len, words)) < 6 or (len(words) < 2 and not writes_no_spaces(title)):
        return []
    return words


def _transliterated(ch: str) -> str:
    """``ch`` in ASCII; a Chinese character as a spaced syllable, Cyrillic's hard sign (') as nothing."""
    if ch.isascii():
        return ch
    ascii_ch = anyascii(ch).replace("'", "")
    return f" {ascii_ch} " if _HAN.match(ch) else ascii_ch


def neutral_wording(text: str) -> str:
    """Redaction placeholders turned into words a help page can say ("your order number")."""
    text = _ORDER_REF.sub(r"\1", text)
    text = re.sub(r",?[ \t]*\{name\}", "", text)
    for placeholder, words in NEUTRAL.items():
        text = text.replace(placeholder, words)
    text = re.sub(r"[ \t]+([,.!?;:])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def answer_text(reply: str, redactor: Redactor) -> str:
    """An agent's reply as a reusable answer: no greeting, sign-off, names or personal data."""
    text = strip_greeting(redactor.redact(reply))
    text = _NAME_LINE.sub("", text)
    text = _SIGN_OFF.sub("", text)
    text = _TRAILING_NAME.sub("", text)
    text = neutral_wording(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:1].upper() + text[1:]


#: What an agent did or is doing on one customer's case: true for that order, wrong as a promise to everyone.
_CASE_ACTIONS = (
    # "I've refunded", "I have issued", "we have sent", "I've also removed you"
    r"\b(?:I|we)(?:'ve|’ve|\s+have|\s+had)\s+(?:(?:just|already|also|now|personally|gone\s+ahead\s+and)\s+)*"
    r"(?:\w+ed|sent|made|done|put|set|given|taken|written|spoken|found|got|paid|been)\b",
    # "I checked your order", "we received your return"
    r"\b(?:I|we)\s+(?:(?:just|already|also)\s+)?(?:checked|received|refunded|issued|sent|cancell?ed|updated|opened|"
    r"attached|unlocked|removed|changed|processed|arranged|credited|forwarded|escalated|contacted|reset|deleted|"
    r"looked|spoke|confirmed|reported|raised|added|applied|created|reshipped|replaced|emailed|mailed)\b",
    # "I'm processing your refund", "we are sending a replacement"
    r"\b(?:I|we)(?:'m|’m|\s+am|'re|’re|\s+are)\s+(?:(?:now|currently|already)\s+)?\w+ing\b",
    # "I'll send you a label"
    r"\bI(?:'ll|’ll|\s+will)\b",
    # "I can see your order", "I can confirm we received it", "I can't see a completed order"
    r"\bI\s+(?:can|could|can't|can’t|cannot|couldn't|couldn’t)\s+(?:see|confirm|find)\b",
    # "your order #48213 has shipped", "your parcel is with the carrier", "your item arrived damaged"
    r"\byour\s+(?:order|parcel|package|shipment|return|refund|account|item|payment|exchange|replacement|invoice)"
    r"(?:\s*(?:#\s*\w+|\{\w+\}|(?:no\.?\s*)?\d[\w-]*))?\s+(?:(?:has|hasn't|hasn’t)\b(?!\s+to\b)|had\b|was\b|"
    r"wasn't\b|were\b|went\b|left\b|arrived\b|is\s+(?:now|being|already|currently|still|on\s+its\s+way|with\b|"
    r"in\s+transit|out\s+for|ready|delayed|lost))",
    # "the correct item ships today", "the refund was issued today"
    r"\b(?:ships?|shipped|send|sent|dispatched|issued|left|leaves|refunded|processed|posted|goes\s+out)\b"
    r"[^.!?\n]{0,40}?\b(?:today|tomorrow|yesterday|this\s+morning)\b",
)
_CASE = re.compile("|".join(f"(?:{pattern})" for pattern in _CASE_ACTIONS), re.IGNORECASE)
#: "If your order has not shipped", "once we have received your return": a rule, not a report.
_CONDITION = re.compile(
    r"\b(?:if|once|when|whenever|after|until|unless|as\s+soon\s+as|before|whether)\s+$", re.IGNORECASE
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
#: Apologies and thanks that belonged to one case ("Apologies for the mix-up!"), not to an answer.
_SMALL_TALK = re.compile(
    r"^(?:(?:I'm|I’m|I\s+am|we're|we’re|we\s+are)\s+)?(?:so\s+|very\s+|really\s+)?(?:sorry|apologies)"
    r"(?:\s+(?:about|for)\s+(?:that|the\s+(?:mix-up|trouble|inconvenience|delay|confusion|wait)))?\s*[.!]*$|"
    r"^thanks?(?:\s+you)?\s+for\s+(?:reaching\s+out|getting\s+in\s+touch|contacting\s+us|your\s+(?:message|patience))"
    r"\s*[.!]*$",
    re.IGNORECASE,
)
#: Most alternative replies the draft note offers the editor.
MAX_ALTERNATIVES = 3
#: Mean similarity a reply gives up for narrating a case, so a general reply about as typical wins.
_NARRATION_PENALTY = 0.1
#: Share of their words two replies have in common to count as the same reply (a template, another product name).
_SAME_WORDS = 0.6
#: An alternative must be given in at least this share of the replies (and twice): what agents commonly say.
_MIN_SHARE = 0.05


def narrates_case(text: str) -> bool:
    """Whether ``text`` reports an action on one customer's case ("I've refunded", "your order #1 has shipped")."""
    return any(not _CONDITION.search(text[: match.start()]) for match in _CASE.finditer(text))


def general_text(answer: str) -> str:
    """``answer`` without the sentences about one case (what was done, the apology that went with it).

    Paragraphs are kept; the result is empty when nothing general is left.
    """
    paragraphs = (
        " ".join(
            s for s in _SENTENCE.split(paragraph.strip()) if s and not narrates_case(s) and not _SMALL_TALK.match(s)
        )
        for paragraph in answer.split("\n\n")
    )
    text = "\n\n".join(p for p in paragraphs if p)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class _Replies:
    """The reply to draft from, the next distinct ones for the editor, how many replies were weighed and narrated."""

    best: str | None
    alternatives: list[str]
    count: int
    narrating: int


def _representative_replies(tickets: list[Ticket], redactor: Redactor) -> _Replies:
    """The most typical general reply (the medoid), then the next distinct replies that many agents gave.

    Sentences narrating one case are dropped, and a reply that needed that gives up some centrality, so an
    equally typical general reply wins; resolved tickets come first, as before.
    """
    from .clustering import question_vectors

    kept: list[tuple[str, bool, bool]] = []
    for ticket in tickets:
        answer = answer_text(ticket.first_agent_reply, redactor) if ticket.first_agent_reply else ""
        if _substantial(answer):
            narrates = narrates_case(answer)
            resolved = ticket.status in (Status.SOLVED, Status.CLOSED)
            kept.append((general_text(answer) if narrates else answer, narrates, resolved))
    narrating = sum(narrates for _, narrates, _ in kept)
    usable = [reply for reply in kept if _substantial(reply[0])]
    if not usable:
        return _Replies(None, [], len(kept), narrating)
    texts = [text for text, _, _ in usable]
    if len(texts) >= 3:
        vectors = question_vectors(texts)
        centrality = (vectors @ vectors.T).mean(axis=1)
    else:
        centrality = np.array([texts.count(text) / len(texts) for text in texts])
    score = [round(float(centrality[i]) - _NARRATION_PENALTY * usable[i][1], 6) for i in range(len(texts))]
    order = sorted(range(len(texts)), key=lambda i: (usable[i][2], score[i], -i), reverse=True)
    words = [frozenset(re.findall(r"\w+", text.lower())) for text in texts]
    chosen = [order[0]]
    for i in order[1:]:
        if len(chosen) > MAX_ALTERNATIVES:
            break
        if not any(_same_reply(words[i], words[c]) for c in chosen) and sum(
            _same_reply(words[i], other) for other in words
        ) >= max(2, _MIN_SHARE * len(texts)):
            chosen.append(i)
    return _Replies(texts[chosen[0]], [texts[i] for i in chosen[1:]], len(kept), narrating)


def _substantial(text: str) -> bool:
    """Enough of a reply to answer with: four words, or ten letters in a script that writes no spaces (Thai)."""
    return len(text.split()) >= 4 or (writes_no_spaces(text) and sum(ch.isalpha() for ch in text) >= 10)


def _same_reply(a: frozenset[str], b: frozenset[str]) -> bool:
    """Mostly the same words: one template with another product or country filled in."""
    return len(a & b) >= _SAME_WORDS * len(a | b)


#: Phrases stating a shop fact, by the ``shop`` setting that holds it: ``value`` is the figure, ``unit`` its unit.
_DAYS = r"(?P<value>\d+(?:\s*(?:-|–|to)\s*\d+)?)(?P<unit>\s+(?:working\s+|business\s+|calendar\s+)?days?\b)"
_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "standard_delivery_days",
        re.compile(
            r"\b(?:(?:delivery|deliveries|shipping)\s+(?:usually\s+|normally\s+|typically\s+|generally\s+)?"
            r"(?:takes?|is)|(?:arrives?|be\s+with\s+you)\s+(?:with)?in)\s+(?:about\s+|around\s+|roughly\s+)?" + _DAYS,
            re.IGNORECASE,
        ),
    ),
    (
        "return_window_days",
        re.compile(r"\b(?:return|exchange)\w*\b[^.!?\n]{0,60}?\bwithin\s+" + _DAYS, re.IGNORECASE),
    ),
    (
        "free_shipping_threshold",
        re.compile(
            r"\bfree\s+(?:standard\s+)?(?:shipping|delivery)\s+(?:on|for)\s+(?:all\s+)?orders\s+(?:over|above|from)\s+"
            r"(?P<value>[€$£]\s?\d+(?:[.,]\d\d)?)(?P<unit>)",
            re.IGNORECASE,
        ),
    ),
)
#: A figure for express, next-day or other regions' delivery is not the standard one.
_OTHER_SERVICE = re.compile(
    r"\b(?:express|next|outside|international|worldwide|abroad|overseas|non-eu|uk|usa)\b", re.IGNORECASE
)


def follow_shop_facts(answer: str, shop: Mapping[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """``answer`` quoting the shop's configured facts as ``{{ shop.NAME }}``; and the (name, figure) it contradicted.

    Only phrases that state the fact itself are replaced (standard delivery time, return window, free-shipping
    threshold), so a changed setting changes every answer and an agent's outdated figure is never published.
    """
    contradicted: list[tuple[str, str]] = []
    for name, pattern in _FACTS:
        if name not in shop:
            continue
        fact = shop[name]

        def replace(match: re.Match[str], name: str = name, fact: str = fact, text: str = answer) -> str:
            sentence = text[max(text.rfind(end, 0, match.start()) for end in ".!?\n") + 1 : match.end()]
            clause = re.split(r"[,;.!?]|\band\b", text[match.end() :], maxsplit=1)[0]
            if name == "standard_delivery_days" and _OTHER_SERVICE.search(sentence + clause):
                return match.group(0)
            stated = match.group("value")
            if name == "free_shipping_threshold" and stated[0] != fact.strip()[:1]:
                return match.group(0)  # another currency: not the configured threshold
            if _figure(stated) != _figure(fact):
                contradicted.append((name, stated))
            start, end = match.span("value")
            if re.search(r"[a-z]", fact, re.IGNORECASE) and match.group("unit"):
                end = match.end("unit")  # the setting says "2-4 working days": its unit replaces the phrase's
            placeholder = f"{{{{ shop.{name} }}}}"
            return match.group(0)[: start - match.start()] + placeholder + match.group(0)[end - match.start() :]

        answer = pattern.sub(replace, answer)
    return answer, contradicted


def _figure(text: str) -> str:
    """A figure compared as written, ignoring spacing, dash style and units ("2 – 4 days" is "2-4")."""
    text = re.sub(r"\s*(?:–|to)\s*", "-", text.lower())
    return re.sub(r"\s+|(?:working|business|calendar)?\s*days?\b", "", text)


def _new_entry(
    cluster: QuestionCluster,
    title: str,
    slug: str,
    tickets: list[Ticket],
    *,
    twin: Twin | None,
    mined_on: date,
    redactor: Redactor,
    shop: Mapping[str, str],
) -> str:
    replies = _representative_replies(tickets, redactor)
    approve = f"then run: faq-builder approve {slug}"
    # A twin: the editor checks it asks what the other entry answers, and may translate that answer instead.
    proposed = (
        f"Proposed as the {cluster.language} version of {twin.slug} ({twin.language}): check that it asks the "
        f"same question and that the answers agree; if not, delete the translations line.\n"
        if twin
        else ""
    )
    if replies.best is not None:
        answer, contradicted = follow_shop_facts(escape_markdown(replies.best), shop)
        lines = [
            f"Drafted from the agents' reply that best represents {replies.count} replies (to "
            f"{min(cluster.tickets, MAX_REPLIES)} of {cluster.tickets} tickets). Check every fact, edit freely, "
            f"delete this note, {approve}"
        ]
        if replies.narrating:
            lines.append(f"{replies.narrating} of them reported what was done on one order; this draft leaves it out.")
        lines += [
            f"Agents wrote {stated} where the shop settings say {name}: {shop[name]}; the answer quotes the setting."
            for name, stated in contradicted
        ]
        if replies.alternatives:
            lines.append("Other ways agents answered (swap one in if it serves shoppers better):")
            lines += [
                f"{number}. " + re.sub(r"\s*\n\s*", " ", follow_shop_facts(escape_markdown(text), shop)[0])
                for number, text in enumerate(replies.alternatives, start=1)
            ]
        body = f"{DRAFT_MARKER}\n{proposed}" + "\n".join(lines) + f"\n-->\n\n{answer}"
    else:
        asked = "\n".join(f"- {escape_markdown(w)}" for w in [cluster.canonical_question, *cluster.variants[:5]])
        why = (
            f"all {replies.count} replies only reported what was done on one order"
            if replies.count
            else "none was answered in the helpdesk export"
        )
        note = (
            f"{DRAFT_MARKER}\n{proposed}No agent reply to learn from: {cluster.tickets} tickets asked this and {why}. "
            f"Please write the answer here, delete this note, {approve}\n-->"
        )
        body = f"{note}\n\nTo answer: customers asked this in these words.\n\n{asked}"
    variants = [v for v in cluster.variants if "{" not in v]
    meta = {
        "id": slug,
        "title": title,
        "status": EntryStatus.DRAFT,
        "category": cluster.category,
        "variants": variants,
        "self_service": suggest_self_service(cluster),
        "language": cluster.language,
        "translations": {twin.language: twin.slug} if twin else None,
        "tickets": cluster.tickets,
        "last_mined": mined_on,
        "trend": cluster.trend,
        "cluster_keys": [cluster.key],
    }
    return render_entry(meta, body)
