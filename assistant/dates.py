"""Find the dates an agreement names, and place the start, review and end on a timeline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"]
MONTH_WORDS = {name: i for i, name in enumerate(MONTH_NAMES, 1)} | {
    name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)} | {"sept": 9}
MONTH = r"(?P<m>" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + r")\.?"
DAY_FIRST = rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<y>\d{{4}}))?"
MONTH_FIRST = MONTH.replace("?P<m>", "?P<m2>") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?"
NUMERIC = r"(?P<d3>\d{1,2})[/.-](?P<m3>\d{1,2})[/.-](?P<y3>\d{4}|\d{2})"
DATE = re.compile(rf"\b(?:{DAY_FIRST}|{MONTH_FIRST}|{NUMERIC})\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date as written in the agreement, and the calendar date it means (year guessed when missing)."""

    text: str
    date: dt.date
    year_given: bool


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date written in the text, in order."""
    mentions = []
    for match in DATE.finditer(text):
        mention = _parse(match, default_year)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _parse(match: re.Match, default_year: int | None) -> DateMention | None:
    groups = match.groupdict()
    if groups["d3"]:
        day, month, year = int(groups["d3"]), int(groups["m3"]), int(groups["y3"])
        year += 2000 if year < 100 else 0
        given = True
    else:
        day = int(groups["d"] or groups["d2"])
        month = MONTH_WORDS[(groups["m"] or groups["m2"]).lower().rstrip(".")]
        raw_year = groups["y"] or groups["y2"]
        given = raw_year is not None
        year = int(raw_year) if given else (default_year or dt.date.today().year)
    try:
        return DateMention(match.group(0), dt.date(year, month, day), given)
    except ValueError:
        return None


def document_year(mentions: list[DateMention]) -> int | None:
    """The year most dates in the document are in, used for dates written without one ("12 May")."""
    years = [m.date.year for m in mentions if m.year_given]
    return max(set(years), key=years.count) if years else None


START = re.compile(r"\b(start|starts|started|starting|from|date agreed|date of agreement|agreed on|begins?)\b", re.I)
END = re.compile(r"\b(until|till|to|ends?|ending|end date|finish\w*|expir\w*|runs? out)\b", re.I)


def timeline(text: str, timescale_quotes: list[str], review_quotes: list[str]) -> dict:
    """The start, review and end dates, taken from the sentences that set the timescale and the review."""
    found = find_dates(text)
    year = document_year(found)
    if year is not None:
        found = [replace(m, date=m.date.replace(year=year)) if not m.year_given and _valid_in(m, year) else m
                 for m in found]
    start = end = None
    for quote in timescale_quotes:
        for match in DATE.finditer(quote):
            mention = _parse(match, year)
            if mention is None:
                continue
            before = quote[max(0, match.start() - 60):match.start()]
            if END.search(before.split(",")[-1]) and not START.search(before[-12:]):
                end = mention
            elif start is None:
                start = mention
    reviews = [m for q in review_quotes for m in find_dates(q, year)]
    return {
        "start": _as_json(start),
        "end": _as_json(end),
        "reviews": [_as_json(m) for m in dict.fromkeys(reviews)],
        "all": [_as_json(m) for m in dict.fromkeys(found)],
    }


def _valid_in(mention: DateMention, year: int) -> bool:
    try:
        mention.date.replace(year=year)
        return True
    except ValueError:  # 29 February
        return False


def _as_json(mention: DateMention | None) -> dict | None:
    if mention is None:
        return None
    return {"text": mention.text, "date": mention.date.isoformat(), "year_given": mention.year_given}
