"""Assembles the parts into the web app uvicorn serves (`assistant.app:app`): settings, stores, readers, answerer, routes."""

from __future__ import annotations

import asyncio
import logging
import secrets
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import __version__
from .answers.loading import build_answerer
from .checklist.learnt import sentence_reader
from .config import Settings, configure_logging
from .errors import BadSetting
from .sessions.readers import ReaderPool
from .sessions.store import make_store, sweep_forever
from .web.api import router
from .web.handlers import add_error_handlers
from .web.limits import RateLimits
from .web.pages import WEB
from .web.pages import router as pages_router
from .web.presenting import Glossary
from .web.security import RedactAgreementIds, SecurityHeaders


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
        sentence_reader()  # learnt once here (or loaded), so each reader process only loads it from disk
        app.state.readers = ReaderPool(settings)
        app.state.readers.start()
        app.state.readings = set()  # uploads being read for the pages in the background
        app.state.answerer = build_answerer(settings)
        app.state.glossary = Glossary(list(app.state.answerer.terms.values()))
        sweeper = asyncio.create_task(
            sweep_forever((app.state.store, app.state.visits), min(60.0, settings.session_idle_seconds / 4))
        )
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
