"""The in-memory store of analysed agreements: unguessable ids, expiry after idle time, a cap, deletion."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from typing import Any

from .errors import AgreementNotFound, StoreFull


class SessionStore:
    """Holds analysed agreements in memory only; nothing is ever written to disk."""

    def __init__(self, idle_seconds: float, max_items: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.max_items = max_items
        self._clock = clock
        self._items: OrderedDict[str, tuple[Any, float]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, item: Any) -> str:
        """Keep an analysed agreement and return its new id (192 random bits)."""
        with self._lock:
            self._sweep()
            if len(self._items) >= self.max_items:
                raise StoreFull()
            key = secrets.token_urlsafe(24)
            self._items[key] = (item, self._clock())
            return key

    def put(self, key: str, item: Any) -> None:
        """Keep an item under a key the caller made (a visitor's own random token)."""
        with self._lock:
            self._sweep()
            if key not in self._items and len(self._items) >= self.max_items:
                raise StoreFull()
            self._items.pop(key, None)
            self._items[key] = (item, self._clock())

    def find(self, key: str | None) -> Any | None:
        """Like get, but None when there is no such item."""
        try:
            return self.get(key) if key else None
        except AgreementNotFound:
            return None

    def get(self, key: str) -> Any:
        """Return an analysed agreement and restart its idle clock, or raise AgreementNotFound."""
        with self._lock:
            self._sweep()
            if key not in self._items:
                raise AgreementNotFound()
            item, _ = self._items.pop(key)
            self._items[key] = (item, self._clock())
            return item

    def delete(self, key: str) -> None:
        """Forget an analysed agreement now; raise AgreementNotFound when there is none."""
        with self._lock:
            self._sweep()
            if self._items.pop(key, None) is None:
                raise AgreementNotFound()

    def discard(self, key: str) -> None:
        """Forget an item now if it is still held."""
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        """Forget everything (at shutdown)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._items)

    def _sweep(self) -> None:
        """Drop agreements idle for longer than allowed; the oldest-used come first, so stop at the first fresh one."""
        cutoff = self._clock() - self.idle_seconds
        while self._items:
            key, (_, last_used) = next(iter(self._items.items()))
            if last_used > cutoff:
                break
            del self._items[key]
