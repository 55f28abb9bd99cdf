"""What keeps the pages safe to use: security headers, the one visit cookie and the token every form carries."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..sessions.store import new_key

COOKIE = "visit"
# Only this host, no inline script and no framing: a page can load its own stylesheet and script, nothing else.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


class SecurityHeaders:
    """Adds the security headers to every response, and stops browsers keeping anything but static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:  # a page may show a family's document: never keep it in the browser's cache
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


# A visit token is an unguessable id like the store's keys (192 random bits): one function makes both.
new_visit = new_key


def visit_key(token: str) -> str:
    """The key a visit is kept under: a hash, so the store never holds the cookie itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def form_token(secret: bytes, visit: str) -> str:
    """The token a page's forms carry: only a page this server gave this visitor can know it."""
    return hmac.new(secret, visit.encode(), hashlib.sha256).hexdigest()


def token_ok(secret: bytes, visit: str | None, sent: str | None) -> bool:
    """Whether a form came from one of our own pages, opened by this visitor."""
    if not visit or not sent:
        return False
    # As bytes: compare_digest refuses a str with non-ASCII letters in it, and the token is whatever was posted.
    return hmac.compare_digest(form_token(secret, visit).encode(), sent.encode())


def cookie_options(secure: bool) -> dict:
    """The visit cookie: gone when the browser closes, never sent by another site, out of reach of scripts."""
    return {"httponly": True, "samesite": "strict", "secure": secure, "path": "/"}


ID_IN_PATH = re.compile(r"(/api/agreements/)[^/?\s\"]+")


def without_ids(text: str) -> str:
    """A path or log line with any agreement id in it replaced by an ellipsis."""
    return ID_IN_PATH.sub(r"\1…", text)


class RedactAgreementIds(logging.Filter):
    """Keep agreement ids out of the access log: an id is the only key to a family's document."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(without_ids(a) if isinstance(a, str) else a for a in record.args)
        return True
