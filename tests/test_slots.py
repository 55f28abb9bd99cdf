"""Blank slots: a form's places left empty are not content, and a parent is told they are empty."""

from __future__ import annotations

import pytest
from conftest import docx_from_text, pdf_from_text

from assistant.checklist.report import analyse, as_json
from assistant.reading.documents import read_document

FORM = """Working agreement

Child: Ada Price
Social worker: ______________
Date of next review: (insert date)

What we are worried about

Ada has missed 20 days of school this term.

What you will do

You will take Ada to school every day.

Signed (parent): ________   Date: ______
"""


@pytest.mark.parametrize("make", [lambda t: t.encode(), docx_from_text, pdf_from_text], ids=["text", "docx", "pdf"])
def test_blank_slots_are_missing_and_said_to_be_blank(make):
    data = as_json(analyse(read_document(make(FORM))))
    says = [slot["says"] for slot in data["blank_slots"]]
    assert says == [
        "The space for the social worker is left blank.",
        "The space for the date of next review is left blank.",
    ]
    findings = {f["id"]: f for f in data["checklist"]}
    assert findings["review"]["status"] == "missing"
    assert [b["quote"] for b in findings["review"]["blanks"]] == ["Date of next review: (insert date)"]
    assert findings["worker_contact"]["status"] == "missing"
    assert findings["worker_contact"]["blanks"][0]["quote"].startswith("Social worker:")
    assert findings["signatures"]["status"] == "present"  # the place to sign is meant to be blank
    assert all(not f["blanks"] for f in data["checklist"] if f["status"] in ("present", "flagged"))


def test_a_filled_in_form_has_no_blank_slots():
    filled = FORM.replace("______________", "Jo Reed, 01632 960 111").replace("(insert date)", "3 June 2026")
    data = as_json(analyse(read_document(filled.encode())))
    assert data["blank_slots"] == []
    assert {f["id"]: f["status"] for f in data["checklist"]}["worker_contact"] == "present"


def test_the_page_lists_what_is_left_blank(client):
    from test_pages import token

    csrf = token(client.get("/").text)
    client.post("/check", data={"csrf": csrf}, files={"file": ("form.txt", FORM.encode(), "text/plain")})
    page = client.get("/agreement").text
    assert "Left blank on the form" in page
    assert "The space for the date of next review is left blank." in page
    assert "Your form has a place for this, but it is left blank" in page
