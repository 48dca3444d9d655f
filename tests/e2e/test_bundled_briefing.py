"""The bundled December 2024 briefing, as a newcomer gets it from `make briefing`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import docx
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build, status
from tests.e2e.parity import docx_counts, html_counts, pdf_counts

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    # as a fresh clone has it: a local build's revisions log is not part of the bundled content
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("revisions.json"))
    shutil.copytree(REPO / "templates", root / "templates")
    run_build(BuildRequest(root=root))
    run_build(BuildRequest(root=root, formats=["html"]))  # the web edition, beside the default build
    return root


def test_default_build_is_the_latest_edition_and_up_to_date(bundled):
    files = sorted(p.name for p in (bundled / "build/2024-12").iterdir()
                   if not p.name.startswith(".") and p.suffix != ".html")
    assert files == ["kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.pdf", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.pdf"]
    assert {s.state for s in status(bundled, None)} == {"up-to-date"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_parity_of_pdf_docx_and_html(bundled, lang):
    pdf = pdf_counts(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    word = docx_counts(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
    web = html_counts(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.html")
    assert pdf == word == web
    assert pdf["figures"] == 4 and pdf["tables"] == 3
    # every item cites its sources by number (was: 128 footnotes "La Gazette, December 2024.")
    assert pdf["citations"] > 100
    # the only notes left give the basis of the analyst's inferences, one note per distinct basis
    # (was: 140, 49 of them distinct): the marks in the text, and the method's, outnumber them
    assert 0 < pdf["footnotes"] < pdf["inference marks"] - 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_note_is_printed_on_its_call_s_page(bundled, lang):
    """Editorial E-13: the French edition printed note 26 at the foot of p. 12, its call on
    p. 11, and later notes 42 and 49 a page late (WeasyPrint moves a page's last note when a
    paragraph's `orphans` line overflows; ``writers.workarounds`` moves the paragraph)."""
    first_call, note_page = {}, {}
    for number, page in enumerate(PdfReader(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf").pages, 1):
        text = page.extract_text()
        for call in re.finditer(r"†\s?(\d{1,3})", text):
            first_call.setdefault(int(call.group(1)), number)
        for note in re.finditer(r"(?m)^(\d{1,3})\.\s", text):
            if int(note.group(1)) in first_call:
                note_page.setdefault(int(note.group(1)), number)
    assert len(first_call) > 50 and set(note_page) == set(first_call)
    assert {k: (page, note_page[k]) for k, page in first_call.items() if note_page[k] != page} == {}


@pytest.mark.parametrize("lang,title_word", [("fr", "Drones et aviation militaire"), ("en", "Drones and military aviation")])
def test_pdf_metadata_tags_and_attachment(bundled, lang, title_word):
    reader = PdfReader(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    assert title_word in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"].startswith(lang)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    data = json.loads(reader.attachments[f"kzbrief-2024-12-{lang}-data.json"][0])
    assert set(data["sources"]) == {"fe-2021-08-kazind-21", "blog-2023-12-rafale-su30",
                                    "gazette-2024-08-turkey-transit", "gazette-2024-12-aviation-drones"}
    # the numbers behind the tables and charts can be recovered from the PDF alone
    assert data["figures"]["personnel-2024"]["value"] == 70000
    assert data["figures"]["tanks-t-72ba"]["value"] == 350


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (Debian poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_only_the_embedded_source_fonts(bundled, lang):
    out = subprocess.run(["pdffonts", str(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")],
                         capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[-1] for line in out}
    assert names and all(n.startswith(("Source-Serif-Pro", "Source-Sans-Pro")) for n in names), names
    assert all(line.split()[-5] == "yes" for line in out)  # embedded


#: What the December 2024 edition must say of the standing context (issue 13), per language.
CONTEXT_FACTS = {
    "fr": ["OTSC", "Baïkonour", "20 % de la population", "Organisation des États turciques", "importations"],
    "en": ["CSTO", "Baikonur", "20% of Kazakhstan’s population", "Organization of Turkic States", "imports"],
}
# the confidence legend is one sentence: its first level alone takes a capital (tenth round, E-4)
OPENING = {"fr": ("Jugements clés", "Points clés", "Probabilité (échelle de l’ICD 203)", "Confiance faible"),
           "en": ("Key judgements", "Key points", "Likelihood (ICD 203 yardstick)", "Low confidence")}


def flat(text: str) -> str:
    """One line of text, spaces plain, words the layout hyphenated at a line end joined again."""
    text = re.sub(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])", "", text)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_edition_opens_with_key_judgements_and_carries_the_context(bundled, lang):
    judgements, key_points, legend, confidence = OPENING[lang]
    reader = PdfReader(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    from tests.e2e.parity import pdf_outline

    method = {"fr": "Méthode", "en": "Method"}[lang]  # how to read what follows, before the first mark
    assert pdf_outline(reader)[:3] == [judgements, method, key_points]
    pdf = flat("\n".join(page.extract_text() for page in reader.pages))
    paragraphs = docx.Document(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.docx").paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"][:3] == [judgements, method, key_points]
    word = flat("\n".join(p.text for p in paragraphs))
    assert len([p for p in paragraphs if p.style.name == "Judgement"]) >= 3
    for text in (pdf, word):
        assert legend in text and confidence in text
        for fact in CONTEXT_FACTS[lang]:
            assert flat(fact) in text, fact
