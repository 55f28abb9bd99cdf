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
    r"|(?i:\b(section (20|47|17|31|76)|core group|strategy (meeting|discussion)|legal planning meeting|legal gateway"
    r"|public law outline|pre-proceedings|interim care order|special guardianship( order)?|looked after child(ren)?"
    r"|regulation 24|connected person|threshold criteria|significant harm)\b))"
)
EXPLAINED_AFTER = re.compile(
    r"^\W{0,2}(\w+\s){0,5}\((?=[^)]*\w+\s+\w+\s+\w+)|^\s*(,\s*which (is|means)|:\s+(a|an|the)\b"
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


def term_key(term: str) -> str:
    """One key for the ways a term is written: "S. 20", "s20" and "section 20" are the same term."""
    return re.sub(r"[\s.]", "", term).lower().replace("section", "s")


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


WINDOW = 400  # an explanation sits near its term; looking further made a long paste of terms quadratic


def _explained(u: Unit, match: re.Match, following: str) -> bool:
    before = u.text[max(0, match.start() - WINDOW) : match.start()]
    after = u.text[match.end() : match.end() + WINDOW]
    after = SHORT_FORM.sub("", after, count=1)
    if "glossary" in u.roles:
        return True
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
