"""The workarounds applied while rendering: same results as the libraries' own code, less work."""

from __future__ import annotations

import io

import pydyf
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st

from kzbrief.writers import workarounds
from kzbrief.writers.fonts import font_faces


class RecordingFont(TTFont):
    """A TTFont that records which tables were read."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, tag):
        self.read.add(tag)
        return super().__getitem__(tag)


def weasyprint_subset(data: bytes, gids: set[int]) -> tuple[bytes, set[str]]:
    """Subset as WeasyPrint's fontTools fallback does; returns the font and the tables read."""
    options = subset.Options(retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
                             hinting=False, desubroutinize=True, notdef_outline=False)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids)
    font = RecordingFont(io.BytesIO(data))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), font.read


@pytest.mark.slow
def test_subsetting_gives_the_same_font_without_reading_dropped_tables(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1734652800")
    face = font_faces()[0]  # Source Serif Pro Regular: the body text
    data, gids = face.path.read_bytes(), set(range(3, 300))
    plain, plain_read = weasyprint_subset(data, gids)
    with workarounds.active():
        fast, fast_read = weasyprint_subset(data, gids)
    assert fast == plain
    assert not {"GSUB", "GPOS"} & fast_read


def test_page_references_follow_added_pages():
    pdf = pydyf.PDF()
    original = pydyf.PDF.page_references.fget
    with workarounds.active():
        for _ in range(3):
            page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference})
            pdf.add_page(page)
            assert pdf.page_references == original(pdf)
            assert pdf.page_references is pdf.page_references  # cached until a page is added
    assert pydyf.PDF.page_references.fget is original


OPS = st.lists(st.tuples(st.sampled_from(["append", "remove", "insert", "pop", "copy", "clear", "extend"]),
                         st.integers(0, 4)), max_size=40)


@given(OPS)
def test_counted_list_behaves_like_a_list(ops):
    items = [object() for _ in range(5)]
    plain, counted = [], workarounds.CountedList()
    for op, i in ops:
        item = items[i]
        if op == "append":
            plain.append(item), counted.append(item)
        elif op == "extend":
            plain.extend([item, item]), counted.extend([item, item])
        elif op == "insert":
            plain.insert(i, item), counted.insert(i, item)
        elif op == "remove" and item in plain:
            plain.remove(item), counted.remove(item)
        elif op == "pop" and plain:
            assert plain.pop(i % len(plain)) is counted.pop(i % len(counted))
        elif op == "copy":
            counted = counted.copy()
            assert isinstance(counted, workarounds.CountedList)
        elif op == "clear":
            plain.clear(), counted.clear()
        assert counted == plain
        assert [x in counted for x in items] == [x in plain for x in items]


def test_counted_list_refuses_what_it_does_not_count():
    with pytest.raises(NotImplementedError):
        workarounds.CountedList([1])[0] = 2


def test_workarounds_are_undone_after_rendering():
    before = (subset.Subsetter.subset, pydyf.PDF.__dict__["page_references"],
              workarounds.weasyprint_layout.LayoutContext.__init__)
    with workarounds.active():
        assert subset.Subsetter.subset is not before[0]
    after = (subset.Subsetter.subset, pydyf.PDF.__dict__["page_references"],
             workarounds.weasyprint_layout.LayoutContext.__init__)
    assert after == before
