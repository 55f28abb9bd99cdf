"""The checklist reads an agreement's structure first: header blocks, tables, lead-ins, long headings, letters'
senders and sign-offs, places to sign. Each agreement here is invented; each test reads it through the real reader
and the real checklist."""

from __future__ import annotations

from assistant.checklist.elements import check
from assistant.reading.documents import read_pasted_text


def findings(text: str) -> dict:
    return {f.id: f for f in check(read_pasted_text(text))}


def clauses(text: str):
    return read_pasted_text(text).clauses


HEADER_BLOCK = """ASHCOMBE COUNCIL
Children's Services

WRITTEN AGREEMENT

Child:            Poppy Lane (born 03/02/2019)
Parent:           Ms Nina Lane
Social worker:    Dev Amin - 01632 960 412
Team manager:     Ruth Cole
Date:             2 June 2025

WHAT MS LANE AGREES TO DO
1. Take Poppy to school every day.
"""


def test_a_header_block_lined_up_with_spaces_is_fields_not_a_table():
    read = clauses(HEADER_BLOCK)
    assert [c.kind for c in read if "Poppy Lane" in c.text or "Dev Amin" in c.text] == ["field", "field"]
    found = findings(HEADER_BLOCK)
    assert found["worker_contact"].status == "present"
    assert "Dev Amin" in found["worker_contact"].evidence[0].quote
    assert not any("Ruth Cole" in e.quote or "Poppy Lane" in e.quote for e in found["parent_expectations"].evidence)


def test_a_real_table_lined_up_with_spaces_is_still_a_table():
    text = "WHAT DAD WILL DO\n\nTask              When\nDrug test         every Monday\nParenting group   Thursdays\n"
    assert [c.kind for c in clauses(text) if "Monday" in c.text or "Thursdays" in c.text] == ["row", "row"]


def test_two_tables_one_after_the_other_stay_apart():
    text = (
        "WHAT MUM WILL DO | WHEN\n"
        "Go to the parenting course | Tuesdays\n"
        "Keep the flat tidy | every day\n"
        "WHAT WE WILL DO TO HELP | WHEN\n"
        "Pay for the bus to the course | weekly\n"
    )
    read = clauses(text)
    help_row = next(c for c in read if "bus" in c.text)
    assert help_row.cells[0][0] == "WHAT WE WILL DO TO HELP"
    assert not any(c.kind == "row" and "WHAT WE WILL DO" in c.text for c in read)


def test_a_lead_in_line_keeps_the_section_it_sits_in():
    text = (
        "WHAT WE ARE WORRIED ABOUT\n\n"
        "The home visit on 3 May 2025 found that:\n"
        "- there was no food in the house;\n"
        "- the baby's cot was broken.\n\n"
        "WHAT YOU WILL DO\n"
        "1. Buy food every week.\n"
    )
    worry = next(c for c in clauses(text) if "no food" in c.text)
    assert worry.heading.startswith("The home visit") and worry.section == "WHAT WE ARE WORRIED ABOUT"
    assert any("no food" in e.quote for e in findings(text)["concerns_stated"].evidence)


def test_a_lead_in_that_names_its_own_job_is_its_own_section():
    text = "Reasons for this agreement\nThe flat was very cold.\n\nSam and Jo agree to:\n- heat the flat every day.\n"
    item = next(c for c in clauses(text) if "heat the flat" in c.text)
    assert item.heading == "Sam and Jo agree to"
    assert any("heat the flat" in e.quote for e in findings(text)["parent_expectations"].evidence)


def test_a_long_heading_in_capitals_is_still_a_heading():
    text = "HOW WE WILL ALL KNOW THAT THINGS ARE BETTER FOR SAM AND HIS LITTLE SISTER AT HOME AND AT SCHOOL\n\nSam will be at school every day.\n"
    read = clauses(text)
    assert read[0].kind == "heading"
    assert read[1].heading.startswith("HOW WE WILL ALL KNOW")


def test_a_letters_sign_off_names_the_worker():
    text = (
        "Dear Ms Lane,\n\nThank you for meeting me on Monday. This letter sets out what we agreed.\n\n"
        "Yours sincerely,\n\nDev Amin\nSocial Worker, Family Help Team\n01632 960 412\n"
    )
    found = findings(text)["worker_contact"]
    assert found.status == "present" and "Dev Amin" in found.evidence[0].quote


def test_a_sign_off_from_someone_who_is_not_a_worker_is_not_a_worker_contact():
    text = "Dear Dev,\n\nThanks for the visit.\n\nKind regards,\n\nNina\n"
    assert findings(text)["worker_contact"].status == "missing"


def test_a_letters_sender_fields_name_the_worker():
    assert findings("Please ask for:  Dev Amin\n\nDear Ms Lane,\n\nHere is the plan.\n")["worker_contact"].status == (
        "present"
    )
    email = "From:     Dev Amin (Social Worker, Ashcombe Council)\nTo:       Nina Lane\n\nHi Nina,\n\nAs we said.\n"
    assert findings(email)["worker_contact"].status == "present"
    assert findings("From: Nina Lane\nTo: Dev\n\nHello.\n")["worker_contact"].status == "missing"


def test_social_worker_before_a_full_name_names_the_worker():
    text = "If you have any worries, please speak to social worker Tom Reyes."
    assert findings(text)["worker_contact"].status == "present"


def test_a_place_to_sign_without_a_line_is_a_signature():
    text = (
        "I will come to every session on time.\n\nSignature of parent:\nDate:\n\nSignature of centre manager:\nDate:\n"
    )
    assert findings(text)["signatures"].status == "present"


def test_a_blank_review_date_is_not_a_place_to_sign():
    text = "Mum will keep Milo's appointments.\n\nReview date: .................... (to be agreed)\n"
    assert findings(text)["signatures"].status == "missing"
