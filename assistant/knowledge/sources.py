"""The published sources the guidance rests on, loaded from knowledge/sources.json."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

# The knowledge base lives beside the package in the repository (the README installs it editable);
# ASSISTANT_KNOWLEDGE_DIR points elsewhere, for an installed copy or a translated knowledge base.
KNOWLEDGE_DIR = Path(os.environ.get("ASSISTANT_KNOWLEDGE_DIR") or Path(__file__).resolve().parents[2] / "knowledge")


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
