"""Photos and scans of an agreement, read with the real Tesseract: photos the tests make themselves (a rendered
page, turned a few degrees, speckled, saved as JPEG), several photos as one agreement, an EXIF-rotated photo, a
blank photo, a scanned PDF, and the server without Tesseract."""

from __future__ import annotations

import io
import json
import os
import shutil
import time

import httpx
import pytest
from conftest import ROOT, SAMPLE, start_server, stop_server
from photos import blank_photo, in_shadow, on_a_table, page_image, photo, table_page

from assistant.checklist.report import analyse
from assistant.reading import ocr
from assistant.reading.documents import read_pasted_text

pytestmark = pytest.mark.slow  # Tesseract reads photos and scans: seconds a page

TEXT = SAMPLE.read_text(encoding="utf-8")
LINES = TEXT.splitlines()


@pytest.fixture(scope="module", autouse=True)
def tesseract():
    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail("Tesseract is missing: .ci/run installs tesseract-ocr and tesseract-ocr-eng")
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    """Each element's status for the same agreement read from its text."""
    return {f.id: f.status for f in analyse(read_pasted_text(TEXT)).findings}


def statuses(body: dict) -> dict[str, str]:
    return {f["id"]: f["status"] for f in body["checklist"]}


def agreement_from(client, files: list[tuple[str, bytes]]):
    return client.post("/api/agreements", files=[("file", item) for item in files])


def test_a_photographed_page_is_read_and_checked_like_its_text(client, expected):
    picture = photo(page_image(LINES), degrees=3, noise=0.03)
    response = agreement_from(client, [("agreement.jpg", picture)])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "photo" and body["read_from_photo"] is True
    assert all(finding["from_photo"] for finding in body["checklist"])
    assert body["ocr"]["pages"][0]["confidence"] > 80 and not body["ocr"]["pages"][0]["low"]
    assert "Oliver has missed 19 days of school" in body["ocr"]["text"][0]
    found = statuses(body)
    agree = sum(found[key] == status for key, status in expected.items()) / len(expected)
    assert agree >= 0.9, {k: (found[k], s) for k, s in expected.items() if found[k] != s}
    assert any("read this from a photo" in warning for warning in body["warnings"])


def test_several_photos_become_one_agreement_in_the_order_given(client, expected):
    half = LINES.index("How long it lasts")
    first, second = page_image(LINES[:half]), page_image(LINES[half:])
    response = agreement_from(
        client, [("page1.jpg", photo(first, degrees=-2, seed=3)), ("page2.jpg", photo(second, degrees=2, seed=4))]
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["pages"] == 2 and len(body["ocr"]["pages"]) == 2
    assert "WORKING AGREEMENT" in body["ocr"]["text"][0] and "eight weeks" in body["ocr"]["text"][1]
    clause_pages = {c["page"] for c in body["clauses"] if "eight weeks" in c["text"]}
    assert clause_pages == {2}
    found = statuses(body)
    assert sum(found[k] == s for k, s in expected.items()) / len(expected) >= 0.9


def test_a_photo_taken_sideways_is_turned_by_its_exif_data(client):
    sideways = photo(page_image(LINES[:25]), degrees=1, orientation=6, seed=5)
    from PIL import Image

    stored = Image.open(io.BytesIO(sideways))
    assert stored.width > stored.height  # the pixels really are stored on their side
    body = agreement_from(client, [("sideways.jpg", sideways)]).json()
    assert "WORKING AGREEMENT" in body["ocr"]["text"][0] and body["ocr"]["pages"][0]["confidence"] > 80


@pytest.mark.parametrize("degrees", [182, 91, -7])
def test_a_page_upside_down_sideways_or_well_askew_without_exif_is_turned_and_read(degrees):
    """No EXIF to go by (a scanner, or a camera that wrote none): Tesseract's orientation check turns it by quarter
    turns, and the lines of text straighten what is left."""
    from assistant.reading.documents import read_photos

    document = read_photos([photo(page_image(LINES[:25]), degrees=degrees, seed=9)])
    assert document.pages[0].startswith("RIVERTON DISTRICT COUNCIL") and "WORKING AGREEMENT" in document.pages[0]
    assert document.ocr[0] > ocr.LOW_CONFIDENCE


def test_a_blank_photo_gets_a_plain_message(client):
    response = agreement_from(client, [("blank.jpg", blank_photo())])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "blank_photo" and "couldn't find any words" in error["message"]


@pytest.mark.parametrize("seed", range(2, 8))
def test_speckles_on_a_blank_photo_are_not_taken_for_words(seed):
    """Tesseract turns speckles into a few short "words" it is unsure of ("Sea", "ent"): still a blank page."""
    with pytest.raises(ocr.BlankPhoto):
        ocr.read_photos([ocr.open_image(blank_photo(seed=seed)), ocr.open_image(blank_photo(seed=seed + 10))], 60)


def test_a_hard_to_read_photo_says_so_and_shows_what_was_read(client):
    smudged = photo(page_image(LINES[:30], size=15), degrees=6, noise=0.18, quality=25, seed=6)
    response = agreement_from(client, [("smudged.jpg", smudged)])
    if response.status_code != 201:  # too smudged to find words at all is an honest answer too
        assert response.json()["error"]["code"] in ("blank_photo",)
        return
    body = response.json()
    page = body["ocr"]["pages"][0]
    assert page["low"] and page["confidence"] < ocr.LOW_CONFIDENCE
    assert any(
        "not sure of some of the words on page 1" in w and "paste a corrected version" in w for w in body["warnings"]
    )
    assert body["ocr"]["text"][0].strip()


SLANT = ((200, 300), (1700, 120), (1750, 2400), (150, 2200))  # tilted and narrowing: the phone held at an angle


def test_a_page_photographed_at_a_slant_on_a_table_is_cut_out_and_squared_up(client, expected):
    """Read as it was, this page lost most of its clauses (9 of 20 elements came out wrong): its lines run apart
    and tilt by different angles, which no single rotation straightens. Cut out and squared up, it reads whole."""
    body = agreement_from(client, [("table.jpg", on_a_table(page_image(LINES), corners=SLANT))]).json()
    assert "Our aim is that Oliver goes to school every day" in " ".join(body["ocr"]["text"][0].split())
    found = statuses(body)
    assert found["goal"] == "present"
    assert body["ocr"]["pages"][0]["unread_marks"] == 0  # squared up, nothing on it is left unread
    assert sum(found[k] == s for k, s in expected.items()) / len(expected) >= 0.9


def test_a_page_half_in_shadow_is_read_in_the_shadow_too(client, expected):
    """With one threshold for the page, the shadowed corner went black: the names, the worries and the goal were
    lost, while what was read scored 95 for confidence. The light is evened out first now."""
    body = agreement_from(client, [("shadow.jpg", in_shadow(page_image(LINES)))]).json()
    text = " ".join(body["ocr"]["text"][0].split())
    assert "Parent: Leanne Marsh" in text and "Oliver has missed 19 days of school" in text
    found = statuses(body)
    assert sum(found[k] == s for k, s in expected.items()) / len(expected) >= 0.9


def test_writing_that_could_not_be_read_at_all_is_owned_up_to(client):
    """Tesseract skipped cells of a ruled table, the review date among them, and still scored the page 95: what it
    did read, it read well. Patches of ink shaped like writing with nothing read in them now mark the page."""
    body = agreement_from(client, [("plan.jpg", photo(table_page(), degrees=2))]).json()
    page = body["ocr"]["pages"][0]
    assert page["confidence"] > ocr.LOW_CONFIDENCE and page["unread_marks"] >= 1 and page["low"]
    assert any(
        "there is writing we could not read at all" in warning and "words in a table" in warning
        for warning in body["warnings"]
    )


def test_pages_read_whole_have_no_unread_marks(client):
    first, second = page_image(LINES[:20]), page_image(LINES[20:])
    body = agreement_from(client, [("1.jpg", photo(first, seed=3)), ("2.jpg", photo(second, seed=4))]).json()
    assert [(p["unread_marks"], p["low"]) for p in body["ocr"]["pages"]] == [(0, False)] * 2
    assert not any("could not read" in warning for warning in body["warnings"])


def test_the_sheet_is_found_only_where_there_is_a_whole_one_to_cut_out():
    from PIL import ImageDraw

    corners = ocr.find_page(ocr.open_image(on_a_table(page_image(LINES), corners=SLANT)))
    assert corners is not None
    for (x, y), (expect_x, expect_y) in zip(corners, SLANT, strict=False):
        assert abs(x - expect_x) < 25 and abs(y - expect_y) < 25
    assert ocr.find_page(page_image(LINES)) is None  # a scan is all page
    letterhead = page_image(LINES)
    ImageDraw.Draw(letterhead).rectangle((0, 0, letterhead.width, 220), fill=40)
    assert ocr.find_page(letterhead) is None  # a dark band across the top is not the edge of the paper
    off_the_frame = ((-120, 300), (1700, 120), (1750, 2400), (-160, 2200))
    assert ocr.find_page(ocr.open_image(on_a_table(page_image(LINES), corners=off_the_frame))) is None
    assert ocr.flatten(page_image(LINES)).size == page_image(LINES).size  # nothing to cut: left as it is


def test_a_png_named_pdf_is_read_as_the_picture_it_is(client):
    out = io.BytesIO()
    page_image(LINES[:20]).save(out, "PNG")
    response = agreement_from(client, [("agreement.pdf", out.getvalue())])
    assert response.status_code == 201 and response.json()["kind"] == "photo"


def test_a_scanned_pdf_is_read(client, expected):
    from fpdf import FPDF

    scan = FPDF()
    scan.add_page()
    picture = page_image(LINES).rotate(-1.5, expand=True, fillcolor=250)
    scan.image(picture, x=0, y=0, w=210)
    response = agreement_from(client, [("scan.pdf", bytes(scan.output()))])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "pdf" and body["read_from_photo"]
    assert any("We read this from a scan." in warning for warning in body["warnings"])
    found = statuses(body)
    assert sum(found[k] == s for k, s in expected.items()) / len(expected) >= 0.9


def test_the_development_sets_scan_is_read_and_checked(client, dev_set):
    labels = json.loads((dev_set / "agreements" / "labels.json").read_text())["concern-07-sign-today.txt"]
    data = (dev_set / "scans" / "concern-07-sign-today.pdf").read_bytes()
    response = agreement_from(client, [("scan.pdf", data)])
    assert response.status_code == 201
    found = statuses(response.json())
    wanted = {"present": "present", "absent": "missing", "flag": "flagged", "clear": "clear"}
    right = sum(found[element] == wanted[label["label"]] for element, label in labels.items())
    assert right / len(labels) >= 0.9


def test_without_tesseract_photos_and_scans_say_how_to_enable_reading_them(tmp_path):
    python_only = tmp_path / "bin"
    python_only.mkdir()
    for tool in ("python3",):
        found = shutil.which(tool)
        if found:
            (python_only / tool).symlink_to(found)
    base, process = start_server(env={"PATH": str(python_only)})
    try:
        picture = photo(page_image(LINES[:10]), degrees=0, noise=0.0)
        refused = httpx.post(f"{base}/api/agreements", files={"file": ("a.jpg", picture)}, timeout=30)
        assert refused.status_code == 415
        message = refused.json()["error"]["message"]
        assert "Tesseract" in message and "apt install tesseract-ocr" in message and "paste the words" in message
        from fpdf import FPDF

        scan = FPDF()
        scan.add_page()
        scan.image(page_image(LINES[:10]), x=0, y=0, w=210)
        pdf = httpx.post(f"{base}/api/agreements", files={"file": ("s.pdf", bytes(scan.output()))}, timeout=30)
        assert pdf.status_code == 422 and pdf.json()["error"]["code"] == "no_text_layer"
        assert "Tesseract" in pdf.json()["error"]["message"]
        # everything else still works
        assert httpx.post(f"{base}/api/agreements", data={"text": TEXT}, timeout=30).status_code == 201
    finally:
        stop_server(process)


@pytest.mark.parametrize(
    "read,kept",
    [
        ("Signed (mother): Date:", "Signed (mother): ________ Date: ________"),
        ("Social worker: Date", "Social worker: ________ Date: ________"),
        ("Signed (Leanne Marsh):", "Signed (Leanne Marsh): ________"),
        ("Social worker: Sam Okoye", "Social worker: Sam Okoye"),
        ("Why we are worried:", "Why we are worried:"),
    ],
)
def test_a_forms_blanks_that_tesseract_drops_are_put_back(read, kept):
    assert ocr.restore_blanks(read) == kept


def test_the_start_page_offers_photos_of_several_pages(client, sample_text):
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "photos of the pages" in page and "image/*" in page and " multiple" in page


HTML = {"accept": "text/html"}


def send_from_page(client, files: list[tuple[str, bytes]]) -> str:
    """Send photos through the start page's form as a browser would, follow the reading, and return its token."""
    import re

    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/", headers=HTML).text).group(1)
    sent = client.post(
        "/check", data={"csrf": csrf}, headers=HTML, follow_redirects=False, files=[("file", item) for item in files]
    )
    assert sent.status_code == 303
    if sent.headers["location"] == "/reading":  # still reading after the moment the page waits: it shows progress
        for _ in range(600):
            if client.get("/reading/status").json()["state"] not in ("waiting", "reading"):
                break
            time.sleep(0.2)
        assert client.get("/reading", headers=HTML, follow_redirects=False).headers["location"] == "/agreement"
    return csrf


def test_the_page_shows_the_words_read_beside_the_findings_and_offers_a_corrected_paste(client):
    first, second = page_image(LINES[:20]), page_image(LINES[20:])
    csrf = send_from_page(client, [("p1.jpg", photo(first, seed=7)), ("p2.jpg", photo(second, seed=8))])
    page = client.get("/agreement", headers=HTML).text
    assert "The words we read from your photo" in page and "Page 2" in page
    assert "Oliver has missed 19 days" in page
    # every quote is marked as read from a photo, in each view, and so is the agreement as shown
    assert "What we read in your photo (check it against your paper copy):" in page
    assert "Your agreement, as we read it from your photo" in page
    advocate = client.get("/agreement?view=advocate", headers=HTML).text
    assert "<dt>Read from</dt><dd>A photo of 2 pages: quotes may be misread" in advocate
    form = page[page.index('action="/check"', page.index("photo-check")) :]
    assert 'name="text"' in form and "WORKING AGREEMENT" in form  # the words read, ready to correct
    corrected = client.post("/check", data={"csrf": csrf, "text": TEXT}, headers=HTML, follow_redirects=False)
    assert corrected.status_code == 303
    typed = client.get("/agreement", headers=HTML).text
    assert "The words we read from your photo" not in typed and "What we read in your photo" not in typed
    assert "What your agreement says:" in typed


def test_a_worry_found_in_a_photo_is_quoted_as_read_from_it_in_every_view(client):
    contract = (ROOT / "tests" / "agreements" / "new-01-numbered-contract.txt").read_text(encoding="utf-8")
    send_from_page(client, [("contract.jpg", photo(page_image(contract.splitlines(), size=22), degrees=1.5))])
    parent = client.get("/agreement", headers=HTML).text
    assert "What we read in your photo (check it against your paper copy):" in parent
    worker = client.get("/agreement?view=worker", headers=HTML).text
    assert "It says now (as read from a photo: check it against the paper copy):" in worker


def test_an_iphone_heic_photo_is_read(client):
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    page_image(LINES[:20]).convert("RGB").rotate(2, expand=True, fillcolor=(240, 240, 240)).save(
        out, format="HEIF", quality=85
    )
    assert out.getvalue()[4:12] == b"ftypheic"
    response = agreement_from(client, [("IMG_0001.HEIC", out.getvalue())])
    assert response.status_code == 201 and "WORKING AGREEMENT" in response.json()["ocr"]["text"][0]


def test_a_page_past_its_time_gets_a_plain_message():
    from assistant.config import Settings
    from assistant.reading.documents import read_photos

    with pytest.raises(ocr.PageTooSlow) as caught:
        read_photos([photo(page_image(LINES), degrees=3)], Settings(ocr_page_seconds=0.05))
    assert caught.value.status == 422 and "took longer than 0.05 seconds" in caught.value.message
    assert "paste the words" in caught.value.message
