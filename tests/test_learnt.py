"""The checklist's learnt sentence reader: its data, saving and loading, what it reads in sentences it never saw,
and how an unsure finding reaches the JSON and the page."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.checklist import elements, learnt
from assistant.checklist.context import Context
from assistant.checklist.elements import check
from assistant.checklist.learnt import LEARNT, load_corpus, sentence_reader
from assistant.checklist.report import analyse, as_json
from assistant.reading.documents import read_pasted_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rows():
    return load_corpus()


def test_the_corpus_is_big_and_every_element_has_positives_and_near_misses(rows):
    assert len(rows) >= 3000
    positives = Counter(label for row in rows for label in row.labels)
    assert {element: positives[element] for element in LEARNT if positives[element] < 40} == {}
    assert sum(not row.labels for row in rows) >= len(rows) // 4  # near misses and negations
    seen = Counter((row.text, row.heading) for row in rows)
    assert [key for key, n in seen.items() if n > 1] == []


def test_the_corpus_copies_no_agreement_it_is_scored_on(rows):
    """Sentences are invented: none is a line of a development or test agreement (those score it)."""
    folders = [
        ROOT / "tests" / "agreements",
        ROOT / "tests" / "agreements2",
        ROOT.parent / "shared" / "dev-set",
        ROOT.parent / "shared" / "dev-set-2",
    ]
    lines = set()
    for folder in folders:
        for path in folder.rglob("*.txt"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = re.sub(r"^[\s\-•*\d.()]+", "", line).strip()
                if len(line.split()) >= 8:
                    lines.add(line)
    copied = [row.text for row in rows if row.text.strip() in lines]
    assert copied == []


def test_a_bad_label_in_the_data_is_an_error(tmp_path):
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": "x", "heading": "", "labels": ["timescale"]}) + "\n")
    with pytest.raises(ValueError, match="bad.jsonl, line 1"):
        load_corpus(tmp_path)


def test_the_reader_is_saved_and_loaded_with_the_same_probabilities(tmp_path, rows):
    """Learnt once and kept as plain arrays; a second process loads it; a damaged file is learnt again. (A tenth of
    the sentences, to keep the fast loop fast: the path is the one sentence_reader() takes with all of them.)"""
    some = rows[::10]
    learnt_now = learnt.load_or_learn(tmp_path, "test", lambda: some)
    assert [p.name for p in tmp_path.iterdir()] == ["sentences-test.npz"]
    loaded = learnt.load_or_learn(tmp_path, "test", lambda: pytest.fail("learnt again although it was saved"))
    texts = ["We will pay for the bus to the contact centre.", "You must not film any visit."]
    roles = [frozenset(), frozenset({"parent"})]
    assert np.allclose(learnt_now.probabilities(texts, roles), loaded.probabilities(texts, roles))
    (tmp_path / "sentences-test.npz").write_bytes(b"not an archive")
    again = learnt.load_or_learn(tmp_path, "test", lambda: some)
    assert np.allclose(again.probabilities(texts, roles), learnt_now.probabilities(texts, roles))
    learnt.load_or_learn(tmp_path, "newer", lambda: some)
    assert [p.name for p in tmp_path.iterdir()] == ["sentences-newer.npz"]  # the old one is removed


def test_the_saved_name_follows_the_sentences_and_the_code():
    assert len(learnt.digest()) == 20 and learnt.digest() == learnt.digest()


# Sentences written for this test, in wordings the data does not hold (the test checks that): each with the
# element it carries, or (None) a near miss, and an element it must not carry. How often the reader is sure of a
# new wording is measured by benchmarks/bench_sentences.py, not asserted here.
UNSEEN = [
    ("Our outreach worker, Bev, will give you a lift to the dentist and sit with you.", "la_support", "recording_ban"),
    ("Nobody may use a phone to make a recording while staff are in the room.", "recording_ban", "la_support"),
    ("We are worried because Kai has missed 30 days of school and has lost weight.", "concerns_stated", "goal"),
    ("Unless this is signed by 5pm, the children's visits will be cancelled.", "coercive_wording", "review"),
    ("All of us will meet again on 14 October to see how the plan is going.", "review", "recording_ban"),
    ("You are welcome to tape our conversations if that helps you remember them.", None, "recording_ban"),
    ("Please take as long as you need before you decide whether to sign.", None, "coercive_wording"),
]


@pytest.mark.parametrize(("text", "carries", "not_this"), UNSEEN)
def test_the_reader_generalises_to_new_wording(rows, text, carries, not_this):
    assert text not in {row.text for row in rows}
    p = sentence_reader().probabilities([text], [frozenset()])[0]
    column = sentence_reader().column
    if carries:  # the element it carries is the one the reader rates highest, at least "check this yourself"
        assert p.argmax() == column[carries] and p[column[carries]] >= elements.UNSURE
    assert p[column[not_this]] < elements.UNSURE


def agreement(*lines: str) -> str:
    return "\n\n".join(("Written agreement for Ada Price",) + lines)


@pytest.mark.parametrize(
    ("heading", "line"),
    [
        (
            "Next steps",
            "Dee from the family hub will pop round on Thursdays with a food parcel and sort out the gas meter.",
        ),
        (
            "Things that are going to happen",
            "A taxi paid for by the council will bring Ada to the contact centre and back each Saturday.",
        ),
    ],
)
def test_reader_finds_support_in_wording_the_rules_do_not_know(heading, line):
    text = agreement(heading, line)
    saved, elements.LEARNT = elements.LEARNT, ()
    try:
        by_rules = {f.id: f for f in check(read_pasted_text(text))}
    finally:
        elements.LEARNT = saved
    with_reader = {f.id: f for f in check(read_pasted_text(text))}
    assert by_rules["la_support"].status == "missing"
    assert with_reader["la_support"].status == "present"
    assert with_reader["la_support"].evidence[0].quote == line
    assert with_reader["la_support"].confidence >= elements.SURE


def test_an_unsure_finding_is_missing_with_the_sentence_to_check(monkeypatch):
    """A sentence the reader thinks may carry an element, but is not sure of, never turns into a tick: the status
    stays "missing", the confidence is low, and the sentence is given for the person to read."""
    line = "Dee from the family hub will pop round on Thursdays with a food parcel and sort out the gas meter."
    text = agreement("Next steps", line)
    document = read_pasted_text(text)
    unit = next(u for u in Context(document).units if u.text == line)
    p = sentence_reader().probabilities([line], [unit.roles])[0][sentence_reader().column["la_support"]]
    monkeypatch.setattr(elements, "SURE", min(p + 0.01, 0.999))  # the same reader, held to a higher bar
    monkeypatch.setattr(elements, "UNSURE", p - 0.01)
    finding = {f.id: f for f in check(document)}["la_support"]
    assert finding.status == "missing" and finding.unsure
    assert finding.confidence == pytest.approx(1 - p, abs=0.01)
    assert finding.maybe[0].quote == line
    data = as_json(analyse(document))
    row = next(f for f in data["checklist"] if f["id"] == "la_support")
    assert row["status"] == "missing" and row["maybe"][0]["quote"] == finding.maybe[0].quote
    assert 0 <= row["confidence"] <= 1
    assert "la_support" in data["summary"]["unsure"]
    assert "check yourself" in data["summary"]["headline"]


def test_every_finding_has_a_confidence_and_the_json_keeps_the_status_words(sample_text):
    data = as_json(analyse(read_pasted_text(sample_text)))
    for row in data["checklist"]:
        assert row["status"] in ("present", "missing", "flagged", "clear")
        assert 0 <= row["confidence"] <= 1
        assert isinstance(row["maybe"], list)


def test_the_reader_overrules_a_match_it_is_sure_is_wrong():
    """The rules see "solicitor"; the reader knows a question about one is not advice to get one."""
    text = agreement(
        "What you are asked to do",
        "You will take Ada to nursery every weekday.",
        "At our meeting you asked me whether you ought to find a solicitor. You do not need one.",
    )
    finding = {f.id: f for f in check(read_pasted_text(text))}["legal_advice"]
    assert finding.status == "missing"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Aaron Price, family support worker, 01632 960 210", {"Aaron"}),
        ("Please raise this with social worker Priya Shah.", {"Priya"}),
        ("Jo (your key worker) will ring you.", {"Jo"}),
        ("Your social worker is Tom Reid.", {"Tom"}),
        ("Mum (Ms Reilly) will take the children to school.", set()),
        ("The Social Worker will visit.", set()),
    ],
)
def test_names_the_document_ties_to_a_professional(text, names):
    assert learnt.professionals(text) == names


def test_a_name_the_header_calls_a_worker_reads_as_the_council_helping():
    """The same sentence, with and without the header that says who Aaron is."""
    line = "Aaron will drive you and the children to the food bank on Fridays."
    reader, column = sentence_reader(), sentence_reader().column["la_support"]
    alone = reader.probabilities([line], [frozenset()])[0][column]
    known = reader.probabilities([line], [frozenset()], workers={"Aaron"})[0][column]
    assert known > alone


def test_the_reader_alone_never_flags_a_victim_where_no_abuse_is_named():
    """The rules' facts gate the reader: making a mother keep a man away is only a worry where the family has
    domestic abuse in it."""
    line = "Kerry must make sure that Dean never comes to the flat or sees the children."
    quiet = agreement("What Kerry will do", line)
    abuse = agreement(
        "What we are worried about", "Dean hit Kerry in May; this was domestic abuse.", "What Kerry will do", line
    )
    assert {f.id: f.status for f in check(read_pasted_text(quiet))}["victim_controls_abuser"] == "clear"
    assert {f.id: f.status for f in check(read_pasted_text(abuse))}["victim_controls_abuser"] == "flagged"


@pytest.mark.parametrize(
    "line",
    [
        "You don't need to sign this today.",
        "Do you have to sign this today?",
        "You asked whether you must sign it today.",
    ],
)
def test_a_question_or_a_lifted_obligation_is_never_pressure(line):
    finding = {f.id: f for f in check(read_pasted_text(agreement("Signing", line)))}["coercive_wording"]
    assert finding.status == "clear"
