"""The command line, run as a real subprocess on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.checklist.elements import ELEMENT_IDS


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def concern_file(tmp_path: Path) -> Path:
    path = tmp_path / "contract.txt"
    path.write_text(
        "CONTRACT OF EXPECTATIONS\n\nYou must sign this today.\n\n"
        "This agreement will remain in place until further notice.\n\n"
        "1. You will not record any meetings or phone calls with the social worker.\n",
        encoding="utf-8",
    )
    return path


def test_check_prints_what_is_missing_and_worrying_with_the_evidence(concern_file):
    result = run("check", str(concern_file))
    assert result.returncode == 0
    out = result.stdout
    assert "MISSING" in out and "WORRYING" in out
    assert "“You must sign this today.”" in out
    assert "until further notice" in out and "under “CONTRACT OF EXPECTATIONS”" in out
    assert "not legal advice" in out


def test_check_json_matches_the_api_shape(concern_file, client):
    result = run("check", str(concern_file), "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    statuses = {f["id"]: f["status"] for f in body["checklist"]}
    assert sorted(statuses) == sorted(ELEMENT_IDS)
    assert statuses["coercive_wording"] == statuses["vague_timescale"] == statuses["recording_ban"] == "flagged"
    assert statuses["timescale"] == "missing"
    posted = client.post("/api/agreements", files={"file": (concern_file.name, concern_file.read_bytes())})
    assert posted.status_code == 201
    api_only = {"id", "expires_after_idle_seconds"}  # what the store adds; the rest is the same report
    assert {k: v for k, v in posted.json().items() if k not in api_only} == body


def test_a_pdf_and_a_word_file_are_read_too(tmp_path, sample_pdf, sample_docx):
    for name, data in (("a.pdf", sample_pdf), ("a.docx", sample_docx)):
        path = tmp_path / name
        path.write_bytes(data)
        result = run("check", str(path))
        assert result.returncode == 0, result.stderr
        assert "Everything guidance looks for was found" in result.stdout


@pytest.mark.parametrize("content,words", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "photo")])
def test_a_bad_file_gets_the_same_plain_message_and_a_non_zero_exit(tmp_path, content, words):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_explained(tmp_path):
    result = run("check", str(tmp_path / "nope.pdf"))
    assert result.returncode == 2 and "There is no file" in result.stderr


def run_with(env: dict, *args: str) -> subprocess.CompletedProcess:
    """The command line with only these settings in its environment."""
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "ASSISTANT_INDEX_DIR": os.environ.get("ASSISTANT_INDEX_DIR", "")} | env,
    )


@pytest.mark.parametrize("command", [["ask", "do i have to sign"], ["check", "CONCERN"]])
def test_check_and_ask_never_load_the_web_framework(command, concern_file):
    command = [str(concern_file) if part == "CONCERN" else part for part in command]
    code = (
        "import sys; from assistant.cli import main; code = main(sys.argv[1:]); "
        "loaded = [m for m in sys.modules if m == 'fastapi' or m.startswith(('starlette', 'assistant.web'))]; "
        "assert not loaded, loaded; sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_ask_answers_with_redis_set_and_no_secret_since_it_builds_no_web_app():
    result = run_with({"ASSISTANT_REDIS_URL": "redis://127.0.0.1:1/0"}, "ask", "do i have to sign")
    assert result.returncode == 0, result.stderr
    assert "sign" in result.stdout and "ASSISTANT_SECRET" not in result.stderr


def test_ask_keeps_to_the_question_length_setting():
    result = run_with({"ASSISTANT_MAX_QUESTION_CHARS": "10"}, "ask", "do i have to sign this agreement")
    assert result.returncode == 2
    assert "over 10 characters" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow  # learns the whole retrieval index from scratch: a quarter of the fast loop, so CI only
def test_ask_keeps_its_learnt_index_where_the_setting_says(tmp_path):
    result = run_with({"ASSISTANT_INDEX_DIR": str(tmp_path)}, "ask", "do i have to sign")
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("index-*.npz"))


def test_ask_json_is_the_apis_json_for_the_same_question(client):
    result = run("ask", "--json", "can they take my child away")
    assert result.returncode == 0, result.stderr
    api = client.post("/api/questions", json={"question": "can they take my child away"})
    assert json.loads(result.stdout) == api.json()


def test_a_bad_setting_is_named_with_what_it_accepts_and_no_traceback(concern_file):
    result = run_with({"ASSISTANT_READERS": "two"}, "check", str(concern_file))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "ASSISTANT_READERS='two' cannot be used: ASSISTANT_READERS must be a whole number, 0 or more."
    )
