"""Group the lines a reader found into clauses (numbered clauses, bullets, table rows, fields, headings) and
sentences, each with a reference a person can find again."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clause:
    """One numbered clause, bullet point, table row, field or paragraph, with where to find it."""

    index: int
    text: str
    kind: str  # heading | paragraph | item | row | field | signature
    page: int | None = None
    heading: str | None = None
    number: str | None = None
    position: int | None = None
    cells: tuple[tuple[str, str], ...] = ()
    sentences: tuple[str, ...] = field(default=(), compare=False)
    section: str | None = None  # the heading above, when `heading` is a lead-in ("The visit on 3 May found that:")

    @property
    def ref(self) -> str:
        """Where a person finds this clause: "page 2, clause 5.3, under “What you agree to do”"."""
        parts = [f"page {self.page}"] if self.page else []
        if self.kind == "row":
            parts.append(f"table row {self.position}")
        elif self.number:
            parts.append(f"clause {self.number}")
        elif self.kind == "item" and self.position:
            parts.append(f"point {self.position}")
        if self.kind == "heading":
            parts.append(f"the heading “{self.text}”")
        elif self.heading:
            parts.append(f"under “{self.heading}”")
        elif not parts:
            parts.append("at the top")
        return ", ".join(parts)


@dataclass
class Line:
    """A line of text as a reader found it, before it is grouped into clauses."""

    text: str
    page: int | None = None
    hint: str | None = None  # "heading", "item" or "row", when the file itself says so
    cells: tuple[str, ...] = ()
    baseline: float | None = None  # how far up the page a PDF line sits
    tight: bool = False  # set as close under the line before as a PDF's wrapped lines are: the same paragraph


MARKER = re.compile(
    r"^\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|\(?[a-hj-z]\)|\(?[ivx]{1,4}\)|[A-Z][.)](?=\s+[A-Z]))"
    r"|(?P<bullet>[-•*–·▪◦●■➢✓]))\s+(?P<rest>\S.*)$"
)
TICK_BOX = re.compile(r"^\s*\[(?P<mark>[ xX✓✔✗]?)\]\s+(?P<rest>\S.*)$")
SIGNATURE_LINE = re.compile(r"_{4,}|\.{6,}|…{3,}")
FIELD = re.compile(r"^(?P<label>[A-Z][^:|]{0,40}?)\s*:\s+(?P<value>\S.*)$")
SEPARATOR = re.compile(r"^[\s|:+=-]*-{3,}[\s|:+=-]*$")


def _has_blank(text: str) -> bool:
    """The quick test before SIGNATURE_LINE: every match of it holds one of these runs, its shortest."""
    return "____" in text or "......" in text or "………" in text


TERMINAL = re.compile(r"[.!?;,][\"'”’)\]]*$")


def segment(lines: list[Line], wrapped: bool) -> list[Clause]:
    """Group lines into clauses: wrapped lines joined, headings found, table rows kept whole."""
    width = _wrap_width(lines) if wrapped else 10_000
    blocks = _blocks(lines, width)
    return _clauses(blocks)


def _wrap_width(lines: list[Line]) -> int:
    lengths = sorted(len(ln.text.strip()) for ln in lines if len(ln.text.strip()) > 20)
    if not lengths:
        return 10_000
    return int(statistics.quantiles(lengths, n=10)[-1]) if len(lengths) > 2 else lengths[-1]


@dataclass
class _Block:
    kind: str
    lines: list[str]
    page: int | None
    number: str | None = None
    cells: tuple[str, ...] = ()
    hinted: bool = False

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines).strip()


def _line_kind(line: Line) -> tuple[str, str | None, str]:
    """Classify one line: (kind, list number, text without its marker)."""
    text = line.text.strip()
    if line.hint == "row":
        return "row", None, text
    if "---" in text and SEPARATOR.match(text):  # a separator holds "---": most lines skip the pattern
        return "separator", None, text
    if text.count(" | ") >= 1 and len([c for c in text.split("|") if c.strip()]) >= 2:
        return "row", None, text
    if _has_blank(text) and SIGNATURE_LINE.search(text):
        return "signature", None, text
    box = TICK_BOX.match(text)
    if box:  # "[x] Take Oscar to the dentist" is chosen; "[ ] Attend a course" was left unticked, so it is not agreed
        return ("item" if box.group("mark").strip() else "unticked"), None, box.group("rest").strip()
    match = MARKER.match(text)
    if match and line.hint != "heading":
        return "item", match.group("num"), match.group("rest").strip()
    if line.hint == "heading":
        return "heading", None, text
    if (labelled := FIELD.match(text)) and len(labelled.group("label").split()) <= 6:
        return "field", None, text
    if line.hint == "item":
        return "item", None, text
    return "text", None, text


def _blocks(lines: list[Line], width: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if not line.text.strip():
            if not (current is not None and current.kind == "text" and VALEDICTION.match(current.text)):
                current = None  # the name under "Yours sincerely," often comes after a blank line for the signature
            blocks.append(_Block("blank", [], line.page))
            continue
        kind, number, text = _line_kind(line)
        if kind == "separator":  # a ruled line ends a paragraph: joining across it would quote words not side by side
            current = None
            continue
        if current is not None and kind == "text" and _continues(current, text, width, line.tight):
            current.lines.append(text)
            continue
        if current is not None and _signs_off(current, kind, text):
            current.lines.append(text)  # "Yours sincerely," / "Jo Bloggs" / "Social Worker" / "01632 960 111"
            continue
        current = _Block(
            kind,
            [text],
            line.page,
            number=number,
            cells=line.cells or (tuple(c.strip() for c in text.split("|")) if kind == "row" else ()),
            hinted=line.hint is not None,
        )
        blocks.append(current)
        if kind in ("row", "signature", "heading"):
            current = None
    return blocks


SIGN_OFF = (
    r"^(yours (sincerely|faithfully|truly)|(with )?(kind|best|warm|many) (regards|wishes)|regards|best wishes"
    r"|many thanks|thanks( again)?|thank you|take care|sincerely)\b"
)
VALEDICTION = re.compile(SIGN_OFF + r"[\s,.!]*$", re.I)  # the line on its own


def _signs_off(block: _Block, kind: str, text: str) -> bool:
    """The short lines under "Yours sincerely," (a name, a job title, a team, a phone number) are one sign-off."""
    return (
        block.kind == "text"
        and bool(VALEDICTION.match(block.lines[0]))
        and len(block.lines) < 6
        and kind in ("text", "field")
        and len(text.split()) <= 10
    )


def _continues(block: _Block, text: str, width: int, tight: bool = False) -> bool:
    if block.kind not in ("text", "item", "field"):
        return False
    last = block.lines[-1]
    if text[:1].islower() or text[:1] in "(&":
        return not last.endswith(":")
    return len(last) >= 0.6 * width and width < 10_000 and (tight or not TERMINAL.search(last))


def _is_heading(block: _Block, following: _Block | None) -> bool:
    if block.kind == "heading":
        return True
    if block.hinted or following is None or len(block.lines) != 1:
        return False
    text = block.text
    words = text.split()
    if block.kind == "item" and block.number is None:
        return False
    if block.kind == "text" and _capitals(text) and len(words) <= 25 and not TERMINAL.search(text):
        return (
            True  # "HOW WE WILL ALL KNOW THAT THINGS ARE BETTER FOR SAM AND HIS SISTER AT HOME": long, still a heading
        )
    if block.kind not in ("text", "item") or len(words) > 12 or len(text) > 90:
        return False
    if TERMINAL.search(text) or not re.match(r"[\"'“(\[]?[A-Z0-9]", text):
        return False
    if block.kind == "item":
        return text.endswith(":") or _opens_section(block, following)
    return True


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _lead_in(text: str) -> bool:
    """A sentence that introduces a list ("The visit on 3 May found that:"), not a heading of its own: it ends in
    a colon and reads as prose, mostly in small letters."""
    words = text.rstrip(":").split()
    return text.endswith(":") and len(words) >= 4 and sum(w[:1].islower() for w in words) >= len(words) / 2


def _header_row(cells: tuple[str, ...]) -> bool:
    """Table cells written as headers, in capitals: where one table ends and the next begins."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(_capitals(c) for c in filled)


def _opens_section(block: _Block, following: _Block) -> bool:
    """A numbered line is a heading when what follows is its sub-clause ("3." then "3.1", whatever its length) or,
    for a short line, plain text; not when it is followed by its next sibling."""
    assert block.number is not None  # _is_heading never asks about an item without a number
    if following.kind == "item" and following.number:
        return following.number.startswith(block.number.rstrip(".)") + ".")
    if len(block.text.split()) > 8:
        return False
    return following.kind in ("text", "field", "signature", "row") or following.kind == "item"


def _clauses(blocks: list[_Block]) -> list[Clause]:
    clauses: list[Clause] = []
    heading: str | None = None
    section: str | None = None  # the last heading that was not a lead-in
    outer: str | None = None  # that heading, while the current heading is a lead-in under it
    header_cells: tuple[str, ...] = ()
    position = 0
    real = [b for b in blocks if b.kind != "blank"]
    for i, block in enumerate(real):
        following = real[i + 1] if i + 1 < len(real) else None
        previous = real[i - 1] if i else None
        text = block.text
        if _is_heading(block, following):
            # A lead-in keeps the section it is in: its list is still "what we are worried about". Whether the
            # lead-in names a job of its own ("Gary and Tasha agree to:") is the checklist's to judge.
            heading = text.rstrip(":").strip()
            if section and _lead_in(text):
                outer = section
            else:
                section, outer = heading, None
            position, header_cells = 0, ()
            clauses.append(_clause(len(clauses), text, "heading", block, None, None))
            continue
        if block.kind == "row":
            if header_cells and block.cells == header_cells:  # the header again, where a table runs onto a new page
                continue
            if (
                header_cells
                and previous is not None
                and previous.kind == "row"
                and _header_row(block.cells)
                and not (_header_row(previous.cells))
            ):
                header_cells = ()  # a second table straight after the first: "WHAT WE WILL DO | WHEN"
            if previous is None or previous.kind != "row" or not header_cells:
                if following is not None and following.kind == "row" and not header_cells:
                    header_cells, position = block.cells, 0
                    clauses.append(_clause(len(clauses), text, "heading", block, None, None))
                    continue
            position += 1
            cells = (
                tuple(zip(header_cells, block.cells, strict=False))
                if header_cells
                else tuple(("", c) for c in block.cells)
            )
            clauses.append(_clause(len(clauses), text, "row", block, heading, position, cells, outer=outer))
            continue
        header_cells = ()
        if block.kind == "item":
            position += 1
        kind = "paragraph" if block.kind == "text" else block.kind
        clauses.append(
            _clause(len(clauses), text, kind, block, heading, position if kind == "item" else None, outer=outer)
        )
    return clauses


def _clause(
    index: int,
    text: str,
    kind: str,
    block: _Block,
    heading: str | None,
    position: int | None,
    cells: tuple[tuple[str, str], ...] = (),
    outer: str | None = None,
) -> Clause:
    number = block.number.rstrip(".)") if block.number else None
    return Clause(
        index=index,
        text=text,
        kind=kind,
        page=block.page,
        heading=heading,
        number=number,
        position=position,
        cells=cells,
        sentences=split_sentences(text),
        section=outer,
    )


# --- sentences ----------------------------------------------------------------------------------------------

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "tel",
    "ext",
    "eg",
    "e.g",
    "ie",
    "i.e",
    "etc",
    "approx",
    "incl",
    "vs",
    "v",
    "mx",
    "prof",
    "rev",
    "nos",
    "ref",
    "dept",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "co",
    "ltd",
}
BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
EVERY_STOP = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text: str, keep_abbreviations: bool = True) -> tuple[str, ...]:
    """Split text into sentences, keeping "Mr.", "e.g." and initials such as "K. Brennan" whole.

    An agreement is written by anyone, so "No. 5" and "Dr. Shah" are common in it. The knowledge base is ours,
    written with no abbreviations, and there "No." opening an answer is a sentence of its own: it is split with
    `keep_abbreviations=False`, at every full stop, question or exclamation mark followed by a space."""
    if not keep_abbreviations:
        return tuple(part.strip() for part in EVERY_STOP.split(text) if part.strip())
    sentences, start = [], 0
    for match in BOUNDARY.finditer(text):
        before = text[start : match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
