"""The wheel, built from the repo as a release would be, installed in a fresh venv and used from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, free_port, stop_server

pytestmark = pytest.mark.slow

AGREEMENT = ROOT / "tests" / "files" / "sample-agreement.txt"
DATA = "assistant/_data"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `python -m build` makes: the sdist first, then the wheel from that sdist, as a release does."""
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = out.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are borrowed from this venv to stay fast and offline."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)
    # Written after the install, so pip never sees this venv's editable copy of the project beside the wheel.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], **_text())
    (Path(site.stdout.strip()) / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return home


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working folder outside the repo, so nothing can be found by being beside it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _text() -> dict:
    return {"capture_output": True, "text": True, "timeout": 120, "check": True}


def _env() -> dict[str, str]:
    """This environment without the settings that would point the installed copy back at the repo."""
    dropped = {"PYTHONPATH", "ASSISTANT_KNOWLEDGE_DIR", "VIRTUAL_ENV"}
    return {key: value for key, value in os.environ.items() if key not in dropped}


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    command = [str(installed / "bin" / "agreement-assistant"), *args]
    return subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=180)


def test_the_wheel_carries_every_sub_package_the_knowledge_base_and_the_web_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    code = {path.relative_to(ROOT).as_posix() for path in (ROOT / "assistant").rglob("*.py")}
    assert code <= names, sorted(code - names)
    for folder in ("knowledge", "web"):
        files = {f"{DATA}/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert files <= names, sorted(files - names)
    for needed in ("knowledge/sources.json", "knowledge/glossary.toml", "web/templates/base.html"):
        assert f"{DATA}/{needed}" in names
    assert any(name.startswith(f"{DATA}/knowledge/entries/") and name.endswith(".md") for name in names)
    assert {f"{DATA}/web/static/{name}" for name in ("style.css", "app.js", "icon.svg")} <= names


def test_the_installed_copy_is_imported_from_the_new_venv_not_the_repo(installed, elsewhere):
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import assistant; print(assistant.__file__)"],
        cwd=elsewhere,
        env=_env(),
        **_text(),
    )
    module = Path(where.stdout.strip()).resolve()
    assert module.is_relative_to(installed.resolve())
    assert not module.is_relative_to(ROOT)


def test_check_reads_an_agreement_from_another_folder_as_the_checkout_does(installed, elsewhere):
    result = _run(installed, elsewhere, "check", str(AGREEMENT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sample-agreement.txt: ")
    assert "FOUND: things guidance looks for" in result.stdout and "not legal advice" in result.stdout
    assert result.stdout == _in_checkout("check", str(AGREEMENT))


def test_ask_answers_with_its_sources_from_another_folder_as_the_checkout_does(installed, elsewhere):
    result = _run(installed, elsewhere, "ask", "do i have to sign")
    assert result.returncode == 0, result.stderr
    answer, _, sources = result.stdout.partition("\nWhere this comes from:\n")
    assert "do not have to sign" in answer and "not legally binding" in answer and "not legal advice" in answer
    assert sources.strip().startswith("- ") and "https://" in sources
    assert result.stdout == _in_checkout("ask", "do i have to sign")


def _in_checkout(*args: str) -> str:
    """What the repo's own copy prints for the same command: the installed one must read the same knowledge."""
    command = [sys.executable, "-m", "assistant.cli", *args]
    return subprocess.run(command, cwd=ROOT, env=_env(), **_text()).stdout


def test_serve_answers_the_page_its_style_sheet_and_health(installed, elsewhere):
    port = free_port()
    command = [str(installed / "bin" / "agreement-assistant"), "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=elsewhere, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz", process)
        for path, expected in (("/", "<html"), ("/static/style.css", "{"), ("/healthz", '"status":"ok"')):
            with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
                assert response.status == 200
                assert expected in response.read().decode("utf-8")
    finally:
        stop_server(process)


def _wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.stdout.read().decode('utf-8', 'replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not start")
