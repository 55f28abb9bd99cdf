"""schemathesis over /openapi.json of a real server: generated requests to every API route, no 5xx, and every
reply (errors included) as the schema documents it."""

from __future__ import annotations

import pytest
import schemathesis
from conftest import start_server, stop_server
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

pytestmark = pytest.mark.slow  # schemathesis sends hundreds of generated requests to a real server


@pytest.fixture(scope="module")
def server():
    # Rate limits off: the generator sends hundreds of requests from one client in seconds.
    base, process = start_server(
        env={
            "ASSISTANT_UPLOADS_PER_MINUTE": "0",
            "ASSISTANT_REQUESTS_PER_MINUTE": "0",
            "ASSISTANT_MAX_UPLOAD_BYTES": str(256 * 1024),
        }
    )
    yield base
    stop_server(process)


def served_schema() -> dict:
    """The schema exactly as the server serves it at /openapi.json (the same app, built here without serving)."""
    from assistant.app import create_app

    return create_app().openapi()


schema = schemathesis.openapi.from_dict(served_schema())


def test_the_schema_is_the_one_served(server):
    import httpx

    assert httpx.get(f"{server}/openapi.json").json() == served_schema()


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_always_matches_its_schema(case, server):
    # Every check but these. A schema can say "a file", not "a file that is a readable agreement", nor "a question
    # that is not only spaces", so schema-valid requests may rightly get a plain 4xx (which is still checked
    # against the documented error shape). And every value in a form is text: "-6e193" sent as `text` is a
    # string to the server whatever type the generator meant, so form bodies are not held to "reject bad types".
    excluded = [positive_data_acceptance]
    if (case.media_type or "").startswith(("multipart/", "application/x-www-form-urlencoded")):
        excluded.append(negative_data_rejection)
    case.call_and_validate(base_url=server, excluded_checks=excluded)


def test_an_uploaded_agreement_matches_the_schema_and_so_do_its_answers(server, sample_text):
    import httpx

    made = httpx.post(f"{server}/api/agreements", data={"text": sample_text}, timeout=30)
    assert made.status_code == 201
    key = made.json()["id"]
    steps = (
        ("GET", "/api/agreements/{key}", None, 200),
        ("POST", "/api/agreements/{key}/questions", {"question": "when does it end"}, 200),
        ("DELETE", "/api/agreements/{key}", None, 204),
        ("GET", "/api/agreements/{key}", None, 404),
    )
    for method, path, body, status in steps:
        case = schema[path][method].Case(path_parameters={"key": key}, **({"body": body} if body else {}))
        assert case.call_and_validate(base_url=server).status_code == status
