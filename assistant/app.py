"""The web application: settings, lifespan, routes and the one place errors become JSON."""

from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import re
import secrets
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from . import __version__
from .answers.loading import build_answerer
from .config import Settings, configure_logging
from .errors import AssistantError, BadSetting, describe_bug
from .sessions.readers import ReaderPool
from .sessions.store import make_store
from .web.api import router
from .web.limits import RateLimits
from .web.pages import WEB, render
from .web.pages import router as pages_router
from .web.presenting import Glossary
from .web.security import SecurityHeaders

log = logging.getLogger("assistant")

HTTP_MESSAGES = {
    400: "We couldn't understand what was sent. Please try again.",
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


PAGE_TITLES = {
    404: "Page not found",
    405: "Page not found",
    403: "Please try again",
    413: "File too big",
    429: "Please wait a minute",
    503: "Please try again soon",
}


def error_response(status: int, code: str, message: str, request: Request | None = None) -> Response:
    """The API answers errors in JSON; a browser asking for a page gets an error page in the same words."""
    if request is not None and not _is_api(request.url.path) and "text/html" in request.headers.get("accept", ""):
        title = PAGE_TITLES.get(status, "Sorry, there is a problem")
        return render(request, "error.html", {"title": title, "message": message}, status)
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/healthz", "/openapi.json"))


def allowed_methods(request: Request) -> str:
    """Every method any route at this address takes (Starlette names only those of the first route it matched)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def add_error_handlers(app: FastAPI) -> None:
    """Every error leaves as {"error": {"code", "message"}}, in words a parent understands."""

    @app.exception_handler(AssistantError)
    async def domain_error(request: Request, exc: AssistantError) -> Response:
        response = error_response(exc.status, exc.code, exc.message, request)
        if exc.status in (429, 503):
            response.headers["Retry-After"] = "60"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = HTTP_MESSAGES.get(exc.status_code, "Something about this request was not right. Please try again.")
        response = error_response(exc.status_code, f"http_{exc.status_code}", message, request)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = allowed_methods(request)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(
            422, "invalid_request", "We couldn't understand what was sent. Please try again.", request
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s\n%s", ID_IN_PATH.sub(r"\1…", request.url.path), describe_bug(exc))
        return error_response(
            500,
            "internal",
            "Sorry, something went wrong on our side. Nothing you sent has been kept. Please try again in a moment.",
            request,
        )


async def sweep_forever(app: FastAPI, every: float) -> None:
    """Forget expired agreements as they expire, not at the next request, and give their memory back."""
    while True:
        await asyncio.sleep(every)
        if app.state.store.sweep() + app.state.visits.sweep():
            release_memory()


def release_memory() -> None:
    """Collect, then ask the C allocator to return freed pages to the system (glibc only; elsewhere a no-op)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def settings_from_env() -> Settings:
    """The environment's settings; a bad one stops start-up with its plain message, not a traceback."""
    try:
        return Settings.from_env()
    except BadSetting as error:
        raise SystemExit(str(error)) from None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; tests pass their own settings."""
    settings = settings or settings_from_env()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logging.getLogger("uvicorn.access").addFilter(RedactAgreementIds())
        app.state.store = make_store(settings, "agreement")
        app.state.visits = make_store(settings, "visit")
        app.state.limits = RateLimits(settings)
        app.state.readers = ReaderPool(settings)
        app.state.readers.start()
        app.state.readings = set()  # uploads being read for the pages in the background
        app.state.answerer = build_answerer(settings)
        app.state.glossary = Glossary(list(app.state.answerer.terms.values()))
        sweeper = asyncio.create_task(sweep_forever(app, min(60.0, settings.session_idle_seconds / 4)))
        try:
            yield
        finally:
            sweeper.cancel()
            for reading in list(app.state.readings):
                reading.cancel()
            app.state.readers.close()
            app.state.store.clear()
            app.state.visits.clear()

    # No /docs or /redoc: they load their scripts from another host. The schema stays at /openapi.json.
    app = FastAPI(
        title="Written agreement assistant", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    if settings.redis_url and not settings.secret:
        raise SystemExit(
            "ASSISTANT_SECRET must be set when ASSISTANT_REDIS_URL is: every worker needs the same "
            "secret to sign the pages' forms and to seal what it keeps in Redis. See the README."
        )
    # Signs the pages' form tokens. Random at each start unless set, so a restart asks a visitor to send again.
    app.state.secret = settings.secret.encode() if settings.secret else secrets.token_bytes(32)
    add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    return app


app = create_app()
