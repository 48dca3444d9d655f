"""Drawing: a plan's plot (plain values) → a matplotlib Figure, one function per chart.

Figures are made with ``matplotlib.figure.Figure`` (not pyplot), so no global figure registry
keeps them alive; nothing here formats a number or picks a word — the plan did that.
"""

from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from .palette import NEUTRAL
from .style import CM, GRID, INK, MUTED

HATCH_INK = "#1A1A1A99"  # translucent dark hatching: visible on every fill, also in greyscale
MARKERS = {"political": "o", "industrial": "s", "military": "^"}
MATRIX = LinearSegmentedColormap.from_list("kzbrief-matrix", ["#DCE6F0", "#1F4E79"])
#: A matrix cell's count and the small line beneath it (how many are planned), in points above and
#: below the row's middle: together about 15 pt tall, what ``plans.DOMAINS_FLOOR`` leaves a row.
PENDING_SHIFT_PT = (4.5, -4.5)


def darker(colour: str, amount: float = 0.35) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (r * (1 - amount), g * (1 - amount), b * (1 - amount))


def new_figure(width_cm: float, height_cm: float) -> Figure:
    return Figure(figsize=(width_cm * CM, height_cm * CM), layout="constrained")


def _swatch(item: dict) -> Patch:
    return Patch(facecolor=item.get("colour", "#FFFFFF"), edgecolor=MUTED if "colour" not in item else "#FFFFFF",
                 hatch=item.get("hatch") or None, hatchcolor=HATCH_INK, linewidth=0.6, label=item["label"])


def _bottom_legend(fig: Figure, handles: list, ncols: int, title: str | None = None) -> None:
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=min(ncols, len(handles)),
                   title=title or None, title_fontsize=7.5, handlelength=1.6, columnspacing=1.4)


def lay_out(fig: Figure) -> None:
    """Place the axes as the figure's layout engine would at draw time, without drawing: the
    extents of texts need the layout, not a full draw (which cost as much again)."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


def _fit_right(fig: Figure, ax, texts: list) -> None:
    """Widen the x range until the labels written right of the bars fit inside the axes."""
    for _ in range(4):
        lay_out(fig)
        box = ax.get_window_extent()
        right = max((t.get_window_extent().x1 for t in texts), default=box.x1)
        if right <= box.x1:
            return
        low, high = ax.get_xlim()
        ax.set_xlim(low, low + (high - low) * (right - box.x0) / box.width * 1.02)


def _bar_axes(ax, count_axis: str | None) -> None:
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0, pad=6)
    ax.spines["left"].set_visible(False)
    if count_axis is None:
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
    else:
        ax.set_xlabel(count_axis, color=MUTED)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)


def _bar(ax, y: float, width: float, colour: str, hatch: str, left: float = 0) -> None:
    """One horizontal bar (or segment) in the house style: white edges, translucent hatching."""
    ax.barh(y, width, left=left, height=0.62, color=colour, edgecolor="#FFFFFF", linewidth=0.8,
            hatch=hatch or None, hatchcolor=HATCH_INK)


def _end_label(ax, text: str, x: float, y: float):
    """The bold figure written just right of a bar's end."""
    return ax.annotate(text, (x, y), xytext=(5, 0), textcoords="offset points", va="center", fontweight="semibold")


# ---------------------------------------------------------------- charts
def draw_drone_fleet(plot: dict, width_cm: float, height_cm: float) -> Figure:
    fig = new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    texts = []
    for y, row in enumerate(plot["rows"]):
        left = 0
        for segment in row["segments"]:
            _bar(ax, y, segment["count"], row["colour"], segment["hatch"], left)
            left += segment["count"]
        count = _end_label(ax, row["count_label"], row["count"], y)
        texts += [count, ax.annotate(row["names"], (1, 0.5), xycoords=count, xytext=(7, 0),
                                     textcoords="offset points", va="center", color=MUTED, fontsize=7.5)]
    ax.set_yticks(range(len(plot["rows"])), [r["label"] for r in plot["rows"]])
    ax.set_xlim(0, plot["max"] * 1.08)
    _bar_axes(ax, plot["xlabel"])
    _bottom_legend(fig, [_swatch({**item, "colour": NEUTRAL}) for item in plot["legend"]], 4)
    _fit_right(fig, ax, texts)
    return fig


#: A marker's size (pt) in a lane drawn at its planned height; its edge and a date bar's width.
MARKER_PT, MARKER_EDGE_PT, BAR_PT = 6.5, 1.2, 3.2


def lane_scale(plot: dict, height_cm: float) -> float:
    """How much of their planned height the lanes keep in a figure drawn ``height_cm`` high (it
    is shrunk to share a page with Figure 2): markers and bars are drawn that much smaller, or
    the rows of a crowded lane, set a fixed share of a lane apart, would overlap (nineteenth
    pass: the French December 2024 Figure 1 hid a Russian marker half under two others)."""
    return max(0.0, min(1.0, (height_cm - plot["base_cm"]) / (plot["lane_cm"] * plot["y_extent"])))


def draw_activity(plot: dict, width_cm: float, height_cm: float) -> Figure:
    fig = new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    lanes = plot["lanes"]
    scale = lane_scale(plot, height_cm)
    pad = max(10, (plot["x_to"] - plot["x_from"]) * 0.015)
    for index, lane in enumerate(lanes):
        y = lane["y"]  # a lane's middle; a crowded lane is taller (more rows of markers)
        if index % 2 == 0:
            ax.axhspan(y - lane["height"] / 2, y + lane["height"] / 2, color="#F4F4F4", linewidth=0, zorder=0)
        edge = darker(lane["colour"])
        for point in lane["points"]:
            yy = y + point["dy"]
            if point["span"]:
                ax.plot([max(point["x0"], plot["x_begin"]), point["x1"]], [yy, yy], color=lane["colour"], alpha=0.45,
                        linewidth=BAR_PT * scale, solid_capstyle="butt", zorder=2)
            ax.plot(point["x"], yy, marker=MARKERS[point["kind"]], markersize=MARKER_PT * scale,
                    markeredgewidth=MARKER_EDGE_PT * scale,
                    markeredgecolor=edge, markerfacecolor=lane["colour"] if point["filled"] else "#FFFFFF",
                    linestyle="none", zorder=3)
        if lane["earlier"]:  # events before the axis begins, named at its edge
            ax.annotate(lane["earlier"], (plot["x_from"], y), xytext=(0, 0), textcoords="offset points",
                        va="center", ha="left", color=MUTED, fontsize=7, zorder=4)
    ax.set_ylim(plot["y_extent"], 0)
    ax.set_yticks([lane["y"] for lane in lanes], [lane["label"] for lane in lanes])
    ax.tick_params(axis="y", length=0, pad=6)
    ax.set_xlim(plot["x_from"] - pad, plot["x_to"] + pad)
    ax.set_xticks([t[0] for t in plot["ticks"]], [t[1] for t in plot["ticks"]])
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    # the shape key (one shape each) apart from the fill key (every shape, filled or open), so no
    # two entries share a symbol; and the date bar has its entry
    handles = [Line2D([], [], marker=MARKERS[k["kind"]], markersize=6.5, linestyle="none", color=MUTED,
                      markeredgecolor=INK, label=k["label"]) for k in plot["kinds"]]
    labels = [k["label"] for k in plot["kinds"]]
    for status in plot["statuses"]:
        handles.append(tuple(Line2D([], [], marker=MARKERS[k["kind"]], markersize=5.5, linestyle="none",
                                    markeredgecolor=INK, markeredgewidth=1.1,
                                    markerfacecolor=MUTED if status["filled"] else "#FFFFFF")
                             for k in plot["kinds"]))
        labels.append(status["label"])
    if plot["span_label"]:
        handles.append(Line2D([], [], color=MUTED, alpha=0.6, linewidth=3.2, solid_capstyle="butt"))
        labels.append(plot["span_label"])
    if handles:
        fig.legend(handles=handles, labels=labels, loc="outside lower center", ncols=3, handlelength=2.4,
                   columnspacing=1.4, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.2)})
    return fig


def draw_domains(plot: dict, width_cm: float, height_cm: float) -> Figure:
    fig = new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    cells = plot["cells"]
    top = max(max(row) for row in cells) or 1
    for y, row in enumerate(cells):
        for x, value in enumerate(row):
            fill = "#F4F4F4" if value == 0 else MATRIX(0.25 + 0.75 * (value - 1) / max(top - 1, 1))
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=fill, linewidth=0))
            if value:
                colour = "#FFFFFF" if (value - 1) / max(top - 1, 1) > 0.35 else INK
                pending = plot["pending"][y][x]  # how many of them are planned or unconfirmed, beneath
                # the two lines are set apart in points, not in fractions of a row, so a row
                # shrunk to fit the page (down to DOMAINS_FLOOR) cannot run one into the other
                ax.annotate(plot["numbers"][y][x], (x, y), xytext=(0, PENDING_SHIFT_PT[0] if pending else 0),
                            textcoords="offset points", ha="center", va="center", color=colour,
                            fontweight="semibold")
                if pending:
                    ax.annotate(pending, (x, y), xytext=(0, PENDING_SHIFT_PT[1]), textcoords="offset points",
                                ha="center", va="center", color=colour, fontsize=6.5)
    for x in range(len(plot["columns"]) + 1):
        ax.axvline(x - 0.5, color="#FFFFFF", linewidth=2)
    for y in range(len(cells) + 1):
        ax.axhline(y - 0.5, color=GRID if 0 < y < len(cells) else "#FFFFFF", linewidth=0.6)
    ax.set_xlim(-0.5, len(plot["columns"]) - 0.5)
    ax.set_ylim(len(cells) - 0.5, -0.5)
    ax.xaxis.tick_top()
    ax.set_xticks(range(len(plot["columns"])), plot["columns"], rotation=35, ha="left", rotation_mode="anchor")
    ax.set_yticks(range(len(cells)), [r["label"] for r in plot["rows"]])
    ax.tick_params(length=0, pad=4)
    ax.tick_params(axis="y", pad=17)
    for y, row in enumerate(plot["rows"]):  # the partner's colour, as in the other charts
        ax.annotate("■", (0, y), xycoords=("axes fraction", "data"), xytext=(-5, 0), textcoords="offset points",
                    ha="right", va="center", color=row["colour"], fontsize=10)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


def draw_suppliers(plot: dict, width_cm: float, height_cm: float) -> Figure:
    fig = new_figure(width_cm, height_cm)
    ax = fig.add_subplot()
    texts = []
    for y, row in enumerate(plot["rows"]):
        left = 0
        for segment in row["segments"]:
            _bar(ax, y, segment["count"], segment["colour"], segment["hatch"], left)
            if row["total"] > 1 and len(row["segments"]) > 1:
                ax.text(left + segment["count"] / 2, y, segment["label"], ha="center", va="center", fontsize=7.5,
                        color=INK, bbox={"boxstyle": "round,pad=0.18", "facecolor": "#FFFFFF", "edgecolor": "none",
                                         "alpha": 0.85})
            left += segment["count"]
        texts.append(_end_label(ax, row["total_label"], row["total"], y))
    ax.set_yticks(range(len(plot["rows"])), [r["label"] for r in plot["rows"]])
    ax.set_xlim(0, plot["max"] * 1.08)
    _bar_axes(ax, plot["xlabel"])
    _bottom_legend(fig, [_swatch(item) for item in plot["legend"]], 4)
    _fit_right(fig, ax, texts)
    return fig


DRAWERS = {
    "drone-fleet": draw_drone_fleet,
    "activity": draw_activity,
    "domains": draw_domains,
    "suppliers": draw_suppliers,
}
