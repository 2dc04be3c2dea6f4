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
from collections.abc import Iterable, Iterator
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

#: Default patterns for order numbers; group 1 (if any) is the number itself.
DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    r"(?i:(?:\b(?:order|ordre|orden|bestellung|commande|pedido|đơn hàng|заявка|поръчка)|訂單|订单|คำสั่งซื้อ)"
    r"(?:\s*(?:no\.?|nr\.?|number|num\.?|id|ref\.?|reference|номер|số|編號|หมายเลข))*)"
    r"(?:\s+(?i:is|was|are|=))?\s*[:.]?\s*(#?\s?[A-Z]{0,4}-?\d[\dA-Z-]{3,}\d)\b",
    r"(?<![\w&])(#\s?\d{4,})\b",
    r"\b([A-Z]{2,4}-\d{5,})\b",
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
_LONG_ID_SEGMENT = re.compile(r"/(?=[A-Za-z0-9_-]{16,})(?=[^/?#]*\d)[A-Za-z0-9_-]+")
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
_NAME = re.compile(
    r"(?:\b(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Hh]allo|[Bb]onjour|[Hh]ola|[Tt]hanks|[Tt]hank you|[Mm]any thanks|"
    r"[Rr]egards|[Kk]ind regards|[Bb]est regards|[Bb]est|[Cc]heers|[Ss]incerely|[Gg]reetings|"
    r"I am|I'm|I’m|[Mm]y name is|[Tt]his is|[Nn]ame:)[,:!]?(?:[ \t]+|[ \t]*\n[ \t]*)|^[ \t]*[-–—~][ \t]*)"
    r"(" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r")?)\b",
    re.MULTILINE,
)
_NOT_NAMES = frozenset(
    """i i'm im me my we you your there team all everyone again guys folks sir madam madame customer support
    service help shop store please where what when why how who which can could would will may might is are
    was were do does did have has had the a an it this that these those thanks thank hi hello hey dear ok okay
    yes no not just so and but or for from with about regarding re fwd order orders return refund delivery
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december good morning afternoon evening sorry still already also very
    waiting writing contacting trying looking""".split()
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

    def _phones(self, text: str) -> Iterator[Finding]:
        # Numbers written with a country code need only look possible; national ones must be valid.
        for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.POSSIBLE):
            yield Finding("phone", match.start, match.end, match.raw_string)
        if self.default_region:
            for match in phonenumbers.PhoneNumberMatcher(
                text, self.default_region, leniency=phonenumbers.Leniency.VALID
            ):
                yield Finding("phone", match.start, match.end, match.raw_string)
        for match in _NATIONAL_PHONE.finditer(text):
            digits = sum(ch.isdigit() for ch in match.group(0))
            if 9 <= digits <= 12 and re.search(r"[ .()-]", match.group(0)):
                yield Finding("phone", match.start(), match.end(), match.group(0))


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> Iterator[Finding]:
    group = 1 if pattern.groups else 0
    for match in pattern.finditer(text):
        if match.group(group):
            yield Finding(kind, match.start(group), match.end(group), match.group(group))


def _names(text: str) -> Iterator[Finding]:
    """Capitalised words after a greeting, sign-off or self-introduction that are not common words."""
    position = 0
    while match := _NAME.search(text, position):
        kept = []
        for word in match.group(1).split():
            if word.lower().strip("'’") in _NOT_NAMES or word.lower().startswith(("i'", "i’")):
                break
            kept.append(word)
        if kept:
            value = " ".join(kept)
            yield Finding("name", match.start(1), match.start(1) + len(value), value)
            position = match.start(1) + len(value)
        else:
            position = match.start(1)


def customer_key(identifier: str, *, salt: bytes) -> str | None:
    """A stable pseudonym for a customer: keyed hash of the normalised email or id, never the raw value."""
    normalised = identifier.strip().lower()
    if not normalised:
        return None
    return hmac.new(salt, normalised.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
