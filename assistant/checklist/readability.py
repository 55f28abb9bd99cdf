"""How hard the agreement is to read: a reading age and its longest sentences."""

from __future__ import annotations

import re
from functools import lru_cache

from ..reading.clauses import Clause

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Estimate the syllables in an English word from its vowel groups."""
    word = word.lower().strip("'’-")
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def _prose_sentences(clauses: tuple[Clause, ...]) -> list[tuple[str, Clause, list[str]]]:
    """Each sentence of prose with its clause and its words (found once: they are counted three ways)."""
    found = ((s, c, WORD.findall(s)) for c in clauses if c.kind in ("paragraph", "item", "row") for s in c.sentences)
    return [(s, c, words) for s, c, words in found if len(words) >= 3]


def measure(clauses: tuple[Clause, ...]) -> dict:
    """Flesch reading ease, a UK reading age (US grade + 5) and the three longest sentences."""
    sentences = _prose_sentences(clauses)
    words = [w for _, _, found in sentences for w in found]
    if not sentences or not words:
        return {"reading_age": None, "reading_ease": None, "words": 0, "sentences": 0, "longest_sentences": []}
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(w) for w in words) / len(words)
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    longest = sorted(sentences, key=lambda scw: len(scw[2]), reverse=True)[:3]
    return {
        "reading_age": round(min(max(grade + 5, 5), 21)),
        "reading_ease": round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        "words": len(words),
        "sentences": len(sentences),
        "average_sentence_words": round(per_sentence, 1),
        "longest_sentences": [{"quote": s, "words": len(found), "ref": c.ref} for s, c, found in longest],
    }
