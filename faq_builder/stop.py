"""A stop asked for by a signal, remembered, so that no run commits after Ctrl-C or SIGTERM.

A signal handler's exception surfaces wherever Python happens to be: inside a fork hook, a finalizer or a
weakref callback it is printed as "Exception ignored" and lost, and the run would go on to commit and exit 0.
So the handler also records the stop here, and writers (the store's transactions, file batches, the ingest
loop) call :func:`raise_if_requested` before they commit.
"""

from __future__ import annotations

import signal
from typing import NoReturn

_requested: int | None = None


def request(signum: int) -> NoReturn:
    """Remember the stop and raise it: KeyboardInterrupt for SIGINT, SystemExit(128 + signum) otherwise."""
    global _requested
    _requested = signum
    raise _error(signum)


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
