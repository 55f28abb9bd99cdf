"""Find jargon: abbreviations and professional terms an agreement uses without explaining them."""

from __future__ import annotations

import re
from typing import cast

from .context import Context, Unit
from .rules import mentions

# Abbreviations are matched in capitals only ("LA", not "la"); phrases in any case.
ABBREVIATIONS = (
    "CIN",
    "CP",
    "CPP",
    "CPC",
    "ICPC",
    "RCPC",
    "LAC",
    "CLA",
    "EPO",
    "PLO",
    "ICO",
    "SGO",
    "IRO",
    "CMHT",
    "CAMHS",
    "IFA",
    "MGM",
    "PGM",
    "MGF",
    "PGF",
    "DA",
    "DV",
    "LA",
    "SW",
    "TM",
    "CGM",
    "LPM",
    "FGC",
    "DAAT",
    "DAPP",
    "IDVA",
    "ISVA",
    "MARAC",
    "MASH",
    "LADO",
    "TAF",
    "CSC",
    "CSE",
    "CCE",
    "NFA",
    "ISW",
    "WA",
    "CYPS",
    "SSD",
    "PR",
    "ASW",
)
# The lookahead names the letters a term can start with: a capital (every abbreviation, "S. 20") or, in any case as
# the phrases are matched, the first letter of a phrase (section, core group, legal..., interim, regulation,
# threshold). The same matches, twice as fast, since most word starts are passed over at once.
JARGON = re.compile(
    r"(?=[A-Z]|(?i:[cilprst]))(?:\b("
    + "|".join(ABBREVIATIONS)
    + r")\b|\b[sS]\.? ?(20|47|17|31|76)\b(?! ?(days|weeks|years|minutes|am|pm))"
    r"|(?i:\b(section (20|47|17|31|76)|core groups?|strategy (meetings?|discussions?)|legal planning meetings?"
    r"|legal gateway"
    r"|public law outline|pre-proceedings|interim care order|special guardianship( order)?|looked after child(ren)?"
    r"|regulation 24|connected person|threshold criteria|significant harm)\b))"
)
EXPLAINED_AFTER = re.compile(
    r"^\W{0,2}(\w+\s){0,5}\((?=[^)]*[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,})|^\s*(,\s*which (is|means)|:\s+(a|an|the)\b"
    r"|\s-\s(a|an|the)\b|(\s+\w+)?\s+(means|is (a|an|when|where))\b)",
    re.I,
)
# "section 76 of the ... Act 2014 (this means the council is looking after her...)": explained later in the sentence.
EXPLAINED_LATER = re.compile(r"\((this|that|which|it) (means|is)\b|\(meaning\b|\(in other words\b", re.I)
EXPLAINED_NEXT = re.compile(
    r"^\W*(this is|this means|that is|that means|it is a|it means|it's a|these are|we call this)"
    r"\b",
    re.I,
)


# "Looked After Child (LAC), which means ...": the short form in brackets sits between a term and its explanation.
SHORT_FORM = re.compile(r"^\s*\([A-Z][A-Za-z0-9]{1,6}\)")
# "section 17 of the Children Act 1989, which means ...": the law's name sits between a term and its explanation.
CITATION = re.compile(r"^\s*(of|under) (the )?([A-Z][\w'()-]*\s+){0,6}Act\b( \d{4})?", re.I)
# "(this is called a strategy discussion)": the explanation comes first and names the term.
CALLED_BEFORE = re.compile(
    r"\b(calls?|called|known as|named|term)\s+(it\s+|this\s+)?(an?\s+|the\s+)?[\"'“‘]?\s*$", re.I
)
# "(The core group is the family and the professionals who run the plan.)", anywhere in the document.
DEFINES = re.compile(
    r"^\W*(the |a |an |your )?(?P<term>[\w .'-]{2,40}?)\s+(is|are|means|stands for)\s+"
    r"(an?\b|the\b|when\b|where\b|what\b|who\b|someone\b|people\b|made up of\b|(?-i:[A-Z]))",
    re.I,
)
# Short forms in capitals that everyone knows, and that a council need not explain.
EVERYDAY_SHORT = frozenset(
    "UK GP NHS TV OK ID PE AM PM BBC DVD CCTV DNA MP EU USA IT PC SMS PIN ASAP NB PS FAQ DOB A&E SATS GCSE GCSES "
    "ADHD MBE CEO HR PDF UN RE MR MRS MS DR ST NI VAT BSL CV NHS111 HMRC DWP PIP ESA UC JSA DLA SENCO SEN SEND EHCP "
    "MEIC RSPCA NSPCC CAB ICT PTA PDF OT SALT".split()
)
CAPS_WORD = re.compile(r"[A-Z]{2,}")
SHORT_CAPS = re.compile(r"(?<![\w&])[A-Z]{2,6}(?![\w&])")


def term_key(term: str) -> str:
    """One key for the ways a term is written: "S. 20", "s20" and "section 20" are the same term, and so are
    "core group" and "core groups"."""
    key = re.sub(r"[\s.]", "", term).lower().replace("section", "s")
    return key[:-1] if len(key) > 5 and key.endswith("s") and not key.endswith("ss") else key


JARGON_SHAPES = re.compile(r"[A-Z]{2}|[sS]\.? ?\d")
JARGON_WORDS = (
    "section",
    "core group",
    "strateg",
    "legal",
    "public law",
    "proceedings",
    "interim",
    "guardianship",
    "looked after",
    "regulation",
    "connected",
    "threshold",
    "significant harm",
)


def jargon_terms(ctx: Context) -> dict[str, list[Unit]]:
    """Each jargon term used, mapped to the units that use it without an explanation anywhere in the document."""
    if "jargon" not in ctx.memo:
        ctx.memo["jargon"] = _jargon_terms(ctx)
    return cast(dict[str, list[Unit]], ctx.memo["jargon"])  # the memo holds each shared result as an object


def _jargon_terms(ctx: Context) -> dict[str, list[Unit]]:
    used: dict[str, list[Unit]] = {}
    explained: set[str] = set()
    units = list(ctx.units)
    names = {n.upper() for n in ctx.parent_names | ctx.child_names | ctx.worker_names}
    for i, u in enumerate(units):
        defined = DEFINES.match(u.text)
        if defined:
            explained.add(term_key(defined.group("term")))
        if not (JARGON_SHAPES.search(u.text) or mentions(u.low, JARGON_WORDS)):
            continue
        following = units[i + 1].text if i + 1 < len(units) and units[i + 1].clause is u.clause else ""
        for match in _terms(u, names):
            key = term_key(match.group(0))
            if _explained(u, match, following):
                explained.add(key)
            else:
                used.setdefault(key, []).append(u)
    return {key: found for key, found in used.items() if key not in explained}


def _terms(u: Unit, names: set[str]) -> list[re.Match]:
    """The listed terms in a unit, and in a sentence (not a heading, field or signature, where capitals are names
    and titles) any other short form in capitals that is not an everyday one ("the NRP", "the HTT")."""
    found = list(JARGON.finditer(u.text))
    if u.clause.kind in ("paragraph", "item", "text") and not _capitals_line(u.text):
        listed = {m.start() for m in found}
        for match in SHORT_CAPS.finditer(u.text):
            word = match.group(0)
            if match.start() in listed or word in EVERYDAY_SHORT or word in names or word == "I":
                continue
            around = u.text[max(0, match.start() - 12) : match.start()].split()[-1:] + u.text[match.end() :].split()[:1]
            if not any(CAPS_WORD.fullmatch(w.strip(",.;:-()")) for w in around):  # "DRAFT WORKING AGREEMENT"
                found.append(match)
    return found


def _capitals_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


WINDOW = 400  # an explanation sits near its term; looking further made a long paste of terms quadratic


def _explained(u: Unit, match: re.Match, following: str) -> bool:
    before = u.text[max(0, match.start() - WINDOW) : match.start()]
    after = u.text[match.end() : match.end() + WINDOW]
    after = SHORT_FORM.sub("", after, count=1)
    after = CITATION.sub("", after, count=1)
    if "glossary" in u.roles or CALLED_BEFORE.search(before):
        return True
    if re.search(r"\(\s*(the |a |an )?" + re.escape(match.group(0)) + r"s?\s+(is|are|means)\b", after, re.I):
        return True  # "... meetings on 11 June (the core group is the parents and the professionals who ...)"
    if (
        EXPLAINED_LATER.search(after)
        or EXPLAINED_AFTER.search(after)
        or (after.lstrip().startswith(")") and _after_words_in_brackets(before))
    ):
        return True
    if re.match(r"^\W*$", before) and re.match(r"^\s*[:=–-]\s*\w+\s+\w+", after):
        return True
    return not after.strip(" .") and bool(EXPLAINED_NEXT.search(following))


def _after_words_in_brackets(before: str) -> bool:
    """Whether the term opens a bracket that follows a phrase of two words or more: "child in need (CIN)".

    Linear on purpose: a regex over all the text before each term was cubic, and a paste of abbreviations took
    minutes. Only the stretch since the last bracket counts."""
    stripped = before.rstrip()
    if not stripped.endswith("("):
        return False
    since = re.split(r"[()]", stripped[:-1])[-1]
    return bool(re.search(r"\w+\s+\w+", since))


def unexplained_jargon(ctx: Context) -> list[Unit]:
    """Uses abbreviations or professional terms (CIN, s47, core group...) without explaining them."""
    seen, found = set(), []
    for units in jargon_terms(ctx).values():
        if units[0].text not in seen:
            seen.add(units[0].text)
            found.append(units[0])
    return found
