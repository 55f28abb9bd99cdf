"""The learnt index: our TF-IDF sums equal scikit-learn's, and a saved index answers exactly as a freshly learnt one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.svm import LinearSVC

from assistant.answers.index import digest, load_or_learn
from assistant.answers.retrieval import Retriever, _training_rows
from assistant.answers.stopwords import STOP_WORDS
from assistant.knowledge.entries import load_entries, load_glossary, load_out_of_scope
from assistant.knowledge.tfidf import Linear, Vectorizer

QUESTIONS = (
    "do i have to sign the contract thing",
    "s20 take him home??",
    "whats a core group",
    "Ça va?  Naïve café — résumé",
    "a",
    "",
    "   \t\n",
    "the and of",
    "x" * 300,
    "PLO pre-proceedings letter",
)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts, _, _ = _training_rows(load_entries(), 0.3)
    return texts + load_out_of_scope()


def test_the_stop_words_are_scikit_learns():
    assert STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("kind", ["word", "char"])
def test_our_vocabulary_idf_and_rows_equal_scikit_learns(corpus, kind):
    if kind == "word":
        theirs = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9']+", stop_words="english"
        ).fit(corpus)
        ours = Vectorizer.fit("word", corpus, STOP_WORDS)
    else:
        theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(corpus)
        ours = Vectorizer.fit("char", corpus)
    assert ours.vocabulary == theirs.vocabulary_
    assert np.allclose(ours.idf, theirs.idf_, rtol=0, atol=1e-12)
    sample = list(QUESTIONS) + corpus[::97]
    assert abs(ours.transform(sample) - theirs.transform(sample)).max() < 1e-12


def test_a_linear_model_scores_as_linear_svc_does(corpus):
    words = Vectorizer.fit("word", corpus, STOP_WORDS)
    chars = Vectorizer.fit("char", corpus)
    features = hstack((words.transform(corpus[:400]), chars.transform(corpus[:400]))).tocsr()
    for labels in ([i % 5 for i in range(400)], [i % 2 for i in range(400)]):  # many classes, and two
        svc = LinearSVC(C=0.5).fit(features, labels)
        ours = Linear(svc.coef_, svc.intercept_, [str(c) for c in svc.classes_])
        assert np.allclose(ours.decision(features), svc.decision_function(features))


@pytest.mark.slow
def test_a_saved_index_answers_exactly_as_the_learnt_one(tmp_path):
    entries, terms, outside = load_entries(), load_glossary(), load_out_of_scope()
    learnt = load_or_learn(entries, terms, outside, tmp_path)
    saved = list(tmp_path.glob("index-*.npz"))
    assert [p.name for p in saved] == [f"index-{digest()}.npz"]
    loaded = load_or_learn(entries, terms, outside, tmp_path)
    assert loaded is not learnt and list(tmp_path.glob("*")) == saved
    for question in (*QUESTIONS, "what is a child protection plan", "what's the weather in leeds"):
        assert loaded.search(question, 5) == learnt.search(question, 5)
        assert loaded.define(question, 3) == learnt.define(question, 3)
        assert loaded.in_scope(question) == learnt.in_scope(question)
        assert loaded.pick_sentences("legal-status", question, 3) == learnt.pick_sentences("legal-status", question, 3)


@pytest.mark.slow
def test_a_damaged_index_is_learnt_again_and_replaced(tmp_path):
    entries, terms, outside = load_entries(), load_glossary(), load_out_of_scope()
    path = tmp_path / f"index-{digest()}.npz"
    path.write_bytes(b"PK\x03\x04 not really an index")
    (tmp_path / "index-0000-out-of-date.npz").write_bytes(b"old")
    retriever = load_or_learn(entries, terms, outside, tmp_path)
    assert retriever.search("is a written agreement legally binding", 1)[0].id == "legal-status"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert isinstance(Retriever().restore(dict(np.load(path, allow_pickle=False)), entries, terms), Retriever)


@pytest.mark.slow
def test_an_unwritable_folder_still_gives_a_working_retriever(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    retriever = load_or_learn(load_entries(), load_glossary(), load_out_of_scope(), blocked / "index")
    assert retriever.search("what is section 20", 1)[0].id == "section-20-explained"
