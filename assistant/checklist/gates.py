"""What must hold before the learnt reader may find an element on its own, where the rules found nothing.

The reader reads wording: "Aaron will drive you to the food bank" is help whoever Aaron is. It does not read the
facts that make a wording count, and a bag of words cannot: whether the family has domestic abuse in it at all,
whether a child is in voluntary care, whether a review says when, whether a recording ban falls on the parent or
on the council. Those stay with the rules' own patterns, reused here, so the reader proposes and the rules check.
An element with no gate here is one whose wording is all there is to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import concerns, rules
from .context import Context, Unit
from .dates import DATE

BINDING = re.compile(r"\b(legally binding|binding|enforc\w*|legal (document|force|effect|status)|contract)\b")
COURT_CANNOT = re.compile(r"\b(court|judge|law)\b[^.;]{0,25}\b(cannot|can not|could not|will not|would not)\b")

MEETING = re.compile(r"\b(meeting|conference|core group|review|visit|panel|session|appointment)\b")
SIGNING = re.compile(r"\bsign(s|ing)?\b(?! (it|this)? ?(and|to) (keep|stick))|\bfailure to sign\b|\brefus\w* to sign\b")
OWN_LAWYERS = re.compile(r"\b(our|the council's|the local authority's|its) (own )?(solicitors?|lawyers?|legal)\b")
RESTRICTS = re.compile(
    r"\b(not|no|never|must|only|until|unless|without|cannot|agrees?|will (stay|remain)|needs?|permission|notice"
    r"|required|expected)\b"
)
NOT_KEPT = re.compile(
    r"\b(break|breaks|broke|broken|breaking|breach\w*)\b|\bnon-?compliance\b|\bdisregard"
    r"|\b(not|never|fail\w* to|unable to|stop) (be )?(keep\w*|kept|stick\w*|stuck|follow\w*|meet|met|compl\w*"
    r"|happen\w*|adher\w*)\b|\bif (you|he|she|they|mum|dad|either|both|the parents?)\b[^.;]{0,40}\b(do not|does not"
    r"|did not|cannot|fails?|refuses?|will not)\b"
)
AS_EVIDENCE = re.compile(
    r"\bevidence\b|\b(shown|shared|given|mentioned|told|used|read)\b[^.;]{0,30}\b(court|judge|proceedings)\b"
    r"|\b(court|judge)\b[^.;]{0,30}\b(told|shown|see|read)\b"
)
SANCTION = re.compile(
    r"\bnot be tolerated\b|\basked to leave\b|\b(visit|session|contact|family time)s?\b[^.;]{0,30}\b(end|ended|stop"
    r"|stopped|cancel\w*|suspend\w*)\b"
)
PURPOSE = re.compile(
    r"\b(aims?|goals?|so that|in order to|outcomes?|better|purpose|want(s)? to see|will know|is for|is there)\b"
)
MONITORS = re.compile(r"\bto (check|monitor|see (if|whether|how)|confirm|find out)\b|\bunannounced\b")
HELPS = re.compile(
    r"\b(help|helps|helping|support|pay|fund|provide|give|offer|arrange|refer|take|drive|bring|collect|book)\b"
)
TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx)\.? [A-Z]")
UNSUPERVISED = re.compile(r"\bunsupervised\b")
SUPERVISION = re.compile(r"(?<!un)supervis|\bonly\b|\balone with\b|\bpresent\b|\bpresence\b|\bwatched\b|\bobserved\b")


def _about(ctx: Context, topic: str, words: tuple[str, ...], short_forms: re.Pattern) -> bool:
    """Whether the document anywhere mentions the topic, worked out once per document."""
    key = f"gates:{topic}"
    if key not in ctx.memo:
        ctx.memo[key] = concerns.in_context(ctx.low_text, words, short_forms)
    return bool(ctx.memo[key])


def _not_binding(ctx: Context, u: Unit) -> bool:
    """Says what the agreement is not: every "binding", "enforce" or "contract" in it negated ("this contract is
    legally binding" is the opposite), or that a court cannot make anyone keep to it. "It is not a legal
    requirement to sign" is about signing, not about the agreement."""
    matches = list(BINDING.finditer(u.low))
    if not matches:
        return bool(COURT_CANNOT.search(u.low))
    return all(rules.negated_before(u.low, m.start(), 4) for m in matches)


def _goal(ctx: Context, u: Unit) -> bool:
    """Under the parent's list, an instruction ("Keep the home warm and clean") is what is asked, not the aim,
    unless the sentence says it is the aim or what better looks like."""
    return "parent" not in u.roles or "goal" in u.roles or bool(PURPOSE.search(u.low))


def _support(ctx: Context, u: Unit) -> bool:
    """Help, not checking up: "we will phone the nursery each week to check her attendance" is monitoring."""
    return not MONITORS.search(u.low) or bool(HELPS.search(u.low))


def _review(ctx: Context, u: Unit) -> bool:
    """A review that says when or how: a date, an interval or a meeting, and not "as and when"."""
    when = DATE.search(u.text) or rules.PERIODIC.search(u.low) or rules.DURATION.search(u.low)
    return bool(when or MEETING.search(u.low)) and not rules.NOT_A_REVIEW.search(u.low)


def _breach(ctx: Context, u: Unit) -> bool:
    """What follows if the agreement is not kept: a condition about not keeping it, its use as evidence, or a
    sanction; not what follows if it is not signed (that is pressure), nor a plan for when things get worse
    ("if his attendance keeps falling, we would meet the lawyers": a contingency)."""
    return not SIGNING.search(u.low) and bool(
        NOT_KEPT.search(u.low) or AS_EVIDENCE.search(u.low) or SANCTION.search(u.low)
    )


def _legal_advice(ctx: Context, u: Unit) -> bool:
    """Advice for the parent, not the council's own lawyers."""
    return not OWN_LAWYERS.search(u.low)


def _section20(ctx: Context, u: Unit) -> bool:
    """Only where a child is in (or going into) voluntary care; a sentence that restricts something ("will not
    take", "must stay", "only with notice"), not one that says where the child is or that the parent may remove."""
    return (
        _about(ctx, "accommodation", concerns.S20_WORDS, concerns.S20_SHORT)
        and bool(RESTRICTS.search(u.low))
        and not concerns.FREE_TO_REMOVE.search(u.low)
    )


def _supervised(ctx: Context, u: Unit) -> bool:
    """Words of supervision, and not contact that "will be unsupervised" (unless unsupervised time is banned)."""
    if UNSUPERVISED.search(u.low) and not concerns.UNSUPERVISED_BANNED.search(u.low):
        return False
    return bool(SUPERVISION.search(u.low))


def _residence(ctx: Context, u: Unit) -> bool:
    """A child told to live with a relative or a person named with a title ("with her father, Mr Owen Pryce"), not
    "with you at home" or in a residential home."""
    return bool(concerns.RELATIVE.search(u.low) or TITLED.search(u.text))


def _victim(ctx: Context, u: Unit) -> bool:
    """Only in a family where domestic abuse is named, and not a sentence saying it is not her job."""
    return _about(
        ctx, "domestic abuse", concerns.DOMESTIC_ABUSE_WORDS, concerns.DOMESTIC_ABUSE_SHORT
    ) and not concerns.NOT_HER_JOB.search(u.low)


def _recording(ctx: Context, u: Unit) -> bool:
    """A ban on the parent's recording, not the council saying it will not record."""
    return not re.search(concerns.RECORDED_BY_US, u.low) and not re.search(r"\bwe (will|do) not (record|film)", u.low)


GATES: dict[str, Callable[[Context, Unit], bool]] = {
    "not_legally_binding": _not_binding,
    "goal": _goal,
    "la_support": _support,
    "review": _review,
    "breach_consequences": _breach,
    "legal_advice": _legal_advice,
    "section20_restriction": _section20,
    "required_supervised_contact": _supervised,
    "required_residence": _residence,
    "victim_controls_abuser": _victim,
    "recording_ban": _recording,
}


def may_find(element_id: str, ctx: Context, u: Unit) -> bool:
    """Whether the reader alone may find `element_id` in unit `u` of this document."""
    gate = GATES.get(element_id)
    return gate is None or gate(ctx, u)
