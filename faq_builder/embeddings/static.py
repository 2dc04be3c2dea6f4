"""Run-time side of the static embeddings: tokenise, look up, average."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import FaqBuilderError

TABLE = "minilm_static.npz"
TOKENIZER = "tokenizer.json"
_SPECIAL = (0, 100, 101, 102, 103)  # [PAD] [UNK] [CLS] [SEP] [MASK]


class StaticEmbedder:
    """Sentence vectors from a token table; ``known_share`` tells how much of a text the vocabulary covers."""

    def __init__(self, vectors: np.ndarray, tokenizer_path: Path) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise FaqBuilderError("the 'tokenizers' package is missing; reinstall faq-builder") from error
        self.vectors = vectors.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(128)
        self.dimensions = self.vectors.shape[1]

    def embed(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors (n x d) and, per text, the share of its tokens the vocabulary knows.

        Tokens are weighted by their inverse document frequency in ``texts`` (words every question uses
        say little about which question it is), and the component common to all texts is removed
        (as in SIF sentence embeddings), so vectors spread by what differs between questions.
        """
        special = np.array(_SPECIAL)
        token_ids: list[np.ndarray] = []
        known = np.zeros(len(texts), dtype=np.float32)
        document_frequency = np.zeros(len(self.vectors), dtype=np.float64)
        for start in range(0, len(texts), 4096):
            # Encodings are heavy (offsets, token strings): keep only the ids of each chunk.
            for encoding in self.tokenizer.encode_batch(texts[start : start + 4096]):
                ids = np.asarray(encoding.ids, dtype=np.int32)
                useful = ids[~np.isin(ids, special)] if ids.size else ids
                known[len(token_ids)] = useful.size / max(1, ids.size - 2) if ids.size else 0.0
                token_ids.append(useful)
                document_frequency[np.unique(useful)] += 1
        idf = (np.log((1 + len(texts)) / (1 + document_frequency)) + 1).astype(np.float32)
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for index, useful in enumerate(token_ids):
            if useful.size:
                weight = idf[useful]
                out[index] = weight @ self.vectors[useful] / weight.sum()
        embedded = out[np.any(out != 0, axis=1)][:20000]
        if len(embedded) > 2:
            common = np.linalg.svd(embedded, full_matrices=False)[2][0]
            out -= np.outer(out @ common, common)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out, known


@lru_cache(maxsize=1)
def load_embedder() -> StaticEmbedder:
    """The packaged embedder (loaded once per process)."""
    folder = resources.files(__package__)
    with resources.as_file(folder / TABLE) as table, resources.as_file(folder / TOKENIZER) as tokenizer:
        if not Path(table).exists():
            raise FaqBuilderError(
                f"static embedding table {TABLE} is missing from the package; "
                "rebuild it with: python -m faq_builder.embeddings.distill"
            )
        data = np.load(table)
        return StaticEmbedder(data["vectors"], Path(tokenizer))
