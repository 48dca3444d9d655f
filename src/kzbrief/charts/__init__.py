"""The edition's charts: drone fleet, partnership activity, partner × domain, suppliers.

``draw_charts`` returns one ``Chart`` per chart of the set, in a fixed order: drawn (SVG for
the PDF, PNG for the DOCX) or, when the edition knows too little, omitted with a sentence that
says why. Only the ``EditionView`` is read, so an edition's charts show only its past.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..document.view import EditionView
from ..i18n import I18n
from .data import activity, domain_matrix, fleet_by_origin, suppliers
from ..document.refs import sources_line
from .output import KINDS, chart_files
from .plans import PLANNERS, Context, Omission, fit_one_page

__all__ = ["Chart", "draw_charts", "message_ids", "CHART_KEYS", "fleet_by_origin", "activity", "domain_matrix",
           "suppliers"]

CHART_KEYS = tuple(PLANNERS)


@dataclass
class Chart:
    key: str                 # "drone-fleet", "activity", "domains", "suppliers"
    title: str               # localised
    caption: str             # localised, one sentence saying what to read in it
    alt: str                 # localised, the data in words
    source_line: str         # localised "Sources : La Gazette, décembre 2024 ; …"
    source_ids: list[str]
    svg_path: Path | None    # vector, for the PDF and the web page (None when not asked for)
    png_path: Path | None    # bitmap at PNG_DPI, for the DOCX (None when not asked for)
    width_cm: float
    height_cm: float
    omitted: str | None      # localised sentence when the chart is left out for lack of data
    cached: bool = False     # True when the files already existed and nothing was drawn

    @property
    def drawn(self) -> bool:
        return self.omitted is None


def draw_charts(view: EditionView, i18n: I18n, cache_dir: Path, kinds: tuple[str, ...] = KINDS) -> list[Chart]:
    """Every chart of the set for one edition and language, as the file kinds asked for
    (``svg``, ``png``), drawing only what is not cached."""
    ctx = Context.of(view, i18n)
    plans = {key: planner(ctx) for key, planner in PLANNERS.items()}
    lines = {key: sources_line(view.sources, plan.source_ids, i18n) for key, plan in plans.items()
             if not isinstance(plan, Omission)}
    fit_one_page(plans, lines)
    charts = []
    for key, plan in plans.items():
        if isinstance(plan, Omission):
            charts.append(Chart(key, plan.title, "", "", "", [], None, None, 0.0, 0.0, plan.reason))
            continue
        files = chart_files(plan, i18n.lang, Path(cache_dir), kinds)
        charts.append(Chart(key, plan.title, plan.caption, plan.alt, lines[key],
                            list(plan.source_ids), files.svg, files.png, plan.width_cm, plan.height_cm, None,
                            files.cached))
    return charts


def message_ids() -> set[str | tuple[str, str]]:
    """Catalogue ids the charts compose at run time (for ``kzbrief i18n extract``)."""
    from ..content.schema import System, choices
    from .data import ACTIVITY_KINDS, DOMAIN_GROUPS
    from .plans import COUNTED

    ids = {f"chart.{key}.{part}" for key in CHART_KEYS for part in ("title", "unit")}
    ids |= {f"chart.activity.kind.{kind}" for kind in ACTIVITY_KINDS}
    ids |= {f"domain.{group}" for group in DOMAIN_GROUPS}
    ids |= {f"category.{category}" for category in choices(System, "category")}
    ids |= set(COUNTED.values())
    return ids
