"""What every reader shares: the read context, ticket assembly, and value parsing."""

from __future__ import annotations

import email.utils
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from dateutil import parser as dateutil_parser

from ..cleaning import clean_message
from ..language import configured_code, detect_language
from ..models import Channel, Problem, Status, Ticket
from ..privacy import Redactor, customer_key

#: Longest text field accepted (characters); longer rows are rejected, not truncated.
MAX_FIELD_CHARS = 1_000_000

ReadItem = tuple[int, "Draft"] | Problem


@dataclass(slots=True)
class ReadContext:
    """Everything a reader needs besides the file: naming, mapping, time zone, hashing."""

    source: str
    salt: bytes
    timezone: tzinfo = UTC
    field_map: dict[str, str] = field(default_factory=dict)
    support_addresses: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    redactor: Redactor = field(default_factory=Redactor)
    max_field_chars: int = MAX_FIELD_CHARS
    on_progress: Callable[[int], None] | None = None
    notes: list[str] = field(default_factory=list)

    def factory(self) -> TicketFactory:
        return TicketFactory(
            source=self.source,
            salt=self.salt,
            languages=self.languages,
            redactor=self.redactor,
            max_field_chars=self.max_field_chars,
        )

    def progress(self, done: int) -> None:
        if self.on_progress is not None:
            self.on_progress(done)


class RowError(ValueError):
    """One record cannot become a ticket; the message is the reason shown to the user."""


_CHANNELS = {
    Channel.EMAIL: {"email", "e-mail", "mail", "outbound email", "outbound_email", "inbound email"},
    Channel.CHAT: {
        "chat",
        "live chat",
        "livechat",
        "messaging",
        "native_messaging",
        "chat_transcript",
        "bot",
        "chatbot",
        "sms",
    },
    Channel.WEB_FORM: {
        "web_form",
        "web form",
        "web",
        "form",
        "portal",
        "contact form",
        "feedback widget",
        "widget",
        "help center",
        "helpcenter",
    },
    Channel.SOCIAL: {
        "social",
        "twitter",
        "x",
        "facebook",
        "instagram",
        "whatsapp",
        "messenger",
        "tiktok",
        "any_channel",
        "forum",
        "facebook_messenger",
        "social media",
    },
    Channel.PHONE: {"phone", "voice", "call", "telephone", "voicemail"},
}
_CHANNEL_LOOKUP = {name: channel for channel, names in _CHANNELS.items() for name in names}
_STATUSES = {
    "new": Status.OPEN,
    "open": Status.OPEN,
    "reopened": Status.OPEN,
    "unresolved": Status.OPEN,
    "pending": Status.PENDING,
    "hold": Status.PENDING,
    "on-hold": Status.PENDING,
    "on hold": Status.PENDING,
    "waiting on customer": Status.PENDING,
    "waiting on third party": Status.PENDING,
    "waiting": Status.PENDING,
    "solved": Status.SOLVED,
    "resolved": Status.SOLVED,
    "answered": Status.SOLVED,
    "done": Status.SOLVED,
    "closed": Status.CLOSED,
    "archived": Status.CLOSED,
}
_TAG_SPLIT = re.compile(r"[,;|]\s*|\s+")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def channel_from(value: object) -> Channel:
    """Fold a helpdesk's channel name ("Feedback Widget", "native_messaging") into a :class:`Channel`."""
    text = str(value or "").strip().lower().replace("-", " ") if value else ""
    return _CHANNEL_LOOKUP.get(text) or _CHANNEL_LOOKUP.get(text.replace(" ", "_")) or Channel.OTHER


def status_from(value: object, *, resolved: bool = False) -> Status:
    text = str(value or "").strip().lower()
    if text in _STATUSES:
        return _STATUSES[text]
    return Status.SOLVED if resolved else Status.OPEN


def tags_from(value: object) -> tuple[str, ...]:
    """Tags from a list or a comma/semicolon/space separated string, lower-cased, unique, in order."""
    if value is None or value == "":
        return ()
    items: Iterable[object] = value if isinstance(value, list | tuple) else _TAG_SPLIT.split(str(value))
    seen: dict[str, None] = {}
    for item in items:
        tag = str(item).strip().lower()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_datetime(value: object, *, timezone: tzinfo, name: str) -> datetime | None:
    """A timezone-aware UTC datetime from ISO 8601, RFC 2822, epoch seconds/ms or common export formats.

    Naive values are taken to be in ``timezone`` (the helpdesk account's zone).
    Empty values give None; unreadable ones raise :class:`RowError`.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value), name)
    text = str(value).strip()
    if not text:
        return None
    parsed: datetime | None = None
    if _EPOCH.match(text):
        return _from_epoch(float(text), name)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is None or parsed.tzinfo is None:  # the mail parser ignores zone names it does not know
            parsed = _parse_loose(text, name)
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone)
        if not 1990 <= parsed.year <= 2100:
            raise RowError(f"{name}: date {_shorten(text)!r} is out of range")
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError) as error:  # a UTC offset beyond +-24 hours, say
        raise RowError(f"{name}: date {_shorten(text)!r} has an impossible time zone offset") from error


#: Time zone abbreviations exports use; dateutil ignores any it is not told about (silently hours off).
_ZONE_ABBREVIATIONS = {
    name: int(offset * 3600)
    for name, offset in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "WET": 0,
        "WEST": 1,
        "MSK": 3,
        "IST": 5.5,
        "ICT": 7,
        "SGT": 8,
        "HKT": 8,
        "CST": -6,
        "CDT": -5,
        "EST": -5,
        "EDT": -4,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "AKST": -9,
        "AKDT": -8,
        "HST": -10,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
        "NZST": 12,
        "NZDT": 13,
    }.items()
}
#: A date written with numbers only whose day and month could be swapped: 01/02/2026, 3.4.26.
_AMBIGUOUS = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")


def _parse_loose(text: str, name: str) -> datetime:
    """Other common export formats, refusing what would be a guess: no year, swapped day and month, unknown zone."""
    ambiguous = _AMBIGUOUS.match(text)
    if ambiguous and ambiguous.group(1) != ambiguous.group(2) and max(map(int, ambiguous.group(1, 2))) <= 12:
        raise RowError(
            f"{name}: {_shorten(text)!r} could be day/month or month/day; export dates as ISO 8601 (2026-02-01)"
        )

    def zone(abbreviation: str | None, offset: int | None) -> int | None:
        if offset is not None:
            # dateutil reads "UTC+2" the POSIX way (two hours behind); exports mean two hours ahead.
            return -offset if _POSIX_OFFSET.search(text) else offset
        if abbreviation is None:
            return None
        if abbreviation.upper() in _ZONE_ABBREVIATIONS:
            return _ZONE_ABBREVIATIONS[abbreviation.upper()]
        raise _UnknownZone(abbreviation)

    try:
        parsed = dateutil_parser.parse(text, default=_NO_DATE, tzinfos=zone)
    except _UnknownZone as unknown:
        raise RowError(f"{name}: unknown time zone {unknown} in {_shorten(text)!r}; give an offset (+01:00)") from None
    except (ValueError, OverflowError) as error:
        raise RowError(f"{name}: cannot read date {_shorten(text)!r}") from error
    if parsed.year == _NO_DATE.year:
        raise RowError(f"{name}: {_shorten(text)!r} has no year; cannot read date")
    return parsed


_NO_DATE = datetime(1, 1, 1)
_POSIX_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*[+-]\s*\d", re.IGNORECASE)


class _UnknownZone(Exception):
    """A time zone name dateutil found but nobody can place (it would otherwise be ignored: hours off)."""


def _from_epoch(number: float, name: str) -> datetime:
    if number > 1e11:  # milliseconds
        number /= 1000
    try:
        parsed = datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise RowError(f"{name}: timestamp {number!r} is out of range") from error
    if not 1990 <= parsed.year <= 2100:
        raise RowError(f"{name}: timestamp {number!r} is out of range")
    return parsed


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class Draft:
    """A record's values, parsed but not yet cleaned: cleaning runs in worker processes."""

    fields: dict[str, Any]
    raw: str = ""


def draft_ticket(*, raw: str = "", **fields: Any) -> Draft:
    """Package one record's values for :meth:`TicketFactory.build` (see its parameters).

    The cheap checks run here, in the reader, so a record without id or date
    is rejected before any warning about it is reported.
    """
    external_id = fields.get("external_id")
    ticket_id = str(external_id).strip() if external_id is not None else ""
    if not ticket_id:
        raise RowError("missing ticket id")
    if fields.get("created_at") is None:
        raise RowError(f"ticket {ticket_id}: missing created_at")
    return Draft(fields, raw)


@dataclass(frozen=True, slots=True)
class TicketFactory:
    """Cleans, checks and completes drafts into tickets; picklable, so it can run in a worker process."""

    source: str
    salt: bytes
    languages: tuple[str, ...] = ()
    redactor: Redactor = field(default_factory=Redactor)
    max_field_chars: int = MAX_FIELD_CHARS

    def warm_up(self) -> None:
        """Load the language model now, so forked workers share it instead of each loading it."""
        detect_language("warm up the language model", languages=self.languages)

    def build(
        self,
        *,
        external_id: object,
        created_at: datetime,
        first_message: str | None,
        subject: str | None = None,
        channel: Channel = Channel.OTHER,
        customer: str | None = None,
        later_customer_messages: Sequence[str] = (),
        agent_replies: Sequence[str] = (),
        first_response_at: datetime | None = None,
        resolved_at: datetime | None = None,
        updated_at: datetime | None = None,
        status: Status = Status.OPEN,
        tags: tuple[str, ...] = (),
        order_number: str | None = None,
        product: str | None = None,
        language: str | None = None,
        is_html: bool | None = None,
    ) -> Ticket:
        """Validate and clean one record's values into a :class:`Ticket`; raises :class:`RowError`."""
        ticket_id = str(external_id).strip()
        for name, text in (("subject", subject), ("body", first_message)):
            if text and len(text) > self.max_field_chars:
                raise RowError(
                    f"ticket {ticket_id}: {name} is {len(text):,} characters (limit {self.max_field_chars:,})"
                )
            if text and "\x00" in text:
                raise RowError(f"ticket {ticket_id}: {name} contains NUL bytes (binary data?)")
        clean_subject = clean_message(subject, is_html=False) if subject else ""
        body = clean_message(first_message, is_html=is_html)
        if not body and not clean_subject:
            raise RowError(f"ticket {ticket_id}: no customer message (body and subject are empty)")
        replies = tuple(text for text in (clean_message(reply, is_html=is_html) for reply in agent_replies) if text)
        later = tuple(text for text in (clean_message(m, is_html=is_html) for m in later_customer_messages) if text)
        question = f"{clean_subject}\n{body}"
        # An export's locale (zh-tw, zh) is spelled as the shop configured it (zh-TW), like a detected language.
        given = (language or "").strip()
        detected = (
            configured_code(given, self.languages) if given else detect_language(question, languages=self.languages)
        )
        return Ticket(
            source=self.source,
            external_id=ticket_id,
            created_at=created_at,
            body=body or clean_subject,
            subject=clean_subject,
            channel=channel,
            customer_key=customer_key(customer, salt=self.salt) if customer else None,
            customer_messages=later,
            agent_replies=replies,
            first_response_at=first_response_at,
            resolved_at=resolved_at,
            updated_at=updated_at,
            status=status,
            tags=tags,
            language=detected,
            order_number=(order_number or "").strip() or self.redactor.order_number(question),
            product=(product or "").strip() or None,
        )


class CountingReader(io.RawIOBase):
    """Wraps a binary file and counts bytes read, for progress without ``tell()``."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.count = self._raw.seek(offset, whence)
        return self.count

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._raw.close()
        super().close()


def iter_files(path: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """The path itself, or the matching files of a folder in name order."""
    if path.is_dir():
        yield from sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    else:
        yield path
