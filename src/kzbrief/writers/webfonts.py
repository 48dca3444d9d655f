"""The briefing's fonts as ``@font-face`` rules with the font data inside (``data:`` URLs).

A web edition that names a font file or a font server is not self-contained, and one that
carries twelve whole faces weighs 3 MB; so each face is cut down (fontTools) to the characters
the page can show: Latin-1 and Latin Extended-A, the typographic marks, and whatever else the
page's own text holds, with both cases of each (stylesheets uppercase some text). Cutting a face
takes a noticeable fraction of a second, so cut faces are kept in the user's cache, keyed by the
font file, the characters and the fontTools version, and are byte-identical for the same key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
from functools import lru_cache

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

from ..files import user_cache_dir, write_atomic
from .fonts import FontFace, font_faces

#: Characters every edition may show whatever its text: Latin-1, Latin Extended-A, the
#: typographic spaces, dashes, quotes and bullets, the box the lists use as bullet.
BASE_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180)]
    + list("\u2009\u200a\u202f\u2010\u2011\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e"
           "\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2116\u2122\u2190\u2191\u2192\u25a0")
)
#: OpenType features the stylesheets rely on (kerning, ligatures, tabular figures).
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "tnum", "lnum", "pnum", "case"]
#: How a cut face is packed, by the page's reader. The web edition carries WOFF2 (Brotli): a
#: quarter smaller than WOFF, and decoding it keeps the font's own date, where WeasyPrint's WOFF
#: decoding saves the font anew and stamps the current time into it. The page WeasyPrint lays out
#: for the PDF carries plain TrueType: WeasyPrint would otherwise decode twelve WOFF2 faces in
#: pure Python on every render (~0.4 s), and the PDF embeds its own subset anyway.
FLAVORS = {"woff2": ("woff2", "font/woff2"), "ttf": (None, "font/ttf")}
WEB = "woff2"
PRINT = "ttf"
CACHE_VERSION = "2"


def page_chars(text: str) -> frozenset[str]:
    """What a page can show: the base set, plus its text's other characters in both cases."""
    extra = {c for c in set(text) - BASE_CHARS if c.isprintable()}
    cased = {v for c in extra for v in (c, c.upper(), c.lower()) if len(v) == 1}
    return BASE_CHARS | frozenset(cased)


def _subset(face: FontFace, chars: frozenset[str], packing: str = WEB) -> bytes:
    font = TTFont(face.path, recalcTimestamp=False)  # no build time in the font's head table
    options = subset.Options(layout_features=FEATURES, name_IDs=["*"], name_languages=["*"],
                             name_legacy=True, notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    font.flavor = FLAVORS[packing][0]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def face_bytes(face: FontFace, chars: frozenset[str], packing: str = WEB) -> bytes:
    """One face cut to ``chars`` and packed as ``packing`` (a key of ``FLAVORS``): from the user
    cache when there, else cut and cached."""
    key = hashlib.sha256()
    for part in (CACHE_VERSION, fontTools.version, packing, face.path.name):
        key.update(part.encode() + b"\0")
    key.update(face.path.read_bytes())
    key.update("".join(sorted(chars)).encode("utf-8"))
    cached = user_cache_dir("fonts") / f"{face.path.stem}-{key.hexdigest()[:24]}.{packing}"
    with contextlib.suppress(OSError):
        return cached.read_bytes()
    data = _subset(face, chars, packing)
    with contextlib.suppress(OSError):  # an unwritable cache only costs time
        write_atomic(cached, data)
    return data


def data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def embedded_faces(text: str, packing: str = WEB) -> list[tuple[FontFace, str]]:
    """Every face with a ``data:`` URL of its file cut to what ``text`` (the page) can show."""
    chars = page_chars(text)
    mime = FLAVORS[packing][1]
    return [(face, data_url(face_bytes(face, chars, packing), mime)) for face in font_faces()]
