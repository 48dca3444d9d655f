"""The house look of every chart: fonts, sizes, rcParams that make output reproducible.

Charts use the pip-installed Source Sans Pro (the PDF's sans face) registered with matplotlib,
so they render the same on every machine whatever fonts the system has.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib.metadata import version

import font_source_sans_pro

#: Bump when a change to drawing code should redraw every cached chart.
STYLE_VERSION = "2"
FAMILY = "Source Sans Pro"
WIDTH_CM = 16.0
PNG_DPI = 220
INK = "#222222"
MUTED = "#666666"
GRID = "#DDDDDD"
CM = 1 / 2.54


@cache
def register_fonts() -> tuple[str, ...]:
    """Add the Source Sans Pro TTFs to matplotlib once per process; returns the files added.

    matplotlib is imported here, not with this module: a build whose charts are all cached
    (a rebuild, a DOCX after its PDF) never pays for importing it (~0.5 s)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    folder = font_source_sans_pro.font_directory
    files = tuple(sorted(f for f in os.listdir(folder) if f.endswith(".ttf")))
    for name in files:
        font_manager.fontManager.addfont(os.path.join(folder, name))
    return files


def rc() -> dict[str, object]:
    """rcParams for every chart (applied with ``rc_context``, never globally)."""
    register_fonts()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FAMILY],
        "font.size": 8.5,
        "axes.titlesize": 9,
        "axes.labelsize": 8.5,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 7.5,
        "legend.frameon": False,
        "hatch.linewidth": 0.6,
        "hatch.color": "#FFFFFF",
        "text.color": INK,
        # text as text: the PDF draws it with the embedded Source Sans Pro (declared by the
        # stylesheet's @font-face), so chart labels are searchable and read by screen readers,
        # and WeasyPrint does not draw every glyph again as a path
        "svg.fonttype": "none",
        # names and labels are data: "$5$" is drawn as written, never parsed as mathtext
        "text.parse_math": False,
        "svg.hashsalt": "kzbrief-charts",
        "svg.id": "kzbrief-chart",
        "path.simplify": True,
    }


@cache
def version_key() -> str:
    """What besides the plan decides the pixels: the drawing code itself (so an edit to it
    can never leave a stale cached chart), our style version and matplotlib's version."""
    here = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256()
    for name in ("style.py", "render.py"):
        with open(os.path.join(here, name), "rb") as fh:
            digest.update(fh.read())
    return f"{STYLE_VERSION}/{version('matplotlib')}/{digest.hexdigest()[:16]}"
