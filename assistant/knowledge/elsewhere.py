"""Where to send a question from outside child protection that uses its words (knowledge/elsewhere.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import KnowledgeError
from .sources import KNOWLEDGE_DIR


@dataclass(frozen=True)
class Place:
    """A subject outside child protection, the words that show it, and who can help instead."""

    id: str
    about: str
    words: re.Pattern
    go: tuple[str, ...]


@dataclass(frozen=True)
class Elsewhere:
    """The places, and the words that keep a question in scope whatever else it says."""

    child_protection: re.Pattern
    places: tuple[Place, ...]

    def place_for(self, question: str) -> Place | None:
        """The place a question belongs to, or None when it is about child protection (or about nothing here)."""
        if self.child_protection.search(question):
            return None
        return next((p for p in self.places if p.words.search(question)), None)


@cache
def load_elsewhere(path: Path | None = None) -> Elsewhere:
    """Read knowledge/elsewhere.toml; raises KnowledgeError naming what to fix."""
    path = path or KNOWLEDGE_DIR / "elsewhere.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"elsewhere.toml is not valid TOML ({error})") from None
    places = tuple(_place(item) for item in raw.get("place", []))
    return Elsewhere(_pattern("child_protection", raw.get("child_protection", "")), places)


def _place(item: dict) -> Place:
    name = item.get("id") or "?"
    for key in ("id", "about", "words", "go"):
        if not item.get(key):
            raise KnowledgeError(f"elsewhere.toml: the place “{name}” needs `{key}`")
    return Place(name, item["about"], _pattern(name, item["words"]), tuple(item["go"]))


def _pattern(name: str, words: str) -> re.Pattern:
    if not words:
        raise KnowledgeError(f"elsewhere.toml: `{name}` needs its words")
    try:
        return re.compile(words, re.I)
    except re.error as error:
        raise KnowledgeError(f"elsewhere.toml: the words of “{name}” are not a valid pattern ({error})") from None
