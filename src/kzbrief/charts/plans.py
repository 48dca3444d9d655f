"""From chart data to a plan: the localised texts around a chart and what to draw in it.

A plan's ``plot`` holds every label, colour and coordinate the renderer needs as plain values,
so drawing is a pure function of it and its hash names the cached files. A chart with too
little data becomes an ``Omission`` instead, which says why in the edition's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from ..content.dates import FuzzyDate
from ..content.model import infers
from ..document.refs import partner_name, source_short_name
from ..document.view import EditionView
from ..i18n import I18n
from . import data as D
from .labels import category_label, domain_label, leaders, month_tick
from .palette import NEUTRAL, PartnerStyle, partner_styles
from .style import WIDTH_CM

#: The least data worth a chart, by chart key (below it the chart is omitted).
MINIMUM = {"drone-fleet": 2, "activity": 3, "domains": 2, "suppliers": 3}
#: Charts that compare partners need more than one source: one article's view is no comparison.
MINIMUM_SOURCES = {"activity": 2, "domains": 2}
#: Statuses drawn as filled markers: it took place (an announced detail of a held event too).
HELD = ("confirmed", "announced")
CATEGORY_HATCH = {"uav": "", "loitering-munition": "//"}
#: Counted nouns in alt texts and captions: (singular id, plural id) of their catalogue entry.
COUNTED = {"types": ("chart.n_types", "chart.n_types.plural"),
           "events": ("chart.n_events", "chart.n_events.plural"),
           # of a cell's events, those not held at the cut-off (written beneath its count)
           "planned": ("chart.domains.n_planned", "chart.domains.n_planned.plural"),
           "reported": ("chart.domains.n_reported", "chart.domains.n_reported.plural"),
           # the drone types counted on the analyst's reading of what they are ({systems})
           "read_as": ("chart.drone-fleet.read_as", "chart.drone-fleet.read_as.plural")}
#: Statuses a cell of the partner × domain matrix names beneath its count, in this order.
PENDING = ("planned", "reported")


@dataclass
class Plan:
    key: str
    title: str
    caption: str
    alt: str
    source_ids: list[str]
    plot: dict
    height_cm: float
    width_cm: float = WIDTH_CM


@dataclass
class Omission:
    key: str
    title: str
    reason: str
    source_ids: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What every planner needs: the edition, its language and the partners' looks."""

    view: EditionView
    i18n: I18n
    styles: dict[str, PartnerStyle]

    @classmethod
    def of(cls, view: EditionView, i18n: I18n) -> "Context":
        suppliers = {o for system in view.project.systems.values() for o in system.origin}
        return cls(view, i18n, partner_styles(view.partners, view.self_partner, suppliers))

    def _(self, message: str, **values: object) -> str:
        return self.i18n._(message, **values)

    def name(self, partner_id: str) -> str:
        if partner_id == D.OTHERS:
            return self._("chart.others")
        return partner_name(self.view.partners, partner_id, self.i18n)

    def look(self, partner_id: str) -> dict[str, str]:
        style = self.styles.get(partner_id, PartnerStyle(NEUTRAL, ""))
        return {"colour": style.colour, "hatch": style.hatch}

    def row_notes(self, data) -> str:
        """What a reader of a partner chart needs beside its headline: who the other partners'
        row gathers, and that denied reports are not counted (a profile lists them)."""
        notes = []
        if data.others:
            names = sorted((self.name(p) for p in data.others), key=str.casefold)
            notes.append(self._("chart.others.note", others=self._("chart.others"), names=self.i18n.join(names)))
        if data.denied:
            notes.append(self._("chart.denied.note"))
        if data.attributed:
            notes.append(self.attributed_note(data.attributed))
        return "".join(f" {note}" for note in notes)

    def attributed_note(self, attributed: list[D.Attributed]) -> str:
        """Which rows count events by the analyst's attribution, and through which firms or
        agencies ("France, 2 events involving Airbus"): the chronology marks these attributions
        †, so the charts that count them say so too (eleventh pass)."""
        items = []
        for found in attributed:
            events = self.count("events", found.events)
            if found.parties:
                items.append(self._("chart.attributed.party", partner=self.name(found.partner), events=events,
                                    parties=self.i18n.join([self.name(p) for p in found.parties])))
            else:
                items.append(self._("chart.attributed.item", partner=self.name(found.partner), events=events))
        return self._("chart.attributed.note", items=self.items(items))

    @property
    def as_of(self) -> str:
        return self.i18n.day(self.view.end)

    def items(self, parts: list[str]) -> str:
        return self._("list.separator").join(parts)

    def count(self, what: str, n: int) -> str:
        return self.i18n.ngettext(*COUNTED[what], n)


def _enough(ctx: Context, key: str, found: int, source_ids: list[str]) -> Omission | None:
    few_sources = 0 < len(source_ids) < MINIMUM_SOURCES.get(key, 1)
    if found >= MINIMUM[key] and not few_sources:
        return None
    title = ctx._(f"chart.{key}.title")
    if found >= MINIMUM[key]:
        source = source_short_name(ctx.view.sources[source_ids[0]], ctx.i18n)
        reason = ctx._("chart.omitted.one_source", title=title, source=source)
    elif found == 0:
        reason = ctx._("chart.omitted.no_data", title=title, date=ctx.as_of)
    else:
        reason = ctx._("chart.omitted.too_little_data", title=title, date=ctx.as_of,
                       needed=ctx.i18n.number(MINIMUM[key]), found=ctx.i18n.number(found),
                       unit=ctx._(f"chart.{key}.unit"))
    return Omission(key, title, reason, source_ids)


PLANNERS: dict[str, Callable[[Context], Plan | Omission]] = {}


def planner(key: str, compute: Callable[[EditionView], object]):
    """Register a chart: its data is computed from the view, and a chart with too little data
    becomes an Omission before the planner runs."""
    def register(plan: Callable[[Context, object], Plan]) -> Callable[[Context], Plan | Omission]:
        def run(ctx: Context) -> Plan | Omission:
            data = compute(ctx.view)
            return _enough(ctx, key, data.size, data.source_ids) or plan(ctx, data)
        PLANNERS[key] = run
        return run
    return register


# ---------------------------------------------------------------- 1. drone fleet
@planner("drone-fleet", D.fleet_by_origin)
def plan_drones(ctx: Context, data) -> Plan:
    key = "drone-fleet"
    systems = ctx.view.systems
    names = {r.origin: ctx.name(r.origin) for r in data.rows}
    # types whose origin drawn is the analyst's inference, named in the caption (the text of
    # the figure, the same in every format; a mark drawn in the chart would be lost in a PNG)
    def names_inferring(field_name: str) -> list[str]:
        return sorted({systems[s].name for r in data.rows for s in r.systems if infers(systems[s], field_name)},
                      key=str.casefold)

    inferred = names_inferring("origin")
    read_as = names_inferring("category")  # counted at all on the analyst's reading ("mini-systèmes")
    rows = []
    for row in data.rows:
        rows.append({
            "label": names[row.origin], **ctx.look(row.origin), "count": row.count,
            "count_label": ctx.i18n.number(row.count),
            "segments": [{"count": n, "hatch": CATEGORY_HATCH[c]} for c, n in row.categories.items()],
            "names": ", ".join(sorted(systems[s].name for s in row.systems)),
        })
    present = sorted({c for r in data.rows for c in r.categories}, key=D.DRONE_CATEGORIES.index)
    legend = [{"label": category_label(c, ctx.i18n), "hatch": CATEGORY_HATCH[c]} for c in present] if len(present) > 1 else []
    alt_items = [ctx._("chart.drone-fleet.alt_item", origin=names[r.origin], types=ctx.count("types", r.count),
                       systems=", ".join(sorted(systems[s].name for s in r.systems))) for r in data.rows]
    # the caption names only the categories the chart counts (no loitering munition in service:
    # "drones", not "drones and loitering munitions")
    if len(present) > 1:
        counted = "chart.drone-fleet.what.mixed"
    elif present == ["loitering-munition"]:
        counted = "chart.drone-fleet.what.loitering-munition"
    else:
        counted = "chart.drone-fleet.what.uav"
    what = ctx._(counted)
    return Plan(
        key, ctx._("chart.drone-fleet.title"),
        ctx._("chart.drone-fleet.caption", date=ctx.as_of, total=ctx.count("types", data.total), what=what)
        + (" " + ctx._("chart.drone-fleet.shared") if data.co_produced else "")
        + (" " + ctx._("chart.inferred_origin", systems=ctx.i18n.join(inferred)) if inferred else "")
        + (" " + ctx.i18n.ngettext(*COUNTED["read_as"], len(read_as), systems=ctx.i18n.join(read_as)) if read_as else ""),
        ctx._("chart.drone-fleet.alt", date=ctx.as_of, items=ctx.items(alt_items), what=what),
        data.source_ids,
        {"rows": rows, "legend": legend, "xlabel": ctx._("chart.drone-fleet.axis"),
         "max": max(r.count for r in data.rows)},
        height_cm=2.4 + 0.85 * len(rows) + (0.5 if legend else 0),
    )


# ---------------------------------------------------------------- 2. activity
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def time_ticks(first: dt.date, until: dt.date, i18n: I18n) -> tuple[dt.date, list[tuple[int, str]]]:
    """Tick positions and labels: years for a long span, localised months for a short one."""
    months = (until.year - first.year) * 12 + until.month - first.month + 1
    steps = [s for s in TICK_STEPS if (s >= 12) == (months > 24)]
    step = next((s for s in steps if months / s <= 8), steps[-1])
    start = dt.date(first.year, first.month, 1)
    if step >= 12:
        day = dt.date(first.year + (-first.year) % (step // 12), 1, 1)
    else:
        day = _month_add(start, (1 - first.month) % step)
    day = day if day >= start else _month_add(day, step)
    ticks = []
    while day <= until:
        text = str(day.year) if step >= 12 else month_tick(day, i18n)
        ticks.append((day.toordinal(), text))
        day = _month_add(day, step)
    return start, ticks


#: A lane's height in cm (for up to three rows of markers), and the figure's height besides
#: its lanes (tick labels, legend). Figures 1 and 2 share a page: ``fit_one_page`` (E-12, E-9).
LANE_CM, ACTIVITY_BASE_CM = 0.66, 2.6
#: Vertical distance between two rows of markers in a lane, in lanes (a 6.5 pt marker is about
#: a third of a lane high); a lane of up to two rows is one lane high, a crowded one taller.
ROW_PITCH = 0.35
#: Half a 6.5 pt marker's height, in lanes (a lane is ``LANE_CM`` high, 18.7 pt).
MARKER_HALF = 0.17
#: The margin above the top row's middle and below the bottom one's, in lanes: half a marker and
#: a gap, so that a lane's outer markers stay inside its band (at 0.15 a lane of three rows drew
#: them across its edges, and a neighbour's marker seemed to be its own).
LANE_MARGIN = MARKER_HALF + 0.09
#: A marker's width as a share of the time axis (6.5 pt markers on an axis of about 11.5 cm),
#: with a little room between two neighbours.
MARKER_SHARE = 1 / 46
#: The margin left of the time axis for lanes that name their earlier events, as a share of it.
EARLIER_SHARE = 0.16
#: A bar (date span) is drawn when the span is longer than this share of the axis.
SPAN_SHARE = 1 / 250


def _placed(middles: list[int], gap: float, low: float, high: float) -> list[tuple[float, int]]:
    """(x, row) for markers at these days, in order, so no two in a row overlap: each takes the
    first row free at its date, else the first free within a third of a marker of it, else a
    new row at its date — a lane takes as many rows as it needs, and no marker is moved more
    than a third of its width from its date."""
    bound = gap / 3
    rows: list[list[float]] = []
    out = []
    for middle in middles:
        middle = min(max(middle, low), high)
        tries = [middle] + [x for k in (1, 2, 3, 4) for x in (middle + k * bound / 4, middle - k * bound / 4)]
        found = next(((x, r) for x in tries if low <= x <= high for r, taken in enumerate(rows)
                      if all(abs(x - px) >= gap for px in taken)), None)
        if found is None:
            rows.append([])
            found = (middle, len(rows) - 1)
        rows[found[1]].append(found[0])
        out.append(found)
    return out


def row_offsets(count: int) -> list[float]:
    """Where each of a lane's rows is drawn, from the lane's middle: the first row in the
    middle, then one above, one below, and so on, the whole centred in the lane."""
    raw = [ROW_PITCH * ((k + 1) // 2) * (-1 if k % 2 else 1) for k in range(max(count, 1))]
    centre = (min(raw) + max(raw)) / 2
    return [r - centre for r in raw]


def lane_height(rows: int) -> float:
    """A lane's height in lanes: one for up to two rows of markers, more for a crowded lane."""
    return max(1.0, ROW_PITCH * (max(rows, 1) - 1) + 2 * LANE_MARGIN)


def axis_start(starts: list[dt.date], until: dt.date) -> dt.date:
    """Where the time axis begins: at the first event, unless a few early events (at most two,
    or 15 %) would stretch it by more than two thirds; then it begins with the rest, and the
    early ones are named at the lane's edge."""
    starts = sorted(starts)
    allowed = max(2, len(starts) * 15 // 100)
    first = dt.date(starts[0].year, 1, 1)
    for k in range(1, min(allowed, len(starts) - 1) + 1):
        begin = dt.date(starts[k].year, 1, 1)
        if (until - begin).days <= 0.6 * (until - first).days:
            return begin
    return starts[0]


@planner("activity", D.activity)
def plan_activity(ctx: Context, data) -> Plan:
    key = "activity"
    i18n = ctx.i18n
    begin = axis_start([p.start for lane in data.lanes for p in lane.points], data.until)
    start, ticks = time_ticks(begin, data.until, i18n)
    span = (data.until - start).days
    lanes, names = [], {}

    def month(day: dt.date) -> str:
        return i18n.month_year(day.year, day.month)

    def when(point: D.ActivityPoint) -> str:
        """A month, or only the year when the source gives no more."""
        date = FuzzyDate.parse(point.date)
        return str(date.year) if date.precision == "year" else month(date.start())

    low, high = start.toordinal(), data.until.toordinal()
    top = 0.0
    for lane in data.lanes:
        names[lane.partner] = ctx.name(lane.partner)
        points = sorted(lane.points, key=lambda p: (p.middle, p.event))
        early = [p for p in points if p.start < start]
        shown = [p for p in points if p.start >= start]
        places = _placed([p.middle.toordinal() for p in shown], span * MARKER_SHARE, low, high)
        count = max((row for _, row in places), default=0) + 1
        offsets, height = row_offsets(count), lane_height(count)
        lanes.append({
            "label": names[lane.partner], **ctx.look(lane.partner), "y": top + height / 2, "height": height,
            "points": [{"x0": p.start.toordinal(), "x1": p.end.toordinal(), "x": x,
                        "span": p.end.toordinal() - p.start.toordinal() > span * SPAN_SHARE,
                        "kind": D.kind_of(p.domain), "filled": p.status in HELD, "dy": offsets[row]}
                       for p, (x, row) in zip(shown, places)],
            "earlier": ctx._("chart.activity.earlier", dates=", ".join(dict.fromkeys(when(p) for p in early)))
            if early else "",
        })
        top += height
    kinds = [k for k in D.ACTIVITY_KINDS if any(p["kind"] == k for lane in lanes for p in lane["points"])]
    statuses = sorted({p["filled"] for lane in lanes for p in lane["points"]}, reverse=True)
    leader, best = leaders({lane.partner: len(lane.points) for lane in data.lanes if lane.partner != D.OTHERS},
                           names, i18n)

    points_all = [p for lane in data.lanes for p in lane.points]
    alt_items = []
    for lane in data.lanes:
        first = when(min(lane.points, key=lambda p: (p.start, p.event)))
        last = when(max(lane.points, key=lambda p: (p.start, p.event)))
        message = "chart.activity.alt_item_once" if first == last else "chart.activity.alt_item"
        alt_items.append(ctx._(message, partner=names[lane.partner], events=ctx.count("events", len(lane.points)),
                               first=first, last=last))
    return Plan(
        key, ctx._("chart.activity.title"),
        ctx._("chart.activity.caption", date=ctx.as_of, leaders=leader, events=ctx.count("events", best))
        + ctx.row_notes(data),
        ctx._("chart.activity.alt", first=when(min(points_all, key=lambda p: (p.start, p.event))),
              until=month(data.until), items=ctx.items(alt_items)),
        data.source_ids,
        # the axis begins at ``start``; lanes that name earlier events get a margin left of it
        {"lanes": lanes, "x_begin": start.toordinal(), "x_to": data.until.toordinal(), "ticks": ticks,
         "x_from": start.toordinal() - (round(span * EARLIER_SHARE) if any(lane["earlier"] for lane in lanes) else 0),
         "kinds": [{"kind": k, "label": ctx._(f"chart.activity.kind.{k}")} for k in kinds],
         "statuses": [{"filled": f, "label": (ctx._("chart.activity.confirmed") if f else ctx._("chart.activity.unconfirmed"))}
                      for f in statuses],
         "span_label": ctx._("chart.activity.span")
         if any(p["span"] for lane in lanes for p in lane["points"]) else "", "y_extent": top,
         # what the lanes take at the planned size (a figure shrunk to share its page draws its
         # markers smaller with its lanes, so rows ``ROW_PITCH`` apart never overlap)
         "base_cm": ACTIVITY_BASE_CM, "lane_cm": LANE_CM},
        height_cm=ACTIVITY_BASE_CM + LANE_CM * top,
    )


# ---------------------------------------------------------------- 3. partner × domain
@planner("domains", D.domain_matrix)
def plan_domains(ctx: Context, data) -> Plan:
    key = "domains"
    names = {p: ctx.name(p) for p in data.partners}
    columns = {d: domain_label(d, ctx.i18n) for d in data.domains}
    cells = [[data.counts[p][d] for d in data.domains] for p in data.partners]
    breadth = {p: sum(1 for d in data.domains if data.counts[p][d]) for p in data.partners}
    leader, best = leaders({p: n for p, n in breadth.items() if p != D.OTHERS}, names, ctx.i18n)
    # a count that includes planned or unconfirmed events says how many beneath it (E-17: two
    # awaited Russian deliveries read as twice France's one delivery)
    pending = {p: {d: ", ".join(ctx.count(s, data.statuses[p][d][s]) for s in PENDING if data.statuses[p][d].get(s))
                   for d in data.domains} for p in data.partners}
    alt_items = []
    for p in data.partners:
        parts = [ctx._("chart.domains.alt_cell_pending" if pending[p][d] else "chart.domains.alt_cell",
                       domain=columns[d], count=ctx.i18n.number(n), pending=pending[p][d])
                 for d, n in data.counts[p].items() if n]
        alt_items.append(ctx._("chart.domains.alt_item", partner=names[p], cells=", ".join(parts)))
    notes = ctx.row_notes(data)
    if any(text for row in pending.values() for text in row.values()):
        notes = " " + ctx._("chart.domains.pending_note") + notes
    return Plan(
        key, ctx._("chart.domains.title"),
        ctx._("chart.domains.caption", leaders=leader, count=ctx.i18n.number(best),
              total=ctx.i18n.number(len(data.domains))) + notes,
        ctx._("chart.domains.alt", date=ctx.as_of, items=ctx.items(alt_items)),
        data.source_ids,
        {"rows": [{"label": names[p], **ctx.look(p)} for p in data.partners],
         "columns": list(columns.values()), "cells": cells,
         "numbers": [[ctx.i18n.number(n) if n else "" for n in row] for row in cells],
         "pending": [[pending[p][d] for d in data.domains] for p in data.partners]},
        height_cm=2.7 + DOMAIN_ROW_CM * len(data.partners),
    )


# ---------------------------------------------------------------- 4. suppliers
@planner("suppliers", D.suppliers)
def plan_suppliers(ctx: Context, data) -> Plan:
    key = "suppliers"
    names = {o: ctx._("chart.suppliers.legacy", origin=ctx.name(o)) if o in data.legacy else ctx.name(o)
             for o in data.origins}
    categories = {r.category: category_label(r.category, ctx.i18n) for r in data.rows}
    rows = [{"label": categories[r.category], "total": r.total, "total_label": ctx.i18n.number(r.total),
             # a segment is labelled with its length, so the labels add up to the bar (a shared
             # type gives each of its countries its share: Spain 1.5 and France 0.5, not 2 and 1)
             "segments": [{"count": float(r.shares.get(o, n)), "label": ctx.i18n.number(round(float(r.shares.get(o, n)), 1)),
                           **ctx.look(o)} for o, n in r.origins.items()]}
            for r in data.rows]
    shared = any(share != r.origins[o] for r in data.rows for o, share in r.shares.items())
    per_origin = {o: sum(r.origins.get(o, 0) for r in data.rows) for o in data.origins}
    current = {o: n for o, n in per_origin.items() if o not in data.legacy}
    caption = ""
    if current:
        leader, best = leaders(current, names, ctx.i18n)
        caption = ctx._("chart.suppliers.caption", leaders=leader, count=ctx.i18n.number(best),
                        total=ctx.i18n.number(data.systems))
    if shared:
        caption += " " + ctx._("chart.suppliers.shared")
    for origin in data.legacy:  # a legacy is no supplier, and the caption says what it is
        caption += " " + ctx._("chart.suppliers.legacy_note", origin=ctx.name(origin),
                               types=ctx.count("types", per_origin[origin]), total=ctx.i18n.number(data.systems))
    if data.inferred:  # the bars rest on origins the analyst inferred: the figure says how many
        caption += " " + ctx._("chart.suppliers.inferred_origin", types=ctx.count("types", data.inferred),
                               total=ctx.i18n.number(data.systems))
    alt_items = [ctx._("chart.suppliers.alt_item", category=categories[r.category],
                       origins=", ".join(ctx._("chart.suppliers.alt_origin", origin=names[o], count=ctx.i18n.number(n))
                                         for o, n in r.origins.items()))
                 for r in data.rows]
    return Plan(
        key, ctx._("chart.suppliers.title"),
        caption.strip(),
        ctx._("chart.suppliers.alt", date=ctx.as_of, items=ctx.items(alt_items)),
        data.source_ids,
        {"rows": rows, "legend": [{"label": names[o], **ctx.look(o)} for o in data.origins],
         "xlabel": ctx._("chart.suppliers.axis"), "max": max(r.total for r in data.rows)},
        height_cm=2.6 + 0.62 * len(rows) + 0.4 * ((len(data.origins) + 3) // 4),
    )


# ---------------------------------------------------------------- Figures 1 and 2 on one page
#: The A4 page's body in cm (briefing.css: 297 mm less the 27 and 22 mm margins); what the
#: chapter's opening takes above the first figure (heading, a two-line intro, its top margin) and
#: the two figures' own margins; a caption line (9 pt, line height 1.3), a source line's (7.6 pt)
#: and the characters either holds on the 16 cm measure, counted short so a line is never missed.
PAGE_BODY_CM, OPENING_CM, FIGURE_MARGINS_CM = 24.8, 4.0, 1.6
CAPTION_LINE_CM, CAPTION_CHARS, SOURCE_LINE_CM, SOURCE_CHARS = 0.42, 115, 0.35, 135
#: A row of Figure 2 in cm, and the least it is drawn at: Figure 2's rows (a count and its "planned" line) stay
#: legible, Figure 1's lanes keep their rows of markers apart.
DOMAIN_ROW_CM, DOMAINS_FLOOR = 0.58, 0.55
TOGETHER = ("activity", "domains")


def _lines(text: str, per_line: int) -> int:
    return -(-len(text) // per_line) if text else 0


def page_used(plans: dict[str, Plan], source_lines: dict[str, str]) -> float:
    """The height in cm the chapter's opening and Figures 1 and 2 with their captions take."""
    return OPENING_CM + FIGURE_MARGINS_CM + sum(
        plans[k].height_cm + CAPTION_LINE_CM * _lines(f"{plans[k].title} {plans[k].caption}", CAPTION_CHARS)
        + SOURCE_LINE_CM * _lines(source_lines.get(k, ""), SOURCE_CHARS) for k in TOGETHER)


def fit_one_page(plans: dict[str, Plan], source_lines: dict[str, str]) -> None:
    """Shrink Figure 2, then Figure 1 if need be, so the two and their captions fit one page
    under the chapter's opening, whatever the rows and the captions' length in either language
    (a French caption runs a line longer). Only Figure 2's rows give way down to a floor: Figure
    1's lanes keep their height unless Figure 2 cannot give enough."""
    if not all(isinstance(plans.get(k), Plan) for k in TOGETHER):
        return
    over = page_used(plans, source_lines) - PAGE_BODY_CM
    domains, activity = plans["domains"], plans["activity"]
    floor = domains.height_cm - (DOMAIN_ROW_CM - DOMAINS_FLOOR) * len(domains.plot["rows"])
    give = min(max(over, 0.0), domains.height_cm - floor)
    domains.height_cm = round(domains.height_cm - give, 3)
    if over - give > 0:
        activity.height_cm = round(activity.height_cm - (over - give), 3)
