from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from faq_builder.errors import StoreError
from faq_builder.models import Channel, Ticket
from faq_builder.store import TicketStore, previous_window_bounds, window_bounds

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
