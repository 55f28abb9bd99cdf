"""The in-memory store: expiry after idle time, deletion, the cap, unguessable ids."""

from __future__ import annotations

import pytest

from assistant.analysis import analyse
from assistant.documents import read_pasted_text
from assistant.errors import AgreementNotFound, StoreFull
from assistant.sessions import SessionStore


class Clock:
    """A clock the test moves by hand, so expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def analysis(sample_text):
    return analyse(read_pasted_text(sample_text))


def test_an_agreement_expires_after_the_idle_time(analysis):
    clock = Clock()
    store = SessionStore(idle_seconds=60, max_items=10, clock=clock)
    key = store.add(analysis)
    clock.now += 61
    with pytest.raises(AgreementNotFound):
        store.get(key)
    assert len(store) == 0


def test_using_an_agreement_restarts_its_idle_clock(analysis):
    clock = Clock()
    store = SessionStore(idle_seconds=60, max_items=10, clock=clock)
    key = store.add(analysis)
    for _ in range(5):
        clock.now += 50
        assert store.get(key) is analysis


def test_expiry_keeps_the_ones_still_in_use(analysis):
    clock = Clock()
    store = SessionStore(idle_seconds=60, max_items=10, clock=clock)
    old, fresh = store.add(analysis), store.add(analysis)
    clock.now += 40
    store.get(fresh)
    clock.now += 30
    assert store.get(fresh) is analysis
    with pytest.raises(AgreementNotFound):
        store.get(old)


def test_delete_forgets_at_once_and_twice_is_not_found(analysis):
    store = SessionStore(idle_seconds=60, max_items=10)
    key = store.add(analysis)
    store.delete(key)
    with pytest.raises(AgreementNotFound):
        store.get(key)
    with pytest.raises(AgreementNotFound):
        store.delete(key)


def test_a_full_store_refuses_new_agreements_but_keeps_the_old_ones(analysis):
    store = SessionStore(idle_seconds=60, max_items=2)
    keys = [store.add(analysis), store.add(analysis)]
    with pytest.raises(StoreFull):
        store.add(analysis)
    assert all(store.get(k) is analysis for k in keys)


def test_expired_agreements_make_room_in_a_full_store(analysis):
    clock = Clock()
    store = SessionStore(idle_seconds=60, max_items=1, clock=clock)
    store.add(analysis)
    clock.now += 61
    assert store.add(analysis)


def test_ids_carry_at_least_128_random_bits(analysis):
    store = SessionStore(idle_seconds=60, max_items=1000)
    keys = {store.add(analysis) for _ in range(500)}
    assert len(keys) == 500
    assert min(len(k) for k in keys) * 6 >= 128
