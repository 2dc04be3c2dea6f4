"""Turn drafts into tickets, in worker processes for large files.

Cleaning HTML, stripping quotes and detecting the language cost far more than
parsing the file, so readers hand drafts over in chunks and up to ``workers``
processes clean them while the main process reads and writes the store.
Chunks are consumed in order and only a few are in flight, so output order
is the file's and memory stays flat however large the file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from .. import stop
from ..models import Problem, Ticket
from ..parallel import worker_pool
from .base import Draft, ReadItem, RowError, TicketFactory

CHUNK = 256
Built = tuple[int, Ticket] | Problem

_worker_factory: TicketFactory | None = None
_worker_file = ""


def _init_worker(factory: TicketFactory, file: str) -> None:
    global _worker_factory, _worker_file
    _worker_factory, _worker_file = factory, file


def build_items(items: list[ReadItem], factory: TicketFactory, file: str) -> list[Built]:
    """Drafts become tickets (or problems naming file and line); problems pass through."""
    built: list[Built] = []
    for item in items:
        if isinstance(item, Problem):
            built.append(item)
            continue
        line, draft = item
        assert isinstance(draft, Draft)
        try:
            built.append((line, factory.build(**draft.fields)))
        except RowError as error:
            built.append(Problem(file, line, str(error), draft.raw))
    return built


def _build_in_worker(items: list[ReadItem]) -> list[Built]:
    assert _worker_factory is not None
    return build_items(items, _worker_factory, _worker_file)


def build_stream(items: Iterable[ReadItem], factory: TicketFactory, *, file: str, workers: int) -> Iterator[Built]:
    """Built tickets and problems in input order; ``workers`` <= 1 builds in this process."""
    chunks = _chunked(items)
    if workers <= 1:
        for chunk in chunks:
            yield from build_items(chunk, factory, file)
        return
    factory.warm_up()
    with worker_pool(workers, _init_worker, (factory, file)) as pool:
        pending: deque[Future[list[Built]]] = deque()
        for chunk in chunks:
            stop.raise_if_requested()
            pending.append(pool.submit(_build_in_worker, chunk))
            if len(pending) > workers * 2:
                yield from pending.popleft().result()
        while pending:
            stop.raise_if_requested()
            yield from pending.popleft().result()


def _chunked(items: Iterable[ReadItem]) -> Iterator[list[ReadItem]]:
    chunk: list[ReadItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
