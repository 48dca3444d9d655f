"""Passages of source texts: where a quote sits, the sentence around it, and loose search.

Quoting by hand is the slow part of an analyst's work. Searching folds what a typed phrase
usually differs in from the source (accents, case, whitespace, and punctuation, which
counts as a space: l'armée, Su-30SM and « TAI » match l armee, Su 30SM and TAI) and also
finds near matches, but what it returns is always
a span of the source's own text, so a quote made from it passes validation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from .model import LoadedSource

#: The end of a sentence: a stop (and closing quotes or brackets) before whitespace, or a line
#: break (headlines and captions have no final stop). (As ``coverage`` splits sentences.)
SENTENCE_END = re.compile(r"(?<=[.!?…])(?P<close>[\"»”’)\]]*)\s+|\n")


@dataclass(frozen=True)
class Folded:
    """A text folded for loose comparison, with the original position of each folded character."""

    text: str
    index: tuple[int, ...]

    @cached_property
    def words(self) -> list[tuple[int, int, str]]:
        """(start, end, word) of each folded word."""
        return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", self.text)]

    @cached_property
    def where(self) -> dict[str, list[int]]:
        """Each folded word → the indices in ``words`` where it occurs."""
        found: dict[str, list[int]] = {}
        for number, (_, _, word) in enumerate(self.words):
            found.setdefault(word, []).append(number)
        return found

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A folded span [start, end) as a span of the original text."""
        return self.index[start], self.index[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: "" for a combining accent, " " for whitespace or punctuation."""
    if char.isspace() or unicodedata.category(char).startswith("P"):
        return " "
    return "".join(p for p in unicodedata.normalize("NFKD", char) if not unicodedata.combining(p)).casefold()


def fold(text: str) -> Folded:
    """Accents dropped, case folded, punctuation and whitespace runs as one space."""
    out: list[str] = []
    index: list[int] = []
    space = True  # no leading space
    for position, char in enumerate(text):
        folded = _fold_char(char)
        if folded == " ":
            if not space:
                out.append(" ")
                index.append(position)
            space = True
            continue
        if folded:
            space = False
            out.append(folded)
            index.extend([position] * len(folded))
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return Folded("".join(out), tuple(index))


_FOLDED: dict[tuple[str, str], Folded] = {}


def folded_source(source: LoadedSource) -> Folded:
    """Each source text is folded once per process (keyed by its hash, so an update refolds)."""
    key = (source.id, source.digest)
    if key not in _FOLDED:
        _FOLDED[key] = fold(source.text)
    return _FOLDED[key]


def flat(text: str) -> str:
    """A passage on one line: line breaks and whitespace runs as single spaces (quotes ignore
    them anyway); a single no-break space is the source's own and stays."""
    return re.sub(r"\s{2,}|[\n\r\t\f\v]", " ", text).strip()


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding [start, end) in ``text``."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = SENTENCE_END.search(text, end)
    stop = len(text) if after is None else (after.end("close") if after.group("close") is not None else after.start())
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    return begin, max(stop, end)


@dataclass(frozen=True)
class Passage:
    """A span of one source's text: a located quote or a search hit."""

    source: LoadedSource
    start: int
    end: int
    score: float = 1.0  # 1.0: the phrase itself (folded); less: a near match

    @property
    def quote(self) -> str:
        return flat(self.source.text[self.start:self.end])

    @property
    def line(self) -> int:
        return self.source.text.count("\n", 0, self.start) + 1

    def sentence(self) -> Passage:
        begin, stop = sentence_bounds(self.source.text, self.start, self.end)
        return Passage(self.source, begin, stop, self.score)

    def context(self) -> tuple[str, str, str]:
        """(before, passage, after) within the sentence(s) around it, each on one line."""
        begin, stop = sentence_bounds(self.source.text, self.start, self.end)
        text = self.source.text
        before, after = flat(text[begin:self.start]), flat(text[self.end:stop])
        return (before + " " if before and text[self.start - 1].isspace() else before, self.quote,
                " " + after if after and text[self.end].isspace() else after)


def locate(source: LoadedSource, quote: str) -> Passage | None:
    """Where a quote sits in its source (loosely: case and accents too), or None."""
    folded, wanted = folded_source(source), fold(quote).text
    at = folded.text.find(wanted) if wanted else -1
    return None if at < 0 else Passage(source, *folded.span(at, at + len(wanted)))


def _exact(source: LoadedSource, wanted: str) -> list[Passage]:
    folded, found, at = folded_source(source), [], folded_source(source).text.find(wanted)
    while at >= 0:
        found.append(Passage(source, *folded.span(at, at + len(wanted))))
        at = folded.text.find(wanted, at + 1)
    return found


def _near(source: LoadedSource, wanted: str, threshold: float) -> list[Passage]:
    """Runs of whole words about as long as the phrase that differ from it only a little.

    With two words or more, only runs holding at least half the phrase's telling words (longer
    than two letters) are compared, which keeps the search fast on a large library."""
    folded = folded_source(source)
    words = folded.words
    phrase_words = wanted.split()
    telling = {w for w in phrase_words if len(w) > 2} or set(phrase_words)  # not de, la, of…
    needed = (len(telling) + 1) // 2 if len(phrase_words) > 1 else 0
    hit_at = sorted({n for w in telling for n in folded.where.get(w, [])})
    hits = [0] * (len(words) + 1)
    for number in hit_at:
        hits[number + 1] = 1
    for number in range(len(words)):
        hits[number + 1] += hits[number]
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    found = []
    for size in {max(1, len(phrase_words) + d) for d in (-1, 0, 1)}:
        firsts = (range(len(words) - size + 1) if not needed else
                  sorted({f for h in hit_at for f in range(max(0, h - size + 1), min(h, len(words) - size) + 1)}))
        for first in firsts:
            if hits[first + size] - hits[first] < needed:
                continue
            start, end = words[first][0], words[first + size - 1][1]
            matcher.set_seq1(folded.text[start:end])
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                found.append(Passage(source, *folded.span(start, end), score=score))
    return found


def search(sources: list[LoadedSource], phrase: str, *, near: bool = True, threshold: float = 0.8,
           limit: int = 10) -> list[Passage]:
    """Passages matching ``phrase``: the phrase itself first (folded), then near matches,
    best first, never two overlapping in one source."""
    wanted = fold(phrase).text
    if not wanted:
        return []
    exact = [p for s in sources for p in _exact(s, wanted)]
    candidates = sorted((p for s in sources for p in _near(s, wanted, threshold)) if near else [],
                        key=lambda p: (-p.score, p.source.id, p.start))
    chosen: list[Passage] = list(exact)
    for passage in candidates:
        if len(chosen) >= limit:
            break
        if not any(c.source.id == passage.source.id and c.start < passage.end and passage.start < c.end
                   for c in chosen):
            chosen.append(passage)
    return chosen[:limit]
