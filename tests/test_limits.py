"""The limits a host can set: uploads and requests per client per minute, question length."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.config import Settings
from assistant.web.limits import Limiter

HTML = {"accept": "text/html"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_size_then_refills_at_its_rate():
    clock = Clock()
    limiter = Limiter(6, clock=clock)  # six a minute: one every ten seconds
    assert all(limiter.allow("a") for _ in range(6))
    assert not limiter.allow("a")
    assert limiter.allow("b")  # another client has its own bucket
    clock.now += 9
    assert not limiter.allow("a")
    clock.now += 1
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now += 3600
    assert sum(limiter.allow("a") for _ in range(10)) == 6  # never more than the bucket holds


def test_a_zero_limit_is_off():
    assert all(Limiter(0).allow("a") for _ in range(1000))


def test_many_clients_do_not_grow_memory_without_end():
    clock = Clock()
    limiter = Limiter(10, clock=clock, max_clients=100)
    for n in range(1000):
        limiter.allow(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._buckets) <= 100


def test_too_many_uploads_get_429_in_plain_words_and_questions_still_work(sample_text):
    with TestClient(create_app(Settings(uploads_per_minute=2))) as client:
        keys = [client.post("/api/agreements", data={"text": sample_text}).json()["id"] for _ in range(2)]
        refused = client.post("/api/agreements", data={"text": sample_text})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
        error = refused.json()["error"]
        assert error["code"] == "too_many_requests" and "wait a minute" in error["message"]
        answer = client.post(f"/api/agreements/{keys[0]}/questions", json={"question": "when does it end"})
        assert answer.status_code == 200
        assert client.get("/healthz").status_code == 200


def test_too_many_requests_get_a_page_in_a_browser():
    with TestClient(create_app(Settings(requests_per_minute=3))) as client:
        assert [client.get("/", headers=HTML).status_code for _ in range(3)] == [200] * 3
        page = client.get("/ask", headers=HTML)
        assert page.status_code == 429 and "<title>Please wait a minute" in page.text
        assert "wait a minute, then try again" in page.text
        assert all(client.get("/healthz").status_code == 200 for _ in range(10))  # never limited


def test_the_question_length_is_a_setting():
    with TestClient(create_app(Settings(max_question_chars=40))) as client:
        ok = client.post("/api/questions", json={"question": "is a written agreement legally binding"})
        assert ok.status_code == 200
        long = client.post("/api/questions", json={"question": "is a written agreement legally binding or not?"})
        assert long.status_code == 422 and long.json()["error"]["code"] == "question_too_long"
        assert "40 characters" in long.json()["error"]["message"]
        assert 'maxlength="40"' in client.get("/ask", headers=HTML).text


@pytest.mark.parametrize(
    "name,value",
    [
        ("uploads_per_minute", "5"),
        ("max_question_chars", "300"),
        ("readers", "2"),
        ("redis_url", "redis://x"),
        ("max_store_mb", "64"),
    ],
)
def test_every_limit_is_read_from_the_environment(name, value):
    settings = Settings.from_env({f"ASSISTANT_{name.upper()}": value})
    assert str(getattr(settings, name)) == value


def test_secrets_never_show_in_the_settings_text():
    settings = Settings(secret="hunter2", redis_url="redis://:password@host/0")
    assert "hunter2" not in repr(settings) and "password" not in repr(settings)
