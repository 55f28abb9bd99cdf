"""The JSON API: read an agreement, fetch it again, forget it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from .analysis import Analysis, analyse, as_json
from .config import Settings
from .documents import read_document, read_pasted_text
from .errors import BadRequest, EmptyDocument
from .sessions import SessionStore
from .uploads import Upload, read_upload

router = APIRouter()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> SessionStore:
    return request.app.state.store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[SessionStore, Depends(get_store)]


def analyse_upload(upload: Upload, settings: Settings) -> Analysis:
    """Read whatever was sent (a file first, else pasted text) and analyse it."""
    if upload.file:
        return analyse(read_document(upload.file, settings))
    if upload.text and upload.text.strip():
        return analyse(read_pasted_text(upload.text, settings))
    if upload.file is not None or upload.text is not None:
        raise EmptyDocument()
    raise BadRequest()


def agreement_json(key: str, analysis: Analysis, settings: Settings) -> dict:
    return {"id": key, "expires_after_idle_seconds": settings.session_idle_seconds} | as_json(analysis)


@router.post("/api/agreements", status_code=201)
async def create_agreement(request: Request, settings: SettingsDep, store: StoreDep) -> dict:
    """Read one agreement (multipart `file`, or a `text` field) and return its checklist."""
    upload = await read_upload(request, settings.max_upload_bytes)
    analysis = await run_in_threadpool(analyse_upload, upload, settings)
    key = store.add(analysis)
    return agreement_json(key, analysis, settings)


@router.get("/api/agreements/{key}")
def get_agreement(key: str, settings: SettingsDep, store: StoreDep) -> dict:
    """Return an agreement's checklist again, while it is still held."""
    return agreement_json(key, store.get(key), settings)


@router.delete("/api/agreements/{key}", status_code=204)
def delete_agreement(key: str, store: StoreDep) -> Response:
    """Forget an agreement now."""
    store.delete(key)
    return Response(status_code=204)


@router.get("/healthz")
def healthz(store: StoreDep) -> dict:
    """200 once the server is ready."""
    return {"status": "ok", "agreements_held": len(store)}
