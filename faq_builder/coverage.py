"""Coverage: which question types an FAQ entry already answers, or editors ignored, matched by meaning."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from .clustering import question_vectors
from .content import FAQ_DIR, FaqEntry, load_entries
from .curation import load_curation
from .models import ClusterStatus, EntryStatus
from .report import Coverage, MiningReport, QuestionCluster

#: Most central wordings of a question type that stand for it when matching entries.
MATCH_WORDINGS = 50
#: An entry covers a type only if it is as near the type's centre as the type's own wordings at this quantile
#: (0.25: a wording at the type's edge; a broad question's entry need not beat its typical wording).
EDGE_QUANTILE = 0.25


def mark_covered(
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
    live = [position for position, c in enumerate(clusters) if c.status is not ClusterStatus.INCIDENT]
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
    remaining = [i for i, c in enumerate(live_clusters) if c.status is not ClusterStatus.IGNORED]
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
    cluster.status = ClusterStatus.RETIRED if entry.status is EntryStatus.RETIRED else ClusterStatus.COVERED
    cluster.covered_by = Coverage(entry.slug, entry.title, entry.status, score)


def _carry_over(clusters: list[QuestionCluster], entries: list[FaqEntry], earlier: MiningReport) -> None:
    """A type still ``new`` keeps the entry a strict majority of its tickets had in the earlier report.

    An earlier type's entry is the one that covered it (followed through merges by ``aliases``) or the
    one drafted for it (its key in ``cluster_keys``). The score is the share of shared tickets.
    """
    by_slug = {alias: entry for entry in entries for alias in (entry.slug, *entry.aliases)}
    by_key = {key: entry for entry in entries for key in entry.cluster_keys}
    entry_of: dict[str, FaqEntry] = {}
    for old in earlier.clusters:
        entry = by_slug.get(old.covered_by.slug) if old.covered_by else by_key.get(old.key)
        if entry is not None:
            entry_of.update(dict.fromkeys(old.ticket_ids, entry))
    for cluster in clusters:
        if cluster.status is not ClusterStatus.NEW:
            continue
        votes = Counter(entry_of[ticket].slug for ticket in cluster.ticket_ids if ticket in entry_of)
        if votes:
            slug, count = votes.most_common(1)[0]
            if count * 2 > cluster.tickets:
                _cover(cluster, by_slug[slug], round(count / cluster.tickets, 3))


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
            cluster.status = ClusterStatus.IGNORED
    if len(clusters) < 2:
        return
    to_items = item_vectors @ vectors.T  # items x clusters
    for row in to_items:
        position = int(np.argmax(row))
        if row[position] > nearest_other[position]:
            clusters[position].status = ClusterStatus.IGNORED
