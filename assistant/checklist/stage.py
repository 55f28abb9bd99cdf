"""Where the family's case stands, as the agreement itself says it: child in need, a child protection plan,
section 20 care, pre-proceedings or care proceedings.

The stage picks the guidance for a question ("can I get a free solicitor?" means something else once the letter
before proceedings has come). Only what the agreement states counts: "the local authority may start the PLO"
is a warning of the next stage, not the stage the family is at, and "no longer needs a child protection plan"
is the stage they have left."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..reading.clauses import Clause
from ..reading.documents import Document


@dataclass(frozen=True)
class Stage:
    """One stage of the child protection journey: its plain name, the guidance about it (entries, or single
    facets as "entry#facet"), and the words in the agreement that say the family is at it."""

    id: str
    name: str  # fits "Your agreement says {name}."
    guidance: tuple[str, ...]
    explains: str  # the facet that says what this stage is
    next: str  # the facet that says what happens next at it
    quote: str = ""
    clause: Clause | None = None

    def about(self, key: str) -> bool:
        """Whether a facet ("entry#facet") or entry is guidance about this stage."""
        return key in self.guidance or key.partition("#")[0] in self.guidance


# Most advanced first: when an agreement states two (a child protection plan and section 20 care), the later
# stage is the one whose rules bite.
STAGES: tuple[tuple[Stage, re.Pattern], ...] = (
    (
        Stage(
            "care-proceedings",
            "your child is in care proceedings (a court case about your child)",
            ("care-proceedings", "interim-care-orders", "childrens-guardian-and-cafcass", "legal-aid#in-court"),
            "care-proceedings#how-they-start",
            "care-proceedings#hearings",
        ),
        re.compile(
            r"\b(interim care order|\bico\b|care proceedings (are|have been|were) (issued|started|under ?way))", re.I
        ),
    ),
    (
        Stage(
            "pre-proceedings",
            "your case is in pre-proceedings (the last stage before the council may go to court)",
            (
                "pre-proceedings-and-plo",
                "letter-before-proceedings",
                "pre-proceedings-what-happens-next",
                "legal-aid#after-the-letter",
                "what-if-i-break-it#broke-pre-proceedings-agreement",
                "reviews#pre-proceedings-review",
            ),
            "pre-proceedings-and-plo#what-is-plo",
            "pre-proceedings-what-happens-next#how-it-ends",
        ),
        re.compile(r"\b(pre-? ?proceedings|plo|public law outline|letter before (proceedings|action))\b", re.I),
    ),
    (
        Stage(
            "section-20",
            "your child is in care under section 20 (care you agreed to, which you can end)",
            (
                "section-20-explained",
                "section-20-taking-your-child-home",
                "section-20-long-stays-and-reviews",
                "section-20-being-asked-to-agree",
                "family-time-in-care",
            ),
            "section-20-explained#what-is-it",
            "section-20-long-stays-and-reviews#reviews",
        ),
        re.compile(
            r"\b(section 20|s\.? ?20|voluntary accommodation|accommodated|looked after child|\blac\b|section 76"
            r"|s\.? ?76)\b",
            re.I,
        ),
    ),
    (
        Stage(
            "child-protection",
            "your child has a child protection plan",
            (
                "child-protection-plan",
                "core-group",
                "child-protection-conference",
                "conference-decision",
                "stepping-down",
            ),
            "child-protection-plan#what-is-a-plan",
            "child-protection-plan#how-long",
        ),
        re.compile(
            r"\b(child protection plan|cp plan|cpp|child protection (register|category)|category:? (neglect"
            r"|emotional abuse|physical abuse|sexual abuse))\b",
            re.I,
        ),
    ),
    (
        Stage(
            "child-in-need",
            "your child has a child in need plan (support you agree to, not a child protection plan)",
            ("child-in-need", "stepping-down#going-back-up", "sw-cin-working-agreement"),
            "child-in-need#cin-or-cp",
            "child-in-need#cin-reviews",
        ),
        re.compile(r"\b(child in need|cin|section 17|s\.? ?17)\b", re.I),
    ),
)
# A sentence that names a stage only as what may come, or what has ended, does not say the family is at it.
NOT_NOW = re.compile(
    r"\b(if|unless|may|might|could|would|otherwise|consider\w*|view to|no choice|escalat\w*|risk of|decide to"
    r"|no longer|ended|ends?|step(ped|s)? down from|instead of|rather than|before (we|the council|the la))\b",
    re.I,
)
# Wales has the same voluntary care under its own law, and the family should see its own law named.
WELSH_CARE = re.compile(r"\b(section|s\.?) ?76\b", re.I)
WELSH_CARE_NAME = "your child is in care under section 76 (the Welsh law for care you agreed to, which you can end)"
STATUS_LABEL = re.compile(r"\b(legal status|status|plan|type|stage|level|category|basis)\b", re.I)
# A field, or a heading, says the stage outright; a sentence in the body says it by the way.
WEIGHTS = {"field": 3, "heading": 2}


def stage_of(document: Document) -> Stage | None:
    """The stage the agreement says the family is at, with the words that say it; None when it does not say."""
    scores: dict[int, tuple[int, str, Clause]] = {}
    for clause in document.clauses:
        if clause.kind == "signature":
            continue
        for sentence in clause.sentences or (clause.text,):
            label, colon, value = sentence.partition(":")
            stated = clause.kind == "field" or (bool(colon) and STATUS_LABEL.search(label) and len(label) < 40)
            weight = WEIGHTS["field"] if stated else WEIGHTS.get(clause.kind, 1)
            text = value if stated and colon else sentence
            if NOT_NOW.search(text):
                continue
            for rank, (_, pattern) in enumerate(STAGES):
                if pattern.search(text):
                    total, quote, where = scores.get(rank, (0, "", clause))
                    better = not quote or weight > _weight_of(where)
                    scores[rank] = (total + weight, sentence.strip() if better else quote, clause if better else where)
                    break  # a sentence names the most advanced stage it states
    if not scores:
        return None
    rank = max(scores, key=lambda r: (scores[r][0], -r))
    _, quote, clause = scores[rank]
    stage, _ = STAGES[rank]
    if stage.id == "section-20" and WELSH_CARE.search(quote):
        stage = replace(stage, name=WELSH_CARE_NAME)
    return replace(stage, quote=quote[:200], clause=clause)


def _weight_of(clause: Clause) -> int:
    return WEIGHTS.get(clause.kind, 1)
