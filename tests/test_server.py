"""A real uvicorn server in its own process: the contract over HTTP, and logs that hold nothing private."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import multipart, start_server, stop_server

from assistant.checklist.report import analyse, as_json
from assistant.reading.documents import read_document

pytestmark = pytest.mark.slow  # a real uvicorn server in its own process

MARKER = "Zanzibar-Quokka-7731"
API_ONLY = {"id", "expires_after_idle_seconds"}  # what the store adds to the checklist's JSON


def call(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict | None]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, json.loads(raw) if raw else None


def upload(name: str, data: bytes) -> tuple[bytes, dict]:
    body, content_type = multipart(name, data)
    return body, {"Content-Type": content_type}


@pytest.fixture(scope="module")
def server():
    base, process = start_server(subprocess.PIPE)
    yield base, process
    stop_server(process)


def test_upload_ask_again_and_delete_over_real_http(server, sample_pdf):
    base, _ = server
    status, body = call("POST", f"{base}/api/agreements", *upload("agreement.pdf", sample_pdf))
    assert status == 201 and len(body["checklist"]) == 20
    key = body["id"]
    assert call("GET", f"{base}/api/agreements/{key}")[0] == 200
    assert call("DELETE", f"{base}/api/agreements/{key}")[0] == 204
    status, body = call("GET", f"{base}/api/agreements/{key}")
    assert status == 404 and body["error"]["message"]


def read_in_process(data: bytes) -> dict:
    """The JSON the API should give for a file, read and checked here in this process."""
    return json.loads(json.dumps(as_json(analyse(read_document(data)))))


def test_parallel_uploads_are_all_answered(server, sample_pdf, sample_docx, sample_text):
    base, _ = server
    files = [("a.pdf", sample_pdf), ("a.docx", sample_docx), ("a.txt", sample_text.encode())] * 4
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda f: call("POST", f"{base}/api/agreements", *upload(*f)), files))
    assert [status for status, _ in results] == [201] * len(files)
    expected = {name: read_in_process(data) for name, data in files[:3]}
    for (name, _), (_, body) in zip(files, results, strict=True):
        assert {k: v for k, v in body.items() if k not in API_ONLY} == expected[name], name
    assert len({body["id"] for _, body in results}) == len(files)


def test_a_broken_upload_is_a_4xx_and_the_server_keeps_working(server, sample_pdf):
    base, _ = server
    status, body = call("POST", f"{base}/api/agreements", *upload("bad.pdf", sample_pdf[:300]))
    assert 400 <= status < 500 and body["error"]["message"]
    assert call("GET", f"{base}/healthz")[0] == 200


def test_nothing_uploaded_and_no_agreement_id_reaches_the_log(server, sample_text):
    base, process = server
    private = sample_text.replace("Oliver", MARKER)
    status, body = call("POST", f"{base}/api/agreements", *upload("agreement.txt", private.encode()))
    assert status == 201
    key = body["id"]
    call("GET", f"{base}/api/agreements/{key}")
    call("DELETE", f"{base}/api/agreements/{key}")
    process.terminate()
    log = process.communicate(timeout=10)[0].decode(errors="replace")
    assert "/api/agreements" in log, "the access log should still show requests"
    assert MARKER not in log and key not in log
