"""The checklist: one row per element, and check(document) -> findings with their evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..knowledge.sources import cite
from ..reading.documents import Document
from . import concerns, jargon, rules
from .context import Context, Unit
from .wording import WORDING

REQUIRED, CONCERN = "required", "concern"


@dataclass(frozen=True)
class Element:
    """One checklist row: what it looks for, what it means for a parent, and how a social worker can fix it."""

    id: str
    kind: str
    label: str
    check: Callable[[Context], list[Unit]]
    when_found: str
    when_not_found: str
    why: str
    advice: str
    sources: tuple[str, ...]


ELEMENTS: tuple[Element, ...] = (
    Element(
        "not_legally_binding",
        REQUIRED,
        "Says it is not legally binding",
        rules.not_legally_binding,
        "The agreement says it is not legally binding.",
        "The agreement does not say that it is not legally binding.",
        "A written agreement is not a court order and no court can make you keep to it. But it can still be "
        "shown to a court later, so it matters what it says.",
        "Say near the top, in plain words, that the agreement is not legally binding and is not a court order, "
        "and that it may still be shown to a court if there are ever court proceedings.",
        ("seed-000", "seed-001"),
    ),
    Element(
        "concerns_stated",
        REQUIRED,
        "Says what the worries are",
        rules.concerns_stated,
        "The agreement explains why the council is worried.",
        "The agreement does not explain what the council is worried about, or it only points to another paper.",
        "You have a right to know why the council is involved. Without that, it is hard to know what would "
        "make things better.",
        "Set out the specific worries in the agreement itself: what happened, when, and why it matters for the "
        "child. Do not only refer to another document.",
        ("seed-000", "seed-001", "seed-002", "seed-003"),
    ),
    Element(
        "parent_expectations",
        REQUIRED,
        "Says what you are asked to do",
        rules.parent_expectations,
        "The agreement lists what you are asked to do.",
        "The agreement does not say clearly what you are being asked to do. A blank section or “as per the plan” "
        "does not count.",
        "You can only keep to an agreement if you know exactly what it asks of you.",
        "List each thing the parent is asked to do as a specific, realistic action with a date, written with "
        "the family. Keep the list short.",
        ("seed-000", "seed-001", "seed-002"),
    ),
    Element(
        "la_support",
        REQUIRED,
        "Says what help the council will give",
        rules.la_support,
        "The agreement says what the council or other services will do to help you.",
        "The agreement does not say what help the council will give you. Visits “to check” are not help.",
        "A fair agreement works both ways. It should say what the council will do for your family, not only "
        "what you must do.",
        "Name the support the council will give, who gives it and by when: referrals, money, services, going "
        "with the parent to appointments. Monitoring visits are not support.",
        ("seed-000", "seed-001", "seed-002", "seed-003", "seed-004"),
    ),
    Element(
        "timescale",
        REQUIRED,
        "Says how long it lasts",
        rules.timescale,
        "The agreement says how long it lasts.",
        "The agreement does not give an end date or a length of time.",
        "An agreement should not go on for ever. An end date tells you when it stops.",
        "Give the agreement a start date and an end date, or a length such as “six weeks”. Avoid open-ended wording.",
        ("seed-001", "seed-002", "seed-003"),
    ),
    Element(
        "review",
        REQUIRED,
        "Says when it will be reviewed",
        rules.review,
        "The agreement says when it will be looked at again.",
        "The agreement does not say when it will be looked at again (reviewed).",
        "A review is a meeting to check how things are going and change the agreement if needed. You can ask "
        "for a date.",
        "Give a review date, or say at which meeting it will be reviewed, with its date. “As and when required” "
        "is not a review point.",
        ("seed-000", "seed-001", "seed-002"),
    ),
    Element(
        "contingency_plan",
        REQUIRED,
        "Says what happens if the plan is not working",
        rules.contingency_plan,
        "The agreement says what will happen if the plan is not working.",
        "The agreement does not say what will happen if the plan does not work.",
        "This part (a contingency plan) tells you the next step, such as a meeting or a conference, so there "
        "are no surprises.",
        "Add a contingency plan: what happens if the plan is not working or worries grow, such as a core group "
        "meeting, a child protection conference or a legal planning meeting. A threat about not signing is not "
        "a contingency plan.",
        ("seed-001", "seed-002"),
    ),
    Element(
        "breach_consequences",
        REQUIRED,
        "Says what may happen if it is not kept",
        rules.breach_consequences,
        "The agreement says what may happen if it is not kept.",
        "The agreement does not say what may happen if it is not kept.",
        "You should know before you sign that breaking an agreement can be written down and mentioned in court later.",
        "Say honestly what may follow if the agreement is not kept, including that it may be mentioned in court "
        "proceedings. Say it calmly, as information, not as a threat.",
        ("seed-000", "seed-001", "seed-002"),
    ),
    Element(
        "signatures",
        REQUIRED,
        "Has places to sign and date",
        rules.signatures,
        "The agreement has places for everyone to sign and date it.",
        "The agreement has no places to sign and date it.",
        "Signing shows who agreed and when. You do not have to sign, and you can ask for time first.",
        "Add a place for each person, including the social worker and manager, to sign and date the agreement.",
        ("seed-001",),
    ),
    Element(
        "legal_advice",
        REQUIRED,
        "Tells you that you can get advice first",
        rules.legal_advice,
        "The agreement tells you that you can get advice before you sign.",
        "The agreement does not tell you that you can get legal advice or other help before you sign.",
        "You can talk to a solicitor, an advocate or someone you trust before you sign. The council getting "
        "its own legal advice does not count.",
        "Tell the parent they can get independent legal advice or an advocate before signing, and give them "
        "time and a list of local solicitors or advice services.",
        ("seed-000", "seed-001"),
    ),
    Element(
        "goal",
        REQUIRED,
        "Says what it is trying to achieve",
        rules.goal,
        "The agreement says what it is trying to achieve.",
        "The agreement does not say what it is trying to achieve, or how everyone will know things are better.",
        "A clear goal tells you what “better” looks like, so you know when the agreement has done its job.",
        "State the aim in plain words and how everyone will know it has been reached, for example “no missed "
        "appointments for six weeks”.",
        ("seed-002", "seed-003"),
    ),
    Element(
        "worker_contact",
        REQUIRED,
        "Names your social worker or how to contact them",
        rules.worker_contact,
        "The agreement names your social worker or gives a way to contact them.",
        "The agreement does not name your social worker or give a number to contact them.",
        "You need to know who to talk to if something changes or goes wrong.",
        "Give the social worker's name and a phone number, and a duty or out-of-hours number.",
        ("seed-001",),
    ),
    Element(
        "vague_timescale",
        CONCERN,
        "Open-ended wording about time",
        concerns.vague_timescale,
        "The agreement uses open-ended words about time, such as “ongoing” or “until further notice”.",
        "No open-ended wording about time was found.",
        "Words like these mean the agreement, or part of it, may never end. Guidance for social workers says to "
        "avoid them and give a clear timescale or review points. You can ask for an end date.",
        "Replace “ongoing”, “until further notice” or “until Children's Services decide” with a date or a length "
        "of time, and a review point.",
        ("seed-001",),
    ),
    Element(
        "section20_restriction",
        CONCERN,
        "Stops you taking your child home from care",
        concerns.section20_restriction,
        "The agreement tries to stop you taking your child home from care that you agreed to (section 20).",
        "Nothing was found that tries to stop you taking your child home from voluntary care.",
        "When a child is in care because you agreed to it (section 20), the council does not have parental "
        "responsibility, and you can take them home at any time. Guidance says an agreement must not be used to "
        "stop you. Only a court order could. Get legal advice straight away.",
        "Do not use a written agreement to stop a parent removing a child from section 20 accommodation. Say "
        "plainly that the parent may end the arrangement at any time. If the child is not safe at home, seek "
        "legal advice about a court order.",
        ("seed-001", "seed-002", "seed-003"),
    ),
    Element(
        "required_supervised_contact",
        CONCERN,
        "Says your time with your child must be supervised",
        concerns.required_supervised_contact,
        "The agreement says that contact or family time must be supervised.",
        "Nothing was found saying that contact must be supervised.",
        "Some councils' own procedures (Lancashire's and Hertfordshire's, for example) say a written agreement "
        "should not be used to insist that contact is supervised. If it is asked for, the agreement should say "
        "who supervises, where, and what “supervised” means.",
        "Avoid using a written agreement to require supervised contact. If supervision is truly needed, explain "
        "why, and define who supervises, where, for how long and what they must do.",
        ("seed-002", "seed-003"),
    ),
    Element(
        "required_residence",
        CONCERN,
        "Says your child must live with a relative",
        concerns.required_residence,
        "The agreement says your child must live with a particular relative or person.",
        "Nothing was found saying your child must live with a particular person.",
        "Some councils' own procedures say a written agreement should not be used to decide that a child must "
        "live with a particular relative. When the council arranges this, extra rules (Regulation 24) apply so "
        "the carer is checked and supported. Get legal advice.",
        "Do not use a written agreement to require a child to live with a relative. Consider whether this is a "
        "placement with a connected person (Regulation 24), which needs assessment and support.",
        ("seed-001", "seed-002", "seed-003"),
    ),
    Element(
        "victim_controls_abuser",
        CONCERN,
        "Makes you responsible for another adult's behaviour",
        concerns.victim_controls_abuser,
        "The agreement makes a parent who may be a victim of domestic abuse responsible for keeping out or "
        "controlling the other adult.",
        "Nothing was found that makes a victim of abuse responsible for the abuser's behaviour.",
        "If you are being abused, you are not responsible for the other person's behaviour. Guidance, and "
        "inspectors, say the expectations should fall on the person causing harm, not on the victim.",
        "Put expectations on the person causing harm, not on the victim. Describe what the abusive adult must do "
        "or stop doing, and what support the victim will get.",
        ("seed-001", "seed-004"),
    ),
    Element(
        "recording_ban",
        CONCERN,
        "Stops you recording meetings",
        concerns.recording_ban,
        "The agreement says you must not record meetings, visits or calls.",
        "Nothing was found that stops you recording meetings.",
        "Many parents record meetings so they have an accurate note. Some advice sources say the law lets you "
        "record for your own use; others urge care, and councils' rules differ. You can ask why, and ask for "
        "written notes of every meeting.",
        "Do not ban recording in a written agreement. If there are worries about recordings, discuss them and "
        "agree how meetings will be noted and shared.",
        ("seed-000",),
    ),
    Element(
        "coercive_wording",
        CONCERN,
        "Pressures you to sign",
        concerns.coercive_wording,
        "The agreement pressures you to sign, for example by saying you must sign today or threatening what "
        "happens if you refuse.",
        "No pressure to sign was found.",
        "You do not have to sign a written agreement. You can ask for time and get advice first.",
        "Remove any wording that says the parent must sign or that refusal will be held against them. Offer time "
        "to read it and to get advice.",
        ("seed-000", "seed-001"),
    ),
    Element(
        "unexplained_jargon",
        CONCERN,
        "Uses words or letters that are not explained",
        jargon.unexplained_jargon,
        "The agreement uses jargon: professional words or short forms (abbreviations like s20 or CP) that it does "
        "not explain.",
        "No unexplained professional words or short forms were found.",
        "You should be able to understand every word you are asked to agree to. You can ask the social worker "
        "to explain any word or write it out in full.",
        "Write terms out in full and explain them in brackets the first time, or add a short “words we use” box.",
        ("seed-001", "seed-002"),
    ),
)

ELEMENT_IDS = tuple(e.id for e in ELEMENTS)
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from the agreement and where it is."""

    quote: str
    ref: str
    page: int | None
    clause: int


@dataclass(frozen=True)
class Finding:
    """One element's result for one document."""

    id: str
    kind: str
    label: str
    status: str
    evidence: tuple[Evidence, ...]
    explanation: str
    advice: str
    sources: tuple[dict, ...]
    terms: tuple[str, ...] = ()
    question: str = ""  # what a parent can ask the council about it
    rewrite: str = ""  # model wording a social worker can start from

    @property
    def needs_attention(self) -> bool:
        return self.status in ("missing", "flagged")


def check(document: Document) -> list[Finding]:
    """Run every checklist element over a document: one finding each, in the order of the table."""
    context = Context(document)
    return [_finding(element, context) for element in ELEMENTS]


def _finding(element: Element, context: Context) -> Finding:
    units = _unique(element.check(context))
    found = bool(units)
    status = ("present" if found else "missing") if element.kind == REQUIRED else ("flagged" if found else "clear")
    lead = element.when_found if found else element.when_not_found
    terms = _jargon_display(context) if element.id == "unexplained_jargon" and found else ()
    return Finding(
        id=element.id,
        kind=element.kind,
        label=element.label,
        status=status,
        evidence=tuple(Evidence(u.text, u.clause.ref, u.clause.page, u.clause.index) for u in units[:MAX_EVIDENCE]),
        explanation=f"{lead} {element.why}",
        advice=element.advice,
        sources=tuple(cite(s) for s in element.sources),
        terms=terms,
        question=WORDING[element.id].question,
        rewrite=WORDING[element.id].rewrite,
    )


def _jargon_display(context: Context) -> tuple[str, ...]:
    """The unexplained terms as the agreement writes them ("LAC", "s20"), one each."""
    shown: dict[str, str] = {}
    for key, units in jargon.jargon_terms(context).items():
        written = [m.group(0) for m in jargon.JARGON.finditer(units[0].text) if jargon.term_key(m.group(0)) == key]
        shown[key] = written[0] if written else key
    return tuple(sorted(shown.values(), key=str.lower))


def _unique(units: list[Unit]) -> list[Unit]:
    seen, out = set(), []
    for unit in units:
        if unit.text not in seen:
            seen.add(unit.text)
            out.append(unit)
    return out
