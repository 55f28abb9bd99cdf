"""Where the case stands, read from the agreement's own words, and used to pick the guidance for a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answers.agreement import Held
from assistant.answers.loading import build_answerer
from assistant.checklist.report import analyse, as_json
from assistant.checklist.stage import STAGES, stage_of
from assistant.knowledge.entries import load_entries
from assistant.reading.documents import read_pasted_text

HERE = Path(__file__).parent
PRE_PROCEEDINGS = HERE / "agreements2" / "blind-01-schedule-of-expectations.txt"  # attached to a PLO letter
CP_WITH_THREATS = HERE / "agreements" / "new-04-terse-abbreviations.txt"  # a CP plan that warns of the PLO
WELSH_CARE = HERE / "agreements" / "new-06-welsh-section76.txt"
CHILD_IN_NEED = HERE / "agreements" / "new-08-young-parent-17.txt"
NO_STAGE = HERE / "agreements" / "new-01-numbered-contract.txt"


def document(path: Path):
    return read_pasted_text(path.read_text())


@pytest.fixture(scope="module")
def answerer():
    return build_answerer()


@pytest.mark.parametrize(
    ("path", "stage"),
    [
        (PRE_PROCEEDINGS, "pre-proceedings"),
        (CP_WITH_THREATS, "child-protection"),
        (WELSH_CARE, "section-20"),
        (CHILD_IN_NEED, "child-in-need"),
        (HERE / "agreements2" / "blind-09-section20-notice.txt", "section-20"),
        (HERE / "agreements2" / "blind-02-tickbox-form.txt", "child-in-need"),
        (NO_STAGE, None),
    ],
)
def test_the_stage_is_the_one_the_agreement_states_with_its_own_words(path, stage):
    doc = document(path)
    found = stage_of(doc)
    assert (found.id if found else None) == stage
    if found:
        assert found.quote and found.quote in doc.text  # the words quoted are the agreement's own
        assert found.clause is not None and found.quote in found.clause.text


def test_a_warning_of_the_next_stage_or_a_stage_left_behind_is_not_the_stage():
    warned = read_pasted_text(
        "Written agreement\nIf things do not improve the council may start the PLO.\nYou will keep the flat clean."
    )
    assert stage_of(warned) is None
    stepped_down = read_pasted_text(
        "Dear Ms Hart,\nThe review conference agreed that Ava no longer needs a child protection plan.\n"
        "Ava will now have a child in need plan, and we will visit every month."
    )
    assert stage_of(stepped_down).id == "child-in-need"


def test_wales_is_named_by_its_own_law():
    found = stage_of(document(WELSH_CARE))
    assert "section 76" in found.name and "section 20" not in found.name


def test_every_stage_points_at_guidance_that_exists():
    entries = load_entries()
    keys = {e.id for e in entries} | {f.id for e in entries for f in e.facets}
    for stage, _ in STAGES:
        assert set(stage.guidance) <= keys, stage.id
        assert {stage.explains, stage.next} <= keys, stage.id


def test_the_report_says_the_stage_and_where():
    report = as_json(analyse(document(PRE_PROCEEDINGS)))
    assert report["stage"]["id"] == "pre-proceedings"
    assert report["stage"]["quote"] in PRE_PROCEEDINGS.read_text()
    assert report["stage"]["ref"]
    assert as_json(analyse(document(NO_STAGE)))["stage"] is None


def test_asking_where_the_case_stands_quotes_the_agreement_then_explains(answerer):
    held = Held(analyse(document(CP_WITH_THREATS)))
    answer = answerer.answer("what stage is my case at??", held)
    assert answer.confident
    first = answer.text.split("\n\n")[0]
    assert first.startswith("Your agreement says your child has a child protection plan")
    assert "CP plan" in first
    assert "child protection conference" in answer.text  # then what a plan is
    assert answer.parts[0].origin == "both"
    assert any(s["kind"] == "agreement" and s["quote"] in held.analysis.document.text for s in answer.sources)


def test_what_happens_next_is_answered_for_the_stage_the_case_is_at(answerer):
    plo = answerer.answer("what happens next?", Held(analyse(document(PRE_PROCEEDINGS))))
    assert "pre-proceedings" in plo.text.lower() and "care proceedings" in plo.text.lower()
    cin = answerer.answer("what happens next?", Held(analyse(document(CHILD_IN_NEED))))
    assert "review" in cin.text.lower() and "child in need" in cin.text.lower()
    assert plo.text != cin.text


def test_an_agreement_that_does_not_say_its_stage_is_not_given_one(answerer):
    answer = answerer.answer("what stage are we at?", Held(analyse(document(NO_STAGE))))
    assert answer.text.startswith("Your agreement does not say which stage your case is at.")


def test_the_stage_leans_a_vague_question_towards_its_own_guidance(answerer):
    question = "can i get a free solicitor for this"
    plo = answerer.answer(question, Held(analyse(document(PRE_PROCEEDINGS))))
    assert "whatever your income" in plo.text or "letter before proceedings" in plo.text.lower()
    assert any(s["kind"] == "agreement" for s in plo.sources)


def test_a_bare_this_means_the_agreement_when_one_is_open(answerer):
    held = Held(analyse(document(CHILD_IN_NEED)))
    answer = answerer.answer("do I have to do this?", held)
    assert answer.confident
    assert "written agreement" in answer.text.lower()
