"""Read a PDF, Word or text agreement into pages and clauses a person can find again."""

from __future__ import annotations

import codecs
import io
import logging
import re
import statistics
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace

from .config import Settings
from .errors import (
    AssistantError,
    DamagedDocument,
    DocumentTooComplex,
    EmptyDocument,
    EncryptedDocument,
    NoReadableText,
    NoTextLayer,
    UnsupportedFileType,
)

# pypdf and python-docx are imported lazily: the command line and the API pay for them only when a file arrives.
# pypdf's complaints about a mangled upload quote the upload's own bytes and help nobody: keep them out of the logs.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


# --- the structure every reader produces --------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One numbered clause, bullet point, table row, field or paragraph, with where to find it."""

    index: int
    text: str
    kind: str  # heading | paragraph | item | row | field | signature
    page: int | None = None
    heading: str | None = None
    number: str | None = None
    position: int | None = None
    cells: tuple[tuple[str, str], ...] = ()
    sentences: tuple[str, ...] = field(default=(), compare=False)

    @property
    def ref(self) -> str:
        """Where a person finds this clause: "page 2, clause 5.3, under “What you agree to do”"."""
        parts = [f"page {self.page}"] if self.page else []
        if self.kind == "row":
            parts.append(f"table row {self.position}")
        elif self.number:
            parts.append(f"clause {self.number}")
        elif self.kind == "item" and self.position:
            parts.append(f"point {self.position}")
        if self.kind == "heading":
            parts.append(f"the heading “{self.text}”")
        elif self.heading:
            parts.append(f"under “{self.heading}”")
        elif not parts:
            parts.append("at the top")
        return ", ".join(parts)


@dataclass(frozen=True)
class Document:
    """An agreement as read: its kind, the text of each page, its clauses and what could not be read."""

    kind: str  # pdf | docx | text
    pages: tuple[str, ...]
    clauses: tuple[Clause, ...]
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """All the text, page after page."""
        return "\n\n".join(self.pages)

    @property
    def title(self) -> str | None:
        """The document's own name for itself, such as "WRITTEN AGREEMENT", when it has one."""
        headings = [c.text for c in self.clauses if c.kind == "heading"]
        for text in headings[:6]:
            if re.search(r"agreement|contract|plan|expectations", text, re.I):
                return text
        return headings[0] if headings else None


# --- deciding what a file is, from its bytes -------------------------------------------------------------

IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
ARCHIVE_SIGNATURES = (b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PHOTO_MESSAGE = ("This looks like a photo or picture, and we can't read the words in photos yet. "
                 "Please paste the words of the agreement into the box instead, or upload it as a PDF or Word file.")
OLD_WORD_MESSAGE = ("This is an older kind of Word file (.doc) that we can't read. Please open it in Word and choose "
                    "“Save as” a .docx or PDF, or paste the words of the agreement instead.")
ZIP_MESSAGE = ("This is a zip file or another kind of package, not an agreement we can read. If the agreement is "
               "inside it, please take it out and upload the PDF or Word file on its own.")
PROGRAM_MESSAGE = "This file is a program, not a document, so we did not open it. Please upload the agreement itself."
ODT_MESSAGE = ("This looks like an OpenDocument or other office file we can't read. Please save it as a .docx or "
               "PDF, or paste the words of the agreement instead.")


def sniff(data: bytes) -> str:
    """Return "pdf", "docx" or "text" from the file's content, or raise UnsupportedFileType."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(IMAGE_SIGNATURES) or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        raise UnsupportedFileType(PHOTO_MESSAGE)
    if head.startswith(OLE_SIGNATURE):
        raise UnsupportedFileType(OLD_WORD_MESSAGE)
    if head.startswith(PROGRAM_SIGNATURES[:4]) or head.startswith(ARCHIVE_SIGNATURES):
        raise UnsupportedFileType(PROGRAM_MESSAGE if head.startswith(PROGRAM_SIGNATURES) else ZIP_MESSAGE)
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFileType(ODT_MESSAGE)
    return "text"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # BadZipFile, and NotImplementedError for a mangled "zip version" field
        raise DamagedDocument() from None
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names or "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise UnsupportedFileType(ODT_MESSAGE)
    raise UnsupportedFileType(ZIP_MESSAGE)


# --- the readers ------------------------------------------------------------------------------------------


@dataclass
class Line:
    """A line of text as a reader found it, before it is grouped into clauses."""

    text: str
    page: int | None = None
    hint: str | None = None  # "heading", "item" or "row", when the file itself says so
    cells: tuple[str, ...] = ()
    baseline: float | None = None  # how far up the page a PDF line sits
    tight: bool = False  # set as close under the line before as a PDF's wrapped lines are: the same paragraph


def read_document(data: bytes, settings: Settings | None = None) -> Document:
    """Read an uploaded file of any supported kind; every failure becomes a plain-language AssistantError."""
    settings = settings or Settings()
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyDocument()
    kind = sniff(data)
    try:
        if kind == "pdf":
            lines, warnings, wrapped = _read_pdf(data, settings)
        elif kind == "docx":
            lines, warnings, wrapped = *_read_docx(data, settings), False
        else:
            lines, warnings, wrapped = _text_lines(decode_text(data)), [], True
    except AssistantError:
        raise
    except RecursionError:
        raise DocumentTooComplex() from None
    except Exception:  # pypdf and python-docx raise ValueError, KeyError, AttributeError... on mangled files
        raise DamagedDocument() from None
    return build_document(kind, lines, warnings, wrapped, settings.max_text_chars)


def read_pasted_text(text: str, settings: Settings | None = None) -> Document:
    """Read text that a person pasted into the page."""
    if not text or not text.strip():
        raise EmptyDocument("There is nothing in the box to read. Please paste the words of the agreement and try again.")
    max_chars = (settings or Settings()).max_text_chars
    return build_document("text", _text_lines(_clean(text[: max_chars * 2])), [], True, max_chars)


def build_document(kind: str, lines: list[Line], warnings: list[str], wrapped: bool,
                   max_chars: int = Settings.max_text_chars) -> Document:
    """Group lines into clauses and pages; refuse a document with no words in it."""
    if not any(re.search(r"\w", line.text) for line in lines):
        raise NoReadableText()
    lines, warnings = _within(lines, warnings, max_chars)
    clauses = tuple(segment(lines, wrapped))
    page_numbers = sorted({line.page for line in lines if line.page}) or [None]
    pages = tuple("\n".join(line.text for line in lines if line.page == number) for number in page_numbers)
    return Document(kind=kind, pages=pages, clauses=clauses, warnings=tuple(warnings))


def _within(lines: list[Line], warnings: list[str], max_chars: int) -> tuple[list[Line], list[str]]:
    """Keep the first `max_chars` characters: an agreement is a few pages, and reading more would hold up others."""
    total = 0
    for i, line in enumerate(lines):
        total += len(line.text) + 1
        if total > max_chars:
            note = (f"This document is very long, so we only read the first {max_chars // 1000},000 characters "
                    f"(about {max_chars // 3000} pages). The checklist only covers that part.")
            return lines[:i], [*warnings, note]
    return lines, warnings


# text


def decode_text(data: bytes) -> str:
    """Decode UTF-8, UTF-16 with a byte-order mark, or Windows-1252; refuse binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return _clean(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _clean(data.decode("utf-16", errors="replace"))
    if _looks_like_utf16(data):
        return _clean(data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if _looks_binary(text):
        raise UnsupportedFileType()
    return _clean(text)


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 4 and (sample[1::2].count(0) > 0.4 * len(sample) / 2
                                 or sample[0::2].count(0) > 0.4 * len(sample) / 2)


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls > max(2, len(sample) // 50)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").replace("\u00a0", " ").replace("\f", "\n").replace("\ufeff", "")


TAB_CELLS = re.compile(r"\t+")


def _text_lines(text: str) -> list[Line]:
    lines = []
    for raw in text.split("\n"):
        cells = tuple(c.strip() for c in TAB_CELLS.split(raw.strip())) if "\t" in raw.strip() else ()
        hint = "row" if len([c for c in cells if c]) >= 2 and not SIGNATURE_LINE.search(raw) else None
        lines.append(Line(raw.rstrip(), hint=hint, cells=cells if hint else ()))
    return lines


# PDF


def _read_pdf(data: bytes, settings: Settings) -> tuple[list[Line], list[str], bool]:
    pages, count = _open_pdf(data)
    page_lines, unread, warnings = _extract_pages(pages, min(count, settings.max_pages), settings.read_seconds)
    if count > settings.max_pages:
        warnings.append(f"This PDF has {count} pages. We read the first {settings.max_pages} only.")
    texts = ["\n".join(line.text for line in lines) for lines in page_lines]
    if not any(t.strip() for t in texts):
        raise _why_no_text(pages, unread, len(page_lines))
    empty = [n for n, t in enumerate(texts, 1) if not t.strip()]
    if empty:
        warnings.append(_pages_phrase(empty) + " had no words we could read: "
                        "they may be damaged, or be pictures of text. Please check those pages yourself.")
    return _strip_running_lines(page_lines), warnings, True


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


def _extract_pages(pages, limit: int, seconds: float) -> tuple[list[list[Line]], list[int], list[str]]:
    deadline = time.monotonic() + seconds
    page_lines, unread, warnings = [], [], []
    for number in range(1, limit + 1):
        try:
            if time.monotonic() > deadline:
                raise _OutOfTime()
            page_lines.append(_page_lines(pages[number - 1], deadline))
        except _OutOfTime:
            if number == 1:
                raise DocumentTooComplex() from None
            warnings.append(f"This PDF took too long to read, so we stopped after page {number - 1}. "
                            "The checklist only covers those pages.")
            break
        except (RecursionError, MemoryError):
            raise DocumentTooComplex() from None
        except Exception:  # one damaged page should not cost the others
            page_lines.append([])
            unread.append(number)
    return page_lines, unread, warnings


@dataclass(frozen=True)
class _Piece:
    """A run of text pypdf found, and where on the page it starts (None when that is unknown)."""

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
        corners = [(px * cm[0] + py * cm[2] + cm[4], px * cm[1] + py * cm[3] + cm[5])
                   for px, py in ((x, y), (x + w, y + h))]
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
    in_row = [_row_of({_cell_of(p, rows) for p in pieces if p.text.strip()}) for pieces in lines]
    contents: dict[tuple[int, int], list[_Piece]] = {}
    for pieces, row in zip(lines, in_row):
        if row is not None:
            for piece in pieces:
                contents.setdefault(_cell_of(piece, rows) or (row, 0), []).append(piece)
    out, done = [], set()
    for pieces, row in zip(lines, in_row):
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
    gaps = [(line, before.baseline - line.baseline) for before, line in zip(lines, lines[1:])
            if before.baseline is not None and line.baseline is not None and before.text.strip()]
    spacings = sorted(round(gap, 1) for _, gap in gaps if gap > 1)
    leading = next((a for a, b in zip(spacings, spacings[1:]) if a == b), None)  # smallest spacing seen twice
    if leading is None or not any(leading * 1.08 < gap < leading * 2.5 for _, gap in gaps):
        return lines
    tight = {id(line) for line, gap in gaps if abs(gap - leading) <= 0.05 * leading}
    return [replace(line, tight=True) if id(line) in tight else line for line in lines]


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
        kept.extend(replace(line, page=number) for i, line in enumerate(lines)
                    if not (_edge(i, texts) and line.hint is None
                            and (_shape(line.text) in running or PAGE_NUMBER.match(line.text.strip()))))
    if not any(re.search(r"\w", line.text) for line in kept):  # every page the same: nothing was "running"
        kept = [replace(line, page=number) for number, lines in enumerate(page_lines, 1) for line in lines]
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
        if (prev and prev.hint is None and line.hint is None and re.search(r"[a-z]-$", prev.text)
                and re.match(r"\s*[a-z]", line.text)):
            first, _, rest = line.text.strip().partition(" ")
            out[-1] = Line(prev.text[:-1] + first, prev.page)
            if rest:
                out.append(Line(rest, line.page))
            continue
        out.append(line)
    return out


# Word


def _read_docx(data: bytes, settings: Settings) -> tuple[list[Line], list[str]]:
    _check_zip_limits(data, settings)
    import docx
    from docx.table import Table

    deadline = time.monotonic() + settings.read_seconds
    document = docx.Document(io.BytesIO(data))
    style_names = {style.style_id: style.name or "" for style in document.styles}  # python-docx looks each up slowly
    lines: list[Line] = []
    for block in document.iter_inner_content():
        if time.monotonic() > deadline:
            if not any(line.text.strip() for line in lines):
                raise DocumentTooComplex()
            return lines, ["This Word file took too long to read, so we stopped part of the way through. "
                           "The checklist only covers the part we read."]
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
            lines.append(Line(""))
        else:
            lines.append(Line(block.text, hint=_paragraph_hint(block, style_names)))
    return lines, []


def _check_zip_limits(data: bytes, settings: Settings) -> None:
    """Refuse zip bombs before python-docx unpacks anything: cap the parts and their unpacked size."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > settings.max_docx_parts:
            raise DocumentTooComplex()
        if sum(info.file_size for info in infos) > settings.max_docx_uncompressed_bytes:
            raise DocumentTooComplex()
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > 1000:
                raise DocumentTooComplex()


def _paragraph_hint(paragraph, style_names: dict[str, str]) -> str | None:
    style = style_names.get(paragraph._p.style or "", "")
    if style.startswith(("Heading", "Title", "Subtitle")):
        return "heading"
    if style.startswith("List") or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return "item"
    return None


def _table_lines(table) -> list[Line]:
    lines = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            if len(cells) == 1:
                lines.append(Line(cells[0]))
            else:
                lines.append(Line(" | ".join(cells), hint="row", cells=tuple(cells)))
    return lines


# --- grouping lines into clauses ----------------------------------------------------------------------------

MARKER = re.compile(
    r"^\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\(?[a-hj-z]\)|\(?[ivx]{1,4}\)|[A-Z][.)](?=\s+[A-Z]))"
    r"|(?P<bullet>[-•*–·▪◦●■➢✓]))\s+(?P<rest>\S.*)$")
SIGNATURE_LINE = re.compile(r"_{4,}|\.{6,}|…{3,}")
FIELD = re.compile(r"^(?P<label>[A-Z][^:|]{0,40}?)\s*:\s+(?P<value>\S.*)$")
SEPARATOR = re.compile(r"^[\s|:+=-]*-{3,}[\s|:+=-]*$")
TERMINAL = re.compile(r"[.!?;,][\"'”’)\]]*$")


def segment(lines: list[Line], wrapped: bool) -> list[Clause]:
    """Group lines into clauses: wrapped lines joined, headings found, table rows kept whole."""
    width = _wrap_width(lines) if wrapped else 10_000
    blocks = _blocks(lines, width)
    return _clauses(blocks)


def _wrap_width(lines: list[Line]) -> int:
    lengths = sorted(len(ln.text.strip()) for ln in lines if len(ln.text.strip()) > 20)
    if not lengths:
        return 10_000
    return int(statistics.quantiles(lengths, n=10)[-1]) if len(lengths) > 2 else lengths[-1]


@dataclass
class _Block:
    kind: str
    lines: list[str]
    page: int | None
    number: str | None = None
    cells: tuple[str, ...] = ()
    hinted: bool = False

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines).strip()


def _line_kind(line: Line) -> tuple[str, str | None, str]:
    """Classify one line: (kind, list number, text without its marker)."""
    text = line.text.strip()
    if line.hint == "row":
        return "row", None, text
    if SEPARATOR.match(text):
        return "separator", None, text
    if text.count(" | ") >= 1 and len([c for c in text.split("|") if c.strip()]) >= 2:
        return "row", None, text
    if SIGNATURE_LINE.search(text):
        return "signature", None, text
    match = MARKER.match(text)
    if match and line.hint != "heading":
        return "item", match.group("num"), match.group("rest").strip()
    if line.hint == "heading":
        return "heading", None, text
    if FIELD.match(text) and len(FIELD.match(text).group("label").split()) <= 6:
        return "field", None, text
    if line.hint == "item":
        return "item", None, text
    return "text", None, text


def _blocks(lines: list[Line], width: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if not line.text.strip():
            current = None
            blocks.append(_Block("blank", [], line.page))
            continue
        kind, number, text = _line_kind(line)
        if kind == "separator":
            continue
        if current is not None and kind == "text" and _continues(current, text, width, line.tight):
            current.lines.append(text)
            continue
        current = _Block(kind, [text], line.page, number=number,
                         cells=line.cells or (tuple(c.strip() for c in text.split("|")) if kind == "row" else ()),
                         hinted=line.hint is not None)
        blocks.append(current)
        if kind in ("row", "signature", "heading"):
            current = None
    return blocks


def _continues(block: _Block, text: str, width: int, tight: bool = False) -> bool:
    if block.kind not in ("text", "item", "field"):
        return False
    last = block.lines[-1]
    if text[:1].islower() or text[:1] in "(&":
        return not last.endswith(":")
    return len(last) >= 0.6 * width and width < 10_000 and (tight or not TERMINAL.search(last))


def _is_heading(block: _Block, following: _Block | None) -> bool:
    if block.kind == "heading":
        return True
    if block.hinted or following is None or len(block.lines) != 1:
        return False
    text = block.text
    words = text.split()
    if block.kind == "item" and block.number is None:
        return False
    if block.kind not in ("text", "item") or len(words) > 12 or len(text) > 90:
        return False
    if TERMINAL.search(text) or not re.match(r"[\"'“(\[]?[A-Z0-9]", text):
        return False
    if block.kind == "item":
        return text.endswith(":") or _opens_section(block, following)
    return True


def _opens_section(block: _Block, following: _Block) -> bool:
    """A numbered line is a heading when what follows is its sub-clause or plain text, not its next sibling."""
    if len(block.text.split()) > 8:
        return False
    if following.kind == "item" and following.number:
        return following.number.startswith(block.number.rstrip(".)") + ".")
    return following.kind in ("text", "field", "signature", "row") or following.kind == "item"


def _clauses(blocks: list[_Block]) -> list[Clause]:
    clauses: list[Clause] = []
    heading: str | None = None
    header_cells: tuple[str, ...] = ()
    position = 0
    real = [b for b in blocks if b.kind != "blank"]
    for i, block in enumerate(real):
        following = real[i + 1] if i + 1 < len(real) else None
        previous = real[i - 1] if i else None
        text = block.text
        if _is_heading(block, following):
            heading, position, header_cells = text.rstrip(":").strip(), 0, ()
            clauses.append(_clause(len(clauses), text, "heading", block, None, None))
            continue
        if block.kind == "row":
            if header_cells and block.cells == header_cells:  # the header again, where a table runs onto a new page
                continue
            if previous is None or previous.kind != "row" or not header_cells:
                if following is not None and following.kind == "row" and not header_cells:
                    header_cells, position = block.cells, 0
                    clauses.append(_clause(len(clauses), text, "heading", block, None, None))
                    continue
            position += 1
            cells = tuple(zip(header_cells, block.cells)) if header_cells else tuple(("", c) for c in block.cells)
            clauses.append(_clause(len(clauses), text, "row", block, heading, position, cells))
            continue
        header_cells = ()
        if block.kind == "item":
            position += 1
        kind = "paragraph" if block.kind == "text" else block.kind
        clauses.append(_clause(len(clauses), text, kind, block, heading, position if kind == "item" else None))
    return clauses


def _clause(index: int, text: str, kind: str, block: _Block, heading: str | None, position: int | None,
            cells: tuple[tuple[str, str], ...] = ()) -> Clause:
    number = block.number.rstrip(".)") if block.number else None
    return Clause(index=index, text=text, kind=kind, page=block.page, heading=heading, number=number,
                  position=position, cells=cells, sentences=split_sentences(text))


# --- sentences ----------------------------------------------------------------------------------------------

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "tel", "ext", "eg", "e.g", "ie", "i.e", "etc", "approx",
                 "incl", "vs", "v", "mx", "prof", "rev", "nos", "ref", "dept", "jan", "feb", "aug", "sept", "oct",
                 "nov", "dec", "co", "ltd"}
BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split a clause into sentences, keeping "Mr.", "e.g." and initials such as "K. Brennan" whole."""
    sentences, start = [], 0
    for match in BOUNDARY.finditer(text):
        before = text[start:match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
