from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from faq_builder.errors import StoreError
from faq_builder.models import Channel, Ticket
from faq_builder.store import TicketStore, VoteTally, previous_window_bounds, window_bounds

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def ticket(
    external_id: str,
    *,
    source: str = "csv",
    created: datetime = T0,
    body: str = "where is my order?",
    **changes: object,
) -> Ticket:
    return Ticket(
        source=source,
        external_id=external_id,
        created_at=created,
        body=body,
        channel=Channel.EMAIL,
        customer_key="c1",
        **changes,
    )  # type: ignore[arg-type]


def test_upsert_counts_new_updated_unchanged(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        run = store.start_run(file="a.csv", format="csv", source="csv")
        first = store.upsert([(2, ticket("1")), (3, ticket("2", body="refund?"))], run_id=run, file="a.csv")
        assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    with TicketStore(db) as store, store.transaction():
        run = store.start_run(file="a.csv", format="csv", source="csv")
        again = store.upsert([(2, ticket("1")), (3, ticket("2", body="refund please?"))], run_id=run, file="a.csv")
        assert (again.new, again.updated, again.unchanged) == (0, 1, 1)
        assert store.get("csv", "2").body == "refund please?"  # type: ignore[union-attr]


def test_older_export_does_not_overwrite_newer(db: Path) -> None:
    newer = ticket("1", body="v2", updated_at=T0 + timedelta(days=2))
    older = ticket("1", body="v1", updated_at=T0 + timedelta(days=1))
    with TicketStore(db) as store, store.transaction():
        store.upsert([(2, newer)], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
        result = store.upsert([(2, older)], run_id=store.start_run(file="b", format="csv", source="csv"), file="b")
        assert result.unchanged == 1
        assert store.get("csv", "1").body == "v2"  # type: ignore[union-attr]


def test_repeated_id_in_one_run_is_reported_unless_newer(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        run = store.start_run(file="a", format="jsonl", source="jsonl")
        result = store.upsert(
            [
                (1, ticket("1", updated_at=T0)),
                (2, ticket("1", body="x", updated_at=T0 + timedelta(hours=1))),
                (3, ticket("1", body="y", updated_at=T0)),
            ],
            run_id=run,
            file="a",
        )
        assert (result.new, result.updated) == (1, 1)
        assert result.duplicate_lines == [(3, "1", 2)]
        assert store.get("csv", "1").body == "x"  # type: ignore[union-attr]


def test_same_ticket_from_two_sources_is_kept_once(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        store.upsert([(1, ticket("1"))], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
        twin = ticket("<abc@mail>", source="email", created=T0 + timedelta(minutes=2))
        result = store.upsert([(1, twin)], run_id=store.start_run(file="m", format="mbox", source="email"), file="m")
        assert result.cross_source_duplicates == 1
        assert store.counts() == {"rows": 2, "tickets": 1, "duplicates": 1}
        assert store.count_between(T0 - timedelta(days=1), T0 + timedelta(days=1)) == 1


def test_window_queries(db: Path) -> None:
    until = datetime(2026, 11, 23, tzinfo=UTC)
    rows = [(i, ticket(str(i), created=until - timedelta(days=i, hours=1))) for i in range(30)]
    with TicketStore(db) as store, store.transaction():
        store.upsert(rows, run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
    with TicketStore(db) as store:
        start, end = window_bounds(until=until, days=14)
        assert (start, end) == (until - timedelta(days=14), until)
        current = list(store.tickets_between(start, end))
        assert [t.external_id for t in current] == [str(i) for i in range(13, -1, -1)]
        assert store.count_between(*previous_window_bounds(until=until, days=14)) == 14
        assert "USING INDEX tickets_created_at" in store.explain_window_query()


def test_round_trip_keeps_every_field(db: Path) -> None:
    full = replace(
        ticket("9"),
        subject="Late",
        customer_messages=("any news?",),
        agent_replies=("on its way", "delivered"),
        first_response_at=T0 + timedelta(hours=1),
        resolved_at=T0 + timedelta(hours=5),
        tags=("wismo",),
        language="en",
        order_number="100234",
        product="boots",
    )
    with TicketStore(db) as store, store.transaction():
        store.upsert([(1, full)], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
        assert store.get("csv", "9") == full


def test_failed_transaction_leaves_store_unchanged(db: Path) -> None:
    with TicketStore(db) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert([(1, ticket("1"))], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
            raise RuntimeError("crash mid-run")
        assert store.counts()["rows"] == 0
        assert store.runs() == []


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "tickets.sqlite3"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the ticket store"):
        TicketStore(bogus)


def test_window_needs_aware_datetime() -> None:
    with pytest.raises(ValueError):
        window_bounds(until=datetime(2026, 1, 1), days=14)


def test_readers_work_while_an_ingest_holds_the_write_lock(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        store.upsert([(1, ticket("1"))], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
    with TicketStore(db) as writer, writer.transaction():
        writer.upsert([(1, ticket("2"))], run_id=writer.start_run(file="b", format="csv", source="csv"), file="b")
        with TicketStore.open_existing(db) as reader:  # sees the last committed state, at once
            assert reader.counts()["tickets"] == 1
    with TicketStore.open_existing(db) as reader:
        assert reader.counts()["tickets"] == 2


def test_opening_to_read_never_creates_or_writes_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    with pytest.raises(StoreError, match="no ticket store yet"):
        TicketStore.open_existing(missing)
    assert list(tmp_path.iterdir()) == []


# --- The help site's feedback (schema 2) ---------------------------------------------------------------------


def _as_schema_1(path: Path) -> None:
    """Turn a store into what faq-builder wrote before schema 2 (schema 2 only added the feedback tables)."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DROP TABLE votes")
    connection.execute("DROP TABLE failed_searches")
    connection.execute("PRAGMA user_version=1")
    connection.close()


def _tables(path: Path) -> set[str]:
    import sqlite3

    connection = sqlite3.connect(path)
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    return names


def test_schema_1_store_is_migrated_keeping_its_tickets(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        store.upsert(
            [(2, ticket("1")), (3, ticket("2", body="refund?"))],
            run_id=store.start_run(file="a.csv", format="csv", source="csv"),
            file="a.csv",
        )
    _as_schema_1(db)
    assert "votes" not in _tables(db)
    with TicketStore.open_existing(db) as old:  # read-only commands still read a schema-1 store: no feedback yet
        assert old.schema_version == 1
        assert old.counts()["tickets"] == 2
        assert old.votes_by_entry() == {}
        assert old.failed_searches_between(T0 - timedelta(days=1), T0 + timedelta(days=1)) == []
    assert "votes" not in _tables(db)  # reading wrote nothing
    with TicketStore(db) as store:
        assert store.schema_version == 2
        assert store.counts()["tickets"] == 2
        assert store.get("csv", "2").body == "refund?"  # type: ignore[union-attr]
        store.add_vote(entry="where-is-my-order", helpful=True, page="/faq/x/", language="en")
    assert {"votes", "failed_searches", "tickets", "ingest_runs", "meta"} <= _tables(db)
    with TicketStore.open_existing(db) as store:
        assert store.votes_by_entry()["where-is-my-order"].helpful == 1


def test_interrupted_migration_leaves_the_store_as_it_was(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import faq_builder.store as store_module

    with TicketStore(db) as store, store.transaction():
        store.upsert([(2, ticket("1"))], run_id=store.start_run(file="a", format="csv", source="csv"), file="a")
    _as_schema_1(db)
    # The second table's statement fails after the first was created: the whole migration is rolled back.
    monkeypatch.setattr(
        store_module, "_SCHEMA", store_module._SCHEMA.replace("failed_searches (", "failed_searches (((")
    )
    with pytest.raises(StoreError, match="cannot open the ticket store"):
        TicketStore(db)
    assert "votes" not in _tables(db)
    with TicketStore.open_existing(db) as old:
        assert old.schema_version == 1 and old.counts()["tickets"] == 1


def test_store_of_a_newer_schema_is_refused(db: Path) -> None:
    import sqlite3

    TicketStore(db).close()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA user_version=3")
    connection.close()
    with pytest.raises(StoreError, match="newer faq-builder"):
        TicketStore(db)
    with pytest.raises(StoreError, match="upgrade faq-builder"):
        TicketStore.open_existing(db)


def test_votes_by_entry_tallies_votes_and_comments_since(db: Path) -> None:
    with TicketStore(db) as store:
        store.add_vote(entry="a", helpful=True, page="/faq/a/", language="en", received_at=T0 - timedelta(days=10))
        store.add_vote(entry="a", helpful=False, page="/faq/a/", language="en", received_at=T0, comment="too vague")
        store.add_vote(entry="b", helpful=True, page="/faq/b/", language="vi", received_at=T0)
        store.add_vote(entry="b", helpful=True, page="/faq/b/", language="vi", received_at=T0 + timedelta(hours=1))
        store.add_vote(entry="b", helpful=False, page="/vi/faq/b/", language="vi", received_at=T0)
        store.add_vote(entry=None, helpful=True, page="/", language="en", received_at=T0)  # not an entry's page
        everything = store.votes_by_entry()
        assert list(everything) == ["b", "a"]  # most voted first
        assert everything["a"] == VoteTally(helpful=1, unhelpful=1, comments=("too vague",))
        assert everything["b"].total == 3 and everything["b"].helpful == 2
        assert store.votes_by_entry(since=T0)["a"] == VoteTally(0, 1, ("too vague",))
        assert store.votes_by_entry(since=T0 + timedelta(days=1)) == {}


def test_failed_searches_between_half_open_oldest_first(db: Path) -> None:
    with TicketStore(db) as store, store.transaction():
        store.add_failed_search(
            query="parcel {number} lost", page="/", language="en", received_at=T0 + timedelta(hours=2)
        )
        store.add_failed_search(query="gift wrap", page="/faq/", language="en", received_at=T0)
        store.add_failed_search(query="bảo hành", page="/vi/", language="vi", received_at=T0 + timedelta(days=1))
        found = store.failed_searches_between(T0, T0 + timedelta(days=1))
    assert found == [(T0, "gift wrap", "en"), (T0 + timedelta(hours=2), "parcel {number} lost", "en")]


def test_feedback_written_in_a_transaction_lands_together_or_not_at_all(db: Path) -> None:
    with TicketStore(db) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_vote(entry="a", helpful=True, page="/", language="en")
            raise RuntimeError("boom")
        assert store.votes_by_entry() == {}
        with store.transaction():
            store.add_vote(entry="a", helpful=True, page="/", language="en")
            store.add_failed_search(query="x y z", page="/", language="en")
    with TicketStore.open_existing(db) as store:
        assert store.votes_by_entry()["a"].helpful == 1


def test_durable_store_flushes_every_commit(db: Path) -> None:
    with TicketStore(db, durable=True) as store:
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with TicketStore(db) as store:
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
