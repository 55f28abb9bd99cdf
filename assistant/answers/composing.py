"""Put an answer together in the house order: the direct answer first, then what must go with it, then steps.

Every part of an answer passes through one Page, which drops any sentence already said, so that a post with
three asks on one topic never hears the same sentence twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..knowledge.entries import Entry, Facet
from ..reading.clauses import split_sentences

NOT_ADVICE = "This is general information, not legal advice."
YES_OR_NO = re.compile(r"^(yes|no|usually|sometimes|not always|not usually|in most cases)\b[^.]{0,25}\.", re.I)
NEARLY = 0.6  # sentences sharing this share of their words say the same thing
ADVICE_STEP = re.compile(r"legal advice|solicitor|advocate|advice line|family rights group", re.I)


@dataclass
class Page:
    """The sentences said so far in one answer; each new block keeps only what has not been said."""

    said: set[str] = field(default_factory=set)
    words: list[frozenset[str]] = field(default_factory=list)

    def fresh(self, block: str) -> str:
        """The block without the sentences (or list items) already said; "" when nothing new is left."""
        lines = []
        for line in block.split("\n"):
            bullet = line.startswith("- ")
            kept = [s for s in split_sentences(line[2:] if bullet else line, keep_abbreviations=False) if self._new(s)]
            if kept:
                lines.append(("- " if bullet else "") + " ".join(kept))
            elif line.endswith(":"):
                lines.append(line)
        text = "\n".join(lines).strip()
        return "" if not text or text.endswith(":") else text

    def _new(self, sentence: str) -> bool:
        key = re.sub(r"[^a-z0-9]+", " ", sentence.lower()).strip()
        if not key or key in self.said:
            return False
        words = frozenset(key.split())
        if len(words) >= 6 and any(len(words & w) >= NEARLY * len(words | w) for w in self.words):
            return False  # the same point in other words, from another entry or facet
        self.said.add(key)
        self.words.append(words)
        return True


def lead(entry: Entry) -> str:
    """The entry's short answer; a bare "Yes." or "No." is put after the question it answers, so that it cannot
    be read as the answer to the person's own, differently worded question."""
    if YES_OR_NO.match(entry.short_answer):
        return f"{entry.title} {entry.short_answer}"
    return entry.short_answer


def steps(entry: Entry, facet: Facet | None, count: int = 3) -> list[str]:
    """What the person can do: the facet's own steps, else the entry's first ones, always with how to get advice."""
    own = bullets_of(entry.section("What you can do")) or bullets_of(entry.section("For social workers"))
    bullets = list(facet.steps) if facet and facet.steps else own
    chosen = bullets[:count]
    if not any(ADVICE_STEP.search(step) for step in chosen):
        advice = next((b for b in [*bullets, *own] if ADVICE_STEP.search(b)), None)
        if advice:
            chosen = [*chosen[: count - 1], advice]
    return chosen


def bullets_of(section: str) -> list[str]:
    """The list items of a section, without Markdown bold."""
    return [re.sub(r"\*\*", "", line[2:]).strip() for line in section.splitlines() if line.startswith("- ")]


def as_list(heading: str, items: list[str]) -> str:
    """A heading line and its items, one "- " line each."""
    return heading + "\n" + "\n".join(f"- {item}" for item in items) if items else ""


def entry_sources(entry: Entry, facet: Facet | None = None) -> tuple[dict, ...]:
    """The entry (and facet) the answer came from, then up to three published sources behind it."""
    first = {"kind": "guidance", "title": entry.title, "entry": entry.id}
    if facet:
        first["facet"] = facet.id
    cited = facet.sources if facet else entry.sources
    return (first, *({"kind": "guidance", "title": s.title, "url": s.url} for s in cited[:3]))


def merge_sources(groups: list[tuple[dict, ...]]) -> tuple[dict, ...]:
    """Every source once, in the order the parts cite them."""
    seen, merged = set(), []
    for group in groups:
        for source in group:
            key = tuple(sorted((k, str(v)) for k, v in source.items()))
            if key not in seen:
                seen.add(key)
                merged.append(source)
    return tuple(merged)
