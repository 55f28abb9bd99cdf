"""The checklist rules, read against short agreement fragments in many councils' wording.

Each element's examples live in its file, knowledge/checklist/<id>.toml, and are run here as tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.checklist import elements
from assistant.checklist.elements import CHECKS, ELEMENT_IDS, ELEMENTS, Finding, check
from assistant.knowledge.checklist import KINDS, checklist_texts, load_checklist
from assistant.knowledge.entries import KnowledgeError
from assistant.knowledge.sources import KNOWLEDGE_DIR
from assistant.reading.documents import read_pasted_text

PRESENT, MISSING, FLAGGED, CLEAR = "present", "missing", "flagged", "clear"
STATUS = {
    ("required", True): PRESENT,
    ("required", False): MISSING,
    ("concern", True): FLAGGED,
    ("concern", False): CLEAR,
}

# Every example of every element: (text, element id, the status a careful reader would give).
CASES = [
    pytest.param(
        example.text,
        element.id,
        STATUS[element.kind, example.found],
        id=f"{element.id}-{STATUS[element.kind, example.found]}-{example.name}",
    )
    for element in ELEMENTS
    for example in element.text.examples
]


# --- whole agreements, written in four other councils' styles --------------------------------------------------

NUMBERED_CONTRACT = """\
LINMOUTH BOROUGH COUNCIL - FAMILY SAFEGUARDING SERVICE
Contract of Expectations

Family: Mr Daniel Reid and Ms Chloe Booth
Children: Harley Reid (6) and Summer Reid (2)
Social worker: Fatima Noor, 01632 960271 (duty team 01632 960200)
Agreed on: 10 February 2025

1. What this document is
1.1 This document is a record of what we have agreed. It has no legal force and is not a court order, but it could be looked at by a court if there were ever care proceedings.
1.2 Before you sign, you are welcome to get independent advice from a solicitor or from the Linmouth Parents' Advice Line (0113 496 0452).

2. Why Children's Services are involved
2.1 On 3 February 2025 Summer was taken to hospital after swallowing tablets that had been left on the kitchen table. Harley's school has also told us that he often arrives without breakfast.

3. What we are aiming for
3.1 The aim is that both children are safe at home, that medicines are stored out of reach, and that Harley starts each school day fed and ready to learn.

4. What Daniel and Chloe will do
4.1 Keep all medicines in the locked cabinet we have provided.
4.2 Make sure Harley has breakfast before school or goes to the school's breakfast club.
4.3 Take Summer to her follow-up appointment with the GP on 17 February 2025.

5. What Children's Services will do
5.1 Fit a lockable medicine cabinet in the kitchen by 14 February 2025.
5.2 Pay for a place at the breakfast club for the length of this agreement.
5.3 Arrange for a family support worker to visit every Tuesday to help with morning routines.

6. How long it lasts
6.1 This contract runs for ten weeks, from 10 February 2025 to 21 April 2025.

7. Reviews
7.1 We will review the contract with you on 17 March 2025 and again on 21 April 2025.

8. If things do not improve
8.1 If the children are not safe at home, we will hold a meeting with you to decide whether a child protection conference is needed.

9. If the contract is not kept
9.1 If the contract is not kept, we will talk to you about why. It may be mentioned in any future court proceedings.

Signed ____________________ Daniel Reid     Date ____________
Signed ____________________ Chloe Booth     Date ____________
Signed ____________________ Fatima Noor (social worker)     Date ____________
"""

LETTER_WITH_REPLY_SLIP = """\
Merrowdale Council
Children and Families

Dear Mr Okonjo,

Working agreement for Precious (aged 4)

Thank you for meeting me at your flat on 2 June 2025. I am writing to set out what we agreed. This letter is not a contract and no court can make you keep to it. You can talk to an advocate, a solicitor or someone you trust about it before you sign the slip at the bottom.

We are worried because Precious has missed six appointments at the children's hospital for her asthma, and she was admitted twice in May with breathing problems.

What we would like to see is Precious getting her inhalers every day and going to every hospital appointment, so that she does not need to stay in hospital again.

You agreed to:
- give Precious her inhalers morning and night, as the nurse showed you;
- take her to her clinic appointments, and ring the clinic if you cannot go.

I will:
- book a taxi to take you and Precious to each clinic appointment;
- ask the asthma nurse to visit you at home to go over the inhalers with you;
- help you apply for Disability Living Allowance for Precious.

This agreement lasts for eight weeks, until 28 July 2025. We will meet at your flat on 30 June 2025 to see how it is going.

If Precious keeps missing appointments or becomes unwell again, I will arrange a meeting with you and her doctors to agree what needs to change, and this may include a child protection conference.

If the agreement is not kept, this will be written down and could be referred to if the case ever went to court.

If you need to speak to me, my number is 07700 900318.

Yours sincerely,
Olu Adeyemi
Social Worker

Reply slip
I have read this agreement.
Signed ______________________  Date ____________
"""

TABLE_SAFETY_PLAN = """\
BRACKENFORD BOROUGH COUNCIL
Safety Plan Agreement

Mother: Jodie Carr
Child: Tyler Carr (3)
SW: Gemma Holt
Date: 9 January 2025

This agreement is not legally binding.

Why we are worried
Tyler was found wandering in the street on his own at 11pm on 4 January 2025. Jodie has told us she had been drinking that evening.

| What needs to happen | Who will do it | By when |
| Tyler to live with his grandmother, Sandra Carr, at her home in Brackenford | Jodie and Sandra | From today |
| Jodie's time with Tyler to be supervised by Sandra at all times | Jodie and Sandra | Ongoing |
| Jodie to attend the alcohol service | Jodie | 20 January 2025 |
| Referral to the Brackenford alcohol service and help with the bus fare | Gemma (social worker) | 13 January 2025 |

This plan will remain in place until further notice. It will be reviewed at the CIN meeting on 6 February 2025.

If you do not keep to this agreement, the LA may show it to the court as evidence.

The aim is for Tyler to return home safely to Jodie.

You must sign this agreement today.

Signed ______________ (Jodie Carr)  Date ________
Signed ______________ (Gemma Holt)  Date ________
"""

DOMESTIC_ABUSE_PARTNERSHIP = """\
GREYFIELD CHILDREN'S SERVICES
PARTNERSHIP AGREEMENT

Parent: Ms Rachel Evans
Children: Mason (8) and Lily-Mae (5)
Allocated worker: Ben Talbot, Greyfield Children's Services, tel. 020 7946 0588

Status
This agreement is not a legal contract. If there were ever care proceedings, a court could be told whether it was kept.

Background
On 22 March 2025 police attended the home after Rachel's ex-partner, Shane Dwyer, assaulted her. Mason told his teacher that Shane shouts and breaks things. Shane has a history of domestic abuse in previous relationships.

Goal
Our goal is for Mason and Lily-Mae to be safe from violence and for Rachel to feel supported.

Rachel will:
1. Not let Shane into the house or allow him to see the children.
2. Make sure Shane does not collect the children from school.
3. Not record any meetings or telephone calls with the social worker.

Children's Services will:
1. Refer Rachel to the Greyfield Domestic Abuse Service for one-to-one support.
2. Help Rachel apply for a non-molestation order.

Timescale
This agreement will be in place for 12 weeks, from 31 March 2025 to 23 June 2025. It will be reviewed on 5 May 2025.

If the children are not safe
If Shane comes back to the home, we will hold a strategy discussion with the police.

Signed ___________ (Rachel Evans)  Date ______
Signed ___________ (Ben Talbot)  Date ______
"""

WHOLE_AGREEMENTS = [
    pytest.param(NUMBERED_CONTRACT, set(), set(), id="numbered-contract-complete"),
    pytest.param(LETTER_WITH_REPLY_SLIP, set(), set(), id="letter-complete"),
    pytest.param(
        TABLE_SAFETY_PLAN,
        {"timescale", "contingency_plan", "legal_advice"},
        {
            "vague_timescale",
            "required_supervised_contact",
            "required_residence",
            "coercive_wording",
            "unexplained_jargon",
        },
        id="table-safety-plan-with-kinship-concerns",
    ),
    pytest.param(
        DOMESTIC_ABUSE_PARTNERSHIP,
        {"legal_advice"},
        {"victim_controls_abuser", "recording_ban", "unexplained_jargon"},
        id="domestic-abuse-numbered",
    ),
]


@pytest.mark.parametrize(("text", "missing", "flagged"), WHOLE_AGREEMENTS)
def test_whole_agreement_gets_exactly_the_expected_findings(text: str, missing: set[str], flagged: set[str]) -> None:
    findings = check(read_pasted_text(text))
    assert {f.id for f in findings if f.status == MISSING} == missing
    assert {f.id for f in findings if f.status == FLAGGED} == flagged
    text_flat = _norm(text)
    for finding in findings:
        assert all(_norm(e.quote) in text_flat for e in finding.evidence), finding.id


def findings_for(text: str) -> dict[str, Finding]:
    return {f.id: f for f in check(read_pasted_text(text))}


@pytest.mark.parametrize(("text", "element", "expected"), CASES)
def test_element_status_matches_a_careful_reading(text: str, element: str, expected: str) -> None:
    finding = findings_for(text)[element]
    assert finding.status == expected, [e.quote for e in finding.evidence]


def test_every_element_is_tested_both_ways_at_least_three_times() -> None:
    counts: dict[tuple[str, str], int] = {}
    for param in CASES:
        _, element, status = param.values
        counts[element, status] = counts.get((element, status), 0) + 1
    for element in ELEMENT_IDS:
        per_status = [n for (e, _), n in counts.items() if e == element]
        assert len(per_status) == 2 and min(per_status) >= 3, element


def test_a_threat_about_not_signing_is_coercion_not_a_plan() -> None:
    findings = findings_for("If you refuse to sign we will go to court.")
    assert findings["coercive_wording"].status == FLAGGED
    assert findings["contingency_plan"].status == MISSING
    assert findings["breach_consequences"].status == MISSING


def test_one_sentence_can_be_a_contingency_plan_and_a_breach_consequence() -> None:
    findings = findings_for(
        "Should concerns grow or this agreement not be kept, we will hold a legal planning "
        "meeting and may start court proceedings."
    )
    assert findings["contingency_plan"].status == PRESENT
    assert findings["breach_consequences"].status == PRESENT


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("text", "element", "expected"), CASES)
def test_evidence_is_quoted_word_for_word(text: str, element: str, expected: str) -> None:
    document = read_pasted_text(text)
    for finding in check(document):
        if finding.status in (PRESENT, FLAGGED):
            assert finding.evidence, finding.id
        for evidence in finding.evidence:
            assert _norm(evidence.quote) in _norm(document.text), (finding.id, evidence.quote)


def test_every_finding_explains_itself_and_names_its_sources(sample_text: str) -> None:
    findings = check(read_pasted_text(sample_text))
    assert [f.id for f in findings] == list(ELEMENT_IDS)
    for finding in findings:
        assert finding.explanation.strip() and finding.advice.strip(), finding.id
        assert finding.sources, finding.id


def test_a_complete_agreement_has_every_required_element_and_no_concern(sample_text: str) -> None:
    findings = check(read_pasted_text(sample_text))
    assert {f.status for f in findings if f.kind == "required"} == {PRESENT}
    assert {f.status for f in findings if f.kind == "concern"} == {CLEAR}


# --- the element files in knowledge/checklist -------------------------------------------------------------------


def test_every_checked_element_has_a_file_and_every_file_a_check() -> None:
    assert list(checklist_texts()) == sorted(CHECKS)
    assert [e.id for e in ELEMENTS] == list(CHECKS)
    assert {e.kind for e in ELEMENTS} == set(KINDS)


def test_the_files_are_read_once_not_for_every_check(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [f.explanation for f in check(read_pasted_text("This agreement ends on 1 June 2025."))]

    def no_reading(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("a file was read during a check")

    monkeypatch.setattr(Path, "read_text", no_reading)
    assert [f.explanation for f in check(read_pasted_text("This agreement ends on 1 June 2025."))] == expected


def test_a_long_text_may_run_over_several_lines_and_reads_as_one(tmp_path: Path) -> None:
    folder = _copy_of_the_checklist(tmp_path)
    path = folder / "goal.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'^question = ".*"$', 'question = """\nWhat are we all\n   trying to achieve?\n"""', text, flags=re.M),
        encoding="utf-8",
    )
    assert load_checklist(folder)["goal"].question == "What are we all trying to achieve?"


def _copy_of_the_checklist(tmp_path: Path) -> Path:
    folder = tmp_path / "checklist"
    folder.mkdir()
    for path in (KNOWLEDGE_DIR / "checklist").glob("*.toml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _spoil(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of knowledge/checklist with one file changed: `old` (which must be there) replaced by `new`."""
    folder = _copy_of_the_checklist(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), f"{old} is not in {file}"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return folder


BAD_FILES = [
    pytest.param(
        "timescale.toml", r"^why = .*\n", "", r"timescale\.toml: add `why` \(why it matters", id="missing-field"
    ),
    pytest.param(
        "goal.toml",
        r"^advice =",
        "advise =",
        r"goal\.toml: unknown field `advise`; did you mean `advice`\?",
        id="misspelt",
    ),
    pytest.param(
        "review.toml",
        r'^kind = "required"',
        'kind = "needed"',
        r'review\.toml: `kind` is “needed”; write kind = "required"',
        id="wrong-kind",
    ),
    pytest.param(
        "signatures.toml",
        r'"seed-001"',
        '"seed-999"',
        r"signatures\.toml: source seed-999 is not in knowledge/sources",
        id="unknown-source",
    ),
    pytest.param(
        "recording_ban.toml",
        r"^pattern = .*$",
        "pattern = '(record'",
        r"recording_ban\.toml: `pattern` in \[intent\] is not a valid",
        id="bad-regex",
    ),
    pytest.param(
        "legal_advice.toml",
        r'^expected = "found"',
        'expected = "present"',
        r'legal_advice\.toml: `expected` in example 1 is “present”; write expected = "found" or expected = "not found"',
        id="bad-example-status",
    ),
    pytest.param(
        "goal.toml",
        r"^expected =",
        "expect =",
        r"goal\.toml: unknown field `expect` in example 1; did you mean `expected`",
        id="misspelt-example-field",
    ),
    pytest.param("goal.toml", r"^label = ", "label = = ", r"goal\.toml: the file is not valid TOML", id="not-toml"),
    pytest.param(
        "review.toml",
        r"^order = \d+",
        "order = 1",
        r"timescale\.toml: \[intent\] order = 1 is also used by review\.toml",
        id="same-order",
    ),
    pytest.param(
        "review.toml",
        r'^entry = ".*"',
        'entry = "reveiws"',
        r"review\.toml: `entry` in \[intent\] is “reveiws”, but",
        id="unknown-entry",
    ),
    pytest.param(
        "timescale.toml",
        r'"vague_timescale"\]',
        '"vague_timescales"]',
        r"timescale\.toml: \[intent\] `elements` names elements that have no file: vague_timescales",
        id="unknown-intent-element",
    ),
    pytest.param(
        "goal.toml",
        r'^name = "(.*)"\n((?:.*\n)*?)name = ".*"',
        r'name = "\1"\n\2name = "\1"',
        r"goal\.toml: two examples are called",
        id="two-examples-one-name",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_FILES)
def test_a_bad_element_file_is_refused_with_a_message_naming_it(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = _spoil(tmp_path, file, old, new)
    with pytest.raises(KnowledgeError, match=message):
        load_checklist(folder)


def test_a_file_without_a_check_is_refused_and_says_a_programmer_is_needed(tmp_path: Path) -> None:
    folder = _copy_of_the_checklist(tmp_path)
    (folder / "goals.toml").write_text((folder / "goal.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"goals\.toml: there is no check for “goals”.*rename the file.*CHECKS"):
        elements.join(load_checklist(folder), CHECKS)


def test_a_check_without_a_file_is_refused_naming_the_missing_file(tmp_path: Path) -> None:
    folder = _copy_of_the_checklist(tmp_path)
    (folder / "goal.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"goal\.toml is missing"):
        elements.join(load_checklist(folder), CHECKS)


def test_the_real_files_load_and_join_without_complaint() -> None:
    joined = elements.join(load_checklist(KNOWLEDGE_DIR / "checklist"), CHECKS)
    assert [e.text for e in joined] == [e.text for e in ELEMENTS]
