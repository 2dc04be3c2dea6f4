"""Per-client token buckets, so one browser or script cannot flood the store or starve other shoppers."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``per_second`` requests on average per client address, ``burst`` at once."""

    per_second: float = 20.0
    burst: int = 40

    def __post_init__(self) -> None:
        if not (self.per_second > 0 and self.burst >= 1):
            raise ValueError("a rate limit needs per_second > 0 and burst >= 1")


class TokenBuckets:
    """One bucket per client key; the least recently seen are forgotten beyond ``max_clients`` (bounded memory).

    Not thread-safe: used from the event loop only. Client addresses live here in memory only, never logged
    or stored.
    """

    def __init__(
        self, limit: RateLimit, *, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0 when allowed, else the seconds until a token is back (for Retry-After)."""
        now = self._clock()
        tokens, last = self._buckets.pop(key, (float(self.limit.burst), now))
        tokens = min(float(self.limit.burst), tokens + (now - last) * self.limit.per_second)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.limit.per_second
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait


def retry_after(wait: float) -> str:
    """The Retry-After header value (whole seconds, at least 1) for a wait in seconds."""
    return str(max(1, math.ceil(wait)))
