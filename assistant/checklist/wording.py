"""For each checklist element: the question a parent can put to the council, and wording a social worker can use.

A row's question is asked when the element is missing (a required one) or found (a worrying one). The model
wording is a starting point written in plain words, to be fitted to the family: names, dates and the real
worries go in the square brackets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    """What to ask about one element, and a plain model wording for it."""

    question: str
    rewrite: str


WORDING: dict[str, Wording] = {
    "not_legally_binding": Wording(
        "Is this agreement legally binding? Can you write in it that it is not a court order?",
        "This agreement is not legally binding. It is not a court order. But it could be shown to a court if "
        "there are ever court proceedings about [child's name].",
    ),
    "concerns_stated": Wording(
        "What exactly are you worried about? Can you write the worries into the agreement?",
        "We are worried because [what happened, and when]. This matters for [child's name] because [why].",
    ),
    "parent_expectations": Wording(
        "What exactly are you asking me to do, and by when?",
        "You agree to [one clear thing you can do], by [date]. For example: take [child's name] to school "
        "every day from [date].",
    ),
    "la_support": Wording(
        "What help will the council give me, and when will it start?",
        "We will [the help the council will give], starting on [date]. [Name] will arrange it. If it does not "
        "happen, tell [name] on [phone number].",
    ),
    "timescale": Wording(
        "When does this agreement end?",
        "This agreement starts on [date] and ends on [date], unless we all agree to change it at a review.",
    ),
    "review": Wording(
        "When will we look at this agreement again, and who will be there?",
        "We will meet to look at this agreement again on [date]. You can bring someone to support you.",
    ),
    "contingency_plan": Wording(
        "What will happen if the plan is not working? What would you do next?",
        "If things do not get better by [date], we will meet with you to talk about what happens next. This "
        "could mean [the next step, for example a child protection conference].",
    ),
    "breach_consequences": Wording(
        "What will happen if I cannot keep to part of this agreement?",
        "If any part of this agreement is not kept, we will talk to you about it first. It could be mentioned "
        "to a court if there are ever court proceedings.",
    ),
    "signatures": Wording(
        "Where do I sign, and can I write my own comments before I sign?",
        "Signed by [parent's name] on [date]. Signed by [social worker's name] on [date]. Space for your "
        "comments: [blank lines].",
    ),
    "legal_advice": Wording(
        "Can I have time to get advice before I sign?",
        "You do not have to sign this today. You can take it away, read it and get advice first, for example "
        "from a solicitor or the Family Rights Group advice line (0808 801 0366).",
    ),
    "goal": Wording(
        "What are we all trying to achieve? How will we know things are better?",
        "We all want [child's name] to [the goal, for example be safe at home and go to school every day]. "
        "We will know things are better when [how we will know].",
    ),
    "worker_contact": Wording(
        "Who is my social worker, and how do I contact them?",
        "Your social worker is [name]. You can call them on [phone number] or email [email address]. If they "
        "are away, call [team name] on [phone number].",
    ),
    "vague_timescale": Wording(
        "Can you give a real end date instead of “until further notice”?",
        "This agreement lasts until [date]. We will review it on [date] and decide together whether it is "
        "still needed.",
    ),
    "section20_restriction": Wording(
        "Can I take my child home at any time? Where does it say that?",
        "You can take [child's name] home at any time. If you want to do this, please tell [name] first so we "
        "can plan it together. You do not need our permission.",
    ),
    "required_supervised_contact": Wording(
        "Why must my time with my child be supervised, who will supervise it, and when will this be reviewed?",
        "For now, [name] will be with you when you see [child's name], because [the worry]. We will look at "
        "this again on [date].",
    ),
    "required_residence": Wording(
        "Why must my child live with this relative, and for how long? Can I get advice about this first?",
        "[Child's name] will stay with [relative] until [date], because [the worry]. You can get advice about "
        "this, and we will review it on [date].",
    ),
    "victim_controls_abuser": Wording(
        "How can I be responsible for what another adult does? What help will you give me to stay safe?",
        "[Other adult's name] agrees not to come to the home. We will help you to stay safe by [the support]. "
        "If they come to the home, you can call 999.",
    ),
    "recording_ban": Wording(
        "Why does it say I cannot record meetings? Can that part come out?",
        "If you would like to record a meeting, please tell us at the start. We will also keep our own notes "
        "and you can ask for a copy.",
    ),
    "coercive_wording": Wording(
        "Can I have time to read this and get advice before I decide whether to sign?",
        "Please read this agreement and get advice if you want to. You can tell us what you think, and we can "
        "change things before anyone signs.",
    ),
    "unexplained_jargon": Wording(
        "What do these words and letters mean? Can you write them out in full?",
        "Write each term in full the first time, with a short meaning in brackets. For example: child in need "
        "(CIN): a child who needs extra help from the council to be safe and well.",
    ),
}
