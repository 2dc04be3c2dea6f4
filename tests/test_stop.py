from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from faq_builder import stop
from faq_builder.atomic import FileBatch
from faq_builder.store import TicketStore
from tests.test_store import ticket


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    yield
    stop.clear()


class _StoppedWhileCollected:
    """Where a signal's exception is lost: Python prints "Exception ignored" for errors raised in a finalizer."""

    def __init__(self, signum: int) -> None:
        self.signum = signum

    def __del__(self) -> None:
        stop.request(self.signum)


def _lose_a_stop(signum: int) -> None:
    lost: list[object] = []
    previous, sys.unraisablehook = sys.unraisablehook, lost.append
    try:
        _StoppedWhileCollected(signum)
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert len(lost) == 1  # the exception went nowhere, as in a fork hook


@pytest.mark.parametrize(("signum", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, SystemExit)])
def test_a_transaction_does_not_commit_after_a_stop_whose_exception_was_lost(
    tmp_path: Path, signum: int, raised: type[BaseException]
) -> None:
    db = tmp_path / "db.sqlite3"
    with TicketStore(db) as store:
        with pytest.raises(raised) as error, store.transaction():
            run = store.start_run(file="a.csv", format="csv", source="csv")
            store.upsert([(2, ticket("1"))], run_id=run, file="a.csv")
            _lose_a_stop(signum)
        assert store.counts()["tickets"] == 0
    if raised is SystemExit:
        assert error.value.code == 143


def test_a_file_batch_does_not_commit_after_a_lost_stop(tmp_path: Path) -> None:
    batch = FileBatch(tmp_path)
    batch.write(tmp_path / "a.md", "text")
    _lose_a_stop(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        batch.commit()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []


def test_without_a_stop_nothing_is_raised_and_clear_forgets_one() -> None:
    stop.raise_if_requested()
    with pytest.raises(KeyboardInterrupt):
        stop.request(signal.SIGINT)
    stop.clear()
    stop.raise_if_requested()


def test_a_lost_stop_is_not_printed_but_other_lost_errors_are() -> None:
    seen: list[object] = []
    quiet = stop.quiet_lost(seen.append)
    previous, sys.unraisablehook = sys.unraisablehook, quiet
    try:
        _StoppedWhileCollected(signal.SIGTERM)
        gc.collect()  # the stop is remembered, its exception dropped: nothing reaches the next hook
        assert seen == []

        class _Broken:
            def __del__(self) -> None:
                raise ValueError("a real bug")

        _Broken()
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert [type(u.exc_value) for u in seen] == [ValueError]  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        stop.raise_if_requested()


def test_inside_deferred_a_stop_is_only_recorded_until_the_next_check() -> None:
    with stop.deferred():
        stop.request(signal.SIGINT)  # a signal while worker processes run: nothing raised inside the pool
        with pytest.raises(KeyboardInterrupt):
            stop.raise_if_requested()
    with pytest.raises(KeyboardInterrupt):
        stop.request(signal.SIGINT)  # outside: raised at once
