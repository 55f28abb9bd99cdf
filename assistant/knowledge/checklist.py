"""Load and validate the checklist's words in knowledge/checklist/<id>.toml: one file per element.

The words live beside the rest of the knowledge base so an advocate can change them; the Python that finds
each element lives in assistant/checklist/. Every mistake raises KnowledgeError naming the file and the fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .entries import KnowledgeError
from .sources import KNOWLEDGE_DIR, sources

KINDS = ("required", "concern")
FOUND, NOT_FOUND = "found", "not found"
# field -> what to write there, as the error message tells it. Line breaks in these texts count as spaces.
TEXTS = {
    "label": "a short name for the element, shown beside its tick or cross",
    "when_found": "what it means when the agreement has it",
    "when_not_found": "what it means when the agreement does not have it",
    "why": "why it matters, in plain words for a parent",
    "advice": "what a social worker can do about it",
    "question": "the question a parent can put to the council",
    "rewrite": "model wording a social worker can start from",
}
OPTIONAL_TEXTS = {"prompt": "the question offered in the chat when this needs attention"}
FIELDS = {"kind": "required or concern", **TEXTS, "sources": "a list of seed ids", **OPTIONAL_TEXTS}
REQUIRED_FIELDS = ["kind", *TEXTS, "sources"]
TABLES = {"intent", "examples"}
INTENT_FIELDS = {"order", "pattern", "entry", "elements"}
EXAMPLE_FIELDS = {"name", "expected", "text"}


@dataclass(frozen=True)
class IntentText:
    """A kind of chat question about one's own agreement: how to recognise it and what answers it."""

    element: str  # the file it comes from
    order: int  # intents are tried from the lowest number up
    pattern: re.Pattern
    entry: str  # the knowledge entry the answer leads with
    elements: tuple[str, ...]  # the elements whose findings answer it


@dataclass(frozen=True)
class Example:
    """A sentence or two of an agreement, and whether a careful reader finds the element in it."""

    name: str
    text: str
    found: bool


@dataclass(frozen=True)
class ElementText:
    """Everything people read about one checklist element, from its file."""

    id: str
    kind: str
    label: str
    when_found: str
    when_not_found: str
    why: str
    advice: str
    sources: tuple[str, ...]
    question: str
    rewrite: str
    prompt: str | None
    intent: IntentText | None
    examples: tuple[Example, ...]


@cache
def checklist_texts() -> dict[str, ElementText]:
    """The words of every element in knowledge/checklist, read once."""
    return load_checklist(KNOWLEDGE_DIR / "checklist")


def load_checklist(folder: Path) -> dict[str, ElementText]:
    """Every <id>.toml in a folder, by id, checked; raises KnowledgeError naming the file and the fix."""
    texts = {path.stem: parse_element(path) for path in sorted(folder.glob("*.toml"))}
    for text in texts.values():
        unknown = [e for e in (text.intent.elements if text.intent else ()) if e not in texts]
        if unknown:
            raise KnowledgeError(
                f"{text.id}.toml: [intent] `elements` names elements that have no file: {', '.join(unknown)}"
            )
    _check_orders(texts)
    return texts


def parse_element(path: Path) -> ElementText:
    """Read one element's file."""
    name = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{name}: the file is not valid TOML ({error})") from None
    _check_fields(name, raw, set(FIELDS) | TABLES, REQUIRED_FIELDS)
    if raw["kind"] not in KINDS:
        raise KnowledgeError(f'{name}: `kind` is “{raw["kind"]}”; write kind = "required" or kind = "concern"')
    texts = {key: _text(name, key, raw[key]) for key in [*TEXTS, *OPTIONAL_TEXTS] if key in raw}
    return ElementText(
        id=path.stem,
        kind=raw["kind"],
        sources=_sources(name, raw["sources"]),
        prompt=texts.pop("prompt", None),
        intent=_intent(name, path.stem, raw["intent"]) if "intent" in raw else None,
        examples=_examples(name, raw),
        **texts,
    )


def _check_fields(name: str, raw: dict, allowed: set[str], required: list[str], where: str = "") -> None:
    for key in raw:
        if key not in allowed:
            near = difflib.get_close_matches(key, allowed, 1)
            hint = f"; did you mean `{near[0]}`?" if near else f"; the fields are {', '.join(sorted(allowed))}"
            raise KnowledgeError(f"{name}: unknown field `{key}`{where}{hint}")
    for key in required:
        if key not in raw:
            meaning = f" ({FIELDS[key]})" if key in FIELDS and not where else ""
            raise KnowledgeError(f"{name}: add `{key}`{where}{meaning}")


def _text(name: str, key: str, value: object) -> str:
    """A text with its line breaks and runs of spaces made single spaces, so long texts can wrap in the file."""
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{name}: `{key}` must be some words between quotes ({FIELDS[key]})")
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def _sources(name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        raise KnowledgeError(f'{name}: `sources` must be a list of seed ids, such as sources = ["seed-001"]')
    unknown = [s for s in value if s not in sources()]
    if unknown:
        raise KnowledgeError(f"{name}: source {', '.join(unknown)} is not in knowledge/sources.json; check the id")
    return tuple(value)


def _tables(name: str, key: str, raw: dict) -> list[dict]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise KnowledgeError(f"{name}: write each example as a block starting with a line [[{key}]]")
    return items


def _intent(name: str, element: str, raw: object) -> IntentText:
    where = " in [intent]"
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{name}: `intent` must be a block starting with a line [intent]")
    _check_fields(name, raw, INTENT_FIELDS, ["order", "pattern", "entry"], where)
    if not isinstance(raw["order"], int) or isinstance(raw["order"], bool):
        raise KnowledgeError(f"{name}: `order`{where} must be a whole number, such as order = 3")
    if not (KNOWLEDGE_DIR / "entries" / f"{raw['entry']}.md").is_file():
        raise KnowledgeError(f"{name}: `entry`{where} is “{raw['entry']}”, but knowledge/entries has no such file")
    try:
        pattern = re.compile(raw["pattern"], re.I)
    except (re.error, TypeError) as error:
        raise KnowledgeError(f"{name}: `pattern`{where} is not a valid regular expression ({error})") from None
    elements = raw.get("elements", [element])
    if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
        raise KnowledgeError(f'{name}: `elements`{where} must be a list of element ids, such as ["{element}"]')
    return IntentText(element, raw["order"], pattern, str(raw["entry"]), tuple(elements))


def _examples(name: str, raw: dict) -> tuple[Example, ...]:
    examples = tuple(_example(name, number, item) for number, item in enumerate(_tables(name, "examples", raw), 1))
    names = [example.name for example in examples]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise KnowledgeError(f"{name}: two examples are called “{twice[0]}”; give each example its own name")
    return examples


def _example(name: str, number: int, raw: dict) -> Example:
    where = f" in example {number}"
    _check_fields(name, raw, EXAMPLE_FIELDS, ["name", "expected", "text"], where)
    if raw["expected"] not in (FOUND, NOT_FOUND):
        raise KnowledgeError(
            f'{name}: `expected`{where} is “{raw["expected"]}”; write expected = "{FOUND}" or expected = "{NOT_FOUND}"'
        )
    if not isinstance(raw["text"], str) or not raw["text"].strip():
        raise KnowledgeError(f"{name}: `text`{where} must be the words of the agreement between quotes")
    return Example(str(raw["name"]), raw["text"], raw["expected"] == FOUND)


def _check_orders(texts: dict[str, ElementText]) -> None:
    seen: dict[int, str] = {}
    for text in texts.values():
        if text.intent:
            order = text.intent.order
            if order in seen:
                raise KnowledgeError(
                    f"{text.id}.toml: [intent] order = {order} is also used by {seen[order]}.toml; "
                    "give each intent its own number"
                )
            seen[order] = text.id


def intents_in_order(texts: tuple[ElementText, ...]) -> tuple[IntentText, ...]:
    """The elements' chat intents, in the order the answerer tries them."""
    return tuple(sorted((t.intent for t in texts if t.intent), key=lambda intent: intent.order))
