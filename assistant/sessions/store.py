"""Where analysed agreements and conversations are kept: one interface, two backends.

- MemoryStore (the default, nothing to install): this process's memory only. Items are forgotten after an idle
  time, and the oldest-used go first when the store passes its cap on count or on bytes.
- RedisStore (ASSISTANT_REDIS_URL): several web workers, or several machines, share sessions. Each item is one
  Redis key with its own expiry; nothing else is kept there. Items are sealed with AES-GCM under a key derived
  from ASSISTANT_SECRET before they leave the process, so Redis holds no readable document and a value that was
  not written by us is refused before it is unpacked.

Both keep items as bytes (codec below), so an item read back is a copy: a change is kept only when put back,
whichever backend runs. Neither ever writes to disk; Redis must run without persistence (see the README).
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import gc
import hashlib
import io
import logging
import os
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol, cast

from ..config import Settings
from ..errors import AgreementNotFound, StoreUnavailable

log = logging.getLogger("assistant")
SAFE_MODULES = ("assistant.", "numpy.", "scipy.sparse.", "collections", "datetime", "re", "copyreg")
SAFE_BUILTINS = {
    "set",
    "frozenset",
    "dict",
    "list",
    "tuple",
    "str",
    "bytes",
    "bytearray",
    "int",
    "float",
    "complex",
    "bool",
    "slice",
    "range",
    "object",
}


class Store(Protocol):
    """What the web routes use, whichever backend holds the items."""

    def add(self, item: Any) -> str: ...
    def add_packed(self, data: bytes) -> str: ...
    def put(self, key: str, item: Any) -> None: ...
    def get(self, key: str) -> Any: ...
    def holds(self, key: str) -> bool: ...
    def find(self, key: str | None) -> Any | None: ...
    def delete(self, key: str) -> None: ...
    def discard(self, key: str) -> None: ...
    def clear(self) -> None: ...
    def count(self) -> int | None: ...
    def sweep(self) -> int: ...


def new_key() -> str:
    """An unguessable id: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


class _OurClasses(pickle.Unpickler):
    """Unpacks only the assistant's own classes and plain data, never an arbitrary callable."""

    def find_class(self, module: str, name: str) -> Any:
        if (module == "builtins" and name in SAFE_BUILTINS) or module == "numpy" or module.startswith(SAFE_MODULES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def pack(item: Any) -> bytes:
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> Any:
    return _OurClasses(io.BytesIO(data)).load()


class _Packed(Protocol):
    """What a backend gives _Keys to build on."""

    def add_packed(self, data: bytes) -> str: ...
    def get(self, key: str) -> Any: ...


class _Keys:
    """What both backends do the same way, on top of their own add_packed and get."""

    def add(self: _Packed, item: Any) -> str:
        return self.add_packed(pack(item))

    def find(self: _Packed, key: str | None) -> Any | None:
        """Like get, but None when there is no such item."""
        try:
            return self.get(key) if key else None
        except AgreementNotFound:
            return None


class MemoryStore(_Keys):
    """This process's memory: idle expiry, a cap on count and on bytes (oldest-used evicted first), deletion at once."""

    def __init__(
        self, idle_seconds: float, max_items: int, max_bytes: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.bytes = 0
        self._clock = clock
        self._items: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._lock = threading.Lock()

    def add_packed(self, data: bytes) -> str:
        """Keep an item already packed (by a reader process) under a new key."""
        key = new_key()
        self._put_packed(key, data)
        return key

    def put(self, key: str, item: Any) -> None:
        self._put_packed(key, pack(item))

    def _put_packed(self, key: str, data: bytes) -> None:
        with self._lock:
            self._drop(key)
            self._items[key] = (data, self._clock())
            self.bytes += len(data)
            self._sweep()
            while len(self._items) > self.max_items or (self.bytes > self.max_bytes and len(self._items) > 1):
                self._drop(next(iter(self._items)))

    def get(self, key: str) -> Any:
        with self._lock:
            self._sweep()
            if key not in self._items:
                raise AgreementNotFound()
            self._items.move_to_end(key)
            data, _ = self._items[key]
            self._items[key] = (data, self._clock())
        return unpack(data)

    def holds(self, key: str) -> bool:
        """Whether an item is kept under this key, without unpacking it; asking restarts its idle clock, as get does."""
        with self._lock:
            self._sweep()
            if key not in self._items:
                return False
            self._items.move_to_end(key)
            data, _ = self._items[key]
            self._items[key] = (data, self._clock())
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._sweep()
            if not self._drop(key):
                raise AgreementNotFound()

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def count(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._items)

    def sweep(self) -> int:
        """Forget what has been idle too long now, not at the next request; returns how many were forgotten."""
        with self._lock:
            before = len(self._items)
            self._sweep()
            return before - len(self._items)

    def _drop(self, key: str) -> bool:
        found = self._items.pop(key, None)
        if found is not None:
            self.bytes -= len(found[0])
        return found is not None

    def _sweep(self) -> None:
        """Forget items idle for too long; the oldest-used come first, so stop at the first fresh one."""
        cutoff = self._clock() - self.idle_seconds
        while self._items:
            key, (_, last_used) = next(iter(self._items.items()))
            if last_used > cutoff:
                break
            self._drop(key)


def _redis_call(method):
    """Turn a lost or refused Redis connection into a plain 503, not a 500."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        from redis.exceptions import RedisError

        try:
            return method(self, *args, **kwargs)
        except RedisError:
            log.error("the session store (Redis) did not answer")
            raise StoreUnavailable() from None

    return call


class RedisStore(_Keys):
    """Redis: one key per item with its own idle expiry, the value sealed with AES-GCM."""

    def __init__(self, url: str, secret: str, namespace: str, idle_seconds: int, client: Any = None) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from redis import Redis

        self.idle_seconds = int(idle_seconds)
        self.prefix = f"agreement-assistant:{namespace}:"
        self._sealer = AESGCM(hashlib.sha256(b"agreement-assistant store\0" + secret.encode()).digest())
        self._redis = client or Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30
        )

    @_redis_call
    def add_packed(self, data: bytes) -> str:
        key = new_key()
        self._redis.set(self.prefix + key, self._seal(key, data), ex=self.idle_seconds)
        return key

    @_redis_call
    def put(self, key: str, item: Any) -> None:
        self._redis.set(self.prefix + key, self._seal(key, pack(item)), ex=self.idle_seconds)

    @_redis_call
    def get(self, key: str) -> Any:
        sealed = self._redis.getex(self.prefix + key, ex=self.idle_seconds)  # read and restart the idle clock
        if sealed is None:
            raise AgreementNotFound()
        return unpack(self._open(key, cast(bytes, sealed)))  # bytes: the client is made without decode_responses

    @_redis_call
    def holds(self, key: str) -> bool:
        """Whether an item is kept under this key, without fetching it: EXPIRE answers and restarts the idle clock.

        The seal is not opened, so a value Redis holds that we did not write counts as held; get still refuses it."""
        return bool(self._redis.expire(self.prefix + key, self.idle_seconds))

    @_redis_call
    def delete(self, key: str) -> None:
        if not self._redis.delete(self.prefix + key):
            raise AgreementNotFound()

    @_redis_call
    def discard(self, key: str) -> None:
        self._redis.delete(self.prefix + key)

    def clear(self) -> None:
        """Nothing to do at one worker's shutdown: the other workers still serve these sessions."""

    def count(self) -> None:
        """Not counted: that would need a scan of every key, or a second structure in Redis."""
        return None

    def sweep(self) -> int:
        """Redis expires each key itself."""
        return 0

    def _seal(self, key: str, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._sealer.encrypt(nonce, data, key.encode())

    def _open(self, key: str, sealed: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        try:
            return self._sealer.decrypt(sealed[:12], sealed[12:], key.encode())
        except (InvalidTag, ValueError):  # not ours, or moved from another key: treat as gone
            raise AgreementNotFound() from None


def make_store(settings: Settings, namespace: str) -> Store:
    """Redis when ASSISTANT_REDIS_URL is set (shared by every worker), else this process's memory."""
    if settings.redis_url:
        return RedisStore(settings.redis_url, settings.secret, namespace, settings.session_idle_seconds)
    share = 1 if namespace == "agreement" else 4  # conversations are small beside the agreements they are about
    return MemoryStore(
        settings.session_idle_seconds,
        settings.max_sessions * (4 if namespace == "visit" else 1),
        settings.max_store_mb * 1024 * 1024 // share,
    )


async def sweep_forever(stores: tuple[Store, ...], every: float) -> None:
    """Forget expired agreements as they expire, not at the next request, and give their memory back."""
    while True:
        await asyncio.sleep(every)
        if sum(store.sweep() for store in stores):
            release_memory()


def release_memory() -> None:
    """Collect, then ask the C allocator to return freed pages to the system (glibc only; elsewhere a no-op)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
