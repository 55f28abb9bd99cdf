"""What the checklist reads: each sentence with the section it sits in, and who the parties are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..reading.clauses import SIGN_OFF, Clause
from ..reading.documents import Document

# A section's job, from its heading (or a field's label, or a table column's header).
SECTION_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern, re.I))
    for role, pattern in (
        (
            "concerns",
            r"worr|concern|involved|background|reasons?\b|what (has )?happened|what we know|^\W*why\b"
            r"|what led to",
        ),
        (
            "goal",
            r"\baims?\b|\bgoals?\b|achiev|hoping|\bhopes?\b|we (all )?want|would like to see|outcome|purpose"
            r"|success|aiming|will be different|look(s)? like|how (we|everyone|you)( all)? will( all)? know"
            r"|things (are|will be|get) better|\bwhy\b.*\b(matters?|is important)\b",
        ),
        (
            "la",
            r"\b(we|i|us|our)\b.*\b(will|do|help|offer|going to)\b|social worker (will|agrees)|what the social worker"
            r"|(council|local authority|\bla\b|children's services|social care|service|team|\bsw\b)\b.*"
            r"\b(will|agrees?|do|actions?|offers?|support)\b|support (to be )?(provided|offered|we will)|^la actions"
            r"|(health visitor|school|nurse|worker|\bgp\b|police|agency|hub|centre|other services|professionals)\b.*"
            r"\b(will|do|help|offer)\b"
            r"|(help|support) (you will get|we will give|on offer|for you|for the family|available)",
        ),
        (
            "parent",
            r"\bagrees?\b|agreed to|expect(s|ed|ations?)?\b|what you|you will|\bwill( do)?:?$|your part|responsibilit"
            r"|promis(e|es)\b|undertak"
            r"|^what (?!we\b|i\b|the\b|children|social|council)[\w'-]+( and [\w'-]+)? (will|is going to|needs? to"
            r"|must|should)\b"
            r"|asking you|asked of you|(need|want|expect) you to|you (need|are asked) to",
        ),
        ("timescale", r"how long|duration|length|timescale|start and end|end date|\blasts\b|\bends\b|dates"),
        ("review", r"review|checking|look at (it|this) again|how (it|this|things) (is|are) going"),
        (
            "contingency",
            r"contingency|(do(es)?( not|n't)|won't|will not) (get better|improve|work|go as planned)"
            r"|(isn't|is not|not) (working|safe)|(worries|concerns) (grow|increase)"
            r"|next steps?|what happens if|unsafe|another incident|gets? worse|if things",
        ),
        ("breach", r"breach|not kept|(is|are) broken|failure to|non-?compliance|not followed|not adhered|not kept"),
        ("signatures", r"signature|\bsigned\b|sign here"),
        ("advice", r"advice|getting help"),
        ("glossary", r"words we use|glossary|what (the|these) words mean|jargon|abbreviations"),
        ("who", r"^who\b|who will|by whom|responsible"),
        ("action", r"what (needs|has) to happen|what will happen|action|task|what needs"),
    )
)

# "Things we are asking you to do" is the parent's list, though "we ... do" reads like the council's.
PARENT_FIRST = re.compile(r"asking you|asked of you|(need|want|expect) you to", re.I)
PLACEHOLDER = re.compile(
    r"^\W*(see\b|as per\b|refer to\b|please see\b|as set out in\b|as detailed in\b|n/?a\b|none\b|tbc\b|tba\b"
    r"|to be (completed|confirmed|agreed|added|discussed|allocated|arranged|decided|set)|not (yet )?(known|allocated)"
    r"|as (discussed|agreed|outlined|described|stated|recorded|noted) (at|in|on|during)\b"
    r"|\[|blank\b)",
    re.I,
)
# The labels of a form's fields that name who is who. A parent's label is narrower than a party's: "Name:" or
# "Family:" may be the child's, which is enough to learn a name but not to say a parent is under 18.
PARENT_LABEL = re.compile(r"parent|mother|father|carer|\bmum\b|\bdad\b", re.I)
PARTY_LABELS = re.compile(PARENT_LABEL.pattern + r"|family|\bname\b|between|aunt|uncle|grand|\bm\b|\bf\b", re.I)
CHILD_LABELS = re.compile(r"^(child|children|young person|about|baby|name of child)", re.I)
WORKER_TITLES = r"social worker|^sw$|key ?worker|case ?worker|lead professional|practitioner"
WORKER_LABELS = re.compile(WORKER_TITLES, re.I)
NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)?\.?\s*([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z]\.?(?![A-Za-z]))?"
    r"(?:\s+[A-Z][a-z'-]+)?"
)
PROFESSIONAL = re.compile(
    r"\b(we|i|us|me|social worker|council|local authority|la|children's services|social care"
    r"|service|team|sw|hub|centre|center|health visitor|school|nurse|worker|gp|police|agency"
    r"|manager)\b",
    re.I,
)


CONTRACTIONS = (
    ("won't", "will not"),
    ("can't", "cannot"),
    ("shan't", "shall not"),
    ("n't", " not"),
    ("you're", "you are"),
    ("we're", "we are"),
    ("they're", "they are"),
    ("it's", "it is"),
    ("you'll", "you will"),
    ("we'll", "we will"),
    ("they'll", "they will"),
    ("you've", "you have"),
    ("we've", "we have"),
    ("i'm", "i am"),
)


def expand_contractions(low: str) -> str:
    """Write out contractions in lower-cased text ("aren't kept" -> "are not kept")."""
    if "'" not in low:
        return low
    for short, full in CONTRACTIONS:
        low = low.replace(short, full)
    return low


def mentions(low: str, words: tuple[str, ...]) -> bool:
    """A cheap literal test run before a costly pattern: the pattern cannot match without one of these words."""
    for (
        word
    ) in words:  # a plain loop: three times quicker than any() over a generator, and rules ask it thousands of times
        if word in low:
            return True
    return False


NOT_WRITTEN_YET = re.compile(
    r"\b(have|has) not (been )?filled\b|\bnot (been )?filled in\b|\bwill (write|fill) (it|this)"
    r"( in)? (together|with you|later)\b|\bto be written\b|\bstill to be (agreed|written)\b"
)
# Every match of NOT_WRITTEN_YET holds one of these: "filled" (twice), "will write"/"will fill", "to be written",
# "still to be".
NOT_WRITTEN_YET_WORDS = ("filled", "will write", "will fill", "to be written", "still to be")

# "The reasons are set out in the assessment report", "already written in the child protection plan": a pointer
# to another paper, not the content itself.
POINTER = re.compile(
    r"\b(set out|written|recorded|described|detailed|explained|listed|found|included|given|covered)"
    r" (down )?in (the |his |her |their |your |our )?[\w' -]{0,40}?(report|plan|assessment|minutes"
    r"|letter|document|notes)\b"
)


@lru_cache(maxsize=4096)
def roles_of(label: str | None) -> frozenset[str]:
    """Which jobs a heading, label or column header announces; a section is the council's or the parent's, not both."""
    if not label:
        return frozenset()
    roles = {role for role, pattern in SECTION_ROLES if pattern.search(label)}
    if PARENT_FIRST.search(label):
        roles.discard("la")
    if "la" in roles:
        roles.discard("parent")
    if "goal" in roles:  # "HOW WE WILL ALL KNOW THINGS ARE BETTER", "WHY FAMILY TIME MATTERS": an aim, not help
        roles -= {"la", "concerns"}  # or worries
    return frozenset(roles)


@dataclass(frozen=True)
class Unit:
    """One sentence, field or table cell: the smallest piece of evidence the checklist can quote."""

    text: str
    clause: Clause
    roles: frozenset[str]
    who: str = ""

    @cached_property
    def low(self) -> str:
        """Lower case, straight apostrophes and contractions written out, so "isn't" reads as "is not"."""
        return expand_contractions(self.text.lower().replace("’", "'").replace("‘", "'"))

    @cached_property
    def is_question(self) -> bool:
        """Asked or reported as a question ("You asked whether you need a solicitor"): it says nothing either way."""
        return bool(QUESTION.search(self.low.strip()))

    @cached_property
    def releases(self) -> bool:
        """Lifts an obligation or gives a permission: never a pressure, a ban or a requirement on its own."""
        return bool(RELEASE.search(self.low))

    @cached_property
    def is_placeholder(self) -> bool:
        """A blank or "see the plan" stand-in; for a "Label: value" field, the value is what counts."""
        text = self.text.partition(":")[2] if self.clause.kind == "field" else self.text
        not_written = mentions(self.low, NOT_WRITTEN_YET_WORDS) and NOT_WRITTEN_YET.search(self.low)
        return bool(PLACEHOLDER.match(text) or not_written) or not re.search(r"[a-z]{3}|\d", text)


# What the learnt reader cannot see, because a bag of words does not read grammar: a question, or a sentence
# that lifts an obligation or gives a permission ("you do not need to sign today", "you're welcome to record").
# It shares the words of a pressure or a ban, so the reader may score it high; what it says is the opposite.
QUESTION = re.compile(
    r"\?\s*[\"'”’)]*\s*$|^(you|we|they|she|he|i|mum|dad)\b[^.;]{0,30}\b(asked|wondered|queried|wanted to know|"
    r"were not sure|was not sure)\b[^.;]{0,15}\b(whether|if)\b"
)
RELEASE = re.compile(
    r"\b(do|does|did|will|would|shall) not (need|have) to\b|\bneed not\b|\bno (need|requirement|obligation)\b"
    r"|\b(is|are|be|been) not (required|obliged|compulsory|necessary|needed|mandatory)\b"
    r"|\bnot (asking|requiring|insisting|expecting|saying|suggesting)\b|\bwill not (ask|insist|require|expect)\b"
    r"|\bno ?(body|one|-one) (is|are|will be) (saying|asking|suggesting|requiring)\b"
    r"|\b(you are|you will be|you remain) (free|welcome|fine|allowed|entitled|able) to\b"
    r"|\b(is|are) (allowed|permitted|welcome)\b|\b(it is|that is) (your choice|up to you)\b"
    r"|\byou (may|can|could)(?! only| not| no| never)( still| always| also)? \w+"
)


# The parent speaking: "I understand that...", "I agree to...", "my children", "a promise from you, in your words".
PARENT_VOICE = re.compile(
    r"\bi (understand|agree|promise|accept|confirm)\b|\bmy (child|children|son|daughter|baby|kids)\b"
    r"|\b(in your own words|promises? from you)\b"
)


class Context:
    """The units of one document, and the facts about the whole document that rules need."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.units = tuple(u for clause in document.clauses for u in _units(clause))
        self.low_text = "\n".join(c.text for c in document.clauses).lower().replace("’", "'")
        self.memo: dict[str, object] = {}  # results two rules share, worked out once

    @cached_property
    def parent_speaks(self) -> bool:
        """Whether "I" in this document is the parent (a rules sheet or promises in the parent's words), not the
        social worker writing a letter."""
        letter = re.search(r"^\W*(dear|hi|hello)\b", self.low_text, re.M) or re.search(SIGN_OFF, self.low_text, re.M)
        return not letter and bool(PARENT_VOICE.search(self.low_text))

    @cached_property
    def body(self) -> tuple[Unit, ...]:
        """Units that carry content: not headings, and not blank placeholders."""
        return tuple(u for u in self.units if u.clause.kind not in ("heading", "unticked") and not u.is_placeholder)

    def in_role(self, role: str) -> list[Unit]:
        """Units that sit in a section whose job is `role`, placeholders left out."""
        return [u for u in self.body if role in u.roles]

    @cached_property
    def fields(self) -> list[tuple[str, str, Clause]]:
        """The "Label: value" lines, such as "Social worker: Priya Ramsden"."""
        out = []
        for clause in self.document.clauses:
            if clause.kind == "field":
                label, _, value = clause.text.partition(":")
                out.append((label.strip(), value.strip(), clause))
        return out

    def _names(self, labels: re.Pattern) -> set[str]:
        names = set()
        for label, value, _ in self.fields:
            if labels.search(label):
                for match in NAME.finditer(value):
                    names.update({match.group(1), match.group(0).split()[-1]})
        return names - {"The", "Borough", "Council", "Service", "Children", "Social"}

    @cached_property
    def parent_names(self) -> set[str]:
        return self._names(PARTY_LABELS)

    @cached_property
    def child_names(self) -> set[str]:
        return self._names(CHILD_LABELS)

    @cached_property
    def worker_names(self) -> set[str]:
        return self._names(WORKER_LABELS)


def _units(clause: Clause) -> list[Unit]:
    if clause.kind == "row" and clause.cells:
        return _cell_units(clause)
    if clause.kind == "field":
        label = clause.text.partition(":")[0]
        return [Unit(clause.text, clause, roles_of(label) | (roles_of(clause.heading) or roles_of(clause.section)))]
    roles = roles_of(clause.text if clause.kind == "heading" else clause.heading) or roles_of(clause.section)
    if clause.kind in ("signature", "heading"):
        return [Unit(clause.text, clause, roles)]
    return [Unit(sentence, clause, roles) for sentence in clause.sentences]


def _cell_units(clause: Clause) -> list[Unit]:
    """Each cell of a table row, read with its column's header; the "who" column says whose action it is."""
    who = next((cell for header, cell in clause.cells if "who" in roles_of(header)), "")
    units = []
    for header, cell in clause.cells:
        if not cell or "who" in roles_of(header):
            continue
        roles = set(roles_of(header))
        if "action" in roles or not roles:
            roles.add("la" if _is_professional(who) else "parent")
        units.append(Unit(cell, clause, frozenset(roles), who))
    return units


def _is_professional(who: str) -> bool:
    """Whether a table's "who" cell names a professional first ("Amina (social worker)", "Family Hub, ...")."""
    first = re.split(r"[,;]| with ", who, maxsplit=1)[0]
    return bool(PROFESSIONAL.search(first))
