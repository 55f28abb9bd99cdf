"""The checks for the elements an agreement should have, and the small tools every check shares."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..reading.clauses import SIGN_OFF, SIGNATURE_LINE, Clause
from .context import PLACEHOLDER, POINTER, WORKER_TITLES, Context, Unit, mentions, roles_of
from .dates import DATE, END_WORDS


def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a rule's pattern. Most run on lower-cased text, where re.I would only slow them down."""
    return re.compile(pattern, flags)


NEGATION = rx(r"\b(not|never|no|nobody|nothing|neither|nor|without)\b|n't\b|\bno one\b")
CONDITIONAL_START = rx(r"^\W*(if|should|unless|where|in the event|when)\b")
SIGNING = rx(
    r"\b(refus\w*|decline|do not|don't|not|won't|will not|fail\w*|without)\b[^.;]{0,20}\bsign(ing|ed)?\b"
    r"|\bsign(ing)? (it|this)\b[^.;]{0,10}\b(today|now)"
)


def negated_before(low: str, start: int, words: int = 5) -> bool:
    """Whether one of the `words` words before position `start` negates what follows."""
    # Look back a bounded stretch, not the whole text: rules ask this once per match, and a long sentence holds
    # thousands of matches. A word the stretch cuts in two is left out, so "cannot" never reads as "not".
    cut = max(0, start - 40 * (words + 1))
    piece = re.split(r"[,;:(]", low[cut:start])
    before = piece[-1].split()
    if cut and len(piece) == 1 and not low[cut - 1].isspace():
        before = before[1:]
    return bool(NEGATION.search(" ".join(before[-words:])))


def first(units: Iterable[Unit], pattern: re.Pattern, exclude: re.Pattern | None = None) -> list[Unit]:
    return [u for u in units if pattern.search(u.low) and not (exclude and exclude.search(u.low))]


# --- required elements ----------------------------------------------------------------------------------------

NOT_BINDING = rx(
    r"\bnot (a |an )?(legally[- ])?(binding|enforceable)\b"
    r"|\bnot an? (legal|court) (contract|document|agreement|order)\b|\bnot a (contract|court order)\b|\b(cannot|can ?not|can't|will not|won't|could not) be enforced"
    r"|\bno ?(body|one|court|judge) can (take you to court|make you (keep|stick|follow)|force you|enforce)"
    r"|\b(cannot|can't) be taken to court|\b(has|have|carries|with) no legal (force|standing|status|effect|weight)"
    r"|\b(does not|doesn't) (have|carry) (any )?legal (force|standing|status|effect|weight)"
    r"|\bnot (something|anything) (that )?(a |the )?(court|judge) (can|could) (enforce|make you)"
)


# Every match of NOT_BINDING holds one of these: "binding"/"enforce(able|d)", "legal"/"court", "contract"/"court",
# "court"/"make you"/"force you"/"enforce" (no one can...), "court", "legal" (twice), "court"/"judge".
NOT_BINDING_WORDS = ("binding", "enforce", "legal", "court", "contract", "make you", "force you", "judge")


def not_legally_binding(ctx: Context) -> list[Unit]:
    """Says it is not legally binding, not a contract, or cannot be enforced by a court."""
    return first([u for u in ctx.body if mentions(u.low, NOT_BINDING_WORDS)], NOT_BINDING)


WORRY = rx(
    r"\b(we are|we're|i am|i'm|we have been|(the )?(local authority|council|school|hospital|nursery|police|health visitor"
    r"|professionals?|staff|children's services|social care|children's social care)( staff)? (is|are|have been|has been))"
    r"( (very|really|particularly|also|most|still))? (worried|concerned)\b|\bour (main )?(worry|worries|concern|concerns)"
    r" (is|are)\b|\bthe (main |key )?(worry|worries|concern|concerns) (is|are) that\b"
    r"|\b(are|became|become|got|were|have been|has been|is) involved (because|after|following|due to)\b"
    r"|\bthe reasons? (for|why)\b.{0,40}\b(is|are)\b"
)


# Every match of WORRY holds one of these: "worried"/"concerned", "worr(y|ies)"/"concern(s)" (twice), "involved",
# "reason(s)".
WORRY_WORDS = ("worr", "concern", "involved", "reason")


def concerns_stated(ctx: Context) -> list[Unit]:
    """Explains what the council is worried about, or why it is involved."""
    in_section = [u for u in ctx.in_role("concerns") if not ({"contingency", "breach"} & u.roles)]
    stated = [
        u
        for u in ctx.body
        if mentions(u.low, WORRY_WORDS)
        and WORRY.search(u.low)
        and not CONDITIONAL_START.search(u.low)
        and not ({"contingency", "breach", "parent"} & u.roles)
    ]
    return [u for u in _substantive(in_section) + stated if not POINTER.search(u.low)]


def _substantive(units: list[Unit]) -> list[Unit]:
    return [u for u in units if len(u.low.split()) >= 4 and u.clause.kind != "signature"]


PARENT_NOUNS = r"you|you both|you will both|mum|dad|mother|father|(both |the )?parents|(the )?(main )?carers?"
EXPECTED = (
    r"(will|must|should|shall|agrees? to|agreed to|agrees? that (he|she|they) (will|must)|needs? to"
    r"|(is|are) (expected|asked|required) to|(is|are) to)"
    r"( both)?\s+(not\s+)?(?!be (given|told|invited|offered|sent|able|asked)|get\b|receive|have the right)"
)
PASSIVE_PROMISE = rx(r"^\W*\w+ will (be (given|offered|told|invited|sent)|get|receive)\b")


def _parent_subject(ctx: Context) -> re.Pattern:
    """A sentence whose subject is the parent ("You will", "Mum agrees to", "Ms Okafor must") and says what to do."""
    names = "|".join(re.escape(n.lower()) for n in ctx.parent_names)
    named = rf"|((mr|mrs|ms|miss|mx)\.? )?({names})( and \w+)?" if names else ""
    workers = "|".join(re.escape(n.lower()) for n in ctx.worker_names)
    titled = rf"|(mr|mrs|ms|miss|mx)\.? (?!({workers})\b)[a-z'-]+" if workers else r"|(mr|mrs|ms|miss|mx)\.? [a-z'-]+"
    return rx(rf"^\W*({PARENT_NOUNS}{named}{titled})\s+{EXPECTED}")


def parent_expectations(ctx: Context) -> list[Unit]:
    """Says what the parent or carer is expected, asked or agrees to do or not do."""
    in_section = [
        u
        for u in ctx.in_role("parent")
        if u.clause.kind in ("item", "paragraph", "row")
        and not PASSIVE_PROMISE.search(u.low)
        and not u.roles & {"concerns", "goal"}
    ]
    subject = _parent_subject(ctx)
    stated = [
        u for u in ctx.body if u.clause.kind != "field" and not u.roles & {"la", "concerns"} and subject.search(u.low)
    ]
    return [u for u in _substantive(in_section) + stated if not POINTER.search(u.low)]


SUPPORT = rx(
    r"\b(refer|referr\w*|referral|arrange\w*|pay|paid|fund\w*|apply|applying|application|help\w*|support\w*|offer\w*"
    r"|book\w*|provid\w*|give|giving|grant|voucher|go with|come with|accompan\w+|interpreter|translat\w+|transport"
    r"|bus (fare|pass)|fares|place (at|on|for)|ask (the|a|your|his|her) [\w' ]{2,30} (to|for|about)|speak to the \w+ about"
    r"|find out whether|register|equipment|counselling|sessions|course|loan|keep you (informed|updated|up to date)"
    r"|return your calls|let you know|copies|childcare|creche|fit(ted)?|locks|camera|advice|advocate|tell you)\b"
)
MONITORING_TAIL = rx(r"\b(to|and) (check|see|monitor|make sure|ensure)\b")
LA_SUBJECT = rx(
    r"^\W*(i|we|the social worker|your social worker|the council|the local authority|the la|children's"
    r" services|children's social care|social care|the service|sw)( will| agrees? to| can| are going to|'ll)\b"
)


def la_support(ctx: Context) -> list[Unit]:
    """Says what the council or other services will do to help, not only to check."""
    candidates = [u for u in ctx.in_role("la") if u.clause.kind in ("item", "paragraph", "row")]
    candidates += [u for u in ctx.body if LA_SUBJECT.search(u.low) and "la" not in u.roles]
    if ctx.parent_speaks:  # "I will bring a snack for Harley" is the parent's promise, not the council's help
        candidates = [u for u in candidates if not re.match(r"^\W*i\b", u.low)]
    return [
        u
        for u in candidates
        if not CONDITIONAL_START.search(u.low)
        and not u.roles & {"contingency", "breach"}
        and SUPPORT.search(MONITORING_TAIL.split(u.low, maxsplit=1)[0])
    ]


DURATION = rx(
    r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|eighteen"
    r"|twenty|twenty-four|twenty-six|thirty|fifty-two)[- ](days?|weeks?|months?|years?)\b"
)
END_DATE = rx(rf"\b({END_WORDS})\b:?[^.;:]{{0,50}}?" + DATE.pattern)
LASTING = rx(
    r"\b(this|the|these|my|our)( [\w-]+)? (agreement|contract|plan|arrangements?|wa|promises|undertakings?"
    r"|expectations|rules)\b[^.;]{0,30}"
    r"\b(runs?|lasts?|will (run|last|end|finish|stop|apply)|ends|is for|in place|remains?|applies|starts)\b"
    r"|\bit (runs|lasts|ends|will (run|last|end))\b|^\W*(wa|agreement|contract) to (remain|run|last)\b"
)
# Every match of LASTING holds one of these: the first form ends in "run(s)", "last(s)", "will (run|last|end|finish|stop
# |apply)", "ends", "is for", "in place", "remain(s)", "applies" or "starts"; "it ..." in "run"/"last"/"ends"/"will
# end"; "... to (remain|run|last)".
LASTING_WORDS = (
    "run",
    "last",
    "ends",
    "will end",
    "will finish",
    "will stop",
    "will apply",
    "is for",
    "in place",
    "remain",
    "applies",
    "starts",
)
OPEN_ENDED = rx(r"until further notice|\[|blank|to be agreed|tbc")
# A sentence whose subject is the agreement itself, by name or as "it" ("It covers the six weeks of the
# assessment"), or whose plan is set for a stretch of time ("visits are planned for ten weeks"): with a specific
# duration or end date, whatever the verb, it gives the timescale.
ABOUT_THE_PLAN = rx(
    r"^\W*(it|(this|the|your|our)( [\w-]+){0,2} (agreement|contract|plan|arrangements?|schedule|rules))\b"
    r"|\b(planned|arranged|agreed|set|booked) for\b|\bcame to an end\b|\bended\b"
)
# Two dates that bound a stretch of time: "from 2 June to 11 July", "2 June to 11 July", "starts on ... and
# finishes on ...".
BETWEEN_DATES = rx(
    r"^\s*(to|until|till|through|-|–)\s*$|^[^.;]{0,30}\band (it )?(finishes|ends|will (finish|end))\b[^.;]{0,30}$"
)


def date_range(text: str) -> bool:
    """Whether two dates in the text bound a stretch of time."""
    found = list(DATE.finditer(text))
    return any(BETWEEN_DATES.search(text[a.end() : b.start()]) for a, b in zip(found, found[1:], strict=False))


def timescale(ctx: Context) -> list[Unit]:
    """Gives a specific duration or end date for the agreement itself."""

    def specific(u: Unit) -> bool:
        bounded = DURATION.search(u.low) or END_DATE.search(u.low) or date_range(u.text)
        return bool(bounded) and not OPEN_ENDED.search(u.low)

    in_section = [u for u in ctx.in_role("timescale") if specific(u)]
    stated = [
        u
        for u in ctx.body
        if mentions(u.low, LASTING_WORDS)
        and LASTING.search(u.low)
        and specific(u)
        and not CONDITIONAL_START.search(u.low)
    ]
    about = [
        u
        for u in ctx.body
        if (ABOUT_THE_PLAN.search(u.low) or date_range(u.text)) and specific(u) and not CONDITIONAL_START.search(u.low)
    ]
    return in_section + stated + about


REVIEW_WORDS = rx(
    r"\breview(ed|s|ing)?\b|look(ed)? at (it|this|the agreement|this agreement)[^.]{0,20} again"
    r"|\blooked at again\b|(see|check|talk about|think about|discuss|go over|look at|talk through) how"
    r" (this|the|it|things)( [\w-]+)? (is|are|has been|have been) (working|going)"
    r"|sit down together|meet (again|halfway)|check(ing)? (in )?on how"
)
# Every match of REVIEW_WORDS holds one of these: "review", "again" (twice), "how" (twice), "sit down", "meet".
REVIEW_HINTS = ("review", "again", "how", "sit down", "meet")
PERIODIC = rx(
    r"\bevery (\d+|one|two|three|four|five|six|eight|few|other) (days?|weeks?|months?)\b"
    r"|\b(weekly|fortnightly|monthly)\b"
)
NOT_A_REVIEW = rx(
    r"as and when|if (needed|required|necessary)|when (needed|required|necessary)|\bwe reviewed\b"
    r"|\bwas reviewed\b|\b(previous|last|earlier|old) (agreement|plan)"
    r"|\breview of (your|his|her|their|my) (?!agreement|plan|progress|situation)"
    r"|\bmeet again\b[^.]{0,40}\bto sign\b"
)


def review(ctx: Context) -> list[Unit]:
    """Says when or how the agreement will be looked at again."""

    def dated(u: Unit) -> bool:
        return bool(DATE.search(u.low) or PERIODIC.search(u.low)) and not NOT_A_REVIEW.search(u.low)

    in_section = [
        u
        for u in ctx.in_role("review")
        if dated(u)
        and not CONDITIONAL_START.search(u.low)
        and not (u.clause.kind == "field" and "review" not in roles_of(u.text.partition(":")[0]))
    ]
    stated = [
        u
        for u in ctx.body
        if mentions(u.low, REVIEW_HINTS)
        and REVIEW_WORDS.search(u.low)
        and dated(u)
        and not CONDITIONAL_START.search(u.low)
        and "review" not in u.roles
    ]
    return in_section + stated


FAILING = rx(
    r"\bnot (working|work|improv\w*|get(ting)? better|safe|go(ing)? as planned|being met|chang\w*|enough)"
    r"|\bstill\b|continu(e|es|ing) to|\bagain\b|(another|further|new|more) (incidents?|injur\w+)"
    r"|(new|further|more) (worries|concerns)|(worries|concerns)\b"
    r"[^.;]{0,30}\b(grow|escalate|increase|get worse)|escalat\w*|worse|unsafe|at risk|more help"
    r"|\bkeeps? \w+ing\b|despite|no (progress|improvement)|ha(s|ve) not improved"
    r"|\b(do(es)?( not|n't)) (improve|reduce|lessen|ease|go away)\b|cannot be|can't be"
    r"|not (kept|adhered|followed|complied|met)|\bbreach|\bbroken\b|does not work|doesn't work"
    r"|(further|more|serious) harm"
)
# Every match of FAILING holds one of these (alternative by alternative): "not", "still", "continu", "again",
# "incident"/"injur", "worries"/"concerns" (twice), "escalat", "worse", "unsafe", "at risk", "more help", "keep",
# "despite", "no progress"/"no improvement", "not", "not"/"n't", "not" (in "cannot"), "n't", "not", "breach",
# "broken", "not"/"n't", "harm".
FAILING_WORDS = (
    "not",
    "n't",
    "still",
    "continu",
    "again",
    "incident",
    "injur",
    "worries",
    "concerns",
    "escalat",
    "worse",
    "unsafe",
    "at risk",
    "more help",
    "keep",
    "despite",
    "no progress",
    "no improvement",
    "breach",
    "broken",
    "harm",
)


def _failing(low: str) -> bool:
    """Whether the words say the plan is not working or things are getting worse."""
    return mentions(low, FAILING_WORDS) and bool(FAILING.search(low))


BREACH_ONLY = rx(
    r"(not|n't) (be |being )?(keep|kept|keeping|adhered|followed|complied|stick|met)\w*|\bbreach|\bbroken\b"
    r"|\bbreak\b|fail\w* to (keep|comply|follow|stick)|non-?compliance"
)
NEXT_STEP = rx(
    r"conference|meeting|\bmeet\b|legal (planning|team|gateway)|lawyers?|solicitors?|court|proceedings"
    r"|\bplo\b|public law outline|\blpm\b|pre-proceedings|new plan|different plan|enquiries|investigation"
    r"|core group|strategy|consider (whether|if)|decide (whether|what)|child in need plan|legal advice"
)
STRONG_NEXT_STEP = rx(
    r"conference|meeting|\blpm\b|\bplo\b|pre-proceedings|(start|initiat\w*|issu\w*|enter\w*|begin)\w*"
    r"[^.;]{0,20}proceedings|apply\w* (to|for) (a |the )?court|new plan|different plan"
)


# Every match of NEXT_STEP holds one of these, alternative by alternative; "plan", "consider" and "decide" are
# written out with the words the pattern needs after them, as on their own they are in most sentences of a plan.
NEXT_STEP_WORDS = (
    "conferenc",
    "meet",
    "legal",
    "lawyer",
    "solicitor",
    "court",
    "proceedings",
    "plo",
    "public law",
    "lpm",
    "new plan",
    "different plan",
    "child in need plan",
    "enquiries",
    "investigation",
    "core group",
    "strategy",
    "consider whether",
    "consider if",
    "decide whether",
    "decide what",
)


def contingency_plan(ctx: Context) -> list[Unit]:
    """Names a next step (a conference, a legal meeting, court, a new plan) if the plan is not working."""
    found = []
    for u in ctx.body:
        if (
            not mentions(u.low, NEXT_STEP_WORDS)
            or not NEXT_STEP.search(u.low)
            or ("sign" in u.low and SIGNING.search(u.low))  # every match of SIGNING holds "sign"
        ):
            continue
        in_section = "contingency" in u.roles
        if not in_section and not (CONDITIONAL_START.search(u.low) or re.search(r"\b(if|should|unless)\b", u.low)):
            continue  # neither in the section nor conditional: kept only when both conditional and failing
        failing = _failing(u.low)
        if in_section or failing:
            breach_only = failing and not _failing(BREACH_ONLY.sub("", u.low))
            if not breach_only or STRONG_NEXT_STEP.search(u.low):
                found.append(u)
    return found


BREACH_CONDITION = rx(
    r"\b(not|n't) (keep|kept|keeping|follow|followed|following|stick|stuck|adhere|adhered|comply"
    r"|complied)\b|\bbreach\w*|\bbreak(s|ing)?\b|\bbroken\b|fail\w* to (keep|comply|follow|stick"
    r"|adhere)|non-?compliance|\bdo(es)? not happen\b|not (be |being )?(kept|followed)|\bmissed\b"
)
CONSEQUENCE = rx(
    r"court|evidence|evidenced|proceedings|legal (advice|action)|\brecord\w*|enforce|\bused\b|mentioned"
    r"|referred to|relied|taken (seriously|into account)|consequences|lawyers?|solicitors?|written (down|in)"
    r"|seen by|reported|legal team|advice from"
)
EVIDENTIAL_USE = rx(
    r"\b(could|may|might|will|can) be (used|mentioned|referred to|relied (up)?on|put before|shown|seen)"
    r"( as evidence)? (in|by|to|before) (a |the |any )?(court|judge|family court)"
    r"|\b(a|the) (family )?(court|judge) (could|may|might|will|can) (be told|see|hear|be shown"
    r"|look at)\b"
)


BREACH_WORDS = (
    "keep",
    "kept",
    "follow",
    "stick",
    "stuck",
    "adhere",
    "compl",
    "breach",
    "break",
    "broken",
    "fail",
    "happen",
    "missed",
    "court",
    "judge",
)


def breach_consequences(ctx: Context) -> list[Unit]:
    """Tells the parent what may follow if the agreement is not kept."""
    return [
        u
        for u in ctx.body
        if (mentions(u.low, BREACH_WORDS) or "breach" in u.roles)
        and not ("sign" in u.low and SIGNING.search(u.low))  # every match of SIGNING holds "sign"
        and (
            (BREACH_CONDITION.search(u.low) or "breach" in u.roles)
            and CONSEQUENCE.search(u.low)
            or mentions(u.low, ("court", "judge"))
            and EVIDENTIAL_USE.search(u.low)  # every match of EVIDENTIAL_USE holds "court" or "judge"
        )
    ]


SIGN_WORDS = rx(r"\bsign(ed|ature|atures)?\b|(?<!review )(?<!end )(?<!start )(?<!next )(?<!birth )(?<!due )\bdate\b")
# "Signature of parent:" with nothing after it: a place to sign, though no line is drawn.
EMPTY_SIGNING_SLOT = rx(r"^\W*(signature|signed|sign here)\b[^:]{0,40}:\s*$")


def signatures(ctx: Context) -> list[Unit]:
    """Has places for the parties to sign and date it."""
    # Once per row, not once per cell: a row of 20,000 cells would otherwise be read 20,000 times over.
    signing_rows = {c.index for c in ctx.document.clauses if c.kind == "row" and _signing_row(c)}
    return [
        u
        for u in ctx.units
        if u.clause.kind == "signature"
        and (SIGN_WORDS.search(u.low) or "signatures" in u.roles)
        or u.clause.index in signing_rows
        or EMPTY_SIGNING_SLOT.match(u.low)
    ]


def _signing_row(clause: Clause) -> bool:
    """A table row with a blank to sign in, under a column or row that says sign or date."""
    words = " ".join([clause.text, *(header for header, _ in clause.cells)]).lower()
    blank = re.search(r"\|\s*(\||$)", clause.text) or any(
        SIGNATURE_LINE.search(c) or not c.strip() for _, c in clause.cells
    )
    return bool(SIGN_WORDS.search(words) and blank)


ADVISER = rx(
    r"solicitor|lawyer|legal (advice|help|aid|representation)|advocate|advocacy|independent advice|free advice"
    r"|advice (line|service)|someone you trust|a friend|family rights group|citizens advice|advice from"
    r"|get advice|take advice|seek advice"
)
PERMISSION = rx(
    r"\b(you|parents?|they|he|she|each of you|you both)\b[^.;]{0,12}\b(can|could|may|might|should|are"
    r" (welcome|free|entitled|encouraged|able) to|have the right to|has the right to|is entitled to)\b"
    r"|\bencourage you\b|\bwe (recommend|advise|suggest)\b|\bbefore (you sign|signing|agreeing|you agree)"
    r"|right to (get|have|seek|take) (legal |independent )?advice|talk it (through|over) with"
)
COUNCIL_ADVICE = rx(
    r"\b(council|local authority|\bla\b|we|children's services|social worker|department)\b[^.;]{0,12}"
    r"\b(seek|take|get|ask for|obtain)\w* (legal )?advice"
)


ADVISER_WORDS = ("solicitor", "lawyer", "legal", "advoca", "advice", "trust", "friend", "family rights")


def legal_advice(ctx: Context) -> list[Unit]:
    """Tells the parent they can or should get legal advice or independent support."""
    names = "|".join(re.escape(n.lower()) for n in ctx.parent_names)
    named = rx(rf"\b({names})\b[^.;]{{0,20}}\b(can|could|may|should|is entitled to)\b") if names else None
    return [
        u
        for u in ctx.body
        if mentions(u.low, ADVISER_WORDS)
        and ADVISER.search(u.low)
        and (PERMISSION.search(u.low) or named and named.search(u.low))
        and not (COUNCIL_ADVICE.search(u.low) and not PERMISSION.search(COUNCIL_ADVICE.sub("", u.low)))
    ]


GOAL = rx(
    r"\b(aims?|goals?|purpose|hopes?|objectives?)( of (this|the) (agreement|plan|work))? (is|are|will be)\b"
    r"|\bwe (will|'ll) know\b[^.]{0,80}\b(when|if)\b|\bwe (all )?(want|would like|hope)( for)? (the children|all|"
    r"both|you|your|[a-z]+ and [a-z]+ to|[a-z]+ to)\b|\bsuccess (will )?(look|mean)"
    r"|\b(this|the) (agreement|plan|work) is (here )?(to (help|make sure|keep|support|ensure|improve|reduce)"
    r"|so that)\b"
    r"|\bwe(('d| would) like| want| hope) to see\b"
)


# Every match of GOAL holds one of these: "aim"/"goal"/"purpose"/"hope"/"objective", "know", "want"/"would like"/"hope",
# "success", "is to"/"is here"/"is so that" (the agreement is here to...), "to see".
GOAL_WORDS = (
    "aim",
    "goal",
    "purpose",
    "hope",
    "objective",
    "know",
    "want",
    "would like",
    "success",
    "is to",
    "is here",
    "is so that",
    "to see",
)


def goal(ctx: Context) -> list[Unit]:
    """States the aim of the work, or how everyone will know things have improved."""
    in_section = [u for u in ctx.in_role("goal") if not u.roles & {"concerns", "la", "parent"}]
    return _substantive(in_section) + [u for u in ctx.body if mentions(u.low, GOAL_WORDS) and GOAL.search(u.low)]


PHONE = rx(
    r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\bext\.? ?\d{3,5}\b", re.I
)  # read from the agreement as written ("Ext 4471")
NAMED = re.compile(r"^\W*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z](?:[a-z]+|\.)")
WORKER_LABEL = rx(rf"({WORKER_TITLES}|worker)( name)?$")  # on the lower-cased label, ending it
CONTACT_LABEL = rx(
    r"^(contact|tel|telephone|phone|mobile|work (phone|mobile)|office|contact (number|details|telephone))"
)
WORKER_SENTENCE = rx(
    r"[Mm]y name is [A-Z][a-z]+[^.]{0,40}social worker|[A-Z][a-z]+ [A-Z][a-z'-]+,? \(?(your |the )?"
    r"(allocated )?social worker\b|\b([Yy]our|[Tt]he) (allocated )?social worker (is|will be) "
    r"(?!(The|To|Not|Yet)\b)[A-Z][a-z]+"
    r"|\bsocial worker,? (?!(The|To|Not|Yet|On|At|In|If|And)\b)[A-Z][a-z]+ [A-Z][a-z'-]+",
    0,
)
WORKER_PHONE = rx(
    r"social work|duty (desk|team|social worker|worker)|my (work )?(number|phone|mobile)|\bteam\b"
    r"|(reach|text|phone) me"
    r"|out[- ]of[- ]hours (social work|team)|office|call me|ring me|contact me"
)


# Every match of WORKER_PHONE holds one of these: "social work", "duty", "number"/"phone"/"mobile", "team",
# "reach me"/"text me"/"phone", "social work"/"team", "office", "call me", "ring me", "contact me".
WORKER_PHONE_WORDS = (
    "social work",
    "duty",
    "number",
    "phone",
    "mobile",
    "team",
    "reach me",
    "text me",
    "office",
    "call me",
    "ring me",
    "contact me",
)


def worker_contact(ctx: Context) -> list[Unit]:
    """Names the social worker or gives a way to contact them."""
    by_field = [u for u in ctx.units if u.clause.kind == "field" and _worker_field(u.text)]
    by_sentence = [
        u
        for u in ctx.body
        if ("social worker" in u.text and WORKER_SENTENCE.search(u.text))  # each of its forms names the role
        or (mentions(u.low, WORKER_PHONE_WORDS) and WORKER_PHONE.search(u.low) and PHONE.search(u.text))
    ]
    # A letter's or an email's sign-off: "Yours sincerely, Jo Bloggs Social Worker 01632 960 111".
    by_sign_off = [
        u
        for u in ctx.body
        if SIGNED_OFF.match(u.text)
        and NAME_AFTER_SIGN_OFF.search(u.text)
        and (SIGN_OFF_ROLE.search(u.text) or PHONE.search(u.text))
    ]
    return by_field + by_sentence + by_sign_off


# Who sent a letter or an email: "Please ask for: Jo Bloggs"; "From: Jo Bloggs (Social Worker, ...)".
SENDER_LABEL = rx(r"^(please )?ask for$|^(from|sent by|author|written by|contact person|enquiries to)$")
SIGN_OFF_ROLE = rx(r"social work|family (support )?worker|key ?worker|practitioner|children's services|\bteam\b", re.I)
SIGNED_OFF = re.compile(SIGN_OFF, re.I)
NAME_AFTER_SIGN_OFF = re.compile(SIGN_OFF + r"[\s,.!]+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z]+", re.I)


def _worker_field(line: str) -> bool:
    label, _, value = (part.strip() for part in line.partition(":"))
    label = label.lower().removeprefix("allocated ").removeprefix("named ").removeprefix("your ")
    if WORKER_LABEL.search(label):
        return bool(NAMED.match(value)) and not PLACEHOLDER.match(value)
    if SENDER_LABEL.search(label) and NAMED.match(value) and not PLACEHOLDER.match(value):
        return label.endswith("ask for") or bool(SIGN_OFF_ROLE.search(value))
    return bool(CONTACT_LABEL.search(label) and PHONE.search(value))
