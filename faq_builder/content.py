"""FAQ entries in ``content/faq/<category>/<slug>.md``: Markdown with YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import FaqBuilderError

FAQ_DIR = "faq"
STATUSES = ("draft", "approved", "retired")


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One question and its answer, as an editor owns it."""

    slug: str
    path: Path
    title: str
    status: str = "draft"
    category: str = "other"
    variants: tuple[str, ...] = ()
    body: str = ""
    id: str = ""
    metadata: dict = field(default_factory=dict)


class ContentError(FaqBuilderError):
    """An FAQ entry file cannot be read."""


def split_front_matter(text: str, *, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    parts = text.split("\n---", 1)
    if len(parts) < 2:
        raise ContentError(f"{path}:1: front matter starts with '---' but never ends; close it with a '---' line")
    try:
        meta = yaml.safe_load(parts[0][3:]) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        raise ContentError(f"{path}:{line}: front matter is not valid YAML ({error})") from error
    if not isinstance(meta, dict):
        raise ContentError(f"{path}:2: front matter must be a mapping of keys to values")
    return meta, parts[1].lstrip("-").lstrip("\n")


def load_entries(content_dir: Path) -> list[FaqEntry]:
    """Every entry under ``content_dir/faq``, sorted by path."""
    entries = []
    for path in sorted((content_dir / FAQ_DIR).rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), path=path)
        variants = meta.get("variants") or []
        entries.append(
            FaqEntry(
                slug=path.stem,
                path=path,
                title=str(meta.get("title") or path.stem.replace("-", " ")),
                status=str(meta.get("status", "draft")),
                category=str(meta.get("category") or path.parent.name),
                variants=tuple(str(v) for v in variants) if isinstance(variants, list) else (),
                body=body.strip(),
                id=str(meta.get("id") or path.stem),
                metadata=meta,
            )
        )
    return entries
