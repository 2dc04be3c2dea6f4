"""Mine: the top questions of the last N days, with trends, off-hours share, incidents and FAQ coverage.

Tickets of the window and of the window before are grouped together (so a
question type has a count in both), each group is described (canonical
question, variants, keywords, category, channels, customers, off-hours
share) and given a status: ``incident`` for a sudden, concentrated spike,
``covered`` when an FAQ entry already answers it, else ``new``. Reports are
written as JSON (for CI and later commands) and Markdown (for editors).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from .atomic import atomic_write_text
from .cleaning import strip_greeting
from .clustering import cluster_questions, question_vectors
from .content import CATEGORIES, escape_markdown
from .errors import ConfigError, FaqBuilderError, StoreError
from .models import Ticket
from .privacy import Redactor
from .store import TicketStore, previous_window_bounds, window_bounds

SCHEMA_VERSION = 2
_CATEGORY_WORDS = {
    "refunds": ("refund", "money back", "reimburse", "hoàn tiền", "退款", "เงินคืน", "възстановяване"),
    "returns": (
        "return",
        "exchange",
        "swap",
        "damaged",
        "broken",
        "faulty",
        "defective",
        "wrong item",
        "wrong size",
        "warranty",
        "trả",
        "退貨",
        "退回",
        "คืนสินค้า",
        "върн",
    ),
    "shipping": (
        "deliver",
        "shipping",
        "ship ",
        "parcel",
        "package",
        "tracking",
        "arrive",
        "courier",
        "customs",
        "dispatch",
        "giao",
        "包裹",
        "運送",
        "พัสดุ",
        "пратка",
        "пристигн",
    ),
    "payment": (
        "pay",
        "card",
        "charged",
        "charge",
        "invoice",
        "vat",
        "discount",
        "promo",
        "code",
        "voucher",
        "gift card",
        "paypal",
        "receipt",
        "price",
        "плащане",
    ),
    "account": (
        "account",
        "password",
        "log in",
        "login",
        "sign in",
        "newsletter",
        "unsubscribe",
        "email",
        "delete my",
        "profile",
    ),
    "orders": ("order", "cancel", "confirmation", "address", "đơn hàng", "訂單", "คำสั่งซื้อ", "поръчка"),
    "product": ("size", "fit", "stock", "restock", "wash", "material", "colour", "color", "model"),
}
_SENTENCE = re.compile(r"[^.!?\n。？！]+[.!?。？！]?")
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    """the and for you your with this that have has was were are can could would will please just not but from
    what when where which how why who any there here they them their been being about into onto also still get got
    its it's i'm im dont don't haven't hasn't didn't did does do my our out one all some more very much thanks
    thank hello hey dear regards best cheers yes need want like know tell let help asap already again now today
    order_number email phone name address postcode url tracking_number card_number iban""".split()
)


@dataclass(frozen=True, slots=True)
class SupportHours:
    """When humans answer: weekdays (0 = Monday), hours and holidays in the shop's time zone."""

    timezone: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start: time = time(9, 0)
    end: time = time(17, 0)
    holidays: tuple[date, ...] = ()

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ConfigError(f"unknown time zone {self.timezone!r}; use an IANA name such as Europe/Berlin") from error

    def is_open(self, moment: datetime, zone: ZoneInfo | None = None) -> bool:
        local = moment.astimezone(zone or self.zone())
        if local.date() in self.holidays:
            return False
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def describe(self) -> str:
        names = "Mon Tue Wed Thu Fri Sat Sun".split()
        days = ",".join(names[d] for d in self.days)
        return f"{days} {self.start:%H:%M}-{self.end:%H:%M} {self.timezone}"


@dataclass(slots=True)
class QuestionCluster:
    """One question type found in the window."""

    key: str
    rank: int
    status: str
    canonical_question: str
    variants: list[str]
    keywords: list[str]
    category: str
    tickets: int
    share: float
    customers: int
    channels: dict[str, int]
    languages: dict[str, int]
    off_hours_share: float
    previous_tickets: int
    trend: str
    trend_ratio: float | None
    peak_days: list[str]
    ticket_ids: list[str]
    covered_by: dict[str, object] | None = None


@dataclass(slots=True)
class MiningReport:
    """Everything ``mine`` found; serialised as ``questions-<until-date>.json``."""

    schema_version: int
    until: str
    window: dict[str, str | int]
    previous_window: dict[str, str]
    support_hours: str
    tickets: int
    previous_tickets: int
    clustered_tickets: int
    top: int
    min_tickets: int
    clusters: list[QuestionCluster] = field(default_factory=list)
    json_path: str | None = None
    markdown_path: str | None = None

    @property
    def incidents(self) -> list[QuestionCluster]:
        return [c for c in self.clusters if c.status == "incident"]

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("json_path")
        data.pop("markdown_path")
        return data


def load_report(path: str | os.PathLike[str]) -> MiningReport:
    """A report written by :func:`mine`, checked for its schema version."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FaqBuilderError(f"{source}: no such report; run 'faq-builder mine' first") from error
    except (OSError, ValueError) as error:
        raise FaqBuilderError(f"{source}: not a readable mining report ({error})") from error
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version") if isinstance(data, dict) else None
        raise FaqBuilderError(
            f"{source}: report schema version {found!r}, this faq-builder reads version {SCHEMA_VERSION}; "
            "run 'faq-builder mine' again to write a current report"
        )
    try:
        clusters = [QuestionCluster(**cluster) for cluster in data.pop("clusters")]
        report = MiningReport(**data, clusters=clusters)
    except TypeError as error:
        raise FaqBuilderError(f"{source}: not a mining report of this version ({error})") from error
    report.json_path = str(source)
    return report


def latest_report(folder: str | os.PathLike[str]) -> Path:
    """The newest ``questions-<date>.json`` in ``folder``."""
    reports = sorted(Path(folder).glob("questions-*.json"))
    if not reports:
        raise FaqBuilderError(f"{folder}: no questions-<date>.json report; run 'faq-builder mine' first")
    return reports[-1]


def question_of(ticket: Ticket, redactor: Redactor) -> str:
    """The customer's question: subject and first message, redacted, greeting dropped."""
    text = redactor.redact(ticket.question_text)
    return strip_greeting(text) or text


def _clean_question(text: str) -> str:
    """A readable question from a customer's wording: its most question-like sentence."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]
    if not sentences:
        return text.strip()
    asked = [s for s in sentences if s.endswith(("?", "？"))]
    chosen = (asked or sentences)[0]
    chosen = chosen[0].upper() + chosen[1:]
    if not chosen.endswith(("?", "？", ".", "!", "。")):
        chosen += "?"
    return chosen


#: How many of a cluster's most central wordings compete to be its canonical question.
CANONICAL_POOL = 30
_QUESTION_START = re.compile(
    r"^(?:where|when|how|what|why|which|who|can|could|do|does|did|is|are|will|would|should|may|has|have)\b", re.I
)


def _canonical(candidates: list[str]) -> str:
    """The most central wording that reads as a complete question without placeholders.

    Candidates come most central first; a wording loses points for not being a question, for a
    placeholder such as {order_number}, and for being very short or long, and ties go to the more
    central one. Wordings repeated by several customers count extra: they are how people ask.
    """
    frequency = Counter(candidate.lower() for candidate in candidates)

    def penalty(item: tuple[int, str]) -> tuple[float, int]:
        position, text = item
        words = len(text.split())
        score = position / len(candidates)
        score += 0 if text.endswith(("?", "？")) else 1.0
        score += 0 if _QUESTION_START.match(text) or not text.isascii() else 0.5
        score += 1.0 if "{" in text else 0
        score += 0.6 if words < 4 or words > 16 else 0
        score -= 0.2 * (frequency[text.lower()] - 1)
        return score, position

    return min(enumerate(candidates), key=penalty)[1]


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _keywords(
    word_sets: list[frozenset[str]], background: Counter[str], background_total: int, limit: int = 8
) -> list[str]:
    counts: Counter[str] = Counter()
    for words in word_sets:
        counts.update(words)
    scored = []
    for word, count in counts.items():
        share = count / len(word_sets)
        rarity = np.log(1 + background_total / (1 + background[word]))
        scored.append((share * rarity, word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [word for _score, word in scored[:limit]]


def _category(texts: list[str], tags: Counter[str]) -> str:
    scores: Counter[str] = Counter()
    for text in texts:
        lower = text.lower()
        for category, words in _CATEGORY_WORDS.items():
            if any(word in lower for word in words):
                scores[category] += 1
    for tag, count in tags.items():
        if tag in CATEGORIES:
            scores[tag] += count
    if not scores:
        return "other"
    return max(CATEGORIES, key=lambda c: (scores[c], -CATEGORIES.index(c)))


def _trend(current: int, previous: int) -> tuple[str, float | None]:
    if previous == 0:
        return ("new" if current else "flat"), None
    ratio = current / previous
    if ratio >= 1.25:
        return "up", round(ratio, 2)
    if ratio <= 0.8:
        return "down", round(ratio, 2)
    return "flat", round(ratio, 2)


def _concentration(days: list[date], span: int = 3) -> tuple[float, list[str]]:
    """Largest share of tickets on ``span`` consecutive days, and those days."""
    if not days:
        return 0.0, []
    counts = Counter(days)
    best, best_start = 0, min(days)
    for start in sorted(counts):
        total = sum(counts.get(start + timedelta(days=offset), 0) for offset in range(span))
        if total > best:
            best, best_start = total, start
    return best / len(days), [(best_start + timedelta(days=offset)).isoformat() for offset in range(span)]


def is_incident(current: int, previous: int, concentration: float, *, min_tickets: int) -> bool:
    """A sudden spike: at least 3x the previous window and mostly within three days."""
    return current >= max(min_tickets, 5) and current >= 3 * max(previous, 1) and concentration >= 0.6


def mine(
    *,
    db: str | os.PathLike[str],
    until: datetime | None = None,
    days: int = 14,
    top: int = 10,
    min_tickets: int = 3,
    out: str | os.PathLike[str] = "reports",
    content_dir: str | os.PathLike[str] = "content",
    hours: SupportHours = SupportHours(),
    redactor: Redactor | None = None,
    seed: int = 0,
) -> MiningReport:
    """Find the window's question types and write the JSON and Markdown reports; returns the report."""
    if days < 1 or top < 1 or min_tickets < 1:
        raise ConfigError("--days, --top and --min-tickets must be at least 1")
    if not Path(db).exists():
        raise StoreError(f"{db}: no ticket store yet; run 'faq-builder ingest' first")
    _check_content(Path(content_dir))
    until = (until or datetime.now(UTC)).astimezone(UTC)
    zone = hours.zone()
    redactor = redactor or Redactor()
    start, end = window_bounds(until=until, days=days)
    previous_start, previous_end = previous_window_bounds(until=until, days=days)
    with TicketStore(db) as store:
        current = [_MinedTicket.of(t, redactor) for t in store.tickets_between(start, end)]
        previous = [_MinedTicket.of(t, redactor) for t in store.tickets_between(previous_start, previous_end)]
    report = MiningReport(
        schema_version=SCHEMA_VERSION,
        until=until.isoformat(timespec="seconds"),
        window={"start": start.isoformat(timespec="seconds"), "end": end.isoformat(timespec="seconds"), "days": days},
        previous_window={
            "start": previous_start.isoformat(timespec="seconds"),
            "end": previous_end.isoformat(timespec="seconds"),
        },
        support_hours=hours.describe(),
        tickets=len(current),
        previous_tickets=len(previous),
        clustered_tickets=0,
        top=top,
        min_tickets=min_tickets,
    )
    if current:
        report.clusters = _describe(
            current,
            previous,
            report,
            zone=zone,
            hours=hours,
            content_dir=Path(content_dir),
            seed=seed,
        )
        report.clustered_tickets = sum(c.tickets for c in report.clusters)
    _write(report, Path(out), until)
    return report


@dataclass(frozen=True, slots=True)
class _MinedTicket:
    """What mining needs of a ticket: its redacted question and a few facts, not its whole conversation."""

    external_id: str
    question: str
    created_at: datetime
    channel: str
    customer: str
    language: str
    tags: tuple[str, ...]

    @classmethod
    def of(cls, ticket: Ticket, redactor: Redactor) -> _MinedTicket:
        return cls(
            ticket.external_id,
            question_of(ticket, redactor),
            ticket.created_at,
            ticket.channel.value,
            ticket.customer_key or f"{ticket.source}:{ticket.external_id}",
            ticket.language,
            ticket.tags,
        )


def _describe(
    current: list[_MinedTicket],
    previous: list[_MinedTicket],
    report: MiningReport,
    *,
    zone: ZoneInfo,
    hours: SupportHours,
    content_dir: Path,
    seed: int,
) -> list[QuestionCluster]:
    tickets = current + previous
    questions = [ticket.question for ticket in tickets]
    clustering = cluster_questions(questions, min_size=1, seed=seed)
    labels = clustering.labels
    is_current = np.arange(len(tickets)) < len(current)
    word_sets = [_words(text) for text in questions[: len(current)]]
    background: Counter[str] = Counter()
    for words in word_sets:
        background.update(words)
    clusters = []
    for label in sorted(set(labels[is_current].tolist()) - {-1}):
        members = np.flatnonzero((labels == label) & is_current)
        if members.size < report.min_tickets:
            continue
        before = int(np.count_nonzero((labels == label) & ~is_current))
        member_vectors = clustering.vectors_of(members)
        centroid = member_vectors.mean(axis=0)
        order = members[np.argsort(-(member_vectors @ centroid), kind="stable")]
        member_tickets = [tickets[i] for i in members]
        texts = [questions[i] for i in order]
        pool = [_clean_question(text) for text in texts[:CANONICAL_POOL]]
        canonical = _canonical(pool)
        variants: list[str] = []
        seen = {canonical.lower()}
        for variant in chain(pool, map(_clean_question, texts[CANONICAL_POOL:])):
            if variant.lower() not in seen:
                seen.add(variant.lower())
                variants.append(variant)
            if len(variants) == 10:
                break
        keywords = _keywords([word_sets[i] for i in order], background, len(current))
        category = _category(texts, Counter(tag for t in member_tickets for tag in t.tags))
        concentration, peak = _concentration([t.created_at.astimezone(zone).date() for t in member_tickets])
        trend, ratio = _trend(members.size, before)
        status = (
            "incident" if is_incident(members.size, before, concentration, min_tickets=report.min_tickets) else "new"
        )
        key = f"{category}/" + "-".join(sorted(keywords[:3])) if keywords else f"{category}/{label}"
        clusters.append(
            QuestionCluster(
                key=key,
                rank=0,
                status=status,
                canonical_question=canonical,
                variants=variants,
                keywords=keywords,
                category=category,
                tickets=int(members.size),
                share=round(members.size / len(current), 4),
                customers=len({t.customer for t in member_tickets}),
                channels=dict(Counter(t.channel for t in member_tickets).most_common()),
                languages=dict(Counter(t.language for t in member_tickets).most_common()),
                off_hours_share=round(
                    sum(not hours.is_open(t.created_at, zone) for t in member_tickets) / members.size, 3
                ),
                previous_tickets=before,
                trend=trend,
                trend_ratio=ratio,
                peak_days=peak if status == "incident" else [],
                ticket_ids=sorted(t.external_id for t in member_tickets),
            )
        )
    clusters.sort(key=lambda c: (-c.tickets, -c.customers, c.key))
    _dedupe_keys(clusters)
    for rank, cluster in enumerate(clusters, start=1):
        cluster.rank = rank
    _mark_covered(clusters, content_dir)
    return clusters


def _dedupe_keys(clusters: list[QuestionCluster]) -> None:
    seen: Counter[str] = Counter()
    for cluster in clusters:
        seen[cluster.key] += 1
        if seen[cluster.key] > 1:
            digest = hashlib.blake2b(" ".join(cluster.keywords).encode(), digest_size=3).hexdigest()
            cluster.key = f"{cluster.key}-{digest}"


def _check_content(content_dir: Path) -> None:
    """Fail before the long work, not after it, when FAQ entries or the curation file cannot be read."""
    from .content import FAQ_DIR, load_entries
    from .curate import load_curation

    if (content_dir / FAQ_DIR).exists():
        load_entries(content_dir)
    load_curation(content_dir)


def _mark_covered(clusters: list[QuestionCluster], content_dir: Path) -> None:
    """Give each question type that editors already dealt with its status.

    ``ignored``: an editor ran ``faq-builder ignore`` on its key, or on a question nearer to it than
    any other question type is. ``covered`` (or ``retired``): an entry remembers the key in its
    ``cluster_keys``, has the canonical question as its title, or is whoosh's best hit
    for the question type while that type is the one nearest to the entry. Retired entries still
    match, so a retired question is not drafted again.
    """
    from .content import FAQ_DIR
    from .curate import load_curation
    from .search import FaqIndex

    live = [c for c in clusters if c.status != "incident"]
    ignored = load_curation(content_dir).ignored
    index = None
    if live and (content_dir / FAQ_DIR).exists():
        index = FaqIndex(content_dir, index_dir=content_dir.parent / ".faq_builder" / "search-index")
    entries = index.entries if index is not None else []
    if not live or not (ignored or entries):
        return
    # One vector space for question types, ignored questions and entries (vectors are only comparable
    # within one call).
    vectors = question_vectors(
        [_cluster_text(c) for c in live]
        + [" ".join([item.question, *item.variants[:5]]) for item in ignored]
        + [" ".join([e.title, *e.variants]) for e in entries]
    )
    cluster_vectors, item_vectors, entry_vectors = np.split(vectors, [len(live), len(live) + len(ignored)])
    if ignored:
        _mark_ignored(live, cluster_vectors, item_vectors, {item.key for item in ignored})
    remaining = [i for i, c in enumerate(live) if c.status != "ignored"]
    if index is None or not entries or not remaining:
        return
    live = [live[i] for i in remaining]
    by_key = {key: entry for entry in entries for key in entry.cluster_keys}
    by_title = {entry.title.lower(): entry for entry in entries}
    similarity = entry_vectors @ cluster_vectors[remaining].T  # entries x question types
    by_slug = {e.slug: (e, row) for e, row in zip(entries, similarity, strict=True)}
    for position, cluster in enumerate(live):
        entry, score = by_key.get(cluster.key) or by_title.get(cluster.canonical_question.lower()), None
        if entry is None:
            hits = index.search(
                " ".join([cluster.canonical_question, *cluster.variants[:3], *cluster.keywords]),
                limit=1,
                include_retired=True,
            )
            if not hits:
                continue
            candidate, row = by_slug[hits[0].slug]
            if int(np.argmax(row)) != position:
                continue
            entry, score = candidate, round(hits[0].score, 3)
        cluster.status = "retired" if entry.status == "retired" else "covered"
        cluster.covered_by = {"slug": entry.slug, "title": entry.title, "status": entry.status, "score": score}


def _cluster_text(cluster: QuestionCluster) -> str:
    return " ".join([cluster.canonical_question, *cluster.variants[:5]])


def _mark_ignored(
    clusters: list[QuestionCluster], vectors: np.ndarray, item_vectors: np.ndarray, keys: set[str]
) -> None:
    """An ignored question matches the type it is nearer to than that type's nearest other type."""
    between = vectors @ vectors.T
    np.fill_diagonal(between, -np.inf)
    nearest_other = between.max(axis=1)
    for cluster in clusters:
        if cluster.key in keys:
            cluster.status = "ignored"
    if len(clusters) < 2:
        return
    to_items = item_vectors @ vectors.T  # items x clusters
    for row in to_items:
        position = int(np.argmax(row))
        if row[position] > nearest_other[position]:
            clusters[position].status = "ignored"


_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "new": "★"}


def render_markdown(report: MiningReport) -> str:
    """The editor's view: incidents first, then the top questions."""
    lines = [
        f"# Top customer questions, {report.window['days']} days to {report.until[:10]}",
        "",
        f"{report.tickets} tickets in the window ({report.previous_tickets} in the {report.window['days']} days "
        f"before); {report.clustered_tickets} grouped into {len(report.clusters)} question types. "
        f"Support hours: {report.support_hours}.",
        "",
        "## Incidents to investigate",
        "",
    ]
    if report.incidents:
        lines.append("Sudden spikes: fix the cause rather than writing an FAQ entry.")
        lines.append("")
        for cluster in report.incidents:
            lines.append(
                f"- **{_md(cluster.canonical_question)}** — {cluster.tickets} tickets "
                f"(previous window {cluster.previous_tickets}), mostly {cluster.peak_days[0]} to "
                f"{cluster.peak_days[-1]}; key `{cluster.key}`"
            )
    else:
        lines.append("None.")
    lines += ["", f"## Top {report.top} questions", ""]
    top = [c for c in report.clusters if c.status != "incident"][: report.top]
    if not top:
        lines.append("No question was asked often enough in this window.")
    else:
        lines.append("| # | question | tickets | trend | off-hours | category | status |")
        lines.append("|---|---|---|---|---|---|---|")
        for number, cluster in enumerate(top, start=1):
            trend = _ARROWS[cluster.trend] + (f" {cluster.trend_ratio}x" if cluster.trend_ratio else "")
            status = cluster.status + (f" ({cluster.covered_by['slug']})" if cluster.covered_by else "")
            lines.append(
                f"| {number} | {_md(cluster.canonical_question)} | {cluster.tickets} | {trend} | "
                f"{cluster.off_hours_share:.0%} | {cluster.category} | {status} |"
            )
        lines.append("")
        for number, cluster in enumerate(top, start=1):
            lines.append(f"### {number}. {_md(cluster.canonical_question)}")
            lines.append("")
            lines.append(
                f"Key `{cluster.key}` · keywords: {', '.join(cluster.keywords)} · "
                f"channels: {', '.join(f'{k} {v}' for k, v in cluster.channels.items())}"
            )
            lines.append("")
            for variant in cluster.variants[:5]:
                lines.append(f"- {_md(variant)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Ticket text as inert Markdown on one line (a table cell or list item)."""
    return escape_markdown(text.replace("\n", " "))


def _write(report: MiningReport, out: Path, until: datetime) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"questions-{until.date().isoformat()}"
    json_path, markdown_path = out / f"{stem}.json", out / f"{stem}.md"
    atomic_write_text(json_path, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(markdown_path, render_markdown(report))
    report.json_path, report.markdown_path = str(json_path), str(markdown_path)
