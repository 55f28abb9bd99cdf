"""Every error leaves as {"error": {"code", "message"}} in words a parent understands, or as an error page in the
same words when a browser asked for a page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from ..errors import AssistantError, describe_bug
from .pages import render
from .security import without_ids

log = logging.getLogger("assistant")

HTTP_MESSAGES = {
    400: "We couldn't understand what was sent. Please try again.",
    404: "There is nothing at this address. Please check the link, or go back to the start page.",
    405: "This address does not accept that kind of request.",
}
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
        log.error("unexpected error on %s\n%s", without_ids(request.url.path), describe_bug(exc))
        return error_response(
            500,
            "internal",
            "Sorry, something went wrong on our side. Nothing you sent has been kept. Please try again in a moment.",
            request,
        )
