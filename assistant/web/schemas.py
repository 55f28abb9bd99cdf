"""The JSON shapes the API promises, as pydantic models: they document /openapi.json and check every reply."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A shape that may carry more fields than it names (the contract lets replies grow)."""

    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: a stable code, and what went wrong and what to do next in plain words."""

    error: ErrorDetail


class Evidence(Open):
    quote: str
    ref: str
    page: int | None = None
    clause: int


class Finding(Open):
    id: str
    kind: str
    label: str
    status: Literal["present", "missing", "flagged", "clear"]
    evidence: list[Evidence]
    explanation: str
    advice: str
    sources: list[dict]
    terms: list[str]
    question: str
    rewrite: str
    confidence: float = Field(ge=0, le=1)  # how sure the checklist is of the status
    maybe: list[Evidence]  # sentences that may carry it after all: the person should check them
    blanks: list[Evidence]  # the form's places for it, left blank (only when it is missing)


class BlankSlot(Open):
    label: str
    says: str
    quote: str
    ref: str
    clause: int
    page: int | None = None
    elements: list[str]


class Summary(Open):
    headline: str
    missing: list[str]
    flagged: list[str]
    present: list[str]
    clear: list[str]
    unsure: list[str]  # findings the checklist is not sure of


class Clause(Open):
    index: int
    ref: str
    kind: str
    text: str
    page: int | None = None
    heading: str | None = None
    number: str | None = None


class Stage(Open):
    """Where the case stands, in the agreement's own words."""

    id: Literal["child-in-need", "child-protection", "section-20", "pre-proceedings", "care-proceedings"]
    name: str
    quote: str
    clause: int | None = None
    ref: str | None = None


class OcrPage(BaseModel):
    page: int
    confidence: float  # Tesseract's mean word confidence, 0-100
    low: bool  # the person is asked to check this page: confidence below 75, or writing that could not be read
    unread_marks: int = 0  # patches shaped like writing in which nothing could be read (handwriting, a table's cell)


class Ocr(BaseModel):
    pages: list[OcrPage]
    text: list[str]  # the words read, page by page, to check against the paper copy


class Agreement(Open):
    """One agreement as read: its checklist, measures, dates and clauses."""

    id: str
    expires_after_idle_seconds: int
    kind: Literal["pdf", "docx", "text", "photo"]
    pages: int
    title: str | None
    warnings: list[str]
    summary: Summary
    checklist: list[Finding]
    readability: dict
    dates: dict
    signposts: list[str]
    stage: Stage | None = None  # where the case stands, when the agreement says so
    blank_slots: list[BlankSlot]  # the form's places left blank
    clauses: list[Clause]
    notice: str
    read_from_photo: bool
    ocr: Ocr | None = None  # present when the words were read from photos or a scan


class Source(Open):
    kind: Literal["guidance", "agreement"]
    title: str


class Related(Open):
    entry: str
    title: str


class Reply(Open):
    """An answer, whether the assistant is sure of it, and where each part comes from."""

    answer: str
    confident: bool
    sources: list[Source]
    entry: str | None = None
    related: list[Related] = []


class Health(BaseModel):
    status: Literal["ok"]
    agreements_held: int | None  # None when sessions are in Redis (counting would mean scanning every key)


def errors(*statuses: int) -> dict:
    """The error replies a route can give, for the schema."""
    words = {
        400: "The request could not be understood (such as broken JSON)",
        404: "No such agreement: never made, deleted or expired",
        413: "Too big",
        415: "A kind of file we can't read",
        422: "Could not be read, or an empty or too long question",
        429: "Too many requests from this client",
        503: "Busy: try again in a minute",
    }
    return {status: {"model": ErrorBody, "description": words[status]} for status in statuses}


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A PDF, Word (.docx) or text file, or a photo (JPEG, PNG, HEIC) of a page. Send "
                            "several `file` fields for photos of several pages, in order.",
                        },
                        "text": {"type": "string", "description": "The agreement's words, pasted"},
                    },
                }
            },
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {"text": {"type": "string"}}}
            },
        },
    }
}
