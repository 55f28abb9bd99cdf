"""The published sources the guidance rests on, loaded from knowledge/sources.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@cache
def sources() -> dict[str, dict]:
    """Every source by id, such as "seed-001"."""
    return json.loads((KNOWLEDGE_DIR / "sources.json").read_text(encoding="utf-8"))


def cite(source_id: str) -> dict:
    """A source as the API shows it: kind, id, title, publisher, year and address."""
    source = sources()[source_id]
    return {"kind": "guidance", "id": source_id, "title": source["title"], "publisher": source["publisher"],
            "year": source["year"], "url": source["url"]}
