"""The checklist's learnt sentence reader: how likely each sentence is to carry each element.

Councils word the same thing in endless ways ("we will drive you to the centre", "a taxi arranged by the council",
"Jo, the family worker you know, will keep visiting"), so a list of phrases never ends. This reader is learnt from
labelled sentences written for the project (knowledge/checklist/sentences/*.jsonl): TF-IDF word 1-2 grams (stop
words kept, since "you will", "we will" and "will not" are what tell the voices apart) and character 3-5 grams, plus
tokens for the job of the section the sentence sits in (from its heading, the same roles the rules use) and for its
voice. One logistic regression per element, calibrated on held-out scores, gives a probability for every sentence.

What must be exact stays with the rules (elements.py joins the two): dates and durations, signatures, jargon, blank
slots, and the negations the rules already read. Learning needs scikit-learn and takes about ten seconds; the result is
kept as arrays beside the retrieval index, under a digest of the sentences and this code, so a reader process loads
it in a fraction of a second and never imports scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..config import cache_folder
from ..knowledge import tfidf
from ..knowledge.sources import KNOWLEDGE_DIR
from ..knowledge.tfidf import Linear, Vectorizer
from . import context as context_module
from .context import expand_contractions, roles_of

log = logging.getLogger("assistant")

CORPUS = KNOWLEDGE_DIR / "checklist" / "sentences"
# The elements whose wording varies; timescale, signatures, vague_timescale and jargon stay exact rules.
LEARNT = (
    "not_legally_binding",
    "concerns_stated",
    "parent_expectations",
    "la_support",
    "review",
    "contingency_plan",
    "breach_consequences",
    "legal_advice",
    "goal",
    "worker_contact",
    "section20_restriction",
    "required_supervised_contact",
    "required_residence",
    "victim_controls_abuser",
    "recording_ban",
    "coercive_wording",
)
LONGEST = 1_500  # characters of one sentence the reader reads
CALIBRATION_FOLDS = 3
STRENGTH = 16.0  # logistic regression's C, chosen by cross-validation (benchmarks/bench_sentences.py)

FIRST_PERSON = re.compile(r"^(i|i'm|i am|i've|we|my|me)\b|\b(i will|i agree|i understand|i promise|i'll)\b")
SECOND_PERSON = re.compile(r"\b(you|your)\b")
COUNCIL_VOICE = re.compile(r"\b(we|us|our)\b")
NAMED = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:will|agrees?|must|should|is going to|has agreed)\b")
PASSIVE = re.compile(
    r"\b(will|must|should|is|are|has been|have been) be(en)? \w+(ed|en)\b|\b\w+ed by (the|a|an|his|her)\b"
)
FIELD = re.compile(r"^[^:|]{1,40}:\s*\S")
NEGATION = re.compile(r"\b(not|never|no|nothing|without|unless)\b")

# Who is a professional: a name tied to a job title ("Aaron Price, family support worker", "social worker Priya
# Shah", "Jo (your key worker)"). A document says it once, in its header or where the person first appears, and
# then uses the name alone ("Aaron will drive you to the food bank"); the reader is told the name is a
# professional's by a token, the same token a corpus sentence gets when it ties the name to the title itself.
TITLE = (
    r"(?:social|family|support|key|case|outreach|contact|early help|family support|parenting|youth|link)"
    r"(?: support)? (?:worker|practitioner|supervisor|coordinator|officer)|health visitor|team manager|practice manager"
    r"|midwife|school nurse|independent reviewing officer|iro|idva|personal adviser|family time worker"
)
CAPITAL_NAME = r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z][a-z'-]+)?"
NAME_THEN_TITLE = re.compile(
    CAPITAL_NAME
    + r"\s*(?:,|\(|-|–|:)\s*(?:the |our |your |a |my )?(?:(?:new|named|allocated|usual|own) )?(?i:"
    + TITLE
    + r")\b"
)
TITLE_THEN_NAME = re.compile(r"(?i:\b(?:" + TITLE + r"))\s*(?:,|:|-|–|\bis\b|\bcalled\b)?\s*" + CAPITAL_NAME)
NOT_NAMES = {"The", "Your", "Our", "A", "An", "This", "Social", "Family", "Team", "Children", "Council", "We", "You"}


def professionals(text: str) -> frozenset[str]:
    """First names the text ties to a professional's title."""
    names = {m.group(1) for m in NAME_THEN_TITLE.finditer(text)} | {m.group(1) for m in TITLE_THEN_NAME.finditer(text)}
    return frozenset(names - NOT_NAMES)


def features_text(text: str, roles: Iterable[str], workers: Iterable[str] = ()) -> str:
    """The text the word vocabulary reads: the sentence, then tokens for its section's job, its voice and whether
    it names a professional (`workers`: the names the whole document ties to a professional's title)."""
    low = expand_contractions(text.lower().replace("’", "'").replace("‘", "'"))
    tokens = [f"zrole{role}" for role in sorted(roles)] or ["zrolenone"]
    named = professionals(text) | set(workers)
    if named and any(re.search(rf"\b{re.escape(name)}\b", text) for name in named):
        tokens.append("zpartyworker")
    for name, pattern, source in (
        ("first", FIRST_PERSON, low),
        ("second", SECOND_PERSON, low),
        ("council", COUNCIL_VOICE, low),
        ("named", NAMED, text),
        ("passive", PASSIVE, low),
        ("field", FIELD, text),
        ("negation", NEGATION, low),
    ):
        if pattern.search(source):
            tokens.append(f"zvoice{name}")
    return f"{low} {' '.join(tokens)}"


def sentence_roles(text: str, heading: str) -> frozenset[str]:
    """The roles a corpus sentence would get in an agreement: its heading's, and a form line's own label's."""
    roles = set(roles_of(heading))
    if FIELD.match(text):
        roles |= roles_of(text.partition(":")[0])
    return frozenset(roles)


@dataclass(frozen=True)
class Row:
    text: str
    heading: str
    labels: frozenset[str]

    @property
    def features(self) -> str:
        return features_text(self.text, sentence_roles(self.text, self.heading))


def load_corpus(folder: Path = CORPUS) -> list[Row]:
    """Every labelled sentence; a label that is not an element the reader learns is an error in the data."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            unknown = set(raw["labels"]) - set(LEARNT)
            if unknown:
                raise ValueError(f"{path.name}, line {number}: {sorted(unknown)} is not an element the reader learns")
            rows.append(Row(raw["text"], raw.get("heading", ""), frozenset(raw["labels"])))
    return rows


class SentenceReader:
    """Fitted vocabularies and one linear model per element; probabilities for sentences."""

    def __init__(self, words: Vectorizer, chars: Vectorizer, model: Linear) -> None:
        self.words, self.chars, self.model = words, chars, model
        self.column = {element: i for i, element in enumerate(model.classes)}
        # The weights split by vocabulary, so a sentence's two rows need not be joined into one matrix.
        cut = len(words.terms)
        self._word_weights = np.ascontiguousarray(model.coef[:, :cut].T)
        self._char_weights = np.ascontiguousarray(model.coef[:, cut:].T)

    @classmethod
    def fit(cls, rows: Sequence[Row], strength: float = STRENGTH) -> SentenceReader:
        from scipy.sparse import hstack
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        texts = [r.features for r in rows]
        words = Vectorizer.fit("word", texts)
        chars = Vectorizer.fit("char", [r.text for r in rows])
        x = hstack([words.transform(texts), chars.transform([r.text for r in rows])]).tocsr()
        coef, intercept = [], []
        for element in LEARNT:
            y = np.array([element in r.labels for r in rows])
            if y.all() or not y.any():
                raise ValueError(f"the sentences need positives and negatives for {element}")
            model = LogisticRegression(C=strength, class_weight="balanced", solver="liblinear")
            fitted = model.fit(x, y)
            # Platt scaling on held-out scores: the balanced weights lift every probability, so the scores are
            # mapped back to how often a sentence given that score really carries the element. The map is
            # a line on the score, so it folds into the weights and the reader stays one linear model.
            folds = min(CALIBRATION_FOLDS, int(y.sum()), int((~y).sum()))
            slope, shift = 1.0, 0.0  # too few sentences of one kind to hold any out: left as learnt
            if folds >= 2:
                held_out = cross_val_predict(model, x, y, cv=StratifiedKFold(folds), method="decision_function")
                platt = LogisticRegression(C=1e6).fit(held_out.reshape(-1, 1), y)
                slope, shift = float(platt.coef_[0][0]), float(platt.intercept_[0])
            coef.append(slope * fitted.coef_[0])
            intercept.append(slope * fitted.intercept_[0] + shift)
        return cls(words, chars, Linear(np.array(coef), np.array(intercept), list(LEARNT)))

    def probabilities(
        self, texts: Sequence[str], roles: Sequence[Iterable[str]], workers: Iterable[str] = ()
    ) -> np.ndarray:
        """One row per sentence, one column per element of LEARNT: the probability the sentence carries it.
        `workers` are the first names the document ties to a professional's title."""
        if not texts:
            return np.zeros((0, len(LEARNT)))

        workers = frozenset(workers)
        texts = [t[:LONGEST] for t in texts]  # a "sentence" of pages is a broken file, not a longer sentence
        decorated = [features_text(t, r, workers) for t, r in zip(texts, roles, strict=True)]
        scores = self.words.transform(decorated) @ self._word_weights + self.chars.transform(texts) @ self._char_weights
        return 1.0 / (1.0 + np.exp(-(np.asarray(scores) + self.model.intercept)))

    def state(self) -> dict:
        return {
            "word_terms": np.array(self.words.terms),
            "word_idf": self.words.idf,
            "char_terms": np.array(self.chars.terms),
            "char_idf": self.chars.idf,
            "coef": self.model.coef,
            "intercept": self.model.intercept,
            "classes": np.array(self.model.classes),
        }

    @classmethod
    def restore(cls, state: dict) -> SentenceReader:
        words = Vectorizer("word", [str(t) for t in state["word_terms"]], state["word_idf"])
        chars = Vectorizer("char", [str(t) for t in state["char_terms"]], state["char_idf"])
        return cls(words, chars, Linear(state["coef"], state["intercept"], [str(c) for c in state["classes"]]))


CODE = (tfidf, context_module, sys.modules[__name__])


def digest() -> str:
    """A name for what the reader is learnt from: the sentences, this code and scikit-learn's version."""
    sha = hashlib.sha256(version("scikit-learn").encode() + str(STRENGTH).encode())
    for path in [Path(str(m.__file__)) for m in CODE] + sorted(CORPUS.glob("*.jsonl")):
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:20]


@cache
def sentence_reader() -> SentenceReader:
    """The reader, loaded from its saved arrays, or learnt and saved when the sentences or the code changed."""
    return load_or_learn(cache_folder(), digest(), load_corpus)


def load_or_learn(folder: Path, name: str, rows: Callable[[], Sequence[Row]]) -> SentenceReader:
    """The reader saved in `folder` under `name`, or one learnt from `rows()` and saved there (older ones removed)."""
    path = folder / f"sentences-{name}.npz"
    try:
        with np.load(path, allow_pickle=False) as saved:
            return SentenceReader.restore(dict(saved))
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or partial file: learn again and replace it
        log.warning("sentence reader at %s could not be read (%s); learning it again", path, type(exc).__name__)
    reader = SentenceReader.fit(rows())
    try:
        tfidf.save_arrays(reader.state(), folder, path)
    except OSError as exc:
        log.warning("could not save the sentence reader in %s (%s); it will be learnt again", folder, exc)
    return reader
