"""Read a PDF, Word or text agreement into pages and clauses a person can find again."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..config import Settings
from ..errors import (
    AssistantError,
    DamagedDocument,
    DocumentTooComplex,
    EmptyDocument,
    NoReadableText,
    NoTextLayer,
    UnsupportedFileType,
)
from . import ocr
from .clauses import SEPARATOR, SIGNATURE_LINE, Clause, Line, segment
from .pdf import read_pdf
from .word import read_docx

# pypdf and python-docx are imported lazily inside pdf.py and word.py: the command line and the API pay for them
# only when a file arrives.


@dataclass(frozen=True)
class Document:
    """An agreement as read: its kind, the text of each page, its clauses and what could not be read."""

    kind: str  # pdf | docx | text | photo
    pages: tuple[str, ...]
    clauses: tuple[Clause, ...]
    warnings: tuple[str, ...] = ()
    ocr: tuple[float, ...] = ()  # when the words were read from photos: Tesseract's confidence (0-100) per page
    unread: tuple[int, ...] = ()  # and per page, patches shaped like writing in which nothing could be read

    @property
    def from_photo(self) -> bool:
        return bool(self.ocr)

    def unread_on(self, page: int) -> int:
        """Patches of writing on this page (counting from 1) that could not be read."""
        return self.unread[page - 1] if page <= len(self.unread) else 0

    def unsure(self, page: int) -> bool:
        """Whether the person is asked to check this page (counting from 1) against the paper copy."""
        return ocr.needs_checking(self.ocr[page - 1], self.unread_on(page))

    @property
    def picture(self) -> str:
        """What the words were read from, in the person's words: "scan" for a scanned PDF, else "photo"."""
        return "scan" if self.kind == "pdf" else "photo"

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

OLD_WORD_MESSAGE = (
    "This is an older kind of Word file (.doc) that we can't read. Please open it in Word and choose "
    "“Save as” a .docx or PDF, or paste the words of the agreement instead."
)
ZIP_MESSAGE = (
    "This is a zip file or another kind of package, not an agreement we can read. If the agreement is "
    "inside it, please take it out and upload the PDF or Word file on its own."
)
PROGRAM_MESSAGE = "This file is a program, not a document, so we did not open it. Please upload the agreement itself."
ODT_MESSAGE = (
    "This looks like an OpenDocument or other office file we can't read. Please save it as a .docx or "
    "PDF, or paste the words of the agreement instead."
)


def sniff(data: bytes) -> str:
    """Return "pdf", "docx", "image" or "text" from the file's content, or raise UnsupportedFileType."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if (
        head.startswith(IMAGE_SIGNATURES)
        or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1")
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
    ):
        return "image"
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


# --- reading -----------------------------------------------------------------------------------------------


def read_document(data: bytes, settings: Settings | None = None, progress: Progress | None = None) -> Document:
    """Read an uploaded file of any supported kind; every failure becomes a plain-language AssistantError.
    Photos, and PDFs that are only pictures of pages, are read with OCR when Tesseract is installed;
    `progress(page, pages)` is told before each page is read that way."""
    settings = settings or Settings()
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyDocument()
    kind = sniff(data)
    try:
        if kind == "image":
            return read_photos([data], settings, progress)
        if kind == "pdf":
            try:
                lines, warnings, wrapped = read_pdf(data, settings)
            except NoTextLayer:
                return _read_scanned_pdf(data, settings, progress)
        elif kind == "docx":
            lines, warnings, wrapped = *read_docx(data, settings), False
        else:
            lines, warnings, wrapped = _text_lines(decode_text(data)), [], True
    except AssistantError:
        raise
    except RecursionError:
        raise DocumentTooComplex() from None
    except Exception:  # pypdf and python-docx raise ValueError, KeyError, AttributeError... on mangled files
        raise DamagedDocument() from None
    return build_document(kind, lines, warnings, wrapped, settings.max_text_chars)


Progress = Callable[[int, int], None]


def read_photos(photos: list[bytes], settings: Settings | None = None, progress: Progress | None = None) -> Document:
    """Photos of an agreement's pages, in the order given, read as one document with OCR."""
    settings = settings or Settings()
    if not ocr.available():
        raise UnsupportedFileType(ocr.NOT_INSTALLED)
    if len(photos) > settings.max_photos:
        raise UnsupportedFileType(
            f"That is more than {settings.max_photos} photos. Please send one photo for each "
            "page of the agreement, or paste its words instead."
        )
    if len(photos) > 1 and any(sniff(photo) != "image" for photo in photos if photo):
        raise UnsupportedFileType(
            "When you send several files at once, each one must be a photo of a page. "
            "Please send a PDF or Word file on its own."
        )
    images = [ocr.open_image(photo) for photo in photos if photo]
    if not images:
        raise EmptyDocument()
    return _from_ocr("photo", ocr.read_photos(images, settings.ocr_page_seconds, progress), settings)


def _read_scanned_pdf(data: bytes, settings: Settings, progress: Progress | None) -> Document:
    """A PDF that is pictures of pages: read the pictures, or say how reading them could be turned on."""
    if not ocr.available():
        raise NoTextLayer(ocr.NOT_INSTALLED.replace("a photo or a scan", "a scan"))
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    images = ocr.pdf_page_images(reader, min(settings.max_pages, settings.max_photos))
    if not images:
        raise NoTextLayer()
    return _from_ocr("pdf", ocr.read_photos(images, settings.ocr_page_seconds, progress), settings)


def _from_ocr(kind: str, pages: list[ocr.PageRead], settings: Settings) -> Document:
    picture = "scan" if kind == "pdf" else "photo"
    unsure = [number for number, page in enumerate(pages, 1) if ocr.doubtful(page.confidence)]
    unread = [number for number, page in enumerate(pages, 1) if page.unread]
    if unsure or unread:
        note = f"We read this from a {picture}."
        if unsure:
            note += f" We are not sure of some of the words on {_pages(unsure)}."
        if unread:
            note += (
                f" On {_pages(unread)} there is writing we could not read at all: perhaps handwriting, a stamp, "
                "or words in a table. It is not in what we found."
            )
        note += (
            " Please check the words we read against your paper copy. If they are wrong or missing, you can "
            "paste a corrected version."
        )
    else:
        note = (
            f"We read this from a {picture}. Words in a {picture} can be misread, so please check any words we "
            "quote against your paper copy."
        )
    document = build_document(kind, ocr.as_lines(pages), [note], True, settings.max_text_chars)
    return replace(
        document, ocr=tuple(round(page.confidence, 1) for page in pages), unread=tuple(page.unread for page in pages)
    )


def _pages(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))


def read_pasted_text(text: str, settings: Settings | None = None) -> Document:
    """Read text that a person pasted into the page."""
    if not text or not text.strip():
        raise EmptyDocument(
            "There is nothing in the box to read. Please paste the words of the agreement and try again."
        )
    max_chars = (settings or Settings()).max_text_chars
    # Cleaned before it is cut: cutting first could lose the words behind a run of characters cleaning removes.
    return build_document("text", _text_lines(_clean(text)[: max_chars * 2]), [], True, max_chars)


def build_document(
    kind: str, lines: list[Line], warnings: list[str], wrapped: bool, max_chars: int = Settings.max_text_chars
) -> Document:
    """Group lines into clauses and pages; refuse a document with no words in it."""
    if not any(re.search(r"\w", line.text) for line in lines):
        raise NoReadableText()
    lines, warnings = _within(lines, warnings, max_chars)
    clauses = tuple(segment(lines, wrapped))
    page_numbers = tuple(sorted({line.page for line in lines if line.page})) or (None,)  # no page numbers: one page
    on_page: dict[int | None, list[str]] = {number: [] for number in page_numbers}
    for line in lines:  # one pass, not one per page: a 100-page PDF has thousands of lines
        if line.page in on_page:
            on_page[line.page].append(line.text)
    pages = tuple("\n".join(on_page[number]) for number in page_numbers)
    return Document(kind=kind, pages=pages, clauses=clauses, warnings=tuple(warnings))


def _within(lines: list[Line], warnings: list[str], max_chars: int) -> tuple[list[Line], list[str]]:
    """Keep the first `max_chars` characters: an agreement is a few pages, and reading more would hold up others."""
    total = 0
    for i, line in enumerate(lines):
        room = max_chars - total
        total += len(line.text) + 1
        if total > max_chars:
            note = (
                f"This document is very long, so we only read the first {max_chars // 1000},000 characters "
                f"(about {max_chars // 3000} pages). The checklist only covers that part."
            )
            # One line longer than all the room left (text with no line breaks) is cut at a space, not dropped.
            head = line.text[:room] if room > 0 and not line.cells else ""
            cut = head.rpartition(" ")[0] or head
            return lines[:i] + ([replace(line, text=cut)] if cut.strip() else []), [*warnings, note]
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
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.4 * len(sample) / 2 or sample[0::2].count(0) > 0.4 * len(sample) / 2
    )


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls > max(2, len(sample) // 50)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").replace("\u00a0", " ").replace("\f", "\n").replace("\ufeff", "")


TAB_CELLS = re.compile(r"\t+")


SPACE_CELLS = re.compile(r"\s{3,}")


def _text_lines(text: str) -> list[Line]:
    lines = []
    for raw in text.split("\n"):
        cells = tuple(c.strip() for c in TAB_CELLS.split(raw.strip())) if "\t" in raw.strip() else ()
        hint = "row" if len([c for c in cells if c]) >= 2 and not SIGNATURE_LINE.search(raw) else None
        lines.append(Line(raw.rstrip(), hint=hint, cells=cells if hint else ()))
    return _space_aligned_rows(lines)


def _space_aligned_rows(lines: list[Line]) -> list[Line]:
    """A table pasted as text, its columns lined up with spaces: two or more lines in a row, each split by runs of
    three or more spaces into the same number of cells, become table rows (ruled lines between them allowed)."""
    cells = [_space_cells(line) for line in lines]
    out = list(lines)
    i = 0
    while i < len(lines):
        j = i
        group: list[int] = []
        while j < len(lines) and (
            cells[j]
            and (not group or len(cells[j]) == len(cells[group[0]]))
            or group
            and SEPARATOR.match(lines[j].text.strip() or "x")
        ):
            if cells[j]:
                group.append(j)
            j += 1
        if len(group) >= 2 and not _field_block([cells[k] for k in group]):
            for k in group:
                out[k] = Line(lines[k].text, hint="row", cells=cells[k])
        i = max(j, i + 1)
    return out


def _field_block(rows: list[tuple[str, ...]]) -> bool:
    """A header block of "Label:   value" lines lined up with spaces is a list of fields, not a table: "Social
    worker:   Jo Bloggs" then "Team manager:   Sam Smith" are two facts, not a header row and its data."""
    return all(len(row) == 2 and row[0].endswith(":") and len(row[0].split()) <= 6 for row in rows)


def _space_cells(line: Line) -> tuple[str, ...]:
    text = line.text.strip()
    if line.hint or not text or SIGNATURE_LINE.search(text) or SEPARATOR.match(text):
        return ()
    parts = tuple(part for part in SPACE_CELLS.split(text) if part)
    return parts if len(parts) >= 2 else ()


# PDF
