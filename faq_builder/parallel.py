"""Worker processes for the long stages (ingest's parsing, mining's redaction): how many, and how they start."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from . import stop

STOP_GRACE_SECONDS = 5.0


def default_workers() -> int:
    """One per core, at most 4 (beyond that the main process, reading and writing, is the bottleneck)."""
    return max(1, min(os.cpu_count() or 1, 4))


def worker_context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start at once and inherit what the parent loaded."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)


@contextmanager
def worker_pool(workers: int, initializer: Callable[..., None], initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers leave with the run: they ignore Ctrl-C (the parent decides), die with
    their parent (Linux), and when the run is interrupted or fails they finish the chunk in hand and exit.

    Workers are not killed at once: one killed while writing its result leaves half a message in the pool's
    result pipe, and the pool's own thread then waits for the rest forever, so the interpreter never exits.
    Only a worker still busy after ``STOP_GRACE_SECONDS`` is terminated."""
    with stop.deferred():  # Ctrl-C is raised by the caller's loop (stop.raise_if_requested), not inside the pool
        pool = ProcessPoolExecutor(
            workers, mp_context=worker_context(), initializer=_start_worker, initargs=(initializer, initargs)
        )
        try:
            yield pool
        except BaseException:
            processes = list(getattr(pool, "_processes", {}).values())  # no public way before Python 3.14
            pool.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            for process in processes:
                process.join(max(0.0, deadline - time.monotonic()))
            for process in processes:
                if process.is_alive():
                    process.terminate()
            raise
        pool.shutdown(wait=True)
    stop.raise_if_requested()


def _start_worker(initializer: Callable[..., None], initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # best effort: without it an orphaned worker still exits when its queue closes
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    initializer(*initargs)


_PR_SET_PDEATHSIG = 1
