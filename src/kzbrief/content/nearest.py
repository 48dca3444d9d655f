"""When a quote is not in its source: the source's nearest passage, with the differing words marked.

An analyst who mistyped one word should not have to hunt through the source for it: the
message shows the passage the quote most resembles (found by the loose search of
``passages``, which ``sources find`` and ``show`` use too) and, compared word by word with
difflib, marks and names what differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import LoadedSource, normalise_text
from .passages import search

#: How alike (0–1, on folded text) a passage must be to be offered as the nearest one.
THRESHOLD = 0.6
#: Words looked at on each side of the passage found (see ``_widen``).
SLACK = 3


@dataclass(frozen=True)
class Nearest:
    passage: str  # the source's text, differing words in [brackets], "…" where it goes on
    differences: list[str]  # "the quote has “12” where the source has “10”", …


def _quoted(words: list[str]) -> str:
    return "\u201c" + " ".join(words) + "\u201d"


def _tokens(text: str) -> list[re.Match]:
    """Words and punctuation marks apart, so that "Anka." still matches "Anka"."""
    return list(re.finditer(r"\w+|[^\w\s]+", text))


def _trim(opcodes: list[tuple]) -> list[tuple]:
    """Drop source words at either end that the quote does not have: the passage starts and
    ends where the quote does."""
    while opcodes and opcodes[0][0] == "insert":
        opcodes = opcodes[1:]
    while opcodes and opcodes[-1][0] == "insert":
        opcodes = opcodes[:-1]
    return opcodes


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The search's hit, in whole words with their punctuation (it folds punctuation away),
    and a few words more on each side: the word-by-word comparison then keeps what matches
    the quote and ``_trim`` drops the rest (the search may have cut a matching word off)."""
    before = [m.start() for m in re.finditer(r"\S+", text[:start])]
    start = before[-SLACK - 1] if len(before) > SLACK else 0
    after = [m.end() for m in re.finditer(r"\S+", text[end:])]
    end += after[SLACK] if len(after) > SLACK else len(text) - end
    return start, end


def nearest_passage(source: LoadedSource, quote: str) -> Nearest | None:
    """The passage of a source nearest to a quote, or None when nothing in it resembles it."""
    hits = search([source], quote, threshold=THRESHOLD, limit=1)
    if not hits:
        return None
    start, end = _widen(source.text, hits[0].start, hits[0].end)
    text = normalise_text(source.text[start:end])
    found, wanted = _tokens(text), [m.group() for m in _tokens(quote)]
    words = [m.group() for m in found]
    opcodes = _trim(SequenceMatcher(None, wanted, words, autojunk=False).get_opcodes())
    if not opcodes:
        return None
    shown, differences = "", []
    first_word, position = opcodes[0][3], found[opcodes[0][3]].start()
    for tag, q1, q2, p1, p2 in opcodes:
        if p2 > p1:  # the source's own text, spacing included, differing words in brackets
            piece = text[found[p1].start():found[p2 - 1].end()]
            shown += text[position:found[p1].start()] + (piece if tag == "equal" else f"[{piece}]")
            position = found[p2 - 1].end()
        if tag == "replace":
            differences.append(f"the quote has {_quoted(wanted[q1:q2])} where the source has {_quoted(words[p1:p2])}")
        elif tag == "delete":
            differences.append(f"{_quoted(wanted[q1:q2])} is not in the source here")
        elif tag == "insert":
            differences.append(f"the source also has {_quoted(words[p1:p2])}")
    starts_text = start == 0 and first_word == 0
    ends_text = not source.text[end:].strip() and position == len(text)
    return Nearest(("" if starts_text else "… ") + shown + ("" if ends_text else " …"), differences)


def explain_missing(source: LoadedSource, quote: str) -> str:
    """The end of a 'quote not found' message: where the nearest passage is and what differs."""
    found = nearest_passage(source, quote)
    if found is None:
        return "no passage of the source resembles it"
    why = "; ".join(found.differences) or "it differs only in the spacing of punctuation"
    return f"nearest passage: \u201c{found.passage}\u201d ({why})"
