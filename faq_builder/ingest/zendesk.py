"""Zendesk Support: API ticket pages (``{"tickets": [...]}``), JSON exports and incremental-export JSON lines.

Comments say who wrote what: a comment by the requester (or any end-user) is
the customer's, a public comment by anyone else is an agent reply, private
notes are ignored. Comments may be embedded in each ticket (``"comments"``,
as in Zendesk's JSON export) or side-loaded in the page with a ``ticket_id``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..cleaning import html_to_text
from ..errors import InputFormatError
from ..models import Channel, Problem, Severity
from .base import (
    Draft,
    ReadContext,
    ReadItem,
    RowError,
    channel_from,
    draft_ticket,
    iter_files,
    parse_datetime,
    status_from,
    tags_from,
)
from .probe import JSON_SUFFIXES, Probe
from .tabular import JsonRecord, open_text, read_json_lines

_NEVER = datetime.min.replace(tzinfo=UTC)
_VIA = {
    "web": Channel.WEB_FORM,
    "help_center": Channel.WEB_FORM,
    "web_form": Channel.WEB_FORM,
    "web_widget": Channel.WEB_FORM,
    "api": Channel.OTHER,
    "mobile_sdk": Channel.CHAT,
    "mobile": Channel.OTHER,
    "chat": Channel.CHAT,
    "chat_transcript": Channel.CHAT,
    "native_messaging": Channel.CHAT,
    "sms": Channel.CHAT,
    "voice": Channel.PHONE,
    "twitter": Channel.SOCIAL,
    "facebook": Channel.SOCIAL,
    "any_channel": Channel.SOCIAL,
    "instagram_dm": Channel.SOCIAL,
    "whatsapp": Channel.SOCIAL,
    "email": Channel.EMAIL,
}


def looks_like_zendesk(value: object) -> bool:
    """A page with a ``tickets`` list, or a ticket object with Zendesk's tell-tale keys."""
    if isinstance(value, dict):
        if isinstance(value.get("tickets"), list):
            return True
        return "requester_id" in value or ("via" in value and "description" in value)
    return False


class ZendeskReader:
    name = "zendesk"
    description = "API pages, JSON export or incremental JSON lines"
    default_source = name  # tickets are named after the format

    def detects(self, probe: Probe) -> bool:
        """A folder of .json/.jsonl pages, or JSON whose first record (or pretty-printed start) is Zendesk's."""
        if probe.is_dir:
            return not probe.folder_suffixes.isdisjoint(JSON_SUFFIXES)
        if not probe.looks_json:
            return False
        value = probe.first_json
        if value is None:  # a pretty-printed document: look at its start for Zendesk's keys
            start = probe.text[:4096]
            return '"tickets"' in start or '"requester_id"' in start or '"via"' in start
        if isinstance(value, list):
            return bool(value) and looks_like_zendesk(value[0])
        return looks_like_zendesk(value)

    def preflight(self, path: Path, ctx: ReadContext) -> None:
        files = list(iter_files(path, JSON_SUFFIXES))
        if not files:
            raise InputFormatError(f"{path}: folder holds no .json or .jsonl files")
        for file in files:
            stream, _counter, _encoding = open_text(file)
            with stream:
                head = stream.read(64).lstrip()
            if head and not head.startswith(("{", "[")):
                raise InputFormatError(f"{file}: not Zendesk JSON (it starts with {head[:20]!r})")

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        for file in iter_files(path, JSON_SUFFIXES):
            yield from self._read_file(file, ctx)

    def _read_file(self, file: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        stream, _counter, _encoding = open_text(file)
        with stream:
            head = stream.read(4096).lstrip()
        if not head:
            yield Problem(str(file), 1, "empty file: no tickets", severity=Severity.WARNING)
            return
        try:
            stream, counter, _encoding = open_text(file)
            with stream:
                document = json.load(stream)
        except json.JSONDecodeError as error:
            if error.msg == "Extra data":  # one JSON value, then more: JSON lines (one ticket per line)
                yield from self._read_lines(file, ctx)
                return
            raise InputFormatError(f"{file}:{error.lineno}: invalid JSON: {error.msg}") from error
        except RecursionError as error:
            raise InputFormatError(f"{file}: invalid JSON: nested too deeply to be a ticket export") from error
        text = file.read_text(encoding=_encoding, errors="replace")
        if isinstance(document, list):
            document = {"tickets": document}
        if not isinstance(document, dict):
            raise InputFormatError(f"{file}: expected a JSON object with a 'tickets' list")
        tickets = document.get("tickets") if "tickets" in document else [document]
        if not isinstance(tickets, list):
            raise InputFormatError(f"{file}: 'tickets' is not a list")
        side = _SideLoads(document)
        position = 0
        for ticket in tickets:
            line, position = _line_of(text, ticket, position)
            yield from self._ticket(ticket, side, ctx, str(file), line)
        ctx.progress(counter.count)

    def _read_lines(self, file: Path, ctx: ReadContext) -> Iterator[ReadItem]:
        records, counter = read_json_lines(file, max_line_chars=ctx.max_field_chars * 4)
        for record in records:
            if isinstance(record, Problem):
                yield record
                continue
            assert isinstance(record, JsonRecord)
            value = record.value
            if isinstance(value, dict) and isinstance(value.get("tickets"), list):
                side = _SideLoads(value)
                for ticket in value["tickets"]:
                    yield from self._ticket(ticket, side, ctx, str(file), record.line)
            else:
                yield from self._ticket(value, _SideLoads({}), ctx, str(file), record.line)
            if record.line % 256 == 0:
                ctx.progress(counter.count)

    def _ticket(self, ticket: object, side: _SideLoads, ctx: ReadContext, file: str, line: int) -> Iterator[ReadItem]:
        if not isinstance(ticket, dict):
            yield Problem(file, line, f"expected a ticket object, found {type(ticket).__name__}")
            return
        try:
            warnings: list[Problem] = []
            yield line, self._to_draft(ticket, side, ctx, file, line, warnings)
            yield from warnings
        except RowError as error:
            yield Problem(file, line, str(error), json.dumps(ticket, ensure_ascii=False)[:2000])

    def _to_draft(
        self, ticket: dict, side: _SideLoads, ctx: ReadContext, file: str, line: int, warnings: list[Problem]
    ) -> Draft:
        tz = ctx.timezone
        ticket_id = _key(ticket.get("id"))
        requester_id = _key(ticket.get("requester_id"))
        requester = _mapping(ticket.get("requester")) or _mapping(side.users.get(requester_id))
        customer = requester.get("email") or (str(requester_id) if requester_id is not None else None)
        comments = ticket.get("comments")
        if comments is None:
            comments = side.comments.get(ticket_id)
        customer_texts: list[str] = []
        agent_texts: list[str] = []
        first_response_at = None
        if isinstance(comments, list) and comments:
            ordered = sorted(
                (c for c in comments if isinstance(c, dict)),
                key=lambda c: parse_datetime(c.get("created_at"), timezone=tz, name="comment created_at") or _NEVER,
            )
            for comment in ordered:
                author = comment.get("author_id")
                role = side.users.get(author, {}).get("role")
                from_customer = author == requester_id or role == "end-user"
                text = _comment_text(comment)
                if not text:
                    continue
                if from_customer:
                    customer_texts.append(text)
                elif comment.get("public", True):
                    agent_texts.append(text)
                    if first_response_at is None:
                        first_response_at = parse_datetime(
                            comment.get("created_at"), timezone=tz, name="comment created_at"
                        )
        else:
            reason = "has no comments" if comments is None else "has an empty comment list"
            warnings.append(
                Problem(
                    file,
                    line,
                    f"ticket {ticket_id} {reason}; used its description as the first message (agent replies unknown)",
                    severity=Severity.WARNING,
                )
            )
        description = ticket.get("description")
        first = customer_texts[0] if customer_texts else (description if isinstance(description, str) else None)
        metrics = _mapping(ticket.get("metric_set")) or _mapping(side.metrics.get(ticket_id))
        resolved_at = parse_datetime(ticket.get("solved_at") or metrics.get("solved_at"), timezone=tz, name="solved_at")
        via = _mapping(ticket.get("via"))
        via_channel = str(via.get("channel", "")).lower()
        fields = {f.get("id"): f.get("value") for f in ticket.get("custom_fields") or [] if isinstance(f, dict)}
        return draft_ticket(
            external_id=ticket_id,
            created_at=parse_datetime(ticket.get("created_at"), timezone=tz, name="created_at"),
            first_message=first,
            subject=ticket.get("raw_subject") or ticket.get("subject"),
            channel=_VIA.get(via_channel) or channel_from(via_channel),
            customer=customer,
            later_customer_messages=customer_texts[1:],
            agent_replies=agent_texts,
            first_response_at=first_response_at,
            resolved_at=resolved_at,
            updated_at=parse_datetime(ticket.get("updated_at"), timezone=tz, name="updated_at"),
            status=status_from(ticket.get("status"), resolved=resolved_at is not None),
            tags=tags_from(ticket.get("tags")),
            order_number=_string(fields.get("order_number")),
            language=_string(requester.get("locale", "")).split("-")[0] or None,
        )


def _string(value: object) -> str:
    return "" if value is None else str(value)


def _mapping(value: object) -> dict:
    """An object of the export, or {} for anything else (a malformed field is treated as missing)."""
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _key(value: object) -> int | str | None:
    """An id usable as a key; ids given as objects or lists (malformed exports) are treated as missing."""
    return value if isinstance(value, int | str) and not isinstance(value, bool) else None


def _comment_text(comment: dict) -> str:
    """A comment's text, preferring Zendesk's plain rendering over its HTML."""
    for key in ("plain_body", "body"):
        value = comment.get(key)
        if isinstance(value, str) and value.strip():
            return value
    value = comment.get("html_body")
    return html_to_text(value) if isinstance(value, str) else ""


class _SideLoads:
    """Users, comments and metric sets delivered beside the tickets of a page."""

    def __init__(self, page: dict) -> None:
        self.users = {_key(u.get("id")): u for u in _list(page.get("users")) if isinstance(u, dict)}
        self.comments: dict[int | str | None, list] = {}
        for comment in _list(page.get("comments")):
            if isinstance(comment, dict) and _key(comment.get("ticket_id")) is not None:
                self.comments.setdefault(_key(comment["ticket_id"]), []).append(comment)
        self.metrics = {_key(m.get("ticket_id")): m for m in _list(page.get("metric_sets")) if isinstance(m, dict)}
        for table in (self.users, self.comments, self.metrics):
            table.pop(None, None)


def _line_of(text: str, ticket: object, start: int) -> tuple[int, int]:
    """Line of a page's ticket, found by its id after the previous ticket; (1, start) when not found."""
    if isinstance(ticket, dict) and ticket.get("id") is not None:
        pattern = re.compile(r'"id"\s*:\s*"?' + re.escape(str(ticket["id"])) + r'"?\s*[,}\n]')
        match = pattern.search(text, start)
        if match:
            return text.count("\n", 0, match.start()) + 1, match.end()
    return 1, start
