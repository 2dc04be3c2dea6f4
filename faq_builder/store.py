"""The embedded ticket store: one SQLite file (WAL) holding every ingested ticket, and the help site's feedback.

Tickets are keyed by (source, external id), so re-ingesting an export adds
nothing and a newer export of a ticket updates it. The same ticket exported
by two tools (say a helpdesk CSV and the shared mailbox) is kept once for
analysis: the later copy is marked as a duplicate of the first.

The site's "Was this helpful?" votes and its searches without results (received by ``faq-builder serve-api``)
are kept beside the tickets (schema 2: tables ``votes`` and ``failed_searches``); a store of schema 1 is
migrated when opened for writing, in one transaction, its tickets untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from . import stop
from .errors import StoreError
from .models import Channel, Status, Ticket
from .workdir import DEFAULT_DB

__all__ = ["DEFAULT_DB", "TicketStore", "VoteTally", "previous_window_bounds", "window_bounds"]
#: 1: tickets and ingest runs; 2: the site's feedback (votes, searches without results).
SCHEMA_VERSION = 2
#: Schemas this code can read without writing: a schema-1 store simply has no feedback yet.
_READABLE_VERSIONS = (1, 2)
#: Two copies of a ticket from different sources are the same when this close in time.
DUPLICATE_WINDOW_SECONDS = 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    customer_key TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    customer_messages TEXT NOT NULL,
    agent_replies TEXT NOT NULL,
    first_response_at INTEGER,
    resolved_at INTEGER,
    updated_at INTEGER,
    status TEXT NOT NULL,
    tags TEXT NOT NULL,
    language TEXT NOT NULL,
    order_number TEXT,
    product TEXT,
    content_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES tickets(id),
    run_id INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX IF NOT EXISTS tickets_created_at ON tickets (created_at) WHERE duplicate_of IS NULL;
CREATE INDEX IF NOT EXISTS tickets_fingerprint ON tickets (fingerprint);
CREATE INDEX IF NOT EXISTS tickets_external_id ON tickets (external_id);
CREATE TABLE IF NOT EXISTS ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejects_file TEXT
);
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    entry TEXT,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    page TEXT NOT NULL,
    language TEXT NOT NULL,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS votes_received_at ON votes (received_at);
CREATE TABLE IF NOT EXISTS failed_searches (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    query TEXT NOT NULL,
    page TEXT NOT NULL,
    language TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_searches_received_at ON failed_searches (received_at);
"""
_FEEDBACK_TABLES = ("votes", "failed_searches")
_COLUMNS = (
    "source, external_id, created_at, channel, customer_key, subject, body, customer_messages, agent_replies, "
    "first_response_at, resolved_at, updated_at, status, tags, language, order_number, product"
)
_UPDATED_AT_INDEX = 11
#: What :meth:`TicketStore.facts_between` can read, by name.
_FACTS = {
    "external_id": "external_id",
    "created_at": "created_at",
    "channel": "channel",
    "status": "status",
    "first_response_at": "first_response_at",
    "resolved_at": "resolved_at",
    "product": "product",
    "subject": "subject",
    "body": "body",
    "replies": "json_array_length(agent_replies)",
    "first_reply": "json_extract(agent_replies, '$[0]')",
}
_NORMALISE_FOR_FINGERPRINT = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(slots=True)
class UpsertResult:
    """How a batch of tickets changed the store; ``duplicate_lines`` are rows repeating an id of this run."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    cross_source_duplicates: int = 0
    duplicate_lines: list[tuple[int, str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VoteTally:
    """The site's "Was this helpful?" votes on one entry: counts, and the comments sent with them (oldest first)."""

    helpful: int = 0
    unhelpful: int = 0
    comments: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.helpful + self.unhelpful


@dataclass(frozen=True, slots=True)
class IngestRun:
    id: int
    started_at: str
    finished_at: str | None
    file: str
    format: str
    source: str
    read: int
    new: int
    updated: int
    unchanged: int
    rejected: int
    duplicates: int
    rejects_file: str | None


def window_bounds(*, until: datetime, days: int) -> tuple[datetime, datetime]:
    """The half-open interval [until - days, until): "the last N days before T"."""
    if until.tzinfo is None:
        raise ValueError("until must be timezone-aware")
    return until - timedelta(days=days), until


def previous_window_bounds(*, until: datetime, days: int) -> tuple[datetime, datetime]:
    """The window of equal length just before :func:`window_bounds`."""
    start, _end = window_bounds(until=until, days=days)
    return start - timedelta(days=days), start


def _epoch(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _from_epoch(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _content_hash(values: tuple[object, ...]) -> str:
    """Hash of a ticket's stored values (from :func:`_ticket_values`) except updated_at."""
    payload = "\x1f".join(
        "\x00" if value is None else str(value) for index, value in enumerate(values) if index != _UPDATED_AT_INDEX
    )
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def _fingerprint(ticket: Ticket) -> str:
    body = _NORMALISE_FOR_FINGERPRINT.sub(" ", ticket.body.lower()).strip()[:300]
    key = f"{ticket.customer_key or ''}\x1f{body}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


class TicketStore:
    """A connection to the ticket store; use as a context manager or call :meth:`close`.

    ``TicketStore(path)`` creates the store if needed (ingest); commands that only read use
    :meth:`open_existing`, which never creates or writes one.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, durable: bool = False) -> None:
        """``durable``: every commit is flushed to disk (``synchronous=FULL``) so it survives a power cut too, not
        only a crash or restart of the process (WAL's ``NORMAL``); for the feedback API, which answers a vote only
        once it is committed."""
        self.path = Path(path)
        if read_only:
            self._open_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path}: cannot open the ticket store ({error}); pass --db to use another file"
            ) from error
        except OSError as error:
            raise StoreError(f"{self.path}: cannot create the ticket store ({error.strerror})") from error

    def _migrate(self) -> None:
        """Create the tables (a new store) or add those of later schemas (an older one), all in one transaction:
        a migration interrupted half-way leaves the store as it was. Every schema change so far only adds tables
        and indexes (``CREATE ... IF NOT EXISTS``), so the same statements create and migrate."""
        self._db.execute("BEGIN IMMEDIATE")  # re-read the version under the write lock: another process may migrate
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store was written by a newer faq-builder (schema {version}); upgrade faq-builder"
                )
            if version < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @classmethod
    def open_existing(cls, path: str | os.PathLike[str]) -> TicketStore:
        """The store at ``path``, read-only; a clear error (and no new file) when there is none."""
        if not Path(path).is_file():
            raise StoreError(f"{path}: no ticket store yet; run 'faq-builder ingest' first")
        return cls(path, read_only=True)

    def _open_read_only(self) -> None:
        try:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            self._db.execute("PRAGMA query_only=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path}: cannot open the ticket store ({error}); pass --db to use another file"
            ) from error
        if version not in _READABLE_VERSIONS:
            self._db.close()
            newer = version > SCHEMA_VERSION
            raise StoreError(
                f"{self.path}: not a ticket store of this faq-builder (schema {version}, expected {SCHEMA_VERSION}); "
                + ("upgrade faq-builder" if newer else "run 'faq-builder ingest' to upgrade it, or pass --db")
            )

    def __enter__(self) -> TicketStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def customer_salt(self) -> bytes:
        """A per-store secret so customer keys cannot be reversed by hashing guessed emails."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'customer_salt'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        salt = secrets.token_bytes(16)
        self._db.execute("INSERT INTO meta (key, value) VALUES ('customer_salt', ?)", (salt.hex(),))
        return salt

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            stop.raise_if_requested()
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def start_run(self, *, file: str, format: str, source: str) -> int:
        cursor = self._db.execute(
            "INSERT INTO ingest_runs (started_at, file, format, source) VALUES (?, ?, ?, ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"), file, format, source),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(
        self,
        run_id: int,
        *,
        read: int,
        new: int,
        updated: int,
        unchanged: int,
        rejected: int,
        duplicates: int,
        rejects_file: str | None,
    ) -> None:
        self._db.execute(
            "UPDATE ingest_runs SET finished_at = ?, read = ?, new = ?, updated = ?, unchanged = ?, rejected = ?, "
            "duplicates = ?, rejects_file = ? WHERE id = ?",
            (
                datetime.now(UTC).isoformat(timespec="seconds"),
                read,
                new,
                updated,
                unchanged,
                rejected,
                duplicates,
                rejects_file,
                run_id,
            ),
        )

    def upsert(self, rows: Sequence[tuple[int, Ticket]], *, run_id: int, file: str) -> UpsertResult:
        """Insert new tickets, update changed ones; ``rows`` are (line, ticket) pairs from one file.

        A ticket id seen earlier in the same run counts as a newer version only
        when its ``updated_at`` is later (incremental exports list a ticket at
        each change); otherwise the row is returned in ``duplicate_lines``.
        """
        result = UpsertResult()
        if not rows:
            return result
        source = rows[0][1].source
        ids = list({ticket.external_id for _line, ticket in rows})
        state: dict[str, tuple[int | None, str, int | None, int, int]] = {}
        for chunk in _chunks(ids, 900):
            marks = ",".join("?" * len(chunk))
            for rowid, external_id, content_hash, updated_at, row_run, line in self._db.execute(
                f"SELECT id, external_id, content_hash, updated_at, run_id, source_line FROM tickets "
                f"WHERE source = ? AND external_id IN ({marks})",
                (source, *chunk),
            ):
                state[external_id] = (rowid, content_hash, updated_at, row_run, line)
        fingerprints = {ticket.external_id: _fingerprint(ticket) for _line, ticket in rows}
        twins = self._cross_source_twins(source, fingerprints.values())
        inserts: dict[str, tuple[int, Ticket, tuple[object, ...], str]] = {}
        updates: dict[str, tuple[int, Ticket, tuple[object, ...], str]] = {}
        seen: list[tuple[int, int, int]] = []  # unchanged rows: remember this run saw them
        for line, ticket in rows:
            values = _ticket_values(ticket)
            content_hash = _content_hash(values)
            updated_at = _epoch(ticket.updated_at)
            known = state.get(ticket.external_id)
            if known is None:
                inserts[ticket.external_id] = (line, ticket, values, content_hash)
                state[ticket.external_id] = (None, content_hash, updated_at, run_id, line)
                result.new += 1
                continue
            rowid, old_hash, old_updated, row_run, old_line = known
            newer = updated_at is not None and (old_updated is None or updated_at > old_updated)
            if row_run == run_id and not newer:
                result.duplicate_lines.append((line, ticket.external_id, old_line))
                continue
            if old_updated is not None and updated_at is not None and updated_at < old_updated:
                result.unchanged += 1  # an older export of a ticket we already have in a newer state
            elif old_hash == content_hash:
                result.unchanged += 1
                if rowid is not None:
                    seen.append((run_id, line, rowid))
            else:
                (inserts if rowid is None else updates)[ticket.external_id] = (line, ticket, values, content_hash)
                result.updated += 1
            state[ticket.external_id] = (rowid, content_hash, updated_at, run_id, line)
        self._db.executemany("UPDATE tickets SET run_id = ?, source_line = ? WHERE id = ?", seen)
        insert_rows = []
        for line, ticket, values, content_hash in inserts.values():
            twin = _twin_for(twins, fingerprints[ticket.external_id], ticket)
            result.cross_source_duplicates += twin is not None
            insert_rows.append((*values, content_hash, fingerprints[ticket.external_id], twin, run_id, file, line))
        self._db.executemany(
            f"INSERT INTO tickets ({_COLUMNS}, content_hash, fingerprint, duplicate_of, run_id, source_file, "
            f"source_line) VALUES ({','.join('?' * 23)})",
            insert_rows,
        )
        self._db.executemany(
            "UPDATE tickets SET created_at = ?, channel = ?, customer_key = ?, subject = ?, body = ?, "
            "customer_messages = ?, agent_replies = ?, first_response_at = ?, resolved_at = ?, updated_at = ?, "
            "status = ?, tags = ?, language = ?, order_number = ?, product = ?, content_hash = ?, "
            "fingerprint = ?, run_id = ?, source_file = ?, source_line = ? WHERE source = ? AND external_id = ?",
            [
                (
                    *values[2:],
                    content_hash,
                    fingerprints[ticket.external_id],
                    run_id,
                    file,
                    line,
                    ticket.source,
                    ticket.external_id,
                )
                for line, ticket, values, content_hash in updates.values()
            ],
        )
        return result

    def _cross_source_twins(self, source: str, fingerprints: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        twins: dict[str, list[tuple[int, int]]] = {}
        unique = list(set(fingerprints))
        for chunk in _chunks(unique, 900):
            marks = ",".join("?" * len(chunk))
            for fingerprint, rowid, created_at in self._db.execute(
                f"SELECT fingerprint, id, created_at FROM tickets WHERE fingerprint IN ({marks}) "
                f"AND source != ? AND duplicate_of IS NULL",
                (*chunk, source),
            ):
                twins.setdefault(fingerprint, []).append((rowid, created_at))
        return twins

    def tickets_between(self, start: datetime, end: datetime, *, include_duplicates: bool = False) -> Iterator[Ticket]:
        """Tickets created in [start, end), oldest first; cross-source duplicates left out unless asked."""
        where = "created_at >= ? AND created_at < ?"
        if not include_duplicates:
            where += " AND duplicate_of IS NULL"
        cursor = self._db.execute(
            f"SELECT {_COLUMNS} FROM tickets WHERE {where} ORDER BY created_at, source, external_id",
            (_epoch(start), _epoch(end)),
        )
        for row in cursor:
            yield _row_to_ticket(row)

    def count_between(self, start: datetime, end: datetime) -> int:
        return int(
            self._db.execute(
                "SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ? AND duplicate_of IS NULL",
                (_epoch(start), _epoch(end)),
            ).fetchone()[0]
        )

    def get(self, source: str, external_id: str) -> Ticket | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM tickets WHERE source = ? AND external_id = ?", (source, external_id)
        ).fetchone()
        return _row_to_ticket(row) if row else None

    def by_external_ids(self, external_ids: Sequence[str]) -> list[Ticket]:
        """Tickets with these ids (as in the helpdesk export, e.g. from a mining report), in id order."""
        found: list[Ticket] = []
        for chunk in _chunks(sorted(set(external_ids)), 500):
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE external_id IN ({marks}) AND duplicate_of IS NULL "
                "ORDER BY external_id, source",
                tuple(chunk),
            )
            found += [_row_to_ticket(row) for row in cursor]
        return found

    def counts(self) -> dict[str, int]:
        """Totals for a summary: all rows, distinct tickets and cross-source duplicates."""
        total, duplicates = self._db.execute("SELECT count(*), count(duplicate_of) FROM tickets").fetchone()
        return {"rows": total, "tickets": total - duplicates, "duplicates": duplicates}

    def breakdown(self, column: str, start: datetime, end: datetime) -> list[tuple[str, int]]:
        """Ticket counts per value of ``column`` (channel, language, status) in [start, end)."""
        if column not in {"channel", "language", "status", "source"}:
            raise ValueError(f"cannot break down by {column!r}")
        return [
            (value, count)
            for value, count in self._db.execute(
                f"SELECT {column}, count(*) FROM tickets WHERE created_at >= ? AND created_at < ? "
                f"AND duplicate_of IS NULL GROUP BY {column} ORDER BY count(*) DESC, {column}",
                (_epoch(start), _epoch(end)),
            )
        ]

    def facts_between(self, start: datetime, end: datetime, columns: Sequence[str]) -> Iterator[tuple]:
        """Chosen facts of the tickets created in [start, end) (copies kept once), oldest first, as tuples.

        For figures over a whole window that need no :class:`Ticket` objects: timestamps stay epoch seconds,
        and ``replies`` (how many agent replies) and ``first_reply`` are read from the stored JSON by SQLite.
        """
        unknown = [name for name in columns if name not in _FACTS]
        if unknown:
            raise ValueError(f"unknown ticket facts {unknown}; known: {', '.join(_FACTS)}")
        yield from self._db.execute(
            f"SELECT {', '.join(_FACTS[name] for name in columns)} FROM tickets "
            "WHERE created_at >= ? AND created_at < ? AND duplicate_of IS NULL ORDER BY created_at, id",
            (_epoch(start), _epoch(end)),
        )

    def span(self) -> tuple[datetime, datetime] | None:
        """Oldest and newest created_at in the store."""
        low, high = self._db.execute("SELECT min(created_at), max(created_at) FROM tickets").fetchone()
        if low is None:
            return None
        return datetime.fromtimestamp(low, UTC), datetime.fromtimestamp(high, UTC)

    def runs(self, *, limit: int = 20) -> list[IngestRun]:
        return [
            IngestRun(*row)
            for row in self._db.execute(
                "SELECT id, started_at, finished_at, file, format, source, read, new, updated, unchanged, rejected, "
                "duplicates, rejects_file FROM ingest_runs ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        ]

    # --- The help site's feedback (schema 2) ---------------------------------------------------------------------
    # Writers commit on their own (the connection autocommits) or together inside :meth:`transaction`. Texts are
    # stored as given: callers scrub them first (the API runs every text through privacy.Redactor).

    def add_vote(
        self,
        *,
        entry: str | None,
        helpful: bool,
        page: str,
        language: str,
        comment: str | None = None,
        received_at: datetime | None = None,
    ) -> int:
        """Keep one "Was this helpful?" vote (``entry``: the entry's slug, None from a page that is no entry);
        its row id. ``received_at`` defaults to now; kept to the second."""
        cursor = self._db.execute(
            "INSERT INTO votes (received_at, entry, helpful, page, language, comment) VALUES (?, ?, ?, ?, ?, ?)",
            (_epoch(received_at or datetime.now(UTC)), entry, int(helpful), page, language, comment),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_failed_search(self, *, query: str, page: str, language: str, received_at: datetime | None = None) -> int:
        """Keep one search of the site that found nothing (the query already scrubbed); its row id."""
        cursor = self._db.execute(
            "INSERT INTO failed_searches (received_at, query, page, language) VALUES (?, ?, ?, ?)",
            (_epoch(received_at or datetime.now(UTC)), query, page, language),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def votes_by_entry(self, *, since: datetime | None = None) -> dict[str, VoteTally]:
        """Votes per entry slug received at or after ``since`` (all when None), most voted first; votes sent
        from pages that are no entry are left out. Empty for a schema-1 store opened read-only."""
        if not self._has_feedback_tables():
            return {}
        tallies: dict[str, tuple[int, int, list[str]]] = {}
        for entry, helpful, comment in self._db.execute(
            "SELECT entry, helpful, comment FROM votes WHERE entry IS NOT NULL AND received_at >= ? ORDER BY id",
            (_epoch(since) if since is not None else -(2**62),),
        ):
            up, down, comments = tallies.setdefault(entry, (0, 0, []))
            if comment:
                comments.append(comment)
            tallies[entry] = (up + helpful, down + (not helpful), comments)
        ranked = sorted(tallies.items(), key=lambda item: (-(item[1][0] + item[1][1]), item[0]))
        return {entry: VoteTally(up, down, tuple(comments)) for entry, (up, down, comments) in ranked}

    def failed_searches_between(self, start: datetime, end: datetime) -> list[tuple[datetime, str, str]]:
        """Searches without results received in [start, end), oldest first, as (when, query, language).
        Empty for a schema-1 store opened read-only."""
        if not self._has_feedback_tables():
            return []
        return [
            (datetime.fromtimestamp(received_at, UTC), query, language)
            for received_at, query, language in self._db.execute(
                "SELECT received_at, query, language FROM failed_searches WHERE received_at >= ? AND received_at < ? "
                "ORDER BY received_at, id",
                (_epoch(start), _epoch(end)),
            )
        ]

    def _has_feedback_tables(self) -> bool:
        marks = ",".join("?" * len(_FEEDBACK_TABLES))
        found = self._db.execute(
            f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", _FEEDBACK_TABLES
        ).fetchone()[0]
        return bool(found == len(_FEEDBACK_TABLES))

    def explain_window_query(self) -> str:
        """SQLite's plan for the window query, so tests can assert it uses the index."""
        rows = self._db.execute(
            f"EXPLAIN QUERY PLAN SELECT {_COLUMNS} FROM tickets WHERE created_at >= ? AND created_at < ? "
            "AND duplicate_of IS NULL ORDER BY created_at",
            (0, 1),
        ).fetchall()
        return "\n".join(str(row[-1]) for row in rows)


def _twin_for(twins: dict[str, list[tuple[int, int]]], fingerprint: str, ticket: Ticket) -> int | None:
    created = _epoch(ticket.created_at) or 0
    for rowid, created_at in twins.get(fingerprint, ()):
        if abs(created_at - created) <= DUPLICATE_WINDOW_SECONDS:
            return rowid
    return None


def _ticket_values(ticket: Ticket) -> tuple[object, ...]:
    return (
        ticket.source,
        ticket.external_id,
        _epoch(ticket.created_at),
        ticket.channel.value,
        ticket.customer_key,
        ticket.subject,
        ticket.body,
        json.dumps(ticket.customer_messages, ensure_ascii=False),
        json.dumps(ticket.agent_replies, ensure_ascii=False),
        _epoch(ticket.first_response_at),
        _epoch(ticket.resolved_at),
        _epoch(ticket.updated_at),
        ticket.status.value,
        json.dumps(ticket.tags, ensure_ascii=False),
        ticket.language,
        ticket.order_number,
        ticket.product,
    )


def _row_to_ticket(row: Sequence[Any]) -> Ticket:
    """A ticket from a row of ``tickets`` (the columns written by :func:`_ticket_values`)."""
    (
        source,
        external_id,
        created_at,
        channel,
        customer_key,
        subject,
        body,
        customer_messages,
        agent_replies,
        first_response_at,
        resolved_at,
        updated_at,
        status,
        tags,
        language,
        order_number,
        product,
    ) = row
    return Ticket(
        source=str(source),
        external_id=str(external_id),
        created_at=datetime.fromtimestamp(created_at, UTC),
        channel=Channel(channel),
        customer_key=customer_key,
        subject=str(subject),
        body=str(body),
        customer_messages=tuple(json.loads(customer_messages)),
        agent_replies=tuple(json.loads(agent_replies)),
        first_response_at=_from_epoch(first_response_at),
        resolved_at=_from_epoch(resolved_at),
        updated_at=_from_epoch(updated_at),
        status=Status(status),
        tags=tuple(json.loads(tags)),
        language=str(language),
        order_number=order_number,
        product=product,
    )


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
