"""Notes at the foot of a page read in order, with the print stylesheet as it is.

Under WeasyPrint's default footnote policy a note that does not fit moves alone to the next
page, and a note called earlier on the page could then be moved after it (the December 2024
French edition printed note 26 before 25). Paragraphs of varying length with notes of varying
length, from a fixed seed, reproduce that placement."""

from __future__ import annotations

import random
import re

import pytest
from weasyprint import CSS, HTML

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def paragraphs(seed: int) -> str:
    pick = random.Random(seed)
    number, body = 1, []
    for _ in range(24):
        words = []
        for _ in range(pick.randint(3, 14)):
            words.append("the analyst reads every passage of the source " * pick.randint(1, 3))
            if pick.random() < 0.25:
                words.append(f'<span class="footnote" data-n="{number}">N{number} {"basis of the note " * pick.randint(10, 60)}</span>')
                number += 1
        body.append("<p>" + " ".join(words) + "</p>")
    return "<html lang='en'><body>" + "".join(body) + "</body></html>"


def notes_by_page(document) -> list[list[int]]:
    """The numbers of the notes in each page's footnote area, top to bottom."""
    def found(box, inside: bool, out: list[int]) -> None:
        inside = inside or type(box).__name__ == "FootnoteAreaBox"
        text = getattr(box, "text", None)
        if inside and text:
            out += [int(n) for n in re.findall(r"\bN(\d+)\b", text)]
        for child in getattr(box, "children", None) or []:
            found(child, inside, out)
    pages = []
    for page in document.pages:
        pages.append([])
        found(page._page_box, False, pages[-1])
    return pages


@pytest.mark.parametrize("seed", [3, 5])
def test_notes_at_the_foot_of_a_page_read_in_order(seed):
    css = CSS(string=(REPO / "templates/briefing.css").read_text(encoding="utf-8"))
    pages = notes_by_page(HTML(string=paragraphs(seed)).render(stylesheets=[css]))
    assert sum(map(len, pages)) > 10
    assert all(notes == sorted(notes) for notes in pages), pages
