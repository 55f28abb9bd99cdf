"""Privacy, proven on a real server: nothing a person sends reaches a log or the disk, and no one reaches another's.

A canary (a string that appears nowhere else) is put in the agreement, its file name and a question; then every
line the server printed, uvicorn's access log included, is searched for it, for the agreement's id and for the
visitor's cookie.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, docx_from_text, start_server, stop_server

pytestmark = pytest.mark.slow  # real servers, and a scan of the disk

CANARY = "Zebracanary4417"
CANARY_FILE = "Okapifile9031"
CANARY_QUESTION = "Narwhalquestion2288"


def big_pdf(text: str, megabytes: float) -> bytes:
    """A real PDF with the agreement's words in plain (uncompressed) streams and noise images to reach the size, so
    the words would be found as bytes in any file it was written to."""
    import random

    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.compress = False
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.encode("latin-1", "replace").decode("latin-1") or " ", new_x="LMARGIN", new_y="NEXT")
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    noise = random.Random(7).randbytes(side * side * 3)
    image = Image.frombytes("RGB", (side, side), noise)
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real server whose every printed line is kept, with its own empty temporary folder and home."""
    folder = tmp_path_factory.mktemp("privacy")
    log = folder / "server.log"
    temp, home = folder / "tmp", folder / "home"
    temp.mkdir(), home.mkdir()
    env = {
        "TMPDIR": str(temp),
        "HOME": str(home),
        "ASSISTANT_MAX_UPLOAD_BYTES": str(12 * 1024 * 1024),
        "ASSISTANT_INDEX_DIR": str(folder / "index"),
        "ASSISTANT_SESSION_IDLE_SECONDS": "3",
    }
    with log.open("w") as output:
        base, process = start_server(output=output, args=("--log-level", "info"), env=env)
        yield base, log, temp, home, folder
        stop_server(process)


def written_since(moment: float, roots: list[Path]) -> list[Path]:
    found = []
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            try:
                if path.is_file() and path.stat().st_mtime >= moment:
                    found.append(path)
            except OSError:
                continue
    return found


def test_nothing_sent_reaches_the_log_or_the_disk(server, sample_text):
    base, log, temp, home, folder = server
    text = sample_text.replace("Oliver has missed", f"{CANARY} has missed")
    uploads = [
        (f"{CANARY_FILE}.pdf", big_pdf(text, 2)),
        (f"{CANARY_FILE}-big.pdf", big_pdf(text, 9)),
        (f"{CANARY_FILE}.docx", docx_from_text(text + "\n" + "padding line\n" * 2000)),
        (f"{CANARY_FILE}.txt", (text + "\n") * 300),
    ]
    assert 2 * 1024 * 1024 <= len(uploads[0][1]) and 9 * 1024 * 1024 <= len(uploads[1][1]) < 12 * 1024 * 1024
    marker = time.time() - 1
    ids, cookies = [], []
    with httpx.Client(base_url=base, timeout=60) as http:
        for name, data in uploads:
            made = http.post("/api/agreements", files={"file": (name, data)})
            assert made.status_code == 201, made.text
            key = made.json()["id"]
            ids.append(key)
            assert CANARY in str(made.json())
            answer = http.post(
                f"/api/agreements/{key}/questions", json={"question": f"what does {CANARY_QUESTION} mean for {CANARY}"}
            )
            assert answer.status_code == 200
            assert http.get(f"/api/agreements/{key}").status_code == 200
        http.post("/api/questions", json={"question": f"is {CANARY_QUESTION} legally binding"})
        broken = http.post(
            "/api/agreements", files={"file": (f"{CANARY_FILE}-broken.pdf", b"%PDF-1.7\n" + CANARY.encode())}
        )
        assert broken.status_code == 422  # a parse error, with the canary inside the file
        # the web pages too: a visitor cookie, a form, an upload and a question
        page = http.get("/", headers={"accept": "text/html"})
        cookies.append(http.cookies.get("visit") or next(iter(http.cookies.values())))
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        http.post("/check", data={"csrf": csrf}, files={"file": (f"{CANARY_FILE}-page.txt", text.encode())})
        http.post("/agreement/ask", data={"csrf": csrf, "question": f"{CANARY_QUESTION} when does it end"})
        http.delete(f"/api/agreements/{ids[0]}")
    time.sleep(0.5)
    printed = log.read_text(errors="replace")
    assert "POST /api/agreements" in printed and "GET /api/agreements/" in printed  # the access log is on
    for secret in (CANARY, CANARY_FILE, CANARY_QUESTION, *ids, *cookies, csrf):
        assert secret not in printed, f"{secret!r} is in the server's output"
    # nothing new in the server's temporary folder or home; nothing anywhere it might spool holds the words
    assert list(temp.iterdir()) == [] and list(home.rglob("*")) == []
    roots = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), ROOT, folder]
    for path in written_since(marker, roots):
        if path == log or path.stat().st_size > 50 * 1024 * 1024:
            continue
        with path.open("rb") as handle:
            assert CANARY.encode() not in handle.read(), f"the agreement's words were written to {path}"


def test_ids_are_long_and_random_and_expiry_gives_404(server, sample_text):
    base = server[0]
    with httpx.Client(base_url=base, timeout=30) as http:
        keys = [http.post("/api/agreements", data={"text": sample_text}).json()["id"] for _ in range(3)]
        assert len(set(keys)) == 3 and all(len(k) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", k) for k in keys)
        assert http.get(f"/api/agreements/{keys[0]}").status_code == 200
        time.sleep(3.5)  # the server was started with a three-second idle time
        gone = http.get(f"/api/agreements/{keys[0]}")
        assert gone.status_code == 404 and "upload it again" in gone.json()["error"]["message"]
        question = http.post(f"/api/agreements/{keys[1]}/questions", json={"question": "when does it end"})
        assert question.status_code == 404


def test_one_visitor_never_reaches_anothers_agreement(server, sample_text):
    base = server[0]
    html = {"accept": "text/html"}
    with (
        httpx.Client(base_url=base, timeout=30, headers=html) as alice,
        httpx.Client(base_url=base, timeout=30, headers=html) as bob,
    ):
        csrf = re.search(r'name="csrf" value="([^"]+)"', alice.get("/").text).group(1)
        alice.post("/check", data={"csrf": csrf}, files={"file": ("a.txt", sample_text.encode())})
        assert "Oliver has missed" in alice.get("/agreement").text
        bob.get("/")
        for path in ("/agreement", "/agreement/questions", "/agreement/download"):
            assert "Oliver" not in bob.get(path).text
        # Alice's form token is no use with Bob's cookie
        stolen = bob.post("/agreement/ask", data={"csrf": csrf, "question": "when does it end"})
        assert stolen.status_code == 403 and "Oliver" not in stolen.text
        assert all(
            bob.get(f"/api/agreements/{guess}").status_code == 404
            for guess in ("1", "a" * 32, "../agreement", "%2e%2e")
        )
