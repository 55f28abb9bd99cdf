"""One agreement analysed: the document, its checklist findings, how readable it is and its dates."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..reading.documents import Document
from .dates import timeline
from .elements import Finding, check
from .readability import measure

NOTICE = (
    "This is not legal advice. It explains what guidance says about written agreements, so you can ask "
    "questions and decide what to do. For advice about your own case, talk to a family law solicitor or "
    "the Family Rights Group advice line."
)
UNDER_18 = re.compile(r"\(\s*(age\s*|aged\s*)?1[0-7]\s*\)|\b(age|aged)\s*1[0-7]\b", re.I)
PARENT_LABEL = re.compile(r"parent|mother|father|\bmum\b|\bdad\b|carer", re.I)
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

    def finding(self, element_id: str) -> Finding:
        return next(f for f in self.findings if f.id == element_id)


def analyse(document: Document) -> Analysis:
    """Run the checklist and the unscored measures over a document."""
    findings = tuple(check(document))
    quotes = {f.id: [e.quote for e in f.evidence] for f in findings}
    return Analysis(
        document=document,
        findings=findings,
        readability=measure(document.clauses),
        dates=timeline(document.text, quotes["timescale"], quotes["review"]),
        signposts=_signposts(document),
    )


def _signposts(document: Document) -> tuple[str, ...]:
    for clause in document.clauses:
        label, _, value = clause.text.partition(":")
        if clause.kind == "field" and PARENT_LABEL.search(label) and UNDER_18.search(value):
            return (YOUNG_PARENT,)
    return ()


def summary(findings: tuple[Finding, ...]) -> dict:
    """Which elements are missing and which are worrying, with one plain sentence that says so."""
    missing = [f.id for f in findings if f.status == "missing"]
    flagged = [f.id for f in findings if f.status == "flagged"]
    parts = []
    if missing:
        parts.append(
            f"{len(missing)} of the {sum(f.kind == 'required' for f in findings)} things guidance says "
            "an agreement should have are missing"
        )
    if flagged:
        parts.append(
            f"{len(flagged)} thing{'s' if len(flagged) > 1 else ''} guidance says should not be in an "
            "agreement " + ("were" if len(flagged) > 1 else "was") + " found"
        )
    headline = (
        (" and ".join(parts) + ".") if parts else "Everything guidance looks for was found, and nothing worrying."
    )
    return {
        "headline": headline[0].upper() + headline[1:],
        "missing": missing,
        "flagged": flagged,
        "present": [f.id for f in findings if f.status == "present"],
        "clear": [f.id for f in findings if f.status == "clear"],
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
    return data
