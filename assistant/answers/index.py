"""The learnt retrieval index, kept between starts so a worker is ready in well under two seconds.

Learning the index takes several seconds and needs scikit-learn; loading it takes a fraction of one. The file holds
only numbers learnt from the public knowledge base (never anything a person sent), is named by a digest of
everything it was learnt from, and is read with numpy's pickle-free loader.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..config import cache_folder
from ..knowledge import tfidf
from ..knowledge.entries import Entry, Term
from ..knowledge.sources import KNOWLEDGE_DIR
from . import retrieval, stopwords
from .retrieval import Retriever

log = logging.getLogger("assistant")
# What the index is learnt from. Named as modules, not file names, so that moving a file cannot break start-up.
CODE = (retrieval, tfidf, stopwords, sys.modules[__name__])


def default_folder() -> Path:
    """Where the index is kept unless ASSISTANT_INDEX_DIR says otherwise: the user's cache folder."""
    return cache_folder()


def digest() -> str:
    """A name for everything the index is learnt from: the knowledge files, this code, scikit-learn's version."""
    sha = hashlib.sha256(version("scikit-learn").encode())
    code = [Path(str(module.__file__)) for module in CODE]
    knowledge = [
        KNOWLEDGE_DIR / "glossary.toml",
        KNOWLEDGE_DIR / "out_of_scope.txt",
        *sorted((KNOWLEDGE_DIR / "entries").glob("*.md")),
    ]
    for path in code + knowledge:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:20]


def load_or_learn(entries: list[Entry], terms: list[Term], out_of_scope: list[str], folder: Path | None) -> Retriever:
    """The saved index when there is one for exactly this knowledge base and code; else learn it, and save it."""
    folder = folder or default_folder()
    path = folder / f"index-{digest()}.npz"
    try:
        with np.load(path, allow_pickle=False) as saved:
            return Retriever().restore(dict(saved), entries, terms)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or partial file: learn again and replace it
        log.warning("index at %s could not be read (%s); learning it again", path, type(exc).__name__)
    retriever = Retriever().fit(entries, terms, out_of_scope)
    _save(retriever, folder, path)
    return retriever


def _save(retriever: Retriever, folder: Path, path: Path) -> None:
    """Write the file whole or not at all (several workers may start together), and drop out-of-date ones."""
    try:
        tfidf.save_arrays(retriever.state(), folder, path)
    except OSError as exc:
        log.warning("could not save the index in %s (%s); it will be learnt again at the next start", folder, exc)
