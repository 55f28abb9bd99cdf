"""The report: one headline for the API, the command line and (in brief) the page."""

from __future__ import annotations

import re

from assistant.checklist.report import analyse, as_json, headline, summary
from assistant.reading.documents import read_pasted_text


def findings_of(text: str):
    return analyse(read_pasted_text(text)).findings


def test_the_full_and_brief_headlines_give_the_same_counts():
    findings = findings_of("Working agreement\nYou must not record meetings. You must sign this today.")
    missing = sum(f.status == "missing" for f in findings)
    flagged = sum(f.status == "flagged" for f in findings)
    required = sum(f.kind == "required" for f in findings)
    assert headline(findings) == (
        f"{missing} of the {required} things guidance says an agreement should have are missing and "
        f"{flagged} things guidance says should not be in an agreement were found."
    )
    assert headline(findings, brief=True) == (
        f"{missing} things guidance says should be here are missing; {flagged} things to ask about."
    )


def test_one_worrying_thing_is_said_in_the_singular():
    findings = findings_of("Working agreement\nYou must not record meetings.")
    assert re.search(r"and 1 thing guidance says should not be in an agreement was found\.$", headline(findings))
    assert headline(findings, brief=True).endswith("; 1 thing to ask about.")


def test_the_api_summary_and_the_json_carry_the_full_headline(sample_text):
    analysis = analyse(read_pasted_text(sample_text))
    assert summary(analysis.findings)["headline"] == headline(analysis.findings)
    assert as_json(analysis)["summary"]["headline"] == "Everything guidance looks for was found, and nothing worrying."
    assert headline(analysis.findings, brief=True) == (
        "Everything guidance looks for is here, and nothing worrying was found."
    )
