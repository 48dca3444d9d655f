"""No page of the bundled December 2024 briefing ends more than a third blank, but the last.

Measured from WeasyPrint's layout of the very page the PDF writer lays out (``tools/blank_pages.py``,
``writers.pagefill``): the blank is the space between the body's last line, chart or rule and
the footnote area (or the page's foot). Before the refits a third of a page and more stayed blank
after Table 1 (French p. 17, 38.7 %: the chapter's heading and the table moved whole; p. 18,
36.7 %: Figure 3 did not fit under the table) and before the sources and glossary. What stays
(at most 27 % on 4 December 2026) is a figure of 10–12 cm with its caption that no chart drawn at
``pagefill.FIGURE_FLOOR`` fits under what precedes it: a third leaves room for that and fails
on the gaps the refits remove.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kzbrief.writers.pagefill import blank_fractions

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
MOST_BLANK = 1 / 3


def blank_pages_tool():
    spec = importlib.util.spec_from_file_location("blank_pages", REPO / "tools" / "blank_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_but_the_last_ends_more_than_a_third_blank(lang):
    pages = blank_fractions(blank_pages_tool().layout_edition(REPO, "2024-12", lang))
    body = [p for p in pages[:-1] if p.name == "main" and not p.contents]
    assert len(body) > 15
    assert {p.number: round(p.fraction, 3) for p in body if p.fraction > MOST_BLANK} == {}
