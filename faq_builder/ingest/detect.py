"""Tell an export's format from its name and first bytes."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputFormatError
from .freshdesk import is_freshdesk_header
from .tabular import SNIFF_BYTES, sniff_encoding
from .zendesk import looks_like_zendesk

FORMATS = ("csv", "jsonl", "zendesk", "freshdesk", "mbox", "eml")
_HEADER_NAMES = (
    b"received:",
    b"return-path:",
    b"message-id:",
    b"mime-version:",
    b"from:",
    b"date:",
    b"subject:",
    b"delivered-to:",
    b"to:",
    b"x-",
)
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"SQLite format")
ACCEPTED = (
    "csv (generic CSV), jsonl (generic JSON lines), zendesk (API pages, JSON export or incremental JSON lines), "
    "freshdesk (ticket CSV export), mbox (mailbox file), eml (message file or folder of .eml files)"
)


def unknown_format(path: Path, why: str) -> InputFormatError:
    return InputFormatError(f"{path}: {why}; pass --format with one of: {ACCEPTED}")


def detect_format(path: Path) -> str | None:
    """The format name for ``path``; None for an empty file. Raises when it cannot be told."""
    if path.is_dir():
        names = [p.suffix.lower() for p in path.iterdir() if p.is_file()]
        if ".eml" in names:
            return "eml"
        if any(suffix in names for suffix in (".json", ".jsonl", ".ndjson")):
            return "zendesk"
        raise unknown_format(path, "folder holds no .eml or Zendesk .json files")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        return None
    suffix = path.suffix.lower()
    if suffix == ".mbox" or head.startswith(b"From "):
        return "mbox"
    text = head.decode(sniff_encoding(head), errors="replace").lstrip("\ufeff \t\r\n")
    if suffix == ".eml" or (
        head.lstrip().lower().startswith(_HEADER_NAMES) and b"\n\n" in head.replace(b"\r\n", b"\n")
    ):
        return "eml"
    if text.startswith(("{", "[")):
        return _json_kind(text, path)
    if suffix in {".json", ".jsonl", ".ndjson"}:
        raise unknown_format(path, "file does not start with a JSON value")
    if text.count("\x00") * 100 > len(text) or head.startswith(_BINARY_MAGIC):
        raise unknown_format(path, "file looks binary")
    header = text.split("\n", 1)[0]
    names = [name.strip().strip('"') for name in _split_header(header)]
    if len(names) < 2 and suffix not in {".csv", ".tsv", ".txt"}:
        raise unknown_format(path, "cannot tell the format (not CSV, JSON or email)")
    return "freshdesk" if is_freshdesk_header(names) else "csv"


def _split_header(header: str) -> list[str]:
    counts = {delimiter: header.count(delimiter) for delimiter in ",;\t|"}
    delimiter = max(counts, key=lambda d: counts[d])
    return header.split(delimiter) if counts[delimiter] else [header]


def _json_kind(text: str, path: Path) -> str:
    first_line = text.split("\n", 1)[0]
    try:
        value = json.loads(first_line)
    except json.JSONDecodeError:
        # A pretty-printed document: look at its start for Zendesk's keys.
        start = text[:4096]
        if '"tickets"' in start or '"requester_id"' in start or '"via"' in start:
            return "zendesk"
        if text.startswith("["):
            raise unknown_format(
                path, "a JSON array that is not Zendesk tickets; write one object per line (JSONL)"
            ) from None
        raise unknown_format(path, "a JSON document that is not a Zendesk ticket page") from None
    if isinstance(value, list):
        return "zendesk" if value and looks_like_zendesk(value[0]) else "jsonl"
    return "zendesk" if looks_like_zendesk(value) else "jsonl"
