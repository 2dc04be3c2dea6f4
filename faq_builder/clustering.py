"""Group differently-worded questions without being told how many groups there are.

Each question becomes a vector that joins two views: character n-grams
(TF-IDF reduced by SVD; language-independent, works for Thai and Chinese
without word splitting) and a static semantic embedding (distilled from
all-MiniLM-L6-v2; weighted by how much of the text its vocabulary knows, so
scripts it does not cover fall back to n-grams). Questions are linked to
their nearest neighbours and the graph is split into communities by
modularity (Louvain), a criterion with no distance threshold: the number of
question types comes from the data. Large inputs are first summarised into
micro-clusters (k-means) so memory and time grow linearly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

#: Weight of the semantic view for text its vocabulary fully covers (the rest is character n-grams).
SEMANTIC_WEIGHT = 0.6
NEIGHBOURS = 15
#: Above this many distinct questions, cluster micro-cluster centroids instead of the questions themselves.
MICRO_FROM = 4000
MICRO_CLUSTERS = 2000
_DIGITS = re.compile(r"\d+")


def normalise_question(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


@dataclass(slots=True)
class Clustering:
    """Community label per input text (-1: left unclustered) and the vectors used."""

    labels: np.ndarray
    vectors: np.ndarray


def question_vectors(texts: list[str], *, seed: int = 0) -> np.ndarray:
    """Unit vectors joining character n-gram and semantic views (see module docstring)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from .embeddings import load_embedder

    normalised = [normalise_question(text) for text in texts]
    tfidf = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2 if len(texts) >= 50 else 1, dtype=np.float32
    ).fit_transform(normalised)
    components = max(1, min(128, tfidf.shape[1] - 1, len(texts) - 1))
    if components >= 2:
        chars = TruncatedSVD(components, random_state=seed).fit_transform(tfidf)
    else:
        chars = tfidf.toarray()
    chars = normalize(chars).astype(np.float32)
    semantic, known = load_embedder().embed(normalised)
    weight = (SEMANTIC_WEIGHT * known)[:, None]
    joined = np.hstack([np.sqrt(1 - weight) * chars, np.sqrt(weight) * semantic])
    return normalize(joined).astype(np.float32)


def _communities(points: np.ndarray, *, seed: int) -> np.ndarray:
    import networkx as nx

    count = len(points)
    if count == 1:
        return np.zeros(1, dtype=np.int64)
    neighbours = min(NEIGHBOURS, count - 1)
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    for start in range(0, count, 1024):
        block = points[start : start + 1024] @ points.T
        for offset, row in enumerate(block):
            index = start + offset
            row[index] = -np.inf
            nearest = np.argpartition(-row, neighbours - 1)[:neighbours]
            for other in nearest:
                weight = float(max(row[other], 0.0))
                if weight > 0:
                    graph.add_edge(index, int(other), weight=weight)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    labels = np.empty(count, dtype=np.int64)
    for label, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
        labels[list(members)] = label
    return labels


def cluster_questions(texts: list[str], *, min_size: int = 2, seed: int = 0) -> Clustering:
    """Label each text with its question type; groups smaller than ``min_size`` become -1."""
    if not texts:
        return Clustering(np.empty(0, dtype=np.int64), np.empty((0, 0), dtype=np.float32))
    unique: dict[str, int] = {}
    inverse = np.array([unique.setdefault(normalise_question(text), len(unique)) for text in texts])
    distinct = list(unique)
    vectors = question_vectors(distinct, seed=seed)
    counts = np.bincount(inverse, minlength=len(distinct))
    if len(distinct) > MICRO_FROM:
        from sklearn.cluster import MiniBatchKMeans

        micro = MiniBatchKMeans(MICRO_CLUSTERS, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
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
    labels = distinct_labels[inverse]
    sizes = np.bincount(labels)
    small = sizes[labels] < min_size
    labels = labels.copy()
    labels[small] = -1
    return Clustering(labels, vectors[inverse])
