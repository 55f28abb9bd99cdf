"""The pages over HTTP, without a browser: forms, the visit cookie, form tokens, headers and errors."""

from __future__ import annotations

import re

import pytest

from assistant.checklist.report import analyse
from assistant.knowledge.entries import load_glossary
from assistant.reading.documents import read_pasted_text
from assistant.web import presenting

HTML = {"accept": "text/html"}


def token(page_text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page_text).group(1)


@pytest.fixture
def visitor(client):
    """A client that has opened the home page, and the form token that page gave it."""
    return client, token(client.get("/").text)


def upload(visitor, text: str):
    client, csrf = visitor
    return client.post(
        "/check",
        data={"csrf": csrf},
        files={"file": ("agreement.txt", text.encode(), "text/plain")},
        follow_redirects=False,
    )


def test_home_sets_one_private_cookie_and_the_security_headers(client):
    response = client.get("/")
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("visit=") and "httponly" in cookie and "samesite=strict" in cookie
    assert "expires" not in cookie and "max-age" not in cookie  # gone when the browser closes
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


def test_pages_load_nothing_from_another_host(client, visitor, sample_text):
    upload(visitor, sample_text)
    for path in (
        "/",
        "/ask",
        "/agreement",
        "/agreement?view=advocate",
        "/agreement?view=worker",
        "/agreement/questions",
    ):
        page = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="https://www.bbc.co.uk/weather"', "")), (
            path
        )
        assert "<script>" not in page and " style=" not in page and "onclick" not in page


def test_uploading_shows_the_result_with_the_summary_first(client, visitor, sample_text):
    response = upload(visitor, sample_text)
    assert response.status_code == 303 and response.headers["location"] == "/agreement"
    page = client.get("/agreement").text
    assert page.index('class="headline"') < page.index("What we checked")
    assert "Everything guidance looks for is here" in page
    assert 'id="clause-0"' in page


def test_a_form_from_another_site_is_refused_and_nothing_is_kept(client, sample_text):
    client.get("/")
    response = client.post(
        "/check", data={"csrf": "made-up"}, files={"file": ("a.txt", sample_text.encode(), "text/plain")}, headers=HTML
    )
    assert response.status_code == 403 and "another website" in response.text
    assert client.app.state.store.count() == 0


def test_a_form_token_with_letters_outside_ascii_is_refused_not_a_server_error(client, sample_text):
    client.get("/")
    response = client.post(
        "/check", data={"csrf": "é" * 64}, files={"file": ("a.txt", sample_text.encode(), "text/plain")}, headers=HTML
    )
    assert response.status_code == 403 and "another website" in response.text
    assert client.app.state.store.count() == 0


def test_a_form_without_the_cookie_is_refused(app, sample_text):
    from fastapi.testclient import TestClient

    with TestClient(app) as first:
        csrf = token(first.get("/").text)
    with TestClient(app) as stranger:
        response = stranger.post(
            "/check", data={"csrf": csrf}, files={"file": ("a.txt", sample_text.encode(), "text/plain")}
        )
    assert response.status_code == 403


def test_no_file_and_no_text_gives_an_error_summary_and_a_message_by_the_field(visitor):
    client, csrf = visitor
    response = client.post("/check", data={"csrf": csrf, "text": "  "}, files={"file": ("", b"", "text/plain")})
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text and 'href="#file"' in response.text
    assert 'id="file-error"' in response.text and 'aria-invalid="true"' in response.text


def test_an_unreadable_file_is_explained_on_the_page(visitor):
    client, csrf = visitor
    response = client.post(
        "/check", data={"csrf": csrf}, files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image/png")}
    )
    assert response.status_code == 415 and "photo" in response.text and "There is a problem" in response.text


def test_pasted_text_that_fails_is_kept_in_the_box(visitor):
    # Nothing here is a word, so the reader refuses it: the person gets their paste back to fix, not an empty box.
    client, csrf = visitor
    pasted = "§ — ¶ … !!! ??? \x00\x01 ※ — «»"
    response = client.post("/check", data={"csrf": csrf, "text": pasted}, follow_redirects=False)
    assert response.status_code == 422
    assert "could not find any words in it" in response.text
    box = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', response.text, re.S)
    assert 'aria-invalid="true"' in box.group(0)
    assert box.group(1) == "§ — ¶ … !!! ???  ※ — «»"  # all of it, less the control characters a page can't show


def test_asking_without_script_adds_the_answer_and_keeps_earlier_ones(client, visitor, sample_text):
    _, csrf = visitor
    upload(visitor, sample_text)
    first = client.post(
        "/agreement/ask",
        data={"csrf": csrf, "question": "when does it end?", "view": "advocate"},
        follow_redirects=False,
    )
    assert first.status_code == 303 and first.headers["location"] == "/agreement?view=advocate#answer-1"
    client.post("/agreement/ask", data={"csrf": csrf, "question": "do I have to sign it?", "view": "parent"})
    page = client.get("/agreement").text
    assert 'id="answer-1"' in page and 'id="answer-2"' in page
    assert "1 December 2025" in page and "Where this answer comes from" in page


def test_the_script_gets_one_answer_as_a_fragment_with_a_clause_link(client, visitor, sample_text):
    _, csrf = visitor
    upload(visitor, sample_text)
    response = client.post(
        "/agreement/ask",
        data={"csrf": csrf, "question": "when does my agreement end"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 200 and response.text.strip().startswith('<li class="exchange"')
    assert re.search(r'href="#clause-\d+" data-clause-link', response.text)


def test_an_empty_question_is_an_error_by_the_box(client, visitor, sample_text):
    _, csrf = visitor
    upload(visitor, sample_text)
    page = client.post("/agreement/ask", data={"csrf": csrf, "question": " "})
    assert page.status_code == 422 and 'id="question-error"' in page.text
    fragment = client.post("/agreement/ask", data={"csrf": csrf, "question": ""}, headers={"x-requested-with": "fetch"})
    assert fragment.status_code == 422 and "field-error" in fragment.text


def test_forgetting_removes_the_document_and_its_conversation(client, visitor, sample_text):
    _, csrf = visitor
    upload(visitor, sample_text)
    client.post("/agreement/ask", data={"csrf": csrf, "question": "who is my social worker"})
    assert client.app.state.store.count() == 1
    response = client.post("/agreement/forget", data={"csrf": csrf}, follow_redirects=False)
    assert response.headers["location"] == "/?done=forgotten"
    assert client.app.state.store.count() == 0
    assert "Your document has been forgotten" in client.get("/?done=forgotten").text
    assert client.get("/agreement", follow_redirects=False).headers["location"] == "/?done=gone"


def test_a_new_upload_replaces_the_old_document(client, visitor, sample_text):
    upload(visitor, sample_text)
    upload(visitor, sample_text.replace("Oliver", "Jasmine"))
    assert client.app.state.store.count() == 1
    assert "Jasmine" in client.get("/agreement").text


def test_each_view_has_its_own_content(client, visitor):
    upload(visitor, "Working agreement\nYou must not record any meetings.\nThis is ongoing until further notice.")
    parent = client.get("/agreement").text
    advocate = client.get("/agreement?view=advocate").text
    worker = client.get("/agreement?view=worker").text
    assert "You could ask:" in parent
    assert "Consultation sheet" in advocate and "Questions to put to the council" in advocate
    assert "Suggested wording" in worker and "If you would like to record a meeting" in worker
    assert 'aria-current="page">For social workers' in worker
    assert (
        "Consultation sheet" in client.get("/agreement?view=nonsense").text
        or "What we checked" in client.get("/agreement?view=nonsense").text
    )


def test_the_questions_list_and_the_download(client, visitor):
    upload(visitor, "Working agreement\nYou must sign this today or the children will be removed.")
    questions = client.get("/agreement/questions").text
    assert "Can I have time to read this and get advice" in questions
    download = client.get("/agreement/download?view=worker")
    assert download.headers["content-disposition"] == 'attachment; filename="agreement-worker-sheet.html"'
    assert "<style>" in download.text and "Suggested wording" in download.text and "/static/" not in download.text


def test_general_questions_work_without_an_agreement_and_can_be_cleared(client, visitor):
    _, csrf = visitor
    client.post("/ask", data={"csrf": csrf, "question": "what is section 20"})
    client.post("/ask", data={"csrf": csrf, "question": "what's the weather in Leeds tomorrow"})
    page = client.get("/ask").text
    assert 'id="answer-1"' in page and 'id="answer-2"' in page and "We could not answer this" in page
    client.post("/ask/clear", data={"csrf": csrf})
    assert 'id="answer-1"' not in client.get("/ask").text


def test_a_browser_gets_error_pages_and_the_api_gets_json(client):
    page = client.get("/nowhere", headers=HTML)
    assert page.status_code == 404 and "Page not found" in page.text and "<html" in page.text
    api = client.get("/api/agreements/nothing", headers=HTML)
    assert api.status_code == 404 and api.json()["error"]["code"]


def test_the_docs_pages_that_load_scripts_from_elsewhere_are_off(client):
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200


# --- what the pages show --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary():
    return presenting.Glossary(load_glossary())


def test_the_headline_counts_missing_and_worrying_things():
    analysis = analyse(read_pasted_text("Working agreement\nYou must not record meetings."))
    assert re.fullmatch(
        r"\d+ things guidance says should be here are missing; 1 thing to ask about\.",
        presenting.headline(analysis.findings),
    )


def test_professional_words_are_found_once_per_clause_with_their_meaning(glossary):
    found = glossary.find("The core group will meet. The CIN plan says s20 ends. The core group again.")
    names = [term.term for _, _, term in found]
    assert "Core group" in names and any("Child in need" in n for n in names) and "Section 20" in names
    assert names.count("Core group") == 1
    assert not glossary.find("The social worker will visit your home.")


def test_a_worrying_quote_is_marked_inside_its_clause(glossary):
    analysis = analyse(read_pasted_text("Working agreement\nYou agree to the plan. You must not record any meetings."))
    marked = [c for c in presenting.marked_clauses(analysis, glossary) if c.worries]
    assert marked and any(p.marked and "record" in p.text for p in marked[0].pieces)
    assert "".join(p.text for p in marked[0].pieces) == marked[0].clause.text


def test_no_end_date_is_shown_on_the_timeline():
    analysis = analyse(
        read_pasted_text(
            "Working agreement\nThis agreement starts on 2 March 2026 and will be "
            "reviewed on 30 March 2026. It lasts until further notice."
        )
    )
    points = presenting.milestones(analysis.dates, analysis.findings)
    assert [p.label for p in points] == ["Starts", "Review", "No end date"], points
    assert "until further notice" in points[-1].note


def test_answers_become_paragraphs_and_lists():
    blocks = presenting.blocks("You do not have to.\n\nWhat you can do:\n- Ask for time\n- Get advice")
    assert blocks[0].text == "You do not have to." and blocks[1].items == ("Ask for time", "Get advice")


def test_every_prompt_for_a_finding_gets_a_confident_answer(client, visitor):
    _, csrf = visitor
    upload(visitor, "Working agreement\nYou must sign this today. You must not record meetings. Ongoing.")
    for prompt in presenting.PROMPTS.values():
        response = client.post(
            "/agreement/ask", data={"csrf": csrf, "question": prompt}, headers={"x-requested-with": "fetch"}
        )
        assert response.status_code == 200 and "We could not answer this" not in response.text, prompt


def test_a_long_post_is_answered_on_the_page_part_by_part_under_its_own_headings(visitor):
    client, csrf = visitor
    post = (
        "A social worker came round after the school rang about a bruise. They said it is a section 47 and I am so "
        "scared. Can they take my son off me? My mum lives near, could she look after him for a while? "
        "And do I have to let them in next time?"
    )
    page = client.post("/ask", data={"csrf": csrf, "question": post}).text
    headings = re.findall(r'<h3 class="answer-ask"[^>]*>([^<]+)</h3>', page)
    assert len(headings) >= 2 and all(h.startswith("You asked") for h in headings)
    assert page.count("Where this part comes from") == len(headings)


def test_a_finding_the_checklist_is_unsure_of_says_check_this_yourself_with_the_sentence(client, visitor, monkeypatch):
    """Never a tick and never a plain "missing" for a sentence that may carry it: each view says to check it and
    quotes the sentence (the reader is the real one, held to a bar just above what it gives the sentence)."""
    from assistant.checklist import elements
    from assistant.checklist.learnt import sentence_reader

    line = "Dee from the family hub will pop round on Thursdays with a food parcel and sort out the gas meter."
    p = sentence_reader().probabilities([line], [frozenset()])[0][sentence_reader().column["la_support"]]
    monkeypatch.setattr(elements, "SURE", min(p + 0.01, 0.999))
    monkeypatch.setattr(elements, "UNSURE", p - 0.2)
    upload(visitor, "Written agreement for Ada Price\n\nNext steps\n\n" + line)
    for view in ("parent", "advocate", "worker"):
        page = client.get(f"/agreement?view={view}").text
        block = page[page.index('id="finding-la_support"') :]
        block = block[: block.index("</li>")]
        assert "Check this yourself" in block and "tag-unsure" in block, view
        assert "sort out the gas meter" in block, view
        assert "icon-tick" not in block, view
