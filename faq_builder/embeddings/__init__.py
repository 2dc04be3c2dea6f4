"""Sentence vectors without a model download: a static token table distilled from all-MiniLM-L6-v2.

The table ships inside the package (``minilm_static.npz`` with ``tokenizer.json``):
each WordPiece token's output vector from all-MiniLM-L6-v2 (run once on the token
alone, model2vec-style), reduced by PCA to 256 dimensions and stored as float16.
A sentence vector is the weighted mean of its tokens' vectors (numpy only).
Rebuild it with ``python -m faq_builder.embeddings.distill`` (needs the
``distill`` extra). Model: sentence-transformers/all-MiniLM-L6-v2, Apache-2.0.
"""

from .static import StaticEmbedder, load_embedder

__all__ = ["StaticEmbedder", "load_embedder"]
