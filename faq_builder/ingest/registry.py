"""The export formats: one :class:`Reader` per format, and the one registry everything else derives from.

The CLI's ``--format`` choices (:data:`FORMATS`), the formats named in error
messages (:data:`ACCEPTED`), :func:`detect_format` and ingest's reader lookup
all come from :data:`READERS`; a format's name is written only on its reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import InputFormatError
from .base import ReadContext, ReadItem
from .freshdesk import FreshdeskReader
from .generic import CsvReader, JsonLinesReader
from .mail import EmlReader, MboxReader
from .probe import JSON_SUFFIXES, Probe
from .zendesk import ZendeskReader


@runtime_checkable
class Reader(Protocol):
    """Reads one export format into ticket drafts."""

    #: The format's name, as given to ``--format``.
    name: str
    #: What the format is, for error messages ("mailbox file").
    description: str
    #: The tickets' ``source`` when ``--source`` is not given (tickets are unique per source and id).
    default_source: str

    def detects(self, probe: Probe) -> bool:
        """Whether ``probe`` is in this format; asked in :data:`DETECTION_ORDER`, so only after the readers before."""
        ...

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        """Raise :class:`InputFormatError` if ``path`` cannot be read (columns, --map), before anything is written."""
        ...

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        """Stream ``(line, draft)`` pairs and :class:`Problem` s."""
        ...


_CSV = CsvReader()
_JSONL = JsonLinesReader()
_ZENDESK = ZendeskReader()
_FRESHDESK = FreshdeskReader()
_MBOX = MboxReader()
_EML = EmlReader()

#: Every reader by format name, in the order the CLI offers them.
READERS: dict[str, Reader] = {reader.name: reader for reader in (_CSV, _JSONL, _ZENDESK, _FRESHDESK, _MBOX, _EML)}
#: The order detection asks the readers in: each specific format before a more general one that would also take it
#: (mail before anything textual, Zendesk before generic JSON lines, a Freshdesk header before generic CSV).
DETECTION_ORDER: tuple[Reader, ...] = (_MBOX, _EML, _ZENDESK, _FRESHDESK, _CSV, _JSONL)
FORMATS = tuple(READERS)
ACCEPTED = ", ".join(f"{reader.name} ({reader.description})" for reader in READERS.values())


def default_source(format: str | None) -> str:
    """The tickets' source when none is given: the format's; an empty file (no format) counts as generic CSV."""
    return (READERS[format] if format is not None else _CSV).default_source


def unknown_format(path: Path, why: str) -> InputFormatError:
    return InputFormatError(f"{path}: {why}; pass --format with one of: {ACCEPTED}")


def detect_format(path: Path) -> str | None:
    """The format name for ``path``; None for an empty file. Raises when it cannot be told."""
    probe = Probe(path)
    if probe.is_empty:
        return None
    for reader in DETECTION_ORDER:
        if reader.detects(probe):
            return reader.name
    raise unknown_format(path, _why_unknown(probe))


def _why_unknown(probe: Probe) -> str:
    """Why no reader took ``probe``, in the user's terms."""
    if probe.is_dir:
        return "folder holds no .eml or Zendesk .json files"
    if probe.looks_json:  # JSON whose first line is not a value (pretty-printed) and without Zendesk's keys
        if probe.text.startswith("["):
            return "a JSON array that is not Zendesk tickets; write one object per line (JSONL)"
        return "a JSON document that is not a Zendesk ticket page"
    if probe.suffix in JSON_SUFFIXES:
        return "file does not start with a JSON value"
    if probe.looks_binary:
        return "file looks binary"
    return "cannot tell the format (not CSV, JSON or email)"
