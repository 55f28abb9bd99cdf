"""The knowledge base itself: every entry has the documented shape, cites real sources and reads plainly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.checklist.readability import syllables
from assistant.knowledge.entries import KnowledgeError, load_entries, load_glossary, load_out_of_scope, parse_entry

ENTRIES = load_entries()
WORDS = re.compile(r"[A-Za-z0-9']+")


def sentences(markdown: str) -> list[str]:
    plain = re.sub(r"\*\*|#+|^- ", "", markdown, flags=re.M)
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", plain) if s.strip()]


def reading_ease(text: str) -> float:
    found = sentences(text)
    words = WORDS.findall(text)
    return 206.835 - 1.015 * len(words) / len(found) - 84.6 * sum(map(syllables, words)) / len(words)


def test_the_knowledge_base_covers_every_topic_the_issue_names():
    ids = {e.id for e in ENTRIES}
    for needed in (
        "legal-status",
        "what-a-good-agreement-contains",
        "when-agreements-should-not-be-used",
        "do-i-have-to-sign",
        "what-if-i-break-it",
        "section-20-taking-your-child-home",
        "child-in-need",
        "section-47-enquiries",
        "child-protection-conference",
        "core-group",
        "pre-proceedings-and-plo",
        "legal-aid",
        "care-proceedings",
        "emergency-protection-and-police-protection",
        "domestic-abuse-and-agreements",
        "young-parents-under-18",
        "recording-meetings",
        "complaints",
        "getting-your-records",
        "where-to-get-help",
        "sw-writing-clear-agreements",
    ):
        assert needed in ids


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_has_its_parts_and_sources(entry):
    assert entry.title and entry.short_answer and entry.section("What this means")
    assert 6 <= len(entry.questions) <= 60
    assert set(entry.audience) <= {"parent", "advocate", "social_worker"}
    assert entry.sources and all(s.title and (s.url or s.id) for s in entry.sources)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_reads_plainly(entry):
    text = "\n".join([entry.short_answer, *(t for _, t in entry.sections)])
    long = [s for s in sentences(text) if len(WORDS.findall(s)) > 25]
    assert not long, f"{entry.id}: sentences over 25 words: {long[:2]}"
    assert reading_ease(entry.short_answer) >= 60, entry.short_answer
    assert reading_ease(text) >= 55


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_no_entry_tells_anyone_to_sign_or_not_to_sign(entry):
    text = " ".join([entry.short_answer, *(t for _, t in entry.sections)]).lower()
    advice = re.compile(
        r"(^|[.!?]\s+|- )(do not|don't|never|always|just|please) sign\b"
        r"|(?<!says )(?<!that )\byou (should|must|ought to) (not )?sign\b|\bwe (advise|recommend) "
        r"(you )?(to )?(not )?sign",
        re.M,
    )
    assert not advice.search(text), advice.search(text)


def test_the_glossary_has_at_least_60_plain_terms_with_sources():
    terms = load_glossary()
    assert len(terms) >= 60
    for term in terms:
        assert term.meaning and term.source.url or term.source.id
        assert all(len(WORDS.findall(s)) <= 25 for s in sentences(term.meaning)), term.term


def test_the_out_of_scope_list_is_there_to_learn_from():
    assert len(load_out_of_scope()) >= 50


@pytest.mark.parametrize(
    "header,message",
    [
        ("title = 'x'", "needs `id`"),
        (
            "id = 'wrong'\ntitle = 'x'\naudience = ['parent']\nquestions = ['q']\n[[sources]]\nseed = 'seed-000'",
            "file name",
        ),
        (
            "id = 'entry'\ntitle = 'x'\naudience = ['parent']\nquestions = ['q']\n[[sources]]\nseed = 'seed-999'",
            "seed-999",
        ),
        (
            "id = 'entry'\ntitle = 'x'\naudience = ['everyone']\nquestions = ['q']\n[[sources]]\nseed = 'seed-000'",
            "audience",
        ),
    ],
)
def test_a_malformed_entry_is_refused_with_a_message_that_says_how_to_fix_it(tmp_path: Path, header, message):
    path = tmp_path / "entry.md"
    path.write_text(f"+++\n{header}\n+++\n**Short answer.** Yes.\n\n## What this means\n\nText.\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message):
        parse_entry(path)


def test_an_entry_without_a_short_answer_is_refused(tmp_path: Path):
    path = tmp_path / "entry.md"
    path.write_text(
        "+++\nid = 'entry'\ntitle = 'x'\naudience = ['parent']\nquestions = ['q']\n[[sources]]\n"
        "seed = 'seed-000'\n+++\nJust text.\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="Short answer"):
        parse_entry(path)
