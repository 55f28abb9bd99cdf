"""What the server and the command line answer from: the knowledge base and its learnt index, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..config import Settings
from ..knowledge.entries import load_entries, load_glossary, load_out_of_scope
from .answering import Answerer
from .index import load_or_learn


def build_answerer(settings: Settings | None = None) -> Answerer:
    """The answerer for these settings (the environment's when none are given): loaded once per process."""
    return _answerer((settings or Settings.from_env()).index_dir)


@cache
def _answerer(index_dir: str) -> Answerer:
    """Load the knowledge base and its learnt index, learning it first if the knowledge changed."""
    entries, terms = load_entries(), load_glossary()
    retriever = load_or_learn(entries, terms, load_out_of_scope(), Path(index_dir) if index_dir else None)
    return Answerer(entries, terms, retriever)
