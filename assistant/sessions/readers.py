"""Read uploaded agreements in warm helper processes, so one slow or hostile file never holds up anyone's questions.

Reading a long PDF is pure Python work. Done on the web worker's own threads it held the interpreter lock and cut
question throughput by three quarters. Each helper process here has pypdf and python-docx loaded before the first
file comes, a cap on its memory, and a hard time limit: a file that passes it is refused in plain words, and its
process is replaced. Jobs wait in a bounded queue; when that is full the answer is a plain "busy, try again" (503).
The bytes travel through a pipe and live only in the two processes' memory.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import pickle
import queue
import threading
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection

from starlette.concurrency import run_in_threadpool

from ..answers.answering import Held
from ..checklist.report import analyse, as_json
from ..config import Settings, configure_logging
from ..errors import (
    AssistantError,
    BadRequest,
    DocumentTooComplex,
    EmptyDocument,
    ReaderBusy,
    ReadingFailed,
    ReadingTooSlow,
    describe_bug,
)
from ..reading.documents import Progress, read_document, read_pasted_text, read_photos
from .store import pack, unpack

log = logging.getLogger("assistant")
GRACE_SECONDS = 2.0  # the reader stops itself at read_seconds; the process is killed only if it has not by then
NICENESS = 10  # reading is background work: when the cores are busy, questions (interactive) go first


@dataclass(frozen=True)
class Read:
    """A read agreement as the reader hands it over: packed for the store, and its checklist as the API's JSON
    (without the id, which the store gives). Both are made in the reader process, so the web worker only copies
    bytes: unpacking, packing and serialising a 100-page agreement took it about 100 ms."""

    packed: bytes
    body: bytes

    def held(self) -> Held:
        return unpack(self.packed)


def finish(held: Held) -> Read:
    body = json.dumps(as_json(held.analysis), ensure_ascii=False, separators=(",", ":")).encode()
    return Read(pack(held), body)


@dataclass(frozen=True)
class Job:
    """What to read: a file's bytes, several photos of pages, or pasted text."""

    file: bytes | None = None
    text: str | None = None
    photos: tuple[bytes, ...] = ()


def read_job(job: Job, settings: Settings, progress=None) -> Held:
    """Read whatever was sent (files first, else pasted text), analyse it and index its clauses."""
    if len(job.photos) > 1:
        return Held(analyse(read_photos(list(job.photos), settings, progress)))
    if job.file:
        return Held(analyse(read_document(job.file, settings, progress)))
    if job.text and job.text.strip():
        return Held(analyse(read_pasted_text(job.text, settings)))
    if job.file is not None or job.text is not None:
        raise EmptyDocument()
    raise BadRequest()


def read_plainly(job: Job, settings: Settings, progress=None) -> Read:
    """Read a job to hand over; anything but the file's own plain error becomes one, in or out of a process."""
    try:
        return finish(read_job(job, settings, progress))
    except AssistantError:
        raise
    except MemoryError:
        raise DocumentTooComplex() from None
    except Exception as exc:  # a bug of ours, not the file's fault: say so plainly and log where, never what it read
        log.error("reading an upload hit a bug\n%s", describe_bug(exc))
        raise ReadingFailed() from None


def _serve(conn: Connection, settings: Settings) -> None:
    """A helper process: read jobs from the pipe until it closes; never let an error escape unreported."""
    configure_logging(settings.log_level)  # a fresh process: its log lines look like the server's
    _limit_memory(settings.reader_memory_mb)
    with suppress(OSError):
        os.nice(NICENESS)
    import importlib

    for name in ("pypdf", "docx"):  # warm: the first file should not pay for these imports
        importlib.import_module(name)
    from ..checklist.learnt import sentence_reader

    sentence_reader()  # nor for loading the checklist's sentence reader

    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return

        def progress(page: int, pages: int) -> None:  # each page read from a photo gets its own time
            conn.send_bytes(pickle.dumps(("progress", page, pages), protocol=pickle.HIGHEST_PROTOCOL))

        reply: tuple[str, Read | AssistantError]
        try:
            reply = ("ok", read_plainly(job, settings, progress))
        except AssistantError as exc:
            reply = ("error", exc)
        del job
        retire = _resident_mb() > settings.reader_retire_mb  # Python keeps memory it freed: start afresh
        conn.send_bytes(pickle.dumps((*reply, retire), protocol=pickle.HIGHEST_PROTOCOL))
        if retire:
            return


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _unheard(page: int, pages: int) -> None:
    """Progress nobody is waiting to hear."""


class _Helper:
    """One helper process and our end of its pipe."""

    def __init__(self, context, settings: Settings) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, settings), daemon=True, name="agreement-reader")
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        with suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class ReaderPool:
    """A few warm helper processes and a bounded queue in front of them.

    Waiting for a helper is done on a worker thread (blocked on a pipe, so it holds no lock that questions need),
    which keeps the pool independent of any one event loop.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = settings.readers
        self.waiting = 0
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Helper] = queue.Queue()
        self._helpers: list[_Helper] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the helper processes (they warm up in the background)."""
        for _ in range(self.size):
            self._add()

    def _add(self) -> None:
        helper = _Helper(self._context, self.settings)
        with self._lock:
            self._helpers.append(helper)
        self._idle.put(helper)

    def close(self) -> None:
        with self._lock:
            helpers, self._helpers = self._helpers, []
        for helper in helpers:
            helper.stop()

    async def read(self, job: Job, progress: Progress | None = None) -> Read:
        """Read one job in a helper process; raise the reader's own plain error, ReaderBusy, DocumentTooComplex (the
        process ran out of memory or time) or ReadingFailed (a bug of ours).

        `progress(page, pages)` is told (on a worker thread) when a helper takes the job, as (0, 0), and before each
        page it reads from a photo. Whatever it raises stops the reading: the helper is replaced at once."""
        if self.size == 0:  # readers=0: read on the server's own threads (for comparison in the benchmark)
            return await run_in_threadpool(read_plainly, job, self.settings, progress)
        with self._lock:
            if self.waiting >= self.size + self.settings.reader_queue:
                raise ReaderBusy()
            self.waiting += 1
        try:
            return await run_in_threadpool(self._read_waiting, job, progress)
        finally:
            with self._lock:
                self.waiting -= 1

    def _read_waiting(self, job: Job, progress: Progress | None) -> Read:
        helper = self._idle.get()
        try:
            _, value, retire = self._exchange(helper, job, progress or _unheard)
        except BaseException:
            self._replace(helper)
            raise
        if retire:  # it has grown large and has exited: a fresh one takes its place
            self._replace(helper)
        else:
            self._idle.put(helper)
        if isinstance(value, AssistantError):  # sent as ("error", exc): the reader's own plain error
            raise value
        return value

    def _exchange(self, helper: _Helper, job: Job, progress: Progress) -> tuple[str, Read | AssistantError, bool]:
        try:
            helper.conn.send_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # the helper died before it took the job (it is replaced by the caller)
            raise ReaderBusy() from None
        progress(0, 0)
        budget = self.settings.read_seconds
        try:
            while True:
                if not helper.conn.poll(budget + GRACE_SECONDS):
                    raise ReadingTooSlow.after(budget)
                reply = pickle.loads(helper.conn.recv_bytes())
                if reply[0] != "progress":
                    return reply
                progress(reply[1], reply[2])
                budget = self.settings.ocr_page_seconds  # a page of a photo is being read: it has its own time
        except (EOFError, OSError):  # the process died: out of memory, or killed
            raise DocumentTooComplex() from None

    def _replace(self, helper: _Helper) -> None:
        """Kill a helper that overran or died, and start a fresh one in its place."""
        helper.stop()
        with self._lock:
            if helper in self._helpers:
                self._helpers.remove(helper)
        log.info("a reader process was replaced")
        self._add()

    def pids(self) -> list[int]:
        with self._lock:
            return [h.process.pid for h in self._helpers if h.process.pid]
