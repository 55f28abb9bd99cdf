"""Settings: every ASSISTANT_* variable read, and a bad one refused with a message naming it and what it takes."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import fields

import pytest
from conftest import ROOT, free_port

from assistant.config import POSITIVE, Settings, configure_logging
from assistant.errors import BadSetting

NUMBERS = [f.name for f in fields(Settings) if isinstance(f.default, int | float)]


@pytest.mark.parametrize("name", NUMBERS)
def test_a_word_for_a_number_names_the_variable_the_value_and_what_it_accepts(name):
    variable = f"ASSISTANT_{name.upper()}"
    with pytest.raises(BadSetting) as caught:
        Settings.from_env({variable: "two"})
    message = str(caught.value)
    assert message.startswith(f"{variable}='two' cannot be used: {variable} must be a ")
    assert ("more than 0" if name in POSITIVE else "0 or more") in message


@pytest.mark.parametrize("value", ["-1", "nan", "inf"])
def test_a_negative_or_endless_number_is_refused(value):
    with pytest.raises(BadSetting, match="ASSISTANT_READ_SECONDS"):
        Settings.from_env({"ASSISTANT_READ_SECONDS": value})


def test_zero_is_refused_where_it_would_stop_everything_and_kept_where_it_turns_a_limit_off():
    with pytest.raises(BadSetting, match="ASSISTANT_MAX_UPLOAD_BYTES='0'.*more than 0"):
        Settings.from_env({"ASSISTANT_MAX_UPLOAD_BYTES": "0"})
    settings = Settings.from_env({"ASSISTANT_UPLOADS_PER_MINUTE": "0", "ASSISTANT_READERS": "0"})
    assert settings.uploads_per_minute == 0 and settings.readers == 0


def test_good_values_are_read_with_their_types():
    settings = Settings.from_env(
        {"ASSISTANT_READ_SECONDS": "0.5", "ASSISTANT_READERS": " 2 ", "ASSISTANT_SECRET": " s "}
    )
    assert settings.read_seconds == 0.5 and settings.readers == 2 and settings.secret == " s "


def test_the_log_level_is_one_of_the_usual_names_in_any_case():
    assert Settings.from_env({"ASSISTANT_LOG_LEVEL": "warning"}).log_level == "WARNING"
    assert Settings().log_level == "INFO"
    with pytest.raises(BadSetting, match="ASSISTANT_LOG_LEVEL='loud'.*one of DEBUG, INFO"):
        Settings.from_env({"ASSISTANT_LOG_LEVEL": "loud"})


def test_the_server_refuses_a_bad_setting_at_start_up_in_plain_words():
    run = subprocess.run(
        [sys.executable, "-m", "uvicorn", "assistant.app:app", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ASSISTANT_READERS": "two"},
        timeout=60,
    )
    assert run.returncode != 0
    assert "ASSISTANT_READERS='two' cannot be used: ASSISTANT_READERS must be a whole number, 0 or more." in run.stderr
    assert "Traceback" not in run.stderr


def run_logging(level: str | None) -> str:
    """The stderr of a process that builds the app and logs through the assistant's logger."""
    code = (
        "import logging; from assistant.app import create_app; create_app(); create_app(); "
        "log = logging.getLogger('assistant'); log.info('an info line'); log.warning('a warning line')"
    )
    env = {"PATH": "/usr/bin:/bin"} | ({"ASSISTANT_LOG_LEVEL": level} if level else {})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60
    ).stderr


def test_the_assistants_log_goes_to_stderr_once_in_a_plain_format_at_info_by_default():
    printed = run_logging(None)
    assert printed.count("INFO assistant: an info line") == 1  # the app was built twice: still one handler
    assert "WARNING assistant: a warning line" in printed


def test_the_log_level_setting_quietens_the_log():
    printed = run_logging("WARNING")
    assert "an info line" not in printed and "WARNING assistant: a warning line" in printed


def test_configuring_the_log_leaves_uvicorns_loggers_alone():
    access = logging.getLogger("uvicorn.access")
    before = (access.level, list(access.handlers), list(access.filters))
    configure_logging("INFO")
    assert (access.level, list(access.handlers), list(access.filters)) == before
