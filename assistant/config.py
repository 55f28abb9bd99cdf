"""Settings, read once from ASSISTANT_* environment variables."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import BadSetting

MB = 1024 * 1024
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PACKAGE = Path(__file__).resolve().parent


def cache_folder() -> Path:
    """Where learnt arrays (the retrieval index, the sentence reader) are kept unless ASSISTANT_INDEX_DIR says
    otherwise: the user's cache folder. They hold only what is learnt from the project's own files."""
    configured = os.environ.get("ASSISTANT_INDEX_DIR", "")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "agreement-assistant"


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
    max_question_chars: int = 6000  # a frightened parent tells the whole story
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
    log_level: str = "INFO"  # the assistant's own log lines on stderr: DEBUG, INFO, WARNING, ERROR or CRITICAL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ASSISTANT_<FIELD> variables, keeping defaults for the rest."""
        source: Mapping[str, str] = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for known in fields(cls):
            raw = source.get(f"ASSISTANT_{known.name.upper()}")
            if raw is not None and raw.strip():
                values[known.name] = _parse(known.name, type(known.default), raw)
        return cls(**values)


# The numbers that must be more than 0. The rest may be 0: it turns a limit off, or reads on the server's threads.
POSITIVE = {
    "max_upload_bytes",
    "session_idle_seconds",
    "max_sessions",
    "max_pages",
    "read_seconds",
    "max_text_chars",
    "max_docx_uncompressed_bytes",
    "max_docx_parts",
    "max_question_chars",
    "max_photos",
    "ocr_page_seconds",
    "max_store_mb",
}


def _parse(name: str, kind: type, raw: str) -> int | float | str:
    """One variable's value as its setting's type, or BadSetting naming the variable and what it accepts."""
    variable = f"ASSISTANT_{name.upper()}"
    if name == "log_level":
        if raw.strip().upper() not in LOG_LEVELS:
            raise BadSetting(variable, raw, "one of " + ", ".join(LOG_LEVELS))
        return raw.strip().upper()
    if kind is str:
        return raw
    least = "more than 0" if name in POSITIVE else "0 or more"
    accepts = f"a whole number, {least}" if kind is int else f"a number of seconds, {least}"
    try:
        value = kind(raw)
    except ValueError:
        raise BadSetting(variable, raw, accepts) from None
    if not 0 <= value < float("inf") or (value == 0 and name in POSITIVE):  # "nan" and "inf" are floats too
        raise BadSetting(variable, raw, accepts)
    return value


def configure_logging(level: str) -> logging.Logger:
    """Send the assistant's own log lines to stderr in a plain format, at `level`; once, however often it is called.

    Only the "assistant" logger is touched: uvicorn's loggers, and the filter that keeps agreement ids out of its
    access log, stay as uvicorn set them."""
    logger = logging.getLogger("assistant")
    logger.setLevel(level)
    if not any(isinstance(handler, _ToStderr) for handler in logger.handlers):
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)
        logger.propagate = False  # written once, here, even when the host program logs the root logger too
    return logger


class _ToStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged, so a stderr redirected after start-up gets it."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _ignored) -> None:
        pass
