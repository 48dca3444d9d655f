"""Pages that end in a blank stretch because a figure kept whole did not fit: measured from
WeasyPrint's layout, and refitted.

A figure is never split (``briefing.css``), so when one does not fit under what precedes it, it
moves whole to the next page and leaves the rest of this one blank. A first layout says where
that happens and by how much; the PDF writer then lays the page out again with a stylesheet
that draws such a figure a little smaller (never below ``FIGURE_FLOOR`` of its size, so its
labels stay legible), and keeps the result only where it fits. Tables need no second layout:
one of six rows or more breaks between rows in the first (``briefing.css`` keeps
``TABLE_ROWS_KEPT`` rows on each side), a shorter one moves whole.

Measuring the layout rather than pixels knows where the footnote area starts (notes sit at the
page foot: a page's blank ends where they begin) and counts a chart as ink even where it is white.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

PX_PER_CM = 96 / 2.54  # WeasyPrint lays out in CSS pixels
#: The least a figure's chart is drawn at, as a share of its planned size: its 8.5 pt labels
#: stay above 7 pt and its 7.5 pt legend above 6.3 pt, legible in print.
FIGURE_FLOOR = 0.84
#: The rows ``briefing.css`` keeps together at each end of a table that breaks (its header
#: repeats on the next page).
TABLE_ROWS_KEPT = 3
#: A page whose foot is blank over this share of its body is worth a second layout.
WORTH_REFITTING = 0.15
#: Room kept free under a refitted block, in CSS px (rounding of lines and rules).
SLACK_PX = 6.0


@dataclass(frozen=True)
class PageBlank:
    number: int  # 1-based, as printed
    name: str  # the CSS page name ("main", "cover")
    blank_cm: float
    body_cm: float
    contents: bool = False  # the table of contents (it ends at a forced break)

    @property
    def fraction(self) -> float:
        return self.blank_cm / self.body_cm if self.body_cm else 0.0


def _boxes():
    from weasyprint.formatting_structure import boxes
    return boxes


def _positioned(box: Any) -> bool:
    """A box taken out of the flow (the draft watermark): it is no body content."""
    return box.style["position"] in ("absolute", "fixed")


def _inked(box: Any) -> bool:
    """A box whose bottom edge shows: a line of text, a chart, or a box with a bottom border
    (a table's closing rule, a heading's rule)."""
    boxes = _boxes()
    if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
        return True
    return bool(getattr(box, "border_bottom_width", 0))


def _bottom(box: Any) -> float:
    return box.border_box_y() + box.border_height()


def _lowest_ink(box: Any) -> float | None:
    """The lowest bottom edge of inked boxes under ``box``, the footnote area and positioned
    boxes left out."""
    boxes = _boxes()
    if isinstance(box, boxes.FootnoteAreaBox) or _positioned(box):
        return None
    lowest = _bottom(box) if _inked(box) and box.height is not None else None
    if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
        return lowest
    for child in getattr(box, "children", ()):
        below = _lowest_ink(child)
        if below is not None and (lowest is None or below > lowest):
            lowest = below
    return lowest


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _flow_roots(page_box: Any) -> list[Any]:
    boxes = _boxes()
    return [c for c in page_box.children if not isinstance(c, (boxes.FootnoteAreaBox, boxes.MarginBox))]


def _body_limits(page_box: Any) -> tuple[float, float]:
    """The top of the page's body and where it must end: the footnote area's top when the
    page carries notes, else the content box's bottom (the footer is in the margin)."""
    boxes = _boxes()
    top = page_box.content_box_y()
    limit = top + page_box.height
    notes = [c for c in page_box.children if isinstance(c, boxes.FootnoteAreaBox) and c.children]
    return top, min(limit, notes[0].position_y) if notes else limit


def page_blank(number: int, page: Any) -> PageBlank:
    """The blank stretch at the foot of one laid-out page's body."""
    box = page._page_box
    top, limit = _body_limits(box)
    ink = max((v for v in map(_lowest_ink, _flow_roots(box)) if v is not None), default=top)
    contents = any("toc" in _classes(b) for root in _flow_roots(box) for b in _walk(root))
    return PageBlank(number, box.page_type.name or "", max(limit - ink, 0.0) / PX_PER_CM,
                     box.height / PX_PER_CM, contents)


def blank_fractions(document: Any) -> list[PageBlank]:
    """Every page of a rendered WeasyPrint document, measured."""
    return [page_blank(n, page) for n, page in enumerate(document.pages, 1)]


def blank_profile(document: Any) -> tuple[float, ...]:
    """The blank shares worth refitting, most blank first, to the whole percent: comparing two
    layouts' profiles as tuples prefers the one whose most blank page is less blank, then, on a
    tie, its second most blank, and so on (a gap a refit cannot reach does not hide one it
    closed). The last page (it ends where the briefing ends) and the contents (they end at a
    forced break) are left out."""
    pages = blank_fractions(document)[:-1]
    shares = (round(p.fraction, 2) for p in pages if p.name == "main" and not p.contents)
    return tuple(sorted((s for s in shares if s > WORTH_REFITTING), reverse=True))


# ---------------------------------------------------------------- refitting
def _first_kept_block(page_box: Any) -> Any | None:
    """The first block kept whole on a page: a figure, or a table of fewer than six rows (which
    no refit can break: it is there so that a figure further down is not taken for the first)."""
    for root in _flow_roots(page_box):
        for box in _walk(root):
            classes = _classes(box)
            if box.element_tag == "figure" and "chart" in classes:
                return box
            if box.element_tag == "div" and "keep-together" in classes:
                return box
    return None


def _figure_rule(box: Any, over: float) -> str | None:
    """CSS drawing this figure's chart small enough to win back ``over`` px, if the floor allows."""
    art = next((b for b in _walk(box) if isinstance(b, _boxes().ReplacedBox)), None)
    anchor = box.element.get("id")
    if art is None or not anchor or not art.height:
        return None
    scale = (art.height - over) / art.height
    if scale < FIGURE_FLOOR:
        return None
    return f'figure[id="{anchor}"] svg {{ width: {art.width * scale:.2f}px !important; height: auto !important; }}'


def pushed_block(number: int, page: Any, following: Any) -> tuple[Any, float] | None:
    """The block kept whole the next page opens with, and the room (CSS px) this
    page left blank at its foot, when that blank is worth refitting."""
    measured = page_blank(number, page)
    if measured.name != "main" or measured.contents or measured.fraction <= WORTH_REFITTING:
        return None
    block = _first_kept_block(following._page_box)
    return (block, measured.blank_cm * PX_PER_CM) if block is not None else None


def refit_rule(block: Any, room: float, page_top: float) -> str | None:
    """CSS letting a pushed figure start in ``room``, drawn smaller within the floor; None when
    it cannot, or when the block is a short table kept whole."""
    if block.element_tag != "figure":
        return None
    needed = _bottom(block) - page_top + block.margin_top + SLACK_PX
    return _figure_rule(block, needed - room)


def refit_rules(document: Any) -> list[str]:
    """CSS rules for each block that moved whole to the next page and left this page's foot
    blank, where a figure drawn a little smaller lets it start on this page."""
    rules = []
    pages = document.pages
    for number, (page, following) in enumerate(zip(pages, pages[1:]), 1):
        found = pushed_block(number, page, following)
        if found is None:
            continue
        rule = refit_rule(*found, following._page_box.content_box_y())
        if rule:
            rules.append(rule)
    return rules
