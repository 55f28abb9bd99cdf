"""Long posts: finding each ask, saying it back, answering up to three with their own sources (real knowledge base)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answers.answering import answer_json
from assistant.answers.asks import find_asks, restate
from assistant.answers.loading import build_answerer
from assistant.config import Settings
from assistant.errors import QuestionTooLong

QUESTIONS = Path(__file__).parent / "questions"


@pytest.fixture(scope="module")
def answerer():
    return build_answerer()


POST = (
    "The school rang social services last week about a mark on my little boy's arm. A social worker came round "
    "and said they are doing a section 47. I have never been in trouble and I am so scared. Can they take him "
    "off me? My mum lives two streets away, could she look after him if they say he cannot stay here? "
    "And do I have to let them in next time they come? Sorry this is so long, I have not slept."
)


@pytest.mark.parametrize(
    "ask,said",
    [
        ("Can my mum look after the kids?", "You asked whether your mum can look after the kids."),
        ("Do I have to let them in?", "You asked whether you have to let them in."),
        ("Am I allowed to record the meeting?", "You asked whether you are allowed to record the meeting."),
        ("What happens if I don't sign?", "You asked what happens if you don't sign."),
        ("Who will be at the conference?", "You asked who will be at the conference."),
    ],
)
def test_an_ask_is_said_back_to_the_person_in_their_own_words(ask, said):
    assert restate(ask) == said


def test_every_ask_in_a_long_post_is_found_and_the_weightiest_comes_first():
    asks = find_asks(POST)
    assert [a.text.split()[0] for a in asks] == ["Can", "And", "My"]
    assert "section 47" in asks[0].query  # "Can they take him off me?" is answered with the story it leans on


def test_a_post_with_no_question_mark_is_one_ask():
    asks = find_asks("social worker came today and left a contract of expectations for me to sign")
    assert len(asks) == 1


def test_a_long_post_gets_each_ask_answered_under_its_own_restatement(answerer):
    answer = answerer.answer(POST)
    assert answer.confident and len(answer.parts) >= 2
    assert answer.text.count("You asked") >= 2
    for part in answer.parts:
        assert part.ask.startswith("You asked") and part.text and part.sources
        assert part.ask in answer.text and part.text in answer.text


def test_no_sentence_is_said_twice_in_one_answer(answerer):
    text = answerer.answer(POST).text
    sentences = [s.strip() for line in text.split("\n") for s in line.split(". ") if len(s.split()) > 4]
    assert len(sentences) == len(set(sentences))


def test_more_than_three_asks_names_the_ones_left_for_next_time(answerer):
    post = POST + " Will it go to court? Can I see the report they write? Who can I complain to?"
    answer = answerer.answer(post)
    assert len(answer.parts) == 3
    assert "You also asked" in answer.text


def test_a_post_of_five_thousand_characters_is_answered_not_refused(answerer):
    post = (POST + " ") * (5000 // len(POST))
    assert len(post) >= 4500 and answerer.answer(post, None, Settings().max_question_chars).confident
    with pytest.raises(QuestionTooLong):
        answerer.answer("x " * 4000, None, Settings().max_question_chars)


def test_parts_are_in_the_json_with_where_each_came_from(answerer):
    body = answer_json(answerer.answer(POST))
    assert body["parts"] and {p["from"] for p in body["parts"]} <= {"guidance", "agreement", "both"}
    assert all(p["ask"] and p["answer"] and p["sources"] for p in body["parts"])


def _near_misses():
    return [json.loads(line) for line in (QUESTIONS / "near_misses.jsonl").read_text().splitlines() if line.strip()]


def test_near_misses_from_other_fields_are_declined_at_the_measured_rate(answerer):
    """tests/questions/near_misses.jsonl, written for this project: measured 2026-12-03, 26 of 29 declined."""
    cases = [c for c in _near_misses() if not c["in_scope"]]
    declined = sum(not answerer.answer(c["question"]).confident for c in cases)
    assert declined / len(cases) >= 0.85


def test_near_misses_are_declined_and_same_word_questions_kept_at_the_measured_rate(answerer):
    """Measured 2026-12-03: every in-scope near miss kept; the rate keeps it from slipping."""
    cases = [c for c in _near_misses() if c["in_scope"]]
    kept = sum(answerer.answer(c["question"]).confident for c in cases)
    assert kept / len(cases) >= 0.8


def test_a_near_miss_says_where_to_go_instead(answerer):
    answer = answerer.answer(
        "my crisis team wrote me a safety plan for when i feel suicidal, what should it have in it"
    )
    assert not answer.confident and "116 123" in answer.text and answer.text.startswith("If a child is in danger")


def test_the_same_point_in_other_words_is_said_once():
    from assistant.answers.composing import Page

    page = Page()
    first = page.fresh("Refusing to let social workers see your child can lead the council to go to court.")
    again = page.fresh(
        "Refusing to let social workers see your child without good reason can lead the council to court."
    )
    other = page.fresh("Ask for a supporter to be there, such as a relative, friend or advocate.")
    assert first and not again and other
