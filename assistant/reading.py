"""Read uploaded agreements in warm helper processes, so one slow or hostile file never holds up anyone's questions.

Reading a long PDF is pure Python work. Done on the web worker's own threads it held the interpreter lock and cut
question throughput by three quarters. Each helper process here has pypdf and python-docx loaded before the first
file comes, a cap on its memory, and a hard time limit: a file that passes it is refused in plain words, and its
process is replaced. Jobs wait in a bounded queue; when that is full the answer is a plain "busy, try again" (503).
The bytes travel through a pipe and live only in the two processes' memory.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .analysis import analyse
from .answering import Held
from .config import Settings
from .documents import read_document, read_pasted_text
from .errors import AssistantError, BadRequest, DocumentTooComplex, EmptyDocument, ReaderBusy

log = logging.getLogger("assistant")
GRACE_SECONDS = 2.0  # the reader stops itself at read_seconds; the process is killed only if it has not by then


@dataclass(frozen=True)
class Job:
    """What to read: a file's bytes, or pasted text."""

    file: bytes | None = None
    text: str | None = None


def read_job(job: Job, settings: Settings) -> Held:
    """Read whatever was sent (a file first, else pasted text), analyse it and index its clauses."""
    if job.file:
        return Held(analyse(read_document(job.file, settings)))
    if job.text and job.text.strip():
        return Held(analyse(read_pasted_text(job.text, settings)))
    if job.file is not None or job.text is not None:
        raise EmptyDocument()
    raise BadRequest()


def _serve(conn: Connection, settings: Settings) -> None:
    """A helper process: read jobs from the pipe until it closes; never let an error escape unreported."""
    _limit_memory(settings.reader_memory_mb)
    import docx  # noqa: F401  (warm: the first file should not pay for these imports)
    import pypdf  # noqa: F401

    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", read_job(job, settings))
        except AssistantError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", DocumentTooComplex())
        except Exception as exc:  # a reader bug: say so plainly, keep serving
            log.error("reader failed with %s", type(exc).__name__)
            reply = ("error", DocumentTooComplex())
        del job
        conn.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


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
    """A few warm helper processes and a bounded queue in front of them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = settings.readers
        self.waiting = 0
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: asyncio.Queue[_Helper] | None = None
        self._helpers: list[_Helper] = []

    def start(self) -> None:
        """Start the helper processes (they warm up in the background)."""
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._add()

    def _add(self) -> None:
        helper = _Helper(self._context, self.settings)
        self._helpers.append(helper)
        self._idle.put_nowait(helper)

    def close(self) -> None:
        for helper in self._helpers:
            helper.stop()
        self._helpers.clear()

    async def read(self, job: Job) -> Held:
        """Read one job in a helper process; raise the reader's own plain error, ReaderBusy, or DocumentTooComplex."""
        if self.size == 0:  # readers=0: read on the server's own threads (for comparison in the benchmark)
            return await asyncio.to_thread(read_job, job, self.settings)
        if self.waiting >= self.size + self.settings.reader_queue:
            raise ReaderBusy()
        self.waiting += 1
        try:
            helper = await self._idle.get()
            try:
                kind, value = await self._exchange(helper, job)
            except BaseException:
                self._replace(helper)
                raise
            self._idle.put_nowait(helper)
        finally:
            self.waiting -= 1
        if kind == "error":
            raise value
        return value

    async def _exchange(self, helper: _Helper, job: Job) -> tuple[str, object]:
        loop = asyncio.get_running_loop()
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            await loop.run_in_executor(None, helper.conn.send_bytes, payload)
        except OSError:  # the helper died before it took the job (it is replaced by the caller)
            raise ReaderBusy() from None
        del payload
        ready = loop.create_future()
        loop.add_reader(helper.conn.fileno(), lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, self.settings.read_seconds + GRACE_SECONDS)
        except asyncio.TimeoutError:
            raise DocumentTooComplex() from None
        finally:
            loop.remove_reader(helper.conn.fileno())
        try:
            reply = await loop.run_in_executor(None, helper.conn.recv_bytes)
        except (EOFError, OSError):  # the process died: out of memory, or killed
            raise DocumentTooComplex() from None
        return pickle.loads(reply)

    def _replace(self, helper: _Helper) -> None:
        """Kill a helper that overran or died, and start a fresh one in its place."""
        helper.stop()
        with suppress(ValueError):
            self._helpers.remove(helper)
        log.warning("a reader process was replaced (pid %s)", helper.process.pid)
        self._add()

    def pids(self) -> list[int]:
        return [h.process.pid for h in self._helpers if h.process.pid]


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
