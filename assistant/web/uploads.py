"""Take an upload off the wire into memory, refusing it as soon as it passes the size limit.

Starlette's own form parser spools any file over 1 MiB to a temporary file, which would put a family's
document on disk, so uploads are parsed here, in memory, with python-multipart's streaming parser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ..errors import BadRequest, DocumentTooLarge

FORM_OVERHEAD = 64 * 1024  # room for the multipart headers and a filename beside the file itself
MAX_FIELDS = 30  # up to 20 photos of pages, and a few small form fields
FIELD_CHARS = 200  # other form fields are short tokens: anything longer is ignored


@dataclass
class Upload:
    """What a person sent: a file's bytes, or pasted text."""

    file: bytes | None = None
    filename: str | None = None
    text: str | None = None
    files: list[bytes] = field(default_factory=list)  # every file sent, in order (photos of several pages)
    fields: dict[str, str] = field(default_factory=dict)  # small form fields beside them (the page's form token)


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    headers: dict[str, bytes] = field(default_factory=dict)


async def read_upload(request: Request, limit: int) -> Upload:
    """Read the request body as multipart, a urlencoded form or JSON, never holding more than `limit` bytes."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    cap = limit + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise DocumentTooLarge.over(limit)
    if ctype == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise BadRequest()
        return await _read_multipart(request, boundary, limit, cap)
    body = await _read_body(request, cap, limit)
    if ctype == b"application/x-www-form-urlencoded":
        values = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=MAX_FIELDS)
        fields = {name: found[0][:FIELD_CHARS] for name, found in values.items() if name != "text"}
        texts = values.get("text")
        return Upload(text=texts[0] if texts else None, fields=fields)
    if ctype == b"application/json":
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            raise BadRequest("We couldn't understand what was sent. " + BadRequest.message) from None
        return Upload(text=payload.get("text") if isinstance(payload, dict) else None)
    raise BadRequest()


async def _read_body(request: Request, cap: int, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            raise DocumentTooLarge.over(limit)
    return bytes(body)


async def _read_multipart(request: Request, boundary: bytes, limit: int, cap: int) -> Upload:
    parts: list[_Part] = []
    header = {"field": b"", "value": b""}

    def on_part_begin() -> None:
        if len(parts) >= MAX_FIELDS:
            raise BadRequest("Too many things were sent at once. Please send one file.")
        parts.append(_Part())

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = parts[-1]
        part.data.extend(data[start:end])
        if len(part.data) > limit:
            raise DocumentTooLarge.over(limit)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        parts[-1].headers[header["field"].decode("latin-1").lower()] = header["value"]
        header["field"] = header["value"] = b""

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(parts[-1].headers.get("content-disposition", b""))
        parts[-1].name = disposition.get(b"name", b"").decode("utf-8", errors="replace")
        filename = disposition.get(b"filename")
        parts[-1].filename = filename.decode("utf-8", errors="replace") if filename is not None else None

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > cap:
            raise DocumentTooLarge.over(limit)
        try:
            parser.write(chunk)
        except (DocumentTooLarge, BadRequest):
            raise
        except Exception:
            raise BadRequest("The upload arrived damaged. Please try sending the file again.") from None
    return _upload_from(parts)


def _upload_from(parts: list[_Part]) -> Upload:
    upload = Upload()
    for part in parts:
        if part.name == "file" and part.filename is not None:
            upload.files.append(bytes(part.data))
            if upload.file is None:
                upload.file, upload.filename = upload.files[-1], part.filename
        elif part.name == "text":
            upload.text = part.data.decode("utf-8", errors="replace")
        elif part.filename is None and len(part.data) <= FIELD_CHARS:
            upload.fields[part.name] = part.data.decode("utf-8", errors="replace")
    return upload
