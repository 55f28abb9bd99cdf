"""Whole labelled agreements: the development set (when it is beside us) and ten more written blind to the rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.checklist.elements import check
from assistant.reading.documents import read_document, read_pasted_text

HERE = Path(__file__).parent / "agreements"
STATUS = {"present": "present", "absent": "missing", "flag": "flagged", "clear": "clear"}


def labelled(folder: Path) -> list[tuple[Path, dict]]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return [(folder / name, expected) for name, expected in sorted(labels.items())]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def assert_matches_labels(path: Path, expected: dict) -> None:
    findings = {f.id: f for f in check(read_document(path.read_bytes()))}
    wrong = {e: findings[e].status for e, want in expected.items() if findings[e].status != STATUS[want["label"]]}
    assert not wrong, f"{path.name}: {wrong}"
    text = normalise(path.read_text(encoding="utf-8"))
    for finding in findings.values():
        assert all(normalise(e.quote) in text for e in finding.evidence), finding.id


# These ten were written by someone who saw only the dev set's labelling rules, never the code. Measured blind
# before any change: 189 of 200 judgements right. The rules were then widened (contractions, pointers to other
# papers, space-aligned tables, headings such as "What Becky will try to do"), so they are a regression set now.
@pytest.mark.parametrize("path,expected", labelled(HERE), ids=lambda v: getattr(v, "name", ""))
def test_new_agreements_match_their_labels(path, expected):
    assert_matches_labels(path, expected)


# A second blind set (tests/agreements2): tick-box forms, a pipe-table action plan, a parent's written promises,
# Welsh and informal wording. Measured blind after the first round of fixes: 187 of 200; now a regression set too.
@pytest.mark.parametrize(
    "path,expected", labelled(Path(__file__).parent / "agreements2"), ids=lambda v: getattr(v, "name", "")
)
def test_second_blind_agreements_match_their_labels(path, expected):
    assert_matches_labels(path, expected)


def test_development_agreements_match_their_labels(dev_set):
    for path, expected in labelled(dev_set / "agreements"):
        assert_matches_labels(path, expected)


def test_a_table_lined_up_with_spaces_is_read_as_rows_with_its_header():
    document = read_pasted_text(
        "WHO WILL DO WHAT\n\nMUM WILL                      COUNCIL WILL\n"
        "----------------------        ------------------\n"
        "Take Tia to school.           Pay for nursery.\n"
        "Go to the group.              Refer Kerry to the group.\n"
    )
    rows = [c for c in document.clauses if c.kind == "row"]
    assert [c.cells for c in rows] == [
        (("MUM WILL", "Take Tia to school."), ("COUNCIL WILL", "Pay for nursery.")),
        (("MUM WILL", "Go to the group."), ("COUNCIL WILL", "Refer Kerry to the group.")),
    ]


@pytest.mark.parametrize(
    "text,element,status",
    [
        ("This isn't a legal document and no court can make anyone stick to it.", "not_legally_binding", "present"),
        (
            "If parts of this agreement aren't kept, we'll write that down and it could be used in court.",
            "breach_consequences",
            "present",
        ),
        ("Before you say yes, you're welcome to show it to a solicitor.", "legal_advice", "present"),
        (
            "Why we are involved\nThe reasons are set out in the social worker's assessment report of 2 May.",
            "concerns_stated",
            "missing",
        ),
        (
            "What you agree to do\nThese are already written in the child protection plan dated 1 May.",
            "parent_expectations",
            "missing",
        ),
    ],
)
def test_contractions_and_pointers_to_other_papers(text, element, status):
    findings = {f.id: f.status for f in check(read_pasted_text(text))}
    assert findings[element] == status


@pytest.mark.parametrize(
    "text,element,status",
    [
        ("SECTION B\n[x] This agreement is not legally binding.\n", "not_legally_binding", "present"),
        ("THE PARENT AGREES TO:\n[ ] Attend a parenting course\n[ ] Stop drinking\n", "parent_expectations", "missing"),
        ("THE PARENT AGREES TO:\n[x] Take Oscar to the dentist on 19/11/2025\n", "parent_expectations", "present"),
        (
            "I, Dale Smith, make these promises:\n1. I will not drink when I look after Alfie.\n",
            "parent_expectations",
            "present",
        ),
        ("These promises last for eight weeks, from 6 October 2025 to 1 December 2025.", "timescale", "present"),
        ("TIMESCALE AND REVIEW\nStart date: 05/11/2025\nReview date: ____\n", "review", "missing"),
        (
            "Signatures\n| Signature | Name | Date |\n|---|---|---|\n| ________ | Natalie Briggs | ______ |\n",
            "signatures",
            "present",
        ),
        ("This agreement will remain in place until the risk has reduced.", "vague_timescale", "flagged"),
        (
            "What you agree to do\nWe haven't filled this bit in yet. We'll write it together with you.",
            "parent_expectations",
            "missing",
        ),
    ],
)
def test_forms_promises_and_tables(text, element, status):
    findings = {f.id: f.status for f in check(read_pasted_text(text))}
    assert findings[element] == status
