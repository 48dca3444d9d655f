"""The briefing's fonts: Source Serif Pro and Source Sans Pro, brought by pip.

Both writers embed them (the HTML page, and so the PDF, as cut-down ``@font-face`` data; the
DOCX as font parts), so where they are is known in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
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
