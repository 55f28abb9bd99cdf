"""The web pages: home, the result in three views, the chat, printable lists, and forgetting a document.

Every page works without JavaScript: forms post, and the page comes back with the result. The script only
makes the chat answer in place. What a visitor has (their agreement's id and their chat) is kept in memory
under their visit cookie, which holds nothing but a random token.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..answers.answering import NOT_ADVICE, Answer, Answerer, Held
from ..checklist.report import NOTICE
from ..config import Settings, data_folder
from ..errors import AssistantError, ReadingFailed, describe_bug
from ..reading import ocr
from ..sessions import progress
from ..sessions.readers import Job, Read
from ..sessions.store import Store, new_key
from . import presenting
from .dependencies import AnswererDep, GlossaryDep, SettingsDep, StoreDep, VisitsDep
from .limits import rate_limited
from .security import COOKIE, cookie_options, form_token, new_visit, token_ok, visit_key
from .uploads import read_upload

log = logging.getLogger("assistant")
WEB = data_folder("web")
EXIT_URL = "https://www.bbc.co.uk/weather"
NO_DOCUMENT = "Choose a file, or paste the words of the agreement into the box."
GONE = (
    "We no longer have a document for you. It may have been forgotten after an hour without use, or you "
    "asked us to forget it. You can add it again below."
)
STALE_FORM = (
    "This form has expired, or it was sent from another website. Nothing was kept. Please go back to "
    "the start page and try again."
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(rate_limited)])
templates = Jinja2Templates(directory=WEB / "templates")
templates.env.filters["blocks"] = presenting.blocks
templates.env.globals["not_advice"] = NOT_ADVICE


@dataclass(frozen=True)
class Exchange:
    """One question and its answer, numbered in the conversation."""

    number: int
    question: str
    answer: Answer


@dataclass
class Visit:
    """What one visitor has: the id of their agreement, and their conversations."""

    agreement: str | None = None
    chat: list[Exchange] = field(default_factory=list)  # about the agreement
    general: list[Exchange] = field(default_factory=list)  # without one


@dataclass(frozen=True)
class Problem:
    """A message for the error summary, and the field it belongs to."""

    message: str
    field: str


def token_of(request: Request) -> str:
    """This visitor's token, or a new one (sent as a cookie with the page)."""
    token = request.cookies.get(COOKIE, "")
    if len(token) != 32 or not token.replace("-", "").replace("_", "").isalnum():
        token = getattr(request.state, "new_visit", None) or new_visit()
        request.state.new_visit = token
    return token


def render(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    """A page, with what every page needs: the form token, the exit link, and the cookie when it is new."""
    token = token_of(request)
    base = {
        "csrf": form_token(request.app.state.secret, token),
        "exit_url": EXIT_URL,
        "views": presenting.VIEWS,
        "max_question_chars": request.app.state.settings.max_question_chars,
        "photos_ok": ocr.available(),
    }
    response = templates.TemplateResponse(request, template, base | context, status_code=status)
    if getattr(request.state, "new_visit", None):
        response.set_cookie(COOKIE, token, **cookie_options(request.url.scheme == "https"))
    return response


def visit_of(request: Request, visits: Store) -> Visit:
    return visits.find(visit_key(token_of(request))) or Visit()


def keep(request: Request, visits: Store, visit: Visit) -> None:
    visits.put(visit_key(token_of(request)), visit)


def from_our_page(request: Request, sent: str | None) -> bool:
    return token_ok(request.app.state.secret, request.cookies.get(COOKIE), sent)


def stale_form(request: Request) -> HTMLResponse:
    return render(request, "error.html", {"title": "Please try again", "message": STALE_FORM}, 403)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def held_of(visit: Visit, store: Store) -> Held | None:
    """The visitor's agreement, if it is still held (looking restarts its idle clock)."""
    return store.find(visit.agreement)


async def posted_form(request: Request):
    """A small form posted from one of our own pages, or None when its token is missing or wrong."""
    form = await request.form(max_files=0, max_fields=5)
    sent = form.get("csrf")  # a str: max_files=0 refuses a file in the form
    return form if from_our_page(request, sent if isinstance(sent, str) else None) else None


def gone(request: Request) -> Response:
    """The visitor's agreement is no longer held: say so in the chat for the script, else on the start page."""
    if _wants_fragment(request):
        return render(request, "_problem.html", {"message": GONE}, 404)
    return see_other("/?done=gone")


def answered(request: Request, exchange: Exchange, page: str) -> Response:
    """The script gets the new answer as a fragment; a plain form post goes back to the page, at the answer."""
    if _wants_fragment(request):
        return render(request, "_exchange.html", {"exchange": exchange})
    return see_other(f"{page}#answer-{exchange.number}")


# --- home and upload ---------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, settings: SettingsDep, visits: VisitsDep, store: StoreDep) -> HTMLResponse:
    """What the assistant does, the privacy promise, and the upload."""
    visit = visit_of(request, visits)
    notice = {
        "forgotten": "Your document has been forgotten. We have kept nothing.",
        "stopped": "We stopped reading your document, and kept nothing of it.",
        "gone": GONE,
    }.get(request.query_params.get("done", ""))
    held = visit.agreement is not None and store.holds(visit.agreement)  # whether there is one: no unpacking
    context = home_context(settings, notice, held)
    reading = progress.current(visits, visit_key(token_of(request)))
    context["reading"] = reading is not None and reading.state in ("waiting", "reading")
    return render(request, "home.html", context)


def home_context(
    settings: Settings,
    notice: str | None = None,
    has_agreement: bool = False,
    problems: Sequence[Problem] = (),
    text: str = "",
) -> dict:
    return {
        "title": "Understand your written agreement",
        "notice": notice,
        "has_agreement": has_agreement,
        "problems": list(problems),
        "text": _printable(text),
        "limit_mb": settings.max_upload_bytes // (1024 * 1024),
        "limit_bytes": settings.max_upload_bytes,
        "hour": presenting.idle_span(settings.session_idle_seconds),
    }


def _printable(text: str) -> str:
    """Pasted text to put back in the box: without control characters a page can't show."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


@router.post("/check", response_class=HTMLResponse)
async def check(request: Request, settings: SettingsDep, visits: VisitsDep, store: StoreDep) -> Response:
    """Read the uploaded or pasted agreement; show the result, or say plainly what went wrong and where.

    A file that is still being read after a moment (photos take seconds a page) goes on in the background, and the
    visitor is shown how far it has got."""
    try:
        upload = await read_upload(request, settings.max_upload_bytes)
    except AssistantError as refused:
        return render(
            request, "home.html", home_context(settings, problems=[Problem(refused.message, "file")]), refused.status
        )
    if not from_our_page(request, upload.fields.get("csrf")):
        return stale_form(request)
    if not upload.file and not (upload.text or "").strip():
        return render(request, "home.html", home_context(settings, problems=[Problem(NO_DOCUMENT, "file")]), 422)
    visit = visit_key(token_of(request))
    progress.stop(visits, visit)  # a file sent again, or another one: the reading before it is no longer wanted
    tracker = progress.Tracker(visits, visit, new_key())
    job = Job(file=upload.file, text=upload.text, photos=tuple(upload.files))
    task = asyncio.create_task(read_for_visit(request.app, visit, job, tracker))
    request.app.state.readings.add(task)
    task.add_done_callback(request.app.state.readings.discard)
    # Pasted text is read in well under a second, and its words must come back to the box if it cannot be read.
    done, _ = await asyncio.wait({task}, timeout=settings.reading_wait_seconds if upload.file else None)
    if not done:
        return see_other("/reading")
    progress.forget(visits, visit, tracker.reading.id)
    error = task.result()
    if error is not None:
        where = "file" if upload.file else "text"
        context = home_context(settings, problems=[Problem(error.message, where)], text=upload.text or "")
        return render(request, "home.html", context, error.status)
    return see_other("/agreement")


async def read_for_visit(app, visit: str, job: Job, tracker: progress.Tracker) -> AssistantError | None:
    """Read an upload for a visitor, telling the tracker how far it has got; keep it as their agreement.

    Returns the reading's error (also kept on the tracker for the progress page), or None."""
    reading = asyncio.ensure_future(app.state.readers.read(job, tracker.told))
    del job  # the reader has the bytes: this task keeps no copy while it waits
    try:
        while not reading.done():
            await asyncio.wait({reading}, timeout=progress.HEARTBEAT_SECONDS)
            tracker.alive()
        read = reading.result()
    except progress.Stopped:
        tracker.gone()
        return None
    except AssistantError as error:
        tracker.failed(error)
        return error
    except Exception as unexpected:  # a bug of ours: say so plainly, never leave the page waiting
        log.error("reading for a page hit a bug\n%s", describe_bug(unexpected))
        tracker.failed(ReadingFailed())
        return ReadingFailed()
    finally:
        reading.cancel()
    if tracker.stopped():  # stopped while its last page was read: keep nothing
        tracker.gone()
        return None
    try:
        keep_as_agreement(app, visit, read)
    except AssistantError as error:  # the store could not be reached
        tracker.failed(error)
        return error
    tracker.done()
    return None


def keep_as_agreement(app, visit: str, read: Read) -> None:
    """Keep what was read as the visitor's agreement, in place of any before it, with a fresh conversation.

    The reader process packed it: it is kept as those bytes, and unpacked only when a page shows it."""
    store, visits = app.state.store, app.state.visits
    kept = visits.find(visit) or Visit()
    if kept.agreement:
        store.discard(kept.agreement)
    kept.agreement, kept.chat = store.add_packed(read.packed), []
    visits.put(visit, kept)


@router.get("/reading", response_class=HTMLResponse)
def reading_page(request: Request, visits: VisitsDep) -> Response:
    """How far the reading of the visitor's upload has got; the result, or what went wrong, once it is over."""
    visit = visit_key(token_of(request))
    reading = progress.current(visits, visit)
    if reading is None:  # nothing is being read: the result if there is one, else the start page
        return see_other("/agreement")
    if reading.state == "done":
        progress.forget(visits, visit, reading.id)
        return see_other("/agreement")
    if reading.state == "failed":
        settings = request.app.state.settings
        return render(
            request, "home.html", home_context(settings, problems=[Problem(reading.message, "file")]), reading.status
        )
    return render(request, "reading.html", {"title": "Reading your agreement", "reading": reading})


@router.get("/reading/status")
def reading_status(request: Request, visits: VisitsDep) -> Response:
    """The same, for the page's script to show without reloading."""
    reading = progress.current(visits, visit_key(token_of(request)))
    return JSONResponse(reading.as_json() if reading else {"state": "none"})


@router.post("/reading/stop")
async def stop_reading(request: Request, visits: VisitsDep) -> Response:
    """Stop reading the visitor's upload and keep nothing of it."""
    if await posted_form(request) is None:
        return stale_form(request)
    progress.stop(visits, visit_key(token_of(request)))
    return see_other("/?done=stopped")


# --- the result --------------------------------------------------------------------------------------------


@router.get("/agreement", response_class=HTMLResponse)
def result(
    request: Request, settings: SettingsDep, visits: VisitsDep, store: StoreDep, glossary: GlossaryDep
) -> Response:
    """The checklist, the agreement marked up, its dates and the chat, in the view asked for."""
    visit = visit_of(request, visits)
    held = held_of(visit, store)
    if held is None:
        return gone(request)
    view = request.query_params.get("view", "parent")
    return render(request, "result.html", result_context(held, visit, view, settings, glossary))


def result_context(
    held: Held,
    visit: Visit,
    view: str,
    settings: Settings,
    glossary: presenting.Glossary,
    problems: Sequence[Problem] = (),
    question: str = "",
) -> dict:
    analysis = held.analysis
    view = view if view in presenting.VIEWS else "parent"
    return {
        "title": "What we found in your agreement",
        "view": view,
        "analysis": analysis,
        "document": analysis.document,
        "headline": presenting.headline(analysis.findings),
        "findings": presenting.shown(analysis.findings),
        "clauses": presenting.marked_clauses(analysis, glossary),
        "milestones": presenting.milestones(analysis.dates, analysis.findings),
        "prompts": presenting.prompts(analysis.findings),
        "questions": presenting.questions_to_ask(analysis.findings),
        "chat": visit.chat,
        "chat_action": "/agreement/ask",
        "problems": list(problems),
        "question": question,
        "forget_when": presenting.when_forgotten(settings.session_idle_seconds),
        "read_on": f"{dt.date.today():%-d %B %Y}",
        "analysis_notice": NOTICE,
        "photo_pages": [
            (number, text, analysis.document.unsure(number))
            for number, text in enumerate(analysis.document.pages[: len(analysis.document.ocr)], 1)
        ],
    }


@router.post("/agreement/ask", response_class=HTMLResponse)
async def ask_about_agreement(
    request: Request,
    settings: SettingsDep,
    visits: VisitsDep,
    store: StoreDep,
    answerer: AnswererDep,
    glossary: GlossaryDep,
) -> Response:
    """Answer a question about the visitor's agreement, in the page or (for the script) as one fragment."""
    form = await posted_form(request)
    if form is None:
        return stale_form(request)
    visit = visit_of(request, visits)
    held = held_of(visit, store)
    if held is None:
        return gone(request)
    view = str(form.get("view", "parent"))

    def with_problem(problem: Problem, question: str, status: int) -> Response:
        context = result_context(held, visit, view, settings, glossary, [problem], question)
        return render(request, "result.html", context, status)

    chat = Chat(held, visit.chat, f"/agreement?view={view}", with_problem, lambda: keep(request, visits, visit))
    return await reply_in(chat, request, form, answerer, settings)


@dataclass(frozen=True)
class Chat:
    """One conversation a question goes into: what it is about, its exchanges, its page, and how to keep it."""

    about: Held | None  # the visitor's agreement, or None for questions about agreements in general
    exchanges: list[Exchange]
    page: str
    with_problem: Callable[[Problem, str, int], Response]  # the page again, with the problem and the question
    keep: Callable[[], None]


async def reply_in(chat: Chat, request: Request, form, answerer: Answerer, settings: Settings) -> Response:
    """Answer the posted question in its conversation; or show why not, in the chat or on the page."""
    question = str(form.get("question", ""))
    try:
        answer = await run_in_threadpool(answerer.answer, question, chat.about, settings.max_question_chars)
    except AssistantError as error:
        if _wants_fragment(request):
            return render(request, "_problem.html", {"message": error.message}, error.status)
        return chat.with_problem(Problem(error.message, "question"), question, error.status)
    exchange = Exchange(len(chat.exchanges) + 1, question.strip(), answer)
    chat.exchanges.append(exchange)
    chat.keep()
    return answered(request, exchange, chat.page)


def _wants_fragment(request: Request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


@router.post("/agreement/forget")
async def forget(request: Request, visits: VisitsDep, store: StoreDep) -> Response:
    """Forget the visitor's document and its conversation now."""
    form = await posted_form(request)
    if form is None:
        return stale_form(request)
    progress.stop(visits, visit_key(token_of(request)))  # and any document still being read
    visit = visit_of(request, visits)
    if visit.agreement:
        store.discard(visit.agreement)
    visit.agreement, visit.chat = None, []
    keep(request, visits, visit)
    return see_other("/?done=forgotten")


@router.get("/agreement/questions", response_class=HTMLResponse)
def questions(request: Request, visits: VisitsDep, store: StoreDep) -> Response:
    """The questions to ask your social worker, as a list of its own to print."""
    held = held_of(visit_of(request, visits), store)
    if held is None:
        return gone(request)
    analysis = held.analysis
    return render(
        request,
        "questions.html",
        {
            "title": "Questions to ask your social worker",
            "questions": presenting.questions_to_ask(analysis.findings),
            "document": analysis.document,
        },
    )


@router.get("/agreement/download")
def download(
    request: Request, settings: SettingsDep, visits: VisitsDep, store: StoreDep, glossary: GlossaryDep
) -> Response:
    """One view as a single HTML file to keep or send on, with its styles inside it."""
    visit = visit_of(request, visits)
    held = held_of(visit, store)
    if held is None:
        return gone(request)
    context = result_context(held, Visit(), request.query_params.get("view", "parent"), settings, glossary)
    context["stylesheet"] = stylesheet()
    response = render(request, "sheet.html", context)
    response.headers["content-disposition"] = f'attachment; filename="agreement-{context["view"]}-sheet.html"'
    return response


@cache
def stylesheet() -> str:
    """The page's stylesheet, read once, to put inside a downloaded sheet."""
    return (WEB / "static" / "style.css").read_text(encoding="utf-8")


# --- questions without an agreement ------------------------------------------------------------------------


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, visits: VisitsDep) -> HTMLResponse:
    """Ask about written agreements without adding one."""
    return render(request, "ask.html", ask_context(visit_of(request, visits)))


def ask_context(visit: Visit, problems: Sequence[Problem] = (), question: str = "") -> dict:
    return {
        "title": "Ask a question",
        "chat": visit.general,
        "chat_action": "/ask",
        "problems": list(problems),
        "question": question,
        "prompts": list(presenting.ALWAYS_ASKED),
        "view": "parent",
    }


@router.post("/ask", response_class=HTMLResponse)
async def ask(request: Request, settings: SettingsDep, visits: VisitsDep, answerer: AnswererDep) -> Response:
    """Answer a general question from the guidance."""
    form = await posted_form(request)
    if form is None:
        return stale_form(request)
    visit = visit_of(request, visits)

    def with_problem(problem: Problem, question: str, status: int) -> Response:
        return render(request, "ask.html", ask_context(visit, [problem], question), status)

    chat = Chat(None, visit.general, "/ask", with_problem, lambda: keep(request, visits, visit))
    return await reply_in(chat, request, form, answerer, settings)


@router.post("/ask/clear")
async def clear_chat(request: Request, visits: VisitsDep) -> Response:
    """Forget the questions asked without an agreement."""
    form = await posted_form(request)
    if form is None:
        return stale_form(request)
    visit = visit_of(request, visits)
    visit.general = []
    keep(request, visits, visit)
    return see_other("/ask")
