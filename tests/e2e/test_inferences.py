"""The analyst's inferences, end to end: declared in content, marked in both formats and both
languages with a note giving the basis, explained by the method note, carried by the data
attachment — and counted the same in the PDF and the DOCX."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from tests.conftest import edit
from tests.e2e.parity import INFERENCE_MARK, W, docx_counts, pdf_counts

pytestmark = pytest.mark.slow

BASIS = {"en": "The type's class, known from elsewhere; the source does not give it.",
         "fr": "Classe du type, connue par ailleurs ; la source ne la donne pas."}
OUTLET = "Anka Weekly"
IDENTIFIED = {"en": "The text names no outlet; identified from its own reference to it.",
              "fr": "Le texte ne nomme pas son titre ; identifié par la mention qu'il en fait."}
ORIGINAL = {"en": "French", "fr": "français"}
METHOD = {"en": "is marked †", "fr": "est signalé par †"}  # (the PDF hyphenates what follows)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("inferences"))
    # the text names no outlet: the analyst's identification, and so the original's language
    edit(root / "content/sources/beta.yaml", "language: en\n",
         f"outlet: {OUTLET}\noutlet_basis: {{fr: {IDENTIFIED['fr']!r}, en: {IDENTIFIED['en']!r}}}\n"
         f"language: en\ntranslated_from_basis: {{fr: {IDENTIFIED['fr']!r}, en: {IDENTIFIED['en']!r}}}\n")
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1))
    return root / "build/2024-12"


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_marks_the_words_and_gives_the_basis(built, lang):
    reader = PdfReader(built / f"kzbrief-2024-12-{lang}.pdf")
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "MALE" + INFERENCE_MARK in text  # the declared words carry the mark (in a table: not expanded)
    assert flat(BASIS[lang]).replace("'", "’") in text.replace("'", "’")
    assert METHOD[lang] in text
    data = json.loads(reader.attachments[f"kzbrief-2024-12-{lang}-data.json"][0])
    assert data["systems"]["anka"]["inferences"][0]["basis"] == BASIS[lang]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_docx_marks_the_words_and_gives_the_basis(built, lang):
    with zipfile.ZipFile(built / f"kzbrief-2024-12-{lang}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
    paragraphs = [flat("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p")]
    assert any("MALE" + INFERENCE_MARK in p for p in paragraphs)
    assert any(METHOD[lang] in p for p in paragraphs)
    texts = [flat("".join(t.text or "" for t in n.iter(f"{W}t"))) for n in notes.iter(f"{W}footnote")]
    assert any(t.replace("'", "’") == flat(BASIS[lang]).replace("'", "’") for t in texts), texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_basis_shared_by_several_marks_is_one_note_called_again(built, lang):
    """The deduced date is marked in several sections: one Word footnote, whose reference is
    bookmarked, and NOTEREF fields (showing its number) for the other marks; one PDF note too."""
    with zipfile.ZipFile(built / f"kzbrief-2024-12-{lang}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
    texts = [flat("".join(t.text or "" for t in n.iter(f"{W}t"))) for n in notes.iter(f"{W}footnote")]
    texts = [t for t in texts if t]
    assert len(texts) == len(set(texts))  # no basis given twice
    refs = [i.text.split() for i in body.iter(f"{W}instrText") if i.text.strip().startswith("NOTEREF")]
    assert refs
    bookmarks = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    for ref in refs:
        start = bookmarks[ref[1]]  # the field names a bookmark around a footnote reference
        assert start.getnext().find(f"{W}footnoteReference") is not None
    reader = PdfReader(built / f"kzbrief-2024-12-{lang}.pdf")
    dests = [d for d in reader.named_destinations if d.startswith("footnote-")]
    assert len(dests) == len(texts)
    marks = sum(page.extract_text().count(INFERENCE_MARK) for page in reader.pages)
    assert marks > len(texts)  # more marks than notes: the numbers are reused


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_both_formats_carry_the_same_inferences(built, lang):
    pdf = pdf_counts(built / f"kzbrief-2024-12-{lang}.pdf")
    word = docx_counts(built / f"kzbrief-2024-12-{lang}.docx")
    assert pdf == word
    assert pdf["inference marks"] >= 6  # MALE, the deduced date (developments, chronology), the partner


GENERAL = {"en": ("Organization of Turkic States", "General knowledge."),
           "fr": ("Organisation des États turciques", "Connaissance générale.")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_glossary_expansion_no_source_gives_is_marked_with_its_basis(built, lang):
    """The fixture's glossary declares its expansions general knowledge (a basis): the glossary
    marks each as the analyst's, with the basis as its note, in the PDF and in the DOCX (in the
    body the first use reads 'Organization of Turkic States (OTS)†', the event's own mark)."""
    expansion, basis = GENERAL[lang]
    reader = PdfReader(built / f"kzbrief-2024-12-{lang}.pdf")
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert expansion + INFERENCE_MARK in text
    assert basis in text
    with zipfile.ZipFile(built / f"kzbrief-2024-12-{lang}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
    paragraphs = [flat("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p")]
    assert any(p.startswith(expansion + INFERENCE_MARK) for p in paragraphs), paragraphs[-6:]
    texts = [flat("".join(t.text or "" for t in n.iter(f"{W}t"))) for n in notes.iter(f"{W}footnote")]
    assert basis in texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_identified_outlet_and_original_are_marked_in_the_sources_list_of_both_formats(built, lang):
    """A text that does not name its outlet: the sources list marks the outlet the analyst
    identified and the original's language it implies, with one note giving the basis."""
    reader = PdfReader(built / f"kzbrief-2024-12-{lang}.pdf")
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    basis = flat(IDENTIFIED[lang]).replace("'", "’")
    assert OUTLET + INFERENCE_MARK in text and ORIGINAL[lang] + INFERENCE_MARK in text
    assert text.replace("'", "’").count(basis) == 1
    with zipfile.ZipFile(built / f"kzbrief-2024-12-{lang}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
    paragraphs = [flat("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in body.iter(f"{W}p")]
    assert any(p.startswith("[2] " + OUTLET + INFERENCE_MARK) for p in paragraphs), paragraphs[-12:]
    assert any(ORIGINAL[lang] + INFERENCE_MARK in p for p in paragraphs)
    texts = [flat("".join(t.text or "" for t in n.iter(f"{W}t"))).replace("'", "’") for n in notes.iter(f"{W}footnote")]
    assert texts.count(basis) == 1
