"""Load, memory and start-up of the real server on loopback.

Run from the project root:  .venv/bin/python benchmarks/bench_load.py [--seconds 60] [--clients 64]

It starts `uvicorn assistant.app:app` on a free loopback port (rate limits off, since every client here shares one
address) and prints Markdown tables:

1. Start-up: seconds from launching the process to the first answered question; resident memory at rest.
2. A mixed load: `--clients` concurrent keep-alive clients for `--seconds`. A fixed share of them upload (PDF, Word
   and text in turn), others ask questions (general ones, and about an agreement they uploaded), and the rest ask
   `/healthz`, the yardstick: the cheapest request the server has. Per kind: requests, errors, 5xx, throughput,
   p50/p95/p99, and the ask-to-healthz ratios. Each kind has its own clients, so a throughput ratio compares how
   fast each kind is served, not the mix.
3. Memory of the server process (and its reader processes) before, at the peak during, and after the run, and
   again once the agreements have expired.
4. Question throughput while clients upload 100-page PDFs, against the same with no uploads, for the reader
   processes and (for comparison) for reading on the web worker's own threads.

The load client is a small asyncio HTTP/1.1 client (raw streams, no library), so it takes as little of the
machine's two cores from the server as it can. It runs in this process; the server runs in its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_read import pdf_of_pages  # noqa: E402
from conftest import docx_from_text, multipart, pdf_from_text, start_server, stop_server  # noqa: E402

SAMPLE = (ROOT / "tests" / "files" / "sample-agreement.txt").read_text(encoding="utf-8")
QUESTIONS = (
    "is a written agreement legally binding",
    "do I have to sign it today",
    "what is section 20",
    "can I bring someone to the meeting",
    "what happens if I break the agreement",
    "what is a PLO letter",
    "can I record the meeting",
    "who can I ask for help",
)
ABOUT = (
    "when does it end",
    "what do I have to do",
    "what will the council do",
    "is anything missing",
    "what happens if it goes wrong",
    "who do I call",
)
OPEN_LIMITS = {"ASSISTANT_UPLOADS_PER_MINUTE": "0", "ASSISTANT_REQUESTS_PER_MINUTE": "0"}


# --- a tiny HTTP/1.1 client ------------------------------------------------------------------------------------


class Connection:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", ctype: str = "") -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
                head += f"Content-Type: {ctype}\r\n" if ctype else ""
                self.writer.write(head.encode() + b"\r\n" + body)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                status = int(status_line.split()[1])
                length, closing = 0, False
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "connection" and "close" in value.lower():
                        closing = True
                data = await self.reader.readexactly(length) if length else b""
                if closing:
                    self.close()
                return status, data
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def ask_body(question: str) -> bytes:
    return json.dumps({"question": question}).encode()


# --- the load --------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one kind of request got during the run."""

    times: list[float] = field(default_factory=list)
    errors: int = 0  # connection failures and unexpected statuses
    server_errors: int = 0  # 5xx

    def add(self, seconds: float, status: int, ok: tuple[int, ...]) -> None:
        self.times.append(seconds)
        if status >= 500:
            self.server_errors += 1
        if status not in ok:
            self.errors += 1

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


async def client_loop(kind: str, host: str, port: int, until: float, tallies: dict[str, Tally], files: list) -> None:
    connection, rng = Connection(host, port), random.Random(hash(kind) ^ id(tallies))
    agreement = None
    try:
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                if kind == "upload":
                    name, data = files[rng.randrange(len(files))]
                    body, ctype = multipart(name, data)
                    status, reply = await connection.request("POST", "/api/agreements", body, ctype)
                    tallies["upload"].add(time.monotonic() - started, status, (201,))
                elif kind == "ask":
                    if agreement is None:  # each asking client first reads its own agreement (not timed as an ask)
                        body, ctype = multipart("mine.txt", SAMPLE.encode())
                        status, reply = await connection.request("POST", "/api/agreements", body, ctype)
                        agreement = json.loads(reply)["id"] if status == 201 else None
                        continue
                    if rng.random() < 0.5:
                        path, question = "/api/questions", rng.choice(QUESTIONS)
                    else:
                        path, question = f"/api/agreements/{agreement}/questions", rng.choice(ABOUT)
                    status, _ = await connection.request("POST", path, ask_body(question), "application/json")
                    tallies["ask"].add(time.monotonic() - started, status, (200,))
                else:
                    status, _ = await connection.request("GET", "/healthz")
                    tallies["healthz"].add(time.monotonic() - started, status, (200,))
            except Exception:
                tallies[kind].errors += 1
                tallies[kind].times.append(time.monotonic() - started)
                await asyncio.sleep(0.05)
    finally:
        connection.close()


async def run_load(host: str, port: int, seconds: float, clients: dict[str, int], files: list) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in ("upload", "ask", "healthz")}
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(client_loop(kind, host, port, until, tallies, files) for kind, count in clients.items() for _ in range(count))
    )
    return tallies


def split_clients(total: int) -> dict[str, int]:
    """One in eight upload; the rest are split evenly between questions and /healthz."""
    uploads = max(1, total // 8)
    return {"upload": uploads, "ask": (total - uploads) // 2, "healthz": total - uploads - (total - uploads) // 2}


def load_files() -> list[tuple[str, bytes]]:
    return [
        ("agreement.pdf", pdf_from_text(SAMPLE)),
        ("agreement.docx", docx_from_text(SAMPLE)),
        ("agreement.txt", SAMPLE.encode()),
        ("long.pdf", pdf_of_pages(10)),
    ]


# --- memory ----------------------------------------------------------------------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of the server process, and of it with its reader processes, in MB."""
    import psutil

    server = psutil.Process(pid)
    own = server.memory_info().rss
    children = sum(c.memory_info().rss for c in server.children(recursive=True))
    return own / 2**20, (own + children) / 2**20


class Sampler:
    """Samples the server's memory every 0.2 s while a run goes on."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_total, self._task = pid, 0.0, 0.0, None

    async def _loop(self) -> None:
        while True:
            own, total = rss_mb(self.pid)
            self.peak, self.peak_total = max(self.peak, own), max(self.peak_total, total)
            await asyncio.sleep(0.2)

    def __enter__(self) -> Sampler:
        self._task = asyncio.get_event_loop().create_task(self._loop())
        return self

    def __exit__(self, *_) -> None:
        self._task.cancel()


# --- runs ------------------------------------------------------------------------------------------------------


def startup(env: dict) -> tuple[float, float, float]:
    """Seconds from launch to the first answered question, and memory at rest (server, with readers)."""
    import httpx

    started = time.monotonic()
    base, process = start_server(env=env)
    answered = httpx.post(f"{base}/api/questions", json={"question": "is it legally binding"}, timeout=30)
    seconds = time.monotonic() - started
    assert answered.status_code == 200
    time.sleep(2)  # let the reader processes finish warming up
    own, total = rss_mb(process.pid)
    stop_server(process)
    return seconds, own, total


def ask_rate(host: str, port: int, seconds: float, askers: int, uploaders: int, big: bytes) -> float:
    """Questions answered per second by `askers` clients while `uploaders` clients upload a 100-page PDF."""
    tallies = asyncio.run(
        run_load(host, port, seconds, {"ask": askers, "upload": uploaders}, [("hundred-pages.pdf", big)])
    )
    bad = tallies["ask"].errors + tallies["upload"].errors
    assert bad == 0, f"{bad} errors"
    return len(tallies["ask"].times) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--idle", type=int, default=30, help="session idle seconds for the run (expiry is measured)")
    parser.add_argument("--store-mb", type=int, default=32, help="the in-memory store's cap for the run")
    args = parser.parse_args()
    import psutil

    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB; Python {platform.python_version()}\n"
    )

    starts = [startup(OPEN_LIMITS) for _ in range(3)]
    print("| start-up to first answer (s), 3 runs | RSS at rest, server (MB) | with reader processes (MB) |")
    print("|---|---|---|")
    print(f"| {' / '.join(f'{s:.2f}' for s, _, _ in starts)} | {starts[-1][1]:.0f} | {starts[-1][2]:.0f} |\n")

    env = OPEN_LIMITS | {"ASSISTANT_SESSION_IDLE_SECONDS": str(args.idle), "ASSISTANT_MAX_STORE_MB": str(args.store_mb)}
    base, process = start_server(env=env)
    host, port = "127.0.0.1", int(base.rsplit(":", 1)[1])
    try:
        before = rss_mb(process.pid)
        clients = split_clients(args.clients)

        async def measured() -> tuple[dict[str, Tally], Sampler]:
            with Sampler(process.pid) as sampler:
                tallies = await run_load(host, port, args.seconds, clients, load_files())
            return tallies, sampler

        tallies, sampler = asyncio.run(measured())
        after = rss_mb(process.pid)
        time.sleep(args.idle + args.idle / 4 + 2)  # every agreement idle past its time, and one sweep more
        expired = rss_mb(process.pid)
    finally:
        stop_server(process)

    print(
        f"Mixed load: {args.clients} clients ({clients['upload']} uploading PDF, Word and text; {clients['ask']} "
        f"asking; {clients['healthz']} on /healthz) for {args.seconds:.0f} s\n"
    )
    print("| requests | clients | done | errors | 5xx | per second | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, tally in tallies.items():
        print(
            f"| {kind} | {clients[kind]} | {len(tally.times)} | {tally.errors} | {tally.server_errors} | "
            f"{len(tally.times) / args.seconds:.1f} | {tally.quantile(0.5):.1f} | {tally.quantile(0.95):.1f} | "
            f"{tally.quantile(0.99):.1f} |"
        )
    ask, health = tallies["ask"], tallies["healthz"]
    per_client = (len(ask.times) / clients["ask"]) / (len(health.times) / clients["healthz"])
    print(
        f"\nAsk throughput per client / healthz's: {per_client:.2f} (aim ≥ 0.5); "
        f"ask p99 / healthz p99: {ask.quantile(0.99) / health.quantile(0.99):.2f} (aim ≤ 2)\n"
    )
    print(f"Store cap for this run: {args.store_mb} MB of agreements (ASSISTANT_MAX_STORE_MB)\n")
    print("| memory (MB) | server | with reader processes |")
    print("|---|---|---|")
    for label, (own, total) in (
        ("before", before),
        ("peak during", (sampler.peak, sampler.peak_total)),
        ("after", after),
        (f"after expiry ({args.idle} s idle)", expired),
    ):
        print(f"| {label} | {own:.0f} | {total:.0f} |")

    big = pdf_of_pages(100)
    print(
        f"\nQuestions while 100-page PDFs ({len(big) / 2**20:.1f} MB) are uploaded by 2 clients; 16 clients ask; "
        f"{args.seconds / 4:.0f} s each\n"
    )
    print("| reading in | asks/s, no uploads | asks/s, with uploads | ratio |")
    print("|---|---|---|---|")
    for label, readers in (("reader processes (default)", "1"), ("the web worker's threads (readers=0)", "0")):
        base, process = start_server(env=OPEN_LIMITS | {"ASSISTANT_READERS": readers})
        host, port = "127.0.0.1", int(base.rsplit(":", 1)[1])
        try:
            quiet = ask_rate(host, port, args.seconds / 4, 16, 0, big)
            busy = ask_rate(host, port, args.seconds / 4, 16, 2, big)
        finally:
            stop_server(process)
        print(f"| {label} | {quiet:.0f} | {busy:.0f} | {busy / quiet:.2f} |")


if __name__ == "__main__":
    main()
