"""Blank slots: the places a form leaves for something ("Review date: ............", "Worker Name ______",
"(insert date)"). A slot is not content, so the element stays missing, but a parent should hear that the form had
a place for it and nobody filled it in: "The space for the review date is left blank"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reading.clauses import Clause
from .context import WORKER_LABELS, Context, Unit, roles_of

# A label, then only a blank: rule, dots, an ellipsis, or an instruction to whoever fills in the form.
SLOT = re.compile(
    r"^\W*(?P<label>[A-Za-z][\w '’()/&-]{1,50}?)\s*[:\-–]?\s*"
    r"(?P<blank>(?:[_.…·]\s*){3,}|\((?:insert|enter|add|write|describe|tel|name|date)[^)]*\)|\[[^\]]*\]"
    r"|(?:tbc|tba|to be (?:confirmed|agreed|completed|decided))\.?)\s*(?:\([^)]*\))?\s*$",
    re.I,
)
# What a label's job tells us the slot was for: the same roles as headings.
ROLE_ELEMENTS = {
    "review": "review",
    "timescale": "timescale",
    "concerns": "concerns_stated",
    "goal": "goal",
    "la": "la_support",
    "parent": "parent_expectations",
    "contingency": "contingency_plan",
    "breach": "breach_consequences",
    "advice": "legal_advice",
}
# Where a parent signs is meant to be blank until they sign: not a gap.
SIGNING = re.compile(
    r"^\W*(signed|signature|sign here)\b|^\W*(date|dated|print name|name|date signed)\W*(\([^)]*\))?\W*$", re.I
)


@dataclass(frozen=True)
class Slot:
    """One blank place on a form: its label, the elements it was for, and the unit it sits in."""

    label: str
    elements: frozenset[str]
    unit: Unit

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def clause(self) -> Clause:
        return self.unit.clause

    @property
    def sentence(self) -> str:
        """In plain words: "The space for the review date is left blank."."""
        label = self.label.strip(" :")
        if not label.isupper():
            label = label.lower()
        return f"The space for the {label.removeprefix('the ')} is left blank."


def blank_slots(ctx: Context) -> list[Slot]:
    """Every blank slot of the document (not the places to sign), worked out once."""
    if "slots" not in ctx.memo:
        ctx.memo["slots"] = _find(ctx)
    return ctx.memo["slots"]  # type: ignore[return-value]


def _find(ctx: Context) -> list[Slot]:
    slots, seen = [], set()
    for u in ctx.units:
        if u.clause.kind == "heading" or u.clause.index in seen:
            continue
        match = SLOT.match(u.text)
        if not match or SIGNING.match(match.group("label")):
            continue
        label = match.group("label").strip()
        elements = {ROLE_ELEMENTS[r] for r in roles_of(label) if r in ROLE_ELEMENTS}
        if WORKER_LABELS.search(label) or re.search(r"\bworker\b", label, re.I):
            elements.add("worker_contact")
        seen.add(u.clause.index)
        slots.append(Slot(label, frozenset(elements), u))
    return slots
