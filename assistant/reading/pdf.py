"""Read a PDF's text page by page with pypdf: the only importer of pypdf."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
from typing import NamedTuple

from ..config import Settings
from ..errors import (
    AssistantError,
    DamagedDocument,
    DocumentTooComplex,
    EncryptedDocument,
    NoReadableText,
    NoTextLayer,
    ReadingTooSlow,
)
from .clauses import Line

# pypdf's complaints about a mangled upload quote the upload's own bytes and help nobody: keep them out of the logs.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def read_pdf(data: bytes, settings: Settings) -> tuple[list[Line], list[str], bool]:
    with _parsing_budget():
        pages, count = _open_pdf(data)
        page_lines, unread, limited, warnings = _extract_pages(
            pages, min(count, settings.max_pages), settings.read_seconds
        )
    if count > settings.max_pages:
        warnings.append(f"This PDF has {count} pages. We read the first {settings.max_pages} only.")
    texts = ["\n".join(line.text for line in lines) for lines in page_lines]
    if not any(t.strip() for t in texts):
        if limited and len(limited) == len(unread):  # every page stopped at one of pypdf's limits: a bomb or a flood
            raise DocumentTooComplex()
        raise _why_no_text(pages, unread, len(page_lines))
    empty = [n for n, t in enumerate(texts, 1) if not t.strip()]
    if empty:
        warnings.append(
            _pages_phrase(empty) + " had no words we could read: "
            "they may be damaged, or be pictures of text. Please check those pages yourself."
        )
    return _strip_running_lines(page_lines), warnings, True


# pypdf lets one content stream take 2,000,000 parsing steps, about 12 seconds here, and it parses the whole stream
# before our reading clock can stop it: 300,000 steps (under 2 seconds) is many times what a page of text needs.
MAX_PARSING_STEPS = 300_000


def _parsing_budget():
    """Lower pypdf's parsing budget per content stream, where this version of pypdf lets us."""
    import pypdf

    if not hasattr(pypdf, "apply_configuration") or not hasattr(
        pypdf.get_configuration(), "stream_parsing_work_maximum_count"
    ):
        return contextlib.nullcontext()
    return pypdf.apply_configuration(stream_parsing_work_maximum_count=MAX_PARSING_STEPS)


def _open_pdf(data: bytes) -> tuple[object, int]:
    """Open a PDF and count its pages, turning pypdf's many failures into the three a person can act on."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _unlock(reader):
            raise EncryptedDocument()
        pages = reader.pages
        count = len(pages)
    except (EncryptedDocument, FileNotDecryptedError, DependencyError):
        raise EncryptedDocument() from None
    except (LimitReachedError, RecursionError, MemoryError):
        raise DocumentTooComplex() from None
    except Exception:  # PdfReadError, ValueError, KeyError, TypeError, AttributeError... from a mangled file
        raise DamagedDocument() from None
    if count == 0:
        raise DamagedDocument()
    return pages, count


def _unlock(reader) -> bool:
    """Open PDFs that only carry an owner password (they open for anyone); the rest stay locked."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


class _OutOfTime(Exception):
    """Raised inside pypdf's page walk when the reading time is spent."""


def _extract_pages(pages, limit: int, seconds: float) -> tuple[list[list[Line]], list[int], list[int], list[str]]:
    """Each page's lines, the pages we could not read, those of them stopped by one of pypdf's limits, warnings."""
    from pypdf.errors import LimitReachedError

    deadline = time.monotonic() + seconds
    page_lines, unread, limited = [], [], []
    warnings: list[str] = []
    for number in range(1, limit + 1):
        try:
            if time.monotonic() > deadline:
                raise _OutOfTime()
            page_lines.append(_page_lines(pages[number - 1], deadline))
        except _OutOfTime:  # refused whole: a checklist of the first pages would call the rest "missing"
            raise ReadingTooSlow.after(seconds) from None
        except (RecursionError, MemoryError):
            raise DocumentTooComplex() from None
        except LimitReachedError:  # a decompression bomb or a flood of operators on this page
            page_lines.append([])
            unread.append(number)
            limited.append(number)
        except Exception:  # one damaged page should not cost the others
            page_lines.append([])
            unread.append(number)
    return page_lines, unread, limited, warnings


class _Piece(NamedTuple):
    """A run of text pypdf found, and where on the page it starts (None when that is unknown).

    A named tuple, not a frozen dataclass: a page makes hundreds, and a frozen dataclass is slow to build."""

    text: str
    place: tuple[float, float] | None


Box = tuple[float, float, float, float]  # left, bottom, right, top
MAX_TABLE_WORK = 2_000_000


def _page_lines(page, deadline: float) -> list[Line]:
    """One page's lines as pypdf extracts them, with each bordered table row gathered into one line of cells."""
    boxes: set[Box] = set()
    pieces: list[_Piece] = []

    def on_operator(operator, operands, cm, tm) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime()
        if operator == b"re" and (box := _box(operands, cm)):
            boxes.add(box)

    def on_text(text, cm, tm, font, size) -> None:
        pieces.append(_Piece(text, _place(tm, cm)))

    text = page.extract_text(visitor_operand_before=on_operator, visitor_text=on_text) or ""
    if "".join(piece.text for piece in pieces) != text:  # the pieces do not add up: trust pypdf's text alone
        return [Line(line.rstrip()) for line in text.split("\n")]
    # Matching every piece to every box is quadratic, so a page drawn with a hostile number of boxes gets no tables.
    rows = _table_rows(boxes) if len(boxes) * len(pieces) <= MAX_TABLE_WORK else []
    return _mark_tight(_gather_rows(_visual_lines(pieces), rows))


def _place(tm, cm) -> tuple[float, float] | None:
    try:
        x, y = float(tm[4]), float(tm[5])
        return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]
    except (TypeError, ValueError, IndexError):
        return None


def _box(operands, cm) -> Box | None:
    """A rectangle drawn on the page, in page space, when it is big enough to be a table cell."""
    try:
        x, y, w, h = (float(value) for value in operands)
        corners = [
            (px * cm[0] + py * cm[2] + cm[4], px * cm[1] + py * cm[3] + cm[5]) for px, py in ((x, y), (x + w, y + h))
        ]
    except (TypeError, ValueError, IndexError):
        return None
    (x0, y0), (x1, y1) = corners
    box = (round(min(x0, x1)), round(min(y0, y1)), round(max(x0, x1)), round(max(y0, y1)))
    return box if 10 <= box[2] - box[0] <= 2000 and 6 <= box[3] - box[1] <= 2000 else None


def _table_rows(boxes: set[Box]) -> list[list[Box]]:
    """Cells side by side with the same top and bottom make a table row."""
    bands: dict[tuple[float, float], list[Box]] = {}
    for box in boxes:
        bands.setdefault((box[1], box[3]), []).append(box)
    return [sorted(row) for row in bands.values() if len(row) >= 2]


def _visual_lines(pieces: list[_Piece]) -> list[list[_Piece]]:
    lines: list[list[_Piece]] = [[]]
    for piece in pieces:
        if "\n" not in piece.text:  # most pieces: kept as they are, not rebuilt from their one part
            if piece.text:
                lines[-1].append(piece)
            continue
        for n, part in enumerate(piece.text.split("\n")):
            if n:
                lines.append([])
            if part:
                lines[-1].append(_Piece(part, piece.place))
    return lines


def _cell_of(piece: _Piece, rows: list[list[Box]]) -> tuple[int, int] | None:
    if piece.place is None:
        return None
    x, y = piece.place
    for r, row in enumerate(rows):
        for c, (left, bottom, right, top) in enumerate(row):
            if left - 1 <= x <= right and bottom <= y <= top + 1:
                return r, c
    return None


def _gather_rows(lines: list[list[_Piece]], rows: list[list[Box]]) -> list[Line]:
    """Replace the lines that lie wholly inside one table row by a single line holding that row's cells."""
    if not rows:  # most pages: no piece can lie in a cell, so every line is a line of its own
        return [Line("".join(p.text for p in pieces).rstrip(), baseline=_baseline(pieces)) for pieces in lines]
    in_row = [_row_of({_cell_of(p, rows) for p in pieces if p.text.strip()}) for pieces in lines]
    contents: dict[tuple[int, int], list[_Piece]] = {}
    for pieces, row in zip(lines, in_row, strict=False):
        if row is not None:
            for piece in pieces:
                contents.setdefault(_cell_of(piece, rows) or (row, 0), []).append(piece)
    out, done = [], set()
    for pieces, row in zip(lines, in_row, strict=False):
        if row is None:
            out.append(Line("".join(p.text for p in pieces).rstrip(), baseline=_baseline(pieces)))
        elif row not in done:
            done.add(row)
            cells = tuple(_cell_text(contents.get((row, c), [])) for c in range(len(rows[row])))
            out.append(Line(" | ".join(cells), hint="row", cells=cells))
    return out


def _row_of(cells: set[tuple[int, int] | None]) -> int | None:
    """The table row a line lies wholly inside, if there is one."""
    rows = {cell[0] for cell in cells if cell}
    return rows.pop() if None not in cells and len(rows) == 1 else None


def _baseline(pieces: list[_Piece]) -> float | None:
    return next((p.place[1] for p in pieces if p.place and p.text.strip()), None)


def _mark_tight(lines: list[Line]) -> list[Line]:
    """Mark lines set at the page's tightest line spacing, when paragraphs on that page are spaced wider."""
    gaps = [
        (line, before.baseline - line.baseline)
        for before, line in zip(lines, lines[1:], strict=False)
        if before.baseline is not None and line.baseline is not None and before.text.strip()
    ]
    spacings = sorted(round(gap, 1) for _, gap in gaps if gap > 1)
    leading = next(
        (a for a, b in zip(spacings, spacings[1:], strict=False) if a == b), None
    )  # smallest spacing seen twice
    if leading is None or not any(leading * 1.08 < gap < leading * 2.5 for _, gap in gaps):
        return lines
    for line, gap in gaps:
        if abs(gap - leading) <= 0.05 * leading:
            line.tight = (
                True  # marked in place, not copied: these lines were made for this page and nothing else holds them
            )
    return lines


def _cell_text(pieces: list[_Piece]) -> str:
    """Pieces on the same baseline run on; a new baseline is a new line of the cell, so a space."""
    text, last_y = "", None
    for piece in pieces:
        y = piece.place[1] if piece.place else None
        text += piece.text if y is not None and last_y is not None and abs(y - last_y) < 1 else " " + piece.text
        last_y = y
    return " ".join(text.split())


def _why_no_text(pages, unread: list[int], read: int) -> AssistantError:
    if unread and len(unread) == read:
        return DamagedDocument()
    if any(_has_images(pages[n]) for n in range(min(read, 20))):
        return NoTextLayer()
    return NoReadableText()


def _has_images(page) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if not xobjects:
            return False
        return any(obj.get_object().get("/Subtype") == "/Image" for obj in xobjects.get_object().values())
    except Exception:
        return False


def _pages_phrase(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Page {numbers[0]}"
    return "Pages " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


PAGE_NUMBER = re.compile(r"^\W*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\W*$", re.I)


def _strip_running_lines(page_lines: list[list[Line]]) -> list[Line]:
    """Drop headers, footers and page numbers that repeat on the pages, and join words split by a hyphen."""
    running = _running_lines([[line.text for line in lines] for lines in page_lines])
    kept: list[Line] = []
    for number, lines in enumerate(page_lines, 1):
        texts = [line.text for line in lines]
        for (
            line
        ) in lines:  # numbered in place, not copied: the lines were made for this read and nothing else holds them
            line.page = number
        kept.extend(
            line
            for i, line in enumerate(lines)
            if not (
                _edge(i, texts)
                and line.hint is None
                and (_shape(line.text) in running or PAGE_NUMBER.match(line.text.strip()))
            )
        )
    if not any(re.search(r"\w", line.text) for line in kept):  # every page the same: nothing was "running"
        kept = [line for lines in page_lines for line in lines]
    return _join_hyphenated(kept)


def _edge(i: int, lines: list[str]) -> bool:
    return i < 3 or i >= len(lines) - 3


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    if len(page_lines) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in page_lines:
        for shape in {_shape(ln) for i, ln in enumerate(lines) if _edge(i, lines) and ln.strip()}:
            counts[shape] = counts.get(shape, 0) + 1
    needed = max(2, round(0.6 * len(page_lines)))
    return {shape for shape, n in counts.items() if n >= needed}


def _join_hyphenated(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev
            and prev.hint is None
            and line.hint is None
            and prev.text.endswith(("-", "-\n"))  # the quick half of the test below, which only these can pass
            and re.search(r"[a-z]-$", prev.text)
            and re.match(r"\s*[a-z]", line.text)
        ):
            first, _, rest = line.text.strip().partition(" ")
            out[-1] = Line(prev.text[:-1] + first, prev.page)
            if rest:
                out.append(Line(rest, line.page))
            continue
        out.append(line)
    return out


# Word
