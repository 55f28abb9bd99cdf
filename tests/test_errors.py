"""Every error the assistant names lives in errors.py, keeps its code and message, and a bug is logged safely."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import assistant
from assistant import errors
from assistant.errors import DocumentTooLarge, KnowledgeError, QuestionTooLong, describe_bug


def every_module():
    for info in pkgutil.walk_packages(assistant.__path__, "assistant."):
        yield importlib.import_module(info.name)


def test_every_error_class_is_defined_in_errors_py():
    elsewhere = [
        f"{module.__name__}.{name}"
        for module in every_module()
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception)
        and cls.__module__ == module.__name__ != "assistant.errors"
        and not name.startswith("_")  # a private signal inside one module, never shown to anyone
    ]
    assert elsewhere == []


def test_the_moved_errors_keep_their_codes_and_messages():
    assert QuestionTooLong.over(40).code == "question_too_long"
    assert QuestionTooLong.over(40).message.startswith("That question is too long for us to read (over 40 characters).")
    assert errors.EmptyQuestion().message == "Please type a question first."
    assert errors.BlankPhoto().code == "blank_photo" and errors.PageTooSlow.after(60).message.count("60 seconds") == 1
    assert issubclass(KnowledgeError, ValueError)


@pytest.mark.parametrize("limit,size", [(20 * 1024 * 1024, "20 MB"), (512 * 1024, "512 KB")])
def test_a_file_too_big_is_refused_naming_the_limit(limit, size):
    error = DocumentTooLarge.over(limit)
    assert error.status == 413 and error.message.startswith(f"This is bigger than {size}, which is the most")


CANARY = "Okonkwo-Pemberton"  # a name from a document: here, not on a line the traceback shows


def look_up(month: str) -> int:
    return {"may": 5}[month]


def test_a_bug_is_described_by_its_type_and_frames_never_its_message():
    try:
        try:
            look_up(CANARY)
        except KeyError as inner:
            raise RuntimeError(f"while reading {CANARY}") from inner
    except RuntimeError as outer:
        described = describe_bug(outer)
    assert CANARY not in described
    assert "builtins.KeyError" in described and "builtins.RuntimeError" in described
    assert described.index("KeyError") < described.index("RuntimeError")  # the cause first, as Python prints it
    assert "in look_up" in described and "test_errors.py" in described
