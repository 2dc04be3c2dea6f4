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
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from .atomic import atomic_write_text
from .cleaning import strip_greeting
from .clustering import cluster_questions, question_vectors
from .content import CATEGORIES, FaqEntry, escape_markdown
from .errors import ConfigError, FaqBuilderError, StoreError
from .ingest.build import default_workers, worker_context
from .models import Ticket
from .privacy import Redactor
from .store import TicketStore, previous_window_bounds, window_bounds
from .wording import canonical_question, content_words, readable_key, variants

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


def _question(text: str, redactor: Redactor) -> str:
    """The customer's question (subject and first message): redacted, greeting dropped."""
    redacted = redactor.redact(text)
    return strip_greeting(redacted) or redacted


#: How many of a cluster's most central wordings compete to be its canonical question.
CANONICAL_POOL = 30


def _words(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


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
        current = _mined(store.tickets_between(start, end), redactor)
        previous = _mined(store.tickets_between(previous_start, previous_end), redactor)
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
            earlier=_earlier_report(Path(out), until),
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
    #: The agents' first reply ("" if none): a second view of which question was asked (same macro, same question).
    reply: str

    @classmethod
    def of(cls, ticket: Ticket, question: str) -> _MinedTicket:
        return cls(
            ticket.external_id,
            question,
            ticket.created_at,
            ticket.channel.value,
            ticket.customer_key or f"{ticket.source}:{ticket.external_id}",
            ticket.language,
            ticket.tags,
            ticket.first_agent_reply or "",
        )


#: From this many tickets on, questions are redacted by worker processes (redaction is most of reading's cost).
PARALLEL_FROM = 5000
_worker_redactor: Redactor | None = None


def _mined(tickets: Iterable[Ticket], redactor: Redactor) -> list[_MinedTicket]:
    """What mining needs of each ticket, its question redacted (in worker processes for large windows)."""
    tickets = list(tickets)
    texts = [ticket.question_text for ticket in tickets]
    workers = default_workers()
    if len(tickets) < PARALLEL_FROM or workers <= 1:
        questions = [_question(text, redactor) for text in texts]
    else:
        chunks = [texts[at : at + 2000] for at in range(0, len(texts), 2000)]
        with ProcessPoolExecutor(
            workers, mp_context=worker_context(), initializer=_init_worker, initargs=(redactor,)
        ) as pool:
            questions = [question for chunk in pool.map(_redact_chunk, chunks) for question in chunk]
    return [_MinedTicket.of(ticket, question) for ticket, question in zip(tickets, questions, strict=True)]


def _init_worker(redactor: Redactor) -> None:
    global _worker_redactor
    _worker_redactor = redactor


def _redact_chunk(texts: list[str]) -> list[str]:
    assert _worker_redactor is not None
    return [_question(text, _worker_redactor) for text in texts]


def _describe(
    current: list[_MinedTicket],
    previous: list[_MinedTicket],
    report: MiningReport,
    *,
    zone: ZoneInfo,
    hours: SupportHours,
    content_dir: Path,
    seed: int,
    earlier: MiningReport | None = None,
) -> list[QuestionCluster]:
    tickets = current + previous
    questions = [ticket.question for ticket in tickets]
    clustering = cluster_questions(questions, replies=[t.reply for t in tickets], min_size=1, seed=seed)
    labels = clustering.labels
    is_current = np.arange(len(tickets)) < len(current)
    word_sets = [_words(text) for text in questions[: len(current)]]
    background: Counter[str] = Counter()
    for words in word_sets:
        background.update(words)
    clusters = []
    wordings: list[list[str]] = []
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
        canonical = canonical_question(texts[:CANONICAL_POOL])
        keywords = _keywords([word_sets[i] for i in order], background, len(current))
        category = _category(texts, Counter(tag for t in member_tickets for tag in t.tags))
        concentration, peak = _concentration([t.created_at.astimezone(zone).date() for t in member_tickets])
        trend, ratio = _trend(members.size, before)
        status = (
            "incident" if is_incident(members.size, before, concentration, min_tickets=report.min_tickets) else "new"
        )
        clusters.append(
            QuestionCluster(
                key=readable_key(category, texts[:DESCRIBE_WORDINGS]),
                rank=0,
                status=status,
                canonical_question=canonical,
                variants=variants(texts[:DESCRIBE_WORDINGS], canonical),
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
        # What an entry drafted from this type remembers (title, variants), and how customers asked.
        wordings.append([clusters[-1].canonical_question, *clusters[-1].variants, *texts[:MATCH_WORDINGS]])
    order = sorted(range(len(clusters)), key=lambda i: (-clusters[i].tickets, -clusters[i].customers, clusters[i].key))
    clusters, wordings = [clusters[i] for i in order], [wordings[i] for i in order]
    _dedupe_keys(clusters)
    for rank, cluster in enumerate(clusters, start=1):
        cluster.rank = rank
    _mark_covered(clusters, wordings, content_dir, earlier=earlier)
    return clusters


def _dedupe_keys(clusters: list[QuestionCluster]) -> None:
    seen: Counter[str] = Counter()
    for cluster in clusters:
        seen[cluster.key] += 1
        if seen[cluster.key] > 1:
            digest = hashlib.blake2b(" ".join(cluster.keywords).encode(), digest_size=3).hexdigest()
            cluster.key = f"{cluster.key}-{digest}"


def _earlier_report(out: Path, until: datetime) -> MiningReport | None:
    """The newest readable report in ``out`` up to ``until`` (the one this run follows), if any.

    Names carry the date (``questions-<date>.json``), so reports are read newest first and reading stops
    at the first that fits.
    """
    for path in sorted(out.glob("questions-*.json"), reverse=True) if out.is_dir() else []:
        if path.stem.removeprefix("questions-") > until.date().isoformat():
            continue
        try:
            report = load_report(path)
        except FaqBuilderError:
            continue  # an older schema or a foreign file: nothing to carry over from it
        if datetime.fromisoformat(report.until) <= until:
            return report
    return None


def _check_content(content_dir: Path) -> None:
    """Fail before the long work, not after it, when FAQ entries or the curation file cannot be read."""
    from .content import FAQ_DIR, load_entries
    from .curate import load_curation

    if (content_dir / FAQ_DIR).exists():
        load_entries(content_dir)
    load_curation(content_dir)


def _mark_covered(
    clusters: list[QuestionCluster],
    wordings: list[list[str]],
    content_dir: Path,
    *,
    earlier: MiningReport | None = None,
) -> None:
    """Give each question type that editors already dealt with its status, by what it means.

    Question types, entries and ignored questions are compared by the centre of their wordings (a
    type's most central tickets; an entry's title and variants): keys are labels for people and
    change when the words that dominate a window change, meanings do not. ``ignored``: an editor ran
    ``faq-builder ignore`` on its key, or on a question nearer to it than any other question type is.
    ``covered`` (or ``retired``): the entry nearest to the type is as near its centre as the type's own
    wordings at its edge (EDGE_QUANTILE), and nearer than any question type that some other entry (or none) is
    nearest to. Pieces of one question thus all find its entry; a title alone is not enough (an
    editor may retitle, unrelated types may share a title). A type no entry is near by meaning
    keeps the entry that most of its tickets had in the ``earlier`` report (windows overlap: a
    ticket asked the same question last run), so moving the window never loses an entry. Retired
    entries still match, so a retired question is not drafted again.
    """
    from .content import FAQ_DIR, load_entries
    from .curate import load_curation

    live = [position for position, c in enumerate(clusters) if c.status != "incident"]
    ignored = load_curation(content_dir).ignored
    entries = load_entries(content_dir) if (content_dir / FAQ_DIR).exists() else []
    if not live or not (ignored or entries):
        return
    groups = [wordings[position][:MATCH_WORDINGS] for position in live]
    centres, cohesion = _centres(
        groups
        + [[item.question, *item.variants] for item in ignored]
        + [[entry.title, *entry.variants] for entry in entries],
        own=len(groups),
    )
    cluster_vectors, item_vectors, entry_vectors = np.split(centres, [len(live), len(live) + len(ignored)])
    live_clusters = [clusters[position] for position in live]
    if ignored:
        _mark_ignored(live_clusters, cluster_vectors, item_vectors, {item.key for item in ignored})
    remaining = [i for i, c in enumerate(live_clusters) if c.status != "ignored"]
    if not entries or not remaining:
        return
    cluster_vectors, cohesion = cluster_vectors[remaining], cohesion[remaining]
    live_clusters = [live_clusters[i] for i in remaining]
    similarity = cluster_vectors @ entry_vectors.T  # question types x entries
    best = np.argmax(similarity, axis=1)
    between = cluster_vectors @ cluster_vectors.T
    for position, cluster in enumerate(live_clusters):
        score = float(similarity[position, best[position]])
        if score < cohesion[position] or score <= between[position, best != best[position]].max(initial=-1.0):
            continue
        _cover(cluster, entries[int(best[position])], round(score, 3))
    if earlier is not None:
        _carry_over(live_clusters, entries, earlier)


def _cover(cluster: QuestionCluster, entry: FaqEntry, score: float) -> None:
    cluster.status = "retired" if entry.status == "retired" else "covered"
    cluster.covered_by = {"slug": entry.slug, "title": entry.title, "status": entry.status, "score": score}


def _carry_over(clusters: list[QuestionCluster], entries: list[FaqEntry], earlier: MiningReport) -> None:
    """A type still ``new`` keeps the entry a strict majority of its tickets had in the earlier report.

    An earlier type's entry is the one that covered it (followed through merges by ``aliases``) or the
    one drafted for it (its key in ``cluster_keys``). The score is the share of shared tickets.
    """
    by_slug = {alias: entry for entry in entries for alias in (entry.slug, *entry.aliases)}
    by_key = {key: entry for entry in entries for key in entry.cluster_keys}
    entry_of: dict[str, FaqEntry] = {}
    for old in earlier.clusters:
        entry = by_slug.get(str(old.covered_by["slug"])) if old.covered_by else by_key.get(old.key)
        if entry is not None:
            entry_of.update(dict.fromkeys(old.ticket_ids, entry))
    for cluster in clusters:
        if cluster.status != "new":
            continue
        votes = Counter(entry_of[ticket].slug for ticket in cluster.ticket_ids if ticket in entry_of)
        if votes:
            slug, count = votes.most_common(1)[0]
            if count * 2 > cluster.tickets:
                _cover(cluster, by_slug[slug], round(count / cluster.tickets, 3))


#: Most central wordings of a question type that stand for it when matching entries.
MATCH_WORDINGS = 50
#: An entry covers a type only if it is as near the type's centre as the type's own wordings at this quantile
#: (0.25: a wording at the type's edge; a broad question's entry need not beat its typical wording).
EDGE_QUANTILE = 0.25
#: Most central wordings that give a question type its key and variants (a huge type costs no more).
DESCRIBE_WORDINGS = 300


def _centres(groups: list[list[str]], *, own: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit centre of each group's wordings (one vector space), and for the first ``own`` groups the
    EDGE_QUANTILE of their wordings' similarities to their centre (how close a wording at the edge is)."""
    texts = [text for group in groups for text in group]
    vectors = question_vectors(texts)
    bounds = np.cumsum([0, *map(len, groups)])
    centres = np.stack([vectors[a:b].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    cohesion = np.array(
        [float(np.quantile(vectors[bounds[i] : bounds[i + 1]] @ centres[i], EDGE_QUANTILE)) for i in range(own)],
        dtype=np.float32,
    )
    return centres, cohesion


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
