"""A stop asked for by a signal, remembered, so that no run commits after Ctrl-C or SIGTERM.

A signal handler's exception surfaces wherever Python happens to be: inside a fork hook, a finalizer or a
weakref callback it is printed as "Exception ignored" and lost, and the run would go on to commit and exit 0.
So the handler also records the stop here, and writers (the store's transactions, file batches, the ingest
loop) call :func:`raise_if_requested` before they commit.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_requested: int | None = None
_deferred = 0


def request(signum: int) -> None:
    """Remember the stop and raise it (KeyboardInterrupt for SIGINT, SystemExit(128 + signum) otherwise),
    unless inside :func:`deferred`, where the code raises it itself at its next check."""
    global _requested
    _requested = signum
    if not _deferred:
        raise _error(signum)


@contextmanager
def deferred() -> Iterator[None]:
    """While worker processes run: a signal only records the stop, and the loop feeding them raises it between
    chunks. Raised anywhere else (inside the pool's locks, a fork hook), it can leave the pool unable to shut
    down."""
    global _deferred
    _deferred += 1
    try:
        yield
    finally:
        _deferred -= 1


def raise_if_requested() -> None:
    """Raise the remembered stop again (its first raise may have been lost); nothing if none was asked for."""
    if _requested is not None:
        raise _error(_requested)


def clear() -> None:
    """Forget the stop (the run that received it is over)."""
    global _requested
    _requested = None


def _error(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else SystemExit(128 + signum)


def quiet_lost(hook: Callable[[sys.UnraisableHookArgs], object]) -> Callable[[sys.UnraisableHookArgs], None]:
    """An ``sys.unraisablehook`` that drops the stop Python could not raise (it was remembered and is raised
    again before anything commits, so its traceback is noise) and passes anything else on to ``hook``."""

    def handle(unraisable: sys.UnraisableHookArgs) -> None:
        if _requested is not None and isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit):
            return
        hook(unraisable)

    return handle
