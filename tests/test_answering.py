"""Answers: plain, sourced, about the person's own agreement when asked, and honest when we do not know."""

from __future__ import annotations

import re

import pytest

from assistant.answers.answering import NOT_ADVICE, EmptyQuestion, Held, QuestionTooLong
from assistant.answers.loading import build_answerer
from assistant.checklist.readability import syllables
from assistant.checklist.report import analyse
from assistant.reading.documents import read_pasted_text

WORDS = re.compile(r"[A-Za-z']+")


@pytest.fixture(scope="module")
def answerer():
    return build_answerer()


def held(text: str) -> Held:
    return Held(analyse(read_pasted_text(text)))


def reading_ease(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?]+(\s|$)", text)))
    words = WORDS.findall(text)
    return 206.835 - 1.015 * len(words) / sentences - 84.6 * sum(map(syllables, words)) / len(words)


GENERAL = [
    "is a written agreement legally binding",
    "do i have to sign this contract thing",
    "wot is a core group",
    "can SS take my kids if i dont sign",
    "what is section 20",
    "can i record the social worker",
    "what happens if i break the agreement",
    "where can i get free legal advice",
    "what does PLO mean",
    "how should I write the timescale in a working agreement",
    "my partner hits me and they want me to sign",
    "im 16 do i have to sign a written agreement",
]


@pytest.mark.parametrize("question", GENERAL)
def test_general_questions_get_a_confident_sourced_plain_answer(answerer, question):
    answer = answerer.answer(question)
    assert answer.confident
    assert answer.sources and all(s["kind"] == "guidance" and s["title"] for s in answer.sources)
    assert NOT_ADVICE in answer.text


def test_generated_answers_are_plain(answerer):
    eases = sorted(reading_ease(answerer.answer(q).text) for q in GENERAL)
    assert eases[len(eases) // 2] >= 65, eases  # GOV.UK plain English; issue 14 asks for a median of 65
    for question in GENERAL:
        long = [s for s in re.split(r"(?<=[.!?])\s+|\n+", answerer.answer(question).text) if len(WORDS.findall(s)) > 25]
        assert not long, (question, long)


@pytest.mark.parametrize(
    "question",
    [
        "How do I apply for universal credit?",
        "write me a tenancy agreement",
        "what is the best car seat",
        "how do I appeal a parking fine from the council",
        "help me write a reference for a social work job",
    ],
)
def test_out_of_scope_questions_are_declined_with_real_help(answerer, question):
    answer = answerer.answer(question)
    assert not answer.confident and "can't" in answer.text
    assert ("0808 801 0366" in answer.text and "999" in answer.text) or "For that:" in answer.text


def test_a_child_in_danger_now_is_told_to_call_999_first(answerer):
    assert answerer.answer("my partner is hurting the kids right now what do i do").text.startswith(
        "If a child is in danger right now, call 999."
    )


@pytest.mark.parametrize("question", GENERAL + ["should i sign it", "do you think i should sign"])
def test_answers_never_tell_anyone_to_sign_or_not(answerer, question):
    text = answerer.answer(question).text.lower()
    assert not re.search(r"(^|[.!?]\s+|- )(do not|don't|never|always|just) sign\b|\byou should (not )?sign\b", text)


def test_an_empty_or_overlong_question_is_refused(answerer):
    with pytest.raises(EmptyQuestion):
        answerer.answer("   ")
    with pytest.raises(QuestionTooLong):
        answerer.answer("why " * 1600)


AGREEMENT = """WORKING AGREEMENT
Social worker: Sam Okoye, 01632 960999

What we will do
1. Refer Oliver to the school nurse about his sleep.

How long it lasts
This agreement runs for eight weeks, from 6 October 2025 to 1 December 2025.

If the agreement is not kept
If it is not kept, it could be mentioned in court.

Signed ____________ Date ______
"""


def test_a_question_about_a_clause_that_exists_quotes_it_with_where_it_is(answerer):
    answer = answerer.answer("when does my agreement finish", held(AGREEMENT))
    assert "1 December 2025" in answer.text and "under “How long it lasts”" in answer.text
    quoted = [s for s in answer.sources if s["kind"] == "agreement"]
    assert quoted and quoted[0]["quote"] in AGREEMENT


def test_a_question_about_what_the_agreement_leaves_out_says_so_and_what_it_should_contain(answerer):
    answer = answerer.answer("when will it be reviewed", held(AGREEMENT))
    assert answer.confident
    assert "does not say when it will be looked at again" in answer.text
    assert "What guidance says:" in answer.text


def test_a_question_matching_no_checklist_element_can_still_quote_the_right_clause(answerer):
    answer = answerer.answer("what did they say about the school nurse", held(AGREEMENT))
    assert "Refer Oliver to the school nurse" in answer.text


def test_a_social_worker_checking_a_draft_gets_what_is_missing_and_wording_advice(answerer):
    answer = answerer.answer("Before I share this with the parents, is anything missing?", held(AGREEMENT))
    assert "Wording advice:" in answer.text
    assert "contingency" in answer.text.lower()


def test_a_bare_yes_or_no_is_put_after_the_question_it_answers(answerer):
    text = answerer.answer("Can a written agreement stop a parent removing their child from section 20?").text
    assert not re.match(r"(yes|no)\b", text, re.I)
    first = text.split("\n")[0]
    if re.search(r"\b(Yes|No)\b", first):
        assert "?" in first.split("Yes")[0].split("No")[0]


def test_sentences_lifted_out_of_an_entry_stand_on_their_own():
    from assistant.answers.retrieval import standalone_sentences

    markdown = (
        "A real contract needs three things:\n- each side gives something\n- everyone means it to be "
        "legally binding\n\n**If the agreement says it IS legally binding.** Ask them to correct it, "
        "because that is wrong.\n\nIt sees secret recording as a last resort.\n\n"
        "A written agreement is not a court order and is not a legal contract."
    )
    picked = standalone_sentences(markdown)
    assert picked == [
        "Ask them to correct it, because that is wrong.",
        "A written agreement is not a court order and is not a legal contract.",
    ]


@pytest.mark.parametrize(
    "question,absent",
    [
        ("what happens if i stop going to the parenting course", "1 December 2025"),
        ("where can i get legal advice", "If it is not kept, it could be mentioned in court."),
        ("do i have to sign this today", "Signed ____________"),
    ],
)
def test_questions_near_an_agreement_topic_do_not_pull_in_the_wrong_clause(answerer, question, absent):
    assert absent not in answerer.answer(question, held(AGREEMENT)).text


def test_asking_where_to_sign_quotes_the_signature_lines(answerer):
    assert "Signed ____________" in answerer.answer("is there a place for me to sign", held(AGREEMENT)).text


def test_a_social_workers_drafting_question_gets_the_social_worker_advice(answerer):
    text = answerer.answer("Can I put a clause in the agreement banning the parents from recording visits?").text
    assert "For social workers:" in text and "What you can do:" not in text


def test_a_parents_question_on_the_same_topic_gets_what_they_can_do(answerer):
    text = answerer.answer("my agreement says i cant record visits, is that allowed").text
    assert "What you can do:" in text


def test_the_blind_question_set_keeps_its_measured_coverage(answerer):
    """tests/questions_blind.jsonl: 40 questions written from the fact sheet alone, in the scorer's format."""
    import json
    from pathlib import Path

    rows = [
        json.loads(line)
        for line in (Path(__file__).parent / "questions_blind.jsonl").read_text().splitlines()
        if line.strip()
    ]
    inside = [r for r in rows if r["in_scope"]]
    outside = [r for r in rows if not r["in_scope"]]

    def covers(row) -> bool:
        text = answerer.answer(row["question"]).text.lower().replace("’", "'")
        return all(any(alt in text for alt in group) for group in row["must_include"])

    coverage = sum(map(covers, inside)) / len(inside)
    declined = sum(not answerer.answer(r["question"]).confident for r in outside) / len(outside)
    # Measured 0.53 and 0.63 blind; 0.63 and 0.88 after the fixes this set prompted; 0.875 and 0.875 once issue 14
    # covered the whole journey (nothing was tuned on this set). The aim is 0.90 and 1.0.
    assert coverage >= 0.85 and declined >= 0.85, (coverage, declined)


def test_a_sentence_that_leans_on_a_bold_lead_in_is_kept_with_it():
    from assistant.answers.retrieval import standalone_sentences

    picked = standalone_sentences(
        "**Emergency protection order.** A court makes it.\n- It lasts up to 8 days.\n\n"
        "Under section 46 the police can remove a child. This lasts for 72 hours at most."
    )
    assert "Emergency protection order. A court makes it. It lasts up to 8 days." in picked
    assert "Under section 46 the police can remove a child. This lasts for 72 hours at most." in picked


def test_a_question_from_wales_also_gets_what_differs_in_wales(answerer):
    assert "In Wales:" in answerer.answer("we live in cardiff, do i have to sign the agreement").text
    assert "In Wales:" not in answerer.answer("do i have to sign the agreement").text


def test_an_emergency_protection_order_question_is_not_treated_as_an_emergency(answerer):
    assert not answerer.answer("how long does an emergency protection order last").text.startswith("If a child")


def test_a_parents_answer_does_not_draw_on_the_advice_for_social_workers(answerer):
    entry = answerer.entries["do-i-have-to-sign"]
    worker_text = entry.section("For social workers")
    answer = answerer.answer("do i have to sign the agreement the SW brought round").text
    lifted = [s for s in re.split(r"(?<=[.!?])\s+", worker_text.replace("- ", "")) if len(s.split()) >= 6]
    assert not any(s.strip() in answer for s in lifted)
