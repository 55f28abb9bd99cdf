"""The JSON API, driven through FastAPI's test client with real files."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile

import pytest

from assistant.checklist.elements import ELEMENT_IDS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client, data: bytes, name: str = "agreement.pdf", ctype: str = "application/octet-stream"):
    return client.post("/api/agreements", files={"file": (name, data, ctype)})


def assert_plain_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"] and "Traceback" not in error["message"] and "Exception" not in error["message"]
    if code:
        assert error["code"] == code
    return error


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.parametrize("kind", ["txt", "pdf", "docx"])
def test_each_file_kind_gets_every_element_once_with_quotes_from_the_text(
    client, sample_text, sample_pdf, sample_docx, kind
):
    data = {"txt": sample_text.encode(), "pdf": sample_pdf, "docx": sample_docx}[kind]
    response = upload(client, data, f"agreement.{kind}", DOCX if kind == "docx" else "application/octet-stream")
    assert response.status_code == 201
    body = response.json()
    assert sorted(f["id"] for f in body["checklist"]) == sorted(ELEMENT_IDS)
    assert body["kind"] == {"txt": "text", "pdf": "pdf", "docx": "docx"}[kind]
    text = normalise(sample_text)
    for finding in body["checklist"]:
        assert finding["explanation"] and finding["sources"]
        if finding["status"] in ("present", "flagged"):
            assert finding["evidence"], finding["id"]
            for evidence in finding["evidence"]:
                assert normalise(evidence["quote"]) in text
                assert evidence["ref"]
        else:
            assert finding["evidence"] == []
    assert body["summary"]["missing"] == [] and body["summary"]["flagged"] == []


def test_pasted_text_is_read_from_the_text_field(client, sample_text):
    response = client.post("/api/agreements", data={"text": sample_text})
    assert response.status_code == 201
    assert response.json()["summary"]["missing"] == []


def test_pasted_text_can_also_come_as_json(client):
    response = client.post("/api/agreements", json={"text": "You must sign this agreement today."})
    assert response.status_code == 201
    statuses = {f["id"]: f["status"] for f in response.json()["checklist"]}
    assert statuses["coercive_wording"] == "flagged"


def test_the_report_carries_reading_age_dates_and_clauses(client, sample_text):
    body = client.post("/api/agreements", data={"text": sample_text}).json()
    assert 5 <= body["readability"]["reading_age"] <= 21
    assert body["readability"]["longest_sentences"][0]["quote"] in sample_text
    assert body["dates"]["start"]["date"] == "2025-10-06"
    assert body["dates"]["end"]["date"] == "2025-12-01"
    assert body["dates"]["reviews"][0]["date"] == "2025-11-03"
    assert any(c["ref"].startswith("clause 1") for c in body["clauses"])
    assert "not legal advice" in body["notice"]


def test_an_agreement_can_be_fetched_then_deleted_and_is_gone_afterwards(client, sample_text):
    posted = client.post("/api/agreements", data={"text": sample_text}).json()
    key = posted["id"]
    fetched = client.get(f"/api/agreements/{key}")
    assert fetched.status_code == 200
    # The GET goes through the response model, which spells out the absent OCR report as null; the POST leaves it out.
    assert {k: v for k, v in fetched.json().items() if (k, v) != ("ocr", None)} == posted
    assert client.delete(f"/api/agreements/{key}").status_code == 204
    assert_plain_error(client.get(f"/api/agreements/{key}"), 404, "not_found")
    assert_plain_error(client.delete(f"/api/agreements/{key}"), 404, "not_found")


def test_ids_are_long_random_and_unique(client, sample_text):
    ids = {client.post("/api/agreements", data={"text": sample_text}).json()["id"] for _ in range(5)}
    assert len(ids) == 5
    assert all(len(key) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", key) for key in ids)


def test_an_unknown_id_is_a_plain_404(client):
    assert_plain_error(client.get("/api/agreements/never-existed"), 404, "not_found")


def test_a_file_over_the_limit_is_refused_with_413(client, settings):
    big = b"%PDF-1.4\n" + b"0" * (settings.max_upload_bytes + 10)
    error = assert_plain_error(upload(client, big), 413, "too_large")
    assert "2 MB" in error["message"]


def test_a_declared_length_over_the_limit_is_refused_before_reading(client, settings):
    response = client.post(
        "/api/agreements",
        content=b"x" * 10,
        headers={
            "content-type": "multipart/form-data; boundary=abc",
            "content-length": str(settings.max_upload_bytes * 2),
        },
    )
    assert_plain_error(response, 413, "too_large")


def _forbid_disk(monkeypatch) -> None:
    """Make every way tempfile has of putting bytes on disk fail loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)


def test_large_uploads_stay_in_memory_and_never_touch_disk(client, sample_text, monkeypatch):
    padded = (sample_text + "\n" + "Extra line of notes.\n" * 60_000).encode()  # 1.3 MB: Starlette would spool it
    _forbid_disk(monkeypatch)
    response = upload(client, padded, "notes.txt")
    assert response.status_code == 201
    assert any("very long" in warning for warning in response.json()["warnings"])


def test_the_disk_tripwire_does_catch_starlettes_own_form_parser(monkeypatch):
    """Guards the test above: Starlette's parser spools big files, and the tripwire sees it."""
    import asyncio

    from starlette.requests import Request

    body = (
        b"--b\r\nContent-Disposition: form-data; name=file; filename=a.txt\r\n\r\n"
        + b"x" * 1_500_000
        + b"\r\n--b--\r\n"
    )

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "headers": [(b"content-type", b"multipart/form-data; boundary=b")]}

    async def parse():
        return await Request(scope, receive).form()

    _forbid_disk(monkeypatch)
    with pytest.raises(AssertionError, match="temporary file"):
        asyncio.run(parse())


@pytest.mark.parametrize(
    "data,name",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.pdf"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "photo.jpg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc"),
        (b"MZ\x90\x00" + b"\x00" * 100, "setup.exe"),
    ],
)
def test_files_we_do_not_read_get_415(client, data, name):
    assert_plain_error(upload(client, data, name), 415, "unsupported_type")


def test_a_plain_zip_named_docx_gets_415(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert_plain_error(upload(client, buffer.getvalue(), "agreement.docx", DOCX), 415, "unsupported_type")


def test_an_empty_file_gets_422(client):
    assert_plain_error(upload(client, b"", "empty.pdf"), 422, "empty_file")


def test_empty_pasted_text_gets_422(client):
    assert_plain_error(client.post("/api/agreements", data={"text": "   \n  "}), 422, "empty_file")


def test_sending_nothing_gets_a_plain_message(client):
    assert_plain_error(client.post("/api/agreements", data={}), 422)


def test_a_truncated_pdf_is_refused_or_read_but_never_a_500(client, sample_pdf):
    response = upload(client, sample_pdf[: len(sample_pdf) // 2])
    assert response.status_code in (201, 422)
    if response.status_code == 422:
        assert_plain_error(response, 422)


def test_unknown_routes_answer_in_the_same_error_shape(client):
    assert_plain_error(client.get("/nowhere"), 404)


def test_health_check_answers_once_ready(client):
    assert client.get("/healthz").status_code == 200


def test_a_full_store_forgets_the_longest_unused_agreement_first(sample_text):
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.config import Settings

    with TestClient(create_app(Settings(max_sessions=2))) as client:
        first, second = (client.post("/api/agreements", data={"text": sample_text}).json()["id"] for _ in range(2))
        assert client.get(f"/api/agreements/{first}").status_code == 200  # now the second is the longest unused
        third = client.post("/api/agreements", data={"text": sample_text}).json()["id"]
        assert_plain_error(client.get(f"/api/agreements/{second}"), 404, "not_found")
        assert all(client.get(f"/api/agreements/{key}").status_code == 200 for key in (first, third))


def test_the_openapi_schema_is_served(client):
    assert "/api/agreements" in client.get("/openapi.json").json()["paths"]


def test_a_general_question_gets_an_answer_with_sources(client):
    body = client.post("/api/questions", json={"question": "do i have to sign the agreement"}).json()
    assert body["confident"] is True and body["answer"]
    assert all(s["kind"] in ("guidance", "agreement") and s["title"] for s in body["sources"])


def test_an_out_of_scope_question_is_not_confident(client):
    body = client.post("/api/questions", json={"question": "what is the best car seat for a toddler"}).json()
    assert body["confident"] is False and "can't answer" in body["answer"]


def test_a_question_about_an_uploaded_agreement_quotes_it(client, sample_text):
    key = client.post("/api/agreements", data={"text": sample_text}).json()["id"]
    body = client.post(f"/api/agreements/{key}/questions", json={"question": "when does it end?"}).json()
    assert "1 December 2025" in body["answer"]
    assert any(s["kind"] == "agreement" and s["quote"] in sample_text for s in body["sources"])


@pytest.mark.parametrize(
    "payload", [{"question": ""}, {"question": "   "}, {"question": "why " * 1600}, {}, {"question": 7}]
)
def test_empty_overlong_or_malformed_questions_get_422(client, payload):
    assert_plain_error(client.post("/api/questions", json=payload), 422)


def test_questions_about_an_unknown_agreement_get_404(client):
    assert_plain_error(client.post("/api/agreements/nope/questions", json={"question": "when does it end"}), 404)


def test_a_body_that_is_not_json_gets_422(client):
    response = client.post("/api/questions", content=b"not json", headers={"content-type": "application/json"})
    assert_plain_error(response, 422)
