"""The checks for what an agreement should not contain: pure functions from a document's units to evidence."""

from __future__ import annotations

import re

from .context import Context, Unit
from .rules import DURATION, END_DATE, mentions, negated_before, rx

DECIDERS = (
    r"children's services|social services|(the )?local authority|the la|we|(the |your )?social workers?"
    r"|the council|ss|(children's )?social care|the department|(the )?professionals|the core group"
    r"|the conference|the court"
)
DECIDE = r"decides?|says?|agrees?|feels?|thinks?|(is|are) (satisfied|happy|confident)|considers?|deems?|tells?"
VAGUE = rx(
    r"until further notice|for the foreseeable future|\buntil (the )?(risks?|worries|concerns?|things)"
    r" (has|have|is|are)? ?(reduced|gone|lessened|resolved|improved|eased|changed)\b|\buntil things improve\b|\bindefinite(ly)?\b|\bno (set |fixed )?end date\b"
    r"|\bopen[- ]ended\b|\bon an ongoing basis\b|\b(is|are|be|remains?|stays?) ongoing\b"
    r"|\bongoing\b(?= (and|until|agreement|arrangement))"
    rf"|\buntil ({DECIDERS})\b[^.;]{{0,30}}\b({DECIDE})\b"
    # someone's say-so or proof with no date: "until the centre manager says otherwise", "until his parents can
    # show that home is calm"
    rf"|\buntil\b(?![^.;]{{0,50}}\d)[^.;]{{0,40}}?\b({DECIDE}|(can|could|are able to|is able to) (show|prove"
    r"|demonstrate)|shows?|proves?|demonstrates?)\b"
    r"|\buntil (it is|they are|things are) (safe|no longer needed)\b|\bas long as (necessary|needed"
    r"|required|we (think|decide))\b|\buntil (otherwise )?(advised|notified|told)\b"
)


VAGUE_WORDS = ("until", "foreseeable", "indefinite", "end date", "open", "ongoing", "as long as")


def vague_timescale(ctx: Context) -> list[Unit]:
    """Uses open-ended time wording ("ongoing", "until further notice"); "this is not ongoing" is not a flag."""
    return [u for u in ctx.body if mentions(u.low, VAGUE_WORDS) and not _all_denied(u)]


def _all_denied(u: Unit) -> bool:
    """Whether all open-ended wording is denied: "not ongoing", or "not indefinitely" beside a real end date."""
    gives_an_end = None  # looked for once per unit, not once per match
    for match in VAGUE.finditer(u.low):
        if negated_before(u.low, match.start(), 2):
            continue
        if gives_an_end is None:
            gives_an_end = bool(DURATION.search(u.low) or END_DATE.search(u.low))
        if not (gives_an_end and negated_before(u.low, match.start(), 4)):
            return False
    return True


REMOVE = rx(
    r"\b(remov\w*|tak(e|ing)|bring(ing)?|collect(ing)?)\b[^.;]{0,40}?\b(home|(from|out of) ((the|his|her|their"
    r"|current|this|s\.? ?20|section 20|foster|local authority)\s+){0,3}(placement|foster|care|accommodation))|\b(ask|asking|request\w*) "
    r"for (him|her|them|[a-z]+) to (be )?(return\w*|come home|go home)|\bend(ing)? the (section 20|s20|s\.20|"
    r"voluntary) (arrangement|accommodation)|withdraw\w* (your |her |his )?consent"
)
PROHIBITION = rx(
    r"\b(will not|won't|must not|mustn't|shall not|should not|may not|cannot|can't|not to|agrees? not"
    r"|is not to|are not to|never|not)\b"
)
FREE_TO_REMOVE = rx(
    r"\bnothing\b|do(es)? not need|don't need|do not have to|don't have to|no need|free to|at any time"
    r"|your right|right to"
)
NOTICE = rx(r"\bnotice\b[^.;]{0,40}\b(remov|tak|end)|\bpermission\b[^.;]{0,30}\b(remov|tak(e|ing) \w+ home)")
# Whole-document signs of context, as plain words plus a few short forms: a literal search of the whole text
# costs a fraction of what one alternation pattern over it would.
S20_WORDS = ("section 20", "section 76", "accommodated", "foster", "looked after child")
S20_SHORT = rx(r"\bs\.? ?20\b|\blac\b|\bcla\b")
DOMESTIC_ABUSE_WORDS = (
    "domestic abuse",
    "domestic violence",
    "assault",
    "abusive",
    "coercive control",
    "threaten",
    "knife",
    "violen",
    "hurt her",
    "hurt him",
    "hurt you",
    "pushed",
    "punched",
    "strangl",
    "refuge",
    "non-molestation",
    "police bail",
    "abus",
    "ex-partner",
    "ex partner",
    "stalk",
    "harass",
    "kicking the",
    "controlling behaviour",
)
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
        elif match and PROHIBITION.search(u.low[: match.start()]) and not FREE_TO_REMOVE.search(u.low):
            found.append(u)
    return found


SUPERVISED = rx(r"\bsupervis(ed|e|es|ing|ion)\b")
CONTACT = rx(
    r"contact|family time|time with|\bvisits?\b|spend\w* time|\bsee(ing)? (him|her|them|the (child|children"
    r"|baby|kids|boys|girls|twins))|access"
    r"|\btime\b"
)
OBLIGED = rx(
    r"\bmust\b|\bwill\b|\bshall\b|ha(s|ve) to|\bis to\b|\bare to\b|to be supervised|\bonly\b|at all times"
    r"|\ball of\b|make sure|ensure|^\W*supervise|needs? to be|required"
)
UNSUPERVISED_BANNED = rx(
    r"\b(no|not (to )?(have|be given|be allowed)( any)?|never (have|be given)) unsupervised\b"
    r"|\bnot (to )?be (left )?alone with\b"
)
SUPERVISION_NOT_NEEDED = rx(r"\b(is|are|be) (not|no longer) (needed|required|necessary)\b|\bno longer needs?\b")
# Supervision described without the word: "Mum will only see the baby when a social worker is present".
ONLY_WHEN_PRESENT = rx(
    r"\bonly\b[^.;]{0,50}\b(when|while|if|with)\b[^.;]{0,40}\b((is|are) (present|there|in the room)"
    r"|in the (room|presence of))\b|\bonly\b[^.;]{0,50}\bin the presence of\b"
)


# Every match of UNSUPERVISED_BANNED holds "unsupervised" (so "supervis") or "alone with"; every match of
# ONLY_WHEN_PRESENT holds "only"; every match of SUPERVISED holds "supervis". A unit with none of them is not flagged.
SUPERVISION_WORDS = ("supervis", "only", "alone with")


def required_supervised_contact(ctx: Context) -> list[Unit]:
    """Insists that contact or family time must be supervised; "does not need to be supervised" is not a flag."""
    found = []
    for u in ctx.body:
        if not mentions(u.low, SUPERVISION_WORDS):
            continue
        if UNSUPERVISED_BANNED.search(u.low) or ONLY_WHEN_PRESENT.search(u.low) and CONTACT.search(u.low):
            found.append(u)
            continue
        match = SUPERVISED.search(u.low)
        if (
            match
            and CONTACT.search(u.low)
            and OBLIGED.search(u.low)
            and not negated_before(u.low, match.start(), 20)
            and not SUPERVISION_NOT_NEEDED.search(u.low)
        ):
            found.append(u)
    return found


LIVE_WITH = rx(
    r"\b(live|lives|living|reside|resides|residing|stay|stays|staying|remain|remains|be cared for|be looked"
    r" after)\b (full[- ]time )?(?P<prep>with|at the home of|at)\s+(?P<who>[^.,;]{1,60})"
)
POSSESSIVE_NAME = re.compile(r"\b[A-Z][a-z]+'s?(?=\s|$)")
MUST = rx(
    r"\b(will|must|shall|is to|are to|should|needs? to|has to|have to)\b|^\W*[\w -]{1,40}\bto (live|reside|stay"
    r"|remain)\b"
)
MAY = rx(r"\b(can|may|could|if (he|she|they) (would like|wants?|wish))\b")
NOT_A_RELATIVE = rx(r"foster|you\b|\bmum\b|mother|\bdad\b|father|parents?\b|your care|home\b|local authority")
RELATIVE = rx(
    r"aunt|auntie|uncle|grand|\bgran\b|granny|\bnan\b|nana|nanny|mgm|pgm|mgf|pgf|sister|brother|cousin"
    r"|relative|family member|friend|godparent|kinship|connected person"
)


# Every match of LIVE_WITH holds one of these: "liv(e|es|ing)", "resid(e|es|ing)", "stay", "remain", "cared for",
# "looked after".
LIVE_WORDS = ("liv", "resid", "stay", "remain", "cared for", "looked after")


def required_residence(ctx: Context) -> list[Unit]:
    """Requires a child to live with a particular relative or named person (not section 20 foster care)."""
    parents = {n.lower() for n in ctx.parent_names}
    found = []
    for u in ctx.body:
        if not mentions(u.low, LIVE_WORDS):
            continue
        match = LIVE_WITH.search(u.low)
        if not match or MAY.search(u.low) or not MUST.search(u.low[: match.end()]):
            continue
        if (
            _names_a_carer(u, match, parents)
            and not negated_before(u.low, match.start(), 8)
            and not re.search(r"\b(nobody|no one)\b", u.low[: match.start()])
        ):
            found.append(u)
    return found


def _names_a_carer(u: Unit, match: re.Match, parents: set[str]) -> bool:
    """Whether "live with ..." names a relative or a named person, not the parents, home or foster care."""
    who, written = match.group("who"), u.text[match.start("who") : match.end("who")]
    if NOT_A_RELATIVE.search(who) and not RELATIVE.search(who) or who.split()[0] in parents:
        return False
    if match.group("prep") == "at":  # "at their grandparents' home", not "at Oakfield House"
        return bool(RELATIVE.search(who) or POSSESSIVE_NAME.search(written))
    return bool(RELATIVE.search(who) or re.search(r"\b[A-Z][a-z]+", written))


# The person a parent is told to keep out or control: a name ("Jason", "F"), "him", or "her partner".
PERSON = r"((her|his|your|the|their) )?[\w'-]+"
CONTROL = rx(
    rf"\b(not|never|n't)\s+(to\s+)?(allow|let|permit|have)\s+(?P<a>{PERSON})"
    rf"|\b(ensur\w*|mak(e|es|ing) sure|see to it)( that)? (?P<b>{PERSON})\b[^.;]{{0,40}}\b(has no|have no"
    r"|does not|doesn't|will not|won't|is not|stays away|keeps away)\b"
    rf"|\bkeep (?P<c>{PERSON})( and [\w'-]+)? away from (?P<e>{PERSON})"
    rf"|\b(stop|prevent)\s+(?P<d>{PERSON}) (from )?(coming|seeing|contacting|visiting|going)"
)
PARTNER = rx(r"^((her|his|your|the|their) )?(ex-?partner|partner|ex|boyfriend|girlfriend|husband|wife)$|^him$")
NOT_A_PERSON = rx(r"^(the|your|her|his|their|any|anyone|anybody|a|an|no|me|us|we|you|them|it|this|that|i)$")
NOT_HER_JOB = rx(
    r"\bnot ([\w']+ )?(expected|responsible|required|asked|(your|her|his|[a-z]+'s) (job"
    r"|responsibility))\b"
)


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
    return [
        u
        for u in ctx.body
        if mentions(u.low, CONTROL_WORDS)
        and not u.roles & {"la", "concerns"}
        and not NOT_HER_JOB.search(u.low)
        and any(_other_adult(u, m, children) for m in CONTROL.finditer(u.low))
    ]


RECORDING = rx(r"\b(record|recording|recordings|film|filming|tape|taping|photograph\w*)\b")
RECORD_VERB = r"record|recordings?|film|filming|tape|taping"
RECORDED_BY_US = r"by (us|the council|the local authority|professionals|staff|the social worker)"
RECORD_BAN = rx(
    rf"\b(not|no|never|must not|may not|cannot|can't|mustn't|won't)\b(\s+\w+){{0,3}}\s+({RECORD_VERB})\b"
    rf"|\b((must|may|should|shall|is|are) not|cannot|can't|mustn't) (to )?be (recorded|filmed|taped)\b"
    rf"(?! {RECORDED_BY_US})"
    r"|\b(recording|filming|taping)\b[^.;]{0,40}\b(is|are) (not (allowed|permitted)|prohibited|forbidden"
    r"|banned)"
)
RECORD_OBJECTS = rx(r"meeting|visit|call|family time|conversation|session|professional|social worker|staff|contact")
RECORD_FREE = rx(
    r"(do not|don't|does not) need (our |anyone's )?permission|(may|can|are (welcome|free|allowed) to) "
    r"record|right to record"
)
WE_SUBJECT = rx(r"^\W*(we|i|the social worker|the council|the local authority|professionals|staff)\b")


def recording_ban(ctx: Context) -> list[Unit]:
    """Forbids the parent from recording meetings, visits or calls; "you may record" is not a flag."""
    return [
        u
        for u in ctx.body
        if mentions(u.low, ("record", "film", "tap", "photo", "video"))
        and RECORD_BAN.search(u.low)
        and RECORD_OBJECTS.search(u.low)
        and not RECORD_FREE.search(u.low)
        and not WE_SUBJECT.search(u.low)
    ]


MUST_SIGN = rx(r"\b(must|have to|has to|need to|needs to|required to|expected to|obliged to)\s+(both\s+)?sign\b")
SIGN_NOW = rx(
    r"\bsign(ed)?\b[^.;]{0,30}\b(today|now|immediately|straight away|right away|before (you|we) leave|at this "
    r"meeting|this afternoon)\b"
)
REFUSAL = rx(
    r"\bif you (do not|don't|refuse to|will not|won't|decline to|choose not to) sign|refus\w* to sign"
    r"|fail\w* to sign|\bnot signing\b|\bif (it|this|the)( [\w-]+)? (is|has) not (been )?signed"
)
THREAT = rx(
    r"court|proceedings|\bepo\b|emergency protection|remov\w*|police|lack of (engagement|co-?operation)"
    r"|strategy|child protection|(will|would) have to|no option|investigat\w*|section 47|\bs ?47\b"
    r"|taken into account|no (other )?choice|held against|legal action|escalat\w*|conference|seen as|"
    r"non-?engagement|\bcare\b"
)


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
            threat = match and THREAT.search(u.low[match.end() :])
            if match and threat and not negated_before(u.low, threat.start() + match.end(), 4):
                found.append(u)
    return found
