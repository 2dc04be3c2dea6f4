"""Freshdesk's ticket CSV export (Tickets > Export), with its own column names and local times."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputFormatError
from ..models import Problem, Severity
from .base import ReadContext, ReadItem, RowError, channel_from, draft_ticket, parse_datetime, status_from, tags_from
from .probe import Probe
from .tabular import read_csv

#: Freshdesk export columns by faq-builder field; the first name present is used.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("ticket id",),
    "created_at": ("created time",),
    "subject": ("subject",),
    "body": ("description", "description text"),
    "channel": ("source",),
    "status": ("status",),
    "resolved_at": ("resolved time", "closed time"),
    "first_response_at": ("initial response time", "first responded time"),
    "updated_at": ("last update time",),
    "tags": ("tags",),
    "customer": ("email", "contact email", "requester email", "contact id", "contact"),
    "product": ("product",),
    "order_number": ("order number", "order id"),
}


def is_freshdesk_header(header: list[str]) -> bool:
    names = {name.strip().lower() for name in header}
    return "ticket id" in names and "created time" in names


class FreshdeskReader:
    name = "freshdesk"
    description = "ticket CSV export"
    default_source = name  # tickets are named after the format

    def detects(self, probe: Probe) -> bool:
        """Delimited text whose header has Freshdesk's "Ticket ID" and "Created time"."""
        return probe.looks_tabular and is_freshdesk_header(probe.header_names)

    def _columns(self, header: list[str], path: Path) -> dict[str, int]:
        index = {name.strip().lower(): position for position, name in enumerate(header)}
        columns = {}
        for field, names in COLUMNS.items():
            for name in names:
                if name in index:
                    columns[field] = index[name]
                    break
        missing = [
            name for field, name in (("id", "Ticket ID"), ("created_at", "Created time")) if field not in columns
        ]
        if "subject" not in columns and "body" not in columns:
            missing.append("Subject or Description")
        if missing:
            raise InputFormatError(
                f"{path}: not a Freshdesk ticket export: missing column(s) {', '.join(missing)}; "
                f"columns found: {', '.join(header)}"
            )
        return columns

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        header, records, _counter, _encoding = read_csv(path, max_field_chars=ctx.max_field_chars)
        records.close()
        if header:
            self._columns(header, path)

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        header, records, counter, _encoding = read_csv(path, max_field_chars=ctx.max_field_chars)
        if not header:
            yield Problem(str(path), 1, "empty file: no header and no rows", severity=Severity.WARNING)
            return
        columns = self._columns(header, path)
        tz = ctx.timezone
        for record in records:
            if isinstance(record, Problem):
                yield record
                continue
            row = record.fields

            def get(field: str, row: list[str] = row) -> str | None:
                position = columns.get(field)
                return row[position] if position is not None else None

            try:
                resolved_at = parse_datetime(get("resolved_at"), timezone=tz, name="Resolved time")
                yield (
                    record.line,
                    draft_ticket(
                        raw=record.raw[:2000],
                        external_id=get("id"),
                        created_at=parse_datetime(get("created_at"), timezone=tz, name="Created time"),
                        first_message=get("body"),
                        subject=get("subject"),
                        channel=channel_from(get("channel")),
                        customer=get("customer"),
                        first_response_at=parse_datetime(
                            get("first_response_at"), timezone=tz, name="Initial response time"
                        ),
                        resolved_at=resolved_at,
                        updated_at=parse_datetime(get("updated_at"), timezone=tz, name="Last update time"),
                        status=status_from(get("status"), resolved=resolved_at is not None),
                        tags=tags_from(get("tags")),
                        product=get("product"),
                        order_number=get("order_number"),
                    ),
                )
            except RowError as error:
                yield Problem(str(path), record.line, str(error), record.raw[:2000])
            if record.line % 512 == 0:
                ctx.progress(counter.count)
        ctx.progress(counter.count)
