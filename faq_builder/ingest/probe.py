"""What format detection looks at: a folder's file suffixes, or a file's suffix and first bytes.

A :class:`Probe` reads each fact once, when a reader's ``detects`` first asks for it.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from ..encodings import SNIFF_BYTES, sniff_encoding

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
#: Suffixes that make a one-column file a table all the same.
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
#: How much of a file's first line detection reads (a JSON-lines record with a long HTML mail runs far past
#: the first bytes); a first line longer than this is not taken for a record.
FIRST_LINE_BYTES = 32 * 1024 * 1024
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"SQLite format")


class Probe:
    """One source path as detection sees it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_dir = path.is_dir()
        self.suffix = path.suffix.lower()

    @cached_property
    def folder_suffixes(self) -> frozenset[str]:
        """The (lower-case) suffixes of the files in a folder; empty for a file."""
        if not self.is_dir:
            return frozenset()
        return frozenset(p.suffix.lower() for p in self.path.iterdir() if p.is_file())

    @cached_property
    def head(self) -> bytes:
        """A file's first bytes; empty for a folder."""
        if self.is_dir:
            return b""
        with self.path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)

    @property
    def is_empty(self) -> bool:
        """A file with nothing but white space in its first bytes."""
        return not self.is_dir and not self.head.strip()

    @cached_property
    def text(self) -> str:
        """The first bytes decoded (sniffed encoding), without a leading BOM or white space."""
        return self.head.decode(sniff_encoding(self.head), errors="replace").lstrip("\ufeff \t\r\n")

    @property
    def looks_json(self) -> bool:
        """The text starts like a JSON object or array."""
        return not self.is_dir and self.text.startswith(("{", "["))

    @cached_property
    def _first_line_bytes(self) -> bytes:
        if self.is_dir:
            return b""
        with self.path.open("rb") as handle:
            return handle.readline(FIRST_LINE_BYTES)

    @property
    def first_line(self) -> str:
        """The whole first line of a file (up to FIRST_LINE_BYTES), however far past the first bytes it goes."""
        return self._first_line_bytes.decode(sniff_encoding(self.head), errors="replace").lstrip("\ufeff \t\r\n")

    @property
    def first_line_too_long(self) -> bool:
        line = self._first_line_bytes
        return len(line) >= FIRST_LINE_BYTES and not line.endswith(b"\n")

    @cached_property
    def first_json(self) -> object | None:
        """The JSON value on the first line (a JSON-lines record); None when it is not one (pretty-printed JSON)."""
        if not self.looks_json:
            return None
        try:
            return json.loads(self.first_line)
        except (json.JSONDecodeError, RecursionError):
            return None

    @property
    def looks_binary(self) -> bool:
        text = self.text
        return text.count("\x00") * 100 > len(text) or self.head.startswith(_BINARY_MAGIC)

    @cached_property
    def header_names(self) -> list[str]:
        """The first line split on its most frequent delimiter, each name stripped of spaces and quotes."""
        header = self.text.split("\n", 1)[0]
        counts = {delimiter: header.count(delimiter) for delimiter in ",;\t|"}
        delimiter = max(counts, key=lambda d: counts[d])
        names = header.split(delimiter) if counts[delimiter] else [header]
        return [name.strip().strip('"') for name in names]

    @property
    def looks_tabular(self) -> bool:
        """Delimited text with a header: not JSON, not binary, two columns or more (or a .csv/.tsv/.txt name)."""
        if self.is_dir or self.looks_json or self.suffix in JSON_SUFFIXES or self.looks_binary:
            return False
        return len(self.header_names) >= 2 or self.suffix in TABLE_SUFFIXES
