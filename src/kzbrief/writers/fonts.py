"""The briefing's fonts: Source Serif Pro and Source Sans Pro, brought by pip.

Both writers embed them (the HTML page, and so the PDF, as cut-down ``@font-face`` data; the
DOCX as font parts), so where they are is known in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

SERIF = "Source Serif Pro"
SANS = "Source Sans Pro"

# (file stem suffix, CSS weight, CSS style) for each face we use, in both families.
_FACES = (
    ("Regular", 400, "normal"),
    ("It", 400, "italic"),
    ("Semibold", 600, "normal"),
    ("SemiboldIt", 600, "italic"),
    ("Bold", 700, "normal"),
    ("BoldIt", 700, "italic"),
)
_FAMILIES = ((SERIF, font_source_serif_pro, "SourceSerifPro"), (SANS, font_source_sans_pro, "SourceSansPro"))


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    path: Path


def font_faces() -> list[FontFace]:
    """Every TTF face the stylesheet may ask for; missing files fail loudly, not by fallback."""
    faces = []
    for family, module, stem in _FAMILIES:
        for suffix, weight, style in _FACES:
            path = Path(module.font_directory).resolve() / f"{stem}-{suffix}.ttf"
            if not path.is_file():
                raise FileNotFoundError(f"font file missing: {path}")
            faces.append(FontFace(family, weight, style, path))
    return faces


@lru_cache(maxsize=1)
def drawable_characters() -> frozenset[int]:
    """Code points some face of the embedded fonts has a glyph for.

    Text outside this set would be drawn by whatever font the machine happens to have (or as
    an empty box), so a briefing would no longer look — or read — the same everywhere.
    """
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for face in font_faces():
        font = TTFont(face.path, lazy=True)
        found.update(font.getBestCmap())
        font.close()
    return frozenset(found)


@lru_cache(maxsize=None)
def _advances(path: Path) -> tuple[dict[int, int], int]:
    """A face's advance width per code point, and its units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    units = font["head"].unitsPerEm
    font.close()
    return advances, units


def text_width_pt(text: str, size_pt: float, family: str = SANS, bold: bool = False, italic: bool = False) -> float:
    """How wide ``text`` is set in one of the embedded faces, in points: the sum of its
    advances, without kerning (which only tightens), so a safe measure of what must fit."""
    weight, style = (700 if bold else 400), ("italic" if italic else "normal")
    face = next(f for f in font_faces() if (f.family, f.weight, f.style) == (family, weight, style))
    advances, units = _advances(face.path)
    widest = max(advances.values())  # a character the face lacks: counted as wide as its widest
    return sum(advances.get(ord(c), widest) for c in text) * size_pt / units
