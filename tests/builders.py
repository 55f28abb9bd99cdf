"""Builders for real agreement files, good and hostile, made at test time with fpdf2, python-docx, pypdf and zipfile."""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib

MB = 1024 * 1024
HEADER = "Northshire County Council - Written Agreement - OFFICIAL"

OPENING = (
    "This agreement is between Sam Carter and Northshire County Council. It is not a legal document and "
    "it is not a contract. It sets out what everyone will do to keep Mia safe at home, and it will be "
    "looked at again at the review meeting on 14 April 2025."
)
TABLE = (
    ("What we are worried about", "What needs to happen", "Who", "By when"),
    (
        "Mia missed two health checks because nobody took her",
        "Sam takes Mia to every health check",
        "Sam",
        "31 March 2025",
    ),
    (
        "The house was cold all winter",
        "The council pays for the heating repairs",
        "Jo Patel, social worker",
        "1 February 2025",
    ),
)
CLAUSE_5_1 = (
    "Sam will make sure Mia goes to nursery every weekday morning and is collected on time by Sam "
    "or by her grandmother, Ruth Carter, who has agreed to help."
)
CLAUSE_5_2 = "Sam will not drink alcohol while looking after Mia."

# The same words in every text encoding: curly quotes and an en dash that Windows-1252 can also carry.
PLAIN_WORDS = (
    "WRITTEN AGREEMENT\n\n"
    "Sam’s social worker is Jo Patel – call 01632 960123.\n"
    "“This agreement is not legally binding,” she said.\n"
)


def _fpdf():
    from fpdf import FPDF

    class AgreementPDF(FPDF):
        """A council letterhead on every page and "Page n of m" at the foot."""

        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, HEADER, new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    return AgreementPDF()


def _line(pdf, text: str, size: int = 11, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf, text: str) -> None:
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


@functools.cache
def agreement_pdf() -> bytes:
    """A three-page agreement: running header and footer, a hyphenated word, a wrapped paragraph, a table, clause 5.1."""
    pdf = _fpdf()
    pdf.add_page()
    _line(pdf, "WRITTEN AGREEMENT", 14, "B")
    _paragraph(pdf, OPENING)
    _line(pdf, "Why we are worried", 12, "B")
    _line(pdf, "Sam will go to every appointment that the health visitor arr-")
    _line(pdf, "anges for Mia, and will tell the social worker if one is missed.")
    pdf.ln(2)
    _line(pdf, "Who will do what", 12, "B")
    pdf.set_font("Helvetica", size=10)
    with pdf.table() as table:
        for cells in TABLE:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.add_page()
    _line(pdf, "5. What you agree to do", 12, "B")
    _paragraph(pdf, "5.1 " + CLAUSE_5_1)
    _paragraph(pdf, "5.2 " + CLAUSE_5_2)
    pdf.add_page()
    _line(pdf, "Signatures", 12, "B")
    _paragraph(pdf, "Signed by Sam Carter on 10 January 2025, and by Jo Patel for the council.")
    return bytes(pdf.output())


def pdf_of_lines(lines: list[str], pages: int = 1, created=None) -> bytes:
    """A plain PDF with the same lines on each of its pages; `created` fixes its date, so its bytes never vary."""
    from fpdf import FPDF

    pdf = FPDF()
    if created is not None:
        pdf.set_creation_date(created)
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for text in lines:
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@functools.cache
def agreement_docx() -> bytes:
    """A Word agreement: headings, paragraphs, bullets, numbered points and a table with a header row."""
    import docx

    document = docx.Document()
    document.add_heading("Written Agreement", level=1)
    document.add_paragraph(OPENING)
    document.add_heading("What Sam agrees to do", level=2)
    document.add_paragraph("Take Mia to every health check.", style="List Bullet")
    document.add_paragraph("Tell Jo if an appointment is missed.", style="List Bullet")
    document.add_heading("Who will do what", level=2)
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for cells in TABLE:
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=False):
            cell.text = text
    document.add_heading("Signatures", level=2)
    document.add_paragraph("Signed by Sam Carter on 10 January 2025.")
    return _saved(document)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf(algorithm: str, user_password: str = "secret", owner_password: str | None = "owner") -> bytes:
    """The agreement locked by pypdf, e.g. algorithm "AES-256" or "RC4-128"."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(agreement_pdf())))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(width: int = 240, height: int = 320) -> bytes:
    """A real greyscale PNG with some speckle, written by hand so no imaging library is needed."""
    rng = random.Random(7)
    rows = b"".join(b"\x00" + bytes(rng.choice((0, 255, 255, 255)) for _ in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def jpeg_bytes() -> bytes:
    """A real JPEG (Pillow comes with fpdf2)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (64, 64), 200).save(buffer, format="JPEG")
    return buffer.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """A scan: pages that are only pictures, with no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png_bytes()), x=10, y=10, w=180)
    return bytes(pdf.output())


def zip_of(parts: dict[str, bytes]) -> bytes:
    """A zip holding the given parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def docx_without_document() -> bytes:
    """A zip dressed as a .docx, with content types but no word/document.xml."""
    return zip_of({"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<Properties/>"})


@functools.cache
def docx_bomb(unpacked_bytes: int = 200 * MB) -> bytes:
    """A real docx whose word/document.xml unpacks to ~200 MB of repeated bytes (about 200 KB packed)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(agreement_docx())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"<w:p/>" * (MB // 6)
            for _ in range(unpacked_bytes // len(block)):
                part.write(block)
    return buffer.getvalue()


def docx_with_lying_sizes(declared: int = 500 * MB) -> bytes:
    """A real docx whose central directory declares word/document.xml far larger than the cap."""
    data = bytearray(agreement_docx())
    name = b"word/document.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def pdf_with_pages(count: int) -> bytes:
    """A PDF of `count` pages that share one content stream, so it is small to build and to store."""
    from pypdf import PdfReader, PdfWriter

    page = PdfReader(io.BytesIO(pdf_of_lines(["1. Sam will take Mia to nursery every day."]))).pages[0]
    writer = PdfWriter()
    for _ in range(count):
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A hand-written PDF with a correct cross-reference table, for shapes no library will write."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _text_stream(text: bytes) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def deeply_nested_pdf(depth: int = 100_000) -> bytes:
    """A one-page PDF whose page carries an array nested `depth` levels deep."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> /Deep " + b"[" * depth + b"]" * depth + b" >>",
            _text_stream(b"1. Sam will take Mia to nursery every day."),
            FONT,
        ]
    )


def deep_page_tree_pdf(depth: int = 5000) -> bytes:
    """A PDF whose page tree is a chain of `depth` /Pages nodes above its one page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        kid = number + 1
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages " + parent + b"/Kids [%d 0 R] /Count 1 >>" % kid)
    page_number = depth + 2
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page_number - 1, page_number + 1, page_number + 2)
    )
    objects.append(_text_stream(b"1. Sam will take Mia to nursery every day."))
    objects.append(FONT)
    return pdf_from_objects(objects)


def self_referencing_pdf() -> bytes:
    """A PDF whose page tree points back at itself."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _text_stream(b"1. Sam will take Mia to nursery every day."),
            FONT,
        ]
    )


def mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    """Seeded variants of a file: bytes flipped, cut short, inserted or deleted at random places."""
    rng = random.Random(seed)
    variants = []
    for n in range(count):
        mangled = bytearray(data)
        how = n % 4
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(mangled))
            if how == 0:
                mangled[at] ^= 1 << rng.randrange(8)
            elif how == 1:
                mangled.insert(at, rng.randrange(256))
            elif how == 2:
                del mangled[at : at + rng.randint(1, 64)]
            else:
                mangled[at : at + 4] = bytes(rng.randrange(256) for _ in range(4))
        if n % 7 == 0:
            mangled = mangled[: rng.randrange(1, len(mangled))]
        variants.append(bytes(mangled))
    return variants


def docx_part_mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    """Seeded variants of a Word file whose XML parts are mangled inside a sound zip, so python-docx meets them."""
    rng = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    names = sorted(name for name in parts if name.endswith((".xml", ".rels")))
    variants = []
    for n in range(count):
        target = "word/document.xml" if n % 2 else rng.choice(names)
        mangled = dict(parts, **{target: mutations(parts[target], 1, rng.randrange(10**9))[0]})
        variants.append(zip_of(mangled))
    return variants


def long_docx(paragraphs: int) -> bytes:
    """A Word file of many short numbered paragraphs."""
    import docx

    document = docx.Document()
    for n in range(paragraphs):
        document.add_paragraph(f"{n}. Sam will take Mia to nursery on day {n}.")
    return _saved(document)
