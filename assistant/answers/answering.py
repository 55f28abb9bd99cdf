"""Compose a plain answer with its sources, from the guidance and from the person's own agreement, or say plainly
that we do not know and where to get help."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checklist.elements import ELEMENTS, Finding
from ..checklist.report import Analysis
from ..config import Settings
from ..errors import EmptyQuestion, QuestionTooLong
from ..knowledge.checklist import intents_in_order
from ..knowledge.entries import Entry, Term
from .retrieval import WELSH_PLACES, ClauseIndex, Retriever

NOT_ADVICE = "This is general information, not legal advice."
DANGER = re.compile(
    r"\b(in danger|unsafe (right )?now|hurting (me|him|her|them|my)|being hurt|emergency(?! protection)"
    r"|going to hurt"
    r"|kill|suicid|scared for (my|their) (life|lives|safety)|right now)\b",
    re.I,
)
DANGER_LINE = "If a child is in danger right now, call 999."
HELP_LINES = (
    "- Family Rights Group gives free, independent advice to parents and families in England: 0808 801 0366.",
    "- A family law solicitor can advise on your own case. Legal aid may pay for this.",
    "- Child Law Advice (run by Coram) has free information on its website.",
    "- If you are under 18, Coram Voice can help: 0808 800 5792.",
)
DECLINE = (
    "I'm sorry, I can't answer that from what I know. I can only explain written agreements with children's "
    "services, and the child protection process around them."
)


WALES = re.compile(rf"\b(wales|welsh)\b|{WELSH_PLACES}", re.I)
WALES_ENTRY = "wales-differences"


@dataclass(frozen=True)
class Answer:
    """What the assistant says, whether it is sure, and where each part comes from."""

    text: str
    confident: bool
    sources: tuple[dict, ...] = ()
    entry: str | None = None
    related: tuple[dict, ...] = ()


def answer_json(answer: Answer) -> dict:
    """An answer as the API returns it, and as `agreement-assistant ask --json` prints it."""
    return {
        "answer": answer.text,
        "confident": answer.confident,
        "sources": list(answer.sources),
        "entry": answer.entry,
        "related": list(answer.related),
    }


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


def _intent(name: str, pattern: str, elements: tuple[str, ...], entry: str) -> Intent:
    return Intent(name, re.compile(pattern, re.I), elements, entry)


INTENTS: tuple[Intent, ...] = (
    _intent(
        "check",
        r"\b(missing|anything wrong|what'?s wrong|check (it|this|my|the|over)|look (at|over) (it|this|my"
        r"|the)|good enough|clear enough|any problems|fair|ok to (sign|send|share)|before i (share|send))\b",
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


class Answerer:
    """Answers questions from the guidance entries, the glossary and, when given, the person's agreement."""

    def __init__(self, entries: list[Entry], terms: list[Term], retriever: Retriever) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self.terms = {term.term: term for term in terms}
        self.retriever = retriever

    def answer(self, question: str, held: Held | None = None, max_chars: int = Settings.max_question_chars) -> Answer:
        """The best plain answer: about the agreement when the question is, else from guidance, else a decline."""
        question = _checked(question, max_chars)
        result = (self._about_agreement(question, held) if held else None) or self._from_guidance(question)
        if DANGER.search(question):
            result = Answer(
                f"{DANGER_LINE}\n\n{result.text}", result.confident, result.sources, result.entry, result.related
            )
        return result

    # --- the person's own agreement -------------------------------------------------------------------------

    def _about_agreement(self, question: str, held: Held) -> Answer | None:
        intents = [i for i in INTENTS if i.pattern.search(question)]
        if intents and intents[0].name == "check":
            intents = intents[:1]
        analysis = held.analysis
        if not intents:
            return self._from_clauses(question, held)
        lines, quoted = [], []
        for intent in intents[:3]:
            for element in intent.elements:
                finding = analysis.finding(element)
                if intent.name == "check" and not finding.needs_attention:
                    continue
                lines.append(_say(finding, social_worker=bool(SOCIAL_WORKER.search(question))))
                quoted += [(finding, e) for e in finding.evidence[:2]]
        if intents[0].name == "check" and not lines:
            lines.append("I found everything guidance looks for, and nothing worrying.")
        entry = self._pick_entry(question, intents[0].entry)
        text = "\n\n".join([*dict.fromkeys(lines), _guidance_lead(entry), NOT_ADVICE])
        return Answer(text, True, _agreement_sources(quoted) + _entry_sources(entry), entry.id, _related(self, entry))

    def _from_clauses(self, question: str, held: Held) -> Answer | None:
        hits = [(i, score) for i, score in held.clauses.search(question, 2) if score >= 0.2]
        if not hits:
            return None
        clauses = [held.analysis.document.clauses[i] for i, _ in hits]
        quotes = [f"Your agreement says: “{c.text}” ({c.ref})." for c in clauses[:1]]
        sources = tuple(
            {
                "kind": "agreement",
                "title": "Your agreement",
                "ref": c.ref,
                "quote": c.text,
                "page": c.page,
                "clause": c.index,
            }
            for c in clauses[:1]
        )
        return Answer("\n\n".join([*quotes, NOT_ADVICE]), True, sources)

    def _pick_entry(self, question: str, fallback: str) -> Entry:
        top = self.retriever.search(question, 1)[0]
        return self.entries[top.id if top.similarity >= 0.45 else fallback]

    # --- guidance ---------------------------------------------------------------------------------------------

    def _from_guidance(self, question: str) -> Answer:
        if not self.retriever.in_scope(question):
            return decline()
        term = self._definition(question)
        if term is not None:
            return term
        top = self.retriever.search(question, 1)[0]
        if top.similarity < 0.15:
            return decline()
        entry = self.entries[top.id]
        for_worker = bool(SOCIAL_WORKER.search(question)) and bool(entry.section("For social workers"))
        picked = self.retriever.pick_sentences(entry.id, question, 4, for_worker)
        steps = _bullets(entry.section("For social workers"))[:3] if for_worker else _steps(entry)
        picked = [p for p in picked if not any(p in step or step in p for step in steps)]
        parts = [_lead(entry), *picked]
        if WALES.search(question) and entry.id != WALES_ENTRY and WALES_ENTRY in self.entries:
            parts.append("In Wales: " + self.entries[WALES_ENTRY].short_answer)
        if steps:
            heading = "For social workers:" if for_worker else "What you can do:"
            parts.append(heading + "\n" + "\n".join(f"- {s}" for s in steps))
        parts.append(NOT_ADVICE)
        return Answer("\n\n".join(dict.fromkeys(parts)), True, _entry_sources(entry), entry.id, _related(self, entry))

    def _definition(self, question: str) -> Answer | None:
        if not re.search(
            r"\b(what('?s| is| are| does)|wot|wat|whats|meaning|mean|stand for|stands for|explain)\b", question, re.I
        ):
            return None
        hit = self.retriever.define(question, 1)[0]
        entry_hit = self.retriever.search(question, 1)[0]
        if hit.similarity < 0.5 or entry_hit.similarity > hit.similarity + 0.1:
            return None
        term = self.terms[hit.id]
        name = f"{term.term} ({term.short})" if term.short else term.term
        scope = "" if term.scope == "England and Wales" else f" This applies in {term.scope}."
        text = f"{name}: {term.meaning}{scope}\n\n{NOT_ADVICE}"
        source = {"kind": "guidance", "title": term.source.title, "url": term.source.url, "glossary": term.term}
        return Answer(text, True, (source,))


def decline() -> Answer:
    """The honest answer when we do not know: say so, and where real help is."""
    text = "\n".join([DECLINE, "", "Where you can get help:", *HELP_LINES, "", DANGER_LINE])
    return Answer(text, False, ({"kind": "guidance", "title": "Where to get help", "entry": "where-to-get-help"},))


def _checked(question: str, max_chars: int) -> str:
    question = (question or "").strip()
    if not question:
        raise EmptyQuestion()
    if len(question) > max_chars:
        raise QuestionTooLong.over(max_chars)
    return question


def _say(finding: Finding, social_worker: bool) -> str:
    """One checklist finding in words: what the agreement says (quoted), or that it does not say it."""
    if finding.status in ("present", "flagged") and finding.evidence:
        quotes = " ".join(f"“{e.quote}” ({e.ref})." for e in finding.evidence[:2])
        lead = f"Your agreement says: {quotes}"
        if finding.status == "flagged":
            lead += f"\n{finding.explanation}"
    elif finding.status == "clear":
        lead = f"I did not find anything in your agreement like this: {finding.label.lower()}."
    else:
        lead = finding.explanation
    if social_worker and finding.needs_attention:
        lead += f"\nWording advice: {finding.advice}"
    if finding.terms:
        lead += "\nWords to explain: " + ", ".join(finding.terms) + "."
    return lead


def _guidance_lead(entry: Entry) -> str:
    return f"What guidance says: {_lead(entry)}"


YES_OR_NO = re.compile(r"^(yes|no|usually|sometimes|not always|not usually|in most cases)\b[^.]{0,25}\.", re.I)


def _lead(entry: Entry) -> str:
    """The entry's short answer; a bare "Yes." or "No." is put after the question it answers, so that it cannot
    be read as the answer to the person's own, differently worded question."""
    if YES_OR_NO.match(entry.short_answer):
        return f"{entry.title} {entry.short_answer}"
    return entry.short_answer


ADVICE_STEP = re.compile(r"legal advice|solicitor|advocate|advice line|family rights group", re.I)


def _steps(entry: Entry, count: int = 3) -> list[str]:
    """The first steps of "What you can do" (or the social workers' section), always including how to get advice."""
    bullets = _bullets(entry.section("What you can do") or entry.section("For social workers"))
    steps = bullets[:count]
    advice = next((b for b in bullets if ADVICE_STEP.search(b)), None)
    if advice and advice not in steps:
        steps = [*steps[: count - 1], advice]
    return steps


def _bullets(section: str) -> list[str]:
    return [re.sub(r"\*\*", "", line[2:]).strip() for line in section.splitlines() if line.startswith("- ")]


def _entry_sources(entry: Entry) -> tuple[dict, ...]:
    first = {"kind": "guidance", "title": entry.title, "entry": entry.id}
    return (first, *({"kind": "guidance", "title": s.title, "url": s.url} for s in entry.sources[:3]))


def _agreement_sources(quoted: list) -> tuple[dict, ...]:
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


def _related(answerer: Answerer, entry: Entry) -> tuple[dict, ...]:
    return tuple({"entry": r, "title": answerer.entries[r].title} for r in entry.related[:3] if r in answerer.entries)
