"""The fixture ladder: settings -> app -> client, plus the shared development set when it is beside us."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "dev-set"


@pytest.fixture
def settings() -> Settings:
    """Small limits, and reading on the app's own threads (readers=0): a reader process takes half a second to
    start, once per app, which made the web tests most of the fast loop. That path gives the same JSON as the reader
    processes (test_readers.py checks it in the fast loop); the reader processes themselves are used by every real
    server and by the hostile files posted to the API."""
    return Settings(max_upload_bytes=2 * 1024 * 1024, max_sessions=50, readers=0)


@pytest.fixture
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture
def dev_set() -> Path:
    if not DEV_SET.is_dir():
        pytest.skip("the shared development set is not beside this checkout")
    return DEV_SET


SAMPLE = ROOT / "tests" / "files" / "sample-agreement.txt"


@pytest.fixture
def sample_text() -> str:
    """A complete, fictional agreement with every required element and no concerns."""
    return SAMPLE.read_text(encoding="utf-8")


def pdf_from_text(text: str) -> bytes:
    """A real PDF (made by fpdf2) with the text set line by line."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        safe = line.encode("latin-1", errors="replace").decode("latin-1")
        pdf.multi_cell(0, 5, safe or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_from_text(text: str) -> bytes:
    """A real Word file (made by python-docx), one paragraph per line, short unpunctuated lines as headings."""
    import io

    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line and len(line.split()) <= 6 and not line.rstrip().endswith((".", ":")) and ":" not in line:
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def sample_pdf(sample_text: str) -> bytes:
    return pdf_from_text(sample_text)


@pytest.fixture
def sample_docx(sample_text: str) -> bytes:
    return docx_from_text(sample_text)


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """A file upload as a real client sends it: the body and its Content-Type (for tests and benchmarks on a server)."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    return head.encode() + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    output=subprocess.DEVNULL,
    args: tuple[str, ...] = (),
    env: dict | None = None,
) -> tuple[str, subprocess.Popen]:
    """A real uvicorn server in its own process on a free port, once /healthz answers: (base URL, process).
    `env` adds ASSISTANT_* settings to this process's environment."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "assistant.app:app", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
        env=os.environ | (env or {}),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return base, process
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("the server did not start")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server (Debian's package) on a free loopback port, without persistence, for this test run."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    from redis import Redis

    client = Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)
