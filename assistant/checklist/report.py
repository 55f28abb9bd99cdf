"""One agreement analysed: the document, its checklist findings, how readable it is and its dates."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..reading.documents import Document
from .context import PARENT_LABEL, Context
from .dates import timeline
from .elements import Finding, check
from .readability import measure
from .slots import Slot, blank_slots
from .stage import Stage, stage_of

NOTICE = (
    "This is not legal advice. It explains what guidance says about written agreements, so you can ask "
    "questions and decide what to do. For advice about your own case, talk to a family law solicitor or "
    "the Family Rights Group advice line."
)
UNDER_18 = re.compile(r"\(\s*(age\s*|aged\s*)?1[0-7]\s*\)|\b(age|aged)\s*1[0-7]\b", re.I)
YOUNG_PARENT = (
    "The agreement suggests a parent may be under 18. If that is you, you have the right to support from "
    "an advocate (someone on your side who helps you be heard). In England, Coram Voice's free helpline "
    "is 0808 800 5792. NYAS also gives free advocacy in England and Wales."
)


@dataclass(frozen=True)
class Analysis:
    """Everything the assistant worked out about one agreement."""

    document: Document
    findings: tuple[Finding, ...]
    readability: dict
    dates: dict
    signposts: tuple[str, ...]
    stage: Stage | None = None  # where the case stands, as the agreement says it
    blanks: tuple[Slot, ...] = ()  # the form's places left blank

    def finding(self, element_id: str) -> Finding:
        return next(f for f in self.findings if f.id == element_id)


def analyse(document: Document) -> Analysis:
    """Run the checklist and the unscored measures over a document."""
    context = Context(document)
    findings = tuple(check(document, context))
    quotes = {f.id: [e.quote for e in f.evidence] for f in findings}
    return Analysis(
        document=document,
        findings=findings,
        readability=measure(document.clauses),
        dates=timeline(document.text, quotes["timescale"], quotes["review"]),
        signposts=_signposts(document),
        stage=stage_of(document),
        blanks=tuple(blank_slots(context)),
    )


def _signposts(document: Document) -> tuple[str, ...]:
    for clause in document.clauses:
        label, _, value = clause.text.partition(":")
        if clause.kind == "field" and PARENT_LABEL.search(label) and UNDER_18.search(value):
            return (YOUNG_PARENT,)
    return ()


def headline(findings: tuple[Finding, ...], brief: bool = False) -> str:
    """One plain sentence: how many things guidance looks for are missing, and how many worrying things were found.

    The API and the command line say it in full; the page, which shows the list just below, says it `brief`ly."""
    missing = sum(f.status == "missing" for f in findings)
    flagged = sum(f.status == "flagged" for f in findings)
    required = sum(f.kind == "required" for f in findings)
    parts = [_missing_words(missing, required, brief)] if missing else []
    parts += [_flagged_words(flagged, brief)] if flagged else []
    unsure = sum(f.unsure for f in findings)
    if not parts and not unsure:
        return ALL_FOUND[brief]
    if unsure:  # never a plain "everything is fine" while the checklist is unsure of something
        parts.append(f"{_things(unsure)} we are not sure of, for you to check yourself")
    sentence = ("; " if brief else " and ").join(parts) + "."
    return sentence[0].upper() + sentence[1:]


ALL_FOUND = {
    False: "Everything guidance looks for was found, and nothing worrying.",
    True: "Everything guidance looks for is here, and nothing worrying was found.",
}


def _missing_words(missing: int, required: int, brief: bool) -> str:
    if brief:
        return f"{_things(missing)} guidance says should be here {'is' if missing == 1 else 'are'} missing"
    return f"{missing} of the {required} things guidance says an agreement should have are missing"


def _flagged_words(flagged: int, brief: bool) -> str:
    if brief:
        return f"{_things(flagged)} to ask about"
    return f"{_things(flagged)} guidance says should not be in an agreement {'was' if flagged == 1 else 'were'} found"


def _things(n: int) -> str:
    return f"{n} thing{'' if n == 1 else 's'}"


def summary(findings: tuple[Finding, ...]) -> dict:
    """Which elements are missing and which are worrying, with the headline that says so."""
    return {
        "headline": headline(findings),
        "missing": [f.id for f in findings if f.status == "missing"],
        "flagged": [f.id for f in findings if f.status == "flagged"],
        "present": [f.id for f in findings if f.status == "present"],
        "clear": [f.id for f in findings if f.status == "clear"],
        "unsure": [f.id for f in findings if f.unsure],
    }


def as_json(analysis: Analysis) -> dict:
    """The analysis as the API returns it (without the id, which the store adds)."""
    document = analysis.document
    return {
        "kind": document.kind,
        "pages": len(document.pages),
        "title": document.title,
        "warnings": list(document.warnings),
        "summary": summary(analysis.findings),
        "read_from_photo": document.from_photo,
        "checklist": [_finding_json(f) | {"from_photo": document.from_photo} for f in analysis.findings],
        "readability": analysis.readability,
        "dates": analysis.dates,
        "signposts": list(analysis.signposts),
        "stage": _stage_json(analysis.stage),
        "blank_slots": [
            {
                "label": slot.label,
                "says": slot.sentence,
                "quote": slot.text,
                "ref": slot.clause.ref,
                "clause": slot.clause.index,
                "page": slot.clause.page,
                "elements": sorted(slot.elements),
            }
            for slot in analysis.blanks
        ],
        "clauses": [
            {
                "index": c.index,
                "ref": c.ref,
                "kind": c.kind,
                "text": c.text,
                "page": c.page,
                "heading": c.heading,
                "number": c.number,
            }
            for c in document.clauses
        ],
        "notice": NOTICE,
    } | (
        {
            "ocr": {
                "pages": [
                    {"page": n, "confidence": c, "low": document.unsure(n), "unread_marks": document.unread_on(n)}
                    for n, c in enumerate(document.ocr, 1)
                ],
                "text": list(document.pages),
            }
        }
        if document.from_photo
        else {}
    )


def _finding_json(finding: Finding) -> dict:
    data = asdict(finding)
    data["evidence"] = [asdict(e) for e in finding.evidence]
    data["sources"] = list(finding.sources)
    data["terms"] = list(finding.terms)
    data["maybe"] = [asdict(e) for e in finding.maybe]
    data["blanks"] = [asdict(e) for e in finding.blanks]
    return data


def _stage_json(stage: Stage | None) -> dict | None:
    if stage is None:
        return None
    where = {"clause": stage.clause.index, "ref": stage.clause.ref} if stage.clause else {}
    return {"id": stage.id, "name": stage.name, "quote": stage.quote, **where}
