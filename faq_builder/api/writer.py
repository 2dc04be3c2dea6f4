"""One writer thread for the store, so concurrent requests never contend for SQLite's single write lock.

Requests hand their write to :class:`StoreWriter` and wait; the thread commits whatever has queued up in one
transaction (group commit: one fsync for many votes under load) and only then releases the waiting requests,
so every 2xx answer stands for a committed row.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from ..store import TicketStore

log = logging.getLogger(__name__)

Write = Callable[[TicketStore], object]
_STOP = object()


class StoreWriter:
    """Runs writes against the store at ``path`` on one thread, up to ``batch`` per transaction."""

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True, batch: int = 256) -> None:
        self.path = Path(path)
        self.durable = durable
        self.batch = batch
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.commits = 0

    def submit(self, write: Write) -> Future[object]:
        """Queue ``write(store)``; the future completes once it is committed (or failed, rolled back)."""
        future: Future[object] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="faq-builder-store-writer", daemon=True)
                self._thread.start()
            self._queue.put((write, future))
        return future

    def close(self, timeout: float | None = 30.0) -> None:
        """Commit what is queued, then stop the thread and close the store (a later write starts them again)."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._queue.put(_STOP)
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        store: TicketStore | None = None
        try:
            store = TicketStore(self.path, durable=self.durable)
        except Exception as error:  # every waiting request gets the error
            log.error("cannot open the store: %s", error)
            opening_error: Exception | None = error
        else:
            opening_error = None
        stopping = False
        while not stopping:
            items: list[tuple[Write, Future[object]]] = []
            item = self._queue.get()
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    items.append(item)  # type: ignore[arg-type]
                if stopping or len(items) >= self.batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if opening_error is not None or store is None:
                for _write, future in items:
                    future.set_exception(opening_error or RuntimeError("no store"))
                continue
            self._commit(store, items)
        if store is not None:
            store.close()

    def _commit(self, store: TicketStore, items: list[tuple[Write, Future[object]]]) -> None:
        try:
            with store.transaction():
                results = [write(store) for write, _future in items]
        except Exception as error:  # one bad write must not fail the others: retry each on its own
            if len(items) > 1:
                for one in items:
                    self._commit(store, [one])
            else:
                items[0][1].set_exception(error)
            return
        self.commits += 1
        for (_write, future), result in zip(items, results, strict=True):
            future.set_result(result)
