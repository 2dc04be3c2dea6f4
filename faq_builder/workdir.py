"""The tool's private working folder, ``.faq_builder/``: the ticket store, rejects files and caches, in one place."""

from __future__ import annotations

from pathlib import Path

#: Relative to where faq-builder runs (the help-site repository); never published, ignored by git.
WORK_DIR = Path(".faq_builder")
DEFAULT_DB = WORK_DIR / "tickets.sqlite3"
SEARCH_INDEX_DIR = WORK_DIR / "search-index"
