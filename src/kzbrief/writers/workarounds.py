"""Workarounds for four costs and one layout defect in the libraries under WeasyPrint, applied
only while we render.

Each replaces one attribute for the duration of a render (``active()``) and names the upstream
behaviour it works around, so it can be dropped when upstream changes. The four costs keep the
libraries' results byte for byte (tests compare):

- **fontTools ≥ 4.67 subsetting** decompiles a font's GSUB and GPOS tables (to "compact" them,
  ``_compact_layout_tables``) before its own pruning drops them; WeasyPrint drops both, so
  subsetting our fonts became ~5 × slower (~0.35 s → ~1.75 s per face). The tables the
  options drop are deleted before ``Subsetter.subset`` starts.
- **pydyf's ``PDF.page_references``** is a property that rebuilds a tuple of every page on
  each access; WeasyPrint's PDF/UA tagging reads it once per tagged element, so the cost grows
  with pages × elements. It is cached here until a page is added.
- **WeasyPrint's pending footnotes** (``LayoutContext.footnotes``) are a list that line layout
  searches (``descendant.footnote in context.footnotes``) for every box of every line while
  any footnote is pending: a long edition's pages × footnotes. Here it is a list that also
  counts its members, so ``in`` is a dictionary lookup.
- **WeasyPrint's user-agent stylesheet** gives six pseudo-elements a rule with no element in
  its selector (``::marker``, ``::footnote-call``, ``::footnote-marker``, ``::note-call``,
  ``::note-marker``, ``::note-callback``), so the cascade computes and keeps six styles for
  every element of the document, ~89,000 for an 81-page edition (~40 MB kept until the PDF is
  written), though the box builder asks for them only on list items, footnotes and notes. Here
  a style is computed only for an element that can generate that pseudo-element, with the
  box builder's own tests.

The layout defect changes where one page ends, and only where WeasyPrint would separate a note
from its call:

- **WeasyPrint (70) moves placed notes to satisfy ``orphans``.** When the line that would meet
  a paragraph's ``orphans`` overflows the page, ``block._linebox_layout`` moves the page's last
  notes to the next page until the line fits, whatever ``footnote-policy`` says; their calls,
  earlier on the page, stay behind (a reader meets the call and finds no note). Here that
  paragraph goes to the next page instead, with its notes, as ``orphans`` asks when no note is
  involved; on a page with nothing before the paragraph WeasyPrint's choice stands (nothing can
  move).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import pydyf
from fontTools import subset as fonttools_subset
from weasyprint import css as weasyprint_css
from weasyprint import layout as weasyprint_layout
from weasyprint.layout import block as weasyprint_block


@contextlib.contextmanager
def replaced(owner: Any, name: str, value: Any) -> Iterator[None]:
    """``owner.name = value`` for the duration of the block."""
    original = owner.__dict__[name]
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


# ---------------------------------------------------------------- fontTools
def tables_dropped_first(subset):
    """``Subsetter.subset`` deleting first what its options drop, so nothing decompiles it
    (the legacy ``kern`` table goes with GPOS, as fontTools' own pruning decides)."""

    def subset_without_dropped_tables(self, font):
        drop = {tag for tag in font.keys() if tag.strip() in self.options.drop_tables}
        if "kern" in font and "GPOS" in font and not self.options.legacy_kern:
            drop.add("kern")
        for tag in sorted(drop):
            del font[tag]
        return subset(self, font)

    return subset_without_dropped_tables


# ---------------------------------------------------------------- pydyf
def cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's ``page_references``, rebuilt only when the page count changed."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_kzbrief_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_kzbrief_page_references"] = cached
    return cached[1]


# ---------------------------------------------------------------- WeasyPrint footnotes
class CountedList(list):
    """A list whose ``in`` is a lookup: it counts its members by identity (WeasyPrint's boxes
    compare by identity). Only the operations WeasyPrint uses on its footnote list change it."""

    def __init__(self, items: Iterable = ()) -> None:
        super().__init__(items)
        self._count = Counter(map(id, self))

    def __contains__(self, item: object) -> bool:
        return self._count[id(item)] > 0

    def append(self, item: Any) -> None:
        super().append(item)
        self._count[id(item)] += 1

    def extend(self, items: Iterable) -> None:
        for item in items:
            self.append(item)

    def insert(self, index: int, item: Any) -> None:
        super().insert(index, item)
        self._count[id(item)] += 1

    def remove(self, item: Any) -> None:
        super().remove(item)
        self._count[id(item)] -= 1

    def pop(self, index: int = -1) -> Any:
        item = super().pop(index)
        self._count[id(item)] -= 1
        return item

    def clear(self) -> None:
        super().clear()
        self._count.clear()

    def copy(self) -> CountedList:
        return CountedList(self)

    def _unsupported(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("CountedList supports append, extend, insert, remove, pop, clear and copy")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = sort = reverse = _unsupported


def counted_footnotes(init):
    """``LayoutContext.__init__`` that makes the pending footnotes a ``CountedList``."""

    def init_with_counted_footnotes(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.footnotes = CountedList(self.footnotes)

    return init_with_counted_footnotes


# ---------------------------------------------------------------- WeasyPrint pseudo-element styles
def _is_footnote(style: Any) -> bool:
    return style["float"] == "footnote"


def _is_note(style: Any) -> bool:
    return style["position"][0] == "note()"


def _is_list_item(style: Any) -> bool:
    return "list-item" in style["display"]


#: The pseudo-elements the user-agent stylesheet styles on every element, each with the test
#: WeasyPrint's box builder (``formatting_structure/build.py``) applies to the element's own
#: style before asking for that pseudo-element's style.
GENERATED_WHEN = {
    "footnote-call": _is_footnote,
    "footnote-marker": _is_footnote,
    "note-call": _is_note,
    "note-marker": _is_note,
    "note-callback": _is_note,
    "marker": _is_list_item,
}


def generates(style_for: Any, element: Any, pseudo_type: str) -> bool:
    """Whether the box builder can ask for this element's ``pseudo_type`` style (called while
    the cascade's results are still at hand, after every element's own style is computed)."""
    cascaded = style_for.get_cascaded_styles()
    if "anchor" in cascaded.get((element, pseudo_type), ()):
        return True  # WeasyPrint collects every pseudo-element's anchor as its style is computed
    if GENERATED_WHEN[pseudo_type](style_for.get_computed_styles()[element, None]):
        return True
    # a ::before or ::after displayed as a list item asks for its element's ::marker style
    return pseudo_type == "marker" and any((element, side) in cascaded for side in ("before", "after"))


def pseudo_styles_where_generated(set_computed_styles):
    """``StyleFor.set_computed_styles`` that skips the six pseudo-elements' styles for elements
    that cannot generate them (the box builder finds no style where it never looks)."""

    def set_computed_styles_where_generated(self, element, parent, root=None, pseudo_type=None,
                                            base_url=None, target_collector=None):
        if pseudo_type in GENERATED_WHEN and not generates(self, element, pseudo_type):
            return
        set_computed_styles(self, element, parent, root, pseudo_type, base_url, target_collector)

    return set_computed_styles_where_generated


# ---------------------------------------------------------------- WeasyPrint orphans and notes
def calls_in(lines: Iterable[Any]) -> list[Any]:
    """The notes called from these laid-out lines."""
    return [box.footnote for line in lines for box in line.descendants() if box.footnote is not None]


def contains(items: Iterable[Any], item: Any) -> bool:
    """``item in items`` by identity (WeasyPrint's boxes are compared by identity)."""
    return any(member is item for member in items)


def notes_kept_with_their_calls(linebox_layout):
    """``block._linebox_layout`` that cancels the paragraph rather than move a note whose call
    stays on the page.

    A note moved during the call is legitimate only when its call moves with it (the line that
    calls it is pushed to the next page, ``footnote-policy: line``); one placed before the
    paragraph, or called from a line the paragraph keeps, is put back on the page and the
    paragraph cancelled, as WeasyPrint itself cancels one that cannot meet ``orphans``.
    """

    def layout_keeping_notes_with_calls(context, box, index, child, new_children, page_is_empty,
                                        *args):
        placed = list(context.current_page_footnotes)
        reported = list(context.reported_footnotes)
        first_line = len(new_children)
        result = linebox_layout(context, box, index, child, new_children, page_is_empty, *args)
        abort, stop, resume_at, position_y, new_footnotes, max_lines = result
        moved = [note for note in context.reported_footnotes if not contains(reported, note)]
        if not moved or page_is_empty:  # the common case: nothing moved, no line walked
            return result
        kept = calls_in(new_children[first_line:])
        stranded = [note for note in moved if contains(placed, note) or contains(kept, note)]
        if not stranded:
            return result
        for note in stranded:
            context.reported_footnotes.remove(note)
        order = [*placed, *new_footnotes]
        context.current_page_footnotes[:] = [
            note for note in order
            if contains(stranded, note) or contains(context.current_page_footnotes, note)]
        context._update_footnote_area()
        del new_children[first_line:]
        return True, False, resume_at, position_y, new_footnotes, max_lines

    return layout_keeping_notes_with_calls


@contextlib.contextmanager
def active() -> Iterator[None]:
    """All five workarounds, for one render (process-wide: renders run one at a time in each
    process, and everything is restored afterwards)."""
    subsetter = fonttools_subset.Subsetter
    context = weasyprint_layout.LayoutContext
    styles = weasyprint_css.StyleFor
    with contextlib.ExitStack() as stack:
        stack.enter_context(replaced(subsetter, "subset", tables_dropped_first(subsetter.subset)))
        stack.enter_context(replaced(pydyf.PDF, "page_references", property(cached_page_references)))
        stack.enter_context(replaced(context, "__init__", counted_footnotes(context.__init__)))
        stack.enter_context(replaced(weasyprint_block, "_linebox_layout",
                                     notes_kept_with_their_calls(weasyprint_block._linebox_layout)))
        stack.enter_context(replaced(styles, "set_computed_styles",
                                     pseudo_styles_where_generated(styles.set_computed_styles)))
        yield
