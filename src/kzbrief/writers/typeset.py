"""Where a line may break, decided once for every writer, as a typesetter would.

The text of the document is never changed (a reader who copies "30 août" gets a space); what
is decided here is which runs of a text must not be broken, and where a word may be:

- a number stays with the word or sign after it ("30 août", "20–45 %", "5 domaines"), a
  range stays whole ("20–45"), and a short word stays with a number that ends a clause
  ("sur 9)"): a line never starts with "9)." or ends with "20–";
- a capitalised word (a proper name, a designation) is never hyphenated, nor broken at its own
  hyphen ("Kassym-Jomart", "Kazakhstan-Korea", "Su-30SM");
- a compound already hyphenated ("militaro-technique", "counter-insurgency") breaks only at
  its hyphen;
- a word the hyphenation patterns break badly ("hélico-ptères", "re-servations") breaks only
  where the language's exception list says ("héli-coptères"). The lists are data:
  ``templates/locale/<lang>/hyphenation.txt``, one word a line, hyphens at the allowed points.

Each writer renders the kinds its own way. The HTML writer writes the breaks into the text:
a soft hyphen wherever the language's patterns (pyphen's, which WeasyPrint itself uses) allow
a break in a word of plain text, none in a name, and the stylesheet sets ``hyphens: manual``;
only runs that must not break at all become elements (``nobr``). An element per name, as
before, cost the 124-page annual edition 16,811 elements of 34,510, 37 % of the render's peak
memory (945 → 597 MB) and half of its layout time (measured 3 December 2026). The DOCX writer
uses no-break spaces, Word's non-breaking hyphens and optional hyphens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyphen

SHY = "\u00ad"  # soft hyphen: a break allowed here only
NBSP = "\u00a0"
NBHY = "\u2011"  # non-breaking hyphen (the DOCX writer turns it into Word's own)

_SPACE = "[ \u00a0\u202f]"
_NUMBER = r"\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?[\u1d49\u02b3]*"
_RANGE = rf"{_NUMBER}(?:–{_NUMBER})?"
_START = r"(?<![\w\-–/.,:])"
_TOKENS = re.compile(
    # a short word and the number that ends its clause: "sur 9)", "of 9."
    rf"(?P<tail>(?<![\w\-’'])[^\W\d_]{{1,5}}{_SPACE}+{_RANGE}(?=[)\].,;:!?»\u202f]|$))"
    # a number or a range, with the word or sign after it: "30 août", "20–45 %", "5 domaines"
    rf"|(?P<number>{_START}{_RANGE}(?:{_SPACE}+(?:%|[^\W\d_][\w’'\-]*))?)"
    # a capitalised word: a name or a designation, hyphenated or long enough to be hyphenated
    # (the hyphenator leaves two letters on each side of a break of a five-letter word)
    r"|(?P<name>(?<![\w\-’'])[A-ZÀ-ÖØ-Þ](?:[\w’']*-[\w’'\-]*\w|[\w’'\-]{4,}))"
    # a compound already hyphenated
    r"|(?P<compound>(?<![\w\-’'])[^\W\d_][\w’']*(?:-[\w’']+)+)"
    r"|(?P<word>(?<![\w\-’'])[^\W\d_]{6,})"
)


@dataclass(frozen=True)
class Run:
    """A piece of a text and how a line may break in it.

    ``kind``: ``plain`` (break and hyphenate freely), ``whole`` (no break inside, never
    hyphenated), ``name`` (a capitalised word: never hyphenated nor broken at its hyphens),
    ``compound`` (breaks only at its hyphens, and at soft hyphens ``text`` carries)."""

    text: str
    kind: str = "plain"


def runs(text: str, exceptions: dict[str, str] | None = None) -> list[Run]:
    """``text`` cut into runs; the runs' texts joined give ``text`` back (soft hyphens aside)."""
    exceptions = exceptions or {}
    out: list[Run] = []
    position = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        piece = match.group(0)
        if kind == "word":
            hyphenated = exceptions.get(piece.lower())
            if hyphenated is None:
                continue
            piece, kind = _apply(piece, hyphenated), "compound"
        elif kind in ("tail", "number"):
            if not re.search(r"\s", piece) and "–" not in piece:
                continue  # a lone number has nothing to be kept with
            kind = "whole"
        if match.start() > position:
            out.append(Run(text[position:match.start()]))
        out.append(Run(piece, kind))
        position = match.end()
    if position < len(text) or not out:
        out.append(Run(text[position:]))
    return out


#: CSS ``hyphenate-limit-chars: auto`` as WeasyPrint reads it: a word of five letters or more,
#: at least two letters on each side of a break.
MIN_WORD, MIN_LEFT, MIN_RIGHT = 5, 2, 2
_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")


@lru_cache(maxsize=16)
def _patterns(lang: str) -> pyphen.Pyphen | None:
    name = pyphen.language_fallback(lang)
    return pyphen.Pyphen(lang=name, left=MIN_LEFT, right=MIN_RIGHT) if name else None


#: A break right after an "f" would sit inside a ligature (ff, fi, fl, ft…): the fonts still
#: join the letters, and WeasyPrint then loses the joined glyph's text — "different" copies and
#: is searched as "di erent". Those few breaks are given up.
_IN_LIGATURE = re.compile(f"(?<=[fF]){SHY}")


@lru_cache(maxsize=1 << 16)
def _soft_word(word: str, lang: str) -> str:
    patterns = _patterns(lang)
    return _IN_LIGATURE.sub("", patterns.inserted(word, hyphen=SHY)) if patterns else word


def soft_hyphenated(text: str, lang: str) -> str:
    """Plain text with a soft hyphen at each break the language's patterns allow in its long
    words — the breaks ``hyphens: auto`` would find — and none in a capitalised word."""
    return _LONG_WORD.sub(lambda m: m.group(0) if m.group(0)[0].isupper() else _soft_word(m.group(0), lang), text)


def _apply(word: str, hyphenated: str) -> str:
    """``word`` with a soft hyphen wherever ``hyphenated`` (same letters) has a hyphen."""
    out, index = [], 0
    for char in hyphenated:
        if char == "-":
            out.append(SHY)
        else:
            out.append(word[index])
            index += 1
    return "".join(out)


def for_word(text: str, exceptions: dict[str, str] | None = None) -> str:
    """The text as Word should break it: no-break spaces inside whole runs, non-breaking hyphens
    in names and whole runs, soft hyphens at a listed word's allowed points."""
    out = []
    for run in runs(text, exceptions):
        if run.kind == "whole":
            out.append(re.sub(" ", NBSP, run.text).replace("-", NBHY))
        elif run.kind == "name":
            out.append(run.text.replace("-", NBHY))
        else:
            out.append(run.text)
    return "".join(out)


#: A table column at most this share of the width is never hyphenated (status, date, partners).
NARROW = 0.2


def no_runt(title: str) -> str:
    """A title whose last word cannot stand alone on its last line: the last two words joined
    by a no-break space ("… partners / to cooperate", not "… partners to / cooperate")."""
    head, space, last = title.rpartition(" ")
    if not space or " " not in head.strip():
        return title
    return f"{head}{NBSP}{last}"


def exceptions_file(templates: Path, lang: str) -> Path:
    return templates / "locale" / lang / "hyphenation.txt"


def load_exceptions(templates: Path, lang: str) -> dict[str, str]:
    """The language's hyphenation exceptions: lower-case word → the word with its hyphens."""
    path = exceptions_file(Path(templates), lang)
    if not path.is_file():
        return {}
    stamp = path.stat()
    return dict(_read(str(path), stamp.st_mtime_ns, stamp.st_size))


@lru_cache(maxsize=16)
def _read(path: str, _mtime: int, _size: int) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            pairs.append((word.replace("-", "").lower(), word.lower()))
    return tuple(pairs)
