"""The reader, fed real PDF, Word and text files, good and hostile, all made at test time."""

from __future__ import annotations

import codecs
import gzip
import random
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from builders import (
    CLAUSE_5_1,
    CLAUSE_5_2,
    HEADER,
    OPENING,
    PLAIN_WORDS,
    TABLE,
    agreement_docx,
    agreement_pdf,
    deep_page_tree_pdf,
    deeply_nested_pdf,
    docx_bomb,
    docx_part_mutations,
    docx_with_lying_sizes,
    docx_without_document,
    encrypted_pdf,
    image_only_pdf,
    jpeg_bytes,
    long_docx,
    mutations,
    pdf_of_lines,
    pdf_with_pages,
    png_bytes,
    self_referencing_pdf,
    zip_of,
)
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.checklist.elements import ELEMENT_IDS
from assistant.config import Settings
from assistant.errors import (
    AssistantError,
    DamagedDocument,
    DocumentTooComplex,
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
    ReadingTooSlow,
    UnsupportedFileType,
)
from assistant.reading import ocr
from assistant.reading.documents import Document, read_document, read_pasted_text, sniff
from assistant.reading.ocr import BlankPhoto

FILES = Path(__file__).parent / "files"
SHARED_DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "dev-set"
JARGON = re.compile(
    r"traceback|exception|error\b|errno|pypdf|python|\bnone\b|xref|trailer|stream|object|"
    r"codec|utf-?8|byte|unicode|\bline \d+|file \"|0x[0-9a-f]|\w+\(\)|/[A-Z][a-z]+",
    re.I,
)


def assert_plain(error: AssistantError) -> None:
    """The message is short, whole sentences, and free of programmer words."""
    message = str(error)
    assert message == error.message
    assert error.status in (413, 415, 422)
    assert message[:1].isupper() and message.endswith("."), message
    assert "\n" not in message and len(message) < 400, message
    assert not JARGON.search(message), message


def refused(data: bytes, settings: Settings | None = None) -> AssistantError:
    """Read a file that must be refused and hand back the error, checking its message is plain."""
    with pytest.raises(AssistantError) as caught:
        read_document(data, settings)
    assert_plain(caught.value)
    return caught.value


def squash(text: str) -> str:
    return " ".join(text.split())


def clause_with(document: Document, words: str):
    return next(c for c in document.clauses if words in c.text)


# --- a real multi-page PDF ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_document() -> Document:
    return read_document(agreement_pdf())


def test_pdf_is_read_page_by_page_without_warnings(pdf_document):
    assert pdf_document.kind == "pdf"
    assert len(pdf_document.pages) == 3
    assert pdf_document.warnings == ()


def test_pdf_running_header_footer_and_page_numbers_are_dropped(pdf_document):
    assert HEADER not in pdf_document.text
    assert not re.search(r"Page \d of \d", pdf_document.text)
    assert all(HEADER not in c.text and "Page" not in c.text for c in pdf_document.clauses)


def test_pdf_word_hyphenated_across_a_line_break_is_joined(pdf_document):
    clause = clause_with(pdf_document, "health visitor")
    assert "arranges for Mia" in clause.text
    assert "arr-" not in pdf_document.text


def test_pdf_wrapped_paragraph_is_one_clause(pdf_document):
    clause = clause_with(pdf_document, "Sam Carter and Northshire")
    assert clause.text == OPENING
    assert clause.kind == "paragraph"
    assert clause.heading == "WRITTEN AGREEMENT"


def test_pdf_headings_are_found(pdf_document):
    headings = [c.text for c in pdf_document.clauses if c.kind == "heading"]
    assert headings[:3] == ["WRITTEN AGREEMENT", "Why we are worried", "Who will do what"]
    assert "What you agree to do" in headings and "Signatures" in headings
    assert pdf_document.title == "WRITTEN AGREEMENT"


def test_pdf_numbered_clause_is_found_by_page_and_number(pdf_document):
    clause = clause_with(pdf_document, "nursery every weekday")
    assert clause.text == CLAUSE_5_1
    assert clause.number == "5.1"
    assert clause.ref == "page 2, clause 5.1, under “What you agree to do”"
    assert clause_with(pdf_document, "alcohol").text == CLAUSE_5_2


def test_pdf_table_rows_keep_their_cells_together(pdf_document):
    rows = [c for c in pdf_document.clauses if c.kind == "row"]
    assert [tuple(value for _, value in row.cells) for row in rows] == list(TABLE[1:])
    assert [label for label, _ in rows[0].cells] == list(TABLE[0])
    assert rows[1].ref == "page 1, table row 2, under “Who will do what”"
    assert "Jo Patel, social worker" in rows[1].text and "1 February 2025" in rows[1].text


def test_pdf_table_running_onto_a_new_page_does_not_repeat_its_header_as_a_row():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    with pdf.table() as table:
        for n in range(60):
            row = table.row()
            for text in ("Who", "What") if n == 0 else (f"Person {n}", f"Task number {n} is done."):
                row.cell(text)
    document = read_document(bytes(pdf.output()))
    rows = [c for c in document.clauses if c.kind == "row"]
    assert [c.cells[0] for c in rows] == [("Who", f"Person {n}") for n in range(1, 60)]
    assert {c.page for c in rows} == {1, 2}


def test_pdf_whose_every_page_is_the_same_keeps_its_words():
    document = read_document(pdf_of_lines(["1. Sam will take Mia to nursery every day."], pages=3))
    assert "Sam will take Mia to nursery every day." in [c.text for c in document.clauses]


# --- a real Word file ---------------------------------------------------------------------------------------


def test_docx_headings_paragraphs_bullets_and_table_come_in_document_order():
    document = read_document(agreement_docx())
    assert document.kind == "docx"
    shape = [(c.kind, c.text) for c in document.clauses]
    assert shape[:5] == [
        ("heading", "Written Agreement"),
        ("paragraph", OPENING),
        ("heading", "What Sam agrees to do"),
        ("item", "Take Mia to every health check."),
        ("item", "Tell Jo if an appointment is missed."),
    ]
    assert shape[5] == ("heading", "Who will do what")
    assert shape[-2:] == [("heading", "Signatures"), ("paragraph", "Signed by Sam Carter on 10 January 2025.")]


def test_docx_table_rows_become_clauses_labelled_by_the_header_row():
    document = read_document(agreement_docx())
    rows = [c for c in document.clauses if c.kind == "row"]
    assert [c.cells for c in rows] == [tuple(zip(TABLE[0], cells, strict=False)) for cells in TABLE[1:]]
    assert rows[0].ref == "table row 1, under “Who will do what”"


def test_docx_bullets_are_points_under_their_heading():
    document = read_document(agreement_docx())
    bullet = clause_with(document, "Tell Jo")
    assert bullet.ref == "point 2, under “What Sam agrees to do”"


# --- plain text in every encoding a council laptop might save -------------------------------------------


ENCODINGS = {
    "utf-8": PLAIN_WORDS.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + PLAIN_WORDS.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + PLAIN_WORDS.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + PLAIN_WORDS.encode("utf-16-be"),
    "utf-16 LE without BOM": PLAIN_WORDS.encode("utf-16-le"),
    "windows-1252": PLAIN_WORDS.encode("cp1252"),
    "windows line endings": PLAIN_WORDS.replace("\n", "\r\n").encode("cp1252"),
}


@pytest.mark.parametrize("data", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_text_in_any_common_encoding_reads_to_the_same_words(data):
    document = read_document(data)
    assert document.kind == "text"
    assert document.text.strip() == PLAIN_WORDS.strip()
    assert [c.text for c in document.clauses] == [c.text for c in read_pasted_text(PLAIN_WORDS).clauses]


# --- the type comes from the content, not the name ------------------------------------------------------


def test_a_pdf_is_read_as_a_pdf_whatever_it_is_called():
    assert sniff(agreement_pdf()) == "pdf"
    assert read_document(agreement_pdf()).kind == "pdf"


def test_text_is_read_as_text_whatever_it_is_called():
    data = b"WRITTEN AGREEMENT\nThis is not a PDF, whatever its name says.\n"
    assert read_document(data).kind == "text"


def test_a_docx_is_read_as_a_docx_whatever_it_is_called():
    assert sniff(agreement_docx()) == "docx"


# --- inputs that must be refused, plainly ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["zero bytes", "whitespace", "BOM only", "utf-16 whitespace"],
)
def test_an_empty_file_is_refused_as_empty(data):
    assert isinstance(refused(data), EmptyDocument)


def test_pasted_nothing_is_refused_as_empty():
    with pytest.raises(EmptyDocument) as caught:
        read_pasted_text("  \n ")
    assert_plain(caught.value)


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128", "RC4-40"])
def test_a_pdf_locked_with_a_user_password_is_refused_plainly(algorithm):
    error = refused(encrypted_pdf(algorithm))
    assert isinstance(error, EncryptedDocument)
    assert "password" in error.message


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_a_pdf_with_only_an_owner_password_opens_for_anyone(algorithm):
    document = read_document(encrypted_pdf(algorithm, user_password=""))
    assert clause_with(document, "nursery every weekday").number == "5.1"


@pytest.mark.parametrize("fraction", [0.45, 0.2, 0.9])
def test_a_truncated_pdf_is_damaged_or_read_in_part_with_a_warning(fraction):
    data = agreement_pdf()
    try:
        document = read_document(data[: int(len(data) * fraction)])
    except AssistantError as error:
        assert_plain(error)
        assert isinstance(error, DamagedDocument)
    else:
        assert document.warnings


def test_a_pdf_of_pictures_only_is_called_a_scan():
    # its pictures are icons, too small to be pages, so even with Tesseract there is nothing to read
    assert isinstance(refused(image_only_pdf()), NoTextLayer)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["png named .pdf", "jpeg named .pdf"])
def test_pictures_named_pdf_are_read_as_pictures(name):
    picture = {"png named .pdf": png_bytes(), "jpeg named .pdf": jpeg_bytes()}[name]
    error = refused(picture)
    if ocr.available():
        assert isinstance(error, BlankPhoto)  # read as the photo it is: one blank pixel has no words
    else:
        assert isinstance(error, UnsupportedFileType) and "Tesseract" in error.message


HOSTILE_TYPES = {
    "old Word .doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    "plain zip": zip_of({"agreement.txt": b"WRITTEN AGREEMENT"}),
    "ELF program": b"\x7fELF\x02\x01\x01" + bytes(200),
    "Windows program": b"MZ\x90\x00\x03" + bytes(200),
    "gzip": gzip.compress(b"WRITTEN AGREEMENT " * 50),
    "docx without word/document.xml": docx_without_document(),
    "spreadsheet": zip_of({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}),
}


@pytest.mark.parametrize("data", HOSTILE_TYPES.values(), ids=HOSTILE_TYPES.keys())
def test_files_we_do_not_read_are_refused_as_unsupported(data):
    assert isinstance(refused(data), UnsupportedFileType)


def test_random_bytes_are_refused_plainly():
    rng = random.Random(1)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))
        refused(data)


@pytest.mark.parametrize("build", [docx_bomb, docx_with_lying_sizes], ids=["200 MB inside", "declared 500 MB"])
def test_a_docx_zip_bomb_is_refused_fast_and_in_little_memory(build):
    data = build()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refused(data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(error, DocumentTooComplex)
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024


def test_a_pdf_of_thousands_of_pages_is_read_up_to_the_page_limit():
    document = read_document(pdf_with_pages(3000), Settings(max_pages=40))
    assert len(document.pages) == 40
    assert any("3000 pages" in warning and "first 40" in warning for warning in document.warnings)


@pytest.mark.parametrize(
    "build",
    [deeply_nested_pdf, deep_page_tree_pdf, self_referencing_pdf],
    ids=["array nested 100,000 deep", "page tree 5,000 deep", "page tree loop"],
)
def test_pathological_pdf_structures_are_refused_without_crashing(build):
    assert isinstance(refused(build()), (DamagedDocument, DocumentTooComplex))


def test_no_time_to_read_at_all_is_too_complex():
    assert isinstance(refused(agreement_pdf(), Settings(read_seconds=0.0)), DocumentTooComplex)


def test_running_out_of_time_part_way_refuses_the_whole_file_in_plain_words():
    # a checklist of the first pages only would call what is on the others "missing"
    error = refused(pdf_with_pages(400), Settings(read_seconds=0.05, max_pages=400))
    assert isinstance(error, ReadingTooSlow) and error.code == "too_slow"
    assert "took longer than 0.05 seconds to read" in error.message
    assert_plain(error)


def test_a_word_file_with_no_time_to_read_is_too_complex():
    assert isinstance(refused(agreement_docx(), Settings(read_seconds=0.0)), DocumentTooComplex)


def test_a_word_file_that_runs_out_of_time_is_refused_in_plain_words():
    error = refused(long_docx(6000), Settings(read_seconds=0.15))
    assert isinstance(error, ReadingTooSlow) and "took longer than 0.15 seconds" in error.message
    assert_plain(error)


# --- fuzzing: mangled real files only ever give a Document or a plain AssistantError -------------------


def _read_or_refuse(data: bytes) -> str:
    try:
        read_document(data, Settings(read_seconds=2.0))
    except AssistantError as error:
        assert_plain(error)
        return type(error).__name__
    return "read"


# Seeded, so the same 300 files every run: what each comes to is part of the reader's behaviour. A change to these
# counts means the reader now treats some damaged files differently; look at which, then update the numbers.
MANGLED_OUTCOMES = {
    "pdf": {"201": 172, "422 damaged_file": 99, "422 no_text": 25, "415 unsupported_type": 4},
    "docx": {"422 damaged_file": 299, "422 too_complex": 1},
}


def _posted_outcome(client, data: bytes) -> str:
    """Post one file to the API: "201" with the whole checklist, or "<status> <code>" for a plain refusal."""
    response = client.post("/api/agreements", files={"file": ("agreement", data, "application/octet-stream")})
    if response.status_code == 201:
        assert [finding["id"] for finding in response.json()["checklist"]] == list(ELEMENT_IDS)
        client.delete(f"/api/agreements/{response.json()['id']}")
        return "201"
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    error = response.json()["error"]
    assert set(error) == {"code", "message"}, error
    message = error["message"]
    assert message[:1].isupper() and message.endswith(".") and not JARGON.search(message), message
    return f"{response.status_code} {error['code']}"


@pytest.mark.slow
@pytest.mark.parametrize("build, seed", [(agreement_pdf, 11), (agreement_docx, 12)], ids=["pdf", "docx"])
def test_mangled_files_posted_to_the_api_are_read_or_refused_plainly_never_a_500(build, seed, request):
    settings = Settings(read_seconds=2.0, readers=0, uploads_per_minute=0, requests_per_minute=0)
    outcomes: dict[str, int] = {}
    with TestClient(create_app(settings)) as client:
        for data in mutations(build(), 300, seed):
            outcome = _posted_outcome(client, data)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes == MANGLED_OUTCOMES[request.node.callspec.id]


@pytest.mark.slow
def test_word_files_with_mangled_xml_inside_a_sound_zip_only_read_or_raise_a_plain_error():
    outcomes = {_read_or_refuse(data) for data in docx_part_mutations(agreement_docx(), 300, 13)}
    assert outcomes <= {"read", "DamagedDocument", "NoReadableText", "DocumentTooComplex"}


# --- hostile files that once found a bug --------------------------------------------------------------------

SAVED = sorted(FILES.glob("hostile-*"))


@pytest.mark.parametrize("path", SAVED, ids=[p.name for p in SAVED])
def test_saved_hostile_files_read_or_are_refused_plainly(path):
    assert path.stat().st_size < 200_000
    _read_or_refuse(path.read_bytes())


def test_a_docx_whose_zip_claims_an_impossible_version_is_damaged_not_a_crash():
    # Found by the fuzzer: zipfile raised NotImplementedError("zip file version 14.7") straight past the reader.
    data = (FILES / "hostile-docx-bad-zip-version.docx").read_bytes()
    assert isinstance(refused(data), DamagedDocument)


def test_a_pdf_whose_pages_are_all_alike_is_not_stripped_to_nothing():
    # Found by the thousand-page test: every line repeated on every page looked like a running header.
    document = read_document((FILES / "hostile-pdf-every-page-the-same.pdf").read_bytes())
    assert "Sam will take Mia to nursery every day." in document.text


def test_pdf_paragraph_wrapped_just_after_a_full_stop_stays_one_clause():
    from fpdf import FPDF

    first = (
        "This agreement is not legally binding. It is not a contract, and it cannot be enforced by court.",
        "It writes down what we have agreed so that everyone is clear about what happens next week.",
        "You do not have to sign it on the day we meet.",
    )
    second = (
        "Sam will take Mia to nursery every weekday morning, and collect her at three o'clock sharp.",
        "Sam will tell the social worker straight away if Mia is ill and cannot go to the nursery.",
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for paragraph in (first, second):
        for text in paragraph:
            pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    document = read_document(bytes(pdf.output()))
    assert [c.text for c in document.clauses] == [" ".join(first), " ".join(second)]


# --- the shared development set ----------------------------------------------------------------------------


def _dev_set() -> Path:
    if not SHARED_DEV_SET.is_dir():
        pytest.skip("the shared development set is not beside this checkout")
    return SHARED_DEV_SET


def _twins() -> list[str]:
    folder = SHARED_DEV_SET / "agreements"
    return sorted(p.name for p in folder.glob("*") if p.suffix in (".pdf", ".docx")) if folder.is_dir() else []


@pytest.mark.parametrize("name", _twins() or ["none"])
def test_dev_set_pdf_and_docx_twins_give_the_same_clauses_as_their_text(name):
    twin = _dev_set() / "agreements" / name
    if not twin.exists():
        pytest.skip("no PDF or Word twins in the development set")
    original = twin.with_suffix(".txt")
    from_twin = [squash(c.text) for c in read_document(twin.read_bytes()).clauses]
    from_text = [squash(c.text) for c in read_document(original.read_bytes()).clauses]
    assert from_twin == from_text


def _hostile_dev_files() -> list[str]:
    if not SHARED_DEV_SET.is_dir():
        return []
    return sorted(
        f"{p.parent.name}/{p.name}"
        for folder in ("bad-inputs", "scans")
        for p in (SHARED_DEV_SET / folder).glob("*")
        if p.suffix != ".json"
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", _hostile_dev_files() or ["none"])
def test_dev_set_bad_inputs_and_scans_read_or_are_refused_plainly(name):
    path = _dev_set() / name
    if not path.exists():
        pytest.skip("no bad inputs in the development set")
    _read_or_refuse(path.read_bytes())


@pytest.mark.slow
def test_dev_set_files_that_must_be_refused_are_refused():
    import json

    folder = _dev_set() / "bad-inputs"
    expected = json.loads((folder / "expected.json").read_text())
    for name in (n for n, outcome in expected.items() if outcome == "error"):
        refused((folder / name).read_bytes())
    scan = (_dev_set() / "scans" / "concern-07-sign-today.pdf").read_bytes()
    if ocr.available():
        assert read_document(scan).from_photo
    else:
        assert isinstance(refused(scan), NoTextLayer)
