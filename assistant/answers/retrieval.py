"""TF-IDF retrieval over the guidance and over one agreement's clauses.

scikit-learn learns the index once (Retriever.fit, only when the knowledge base or this code changed); the learnt
numbers are saved as plain arrays beside the user's cache (index.py) and answering uses them through tfidf.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix, hstack

from ..knowledge.entries import Entry, Term
from ..knowledge.tfidf import Linear, SparseLinear, Vectorizer
from ..reading.clauses import split_sentences
from .stopwords import STOP_WORDS

# People in Wales often name their town or county, not the country: the rules there differ.
WELSH_PLACES = (
    r"\b(cardiff|caerdydd|swansea|abertawe|newport|casnewydd|wrexham|wrecsam|bangor|aberystwyth"
    r"|bridgend|caerphilly|merthyr|llanelli|carmarthen(shire)?|pembroke(shire)?|ceredigion"
    r"|powys|gwynedd|anglesey|ynys mon|conwy|denbigh(shire)?|flint(shire)?|monmouth(shire)?"
    r"|torfaen|blaenau gwent|rhondda|cynon taf|neath|port talbot|vale of glamorgan|pontypridd"
    r"|cwmbran|rhyl|llandudno|haverfordwest|brecon|newtown|welshpool|cymru)\b"
)

# Everyday words and text-speak, mapped to the words the guidance uses. Added to the query, never replacing it.
SLANG: tuple[tuple[str, str], ...] = (
    (r"\bss\b|\bsocial\b(?! work)", "social services children's services council"),
    (r"\bsws?\b|\bsocial workers?\b", "social worker"),
    (r"\bkids?\b|\bkiddies\b|\bchildren\b|\bbabys?\b|\bbabies\b", "children child"),
    (r"\bcontract( thing)?\b|\bpaper(work)?\b|\bform\b|\bdocument\b", "agreement written agreement"),
    (r"\bwot\b|\bwat\b|\bwhats\b|\bwhat's\b", "what"),
    (r"\bu\b", "you"),
    (r"\bur\b", "your"),
    (r"\bim\b", "i am"),
    (r"\bcant\b|\bcan't\b", "cannot"),
    (r"\bdont\b|\bdon't\b", "do not"),
    (r"\bwont\b|\bwon't\b", "will not"),
    (r"\bmum\b|\bmam\b|\bmom\b|\bdad\b", "parent"),
    (r"\bnan\b|\bnanna?\b|\bgran\b", "grandmother relative"),
    (r"\btake (my|the|our) (kids|children|baby|son|daughter)\b", "remove children care court order"),
    (r"\bsign(ing|ed)?\b", "sign signing"),
    (r"\brecord(ing)?\b|\bfilm(ing)?\b|\btape\b", "record recording"),
    (r"\bsolicitor\b|\blawyer\b|\bbrief\b", "solicitor legal advice"),
    (r"\bcourt\b", "court proceedings"),
    (r"\bbreak(ing)?\b|\bstick to\b|\bkeep to\b", "break not kept"),
    (WELSH_PLACES, "wales"),
)
WORD = re.compile(r"[a-z0-9']+")
DOCUMENT_AFTER = re.compile(r"\s+(agreement|contract)s?\b")


@dataclass(frozen=True)
class Hit:
    """One guidance entry or glossary term: its rank score, and how closely it matches the question's words."""

    kind: str  # "entry" or "term"
    id: str
    score: float
    similarity: float


class Expander:
    """Adds the professional words for a question's slang and short forms ("s20" -> "section 20")."""

    def __init__(self, terms: Sequence[Term] = ()) -> None:
        forms: dict[str, str] = {}
        for term in terms:
            for form in (term.short, *term.aliases):
                if form and len(form) > 1:
                    forms.setdefault(form.lower(), term.term.lower())
        self.forms = forms
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![a-z0-9])({alternatives})(?![a-z0-9])") if forms else None

    def __call__(self, query: str) -> str:
        low = query.lower().replace("’", "'")
        extra = [words for pattern, words in SLANG_PATTERNS if pattern.search(low)]
        if self.pattern:
            # A term's name in front of "agreement" names the agreement, not the term: a "working together
            # agreement" is a written agreement, not the Working Together guidance.
            extra += dict.fromkeys(
                "written agreement" if DOCUMENT_AFTER.match(low, m.end()) else self.forms[m.group(1)]
                for m in self.pattern.finditer(low)
            )
        return " ".join([low, *extra])


SLANG_PATTERNS = tuple((re.compile(pattern), words) for pattern, words in SLANG)
# How much a facet is preferred for each way the person's own case points at it (its entry, or the facet itself,
# is about the stage the agreement says the case is at). Facet scores run about -1.5 to 1: this settles the vague
# question ("who comes to the meetings?") and the close call, and does not outweigh a question that names its topic.
PREFER = 0.3


def _sentences(text: str) -> list[str]:
    plain = re.sub(r"\*\*|#+", "", text)
    lines = plain.split("\n")
    parts = (s.lstrip("-").strip() for line in lines for s in split_sentences(line, keep_abbreviations=False))
    return [s for s in parts if len(s.split()) >= 4]


class _Similarity:
    """TF-IDF cosine between a question and short fields, each owned by one item; an item scores by its best field."""

    def __init__(self, retriever: Retriever, word_weight: float = 0.6) -> None:
        self.retriever = retriever
        self.word_weight = word_weight

    def fit(self, fields: list[tuple[str, str]]) -> _Similarity:
        owners = [owner for owner, _ in fields]
        self.names_ = list(dict.fromkeys(owners))
        self.codes_ = _index(self.names_, owners)
        words, chars = self.retriever.encode_many([text for _, text in fields])
        self.word_rows_, self.char_rows_ = words.T.tocsr(), chars.T.tocsr()
        return self

    def state(self, prefix: str) -> dict:
        return {
            f"{prefix}names": np.array(self.names_),
            f"{prefix}codes": self.codes_,
            **_sparse_state(f"{prefix}words", self.word_rows_),
            **_sparse_state(f"{prefix}chars", self.char_rows_),
        }

    def restore(self, state: dict, prefix: str) -> _Similarity:
        self.names_, self.codes_ = [str(n) for n in state[f"{prefix}names"]], state[f"{prefix}codes"]
        self.word_rows_ = _sparse(state, f"{prefix}words")
        self.char_rows_ = _sparse(state, f"{prefix}chars")
        return self

    def best(self, query: str) -> dict[str, float]:
        """Each item's best field similarity to the query, best first."""
        words, chars = self.retriever.encode(query)
        combined = (
            self.word_weight * (words @ self.word_rows_).toarray().ravel()
            + (1 - self.word_weight) * (chars @ self.char_rows_).toarray().ravel()
        )
        best = np.full(len(self.names_), -1.0)
        np.maximum.at(best, self.codes_, combined)
        return {self.names_[i]: float(best[i]) for i in np.argsort(-best)}


def _index(names: list[str], owners: list[str]) -> np.ndarray:
    position = {name: i for i, name in enumerate(names)}
    return np.array([position[o] for o in owners])


class Retriever:
    """Finds the guidance entries, or the glossary terms, that best match a question.

    One word and one character TF-IDF vocabulary serve everything, so a question is encoded once. Entries are
    ranked by a linear support vector classifier trained at start-up on each entry's title, example questions
    and text; how far to trust the top entry is the plain TF-IDF similarity of the question to that entry's
    title and questions. A second small classifier, trained on the entries' questions and on
    knowledge/out_of_scope.txt, says whether a question is about this subject at all.
    """

    # Each entry's sentences (for parents, or for social workers) with their word TF-IDF rows; set by fit or restore.
    sentences_: dict[tuple[str, bool], tuple[list[str], csr_matrix]]

    def __init__(
        self, body_weight: float = 0.3, strength: float = 0.5, facet_strength: float = 0.3, facet_weight: float = 0.5
    ) -> None:
        self.body_weight = body_weight
        self.strength = strength
        self.facet_strength = facet_strength
        self.facet_weight = facet_weight  # how much the entry classifier's score adds to a facet's

    def fit(self, entries: list[Entry], terms: list[Term], out_of_scope: Sequence[str] = ()) -> Retriever:
        """Learn the entries, index the glossary and learn where the guidance ends; returns self."""
        from sklearn.svm import LinearSVC  # only here: answering never needs scikit-learn

        self._prepare(terms)
        texts, labels, weights = _training_rows(entries, self.body_weight)
        question_fields, term_fields = _question_fields(entries), _term_fields(terms)
        corpus = [*texts, *(text for _, text in term_fields), *out_of_scope]
        self.words_ = Vectorizer.fit("word", [self.expander_(t) for t in corpus], STOP_WORDS)
        self.chars_ = Vectorizer.fit("char", corpus)
        svc = LinearSVC(C=self.strength).fit(self._features(texts), labels, sample_weight=weights)
        self.model_ = Linear(svc.coef_, svc.intercept_, [str(c) for c in svc.classes_])
        self.entry_similarity_ = _Similarity(self).fit(question_fields)
        facet_texts, facet_labels, facet_weights = _facet_rows(entries)
        facets = LinearSVC(C=self.facet_strength).fit(
            self._features(facet_texts), facet_labels, sample_weight=facet_weights
        )
        self.facet_model_ = SparseLinear.pruned(facets.coef_, facets.intercept_, [str(c) for c in facets.classes_])
        self.term_similarity_ = _Similarity(self).fit(term_fields)
        inside = [text for _, text in question_fields] + [text for _, text in term_fields if text.startswith("what")]
        self.scope_ = None
        if out_of_scope:
            scope = LinearSVC(C=0.5, class_weight="balanced").fit(
                self._features([*inside, *out_of_scope]), [1] * len(inside) + [0] * len(out_of_scope)
            )
            self.scope_ = Linear(scope.coef_, scope.intercept_, ["0", "1"])
        self._fit_sentences(entries)
        return self

    def _prepare(self, terms: list[Term]) -> None:
        self.expander_ = Expander(terms)
        self.encode = lru_cache(maxsize=128)(self._encode)

    def state(self) -> dict:
        """Everything fit learnt, as named arrays (saved with numpy, no pickle)."""
        keys = list(self.sentences_)
        rows = [self.sentences_[k][1] for k in keys]
        state = {
            "word_terms": np.array(self.words_.terms),
            "word_idf": self.words_.idf,
            "char_terms": np.array(self.chars_.terms),
            "char_idf": self.chars_.idf,
            "model_coef": self.model_.coef,
            "model_intercept": self.model_.intercept,
            "model_classes": np.array(self.model_.classes),
            "sentence_keys": np.array([f"{entry}|{int(worker)}" for entry, worker in keys]),
            "sentence_counts": np.array([r.shape[0] for r in rows]),
            **_sparse_state("sentence_rows", _vstack(rows, len(self.words_.terms))),
            **self.entry_similarity_.state("entry_"),
            **_sparse_state("facet_weights", self.facet_model_.by_feature),
            "facet_intercept": self.facet_model_.intercept,
            "facet_classes": np.array(self.facet_model_.classes),
            **self.term_similarity_.state("term_"),
        }
        if self.scope_ is not None:
            state |= {"scope_coef": self.scope_.coef, "scope_intercept": self.scope_.intercept}
        return state

    def restore(self, state: dict, entries: list[Entry], terms: list[Term]) -> Retriever:
        """The retriever that state() was taken from, without learning again; returns self."""
        self._prepare(terms)
        self.words_ = Vectorizer("word", [str(t) for t in state["word_terms"]], state["word_idf"], STOP_WORDS)
        self.chars_ = Vectorizer("char", [str(t) for t in state["char_terms"]], state["char_idf"])
        self.model_ = Linear(state["model_coef"], state["model_intercept"], [str(c) for c in state["model_classes"]])
        self.scope_ = (
            Linear(state["scope_coef"], state["scope_intercept"], ["0", "1"]) if "scope_coef" in state else None
        )
        self.entry_similarity_ = _Similarity(self).restore(state, "entry_")
        self.facet_model_ = SparseLinear(
            _sparse(state, "facet_weights"), state["facet_intercept"], [str(c) for c in state["facet_classes"]]
        )
        self.term_similarity_ = _Similarity(self).restore(state, "term_")
        sentences = _entry_sentences(entries)
        rows, start = _sparse(state, "sentence_rows"), 0
        self.sentences_ = {}
        for key, count in zip(state["sentence_keys"], state["sentence_counts"], strict=False):
            entry, worker = str(key).rsplit("|", 1)
            self.sentences_[entry, worker == "1"] = (sentences[entry, worker == "1"], rows[start : start + count])
            start += count
        return self

    def _encode(self, query: str) -> tuple:
        """A question as word and character TF-IDF rows (cached: one answer asks several times)."""
        return self.encode_many([query])

    def encode_many(self, texts: list[str]) -> tuple:
        return self.words_.transform([self.expander_(t) for t in texts]), self.chars_.transform(
            [t.lower() for t in texts]
        )

    def _features(self, texts: list[str]):
        return hstack(self.encode_many(texts)).tocsr()

    def in_scope(self, query: str, margin: float = 0.1) -> bool:
        """Whether the question is about written agreements and child protection at all."""
        if self.scope_ is None:
            return True
        return float(self.scope_.decision(hstack(self.encode(query)).tocsr())[0]) > margin

    def _fit_sentences(self, entries: list[Entry]) -> None:
        self.sentences_ = {
            key: (sentences, self.encode_many(sentences)[0]) for key, sentences in _entry_sentences(entries).items()
        }

    def pick_sentences(self, entry_id: str, query: str, k: int = 2, for_worker: bool = False) -> list[str]:
        """The k sentences of an entry that share most with the question, in the entry's order; the advice for
        social workers is only a source when a social worker asks."""
        sentences, rows = self.sentences_.get((entry_id, for_worker), ([], None))
        if not sentences:
            return []
        scores = (rows @ self.encode(query)[0].T).toarray().ravel()
        best = sorted(i for i in np.argsort(-scores)[:k] if scores[i] > 0.08)
        return [sentences[i].strip(" -") for i in best]

    def search_facets(self, query: str, k: int = 3, prefer: tuple[str, ...] = ()) -> list[Hit]:
        """The k best facets (an entry without facets counts as one, named by the entry's id), best first.

        A classifier over the facets' asks and answers finds the part of a topic asked about; the entry classifier,
        which learnt from far more text, adds how likely the whole topic is. Entries the person's own case makes
        likelier (its stage: "a solicitor is free" means the letter before proceedings once that letter has come)
        are `prefer`red by a little, enough to settle a close call, not to outweigh a plain question."""
        entries = self._entry_scores(query)
        facets = self.facet_model_.decision(hstack(self.encode(query)).tocsr())
        classes = self.facet_model_.classes
        total = facets + np.array(
            [
                self.facet_weight * entries[entry_of(c)] + PREFER * ((entry_of(c) in prefer) + (c in prefer))
                for c in classes
            ]
        )
        similarity = self.entry_similarity_.best(query)
        return [
            Hit(
                "facet",
                classes[i],
                float(total[i]),
                max(
                    similarity.get(classes[i], 0.0), similarity.get(entry_of(classes[i]), 0.0)
                ),  # close to part or topic
            )
            for i in np.argsort(-total)[:k]
        ]

    def _entry_scores(self, query: str) -> dict[str, float]:
        scores = self.model_.decision(hstack(self.encode(query)).tocsr()).ravel()
        return dict(zip(self.model_.classes, scores.tolist(), strict=True))

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """The k best guidance entries, best first."""
        scores = self.model_.decision(hstack(self.encode(query)).tocsr()).ravel()
        similarity = self.entry_similarity_.best(query)
        close: dict[str, float] = {}
        for label, value in similarity.items():
            close[entry_of(label)] = max(close.get(entry_of(label), 0.0), value)
        order = np.argsort(-scores)[:k]
        classes = self.model_.classes
        return [Hit("entry", classes[i], float(scores[i]), close.get(classes[i], 0.0)) for i in order]

    def define(self, query: str, k: int = 3) -> list[Hit]:
        """The k best glossary terms, best first."""
        best = self.term_similarity_.best(query)
        return [Hit("term", key, score, score) for key, score in list(best.items())[:k]]


def _question_fields(entries: list[Entry]) -> list[tuple[str, str]]:
    """Each label's ways of asking: an entry's title and questions, and each facet's asks."""
    fields = [(e.id, text) for e in entries for text in (e.title, *e.questions)]
    return fields + [(f.id, ask) for e in entries for f in e.facets for ask in f.asks]


def _facet_rows(entries: list[Entry]) -> tuple[list[str], list[str], np.ndarray]:
    """What each facet is learnt from: its asks, and its answer at half weight; an entry without facets is one
    facet, learnt from its title and questions."""
    texts, labels, weights = [], [], []
    for entry in entries:
        rows = [] if entry.facets else [(t, entry.id, 1.0) for t in (entry.title, *entry.questions)]
        for facet in entry.facets:
            rows += [(ask, facet.id, 1.0) for ask in facet.asks] + [(facet.answer, facet.id, 0.5)]
        for text, label, weight in rows:
            texts.append(text)
            labels.append(label)
            weights.append(weight)
    return texts, labels, np.array(weights)


def _term_fields(terms: list[Term]) -> list[tuple[str, str]]:
    fields = [
        (t.term, f"what does {name} mean") for t in terms for name in (t.term, *(f for f in (t.short, *t.aliases) if f))
    ]
    return fields + [(t.term, f"{t.term} {t.meaning}") for t in terms]


def _entry_sentences(entries: list[Entry]) -> dict[tuple[str, bool], list[str]]:
    """Each entry's quotable sentences: for parents, and with the advice for social workers (the bool)."""
    found = {}
    for entry in entries:
        for for_worker in (False, True):
            sections = [
                text for heading, text in entry.sections if for_worker or heading.lower() != "for social workers"
            ]
            sentences = [s for text in sections for s in standalone_sentences(text)]
            if sentences:
                found[entry.id, for_worker] = sentences
    return found


def _sparse_state(name: str, matrix: csr_matrix) -> dict:
    return {
        f"{name}_data": matrix.data,
        f"{name}_indices": matrix.indices,
        f"{name}_indptr": matrix.indptr,
        f"{name}_shape": np.array(matrix.shape),
    }


def _sparse(state: dict, name: str) -> csr_matrix:
    return csr_matrix(
        (state[f"{name}_data"], state[f"{name}_indices"], state[f"{name}_indptr"]), shape=tuple(state[f"{name}_shape"])
    )


def _vstack(rows: list[csr_matrix], width: int) -> csr_matrix:
    from scipy.sparse import vstack

    return vstack(rows).tocsr() if rows else csr_matrix((0, width))


def standalone_sentences(markdown: str) -> list[str]:
    """Sentences that make sense on their own: not bold lead-ins, not list fragments, not introductions to a list.

    An answer may quote a sentence out of its entry, so a fragment such as "everyone means it to be legally
    binding" (one item of a list of what a contract needs) must never be picked.
    """
    out: list[str] = []
    previous = ""
    for line in markdown.splitlines():
        line = line.strip()
        lead = re.fullmatch(r"\*\*([^*]+)\*\*", line) or re.match(r"\*\*([^*]+?)\*\*\s+\S", line)
        if lead:  # a bold lead-in names what the next sentences are about ("Emergency protection order.")
            previous = lead.group(1).strip().rstrip(".:") + "."
            if not line.endswith("**"):
                line = line[lead.end(1) + 2 :].strip()
            else:
                continue
        if not line or line.endswith(":"):
            previous = ""
            continue
        if line.startswith("- ") and not re.search(r"[.!?][\"')]*$", line):
            previous = ""
            continue
        plain = re.sub(r"\*\*[^*]+\*\*", "", line.removeprefix("- ")).strip()  # bold lead-ins are headings
        for sentence in split_sentences(plain, keep_abbreviations=False):
            if not (sentence[:1].isupper() and re.search(r"[.!?][\"')]*$", sentence)):
                previous = ""
                continue
            if DEPENDENT_START.match(sentence):
                # "This lasts for 72 hours at most." means nothing alone: keep it with the sentence it leans on.
                if previous:
                    out.append(f"{previous} {sentence}")
                previous = ""
                continue
            if len(sentence.split()) >= 6:
                out.append(sentence)
                previous = sentence
            else:  # a short sentence adds to what came before ("Emergency protection order. A court makes it.")
                previous = f"{previous} {sentence}".strip()
    return out


# A sentence that starts like this leans on the one before it, so it cannot be quoted on its own.
DEPENDENT_START = re.compile(
    r"(it|its|it's|this|that|these|those|they|them|their|he|she|his|her|so|but|and|also"
    r"|yet|or|here|there|then|such|both|each|either|neither|however|instead|otherwise)\b",
    re.I,
)


def _training_rows(entries: list[Entry], body_weight: float) -> tuple[list[str], list[str], np.ndarray]:
    """Rows to learn from, each labelled with the entry it belongs to (its facets' asks and answers too)."""
    texts, labels, weights = [], [], []
    for entry in entries:
        rows = [(t, entry.id, 1.0) for t in (entry.title, *entry.questions)]
        rows += [(s, entry.id, body_weight * 1.5) for s in _sentences(entry.short_answer)]
        rows += [(s, entry.id, body_weight) for _, text in entry.sections for s in _sentences(text)]
        for facet in entry.facets:
            rows += [(ask, entry.id, 1.0) for ask in facet.asks]
            rows += [(s, entry.id, body_weight * 1.5) for s in _sentences(facet.answer)]
        for text, label, weight in rows:
            texts.append(text)
            labels.append(label)
            weights.append(weight)
    return texts, labels, np.array(weights)


def entry_of(label: str) -> str:
    """The entry a facet label ("entry#facet") or an entry label belongs to."""
    return label.split("#", 1)[0]


class ClauseIndex:
    """TF-IDF over one agreement's clauses, fitted when the agreement is read, to find the clause a question is about."""

    def fit(self, clauses: list[str]) -> ClauseIndex:
        """Index the clause texts; returns self."""
        self.vectorizer_ = Vectorizer.fit("word", clauses, STOP_WORDS)
        self.size_ = len(clauses) if self.vectorizer_.terms else 0  # nothing but stop words: nothing to find
        if self.size_:
            self.rows_ = self.vectorizer_.transform(clauses)
        return self

    def search(self, query: str, k: int = 3) -> list[tuple[int, float]]:
        """The k best clauses as (position, score), best first."""
        if not self.size_:
            return []
        scores = (self.rows_ @ self.vectorizer_.transform([query]).T).toarray().ravel()
        order = np.argsort(-scores)[:k]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
