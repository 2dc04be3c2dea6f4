"""Find and replace personal data in ticket text before it leaves the store.

Everything that writes ticket-derived text outside the SQLite store (drafts,
reports, the site) goes through :class:`Redactor`. Detection leans on
well-kept validators where they exist (phonenumbers for phone numbers,
python-stdnum for Luhn and IBAN checks) and on patterns for the rest: street
addresses and names in the languages of the shop's customers (English,
German, French, Spanish, Vietnamese, Thai, Bulgarian, Chinese), in any case
where the language has one. Invisible and control characters are stripped
first (:func:`strip_invisible`), so they can neither hide personal data from
the patterns nor reach anything written.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn

from .characters import LINE_BREAKS, SUSPECT, strip_invisible

#: Placeholder text for each kind of personal data.
PLACEHOLDERS = {
    "url": "{url}",
    "email": "{email}",
    "iban": "{iban}",
    "card_number": "{card_number}",
    "phone": "{phone}",
    "tracking_number": "{tracking_number}",
    "order_number": "{order_number}",
    "address": "{address}",
    "postcode": "{postcode}",
    "name": "{name}",
}

#: Countries of the shop's markets (the languages it answers in): national phone numbers from these are
#: recognised whatever the shop's own country.
MARKET_REGIONS: tuple[str, ...] = ("GB", "US", "DE", "FR", "VN", "TH", "BG", "TW")


def _visible_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """``strip_invisible(text)`` and, for each of its characters, where it starts and ends in ``text``."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in SUSPECT.finditer(text):
        kept = text[position : match.start()]
        parts.append(kept)
        starts.extend(range(position, match.start()))
        ends.extend(range(position + 1, match.start() + 1))
        if LINE_BREAKS.fullmatch(match.group(0)):
            parts.append("\n")
            starts.append(match.start())
            ends.append(match.end())
        position = match.end()
    parts.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(parts), starts, ends


# --- Letters --------------------------------------------------------------------------------------------------


def _char_class(test: Callable[[str], bool]) -> str:
    """A regular-expression class body of the Latin, Greek, Cyrillic and Vietnamese letters passing ``test``."""
    blocks = ((0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1EFF))
    points = [cp for low, high in blocks for cp in range(low, high + 1) if test(chr(cp))]
    ranges: list[tuple[int, int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_UP = _char_class(str.isupper)
#: Lower-case letters and combining accents (text that is not NFC-normalised writes "ễ" as "e" and marks).
_LOW = _char_class(str.islower) + "\u0300-\u036f"
_THAI = "\u0e00-\u0e7f"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# --- Order and tracking numbers -------------------------------------------------------------------------------

#: Short words that may follow "order" but are never the letter prefix of an order number ("order on 123456").
_NOT_ORDER_PREFIX = (
    r"(?:on|in|at|of|to|by|is|was|are|has|had|it|me|us|all|now|yet|can|will|for|the|and|from|with|via|my|our|"
    r"your|its|his|her|date|dated|sent|made)"
)
#: Default patterns for order numbers; group 1 (if any) is the number itself. Letters may be in any case
#: and set apart by a hyphen or, after an order word, a space ("order nw 902020").
DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    r"(?i:(?:\b(?:order|ordre|orden|purchase|bestellung|bestellnummer|bestellnr\.?|bestell-nr\.?|auftrag|"
    r"auftragsnummer|commande|pedido|đơn hàng|đơn|заявка|поръчка|поръчката)|訂單|订单|คำสั่งซื้อ)(?![^\W\d_])"
    r"(?:\s*(?:no\.?|nr\.?|number|num\.?|id|ref\.?|reference|n[°º]\.?|№|numéro|nummer|número|номер|số|mã|編號|"
    r"编号|號碼|号码|號|号|หมายเลข|เลขที่))*)"
    r"(?:\s+(?i:is|was|are|=|là|е))?\s*[:.：]?\s*"
    r"(#?\s?(?i:[A-Z]{0,4}-?\d[\dA-Z-]{3,}\d|(?!" + _NOT_ORDER_PREFIX + r"\s)[A-Z]{2,4}\s\d{5,}))\b",
    r"(?<![\w&])(#\s?\d{4,})\b",
    r"(?<![0-9A-Za-z_])((?i:[A-Z]{2,4}-?\d{5,}))(?![0-9A-Za-z_])",
)
#: Default patterns for parcel tracking numbers; group 1 (if any) is the number itself.
DEFAULT_TRACKING_PATTERNS: tuple[str, ...] = (
    r"\b(1Z[0-9A-Z]{16})\b",
    r"\b([A-Z]{2}\d{9}[A-Z]{2})\b",
    r"(?i:\b(?:tracking|sendungs|suivi|seguimiento)\s*(?:number|no\.?|nr\.?|code|id|#|nummer|numéro)?)"
    r"\s*[:#]?\s*([A-Z0-9]{10,30})\b",
)
#: Words with a digit that may be ids outside an order phrase: letters and digits, hyphens between.
_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z_@./-])(?=[A-Za-z-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![0-9A-Za-z_@/-]|[.,]\d)")
#: Letter runs that make a code a size, unit or resolution ("4K-120Hz", "2XL"), not an id.
_UNITS = frozenset(
    "x k hz khz xl xs xxl gb mb tb kb ml cl l cm mm m km kg g mg w kw v mah fps p in ft lb lbs oz".split()
)

# --- Links and e-mail addresses -------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.IGNORECASE)
_URL_SECRET = re.compile(
    r"[?&#;](?:[\w.-]*(?:token|key|sig|signature|auth|session|sid|code|hash|secret|pass|email|order|id|t))=",
    re.IGNORECASE,
)
#: A path segment that is a long opaque id, or holds an order-length digit run ("/orders/732201349959").
_LONG_ID_SEGMENT = re.compile(r"/(?=[A-Za-z0-9_-]{16,})(?=[^/?#]*\d)[A-Za-z0-9_-]+|/[^/?#]*\d{6}")

# --- Bank details ---------------------------------------------------------------------------------------------

#: Digits, maybe in groups set apart by spaces, dots or hyphens: checked for a card number (Luhn) below.
_CARD = re.compile(r"(?<![\d])\d(?:[ .-]?\d){12,22}(?!\d)")
#: A country code and check digits in any case, then letters and digits, maybe grouped: checked as an IBAN.
_IBAN = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[ ]?\d{2}(?:[ .-]?[0-9A-Za-z]){10,32}")
_GROUP_SEPARATOR = re.compile(r"[ .-]")

# --- Phone numbers --------------------------------------------------------------------------------------------

#: Digits in groups (spaces, dots, hyphens, slashes, brackets between) not glued to words, decimals or dates.
_PHONE_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z+#@/.,:_-])(?:\+|00)?\(?\d{1,6}\)?"
    r"(?:(?:[ \t]{1,2}|[ \t]?[./-][ \t]?|(?<=\))|(?=\())\(?\d{1,8}\)?){0,6}"
    r"(?![0-9A-Za-z_@]|[.,/:-]\d)"
)
_PHONE_HINT = re.compile(r"\d[\d\s().\-/]{5,}\d")
#: The North American shape, "(415) 555-0132", "212-555-0199", "212 555 0199".
_NANP = re.compile(r"(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}")
#: Dates ("12 03 2026", "2026-03-12", "12.03.26") are never phone numbers.
_DATE_SHAPE = re.compile(r"\d{1,2}([ ./-])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([ ./-])\d{1,2}\2\d{1,2}")
#: Currencies and units that make a number a price or a quantity.
_MONEY_BEFORE = re.compile(r"(?:[€$£¥₫฿]|\b(?:eur|usd|gbp|nt\$|ntd|vnd|thb|bgn|лв)\.?)[ \t]*$", re.IGNORECASE)

# --- Street addresses and postcodes ---------------------------------------------------------------------------

_STREET_SUFFIX = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|square|sq|terrace|"
    r"close|crescent|gardens|parkway|pkwy|highway|hwy"
)
#: Suffixes that make a street in lower case too ("12 baker street"); "way", "place", "close" need capitals.
_STRONG_SUFFIXES = frozenset(
    "street st road rd avenue ave lane ln boulevard blvd parkway pkwy highway hwy terrace crescent gardens "
    "drive".split()
)
_EN_STREET = re.compile(
    r"(?<![\w.,/+-])\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,?[ \t]+"
    r"((?:[^\W\d_][\w'’-]*\.?[ \t]+){1,4}?)"
    r"(?i:(" + _STREET_SUFFIX + r"))(?![\w])\.?"
    r"(?:,?[ \t]+(?i:apt|apartment|flat|unit|suite)\.?[ \t]*#?\w+)?"
)
#: Words that never make a street's name: the house number was a quantity ("2 pairs on the road").
_NOT_STREET_WORDS = frozenset(
    """a an the of in on at by to for from my your our his her their its this that these those and or but
    is was are be been it i we you he she they me us them no not one two three four five six seven eight nine ten
    more less than per each every all any some many few only just about around over under into onto via with
    without within days day weeks week hours hour minutes minute mins months month years year times time pairs
    pair items item orders order parcels parcel packages package boxes box pieces pcs units sizes size euros
    euro pounds pound dollars dollar percent people persons kids children shoes shirts jackets products
    other same next last first second third whole half long short down up out off back away home then there
    here""".split()
)
_DE_STREET = re.compile(
    r"(?<![\w-])(?:[A-ZÄÖÜ][\wäöüß-]*[ \t]+(?i:straße|strasse|str\.|allee|weg|platz|gasse|ring|damm)"
    r"|[^\W\d_][\wäöüß-]*?(?i:straße|strasse|str\.|gasse|allee|weg|platz)"
    r"|[A-ZÄÖÜ][\wäöüß-]*(?:ring|damm|ufer|chaussee|steig))"
    r"[ \t]*\d{1,4}(?:[ \t]?[a-zA-Z]|-\d{1,4})?(?![\w])"
    r"(?:,?[ \t]+\d{5}[ \t]+[^\W\d_][\w-]+)?"
)
_ARTICLES_FR = r"(?:(?:de|du|des|la|le|les|l['’]|d['’]|au|aux)[ \t]*)"
_FR_STREET = re.compile(
    r"(?<![\w.,/-])\d{1,4}(?:[ \t]?(?i:bis|ter))?,?[ \t]+"
    r"(?:(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|impasse)[ \t]+" + _ARTICLES_FR + "*"
    r"|(?i:place|quai|route|cours|square|passage)[ \t]+" + _ARTICLES_FR + "+)"
    r"[^\W\d_][\w'’-]*(?:[ \t]+" + _ARTICLES_FR + r"*[^\W\d_][\w'’-]*){0,3}"
    r"(?:,?[ \t]+\d{5}[ \t]+[^\W\d_][\w'’-]*)?"
)
_ES_STREET = re.compile(
    r"(?<![\w])(?i:calle|c/|avenida|avda\.?|paseo|plaza|carrer|camino|ronda|travesía)[ \t]*"
    r"(?:(?i:de|del|la|las|los|el|d['’])[ \t]+)*[^\W\d_][\w'’-]*"
    r"(?:[ \t]+(?:(?i:de|del|la|las|los|el)[ \t]+)*[^\W\d_][\w'’-]*){0,3},?[ \t]*(?:(?i:n[º°o])\.?[ \t]*)?"
    r"\d{1,4}[a-zA-Z]?(?![\w])(?:,?[ \t]*\d{1,2}[º°ª]?[ \t]*[a-zA-Z]?(?![\w]))?"
    r"|(?<![\w])(?:Via|Viale|Piazza|Corso)[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2},?[ \t]+\d{1,4}(?![\w])"
)
_BG_NAME = r"[„\"«]?[А-ЯЁ][\w.-]*(?:[ \t]+[А-ЯЁ][\w.-]*){0,2}[“\"»]?"
_BG_STREET = re.compile(
    r"(?<![\w])(?:(?:(?i:ул\.|ул|улица|бул\.|бул|булевард|пл\.|площад))[ \t]*" + _BG_NAME + r",?[ \t]*(?:№[ \t]*)?"
    r"\d{1,4}[а-яa-z]?(?![\w])"
    r"|(?i:ж\.?[ \t]?к\.?|кв\.|квартал)[ \t]*" + _BG_NAME + r"(?:[ \t]*\d{1,3}(?![\w]))?)"
    r"(?:,?[ \t]*(?i:бл|вх|ет|ап)\.?[ \t]*[\w]{1,4}(?![\w]))*"
    r"|(?<![\w])(?i:бл)\.?[ \t]*\d{1,4}(?:,?[ \t]*(?i:вх|ет|ап)\.?[ \t]*\w{1,4}(?![\w]))+"
)
_VI_WORD = rf"[{_UP}][{_LOW}]*"
_VI_WORDS = rf"{_VI_WORD}(?:[ \t]+{_VI_WORD}){{0,4}}"
_VI_HOUSE = r"(?<![\w/.,-])\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)*"
_VI_ALLEY = r"(?:(?i:ngõ|ngách|hẻm|kiệt)[ \t]*\d{1,4}(?:/\d{1,4})*,?[ \t]*)"
_VI_STREET_WORD = r"(?i:đường|(?<!thành )phố)[ \t]+"
_VI_ADMIN = rf"(?:,?[ \t]*(?i:phường|quận|huyện|xã|thị trấn|p\.|q\.)[ \t]*(?:\d{{1,2}}(?![\w])|{_VI_WORDS}))"
_VI_STREET = re.compile(
    rf"(?i:số nhà|số)[ \t]*{_VI_HOUSE},?[ \t]*{_VI_ALLEY}*(?:{_VI_STREET_WORD})?(?:{_VI_WORDS})?{_VI_ADMIN}*"
    rf"|{_VI_HOUSE},?[ \t]*{_VI_ALLEY}*{_VI_STREET_WORD}{_VI_WORDS}{_VI_ADMIN}*"
    rf"|{_VI_HOUSE},?[ \t]*{_VI_ALLEY}+(?:{_VI_WORDS})?{_VI_ADMIN}*"
    rf"|{_VI_HOUSE}[ \t]+{_VI_WORDS}{_VI_ADMIN}+"
    rf"|(?<![\w]){_VI_ALLEY}+{_VI_WORDS}{_VI_ADMIN}*"
    rf"|(?<![\w]){_VI_STREET_WORD}{_VI_WORDS}{_VI_ADMIN}*"
)
_TH_RUN = rf"[{_THAI}]+"
_TH_ADMIN = rf"(?:[ \t]*(?:ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)[ \t]*{_TH_RUN})"
_TH_ROAD = rf"(?:[ \t]*(?:ซอย|ซ\.|ถนน|ถ\.)[ \t]*(?:{_TH_RUN}|[A-Za-z]+)(?:[ \t]*\d{{1,3}}(?![\d/]))?)"
_TH_STREET = re.compile(
    rf"(?:เลขที่[ \t]*)?(?<![\w/.,-])\d{{1,4}}(?:/\d{{1,4}})?[ \t]*(?:(?:หมู่(?:ที่)?|ม\.)[ \t]*\d{{1,3}})?"
    rf"{_TH_ROAD}+{_TH_ADMIN}*(?:[ \t]*\d{{5}})?"
    rf"|(?:เลขที่)[ \t]*\d{{1,4}}(?:/\d{{1,4}})?(?:[ \t]*(?:หมู่(?:ที่)?|ม\.)[ \t]*\d{{1,3}})?{_TH_ROAD}*{_TH_ADMIN}*"
    rf"|\d{{1,4}}(?:/\d{{1,4}})?[ \t]*(?:หมู่(?:ที่)?|ม\.)[ \t]*\d{{1,3}}{_TH_ROAD}*{_TH_ADMIN}*"
    rf"|(?:ซอย|ถนน)(?:{_TH_RUN}|[ \t]*[A-Za-z]+)[ \t]*\d{{1,3}}(?![\d/]){_TH_ROAD}*{_TH_ADMIN}*"
)
#: Han characters that start a sentence rather than a street's name ("我住在中山路" is "I live on Zhongshan Rd").
_ZH_NOT_STREET = "我你您他她的在住到寄送是於于請请"
_ZH_STREET = re.compile(
    rf"(?:[{_HAN}]{{1,3}}[市縣县])?(?:[{_HAN}]{{1,3}}[區区鄉乡鎮镇])?(?:(?![{_ZH_NOT_STREET}])[{_HAN}]){{1,5}}"
    r"(?:路|街|大道)(?:[一二三四五六七八九十\d]+段)?(?:\d+巷)?(?:\d+弄)?\d+(?:之\d+)?[號号](?:\d+[樓楼](?:之\d+)?)?"
    r"|(?:\d+巷)(?:\d+弄)?\d+(?:之\d+)?[號号](?:\d+[樓楼](?:之\d+)?)?"
)
_ADDRESS_LEAD = re.compile(
    r"(?i:(?:\b(?:my (?:new |correct |shipping |delivery |billing |home )?address is|"
    r"(?:ship|send|deliver) (?:it |them |the order |my order )?to(?: this address)?:|"
    r"new address:|(?<!email )(?<!e-mail )address:|"
    r"(?:meine |die )?(?:neue |richtige )?(?:liefer|rechnungs)?adresse(?: ist| lautet|:)|"
    r"(?:mon |ma nouvelle |ma )?adresse(?: de livraison)?(?: est| ?:)|"
    r"(?:mi )?dirección(?: de envío)?(?: es|:)|"
    r"địa chỉ(?: (?:của tôi|mới|nhận hàng|giao hàng))?(?: là|:)|"
    r"адрес(?:ът ми|ът| за доставка)?(?: е|:))"
    r"|ที่อยู่(?:ของ(?:ฉัน|ผม|ดิฉัน))?(?:จัดส่ง)?(?:คือ|:)|(?:收件地址|送貨地址|地址)(?:是|[:：])))"
    r"[ \t]*((?=[^\n]*\d)[^\n]{6,120}?)(?=[.!?;](?:[ \t]+[" + _UP + r"]|[ \t]*$)|[。！？]|\n|$)"
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b"  # UK
    r"|(?<=[A-Z]{2} )\d{5}(?:-\d{4})?\b"  # US, after a state code
)

# --- Names ----------------------------------------------------------------------------------------------------

#: A capitalised word: "Anna", "O'Neil", "McDonald", "Nguyễn", "Иванова", "Müller-Lüdenscheidt".
_NAME_WORD = rf"[{_UP}](?:[{_LOW}]+|['’](?=[{_UP}]))(?:['’]?[{_UP}][{_LOW}]+)*(?:-[{_UP}][{_LOW}]+)?"
_TITLES = frozenset(
    "dr mr mrs ms mx miss prof herr frau mme mlle monsieur madame sr sra señor señora г-н г-жа г-жо".split()
)
_TITLE_WORDS = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Señor|Señora|[Гг]-н|[Гг]-ж[ао])"
_TITLE = rf"(?:{_TITLE_WORDS}\.?[ \t]+)"
#: A full name: an optional title and one to four capitalised words ("Nguyễn Thị Minh Khai").
_FULL_NAME = _TITLE + "?" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,3}"
_GREETING_WORDS = tuple(
    "hi|hello|hey|dear|hallo|liebe|lieber|bonjour|salut|cher|chère|hola|xin chào|chào|здравейте|здравей|здрасти|"
    "уважаема|уважаеми|скъпа|скъпи".split("|")
)
#: Sign-offs that are words of thanks, said anywhere ("ok thanks Anna").
_THANKS_WORDS = tuple(
    "thanks|thank you|many thanks|thx|danke|vielen dank|merci|gracias|cảm ơn|cám ơn|благодаря|мерси".split("|")
)
#: Sign-offs that are only sign-offs at a line's start or before a comma ("Best, Anna", not "the best Trail").
_CLOSING_WORDS = tuple(
    "regards|kind regards|best regards|warm regards|best wishes|best|cheers|sincerely|greetings|love|lots of love|"
    "take care|all the best|yours|yours truly|yours sincerely|yours faithfully|mit freundlichen grüßen|"
    "freundliche grüße|viele grüße|liebe grüße|beste grüße|herzliche grüße|schöne grüße|grüße|gruß|lg|mfg|"
    "cordialement|bien cordialement|bien à vous|salutations|bonne journée|saludos|un saludo|atentamente|trân trọng|"
    "thân mến|thân ái|поздрави|с уважение|хубав ден".split("|")
)
_INTRODUCTION_WORDS = tuple("i am|i'm|i’m|this is|ich bin|je suis|soy|tôi là|mình là|em là|аз съм".split("|"))


def _alternation(phrases: Iterable[str]) -> str:
    """A regular-expression alternation of ``phrases``, longest first ("best regards" before "best")."""
    return "|".join(re.escape(phrase) for phrase in sorted(phrases, key=lambda p: (-len(p), p)))


_THANKS = _alternation(_THANKS_WORDS)
_CLOSINGS = _alternation(_CLOSING_WORDS)
#: Each cue before a name, by its first word, so a text is searched only for the cues it holds.
_CUES_BY_WORD: dict[str, list[tuple[str, bool]]] = {}
for _cue, _closing in [
    *((cue, False) for cue in (*_GREETING_WORDS, *_THANKS_WORDS, *_INTRODUCTION_WORDS)),
    *((cue, True) for cue in _CLOSING_WORDS),
]:
    _CUES_BY_WORD.setdefault(re.split(r"[ '’]", _cue)[0], []).append((_cue, _closing))
_DASH_SIGNATURE = re.compile(r"^[ \t]*[-–—~]", re.MULTILINE)


@lru_cache(maxsize=512)
def _name_pattern(anywhere: frozenset[str], closings: frozenset[str], dash: bool) -> re.Pattern[str] | None:
    """A name after the cues a text holds: greetings, thanks and introductions anywhere ("Hi Sam", "I'm Anna");
    closings at a line's start or before a comma ("Best,\nAnna", "Kind regards, Priya"); a dash signature.
    """
    thanks = anywhere & set(_THANKS_WORDS)
    greetings = anywhere & set(_GREETING_WORDS)
    cues = []
    if greetings:  # "Hi Anna": after "Hi," comes the sentence ("Xin chào, Khi nào ...": "Khi" is "when")
        cues.append(rf"(?<![\w])(?i:{_alternation(greetings)})(?![\w])[ \t]+")
    if anywhere - greetings:
        cues.append(rf"(?<![\w])(?i:{_alternation(anywhere - greetings)})(?![\w])[,:!]?(?:[ \t]+|[ \t]*\n[ \t]*)")
    if closings or thanks:
        cues.append(
            rf"(?:^|(?<=\n))[ \t]*(?i:{_alternation(closings | thanks)})(?![\w])"
            r"(?:[,:!.]?[ \t]*\n[ \t]*|[,:!][ \t]*|[ \t]+)"
        )
    if closings:
        cues.append(rf"(?<![\w])(?i:{_alternation(closings)})[,!][ \t]*")
    if dash:
        # "- Anna", "-- \nAnna": a signature, so within the last three lines ("- Jacket" in a list is not one).
        cues.append(r"^[ \t]*(?:--|[-–—~])[ \t]*(?:\n[ \t]*)?(?=[^\n]*(?:\n[^\n]*){0,2}\Z)")
    if not cues:
        return None
    return re.compile("(?:" + "|".join(cues) + r")(" + _FULL_NAME + r")(?![\w])", re.MULTILINE)


#: A name alone on its line (or after a comma) below a sign-off line: "Love,\nAnna", "Mit freundlichen Grüßen\nHans".
_SIGNED_NAME = re.compile(
    rf"^[ \t]*(?i:{_CLOSINGS}|(?:{_THANKS})(?: a lot| so much| in advance| again| very much)?|xoxo|xx|"
    r"thank you(?: very much| so much| in advance)?)"
    r"[ \t]*(?:[,!.][ \t]*|[,!.]?[ \t]*\n(?:[ \t]*\n)?[ \t]*)"
    r"(" + _FULL_NAME + r")[ \t]*[.!]?[ \t]*$",
    re.MULTILINE,
)
#: A name in lower case alone on the last line below a sign-off line: "thanks,\nanna".
_SIGNED_LOWER = re.compile(
    rf"^[ \t]*(?i:{_CLOSINGS}|(?:{_THANKS})(?: a lot| so much| in advance| again)?)[ \t]*[,!.]?[ \t]*\n"
    r"(?:[ \t]*\n)?[ \t]*"
    rf"([{_LOW}][{_LOW}'’-]+(?:[ \t]+[{_LOW}][{_LOW}'’-]+){{0,2}})[ \t]*[.!]?\s*\Z",
    re.MULTILINE,
)
#: After "my name is" the next word is a name whatever its case ("my name is will").
_NAME_IS = re.compile(
    r"(?i:(?:\bmy name(?: is|'s|’s)|\b(?:his|her|their|my \w+['’]s) name is|(?<!product )(?<!item )(?<!file )"
    r"(?<!user )(?<!brand )(?<!model )(?<!shop )(?<!store )(?<!display )(?<!company )\bname:|\bfull name:|"
    r"\bich heiße|\bmein name ist|\bje m['’]appelle|\bmon nom est|\bnom ?:|\bme llamo|\bmi nombre es|"
    r"\btên (?:tôi|mình|em) là|\b(?:tôi|mình|em) tên(?: là)?|\btên của (?:tôi|mình) là|\bhọ (?:và )?tên:|"
    r"\bказвам се|\bиме(?:то ми)?(?: е|:)))[,:]?[ \t]+"
    r"(" + _TITLE + r"?[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,3})"
)
#: "from" and a full name ("the invoices from Anna Freeman"); one word alone is more often a place ("from Milan").
_FROM_NAME = re.compile(r"\bfrom[ \t]+(" + _FULL_NAME + r")(?![\w])")
#: A recipient or handover: "recipient: Anna", "signed for by Tom", "send it to Anna Schmidt" (two words there).
_RECIPIENT = re.compile(
    r"(?i:\b(?:recipient|addressee|empfänger|empfängerin|destinataire|destinatario|người nhận|получател)"
    r"(?:[ \t]+name)?[ \t]*[:：]?|\b(?:signed(?: for)?|received|picked up|collected|accepted) by)[ \t]+"
    r"(" + _FULL_NAME + r")(?![\w])"
)
_HANDED_TO = re.compile(
    r"(?i:\b(?:deliver(?:ed)?|ship(?:ped)?|send|sent|address(?:ed)?|give|gave|hand(?:ed)?|post(?:ed)?)[ \t]+"
    r"(?:it[ \t]+|them[ \t]+|the[ \t]+(?:parcel|package|order|gift)[ \t]+|my[ \t]+order[ \t]+)?to)[ \t]+"
    r"(" + _FULL_NAME + r")(?![\w])"
)
#: A name introducing itself at a sentence's start: "Hi there, Ben Taylor here", "Anna here again".
_NAME_HERE = re.compile(r"(?:^|(?<=[,.!:])[ \t]*|(?<=\n))[ \t]*(" + _FULL_NAME + r")[ \t]+here(?![\w])", re.MULTILINE)
#: A title anywhere: "Mr. Smith", "Frau Müller", "г-жа Петрова".
_TITLED_NAME = re.compile(rf"(?<![\w-])({_TITLE_WORDS}\.?[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})(?![\w])")
#: Vietnamese forms of address before a name: "chị Lan", "anh Nguyễn Văn Minh".
_VI_ADDRESSED = re.compile(
    rf"(?<![\w])(?:anh|chị|em|ông|bà|cô|chú|bạn)[ \t]+({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
)
_EN_RELATIONS = (
    r"wife|husband|partner|spouse|fianc[ée]e?|girlfriend|boyfriend|son|daughter|kid|child|stepson|stepdaughter|"
    r"mother|mom|mum|mommy|mummy|father|dad|daddy|stepmother|stepfather|parents|sister|brother|"
    r"grandmother|grandma|granny|nan|nana|grandfather|grandpa|granddad|grandson|granddaughter|aunt|auntie|uncle|"
    r"cousin|niece|nephew|friend|colleague|co-?worker|boss|manager|assistant|neighbou?r|flatmate|roommate|"
    r"housemate|landlord|landlady|tenant|(?:mother|father|son|daughter|sister|brother)-in-law"
)
_DE_RELATIONS = (
    r"frau|ehefrau|mann|ehemann|partner|partnerin|freund|freundin|sohn|tochter|mutter|vater|mama|papa|"
    r"schwester|bruder|oma|opa|kollege|kollegin|chef|chefin|nachbar|nachbarin|nichte|neffe|cousine|cousin|tante|onkel"
)
_FR_RELATIONS = (
    r"femme|mari|épouse|époux|conjoint|conjointe|compagnon|compagne|fils|fille|mère|père|ami|amie|copain|copine|"
    r"collègue|patron|patronne|voisin|voisine|sœur|soeur|frère|cousin|cousine|tante|oncle"
)
_ES_RELATIONS = r"esposa|esposo|marido|mujer|hijo|hija|madre|padre|amigo|amiga|jefe|jefa|vecino|vecina|hermano|hermana"
_VI_RELATIONS = (
    r"vợ|chồng|con trai|con gái|con|mẹ|bố|ba|cha|bạn|bạn thân|đồng nghiệp|sếp|chị gái|anh trai|em gái|em trai|"
    r"hàng xóm"
)
_BG_RELATIONS = (
    r"съпругата|съпругът|жена|мъжът|дъщеря|синът|майка|баща|сестра|брат|приятелката|приятелят|колегата|"
    r"колежката|шефът|шефката|съседът|съседката"
)
#: "my wife Anna Schmidt", "my son, Peter", "meine Frau Anna", "ma fille Julie", "vợ tôi tên là Lan", "жена ми Мария".
_RELATIVE = re.compile(
    r"(?i:(?:\b(?:my|our)[ \t]+(?:(?:best|little|older|younger|elder|big|baby|new|old|dear|late|ex-?)[ \t]*)?"
    rf"(?:{_EN_RELATIONS})|\b(?:mein|meine|meinem|meiner|meinen|unser|unsere)[ \t]+(?:{_DE_RELATIONS})"
    rf"|\b(?:mon|ma)[ \t]+(?:{_FR_RELATIONS})|\bmi[ \t]+(?:{_ES_RELATIONS})"
    rf"|(?<![\w])(?:{_VI_RELATIONS})[ \t]+(?:tôi|mình|em)|(?<![\w])(?:{_BG_RELATIONS})[ \t]+ми)(?![\w]))"
    r"[ \t]*,?[ \t]*(?:(?i:is called|called|named|heißt|s['’]appelle|tên là|là|се казва)[ \t]*,?[ \t]*)?"
    r"(?:(?:anh|chị|em|cô|bà|ông)[ \t]+)?"
    r"(" + _FULL_NAME + r")(?![\w])"
)
#: Common Chinese surnames (traditional and simplified).
_ZH_SURNAMES = (
    "陳陈林黃黄張张李王吳吴劉刘蔡楊杨許许鄭郑謝谢洪郭邱曾廖賴赖徐周葉叶蘇苏莊庄呂吕江何蕭萧羅罗高潘簡简朱鍾钟游彭詹胡"
    "施沈余盧卢梁趙赵顏颜柯翁魏孫孙戴范方宋鄧邓杜傅侯曹薛丁卓阮馬马董溫温唐藍蓝石蔣蒋古紀纪姚連连馮冯歐欧程湯汤田康"
    "姜白汪鄒邹尤巫鐘黎涂龔龚嚴严韓韩袁金童陸陆夏柳邵錢钱伍倪于譚谭駱骆熊任甘秦顧顾毛章史官萬万俞雷饒饶"
)
#: Surnames that also begin everyday words ("高雄", "白色", "包裹", "馬上", "任何"): not trusted after weak cues.
_ZH_AMBIGUOUS = "高白金馬马方石田江何周藍蓝紀纪官古史章連连程任尤于萬万甘秦夏童溫温康洪余"
_ZH_WEAK_SURNAMES = "".join(ch for ch in _ZH_SURNAMES if ch not in _ZH_AMBIGUOUS)
_ZH_END = r"(?=[\s，,。.！!？?、；;：:）)]|$)"
_ZH_NAME = re.compile(
    rf"(?:我叫|我的名字是|名字是|名字[:：]|姓名[:：]?|收件人[:：]?|聯絡人[:：]|联系人[:：])[ \t]*([{_HAN}]{{2,3}})"
    rf"|(?:我是|謝謝|谢谢|感謝|感谢|此致(?:[ \t]*\n?[ \t]*敬禮|[ \t]*\n?[ \t]*敬礼)?)[，,！!、 \t]*\n?[ \t]*"
    rf"([{_ZH_WEAK_SURNAMES}][{_HAN}]{{1,2}}){_ZH_END}"
    rf"|([{_ZH_SURNAMES}][{_HAN}]{{1,2}})[ \t]*(?:敬上|上){_ZH_END}"
    rf"|(?<![我你您他她])([{_ZH_SURNAMES}])(?:先生|小姐|太太|女士)"
    rf"|我(?:的)?(?:太太|老婆|先生|老公|媽媽|妈妈|爸爸|兒子|儿子|女兒|女儿|朋友|同事|老闆|老板|妹妹|姐姐|"
    r"哥哥|弟弟)[，, \t]*"
    rf"(?:叫|是)?([{_ZH_SURNAMES}][{_HAN}]{{1,2}})",
    re.MULTILINE,
)
_TH_PARTICLES = re.compile(r"(?:นะคะ|นะครับ|ครับ|ค่ะ|คะ|จ้ะ|จ้า|ค่า)+$")
_TH_NAME = re.compile(
    rf"(?:(?:ผม|ฉัน|ดิฉัน|หนู|เรา|กระผม)ชื่อ|ชื่อของ(?:ผม|ฉัน|ดิฉัน)(?:คือ)?|ชื่อ(?:ผู้รับ)?[ \t]*[:：]"
    rf"|(?:ภรรยา|สามี|แฟน|ลูกชาย|ลูกสาว|แม่|พ่อ|เพื่อน)(?:ของ(?:ผม|ฉัน|ดิฉัน))?ชื่อ"
    rf"|(?:เรียน|สวัสดี(?:ครับ|ค่ะ)?)[ \t]*คุณ|(?:ขอบคุณ(?:มาก)?(?:ครับ|ค่ะ|คะ)?)[ \t]*\n[ \t]*(?:คุณ)?)[ \t]*"
    rf"((?:{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})|[{_THAI}]+(?:[ \t][{_THAI}]+)?)",
)
#: Thai words that start the rest of a sentence, not a surname after a given name.
_TH_NOT_SURNAME = ("ขอบคุณ", "ที่", "ไม่", "ได้", "อยาก", "ยัง", "จะ", "ช่วย", "สินค้า", "ของ", "คืน", "ส่ง", "สั่ง", "เงิน")
_NOT_NAMES = frozenset(
    """i i'm im me my we you your there team all everyone again guys folks sir madam madame customer customers
    support service help shop store please where what when why how who which can could would will may might is
    are was were do does did have has had the a an it this that these those thanks thank hi hello hey dear ok
    okay yes no not just so and but or for from with about regarding re fwd order orders return refund delivery
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december good morning afternoon evening sorry still already also very
    waiting writing contacting trying looking urgent unable sure interested happy new here back having getting
    today tomorrow yesterday week weekend month year last next christmas easter black cyber prime
    germany france spain italy austria switzerland netherlands holland belgium poland sweden norway denmark
    finland ireland portugal greece england scotland wales britain america canada mexico brazil argentina
    australia japan china india korea vietnam thailand bulgaria taiwan europe asia africa russia ukraine turkey
    czechia hungary romania london paris berlin munich hamburg vienna zurich amsterdam madrid barcelona rome
    milan york hong kong los angeles san saint st las buenos aires cape town tel aviv costa rica sri lanka
    puerto rico north south east west united kingdom states great republic saudi singapore kuala abu el ho
    amazon paypal ebay etsy shopify google apple klarna stripe visa mastercard amex royal mail post deutsche
    hermes evri fedex dpd gls parcelforce usps nike adidas zalando instagram facebook whatsapp tiktok gmail
    outlook yahoo iphone android samsung microsoft outlet online official company ltd inc gmbh group market
    warehouse department bank centre center desk outfitters gift card account balance wallet cart basket checkout
    app website cheers regards best love sincerely greetings yours kind warm wishes faithfully truly someone
    somebody nobody anyone courier driver postman neighbour neighbor northwind
    ihr ihre ihres ihren ihrem sie der die das den dem des ein eine einen einem kunde kundin kunden stammkunde
    stammkundin neukunde neukundin kundenservice kundendienst damen herren grüße grüßen gruß danke dank vielen
    bitte hallo liebe lieber frau herr größe bestellung paket lieferung rechnung rücksendung retoure jacke
    schuhe geburtstag weihnachten ostern ich wir uns mein meine montag dienstag mittwoch donnerstag freitag samstag
    sonntag januar februar märz juni juli oktober dezember deutschland österreich schweiz student studentin
    mitglied
    équipe client cliente clients madame monsieur messieurs merci bonjour cordialement je nous vous votre lundi
    mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril juin juillet août septembre octobre
    novembre décembre
    equipo cliente señor señora gracias hola
    bạn anh chị em tôi mình cảm ơn xin chào chúc đơn hàng
    екип екипа здравейте благодаря поздрави уважение вас вие аз магазин магазина клиент
    """.split()
)
#: Common words that are also first names: names when capitalised and closing the phrase ("I'm Will.").
_ALSO_FIRST_NAMES = frozenset("will may june april august an".split())
_CLOSES = re.compile(r"[ \t]*(?:[.,!?;:)\n]|$)")
#: A model number after capitalised words makes them a product ("This is Trail Runner 2"), not a name.
_MODEL_NUMBER = re.compile(r"[ \t]+\d")
#: Words that may follow "my name is" and are not the name ("my name is not on the invoice").
_NOT_AFTER_NAME_IS = frozenset(
    """not on in at the a an also still spelled spelt wrong missing correct incorrect written printed listed
    shown different misspelled and but please as under is was for with used same there here mentioned attached
    below above order""".split()
)
#: Lower-case words that are not a name signed below a sign-off ("thanks,\nbye").
_NOT_SIGNED = frozenset(
    """bye byebye cya ciao xx xxx xo xoxo ty tia thx mate love lots again appreciated much so a lot in advance
    regards best cheers see soon later have nice great good day week weekend all everyone team guys""".split()
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data found in a text."""

    kind: str
    start: int
    end: int
    value: str


class Redactor:
    """Finds personal data and replaces it with placeholders such as ``{email}``.

    ``regions`` are the shop's countries (ISO codes) so their national phone
    formats are recognised; numbers from :data:`MARKET_REGIONS` are always
    recognised too. ``default_region`` is the older single-country spelling
    of the same setting. ``order_patterns`` / ``tracking_patterns`` are
    regular expressions for the shop's own numbering (group 1, if present,
    is the part to replace).
    """

    def __init__(
        self,
        *,
        regions: Iterable[str] | None = None,
        default_region: str | None = "GB",
        order_patterns: Iterable[str] = DEFAULT_ORDER_PATTERNS,
        tracking_patterns: Iterable[str] = DEFAULT_TRACKING_PATTERNS,
    ) -> None:
        shop = [region.upper() for region in regions] if regions is not None else []
        if not shop and default_region:
            shop = [default_region.upper()]
        self.default_region = shop[0] if shop else None
        self.regions: tuple[str, ...] = tuple(dict.fromkeys([*shop, *MARKET_REGIONS]))
        self.order_patterns = [re.compile(p) for p in order_patterns]
        self.tracking_patterns = [re.compile(p) for p in tracking_patterns]

    def findings(self, text: str) -> list[Finding]:
        """Every non-overlapping piece of personal data, in text order (first detector wins).

        Offsets are into ``text`` itself; invisible characters inside a finding are part of its value.
        """
        if not SUSPECT.search(text):
            return self._findings(text)
        visible, starts, ends = _visible_with_offsets(text)
        found = []
        for finding in self._findings(visible):
            start, end = starts[finding.start], ends[finding.end - 1]
            found.append(Finding(finding.kind, start, end, text[start:end]))
        return found

    def redact(self, text: str) -> str:
        """The text without invisible characters and with every finding replaced by its placeholder."""
        if not text:
            return text
        text = strip_invisible(text)
        parts: list[str] = []
        position = 0
        for finding in self._findings(text):
            parts.append(text[position : finding.start])
            parts.append(PLACEHOLDERS[finding.kind])
            position = finding.end
        parts.append(text[position:])
        return "".join(parts)

    def order_number(self, text: str) -> str | None:
        """The first order number mentioned, for the private store only."""
        for pattern in self.order_patterns:
            match = pattern.search(text)
            if match:
                number = match.group(1) if pattern.groups else match.group(0)
                return number.lstrip("#").strip()
        return None

    def _findings(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for finding in self._candidates(text):
            if finding.end > finding.start and not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
        return sorted(found, key=lambda f: f.start)

    def _candidates(self, text: str) -> Iterator[Finding]:
        for match in _URL.finditer(text):
            url = match.group(0).rstrip(".,;:!?")
            if _URL_SECRET.search(url) or _LONG_ID_SEGMENT.search(url) or "@" in url:
                yield Finding("url", match.start(), match.start() + len(url), url)
        if "@" in text:
            yield from _matches("email", _EMAIL, text)
        if _FOUR_DIGITS.search(text):  # every IBAN and card number has a group of four digits
            yield from _ibans(text)
            yield from _cards(text)
        for pattern in self.tracking_patterns:
            yield from _matches("tracking_number", pattern, text)
        for pattern in self.order_patterns:
            yield from _matches("order_number", pattern, text)
        if _PHONE_HINT.search(text):
            yield from self._phones(text)
        lower = text.lower()
        yield from _addresses(text, lower)
        yield from _matches("postcode", _POSTCODE, text)
        yield from _names(text, lower)
        for match in _ID_TOKEN.finditer(text):
            if _looks_like_an_id(match.group(0)):
                yield Finding("order_number", match.start(), match.end(), match.group(0))

    def _phones(self, text: str) -> Iterator[Finding]:
        # Numbers written with a country code need only look possible; national ones must be valid in one of
        # the regions, written with its trunk prefix ("0...") where it has one, or have the North American shape.
        if "+" in text:
            for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.POSSIBLE):
                yield Finding("phone", match.start, match.end, match.raw_string)
        for candidate in _PHONE_CANDIDATE.finditer(text):
            raw = candidate.group(0)
            if self._is_phone(raw, text[max(0, candidate.start() - 6) : candidate.start()]):
                yield Finding("phone", candidate.start(), candidate.end(), raw)

    def _is_phone(self, raw: str, before: str) -> bool:
        digits = "".join(str(unicodedata.digit(ch)) for ch in raw if ch.isdigit())
        if not 7 <= len(digits) <= 15 or _DATE_SHAPE.fullmatch(raw) or _MONEY_BEFORE.search(before):
            return False
        if raw.startswith("+") or raw.startswith("00"):
            return _possible("+" + digits.removeprefix("00") if raw.startswith("00") else "+" + digits)
        if _NANP.fullmatch(raw):
            return True
        separated = any(not ch.isdigit() for ch in raw)
        if digits.startswith("0") and 9 <= len(digits) <= 12 and separated:
            return True
        if len(digits) < 8:
            return False
        for region in self.regions:
            prefix = _national_prefix(region)
            if prefix and not digits.startswith(prefix):
                continue
            if _valid(digits, region):
                return True
        return False


@lru_cache(maxsize=64)
def _national_prefix(region: str) -> str | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata.national_prefix if metadata is not None else None


def _possible(number: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False


def _valid(digits: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, region))
    except phonenumbers.NumberParseException:
        return False


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> Iterator[Finding]:
    group = 1 if pattern.groups else 0
    for match in pattern.finditer(text):
        if match.group(group):
            yield Finding(kind, match.start(group), match.end(group), match.group(group))


def _group_spans(raw: str) -> list[tuple[int, int]]:
    """Where each run of characters between separators starts and ends in ``raw``."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^ .-]+", raw)]


def _ibans(text: str) -> Iterator[Finding]:
    """IBANs in any case, grouped by spaces, dots or hyphens or not at all: the longest checksum-valid prefix."""
    for match in _IBAN.finditer(text):
        raw = match.group(0)
        groups = _group_spans(raw)
        for count in range(len(groups), 0, -1):
            end = groups[count - 1][1]
            compact = _GROUP_SEPARATOR.sub("", raw[:end]).upper()
            if 15 <= len(compact) <= 34 and stdnum_iban.is_valid(compact):
                yield Finding("iban", match.start(), match.start() + end, raw[:end])
                break


def _card_shaped(sizes: list[int]) -> bool:
    """Group sizes a card number is written in: one run, or groups of four or more (the last may be shorter:
    "4111 1111 1111 1111", "3782 822463 10005"); not dates or prices ("12.03.2026-14.03.2026").
    """
    return len(sizes) == 1 or (all(size >= 4 for size in sizes[:-1]) and sizes[-1] >= 3)


def _cards(text: str) -> Iterator[Finding]:
    """Luhn-valid card numbers of 13 to 19 digits, grouped by spaces, dots or hyphens or not at all."""
    for match in _CARD.finditer(text):
        raw = match.group(0)
        groups = _group_spans(raw)
        best: tuple[int, int] | None = None
        for first in range(len(groups)):
            for last in range(len(groups) - 1, first - 1, -1):
                start, end = groups[first][0], groups[last][1]
                digits = _GROUP_SEPARATOR.sub("", raw[start:end])
                sizes = [b - a for a, b in groups[first : last + 1]]
                if 13 <= len(digits) <= 19 and _card_shaped(sizes) and luhn.is_valid(digits):
                    if best is None or end - start > best[1] - best[0]:
                        best = (start, end)
                    break
        if best:
            yield Finding("card_number", match.start() + best[0], match.start() + best[1], raw[best[0] : best[1]])


#: Each address pattern and words one of which a text must hold for the pattern to be worth trying (a cheap
#: test in front of a costly search); None: any text with a digit.
_STREET_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] = (
    (_DE_STREET, tuple("str weg platz gasse allee ring damm ufer chaussee steig".split())),
    (_FR_STREET, tuple("rue av bd boulevard chemin allée allee impasse place quai route cours square passage".split())),
    (_ES_STREET, tuple("calle c/ avda paseo plaza carrer camino ronda travesía via piazza corso".split())),
    (_BG_STREET, tuple("ул бул пл. площад ж кв бл".split())),
    (_TH_STREET, tuple("ซ ถ หมู่ ม. เลขที่".split())),
    (_ZH_STREET, ("號", "号")),
)
_ADDRESS_LEAD_WORDS = ("addr", "adress", "direcc", "địa chỉ", "адрес", "ที่อยู่", "地址", "to:")


def _addresses(text: str, lower: str) -> Iterator[Finding]:
    """Street addresses in the shop's languages, whatever their case, and whatever follows "my address is"."""
    if _has(lower, _ADDRESS_LEAD_WORDS):
        yield from _matches("address", _ADDRESS_LEAD, text)
    digits = _DIGIT.search(text) is not None
    for pattern, words in _STREET_PATTERNS if digits else ():
        if words is None or _has(lower, words):
            yield from _matches("address", pattern, text)
    for match in _EN_STREET.finditer(text) if digits else ():
        if _english_street(match.group(1).split(), match.group(2)):
            yield Finding("address", match.start(), match.end(), match.group(0))
    if not text.isascii():
        for match in _VI_STREET.finditer(text):
            value = match.group(0).rstrip(" ,")
            if _DIGIT.search(value) or re.match(r"(?i:đường|phố)", value):
                yield Finding("address", match.start(), match.start() + len(value), value)


def _has(lower: str, words: tuple[str, ...]) -> bool:
    return any(word in lower for word in words)


def _english_street(words: list[str], suffix: str) -> bool:
    """A house number, a street's name and a suffix: capitalised ("12 The Close"), or in any case with a
    suffix that is only ever a street ("12 baker street") and a name that is no quantity ("2 pairs on the road").
    """
    if suffix[:1].isupper() and all(word[:1].isupper() for word in words):
        return True
    if suffix.lower() not in _STRONG_SUFFIXES:
        return False
    return not any(word.lower().rstrip(".").strip("'’") in _NOT_STREET_WORDS for word in words)


_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_HANDOVER_WORDS = frozenset(
    "deliver delivered ship shipped send sent address addressed give gave hand handed post posted".split()
)
#: Punctuation that separates words for the cheap word tests in front of costly patterns.
_PUNCTUATION = str.maketrans(dict.fromkeys(",.!?;:()\"'’-", " "))
#: Words one of which a text must hold for relations ("my wife Anna") or titles ("Mr Smith") to be looked for.
_RELATION_WORDS = frozenset(
    re.sub(r"\(\?:|\)|\?|\[ée\]", "", "|".join([_EN_RELATIONS, _DE_RELATIONS, _FR_RELATIONS, _ES_RELATIONS]))
    .replace("co-worker", "worker|coworker|fiance|fiancee|fiancé|fiancée|neighbor|neighbour")
    .split("|")
)
_TITLE_TOKENS = frozenset(_TITLES)
_NAME_IS_WORDS = ("name", "heiße", "appelle", "nom", "llamo", "nombre", "tên", "казвам", "име")
_RECIPIENT_WORDS = ("recipient", "addressee", "empfänger", "destinatari", "người nhận", "получател", " by ")


def _names(text: str, lower: str) -> Iterator[Finding]:
    """Names after greetings, sign-offs, introductions, titles, relations and "from"; common words, places,
    brands and products are not names.
    """
    tokens = set(lower.translate(_PUNCTUATION).split())
    cues = [cue for word in tokens.intersection(_CUES_BY_WORD) for cue in _CUES_BY_WORD[word]]
    pattern = _name_pattern(
        frozenset(cue for cue, closing in cues if not closing),
        frozenset(cue for cue, closing in cues if closing),
        _DASH_SIGNATURE.search(text) is not None,
    )
    if pattern:
        yield from _named(pattern, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    if any(closing or cue in _THANKS_WORDS for cue, closing in cues) or not tokens.isdisjoint(("xx", "xoxo")):
        yield from _named(_SIGNED_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    if _has(lower, _NAME_IS_WORDS):
        yield from _named(_NAME_IS, text, lambda words, _closes: _introduced_name(words))
    if not text.isascii() or not tokens.isdisjoint(_RELATION_WORDS):
        yield from _named(_RELATIVE, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    if not tokens.isdisjoint(_TITLE_TOKENS) or "г-" in lower:
        yield from _named(_TITLED_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=2))
    if _has(lower, _RECIPIENT_WORDS):
        yield from _named(_RECIPIENT, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    if " to " in lower and not tokens.isdisjoint(_HANDOVER_WORDS):
        yield from _named(_HANDED_TO, text, lambda words, closes: _leading_names(words, closes, minimum=2))
    yield from _named(_FROM_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=2))
    if " here" in lower:
        yield from _named(_NAME_HERE, text, lambda words, _closes: _leading_names(words, True, minimum=1))
    for match in _SIGNED_LOWER.finditer(text) if "\n" in text else ():
        words = match.group(1).split()
        if not any(word in _NOT_SIGNED or _not_a_name(word) for word in words):
            yield Finding("name", match.start(1), match.end(1), match.group(1))
    if text.isascii():
        return
    yield from _named(_VI_ADDRESSED, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    if re.search(f"[{_HAN}]", text):
        for match in _ZH_NAME.finditer(text):
            group = next(index for index in range(1, 6) if match.group(index))
            yield Finding("name", match.start(group), match.end(group), match.group(group))
    if re.search(f"[{_THAI}]", text):
        for match in _TH_NAME.finditer(text):
            name = match.group(1)
            words = name.split()
            if words and words[0][:1].isupper() and _leading_names(words, True, minimum=1) == 0:
                continue
            name = _thai_name(name)
            if name:
                yield Finding("name", match.start(1), match.start(1) + len(name), name)


def _thai_name(found: str) -> str:
    """A Thai given name and, when one follows, the surname: the next run unless a polite particle ended the
    name ("สมศรีค่ะ อยาก...") or the run is the sentence going on ("มานี ขอบคุณที่...").
    """
    first, _, second = found.partition(" ")
    given = _TH_PARTICLES.sub("", first)
    if given != first or not second or any(word in second for word in _TH_NOT_SURNAME):
        return given
    return f"{first} {_TH_PARTICLES.sub('', second)}".rstrip()


def _named(pattern: re.Pattern[str], text: str, count: Callable[[list[str], bool], int]) -> Iterator[Finding]:
    """Group 1 of each match, cut to its first ``count(words, closes)`` words (``closes``: punctuation or the
    line's end follows); when none are kept the next trigger may start inside the group ("Hi, I'm Anna").
    Capitalised words before a model number are a product ("This is Trail Runner 2"), not a name.
    """
    position = 0
    while match := pattern.search(text, position):
        words = list(re.finditer(r"\S+", match.group(1)))
        kept = count([word.group(0) for word in words], _CLOSES.match(text, match.end(1)) is not None)
        end = match.start(1) + words[kept - 1].end() if kept else 0
        if kept and not _MODEL_NUMBER.match(text, end):
            yield Finding("name", match.start(1), end, text[match.start(1) : end])
            position = end
        else:
            position = match.start(1)


def _is_title(word: str) -> bool:
    return word.rstrip(".").lower() in _TITLES


def _not_a_name(word: str) -> bool:
    lowered = word.lower().strip("'’")
    return lowered in _NOT_NAMES or lowered.startswith(("i'", "i’"))


def _leading_names(words: list[str], closes: bool, *, minimum: int) -> int:
    """How many words make the name: an optional title, then words up to the first common one.

    A title counts as a name word, so "from Dr. Clark" is a name though "from Milan" is not. "Will" or
    "May" is a name only before a surname or at the phrase's end ("Thanks, May I ask" is not signed).
    """
    titled = bool(words) and _is_title(words[0]) and len(words) > 1
    rest = words[titled:]
    names = 0
    for index, word in enumerate(rest):
        if _not_a_name(word):
            following = rest[index + 1 : index + 2]
            surname = bool(following) and not _not_a_name(following[0])
            if word.lower() not in _ALSO_FIRST_NAMES or not (surname or (closes and not following)):
                break
        names += 1
    return titled + names if names and titled + names >= minimum else 0


def _introduced_name(words: list[str]) -> int:
    """The name after "my name is": its first word in any case, then more while they look like name words."""
    titled = bool(words) and _is_title(words[0]) and len(words) > 1
    rest = words[titled:]
    if not rest or rest[0].lower().strip(".,!?") in _NOT_AFTER_NAME_IS:
        return 0
    names = 1
    for word in rest[1:]:
        common = _not_a_name(word) and word.lower() not in _ALSO_FIRST_NAMES
        if common or word.lower() in _NOT_AFTER_NAME_IS or word[:1].isupper() != rest[0][:1].isupper():
            break
        names += 1
    return titled + names


def _looks_like_an_id(token: str) -> bool:
    """Long digit runs and codes mixing letters and digits are ids; years, sizes, units and model names are not."""
    runs = re.findall(r"[A-Za-z]+|\d+", token)
    digit_runs = [run for run in runs if run.isdigit()]
    if not digit_runs:
        return False
    if max(map(len, digit_runs)) >= 6:
        return True
    letter_runs = [run for run in runs if run.isalpha()]
    if len(runs) <= 2 or all(run.lower() in _UNITS for run in letter_runs):
        return False  # "iPhone15", "1500ml", "3-5", "2026-11-03", "4K-120Hz"
    digits = sum(map(len, digit_runs))
    return digits >= 3 and sum(map(len, letter_runs)) >= 2


def customer_key(identifier: str, *, salt: bytes) -> str | None:
    """A stable pseudonym for a customer: keyed hash of the normalised email or id, never the raw value."""
    normalised = identifier.strip().lower()
    if not normalised:
        return None
    return hmac.new(salt, normalised.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
