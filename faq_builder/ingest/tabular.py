"""Record readers for delimited text and JSON lines, with encoding and dialect sniffing.

Both stream: one record in memory at a time. CSV records keep their physical
line numbers and raw text, so a row that cannot be read is reported as
``file:line`` and saved to the rejects file, and a row whose unbalanced quote
swallowed the rows after it gives those rows back.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from ..encodings import SNIFF_BYTES, sniff_encoding
from ..errors import InputFormatError
from ..models import Problem, Severity
from .base import CountingReader


def open_text(path: Path) -> tuple[io.TextIOWrapper, CountingReader, str]:
    """Open a text file with its sniffed encoding; undecodable bytes become U+FFFD and are reported per row."""
    with path.open("rb") as probe:
        sample = probe.read(SNIFF_BYTES)
    encoding = sniff_encoding(sample)
    counter = CountingReader(path.open("rb"))
    stream = io.TextIOWrapper(io.BufferedReader(counter), encoding=encoding, errors="replace", newline="")
    return stream, counter, encoding


#: Read in pieces of this size while skipping the rest of an over-long line (memory stays flat).
_SKIP_CHUNK = 1 << 20


def read_bounded_line(stream: io.TextIOBase, limit: int) -> tuple[str, int]:
    """The next line and its length; a line longer than ``limit`` is skipped (read in pieces, never held)
    and comes back as ``""`` with its true length. At the end of the file: ``("", 0)``."""
    text = stream.readline(limit + 1)
    if len(text) <= limit or text.endswith("\n"):
        return text, len(text)
    length = len(text)
    while True:
        piece = stream.readline(_SKIP_CHUNK)
        length += len(piece)
        if not piece or piece.endswith("\n"):
            return "", length


@dataclass(slots=True)
class CsvRecord:
    line: int
    fields: list[str]
    raw: str


class _Lines:
    """Physical lines for csv.reader, remembering which ones the current record used."""

    def __init__(self, stream: io.TextIOBase, *, max_line_chars: int) -> None:
        self._stream = stream
        self._pending: deque[tuple[int, str]] = deque()
        self._next_line = 1
        self._limit = max_line_chars
        self.used: list[tuple[int, str]] = []
        #: Lines too long to read (number, length), replaced by empty lines; the record holding them is rejected.
        self.too_long: list[tuple[int, int]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._pending:
            item = self._pending.popleft()
        else:
            text, length = read_bounded_line(self._stream, self._limit)
            if not length:
                raise StopIteration
            if not text:
                self.too_long.append((self._next_line, length))
                text = "\n"
            item = (self._next_line, text)
            self._next_line += 1
        self.used.append(item)
        return item[1]

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(lines))

    def take_used(self) -> list[tuple[int, str]]:
        used, self.used = self.used, []
        return used


def sniff_dialect(stream: io.TextIOBase) -> type[csv.Dialect] | csv.Dialect:
    """Delimiter and quoting from the first lines (csv.Sniffer), falling back to the header's punctuation."""
    sample = stream.read(SNIFF_BYTES)
    stream.seek(0)
    header = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        if dialect.delimiter in header:
            dialect.doublequote = True
            return dialect
    except csv.Error:
        pass
    counts = {delimiter: header.count(delimiter) for delimiter in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return csv.excel

    class Sniffed(csv.excel):
        delimiter = best

    return Sniffed


def read_csv(
    path: Path, *, max_field_chars: int
) -> tuple[list[str], Generator[CsvRecord | Problem, None, None], CountingReader, str]:
    """The header and a stream of records or problems from a delimited file."""
    stream, counter, encoding = open_text(path)
    dialect = sniff_dialect(stream)
    csv.field_size_limit(max(max_field_chars + 1, 1024))
    lines = _Lines(stream, max_line_chars=max(2 * max_field_chars, 1024))
    reader = csv.reader(lines, dialect)
    try:
        header = next(reader)
    except StopIteration:
        stream.close()
        return [], _nothing(), counter, encoding
    except csv.Error as error:
        stream.close()
        raise InputFormatError(f"{path}: cannot read the header row ({error})") from error
    lines.take_used()
    if lines.too_long:
        stream.close()
        raise InputFormatError(
            f"{path}: the header row is {lines.too_long[0][1]:,} characters long; not a ticket export"
        )
    header = [name.strip().lstrip("\ufeff") for name in header]
    return header, _records(reader, lines, len(header), stream, str(path)), counter, encoding


def _nothing() -> Generator[CsvRecord | Problem, None, None]:
    yield from ()


def _records(  # noqa: ANN001
    reader, lines: _Lines, width: int, stream: io.TextIOBase, file: str
) -> Generator[CsvRecord | Problem, None, None]:
    try:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                used = lines.take_used()
                reason = str(error)
                if "field larger than field limit" in reason:
                    reason = f"a field is longer than the limit of {csv.field_size_limit() - 1:,} characters"
                yield Problem(file, used[0][0] if used else 0, f"unreadable row: {reason}", _raw(used)[:2000])
                continue
            used = lines.take_used()
            if not used:
                continue
            first_line = used[0][0]
            if lines.too_long:
                number, length = lines.too_long[0]
                lines.too_long.clear()
                limit = max(2 * (csv.field_size_limit() - 1), 1024)
                yield Problem(file, number, f"line is {length:,} characters (limit {limit:,})", _raw(used)[:2000])
                continue
            raw = _raw(used)
            if not fields or all(not value.strip() for value in fields):
                continue  # blank line
            if (
                len(used) > 1
                and _could_hold_rows(used[1:], reader.dialect.delimiter, width)
                and _swallowed_rows(used[1:], reader.dialect, width)
            ):
                yield Problem(file, first_line, "unbalanced quote: the field runs into the following rows", used[0][1])
                lines.give_back(used[1:])
                continue
            if len(fields) != width:
                hint = " (unbalanced quote or unquoted delimiter?)" if len(fields) > width or len(used) > 1 else ""
                yield Problem(file, first_line, f"expected {width} fields, found {len(fields)}{hint}", raw)
                continue
            if "\ufffd" in raw:
                yield Problem(
                    file,
                    first_line,
                    "undecodable bytes replaced (check the file's encoding)",
                    severity=Severity.WARNING,
                )
            yield CsvRecord(first_line, fields, raw)
    finally:
        stream.close()


def _could_hold_rows(continuation: list[tuple[int, str]], delimiter: str, width: int) -> bool:
    """Cheap pre-check: some line has enough delimiters to be a row of its own."""
    return any(text.count(delimiter) >= width - 1 for _number, text in continuation)


def _swallowed_rows(continuation: list[tuple[int, str]], dialect, width: int) -> bool:  # noqa: ANN001
    """True when lines inside a quoted field parse as complete rows of their own: a quote was never closed."""
    text = "".join(line for _number, line in continuation)
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        return False
    complete = [row for row in rows if len(row) == width and row[0].strip()]
    return len(complete) >= 1 and len(complete) >= len(rows) // 2


def _raw(used: list[tuple[int, str]]) -> str:
    return "".join(text for _line, text in used)


@dataclass(slots=True)
class JsonRecord:
    line: int
    value: object


def read_json_lines(
    path: Path, *, max_line_chars: int
) -> tuple[Generator[JsonRecord | Problem, None, None], CountingReader]:
    """One JSON value per line (JSONL / NDJSON); blank lines are skipped, broken ones reported."""
    stream, counter, _encoding = open_text(path)

    def records() -> Generator[JsonRecord | Problem, None, None]:
        with stream:
            number = 0
            while True:
                text, length = read_bounded_line(stream, max_line_chars)
                if not length:
                    return
                number += 1
                if not text:
                    yield Problem(str(path), number, f"line is {length:,} characters (limit {max_line_chars:,})", "")
                    continue
                if not text.strip():
                    continue
                try:
                    value = json.loads(text)
                except json.JSONDecodeError as error:
                    yield Problem(str(path), number, f"invalid JSON: {error.msg} at column {error.colno}", text[:2000])
                    continue
                except RecursionError:
                    yield Problem(str(path), number, "invalid JSON: nested too deeply to be a ticket", text[:2000])
                    continue
                yield JsonRecord(number, value)

    return records(), counter
