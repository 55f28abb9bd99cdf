"""Answer a question, or each ask of a long post, from the guidance and from the person's own agreement, with
its sources; or say plainly that we do not know, and where to get help."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..checklist.stage import Stage
from ..config import Settings
from ..errors import EmptyQuestion, QuestionTooLong
from ..knowledge.elsewhere import Elsewhere, Place, load_elsewhere
from ..knowledge.entries import Entry, Facet, Term
from . import agreement as own
from .agreement import Held
from .asks import Ask, find_asks, restate, sentences
from .composing import NOT_ADVICE, Page, as_list, bullets_of, entry_sources, lead, merge_sources, steps
from .retrieval import WELSH_PLACES, Hit, Retriever, entry_of
from .stopwords import STOP_WORDS

__all__ = ["NOT_ADVICE", "Answer", "Answerer", "EmptyQuestion", "Held", "Part", "QuestionTooLong", "answer_json"]

DANGER = re.compile(
    r"\b(in danger|unsafe (right )?now|hurting (me|him|her|them|my)|being hurt|emergency(?! protection)"
    r"|going to hurt"
    r"|kill|suicid\w*|scared for (my|their) (life|lives|safety)|right now)\b",
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
DEFINING = re.compile(r"\b(what('?s| is| are| does)|wot|wat|whats|meaning|mean|stand for|stands for|explain)\b", re.I)
WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
ASKING_WORDS = frozenset("please exactly actually really someone anyone tell mean meaning word term".split())
MOST_ASKS = 3
# How close a question must be to a facet's or entry's own ways of asking before we answer from it.
SURE = 0.15


@dataclass(frozen=True)
class Part:
    """One ask of a post and its answer: where the answer came from (the agreement, guidance or both)."""

    ask: str
    text: str
    sources: tuple[dict, ...]
    origin: str  # "guidance", "agreement" or "both"
    entry: str | None = None
    key: str = ""  # the facet (or entry, or term) it was answered from: two asks it answers are one part


@dataclass(frozen=True)
class Answer:
    """What the assistant says, whether it is sure, and where each part comes from."""

    text: str
    confident: bool
    sources: tuple[dict, ...] = ()
    entry: str | None = None
    related: tuple[dict, ...] = ()
    parts: tuple[Part, ...] = ()
    left: tuple[str, ...] = ()  # asks not answered this time, offered as the next question


def answer_json(answer: Answer) -> dict:
    """An answer as the API returns it, and as `agreement-assistant ask --json` prints it."""
    return {
        "answer": answer.text,
        "confident": answer.confident,
        "sources": list(answer.sources),
        "entry": answer.entry,
        "related": list(answer.related),
        "parts": [{"ask": p.ask, "answer": p.text, "sources": list(p.sources), "from": p.origin} for p in answer.parts],
    }


class Answerer:
    """Answers questions from the guidance entries, the glossary and, when given, the person's agreement."""

    def __init__(
        self, entries: list[Entry], terms: list[Term], retriever: Retriever, elsewhere: Elsewhere | None = None
    ) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self.facets = {facet.id: facet for entry in entries for facet in entry.facets}
        self.terms = {term.term: term for term in terms}
        self.retriever = retriever
        self.elsewhere = elsewhere or load_elsewhere()

    def answer(self, question: str, held: Held | None = None, max_chars: int = Settings.max_question_chars) -> Answer:
        """Each ask of the question answered, the most pressing first; or a decline that says where to go."""
        question = _checked(question, max_chars)
        place = self.elsewhere.place_for(question)
        if place is not None:
            result = elsewhere(place)
        elif not self._in_scope(question, held):
            result = decline()
        else:
            result = self._answer_asks(question, held)
        if DANGER.search(question):
            rest = result.text.removesuffix(DANGER_LINE).rstrip()
            result = replace(result, text=f"{DANGER_LINE}\n\n{rest}")
        return result

    def _in_scope(self, question: str, held: Held | None) -> bool:
        """About child protection, or about something the person's own agreement says. A long post is judged by
        its asks first: they are encoded for answering anyway, and the whole post is the slow thing to encode."""
        asks = [a.query for a in find_asks(question)[: MOST_ASKS + 2] if a.query != question]
        if len(question) > 600 and any(self.retriever.in_scope(q) for q in asks):
            return True
        if self.retriever.in_scope(question):
            return True
        if held is not None and (
            own.intents_for(question)
            or own.STAGE_ASK.search(question)
            or own.bearing_clause(question, held, self.retriever.expander_) is not None
            or self.retriever.in_scope(own.in_context(question))
        ):
            return True
        return any(self.retriever.in_scope(q) for q in asks)

    def _answer_asks(self, question: str, held: Held | None) -> Answer:
        asks = find_asks(question)
        short = len(sentences(question)) <= 2  # a short question is answered whole, without saying it back
        single = len(asks) == 1  # one ask gets the fuller answer: the close second part and the topic's short answer
        page, parts, left, answered = Page(), list[Part](), list[Ask](), set[str]()
        for ask in asks:
            if len(parts) == MOST_ASKS:
                left.append(ask)
                continue
            part = self._part(question if short else ask.query, held, page, single, ask)
            if part is not None and part.text and part.key not in answered:
                answered.add(part.key)
                parts.append(part)
        if not parts and not short:
            part = self._part(question, held, page, True, Ask(question, question, 0, False))
            parts = [part] if part else []
        if not parts:
            return decline()
        return self._whole(parts, left, short)

    def _whole(self, parts: list[Part], left: list[Ask], short: bool) -> Answer:
        blocks = [p.text if short else f"{p.ask}\n\n{p.text}" for p in parts]
        if left:
            blocks.append(
                as_list(
                    "You also asked these. Ask me each one on its own, and I will answer it:",
                    [f"“{a.text}”" for a in left],
                )
            )
        blocks.append(NOT_ADVICE)
        first = next((p.entry for p in parts if p.entry), None)
        related = _related(self, self.entries[first]) if first else ()
        return Answer(
            "\n\n".join(blocks), True, merge_sources([p.sources for p in parts]), first, related, tuple(parts)
        )

    # --- one ask ----------------------------------------------------------------------------------------------

    def _part(self, query: str, held: Held | None, page: Page, single: bool, ask: Ask) -> Part | None:
        said = restate(ask.text)
        if held is not None:
            query = own.in_context(query)
            part = self._from_agreement(query, held, page, single, said)
            if part is not None:
                return part
        term = self._definition(query)
        if term is not None:
            return replace(term, ask=said, text=page.fresh(term.text))
        return self._from_guidance(query, page, single, said, stage=held.analysis.stage if held else None)

    def _best(self, query: str, stage: Stage | None = None) -> tuple[Hit, Hit | None] | None:
        prefer = stage.guidance if stage else ()
        hits = self.retriever.search_facets(query, 2, prefer)
        if entry_of(hits[0].id) == WALES_ENTRY and WALES.search(query):
            # "we live in Cardiff, do I have to sign?" asks about signing; the Wales line is added to that answer
            elsewhere_in = self.retriever.search_facets(WALES.sub(" ", query), 2, prefer)
            if entry_of(elsewhere_in[0].id) != WALES_ENTRY and elsewhere_in[0].similarity >= SURE:
                hits = elsewhere_in
        top = hits[0]
        if top.similarity < SURE:
            return None
        return top, (hits[1] if len(hits) > 1 else None)

    def _from_guidance(
        self,
        query: str,
        page: Page,
        single: bool,
        said: str,
        extra: tuple[str, ...] = (),
        stage: Stage | None = None,
    ) -> Part | None:
        best = self._best(query, stage)
        if best is None:
            return None
        top, runner = best
        entry, facet = self.entries[entry_of(top.id)], self.facets.get(top.id)
        blocks = [facet.answer] if facet else [lead(entry), *self.retriever.pick_sentences(entry.id, query, 2)]
        staged = stage if stage is not None and stage.about(top.id) and stage.quote else None
        if staged:  # the case is at this stage: say so in the agreement's own words, after the direct answer
            blocks.append(own.stage_line(staged))
        same = runner is not None and entry_of(runner.id) == entry.id
        if runner is not None and (single or same) and runner.score > top.score - (0.3 if same else 0.15):
            second = self.facets.get(runner.id)  # a close second part of the question, often the one they meant
            blocks.append(second.answer if second else lead(self.entries[entry_of(runner.id)]))
        if facet and single:  # the topic's short answer, for the facts around the part asked about
            blocks.append(entry.short_answer)
        blocks += [*extra, *entry.always]
        if WALES.search(query) and entry.id != WALES_ENTRY and WALES_ENTRY in self.entries:
            blocks.append("In Wales: " + self.entries[WALES_ENTRY].short_answer)
        worker = bool(own.SOCIAL_WORKER.search(query)) and bool(entry.section("For social workers"))
        if worker:
            blocks.append(as_list("For social workers:", bullets_of(entry.section("For social workers"))[:3]))
        else:
            blocks.append(as_list("What you can do:", steps(entry, facet, 3 if single else 2)))
        text = "\n\n".join(b for b in (page.fresh(block) for block in blocks if block) if b)
        if staged:
            return Part(said, text, (own.stage_source(staged), *entry_sources(entry, facet)), "both", entry.id, top.id)
        return Part(said, text, entry_sources(entry, facet), "guidance", entry.id, top.id)

    def _definition(self, query: str) -> Part | None:
        if not DEFINING.search(query):
            return None
        hit = self.retriever.define(query, 1)[0]
        entry_hit = self.retriever.search_facets(query, 1)[0]
        if hit.similarity < 0.5 or entry_hit.similarity > hit.similarity + 0.1:
            return None
        term = self.terms[hit.id]
        if not _asks_only_for(term, query):
            return None  # "what is the best way to prepare for a PPM?" names a term but asks something else
        name = f"{term.term} ({term.short})" if term.short else term.term
        scope = "" if term.scope == "England and Wales" else f" This applies in {term.scope}."
        source = {"kind": "guidance", "title": term.source.title, "url": term.source.url, "glossary": term.term}
        return Part("", f"{name}: {term.meaning}{scope}", (source,), "guidance", key=term.term)

    # --- the person's own agreement ---------------------------------------------------------------------------

    def _from_agreement(self, query: str, held: Held, page: Page, single: bool, said: str) -> Part | None:
        stage = held.analysis.stage
        if own.STAGE_ASK.search(query):
            return self._stage_answer(query, stage, page, said)
        intents = own.intents_for(query)
        if intents:
            return self._from_findings(query, held, intents, page, said)
        clause = own.bearing_clause(query, held, self.retriever.expander_)
        if clause is not None:
            return self._with_clause(query, clause, page, single, said, stage)
        if own.POINTS_AT_IT.search(query):
            note = "I could not find anything in your agreement about this, so this answer is from guidance."
            guidance = self._from_guidance(query, page, single, said, stage=stage)
            if guidance is not None:
                return replace(guidance, text=f"{page.fresh(note)}\n\n{guidance.text}")
        return None

    def _stage_answer(self, query: str, stage: Stage | None, page: Page, said: str) -> Part:
        """Where the case stands: what the agreement says, then what guidance says about that stage."""
        if stage is None:
            line = (
                "Your agreement does not say which stage your case is at. Ask your social worker, in writing, "
                "whether this is child in need, a child protection plan, or pre-proceedings (the step before court)."
            )
            guidance = self._from_guidance(query, page, True, said)
            text = page.fresh(line) + (f"\n\n{guidance.text}" if guidance else "")
            sources = guidance.sources if guidance else ()
            return Part(said, text, sources, "both", guidance.entry if guidance else None, "stage")
        best = stage.next if own.WHAT_NEXT.search(query) else stage.explains
        entry, facet = self.entries[entry_of(best)], self.facets.get(best)
        blocks = [own.stage_line(stage), facet.answer if facet else lead(entry), *entry.always]
        blocks.append(as_list("What you can do:", steps(entry, facet, 3)))
        text = "\n\n".join(b for b in (page.fresh(block) for block in blocks if block) if b)
        return Part(said, text, (own.stage_source(stage), *entry_sources(entry, facet)), "both", entry.id, "stage")

    def _with_clause(self, query: str, clause, page: Page, single: bool, said: str, stage: Stage | None) -> Part:
        """A question about what the agreement says gets the clause first; a question about the world gets the
        guidance's direct answer first, then the clause that bears on it, then the rest of the guidance."""
        quote, first = own.quote_clause(clause), bool(own.POINTS_AT_IT.search(query))
        said_first = page.fresh(quote) if first else ""
        guidance = self._from_guidance(query, page, single, said, () if first else (quote,), stage)
        if guidance is None:
            check = "Check what this means for you with your social worker or an adviser."
            text = "\n\n".join(b for b in (said_first or page.fresh(quote), check) if b)
            return Part(said, text, (own.clause_source(clause),), "agreement", key=quote)
        text = "\n\n".join(b for b in (said_first, guidance.text) if b)
        return replace(guidance, text=text, sources=(own.clause_source(clause), *guidance.sources), origin="both")

    def _from_findings(self, query: str, held: Held, intents: list[own.Intent], page: Page, said: str) -> Part:
        analysis, worker = held.analysis, bool(own.SOCIAL_WORKER.search(query))
        lines, quoted = [], []
        for intent in intents:
            for element in intent.elements:
                finding = analysis.finding(element)
                if intent.name == "check" and not finding.needs_attention:
                    continue
                lines.append(own.say(finding, social_worker=worker))
                quoted += [(finding, e) for e in finding.evidence[:2]]
        if intents[0].name == "check" and not lines:
            lines.append("I found everything guidance looks for, and nothing worrying.")
        clause = own.bearing_clause(query, held, self.retriever.expander_)
        if clause is not None and not any(clause.index == e.clause for _, e in quoted):
            lines.append(own.quote_clause(clause))  # the words the question itself points at, besides the finding
        entry, facet = self._guidance_for(query, intents[0].entry)
        guidance = facet.answer if facet else lead(entry)
        blocks = [*dict.fromkeys(lines), f"What guidance says: {guidance}", *entry.always]
        text = "\n\n".join(b for b in (page.fresh(block) for block in blocks) if b)
        sources = (
            own.finding_sources(quoted) + ((own.clause_source(clause),) if clause else ()) + entry_sources(entry, facet)
        )
        return Part(said, text, sources, "both", entry.id, "+".join(i.name for i in intents))

    def _guidance_for(self, query: str, entry_id: str) -> tuple[Entry, Facet | None]:
        """What guidance says about the intent's topic: the closest facet of its entry, unless the question is
        plainly about another part of the guidance."""
        hits = self.retriever.search_facets(query, 12)
        if hits[0].similarity >= 0.45:
            return self.entries[entry_of(hits[0].id)], self.facets.get(hits[0].id)
        own_facet = next((h.id for h in hits if entry_of(h.id) == entry_id), None)
        return self.entries[entry_id], self.facets.get(own_facet) if own_facet else None


def decline() -> Answer:
    """The honest answer when we do not know: say so, and where real help is."""
    text = "\n".join([DECLINE, "", "Where you can get help:", *HELP_LINES, "", DANGER_LINE])
    return Answer(text, False, ({"kind": "guidance", "title": "Where to get help", "entry": "where-to-get-help"},))


def elsewhere(place: Place) -> Answer:
    """A question from outside child protection: say so, and who can help with it instead."""
    text = "\n".join(
        [
            "I can't help with this. I only explain written agreements with children's services, and the child "
            "protection process around them.",
            "",
            f"This sounds like {place.about}. For that:",
            *(f"- {line}" for line in place.go),
            "",
            "If children's services (social workers) are involved with your family, ask me about that.",
        ]
    )
    return Answer(text, False, ({"kind": "guidance", "title": "Where else to get help", "elsewhere": place.id},))


def _checked(question: str, max_chars: int) -> str:
    question = (question or "").strip()
    if not question:
        raise EmptyQuestion()
    if len(question) > max_chars:
        raise QuestionTooLong.over(max_chars)
    return question


def _asks_only_for(term: Term, query: str) -> bool:
    """Whether the question asks what the term means, and nothing else: most of its own words are the term's."""
    named = {w.rstrip("s") for w in WORD.findall(" ".join((term.term, term.short or "", *term.aliases)).lower())}
    asked = [w.rstrip("s") for w in WORD.findall(DEFINING.sub(" ", query).lower()) if w not in STOP_WORDS]
    asked = [w for w in asked if w not in ASKING_WORDS]
    return bool(asked) and sum(w in named for w in asked) >= 0.6 * len(asked)


def _related(answerer: Answerer, entry: Entry) -> tuple[dict, ...]:
    return tuple({"entry": r, "title": answerer.entries[r].title} for r in entry.related[:3] if r in answerer.entries)
