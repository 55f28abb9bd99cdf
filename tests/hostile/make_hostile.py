"""A corpus of hostile files for the reader, built in memory at test time: nothing large is stored in the repository.

Every case has a name, a builder that returns the file's bytes (the same bytes on every run: fixed dates, seeded
randomness, no network), and the outcome the reader must give: READ (it reads, keeping the words listed) or
REFUSED (a plain 4xx AssistantError with one of the codes listed). Cases marked heavy are bombs or deep structures:
tests read them in a separate process with a time limit, so a hang or a crash fails a test instead of the suite.

The corpus
    Locked PDFs        AES-256, AES-128, RC4-128 and RC4-40 with a user password (refused, "password_protected");
                       AES-256 and RC4-128 with only an owner password (read: anyone may open them, pypdf can);
                       an /Encrypt dictionary naming a security handler nobody has (refused).
    Cut-short files    a PDF cut after its header, inside its first or last page, before its cross-reference table
                       or before its %%EOF marker (refused: pypdf will not open a PDF without that marker);
                       a Word file cut at 10%, 50%, 90% and one byte short of the end (refused, damaged).
    PDF structure      arrays nested 10,000 deep on the page (refused); dictionaries nested 10,000 deep on the page,
                       or arrays in an object nothing uses (read); a page tree whose /Kids holds itself, two /Pages
                       nodes that are each other's kid, a page that is its own /Parent, a stream whose /Length is
                       itself (refused); /Contents that holds itself, a form that draws itself, a trailer whose /Prev
                       is itself (read: pypdf notices the loop).
    Pictures           a 30,000 x 30,000 pixel image (its data a flate bomb) beside text (read); 2,000 small images
                       beside text (read); 2,000 small images and no text (refused as a scan).
    Bombs              a page whose content stream inflates to 1 GiB of zeros from about 1 MB (refused); the same
                       bomb on page 2 after a good page 1 (read, with a warning); the bomb in an object nothing
                       uses (read); ~70 MB of drawing operators after real text in one content stream (refused in
                       time, not after a 12-second parse), and the same on page 2 after a good page 1 (read, with a
                       warning); a Word file whose word/document.xml inflates to 1 GiB, the same with its size
                       understated in the zip (with and without a checksum that agrees), a bzip2 part of 32 MiB
                       declared as 1 KB, and a 1 GiB part nothing refers to (refused); a Word file of 5,000 parts
                       (refused) and one of 1,900 parts (read); "billion laughs" entities (refused by libxml2) and an
                       external entity naming /etc/passwd (read, nothing fetched) in word/document.xml.
    Wrong kinds        a zip named .docx with no word/document.xml, a spreadsheet, random bytes, a PNG named .pdf,
                       a PNG carrying "%PDF-" in a text chunk, "%PDF-" followed by garbage, NUL bytes, a Word file
                       whose document part is not XML (all refused).
    Text encodings     Latin-1, Windows-1252, UTF-16 LE and BE with a byte-order mark, UTF-16 cut mid-character,
                       UTF-8 with invalid byte sequences, UTF-32 with a byte-order mark; Arabic and Hebrew beside
                       English with bidi controls (U+202E, U+2066-U+2069, U+200F) (all read, words kept).
    Markup             <script>alert(1)</script>, <img src=x onerror=...> and javascript: links in text, PDF and Word
                       (read, kept exactly as written: escaping is the page's job).
    Size               one 3 MB line of text with no line break (read: the first part, with a warning); a table
                       whose rows have 15,000 cells; one sentence denying open-ended wording 12,000 times; a clause
                       number of 50,000 parts (all read and checked in time).

Run it as a script to list the corpus (name, size, sha-256, expected outcome), to write it out, or to read each file
and print what the reader made of it (the heavy cases in this same process, so with care):
    .venv/bin/python tests/hostile/make_hostile.py [--out DIR] [--check]
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TESTS = str(Path(__file__).resolve().parent.parent)
if TESTS not in sys.path:  # run as a script: builders.py sits in tests/
    sys.path.insert(0, TESTS)

from builders import FONT, pdf_from_objects, pdf_of_lines, png_bytes  # noqa: E402

MB = 1024 * 1024
GIB = 1024 * MB
READ, REFUSED = "read", "refused"

# What every well-formed case says, so a test can check the words survived.
KEY_LINE = "1. Sam will take Mia to nursery every weekday morning."
KEY_WORDS = "Sam will take Mia to nursery every weekday morning."
AGREEMENT_LINES = (
    "WRITTEN AGREEMENT",
    "This agreement is not legally binding and it is not a court order.",
    "We are worried because Mia missed six weeks of nursery.",
    KEY_LINE,
    "2. The social worker, Jo Patel, will refer Sam to the family support service.",
    "This agreement lasts for six weeks and will be reviewed on 14 April 2025.",
)
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
JS_LINK = '<a href="javascript:alert(3)">click here</a>'
MARKUP_LINES = (
    "WRITTEN AGREEMENT",
    f"1. Sam will take Mia to nursery. {SCRIPT}",
    f"2. Jo Patel will visit every week. {IMG}",
    f"3. Call the duty team on 01632 960123 or see {JS_LINK}.",
    '4. Tom & Jerry\'s "quotes" stay as they are: 5 < 6 > 4.',
)
FIXED_DATE = dt.datetime(2025, 1, 6, 9, 30, tzinfo=dt.UTC)
ZIP_DATE = (2025, 1, 6, 9, 30, 0)


@dataclass(frozen=True)
class Case:
    """One hostile file: how to build it and what the reader must make of it."""

    name: str
    build: Callable[[], bytes]
    expect: str  # READ or REFUSED
    codes: frozenset[str] = frozenset()  # the error codes a refusal may carry
    contains: tuple[str, ...] = ()  # words a read must keep, exactly as written
    absent: tuple[str, ...] = ()  # words a read must never show
    warns: bool = False  # a read must carry a warning
    heavy: bool = False  # a bomb or deep structure: read it in its own process, with time and memory limits
    note: str = field(default="", compare=False)


def refused(name: str, build: Callable[[], bytes], *codes: str, heavy: bool = False, note: str = "") -> Case:
    return Case(name, build, REFUSED, frozenset(codes), heavy=heavy, note=note)


def read(
    name: str,
    build: Callable[[], bytes],
    *contains: str,
    absent: tuple[str, ...] = (),
    warns: bool = False,
    heavy: bool = False,
    note: str = "",
) -> Case:
    return Case(name, build, READ, contains=contains, absent=absent, warns=warns, heavy=heavy, note=note)


# --- deflate without holding the inflated data ---------------------------------------------------------------


@dataclass(frozen=True)
class Deflated:
    """Raw deflate data, and the size and checksums of what it inflates to."""

    raw: bytes
    size: int
    crc32: int
    adler32: int

    @property
    def zlib(self) -> bytes:
        """The same data in a zlib wrapper, as a PDF's /FlateDecode expects."""
        return b"\x78\xda" + self.raw + struct.pack(">I", self.adler32)


@functools.cache
def deflate_repeated(segments: tuple[tuple[bytes, int], ...]) -> Deflated:
    """Deflate `copies` repeats of each chunk in turn, compressing each chunk only once.

    A full flush resets the compressor, so a chunk compressed after one always gives the same bytes: the stream
    is those bytes repeated, then an empty final block. Only the checksums walk the whole (never stored) data.
    """
    out = bytearray()
    size, crc, adler = 0, 0, 1
    for chunk, copies in segments:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        out += block * copies
        for _ in range(copies):
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
        size += len(chunk) * copies
    out += zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # b"\x03\x00": the last, empty block
    return Deflated(bytes(out), size, crc, adler)


def zeros_bomb(size: int = GIB) -> Deflated:
    """`size` bytes of zeros, deflated to about a thousandth of that."""
    return deflate_repeated(((bytes(MB), size // MB),))


# --- PDFs -------------------------------------------------------------------------------------------------


def agreement_pdf(lines: tuple[str, ...] = AGREEMENT_LINES, pages: int = 1) -> bytes:
    """A real PDF made by fpdf2 with a fixed creation date, so its bytes are the same on every run."""
    return pdf_of_lines(list(lines), pages, created=FIXED_DATE)


def encrypted(algorithm: str, user_password: str, owner_password: str = "owner-secret") -> bytes:
    """The agreement locked by pypdf. Its salts, keys and file id come from secrets.token_bytes: seeded here."""
    from unittest import mock

    from pypdf import PdfReader, PdfWriter

    rng = random.Random(f"{algorithm}/{user_password}")
    with mock.patch("secrets.token_bytes", rng.randbytes):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(agreement_pdf())))
        writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
        buffer = io.BytesIO()
        writer.write(buffer)
    return buffer.getvalue()


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A PDF stream object's body."""
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_ops(lines: tuple[str, ...] = AGREEMENT_LINES, top: int = 760) -> bytes:
    """Content-stream operators that set each line in Helvetica, one under the other."""
    out = b"BT /F1 11 Tf 72 %d Td 14 TL\n" % top
    for text in lines:
        escaped = text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        out += b"(" + escaped + b") Tj T*\n"
    return out + b"ET\n"


def page(
    contents: bytes = b"4 0 R",
    extra: bytes = b"",
    parent: bytes = b"2 0 R",
    resources: bytes = b"<< /Font << /F1 5 0 R >> >>",
) -> bytes:
    return (
        b"<< /Type /Page /Parent "
        + parent
        + b" /MediaBox [0 0 612 792] /Contents "
        + contents
        + b" /Resources "
        + resources
        + b" "
        + extra
        + b" >>"
    )


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_KID = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def one_page_pdf(page_object: bytes | None = None, contents: bytes | None = None, *more: bytes) -> bytes:
    """Catalog 1, pages 2, page 3, contents 4, font 5, then any more objects (6, 7...)."""
    return pdf_from_objects([CATALOG, ONE_KID, page_object or page(), contents or stream(text_ops()), FONT, *more])


def nested_page(depth: int, open_: bytes, close: bytes) -> bytes:
    return one_page_pdf(page(extra=b"/Deep " + open_ * depth + close * depth))


def nested_unused(depth: int) -> bytes:
    return one_page_pdf(None, None, b"[" * depth + b"]" * depth)


def kids_loop() -> bytes:
    return pdf_from_objects(
        [CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", page(), stream(text_ops()), FONT]
    )


def two_node_cycle() -> bytes:
    return pdf_from_objects(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            page(parent=b"6 0 R"),
            stream(text_ops()),
            FONT,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def own_parent() -> bytes:
    """A page that is its own /Parent and has no /Resources of its own, so pypdf looks for inherited ones."""
    return one_page_pdf(b"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>")


def contents_loop() -> bytes:
    return one_page_pdf(page(contents=b"6 0 R"), None, b"[6 0 R 4 0 R]")


def form_draws_itself() -> bytes:
    """Text, then a form XObject whose own content draws that form again."""
    form = stream(
        b"/X0 Do\n", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X0 6 0 R >> >>"
    )
    return one_page_pdf(
        page(resources=b"<< /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >>"), stream(text_ops() + b"/X0 Do\n"), form
    )


def length_is_itself() -> bytes:
    data = text_ops()
    return one_page_pdf(None, b"<< /Length 4 0 R >>\nstream\n" + data + b"\nendstream")


def prev_is_itself() -> bytes:
    """A trailer whose /Prev points at its own cross-reference table."""
    data = one_page_pdf()
    xref = data.rindex(b"xref")
    return data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)


def unknown_security_handler() -> bytes:
    data = one_page_pdf(None, None, b"<< /Filter /NoSuchHandler /V 9 /R 9 /Length 512 >>")
    return data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 6 0 R /ID [<00112233> <00112233>] >>")


def image(width: int, height: int, data: bytes, flate: bool = True) -> bytes:
    entries = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8" % (
        width,
        height,
    )
    return stream(data, entries + (b" /Filter /FlateDecode" if flate else b""))


def huge_image() -> bytes:
    """Text, and a 30,000 x 30,000 pixel picture whose data inflates to 1 GiB of zeros."""
    drawn = text_ops() + b"q 500 0 0 500 50 50 cm /Im0 Do Q\n"
    return one_page_pdf(
        page(resources=b"<< /Font << /F1 5 0 R >> /XObject << /Im0 6 0 R >> >>"),
        stream(drawn),
        image(30_000, 30_000, zeros_bomb().zlib),
    )


def many_images(count: int = 2000, with_text: bool = True) -> bytes:
    """`count` different 2 x 2 pictures, each drawn once, and the agreement's text unless told otherwise."""
    rng = random.Random(2000)
    first = 6
    names = b" ".join(b"/Im%d %d 0 R" % (n, first + n) for n in range(count))
    drawn = b"".join(
        b"q 4 0 0 4 %d %d cm /Im%d Do Q\n" % (10 + 12 * (n % 48), 10 + 12 * (n // 48), n) for n in range(count)
    )
    contents = stream((text_ops() if with_text else b"") + drawn)
    images = [image(2, 2, bytes(rng.randrange(256) for _ in range(4)), flate=False) for _ in range(count)]
    resources = b"<< /Font << /F1 5 0 R >> /XObject << " + names + b" >> >>"
    return one_page_pdf(page(resources=resources), contents, *images)


def content_bomb() -> bytes:
    """A page whose only content stream inflates to 1 GiB of zeros."""
    return one_page_pdf(None, stream(zeros_bomb().zlib, b"/Filter /FlateDecode"))


def bomb_on_page_two() -> bytes:
    return pdf_from_objects(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
            page(),
            stream(text_ops()),
            FONT,
            page(contents=b"7 0 R"),
            stream(zeros_bomb().zlib, b"/Filter /FlateDecode"),
        ]
    )


def unused_bomb() -> bytes:
    return one_page_pdf(None, None, stream(zeros_bomb().zlib, b"/Filter /FlateDecode"))


def operator_flood(megabytes: int = 70) -> bytes:
    """The agreement's text, then ~70 MB of drawing operators: small enough for pypdf to inflate, slow to parse."""
    deflated = deflate_repeated(((text_ops(), 1), (b"0 0 m 1 1 l\n" * (MB // 12), megabytes)))
    return one_page_pdf(None, stream(deflated.zlib, b"/Filter /FlateDecode"))


def flood_on_page_two() -> bytes:
    flood = operator_flood()
    objects = [
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        page(),
        stream(text_ops()),
        FONT,
        page(contents=b"7 0 R"),
        flood[flood.index(b"4 0 obj\n") + 8 : flood.index(b"\nendobj\n5 0 obj")],
    ]
    return pdf_from_objects(objects)


def truncated_pdf(where: str) -> bytes:
    data = agreement_pdf(AGREEMENT_LINES, pages=2)
    cuts = {
        "after the header": data.index(b"\n") + 1,
        "inside page 1": data.index(b"stream\n") + 40,
        "inside page 2": data.index(b"stream\n", data.index(b"endstream") + 1) + 40,
        "before the xref table": data.rindex(b"xref"),
        "before the end marker": data.rindex(b"%%EOF"),
    }
    return data[: cuts[where]]


def png_with_pdf_marker() -> bytes:
    png = png_bytes(16, 16)
    body = b"Comment\x00%PDF-1.7 this is not a PDF"
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:33] + chunk + png[33:]


def random_bytes(size: int = 64 * 1024, seed: int = 404) -> bytes:
    return random.Random(seed).randbytes(size)


# --- Word files ----------------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_xml(lines: tuple[str, ...] = AGREEMENT_LINES, doctype: str = "", body_extra: str = "") -> bytes:
    paragraphs = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_escape(t)}</w:t></w:r></w:p>' for t in lines)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:document xmlns:w="{W}"><w:body>{paragraphs}{body_extra}</w:body></w:document>'
    ).encode()


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A zip of the parts, deflated, every date fixed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def minimal_docx(document: bytes | None = None, **more: bytes) -> bytes:
    """The smallest Word file python-docx opens: content types, one relationship and the document part."""
    return zip_parts(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": PACKAGE_RELS,
            "word/document.xml": document if document is not None else document_xml(),
            **more,
        }
    )


@functools.cache
def real_docx(lines: tuple[str, ...] = AGREEMENT_LINES) -> bytes:
    """A Word file made by python-docx (styles, theme and all), re-zipped with fixed dates."""
    import docx

    document = docx.Document()
    for text in lines:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return zip_parts({info.filename: archive.read(info) for info in archive.infolist()})


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated data, crc32, declared size, method) entries.

    zipfile would deflate the data itself; here the data is deflated already, so a 1 GiB part costs nothing.
    """
    out, central = bytearray(), bytearray()
    time_, date = 9 << 11 | 30 << 5, (2025 - 1980) << 9 | 1 << 5 | 6
    for name, data, crc, size, method in entries:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, method, time_, date, crc, len(data), size, len(encoded), 0)
        central += (
            b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, len(out)) + encoded
        )
        out += b"PK\x03\x04" + fields + encoded + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def _deflated_entry(name: str, body: bytes) -> tuple[str, bytes, int, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, compressor.compress(body) + compressor.flush(), zlib.crc32(body), len(body), 8


XML_BOMB_CHUNK = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30_000  # ~1 MB of paragraphs


def docx_bomb(understate: bool = False, part: str = "word/document.xml", matching_crc: bool = False) -> bytes:
    """A Word file with a part that inflates to ~1 GiB.

    `understate` declares the part 1 KB in the zip; `matching_crc` also gives the checksum of that first 1 KB, so
    zipfile, which stops at the declared size, finds nothing wrong.
    """
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    bomb = deflate_repeated(((head, 1), (XML_BOMB_CHUNK, GIB // len(XML_BOMB_CHUNK)), (tail, 1)))
    declared = 1024 if understate else bomb.size
    crc = zlib.crc32((head + XML_BOMB_CHUNK)[:declared]) if matching_crc else bomb.crc32
    entries = [_deflated_entry("[Content_Types].xml", CONTENT_TYPES), _deflated_entry("_rels/.rels", PACKAGE_RELS)]
    if part != "word/document.xml":
        entries.append(_deflated_entry("word/document.xml", document_xml()))
    entries.append((part, bomb.raw, crc, declared, 8))
    return raw_zip(entries)


@functools.cache
def docx_bzip2_bomb(size: int = 32 * MB) -> bytes:
    """A Word file whose document part is bzip2: 32 MiB of zeros in well under 1 KB, declared as 1 KB."""
    import bz2

    zeros = bytes(size)
    entries = [
        _deflated_entry("[Content_Types].xml", CONTENT_TYPES),
        _deflated_entry("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", bz2.compress(zeros), zlib.crc32(zeros[:1024]), 1024, zipfile.ZIP_BZIP2),
    ]
    return raw_zip(entries)


def docx_of_parts(count: int) -> bytes:
    """A readable Word file carrying `count` extra small parts that nothing refers to."""
    extra = {f"word/media/part{n:05d}.xml": b"<x>%d</x>" % n for n in range(count)}
    return minimal_docx(None, **extra)


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=False))
    + "]>"
)
XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def entity_docx(doctype: str, reference: str) -> bytes:
    xml = document_xml(AGREEMENT_LINES, doctype).replace(
        b"</w:body>", f"<w:p><w:r><w:t>{reference}</w:t></w:r></w:p></w:body>".encode()
    )
    return minimal_docx(xml)


def truncated_docx(fraction: float) -> bytes:
    data = real_docx()
    return data[: int(len(data) * fraction)] if fraction < 1 else data[:-1]


# --- text ----------------------------------------------------------------------------------------------------

ACCENTED = "Zoë and her café: Mia’s “nursery” costs €5 – paid by the council."
RTL_LINES = (
    "WRITTEN AGREEMENT",
    "1. Sam will take Mia to nursery every weekday morning. سام سيأخذ ميا إلى الحضانة كل صباح.",
    "2. שרה תבקר בבית כל שבוע. Sarah will visit the home every week.",
    "3. Override \u202eseod ti tahw syas siht\u202c and isolates \u2066مرحبا\u2069 \u2067שלום\u2069 \u200fhere.",
    "4. Zero-width\u200b space and joiner\u200d stay put.",
)


def text_bytes(lines: tuple[str, ...], encoding: str, bom: bytes = b"") -> bytes:
    return bom + "\n".join(lines).encode(encoding)


def invalid_utf8() -> bytes:
    broken = b"Broken: \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc \xed\xa0\x80 \x80\n"
    return "\n".join(AGREEMENT_LINES).encode() + b"\n" + broken


def one_long_line(size: int = 3 * MB) -> bytes:
    words = KEY_WORDS + " "
    return (words * (size // len(words))).encode()


# --- the corpus ------------------------------------------------------------------------------------------------

TOO_COMPLEX, DAMAGED, LOCKED, UNSUPPORTED = "too_complex", "damaged_file", "password_protected", "unsupported_type"


def corpus() -> list[Case]:
    """Every hostile case, in a fixed order."""
    key = KEY_WORDS
    cases = [
        refused("pdf-aes256-user-password", lambda: encrypted("AES-256", "secret"), LOCKED),
        refused("pdf-aes128-user-password", lambda: encrypted("AES-128", "secret"), LOCKED),
        refused("pdf-rc4-128-user-password", lambda: encrypted("RC4-128", "secret"), LOCKED),
        refused("pdf-rc4-40-user-password", lambda: encrypted("RC4-40", "secret"), LOCKED),
        read(
            "pdf-aes256-owner-password-only",
            lambda: encrypted("AES-256", ""),
            key,
            note="an empty user password opens for anyone, so reading it is right (pypdf can)",
        ),
        read("pdf-rc4-128-owner-password-only", lambda: encrypted("RC4-128", ""), key),
        refused("pdf-unknown-security-handler", unknown_security_handler, LOCKED, DAMAGED),
        refused("pdf-cut-after-header", lambda: truncated_pdf("after the header"), DAMAGED),
        refused("pdf-cut-inside-page-1", lambda: truncated_pdf("inside page 1"), DAMAGED),
        refused("pdf-cut-inside-page-2", lambda: truncated_pdf("inside page 2"), DAMAGED),
        refused(
            "pdf-cut-before-xref",
            lambda: truncated_pdf("before the xref table"),
            DAMAGED,
            note="every object is there, but pypdf will not open a PDF without its %%EOF marker",
        ),
        refused("pdf-cut-before-eof-marker", lambda: truncated_pdf("before the end marker"), DAMAGED),
        refused(
            "pdf-array-nested-10000-deep",
            lambda: nested_page(10_000, b"[", b"]"),
            TOO_COMPLEX,
            DAMAGED,
            heavy=True,
            note="pypdf turns its RecursionError into 'Error reading PDF file'",
        ),
        read("pdf-dict-nested-10000-deep", lambda: nested_page(10_000, b"<< /A ", b">>"), key, heavy=True),
        read("pdf-array-nested-10000-deep-unused", lambda: nested_unused(10_000), key, heavy=True),
        refused("pdf-kids-holds-itself", kids_loop, TOO_COMPLEX, DAMAGED, heavy=True),
        refused("pdf-page-tree-two-node-cycle", two_node_cycle, TOO_COMPLEX, DAMAGED, heavy=True),
        refused("pdf-page-is-its-own-parent", own_parent, TOO_COMPLEX, DAMAGED, heavy=True),
        read("pdf-contents-holds-itself", contents_loop, key, heavy=True),
        read("pdf-form-draws-itself", form_draws_itself, key, heavy=True),
        refused("pdf-length-is-itself", length_is_itself, TOO_COMPLEX, heavy=True),
        read("pdf-prev-is-itself", prev_is_itself, key, heavy=True),
        read("pdf-huge-image-beside-text", huge_image, key, heavy=True),
        read("pdf-2000-small-images-beside-text", many_images, key),
        refused("pdf-2000-small-images-no-text", lambda: many_images(with_text=False), "no_text_layer"),
        refused("pdf-content-stream-bomb-1gib", content_bomb, TOO_COMPLEX, heavy=True),
        read("pdf-bomb-on-page-2", bomb_on_page_two, key, warns=True, heavy=True),
        read("pdf-bomb-in-unused-object", unused_bomb, key, heavy=True),
        refused(
            "pdf-operator-flood-70mb",
            operator_flood,
            TOO_COMPLEX,
            heavy=True,
            note="pypdf parses a whole stream before showing any text, so the words before the flood are lost",
        ),
        read("pdf-operator-flood-on-page-2", flood_on_page_two, key, warns=True, heavy=True),
        refused("docx-bomb-1gib-document", docx_bomb, TOO_COMPLEX, heavy=True),
        refused("docx-bomb-1gib-understated-size", lambda: docx_bomb(understate=True), TOO_COMPLEX, heavy=True),
        refused(
            "docx-bomb-1gib-understated-size-matching-crc",
            lambda: docx_bomb(understate=True, matching_crc=True),
            TOO_COMPLEX,
            heavy=True,
        ),
        refused("docx-bzip2-bomb-understated-size", docx_bzip2_bomb, TOO_COMPLEX, heavy=True),
        refused("docx-bomb-1gib-unused-part", lambda: docx_bomb(part="word/media/unused.bin"), TOO_COMPLEX, heavy=True),
        refused("docx-5000-parts", lambda: docx_of_parts(5000), TOO_COMPLEX),
        read("docx-1900-parts", lambda: docx_of_parts(1900), key),
        refused(
            "docx-billion-laughs",
            lambda: entity_docx(BILLION_LAUGHS, "&i;"),
            DAMAGED,
            heavy=True,
            note="libxml2 stops at its entity amplification limit even though python-docx resolves no entities",
        ),
        read("docx-external-entity", lambda: entity_docx(XXE, "&xxe;"), key, absent=("root:",), heavy=True),
        refused("docx-document-part-not-xml", lambda: minimal_docx(random_bytes(4096, 5)), DAMAGED),
        read("docx-minimal", minimal_docx, key),
        read("docx-python-docx", real_docx, key),
        *(
            refused(f"docx-cut-at-{name}", functools.partial(truncated_docx, fraction), DAMAGED)
            for name, fraction in (
                ("10-percent", 0.1),
                ("50-percent", 0.5),
                ("90-percent", 0.9),
                ("one-byte-short", 1.0),
            )
        ),
        refused(
            "zip-named-docx-without-document",
            lambda: zip_parts({"[Content_Types].xml": CONTENT_TYPES, "notes.txt": b"hello"}),
            UNSUPPORTED,
        ),
        refused("spreadsheet-named-docx", lambda: zip_parts({"xl/workbook.xml": b"<workbook/>"}), UNSUPPORTED),
        refused("random-bytes", random_bytes, UNSUPPORTED),
        # a picture is read as a photo when Tesseract is installed (this one holds no words), refused otherwise
        refused("png-named-pdf", lambda: png_bytes(64, 64), UNSUPPORTED, "blank_photo"),
        refused("png-with-pdf-marker", png_with_pdf_marker, DAMAGED),
        refused("pdf-header-then-garbage", lambda: b"%PDF-1.7\n" + random_bytes(4096, 6), DAMAGED),
        refused("nul-bytes", lambda: bytes(4096), "empty_file"),
        refused("control-characters", lambda: bytes(range(1, 9)) * 200, UNSUPPORTED),
        read(
            "text-latin-1",
            lambda: text_bytes((*AGREEMENT_LINES, "Zoë and her café."), "latin-1"),
            key,
            "Zoë and her café.",
        ),
        read("text-windows-1252", lambda: text_bytes((*AGREEMENT_LINES, ACCENTED), "cp1252"), key, ACCENTED),
        read(
            "text-utf-16-le-bom",
            lambda: text_bytes((*AGREEMENT_LINES, ACCENTED), "utf-16-le", codecs.BOM_UTF16_LE),
            key,
            ACCENTED,
        ),
        read(
            "text-utf-16-be-bom",
            lambda: text_bytes((*AGREEMENT_LINES, ACCENTED), "utf-16-be", codecs.BOM_UTF16_BE),
            key,
            ACCENTED,
        ),
        read(
            "text-utf-16-cut-mid-character",
            lambda: text_bytes((*AGREEMENT_LINES, ACCENTED), "utf-16-le", codecs.BOM_UTF16_LE)[:-1],
            key,
        ),
        read("text-utf-8-invalid-sequences", invalid_utf8, key),
        read("text-utf-32-bom", lambda: text_bytes(AGREEMENT_LINES, "utf-32"), key),
        read("text-rtl-and-bidi-controls", lambda: text_bytes(RTL_LINES, "utf-8"), *RTL_LINES[1:]),
        read(
            "text-html-and-script", lambda: text_bytes(MARKUP_LINES, "utf-8"), SCRIPT, IMG, JS_LINK, MARKUP_LINES[4][3:]
        ),
        read("pdf-html-and-script", lambda: agreement_pdf(MARKUP_LINES), SCRIPT, IMG, JS_LINK),
        read("docx-html-and-script", lambda: minimal_docx(document_xml(MARKUP_LINES)), SCRIPT, IMG, JS_LINK),
        read("text-one-3mb-line", one_long_line, key, warns=True),
        read(
            "text-table-rows-of-15000-cells",
            lambda: (
                "WRITTEN AGREEMENT\n" + KEY_LINE + "\n" + "| Sign " * 10_000 + "\n" + ("| a " * 15_000 + "|\n") * 2
            ).encode(),
            key,
        ),
        read(
            "text-12000-denied-open-ended-phrases",
            lambda: ("WRITTEN AGREEMENT\n" + KEY_LINE + "\n" + "not ongoing and " * 12_000).encode(),
            key,
        ),
        read(
            "text-clause-number-of-50000-parts",
            lambda: ("WRITTEN AGREEMENT\n" + KEY_LINE + "\n1" + ".1" * 50_000 + " x\n").encode(),
            key,
        ),
    ]
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def case(name: str) -> Case:
    return next(c for c in corpus() if c.name == name)


def build_all(heavy: bool = True) -> dict[str, bytes]:
    """Every case's bytes, by name."""
    return {c.name: c.build() for c in corpus() if heavy or not c.heavy}


def outcome(data: bytes, read_seconds: float = 2.0) -> dict:
    """Read a file with the assistant's reader and checklist, and say what happened, as plain data."""
    import time

    from assistant.checklist.report import analyse
    from assistant.config import Settings
    from assistant.errors import AssistantError
    from assistant.reading.documents import read_document

    started = time.monotonic()
    try:
        document = read_document(data, Settings(read_seconds=read_seconds))
    except AssistantError as error:
        return {
            "kind": REFUSED,
            "code": error.code,
            "status": error.status,
            "message": error.message,
            "seconds": time.monotonic() - started,
        }
    except Exception as error:  # noqa: BLE001 - a crash is what the tests look for: report it
        return {"kind": "crash", "error": f"{type(error).__name__}: {error}"[:500]}
    analysis = analyse(document)
    return {
        "kind": READ,
        "text": document.text,
        "warnings": list(document.warnings),
        "elements": [f.id for f in analysis.findings],
        "quotes": [e.quote for f in analysis.findings for e in f.evidence],
        "seconds": time.monotonic() - started,
    }


def main(argv: list[str]) -> None:
    """List the corpus; --out DIR also writes each file there; --check also reads each one (bombs included)."""
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for c in corpus():
        data = c.build()
        expected = c.expect + (f" ({', '.join(sorted(c.codes))})" if c.codes else "")
        line = f"{c.name:46} {len(data):>10,} {hashlib.sha256(data).hexdigest()[:16]} {expected}"
        if "--check" in argv:
            got = outcome(data)
            line += f"  -> {got['kind']} {got.get('code', '')} {got.get('seconds', 0):.2f}s {got.get('error', '')}"
        print(line, flush=True)
        if out:
            (out / c.name).write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1:])
