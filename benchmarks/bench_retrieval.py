"""Recall and latency of our Retriever against a BM25 baseline (bm25s) on the held-out questions.

Run from the project root:  .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_retrieval.py
Questions come from tests/retrieval/k1-k3.jsonl (guidance entries), k5 and k6a/k6b (entries, written blind later),
k4.jsonl (glossary terms), and tests/questions/*.jsonl (our own set, each naming the facet that should answer it). BM25 indexes one
lower-cased document per entry (title, questions, short answer, sections) or per term (term, short form, aliases,
meaning), split on letters and digits with English stop words removed. Each query is timed on its own after a warm-up.
"""

from __future__ import annotations

import json
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

with warnings.catch_warnings():  # bench_read imports the test fixtures, and with them a deprecation warning
    warnings.simplefilter("ignore")
    from bench_read import machine  # noqa: E402

from assistant.answers.retrieval import Retriever  # noqa: E402
from assistant.knowledge.entries import Entry, Term, load_entries, load_glossary, load_out_of_scope  # noqa: E402

Ranker = Callable[[str], list[str]]  # a question -> ids, best first
STOP = frozenset(STOPWORDS_EN)


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers, without English stop words."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def questions(names: tuple[str, ...], key: str) -> list[tuple[str, str]]:
    """(question, expected id) pairs from tests/retrieval/<name>.jsonl."""
    rows = []
    for name in names:
        for line in (ROOT / "tests" / "retrieval" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["question"], row[key]))
    return rows


def bm25_ranker(ids: list[str], texts: list[str]) -> Ranker:
    """A BM25 index over one document per id, ranking ids by score."""
    index = bm25s.BM25()
    index.index([tokens(t) for t in texts], show_progress=False)
    order = np.array(ids)
    return lambda query: list(order[np.argsort(-index.get_scores(tokens(query)), kind="stable")[:3]])


def own_questions() -> list[tuple[str, str]]:
    """(question, facet) pairs from our own question set, tests/questions/*.jsonl (the guidance ones)."""
    rows = []
    for path in sorted((ROOT / "tests" / "questions").glob("*.jsonl")):
        if path.stem in ("uploaded", "near_misses"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["question"], row["facet"]))
    return rows


def facet_documents(entries: list[Entry]) -> tuple[list[str], list[str]]:
    """One BM25 document per facet (its asks and answer, with its entry's title); an entry without facets is one."""
    ids, texts = [], []
    for entry in entries:
        if not entry.facets:
            ids.append(entry.id)
            texts.append(entry_text(entry))
        for facet in entry.facets:
            ids.append(facet.id)
            texts.append(" ".join([entry.title, *facet.asks, facet.answer]))
    return ids, texts


def entry_text(entry: Entry) -> str:
    """An entry as one BM25 document."""
    return " ".join([entry.title, *entry.questions, entry.short_answer, *(text for _, text in entry.sections)])


def term_text(term: Term) -> str:
    """A glossary term as one BM25 document."""
    return " ".join([term.term, term.short or "", *term.aliases, term.meaning])


def timed(work: Callable[[], object]) -> tuple[object, float]:
    """The result of work() and how long it took, in milliseconds."""
    started = time.perf_counter()
    result = work()
    return result, (time.perf_counter() - started) * 1000


def latencies(work: Callable[[str], object], queries: list[str]) -> list[float]:
    """Milliseconds for each query, each timed on its own, after one warm-up pass."""
    for query in queries:
        work(query)
    return [timed(lambda q=q: work(q))[1] for q in queries]


def evaluate(rank: Ranker, cases: list[tuple[str, str]]) -> tuple[float, float, float, float]:
    """recall@1, recall@3, p50 ms and p95 ms of a ranker over (question, expected) cases."""
    ranked = [rank(q) for q, _ in cases]
    at1 = sum(expected in r[:1] for r, (_, expected) in zip(ranked, cases, strict=False)) / len(cases)
    at3 = sum(expected in r[:3] for r, (_, expected) in zip(ranked, cases, strict=False)) / len(cases)
    times = latencies(rank, [q for q, _ in cases])
    return at1, at3, float(np.percentile(times, 50)), float(np.percentile(times, 95))


def long_posts(queries: list[str], size: int = 5000) -> list[str]:
    """Posts of about `size` characters: several of our questions told one after another, as a worried post is."""
    posts, post = [], ""
    for query in queries * 40:
        post += query.rstrip("?. ") + "? "
        if len(post) >= size:
            posts.append(post[:size])
            post = ""
        if len(posts) == 40:
            break
    return posts


def answer_latency(retriever: Retriever, entries: list[Entry], terms: list[Term], queries: list[str]) -> None:
    """In-process answer latency p50/p95 for short questions and 5,000-character posts, without and with an
    analysed agreement."""
    from assistant.answers.answering import Answerer, Held
    from assistant.checklist.report import analyse
    from assistant.reading.documents import read_pasted_text

    sample = (ROOT / "tests" / "files" / "sample-agreement.txt").read_text(encoding="utf-8")
    held = Held(analyse(read_pasted_text(sample)))
    answerer = Answerer(entries, terms, retriever)
    print("\n| answer (in process) | n | p50 ms | p95 ms |\n|---|---|---|---|")
    for kind, asked in (("short question", queries), ("5,000-character post", long_posts(queries))):
        for label, context in (("no agreement", None), ("with the sample agreement loaded", held)):
            times = latencies(
                lambda q, context=context: (retriever.encode.cache_clear(), answerer.answer(q, context, 6000)), asked
            )
            p50, p95 = np.percentile(times, 50), np.percentile(times, 95)
            print(f"| {kind}, {label} | {len(times)} | {p50:.2f} | {p95:.2f} |")


def main() -> None:
    """Fit both methods, then print recall and latency per question set and method."""
    print(f"Machine: {machine()}\n")
    entries, terms = load_entries(), load_glossary()
    retriever, fit_ms = timed(lambda: Retriever().fit(entries, terms, load_out_of_scope()))
    bm25_entries, bm25_entries_ms = timed(lambda: bm25_ranker([e.id for e in entries], list(map(entry_text, entries))))
    bm25_terms, bm25_terms_ms = timed(lambda: bm25_ranker([t.term for t in terms], [term_text(t) for t in terms]))
    entry_cases, term_cases = questions(("k1", "k2", "k3"), "entry"), questions(("k4",), "term")

    def fresh(search: Callable[[str, int], list]) -> Ranker:
        """A ranking timed as a new question: the query cache is emptied first, so the warm-up can't help."""
        return lambda q: (retriever.encode.cache_clear(), [h.id for h in search(q, 3)])[1]

    independent = questions(("k5",), "entry")
    facet_ids, facet_texts = facet_documents(entries)
    bm25_facets, bm25_facets_ms = timed(lambda: bm25_ranker(facet_ids, facet_texts))
    own = own_questions()
    hard = questions(("k6a", "k6b"), "entry")
    methods = [
        ("entries (k1-k3)", "Retriever.search", fresh(retriever.search), entry_cases, fit_ms),
        ("entries (k1-k3)", "BM25 (bm25s)", bm25_entries, entry_cases, bm25_entries_ms),
        ("entries, independent (k5)", "Retriever.search", fresh(retriever.search), independent, fit_ms),
        ("entries, independent (k5)", "BM25 (bm25s)", bm25_entries, independent, bm25_entries_ms),
        ("entries, hard blind (k6)", "Retriever.search", fresh(retriever.search), hard, fit_ms),
        ("entries, hard blind (k6)", "BM25 (bm25s)", bm25_entries, hard, bm25_entries_ms),
        ("facets, own set (tests/questions)", "Retriever.search_facets", fresh(retriever.search_facets), own, fit_ms),
        ("facets, own set (tests/questions)", "BM25 (bm25s)", bm25_facets, own, bm25_facets_ms),
        ("terms (k4)", "Retriever.define", fresh(retriever.define), term_cases, fit_ms),
        ("terms (k4)", "BM25 (bm25s)", bm25_terms, term_cases, bm25_terms_ms),
    ]
    print(f"{len(entries)} entries, {len(terms)} glossary terms; Retriever fit (entries and terms) {fit_ms:.0f} ms\n")
    print("| questions | method | n | recall@1 | recall@3 | p50 ms | p95 ms | fit ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, method, rank, cases, fit in methods:
        at1, at3, p50, p95 = evaluate(rank, cases)
        print(f"| {name} | {method} | {len(cases)} | {at1:.2f} | {at3:.2f} | {p50:.2f} | {p95:.2f} | {fit:.0f} |")
    print()
    answer_latency(retriever, entries, terms, [q for q, _ in entry_cases])


if __name__ == "__main__":
    main()
