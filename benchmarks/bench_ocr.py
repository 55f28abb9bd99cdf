"""Seconds per page to read photos with Tesseract, and how quickly questions are answered meanwhile.

Run from the project root:  .venv/bin/python benchmarks/bench_ocr.py
Needs Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and the test extra. It makes photos of the sample
agreement (an A4 page at 150 dpi, turned 3 degrees, speckled, saved as JPEG), then prints:

1. in process: seconds per page to prepare (finding the sheet, evening the light,
   orientation, speckle, straightening) and to read, median of 3;
2. on a real server: question latency (p50/p95/max) for one client and start-page latency for another, with no
   OCR, and while a third client uploads 2-page photo sets without pause.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load import OPEN_LIMITS, Connection, ask_body  # noqa: E402
from conftest import start_server, stop_server  # noqa: E402
from photos import page_image, photo  # noqa: E402

from assistant.reading import ocr  # noqa: E402

LINES = (ROOT / "tests" / "files" / "sample-agreement.txt").read_text(encoding="utf-8").splitlines()


def per_page() -> tuple[float, float, float]:
    picture = ocr.open_image(photo(page_image(LINES), degrees=3, noise=0.03))
    prepare, read, confidence = [], [], 0.0
    for _ in range(3):
        started = time.perf_counter()
        ready = ocr.prepare(picture, 60)
        middle = time.perf_counter()
        page = ocr.read_page(ready, 60)
        prepare.append(middle - started)
        read.append(time.perf_counter() - middle)
        confidence = page.confidence
    return statistics.median(prepare), statistics.median(read), confidence


async def questions(port: int, seconds: float, uploading: bool, photos: list[bytes]) -> tuple[list[float], list[float]]:
    """Latencies of one client asking without pause and of another loading the start page without pause, while
    (maybe) a third uploads photo sets without pause."""
    until = time.monotonic() + seconds
    times: list[float] = []
    pages: list[float] = []
    uploads = 0

    async def ask() -> None:
        connection = Connection("127.0.0.1", port)
        while time.monotonic() < until:
            started = time.monotonic()
            status, _ = await connection.request(
                "POST", "/api/questions", ask_body("do I have to sign it"), "application/json"
            )
            assert status == 200
            times.append(time.monotonic() - started)

    async def browse() -> None:
        connection = Connection("127.0.0.1", port)
        while time.monotonic() < until:
            started = time.monotonic()
            status, _ = await connection.request("GET", "/")
            assert status == 200
            pages.append(time.monotonic() - started)

    async def upload() -> None:
        nonlocal uploads
        import uuid

        connection = Connection("127.0.0.1", port)
        while time.monotonic() < until:
            boundary = uuid.uuid4().hex
            body = (
                b"".join(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p{i}.jpg"\r\n'
                    f"Content-Type: image/jpeg\r\n\r\n".encode()
                    + data
                    + b"\r\n"
                    for i, data in enumerate(photos)
                )
                + f"--{boundary}--\r\n".encode()
            )
            status, _ = await connection.request(
                "POST", "/api/agreements", body, f"multipart/form-data; boundary={boundary}"
            )
            assert status == 201, status
            uploads += 1

    await asyncio.gather(ask(), browse(), *([upload()] if uploading else []))
    return times, pages


def main() -> None:
    if not ocr.available():
        sys.exit("Tesseract is not installed")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}\n"
    )
    prepare, read, confidence = per_page()
    print("| one photographed page (A4, 150 dpi, turned 3°, speckled, JPEG) | seconds |")
    print("|---|---|")
    print(f"| prepare: finding the sheet, evening the light, orientation, speckle, straightening | {prepare:.2f} |")
    print(f"| read (Tesseract, and counting unread marks) | {read:.2f} |")
    print(f"| in all | {prepare + read:.2f} |")
    print(f"\nConfidence of the reading: {confidence:.0f}\n")

    half = LINES.index("How long it lasts")
    photos = [photo(page_image(LINES[:half]), degrees=-2, seed=3), photo(page_image(LINES[half:]), degrees=2, seed=4)]
    base, process = start_server(env=OPEN_LIMITS)
    port = int(base.rsplit(":", 1)[1])
    try:
        quiet = asyncio.run(questions(port, 15, False, photos))
        busy = asyncio.run(questions(port, 30, True, photos))
    finally:
        stop_server(process)
    for what, which in (("questions from one client (API)", 0), ("the start page for another visitor", 1)):
        print(f"| {what} | answered | p50 ms | p95 ms | max ms |")
        print("|---|---|---|---|---|")
        for label, run in (("no OCR running", quiet), ("while 2-page photo sets are read without pause", busy)):
            ordered = sorted(run[which])
            print(
                f"| {label} | {len(ordered)} | {ordered[len(ordered) // 2] * 1000:.1f} | "
                f"{ordered[int(len(ordered) * 0.95)] * 1000:.1f} | {ordered[-1] * 1000:.1f} |"
            )
        print()


if __name__ == "__main__":
    main()
