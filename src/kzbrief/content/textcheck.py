"""Texts that would break a render, refused at validation with their file, line and field.

Validation passing must mean the build will not fail on a text: a control character is legal
in YAML and even in the PDF, but not in the XML a DOCX is made of; a lone surrogate cannot
be encoded at all; Word's document properties hold at most 255 characters. Each of these
used to surface while rendering as a bare ``ValueError``; here it is found before anything
is built, wherever the text is (notes included: they travel in the PDF's data attachment).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from pydantic import BaseModel

from ..errors import Problem, field_label
from .model import Origin, Project, walk

#: What XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; surrogates;
#: U+FFFE/U+FFFF), plus DEL, the C1 controls and the other non-characters, which no reader
#: should get and which terminals may obey.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                        "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
#: Bidirectional controls (embeddings, overrides, isolates, marks): invisible, they reorder what
#: the reader sees, so a text could read differently from what was checked against its source.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
#: Word's limit for a document property (title, subject, author, keywords).
DOCX_PROPERTY_LIMIT = 255
#: Room kept in the title for what a build adds (the draft label).
TITLE_MARGIN = 40


def describe(char: str) -> str:
    """``U+001B (ESCAPE)``: a character named so an analyst can find it in an editor."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (half of a surrogate pair, not a character)"
    kinds = {"Cc": "a control character", "Co": "a private-use character", "Cn": "an unassigned code point"}
    name = unicodedata.name(char, "") or {0x1B: "ESCAPE", 0x7F: "DELETE"}.get(code) or \
        kinds.get(unicodedata.category(char), "a character without a name")
    return f"U+{code:04X} ({name})"


def strings(model: BaseModel) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string of an item, language entries and list items included."""
    for found in walk(model):
        if isinstance(found.value, str):
            yield found.path, found.value
        elif isinstance(found.value, dict):
            for key, text in found.value.items():
                if isinstance(text, str):
                    yield found.path + (key,), text


def _report(origin: Origin, path: tuple, message: str) -> Problem:
    return Problem(origin.path, origin.line_of(*path), field_label(path), message)


#: Fields no reader sees (notes, quotes, file names, hashes): any printable character will do.
NOT_SHOWN = {"note", "published_note", "reliability_note", "reason", "quote", "sha256", "url", "basis_note"}
#: Characters every face of the embedded fonts has (Latin-1 and the common punctuation:
#: dashes, quotes, bullet, ellipsis, per mille, guillemets, euro, trade mark); only texts with
#: others are checked against the fonts, so most projects never load them to validate.
_SURELY_DRAWN = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u2012-\u2015\u2018-\u201a\u201c-\u201e"
                           "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]*")


def shown(kind: str, path: tuple) -> bool:
    names = [p for p in path if isinstance(p, str)]
    return not (set(names) & NOT_SHOWN or (kind == "sources" and names[:1] == ["text"]))


def undrawable(text: str) -> str | None:
    """The first character of ``text`` no embedded font can draw (None if all can)."""
    if _SURELY_DRAWN.fullmatch(text):
        return None
    from ..writers.fonts import drawable_characters

    known = drawable_characters()
    return next((ch for ch in text if ord(ch) not in known and not ch.isspace()), None)


def character_problems(project: Project) -> list[Problem]:
    found = []
    for kind, _key, item, origin in [*project.items(), *project.duplicates]:
        for path, text in strings(item):
            if _SURELY_DRAWN.fullmatch(text):
                continue  # nearly every text: nothing forbidden, no control, nothing undrawable
            bad = _FORBIDDEN.search(text)
            if bad:
                found.append(_report(origin, path, f"contains {describe(bad.group())} at character {bad.start() + 1}: "
                                                   "remove it (it was probably pasted with the text)"))
            elif shown(kind, path) and (bidi := _BIDI.search(text)):
                found.append(_report(origin, path, f"contains {describe(bidi.group())} at character {bidi.start() + 1}, "
                                                   "an invisible control that reorders what the reader sees: remove it"))
            elif shown(kind, path) and (missing := undrawable(text)) is not None:
                found.append(_report(origin, path, f"contains {describe(missing)}, which the briefing's fonts cannot "
                                                   "draw (the PDF and the DOCX would show a box or another font): "
                                                   "transliterate it, or leave it to the source text"))
    return found


def length_problems(project: Project) -> list[Problem]:
    """Texts that become DOCX document properties, measured as the build composes them."""
    settings = project.settings
    origin = project.origins[("project", "settings")]
    found = []
    for lang in project.languages:
        series = settings.name.get(lang, "")
        for field in ("subject", "publisher", "keywords"):
            text = getattr(settings, field).get(lang, "")
            if len(text) > DOCX_PROPERTY_LIMIT:
                found.append(_report(origin, (field, lang), f"{len(text)} characters; a DOCX document property holds "
                                                            f"at most {DOCX_PROPERTY_LIMIT}: shorten it"))
        for period, edition in project.editions.items():
            title = f"{series} — {edition.title.get(lang, '')}"
            if len(title) > DOCX_PROPERTY_LIMIT - TITLE_MARGIN:
                found.append(_report(project.origins[("editions", period)], ("title", lang),
                                     f"with the series name the document title is {len(title)} characters; a DOCX "
                                     f"document property holds at most {DOCX_PROPERTY_LIMIT} and a draft label needs "
                                     f"room: keep it under {DOCX_PROPERTY_LIMIT - TITLE_MARGIN - len(series) - 3}"))
    return found


def text_problems(project: Project) -> list[Problem]:
    return character_problems(project) + length_problems(project)
