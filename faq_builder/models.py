"""Domain objects shared by every pipeline stage."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Channel(enum.StrEnum):
    """Where a ticket came in; helpdesks' many spellings are folded into these."""

    EMAIL = "email"
    CHAT = "chat"
    WEB_FORM = "web_form"
    SOCIAL = "social"
    PHONE = "phone"
    OTHER = "other"


class Status(enum.StrEnum):
    """A ticket's state, folded from each helpdesk's own vocabulary."""

    OPEN = "open"
    PENDING = "pending"
    SOLVED = "solved"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Ticket:
    """One customer conversation as faq-builder keeps it.

    Text fields are already cleaned (HTML, quoted replies and signatures
    removed) but not redacted: the store is private; everything written
    outside it goes through :mod:`faq_builder.privacy` first.
    """

    source: str
    external_id: str
    created_at: datetime
    body: str
    subject: str = ""
    channel: Channel = Channel.OTHER
    customer_key: str | None = None
    customer_messages: tuple[str, ...] = ()
    agent_replies: tuple[str, ...] = ()
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    updated_at: datetime | None = None
    status: Status = Status.OPEN
    tags: tuple[str, ...] = ()
    language: str = "und"
    order_number: str | None = None
    product: str | None = None

    @property
    def first_agent_reply(self) -> str | None:
        return self.agent_replies[0] if self.agent_replies else None

    @property
    def question_text(self) -> str:
        """Subject and first message together: what the customer asked."""
        if self.subject and not self.body.lower().startswith(self.subject.lower()):
            return f"{self.subject}\n{self.body}".strip()
        return self.body


class Severity(enum.StrEnum):
    """Errors stop the work (a row skipped, a file refused, a check failed); warnings are reported and pass."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong at a line of a file: a skipped ticket row, an invalid FAQ entry, a bad setting."""

    path: str
    line: int
    message: str
    #: The raw row or message it was found in (ingest keeps it in the rejects file), if any.
    raw: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location}: {'' if self.is_error else 'warning: '}{self.message}"


class EntryStatus(enum.StrEnum):
    """An FAQ entry's place in the editorial flow: only approved entries are published."""

    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class ClusterStatus(enum.StrEnum):
    """What a mined question type needs: an entry (new), a fix (incident), or nothing (already dealt with)."""

    NEW = "new"
    INCIDENT = "incident"
    COVERED = "covered"
    RETIRED = "retired"
    IGNORED = "ignored"


class Trend(enum.StrEnum):
    """A question type's ticket count against the window before."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    NEW = "new"


class Category(enum.StrEnum):
    """The help site's sections, in the order they are shown (and the tie-break when guessing one)."""

    SHIPPING = "shipping"
    RETURNS = "returns"
    REFUNDS = "refunds"
    ORDERS = "orders"
    PAYMENT = "payment"
    ACCOUNT = "account"
    PRODUCT = "product"
    OTHER = "other"


class SelfService(enum.StrEnum):
    """What shoppers can do themselves in the shop's order portal (an endpoint each)."""

    TRACK_ORDER = "track_order"
    START_RETURN = "start_return"
    CHANGE_ORDER = "change_order"
    ORDER_HISTORY = "order_history"


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did to one source file."""

    file: str
    format: str
    source: str
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warned: int = 0
    cross_source_duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    """The first problems (rejects and warnings) in file order; all are in the rejects file."""
    notes: list[str] = field(default_factory=list)
    rejects_path: str | None = None
    seconds: float = 0.0
