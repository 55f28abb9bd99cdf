"""The published sources the guidance rests on, loaded from knowledge/sources.json."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from ..config import data_folder

# The knowledge base shipped with the package (or the repo's, in a checkout); ASSISTANT_KNOWLEDGE_DIR points
# elsewhere, for a translated or a council's own knowledge base.
KNOWLEDGE_DIR = Path(os.environ.get("ASSISTANT_KNOWLEDGE_DIR") or data_folder("knowledge"))


@cache
def sources() -> dict[str, dict]:
    """Every source by id, such as "seed-001"."""
    return json.loads((KNOWLEDGE_DIR / "sources.json").read_text(encoding="utf-8"))


def cite(source_id: str) -> dict:
    """A source as the API shows it: kind, id, title, publisher, year and address."""
    source = sources()[source_id]
    return {
        "kind": "guidance",
        "id": source_id,
        "title": source["title"],
        "publisher": source["publisher"],
        "year": source["year"],
        "url": source["url"],
    }
