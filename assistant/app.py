"""The web application: settings, lifespan, routes and the one place errors become JSON."""

from __future__ import annotations

import logging
import re
from contextlib import asynccontextmanager
from functools import cache

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from . import __version__
from .answering import Answerer
from .api import router
from .config import Settings
from .errors import AssistantError
from .knowledge import load_entries, load_glossary, load_out_of_scope
from .retrieval import Retriever
from .sessions import SessionStore

log = logging.getLogger("assistant")

HTTP_MESSAGES = {
    404: "There is nothing at this address. Please check the link, or go back to the start page.",
    405: "This address does not accept that kind of request.",
}
ID_IN_PATH = re.compile(r"(/api/agreements/)[^/?\s\"]+")


class RedactAgreementIds(logging.Filter):
    """Keep agreement ids out of the access log: an id is the only key to a family's document."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(ID_IN_PATH.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        return True


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def add_error_handlers(app: FastAPI) -> None:
    """Every error leaves as {"error": {"code", "message"}}, in words a parent understands."""

    @app.exception_handler(AssistantError)
    async def domain_error(request: Request, exc: AssistantError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = HTTP_MESSAGES.get(exc.status_code, "Something about this request was not right. Please try again.")
        return error_response(exc.status_code, f"http_{exc.status_code}", message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", "We couldn't understand what was sent. Please try again.")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s", type(exc).__name__, ID_IN_PATH.sub(r"\1…", request.url.path))
        return error_response(500, "internal", "Sorry, something went wrong on our side. Nothing you sent has "
                                               "been kept. Please try again in a moment.")


@cache
def build_answerer() -> Answerer:
    """Load the knowledge base and train the retriever: once per process, at start-up (it only reads files)."""
    entries, terms = load_entries(), load_glossary()
    return Answerer(entries, terms, Retriever().fit(entries, terms, load_out_of_scope()))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; tests pass their own settings."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logging.getLogger("uvicorn.access").addFilter(RedactAgreementIds())
        app.state.store = SessionStore(settings.session_idle_seconds, settings.max_sessions)
        app.state.answerer = build_answerer()
        yield
        app.state.store.clear()

    app = FastAPI(title="Written agreement assistant", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    add_error_handlers(app)
    app.include_router(router)
    return app


app = create_app()
