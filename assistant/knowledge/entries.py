"""Load the curated guidance in knowledge/: entries, glossary terms and the sources they cite."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import KnowledgeError
from .sources import KNOWLEDGE_DIR, sources

AUDIENCES = frozenset({"parent", "advocate", "social_worker"})
FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(?P<header>.*?)\n\+\+\+\s*\n(?P<body>.*)\Z", re.S)
SHORT_ANSWER = "**Short answer.**"


@dataclass(frozen=True)
class Source:
    """A published source, as an answer cites it."""

    title: str
    url: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Facet:
    """One sub-question of an entry: the ways people ask it, a direct answer that stands alone, and steps."""

    id: str  # "<entry id>#<facet id>"
    asks: tuple[str, ...]
    answer: str
    steps: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Entry:
    """One topic of guidance: the questions it answers, a short answer, the detail and its sources."""

    id: str
    title: str
    audience: tuple[str, ...]
    questions: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    short_answer: str
    sections: tuple[tuple[str, str], ...]  # (heading, text), in order
    facets: tuple[Facet, ...] = ()
    always: tuple[str, ...] = ()  # facts that go with every answer from this entry

    def section(self, name: str) -> str:
        """The text under a "## name" heading, or ""."""
        return next((text for heading, text in self.sections if heading.lower() == name.lower()), "")


@dataclass(frozen=True)
class Term:
    """A glossary word or abbreviation and its plain meaning."""

    term: str
    short: str | None
    aliases: tuple[str, ...]
    meaning: str
    scope: str
    source: Source


def load_entries(folder: Path | None = None) -> list[Entry]:
    """Every entry in knowledge/entries, checked; raises KnowledgeError naming the file and the fix."""
    folder = folder or KNOWLEDGE_DIR / "entries"
    entries = [parse_entry(path) for path in sorted(folder.glob("*.md"))]
    ids = {entry.id for entry in entries}
    for entry in entries:
        facets = [f.id for f in entry.facets]
        twice = sorted({f for f in facets if facets.count(f) > 1})
        if twice:
            raise KnowledgeError(f"{entry.id}.md: two [[facets]] share the id {', '.join(twice)}; give each its own")
        missing = [r for r in entry.related if r not in ids]
        if missing:
            raise KnowledgeError(f"{entry.id}.md: `related` names entries that do not exist: {', '.join(missing)}")
    return entries


def parse_entry(path: Path) -> Entry:
    """Read one entry file: TOML between +++ lines, then Markdown starting with the short answer."""
    name = path.name
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise KnowledgeError(f"{name}: the file must start with a header between two lines of +++")
    try:
        header = tomllib.loads(match.group("header"))
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{name}: the header is not valid TOML ({error})") from None
    _check_header(name, path.stem, header)
    short, sections = _split_body(name, match.group("body"))
    cited = tuple(_source(name, s) for s in header["sources"])
    return Entry(
        id=header["id"],
        title=header["title"],
        audience=tuple(header["audience"]),
        questions=tuple(header["questions"]),
        related=tuple(header.get("related", ())),
        sources=cited,
        short_answer=short,
        sections=sections,
        facets=tuple(_facet(name, header["id"], raw, cited) for raw in header.get("facets", ())),
        always=tuple(_sentences_field(name, "always", header.get("always", []))),
    )


FACET_FIELDS = frozenset({"id", "asks", "answer", "steps", "cite"})
FACET_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# A direct answer is quoted on its own, so it may not open by leaning on words outside it.
LEANING_START = re.compile(
    r"(it|its|this|that|these|those|they|them|their|he|she|so|but|and|also|here|there)\b|(yes|no)[.,!;:]", re.I
)


def _facet(name: str, entry_id: str, raw: dict, cited: tuple[Source, ...]) -> Facet:
    unknown = set(raw) - FACET_FIELDS
    if unknown:
        raise KnowledgeError(
            f"{name}: a [[facets]] block has unknown fields {sorted(unknown)}; use {sorted(FACET_FIELDS)}"
        )
    facet_id = raw.get("id", "")
    if not FACET_ID.fullmatch(facet_id):
        raise KnowledgeError(
            f"{name}: each [[facets]] block needs an `id` in lower case words joined by - ({facet_id!r})"
        )
    where = f"{name}, facet {facet_id}"
    asks = raw.get("asks") or []
    if len(asks) < 3 or not all(isinstance(a, str) and a.strip() for a in asks):
        raise KnowledgeError(f"{where}: `asks` needs at least 3 ways people ask this")
    answer = raw.get("answer", "")
    if not isinstance(answer, str) or not answer.strip():
        raise KnowledgeError(f"{where}: `answer` needs one to three sentences that answer the question directly")
    if LEANING_START.match(answer.strip()):
        raise KnowledgeError(
            f"{where}: `answer` must not start with “{answer.split()[0]}”: it is quoted alone, after questions worded in many ways, so say the whole thing"
        )
    numbers = raw.get("cite", list(range(1, len(cited) + 1)))
    bad = [n for n in numbers if not isinstance(n, int) or not 1 <= n <= len(cited)]
    if bad or not numbers:
        raise KnowledgeError(
            f"{where}: `cite` numbers the entry's [[sources]] from 1 to {len(cited)} (got {bad or numbers})"
        )
    return Facet(
        id=f"{entry_id}#{facet_id}",
        asks=tuple(a.strip() for a in asks),
        answer=" ".join(answer.split()),
        steps=tuple(_sentences_field(name, f"facet {facet_id} steps", raw.get("steps", []))),
        sources=tuple(cited[n - 1] for n in numbers),
    )


def _sentences_field(name: str, field: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{name}: `{field}` must be a list of sentences in quotes")
    return [" ".join(v.split()) for v in value]


def _check_header(name: str, stem: str, header: dict) -> None:
    for key in ("id", "title", "audience", "questions", "sources"):
        if not header.get(key):
            raise KnowledgeError(f"{name}: the header needs `{key}`")
    if header["id"] != stem:
        raise KnowledgeError(f"{name}: `id` must be the file name without .md (“{stem}”)")
    unknown = set(header["audience"]) - AUDIENCES
    if unknown:
        raise KnowledgeError(f"{name}: unknown audience {sorted(unknown)}; use parent, advocate or social_worker")


def _source(name: str, raw: dict) -> Source:
    if "seed" in raw:
        if raw["seed"] not in sources():
            raise KnowledgeError(f"{name}: source seed “{raw['seed']}” is not in knowledge/sources.json")
        seed = sources()[raw["seed"]]
        return Source(title=f"{seed['publisher']}: {seed['title']}", url=seed["url"], id=raw["seed"])
    if not raw.get("title") or not raw.get("url"):
        raise KnowledgeError(f"{name}: each [[sources]] block needs `seed`, or both `title` and `url`")
    return Source(title=raw["title"], url=raw["url"])


def _split_body(name: str, body: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    body = body.strip()
    if not body.startswith(SHORT_ANSWER):
        raise KnowledgeError(f"{name}: the text must start with “{SHORT_ANSWER}”")
    parts = re.split(r"^##\s+(.+?)\s*$", body, flags=re.M)
    short = parts[0][len(SHORT_ANSWER) :].strip()
    sections = tuple((parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2))
    if not any(heading.lower() == "what this means" for heading, _ in sections):
        raise KnowledgeError(f"{name}: add a “## What this means” section after the short answer")
    return short, sections


def load_glossary(path: Path | None = None) -> list[Term]:
    """Every glossary term in knowledge/glossary.toml."""
    path = path or KNOWLEDGE_DIR / "glossary.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"glossary.toml is not valid TOML ({error})") from None
    terms = []
    for item in raw.get("term", []):
        if not item.get("term") or not item.get("meaning") or not item.get("source"):
            raise KnowledgeError(f"glossary.toml: every [[term]] needs term, meaning and source ({item.get('term')})")
        source = item["source"]
        cited = (
            _source("glossary.toml", {"seed": source})
            if source.startswith("seed-")
            else Source(title=_title_from_url(source), url=source)
        )
        terms.append(
            Term(
                term=item["term"],
                short=item.get("short"),
                aliases=tuple(item.get("aliases", ())),
                meaning=item["meaning"],
                scope=item.get("scope", "England and Wales"),
                source=cited,
            )
        )
    return terms


def _title_from_url(url: str) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    return f"Source: {host}"


def load_out_of_scope(path: Path | None = None) -> list[str]:
    """Questions the assistant should decline (knowledge/out_of_scope.txt), used to learn where its knowledge ends."""
    path = path or KNOWLEDGE_DIR / "out_of_scope.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
