"""No runtime dependency has a known vulnerability: pip-audit on the exact installed versions, with PyPI's own
advisory list as a second source where pip-audit's service cannot answer for a version.

Only what the server runs is audited (the closure of this package's own requirements), not the test tools.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from importlib.metadata import PackageNotFoundError, distribution

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow  # pip-audit over the network

INDEX = "https://pypi.org/pypi"


def runtime_closure(name: str = "agreement-assistant") -> dict[str, str]:
    """Every distribution the server needs, with its installed version (extras such as [test] left out)."""
    found: dict[str, str] = {}
    todo = [Requirement(name)]
    while todo:
        requirement = todo.pop()
        key = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if key in found:
            continue
        try:
            dist = distribution(requirement.name)
        except PackageNotFoundError:
            continue  # a requirement for another platform or Python
        found[key] = dist.version
        for raw in dist.requires or []:
            child = Requirement(raw)
            wanted = requirement.extras or {""}
            if child.marker is None or any(child.marker.evaluate({"extra": extra}) for extra in wanted):
                todo.append(child)
    found.pop("agreement-assistant", None)
    return found


def pip_audit(pins: dict[str, str], folder) -> dict[str, dict]:
    """pip-audit's verdict for each pinned distribution: its vulnerabilities, or why it was skipped."""
    requirements = folder / "runtime.txt"
    requirements.write_text("".join(f"{name}=={version}\n" for name, version in sorted(pins.items())))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "-r",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--cache-dir",
            str(folder / "cache"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stdout or "{}")
    return {re.sub(r"[-_.]+", "-", d["name"]).lower(): d for d in report.get("dependencies", [])}


def pypi_advisories(name: str, version: str) -> list[str] | None:
    """The advisories PyPI lists for the project's latest release, when that is the installed one; else None."""
    with urllib.request.urlopen(f"{INDEX}/{name}/json", timeout=60) as response:
        data = json.load(response)
    if data["info"]["version"] != version:
        return None
    return [v["id"] for v in data.get("vulnerabilities", []) if not v.get("withdrawn")]


def test_the_closure_is_the_runtime_one():
    pins = runtime_closure()
    assert {"fastapi", "uvicorn", "pypdf", "python-multipart", "starlette", "jinja2", "scikit-learn"} <= set(pins)
    assert "cryptography" in pins  # pypdf[crypto], for AES-256 PDFs
    assert not {"pytest", "playwright", "hypothesis", "schemathesis"} & set(pins)


def test_no_runtime_dependency_has_a_known_vulnerability(tmp_path):
    pins = runtime_closure()
    try:
        verdicts = pip_audit(pins, tmp_path)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        verdicts = {}
        print(f"pip-audit gave no report ({type(exc).__name__})")
    vulnerable, unaudited = {}, []
    for name, version in sorted(pins.items()):
        verdict = verdicts.get(name, {})
        if verdict.get("vulns"):
            vulnerable[f"{name}=={version}"] = [v["id"] for v in verdict["vulns"]]
        elif "skip_reason" in verdict or not verdict:
            try:
                advisories = pypi_advisories(name, version)
            except OSError:
                advisories = None
            if advisories:
                vulnerable[f"{name}=={version}"] = advisories
            elif advisories is None:
                unaudited.append(f"{name}=={version}")
    assert not vulnerable, f"known vulnerabilities in runtime dependencies: {vulnerable}"
    if unaudited:
        message = f"no advisory source could answer for: {', '.join(unaudited)}"
        if os.environ.get("CI") and len(unaudited) == len(pins):
            pytest.fail(message)
        print(message)
