"""While photos are read, the page says how far it has got ("Reading page 2 of 4"), and the visitor can stop it.

Against a real server reading real photos with the real Tesseract. The server here shows the progress page at once
(ASSISTANT_READING_WAIT_SECONDS=0), so every upload takes the background path these tests are about.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, SAMPLE, start_server, stop_server
from photos import blank_photo, page_image, photo
from test_ocr import tesseract  # noqa: F401  (skips without Tesseract; fails in CI)

from assistant.errors import DocumentTooComplex
from assistant.sessions import progress
from assistant.sessions.store import MemoryStore

pytestmark = pytest.mark.slow  # photos read by Tesseract behind the progress page, on real servers

LINES = SAMPLE.read_text(encoding="utf-8").splitlines()
OTHER = (ROOT / "tests" / "agreements" / "new-01-numbered-contract.txt").read_text(encoding="utf-8")
STILL_GOING = ("waiting", "reading")


@pytest.fixture(scope="module")
def four_photos() -> list[bytes]:
    """The sample agreement photographed as four pages, each turned a little."""
    return [photo(page_image(LINES[i::4]), degrees=2, seed=i) for i in range(4)]


@pytest.fixture(scope="module")
def server():
    base, process = start_server(env={"ASSISTANT_READING_WAIT_SECONDS": "0"})
    yield base, process
    stop_server(process)


@pytest.fixture(scope="module")
def base_url(server):
    return server[0]


def readers(process) -> set[int]:
    """The server's reader processes (spawned by multiprocessing), by pid."""
    found = set()
    for task in Path(f"/proc/{process.pid}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"multiprocessing.spawn" in command or b"spawn_main" in command:
                found.add(int(pid))
    return found


def reader_replaced(server, before: set[int], timeout: float = 60) -> None:
    """Wait until the reader that was reading has been killed and another started: the stop reached it."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now = readers(server[1])
        if now and not before & now:
            return
        time.sleep(0.1)
    pytest.fail("the reader process was not replaced: the reading was not stopped")


class Visitor:
    """One browser's worth of requests: its cookie and the form token of its pages."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=60, headers={"accept": "text/html"})
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.http.get("/").text).group(1)

    def send(self, photos: list[bytes] = (), text: str | None = None) -> httpx.Response:
        files = [("file", (f"page-{n}.jpg", data, "image/jpeg")) for n, data in enumerate(photos, 1)]
        data = {"csrf": self.csrf} | ({"text": text} if text is not None else {})
        return self.http.post("/check", data=data, files=files or None)

    def status(self) -> dict:
        return self.http.get("/reading/status").json()

    def watch(self, until, timeout: float = 120) -> list[dict]:
        """Every status seen, a few times a second, until `until(status)` holds."""
        seen, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            seen.append(self.status())
            if until(seen[-1]):
                return seen
            time.sleep(0.2)
        pytest.fail(f"the reading did not get there in {timeout} s: {seen[-3:]}")

    def post(self, path: str) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf})

    def held(self) -> int:
        return self.http.get("/healthz").json()["agreements_held"]


def test_photos_show_the_page_being_read_then_the_result(base_url, four_photos):
    visitor = Visitor(base_url)
    sent = visitor.send(four_photos)
    assert sent.status_code == 303 and sent.headers["location"] == "/reading"

    page = visitor.http.get("/reading")
    assert page.status_code == 200
    said = re.search(r'<p class="reading-said" role="status" data-reading-said>([^<]+)</p>', page.text).group(1)
    assert re.fullmatch(
        r"Reading page [1-4] of 4\.|Reading your document\.|Getting ready to read your document\.", said
    )
    assert 'action="/reading/stop"' in page.text and 'href="/reading"' in page.text  # stop, and check without script

    assert "See how far we have got" in visitor.http.get("/").text  # the way back, from the start page
    seen = visitor.watch(lambda status: status["state"] not in STILL_GOING)
    assert seen[-1]["state"] == "done"
    pages = [int(m.group(1)) for s in seen if (m := re.fullmatch(r"Reading page (\d) of 4\.", s["said"]))]
    assert pages == sorted(pages) and 4 in pages, seen
    assert all(s["pages"] in (0, 4) and 0 <= s["done"] <= 3 for s in seen)
    assert any(re.fullmatch(r"About \d+ seconds left\.|Almost done\.", s["left"]) for s in seen if s["done"])

    over = visitor.http.get("/reading")
    assert over.status_code == 303 and over.headers["location"] == "/agreement"
    result = visitor.http.get("/agreement")
    assert "The words we read from your photo" in result.text and "Page 4" in result.text
    assert "See how far we have got" not in visitor.http.get("/").text
    assert visitor.status() == {"state": "none"}


def begin_reading(visitor: Visitor, server, photos: list[bytes]) -> set[int]:
    """Send photos and wait until their first page is read; return the reader processes as they are then."""
    assert visitor.send(photos).headers["location"] == "/reading"
    visitor.watch(lambda status: status.get("done", 0) >= 1)
    return readers(server[1])


def test_stopping_a_reading_keeps_nothing_of_it(server, base_url, four_photos):
    visitor = Visitor(base_url)
    held_before = visitor.held()
    reading = begin_reading(visitor, server, four_photos)
    stopped = visitor.post("/reading/stop")
    assert stopped.status_code == 303 and stopped.headers["location"] == "/?done=stopped"
    assert "We stopped reading your document, and kept nothing of it." in visitor.http.get("/?done=stopped").text
    assert visitor.status() == {"state": "none"}

    reader_replaced(server, reading)  # stopped at the next page, not left to read the rest
    time.sleep(0.5)
    assert visitor.status() == {"state": "none"}
    assert visitor.http.get("/agreement").headers["location"] == "/?done=gone"
    assert visitor.held() == held_before
    # the reader that was stopped mid-page was replaced: the next upload is read as usual
    assert visitor.send(text=OTHER).headers["location"] == "/agreement"


def test_a_reading_that_fails_says_why_on_the_progress_page(base_url):
    visitor = Visitor(base_url)
    assert visitor.send([blank_photo(seed=3), blank_photo(seed=4)]).headers["location"] == "/reading"
    visitor.watch(lambda status: status["state"] not in STILL_GOING)
    page = visitor.http.get("/reading")
    assert page.status_code == 422
    assert "find any words in this photo" in page.text and 'class="error-summary' in page.text
    assert 'id="file"' in page.text  # the form is there to try again


def test_a_new_upload_replaces_one_still_being_read(server, base_url, four_photos):
    visitor = Visitor(base_url)
    held_before = visitor.held()
    reading = begin_reading(visitor, server, four_photos)
    pasted = visitor.send(text=OTHER)  # pasted text: read while the page waits, by the reader that takes over
    assert pasted.headers["location"] == "/agreement"
    reader_replaced(server, reading)
    time.sleep(0.5)
    result = visitor.http.get("/agreement").text
    assert "The words we read from your photo" not in result
    assert visitor.held() == held_before + 1


def test_forgetting_also_stops_a_reading(server, base_url, four_photos):
    visitor = Visitor(base_url)
    held_before = visitor.held()
    reading = begin_reading(visitor, server, four_photos)
    assert visitor.post("/agreement/forget").headers["location"] == "/?done=forgotten"
    reader_replaced(server, reading)
    time.sleep(0.5)
    assert visitor.status() == {"state": "none"} and visitor.held() == held_before


def test_the_progress_page_without_a_reading_goes_to_the_result_or_the_start(base_url):
    visitor = Visitor(base_url)
    assert visitor.http.get("/reading").headers["location"] == "/agreement"
    assert visitor.status() == {"state": "none"}
    assert visitor.http.post("/reading/stop", data={"csrf": "forged"}).status_code == 403


# --- the record itself, without a server -------------------------------------------------------------------


@pytest.fixture
def visits() -> MemoryStore:
    return MemoryStore(3600, 100, 10**7)


def test_a_reading_is_told_each_page_and_its_time_left_comes_from_pages_already_read(visits, monkeypatch):
    tracker = progress.Tracker(visits, "v", "one")
    waiting = progress.current(visits, "v")
    assert waiting.said() == "Getting ready to read your document."
    assert waiting.said(now=waiting.sent + 10) == (
        "Your document is waiting its turn. Other documents are being read first."
    )
    clock = [100.0]
    monkeypatch.setattr(progress.time, "time", lambda: clock[0])
    tracker.told(0, 0)  # a reader took it
    tracker.told(1, 4)  # page 1 begins at 100
    clock[0] = 120.0
    tracker.told(2, 4)  # page 2 begins at 120: 20 s a page
    reading = visits.find(progress.record_key("v"))
    assert reading.said() == "Reading page 2 of 4." and reading.done_share() == (1, 4)
    assert reading.time_left(now=130.0) == "About 50 seconds left."  # 3 pages of 20 s, 10 s of them gone
    assert reading.time_left(now=176.0) == "Almost done."
    reading.page, reading.pages = 2, 20
    assert reading.time_left(now=130.0) == "About 6 minutes left."


def test_a_stopped_reading_is_never_written_back_and_takes_its_record_away(visits):
    tracker = progress.Tracker(visits, "v", "one")
    progress.stop(visits, "v")
    with pytest.raises(progress.Stopped):
        tracker.told(1, 2)
    tracker.alive()
    tracker.failed(DocumentTooComplex())
    assert visits.find(progress.record_key("v")) is None
    newer = progress.Tracker(visits, "v", "two")  # the visitor sent another file
    tracker.gone()
    assert visits.find(progress.record_key("v")).id == "two" and not newer.stopped()
    newer.told(1, 1)
    assert progress.current(visits, "v").said() == "Reading page 1 of 1."
    progress.forget(visits, "v", "one")  # the first upload's page, finishing late, leaves the newer reading be
    assert progress.current(visits, "v").id == "two"
    progress.forget(visits, "v", "two")
    assert progress.current(visits, "v") is None


def test_a_reading_whose_worker_went_quiet_is_shown_as_lost(visits):
    progress.Tracker(visits, "v", "one")
    reading = visits.find(progress.record_key("v"))
    reading.seen -= progress.LOST_SECONDS + 1
    visits.put(progress.record_key("v"), reading)
    lost = progress.current(visits, "v")
    assert lost.state == "failed" and lost.message == progress.LOST and lost.as_json()["state"] == "failed"
