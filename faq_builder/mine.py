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
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from . import stop
from .atomic import ensure_writable_folder
from .categories import guess_category
from .cleaning import strip_greeting
from .clustering import cluster_questions
from .content import FAQ_DIR, load_entries
from .coverage import MATCH_WORDINGS, mark_covered
from .curation import load_curation
from .errors import ConfigError, FaqBuilderError
from .hours import SupportHours
from .models import ClusterStatus, Ticket, Trend
from .parallel import default_workers, worker_pool
from .privacy import Redactor
from .report import SCHEMA_VERSION, MiningReport, QuestionCluster, load_report, propose_twins, write_report
from .store import TicketStore, previous_window_bounds, window_bounds
from .wording import canonical_question, content_words, readable_key, variants


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


def _trend(current: int, previous: int) -> tuple[Trend, float | None]:
    if previous == 0:
        return (Trend.NEW if current else Trend.FLAT), None
    ratio = current / previous
    if ratio >= 1.25:
        return Trend.UP, round(ratio, 2)
    if ratio <= 0.8:
        return Trend.DOWN, round(ratio, 2)
    return Trend.FLAT, round(ratio, 2)


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
    hours: SupportHours | None = None,
    redactor: Redactor | None = None,
    seed: int = 0,
) -> MiningReport:
    """Find the window's question types and write the JSON and Markdown reports; returns the report."""
    if days < 1 or top < 1 or min_tickets < 1:
        raise ConfigError("--days, --top and --min-tickets must be at least 1")
    # Fail before the long work, not after it: reports that cannot be written, FAQ entries or the curation
    # file that cannot be read.
    if (Path(content_dir) / FAQ_DIR).exists():
        load_entries(Path(content_dir))
    load_curation(Path(content_dir))
    ensure_writable_folder(out, what="reports")
    until = (until or datetime.now(UTC)).astimezone(UTC)
    hours = hours or SupportHours()
    zone = hours.zone()
    redactor = redactor or Redactor()
    start, end = window_bounds(until=until, days=days)
    previous_start, previous_end = previous_window_bounds(until=until, days=days)
    with TicketStore.open_existing(db) as store:
        current = _mined(store.tickets_between(start, end), redactor)
        previous = _mined(store.tickets_between(previous_start, previous_end), redactor)
        tickets, previous_tickets = len(current), len(previous)
        # Searches of the help site that found nothing are questions too (received by `faq-builder serve-api`).
        current += _searched(store.failed_searches_between(start, end), redactor)
        previous += _searched(store.failed_searches_between(previous_start, previous_end), redactor)
    report = MiningReport(
        schema_version=SCHEMA_VERSION,
        until=until.isoformat(timespec="seconds"),
        window={"start": start.isoformat(timespec="seconds"), "end": end.isoformat(timespec="seconds"), "days": days},
        previous_window={
            "start": previous_start.isoformat(timespec="seconds"),
            "end": previous_end.isoformat(timespec="seconds"),
        },
        support_hours=hours.describe(),
        tickets=tickets,
        previous_tickets=previous_tickets,
        searches=len(current) - tickets,
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
    write_report(report, Path(out), until)
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
        questions = []
        with worker_pool(workers, _init_worker, (redactor,)) as pool:
            for chunk in pool.map(_redact_chunk, chunks):
                stop.raise_if_requested()  # Ctrl-C between chunks (see stop.deferred)
                questions += chunk
    return [_MinedTicket.of(ticket, question) for ticket, question in zip(tickets, questions, strict=True)]


#: The channel of a search of the help site that found nothing: a question asked where no ticket was written.
SEARCH_CHANNEL = "site_search"


def _searched(searches: list[tuple[datetime, str, str]], redactor: Redactor) -> list[_MinedTicket]:
    """Searches without results as questions (already scrubbed by the site and the API; redacted once more)."""
    return [
        _MinedTicket(f"search:{n}", _question(query, redactor), when, SEARCH_CHANNEL, f"search:{n}", language, (), "")
        for n, (when, query, language) in enumerate(searches)
    ]


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
        category = guess_category(texts, Counter(tag for t in member_tickets for tag in t.tags))
        concentration, peak = _concentration([t.created_at.astimezone(zone).date() for t in member_tickets])
        trend, ratio = _trend(members.size, before)
        incident = is_incident(members.size, before, concentration, min_tickets=report.min_tickets)
        status = ClusterStatus.INCIDENT if incident else ClusterStatus.NEW
        searched = sum(1 for t in member_tickets if t.channel == SEARCH_CHANNEL)
        clusters.append(
            QuestionCluster(
                key=readable_key(category, texts[:DESCRIBE_WORDINGS]),
                rank=0,
                status=status,
                canonical_question=canonical,
                variants=variants(texts[:DESCRIBE_WORDINGS], canonical),
                keywords=keywords,
                category=category,
                tickets=int(members.size) - searched,
                searches=searched,
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
                peak_days=peak if incident else [],
                ticket_ids=sorted(t.external_id for t in member_tickets if t.channel != SEARCH_CHANNEL),
            )
        )
        # What an entry drafted from this type remembers (title, variants), and how customers asked.
        wordings.append([clusters[-1].canonical_question, *clusters[-1].variants, *texts[:MATCH_WORDINGS]])
    ranked = sorted(range(len(clusters)), key=lambda i: (-clusters[i].asked, -clusters[i].customers, clusters[i].key))
    clusters, wordings = [clusters[i] for i in ranked], [wordings[i] for i in ranked]
    _dedupe_keys(clusters)
    for rank, cluster in enumerate(clusters, start=1):
        cluster.rank = rank
    mark_covered(clusters, wordings, content_dir, earlier=earlier)
    propose_twins(clusters, load_entries(content_dir) if (content_dir / FAQ_DIR).exists() else [])
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


#: Most central wordings that give a question type its key and variants (a huge type costs no more).
DESCRIBE_WORDINGS = 300
