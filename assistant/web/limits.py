"""A per-client rate limit: a token bucket per address, one for uploads and one for everything else.

The address is the connection's own, or the one a trusted proxy forwarded (uvicorn's --forwarded-allow-ips sets
it). Buckets live in this worker's memory; with several workers each keeps its own, so the limit a client meets is
at most the workers' number times the setting. Nothing but the address and two numbers is kept, and only while
the bucket is not full.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from fastapi import Request

from ..config import Settings
from ..errors import TooManyRequests

UPLOADS = {("POST", "/api/agreements"), ("POST", "/check")}
UNLIMITED = ("/healthz",)


class Bucket:
    """Holds up to `size` tokens, refilled at size per minute."""

    __slots__ = ("tokens", "when")

    def __init__(self, size: float, now: float) -> None:
        self.tokens, self.when = size, now


class Limiter:
    """Says whether one more request from this address is allowed now."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 50_000):
        self.size = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        if self.size <= 0:
            return True
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= self._max_clients:
                    self._forget_full(now)
                bucket = self._buckets[client] = Bucket(self.size, now)
            bucket.tokens = min(self.size, bucket.tokens + (now - bucket.when) * self.rate)
            bucket.when = now
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: those clients are back where a new one starts."""
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.when) * self.rate >= self.size]
        for key in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]


class RateLimits:
    """The two limits the settings name."""

    def __init__(self, settings: Settings) -> None:
        self.uploads = Limiter(settings.uploads_per_minute)
        self.requests = Limiter(settings.requests_per_minute)

    def check(self, request: Request) -> None:
        if request.url.path in UNLIMITED:
            return
        client = request.client.host if request.client else "unknown"
        limiter = self.uploads if (request.method, request.url.path) in UPLOADS else self.requests
        if not limiter.allow(client):
            raise TooManyRequests()


def rate_limited(request: Request) -> None:
    """A dependency on every route: raises TooManyRequests (429) when this client has sent too much."""
    request.app.state.limits.check(request)
