"""Time and memory to read and check an agreement, against bare pypdf extraction of the same files.

Run from the project root:  .venv/bin/python benchmarks/bench_read.py
It generates 1-, 10- and 100-page PDFs (fpdf2), a Word file and a text file from a fictional agreement,
then prints a Markdown table: median time to read and check, time per page, peak Python memory, and for
PDFs the median time of bare `PdfReader(...).pages[i].extract_text()` with the ratio between the two.

The two are timed in turns (ours, bare, ours, bare...), so a busy moment on a shared machine slows both alike.
"ratio" is ours over bare, medians; "fastest" is the same from the fastest run of each, the least disturbed.
"""

from __future__ import annotations

import gc
import io
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import docx_from_text  # noqa: E402

from assistant.checklist.report import analyse  # noqa: E402
from assistant.reading.documents import read_document  # noqa: E402

SAMPLE = (ROOT / "tests" / "files" / "sample-agreement.txt").read_text(encoding="utf-8")


def pdf_of_pages(pages: int) -> bytes:
    """A PDF of about `pages` pages: the sample agreement repeated, one copy per page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.cell(
            0, 4, "Riverton District Council - Working agreement - OFFICIAL SENSITIVE", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("Helvetica", size=10)
        for line in SAMPLE.splitlines()[:40]:
            pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, f"Page {page + 1} of {pages}", align="C")
    return bytes(pdf.output())


def seconds_in_turns(works: list, repeats: int) -> list[list[float]]:
    """Each work's times, run in turns so that the machine's load falls on all of them alike."""
    for work in works:
        work()  # warm up: imports and caches are not what we measure
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeats):
        for work, taken in zip(works, times, strict=True):
            gc.collect()
            started = time.perf_counter()
            work()
            taken.append(time.perf_counter() - started)
    return times


def peak_memory_mb(work) -> float:
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def bare_pypdf(data: bytes) -> None:
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    cases = [(f"PDF, {n} page{'s' if n > 1 else ''}", pdf_of_pages(n), n) for n in (1, 10, 100)]
    cases.append(("Word (.docx), 10 copies", docx_from_text("\n".join([SAMPLE] * 10)), 10))
    cases.append(("Text, 10 copies", ("\n".join([SAMPLE] * 10)).encode(), 10))
    print(f"Machine: {machine()}\n")
    print("| file | size | read + check (median) | per page | peak memory | bare pypdf (median) | ratio | fastest |")
    print("|---|---|---|---|---|---|---|---|")
    for name, data, pages in cases:
        repeats = 7 if pages >= 100 else 21
        ours_work = lambda data=data: analyse(read_document(data))  # noqa: E731
        if data.startswith(b"%PDF"):
            ours_times, bare_times = seconds_in_turns([ours_work, lambda data=data: bare_pypdf(data)], repeats)
            ours, bare = statistics.median(ours_times), statistics.median(bare_times)
            bare_text, ratio = f"{bare * 1000:.1f} ms", f"{ours / bare:.2f}x"
            fastest = f"{min(ours_times) / min(bare_times):.2f}x"
        else:
            ours = statistics.median(seconds_in_turns([ours_work], repeats)[0])
            bare_text = ratio = fastest = "n/a"
        memory = peak_memory_mb(ours_work)  # after the warm-up: imports and caches are not what we measure
        print(
            f"| {name} | {len(data) / 1024:.0f} KB | {ours * 1000:.1f} ms | {ours * 1000 / pages:.2f} ms "
            f"| {memory:.1f} MB | {bare_text} | {ratio} | {fastest} |"
        )


if __name__ == "__main__":
    main()
