"""Uploads are read in helper processes: a hostile file is stopped at the time limit while others are served."""

from __future__ import annotations

import io
import os
import threading
import time

import httpx
import pytest
from conftest import start_server, stop_server
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.config import Settings


def many_pages(count: int) -> bytes:
    """A real PDF of `count` empty pages in one flat page tree. pypdf spends seconds walking it before the first
    page is read, so only the hard limit on a reader process stops it in time."""
    out, offsets = io.BytesIO(), {}
    out.write(b"%PDF-1.4\n")

    def obj(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % (i + 3) for i in range(count))
    obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))
    for i in range(count):
        obj(i + 3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (count + 3))
    out.write(b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, count + 3)))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count + 3, start))
    return out.getvalue()


@pytest.fixture(scope="module")
def slow_pdf() -> bytes:
    return many_pages(100_000)  # about 10 MB; pypdf takes 5-10 s on it


@pytest.mark.slow
def test_readers_are_separate_processes_with_a_memory_cap(sample_text):
    with TestClient(create_app(Settings(readers=2, reader_memory_mb=900))) as client:
        assert client.post("/api/agreements", data={"text": sample_text}).status_code == 201
        pids = client.app.state.readers.pids()
        assert len(pids) == 2 and os.getpid() not in pids
        for pid in pids:
            limits = open(f"/proc/{pid}/limits").read()
            line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
            assert str(900 * 1024 * 1024) in line


def checked_by(readers: int, sample_text: str, sample_pdf: bytes) -> list[dict]:
    """The API's JSON for the same text and PDF, with `readers` reader processes (0: the server's own threads)."""
    with TestClient(create_app(Settings(readers=readers))) as client:
        replies = [
            client.post("/api/agreements", data={"text": sample_text}),
            client.post("/api/agreements", files={"file": ("a.pdf", sample_pdf)}),
        ]
        assert [reply.status_code for reply in replies] == [201, 201]
        assert (client.app.state.readers.pids() == []) == (readers == 0)
    return [{k: v for k, v in reply.json().items() if k != "id"} for reply in replies]


def test_reading_on_the_servers_own_threads_still_works(sample_text, sample_pdf):
    on_threads = checked_by(0, sample_text, sample_pdf)
    assert on_threads == checked_by(1, sample_text, sample_pdf)
    assert [body["kind"] for body in on_threads] == ["text", "pdf"]


@pytest.mark.slow
def test_a_file_past_the_time_limit_is_refused_while_questions_are_answered(slow_pdf, sample_text):
    base, process = start_server(
        env={"ASSISTANT_READ_SECONDS": "0.5", "ASSISTANT_READERS": "1", "ASSISTANT_REQUESTS_PER_MINUTE": "0"}
    )
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            http.post("/api/questions", json={"question": "warm up"})
            outcome = {}

            def send() -> None:
                started = time.monotonic()
                outcome["response"] = http.post("/api/agreements", files={"file": ("big.pdf", slow_pdf)})
                outcome["seconds"] = time.monotonic() - started

            sender = threading.Thread(target=send)
            sender.start()
            latencies = []
            while sender.is_alive():
                started = time.monotonic()
                answer = http.post("/api/questions", json={"question": "do I have to sign it"})
                latencies.append(time.monotonic() - started)
                assert answer.status_code == 200
            sender.join()
            refused = outcome["response"]
            assert refused.status_code == 422 and refused.json()["error"]["code"] == "too_slow"
            assert "took longer than 0.5 seconds to read" in refused.json()["error"]["message"]
            assert outcome["seconds"] < 6  # 0.5 s of reading, 2 s of grace, then the process is killed
            assert len(latencies) >= 10 and max(latencies) < 1.0, latencies
            # the killed reader was replaced: the next upload is read as usual
            assert http.post("/api/agreements", data={"text": sample_text}).status_code == 201
    finally:
        stop_server(process)


@pytest.mark.slow
def test_a_full_queue_says_busy_in_plain_words(slow_pdf, sample_text):
    base, process = start_server(
        env={"ASSISTANT_READ_SECONDS": "1", "ASSISTANT_READERS": "1", "ASSISTANT_READER_QUEUE": "0"}
    )
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            sender = threading.Thread(target=lambda: http.post("/api/agreements", files={"file": ("b.pdf", slow_pdf)}))
            sender.start()
            time.sleep(0.8)  # the slow file now holds the only reader
            busy = http.post("/api/agreements", data={"text": sample_text})
            assert busy.status_code == 503 and busy.headers["retry-after"] == "60"
            assert busy.json()["error"]["code"] == "busy" and "try again" in busy.json()["error"]["message"]
            sender.join()
            assert http.post("/api/agreements", data={"text": sample_text}).status_code == 201
    finally:
        stop_server(process)


@pytest.mark.slow
def test_a_reader_that_has_grown_large_is_replaced_after_its_job(sample_text):
    with TestClient(create_app(Settings(readers=1, reader_retire_mb=1))) as client:  # every reader is "large"
        before = client.app.state.readers.pids()
        for _ in range(3):
            assert client.post("/api/agreements", data={"text": sample_text}).status_code == 201
        after = client.app.state.readers.pids()
        assert len(after) == 1 and after != before


@pytest.mark.slow
def test_readers_run_at_a_lower_priority_than_the_server(sample_text):
    with TestClient(create_app(Settings(readers=1))) as client:
        assert client.post("/api/agreements", data={"text": sample_text}).status_code == 201
        pid = client.app.state.readers.pids()[0]
        assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, 0) + 10


# "Auguſt" (with a long s) matches the month pattern, which ignores case, but is not one of the month names it is
# then looked up by: a real bug of ours, raising KeyError('auguſt'), a message that quotes the agreement.
BUGGY = "Working agreement\nThis agreement runs until 1 Auguſt 2025. Canary Okonkwo-Pemberton will visit you.\n"


def assert_logged_safely(printed: str) -> None:
    assert "reading an upload hit a bug" in printed and "builtins.KeyError (its message is left out)" in printed
    assert "dates.py" in printed and "in _parse" in printed  # where it happened, frame by frame
    assert "Okonkwo" not in printed and "auguſt" not in printed.lower() and "Canary" not in printed


@pytest.mark.parametrize("readers", [1, 0])
def test_a_bug_in_a_reader_is_owned_up_to_and_logged_with_where_not_what(readers, capfd):
    import asyncio

    from assistant.errors import ReadingFailed
    from assistant.sessions.readers import Job, ReaderPool

    pool = ReaderPool(Settings(readers=readers))
    pool.start()
    try:
        with pytest.raises(ReadingFailed) as caught:
            asyncio.run(pool.read(Job(text=BUGGY)))
        again = asyncio.run(pool.read(Job(text="Working agreement\nYou will keep the house clean.")))
    finally:
        pool.close()
    assert "something went wrong on our side" in caught.value.message
    assert again.held().analysis.document.clauses  # the reader kept serving
    assert_logged_safely(capfd.readouterr().err)


def test_the_api_answers_a_reader_bug_with_a_plain_503_not_a_blame_on_the_file(capfd):
    with TestClient(create_app(Settings(readers=1))) as client:
        response = client.post("/api/agreements", data={"text": BUGGY})
    assert response.status_code == 503 and response.json()["error"]["code"] == "reading_failed"
    assert "something went wrong on our side" in response.json()["error"]["message"]
    assert "too long to read safely" not in response.text
    assert_logged_safely(capfd.readouterr().err)
