"""Several servers share sessions through one real redis-server: what one reads, another answers."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest
from conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.slow  # several real servers and a real redis-server


@pytest.fixture
def two_servers(redis_url):
    env = {"ASSISTANT_REDIS_URL": redis_url, "ASSISTANT_SECRET": "a secret the hosts share"}
    first = start_server(env=env)
    try:
        second = start_server(env=env)
    except BaseException:
        stop_server(first[1])
        raise
    yield first[0], second[0]
    stop_server(first[1])
    stop_server(second[1])


def test_an_agreement_read_by_one_server_is_answered_and_deleted_by_another(two_servers, sample_pdf):
    one, two = (httpx.Client(base_url=base, timeout=30) for base in two_servers)
    with one, two:
        made = one.post("/api/agreements", files={"file": ("agreement.pdf", sample_pdf)})
        assert made.status_code == 201
        key = made.json()["id"]
        assert two.get(f"/api/agreements/{key}").json()["checklist"] == made.json()["checklist"]
        answer = two.post(f"/api/agreements/{key}/questions", json={"question": "when is it reviewed"}).json()
        assert any(source["kind"] == "agreement" for source in answer["sources"])
        assert two.delete(f"/api/agreements/{key}").status_code == 204
        assert one.get(f"/api/agreements/{key}").status_code == 404


def test_a_visitors_page_session_moves_between_servers(two_servers, sample_text):
    one, two = (httpx.Client(base_url=base, timeout=30, headers={"accept": "text/html"}) for base in two_servers)
    with one, two:
        page = one.get("/")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        two.cookies = one.cookies  # the same browser, sent to the other host by the proxy
        sent = two.post("/check", data={"csrf": csrf}, files={"file": ("a.txt", sample_text.encode())})
        assert sent.status_code == 303
        result = one.get("/agreement")
        assert result.status_code == 200 and "Oliver has missed 19 days of school" in result.text


def test_uvicorn_workers_share_sessions(redis_url, sample_text):
    env = {"ASSISTANT_REDIS_URL": redis_url, "ASSISTANT_SECRET": "another shared secret"}
    base, process = start_server(args=("--workers", "2"), env=env)
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            key = http.post("/api/agreements", data={"text": sample_text}).json()["id"]
            # new connections are spread over both workers by the kernel; every one must find the agreement
            for _ in range(20):
                with httpx.Client(base_url=base, timeout=30) as fresh:
                    assert fresh.get(f"/api/agreements/{key}").status_code == 200
    finally:
        stop_server(process)


def test_redis_without_a_shared_secret_will_not_start(redis_url):
    run = subprocess.run(
        [sys.executable, "-c", "import assistant.app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ASSISTANT_REDIS_URL": redis_url},
        timeout=60,
    )
    assert run.returncode != 0 and "ASSISTANT_SECRET must be set" in run.stderr


def test_a_reading_begun_on_one_server_is_followed_and_shown_on_another(redis_url):
    """Photos sent to one host; the progress and then the result asked of the other, as a proxy may do."""
    from conftest import SAMPLE
    from photos import page_image, photo

    from assistant.reading import ocr

    if not ocr.available():
        pytest.skip("Tesseract is not installed")
    env = {
        "ASSISTANT_REDIS_URL": redis_url,
        "ASSISTANT_SECRET": "a third shared secret",
        "ASSISTANT_READING_WAIT_SECONDS": "0",
    }
    first, second = start_server(env=env), start_server(env=env)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    pages = [("file", (f"p{n}.jpg", photo(page_image(lines[n::2]), seed=n), "image/jpeg")) for n in range(2)]
    try:
        html = {"accept": "text/html"}
        one, two = (httpx.Client(base_url=base, timeout=60, headers=html) for base, _ in (first, second))
        with one, two:
            csrf = re.search(r'name="csrf" value="([^"]+)"', one.get("/").text).group(1)
            two.cookies = one.cookies
            assert one.post("/check", data={"csrf": csrf}, files=pages).headers["location"] == "/reading"
            seen = []
            for _ in range(600):
                seen.append(two.get("/reading/status").json())
                if seen[-1]["state"] not in ("waiting", "reading"):
                    break
                time.sleep(0.2)
            assert seen[-1]["state"] == "done" and any(s["said"] == "Reading page 2 of 2." for s in seen), seen
            assert two.get("/reading").headers["location"] == "/agreement"
            assert "The words we read from your photo" in two.get("/agreement").text
    finally:
        stop_server(first[1])
        stop_server(second[1])
