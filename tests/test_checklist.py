"""The checklist rules, read against short agreement fragments in many councils' wording."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from assistant.checklist.elements import ELEMENT_IDS, Finding, check
from assistant.reading.documents import read_pasted_text

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

PRESENT, MISSING, FLAGGED, CLEAR = "present", "missing", "flagged", "clear"

# Reused context: a domestic-abuse background, so the victim_controls_abuser rule has a reason to look.
DA_BACKGROUND = (
    "Why we are involved\n"
    "Police were called on 2 May 2025 after Dean hit Kayleigh in front of the children. "
    "There have been three reports of domestic abuse since January.\n\n"
)
AMY_BACKGROUND = (
    "What we are worried about\n"
    "There has been domestic violence between Amy and her partner Carl, and Carl has threatened her "
    "with a knife.\n\nWhat Amy agrees to\n"
)


def case(element: str, status: str, text: str, name: str) -> ParameterSet:
    """One row of the table: a fragment, the element it tests and the status a careful reader would give."""
    return pytest.param(text, element, status, id=f"{element}-{status}-{name}")


CASES = [
    # --- not_legally_binding ---------------------------------------------------------------------------------
    case(
        "not_legally_binding",
        PRESENT,
        "About this agreement\nThis document has no legal force and is not a court order.",
        "no-legal-force",
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "Please understand that this working agreement is not legally binding.",
        "not-legally-binding",
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "Important\nThis is not a contract. It sets out what we have all agreed.",
        "not-a-contract",
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "No court can make you stick to this agreement, but it may be read by a judge later.",
        "no-court-can-make-you",
    ),
    case("not_legally_binding", PRESENT, "The plan cannot be enforced by a court.", "cannot-be-enforced"),
    case(
        "not_legally_binding",
        PRESENT,
        "This agreement is not legally enforceable, but we ask you to take it seriously.",
        "not-enforceable",
    ),
    case(
        "not_legally_binding",
        MISSING,
        "Status of this agreement\nThis agreement IS legally binding on everyone who signs it.",
        "is-legally-binding",
    ),
    case(
        "not_legally_binding",
        MISSING,
        "This contract is legally binding and you must keep to it.",
        "contract-is-binding",
    ),
    case(
        "not_legally_binding",
        MISSING,
        "Please read this agreement carefully and ask us about anything you do not understand.",
        "silent",
    ),
    case(
        "not_legally_binding",
        MISSING,
        "This agreement may be shown to the court if proceedings are started.",
        "court-only",
    ),
    case(
        "not_legally_binding", PRESENT, "This written agreement does not have any legal standing.", "no-legal-standing"
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "It is not a legal order and you will not be punished by a court for not following it.",
        "not-a-legal-order",
    ),
    case(
        "not_legally_binding", PRESENT, "A written agreement like this one is not binding in law.", "not-binding-in-law"
    ),
    case(
        "not_legally_binding",
        MISSING,
        "It is not a legal requirement for you to sign this, but we hope you will.",
        "not-a-legal-requirement-to-sign",
    ),
    case(
        "not_legally_binding", MISSING, "This agreement is a legal document and can be enforced.", "is-a-legal-document"
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "Please note: this is not a legally binding agreement.",
        "please-note-not-binding",
    ),
    case(
        "not_legally_binding",
        PRESENT,
        "The agreement is not something a court can enforce.",
        "not-something-a-court-can-enforce",
    ),
    case(
        "not_legally_binding",
        MISSING,
        "Breaking this agreement is not a criminal offence, but it is binding on you.",
        "not-criminal-but-binding",
    ),
    # --- concerns_stated -------------------------------------------------------------------------------------
    case(
        "concerns_stated",
        PRESENT,
        "Why we are involved\nThe school contacted us after Mia came in with a bruise "
        "on her cheek and said her dad had hit her.",
        "why-involved-heading",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "We are worried that Tyler and Skye are often left on their own at night.",
        "we-are-worried",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "What we are worried about\n- Kai has missed 40 days of school this year.\n"
        "- Police have been called to the flat three times since March.",
        "worry-list",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "Children's Services became involved because the hospital found that baby Noah had an unexplained broken arm.",
        "became-involved-because",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "The concern is that Mum's drinking means she cannot safely look after Lily in the evenings.",
        "the-concern-is",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "Background\nHarvey's nursery has seen him arrive hungry and in dirty clothes on most days since January.",
        "background-heading",
    ),
    case("concerns_stated", MISSING, "Concerns\nSee child protection plan dated 3 March 2025.", "see-other-plan"),
    case("concerns_stated", MISSING, "Reasons for this agreement\nAs set out in the assessment.", "as-set-out-in"),
    case(
        "concerns_stated",
        MISSING,
        "Please tell your social worker if you are worried about anything.",
        "parent-may-be-worried",
    ),
    case(
        "concerns_stated", MISSING, "If we become worried again, we will call a meeting with you.", "conditional-worry"
    ),
    case(
        "concerns_stated",
        PRESENT,
        "What has happened\nOn 14 March Jayden was found alone in the flat by a neighbour.",
        "what-has-happened",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "Professionals are concerned about the state of the home and the dog bites Alfie has had.",
        "professionals-concerned",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "The reason for this agreement is that Kai has told his teacher he is scared of his step-dad.",
        "reason-for-agreement",
    ),
    case("concerns_stated", MISSING, "Worries\nAs discussed at the strategy meeting.", "as-discussed"),
    case(
        "concerns_stated",
        PRESENT,
        "Our worries\n- Baby Ava has lost weight since she was born.\n- The flat is very cold and damp.",
        "our-worries-list",
    ),
    case(
        "concerns_stated",
        PRESENT,
        "The local authority is concerned that Josh has been exposed to drug use at home.",
        "la-is-concerned",
    ),
    case("concerns_stated", MISSING, "Concerns: see strategy meeting minutes", "see-minutes-field"),
    # --- parent_expectations ---------------------------------------------------------------------------------
    case(
        "parent_expectations",
        PRESENT,
        "What you agree to do\n1. Take Ruby to all her health appointments.\n2. Keep the kitchen clean and safe.",
        "numbered-under-heading",
    ),
    case(
        "parent_expectations", PRESENT, "You will make sure the children are at school by 8.45am every day.", "you-will"
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Mother: Kerry Lane\n\nMum agrees to attend the Freedom Programme every Tuesday.",
        "mum-agrees",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Parent: Grace Okafor\n\nMs Okafor will not drink alcohol while she is caring for the twins.",
        "surname-will-not",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Things we are asking you to do\nKeep every appointment with the health "
        "visitor and tell us if you cannot make one.",
        "asking-you-heading",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Dad is expected to keep his medication in a locked box out of the children's reach.",
        "dad-is-expected",
    ),
    case("parent_expectations", MISSING, "What you agree to do\nAs per child protection plan.", "as-per-plan"),
    case("parent_expectations", MISSING, "What you agree to do\n[to be completed at the meeting]", "blank-section"),
    case("parent_expectations", MISSING, "You will be given a copy of this agreement to keep.", "passive-promise"),
    case(
        "parent_expectations", MISSING, "You will receive a letter with the date of the conference.", "you-will-receive"
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Expectations of Ms Barker\n- To attend all health appointments for Logan.\n- To keep the home free of drugs.",
        "expectations-heading-infinitives",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Parents: Lisa and Mark Hughes\n\nLisa and Mark agree to keep the stair gate closed at all times.",
        "named-parents-agree",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Both parents will attend the Triple P parenting course starting on 2 May.",
        "both-parents-will",
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Mr Doyle agrees that he will not drink alcohol when he is caring for Evie.",
        "agrees-that-he-will",
    ),
    case(
        "parent_expectations", MISSING, "The parents will be invited to the review meeting.", "parents-will-be-invited"
    ),
    case(
        "parent_expectations",
        PRESENT,
        "Your responsibilities\n- Keep Oscar away from the dog.\n- Take him to nursery every weekday.",
        "responsibilities-heading",
    ),
    case("parent_expectations", PRESENT, "Carers will make sure the twins have a bath twice a week.", "carers-will"),
    case("parent_expectations", MISSING, "Expectations\nTo be agreed at the core group.", "to-be-agreed"),
    # --- la_support ------------------------------------------------------------------------------------------
    case(
        "la_support",
        PRESENT,
        "What we will do\n- Refer you to the Family Hub parenting course.\n- Pay for a new fireguard.",
        "we-will-heading",
    ),
    case("la_support", PRESENT, "The social worker will go with you to the housing office on 3 April.", "go-with-you"),
    case(
        "la_support", PRESENT, "Children's Services will fund three nursery sessions a week for Poppy.", "fund-nursery"
    ),
    case("la_support", PRESENT, "I will help you fill in the forms for Universal Credit.", "i-will-help"),
    case(
        "la_support",
        PRESENT,
        "Support the council will give\nA family support worker will visit twice a week to help with bedtime routines.",
        "support-heading",
    ),
    case(
        "la_support",
        MISSING,
        "What we will do\nWe will make unannounced visits to check the children are safe.",
        "unannounced-visits-to-check",
    ),
    case(
        "la_support",
        MISSING,
        "The social worker will phone the nursery to check that Ruby is attending.",
        "phone-to-check",
    ),
    case(
        "la_support",
        MISSING,
        "We will visit every week to see the children and monitor how things are.",
        "visit-to-monitor",
    ),
    case("la_support", MISSING, "You will make sure the children are fed and clean.", "parent-only"),
    case(
        "la_support",
        PRESENT,
        "Southvale Council will\n- provide a nursery place for Finn three days a week\n- "
        "help with the cost of school uniform",
        "council-will-list",
    ),
    case("la_support", PRESENT, "We will pay for a taxi so you can get to contact.", "taxi-to-contact"),
    case(
        "la_support",
        PRESENT,
        "The local authority will make a referral to the children's mental health service for Ella.",
        "referral-to-camhs",
    ),
    case("la_support", PRESENT, "Your social worker will arrange an interpreter for every meeting.", "interpreter"),
    case(
        "la_support",
        MISSING,
        "The social worker will make announced and unannounced visits to ensure the agreement is being kept.",
        "visits-to-ensure",
    ),
    case(
        "la_support",
        MISSING,
        "We will speak to the school regularly to monitor attendance.",
        "speak-to-school-to-monitor",
    ),
    case(
        "la_support",
        PRESENT,
        "Help you will get\n- A place at the Sure Start nursery.\n- Weekly visits from a family support worker.",
        "help-you-will-get-heading",
    ),
    case(
        "la_support",
        PRESENT,
        "We will give you food vouchers and help you register with a dentist.",
        "vouchers-and-dentist",
    ),
    case("la_support", MISSING, "The social worker will check on the children every week.", "check-on-children"),
    # --- timescale -------------------------------------------------------------------------------------------
    case(
        "timescale",
        PRESENT,
        "How long this lasts\nThe plan will run for 3 months from the date it is signed.",
        "run-for-3-months",
    ),
    case("timescale", PRESENT, "This agreement starts on 2 June 2025 and ends on 1 September 2025.", "starts-and-ends"),
    case("timescale", PRESENT, "The agreement will be in place for six weeks.", "in-place-six-weeks"),
    case("timescale", PRESENT, "Start date: 5 May 2025\nEnd date: 30 June 2025", "end-date-field"),
    case("timescale", PRESENT, "This working agreement lasts until 14 February 2026.", "lasts-until"),
    case("timescale", PRESENT, "This is not ongoing: it ends on 3 March 2025.", "not-ongoing-ends"),
    case("timescale", MISSING, "Start date: 5 May 2025", "start-date-alone"),
    case("timescale", MISSING, "Start date: 5 May 2025\nEnd date: [blank]", "blank-end-date"),
    case("timescale", MISSING, "You must book the GP appointment by 20 June 2025.", "single-action-deadline"),
    case(
        "timescale",
        MISSING,
        "This agreement will stay in place until social services say otherwise.",
        "until-social-services-say",
    ),
    case("timescale", MISSING, "End date: to be agreed at the review", "end-date-tbc"),
    case("timescale", PRESENT, "Timescale: 12 weeks from the date of signing", "timescale-field-weeks"),
    case("timescale", PRESENT, "This safety plan is for a period of six months.", "period-of-six-months"),
    case(
        "timescale",
        PRESENT,
        "The agreement will end on 31/12/2025 unless it is extended at the review.",
        "numeric-end-date",
    ),
    case("timescale", PRESENT, "Duration: 01/05/2025 to 31/07/2025", "duration-field-dates"),
    case("timescale", MISSING, "Please make sure Kai sees the dentist before 1 July 2025.", "dentist-deadline"),
    case("timescale", MISSING, "Date of agreement: 3 March 2025", "date-of-agreement-only"),
    case("timescale", PRESENT, "This agreement is in place until 30 September 2025.", "in-place-until-date"),
    case("timescale", PRESENT, "It will last for four weeks.", "it-will-last"),
    case("timescale", MISSING, "You need to find a new nursery place by 1 September 2025.", "nursery-deadline"),
    case("timescale", MISSING, "This agreement lasts until the assessment is finished.", "until-assessment-finished"),
    # --- review ----------------------------------------------------------------------------------------------
    case("review", PRESENT, "We'll meet again on 4 June to see how it's going.", "meet-again"),
    case(
        "review", PRESENT, "This agreement will be reviewed at the next core group on 12 May 2025.", "next-core-group"
    ),
    case("review", PRESENT, "Review date: 18 August 2025", "review-date-field"),
    case("review", PRESENT, "We will look at this agreement again every four weeks.", "every-four-weeks"),
    case(
        "review",
        PRESENT,
        "The next core group on 9 July will look at how the plan is working.",
        "core-group-looks-at-plan",
    ),
    case("review", MISSING, "This agreement will be reviewed as and when required.", "as-and-when"),
    case("review", MISSING, "The previous agreement was reviewed on 3 January 2025.", "past-review"),
    case("review", MISSING, "Review: to be arranged", "review-tba"),
    case("review", MISSING, "We will review it if needed.", "if-needed"),
    case(
        "review",
        PRESENT,
        "We will meet with you every two weeks to go over how things are going.",
        "every-two-weeks-go-over",
    ),
    case("review", PRESENT, "Review\nAt the core group meeting on 21 July 2025.", "review-heading-core-group"),
    case("review", PRESENT, "The agreement will be looked at again on 5 September 2025.", "looked-at-again"),
    case(
        "review",
        PRESENT,
        "A review meeting will take place in six weeks' time, on 14 November 2025.",
        "review-meeting-six-weeks",
    ),
    case("review", MISSING, "This agreement may be reviewed at any time.", "may-be-reviewed-any-time"),
    case(
        "review",
        MISSING,
        "This replaces the agreement that was reviewed on 2 February 2025.",
        "replaces-reviewed-agreement",
    ),
    case("review", PRESENT, "We will check in on how this agreement is going on 15 October 2025.", "check-in-on-how"),
    case(
        "review",
        PRESENT,
        "There will be a review at the Child in Need meeting on 2 December 2025.",
        "cin-meeting-review",
    ),
    case(
        "review",
        MISSING,
        "We reviewed the last plan on 1 March 2025 and decided to write this one.",
        "reviewed-last-plan",
    ),
    # --- contingency_plan ------------------------------------------------------------------------------------
    case(
        "contingency_plan",
        PRESENT,
        "If things do not improve\nWe will ask for a child protection conference to decide what happens next.",
        "heading-conference",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "If the worries about Jack's safety grow, we will arrange a legal planning meeting with our lawyers.",
        "worries-grow",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "Should the plan not work, the core group will meet within five days to agree a different plan.",
        "should-not-work",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "If Mia is hurt again, we may apply to the court for an order to keep her safe.",
        "hurt-again-court",
    ),
    case("contingency_plan", MISSING, "If you refuse to sign we will go to court.", "refuse-to-sign-threat"),
    case(
        "contingency_plan",
        MISSING,
        "If you do not sign this today, we will start care proceedings.",
        "not-sign-today-threat",
    ),
    case("contingency_plan", MISSING, "We hope this plan works well for everyone.", "hope-only"),
    case("contingency_plan", MISSING, "If you have any questions, please call the team.", "questions"),
    case(
        "contingency_plan",
        PRESENT,
        "What happens if things don't get better\nWe may need to hold a child "
        "protection conference to decide whether the children need a child protection plan.",
        "heading-dont-get-better",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "If the children are not safe, we will ask our legal team whether we need to go to court.",
        "not-safe-legal-team",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "Should there be any further incidents, a strategy discussion will be held.",
        "further-incidents-strategy",
    ),
    case(
        "contingency_plan",
        MISSING,
        "If you cannot make an appointment, please phone and rearrange it.",
        "missed-appointment",
    ),
    case(
        "contingency_plan", MISSING, "Failure to sign this agreement may lead to care proceedings.", "failure-to-sign"
    ),
    case(
        "contingency_plan",
        PRESENT,
        "If Mum starts drinking again, the social worker will call a meeting to make a new plan.",
        "drinking-again-new-plan",
    ),
    case(
        "contingency_plan",
        PRESENT,
        "If the worries do not reduce, we will consider going to court.",
        "worries-do-not-reduce",
    ),
    case("contingency_plan", MISSING, "If you need help with transport, tell us.", "help-with-transport"),
    # --- breach_consequences ---------------------------------------------------------------------------------
    case(
        "breach_consequences",
        PRESENT,
        "If this agreement is broken, it may be mentioned in any future court proceedings.",
        "broken-court",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "Not keeping to this agreement could be used as evidence if the case goes to court.",
        "not-keeping-evidence",
    ),
    case("breach_consequences", PRESENT, "This agreement could be shown to a judge.", "shown-to-judge"),
    case(
        "breach_consequences",
        PRESENT,
        "If you break this agreement, we will seek legal advice about how to keep the children safe.",
        "break-legal-advice",
    ),
    case("breach_consequences", MISSING, "If you refuse to sign we will go to court.", "refuse-to-sign"),
    case("breach_consequences", MISSING, "Please keep a copy of this agreement somewhere safe.", "keep-a-copy"),
    case(
        "breach_consequences",
        MISSING,
        "If you are finding it hard to keep to the agreement, talk to us.",
        "hard-to-keep",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "Any breach of this agreement will be recorded and may be shared with the court.",
        "breach-recorded-shared",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "If you do not stick to this agreement, we may start the pre-proceedings "
        "process and it could be used in court.",
        "not-stick-pre-proceedings",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "Should the agreement not be followed, the local authority may consider legal action.",
        "not-followed-legal-action",
    ),
    case(
        "breach_consequences",
        MISSING,
        "Failure to sign this agreement may lead to care proceedings.",
        "failure-to-sign",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "Breaking this agreement could be taken into account in court.",
        "taken-into-account-in-court",
    ),
    case(
        "breach_consequences",
        PRESENT,
        "If you don't follow this agreement, we will write it down and it may be used in court.",
        "dont-follow-written-down",
    ),
    case(
        "breach_consequences", MISSING, "Please follow this agreement so that the children are safe.", "please-follow"
    ),
    # --- signatures ------------------------------------------------------------------------------------------
    case("signatures", PRESENT, "Signed (parent): ____________  Date: ________", "underscores"),
    case(
        "signatures",
        PRESENT,
        "Signatures\nMum ..................  Date ..........\nSocial worker .............  Date ........",
        "dotted-lines",
    ),
    case(
        "signatures", PRESENT, "| Name | Signature | Date |\n| Kerry Lane | | |\n| Amina Shah | | |", "signature-table"
    ),
    case("signatures", MISSING, "Yours sincerely,\nAmina Shah\nSocial Worker", "yours-sincerely"),
    case("signatures", MISSING, "Please sign and return this agreement to the office.", "please-sign"),
    case("signatures", MISSING, "Signed copies will be posted to everyone.", "signed-copies"),
    case(
        "signatures",
        PRESENT,
        "Signed: .............................. (Parent)   Date: ...............\nSigned: "
        ".............................. (Social Worker)   Date: ...............",
        "signed-dotted-both",
    ),
    case(
        "signatures", PRESENT, "Parent signature ______________________\nDate ______________", "parent-signature-line"
    ),
    case("signatures", MISSING, "Kind regards\nJo Lee\nSocial worker", "kind-regards"),
    case(
        "signatures",
        PRESENT,
        "Parent: ____________________   Date: __________\nSocial worker: ____________________   Date: __________",
        "role-lines",
    ),
    case("signatures", MISSING, "Signed copies will be given to everyone at the meeting.", "copies-at-meeting"),
    # --- legal_advice ----------------------------------------------------------------------------------------
    case("legal_advice", PRESENT, "You can talk to a solicitor before you sign this.", "can-talk-to-solicitor"),
    case("legal_advice", PRESENT, "We recommend that you get independent legal advice before signing.", "we-recommend"),
    case(
        "legal_advice",
        PRESENT,
        "You may want to show this to someone you trust, or an advocate, before you agree to it.",
        "someone-you-trust",
    ),
    case("legal_advice", PRESENT, "Parents are entitled to free legal advice at this stage.", "entitled"),
    case(
        "legal_advice",
        MISSING,
        "The council will seek legal advice if the plan is not followed.",
        "council-seeks-advice",
    ),
    case("legal_advice", MISSING, "We have taken legal advice about Amber's situation.", "council-took-advice"),
    case("legal_advice", MISSING, "Our legal team will advise us on the next steps.", "legal-team-advises-us"),
    case("legal_advice", PRESENT, "You have the right to get legal advice about this agreement.", "right-to-advice"),
    case(
        "legal_advice",
        PRESENT,
        "Before you sign, you might like to talk it through with a friend or an advocate.",
        "talk-it-through",
    ),
    case(
        "legal_advice",
        PRESENT,
        "We would encourage you to speak to a solicitor. Legal aid may be available.",
        "encourage-solicitor",
    ),
    case(
        "legal_advice",
        PRESENT,
        "Getting advice\nYou can contact Family Rights Group on their free advice line.",
        "advice-line",
    ),
    case("legal_advice", MISSING, "We will talk to our solicitors if the agreement is broken.", "our-solicitors"),
    case(
        "legal_advice",
        MISSING,
        "Legal advice will be sought by Children's Services if the plan is not kept.",
        "sought-by-childrens-services",
    ),
    case(
        "legal_advice",
        PRESENT,
        "You are free to get advice from a solicitor or Citizens Advice before signing.",
        "free-to-get-advice",
    ),
    case("legal_advice", PRESENT, "You should get legal advice before you sign this agreement.", "should-get-advice"),
    case("legal_advice", MISSING, "If the agreement is broken, the council may seek legal advice.", "council-may-seek"),
    # --- goal ------------------------------------------------------------------------------------------------
    case("goal", PRESENT, "What we are hoping for\nThat Leo can stay safely at home with his mum.", "hoping-heading"),
    case("goal", PRESENT, "The aim of this agreement is that the children are safe and their home is warm.", "aim-is"),
    case(
        "goal",
        PRESENT,
        "We will know things are better when Ruby has put on weight and is seen by the GP every month.",
        "we-will-know",
    ),
    case(
        "goal", PRESENT, "Success will look like Tom going to school every day for a whole term.", "success-looks-like"
    ),
    case("goal", PRESENT, "Our goal is for Amy to return home by Christmas.", "our-goal"),
    case("goal", MISSING, "You will take Ruby to nursery every day.", "task-only"),
    case("goal", MISSING, "Aim: [to be agreed]", "aim-blank"),
    case(
        "goal",
        PRESENT,
        "What we want to achieve\nFor Jack and Holly to be safe from harm and happy at home.",
        "want-to-achieve-heading",
    ),
    case("goal", PRESENT, "We want Tia to feel safe at home and to go to school every day.", "we-want-tia"),
    case(
        "goal",
        PRESENT,
        "This agreement is to help Mum keep the children safe while the assessment is done.",
        "agreement-is-to-help",
    ),
    case("goal", MISSING, "What you agree to do\n1. Keep the house clean.", "tasks-only-list"),
    case("goal", PRESENT, "Our hope is that Noah can go home to his mum by the summer.", "our-hope"),
    case(
        "goal",
        PRESENT,
        "What will be different\nThe children will be going to school every day and the house will be clean.",
        "what-will-be-different",
    ),
    case("goal", MISSING, "Goal: TBC", "goal-tbc"),
    # --- worker_contact --------------------------------------------------------------------------------------
    case("worker_contact", PRESENT, "Social worker: Hannah Price, 01632 960123", "field-name-phone"),
    case("worker_contact", PRESENT, "My name is Tom Reeve and I am your social worker.", "my-name-is"),
    case("worker_contact", PRESENT, "You can ring the Family Support Team on 0113 496 0555.", "team-number"),
    case("worker_contact", PRESENT, "Contact number: 020 7946 0123", "contact-number-field"),
    case("worker_contact", PRESENT, "If you need to speak to me, call me on 07700 900456.", "call-me"),
    case("worker_contact", MISSING, "Social worker: ______", "blank-field"),
    case(
        "worker_contact", MISSING, "Your social worker will be in touch to arrange the first visit.", "will-be-in-touch"
    ),
    case("worker_contact", MISSING, "Social worker: To be allocated", "to-be-allocated"),
    case("worker_contact", MISSING, "In an emergency, ring 999.", "emergency-only"),
    case("worker_contact", PRESENT, "Allocated social worker: Mr D. Patel", "allocated-initial"),
    case(
        "worker_contact",
        PRESENT,
        "Contact details\nKate Moss, Social Worker, Harrowvale Children's Services, Tel: 01632 960456",
        "contact-details-tel",
    ),
    case(
        "worker_contact",
        PRESENT,
        "Please contact me, Sophie Clarke (Social Worker), on 07700 900111 if you have any questions.",
        "contact-me-on",
    ),
    case("worker_contact", PRESENT, "Your social worker is Priya Shah.", "your-social-worker-is"),
    case("worker_contact", MISSING, "Social worker: [name]", "name-placeholder"),
    case("worker_contact", MISSING, "Social worker: TBC", "tbc"),
    case("worker_contact", PRESENT, "Social Worker - Laura Finch - 0113 496 0777", "dash-separated"),
    case("worker_contact", PRESENT, "You can reach me on 01632 960888 between 9am and 5pm.", "reach-me-on"),
    case("worker_contact", MISSING, "If you need help out of hours, ring the police on 101.", "police-101"),
    # --- vague_timescale -------------------------------------------------------------------------------------
    case("vague_timescale", FLAGGED, "This arrangement will continue until further notice.", "until-further-notice"),
    case("vague_timescale", FLAGGED, "Contact with dad will be supervised on an ongoing basis.", "on-an-ongoing-basis"),
    case(
        "vague_timescale",
        FLAGGED,
        "The agreement will remain in place until the local authority is satisfied that the children are safe.",
        "until-la-satisfied",
    ),
    case("vague_timescale", FLAGGED, "These rules apply indefinitely.", "indefinitely"),
    case(
        "vague_timescale",
        FLAGGED,
        "Until Children's Services decide otherwise, Kyle must not stay overnight at his father's flat.",
        "until-cs-decide",
    ),
    case("vague_timescale", CLEAR, "This is not ongoing: it ends on 3 March 2025.", "not-ongoing"),
    case(
        "vague_timescale",
        CLEAR,
        "This agreement is not open-ended. It will finish on 1 December 2025.",
        "not-open-ended",
    ),
    case("vague_timescale", CLEAR, "Please let us know about any ongoing health problems.", "ongoing-adjective"),
    case("vague_timescale", CLEAR, "This plan lasts for 12 weeks.", "fixed-length"),
    case(
        "vague_timescale",
        FLAGGED,
        "The contact arrangements will remain in place until we say otherwise.",
        "until-we-say-otherwise",
    ),
    case(
        "vague_timescale", FLAGGED, "This will be kept under review on an ongoing basis.", "reviewed-on-ongoing-basis"
    ),
    case("vague_timescale", FLAGGED, "There is no end date for this agreement.", "no-end-date"),
    case(
        "vague_timescale",
        FLAGGED,
        "This agreement will remain in force until social workers are satisfied things have changed.",
        "until-social-workers-satisfied",
    ),
    case(
        "vague_timescale",
        FLAGGED,
        "Mum is not to have unsupervised contact for the foreseeable future.",
        "foreseeable-future",
    ),
    case(
        "vague_timescale",
        CLEAR,
        "We will work with you on an ongoing problem with rent arrears until 30 May 2025.",
        "ongoing-problem-dated",
    ),
    case("vague_timescale", CLEAR, "The support is not indefinite: it stops on 1 August 2025.", "not-indefinite"),
    case(
        "vague_timescale",
        FLAGGED,
        "Supervision of contact will continue until the social worker decides it is safe to stop.",
        "until-social-worker-decides",
    ),
    case("vague_timescale", FLAGGED, "This agreement remains ongoing.", "remains-ongoing"),
    case(
        "vague_timescale",
        CLEAR,
        "This agreement does not go on indefinitely: it ends on 3 April 2025.",
        "not-indefinitely-ends",
    ),
    # --- section20_restriction -------------------------------------------------------------------------------
    case(
        "section20_restriction",
        FLAGGED,
        "Sam is accommodated under section 20. You must not remove Sam from his foster placement.",
        "must-not-remove",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "Mum agrees not to take Ella home from foster care without the agreement of the social worker.",
        "agrees-not-to-take-home",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "You must give 14 days' notice before removing the children from their foster placement.",
        "notice-before-removing",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "While Jayden is in foster care, Dad will not ask for him to come home.",
        "will-not-ask-to-come-home",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "Ellis is in foster care under section 20 (a voluntary arrangement). "
        "Nothing in this agreement stops you taking Ellis home at any time.",
        "nothing-stops-you",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "Leah is staying with foster carers by agreement. You can end this at any "
        "time and take her home; you do not need our permission.",
        "can-end-any-time",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "You are free to take Jack out of foster care whenever you wish.",
        "free-to-take",
    ),
    case("section20_restriction", CLEAR, "Do not take the children to the pub.", "no-care-context"),
    case(
        "section20_restriction",
        FLAGGED,
        "Kelsey is a looked after child. Mum agrees that she will not remove Kelsey from her placement.",
        "will-not-remove-from-placement",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "Dad is not to take the boys home from foster care until the local authority agrees.",
        "not-to-take-home-until",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "You must not withdraw your consent to section 20 without speaking to the social worker first.",
        "not-withdraw-consent",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "Ruby is in foster care with your agreement. You can take her home whenever you want.",
        "whenever-you-want",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "Maya is in foster care under section 20. You have the right to remove her from care at any time.",
        "right-to-remove",
    ),
    case(
        "section20_restriction",
        FLAGGED,
        "Alfie is looked after under section 20. Mum should not try to take Alfie "
        "home without first agreeing it with the social worker.",
        "should-not-try-to-take-home",
    ),
    case(
        "section20_restriction",
        CLEAR,
        "Alfie is looked after under section 20. Please let us know if you decide "
        "to take Alfie home, although you do not need our permission.",
        "let-us-know-no-permission",
    ),
    # --- required_supervised_contact -------------------------------------------------------------------------
    case("required_supervised_contact", FLAGGED, "Contact with dad is to be supervised by nan.", "by-nan"),
    case(
        "required_supervised_contact",
        FLAGGED,
        "All family time between Mr Ward and the girls must be supervised at the contact centre.",
        "must-be-supervised",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Ryan is not to have unsupervised contact with his children.",
        "no-unsupervised",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Kelly's time with the twins has to be supervised by her sister Claire.",
        "has-to-be-by-sister",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Mum will only see the baby when a social worker is present.",
        "only-when-worker-present",
    ),
    case("required_supervised_contact", CLEAR, "We will not ask for contact to be supervised.", "will-not-ask"),
    case("required_supervised_contact", CLEAR, "Family time with Dad does not need to be supervised.", "does-not-need"),
    case(
        "required_supervised_contact", CLEAR, "There is no requirement for contact to be supervised.", "no-requirement"
    ),
    case(
        "required_supervised_contact",
        CLEAR,
        "Contact with the grandparents will carry on as normal.",
        "no-supervision-words",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Family time will take place at the Family Centre and will be supervised by staff.",
        "supervised-by-staff",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Dad can only see the children under supervision.",
        "only-under-supervision",
    ),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Any contact between Lee and Harry must be supervised by a family member approved by the social worker.",
        "approved-family-member",
    ),
    case("required_supervised_contact", CLEAR, "Contact with Dad no longer needs to be supervised.", "no-longer-needs"),
    case("required_supervised_contact", CLEAR, "We are not asking for family time to be supervised.", "not-asking"),
    case("required_supervised_contact", CLEAR, "Supervised contact is not needed.", "not-needed"),
    case(
        "required_supervised_contact",
        FLAGGED,
        "Nanny Sue will supervise all contact between Dad and the children.",
        "nanny-will-supervise-all",
    ),
    case(
        "required_supervised_contact",
        CLEAR,
        "Contact between Dad and the children will be unsupervised from 1 May.",
        "will-be-unsupervised",
    ),
    case(
        "required_supervised_contact",
        CLEAR,
        "Mum does not have to be supervised when she sees the children.",
        "does-not-have-to-be",
    ),
    # --- required_residence ----------------------------------------------------------------------------------
    case(
        "required_residence",
        FLAGGED,
        "The children will live with their grandmother, Pat Evans, until the review.",
        "will-live-with-grandmother",
    ),
    case(
        "required_residence",
        FLAGGED,
        "Jordan must stay with his aunt Lisa in Leeds while the assessment is done.",
        "must-stay-with-aunt",
    ),
    case("required_residence", FLAGGED, "Ava is to reside with MGM.", "reside-with-mgm"),
    case(
        "required_residence",
        FLAGGED,
        "Both boys are to remain living with their uncle, Gary Shaw.",
        "remain-living-with-uncle",
    ),
    case("required_residence", CLEAR, "Nobody is asking that Ellis lives with his grandmother.", "nobody-asking"),
    case(
        "required_residence",
        CLEAR,
        "Maisie may stay with her nan at weekends if she would like to.",
        "may-stay-with-nan",
    ),
    case("required_residence", CLEAR, "The children will live with you at home.", "live-with-parent"),
    case("required_residence", CLEAR, "We are not asking for the children to live with their aunt.", "not-asking"),
    case(
        "required_residence",
        FLAGGED,
        "Mia will continue to live with her maternal aunt, Shelley, while the assessment is completed.",
        "continue-to-live-with-aunt",
    ),
    case(
        "required_residence",
        FLAGGED,
        "The children will stay with Nan and Grandad until further notice.",
        "stay-with-nan-and-grandad",
    ),
    case("required_residence", FLAGGED, "Jake is to live with his paternal grandparents.", "paternal-grandparents"),
    case("required_residence", FLAGGED, "Kian needs to live with his uncle Mark for now.", "needs-to-live-with-uncle"),
    case(
        "required_residence",
        CLEAR,
        "The children can stay with their grandparents at half term if they want to.",
        "can-stay-half-term",
    ),
    case("required_residence", CLEAR, "No one is saying that Tom has to live with his aunt.", "no-one-is-saying"),
    case(
        "required_residence",
        FLAGGED,
        "Until the review, the girls will reside at their grandparents' home.",
        "reside-at-grandparents-home",
    ),
    case("required_residence", FLAGGED, "The girls must stay at Sandra's house.", "stay-at-named-house"),
    case("required_residence", CLEAR, "Leo will continue to live at home with Mum.", "live-at-home-with-mum"),
    case(
        "required_residence",
        CLEAR,
        "The children will stay at Oakfield House until the review.",
        "residential-home-is-not-a-relative",
    ),
    case(
        "required_residence",
        CLEAR,
        "Leo will be looked after by his nan while Mum is at work.",
        "childcare-is-not-residence",
    ),
    # --- victim_controls_abuser ------------------------------------------------------------------------------
    case(
        "victim_controls_abuser",
        FLAGGED,
        DA_BACKGROUND + "What Kayleigh agrees to do\nMum must make sure Dean does not come to the house.",
        "make-sure-does-not-come",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        DA_BACKGROUND + "Safety plan\nKayleigh will not allow Dean into the family home.",
        "not-allow-into-home",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        DA_BACKGROUND + "Mum will:\n- stop Dean from contacting the children.",
        "stop-from-contacting",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        DA_BACKGROUND + "Expectations\nYou must keep Dean away from the children.",
        "keep-away-from",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        DA_BACKGROUND + "What Dean agrees to do\nDean will not go to the family "
        "home and will attend a domestic abuse perpetrator programme. Kayleigh is not responsible for Dean's "
        "behaviour.",
        "expectations-on-abuser",
    ),
    case(
        "victim_controls_abuser", CLEAR, "Mum will make sure the children do not play in the road.", "no-abuse-context"
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        DA_BACKGROUND + "Expectations\nKayleigh will not let the children walk to school on their own.",
        "let-the-children",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        AMY_BACKGROUND + "- Amy will ensure that Carl has no contact with the children.",
        "ensure-no-contact",
    ),
    case(
        "victim_controls_abuser", FLAGGED, AMY_BACKGROUND + "- Amy will not let Carl stay at the house.", "not-let-stay"
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        AMY_BACKGROUND + "- Amy is responsible for making sure Carl does not visit.",
        "responsible-for-making-sure",
    ),
    case(
        "victim_controls_abuser", FLAGGED, AMY_BACKGROUND + "- Amy will not have Carl in the home.", "not-have-in-home"
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        AMY_BACKGROUND + "- M to ensure F has no contact with the children.",
        "m-to-ensure-f",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- Amy will call 999 if she feels unsafe.\n\nWhat Carl "
        "agrees to\n- Carl will not come to Amy's home.",
        "safety-call-and-abuser-stays-away",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- Amy will make sure the children go to bed by 8pm.",
        "make-sure-children",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- Amy will not have visitors in the home after 9pm.",
        "visitors-is-not-a-person",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        AMY_BACKGROUND + "- Amy will keep the children away from Carl.",
        "keep-children-away-from-abuser",
    ),
    case(
        "victim_controls_abuser",
        FLAGGED,
        AMY_BACKGROUND + "- Amy will not let her partner stay overnight.",
        "not-let-her-partner",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- It is not Amy's job to stop Carl from coming to the house.",
        "not-her-job",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- Amy will not let anyone smoke in the house.",
        "anyone-is-not-the-abuser",
    ),
    case(
        "victim_controls_abuser",
        CLEAR,
        AMY_BACKGROUND + "- Amy will not allow the social worker in without notice.",
        "professional-is-not-the-abuser",
    ),
    # --- recording_ban ---------------------------------------------------------------------------------------
    case("recording_ban", FLAGGED, "You are not to record any meetings.", "not-to-record"),
    case("recording_ban", FLAGGED, "Recording of visits by parents is not permitted.", "not-permitted"),
    case(
        "recording_ban", FLAGGED, "Mr Hill must not film or record social work visits or phone calls.", "must-not-film"
    ),
    case("recording_ban", FLAGGED, "No recording devices may be used during meetings.", "no-devices"),
    case("recording_ban", CLEAR, "You may record meetings.", "may-record"),
    case("recording_ban", CLEAR, "You are welcome to record our visits, but please tell us first.", "welcome-to"),
    case(
        "recording_ban",
        CLEAR,
        "We will not record the meeting, but we will send you written notes.",
        "we-will-not-record",
    ),
    case("recording_ban", CLEAR, "Please keep a record of the children's bedtimes.", "keep-a-record"),
    case(
        "recording_ban", FLAGGED, "Parents must not record conversations with professionals.", "parents-must-not-record"
    ),
    case("recording_ban", FLAGGED, "Meetings and home visits must not be recorded.", "passive-must-not-be-recorded"),
    case("recording_ban", FLAGGED, "Recording of meetings is not allowed.", "not-allowed"),
    case(
        "recording_ban",
        FLAGGED,
        "You agree not to make any recordings of social workers.",
        "agree-not-to-make-recordings",
    ),
    case("recording_ban", CLEAR, "You do not need our permission to record meetings.", "no-permission-needed"),
    case("recording_ban", CLEAR, "You can record our conversations if this helps you.", "can-record-conversations"),
    case("recording_ban", CLEAR, "Phone calls will not be recorded by the council.", "council-will-not-record"),
    case("recording_ban", FLAGGED, "Recording devices are not permitted in meetings.", "devices-not-permitted"),
    case("recording_ban", CLEAR, "If you want to record the meeting, please let us know at the start.", "let-us-know"),
    # --- coercive_wording ------------------------------------------------------------------------------------
    case("coercive_wording", FLAGGED, "Sign before you leave today.", "sign-before-you-leave"),
    case("coercive_wording", FLAGGED, "You must sign this agreement.", "you-must-sign"),
    case("coercive_wording", FLAGGED, "If you refuse to sign we will go to court.", "refuse-court"),
    case("coercive_wording", FLAGGED, "Refusal to sign will be seen as a lack of engagement.", "lack-of-engagement"),
    case(
        "coercive_wording", FLAGGED, "If you don't sign, we will have no choice but to call a conference.", "no-choice"
    ),
    case("coercive_wording", CLEAR, "You do not have to sign this agreement today.", "do-not-have-to"),
    case("coercive_wording", CLEAR, "Take as long as you need before you decide whether to sign.", "take-your-time"),
    case("coercive_wording", CLEAR, "If the agreement is broken, we may go to court.", "breach-is-not-pressure"),
    case("coercive_wording", CLEAR, "Please sign and date below.", "please-sign"),
    case("coercive_wording", FLAGGED, "This agreement needs to be signed today.", "needs-to-be-signed-today"),
    case(
        "coercive_wording",
        FLAGGED,
        "Not signing this agreement will be taken as a refusal to work with us and we "
        "will escalate to child protection.",
        "not-signing-escalate",
    ),
    case(
        "coercive_wording",
        FLAGGED,
        "You are required to sign this agreement before the meeting ends.",
        "required-before-meeting-ends",
    ),
    case(
        "coercive_wording",
        FLAGGED,
        "If this agreement is not signed by Friday, we will consider court action.",
        "not-signed-by-friday",
    ),
    case(
        "coercive_wording", CLEAR, "You can take this agreement home and sign it when you are ready.", "sign-when-ready"
    ),
    case(
        "coercive_wording",
        CLEAR,
        "You don't have to sign this, and it won't be held against you if you don't.",
        "wont-be-held-against-you",
    ),
    case(
        "coercive_wording",
        FLAGGED,
        "We expect you to sign this agreement at the end of today's meeting.",
        "expect-you-to-sign",
    ),
    case(
        "coercive_wording",
        FLAGGED,
        "If you will not sign, we will have to call an emergency strategy meeting.",
        "will-not-sign-strategy",
    ),
    case(
        "coercive_wording",
        CLEAR,
        "Please take this away and think about it. You can sign it next week if you agree.",
        "sign-next-week",
    ),
    # --- unexplained_jargon ----------------------------------------------------------------------------------
    case("unexplained_jargon", FLAGGED, "Ben is LAC and his IRO will chair the meeting.", "lac-iro"),
    case("unexplained_jargon", FLAGGED, "The case will be taken to an LPM.", "lpm"),
    case("unexplained_jargon", FLAGGED, "The core group will meet every four weeks.", "core-group"),
    case("unexplained_jargon", FLAGGED, "Katie will remain under s20.", "s20"),
    case("unexplained_jargon", FLAGGED, "A strategy meeting was held on 4 March.", "strategy-meeting"),
    case(
        "unexplained_jargon",
        CLEAR,
        "Ben is a Looked After Child (LAC), which means the council shares responsibility for his care.",
        "lac-explained",
    ),
    case(
        "unexplained_jargon",
        CLEAR,
        "The core group (the parents and professionals who work together on the plan) will meet monthly.",
        "core-group-explained",
    ),
    case(
        "unexplained_jargon",
        CLEAR,
        "Words we use\nCIN: child in need, a child who needs extra help.\n\n"
        "What happens next\nThe CIN meeting will be on 6 May.",
        "glossary-box",
    ),
    case("unexplained_jargon", CLEAR, "Please see your GP about your sleep.", "gp-is-everyday"),
    case(
        "unexplained_jargon", CLEAR, "The child protection conference will look at the plan again.", "written-in-full"
    ),
    case("unexplained_jargon", FLAGGED, "Lily is subject to a CP plan.", "cp-plan"),
    case("unexplained_jargon", FLAGGED, "If things do not improve, we will enter PLO.", "enter-plo"),
    case("unexplained_jargon", FLAGGED, "The SW will visit weekly.", "sw"),
    case("unexplained_jargon", FLAGGED, "An ICPC will be held on 5 June 2025.", "icpc"),
    case("unexplained_jargon", FLAGGED, "This is a CIN plan.", "cin-plan"),
    case(
        "unexplained_jargon",
        CLEAR,
        "A Public Law Outline (PLO) meeting is a formal meeting with the council's "
        "lawyers before any decision about court.",
        "plo-defined-after-term",
    ),
    case(
        "unexplained_jargon",
        CLEAR,
        "Lily has a child protection plan. This means professionals will work with you to keep her safe.",
        "cp-plan-in-full",
    ),
    case(
        "unexplained_jargon",
        CLEAR,
        "Words we use\nPLO - the Public Law Outline, the steps before the council goes "
        "to court.\n\nNext steps\nWe may start PLO.",
        "glossary-dash",
    ),
    case("unexplained_jargon", FLAGGED, "We will hold an RCPC in three months.", "rcpc"),
    case("unexplained_jargon", FLAGGED, "The IRO will review Callum's care plan.", "iro"),
    case(
        "unexplained_jargon",
        CLEAR,
        "Callum has an Independent Reviewing Officer (IRO), a social worker who checks his care plan is working.",
        "iro-explained",
    ),
    case(
        "unexplained_jargon",
        CLEAR,
        "We will hold a review child protection conference (a meeting to look at the plan again) in three months.",
        "review-conference-in-full",
    ),
]


# --- whole agreements, written in four other councils' styles --------------------------------------------------

NUMBERED_CONTRACT = """\
LINMOUTH BOROUGH COUNCIL - FAMILY SAFEGUARDING SERVICE
Contract of Expectations

Family: Mr Daniel Reid and Ms Chloe Booth
Children: Harley Reid (6) and Summer Reid (2)
Social worker: Fatima Noor, 01632 960271 (duty team 01632 960200)
Agreed on: 10 February 2025

1. What this document is
1.1 This document is a record of what we have agreed. It has no legal force and is not a court order, but it could be looked at by a court if there were ever care proceedings.
1.2 Before you sign, you are welcome to get independent advice from a solicitor or from the Linmouth Parents' Advice Line (0113 496 0452).

2. Why Children's Services are involved
2.1 On 3 February 2025 Summer was taken to hospital after swallowing tablets that had been left on the kitchen table. Harley's school has also told us that he often arrives without breakfast.

3. What we are aiming for
3.1 The aim is that both children are safe at home, that medicines are stored out of reach, and that Harley starts each school day fed and ready to learn.

4. What Daniel and Chloe will do
4.1 Keep all medicines in the locked cabinet we have provided.
4.2 Make sure Harley has breakfast before school or goes to the school's breakfast club.
4.3 Take Summer to her follow-up appointment with the GP on 17 February 2025.

5. What Children's Services will do
5.1 Fit a lockable medicine cabinet in the kitchen by 14 February 2025.
5.2 Pay for a place at the breakfast club for the length of this agreement.
5.3 Arrange for a family support worker to visit every Tuesday to help with morning routines.

6. How long it lasts
6.1 This contract runs for ten weeks, from 10 February 2025 to 21 April 2025.

7. Reviews
7.1 We will review the contract with you on 17 March 2025 and again on 21 April 2025.

8. If things do not improve
8.1 If the children are not safe at home, we will hold a meeting with you to decide whether a child protection conference is needed.

9. If the contract is not kept
9.1 If the contract is not kept, we will talk to you about why. It may be mentioned in any future court proceedings.

Signed ____________________ Daniel Reid     Date ____________
Signed ____________________ Chloe Booth     Date ____________
Signed ____________________ Fatima Noor (social worker)     Date ____________
"""

LETTER_WITH_REPLY_SLIP = """\
Merrowdale Council
Children and Families

Dear Mr Okonjo,

Working agreement for Precious (aged 4)

Thank you for meeting me at your flat on 2 June 2025. I am writing to set out what we agreed. This letter is not a contract and no court can make you keep to it. You can talk to an advocate, a solicitor or someone you trust about it before you sign the slip at the bottom.

We are worried because Precious has missed six appointments at the children's hospital for her asthma, and she was admitted twice in May with breathing problems.

What we would like to see is Precious getting her inhalers every day and going to every hospital appointment, so that she does not need to stay in hospital again.

You agreed to:
- give Precious her inhalers morning and night, as the nurse showed you;
- take her to her clinic appointments, and ring the clinic if you cannot go.

I will:
- book a taxi to take you and Precious to each clinic appointment;
- ask the asthma nurse to visit you at home to go over the inhalers with you;
- help you apply for Disability Living Allowance for Precious.

This agreement lasts for eight weeks, until 28 July 2025. We will meet at your flat on 30 June 2025 to see how it is going.

If Precious keeps missing appointments or becomes unwell again, I will arrange a meeting with you and her doctors to agree what needs to change, and this may include a child protection conference.

If the agreement is not kept, this will be written down and could be referred to if the case ever went to court.

If you need to speak to me, my number is 07700 900318.

Yours sincerely,
Olu Adeyemi
Social Worker

Reply slip
I have read this agreement.
Signed ______________________  Date ____________
"""

TABLE_SAFETY_PLAN = """\
BRACKENFORD BOROUGH COUNCIL
Safety Plan Agreement

Mother: Jodie Carr
Child: Tyler Carr (3)
SW: Gemma Holt
Date: 9 January 2025

This agreement is not legally binding.

Why we are worried
Tyler was found wandering in the street on his own at 11pm on 4 January 2025. Jodie has told us she had been drinking that evening.

| What needs to happen | Who will do it | By when |
| Tyler to live with his grandmother, Sandra Carr, at her home in Brackenford | Jodie and Sandra | From today |
| Jodie's time with Tyler to be supervised by Sandra at all times | Jodie and Sandra | Ongoing |
| Jodie to attend the alcohol service | Jodie | 20 January 2025 |
| Referral to the Brackenford alcohol service and help with the bus fare | Gemma (social worker) | 13 January 2025 |

This plan will remain in place until further notice. It will be reviewed at the CIN meeting on 6 February 2025.

If you do not keep to this agreement, the LA may show it to the court as evidence.

The aim is for Tyler to return home safely to Jodie.

You must sign this agreement today.

Signed ______________ (Jodie Carr)  Date ________
Signed ______________ (Gemma Holt)  Date ________
"""

DOMESTIC_ABUSE_PARTNERSHIP = """\
GREYFIELD CHILDREN'S SERVICES
PARTNERSHIP AGREEMENT

Parent: Ms Rachel Evans
Children: Mason (8) and Lily-Mae (5)
Allocated worker: Ben Talbot, Greyfield Children's Services, tel. 020 7946 0588

Status
This agreement is not a legal contract. If there were ever care proceedings, a court could be told whether it was kept.

Background
On 22 March 2025 police attended the home after Rachel's ex-partner, Shane Dwyer, assaulted her. Mason told his teacher that Shane shouts and breaks things. Shane has a history of domestic abuse in previous relationships.

Goal
Our goal is for Mason and Lily-Mae to be safe from violence and for Rachel to feel supported.

Rachel will:
1. Not let Shane into the house or allow him to see the children.
2. Make sure Shane does not collect the children from school.
3. Not record any meetings or telephone calls with the social worker.

Children's Services will:
1. Refer Rachel to the Greyfield Domestic Abuse Service for one-to-one support.
2. Help Rachel apply for a non-molestation order.

Timescale
This agreement will be in place for 12 weeks, from 31 March 2025 to 23 June 2025. It will be reviewed on 5 May 2025.

If the children are not safe
If Shane comes back to the home, we will hold a strategy discussion with the police.

Signed ___________ (Rachel Evans)  Date ______
Signed ___________ (Ben Talbot)  Date ______
"""

WHOLE_AGREEMENTS = [
    pytest.param(NUMBERED_CONTRACT, set(), set(), id="numbered-contract-complete"),
    pytest.param(LETTER_WITH_REPLY_SLIP, set(), set(), id="letter-complete"),
    pytest.param(
        TABLE_SAFETY_PLAN,
        {"timescale", "contingency_plan", "legal_advice"},
        {
            "vague_timescale",
            "required_supervised_contact",
            "required_residence",
            "coercive_wording",
            "unexplained_jargon",
        },
        id="table-safety-plan-with-kinship-concerns",
    ),
    pytest.param(
        DOMESTIC_ABUSE_PARTNERSHIP,
        {"legal_advice"},
        {"victim_controls_abuser", "recording_ban", "unexplained_jargon"},
        id="domestic-abuse-numbered",
    ),
]


@pytest.mark.parametrize(("text", "missing", "flagged"), WHOLE_AGREEMENTS)
def test_whole_agreement_gets_exactly_the_expected_findings(text: str, missing: set[str], flagged: set[str]) -> None:
    findings = check(read_pasted_text(text))
    assert {f.id for f in findings if f.status == MISSING} == missing
    assert {f.id for f in findings if f.status == FLAGGED} == flagged
    text_flat = _norm(text)
    for finding in findings:
        assert all(_norm(e.quote) in text_flat for e in finding.evidence), finding.id


def findings_for(text: str) -> dict[str, Finding]:
    return {f.id: f for f in check(read_pasted_text(text))}


@pytest.mark.parametrize(("text", "element", "expected"), CASES)
def test_element_status_matches_a_careful_reading(text: str, element: str, expected: str) -> None:
    finding = findings_for(text)[element]
    assert finding.status == expected, [e.quote for e in finding.evidence]


def test_every_element_is_tested_both_ways_at_least_three_times() -> None:
    counts: dict[tuple[str, str], int] = {}
    for param in CASES:
        _, element, status = param.values
        counts[element, status] = counts.get((element, status), 0) + 1
    for element in ELEMENT_IDS:
        per_status = [n for (e, _), n in counts.items() if e == element]
        assert len(per_status) == 2 and min(per_status) >= 3, element


def test_a_threat_about_not_signing_is_coercion_not_a_plan() -> None:
    findings = findings_for("If you refuse to sign we will go to court.")
    assert findings["coercive_wording"].status == FLAGGED
    assert findings["contingency_plan"].status == MISSING
    assert findings["breach_consequences"].status == MISSING


def test_one_sentence_can_be_a_contingency_plan_and_a_breach_consequence() -> None:
    findings = findings_for(
        "Should concerns grow or this agreement not be kept, we will hold a legal planning "
        "meeting and may start court proceedings."
    )
    assert findings["contingency_plan"].status == PRESENT
    assert findings["breach_consequences"].status == PRESENT


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("text", "element", "expected"), CASES)
def test_evidence_is_quoted_word_for_word(text: str, element: str, expected: str) -> None:
    document = read_pasted_text(text)
    for finding in check(document):
        if finding.status in (PRESENT, FLAGGED):
            assert finding.evidence, finding.id
        for evidence in finding.evidence:
            assert _norm(evidence.quote) in _norm(document.text), (finding.id, evidence.quote)


def test_every_finding_explains_itself_and_names_its_sources(sample_text: str) -> None:
    findings = check(read_pasted_text(sample_text))
    assert [f.id for f in findings] == list(ELEMENT_IDS)
    for finding in findings:
        assert finding.explanation.strip() and finding.advice.strip(), finding.id
        assert finding.sources, finding.id


def test_a_complete_agreement_has_every_required_element_and_no_concern(sample_text: str) -> None:
    findings = check(read_pasted_text(sample_text))
    assert {f.status for f in findings if f.kind == "required"} == {PRESENT}
    assert {f.status for f in findings if f.kind == "concern"} == {CLEAR}
