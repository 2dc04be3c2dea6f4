"""The support report's figures: computed column-wise from the ticket store, so a million tickets take seconds."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..content import FaqEntry
from ..hours import SupportHours
from ..models import ClusterStatus, EntryStatus, Status
from ..privacy import Redactor
from ..report import MiningReport, QuestionCluster

#: How many products, templates and drafts' question types the report lists.
TOP = 10
#: A reply is a template candidate when sent as the first reply of at least this many tickets; a product field's
#: value that names no catalogue product is shown when this many tickets carry it.
MIN_SHOWN = MIN_TEMPLATE_TICKETS = 3
#: A word of a template's shown text is kept when at least this share of the template's replies have it (the rest
#: is what changed from ticket to ticket: a name, a number), else it is shown as "…".
SHARED_WORD = 0.75
#: Two replies are the same template when this share of their words is shared (Jaccard), e.g. 40 words, 4 changed.
TEMPLATE_SIMILARITY = 0.8
#: Frequent reply wordings compared with each other for near-identical ones (the rest are counted on their own).
TEMPLATE_POOL = 1000
#: A template that alone closed at least this share of its tickets is proposed for automation.
AUTOMATE_SHARE = 0.8
DEFLECTION_METHOD = (
    "A ticket counts as answered by the FAQ when mining grouped it into a question type whose nearest approved "
    "entry is as close to the type's centre as the type's own typical wordings are (the coverage rule of "
    "'faq-builder mine', or the type's own draft was approved since); the drafts' share counts the tickets of the "
    "{top} largest question types whose draft awaits approval; the previous window's share is as its own mining "
    "report found it."
)
_CLOSED = (Status.SOLVED.value, Status.CLOSED.value)
UNGROUPED = "not grouped"
#: A reply's words, the ends of its sentences (a capitalised word after one is a sentence's first), other marks.
_TOKENS = re.compile(r"(\w+)|([.!?:])|[^\w\s]")
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"\w+")
_ELISIONS = re.compile(r"…(?:[\s\W]*…)+")
#: The most sent texts of a template that decide which of its words are shared.
SHARED_SAMPLE = 1000


@dataclass(frozen=True, slots=True)
class Compared:
    """A figure of the window next to the previous window's: ``change`` is relative (None when it was 0)."""

    current: float | None
    previous: float | None
    delta: float | None
    change: float | None

    @classmethod
    def of(cls, current: float | None, previous: float | None, *, digits: int = 0) -> Compared:
        current, previous = _round(current, digits), _round(previous, digits)
        if current is None or previous is None:
            return cls(current, previous, None, None)
        change = round((current - previous) / previous, 3) if previous else None
        return cls(current, previous, _round(current - previous, digits), change)


def _round(value: float | None, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(round(value)) if digits == 0 else round(float(value), digits)


@dataclass(frozen=True, slots=True)
class Count:
    """A named count (a channel, a category, a product) in both windows."""

    name: str
    tickets: Compared
    share: float


@dataclass(frozen=True, slots=True)
class Day:
    """A shop day; ``partial`` when the window covers only part of it (it starts or ends that day)."""

    date: str
    tickets: int
    off_hours: int
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Durations:
    """Hours from a ticket's creation to an event (first response, resolution) over the tickets that had it."""

    tickets: Compared
    median_hours: Compared
    p90_hours: Compared


@dataclass(frozen=True, slots=True)
class ResponseTimes:
    first_response: Durations
    resolution: Durations
    first_response_by_channel: dict[str, Durations]
    resolution_by_channel: dict[str, Durations]
    #: Agent replies per answered ticket (mean), the tickets answered, and those with no reply yet.
    responses_per_ticket: Compared
    answered: Compared
    unanswered: Compared


@dataclass(frozen=True, slots=True)
class Share:
    tickets: int
    share: float


@dataclass(frozen=True, slots=True)
class DraftGain:
    """One of the question types the drafts would answer once approved."""

    key: str
    question: str
    tickets: int
    entry: str


@dataclass(frozen=True, slots=True)
class Deflection:
    method: str
    answered_by_faq: Share
    drafts_would_add: Share
    entries: list[str]
    drafts: list[DraftGain]
    #: The previous window's share, from its own mining report (entries approved then), if there is one.
    previous_answered_by_faq: Share | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    key: str
    question: str
    category: str
    tickets: int
    previous_tickets: int
    first_day: str
    last_day: str
    per_day: list[Day]


@dataclass(frozen=True, slots=True)
class Template:
    """An agent reply sent again and again as a first reply: a candidate for a saved reply or automation."""

    reply: str
    tickets: int
    share: float
    closed_alone: int
    closed_alone_share: float
    automate: bool
    question: str | None
    variants: int


@dataclass(slots=True)
class SupportReport:
    """Every figure of ``faq-builder report``; serialised as ``support-<until-date>.json``."""

    schema_version: int
    until: str
    window: dict[str, str | int]
    previous_window: dict[str, str]
    support_hours: dict[str, object]
    questions_report: str | None
    tickets: Compared
    off_hours: Compared
    off_hours_share: Compared
    per_day: list[Day]
    hour_of_week: list[list[int]]
    channels: list[Count]
    categories: list[Count] | None
    products: list[Count]
    response_times: ResponseTimes
    deflection: Deflection | None
    incidents: list[Incident] | None
    templates: list[Template]
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Window:
    """One window's facts as arrays: the same row order everywhere."""

    created: np.ndarray
    channel: np.ndarray
    status: np.ndarray
    first_response: np.ndarray
    resolution: np.ndarray
    replies: np.ndarray
    local: np.ndarray
    open: np.ndarray
    products: Counter[str]

    @property
    def size(self) -> int:
        return int(self.created.size)


def local_seconds(epochs: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    """Epoch seconds shifted to the zone's wall clock (offsets looked up once per quarter hour)."""
    if not epochs.size:
        return epochs.copy()
    buckets, inverse = np.unique(epochs // 900, return_inverse=True)
    offsets = np.fromiter(
        (datetime.fromtimestamp(int(bucket) * 900, zone).utcoffset().total_seconds() for bucket in buckets),  # type: ignore[union-attr]
        dtype=np.int64,
        count=buckets.size,
    )
    return epochs + offsets[inverse.reshape(-1)]


def open_mask(local: np.ndarray, hours: SupportHours) -> np.ndarray:
    """Which wall-clock moments fall in support hours (weekday, time of day, not a holiday)."""
    days = local // 86400
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    minute = (local % 86400) // 60
    start, end = hours.start.hour * 60 + hours.start.minute, hours.end.hour * 60 + hours.end.minute
    is_open = np.isin(weekday, hours.days) & (minute >= start) & (minute < end)
    holidays = [(day - date(1970, 1, 1)).days for day in hours.holidays]
    return is_open & ~np.isin(days, holidays) if holidays else is_open


def _hours(event: np.ndarray, created: np.ndarray) -> np.ndarray:
    """Hours from creation to an event, NaN where there was none (or it is recorded before the ticket)."""
    hours = (event - created) / 3600.0
    hours[np.isnan(event) | (hours < 0)] = np.nan
    return hours


def product_matcher(catalogue: Sequence[str]) -> Callable[[str], set[str]]:
    """The catalogue names a text mentions (whole words, any case), longest first so "rain jacket" beats "jacket"."""
    names = {name.casefold(): name for name in catalogue}
    if not names:
        return lambda _text: set()
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")(?!\w)"
    )
    return lambda text: {names[found] for found in pattern.findall(text.casefold())}


def read_window(
    rows: Iterable[tuple],
    *,
    hours: SupportHours,
    catalogue: Sequence[str],
    redactor: Redactor,
) -> Window:
    """A window's facts from ``facts_between(..., WINDOW_FACTS)`` rows."""
    created, channel, status, first, resolved, replies = [], [], [], [], [], []
    products: Counter[str] = Counter()
    mentions = product_matcher(catalogue)
    named_by_field: dict[str, set[str]] = {}
    uncatalogued: Counter[str] = Counter()
    for row in rows:
        created.append(row[0])
        channel.append(row[1])
        status.append(row[2])
        first.append(math.nan if row[3] is None else row[3])
        resolved.append(math.nan if row[4] is None else row[4])
        replies.append(row[5] or 0)
        named = mentions(f"{row[7]}\n{row[8]}")
        if row[6]:  # the helpdesk's product field: the catalogue names it holds, else the value itself
            field_names = named_by_field.setdefault(row[6], mentions(row[6]))
            named |= field_names
            if not field_names:
                uncatalogued[row[6].strip()] += 1
        products.update(named)
    # A value no catalogue name is in is shown only when several tickets share it and it holds nothing personal.
    products.update(
        {
            value: count
            for value, count in uncatalogued.items()
            if count >= MIN_SHOWN and value and not redactor.findings(value)
        }
    )
    epochs = np.array(created, dtype=np.int64)
    local = local_seconds(epochs, hours.zone())
    return Window(
        created=epochs,
        channel=np.array(channel, dtype=object),
        status=np.array(status, dtype=object),
        first_response=_hours(np.array(first, dtype=float), epochs.astype(float)),
        resolution=_hours(np.array(resolved, dtype=float), epochs.astype(float)),
        replies=np.array(replies, dtype=np.int64),
        local=local,
        open=open_mask(local, hours),
        products=products,
    )


#: The facts :func:`read_window` reads, in its order.
WINDOW_FACTS = (
    "created_at",
    "channel",
    "status",
    "first_response_at",
    "resolved_at",
    "replies",
    "product",
    "subject",
    "body",
)


def _percentile(values: np.ndarray, q: float) -> float | None:
    present = values[~np.isnan(values)]
    return float(np.percentile(present, q)) if present.size else None


def durations(current: np.ndarray, previous: np.ndarray) -> Durations:
    """Median and 90th percentile (linear interpolation) of the hours that are known, in both windows."""
    return Durations(
        tickets=Compared.of(int(np.count_nonzero(~np.isnan(current))), int(np.count_nonzero(~np.isnan(previous)))),
        median_hours=Compared.of(_percentile(current, 50), _percentile(previous, 50), digits=2),
        p90_hours=Compared.of(_percentile(current, 90), _percentile(previous, 90), digits=2),
    )


def counts(current: Counter[str], previous: Counter[str], total: int, *, limit: int | None = None) -> list[Count]:
    """Named counts, most tickets first (then by name), each with its share of the window's tickets."""
    names = sorted(set(current) | set(previous), key=lambda name: (-current[name], -previous[name], name))
    return [
        Count(name, Compared.of(current[name], previous[name]), round(current[name] / total, 4) if total else 0.0)
        for name in names[:limit]
        if current[name] or previous[name]
    ]


def response_times(current: Window, previous: Window) -> ResponseTimes:
    channels = sorted(set(current.channel.tolist()) | set(previous.channel.tolist()))

    def by_channel(kind: str) -> dict[str, Durations]:
        now, before = getattr(current, kind), getattr(previous, kind)
        return {name: durations(now[current.channel == name], before[previous.channel == name]) for name in channels}

    def replies(window: Window) -> float | None:
        answered = window.replies[window.replies > 0]
        return float(answered.mean()) if answered.size else None

    return ResponseTimes(
        first_response=durations(current.first_response, previous.first_response),
        resolution=durations(current.resolution, previous.resolution),
        first_response_by_channel=by_channel("first_response"),
        resolution_by_channel=by_channel("resolution"),
        responses_per_ticket=Compared.of(replies(current), replies(previous), digits=2),
        answered=Compared.of(int(np.count_nonzero(current.replies)), int(np.count_nonzero(previous.replies))),
        unanswered=Compared.of(
            int(np.count_nonzero(current.replies == 0)), int(np.count_nonzero(previous.replies == 0))
        ),
    )


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[date, bool]]:
    """The shop's calendar days the window [start, end) touches, each with whether the window covers it only in part."""
    first, last = start.astimezone(zone), (end - timedelta(seconds=1)).astimezone(zone)
    days = [first.date() + timedelta(days=offset) for offset in range((last.date() - first.date()).days + 1)]
    partial = {
        day
        for day, cut in ((days[0], first.time() != time(0)), (days[-1], end.astimezone(zone).time() != time(0)))
        if cut
    }
    return [(day, day in partial) for day in days]


def per_day(local: np.ndarray, is_open: np.ndarray, days: list[tuple[date, bool]]) -> list[Day]:
    """Tickets and off-hours tickets per shop day (``local``: wall-clock seconds, ``is_open``: in support hours)."""
    origin = (days[0][0] - date(1970, 1, 1)).days if days else 0
    index = local // 86400 - origin
    total = np.bincount(index, minlength=len(days))[: len(days)] if local.size else np.zeros(len(days), int)
    off = np.bincount(index[~is_open], minlength=len(days))[: len(days)] if local.size else np.zeros(len(days), int)
    return [Day(day.isoformat(), int(total[i]), int(off[i]), partial) for i, (day, partial) in enumerate(days)]


def hour_of_week(window: Window) -> list[list[int]]:
    """Tickets per weekday (Monday first) and hour of the shop's day: 7 rows of 24."""
    cells = ((window.local // 86400 + 3) % 7) * 24 + (window.local % 86400) // 3600
    grid = np.bincount(cells, minlength=168) if window.size else np.zeros(168, int)
    return grid.reshape(7, 24).astype(int).tolist()


def categories(report: MiningReport, earlier: MiningReport | None = None) -> list[Count]:
    """Tickets per help-site section, from the window's question types; last, those mining grouped nowhere.

    The previous window's counts come from its own mining report when there is one (all its question types);
    else from this report, which knows the previous tickets of this window's types only (and none ungrouped).
    """
    if earlier is not None:
        rows = counts(_sections(report), _sections(earlier), report.tickets)
    else:
        previous: Counter[str] = Counter()
        for cluster in report.clusters:
            previous[cluster.category.value] += cluster.previous_tickets
        rows = [
            Count(row.name, Compared.of(row.tickets.current, None), row.share) if row.name == UNGROUPED else row
            for row in counts(_sections(report), previous, report.tickets)
        ]
    return sorted(rows, key=lambda row: row.name == UNGROUPED)


def _sections(report: MiningReport) -> Counter[str]:
    """Tickets per section in a report's window, and those mining grouped nowhere."""
    tickets: Counter[str] = Counter()
    for cluster in report.clusters:
        tickets[cluster.category.value] += cluster.tickets
    tickets[UNGROUPED] = report.tickets - report.clustered_tickets
    return tickets


def deflection(
    report: MiningReport, entries: Sequence[FaqEntry], *, earlier: MiningReport | None = None, top: int = TOP
) -> Deflection:
    """What the approved entries answer now and the top question types' drafts would add (see DEFLECTION_METHOD).

    Entries are read as they are now: a type covered by an entry approved since mining counts as answered, and a
    new type's draft is the entry that names its key in ``cluster_keys``.
    """
    by_slug = {entry.slug: entry for entry in entries}
    by_key = {key: entry for entry in entries for key in entry.cluster_keys}

    def entry_of(cluster: QuestionCluster) -> FaqEntry | None:
        if cluster.covered_by is not None:
            return by_slug.get(cluster.covered_by.slug)
        return by_key.get(cluster.key) if cluster.status is ClusterStatus.NEW else None

    answered: list[tuple[QuestionCluster, FaqEntry]] = []
    waiting: list[tuple[QuestionCluster, FaqEntry]] = []
    for cluster in report.clusters:
        entry = entry_of(cluster)
        if entry is not None and entry.status is EntryStatus.APPROVED:
            answered.append((cluster, entry))
        elif entry is not None and entry.status is EntryStatus.DRAFT and len(waiting) < top:
            waiting.append((cluster, entry))
    total = report.tickets or 1
    answered_tickets = sum(cluster.tickets for cluster, _entry in answered)
    waiting_tickets = sum(cluster.tickets for cluster, _entry in waiting)
    return Deflection(
        method=DEFLECTION_METHOD.format(top=top),
        answered_by_faq=Share(answered_tickets, round(answered_tickets / total, 4)),
        drafts_would_add=Share(waiting_tickets, round(waiting_tickets / total, 4)),
        entries=sorted({entry.slug for _cluster, entry in answered}),
        drafts=[
            DraftGain(cluster.key, cluster.canonical_question, cluster.tickets, entry.slug)
            for cluster, entry in waiting
        ],
        previous_answered_by_faq=None if earlier is None else _answered_then(earlier),
    )


def _answered_then(report: MiningReport) -> Share:
    """The share of a report's tickets whose question type an entry approved at mining time answered."""
    tickets = sum(
        cluster.tickets
        for cluster in report.clusters
        if cluster.covered_by is not None and cluster.covered_by.status is EntryStatus.APPROVED
    )
    return Share(tickets, round(tickets / report.tickets, 4) if report.tickets else 0.0)


def incidents(
    report: MiningReport, created: dict[str, int], days: list[tuple[date, bool]], hours: SupportHours
) -> list[Incident]:
    """The window's incidents with their tickets per shop day (``created``: epoch seconds by ticket id)."""
    found = []
    for cluster in report.incidents:
        stamps = np.array([created[i] for i in cluster.ticket_ids if i in created], dtype=np.int64)
        local = local_seconds(stamps, hours.zone())
        found.append(
            Incident(
                key=cluster.key,
                question=cluster.canonical_question,
                category=cluster.category.value,
                tickets=cluster.tickets,
                previous_tickets=cluster.previous_tickets,
                first_day=cluster.peak_days[0] if cluster.peak_days else days[0][0].isoformat(),
                last_day=cluster.peak_days[-1] if cluster.peak_days else days[-1][0].isoformat(),
                per_day=per_day(local, open_mask(local, hours), days),
            )
        )
    return found


def reply_wording(reply: str) -> tuple[str, ...]:
    """A reply's words without what changes from ticket to ticket: numbers, and capitalised words inside a sentence
    (the customer's and agent's names, a signature), lower-cased, so one template sent to many people is one wording.
    """
    words = []
    opens = True  # the next word starts a sentence
    for word, end in _TOKENS.findall(reply):
        if word:
            if (opens or not word[0].isupper()) and not _DIGIT.search(word):
                words.append(word.lower())
            opens = False
        else:
            opens = bool(end)
    return tuple(words)


def templates(
    replies: Sequence[tuple[str, str, int, str]],
    *,
    redactor: Redactor,
    questions: dict[str, str] | None = None,
    answered: int,
    top: int = TOP,
) -> list[Template]:
    """First replies sent again and again: (ticket id, first reply, replies, status) grouped by wording.

    Replies of the same wording are one template; among the TEMPLATE_POOL most frequent wordings, those sharing
    TEMPLATE_SIMILARITY of their words are merged (an agent's small edit). Shown redacted.
    """
    same_text: dict[str, list[int]] = defaultdict(list)  # a reply sent word for word is read once
    for position, (_id, reply, _count, _status) in enumerate(replies):
        same_text[reply].append(position)
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for reply, positions in same_text.items():
        groups[reply_wording(reply)].extend(positions)
    ranked = sorted((g for g in groups.items() if g[0]), key=lambda g: (-len(g[1]), g[0]))
    merged: list[tuple[frozenset[str], list[int], int]] = []  # (words, ticket positions, wordings merged)
    for wording, members in ranked[:TEMPLATE_POOL]:
        words = frozenset(wording)
        for index, (seen, positions, variants) in enumerate(merged):
            if len(words & seen) >= TEMPLATE_SIMILARITY * len(words | seen):
                positions.extend(members)
                merged[index] = (seen, positions, variants + 1)
                break
        else:
            merged.append((words, list(members), 1))
    merged += [
        (frozenset(w), members, 1) for w, members in ranked[TEMPLATE_POOL:] if len(members) >= MIN_TEMPLATE_TICKETS
    ]
    chosen = sorted(
        (entry for entry in merged if len(entry[1]) >= MIN_TEMPLATE_TICKETS), key=lambda e: (-len(e[1]), min(e[1]))
    )[:top]
    found = []
    for _words, positions, variants in chosen:
        texts = Counter(replies[p][1] for p in positions)
        closed = sum(1 for p in positions if replies[p][2] == 1 and replies[p][3] in _CLOSED)
        asked = Counter(questions.get(replies[p][0]) for p in positions) if questions else Counter()
        asked.pop(None, None)
        found.append(
            Template(
                reply=shared_wording(texts, redactor),
                tickets=len(positions),
                share=round(len(positions) / answered, 4) if answered else 0.0,
                closed_alone=closed,
                closed_alone_share=round(closed / len(positions), 4),
                automate=closed / len(positions) >= AUTOMATE_SHARE,
                question=asked.most_common(1)[0][0] if asked else None,
                variants=variants,
            )
        )
    return found


def shared_wording(texts: Counter[str], redactor: Redactor) -> str:
    """A template as shown: its most sent wording's most sent text, redacted, with each word that fewer than
    SHARED_WORD of the template's replies have shown as "…".

    A template's replies share its words; what only some have is what the agent filled in for one customer (a
    name the redactor did not know, an order or voucher number), so it is not shown.
    """
    sample = texts.most_common(SHARED_SAMPLE)
    by_wording: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for text, count in sample:
        by_wording[reply_wording(text)].append((text, count))
    commonest = max(by_wording.values(), key=lambda group: sum(count for _text, count in group))
    weight = sum(count for _text, count in sample)
    present: Counter[str] = Counter()
    for text, count in sample:
        for word in {word.lower() for word in _WORDS.findall(redactor.redact(text))}:
            present[word] += count
    masked = _WORDS.sub(
        lambda match: match.group() if present[match.group().lower()] >= SHARED_WORD * weight else "…",
        redactor.redact(commonest[0][0]),
    )
    return _ELISIONS.sub("…", masked)


def question_of(clusters: Iterable[QuestionCluster]) -> dict[str, str]:
    """Each clustered ticket's question type (its canonical question), by ticket id."""
    return {ticket: cluster.canonical_question for cluster in clusters for ticket in cluster.ticket_ids}


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)
