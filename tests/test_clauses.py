"""Sentences: one splitter for the agreement's clauses and the knowledge base's entries."""

from __future__ import annotations

from assistant.reading.clauses import split_sentences


def test_an_agreements_abbreviations_and_initials_stay_inside_their_sentence():
    text = "No. 5 is the address. Dr. Shah and K. Brennan will visit, e.g. on Mondays. Then we meet."
    assert split_sentences(text) == (
        "No. 5 is the address.",
        "Dr. Shah and K. Brennan will visit, e.g. on Mondays.",
        "Then we meet.",
    )


def test_the_knowledge_base_splits_at_every_stop_so_a_plain_no_is_its_own_sentence():
    text = "No. You do not have to sign it. You can ask questions first!  Then decide."
    assert split_sentences(text, keep_abbreviations=False) == (
        "No.",
        "You do not have to sign it.",
        "You can ask questions first!",
        "Then decide.",
    )
    assert split_sentences(text)[0] == "No. You do not have to sign it."


def test_empty_text_has_no_sentences_either_way():
    assert split_sentences("  ") == () == split_sentences("  ", keep_abbreviations=False)
