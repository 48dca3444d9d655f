"""Each item told in full once, the other places pointing to it: the cross-references of the
profiles and of the judgements' basis land on the item in the PDF, the DOCX and the web edition."""

from __future__ import annotations

import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from tests.e2e.parity import W, docx_counts, html_counts, pdf_counts, pdf_link_targets

pytestmark = pytest.mark.slow

TOLD = {"en": "The first Anka drones were reportedly delivered", "fr": "Les premiers drones Anka auraient été livrés"}
ANCHOR = "item-events-anka-delivery"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("xref"))
    run_build(BuildRequest(root=root, periods=["2024-12"], formats=["pdf", "docx", "html"], jobs=1))
    return root / "build/2024-12"


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").replace("-\n", "").split())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_tells_the_event_once_and_its_pointers_land_on_it(built, lang):
    reader = PdfReader(built / f"kzbrief-2024-12-{lang}.pdf")
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert text.count(TOLD[lang]) == 1
    assert ANCHOR in reader.named_destinations
    assert pdf_link_targets(reader).count(ANCHOR) >= 2  # from the Turkey and OTS profiles


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_three_formats_carry_the_same_cross_references(built, lang):
    counts = [f(built / f"kzbrief-2024-12-{lang}.{ext}")["cross-references"]
              for f, ext in ((pdf_counts, "pdf"), (docx_counts, "docx"), (html_counts, "html"))]
    assert counts[0] >= 1 and len(set(counts)) == 1, counts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_docx_pointers_are_links_to_a_bookmark_around_the_told_item(built, lang):
    with zipfile.ZipFile(built / f"kzbrief-2024-12-{lang}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    links = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink")]
    name = next(m for m in marks if m.startswith("item_events_anka_delivery"))
    assert links.count(name) >= 2
    texts = [flat("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p")]
    assert sum(TOLD[lang] in t for t in texts) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_web_edition_links_all_land(built, lang):
    page = lxml.html.parse(str(built / f"kzbrief-2024-12-{lang}.html")).getroot()
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    hrefs = [a.get("href")[1:] for a in page.iter("a") if (a.get("href") or "").startswith("#")]
    assert ANCHOR in hrefs
    assert [h for h in hrefs if h not in ids] == []
