"""Ingest: read helpdesk exports into the ticket store.

``ingest()`` checks every source first (format, required columns, --map) and
fails once, naming each bad file, before anything is written. Then each file
is read as a stream and written in batches inside one transaction for the
whole run: a run that fails leaves the store as it was. Rows that cannot be
read are skipped, reported as ``file:line: reason`` and saved, raw, to a
rejects file beside the store.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError, FaqBuilderError, InputFormatError
from ..models import IngestReport, Problem, Severity, Ticket
from ..parallel import default_workers
from ..privacy import Redactor
from ..store import TicketStore
from .base import MAX_FIELD_CHARS, ReadContext
from .build import build_stream
from .generic import validate_field_map
from .registry import ACCEPTED, FORMATS, READERS, Reader, default_source, detect_format

__all__ = ["FORMATS", "ingest", "READERS", "Reader"]

#: Problems kept in memory per file for the summary; all of them go to the rejects file.
PROBLEMS_SHOWN = 50
BATCH_SIZE = 2000
#: Files smaller than this are cleaned in-process: starting workers would cost more than it saves.
PARALLEL_FROM_BYTES = 2_000_000

ProgressCallback = Callable[[str, int, int], None]


def ingest(
    sources: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str],
    format: str = "auto",
    field_map: Mapping[str, str] | None = None,
    source: str | None = None,
    support_addresses: Iterable[str] = (),
    timezone: str = "UTC",
    languages: Iterable[str] = (),
    redactor: Redactor | None = None,
    max_field_chars: int = MAX_FIELD_CHARS,
    rejects_dir: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> list[IngestReport]:
    """Read each source into the store at ``db``; one :class:`IngestReport` per source.

    ``source`` names where the tickets come from (default: the format's family,
    e.g. ``zendesk``); tickets are unique per (source, id). ``timezone`` applies
    to timestamps without one. ``workers`` processes clean large files
    (default: one per core, at most 4). Raises :class:`InputFormatError` naming every
    file that cannot be read, before writing anything.
    """
    if format != "auto" and format not in FORMATS:
        raise ConfigError(f"unknown format {format!r}; choose auto or one of: {', '.join(FORMATS)}")
    field_map = dict(field_map or {})
    validate_field_map(field_map)
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"unknown time zone {timezone!r}; use an IANA name such as Europe/Berlin") from error
    support = frozenset(address.strip().lower() for address in support_addresses if address.strip())
    plan, errors = _plan(sources, format=format)
    db_path = Path(db)
    rejects_root = Path(rejects_dir) if rejects_dir else db_path.parent / "rejects"
    reports: list[IngestReport] = []
    written: list[Path] = []
    contexts = {}
    for path, kind in plan:
        ctx = ReadContext(
            source=source or default_source(kind),
            salt=b"",
            timezone=tz,
            field_map=field_map,
            support_addresses=support,
            languages=tuple(languages),
            redactor=redactor or Redactor(),
            max_field_chars=max_field_chars,
        )
        contexts[path] = ctx
        if kind is not None:
            try:
                READERS[kind].preflight(path, ctx)
            except InputFormatError as error:
                errors.append(str(error))
    if errors:
        raise InputFormatError("\n".join(errors))
    with TicketStore(db_path) as store:
        salt = store.customer_salt
        for ctx in contexts.values():
            ctx.salt = salt
        try:
            with store.transaction():
                for path, kind in plan:
                    report = _ingest_file(
                        store,
                        path,
                        kind,
                        contexts[path],
                        rejects_root,
                        written,
                        progress,
                        default_workers() if workers is None else workers,
                    )
                    reports.append(report)
        except BaseException:
            for rejects_file in written:
                rejects_file.unlink(missing_ok=True)
            raise
    return reports


def _plan(sources: Sequence[str | os.PathLike[str]], *, format: str) -> tuple[list[tuple[Path, str | None]], list[str]]:
    """Each readable source with its format (None for an empty file), and what is wrong with the others."""
    if not sources:
        raise InputFormatError("no source files given")
    plan: list[tuple[Path, str | None]] = []
    errors: list[str] = []
    for raw in sources:
        path = Path(raw)
        if not path.exists():
            errors.append(f"{path}: no such file or folder")
            continue
        try:
            if format != "auto":
                is_empty = path.is_file() and path.stat().st_size == 0
                plan.append((path, None if is_empty else format))
            else:
                plan.append((path, detect_format(path)))
        except InputFormatError as error:
            errors.append(str(error))
        except OSError as error:
            errors.append(f"{path}: cannot read ({error.strerror})")
    return plan, errors


class _RejectsLog:
    """Writes every problem of one file (with the raw record) to a JSON-lines file, lazily."""

    def __init__(self, root: Path, path: Path, written: list[Path]) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.path = root / f"{stamp}-{path.name}.rejects.jsonl"
        self._written = written
        self._handle: TextIO | None = None

    def write(self, problem: Problem) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
            self._written.append(self.path)
        record = {
            "file": problem.path,
            "line": problem.line,
            "reason": problem.message,
            "skipped": problem.is_error,
            "raw": problem.raw,
        }
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _ingest_file(
    store: TicketStore,
    path: Path,
    kind: str | None,
    ctx: ReadContext,
    rejects_root: Path,
    written: list[Path],
    progress: ProgressCallback | None,
    workers: int,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport(file=str(path), format=kind or "empty", source=ctx.source)
    log = _RejectsLog(rejects_root, path, written)

    def note(problem: Problem) -> None:
        if problem.is_error:
            report.rejected += 1
        else:
            report.warned += 1
        if len(report.problems) < PROBLEMS_SHOWN:
            report.problems.append(problem)
        log.write(problem)

    run_id = store.start_run(file=str(path), format=report.format, source=ctx.source)
    batch: list[tuple[int, Ticket]] = []

    def flush() -> None:
        result = store.upsert(batch, run_id=run_id, file=str(path))
        report.new += result.new
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.cross_source_duplicates += result.cross_source_duplicates
        for line, external_id, first_line in result.duplicate_lines or ():
            note(
                Problem(
                    str(path), line, f"duplicate id {external_id!r} (already read on line {first_line}); row skipped"
                )
            )
        batch.clear()

    try:
        if kind is None:
            note(Problem(str(path), 1, "empty file: nothing to ingest", severity=Severity.WARNING))
        else:
            if progress is not None:
                total = path.stat().st_size if path.is_file() else 0
                ctx.on_progress = lambda done: progress(str(path), done, total)
            size = sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size
            parallel = workers if size >= PARALLEL_FROM_BYTES else 1
            items = build_stream(READERS[kind].read(path, ctx), ctx.factory(), file=str(path), workers=parallel)
            for item in items:
                if isinstance(item, Problem):
                    report.read += item.is_error
                    note(item)
                    continue
                report.read += 1
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    flush()
            flush()
    except FaqBuilderError:
        raise
    except (OSError, UnicodeError) as error:
        raise InputFormatError(
            f"{path}: cannot be read ({error}); nothing was ingested. Accepted: {ACCEPTED}"
        ) from error
    finally:
        log.close()
    report.notes.extend(ctx.notes)
    store.finish_run(
        run_id,
        read=report.read,
        new=report.new,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        duplicates=report.cross_source_duplicates,
        rejects_file=str(log.path) if log.path.exists() else None,
    )
    if log.path.exists():
        report.rejects_path = str(log.path)
    report.seconds = time.perf_counter() - started
    return report
