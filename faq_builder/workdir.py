"""The tool's private working folder, ``.faq_builder/``: the ticket store, rejects files and caches, in one place."""

from __future__ import annotations

import os
from pathlib import Path

#: Relative to where faq-builder runs (the help-site repository); never published, ignored by git.
WORK_DIR = Path(".faq_builder")
DEFAULT_DB = WORK_DIR / "tickets.sqlite3"
SEARCH_INDEX_DIR = WORK_DIR / "search-index"


def state_of(folder: str | os.PathLike[str], kind: str) -> Path:
    """Where faq-builder keeps ``kind`` (lock, journal) for ``folder``: in the working folder beside it, so the
    folder itself (``content/``, versioned and published) holds nothing but what editors wrote."""
    resolved = Path(folder).resolve()
    return resolved.parent / WORK_DIR.name / f"{resolved.name}.{kind}"
