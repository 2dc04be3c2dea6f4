"""Find and replace personal data in ticket text before it leaves the store.

Everything that writes ticket-derived text outside the SQLite store (drafts,
reports, the site) goes through :class:`Redactor`. Detection leans on
well-kept validators where they exist (phonenumbers for phone numbers,
python-stdnum for Luhn and IBAN checks) and on patterns for the rest.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn

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

#: Short words that may follow "order" but are never the letter prefix of an order number ("order on 123456").
_NOT_ORDER_PREFIX = (
    r"(?:on|in|at|of|to|by|is|was|are|has|had|it|me|us|all|now|yet|can|will|for|the|and|from|with|via|my|our|"
    r"your|its|his|her|date|dated|sent|made)"
)
#: Default patterns for order numbers; group 1 (if any) is the number itself. Letters may be in any case
#: and set apart by a hyphen or, after an order word, a space ("order nw 902020").
DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    r"(?i:(?:\b(?:order|ordre|orden|purchase|bestellung|bestellnummer|bestell-nr\.?|auftrag|auftragsnummer|"
    r"commande|pedido|đơn hàng|заявка|поръчка)|訂單|订单|คำสั่งซื้อ)(?![^\W\d_])"
    r"(?:\s*(?:no\.?|nr\.?|number|num\.?|id|ref\.?|reference|номер|số|編號|หมายเลข))*)"
    r"(?:\s+(?i:is|was|are|=))?\s*[:.]?\s*"
    r"(#?\s?(?i:[A-Z]{0,4}-?\d[\dA-Z-]{3,}\d|(?!" + _NOT_ORDER_PREFIX + r"\s)[A-Z]{2,4}\s\d{5,}))\b",
    r"(?<![\w&])(#\s?\d{4,})\b",
    r"\b((?i:[A-Z]{2,4}-?\d{5,}))\b",
)
#: Default patterns for parcel tracking numbers; group 1 (if any) is the number itself.
DEFAULT_TRACKING_PATTERNS: tuple[str, ...] = (
    r"\b(1Z[0-9A-Z]{16})\b",
    r"\b([A-Z]{2}\d{9}[A-Z]{2})\b",
    r"(?i:\b(?:tracking|sendungs|suivi|seguimiento)\s*(?:number|no\.?|nr\.?|code|id|#|nummer|numéro)?)"
    r"\s*[:#]?\s*([A-Z0-9]{10,30})\b",
)

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.IGNORECASE)
_URL_SECRET = re.compile(
    r"[?&#;](?:[\w.-]*(?:token|key|sig|signature|auth|session|sid|code|hash|secret|pass|email|order|id|t))=",
    re.IGNORECASE,
)
#: A path segment that is a long opaque id, or holds an order-length digit run ("/orders/732201349959").
_LONG_ID_SEGMENT = re.compile(r"/(?=[A-Za-z0-9_-]{16,})(?=[^/?#]*\d)[A-Za-z0-9_-]+|/[^/?#]*\d{6}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_PHONE_HINT = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
_NATIONAL_PHONE = re.compile(r"(?<![\w.+/-])\(?0\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?![\w/-])")
_STREET_SUFFIX = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|Court|Ct\.?|"
    r"Place|Pl\.?|Square|Sq\.?|Terrace|Close|Crescent|Gardens|Parkway|Highway|Hwy\.?)"
)
_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\.?\s+){1,4}" + _STREET_SUFFIX + r"(?![\w])"
    r"(?:,?\s+(?:Apt|Apartment|Flat|Unit|Suite)\.?\s*\w+)?"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm)\s+\d{1,4}[a-z]?\b"
    r"(?:,?\s+\d{4,5}\s+[A-ZÄÖÜ][\wäöüß-]+)?"
    r"|\b(?:rue|avenue|boulevard|chemin|calle|avenida|via|piazza|ulitsa|ул\.|бул\.)\s+[\w' .-]{2,40}?\s\d{1,4}\b"
    r"|\b\d{1,4},?\s+(?:rue|avenue|boulevard|chemin)\s+(?:[\w'-]+\s?){1,4}",
    re.UNICODE,
)
_ADDRESS_LEAD = re.compile(
    r"(?i:\b(?:my (?:new |correct |shipping |delivery |billing |home )?address is|"
    r"(?:ship|send|deliver) (?:it |them |the order |my order )?to(?: this address)?:|"
    r"new address:|(?<!email )(?<!e-mail )address:))[ \t]*([^\n]{6,120})"
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b"  # UK
    r"|(?<=[A-Z]{2} )\d{5}(?:-\d{4})?\b"  # US, after a state code
)
_NAME_WORD = r"[A-Z][a-zà-öø-ÿ'’]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_TITLES = frozenset("dr mr mrs ms mx miss prof herr frau mme mlle".split())
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Herr|Frau|Mme|Mlle)\.?[ \t]+)"
#: A full name: an optional title and one to three capitalised words.
_FULL_NAME = _TITLE + "?" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2}"
_NAME = re.compile(
    r"(?:\b(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Hh]allo|[Bb]onjour|[Hh]ola|[Tt]hanks|[Tt]hank you|[Mm]any thanks|"
    r"[Rr]egards|[Kk]ind regards|[Bb]est regards|[Bb]est|[Cc]heers|[Ss]incerely|[Gg]reetings|"
    r"I am|I'm|I’m|[Tt]his is)[,:!]?(?:[ \t]+|[ \t]*\n[ \t]*)|^[ \t]*[-–—~][ \t]*)"
    r"(" + _FULL_NAME + r")\b",
    re.MULTILINE,
)
#: A name alone on its line (or after a comma) below a sign-off line: "Love,\nAnna", "Mit freundlichen Grüßen\nHans".
_SIGNED_NAME = re.compile(
    r"^[ \t]*(?i:love|lots of love|yours|yours (?:truly|sincerely|faithfully)|take care|all the best|"
    r"(?:best|warm|warmest|kind) (?:wishes|regards)|best|regards|cheers|many thanks|"
    r"thanks(?: a lot| so much| in advance| again)?|thank you(?: very much| so much| in advance)?|"
    r"sincerely|xoxo|xx|mit freundlichen grüßen|(?:viele|liebe|beste|herzliche) grüße|grüße|gruß|lg|mfg|"
    r"cordialement|bien à vous|saludos|un saludo|atentamente)"
    r"[ \t]*(?:[,!.][ \t]*|[,!.]?[ \t]*\n(?:[ \t]*\n)?[ \t]*)"
    r"(" + _FULL_NAME + r")[ \t]*[.!]?[ \t]*$",
    re.MULTILINE,
)
#: After "my name is" the next word is a name whatever its case ("my name is will").
_NAME_IS = re.compile(
    r"(?i:\bmy name(?: is|'s|’s)|\bname:|\bich heiße|\bje m'appelle|\bme llamo)[,:]?[ \t]+"
    r"(" + _TITLE + r"?[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
)
#: "from" and a full name ("the invoices from Anna Freeman"); one word alone is more often a place ("from Milan").
_FROM_NAME = re.compile(r"\bfrom[ \t]+(" + _FULL_NAME + r")\b")
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
    puerto rico north south east west united kingdom states great republic saudi
    amazon paypal ebay etsy shopify google apple klarna stripe visa mastercard amex royal mail post deutsche
    hermes evri fedex dpd gls parcelforce usps nike adidas zalando instagram facebook whatsapp tiktok gmail
    outlook yahoo iphone android samsung microsoft outlet online official company ltd inc gmbh group market
    warehouse department bank centre center desk outfitters gift card account balance wallet cart basket checkout
    app website""".split()
)
#: Common words that are also first names: names when capitalised and closing the phrase ("I'm Will.").
_ALSO_FIRST_NAMES = frozenset("will may june april august".split())
_CLOSES = re.compile(r"[ \t]*(?:[.,!?;:)\n]|$)")
#: Words that may follow "my name is" and are not the name ("my name is not on the invoice").
_NOT_AFTER_NAME_IS = frozenset(
    """not on in at the a an also still spelled spelt wrong missing correct incorrect written printed listed
    shown different misspelled and but please as under is was for with used same there here mentioned attached
    below above order""".split()
)
#: Words with a digit that may be ids outside an order phrase: letters and digits, hyphens between.
_ID_TOKEN = re.compile(r"(?<![\w@./-])(?=[A-Za-z-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w@/-]|[.,]\d)")
#: Letter runs that make a code a size, unit or resolution ("4K-120Hz", "2XL"), not an id.
_UNITS = frozenset(
    "x k hz khz xl xs xxl gb mb tb kb ml cl l cm mm m km kg g mg w kw v mah fps p in ft lb lbs oz".split()
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

    ``default_region`` is the shop's country (ISO code) so national phone
    formats are recognised; ``order_patterns`` / ``tracking_patterns`` are
    regular expressions for the shop's own numbering (group 1, if present,
    is the part to replace).
    """

    def __init__(
        self,
        *,
        default_region: str | None = "GB",
        order_patterns: Iterable[str] = DEFAULT_ORDER_PATTERNS,
        tracking_patterns: Iterable[str] = DEFAULT_TRACKING_PATTERNS,
    ) -> None:
        self.default_region = default_region
        self.order_patterns = [re.compile(p) for p in order_patterns]
        self.tracking_patterns = [re.compile(p) for p in tracking_patterns]

    def findings(self, text: str) -> list[Finding]:
        """Every non-overlapping piece of personal data, in text order (first detector wins)."""
        found: list[Finding] = []
        for finding in self._candidates(text):
            if not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
        return sorted(found, key=lambda f: f.start)

    def redact(self, text: str) -> str:
        """The text with every finding replaced by its placeholder."""
        if not text:
            return text
        parts: list[str] = []
        position = 0
        for finding in self.findings(text):
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

    def _candidates(self, text: str) -> Iterator[Finding]:
        for match in _URL.finditer(text):
            url = match.group(0).rstrip(".,;:!?")
            if _URL_SECRET.search(url) or _LONG_ID_SEGMENT.search(url) or "@" in url:
                yield Finding("url", match.start(), match.start() + len(url), url)
        yield from _matches("email", _EMAIL, text)
        for match in _IBAN.finditer(text):
            if stdnum_iban.is_valid(match.group(0)):
                yield Finding("iban", match.start(), match.end(), match.group(0))
        for match in _CARD.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
                yield Finding("card_number", match.start(), match.end(), match.group(0))
        for pattern in self.tracking_patterns:
            yield from _matches("tracking_number", pattern, text)
        for pattern in self.order_patterns:
            yield from _matches("order_number", pattern, text)
        if _PHONE_HINT.search(text):
            yield from self._phones(text)
        yield from _matches("address", _ADDRESS_LEAD, text)
        yield from _matches("address", _ADDRESS, text)
        yield from _matches("postcode", _POSTCODE, text)
        yield from _names(text)
        for match in _ID_TOKEN.finditer(text):
            if _looks_like_an_id(match.group(0)):
                yield Finding("order_number", match.start(), match.end(), match.group(0))

    def _phones(self, text: str) -> Iterator[Finding]:
        # Numbers written with a country code need only look possible; national ones must be valid.
        for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.POSSIBLE):
            yield Finding("phone", match.start, match.end, match.raw_string)
        if self.default_region:
            for match in phonenumbers.PhoneNumberMatcher(
                text, self.default_region, leniency=phonenumbers.Leniency.VALID
            ):
                yield Finding("phone", match.start, match.end, match.raw_string)
        for national in _NATIONAL_PHONE.finditer(text):
            digits = sum(ch.isdigit() for ch in national.group(0))
            if 9 <= digits <= 12 and re.search(r"[ .()-]", national.group(0)):
                yield Finding("phone", national.start(), national.end(), national.group(0))


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> Iterator[Finding]:
    group = 1 if pattern.groups else 0
    for match in pattern.finditer(text):
        if match.group(group):
            yield Finding(kind, match.start(group), match.end(group), match.group(group))


def _names(text: str) -> Iterator[Finding]:
    """Names after greetings, sign-offs, introductions and "from"; common words, places and brands are not names."""
    yield from _named(_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    yield from _named(_SIGNED_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=1))
    yield from _named(_NAME_IS, text, lambda words, _closes: _introduced_name(words))
    yield from _named(_FROM_NAME, text, lambda words, closes: _leading_names(words, closes, minimum=2))


def _named(pattern: re.Pattern[str], text: str, count: Callable[[list[str], bool], int]) -> Iterator[Finding]:
    """Group 1 of each match, cut to its first ``count(words, closes)`` words (``closes``: punctuation or the
    line's end follows); when none are kept the next trigger may start inside the group ("Hi, I'm Anna").
    """
    position = 0
    while match := pattern.search(text, position):
        words = list(re.finditer(r"\S+", match.group(1)))
        kept = count([word.group(0) for word in words], _CLOSES.match(text, match.end(1)) is not None)
        if kept:
            end = match.start(1) + words[kept - 1].end()
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
        if _not_a_name(word) or word.lower() in _NOT_AFTER_NAME_IS or word[:1].isupper() != rest[0][:1].isupper():
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
