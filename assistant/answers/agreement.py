"""What the person's own agreement says about their question: the checklist finding it asks about, or the clause
that bears on it, never a clause that only shares a word or two with the question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checklist.elements import ELEMENTS, Evidence, Finding
from ..checklist.report import Analysis
from ..checklist.stage import Stage
from ..knowledge.checklist import intents_in_order
from ..reading.clauses import Clause
from .retrieval import ClauseIndex
from .stopwords import STOP_WORDS


@dataclass
class Held:
    """An analysed agreement as the store keeps it, with the index of its clauses for questions."""

    analysis: Analysis
    clauses: ClauseIndex = field(init=False)

    def __post_init__(self) -> None:
        self.clauses = ClauseIndex().fit([c.text for c in self.analysis.document.clauses])


@dataclass(frozen=True)
class Intent:
    """A kind of question about one's own agreement, the checklist elements that answer it, and its guidance."""

    name: str
    pattern: re.Pattern
    elements: tuple[str, ...]
    entry: str


INTENTS: tuple[Intent, ...] = (
    Intent(
        "check",
        re.compile(
            r"\b(missing|anything wrong|what'?s wrong|check (it|this|my|the|over)|look (at|over) (it|this|my"
            r"|the)|good enough|clear enough|any problems|fair|ok to (sign|send|share)|before i (share|send))\b",
            re.I,
        ),
        tuple(e.id for e in ELEMENTS),
        "what-a-good-agreement-contains",
    ),
    # Then each element's own intent, from knowledge/checklist/<id>.toml, in the order their files give.
    *(Intent(i.element, i.pattern, i.elements, i.entry) for i in intents_in_order(tuple(e.text for e in ELEMENTS))),
)
SOCIAL_WORKER = re.compile(
    r"\b(my draft|this draft|i'?ve written|i have written|as (a|the) social worker|before i "
    r"(share|send)|the parents?\b|the family\b|should i (write|put|include|word)|can i (put|write"
    r"|include|use)|how (do|should) i (write|word|draft|phrase)|when drafting|in my agreements?)\b",
    re.I,
)
# The question points at the document itself: then, if no clause answers it, say so plainly.
POINTS_AT_IT = re.compile(
    r"\b(my|the|this|our|their) (agreement|contract|form|document|paper(work)?|letter|safety plan|plan says"
    r"|working agreement)\b|\b(it|the agreement|my agreement) (says|said|states|mentions)\b|\bdoes it (say|mention"
    r"|cover)\b|\bwhat (did|do|does) (they|it|the (social worker|council|plan)) (say|write|put|mean)\b|\bclause\b|\bpoint \d|\bparagraph\b|\bsection \d+ of\b|\bin (it|there)\b",
    re.I,
)
# The question asks where the case stands: the agreement's stage answers it.
STAGE_ASK = re.compile(
    r"\b((what|which) (stage|level|step)|how (serious|bad)|where (are we|am i|do (we|i) stand)|what (kind|type|sort)"
    r" of (plan|case|agreement)|is (this|it|my case|our case) (a |an |on |at |under )?(child in need|child protection"
    r"|cin|cp|pre-?proceedings|plo|section 20|s20)|are we (on|in|at) (a |the )?(child in need|child protection|cin|cp"
    r"|pre-?proceedings|plo))\b"
    r"|^\W*(so,? )?what (happens|comes|will happen) (next|now)\W*$|^\W*(so,? )?what now\W*$",
    re.I,
)
WHAT_NEXT = re.compile(r"\b(next|what now)\b", re.I)
# "Do I have to do this?", "what if I break it?": with an agreement open, a bare "this" or "it" is the agreement.
BARE_IT = re.compile(r"\b(this|it)(?=\s*([?.!,]|$|\b(if|or|and|now|today|at all|yet|again)\b))", re.I)
# Words every agreement shares with every question: sharing only these does not make a clause an answer.
COMMON = frozenset(
    """agreement agree agreed agreements sign signed signing signature social worker workers services service
    council local authority child children son daughter baby kids mum mother dad father parent parents family will
    can must need date name names plan safety written working contract document form page tell told say says said
    time make made keep week weeks day days home""".split()
)
WORD = re.compile(r"[a-z][a-z']{2,}")
# The questions the chat offers beside a finding ask about that finding, whatever words they use.
OFFERED = {
    e.text.prompt.casefold(): Intent(e.id, re.compile(r"(?!)"), (e.id,), "what-a-good-agreement-contains")
    for e in ELEMENTS
    if e.text.prompt
}


def in_context(question: str) -> str:
    """The question with a bare "this" or "it" read as the agreement the person has open."""
    return BARE_IT.sub(r"\1 written agreement", question)


def intents_for(question: str) -> list[Intent]:
    """The kinds of agreement question this is: "check" alone, or up to three element intents."""
    offered = OFFERED.get(question.strip().casefold())
    if offered is not None:
        return [offered]
    found = [i for i in INTENTS if i.pattern.search(question)]
    return found[:1] if found and found[0].name == "check" else found[:3]


def bearing_clause(question: str, held: Held, expand) -> Clause | None:
    """The clause that bears on the question: close in words, and sharing a word that is about this case."""
    asked = _words(expand(question))
    for index, score in held.clauses.search(expand(question), 3):
        clause = held.analysis.document.clauses[index]
        if score < 0.15 or clause.kind in ("heading", "signature") or _signature_line(clause.text):
            continue
        if asked & _words(clause.text):
            return clause
    return None


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in WORD.findall(text.lower()) if w not in STOP_WORDS and w not in COMMON}


def _signature_line(text: str) -> bool:
    short = len(text.split()) < 5
    return short or bool(re.match(r"\s*(signed|signature|name|print name|date)\b", text, re.I)) or text.count("_") > 5


def say(finding: Finding, social_worker: bool) -> str:
    """One checklist finding in words: what the agreement says (quoted), or that it does not say it."""
    if finding.status in ("present", "flagged") and finding.evidence:
        quotes = " ".join(f"“{e.quote}” ({e.ref})." for e in finding.evidence[:2])
        line = f"Your agreement says: {quotes}"
        if finding.status == "flagged":
            line += f"\n{finding.explanation}"
    elif finding.status == "clear":
        line = f"I did not find anything in your agreement like this: {finding.label.lower()}."
    else:
        line = finding.explanation
    if social_worker and finding.needs_attention:
        line += f"\nWording advice: {finding.advice}"
    if finding.terms:
        line += "\nWords to explain: " + ", ".join(finding.terms) + "."
    return line


def quote_clause(clause: Clause) -> str:
    """A clause, quoted with where it is."""
    return f"Your agreement says: “{clause.text}” ({clause.ref})."


def stage_line(stage: Stage) -> str:
    """Where the case stands, in the agreement's own words."""
    where = f" ({stage.clause.ref})" if stage.clause else ""
    return f"Your agreement says {stage.name}: “{stage.quote}”{where}."


def stage_source(stage: Stage) -> dict:
    """The words that say the stage, as a source."""
    clause = stage.clause
    return {
        "kind": "agreement",
        "title": "Your agreement",
        "ref": clause.ref if clause else "",
        "quote": stage.quote,
        "page": clause.page if clause else None,
        "clause": clause.index if clause else None,
    }


def clause_source(clause: Clause) -> dict:
    """A clause as a source."""
    return {
        "kind": "agreement",
        "title": "Your agreement",
        "ref": clause.ref,
        "quote": clause.text,
        "page": clause.page,
        "clause": clause.index,
    }


def finding_sources(quoted: list[tuple[Finding, Evidence]]) -> tuple[dict, ...]:
    """The agreement's words each finding quoted, once each."""
    seen, out = set(), []
    for finding, evidence in quoted:
        if evidence.quote not in seen:
            seen.add(evidence.quote)
            out.append(
                {
                    "kind": "agreement",
                    "title": "Your agreement",
                    "ref": evidence.ref,
                    "quote": evidence.quote,
                    "page": evidence.page,
                    "clause": evidence.clause,
                    "element": finding.id,
                }
            )
    return tuple(out)
