"""Chart files: named by the hash of what they show, written atomically, never drawn twice.

The name is the hash of the chart key, the plan (every label, number and colour drawn, so the
language and the data are in it) and the style version. Each kind of file (SVG, PNG) is its own
cache entry: if it exists and matches the hash its manifest (``x.svg.sha256``) recorded, it is
not drawn again, and only the kinds a build's formats use are drawn: a rebuild without changes
redraws no chart, and a damaged cached chart is drawn again instead of vanishing from a
briefing. Output is byte-identical for the same plan.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..files import cache_entry_intact, manifest_path, write_cache_entry
from .plans import Plan
from .style import PNG_DPI, rc, version_key


#: The file kinds a chart is drawn as: SVG (vector, for the PDF and the web page) and PNG (for
#: the DOCX, which Word cannot be trusted to show as SVG).
KINDS = ("svg", "png")


@dataclass(frozen=True)
class ChartFiles:
    """The files of one chart, by kind; only the kinds asked for are drawn and named."""

    files: dict[str, Path]
    cached: bool

    @property
    def svg(self) -> Path | None:
        return self.files.get("svg")

    @property
    def png(self) -> Path | None:
        return self.files.get("png")


def plan_digest(plan: Plan, lang: str) -> str:
    payload = {
        "key": plan.key, "lang": lang, "style": version_key(), "title": plan.title, "alt": plan.alt,
        "size": [plan.width_cm, plan.height_cm], "plot": plan.plot,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _save(fig, kind: str, plan: Plan, lang: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": plan.title,
                                                    "Description": plan.alt, "Language": lang})
    else:
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def render_bytes(plan: Plan, lang: str, kinds: tuple[str, ...] = KINDS) -> dict[str, bytes]:
    """The files of a plan, by kind, with no date or software version in them."""
    settings = rc()  # registers the fonts, importing matplotlib only now that a chart is drawn
    from matplotlib import rc_context

    from .render import DRAWERS, lay_out

    with rc_context(settings):
        fig = DRAWERS[plan.key](plan.plot, plan.width_cm, plan.height_cm)
        # lay the figure out once, at the figure's own resolution whatever kinds are drawn (a
        # PNG drawn alone is the PNG drawn beside an SVG), then freeze it: each savefig would
        # otherwise run the constrained layout again, once per kind
        lay_out(fig)
        fig.set_layout_engine("none")
        drawn = {kind: _save(fig, kind, plan, lang) for kind in kinds}
        fig.clear()
    return drawn


def chart_files(plan: Plan, lang: str, cache_dir: Path, kinds: tuple[str, ...] = KINDS) -> ChartFiles:
    """The chart's files of the kinds asked for, drawing only those the cache lacks (each kind
    is its own cache entry: a PDF-only build never draws a PNG, a DOCX job never an SVG)."""
    name = f"{plan.key}-{lang}-{plan_digest(plan, lang)[:20]}"
    files = {kind: cache_dir / f"{name}.{kind}" for kind in kinds}
    missing = tuple(kind for kind, path in files.items() if not cache_entry_intact(manifest_path(path)))
    if missing:
        for kind, data in render_bytes(plan, lang, missing).items():
            write_cache_entry({files[kind]: data})
    return ChartFiles(files, cached=not missing)
