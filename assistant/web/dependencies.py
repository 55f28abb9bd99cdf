"""What the routes are given: the settings and the parts the app holds, one getter and one alias each."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..answers.answering import Answerer
from ..config import Settings
from ..sessions.readers import ReaderPool
from ..sessions.store import Store
from .presenting import Glossary


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


def get_store(request: Request) -> Store:
    """Where analysed agreements are kept."""
    return request.app.state.store


def get_visits(request: Request) -> Store:
    """Where each visitor's agreement id and conversations are kept."""
    return request.app.state.visits


def get_answerer(request: Request) -> Answerer:
    """The knowledge base and its index, loaded once per process."""
    return request.app.state.answerer


def get_readers(request: Request) -> ReaderPool:
    """The reader processes that read uploads off the web worker."""
    return request.app.state.readers


def get_glossary(request: Request) -> Glossary:
    """The professional words a page explains, and their meanings."""
    return request.app.state.glossary


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
VisitsDep = Annotated[Store, Depends(get_visits)]
AnswererDep = Annotated[Answerer, Depends(get_answerer)]
ReadersDep = Annotated[ReaderPool, Depends(get_readers)]
GlossaryDep = Annotated[Glossary, Depends(get_glossary)]
