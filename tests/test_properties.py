"""Properties of the reader and the checklist over inputs hypothesis makes up: bytes, mangled real files, any text,
and agreements stitched together from real clauses and noise.

The invariants: reading gives a Document or a plain 4xx AssistantError and nothing else; every checklist element is
reported once, in the table's order; every piece of evidence is a verbatim quote of the clause it names, and of the
document's text once runs of whitespace are squashed (clauses join wrapped lines with one space).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

from builders import agreement_docx, agreement_pdf  # noqa: E402
from hostile import make_hostile  # noqa: E402
from hypothesis import HealthCheck, assume, event, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from assistant.checklist.elements import CONCERN, ELEMENT_IDS, ELEMENTS, MAX_EVIDENCE, REQUIRED  # noqa: E402
from assistant.checklist.report import Analysis, analyse  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError, EmptyDocument, NoReadableText  # noqa: E402
from assistant.reading.documents import Document, read_document, read_pasted_text  # noqa: E402

pytestmark = pytest.mark.slow  # hypothesis makes up hundreds of inputs per test

TESTS = Path(__file__).resolve().parent
SETTINGS = Settings(read_seconds=2.0)
FEW = settings(max_examples=100, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
MORE = settings(FEW, max_examples=200)
KINDS = {e.id: e.kind for e in ELEMENTS}


def squash(text: str) -> str:
    return " ".join(text.split())


def read_or_refuse(data: bytes) -> Document | AssistantError:
    """Read a file; a refusal must be an AssistantError with a plain 4xx message, and nothing else may escape."""
    try:
        return read_document(data, SETTINGS)
    except AssistantError as error:
        assert 400 <= error.status < 500
        assert error.message[:1].isupper() and error.message.endswith(".") and "\n" not in error.message
        return error


def assert_sound(document: Document) -> Analysis:
    """Analyse a document and check every invariant the checklist promises."""
    analysis = analyse(document)
    assert [f.id for f in analysis.findings] == list(ELEMENT_IDS)
    text = squash(document.text)
    for finding in analysis.findings:
        assert finding.kind == KINDS[finding.id]
        found = finding.status in ("present", "flagged")
        assert finding.status in ({REQUIRED: ("present", "missing"), CONCERN: ("flagged", "clear")}[finding.kind])
        assert bool(finding.evidence) == found, finding.id
        assert len(finding.evidence) <= MAX_EVIDENCE
        quotes = [e.quote for e in finding.evidence]
        assert len(set(quotes)) == len(quotes)
        for evidence in finding.evidence:
            clause = document.clauses[evidence.clause]
            assert evidence.quote.strip() and evidence.quote in clause.text, (finding.id, evidence, clause.text)
            assert (evidence.ref, evidence.page) == (clause.ref, clause.page)
            assert squash(evidence.quote) in text, (finding.id, evidence.quote)
    return analysis


# --- arbitrary bytes, and real files mangled ----------------------------------------------------------------------

# What a file's first bytes say it is: each sends the reader down a different path.
SIGNATURES = [
    b"%PDF-1.7\n",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"{\\rtf1",
    b"\x89PNG\r\n\x1a\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"MZ",
    b"\x1f\x8b",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"\x00\x00\x00\x18ftypheic",
]
ANY_BYTES = st.one_of(
    st.binary(max_size=3000), st.tuples(st.sampled_from(SIGNATURES), st.binary(max_size=3000)).map(b"".join)
)


@MORE
@given(ANY_BYTES)
@example(b"")
@example(b"%PDF-")
@example(b"PK\x05\x06" + bytes(18))
@example(b"\xff\xfe\x00")
def test_any_bytes_are_read_or_refused_plainly(data):
    outcome = read_or_refuse(data)
    if isinstance(outcome, Document):
        assert_sound(outcome)


def _fixed(pdf: bytes) -> bytes:
    """fpdf2 stamps the time into the file: fix it (same length, so the offsets hold) so examples replay exactly."""
    return re.sub(rb"/CreationDate \(D:\d{14}", b"/CreationDate (D:20250106093000", pdf)


def _rezipped(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return make_hostile.zip_parts({info.filename: archive.read(info) for info in archive.infolist()})


REAL_FILES = {
    "pdf": _fixed(agreement_pdf()),
    "raw-pdf": make_hostile.one_page_pdf(),
    "docx": _rezipped(agreement_docx()),
}

# One change to a file: flip bits of a byte, insert or overwrite a few bytes, delete a run, or cut the file short.
EDIT = st.tuples(
    st.sampled_from(["flip", "flip", "insert", "overwrite", "delete", "cut"]),
    st.integers(0, 2**31),
    st.binary(min_size=1, max_size=8),
)


def mangle(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for how, where, payload in edits:
        if not out:
            break
        at = where % len(out)
        if how == "flip":
            out[at] ^= payload[0] or 1
        elif how == "insert":
            out[at:at] = payload
        elif how == "overwrite":
            out[at : at + len(payload)] = payload
        elif how == "delete":
            del out[at : at + payload[0] + 1]
        else:
            del out[max(at, 1) :]
    return bytes(out)


@MORE
@given(st.sampled_from(sorted(REAL_FILES)), st.lists(EDIT, min_size=1, max_size=6))
def test_mangled_real_files_are_read_or_refused_plainly(kind, edits):
    outcome = read_or_refuse(mangle(REAL_FILES[kind], edits))
    event(f"{kind}: {getattr(outcome, 'code', 'read')}")
    if isinstance(outcome, Document):
        assert_sound(outcome)


DOCX_PARTS = {
    info.filename: zipfile.ZipFile(io.BytesIO(REAL_FILES["docx"])).read(info)
    for info in zipfile.ZipFile(io.BytesIO(REAL_FILES["docx"])).infolist()
}
XML_PARTS = sorted(name for name in DOCX_PARTS if name.endswith((".xml", ".rels")))


@FEW
@given(st.sampled_from(XML_PARTS), st.lists(EDIT, min_size=1, max_size=6))
@example("word/document.xml", [("cut", 200, b"x")])
@example("[Content_Types].xml", [("overwrite", 60, b"<<<<")])
def test_word_files_with_mangled_xml_inside_a_sound_zip_are_read_or_refused_plainly(part, edits):
    data = make_hostile.zip_parts(DOCX_PARTS | {part: mangle(DOCX_PARTS[part], edits)})
    outcome = read_or_refuse(data)
    event(getattr(outcome, "code", "read"))
    if isinstance(outcome, Document):
        assert_sound(outcome)


def test_mangling_really_changes_what_is_read():
    """The properties above are not vacuous: unchanged, every real file reads; cut short, none does."""
    assert all(isinstance(read_or_refuse(data), Document) for data in REAL_FILES.values())
    assert not any(
        isinstance(read_or_refuse(mangle(data, [("cut", 40, b"x")])), Document) for data in REAL_FILES.values()
    )


# --- any text, pasted ------------------------------------------------------------------------------------------------

# Pieces that steer the reader and the rules: list markers, fields, table cells, signature lines, negations,
# jargon, dates, contractions, curly quotes, bidi controls, and the characters the reader cleans away.
TOKENS = [
    "1. ",
    "2.1 ",
    "a) ",
    "(iv) ",
    "- ",
    "• ",
    "[x] ",
    "[ ] ",
    "Social worker: ",
    "Parent: Sam Carter\n",
    "Tel: 01632 960123",
    " | ",
    "\t",
    "____",
    "......",
    "---\n",
    "Signed:",
    "Date:",
    "not ",
    "never ",
    "won't ",
    "isn't ",
    "must ",
    "will ",
    "you ",
    "We are worried ",
    "until further notice",
    "ongoing ",
    "s20 ",
    "section 20 ",
    "CP ",
    "supervised contact ",
    "record ",
    "sign today ",
    "live with Aunt Jo ",
    "14 April 2025",
    "six weeks",
    "review ",
    "court ",
    "solicitor ",
    "Mia",
    "Sam",
    "(",
    ")",
    ".",
    ",",
    ";",
    ":",
    "’",
    "“",
    "”",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\x00",
    "\xa0",
    "\f",
    "\ufeff",
    "\u202e",
    "\u2066",
    "\u200b",
    "é",
    "\u0301",
    "ﬁ",
    "İ",
    "ß",
    "   ",
    "<script>alert(1)</script>",
    "&amp;",
    "A",
    "z",
    "9",
]
SHAPED_TEXT = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)
ANY_TEXT = st.one_of(
    st.text(max_size=1500),
    SHAPED_TEXT,
    st.lists(st.one_of(st.text(max_size=40), st.sampled_from(TOKENS)), max_size=60).map("".join),
)


def read_pasted(text: str, settings: Settings = SETTINGS) -> Document | None:
    """Read pasted text; only "nothing to read" may be refused."""
    try:
        return read_pasted_text(text, settings)
    except (EmptyDocument, NoReadableText):
        assert not re.search(r"\w", unicodedata.normalize("NFC", text).replace("\x00", ""))
        return None


@MORE
@given(ANY_TEXT)
@example("")
@example("\x00\x00")
@example("Parent: \n1.\n|")
@example("The CP plan\n-----\nis here.")  # a quote once ran across the ruled line, joining words not side by side
def test_any_pasted_text_is_read_and_checked_or_refused_as_having_no_words(text):
    document = read_pasted(text)
    if document is not None:
        assert_sound(document)


def cleaned_lines(text: str) -> list[str]:
    """Pasted text as the reader keeps it: NFC, one kind of line break, a few invisible characters gone."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\x00", "").replace("\u00a0", " ").replace("\ufeff", "")
    return [line.rstrip() for line in text.split("\n")]


@MORE
@given(ANY_TEXT)
def test_pasted_text_is_kept_as_written_line_by_line(text):
    document = read_pasted(text)
    assume(document is not None)
    assert document.text == "\n".join(cleaned_lines(text))


@FEW
@given(ANY_TEXT, st.integers(40, 3000))
@example("\r\n" * 60 + "Sam will take Mia to nursery.", 40)
@example("\x00" * 100 + "Sam will take Mia to nursery.", 40)
def test_a_document_never_holds_more_than_the_character_limit_and_says_when_it_was_cut(text, limit):
    document = read_pasted(text, Settings(max_text_chars=limit))
    assume(document is not None)
    assert len(document.text) <= limit
    full = "\n".join(cleaned_lines(text))
    if document.warnings:
        assert len(full) + 1 > limit
    else:
        assert document.text == full
    assert_sound(document)


@FEW
@given(ANY_TEXT.filter(lambda t: "\x00" not in t))
def test_a_text_file_and_the_same_words_pasted_give_the_same_clauses(text):
    pasted = read_pasted(text)
    uploaded = read_or_refuse(text.encode("utf-8"))
    if pasted is None or isinstance(uploaded, AssistantError):
        # A file of control characters is refused as not text at all; the same pasted has no words either way.
        assert pasted is None or uploaded.code == "unsupported_type"
        return
    assert [(c.kind, c.text, c.ref) for c in uploaded.clauses] == [(c.kind, c.text, c.ref) for c in pasted.clauses]


# --- agreements stitched from real clauses and noise ------------------------------------------------------------

AGREEMENT_LINES = sorted(
    {
        line.strip()
        for path in sorted((TESTS / "agreements").glob("*.txt")) + sorted((TESTS / "agreements2").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
NOISE = st.one_of(
    st.text(max_size=60), st.sampled_from(TOKENS), st.lists(st.sampled_from(TOKENS), max_size=8).map("".join)
)


@st.composite
def agreements(draw) -> str:
    """Real clause lines in any order, some cut, joined or garnished with noise, with blank lines between some."""
    lines = []
    for line in draw(st.lists(st.sampled_from(AGREEMENT_LINES), min_size=1, max_size=40)):
        how = draw(
            st.sampled_from(
                ["keep", "keep", "keep", "cut", "noise before", "noise after", "blank after", "indent", "upper"]
            )
        )
        if how == "cut":
            line = line[: draw(st.integers(0, len(line)))]
        elif how == "noise before":
            line = draw(NOISE) + line
        elif how == "noise after":
            line = line + draw(NOISE)
        elif how == "indent":
            line = "    " + line
        elif how == "upper":
            line = line.upper()
        lines.append(line)
        if how == "blank after":
            lines.append("")
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(draw(NOISE))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def test_the_real_clause_lines_are_there():
    assert len(AGREEMENT_LINES) > 300 and any("not legally binding" in line for line in AGREEMENT_LINES)


@MORE
@given(agreements())
def test_stitched_agreements_are_checked_soundly(text):
    document = read_pasted(text)
    assume(document is not None)
    assert_sound(document)


@FEW
@given(st.lists(st.sampled_from(AGREEMENT_LINES), min_size=1, max_size=30))
def test_real_clause_lines_are_found_again_in_the_document(lines):
    """No line of a real agreement is lost: each is in the document text, word for word."""
    document = read_pasted("\n".join(lines))
    assume(document is not None)  # lines of nothing but rules and blanks ("-----", "________")
    text = squash(document.text)
    assert all(squash(line) in text for line in lines)
    assert_sound(document)
