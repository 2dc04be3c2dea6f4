"""The curation file: question types editors marked as not-for-the-FAQ, kept in ``content/.curation.yml``.

Versioned with the content (not published); mining reads it to mark those types ``ignored``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .atomic import atomic_write_text
from .content import fail_at

CURATION_FILE = ".curation.yml"


@dataclass(frozen=True, slots=True)
class IgnoredQuestion:
    """A question type an editor marked as not-for-the-FAQ (spam, internal, a one-off incident)."""

    key: str
    question: str
    variants: tuple[str, ...] = ()
    reason: str | None = None
    by: str | None = None
    at: date | None = None


@dataclass(slots=True)
class Curation:
    ignored: list[IgnoredQuestion] = field(default_factory=list)


def load_curation(content_dir: Path) -> Curation:
    """The editors' curation; an empty one when there is no file yet."""
    path = Path(content_dir) / CURATION_FILE
    if not path.exists():
        return Curation()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        fail_at(
            path, mark.line + 1 if mark else 1, f"not valid YAML ({getattr(error, 'problem', None) or error})", error
        )
    items = data.get("ignored", []) if isinstance(data, dict) else None
    if items is None and isinstance(data, dict):
        items = []  # "ignored:" with nothing under it
    if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("key") for i in items):
        fail_at(path, 1, "expected 'ignored:' followed by a list of entries with a 'key'")
    return Curation(
        [
            IgnoredQuestion(
                key=str(item["key"]),
                question=str(item.get("question") or ""),
                variants=tuple(str(v) for v in item.get("variants") or ()),
                reason=item.get("reason"),
                by=item.get("by"),
                at=item.get("at"),
            )
            for item in items
        ]
    )


def save_curation(content_dir: Path, curation: Curation) -> None:
    items = []
    for item in curation.ignored:
        record: dict[str, object] = {"key": item.key, "question": item.question, "variants": list(item.variants)}
        record.update({k: v for k, v in (("reason", item.reason), ("by", item.by), ("at", item.at)) if v})
        items.append(record)
    text = "# Question types editors marked as not-for-the-FAQ (faq-builder ignore). Mining marks them 'ignored'.\n"
    text += yaml.safe_dump({"ignored": items}, sort_keys=False, allow_unicode=True, width=10_000)
    atomic_write_text(Path(content_dir) / CURATION_FILE, text)
