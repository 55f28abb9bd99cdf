"""The checklist: each element's check joined with its words from knowledge/checklist, and check(document)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..knowledge.checklist import ElementText, checklist_texts
from ..knowledge.entries import KnowledgeError
from ..knowledge.sources import cite
from ..reading.documents import Document
from . import concerns, gates, jargon, rules
from .context import POINTER, Context, Unit
from .learnt import LEARNT, professionals, sentence_reader
from .slots import blank_slots

REQUIRED, CONCERN = "required", "concern"

# The Python that finds each element, by id, in the order of the checklist. Its words are in
# knowledge/checklist/<id>.toml, so an advocate can change them without touching this file.
CHECKS: dict[str, Callable[[Context], list[Unit]]] = {
    "not_legally_binding": rules.not_legally_binding,
    "concerns_stated": rules.concerns_stated,
    "parent_expectations": rules.parent_expectations,
    "la_support": rules.la_support,
    "timescale": rules.timescale,
    "review": rules.review,
    "contingency_plan": rules.contingency_plan,
    "breach_consequences": rules.breach_consequences,
    "signatures": rules.signatures,
    "legal_advice": rules.legal_advice,
    "goal": rules.goal,
    "worker_contact": rules.worker_contact,
    "vague_timescale": concerns.vague_timescale,
    "section20_restriction": concerns.section20_restriction,
    "required_supervised_contact": concerns.required_supervised_contact,
    "required_residence": concerns.required_residence,
    "victim_controls_abuser": concerns.victim_controls_abuser,
    "recording_ban": concerns.recording_ban,
    "coercive_wording": concerns.coercive_wording,
    "unexplained_jargon": jargon.unexplained_jargon,
}


@dataclass(frozen=True)
class Element:
    """One checklist row: its words, from its file, and the check that looks for it."""

    text: ElementText
    check: Callable[[Context], list[Unit]]

    @property
    def id(self) -> str:
        return self.text.id

    @property
    def kind(self) -> str:
        return self.text.kind


def join(texts: dict[str, ElementText], checks: dict[str, Callable[[Context], list[Unit]]]) -> tuple[Element, ...]:
    """Each check with its file's words, in the order of the checks; KnowledgeError when one has no partner."""
    unchecked = sorted(texts.keys() - checks.keys())
    if unchecked:
        raise KnowledgeError(
            f"{unchecked[0]}.toml: there is no check for “{unchecked[0]}”. If the name is misspelt, rename the file "
            f"to one of: {', '.join(checks)}. A new element needs a programmer to add its check to CHECKS in "
            "assistant/checklist/elements.py."
        )
    wordless = [element_id for element_id in checks if element_id not in texts]
    if wordless:
        raise KnowledgeError(
            f"{wordless[0]}.toml is missing: every element the checklist checks needs its words in a file of its "
            "own in knowledge/checklist"
        )
    return tuple(Element(texts[element_id], check) for element_id, check in checks.items())


ELEMENTS: tuple[Element, ...] = join(checklist_texts(), CHECKS)

ELEMENT_IDS = tuple(e.id for e in ELEMENTS)
MAX_EVIDENCE = 3
# How the learnt reader joins the rules. A sentence it gives SURE or more makes an element found that the rules
# missed, where the rules' gates allow it; from UNSURE to SURE the status stays "missing" or "clear" but the finding
# says "check this yourself" and shows the sentence. Found by the rules, an element is kept, unless the reader gives
# every sentence that matched less than DOUBT. The probabilities are calibrated (Platt scaling on held-out scores,
# learnt.py), so SURE means about seven times in ten; both bars were chosen on the development sets' agreements
# (benchmarks/bench_sentences.py prints the calibration).
SURE, UNSURE = 0.7, 0.3
DOUBT = 0.03  # below this the reader overrules the rules' match in a sentence: "check this yourself"
RULES_CONFIDENCE = 0.75  # how sure a finding the rules made is, when the reader does not back it more strongly


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from the agreement and where it is."""

    quote: str
    ref: str
    page: int | None
    clause: int


@dataclass(frozen=True)
class Finding:
    """One element's result for one document."""

    id: str
    kind: str
    label: str
    status: str
    evidence: tuple[Evidence, ...]
    explanation: str
    advice: str
    sources: tuple[dict, ...]
    terms: tuple[str, ...] = ()
    question: str = ""  # what a parent can ask the council about it
    rewrite: str = ""  # model wording a social worker can start from
    confidence: float = 1.0  # how sure the checklist is of the status, 0 to 1
    maybe: tuple[Evidence, ...] = ()  # sentences that may carry it after all: "check this yourself"
    blanks: tuple[Evidence, ...] = ()  # a form's places for it, left blank ("Review date: ........")

    @property
    def needs_attention(self) -> bool:
        return self.status in ("missing", "flagged")

    @property
    def unsure(self) -> bool:
        """Missing or clear by the rules, but a sentence may carry it: the person should check it themselves."""
        return bool(self.maybe)


def check(document: Document, context: Context | None = None) -> list[Finding]:
    """Run every checklist element over a document: one finding each, in the order of the table."""
    context = context or Context(document)
    return [_finding(element, context) for element in ELEMENTS]


def _finding(element: Element, context: Context) -> Finding:
    units = _unique(element.check(context))
    confidence, maybe = 1.0, list[Unit]()
    if element.id in LEARNT:
        units, confidence, maybe = _with_reader(element, [u for u in units if not u.is_question], context)
        units, maybe = _unique(units), _unique(maybe)  # a sentence written twice is quoted once
    found = bool(units)
    status = ("present" if found else "missing") if element.kind == REQUIRED else ("flagged" if found else "clear")
    text = element.text
    lead = text.when_found if found else text.when_not_found
    terms = _jargon_display(context) if element.id == "unexplained_jargon" and found else ()
    return Finding(
        id=element.id,
        kind=element.kind,
        label=text.label,
        status=status,
        evidence=tuple(Evidence(u.text, u.clause.ref, u.clause.page, u.clause.index) for u in units[:MAX_EVIDENCE]),
        explanation=f"{lead} {text.why}",
        advice=text.advice,
        sources=tuple(cite(s) for s in text.sources),
        terms=terms,
        question=text.question,
        rewrite=text.rewrite,
        confidence=round(confidence, 2),
        maybe=tuple(Evidence(u.text, u.clause.ref, u.clause.page, u.clause.index) for u in maybe[:2]),
        blanks=()
        if found
        else tuple(
            Evidence(slot.text, slot.clause.ref, slot.clause.page, slot.clause.index)
            for slot in blank_slots(context)
            if element.id in slot.elements
        ),
    )


def _scores(context: Context) -> dict[tuple[str, int], np.ndarray]:
    """The reader's probabilities for every unit of the document, worked out once and shared by the elements."""
    memo = context.memo.get("learnt")
    if memo is None:
        units = context.units
        workers = professionals(context.document.text)
        rows = sentence_reader().probabilities([u.text for u in units], [u.roles for u in units], workers)
        memo = {(u.text, u.clause.index): row for u, row in zip(units, rows, strict=True)}
        context.memo["learnt"] = memo
    return memo  # type: ignore[return-value]


def _with_reader(element: Element, units: list[Unit], context: Context) -> tuple[list[Unit], float, list[Unit]]:
    """The rules' units ordered by the reader, or the reader's own when the rules found none; how sure; and the
    sentences to check when unsure."""
    scores, column = _scores(context), sentence_reader().column[element.id]

    def p(unit: Unit) -> float:
        row = scores.get((unit.text, unit.clause.index))
        return float(row[column]) if row is not None else 0.0

    if units:
        # As they come, unless the reader doubts the first (a header block above the list): then the sentence
        # that most carries it comes first.
        top = units[0] if p(units[0]) >= UNSURE else max(units, key=p)
        ordered = [top] + [u for u in units if u is not top]
        if p(ordered[0]) >= DOUBT or any(u.clause.kind == "field" for u in ordered):
            return ordered, max(RULES_CONFIDENCE, p(ordered[0])), []
        # The rules matched words in sentences the reader is sure do not carry it ("the boiler has broken down"
        # is not a breach): not found, but shown for the person to check. A form's field is the rules' alone.
        return [], 1.0 - p(ordered[0]), ordered
    likely = (u for u in context.body if p(u) >= UNSURE)  # the gates read more than a sum, so they come second
    candidates = sorted(
        (u for u in likely if _a_statement(u, element) and gates.may_find(element.id, context, u)),
        key=p,
        reverse=True,
    )
    best = p(candidates[0]) if candidates else 0.0
    if best >= SURE:
        return [u for u in candidates if p(u) >= SURE], best, []
    maybe = [u for u in candidates if p(u) >= UNSURE]
    return [], 1.0 - best, maybe


def _a_statement(unit: Unit, element: Element) -> bool:
    """Whether the reader may find an element in a unit on its own: a statement or a filled-in field, not a
    signature line, a bare label ("Social worker" as a table's column name) or a question; and for a concern, not a
    sentence that lifts an obligation ("you do not need to sign today")."""
    if unit.clause.kind == "signature" or unit.is_question or (element.kind == CONCERN and unit.releases):
        return False
    if POINTER.search(unit.low):  # "will do the things set out in the child protection plan" says nothing here
        return False
    return unit.clause.kind == "field" or len(unit.text.split()) >= 3


def _jargon_display(context: Context) -> tuple[str, ...]:
    """The unexplained terms as the agreement writes them ("LAC", "s20"), one each."""
    shown: dict[str, str] = {}
    for key, units in jargon.jargon_terms(context).items():
        written = [m.group(0) for m in jargon.JARGON.finditer(units[0].text) if jargon.term_key(m.group(0)) == key]
        shown[key] = written[0] if written else key
    return tuple(sorted(shown.values(), key=str.lower))


def _unique(units: list[Unit]) -> list[Unit]:
    seen, out = set(), []
    for unit in units:
        if unit.text not in seen:
            seen.add(unit.text)
            out.append(unit)
    return out
