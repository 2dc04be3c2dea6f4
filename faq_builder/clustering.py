"""Group differently-worded questions without being told how many groups there are.

Each question becomes a vector that joins two views: character n-grams
(TF-IDF reduced by SVD; language-independent, works for Thai and Chinese
without word splitting) and a static semantic embedding (distilled from
all-MiniLM-L6-v2; weighted by the share of Latin letters its vocabulary
knows, so other scripts fall back to n-grams). Each script is clustered on
its own. Questions are linked to their nearest neighbours with locally scaled
weights and the graph is split into communities by modularity (Louvain): no
distance threshold, the number of question types comes from the data. Large
inputs are first summarised into micro-clusters (k-means) so memory and time
grow linearly.
"""

from __future__ import annotations

import re
import unicodedata
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
#: Above this many distinct questions, cluster micro-cluster centroids instead of the questions themselves.
MICRO_FROM = 4000
MICRO_CLUSTERS = 2000
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


def _communities(points: np.ndarray, *, seed: int) -> np.ndarray:
    """Louvain communities of the nearest-neighbour graph, with locally scaled edge weights.

    An edge weighs exp(-d^2 / (sigma_i * sigma_j)), where d is the cosine distance and sigma a point's
    distance to its LOCAL_SCALE-th neighbour (self-tuning local scaling, Zelnik-Manor and Perona 2004):
    dense groups (a question asked in near-identical words) and loose ones (asked in many ways) are
    judged each against its own spread, with no global threshold.
    """
    import networkx as nx

    count = len(points)
    if count == 1:
        return np.zeros(1, dtype=np.int64)
    # Few questions: few neighbours, or the graph is nearly complete and modularity splits it at random.
    neighbours = max(1, min(NEIGHBOURS, count - 1, int(np.sqrt(count))))
    scale_rank = min(LOCAL_SCALE, neighbours)
    nearest = np.empty((count, neighbours), dtype=np.int64)
    distance = np.empty((count, neighbours), dtype=np.float32)
    for start in range(0, count, 1024):
        block = points[start : start + 1024] @ points.T
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -np.inf
        chosen = np.argpartition(-block, neighbours - 1, axis=1)[:, :neighbours]
        nearest[start : start + block.shape[0]] = chosen
        distance[start : start + block.shape[0]] = np.clip(1.0 - np.take_along_axis(block, chosen, axis=1), 0, 2)
    sigma = np.maximum(np.sort(distance, axis=1)[:, scale_rank - 1], 1e-3)
    weights = np.exp(-(distance**2) / (sigma[:, None] * sigma[nearest]))
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_weighted_edges_from(
        (index, int(other), float(weight))
        for index in range(count)
        for other, weight in zip(nearest[index], weights[index], strict=True)
        if weight > 0
    )
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    if nx.community.modularity(graph, communities, weight="weight") < MIN_MODULARITY:
        # No community structure (a handful of wordings of one question): a split would be arbitrary.
        return np.zeros(count, dtype=np.int64)
    labels = np.empty(count, dtype=np.int64)
    for label, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
        labels[list(members)] = label
    return labels


def script_group(text: str) -> str:
    """ "latin" for Latin-script text, else the Unicode script of its first non-Latin letter (CJK, THAI, ...)."""
    if _latin_share(text) >= 0.5:
        return "latin"
    for letter in _LETTER.findall(text):
        if not letter.isascii():
            return unicodedata.name(letter, "OTHER").split()[0]
    return "latin"


def cluster_questions(texts: list[str], *, min_size: int = 2, seed: int = 0) -> Clustering:
    """Label each text with its question type; groups smaller than ``min_size`` become -1.

    Each script (Latin, Chinese, Thai, Cyrillic, ...) is clustered on its own, so a handful of Thai
    tickets is not swallowed by a thousand English ones; vectors are only comparable within a script.
    """
    if not texts:
        return Clustering(np.empty(0, dtype=np.int64))
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
        labels[members] = group_labels + offset
        offset += int(group_labels.max()) + 1
        group_of[members] = number
        position[members] = np.arange(members.size)
        parts.append((inverse, vectors))
    sizes = np.bincount(labels)
    labels[sizes[labels] < min_size] = -1
    return Clustering(labels, parts, group_of, position)


def _cluster_group(normalised: list[str], *, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels per (normalised) text, and the index of each text's distinct question with their vectors."""
    unique: dict[str, int] = {}
    inverse = np.array([unique.setdefault(text, len(unique)) for text in normalised])
    distinct = list(unique)
    vectors = question_vectors(distinct, seed=seed)
    counts = np.bincount(inverse, minlength=len(distinct))
    if len(distinct) > MICRO_FROM:
        from sklearn.cluster import MiniBatchKMeans

        micro = MiniBatchKMeans(
            MICRO_CLUSTERS, init="random", random_state=seed, batch_size=4096, n_init=1, max_iter=30
        )
        assignment = micro.fit_predict(vectors, sample_weight=counts)
        centroids = micro.cluster_centers_
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        sizes = np.bincount(assignment, weights=counts, minlength=MICRO_CLUSTERS)
        alive = np.flatnonzero(sizes)
        remap = np.full(MICRO_CLUSTERS, -1)
        remap[alive] = np.arange(alive.size)
        node_labels = _communities(centroids[alive].astype(np.float32), seed=seed)
        distinct_labels = node_labels[remap[assignment]]
    else:
        distinct_labels = _communities(vectors, seed=seed)
    return distinct_labels[inverse], inverse, vectors
