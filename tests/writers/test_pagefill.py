"""A figure or short table that does not fit under what precedes it no longer leaves the rest of
its page blank (December 2024: a third of a page after Table 1): ``writers.pagefill`` measures
the first layout and ``writers.pdf.laid_out`` lays the page out again with a slightly smaller
chart, or a table allowed to break between rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kzbrief.writers.pagefill import FIGURE_FLOOR, TABLE_ROWS_KEPT, blank_fractions
from kzbrief.writers.pdf import PDF_VARIANT, laid_out
from kzbrief.writers.weasy import HTML, FontConfiguration

pytestmark = pytest.mark.slow
CSS_FILE = Path(__file__).resolve().parents[2] / "templates" / "briefing.css"


def page(body: str) -> HTML:
    """A body page laid out with the briefing's own stylesheet, after a block of ``filler_cm``."""
    return HTML(string=f"<html><head><style>{CSS_FILE.read_text()}</style></head>"
                       f"<body><main class='content'>{body}</main></body></html>")


def filler(cm: float) -> str:
    return f"<p>Opening text.</p><div style='height: {cm}cm; border-bottom: 1px solid black'></div>"


def figure(height_cm: float, anchor: str = "figure-a") -> str:
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='16cm' height='{height_cm}cm' "
           f"viewBox='0 0 160 {height_cm * 10}'><rect x='0' y='0' width='160' height='{height_cm * 10}' "
           "fill='#1f3a5f'/></svg>")
    return (f"<figure id='{anchor}' class='chart'><div class='chart-art'>{svg}</div>"
            "<figcaption>Figure 1. A chart.</figcaption><p class='source-line'>Source: a test.</p></figure>"
            "<p>After the figure.</p>")


def table(rows: int, group: int = 0) -> str:
    """A table as the template writes one of six rows or more (it may break); with ``group``, a
    body of that many rows per group, each opened by its sub-heading row (as Table 1 of the
    December 2023 edition)."""
    size = group or rows
    bodies = []
    for start in range(1, rows + 1, size):
        heading = f"<tr class='group'><th class='group' colspan='2'>Group {start}</th></tr>" if group else ""
        cells = "".join(f"<tr><td>Row {n} of the table</td><td>{n}</td></tr>"
                        for n in range(start, min(start + size, rows + 1)))
        bodies.append(f"<tbody>{heading}{cells}</tbody>")
    return (f"<div class='table-block' data-table='table-a'><table id='table-a' class='data'>"
            f"<caption>Table 1. Figures.</caption><thead><tr><th>What</th><th>Value</th></tr></thead>"
            f"{''.join(bodies)}</table></div><p>After the table.</p>")


def laid(html: HTML, refit: bool = True):
    options = {"pdf_variant": PDF_VARIANT}
    if not refit:
        return html.render(font_config=FontConfiguration(), **options)
    return laid_out(html, FontConfiguration(), options)


def texts(document, tmp_path: Path) -> list[str]:
    """The PDF written from the layout, read back page by page."""
    target = tmp_path / "out.pdf"
    document.write_pdf(target)
    return [p.extract_text() for p in PdfReader(target).pages]


def test_a_figure_that_nearly_fits_is_drawn_smaller_on_the_page_it_follows(tmp_path):
    html = page(filler(12.5) + figure(10.5))
    before = blank_fractions(laid(html, refit=False))
    assert before[0].fraction > 0.4  # the figure moved whole to page 2
    document = laid(html)
    pages = texts(document, tmp_path)
    assert "Figure 1. A chart." in pages[0] and "Source: a test." in pages[0]
    assert blank_fractions(document)[0].fraction < 0.05
    art = [b for b in document.pages[0]._page_box.descendants() if type(b).__name__.endswith("ReplacedBox")][0]
    assert FIGURE_FLOOR * 16 < art.width / (96 / 2.54) < 16  # smaller, never below the floor


def test_a_gap_no_refit_can_close_does_not_stop_a_later_one_closing(tmp_path):
    """Page 1 ends 41 % blank before a figure too tall to shrink; page 2 ends 27 % blank before
    one that fits drawn a little smaller. The refit is kept though page 1 stays the most blank
    (December 2024 in English: p. 17 stayed 38 % blank before Figure 3 while p. 9 was blanker)."""
    html = page(filler(14) + figure(14) + filler(0.3) + figure(5, "figure-b"))
    before = [round(p.fraction, 2) for p in blank_fractions(laid(html, refit=False))]
    assert before[0] > before[1] > 0.25
    after = [round(p.fraction, 2) for p in blank_fractions(laid(html))]
    assert after[0] == before[0] and after[1] < 0.05


def test_one_layout_is_alive_at_a_time(monkeypatch):
    """Each layout holds about 3 MB a page until the PDF is written: the refit's layout is made
    after the first one is let go (a refitted 81-page edition peaked at 759 MB, now 537 MB)."""
    import gc
    import weakref

    from kzbrief.writers import weasy

    alive, render = [], weasy.HTML.render

    def spy(self, *args, **kwargs):
        gc.collect()
        alive.append(sum(ref() is not None for ref in made))
        document = render(self, *args, **kwargs)
        made.append(weakref.ref(document))
        return document

    made: list = []
    monkeypatch.setattr(weasy.HTML, "render", spy)
    laid(page(filler(12.5) + figure(10.5)))
    assert alive == [0, 0]


def test_a_refit_that_does_not_improve_gives_back_the_first_layout(tmp_path, monkeypatch):
    from kzbrief.writers import pdf

    html = page(filler(12.5) + figure(10.5))
    profiles = iter([(0.2,), (0.5,)])  # the refit measured blanker than the layout before
    monkeypatch.setattr(pdf, "blank_profile", lambda document: next(profiles))
    document = laid(html)
    assert "Figure 1. A chart." in texts(document, tmp_path)[1]  # moved whole, at its size
    art = [b for b in document.pages[1]._page_box.descendants() if type(b).__name__.endswith("ReplacedBox")][0]
    assert round(art.width / (96 / 2.54), 2) == 16


def test_a_figure_too_tall_to_shrink_keeps_its_size_on_the_next_page(tmp_path):
    html = page(filler(14) + figure(14))
    document = laid(html)
    pages = texts(document, tmp_path)
    assert "Figure 1. A chart." not in pages[0] and "Figure 1. A chart." in pages[1]
    art = [b for b in document.pages[1]._page_box.descendants() if type(b).__name__.endswith("ReplacedBox")][0]
    assert round(art.width / (96 / 2.54), 2) == 16


@pytest.mark.parametrize("group", [0, 2])
def test_a_table_that_does_not_fit_breaks_between_rows_in_the_first_layout(tmp_path, group):
    """Kept whole, it left a third of the page blank and a second layout broke it; the
    stylesheet now breaks it at once, keeping three rows on each side (every body of a table
    of groups, counted alone, would have kept the table whole)."""
    html = page(filler(15) + table(20, group))
    document = laid(html, refit=False)
    pages = texts(document, tmp_path)
    first = [n for n in range(1, 21) if f"Row {n} of" in pages[0]]
    second = [n for n in range(1, 21) if f"Row {n} of" in pages[1]]
    assert len(first) >= TABLE_ROWS_KEPT and len(second) >= TABLE_ROWS_KEPT
    assert first + second == list(range(1, 21))
    assert "Value" in pages[1]  # the header repeats
    assert blank_fractions(document)[0].fraction < 0.1


def glossary(entries: int) -> str:
    """A definition list as the sources and glossary print, entries about 3.8 cm tall."""
    items = "".join(f"<div class='entry'><dt>TERM{n}</dt><dd><div style='height: 3cm'></div></dd></div>"
                    for n in range(1, entries + 1))
    return f"<h2>Glossary</h2><dl class='glossary'>{items}</dl>"


def test_a_list_of_four_entries_parts_in_its_middle_never_leaving_one_alone(tmp_path):
    """The first entry stays with the second and the last with the one before, and the two
    middle ones may part: under the old rule a list of four moved whole to the next page (the
    December 2024 sources and glossary, half a page blank before them)."""
    document = laid(page(filler(13.7) + glossary(4)), refit=False)
    pages = texts(document, tmp_path)
    assert [n for n in range(1, 5) if f"TERM{n}" in pages[0]] == [1, 2]
    assert [n for n in range(1, 5) if f"TERM{n}" in pages[1]] == [3, 4]


def test_no_entry_alone_at_the_foot_or_the_head_of_a_page(tmp_path):
    foot = texts(laid(page(filler(17.5) + glossary(4)), refit=False), tmp_path)  # room for one entry
    assert "TERM1" not in foot[0] and "Glossary" not in foot[0]
    head = texts(laid(page(filler(9.8) + glossary(4)), refit=False), tmp_path)  # room for three
    assert [n for n in range(1, 5) if f"TERM{n}" in head[0]] == [1, 2]
