"""Every error the assistant names, each carrying the plain-language message a parent will read.

AssistantError and its kind reach a person (the web turns them into a page or JSON at one handler, the command
line prints them); KnowledgeError and BadSetting stop start-up, naming the file or the variable to fix.
"""

from __future__ import annotations

import traceback

HELP = "If you need help with the agreement itself, you can paste its words into the box instead."


class AssistantError(Exception):
    """Base class: an HTTP status, a stable code, and a message written for a parent."""

    status = 422
    code = "unreadable"
    message = "Something went wrong reading this."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class EmptyDocument(AssistantError):
    code = "empty_file"
    message = (
        "This file is empty: there is nothing in it to read. "
        "Please check you picked the right file and try again, or paste the words of the agreement instead."
    )


class DocumentTooLarge(AssistantError):
    status = 413
    code = "too_large"
    message = "This file is too big for us to read."

    @classmethod
    def over(cls, limit: int) -> DocumentTooLarge:
        """The refusal of an upload past `limit` bytes, naming the limit in megabytes."""
        megabytes = limit / (1024 * 1024)
        size = f"{megabytes:.0f} MB" if megabytes >= 1 else f"{limit // 1024} KB"
        return cls(
            f"This is bigger than {size}, which is the most we can read at once. An agreement is usually much "
            "smaller: if it is a scan or has photos in it, try saving it again as a smaller PDF. If you are sending "
            "photos of the pages, send them at a smaller size (your phone can do this when you share or email "
            "them). Or paste the words of the agreement into the box instead."
        )


class UnsupportedFileType(AssistantError):
    status = 415
    code = "unsupported_type"
    message = "We can't read this kind of file. We can read PDF files, Word files (.docx) and plain text. " + HELP


class EncryptedDocument(AssistantError):
    code = "password_protected"
    message = (
        "This PDF is locked with a password, so we can't open it. "
        "Please ask whoever sent it for a copy without a password, or paste the words of the agreement instead."
    )


class DamagedDocument(AssistantError):
    code = "damaged_file"
    message = (
        "This file seems to be damaged or only partly downloaded, so we can't read it. "
        "Please try downloading or saving it again. " + HELP
    )


class NoTextLayer(AssistantError):
    code = "no_text_layer"
    message = (
        "This PDF looks like a scan or a photo of the agreement: it has pictures of pages but no words we can read. "
        "Please paste the words of the agreement instead, or ask the social worker for the agreement "
        "as a Word file or an ordinary PDF."
    )


class NoReadableText(AssistantError):
    code = "no_text"
    message = (
        "We opened this file but could not find any words in it that we can read. "
        "Please check it is the agreement, or paste its words instead."
    )


class DocumentTooComplex(AssistantError):
    code = "too_complex"
    message = (
        "This file is built in a way that would take too long to read safely, so we stopped. "
        "Please try saving it again as a simple PDF or Word file. " + HELP
    )


class ReadingTooSlow(DocumentTooComplex):
    code = "too_slow"
    message = (
        "This file took longer than {seconds} seconds to read, so we stopped rather than keep other people "
        "waiting. If it is very long or full of pictures, try saving it again as a simple PDF or Word file. " + HELP
    )

    @classmethod
    def after(cls, seconds: float) -> ReadingTooSlow:
        """The refusal of a file that took more than `seconds` to read."""
        return cls(cls.message.replace("{seconds}", f"{seconds:g}"))


class AgreementNotFound(AssistantError):
    status = 404
    code = "not_found"
    message = (
        "We don't have this agreement any more. It may have been deleted, or it was forgotten after "
        "an hour without use to keep it private. Please upload it again."
    )


class ReaderBusy(AssistantError):
    status = 503
    code = "busy"
    message = (
        "Many people are sending agreements right now, so we can't read yours yet. "
        "Please wait a minute and try again. Nothing you sent has been kept."
    )


class TooManyRequests(AssistantError):
    status = 429
    code = "too_many_requests"
    message = (
        "You have sent a lot in a short time, so we have paused for a moment. "
        "Please wait a minute, then try again. Nothing you sent has been lost."
    )


class StoreUnavailable(AssistantError):
    status = 503
    code = "store_unavailable"
    message = (
        "We can't reach the part of the assistant that holds agreements right now. "
        "Please try again in a minute. If it keeps happening, upload the agreement again."
    )


class ReadingFailed(AssistantError):
    """A bug of ours while reading an upload (in a reader process, or for a page in the background): said plainly,
    never blamed on the file and never a page left waiting."""

    status = 503
    code = "reading_failed"
    message = (
        "Sorry, something went wrong on our side while reading this. Nothing was kept. Please try again in a moment."
    )


class BadRequest(AssistantError):
    code = "bad_request"
    message = "Please choose a file to upload, or paste the words of the agreement into the box."


class BlankPhoto(AssistantError):
    code = "blank_photo"
    message = (
        "We couldn't find any words in this photo or scan. Please check it shows the agreement, that the page is "
        "flat and in good light, and try again. You can also paste the words of the agreement instead."
    )


class PageTooSlow(AssistantError):
    code = "too_slow"
    message = (
        "Reading one page of this photo took longer than {seconds} seconds, so we stopped. Please try a "
        "clearer or smaller photo of each page, or paste the words of the agreement instead."
    )

    @classmethod
    def after(cls, seconds: float) -> PageTooSlow:
        """The refusal of a page that took more than `seconds` to read."""
        return cls(cls.message.replace("{seconds}", f"{seconds:g}"))


class EmptyQuestion(AssistantError):
    code = "empty_question"
    message = "Please type a question first."


class QuestionTooLong(AssistantError):
    code = "question_too_long"
    message = (
        "That question is too long for us to read (over {limit} characters). "
        "Please ask it in a shorter way, one thing at a time."
    )

    @classmethod
    def over(cls, limit: int) -> QuestionTooLong:
        """The refusal of a question past `limit` characters, naming the limit."""
        return cls(cls.message.replace("{limit}", str(limit)))


class KnowledgeError(ValueError):
    """An entry that does not have the shape knowledge/README.md describes; the message says how to fix it."""


class BadSetting(ValueError):
    """An ASSISTANT_* variable that cannot be used: the message names it, the value given and what it accepts."""

    def __init__(self, variable: str, value: str, accepts: str) -> None:
        super().__init__(f"{variable}={value!r} cannot be used: {variable} must be {accepts}.")


def describe_bug(error: BaseException) -> str:
    """A bug of ours for the log: each exception's type and the frames it was raised through, never its message.

    An exception's message can quote what it was working on (a KeyError names its key), and that may be a
    family's document: so only types and code locations are written, and no local variables."""
    parts: list[str] = []
    link: BaseException | None = error
    while link is not None and len(parts) < 10:  # a chain can loop back on itself
        frames = "".join(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        parts.append(f"{type(link).__module__}.{type(link).__qualname__} (its message is left out)\n{frames}")
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return "Traceback (most recent call last), causes first:\n" + "".join(reversed(parts))
