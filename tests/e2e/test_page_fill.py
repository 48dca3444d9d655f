"""No page of a bundled briefing ends far blank, but the last, unless a figure too tall to be
refitted forced it; no table leaves a page blank.

Measured from WeasyPrint's layout of the very page the PDF writer lays out (``tools/blank_pages.py``,
``writers.pagefill``): the blank is the space between the body's last line, chart or rule and
the footnote area (or the page's foot). Before tables of six rows and more could break (keeping
three rows on each side, ``briefing.css``) and the refits of ``pagefill``, pages ended 38.7 %
(2024-12 French p. 17: Table 1 and its chapter moved whole), 45.7 % (2021-08 fr p. 6), 51.5 %
(2024-08 en p. 13) and 67.3 % (2023-12 en p. 11) blank. What may stay is a figure of 10–12 cm
with its caption that no chart drawn at ``pagefill.FIGURE_FLOOR`` fits under what precedes it
(the French 2024-12 p. 18 before Figure 4: 36.8 % then 41.1 % as the text before it changed):
the document order would have to change, which WeasyPrint cannot do by itself.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kzbrief.writers.pagefill import blank_fractions, pushed_block, refit_rule

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
#: a page more blank than this must be explained by a figure too tall to refit
MOST_BLANK = 1 / 3


def blank_pages_tool():
    spec = importlib.util.spec_from_file_location("blank_pages", REPO / "tools" / "blank_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("period,lang", [("2024-12", "fr"), ("2024-12", "en"), ("2023-12", "en"), ("2024-08", "en"),
                                         ("2021-08", "fr")])
def test_no_page_but_the_last_ends_far_blank(period, lang):
    document = blank_pages_tool().layout_edition(REPO, period, lang)
    pages = blank_fractions(document)
    body = [p for p in pages[:-1] if p.name == "main" and not p.contents]
    assert len(body) >= 5
    unexplained = {}
    for page in body:
        if page.fraction > MOST_BLANK:
            pushed = pushed_block(page.number, document.pages[page.number - 1], document.pages[page.number])
            following = document.pages[page.number]._page_box
            if not (pushed and pushed[0].element_tag == "figure"
                    and refit_rule(*pushed, following.content_box_y()) is None):
                unexplained[page.number] = round(page.fraction, 3)
    assert unexplained == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_table_1_starts_where_its_chapter_starts_from_the_first_layout(lang, monkeypatch):
    """Table 1 starts on its chapter's page (in French it breaks after its first rows: kept whole,
    it left that page a third blank) in the first layout: no second layout is spent on a table
    (one costs a cold build half as much again as the PDF it refits); later layouts, if any, only
    redraw figures, within ``REFIT_PASSES``."""
    from kzbrief.writers import pdf, weasy

    layouts, rules = [], []
    render, refit_rules = weasy.HTML.render, pdf.refit_rules
    monkeypatch.setattr(weasy.HTML, "render", lambda self, *a, **k: layouts.append(render(self, *a, **k)) or layouts[-1])
    monkeypatch.setattr(pdf, "refit_rules", lambda document: (found := refit_rules(document), rules.extend(found))[0])
    blank_pages_tool().layout_edition(REPO, "2024-12", lang)
    assert 1 <= len(layouts) <= 1 + pdf.REFIT_PASSES
    assert all(rule.startswith("figure[id=") for rule in rules)
    first = layouts[0]
    pages = blank_fractions(first)
    heading, table = ("Forces et équipements", "Tableau 1.") if lang == "fr" else ("Forces and equipment", "Table 1.")
    number = next(n for n, page in enumerate(first.pages, 1)
                  if not pages[n - 1].contents and heading in page_text(page))
    assert table in page_text(first.pages[number - 1])  # it moved whole to the next page before


def page_text(page) -> str:
    from kzbrief.writers.pagefill import _walk

    return " ".join(box.text for box in _walk(page._page_box) if getattr(box, "text", None))
