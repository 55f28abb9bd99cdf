"""Settings, read once from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MB = 1024 * 1024


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
    index_dir: str = ""  # where the learnt retrieval index is kept; empty: the user's cache folder

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ASSISTANT_<FIELD> variables, keeping defaults for the rest."""
        environ = os.environ if environ is None else environ
        values = {}
        for field in fields(cls):
            raw = environ.get(f"ASSISTANT_{field.name.upper()}")
            if raw is not None and raw.strip():
                values[field.name] = type(field.default)(raw)
        return cls(**values)
