"""Fitted TF-IDF vocabularies and linear models as plain arrays, so answering needs no scikit-learn at run time.

scikit-learn learns the vocabularies and the classifiers when the index is built (retrieval.build_index). What is
learnt is kept here as numbers: a vocabulary, idf weights and a coefficient matrix. Turning a question into a row
does exactly what scikit-learn's TfidfVectorizer.transform does for our settings (lower case, word 1-2 grams less
English stop words, or character 3-5 grams inside word boundaries; sublinear tf; l2 norm); a test holds the two
equal. Importing scikit-learn took 1.4 s and 70 MB of every worker's start-up, for sums this short.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

WHITE_SPACES = re.compile(r"\s\s+")


class Vectorizer:
    """One fitted TF-IDF vocabulary: `kind` is "word" (1-2 grams, stop words dropped) or "char" (3-5 grams)."""

    def __init__(
        self,
        kind: str,
        terms: list[str],
        idf: np.ndarray,
        stop_words: Iterable[str] = (),
        token_pattern: str = r"[a-z0-9']+",
    ) -> None:
        self.kind = kind
        self.terms = list(terms)
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self._idf = self.idf.tolist()  # a Python list: indexing it in the loop below is several times quicker
        self.stop_words = frozenset(stop_words)
        self.token_pattern = token_pattern
        self._tokens = re.compile(token_pattern)

    @classmethod
    def fit(cls, kind: str, texts: list[str], stop_words: Iterable[str] = ()) -> Vectorizer:
        """Learn a vocabulary and smoothed idf from texts, as scikit-learn does with its defaults."""
        probe = cls(kind, [], np.zeros(0), stop_words)
        frequency: Counter[str] = Counter()
        for text in texts:
            frequency.update(set(probe.analyse(text)))
        terms = sorted(frequency)
        df = np.array([frequency[t] for t in terms], dtype=np.float64)
        return cls(kind, terms, np.log((1 + len(texts)) / (1 + df)) + 1.0, stop_words)

    def analyse(self, text: str) -> list[str]:
        """The grams of one text, repeats kept."""
        text = text.lower()
        if self.kind == "char":
            return _char_grams(WHITE_SPACES.sub(" ", text), 3, 5)
        words = [w for w in self._tokens.findall(text) if w not in self.stop_words]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]

    def transform(self, texts: list[str]) -> csr_matrix:
        """One l2-normalised sublinear TF-IDF row per text."""
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            counts = Counter(i for i in map(self.vocabulary.get, self.analyse(text)) if i is not None)
            columns = sorted(counts)
            idf = self._idf
            weights = [(math.log(counts[c]) + 1.0) * idf[c] for c in columns]
            norm = math.sqrt(sum(w * w for w in weights))
            data.extend(w / norm for w in weights) if norm else None
            indices.extend(columns) if norm else None
            indptr.append(len(indices))
        return csr_matrix(
            (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int32), np.array(indptr)),
            shape=(len(texts), len(self.terms)),
        )


def _char_grams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams of each word padded with one space either side; a word shorter than n gives itself once."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


class Linear:
    """A fitted linear classifier: a score per class is features @ coef.T + intercept."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str]) -> None:
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes = list(classes)

    def decision(self, features) -> np.ndarray:
        """One score per class for each row (a flat array when there are only two classes, as in scikit-learn)."""
        scores = np.asarray(features @ self.coef.T) + self.intercept
        return scores.ravel() if scores.shape[1] == 1 else scores


class SparseLinear:
    """A linear classifier with many classes, keeping only the weights that matter (|w| >= floor), one sparse row per
    feature: a few hundred classes over some 50,000 features would be a dense 150 MB; kept sparse, a few MB, and a
    question adds up only its own words' rows."""

    def __init__(self, by_feature, intercept: np.ndarray, classes: list[str]) -> None:
        self.by_feature = csr_matrix(by_feature)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes = list(classes)

    @classmethod
    def pruned(cls, coef: np.ndarray, intercept: np.ndarray, classes: list[str], floor: float = 0.01) -> SparseLinear:
        """From scikit-learn's (classes x features) weights, dropping those too small to move a ranking."""
        return cls(csr_matrix(np.where(np.abs(coef) >= floor, coef, 0.0)).T.tocsr(), intercept, classes)

    def decision(self, features) -> np.ndarray:
        """One score per class for one row of features."""
        return np.asarray((features @ self.by_feature).toarray()).ravel() + self.intercept


def save_arrays(state: dict, folder: Path, path: Path) -> None:
    """Write learnt arrays to `path` whole or not at all (several workers may start together), then drop older
    files of the same kind ("index-*.npz", "sentences-*.npz"). An OSError is the caller's to report."""
    kind = path.name.split("-", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", suffix=".npz", delete=False) as handle:
        np.savez(handle, **state)
    os.replace(handle.name, path)
    for old in folder.glob(f"{kind}-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)
