"""Group differently-worded questions without being told how many groups there are.

Each question becomes a vector that joins two views: character n-grams
(TF-IDF reduced by SVD; language-independent, works for Thai and Chinese
without word splitting) and a static semantic embedding (distilled from
all-MiniLM-L6-v2; weighted by the share of Latin letters its vocabulary
knows, so other scripts fall back to n-grams). Each script is clustered on
its own, in four steps whose thresholds all come from the data itself:

1. density (HDBSCAN) finds the dense question types, however many there are;
   each is cut where the nearest-neighbour graph's communities (Louvain, five
   seeds) cut it;
2. a question outside them joins the type most of its nearest neighbours are in;
   the rest are grouped among themselves only as tightly as the dense types
   hold together; what is still outside joins a type only if it lies as near
   that type's centre as the type's own wordings do; one-offs stay unclustered;
3. a type whose nearest-neighbour links go mostly to one other type, about as
   densely as its own, is a piece of that type and joins it;
4. where agents' replies are known, they are a second view from outside the
   question text: a type whose replies fall in two groups that the wordings
   also tell apart is two questions sharing words and splits; two types
   answered alike (the same macro or a paraphrase of it; stock replies that
   answer everything weigh little) are one question asked in two ways and merge.

Large inputs run the same steps on a sample of distinct questions (drawn in
proportion to how often each was asked) and the rest join by their nearest
sampled neighbours, so time and memory stay bounded.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

#: Weight of the semantic view for text its vocabulary fully covers (the rest is character n-grams).
SEMANTIC_WEIGHT = 0.6
NEIGHBOURS = 15
#: Each point's scale is its distance to this neighbour (see _communities).
LOCAL_SCALE = 3
#: Below this modularity a partition shows no structure (nearly complete graph) and everything is one group.
MIN_MODULARITY = 0.1
#: HDBSCAN: the fewest distinct wordings that make a dense question type, and its density neighbourhood.
MIN_CLUSTER_SIZE = 5
MIN_SAMPLES = 3
#: Neighbours that vote on where a question outside the dense types belongs (a strict majority decides).
VOTERS = 10
CLOSE_VOTERS = 5
#: Leftover questions group together no looser than this quantile of the dense types' own spreads (1: the loosest).
SPREAD_QUANTILE = 1.0
#: A question outside every type joins the nearest one if it is as close as this quantile of the type's own wordings.
RADIUS_QUANTILE = 0.9
#: Two types whose replies are as alike across as within them (this share of it) are one question.
REPLY_RATIO = 0.7
#: Replies this similar are the same text (a macro); one spread over many types says little.
SAME_REPLY = 0.9
#: Wordings whose nearest neighbours judge a split by replies, and how far from chance towards perfect they
#: must agree with it (0.5: halfway).
SPLIT_NEIGHBOURS = 5
SPLIT_AGREEMENT = 0.5
#: Replies compared per type (an evenly spread sample keeps large types cheap).
REPLIES_PER_TYPE = 200
REPLIES_IN_ALL = 4000
#: Above this many distinct questions, the steps run on a weighted sample and the rest join it.
SAMPLE_FROM = 3000
#: Louvain runs (seeds) whose communities all cut a dense type: the cuts every run agrees on are stable when
#: the window moves by a few tickets, where one run's cuts are not.
LOUVAIN_RUNS = 5
SVD_FROM = 256
#: Above this many questions the n-gram vocabulary and SVD are fitted on a sample (memory stays bounded).
FIT_SAMPLE = 20000
CHUNK = 20000
SVD_COMPONENTS = 128
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")


def _latin_share(text: str) -> float:
    letters = _LETTER.findall(text)
    return sum(letter.isascii() for letter in letters) / len(letters) if letters else 0.0


def normalise_question(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


@dataclass(slots=True)
class Clustering:
    """Community label per input text (-1: left unclustered), and the vectors behind them.

    Vectors are kept once per distinct question of each script group, not once per text, so a million
    tickets asking a hundred thousand different things cost a hundred thousand vectors.
    """

    labels: np.ndarray
    _groups: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    _group_of: np.ndarray | None = None
    _position: np.ndarray | None = None

    def vectors_of(self, indices: np.ndarray) -> np.ndarray:
        """Vectors of the given texts; they must share a script group (as members of one cluster do)."""
        if len(indices) == 0:
            return np.empty((0, 0), dtype=np.float32)
        assert self._group_of is not None and self._position is not None
        groups = np.unique(self._group_of[indices])
        if groups.size != 1:
            raise ValueError("texts of different scripts have no common vector space")
        inverse, vectors = self._groups[int(groups[0])]
        return vectors[inverse[self._position[indices]]]


def question_vectors(texts: list[str], *, seed: int = 0) -> np.ndarray:
    """Unit vectors joining character n-gram and semantic views (see module docstring)."""
    from sklearn.preprocessing import normalize

    from .embeddings import load_embedder

    normalised = [normalise_question(text) for text in texts]
    latin = np.array([_latin_share(text) for text in normalised], dtype=np.float32)
    chars = _char_view(normalised, latin, seed=seed)
    chars = normalize(chars).astype(np.float32)
    semantic, known = load_embedder().embed(normalised)
    # The semantic model learnt English: trust it in proportion to the text's Latin letters it knows.
    weight = (SEMANTIC_WEIGHT * known * latin)[:, None]
    joined = np.empty((len(texts), chars.shape[1] + semantic.shape[1]), dtype=np.float32)
    np.multiply(chars, np.sqrt(1 - weight), out=joined[:, : chars.shape[1]])
    np.multiply(semantic, np.sqrt(weight), out=joined[:, chars.shape[1] :])
    del chars, semantic
    joined /= np.maximum(np.linalg.norm(joined, axis=1, keepdims=True), 1e-12)
    return joined


def _char_view(normalised: list[str], latin: np.ndarray, *, seed: int) -> np.ndarray:
    """Character n-gram TF-IDF, reduced by SVD; fitted on a sample and applied in chunks to bound memory."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    count = len(normalised)
    fit_rows = np.arange(count)
    if count > FIT_SAMPLE:
        fit_rows = np.sort(np.random.default_rng(seed).choice(count, FIT_SAMPLE, replace=False))
    fit_texts = [normalised[i] for i in fit_rows]
    words = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        sublinear_tf=True,
        min_df=2 if len(fit_texts) >= 50 else 1,
        dtype=np.float32,
    )
    fitted = [words.fit_transform(fit_texts)]
    # Scripts without spaces or Latin letters (Chinese, Thai, Cyrillic): single characters and pairs carry
    # meaning, so they get a block of their own, zero for Latin-script questions.
    other = latin < 0.5
    letters = None
    if np.count_nonzero(other[fit_rows]) >= 2:
        letters = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
        letters.fit([text for text, is_other in zip(fit_texts, other[fit_rows], strict=True) if is_other])
        fitted.append(sparse.diags(other[fit_rows].astype(np.float32)) @ letters.transform(fit_texts))
    sample_matrix = sparse.hstack(fitted).tocsr()

    def matrix(rows: np.ndarray) -> sparse.csr_matrix:
        texts = [normalised[i] for i in rows]
        blocks = [words.transform(texts)]
        if letters is not None:
            blocks.append(sparse.diags(other[rows].astype(np.float32)) @ letters.transform(texts))
        return sparse.hstack(blocks).tocsr()

    if count <= SVD_FROM:
        return sample_matrix.toarray()
    svd = TruncatedSVD(SVD_COMPONENTS, random_state=seed)
    if count <= FIT_SAMPLE:
        return svd.fit_transform(sample_matrix).astype(np.float32)
    svd.fit(sample_matrix)
    del sample_matrix
    return np.vstack(
        [
            svd.transform(matrix(np.arange(at, min(count, at + CHUNK)))).astype(np.float32)
            for at in range(0, count, CHUNK)
        ]
    )


def _communities(points: np.ndarray, *, seeds: list[int]) -> np.ndarray:
    """Louvain communities of the nearest-neighbour graph, with locally scaled edge weights: one column of
    labels per seed (the graph is built once).

    An edge weighs exp(-d^2 / (sigma_i * sigma_j)), where d is the cosine distance and sigma a point's
    distance to its LOCAL_SCALE-th neighbour (self-tuning local scaling, Zelnik-Manor and Perona 2004):
    dense groups (a question asked in near-identical words) and loose ones (asked in many ways) are
    judged each against its own spread, with no global threshold.
    """
    import networkx as nx

    count = len(points)
    if count == 1:
        return np.zeros((1, len(seeds)), dtype=np.int64)
    # Few questions: few neighbours, or the graph is nearly complete and modularity splits it at random.
    neighbours = max(1, min(NEIGHBOURS, count - 1, int(np.sqrt(count))))
    scale_rank = min(LOCAL_SCALE, neighbours)
    nearest, similarity = _nearest(points, points, neighbours, exclude_self=True)
    distance = np.clip(1.0 - similarity, 0, 2)
    sigma = np.maximum(distance[:, scale_rank - 1], 1e-3)  # nearest first
    weights = np.exp(-(distance**2) / (sigma[:, None] * sigma[nearest]))
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_weighted_edges_from(
        (index, int(other), float(weight))
        for index in range(count)
        for other, weight in zip(nearest[index], weights[index], strict=True)
        if weight > 0
    )
    labels = np.zeros((count, len(seeds)), dtype=np.int64)
    for column, seed in enumerate(seeds):
        communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        if nx.community.modularity(graph, communities, weight="weight") < MIN_MODULARITY:
            # No community structure (a handful of wordings of one question): a split would be arbitrary.
            continue
        for label, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
            labels[list(members), column] = label
    return labels


def script_group(text: str) -> str:
    """ "latin" for Latin-script text, else the Unicode script of its first non-Latin letter (CJK, THAI, ...)."""
    if _latin_share(text) >= 0.5:
        return "latin"
    for letter in _LETTER.findall(text):
        if not letter.isascii():
            return unicodedata.name(letter, "OTHER").split()[0]
    return "latin"


def cluster_questions(
    texts: list[str], *, replies: list[str] | None = None, min_size: int = 2, seed: int = 0
) -> Clustering:
    """Label each text with its question type; groups smaller than ``min_size`` become -1.

    ``replies`` (the agents' first reply per text, "" where none) let step 4 of the module docstring
    merge one question asked in two ways. Each script (Latin, Chinese, Thai, Cyrillic, ...) is
    clustered on its own, so a handful of Thai tickets is not swallowed by a thousand English ones;
    vectors are only comparable within a script.
    """
    if not texts:
        return Clustering(np.empty(0, dtype=np.int64))
    if replies is not None and len(replies) != len(texts):
        raise ValueError("one reply (or '') per question")
    normalised = [normalise_question(text) for text in texts]
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(normalised):
        groups.setdefault(script_group(text), []).append(index)
    labels = np.full(len(texts), -1, dtype=np.int64)
    group_of = np.empty(len(texts), dtype=np.int32)
    position = np.empty(len(texts), dtype=np.int64)
    parts = []
    offset = 0
    for number, name in enumerate(sorted(groups, key=lambda g: (-len(groups[g]), g))):
        members = np.array(groups[name])
        group_labels, inverse, vectors = _cluster_group([normalised[i] for i in members], seed=seed)
        if replies is not None:
            rows, reply_vectors = _reply_view(group_labels, [replies[i] for i in members], seed=seed)
            group_labels = _split_by_replies(group_labels, rows, reply_vectors, vectors[inverse], seed=seed)
            group_labels = _merge_by_replies(group_labels, rows, reply_vectors)
        group_labels = _dense_labels(group_labels)
        labels[members] = np.where(group_labels >= 0, group_labels + offset, -1)
        offset += int(group_labels.max()) + 1
        group_of[members] = number
        position[members] = np.arange(members.size)
        parts.append((inverse, vectors))
    sizes = np.bincount(labels[labels >= 0], minlength=offset)
    labels[(labels >= 0) & (sizes[np.maximum(labels, 0)] < min_size)] = -1
    return Clustering(labels, parts, group_of, position)


def _cluster_group(normalised: list[str], *, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels per (normalised) text (-1: a one-off), the index of each text's distinct question, their vectors."""
    unique: dict[str, int] = {}
    inverse = np.array([unique.setdefault(text, len(unique)) for text in normalised])
    distinct = list(unique)
    vectors = question_vectors(distinct, seed=seed)
    counts = np.bincount(inverse, minlength=len(distinct))
    if len(distinct) <= SAMPLE_FROM:
        return _question_types(vectors, counts, seed=seed)[inverse], inverse, vectors
    # Frequent wordings are surely in the sample; the rest join by their nearest sampled neighbours.
    sample = np.sort(
        np.random.default_rng(seed).choice(len(distinct), SAMPLE_FROM, replace=False, p=counts / counts.sum())
    )
    sampled_labels = _question_types(vectors[sample], counts[sample], seed=seed)
    distinct_labels = np.full(len(distinct), -1, dtype=np.int64)
    distinct_labels[sample] = sampled_labels
    rest = np.setdiff1d(np.arange(len(distinct)), sample)
    for start in range(0, rest.size, 4096):
        chunk = rest[start : start + 4096]
        nearest, _ = _nearest(vectors[chunk], vectors[sample], VOTERS)
        distinct_labels[chunk] = _majority(sampled_labels[nearest])
    return distinct_labels[inverse], inverse, vectors


def _question_types(vectors: np.ndarray, counts: np.ndarray, *, seed: int) -> np.ndarray:
    """Steps 1-3 of the module docstring on distinct questions; -1 for one-offs."""
    from sklearn.cluster import HDBSCAN

    count = len(vectors)
    if count == 1:
        return np.zeros(1, dtype=np.int64) if counts[0] >= 2 else np.full(1, -1, dtype=np.int64)
    labels = np.full(count, -1, dtype=np.int64)
    if count > MIN_CLUSTER_SIZE:
        dense = HDBSCAN(min_cluster_size=MIN_CLUSTER_SIZE, min_samples=MIN_SAMPLES, copy=True).fit_predict(vectors)
        communities = _communities(vectors, seeds=[seed + run for run in range(LOUVAIN_RUNS)])
        pairs: dict[tuple[int, ...], int] = {}
        for index in np.flatnonzero(dense >= 0):
            labels[index] = pairs.setdefault((int(dense[index]), *communities[index].tolist()), len(pairs))
    nearest, _ = _nearest(vectors, vectors, VOTERS, exclude_self=True)
    outside = labels < 0
    labels[outside] = _majority(labels[nearest[outside]])
    labels = _regroup_leftovers(vectors, counts, labels)
    outside = labels < 0
    labels[outside] = _majority(labels[nearest[outside, :CLOSE_VOTERS]])
    return _merge_pieces(_join_within_radius(vectors, labels), nearest)


def _join_within_radius(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """A question still outside joins the nearest type whose own wordings reach as far from its centre."""
    kinds = np.unique(labels[labels >= 0])
    left = np.flatnonzero(labels < 0)
    if kinds.size == 0 or left.size == 0:
        return labels
    centroids = np.stack([vectors[labels == k].mean(axis=0) for k in kinds])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    radius = np.array(
        [np.quantile(1 - vectors[labels == k] @ centroids[i], RADIUS_QUANTILE) for i, k in enumerate(kinds)]
    )
    distance = 1 - vectors[left] @ centroids.T
    best = np.argmin(distance, axis=1)
    inside = distance[np.arange(left.size), best] <= radius[best]
    labels = labels.copy()
    labels[left[inside]] = kinds[best[inside]]
    return labels


def _nearest(
    points: np.ndarray, among: np.ndarray, k: int, *, exclude_self: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Indices and cosine similarities of each point's ``k`` nearest points in ``among``, nearest first."""
    k = max(1, min(k, len(among) - (1 if exclude_self else 0)))
    nearest = np.empty((len(points), k), dtype=np.int64)
    similarity = np.empty((len(points), k), dtype=np.float32)
    for start in range(0, len(points), 1024):
        block = points[start : start + 1024] @ among.T
        if exclude_self:
            block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -np.inf
        chosen = np.argpartition(-block, k - 1, axis=1)[:, :k]
        values = np.take_along_axis(block, chosen, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        nearest[start : start + block.shape[0]] = np.take_along_axis(chosen, order, axis=1)
        similarity[start : start + block.shape[0]] = np.take_along_axis(values, order, axis=1)
    return nearest, similarity


def _majority(neighbour_labels: np.ndarray) -> np.ndarray:
    """Per row, the label held by a strict majority of the row's neighbours, else -1."""
    out = np.full(len(neighbour_labels), -1, dtype=np.int64)
    for row, labels in enumerate(neighbour_labels):
        held = labels[labels >= 0]
        if held.size:
            values, votes = np.unique(held, return_counts=True)
            if votes.max() * 2 > labels.size:
                out[row] = values[np.argmax(votes)]
    return out


def _mean_distance(vectors: np.ndarray) -> float:
    """Mean pairwise cosine distance of unit vectors, from their sum (no n x n matrix)."""
    total = vectors.sum(axis=0)
    return 1.0 - float(total @ total - len(vectors)) / (len(vectors) * (len(vectors) - 1))


def _regroup_leftovers(vectors: np.ndarray, counts: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Group the questions outside the dense types among themselves, as tightly as dense types hold together.

    Average linkage stops at the SPREAD_QUANTILE of the dense types' mean pairwise distances, so a
    leftover group is no looser than a typical question type; groups asked fewer than 3 times stay out.
    """
    from sklearn.cluster import AgglomerativeClustering

    left = np.flatnonzero(labels < 0)
    if left.size < 2:
        return labels
    spreads = [
        _mean_distance(vectors[members])
        for members in (np.flatnonzero(labels == label) for label in np.unique(labels[labels >= 0]))
        if members.size > 1
    ]
    # Without any dense type to learn from (a handful of questions), wordings of one question are taken to be
    # at least as close as two questions picked at random.
    threshold = float(np.quantile(spreads, SPREAD_QUANTILE)) if spreads else _mean_distance(vectors[left])
    groups = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=max(threshold, 1e-6)
    ).fit_predict(vectors[left])
    labels = labels.copy()
    next_label = int(labels.max()) + 1
    for group in np.unique(groups):
        members = left[groups == group]
        if counts[members].sum() >= 3:
            labels[members] = next_label
            next_label += 1
    return labels


def _merge_pieces(labels: np.ndarray, nearest: np.ndarray) -> np.ndarray:
    """Step 3: a type whose outside links mostly reach one type, at >= 1/3 of the sparser own density, joins it."""
    labels = _dense_labels(labels)
    merged = True
    while merged:
        merged = False
        kinds, sizes = np.unique(labels[labels >= 0], return_counts=True)
        for label in kinds[np.argsort(sizes, kind="stable")]:
            members = np.flatnonzero(labels == label)
            if members.size == 0:
                continue
            links = labels[nearest[members]].ravel()
            outside = links[(links != label) & (links >= 0)]
            if outside.size == 0:
                continue
            targets, votes = np.unique(outside, return_counts=True)
            target = targets[np.argmax(votes)]
            if votes.max() * 2 <= np.count_nonzero(links != label):
                continue
            others = np.flatnonzero(labels == target)
            back = labels[nearest[others]]
            cross = (votes.max() + np.count_nonzero(back == label)) / (members.size * others.size)
            own = min(
                np.count_nonzero(links == label) / max(1, members.size * (members.size - 1)),
                np.count_nonzero(back == target) / max(1, others.size * (others.size - 1)),
            )
            if cross * 3 >= own:
                labels[members] = target
                merged = True
    return _dense_labels(labels)


def _dense_labels(labels: np.ndarray) -> np.ndarray:
    """Labels renumbered 0..k-1 by first appearance; -1 stays -1."""
    out = np.full(len(labels), -1, dtype=np.int64)
    kept = labels >= 0
    _values, first, inverse = np.unique(labels[kept], return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first, kind="stable"), kind="stable")
    out[kept] = rank[inverse]
    return out


def _reply_view(labels: np.ndarray, replies: list[str], *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The answered texts step 4 compares (an even sample of each type) and their replies' vectors.

    At most REPLIES_PER_TYPE per type and REPLIES_IN_ALL in all, so the similarity matrix stays small
    however many tickets there are; one vector space for all, so any two types can be compared.
    """
    answered = np.array([bool(reply.strip()) for reply in replies]) & (labels >= 0)
    kinds = np.unique(labels[answered])
    if kinds.size == 0:
        return np.empty(0, dtype=np.int64), np.empty((0, 0), dtype=np.float32)
    per_type = max(2 * (SPLIT_NEIGHBOURS + 1), min(REPLIES_PER_TYPE, REPLIES_IN_ALL // kinds.size))
    rng = np.random.default_rng(seed)
    rows = np.concatenate(
        [
            np.sort(rng.choice(members, per_type, replace=False)) if members.size > per_type else members
            for members in (np.flatnonzero(answered & (labels == kind)) for kind in kinds)
        ]
    )
    return rows, question_vectors([replies[i] for i in rows], seed=seed)


def _merge_by_replies(labels: np.ndarray, rows: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Step 4b: merge types answered alike, most alike first, while the pair is each other's best partner.

    ``rows`` are the answered texts sampled by :func:`_reply_view`, ``vectors`` their replies' vectors.
    Two types' likeness is their mean cross reply similarity over the larger of their own mean
    within similarities. Each reply weighs 1 / (number of types its near-identical copies answer),
    so a stock reply sent to everything ("thanks, we're looking into it") cannot join questions.
    """
    kinds = np.unique(labels[labels >= 0])
    if kinds.size < 2 or rows.size < 2:
        return labels
    slot = {int(kind): number for number, kind in enumerate(kinds)}
    similarity = vectors @ vectors.T
    membership = np.zeros((rows.size, kinds.size))
    membership[np.arange(rows.size), [slot[int(label)] for label in labels[rows]]] = 1
    spread = (((similarity >= SAME_REPLY).astype(np.float64) @ membership) > 0).sum(axis=1)
    weights = membership / spread[:, None]
    pair_sums = weights.T @ similarity @ weights
    totals = weights.sum(axis=0)
    self_sums = (weights**2).sum(axis=0)
    alive = np.ones(kinds.size, dtype=bool)
    parent = np.arange(kinds.size)
    while True:
        pairs_weight = totals**2 - self_sums
        with np.errstate(invalid="ignore", divide="ignore"):
            within = np.where(pairs_weight > 1e-9, (np.diag(pair_sums) - self_sums) / pairs_weight, np.nan)
            ratio = pair_sums / np.outer(totals, totals) / np.fmax.outer(within, within)
        ratio[~alive] = -np.inf
        ratio[:, ~alive] = -np.inf
        np.fill_diagonal(ratio, -np.inf)
        ratio[~np.isfinite(ratio)] = -np.inf
        best = np.argmax(ratio, axis=1)
        pairs = sorted(
            ((ratio[a, best[a]], a, best[a]) for a in np.flatnonzero(alive) if best[best[a]] == a and a < best[a]),
            reverse=True,
        )
        pairs = [pair for pair in pairs if pair[0] >= REPLY_RATIO]
        if not pairs:
            break
        for _ratio, keep, fold in pairs:
            pair_sums[keep, :] += pair_sums[fold, :]
            pair_sums[:, keep] += pair_sums[:, fold]
            pair_sums[fold, :] = 0
            pair_sums[:, fold] = 0
            totals[keep] += totals[fold]
            self_sums[keep] += self_sums[fold]
            alive[fold] = False
            parent[parent == fold] = keep
    merged = labels.copy()
    for kind in kinds:
        merged[labels == kind] = kinds[parent[slot[int(kind)]]]
    return merged


def _split_by_replies(
    labels: np.ndarray, rows: np.ndarray, replies: np.ndarray, questions: np.ndarray, *, seed: int
) -> np.ndarray:
    """Step 4a: split a type whose replies form two groups that its customers' wordings also tell apart.

    Two questions that share words ("my item arrived damaged", "I got the wrong item") fall in one
    type; their agents answer them with different macros. The type's sampled replies (``rows`` with
    their vectors ``replies``) are split in two (2-means); the split stands when the halves' replies
    are less alike across than REPLY_RATIO of within (so step 4b would not merge them back) and the
    questions' own nearest neighbours mostly agree with it (agreement at least SPLIT_AGREEMENT of
    the way from chance to perfect). One question answered by several templates at random (an
    incident, say) fails the second test and stays whole.
    """
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    labels = labels.copy()
    next_label = int(labels.max()) + 1
    sampled = labels[rows]
    for kind in np.unique(sampled[sampled >= 0]):
        mine = sampled == kind
        if np.count_nonzero(mine) < 2 * (SPLIT_NEIGHBOURS + 1):  # each half needs a neighbourhood of its own
            continue
        vectors = replies[mine]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # identical replies: one group, no split
            halves = KMeans(2, n_init=3, random_state=seed).fit_predict(vectors)
        sizes = np.bincount(halves, minlength=2)
        if sizes.min() < 3:
            continue
        similarity = vectors @ vectors.T
        within = max(
            (similarity[np.ix_(halves == half, halves == half)].sum() - sizes[half]) / (sizes[half] * (sizes[half] - 1))
            for half in (0, 1)
        )
        if similarity[np.ix_(halves == 0, halves == 1)].mean() >= REPLY_RATIO * within:
            continue
        asked = questions[rows[mine]]
        nearest, _ = _nearest(asked, asked, SPLIT_NEIGHBOURS, exclude_self=True)
        agreement = float((halves[nearest] == halves[:, None]).mean())
        chance = float(((sizes / sizes.sum()) ** 2).sum())
        if agreement < chance + SPLIT_AGREEMENT * (1 - chance):
            continue
        # Every member (answered or not, sampled or not) goes to the half whose questions it is nearer.
        members = np.flatnonzero(labels == kind)
        centres = np.stack([asked[halves == half].mean(axis=0) for half in (0, 1)])
        labels[members[np.argmax(questions[members] @ centres.T, axis=1) == 1]] = next_label
        next_label += 1
    return labels
