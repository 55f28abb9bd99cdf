"""The web chat in a real browser: Debian's Chromium driven by Playwright against a real uvicorn server.

The flow a parent follows (upload a PDF, read the checklist, find the clause, ask, switch views, print, forget)
with the script on and off, on a 320 px phone, with axe-core scanning every page and state, and every request
the browser makes recorded. The screenshots in the README are taken here.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import DEV_SET, ROOT, pdf_from_text, start_server, stop_server

pytestmark = pytest.mark.slow  # a real Chromium against a real server

playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "docs" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERIOUS = {"serious", "critical"}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"Chromium is needed for the browser tests and is not at {CHROMIUM}")
    pytest.skip("Debian's chromium is not installed (sudo apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def base_url():
    base, process = start_server()
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def agreement_pdf(tmp_path_factory) -> Path:
    """A development-set PDF with worries in it; when the shared set is absent, a real PDF of one of ours."""
    shared = DEV_SET / "agreements" / "concern-07-sign-today.pdf"
    if shared.exists():
        return shared
    path = tmp_path_factory.mktemp("pdf") / "agreement.pdf"
    text = (ROOT / "tests" / "agreements" / "new-01-numbered-contract.txt").read_text(encoding="utf-8")
    path.write_bytes(pdf_from_text(text))
    return path


class Visit:
    """One browser context: its page, every request it made, and what axe found on each state."""

    def __init__(self, browser, base: str, javascript: bool = True, width: int = 1280, height: int = 900):
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def go(self, path: str):
        return self.page.goto(self.base + path)

    def upload(self, pdf: Path) -> None:
        self.go("/")
        self.page.set_input_files("#file", str(pdf))
        self.page.get_by_role("button", name="Check my agreement").click()
        self.page.wait_for_url("**/agreement")

    def axe(self, state: str) -> None:
        results = axe_module.Axe().run(self.page)
        bad = [
            (v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"] if v["impact"] in SERIOUS
        ]
        assert not bad, f"{state}: {bad}"

    def close(self) -> None:
        self.context.close()


def other_hosts(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]


def test_a_parent_uploads_a_pdf_reads_the_findings_asks_and_forgets_it(browser, base_url, agreement_pdf):
    visit = Visit(browser, base_url)
    page = visit.page
    visit.go("/")
    visit.axe("home")
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
    visit.upload(agreement_pdf)

    assert page.locator(".headline").inner_text()
    assert page.locator(".finding-missing, .finding-flagged").count() >= 1
    flagged = page.locator(".clause-flagged").first
    assert flagged.is_visible() and flagged.locator("mark").count() >= 1
    assert page.locator(".tag").first.inner_text().strip()  # a word beside every icon, never colour alone
    visit.axe("result, parent view")
    page.screenshot(path=str(SHOTS / "result-desktop.png"), full_page=False)

    link = page.locator(".finding [data-clause-link]").first
    target = link.get_attribute("data-clause-link")
    link.click()
    assert "is-target" in page.locator(f"#clause-{target}").get_attribute("class")

    page.evaluate("() => { window.sameDocument = true; }")
    page.fill("#question", "what happens if I break the agreement?")
    page.get_by_role("button", name="Ask", exact=True).click()
    answer = page.locator(".exchange").last
    answer.locator(".answer-sources").wait_for()
    assert "Where this answer comes from" in answer.inner_text()
    assert page.evaluate("() => window.sameDocument === true")  # answered in place, no reload
    page.wait_for_function("() => document.getElementById('chat-status').textContent.length > 40")  # read out
    visit.axe("result with an answer")

    page.locator(".prompts button").first.click()
    page.locator(".exchange").nth(1).wait_for()
    assert page.locator(".exchange").count() == 2

    for view, heading in (
        ("advocate", "Consultation sheet"),
        ("worker", "Wording advice"),
        ("parent", "What we checked"),
    ):
        page.get_by_role(
            "link", name={"advocate": "For advocates", "worker": "For social workers", "parent": "For parents"}[view]
        ).click()
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.locator(".exchange").count() == 2  # the conversation survives a change of view
        visit.axe(f"result, {view} view")
        if view == "advocate":
            page.screenshot(path=str(SHOTS / "advocate-sheet.png"), full_page=True)
        page.emulate_media(media="print")
        assert not page.locator(".chat").is_visible() and not page.locator(".exit-bar").is_visible()
        assert page.locator(".summary").is_visible()
        assert page.pdf(format="A4")[:4] == b"%PDF"
        page.emulate_media(media="screen")

    page.get_by_role("link", name="Questions to ask your social worker").click()
    assert page.locator(".questions li").count() >= 2
    visit.axe("questions to ask")

    with page.expect_download() as download:
        page.goto(f"{base_url}/agreement?view=advocate")
        page.get_by_role("link", name="Download this page").click()
    assert "Consultation sheet" in Path(download.value.path()).read_text(encoding="utf-8")

    page.get_by_role("button", name="Forget this document now").click()
    page.wait_for_url("**/?done=forgotten")
    assert "Your document has been forgotten" in page.locator("main").inner_text()
    visit.axe("home after forgetting")
    page.goto(f"{base_url}/agreement")
    assert "We no longer have a document for you" in page.locator("main").inner_text()

    assert other_hosts(visit.requests) == []
    visit.close()


def test_the_same_flow_works_with_javascript_off(browser, base_url, agreement_pdf):
    visit = Visit(browser, base_url, javascript=False)
    page = visit.page
    visit.upload(agreement_pdf)
    assert page.locator(".clause-flagged mark").count() >= 1
    page.fill("#question", "when does my agreement end?")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.wait_for_url("**/agreement?view=parent#answer-1")
    assert page.locator("#answer-1 .answer-sources").is_visible()
    page.get_by_role("link", name="For advocates").click()
    assert page.get_by_role("heading", name="Consultation sheet").is_visible()
    page.get_by_role("button", name="Forget this document now").click()
    assert "Your document has been forgotten" in page.locator("main").inner_text()
    assert other_hosts(visit.requests) == []
    visit.close()


def test_errors_show_a_summary_and_a_message_by_the_field(browser, base_url):
    visit = Visit(browser, base_url)
    page = visit.page
    visit.go("/")
    page.get_by_role("button", name="Check my agreement").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "Choose a file" in summary.inner_text()
    assert page.locator("#file-error").is_visible()
    assert page.locator("#file").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    visit.axe("home with an error")
    page.set_input_files(
        "#file", files=[{"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}]
    )
    page.get_by_role("button", name="Check my agreement").click()
    assert "photo" in page.locator(".error-summary").inner_text()
    visit.go("/no-such-page")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    visit.axe("not found page")
    visit.close()


def test_a_320_px_phone_needs_no_sideways_scrolling(browser, base_url, agreement_pdf):
    visit = Visit(browser, base_url, width=320, height=640)
    page = visit.page
    visit.go("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    visit.axe("home on a phone")
    visit.upload(agreement_pdf)
    for view in ("parent", "advocate", "worker"):
        visit.go(f"/agreement?view={view}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, view
    visit.go("/agreement")
    visit.axe("result on a phone")
    page.screenshot(path=str(SHOTS / "result-phone.png"), full_page=False)
    visit.go("/ask")
    page.get_by_role("button", name="Do I have to sign this?").click()
    page.locator("#answer-1").wait_for()
    visit.axe("ask page with an answer, on a phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    visit.close()


def test_controls_are_big_enough_to_tap_and_focus_is_visible(browser, base_url, agreement_pdf):
    visit = Visit(browser, base_url)
    page = visit.page
    visit.upload(agreement_pdf)
    small = page.evaluate("""() => [...document.querySelectorAll('button, input, textarea, .exit-button, .views a')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim() || el.name, el.getBoundingClientRect()])
        .filter(([, box]) => box.width < 24 || box.height < 24).map(([name]) => name)""")
    assert small == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focused == "rgb(255, 221, 0)"  # the yellow focus highlight
    visit.close()


def test_at_200_percent_zoom_the_page_still_fits(browser, base_url, agreement_pdf):
    visit = Visit(browser, base_url, width=640, height=450)  # 1280 x 900 at 200 %
    visit.upload(agreement_pdf)
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 640
    visit.close()


def test_a_jargon_word_shows_its_meaning_on_focus(browser, base_url, tmp_path):
    visit = Visit(browser, base_url)
    page = visit.page
    visit.go("/")
    page.fill("#text", "Working agreement\nYou agree to go to the core group meeting on 3 May 2026 about the CIN plan.")
    page.get_by_role("button", name="Check my agreement").click()
    term = page.locator(".term").first
    term.focus()
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    assert tip.is_visible() and len(tip.inner_text()) > 20
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    visit.close()


def test_exit_this_page_leaves_for_another_site(browser, base_url):
    visit = Visit(browser, base_url)
    page = visit.page
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>"))
    visit.go("/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url("https://www.bbc.co.uk/weather")
    assert page.title() == "Weather"
    visit.close()


@pytest.fixture(scope="module")
def photo_pages(tmp_path_factory) -> list[str]:
    """The sample agreement photographed as three pages, each turned a little (JPEG files, as a phone saves them)."""
    from assistant.reading import ocr

    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail("Tesseract is missing: .ci/run installs it")
        pytest.skip("Tesseract is not installed")
    sys.path.insert(0, str(Path(__file__).parent))
    from photos import page_image, photo

    lines = (Path(__file__).parent / "files" / "sample-agreement.txt").read_text().splitlines()
    folder = tmp_path_factory.mktemp("photos")
    files = []
    for number in range(3):
        path = folder / f"page-{number + 1}.jpg"
        path.write_bytes(photo(page_image(lines[number::3]), degrees=2, seed=number))
        files.append(str(path))
    return files


@pytest.fixture(scope="module")
def reading_url():
    """A server that shows the reading page at once, so a test always sees it."""
    base, process = start_server(env={"ASSISTANT_READING_WAIT_SECONDS": "0"})
    yield base
    stop_server(process)


def test_photos_show_the_page_being_read_then_the_words_to_check(browser, reading_url, photo_pages):
    visit = Visit(browser, reading_url, width=320, height=700)
    visit.go("/")
    visit.page.set_input_files("#file", photo_pages)
    visit.page.get_by_role("button", name="Check my agreement").click()
    visit.page.wait_for_url("**/reading")
    status = visit.page.get_by_role("status")
    assert re.fullmatch(
        r"Reading page [1-3] of 3\.|Reading your document\.|Getting ready to read your document\.", status.inner_text()
    )
    assert visit.page.get_by_role("link", name="Check how far it has got").is_hidden()  # the script checks
    assert visit.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    visit.axe("reading photos, on a phone")
    visit.page.wait_for_function(
        "() => /Reading page [23] of 3/.test(document.querySelector('[role=status]').textContent)", timeout=60_000
    )  # updated in place, in the live region
    assert visit.page.locator("[data-reading-bar]").is_visible()
    visit.page.screenshot(path=str(SHOTS / "reading-phone.png"), full_page=False)
    visit.page.wait_for_url("**/agreement", timeout=120_000)
    section = visit.page.get_by_role("region", name="The words we read from your photo")
    assert section.is_visible() and "Page 3" in section.inner_text()
    assert visit.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    visit.axe("result read from three photos, on a phone")
    assert not other_hosts(visit.requests)
    visit.close()


def test_without_javascript_the_reading_page_has_a_link_to_check_again(browser, reading_url, photo_pages):
    visit = Visit(browser, reading_url, javascript=False)
    visit.go("/")
    visit.page.set_input_files("#file", photo_pages[:2])
    visit.page.get_by_role("button", name="Check my agreement").click()
    visit.page.wait_for_url("**/reading")
    for _ in range(120):
        if visit.page.url.endswith("/agreement"):
            break
        visit.page.wait_for_timeout(1000)
        visit.page.get_by_role("link", name="Check how far it has got").click()
    assert visit.page.url.endswith("/agreement")
    assert "Page 2" in visit.page.get_by_role("region", name="The words we read from your photo").inner_text()
    visit.close()


def test_stopping_a_reading_from_the_page(browser, reading_url, photo_pages):
    visit = Visit(browser, reading_url)
    visit.go("/")
    visit.page.set_input_files("#file", photo_pages)
    visit.page.get_by_role("button", name="Check my agreement").click()
    visit.page.wait_for_url("**/reading")
    visit.page.get_by_role("button", name="Stop reading and forget it").click()
    visit.page.wait_for_url("**/?done=stopped")
    assert "We stopped reading your document" in visit.page.locator(".notice").inner_text()
    visit.close()


@pytest.fixture(scope="module")
def small_limit_url():
    """A server that takes at most 6 MB at once, so three big phone photos pass it."""
    base, process = start_server(env={"ASSISTANT_MAX_UPLOAD_BYTES": str(6 * 1024 * 1024)})
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def big_photos(photo_pages, tmp_path_factory) -> list[str]:
    """Three pages photographed at 2480 x 3506 and saved at high quality: about 3.8 MB each, as phones do."""
    from photos import page_image, photo

    lines = (Path(__file__).parent / "files" / "sample-agreement.txt").read_text().splitlines()
    folder = tmp_path_factory.mktemp("big")
    files = []
    for number in range(3):
        path = folder / f"IMG_00{number + 1}.jpg"
        path.write_bytes(
            photo(page_image(lines[number::3], width=2480, size=52), degrees=2, noise=0.02, quality=92, seed=number)
        )
        files.append(str(path))
    assert sum(Path(f).stat().st_size for f in files) > 9 * 1024 * 1024
    return files


def test_big_phone_photos_are_made_smaller_before_sending(browser, small_limit_url, big_photos):
    visit = Visit(browser, small_limit_url)
    visit.go("/")
    visit.page.set_input_files("#file", big_photos)
    visit.page.get_by_role("button", name="Check my agreement").click()
    visit.page.wait_for_url(re.compile(r".*/(reading|agreement)$"), timeout=60_000)
    visit.page.wait_for_url("**/agreement", timeout=120_000)
    section = visit.page.get_by_role("region", name="The words we read from your photo")
    assert "Page 3" in section.inner_text()
    assert "Oliver has missed 19 days" in visit.page.locator("main").inner_text()
    visit.close()


def test_without_javascript_photos_too_big_get_a_plain_message(browser, small_limit_url, big_photos):
    visit = Visit(browser, small_limit_url, javascript=False)
    visit.go("/")
    visit.page.set_input_files("#file", big_photos)
    visit.page.get_by_role("button", name="Check my agreement").click()
    summary = visit.page.locator(".error-summary").inner_text()
    assert "bigger than 6 MB" in summary and "send them at a smaller size" in summary
    visit.close()
