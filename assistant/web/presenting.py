"""What the pages show of one analysis: the summary, findings in groups, the agreement marked up, the dates.

Every decision about what to show is made here, so the templates only loop and print.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..checklist import report
from ..checklist.elements import ELEMENTS, Finding
from ..checklist.jargon import term_key
from ..checklist.report import Analysis
from ..knowledge.entries import Term
from ..reading.clauses import Clause

# status -> (the word shown beside the icon, the icon, whether it needs attention)
STATUS = {
    "missing": ("Missing", "cross", True),
    "flagged": ("Ask about this", "warning", True),
    "present": ("Found", "tick", False),
    "clear": ("None found", "tick", False),
}
# A finding the checklist is unsure of: never a tick, never a plain "none found".
UNSURE = ("Check this yourself", "question", True)
VIEWS = {
    "parent": "For parents",
    "advocate": "For advocates",
    "worker": "For social workers",
}
# Words a parent already knows, or that name the agreement itself: explaining them everywhere would be noise.
EVERYDAY = {
    "written agreement",
    "social worker",
    "advocate",
    "solicitor",
    "home visit",
    "foster carer",
    "safety plan",
    "working agreement",
    "family agreement",
    "partnership agreement",
    "domestic abuse",
    "early help",
    "children's services",
    "advocacy",
    "meic",
    "family rights group",
    "child law advice",
    "cafcass",
}
SECTION_FORMS = re.compile(r"\b[sS](?:ection|\.)? ?(17|20|31|47|76)\b(?! ?(?:days|weeks|years|minutes|am|pm))")
# Questions to put in the chat for a finding that needs attention, in a parent's words (from knowledge/checklist).
PROMPTS = {element.id: element.text.prompt for element in ELEMENTS if element.text.prompt}
ALWAYS_ASKED = ("Do I have to sign this?", "What happens if I don't keep to it?", "Where can I get help?")


@dataclass(frozen=True)
class Shown:
    """One finding as a page shows it."""

    finding: Finding
    word: str
    icon: str
    attention: bool

    @property
    def id(self) -> str:
        return self.finding.id

    @property
    def tag(self) -> str:
        """The class of the status tag: the status, or "unsure" when the person should check it themselves."""
        return "unsure" if self.finding.unsure else self.finding.status


@dataclass(frozen=True)
class Piece:
    """A run of a clause's text: plain, marked as a worry, and/or a professional word with its meaning."""

    text: str
    marked: bool = False
    term: Term | None = None


@dataclass(frozen=True)
class ShownClause:
    """One clause of the agreement, cut into pieces, with the worries found in it."""

    clause: Clause
    pieces: tuple[Piece, ...]
    worries: tuple[Finding, ...]


@dataclass(frozen=True)
class Milestone:
    """One point on the timeline."""

    label: str
    text: str
    date: str | None
    note: str = ""


def shown(findings: tuple[Finding, ...]) -> list[Shown]:
    """Every finding with its word and icon, those needing attention first (missing, then worrying, then those the
    checklist is unsure of)."""

    def order(finding: Finding) -> int:
        return 2 if finding.unsure else {"missing": 0, "flagged": 1, "present": 3, "clear": 4}[finding.status]

    return [Shown(f, *(UNSURE if f.unsure else STATUS[f.status])) for f in sorted(findings, key=order)]


def headline(findings: tuple[Finding, ...]) -> str:
    """The page's headline: the report's one sentence, in its brief form (the findings follow just below)."""
    return report.headline(findings, brief=True)


def prompts(findings: tuple[Finding, ...], limit: int = 4) -> list[str]:
    """Questions to offer in the chat: about what needs attention first, then what everyone asks."""
    asked = [PROMPTS[f.id] for f in findings if f.needs_attention and f.id in PROMPTS]
    return list(dict.fromkeys([*asked[: limit - 1], *ALWAYS_ASKED]))[: limit + 1]


def questions_to_ask(findings: tuple[Finding, ...]) -> list[str]:
    """The questions a parent can put to the council, one per finding that needs attention."""
    asked = [f.question for f in findings if f.needs_attention and f.question]
    return [
        *asked,
        "Can I have a copy of the agreement, and of anything I sign?",
        "Can I bring someone with me to meetings about the agreement?",
    ]


class Glossary:
    """Finds the professional words in a clause and the plain meaning of each, from the knowledge base."""

    def __init__(self, terms: list[Term]) -> None:
        self.by_key: dict[str, Term] = {}
        names: list[str] = []
        for term in terms:
            for form in (term.term, term.short, *term.aliases):
                if not form or form.lower() in EVERYDAY or term.term.lower() in EVERYDAY:
                    continue
                if _is_short_form(form) or (" " in form and form.lower() == term.term.lower()):
                    self.by_key.setdefault(term_key(form), term)
                    names.append(form)
        phrases = {n.lower() for n in names if not _is_short_form(n)}
        shorts = {n for n in names if _is_short_form(n)}
        self.pattern = re.compile(
            r"\b(?:(?i:" + _alternation(phrases) + r")|" + _alternation(shorts) + r")\b|" + SECTION_FORMS.pattern
        )

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) for the first use of each professional word in the text."""
        found, seen = [], set()
        for match in self.pattern.finditer(text):
            term = self.by_key.get(term_key(match.group(0)))
            if term is not None and term.term not in seen:
                seen.add(term.term)
                found.append((match.start(), match.end(), term))
        return found


def _alternation(words: set[str]) -> str:
    """A pattern for any of the words, longest first, written as a tree of their shared beginnings.

    It matches what "longest|...|shortest" matches (the words that fit at a place are beginnings of one another, and
    the tree tries the longer first), but the regex engine tries a few letters at each place, not every word:
    a plain list of the glossary's hundred-odd words made marking up a 100-page agreement take 180 ms."""
    tree: dict = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict) -> str:
    branches = [re.escape(letter) + _branches(rest) for letter, rest in sorted(node.items()) if letter]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    return group + ("?" if "" in node else "")


def _is_short_form(form: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,5}( plan)?|[sS]\d{2}", form))


def marked_clauses(analysis: Analysis, glossary: Glossary) -> list[ShownClause]:
    """The agreement clause by clause, with worrying quotes marked and professional words explained."""
    worries: dict[int, list[tuple[Finding, str]]] = {}
    for finding in analysis.findings:
        if finding.status == "flagged":
            for evidence in finding.evidence:
                worries.setdefault(evidence.clause, []).append((finding, evidence.quote))
    out = []
    for clause in analysis.document.clauses:
        here = worries.get(clause.index, [])
        spans = _spans(clause.text, [quote for _, quote in here])
        pieces = _pieces(clause.text, spans, glossary.find(clause.text))
        unique = {f.id: f for f, _ in here}
        out.append(ShownClause(clause, tuple(pieces), tuple(unique.values())))
    return out


def _spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quote sits in the clause; a quote that can't be found marks the whole clause."""
    spans = []
    for quote in quotes:
        start = text.find(quote)
        spans.append((start, start + len(quote)) if start >= 0 else (0, len(text)))
    return spans


def _pieces(text: str, spans: list[tuple[int, int]], terms: list[tuple[int, int, Term]]) -> list[Piece]:
    if not spans and not terms:  # most clauses: nothing to mark, one plain piece
        return [Piece(text)] if text else []
    cuts = sorted({0, len(text), *(p for s in spans for p in s), *(p for t in terms for p in t[:2])})
    term_at = {start: (end, term) for start, end, term in terms}
    pieces, i = [], 0
    while i < len(cuts) - 1:
        start, end = cuts[i], cuts[i + 1]
        term = None
        if start in term_at:
            end, term = term_at[start]
            while cuts[i + 1] < end:
                i += 1
        marked = any(s <= start < e for s, e in spans)
        if text[start:end]:
            pieces.append(Piece(text[start:end], marked, term))
        i += 1
    return pieces


def milestones(dates: dict, findings: tuple[Finding, ...]) -> list[Milestone]:
    """Made, reviewed, ends: in date order, with a missing end shown as a finding of its own."""
    points = []
    if dates.get("start"):
        points.append(Milestone("Starts", dates["start"]["text"], dates["start"]["date"]))
    for review in dates.get("reviews", []):
        points.append(Milestone("Review", review["text"], review["date"]))
    end = dates.get("end")
    if end:
        note = "worked out from how long it lasts" if end.get("worked_out") else ""
        points.append(Milestone("Ends", end["text"], end["date"], note))
    points.sort(key=lambda m: m.date or "9999")
    if not end:
        vague = next((f for f in findings if f.id == "vague_timescale" and f.status == "flagged"), None)
        note = "It only says “" + vague.evidence[0].quote + "”" if vague and vague.evidence else ""
        points.append(Milestone("No end date", "The agreement does not say when it ends.", None, note))
    return points


def when_forgotten(idle_seconds: int, now: dt.datetime | None = None) -> str:
    """When the document will be forgotten if nothing more is done, in words and a time (UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    at = now + dt.timedelta(seconds=idle_seconds)
    return f"{idle_span(idle_seconds)} (at about {at:%H:%M} UTC)"


def idle_span(idle_seconds: int) -> str:
    """When an unused document is forgotten, in words: "after an hour without use"."""
    minutes = round(idle_seconds / 60)
    return f"after {'an hour' if minutes == 60 else f'{minutes} minutes'} without use"


@dataclass(frozen=True)
class Block:
    """A paragraph of an answer, and the list that follows it, if any."""

    text: str
    items: tuple[str, ...] = ()


def blocks(text: str) -> list[Block]:
    """An answer's text as paragraphs and lists: paragraphs are separated by blank lines, list items start "- "."""
    out = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.splitlines()
        items = tuple(line[2:].strip() for line in lines if line.startswith("- "))
        lead = " ".join(line.strip() for line in lines if not line.startswith("- "))
        if lead or items:
            out.append(Block(lead, items))
    return out
