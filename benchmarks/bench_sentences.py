"""The checklist's learnt sentence reader: how well it carries over, how it grows with data, and what it costs.

Run from the project root:  .venv/bin/python benchmarks/bench_sentences.py [--folds 5]

It prints Markdown tables:

1. Per element, cross-validated on the labelled sentences (knowledge/checklist/sentences): positives, accuracy,
   precision, recall and F1 at the checklist's "sure" threshold. Folds are grouped by file, so every fold is
   scored on sentences written in a voice it did not learn from (a council agreement, a letter, a form...);
   that is closer to a new council's wording than a random split, where near-copies of a sentence sit on both
   sides. A random-split row is printed beside it for comparison.
2. The learning curve: mean F1 over the elements when learning from 10 % ... 100 % of the training folds.
3. Calibration: how often a sentence given each band of probability really carries the element.
4. The strength (logistic regression's C) against mean F1, which is how STRENGTH in learnt.py was chosen.
5. Time: learning the reader from scratch, loading it from its saved arrays, and checking a two-page agreement
   (the whole checklist, rules and reader, p50/p95 over 200 runs), against the rules alone on the same text as
   the baseline, with the ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.checklist import elements, learnt  # noqa: E402
from assistant.checklist.learnt import CORPUS, LEARNT, Row, SentenceReader, load_corpus  # noqa: E402
from assistant.reading.documents import read_pasted_text  # noqa: E402

SAMPLE = (ROOT / "tests" / "files" / "sample-agreement.txt").read_text(encoding="utf-8")


def file_of_rows() -> list[str]:
    """The file each corpus row came from, in load_corpus order."""
    names = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        names += [path.stem] * sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return names


PAIRS: list[tuple[float, bool]] = []  # (probability, carries it) for every held-out sentence and element


def scores(train: list[Row], test: list[Row], strength: float, keep: bool = False) -> dict[str, tuple[int, ...]]:
    """Per element: true positives, false positives, false negatives, true negatives on `test`."""
    reader = SentenceReader.fit(train, strength)
    p = reader.probabilities([r.text for r in test], [learnt.sentence_roles(r.text, r.heading) for r in test])
    out = {}
    for element in LEARNT:
        if keep:
            PAIRS.extend(zip(p[:, reader.column[element]].tolist(), (element in r.labels for r in test), strict=True))
        said = p[:, reader.column[element]] >= elements.SURE
        truth = np.array([element in r.labels for r in test])
        out[element] = (
            int((said & truth).sum()),
            int((said & ~truth).sum()),
            int((~said & truth).sum()),
            int((~said & ~truth).sum()),
        )
    return out


def add(total: dict, part: dict) -> None:
    for element, counts in part.items():
        total[element] = tuple(a + b for a, b in zip(total.get(element, (0, 0, 0, 0)), counts, strict=True))


def f1(counts: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
    tp, fp, fn, tn = counts
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (tp + tn) / max(tp + fp + fn + tn, 1), precision, recall, f


def fold_sets(rows: list[Row], groups: list[str], folds: int, by_file: bool, seed: int = 7):
    rng = np.random.default_rng(seed)
    if by_file:
        names = sorted(set(groups))
        for name in names:
            yield (
                [r for r, g in zip(rows, groups, strict=True) if g != name],
                [r for r, g in zip(rows, groups, strict=True) if g == name],
            )
        return
    order = rng.permutation(len(rows))
    for k in range(folds):
        test_idx = set(order[k::folds].tolist())
        yield [r for i, r in enumerate(rows) if i not in test_idx], [r for i, r in enumerate(rows) if i in test_idx]


def cross_validate(rows, groups, folds, by_file, strength=learnt.STRENGTH, fraction=1.0, seed=7, keep=False):
    total: dict = {}
    rng = np.random.default_rng(seed)
    for train, test in fold_sets(rows, groups, folds, by_file):
        if fraction < 1.0:
            chosen = rng.permutation(len(train))[: max(int(len(train) * fraction), 50)]
            train = [train[i] for i in sorted(chosen)]
        try:
            add(total, scores(train, test, strength, keep))
        except ValueError:  # a small sample with no positives for an element
            continue
    return total


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--only", default="elements,curve,strength,time", help="which tables, comma-separated (all by default)"
    )
    args = parser.parse_args()
    rows, groups = load_corpus(), file_of_rows()
    positives = defaultdict(int)
    for row in rows:
        for label in row.labels:
            positives[label] += 1
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Sentences: {len(rows)} in {len(set(groups))} files, {sum(not r.labels for r in rows)} with no label\n")

    only = set(args.only.split(","))
    by_file = cross_validate(rows, groups, args.folds, True, keep=True) if "elements" in only else None
    if by_file is not None:
        random_split = cross_validate(rows, groups, args.folds, False)
        print("## Per element, held out by file (and a random split for comparison)\n")
        print("| element | positives | accuracy | precision | recall | F1 | F1, random split |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for element in LEARNT:
            acc, p, r, f = f1(by_file[element])
            print(
                f"| {element} | {positives[element]} | {acc:.3f} | {p:.3f} | {r:.3f} | {f:.3f} | "
                f"{f1(random_split[element])[3]:.3f} |"
            )
        mean_acc = statistics.mean(f1(by_file[e])[0] for e in LEARNT)
        mean_f1 = statistics.mean(f1(by_file[e])[3] for e in LEARNT)
        print(
            f"| **mean** | | {mean_acc:.3f} | | | {mean_f1:.3f} | "
            f"{statistics.mean(f1(random_split[e])[3] for e in LEARNT):.3f} |\n"
        )
        print("## Calibration (held out by file, every element)\n")
        print("How often a sentence the reader gives a probability in each band really carries the element.\n")
        print("| probability | sentences | share that carry it |")
        print("|---|---:|---:|")
        for low, high in ((0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01)):
            band = [truth for p, truth in PAIRS if low <= p < high]
            share = f"{sum(band) / len(band):.3f}" if band else "-"
            print(f"| {low:.2f} to {min(high, 1.0):.2f} | {len(band)} | {share} |")
        print()

    def mean_f1_of(total: dict) -> str:
        values = [f1(total[e])[3] for e in LEARNT if e in total]
        return f"{statistics.mean(values):.3f}" if values else "-"

    if "curve" in only:
        print("## Learning curve (held out by file)\n")
        print("| share of the training sentences | mean F1 |")
        print("|---:|---:|")
        for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
            if fraction == 1.0 and by_file is not None:
                total = by_file
            else:
                total = cross_validate(rows, groups, args.folds, True, fraction=fraction)
            print(f"| {fraction:.0%} | {mean_f1_of(total)} |")
        print()

    if "strength" in only:
        print("## Strength (C) against mean F1 (held out by file)\n")
        print("| C | mean F1 |")
        print("|---:|---:|")
        for strength in (4.0, 16.0, 64.0):
            if strength == learnt.STRENGTH and by_file is not None:
                total = by_file
            else:
                total = cross_validate(rows, groups, args.folds, True, strength=strength)
            print(f"| {strength:g} | {mean_f1_of(total)} |")
        print()

    if "time" not in only:
        return
    print("## Time\n")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ASSISTANT_INDEX_DIR"] = folder
        learnt.sentence_reader.cache_clear()
        start = time.perf_counter()
        learnt.sentence_reader()
        learn_s = time.perf_counter() - start
        learnt.sentence_reader.cache_clear()
        start = time.perf_counter()
        learnt.sentence_reader()
        load_s = time.perf_counter() - start
    two_pages = SAMPLE + "\n\n" + SAMPLE  # the sample is about one page
    document = read_pasted_text(two_pages)
    both = timed(lambda: elements.check(document), args.runs)
    saved, elements.LEARNT = elements.LEARNT, ()
    try:
        rules = timed(lambda: elements.check(document), args.runs)
    finally:
        elements.LEARNT = saved
    print(f"Two-page text: {len(two_pages.split())} words, {len(document.clauses)} clauses.\n")
    print("| | p50 ms | p95 ms | ratio to rules alone (p95) |")
    print("|---|---:|---:|---:|")
    print(f"| rules alone (baseline) | {pct(rules, 0.5):.1f} | {pct(rules, 0.95):.1f} | 1.00 |")
    print(
        f"| rules and reader | {pct(both, 0.5):.1f} | {pct(both, 0.95):.1f} | {pct(both, 0.95) / pct(rules, 0.95):.2f} |"
    )
    print(
        f"\nLearning the reader from scratch: {learn_s:.1f} s; loading it from its saved arrays: {load_s * 1000:.0f} ms."
    )


if __name__ == "__main__":
    main()
