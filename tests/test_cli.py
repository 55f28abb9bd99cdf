"""The command line, run as a real subprocess on real files."""

from __future__ import annotations

import json
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
