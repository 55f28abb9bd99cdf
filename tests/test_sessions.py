"""The store contract, run against both backends: this process's memory, and a real redis-server."""

from __future__ import annotations

import time

import pytest

from assistant.answers.answering import Held
from assistant.checklist.report import analyse
from assistant.errors import AgreementNotFound
from assistant.reading.documents import read_pasted_text
from assistant.sessions.store import MemoryStore, RedisStore, pack, unpack

IDLE = 2  # seconds: Redis counts real time, so the Redis runs sleep past it


class Clock:
    """A clock the test moves by hand, so the memory store's expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def held(sample_text_module):
    return Held(analyse(read_pasted_text(sample_text_module)))


@pytest.fixture(scope="module")
def sample_text_module():
    from conftest import SAMPLE

    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.slow)])  # slow: a real redis-server
def backend(request):
    """(store, wait): `wait(seconds)` lets that much idle time pass for this backend."""
    if request.param == "memory":
        clock = Clock()

        def wait(seconds: float) -> None:
            clock.now += seconds

        return MemoryStore(IDLE, 100, 50 * 1024 * 1024, clock=clock), wait
    url = request.getfixturevalue("redis_url")
    return RedisStore(url, "test secret", f"contract-{time.monotonic_ns()}", IDLE), time.sleep


def same(a: Held, b: Held) -> bool:
    return a.analysis == b.analysis and a is not b


def test_what_is_put_comes_back_as_a_copy(backend, held):
    store, _ = backend
    key = store.add(held)
    assert same(store.get(key), held) and same(store.find(key), held)


def test_ids_are_unguessable_and_never_repeat(backend, held):
    store, _ = backend
    keys = {store.add(1) for _ in range(200)}
    assert len(keys) == 200
    assert all(len(key) >= 32 for key in keys)  # 24 random bytes, URL-safe: 192 bits


def test_an_item_expires_after_the_idle_time(backend, held):
    store, wait = backend
    key = store.add(held)
    wait(IDLE + 0.5)
    with pytest.raises(AgreementNotFound):
        store.get(key)
    assert store.find(key) is None


def test_using_an_item_restarts_its_idle_clock(backend, held):
    store, wait = backend
    key = store.add(held)
    for _ in range(3):
        wait(IDLE * 0.6)
        assert same(store.get(key), held)


def test_holds_says_whether_an_item_is_kept_without_unpacking_it(backend, held):
    store, _ = backend
    key = store.add(held)
    assert store.holds(key) is True
    for wrong in ("", key[:-1], key + "x", key.upper(), "*"):
        assert store.holds(wrong) is False
    store.delete(key)
    assert store.holds(key) is False


def test_asking_whether_an_item_is_held_restarts_its_idle_clock(backend, held):
    store, wait = backend
    key = store.add(held)
    for _ in range(3):
        wait(IDLE * 0.6)
        assert store.holds(key) is True  # 1.8 idle times in all: only the asking kept it
    wait(IDLE + 0.5)
    assert store.holds(key) is False and store.find(key) is None


def test_delete_forgets_at_once_and_twice_is_not_found(backend, held):
    store, _ = backend
    key = store.add(held)
    store.delete(key)
    with pytest.raises(AgreementNotFound):
        store.get(key)
    with pytest.raises(AgreementNotFound):
        store.delete(key)
    store.discard(key)  # quietly, when it is already gone


def test_one_key_never_reaches_another_item(backend):
    store, _ = backend
    first, second = store.add("first family"), store.add("second family")
    assert store.get(first) == "first family" and store.get(second) == "second family"
    store.put(first, "changed")
    assert store.get(second) == "second family"
    for wrong in ("", first[:-1], first + "x", first.upper(), "*", "../" + first):
        assert store.find(wrong) is None


def test_a_change_is_kept_only_when_put_back(backend):
    store, _ = backend
    key = store.add({"chat": []})
    store.get(key)["chat"].append("lost")
    assert store.get(key) == {"chat": []}
    store.put(key, {"chat": ["kept"]})
    assert store.get(key) == {"chat": ["kept"]}


def test_the_memory_store_evicts_the_longest_unused_first_by_count(held):
    store = MemoryStore(60, 2, 50 * 1024 * 1024)
    first, second = store.add(held), store.add(held)
    store.get(first)
    third = store.add(held)
    assert store.find(second) is None and store.find(first) and store.find(third) and store.count() == 2


def test_the_memory_store_evicts_by_bytes_and_counts_them(held):
    size = len(pack(held))
    store = MemoryStore(60, 100, int(size * 2.5))
    keys = [store.add(held) for _ in range(4)]
    assert store.count() == 2 and store.bytes == 2 * size
    assert [store.find(k) is not None for k in keys] == [False, False, True, True]
    store.delete(keys[3])
    assert store.bytes == size
    store.clear()
    assert store.bytes == 0 and store.count() == 0


@pytest.mark.slow
def test_redis_holds_only_sealed_bytes_with_an_expiry(redis_url, held):
    from redis import Redis

    store = RedisStore(redis_url, "test secret", "sealed", 60)
    key = store.add(held)
    raw = Redis.from_url(redis_url)
    names = raw.keys("agreement-assistant:sealed:*")
    assert names == [f"agreement-assistant:sealed:{key}".encode()]
    value = raw.get(names[0])
    assert b"Oliver" not in value and b"agreement" not in value.lower()  # sealed: no readable words
    assert 0 < raw.ttl(names[0]) <= 60


@pytest.mark.slow
def test_redis_refuses_a_value_it_did_not_seal(redis_url):
    from redis import Redis

    store = RedisStore(redis_url, "test secret", "forged", 60)
    other = RedisStore(redis_url, "another secret", "forged", 60)
    key = other.add("written with a different secret")
    assert store.find(key) is None
    Redis.from_url(redis_url).set(f"agreement-assistant:forged:{key}", b"\x00" * 40)
    assert store.find(key) is None
    moved = store.add("mine")
    Redis.from_url(redis_url).copy(
        f"agreement-assistant:forged:{moved}", f"agreement-assistant:forged:{key}", replace=True
    )
    assert store.find(key) is None  # sealed for one key, refused under another


def test_unpacking_refuses_anything_but_our_own_classes():
    import pickle

    class Evil:
        def __reduce__(self):
            return (print, ("this must never run",))

    with pytest.raises(pickle.UnpicklingError):
        unpack(pickle.dumps(Evil()))


@pytest.mark.slow
def test_the_server_forgets_expired_agreements_without_being_asked(sample_text):
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.config import Settings

    with TestClient(create_app(Settings(session_idle_seconds=1))) as client:
        client.post("/api/agreements", data={"text": sample_text})
        store = client.app.state.store
        assert len(store._items) == 1
        time.sleep(1.6)  # the sweep runs every quarter of the idle time; no request is made meanwhile
        assert len(store._items) == 0 and store.bytes == 0


@pytest.mark.slow
def test_a_lost_redis_gives_a_plain_503_not_a_500(sample_text):
    from conftest import free_port
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.config import Settings

    gone = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with TestClient(create_app(Settings(redis_url=gone, secret="s"))) as client:
        response = client.post("/api/agreements", data={"text": sample_text})
        assert response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable"
        assert client.get("/api/agreements/abc").status_code == 503
        assert client.post("/api/questions", json={"question": "is it legally binding"}).status_code == 200
