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


def _prose_sentences(clauses: tuple[Clause, ...]) -> list[tuple[str, Clause]]:
    return [
        (s, c)
        for c in clauses
        if c.kind in ("paragraph", "item", "row")
        for s in c.sentences
        if len(WORD.findall(s)) >= 3
    ]


def measure(clauses: tuple[Clause, ...]) -> dict:
    """Flesch reading ease, a UK reading age (US grade + 5) and the three longest sentences."""
    sentences = _prose_sentences(clauses)
    words = [w for s, _ in sentences for w in WORD.findall(s)]
    if not sentences or not words:
        return {"reading_age": None, "reading_ease": None, "words": 0, "sentences": 0, "longest_sentences": []}
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(w) for w in words) / len(words)
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    longest = sorted(sentences, key=lambda sc: len(WORD.findall(sc[0])), reverse=True)[:3]
    return {
        "reading_age": round(min(max(grade + 5, 5), 21)),
        "reading_ease": round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        "words": len(words),
        "sentences": len(sentences),
        "average_sentence_words": round(per_sentence, 1),
        "longest_sentences": [{"quote": s, "words": len(WORD.findall(s)), "ref": c.ref} for s, c in longest],
    }
