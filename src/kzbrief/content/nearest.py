"""When a quote is not in its source: the source's nearest passage, with the differing words marked.

An analyst who mistyped one word should not have to hunt through the source for it: the
message shows the passage the quote most resembles (compared word by word with difflib) and
names what differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections import Counter
from difflib import SequenceMatcher

#: A passage sharing fewer of the quote's words than this would mislead more than help.
MIN_SHARED = 0.5
#: How many places sharing the most words with the quote are looked at closely, and by how
#: many words their ends may move.
CANDIDATES, SLACK = 5, 3


@dataclass(frozen=True)
class Nearest:
    passage: str  # the source's text, differing words in [brackets]
    differences: list[str]  # "the quote has “12” where the source has “10”", …


def _best_window(words: list[str], wanted: list[str]) -> tuple[int, int] | None:
    """(start, end) of the run of source words most like the quote, or None if none is alike.

    Runs as long as the quote that share the most words with it are the candidates (one cheap
    pass); each candidate's start, then end, moves by a few words (a word added or dropped)
    while the run has more of the quote's words in their order, and then while it is shorter:
    a differing word between two matching ones stays inside the passage."""
    n, counts = len(wanted), Counter(wanted)
    shared = [sum((Counter(words[s:s + n]) & counts).values()) for s in range(max(1, len(words) - n + 1))]
    candidates = sorted(range(len(shared)), key=lambda s: (-shared[s], s))[:CANDIDATES]
    if shared[candidates[0]] < MIN_SHARED * n:
        return None
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)  # difflib caches what it learns about the second sequence

    def score(start: int, end: int) -> tuple[int, int]:
        matcher.set_seq1(words[start:end])
        return sum(k for _, _, k in matcher.get_matching_blocks()), start - end

    best, best_score = (0, 1), (-1, 0)
    for candidate in candidates:
        end = min(len(words), candidate + n + SLACK)
        start = max(range(max(0, candidate - SLACK), min(end - 1, candidate + SLACK) + 1),
                    key=lambda s: score(s, end))
        end = max(range(max(start + 1, start + n - SLACK), end + 1), key=lambda e: score(start, e))
        if score(start, end) > best_score:
            best, best_score = (start, end), score(start, end)
    return best


def _quoted(words: list[str]) -> str:
    return "\u201c" + " ".join(words) + "\u201d"


def _tokens(text: str) -> list[re.Match]:
    """Words and punctuation marks apart, so that "Anka." still matches "Anka"."""
    return list(re.finditer(r"\w+|[^\w\s]+", text))


def nearest_passage(normalised_text: str, quote: str) -> Nearest | None:
    """The passage of a (whitespace-normalised) source text nearest to a quote, or None when
    nothing in the source resembles it."""
    found, wanted = _tokens(normalised_text), [m.group() for m in _tokens(quote)]
    words = [m.group() for m in found]
    if not words or not wanted:
        return None
    window = _best_window(words, wanted)
    if window is None:
        return None
    start, end = window
    passage = words[start:end]
    shown, differences = "", []
    position = found[start].start()
    for tag, q1, q2, p1, p2 in SequenceMatcher(None, wanted, passage, autojunk=False).get_opcodes():
        if p2 > p1:  # the source's own text, spacing included, differing words in brackets
            first, last = found[start + p1], found[start + p2 - 1]
            piece = normalised_text[first.start():last.end()]
            shown += normalised_text[position:first.start()] + (piece if tag == "equal" else f"[{piece}]")
            position = last.end()
        if tag == "replace":
            differences.append(f"the quote has {_quoted(wanted[q1:q2])} where the source has {_quoted(passage[p1:p2])}")
        elif tag == "delete":
            differences.append(f"{_quoted(wanted[q1:q2])} is not in the source here")
        elif tag == "insert":
            differences.append(f"the source also has {_quoted(passage[p1:p2])}")
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(words) else ""
    return Nearest(lead + shown + tail, differences)


def explain_missing(normalised_text: str, quote: str) -> str:
    """The end of a 'quote not found' message: where the nearest passage is and what differs."""
    found = nearest_passage(normalised_text, quote)
    if found is None:
        return "no passage of the source resembles it"
    why = "; ".join(found.differences) or "it differs only in the spacing of punctuation"
    return f"nearest passage: \u201c{found.passage}\u201d ({why})"
