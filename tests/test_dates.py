"""Dates: found in any common UK form, and placed as the start, review or end of the agreement."""

from __future__ import annotations

import pytest

from assistant.checklist.dates import find_dates, timeline


@pytest.mark.parametrize(
    "text,iso",
    [
        ("3 March 2025", "2025-03-03"),
        ("3rd March 2025", "2025-03-03"),
        ("March 3, 2025", "2025-03-03"),
        ("03/03/2025", "2025-03-03"),
        ("30/06/25", "2025-06-30"),
        ("12 Sept 2025", "2025-09-12"),
    ],
)
def test_common_date_forms_are_found(text, iso):
    assert find_dates(f"on {text} we meet")[0].date.isoformat() == iso


def test_a_date_without_a_year_takes_the_documents_year():
    dates = timeline("Date: 1 May 2025. Review at the meeting on 12 May.", [], ["Review at the meeting on 12 May."])
    assert dates["reviews"][0]["date"] == "2025-05-12"


@pytest.mark.parametrize(
    "sentence,start,end,reviews",
    [
        (
            "This contract will run from 5 June 2025 to 31 July 2025 and will be reviewed on 3 July 2025.",
            "2025-06-05",
            "2025-07-31",
            ["2025-07-03"],
        ),
        ("27 January 2025 to 7 April 2025.", "2025-01-27", "2025-04-07", []),
        ("This agreement is not ongoing: it ends on 3 March 2025.", None, "2025-03-03", []),
        (
            "WA to remain in place until RCPC on 30/06/25. To be reviewed at CGM on 19/05/25.",
            None,
            "2025-06-30",
            ["2025-05-19"],
        ),
    ],
)
def test_each_date_gets_the_role_of_the_word_nearest_before_it(sentence, start, end, reviews):
    dates = timeline(sentence, [sentence], [sentence])
    assert (dates["start"] or {}).get("date") == start
    assert (dates["end"] or {}).get("date") == end
    assert [r["date"] for r in dates["reviews"]] == reviews


def test_an_end_given_only_as_a_length_is_worked_out_and_says_so():
    sentence = "This agreement will be in place for 28 days from 2 June 2025."
    end = timeline(sentence, [sentence], [])["end"]
    assert end["date"] == "2025-06-30" and "worked out" in end["text"]


@pytest.mark.parametrize(
    "sentence",
    [
        "This agreement runs through 30 June 2025.",  # "through" was only the timescale rule's end word
        "This agreement runs out on 30 June 2025.",  # "runs out" was only the timeline's
    ],
)
def test_one_list_of_end_words_serves_the_timeline_and_the_timescale_rule(sentence):
    from assistant.checklist.report import analyse
    from assistant.reading.documents import read_pasted_text

    assert timeline(sentence, [sentence], [])["end"]["date"] == "2025-06-30"
    analysis = analyse(read_pasted_text(f"Working agreement\n{sentence}"))
    assert analysis.finding("timescale").status == "present"
    assert analysis.dates["end"]["date"] == "2025-06-30"
