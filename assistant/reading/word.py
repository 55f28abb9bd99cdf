"""Read a Word (.docx) file's paragraphs and tables in order with python-docx: its only importer."""

from __future__ import annotations

import copy
import io
import time
import zipfile

from ..config import Settings
from ..errors import DocumentTooComplex, ReadingTooSlow
from .clauses import Line


def read_docx(data: bytes, settings: Settings) -> tuple[list[Line], list[str]]:
    _check_zip_limits(data, settings)
    import docx
    from docx.table import Table

    deadline = time.monotonic() + settings.read_seconds
    document = docx.Document(io.BytesIO(data))
    style_names = {style.style_id: style.name or "" for style in document.styles}  # python-docx looks each up slowly
    lines: list[Line] = []
    for block in document.iter_inner_content():
        if time.monotonic() > deadline:  # refused whole: a checklist of part would call the rest "missing"
            raise ReadingTooSlow.after(settings.read_seconds)
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
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # Word never uses bzip2 or lzma
                raise DocumentTooComplex()
        _check_real_sizes(archive, infos, settings.max_docx_uncompressed_bytes)


def _check_real_sizes(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limit: int) -> None:
    """Unpack each part a megabyte at a time and refuse one that grows past the size its zip entry declares.

    The declared sizes are the file's own word: zipfile unpacks a part whole, then cuts it to its declared size,
    so a part that says 1 KB but inflates to 1 GB would fill the memory before python-docx saw a byte of it.
    """
    total = 0
    for info in infos:
        probe = copy.copy(info)
        probe.file_size = limit + 1  # let zipfile read past the declared size, up to the limit
        with archive.open(probe) as part:
            size = 0
            while chunk := part.read(1024 * 1024):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size or total > limit:
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
