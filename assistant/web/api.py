"""The JSON API: read an agreement, fetch it again, forget it."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from ..answers.answering import answer_json
from ..checklist.report import as_json
from ..config import Settings
from ..sessions.readers import Job, Read, ReaderPool
from . import schemas
from .dependencies import AnswererDep, ReadersDep, SettingsDep, StoreDep
from .limits import rate_limited
from .uploads import Upload
from .uploads import read_upload as receive_upload

router = APIRouter(dependencies=[Depends(rate_limited)])


class Question(BaseModel):
    """A question, in the person's own words."""

    question: str = ""


async def read_in_reader(readers: ReaderPool, upload: Upload) -> Read:
    """Read an upload in a reader process: the web worker only waits."""
    return await readers.read(Job(file=upload.file, text=upload.text, photos=tuple(upload.files)))


def agreement_head(key: str, settings: Settings) -> dict:
    """The fields the store adds to an agreement's JSON."""
    return {"id": key, "expires_after_idle_seconds": settings.session_idle_seconds}


@router.post(
    "/api/agreements",
    status_code=201,
    response_model=schemas.Agreement,
    openapi_extra=schemas.UPLOAD_BODY,
    responses=schemas.errors(400, 413, 415, 422, 429, 503),
)
async def create_agreement(request: Request, settings: SettingsDep, store: StoreDep, readers: ReadersDep) -> Response:
    """Read one agreement (multipart `file`, or a `text` field) and return its checklist."""
    upload = await receive_upload(request, settings.max_upload_bytes)
    read = await read_in_reader(readers, upload)
    del upload
    key = store.add_packed(read.packed)
    head = json.dumps(agreement_head(key, settings))  # spliced before the reader's JSON: nothing is parsed again
    return Response(head[:-1].encode() + b"," + read.body[1:], status_code=201, media_type="application/json")


@router.get("/api/agreements/{key}", response_model=schemas.Agreement, responses=schemas.errors(404, 429))
def get_agreement(key: str, settings: SettingsDep, store: StoreDep) -> dict:
    """Return an agreement's checklist again, while it is still held."""
    return agreement_head(key, settings) | as_json(store.get(key).analysis)


@router.delete("/api/agreements/{key}", status_code=204, responses=schemas.errors(404, 429))
def delete_agreement(key: str, store: StoreDep) -> Response:
    """Forget an agreement now."""
    store.delete(key)
    return Response(status_code=204)


@router.post(
    "/api/agreements/{key}/questions", response_model=schemas.Reply, responses=schemas.errors(400, 404, 422, 429)
)
def ask_about_agreement(
    key: str, body: Question, settings: SettingsDep, store: StoreDep, answerer: AnswererDep
) -> dict:
    """Answer a question about one agreement, quoting it where it can."""
    held = store.get(key)
    return answer_json(answerer.answer(body.question, held, settings.max_question_chars))


@router.post("/api/questions", response_model=schemas.Reply, responses=schemas.errors(400, 422, 429))
def ask(body: Question, settings: SettingsDep, answerer: AnswererDep) -> dict:
    """Answer a general question from the guidance, or say plainly that we do not know."""
    return answer_json(answerer.answer(body.question, None, settings.max_question_chars))


@router.get("/healthz", response_model=schemas.Health)
def healthz(store: StoreDep) -> dict:
    """200 once the server is ready."""
    return {"status": "ok", "agreements_held": store.count()}
