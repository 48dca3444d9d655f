"""Chart files: named by the hash of what they show, written atomically, never drawn twice.

The name is the hash of the chart key, the plan (every label, number and colour drawn, so the
language and the data are in it) and the style version. If both files exist and match the
hashes their manifest (``.sha256``) recorded, nothing is drawn: a rebuild without changes
redraws no chart, and a damaged cached chart is drawn again instead of vanishing from a
briefing. Output is byte-identical for the same plan.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context

from ..files import cache_entry_intact, manifest_path, write_cache_entry
from .plans import Plan
from .render import DRAWERS
from .style import PNG_DPI, rc, version_key


@dataclass(frozen=True)
class ChartFiles:
    svg: Path
    png: Path
    cached: bool


def plan_digest(plan: Plan, lang: str) -> str:
    payload = {
        "key": plan.key, "lang": lang, "style": version_key(), "title": plan.title, "alt": plan.alt,
        "size": [plan.width_cm, plan.height_cm], "plot": plan.plot,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_bytes(plan: Plan, lang: str) -> tuple[bytes, bytes]:
    """The SVG and PNG of a plan, with no date or software version in them."""
    with rc_context(rc()):
        fig = DRAWERS[plan.key](plan.plot, plan.width_cm, plan.height_cm)
        svg, png = io.BytesIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Title": plan.title,
                                                 "Description": plan.alt, "Language": lang})
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
        fig.clear()
    return svg.getvalue(), png.getvalue()


def chart_files(plan: Plan, lang: str, cache_dir: Path) -> ChartFiles:
    name = f"{plan.key}-{lang}-{plan_digest(plan, lang)[:20]}"
    svg, png = cache_dir / f"{name}.svg", cache_dir / f"{name}.png"
    if cache_entry_intact(manifest_path(svg)):
        return ChartFiles(svg, png, cached=True)
    svg_bytes, png_bytes = render_bytes(plan, lang)
    write_cache_entry({svg: svg_bytes, png: png_bytes})
    return ChartFiles(svg, png, cached=False)
