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

    def __init__(self, vectors: np.ndarray, weights: np.ndarray, tokenizer_path: Path) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise FaqBuilderError("the 'tokenizers' package is missing; reinstall faq-builder") from error
        self.vectors = vectors.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(128)
        self.dimensions = self.vectors.shape[1]

    def embed(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors (n x d) and, per text, the share of its tokens the vocabulary knows."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        known = np.zeros(len(texts), dtype=np.float32)
        special = np.array(_SPECIAL)
        for start in range(0, len(texts), 2048):
            for offset, encoding in enumerate(self.tokenizer.encode_batch(texts[start : start + 2048])):
                ids = np.asarray(encoding.ids, dtype=np.int64)
                if ids.size == 0:
                    continue
                useful = ids[~np.isin(ids, special)]
                known[start + offset] = useful.size / max(1, ids.size - 2)
                if useful.size == 0:
                    continue
                weight = self.weights[useful]
                out[start + offset] = weight @ self.vectors[useful] / weight.sum()
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
        return StaticEmbedder(data["vectors"], data["weights"], Path(tokenizer))
