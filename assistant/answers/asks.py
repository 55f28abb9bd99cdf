"""Find the questions in a long, worried post, and say each one back in the asker's own words.

A frightened parent tells the whole story and asks two or three things in it. Answering the post as one question
picks whatever the story mentions most, often a side detail; so each ask is found and answered on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How a sentence asks, when it is not written with a question mark.
ASKING = re.compile(
    r"^(can|could|will|would|do|does|did|is|are|am|was|were|should|shall|must|have|has|may|might|what|whats|wot"
    r"|who|whom|why|how|when|where|which|any|anyone|anybody)\b"
    r"|(^|[,;:] ?)(and |but |so )?(can|could|will|would|do|does|should|must|is|are|am) (i|we|they|you|he|she|it|my|the"
    r"|our|his|her|their)\b"
    r"|\b(can they|can i|could they|do i (have|need) to|am i (allowed|able|obliged|supposed)|what happens|what will"
    r"|what can i|what should i|is it (normal|legal|right|true|ok|okay|fair|possible)|is that (normal|legal|right"
    r"|allowed)|are they allowed|i (want|need|would like) to know|i'?m wondering|wondering (if|whether|what|how)"
    r"|please (help|advise|tell)|any advice|what are my rights|what rights|help me understand|where do i stand"
    r"|i don'?t know (what|how|if|whether)|not sure (what|how|if|whether)|advice (please|needed|on))\b",
    re.I,
)
# An ask that leans on the story before it ("Can they do that?") is answered with the sentence it leans on.
VAGUE = re.compile(r"\b(that|this|it|they|them|this one|so)\b", re.I)
CONTENT = re.compile(r"[a-z]{4,}", re.I)
PLAIN = frozenset(
    "what does that mean they them this that have will would could should about with from there their your really"
    " just know want need help please advice normal okay happen happens going doing done make anything something"
    " anyone right rights allowed able wondering thanks thank".split()
)
# Asks about a child leaving home, court or signing come first: they are what a parent most needs answered.
WEIGHTY = re.compile(
    r"\b(take (him|her|them|my|the|our)|taken|remov|court|police|care order|foster|adopt|emergency|sign|today"
    r"|tonight|tomorrow|lose (my|the|our)|custody|section 20|s20|plo|proceedings|let them in|leave my)",
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[.?!])[\"')\]]*\s+|\n\s*\n|\n(?=\s*[-*•\d])")


@dataclass(frozen=True)
class Ask:
    """One question in a post: its words, the words it is answered from, and where it came in the post."""

    text: str
    query: str
    position: int
    weighty: bool


def sentences(post: str) -> list[str]:
    """The post's sentences, at stops, blank lines and list items."""
    parts = (p.strip(" -*•\t\n") for p in SENTENCE_END.split(post))
    return [re.sub(r"\s+", " ", p) for p in parts if p and re.search(r"[a-z]", p, re.I)]


def find_asks(post: str) -> list[Ask]:
    """Each question in the post, most pressing first; the whole post as one ask when nothing in it asks."""
    said = sentences(post)
    asking = [s.rstrip().endswith("?") or bool(ASKING.search(s)) for s in said]
    asks = []
    for i, sentence in enumerate(said):
        if not asking[i]:
            continue
        query = sentence
        if _leans_back(sentence):
            story = [said[j] for j in range(max(0, i - 3), i) if not asking[j]][-2:]
            query = " ".join([*story, sentence])
        asks.append(Ask(sentence, query, i, bool(WEIGHTY.search(query))))
    if not asks:
        return [Ask(post.strip(), post.strip(), 0, bool(WEIGHTY.search(post)))]
    return sorted(asks, key=lambda a: (not a.weighty, a.position))


def _leans_back(sentence: str) -> bool:
    words = [w for w in CONTENT.findall(sentence.lower()) if w not in PLAIN]
    return len(words) < 2 or (len(words) < 3 and bool(VAGUE.search(sentence)))


# The asker's words, turned to speak back to them.
SWAPS = {
    "i": "you",
    "am": "are",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "ive": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "we're": "you're",
    "we've": "you've",
}
MODAL = frozenset("can could will would should must may might shall have has".split())
BE = frozenset("is are am was were".split())
DO = frozenset("do does did".split())
PRONOUN = frozenset("you they he she it we there this that".split())
# Words a verb phrase can start with after "can my mum ...": where the asker's subject ends.
VERB_START = frozenset(
    """be have get go look take make see stay live come keep let ask say do stop sign refuse bring record talk speak
    visit contact remove put force tell use change move leave attend need want apply give find send share still really
    just legally actually also not ever even know mean lose help check call end withdraw agree complain challenge appeal
    turn look start pay",""".replace(",", " ")
    .replace('"', " ")
    .split()
)


def _whether(words: str) -> str | None:
    """ "can your mum look after them" -> "whether your mum can look after them"; None when the shape is unclear."""
    tokens = words.split()
    if len(tokens) < 3:
        return None
    aux, rest = tokens[0].lower(), tokens[1:]
    if aux in BE:
        if rest[0].lower() not in PRONOUN:
            return None
        return f"whether {rest[0]} {_agree(aux, rest[0])} {' '.join(rest[1:])}"
    if aux not in MODAL and aux not in DO:
        return None
    for cut in range(1, min(4, len(rest))):
        if rest[cut].lower() in VERB_START and (cut == 1 or rest[0].lower() in DETERMINERS):
            subject = " ".join(rest[:cut])
            verb = "" if aux in DO else f"{_agree(aux, subject)} "
            return f"whether {subject} {verb}{' '.join(rest[cut:])}"
    return None


DETERMINERS = frozenset("your the his her their a an this that my our".split())


QUESTION_CLAUSE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:and|but|so|or|because|just)\s+)((?:can|could|will|would|do|does|did|should|must|is|are|am|have"
    r"|has|what|how|why|who|when|where|which)\b[^,;:]*)$",
    re.I,
)


def question_clause(ask: str) -> str:
    """The part of a long sentence that asks: "My mum lives nearby, can she have him?" -> "can she have him"."""
    text = re.sub(r"[?.!]+$", "", ask.strip()).strip()
    if len(text) <= 90:
        return text
    match = QUESTION_CLAUSE.search(text)
    if not match or len(match.group(1).split()) < 3 or _leans_back(match.group(1)):
        return text
    return match.group(1)


def restate(ask: str) -> str:
    """The ask said back plainly: "You asked whether your mum can look after the children." """
    words = question_clause(ask)
    words = re.sub(r"^((and|but|so|also|please|ok|okay|sorry|hi|hello|help)\b[, ]*)+", "", words, flags=re.I)
    words = _swap(words[:1].lower() + words[1:])
    if len(words) > 120:
        return f"You asked: “{_capital(words[:117].rsplit(' ', 1)[0])}…”"
    whether = _whether(words)
    if whether:
        return f"You asked {whether}."
    if re.match(r"(what|who|why|how|when|where|which)\b", words, re.I):
        return f"You asked {words}."
    return f"You asked: “{_capital(words)}”"


def _agree(aux: str, subject: str) -> str:
    aux = aux.lower()
    if subject.lower() == "you" and aux in ("am", "is"):
        return "are"
    if subject.lower() == "you" and aux == "was":
        return "were"
    return aux


def _swap(text: str) -> str:
    text = re.sub(r"\b(i|we) was\b", r"\1 were", text, flags=re.I)
    return re.sub(r"[A-Za-z']+", lambda m: SWAPS.get(m.group(0).lower(), m.group(0)), text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
