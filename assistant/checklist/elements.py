"""The checklist: each element's check joined with its words from knowledge/checklist, and check(document)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..knowledge.checklist import ElementText, checklist_texts
from ..knowledge.entries import KnowledgeError
from ..knowledge.sources import cite
from ..reading.documents import Document
from . import concerns, jargon, rules
from .context import Context, Unit

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

    @property
    def needs_attention(self) -> bool:
        return self.status in ("missing", "flagged")


def check(document: Document) -> list[Finding]:
    """Run every checklist element over a document: one finding each, in the order of the table."""
    context = Context(document)
    return [_finding(element, context) for element in ELEMENTS]


def _finding(element: Element, context: Context) -> Finding:
    units = _unique(element.check(context))
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
    )


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
