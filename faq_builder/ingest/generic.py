"""The generic ticket format: CSV (any dialect/encoding) or JSON lines with well-known column names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import InputFormatError
from ..models import Problem, Severity
from .base import (
    Draft,
    ReadContext,
    ReadItem,
    RowError,
    channel_from,
    draft_ticket,
    parse_datetime,
    status_from,
    tags_from,
)
from .probe import Probe
from .tabular import JsonRecord, read_csv, read_json_lines

#: The generic fields, each with the column names recognised without a --map (case-insensitive).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ticket_id", "ticket id", "external_id"),
    "created_at": ("created_at", "created", "created time", "date", "timestamp"),
    "channel": ("channel", "source", "via"),
    "customer": ("customer", "customer_email", "email", "requester", "requester_email", "from"),
    "subject": ("subject", "title"),
    "body": ("body", "description", "message", "question", "text"),
    "agent_reply": ("agent_reply", "reply", "agent_replies", "first_reply"),
    "first_response_at": ("first_response_at", "first_reply_at", "responded_at"),
    "resolved_at": ("resolved_at", "solved_at", "closed_at"),
    "status": ("status", "state"),
    "tags": ("tags", "labels"),
    "updated_at": ("updated_at", "last_updated", "modified_at"),
    "language": ("language", "locale", "lang"),
    "order_number": ("order_number", "order_id", "order"),
    "product": ("product", "sku", "item"),
}
REQUIRED = ("id", "created_at")


def validate_field_map(field_map: Mapping[str, str]) -> None:
    unknown = sorted(set(field_map) - set(FIELDS))
    if unknown:
        raise InputFormatError(
            f"--map names unknown field(s) {', '.join(map(repr, unknown))}; known fields: {', '.join(FIELDS)}"
        )


def resolve_columns(names: list[str], field_map: Mapping[str, str], *, file: str) -> dict[str, str]:
    """Which input column feeds each field: --map first, then the recognised names."""
    by_lower = {name.lower(): name for name in names}
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(names, start=1):
        positions.setdefault(name.lower(), []).append(position)
    resolved: dict[str, str] = {}
    problems: list[str] = []
    for field, column in field_map.items():
        if column.lower() in by_lower:
            resolved[field] = by_lower[column.lower()]
        else:
            problems.append(f"--map {field}={column}: no column {column!r}")
    taken = set(resolved.values())
    for field, aliases in FIELDS.items():
        if field in resolved:
            continue
        for alias in aliases:
            if alias in by_lower and by_lower[alias] not in taken:
                resolved[field] = by_lower[alias]
                taken.add(by_lower[alias])
                break
    missing = [field for field in REQUIRED if field not in resolved]
    if "body" not in resolved and "subject" not in resolved:
        missing.append("body")
    if missing:
        fixes = " ".join(f"--map {field}=COLUMN" for field in missing)
        problems.append(
            f"missing required column(s) {', '.join(map(repr, missing))}; columns found: "
            f"{', '.join(names) or '(none)'}; name the right ones with {fixes}"
        )
    for field, column in resolved.items():
        if len(where := positions[column.lower()]) > 1:
            problems.append(
                f"column {column!r} (for {field}) appears {len(where)} times (columns "
                f"{', '.join(map(str, where))}); rename all but one in the export"
            )
    if problems:
        raise InputFormatError(f"{file}: " + "; ".join(problems))
    return resolved


def record_to_draft(values: Mapping[str, object], columns: Mapping[str, str], ctx: ReadContext, *, raw: str) -> Draft:
    def get(field: str) -> object:
        column = columns.get(field)
        return values.get(column) if column is not None else None

    def text(field: str) -> str | None:
        value = get(field)
        if value is None:
            return None
        if isinstance(value, list | dict):
            raise RowError(f"{field}: expected text, found a JSON {type(value).__name__}")
        return str(value)

    replies = get("agent_reply")
    if isinstance(replies, str):
        replies = [replies] if replies.strip() else []
    elif not isinstance(replies, list):
        replies = [] if replies is None else [str(replies)]
    resolved_at = parse_datetime(get("resolved_at"), timezone=ctx.timezone, name="resolved_at")
    return draft_ticket(
        raw=raw,
        external_id=get("id"),
        created_at=parse_datetime(get("created_at"), timezone=ctx.timezone, name="created_at"),
        first_message=text("body"),
        subject=text("subject"),
        channel=channel_from(get("channel")),
        customer=text("customer"),
        agent_replies=[str(reply) for reply in replies],
        first_response_at=parse_datetime(get("first_response_at"), timezone=ctx.timezone, name="first_response_at"),
        resolved_at=resolved_at,
        updated_at=parse_datetime(get("updated_at"), timezone=ctx.timezone, name="updated_at"),
        status=status_from(get("status"), resolved=resolved_at is not None),
        tags=tags_from(get("tags")),
        order_number=text("order_number"),
        product=text("product"),
        language=text("language"),
    )


class CsvReader:
    """Generic CSV: one ticket per row, columns named as in :data:`FIELDS`."""

    name = "csv"
    description = "generic CSV"
    default_source = name  # tickets are named after the format

    def detects(self, probe: Probe) -> bool:
        """Any other delimited text with a header (asked after the specific CSV formats)."""
        return probe.looks_tabular

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        header, records, _counter, _encoding = read_csv(path, max_field_chars=ctx.max_field_chars)
        records.close()
        if header:
            resolve_columns(header, ctx.field_map, file=str(path))

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        header, records, counter, encoding = read_csv(path, max_field_chars=ctx.max_field_chars)
        if not header:
            yield Problem(str(path), 1, "empty file: no header and no rows", severity=Severity.WARNING)
            return
        columns = resolve_columns(header, ctx.field_map, file=str(path))
        if encoding not in {"utf-8", "utf-8-sig"}:
            ctx.notes.append(f"{path}: read as {encoding}")
        read_any = False
        for record in records:
            if isinstance(record, Problem):
                yield record
                continue
            read_any = True
            try:
                yield (
                    record.line,
                    record_to_draft(dict(zip(header, record.fields, strict=True)), columns, ctx, raw=record.raw[:2000]),
                )
            except RowError as error:
                yield Problem(str(path), record.line, str(error), record.raw[:2000])
            if record.line % 512 == 0:
                ctx.progress(counter.count)
        if not read_any:
            ctx.notes.append(f"{path}: header only, no ticket rows")
        ctx.progress(counter.count)


class JsonLinesReader:
    """Generic JSON lines (or one JSON array of objects): one ticket object per line."""

    name = "jsonl"
    description = "generic JSON lines"
    default_source = name  # tickets are named after the format

    def detects(self, probe: Probe) -> bool:
        """JSON whose first line is a whole value (asked after Zendesk), or an object too long to read whole (its
        line is then rejected, the rest read)."""
        return probe.first_json is not None or (probe.text.startswith("{") and probe.first_line_too_long)

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        records, _counter = read_json_lines(path, max_line_chars=ctx.max_field_chars * 2)
        for record in records:
            if isinstance(record, JsonRecord) and isinstance(record.value, dict):
                resolve_columns(list(record.value), ctx.field_map, file=f"{path}:{record.line}")
                break
        records.close()

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        records, counter = read_json_lines(path, max_line_chars=ctx.max_field_chars * 2)
        seen_any = False
        for record in records:
            seen_any = True
            if isinstance(record, Problem):
                yield record
                continue
            values = record.value if isinstance(record.value, list) else [record.value]
            for value in values:
                if not isinstance(value, dict):
                    yield Problem(str(path), record.line, f"expected a JSON object, found {type(value).__name__}")
                    continue
                try:
                    columns = resolve_columns(list(value), ctx.field_map, file=str(path))
                    yield record.line, record_to_draft(value, columns, ctx, raw=_dump(value))
                except (RowError, InputFormatError) as error:
                    yield Problem(str(path), record.line, str(error).removeprefix(f"{path}: "), _dump(value))
            if record.line % 512 == 0:
                ctx.progress(counter.count)
        if not seen_any:
            yield Problem(str(path), 1, "empty file: no records", severity=Severity.WARNING)
        ctx.progress(counter.count)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:2000]
