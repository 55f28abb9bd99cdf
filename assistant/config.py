"""Settings, read once from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

MB = 1024 * 1024
PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """A data folder ("knowledge", "web"): inside the installed package, else at the top of the repo checkout."""
    # The wheel carries them at assistant/_data/<name> (see pyproject.toml); a checkout keeps them beside assistant/.
    installed = PACKAGE / "_data" / name
    return installed if installed.is_dir() else PACKAGE.parent / name


@dataclass(frozen=True)
class Settings:
    """Every limit the assistant enforces, with safe defaults."""

    max_upload_bytes: int = 20 * MB
    session_idle_seconds: int = 3600
    max_sessions: int = 500
    max_pages: int = 300
    read_seconds: float = 20.0
    max_text_chars: int = 200_000
    max_docx_uncompressed_bytes: int = 60 * MB
    max_docx_parts: int = 2000
    max_question_chars: int = 1000
    max_photos: int = 20  # photos read as the pages of one agreement
    ocr_page_seconds: float = 60.0  # time to read one photographed or scanned page
    reading_wait_seconds: float = 2.0  # the page waits this long for a file before it shows how far reading has got
    readers: int = 1  # helper processes that read uploads, per web worker; 0 reads on the web worker's threads
    reader_queue: int = 64  # uploads that may wait for a reader before the answer is "busy" (503)
    reader_memory_mb: int = 1536  # address-space cap of each reader process
    reader_retire_mb: int = 400  # a reader grown past this resident size is replaced after its job
    uploads_per_minute: int = 60  # per client address; 0 turns the limit off
    requests_per_minute: int = 600  # every other request, per client address; 0 turns the limit off
    redis_url: str = field(
        default="", repr=False
    )  # share sessions between workers and machines; empty keeps them in this process's memory
    max_store_mb: int = 256  # the in-memory store's cap on the agreements and conversations it holds
    secret: str = field(
        default="", repr=False
    )  # shared by every worker when sessions are in Redis; random per process otherwise
    index_dir: str = ""  # where the learnt retrieval index is kept; empty: the user's cache folder

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ASSISTANT_<FIELD> variables, keeping defaults for the rest."""
        environ = os.environ if environ is None else environ
        values = {}
        for known in fields(cls):
            raw = environ.get(f"ASSISTANT_{known.name.upper()}")
            if raw is not None and raw.strip():
                values[known.name] = type(known.default)(raw)
        return cls(**values)
