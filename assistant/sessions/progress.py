"""How far the reading of a visitor's upload has got: "Reading page 2 of 4", and about how long is left.

Photos take seconds a page to read, so the page that sent them does not wait for the end with no word: the upload
is read in the background, and its progress is kept in the visits store under the visitor's own key, so whichever
worker or host answers the next request can show it. What is kept is counts, times and a plain error message, never
a word of the document.

Two keys per visitor, so that a "stop" can never be overwritten by the reading it stops:
- the reading's record, written only by the worker doing the reading (and deleted by the pages once it is over);
- a stop flag, written only by the pages (the visitor pressed "Stop", or sent another file), holding the id of the
  reading to stop. The worker looks at it before each page and before it keeps what it read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..errors import AssistantError
from .store import Store

HEARTBEAT_SECONDS = 5.0  # the reading worker says it is alive this often, even between pages
LOST_SECONDS = 30.0  # a record not touched for this long has lost its worker (restarted, or killed)
QUEUED_SECONDS = 3.0  # waiting longer than this for a reader means others' documents are ahead
LOST = (
    "We lost touch with the part of the assistant that was reading your document, so it did not finish. "
    "Nothing was kept. Please add it again."
)


class Stopped(BaseException):
    """The visitor stopped this reading, or started another. A BaseException, like asyncio's CancelledError, so no
    reader's `except Exception` can turn it into an error message."""


@dataclass
class Reading:
    """One upload being read: its state, the page being read and when things happened (wall-clock seconds)."""

    id: str
    state: str = "waiting"  # waiting (for a free reader), reading, done, failed
    page: int = 0  # the page being read now, counting from 1; 0 before the first
    pages: int = 0  # how many pages are being read from photos; 0 when unknown (not a photo, or not yet opened)
    began: float = 0.0  # when page 1 began
    at: float = 0.0  # when this page began
    sent: float = field(default_factory=time.time)  # when the upload came
    seen: float = field(default_factory=time.time)  # the worker's last word
    message: str = ""  # for a failed reading: what went wrong, in plain words
    status: int = 0  # and its HTTP status

    def lost(self, now: float | None = None) -> bool:
        return self.state in ("waiting", "reading") and (now or time.time()) - self.seen > LOST_SECONDS

    def said(self, now: float | None = None) -> str:
        """Where the reading is, in a sentence (for the live region: it changes only when there is news)."""
        if self.state == "waiting" and (now or time.time()) - self.sent > QUEUED_SECONDS:
            return "Your document is waiting its turn. Other documents are being read first."
        if self.state == "waiting":
            return "Getting ready to read your document."
        if self.pages and self.page:
            return f"Reading page {self.page} of {self.pages}."
        return "Reading your document."

    def time_left(self, now: float | None = None) -> str:
        """About how long is left, from how long the pages read so far took; empty until one page is done."""
        if self.state != "reading" or self.page < 2 or not self.pages:
            return ""
        now = now or time.time()
        per_page = (self.at - self.began) / (self.page - 1)
        left = per_page * (self.pages - self.page + 1) - (now - self.at)
        if left < 5:
            return "Almost done."
        if left < 60:
            return f"About {round(left / 5) * 5:.0f} seconds left."
        if left < 90:
            return "About a minute left."
        return f"About {round(left / 60):.0f} minutes left."

    def done_share(self) -> tuple[int, int]:
        """Pages finished, and pages in all, for the progress bar."""
        return max(self.page - 1, 0), self.pages

    def as_json(self) -> dict:
        done, pages = self.done_share()
        return {"state": self.state, "said": self.said(), "left": self.time_left(), "done": done, "pages": pages}


def record_key(visit: str) -> str:
    return f"reading-{visit}"


def stop_key(visit: str) -> str:
    return f"stop-reading-{visit}"


def current(visits: Store, visit: str) -> Reading | None:
    """The visitor's reading, with a lost one shown as failed."""
    reading = visits.find(record_key(visit))
    if reading is not None and reading.lost():
        reading.state, reading.message, reading.status = "failed", LOST, 503
    return reading


def stop(visits: Store, visit: str) -> None:
    """Stop the visitor's reading, if one is under way, and forget it."""
    reading = visits.find(record_key(visit))
    if reading is None:
        return
    if reading.state in ("waiting", "reading"):
        visits.put(stop_key(visit), reading.id)
    visits.discard(record_key(visit))


def forget(visits: Store, visit: str, reading_id: str) -> None:
    """Forget a reading that is over (its result has been shown), unless a newer one has taken its place."""
    found = visits.find(record_key(visit))
    if found is not None and found.id == reading_id:
        visits.discard(record_key(visit))


class Tracker:
    """The reading worker's side: keeps the record up to date, and notices when it has been stopped.

    Told from the reader's thread (pages) and from the event loop (heartbeats): a lock keeps their writes in order.
    """

    def __init__(self, visits: Store, visit: str, reading_id: str) -> None:
        self.visits = visits
        self.visit = visit
        self.reading = Reading(reading_id)
        self._lock = threading.Lock()
        self._write()

    def stopped(self) -> bool:
        return self.visits.find(stop_key(self.visit)) == self.reading.id

    def told(self, page: int, pages: int) -> None:
        """The reader's progress: (0, 0) when a reader takes the upload, then each page as it begins."""
        now = time.time()
        with self._lock:
            self.reading.state = "reading"
            if page:
                if page == 1:
                    self.reading.began = now
                self.reading.page, self.reading.pages, self.reading.at = page, pages, now
            if not self._write():
                raise Stopped()

    def alive(self) -> None:
        with self._lock:
            if self.reading.state in ("waiting", "reading"):
                self._write()

    def done(self) -> None:
        with self._lock:
            self.reading.state = "done"
            self._write()

    def failed(self, error: AssistantError) -> None:
        with self._lock:
            self.reading.state, self.reading.message, self.reading.status = "failed", error.message, error.status
            self._write()

    def gone(self) -> None:
        """The reading was stopped: take its record away, unless a newer reading has replaced it."""
        with self._lock:
            found = self.visits.find(record_key(self.visit))
            if found is not None and found.id == self.reading.id:
                self.visits.discard(record_key(self.visit))
            if self.visits.find(stop_key(self.visit)) == self.reading.id:
                self.visits.discard(stop_key(self.visit))

    def _write(self) -> bool:
        """Keep the record as it is now; False, and nothing written, once the reading has been stopped."""
        if self.stopped():
            return False
        self.reading.seen = time.time()
        self.visits.put(record_key(self.visit), self.reading)
        return True
