"""The checks behind each checklist element: pure functions from a document's units to evidence."""

from __future__ import annotations

import re

from .context import PLACEHOLDER, Context, Unit
from .dates import DATE

I = re.I


def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a rule's pattern. Most run on lower-cased text, where re.I would only slow them down."""
    return re.compile(pattern, flags)


NEGATION = rx(r"\b(not|never|no|nobody|nothing|neither|nor|without)\b|n't\b|\bno one\b")
CONDITIONAL_START = rx(r"^\W*(if|should|unless|where|in the event|when)\b")
SIGNING = rx(r"\b(refus\w*|decline|do not|don't|not|won't|will not|fail\w*|without)\b[^.;]{0,20}\bsign(ing|ed)?\b"
             r"|\bsign(ing)? (it|this)\b[^.;]{0,10}\b(today|now)")


def negated_before(low: str, start: int, words: int = 5) -> bool:
    """Whether one of the `words` words before position `start` negates what follows."""
    before = re.split(r"[,;:(]", low[:start])[-1].split()[-words:]
    return bool(NEGATION.search(" ".join(before)))


def mentions(low: str, words: tuple[str, ...]) -> bool:
    """A cheap literal test run before a costly pattern: the pattern cannot match without one of these words."""
    return any(word in low for word in words)


def first(units: list[Unit], pattern: re.Pattern, exclude: re.Pattern | None = None) -> list[Unit]:
    return [u for u in units if pattern.search(u.low) and not (exclude and exclude.search(u.low))]


# --- required elements ----------------------------------------------------------------------------------------

NOT_BINDING = rx(
    r"\bnot (a |an )?(legally[- ])?(binding|enforceable)\b"
    r"|\bnot an? (legal|court) (contract|document|agreement|order)\b|\bnot a (contract|court order)\b|\b(cannot|can ?not|can't|will not|won't|could not) be enforced"
    r"|\bno ?(body|one|court|judge) can (take you to court|make you (keep|stick|follow)|force you|enforce)"
    r"|\b(cannot|can't) be taken to court|\b(has|have|carries|with) no legal (force|standing|status|effect|weight)"
    r"|\b(does not|doesn't) (have|carry) (any )?legal (force|standing|status|effect|weight)"
    r"|\bnot (something|anything) (that )?(a |the )?(court|judge) (can|could) (enforce|make you)")


def not_legally_binding(ctx: Context) -> list[Unit]:
    """Says it is not legally binding, not a contract, or cannot be enforced by a court."""
    return first(ctx.body, NOT_BINDING)


WORRY = rx(
    r"\b(we are|we're|i am|i'm|we have been|(the )?(local authority|council|school|hospital|nursery|police|health visitor"
    r"|professionals?|staff|children's services|social care|children's social care)( staff)? (is|are|have been|has been))"
    r"( (very|really|particularly|also|most|still))? (worried|concerned)\b|\bour (main )?(worry|worries|concern|concerns)"
    r" (is|are)\b|\bthe (main |key )?(worry|worries|concern|concerns) (is|are) that\b"
    r"|\b(are|became|become|got|were|have been|has been|is) involved (because|after|following|due to)\b"
    r"|\bthe reasons? (for|why)\b.{0,40}\b(is|are)\b")


def concerns_stated(ctx: Context) -> list[Unit]:
    """Explains what the council is worried about, or why it is involved."""
    in_section = [u for u in ctx.in_role("concerns") if not ({"contingency", "breach"} & u.roles)]
    stated = [u for u in ctx.body if WORRY.search(u.low) and not CONDITIONAL_START.search(u.low)
              and not ({"contingency", "breach", "parent"} & u.roles)]
    return _substantive(in_section) + stated


def _substantive(units: list[Unit]) -> list[Unit]:
    return [u for u in units if len(u.low.split()) >= 4 and u.clause.kind != "signature"]


PARENT_NOUNS = r"you|you both|you will both|mum|dad|mother|father|(both |the )?parents|(the )?(main )?carers?"
EXPECTED = (r"(will|must|should|shall|agrees? to|agreed to|agrees? that (he|she|they) (will|must)|needs? to"
            r"|(is|are) (expected|asked|required) to|(is|are) to)"
            r"( both)?\s+(not\s+)?(?!be (given|told|invited|offered|sent|able|asked)|get\b|receive|have the right)")
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
    in_section = [u for u in ctx.in_role("parent") if u.clause.kind in ("item", "paragraph", "row")
                  and not PASSIVE_PROMISE.search(u.low) and not u.roles & {"concerns", "goal"}]
    subject = _parent_subject(ctx)
    stated = [u for u in ctx.body if u.clause.kind != "field" and not u.roles & {"la", "concerns"}
              and subject.search(u.low)]
    return _substantive(in_section) + stated


SUPPORT = rx(
    r"\b(refer|referr\w*|referral|arrange\w*|pay|paid|fund\w*|apply|applying|application|help\w*|support\w*|offer\w*"
    r"|book\w*|provid\w*|give|giving|grant|voucher|go with|come with|accompan\w+|interpreter|translat\w+|transport"
    r"|bus (fare|pass)|fares|place (at|on|for)|ask (the|a|your|his|her) [\w' ]{2,30} (to|for|about)|speak to the \w+ about"
    r"|find out whether|register|equipment|counselling|sessions|course|loan|keep you (informed|updated|up to date)"
    r"|return your calls|let you know|copies|childcare|creche|fit(ted)?|locks|camera|advice|advocate|tell you)\b")
MONITORING_TAIL = rx(r"\b(to|and) (check|see|monitor|make sure|ensure)\b")
LA_SUBJECT = rx(r"^\W*(i|we|the social worker|your social worker|the council|the local authority|the la|children's"
                r" services|children's social care|social care|the service|sw)( will| agrees? to| can| are going to|'ll)\b")


def la_support(ctx: Context) -> list[Unit]:
    """Says what the council or other services will do to help, not only to check."""
    candidates = [u for u in ctx.in_role("la") if u.clause.kind in ("item", "paragraph", "row")]
    candidates += [u for u in ctx.body if LA_SUBJECT.search(u.low) and "la" not in u.roles]
    return [u for u in candidates if not CONDITIONAL_START.search(u.low) and not u.roles & {"contingency", "breach"}
            and SUPPORT.search(MONITORING_TAIL.split(u.low, maxsplit=1)[0])]


DURATION = rx(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|eighteen"
              r"|twenty|twenty-four|twenty-six|thirty|fifty-two)[- ](days?|weeks?|months?|years?)\b")
END_DATE = rx(r"\b(until|till|up to|to|ends?|ending|end date|finish\w*|expir\w*|through)\b:?[^.;:]{0,50}?"
              + DATE.pattern)
LASTING = rx(r"\b(this|the)( [\w-]+)? (agreement|contract|plan|arrangement|wa)\b[^.;]{0,30}"
             r"\b(runs?|lasts?|will (run|last|end|finish|stop|apply)|ends|is for|in place|remains?|applies|starts)\b"
             r"|\bit (runs|lasts|ends|will (run|last|end))\b|^\W*(wa|agreement|contract) to (remain|run|last)\b")
OPEN_ENDED = rx(r"until further notice|\[|blank|to be agreed|tbc")


def timescale(ctx: Context) -> list[Unit]:
    """Gives a specific duration or end date for the agreement itself."""
    def specific(u: Unit) -> bool:
        return bool(DURATION.search(u.low) or END_DATE.search(u.low)) and not OPEN_ENDED.search(u.low)
    in_section = [u for u in ctx.in_role("timescale") if specific(u)]
    stated = [u for u in ctx.body if LASTING.search(u.low) and specific(u)
              and not CONDITIONAL_START.search(u.low)]
    return in_section + stated


REVIEW_WORDS = rx(r"\breview(ed|s|ing)?\b|look(ed)? at (it|this|the agreement|this agreement)[^.]{0,20} again"
                  r"|\blooked at again\b|(see|check|talk about|think about|discuss|go over|look at|talk through) how"
                  r" (this|the|it|things)( [\w-]+)? (is|are|has been|have been) (working|going)"
                  r"|sit down together|meet (again|halfway)|check(ing)? (in )?on how")
PERIODIC = rx(r"\bevery (\d+|one|two|three|four|five|six|eight|few|other) (days?|weeks?|months?)\b"
              r"|\b(weekly|fortnightly|monthly)\b")
NOT_A_REVIEW = rx(r"as and when|if (needed|required|necessary)|when (needed|required|necessary)|\bwe reviewed\b"
                  r"|\bwas reviewed\b|\b(previous|last|earlier|old) (agreement|plan)")


def review(ctx: Context) -> list[Unit]:
    """Says when or how the agreement will be looked at again."""
    def dated(u: Unit) -> bool:
        return bool(DATE.search(u.low) or PERIODIC.search(u.low)) and not NOT_A_REVIEW.search(u.low)
    in_section = [u for u in ctx.in_role("review") if dated(u) and not CONDITIONAL_START.search(u.low)]
    stated = [u for u in ctx.body if REVIEW_WORDS.search(u.low) and dated(u)
              and not CONDITIONAL_START.search(u.low) and "review" not in u.roles]
    return in_section + stated


FAILING = rx(r"\bnot (working|work|improv\w*|get(ting)? better|safe|go(ing)? as planned|being met|chang\w*|enough)"
             r"|\bstill\b|continu(e|es|ing) to|\bagain\b|(another|further|new|more) (incidents?|injur\w+)"
             r"|(new|further|more) (worries|concerns)|(worries|concerns)\b"
             r"[^.;]{0,30}\b(grow|escalate|increase|get worse)|escalat\w*|worse|unsafe|at risk|more help"
             r"|\bkeeps? \w+ing\b|despite|no (progress|improvement)|ha(s|ve) not improved"
             r"|\b(do(es)?( not|n't)) (improve|reduce|lessen|ease|go away)\b|cannot be|can't be"
             r"|not (kept|adhered|followed|complied)|\bbreach|\bbroken\b|does not work|doesn't work")
BREACH_ONLY = rx(r"(not|n't) (be |being )?(keep|kept|keeping|adhered|followed|complied|stick)\w*|\bbreach|\bbroken\b"
                 r"|\bbreak\b|fail\w* to (keep|comply|follow|stick)|non-?compliance")
NEXT_STEP = rx(r"conference|meeting|\bmeet\b|legal (planning|team|gateway)|lawyers?|solicitors?|court|proceedings"
               r"|\bplo\b|public law outline|\blpm\b|pre-proceedings|new plan|different plan|enquiries|investigation"
               r"|core group|strategy|consider (whether|if)|decide (whether|what)|child in need plan|legal advice")
STRONG_NEXT_STEP = rx(r"conference|meeting|\blpm\b|\bplo\b|pre-proceedings|(start|initiat\w*|issue|enter\w*|begin)\w*"
                      r"[^.;]{0,20}proceedings|apply\w* (to|for) (a |the )?court|new plan|different plan")


NEXT_STEP_WORDS = ("conferenc", "meet", "legal", "lawyer", "solicitor", "court", "proceedings", "plo", "public law",
                   "lpm", "plan", "enquiries", "investigation", "core group", "strategy", "consider", "decide")


def contingency_plan(ctx: Context) -> list[Unit]:
    """Names a next step (a conference, a legal meeting, court, a new plan) if the plan is not working."""
    found = []
    for u in ctx.body:
        if not mentions(u.low, NEXT_STEP_WORDS) or not NEXT_STEP.search(u.low) or SIGNING.search(u.low):
            continue
        conditional = CONDITIONAL_START.search(u.low) or re.search(r"\b(if|should|unless)\b", u.low)
        failing = FAILING.search(u.low)
        if "contingency" in u.roles or (conditional and failing):
            breach_only = failing and not FAILING.search(BREACH_ONLY.sub("", u.low))
            if not breach_only or STRONG_NEXT_STEP.search(u.low):
                found.append(u)
    return found


BREACH_CONDITION = rx(r"\b(not|n't) (keep|kept|keeping|follow|followed|following|stick|stuck|adhere|adhered|comply"
                      r"|complied)\b|\bbreach\w*|\bbreak(s|ing)?\b|\bbroken\b|fail\w* to (keep|comply|follow|stick"
                      r"|adhere)|non-?compliance|\bdo(es)? not happen\b|not (be |being )?(kept|followed)|\bmissed\b")
CONSEQUENCE = rx(r"court|evidence|evidenced|proceedings|legal (advice|action)|\brecord\w*|enforce|\bused\b|mentioned"
                 r"|referred to|relied|taken (seriously|into account)|consequences|lawyers?|solicitors?|written (down|in)"
                 r"|seen by|reported")
EVIDENTIAL_USE = rx(r"\b(could|may|might|will|can) be (used|mentioned|referred to|relied (up)?on|put before|shown|seen)"
                    r"( as evidence)? (in|by|to|before) (a |the |any )?(court|judge|family court)"
                    r"|\b(a|the) (family )?(court|judge) (could|may|might|will|can) (be told|see|hear|be shown"
                    r"|look at)\b")


BREACH_WORDS = ("keep", "kept", "follow", "stick", "stuck", "adhere", "compl", "breach", "break", "broken", "fail",
                "happen", "missed", "court", "judge")


def breach_consequences(ctx: Context) -> list[Unit]:
    """Tells the parent what may follow if the agreement is not kept."""
    return [u for u in ctx.body if (mentions(u.low, BREACH_WORDS) or "breach" in u.roles) and not SIGNING.search(u.low) and (
        (BREACH_CONDITION.search(u.low) or "breach" in u.roles) and CONSEQUENCE.search(u.low)
        or EVIDENTIAL_USE.search(u.low))]


SIGN_WORDS = rx(r"\bsign(ed|ature|atures)?\b|\bdate\b")


def signatures(ctx: Context) -> list[Unit]:
    """Has places for the parties to sign and date it."""
    return [u for u in ctx.units if u.clause.kind == "signature" and (SIGN_WORDS.search(u.low) or "signatures" in u.roles)
            or u.clause.kind == "row" and SIGN_WORDS.search(u.clause.text.lower()) and re.search(r"\|\s*(\||$)", u.clause.text)]


ADVISER = rx(r"solicitor|lawyer|legal (advice|help|aid|representation)|advocate|advocacy|independent advice|free advice"
             r"|advice (line|service)|someone you trust|a friend|family rights group|citizens advice|advice from"
             r"|get advice|take advice|seek advice")
PERMISSION = rx(r"\b(you|parents?|they|he|she|each of you|you both)\b[^.;]{0,12}\b(can|could|may|might|should|are"
                r" (welcome|free|entitled|encouraged|able) to|have the right to|has the right to|is entitled to)\b"
                r"|\bencourage you\b|\bwe (recommend|advise|suggest)\b|\bbefore (you sign|signing|agreeing|you agree)"
                r"|right to (get|have|seek|take) (legal |independent )?advice|talk it (through|over) with")
COUNCIL_ADVICE = rx(r"\b(council|local authority|\bla\b|we|children's services|social worker|department)\b[^.;]{0,12}"
                    r"\b(seek|take|get|ask for|obtain)\w* (legal )?advice")


ADVISER_WORDS = ("solicitor", "lawyer", "legal", "advoca", "advice", "trust", "friend", "family rights")


def legal_advice(ctx: Context) -> list[Unit]:
    """Tells the parent they can or should get legal advice or independent support."""
    names = "|".join(re.escape(n.lower()) for n in ctx.parent_names)
    named = rx(rf"\b({names})\b[^.;]{{0,20}}\b(can|could|may|should|is entitled to)\b") if names else None
    return [u for u in ctx.body if mentions(u.low, ADVISER_WORDS) and ADVISER.search(u.low)
            and (PERMISSION.search(u.low) or named and named.search(u.low))
            and not (COUNCIL_ADVICE.search(u.low) and not PERMISSION.search(COUNCIL_ADVICE.sub("", u.low)))]


GOAL = rx(r"\b(aims?|goals?|purpose|hopes?|objectives?)( of (this|the) (agreement|plan|work))? (is|are|will be)\b"
          r"|\bwe (will|'ll) know\b[^.]{0,80}\b(when|if)\b|\bwe (all )?(want|would like|hope)( for)? (the children|all|"
          r"both|you|your|[a-z]+ and [a-z]+ to|[a-z]+ to)\b|\bsuccess (will )?(look|mean)"
          r"|\b(this|the) (agreement|plan|work) is (here )?(to (help|make sure|keep|support|ensure|improve|reduce)"
          r"|so that)\b"
          r"|\bwe(('d| would) like| want| hope) to see\b")


def goal(ctx: Context) -> list[Unit]:
    """States the aim of the work, or how everyone will know things have improved."""
    in_section = [u for u in ctx.in_role("goal") if not u.roles & {"concerns", "la", "parent"}]
    return _substantive(in_section) + [u for u in ctx.body if GOAL.search(u.low)]


PHONE = rx(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\bext\.? ?\d{3,5}\b", I)  # read from the agreement as written ("Ext 4471")
NAMED = re.compile(r"^\W*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z](?:[a-z]+|\.)")
WORKER_LABEL = rx(r"(social worker|^sw$|key ?worker|case ?worker|lead professional|practitioner|worker)( name)?$")
CONTACT_LABEL = rx(r"^(contact|tel|telephone|phone|mobile|work (phone|mobile)|office|contact (number|details|telephone))")
WORKER_SENTENCE = rx(r"[Mm]y name is [A-Z][a-z]+[^.]{0,40}social worker|[A-Z][a-z]+ [A-Z][a-z'-]+,? \(?(your |the )?"
                     r"(allocated )?social worker\b|\b([Yy]our|[Tt]he) (allocated )?social worker (is|will be) "
                     r"(?!(The|To|Not|Yet)\b)[A-Z][a-z]+", 0)
WORKER_PHONE = rx(r"social work|duty (desk|team|social worker|worker)|my (work )?(number|phone|mobile)|\bteam\b"
                  r"|(reach|text|phone) me"
                  r"|out[- ]of[- ]hours (social work|team)|office|call me|ring me|contact me")


def worker_contact(ctx: Context) -> list[Unit]:
    """Names the social worker or gives a way to contact them."""
    by_field = [u for u in ctx.units if u.clause.kind == "field" and _worker_field(u.text)]
    by_sentence = [u for u in ctx.body if WORKER_SENTENCE.search(u.text)
                   or PHONE.search(u.text) and WORKER_PHONE.search(u.low)]
    return by_field + by_sentence


def _worker_field(line: str) -> bool:
    label, _, value = (part.strip() for part in line.partition(":"))
    label = label.lower().removeprefix("allocated ").removeprefix("named ").removeprefix("your ")
    if WORKER_LABEL.search(label):
        return bool(NAMED.match(value)) and not PLACEHOLDER.match(value)
    return bool(CONTACT_LABEL.search(label) and PHONE.search(value))


# --- concerns -----------------------------------------------------------------------------------------------

DECIDERS = (r"children's services|social services|(the )?local authority|the la|we|(the |your )?social workers?"
            r"|the council|ss|(children's )?social care|the department|(the )?professionals|the core group"
            r"|the conference|the court")
DECIDE = r"decides?|says?|agrees?|feels?|thinks?|(is|are) (satisfied|happy|confident)|considers?|deems?|tells?"
VAGUE = rx(r"until further notice|for the foreseeable future|\bindefinite(ly)?\b|\bno (set |fixed )?end date\b"
           r"|\bopen[- ]ended\b|\bon an ongoing basis\b|\b(is|are|be|remains?|stays?) ongoing\b"
           r"|\bongoing\b(?= (and|until|agreement|arrangement))"
           rf"|\buntil ({DECIDERS})\b[^.;]{{0,30}}\b({DECIDE})\b"
           r"|\buntil (it is|they are|things are) (safe|no longer needed)\b|\bas long as (necessary|needed"
           r"|required|we (think|decide))\b|\buntil (otherwise )?(advised|notified|told)\b")


VAGUE_WORDS = ("until", "foreseeable", "indefinite", "end date", "open", "ongoing", "as long as")


def vague_timescale(ctx: Context) -> list[Unit]:
    """Uses open-ended time wording ("ongoing", "until further notice"); "this is not ongoing" is not a flag."""
    return [u for u in ctx.body if mentions(u.low, VAGUE_WORDS)
            and any(not _denied(u, m) for m in VAGUE.finditer(u.low))]


def _denied(u: Unit, match: re.Match) -> bool:
    """Whether open-ended wording is denied: "not ongoing", or "not indefinitely" beside a real end date."""
    if negated_before(u.low, match.start(), 2):
        return True
    gives_an_end = DURATION.search(u.low) or END_DATE.search(u.low)
    return bool(gives_an_end) and negated_before(u.low, match.start(), 4)


REMOVE = rx(r"\b(remov\w*|tak(e|ing)|bring(ing)?|collect(ing)?)\b[^.;]{0,40}?\b(home|(from|out of) ((the|his|her|their"
            r"|current|this|s\.? ?20|section 20|foster|local authority)\s+){0,3}(placement|foster|care|accommodation))|\b(ask|asking|request\w*) "
            r"for (him|her|them|[a-z]+) to (be )?(return\w*|come home|go home)|\bend(ing)? the (section 20|s20|s\.20|"
            r"voluntary) (arrangement|accommodation)|withdraw\w* (your |her |his )?consent")
PROHIBITION = rx(r"\b(will not|won't|must not|mustn't|shall not|should not|may not|cannot|can't|not to|agrees? not"
                 r"|is not to|are not to|never|not)\b")
FREE_TO_REMOVE = rx(r"\bnothing\b|do(es)? not need|don't need|do not have to|don't have to|no need|free to|at any time"
                    r"|your right|right to")
NOTICE = rx(r"\bnotice\b[^.;]{0,40}\b(remov|tak|end)|\bpermission\b[^.;]{0,30}\b(remov|tak(e|ing) \w+ home)")
# Whole-document signs of context, as plain words plus a few short forms: a literal search of the whole text
# costs a fraction of what one alternation pattern over it would.
S20_WORDS = ("section 20", "section 76", "accommodated", "foster", "looked after child")
S20_SHORT = rx(r"\bs\.? ?20\b|\blac\b|\bcla\b")
DOMESTIC_ABUSE_WORDS = ("domestic abuse", "domestic violence", "assault", "abusive", "coercive control", "threaten",
                        "knife", "violen", "hurt her", "hurt him", "hurt you", "pushed", "punched", "strangl", "refuge",
                        "non-molestation", "police bail")
DOMESTIC_ABUSE_SHORT = rx(r"\b(da|dv|idva|marac|dapp)\b")


def in_context(low_text: str, words: tuple[str, ...], short_forms: re.Pattern) -> bool:
    """Whether the document anywhere mentions one of these words or short forms."""
    return mentions(low_text, words) or bool(short_forms.search(low_text))


REMOVE_WORDS = ("remov", "tak", "bring", "collect", "ask", "request", "end", "withdraw")


def section20_restriction(ctx: Context) -> list[Unit]:
    """Stops or discourages a parent from taking a child home from voluntary (section 20) accommodation."""
    if not in_context(ctx.low_text, S20_WORDS, S20_SHORT):
        return []
    found = []
    for u in ctx.body:
        match = mentions(u.low, REMOVE_WORDS) and REMOVE.search(u.low)
        if match and NOTICE.search(u.low) and not re.search(r"\b(do(es)? not|don't) need\b", u.low):
            found.append(u)
        elif match and PROHIBITION.search(u.low[:match.start()]) and not FREE_TO_REMOVE.search(u.low):
            found.append(u)
    return found


SUPERVISED = rx(r"\bsupervis(ed|e|es|ing|ion)\b")
CONTACT = rx(r"contact|family time|time with|\bvisits?\b|spend\w* time|\bsee(ing)? (him|her|them|the (child|children"
             r"|baby|kids|boys|girls|twins))|access"
             r"|\btime\b")
OBLIGED = rx(r"\bmust\b|\bwill\b|\bshall\b|ha(s|ve) to|\bis to\b|\bare to\b|to be supervised|\bonly\b|at all times"
             r"|\ball of\b|make sure|ensure|^\W*supervise|needs? to be|required")
UNSUPERVISED_BANNED = rx(r"\b(no|not (to )?(have|be given|be allowed)( any)?|never (have|be given)) unsupervised\b"
                         r"|\bnot (to )?be (left )?alone with\b")
SUPERVISION_NOT_NEEDED = rx(r"\b(is|are|be) (not|no longer) (needed|required|necessary)\b|\bno longer needs?\b")
# Supervision described without the word: "Mum will only see the baby when a social worker is present".
ONLY_WHEN_PRESENT = rx(r"\bonly\b[^.;]{0,50}\b(when|while|if|with)\b[^.;]{0,40}\b((is|are) (present|there|in the room)"
                       r"|in the (room|presence of))\b|\bonly\b[^.;]{0,50}\bin the presence of\b")


def required_supervised_contact(ctx: Context) -> list[Unit]:
    """Insists that contact or family time must be supervised; "does not need to be supervised" is not a flag."""
    found = []
    for u in ctx.body:
        if UNSUPERVISED_BANNED.search(u.low) or ONLY_WHEN_PRESENT.search(u.low) and CONTACT.search(u.low):
            found.append(u)
            continue
        match = SUPERVISED.search(u.low)
        if match and CONTACT.search(u.low) and OBLIGED.search(u.low) and not negated_before(u.low, match.start(), 20) \
                and not SUPERVISION_NOT_NEEDED.search(u.low):
            found.append(u)
    return found


LIVE_WITH = rx(r"\b(live|lives|living|reside|resides|residing|stay|stays|staying|remain|remains|be cared for|be looked"
               r" after)\b (full[- ]time )?(?P<prep>with|at the home of|at)\s+(?P<who>[^.,;]{1,60})")
POSSESSIVE_NAME = re.compile(r"\b[A-Z][a-z]+'s?(?=\s|$)")
MUST = rx(r"\b(will|must|shall|is to|are to|should|needs? to|has to|have to)\b|^\W*[\w -]{1,40}\bto (live|reside|stay"
          r"|remain)\b")
MAY = rx(r"\b(can|may|could|if (he|she|they) (would like|wants?|wish))\b")
NOT_A_RELATIVE = rx(r"foster|you\b|\bmum\b|mother|\bdad\b|father|parents?\b|your care|home\b|local authority")
RELATIVE = rx(r"aunt|auntie|uncle|grand|\bgran\b|granny|\bnan\b|nana|nanny|mgm|pgm|mgf|pgf|sister|brother|cousin"
              r"|relative|family member|friend|godparent|kinship|connected person")


def required_residence(ctx: Context) -> list[Unit]:
    """Requires a child to live with a particular relative or named person (not section 20 foster care)."""
    parents = {n.lower() for n in ctx.parent_names}
    found = []
    for u in ctx.body:
        match = LIVE_WITH.search(u.low)
        if not match or MAY.search(u.low) or not MUST.search(u.low[:match.end()]):
            continue
        if _names_a_carer(u, match, parents) and not negated_before(u.low, match.start(), 8) \
                and not re.search(r"\b(nobody|no one)\b", u.low[:match.start()]):
            found.append(u)
    return found


def _names_a_carer(u: Unit, match: re.Match, parents: set[str]) -> bool:
    """Whether "live with ..." names a relative or a named person, not the parents, home or foster care."""
    who, written = match.group("who"), u.text[match.start("who"):match.end("who")]
    if NOT_A_RELATIVE.search(who) and not RELATIVE.search(who) or who.split()[0] in parents:
        return False
    if match.group("prep") == "at":  # "at their grandparents' home", not "at Oakfield House"
        return bool(RELATIVE.search(who) or POSSESSIVE_NAME.search(written))
    return bool(RELATIVE.search(who) or re.search(r"\b[A-Z][a-z]+", written))


# The person a parent is told to keep out or control: a name ("Jason", "F"), "him", or "her partner".
PERSON = r"((her|his|your|the|their) )?[\w'-]+"
CONTROL = rx(rf"\b(not|never|n't)\s+(to\s+)?(allow|let|permit|have)\s+(?P<a>{PERSON})"
             rf"|\b(ensur\w*|mak(e|es|ing) sure|see to it)( that)? (?P<b>{PERSON})\b[^.;]{{0,40}}\b(has no|have no"
             r"|does not|doesn't|will not|won't|is not|stays away|keeps away)\b"
             rf"|\bkeep (?P<c>{PERSON})( and [\w'-]+)? away from (?P<e>{PERSON})"
             rf"|\b(stop|prevent)\s+(?P<d>{PERSON}) (from )?(coming|seeing|contacting|visiting|going)")
PARTNER = rx(r"^((her|his|your|the|their) )?(ex-?partner|partner|ex|boyfriend|girlfriend|husband|wife)$|^him$")
NOT_A_PERSON = rx(r"^(the|your|her|his|their|any|anyone|anybody|a|an|no|me|us|we|you|them|it|this|that|i)$")
NOT_HER_JOB = rx(r"\bnot ([\w']+ )?(expected|responsible|required|asked|(your|her|his|[a-z]+'s) (job"
                 r"|responsibility))\b")


def _other_adult(u: Unit, match: re.Match, children: set[str]) -> bool:
    """Whether the captured person is another adult: a partner, "him", or a name that is not a child's."""
    for group in ("a", "b", "c", "d", "e"):
        start = match.start(group)
        if start < 0:
            continue
        person = match.group(group)
        if PARTNER.search(person):
            return True
        if u.text[start].isupper() and person not in children and not NOT_A_PERSON.search(person):
            return True
    return False


CONTROL_WORDS = ("allow", "let", "permit", "have", "ensur", "sure", "see to it", "keep", "stop", "prevent")


def victim_controls_abuser(ctx: Context) -> list[Unit]:
    """Makes a likely victim of domestic abuse responsible for keeping out or controlling the abusive adult."""
    if not in_context(ctx.low_text, DOMESTIC_ABUSE_WORDS, DOMESTIC_ABUSE_SHORT):
        return []
    children = {n.lower() for n in ctx.child_names}
    return [u for u in ctx.body if mentions(u.low, CONTROL_WORDS) and not u.roles & {"la", "concerns"}
            and not NOT_HER_JOB.search(u.low) and any(_other_adult(u, m, children) for m in CONTROL.finditer(u.low))]


RECORDING = rx(r"\b(record|recording|recordings|film|filming|tape|taping|photograph\w*)\b")
RECORD_VERB = r"record|recordings?|film|filming|tape|taping"
RECORDED_BY_US = r"by (us|the council|the local authority|professionals|staff|the social worker)"
RECORD_BAN = rx(rf"\b(not|no|never|must not|may not|cannot|can't|mustn't|won't)\b(\s+\w+){{0,3}}\s+({RECORD_VERB})\b"
                rf"|\b((must|may|should|shall|is|are) not|cannot|can't|mustn't) (to )?be (recorded|filmed|taped)\b"
                rf"(?! {RECORDED_BY_US})"
                r"|\b(recording|filming|taping)\b[^.;]{0,40}\b(is|are) (not (allowed|permitted)|prohibited|forbidden"
                r"|banned)")
RECORD_OBJECTS = rx(r"meeting|visit|call|family time|conversation|session|professional|social worker|staff|contact")
RECORD_FREE = rx(r"(do not|don't|does not) need (our |anyone's )?permission|(may|can|are (welcome|free|allowed) to) "
                 r"record|right to record")
WE_SUBJECT = rx(r"^\W*(we|i|the social worker|the council|the local authority|professionals|staff)\b")


def recording_ban(ctx: Context) -> list[Unit]:
    """Forbids the parent from recording meetings, visits or calls; "you may record" is not a flag."""
    return [u for u in ctx.body if mentions(u.low, ("record", "film", "tap", "photo", "video")) and RECORD_BAN.search(u.low) and RECORD_OBJECTS.search(u.low)
            and not RECORD_FREE.search(u.low) and not WE_SUBJECT.search(u.low)]


MUST_SIGN = rx(r"\b(must|have to|has to|need to|needs to|required to|expected to|obliged to)\s+(both\s+)?sign\b")
SIGN_NOW = rx(r"\bsign(ed)?\b[^.;]{0,30}\b(today|now|immediately|straight away|right away|before (you|we) leave|at this "
              r"meeting|this afternoon)\b")
REFUSAL = rx(r"\bif you (do not|don't|refuse to|will not|won't|decline to|choose not to) sign|refus\w* to sign"
             r"|fail\w* to sign|\bnot signing\b|\bif (it|this|the)( [\w-]+)? (is|has) not (been )?signed")
THREAT = rx(r"court|proceedings|\bepo\b|emergency protection|remov\w*|police|lack of (engagement|co-?operation)"
            r"|strategy|child protection|(will|would) have to|no option|investigat\w*|section 47|\bs ?47\b"
            r"|taken into account|no (other )?choice|held against|legal action|escalat\w*|conference|seen as|"
            r"non-?engagement|\bcare\b")


def coercive_wording(ctx: Context) -> list[Unit]:
    """Pressures the parent to sign; "you do not have to sign today" is not a flag."""
    found = []
    for u in ctx.body:
        if "sign" not in u.low:
            continue
        for pattern in (MUST_SIGN, SIGN_NOW):
            match = pattern.search(u.low)
            if match and not negated_before(u.low, match.start(), 6):
                found.append(u)
                break
        else:
            match = REFUSAL.search(u.low)
            threat = match and THREAT.search(u.low[match.end():])
            if threat and not negated_before(u.low, threat.start() + match.end(), 4):
                found.append(u)
    return found


# Abbreviations are matched in capitals only ("LA", not "la"); phrases in any case.
ABBREVIATIONS = ("CIN", "CP", "CPP", "CPC", "ICPC", "RCPC", "LAC", "CLA", "EPO", "PLO", "ICO", "SGO", "IRO", "CMHT",
                 "CAMHS", "IFA", "MGM", "PGM", "MGF", "PGF", "DA", "DV", "LA", "SW", "TM", "CGM", "LPM", "FGC", "DAAT",
                 "DAPP", "IDVA", "ISVA", "MARAC", "MASH", "LADO", "TAF", "CSC", "CSE", "CCE", "NFA", "ISW", "WA",
                 "CYPS", "SSD", "PR", "ASW")
JARGON = re.compile(
    r"\b(" + "|".join(ABBREVIATIONS) + r")\b|\b[sS]\.? ?(20|47|17|31|76)\b(?! ?(days|weeks|years|minutes|am|pm))"
    r"|(?i:\b(section (20|47|17|31|76)|core group|strategy (meeting|discussion)|legal planning meeting|legal gateway"
    r"|public law outline|pre-proceedings|interim care order|special guardianship( order)?|looked after child(ren)?"
    r"|regulation 24|connected person|threshold criteria|significant harm)\b)")
EXPLAINED_AFTER = re.compile(r"^\W{0,2}(\w+\s){0,2}\((?=[^)]*\w+\s+\w+\s+\w+)|^\s*(,\s*which (is|means)|:\s+(a|an|the)\b"
                             r"|\s-\s(a|an|the)\b|(\s+\w+)?\s+(means|is (a|an|when|where))\b)", re.I)
EXPLAINED_NEXT = re.compile(r"^\W*(this is|this means|that is|that means|it is a|it means|it's a|these are|we call this)"
                            r"\b", re.I)


# "Looked After Child (LAC), which means ...": the short form in brackets sits between a term and its explanation.
SHORT_FORM = re.compile(r"^\s*\([A-Z][A-Za-z0-9]{1,6}\)")


def term_key(term: str) -> str:
    """One key for the ways a term is written: "S. 20", "s20" and "section 20" are the same term."""
    return re.sub(r"[\s.]", "", term).lower().replace("section", "s")


JARGON_SHAPES = re.compile(r"[A-Z]{2}|[sS]\.? ?\d")
JARGON_WORDS = ("section", "core group", "strateg", "legal", "public law", "proceedings", "interim", "guardianship",
                "looked after", "regulation", "connected", "threshold", "significant harm")


def jargon_terms(ctx: Context) -> dict[str, list[Unit]]:
    """Each jargon term used, mapped to the units that use it without an explanation anywhere in the document."""
    if "jargon" not in ctx.memo:
        ctx.memo["jargon"] = _jargon_terms(ctx)
    return ctx.memo["jargon"]


def _jargon_terms(ctx: Context) -> dict[str, list[Unit]]:
    used: dict[str, list[Unit]] = {}
    explained: set[str] = set()
    units = list(ctx.units)
    for i, u in enumerate(units):
        if not (JARGON_SHAPES.search(u.text) or mentions(u.low, JARGON_WORDS)):
            continue
        for match in JARGON.finditer(u.text):
            key = term_key(match.group(0))
            following = units[i + 1].text if i + 1 < len(units) and units[i + 1].clause is u.clause else ""
            if _explained(u, match, following):
                explained.add(key)
            else:
                used.setdefault(key, []).append(u)
    return {key: found for key, found in used.items() if key not in explained}


def _explained(u: Unit, match: re.Match, following: str) -> bool:
    before, after = u.text[:match.start()], u.text[match.end():]
    after = SHORT_FORM.sub("", after, count=1)
    if "glossary" in u.roles:
        return True
    if EXPLAINED_AFTER.search(after) or re.search(r"\w+\s+\w+[^()]*\(\s*$", before) and after.lstrip().startswith(")"):
        return True
    if re.match(r"^\W*$", before) and re.match(r"^\s*[:=–-]\s*\w+\s+\w+", after):
        return True
    return not after.strip(" .") and bool(EXPLAINED_NEXT.search(following))


def unexplained_jargon(ctx: Context) -> list[Unit]:
    """Uses abbreviations or professional terms (CIN, s47, core group...) without explaining them."""
    seen, found = set(), []
    for units in jargon_terms(ctx).values():
        if units[0].text not in seen:
            seen.add(units[0].text)
            found.append(units[0])
    return found
