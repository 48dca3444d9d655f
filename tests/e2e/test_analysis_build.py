"""Key judgements and strategic context, end to end: built in both languages and formats from
the mini fixture, read back with pypdf and python-docx."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from tests.analytic import add_analysis
from tests.e2e.parity import docx_counts, pdf_counts, pdf_outline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.conftest import edit, make_project

    root = add_analysis(make_project(tmp_path_factory.mktemp("analysis")))
    # a title quoting words, cited in quotation marks by the judgement's basis
    edit(root / "content/context.yaml", 'title: {fr: "Partenaires de l\'OET", en: "OTS partners"}',
         'title: {fr: "Les « partenaires » de l\'OET", en: "The OTS ‘partners’"}')
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1))
    return root


WORDS = {
    "fr": {"judgements": "Jugements clés", "method": "Méthode", "key_points": "Points clés", "context": "Contexte stratégique",
           "assessment": "Très probable (80–95\u202f%), confiance modérée", "legend": "quasiment exclu (1–5\u202f%)",
           "confidence": "Confiance faible", "changed": "Modifié depuis novembre 2024", "fact": "Le ministère désigne les membres",
           "dropped": "Jugements de novembre 2024 non reconduits",
           "reason": "Le Kazakhstan exportera des Anka d’ici 2026 — improbable (20–45\u202f%), confiance faible. "
                     "Motif\u202f: aucune source ne parle d’exportation."},
    "en": {"judgements": "Key judgements", "method": "Method", "key_points": "Key points", "context": "Strategic context",
           "assessment": "Very likely (80–95%), moderate confidence", "legend": "almost no chance (1–5%)",
           "confidence": "Low confidence", "changed": "Changed since November 2024", "fact": "The ministry calls the",
           "dropped": "Judgements of November 2024 not carried forward",
           "reason": "Kazakhstan will export Ankas by 2026 — unlikely (20–45%), low confidence. Reason: no source speaks of exports."},
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_opens_with_key_judgements_and_carries_the_context(built, lang):
    words = WORDS[lang]
    reader = PdfReader(built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    pages = [flat(page.extract_text()) for page in reader.pages]
    body = " ".join(pages)
    # bookmarks: the body opens with the judgements, then how to read what follows
    assert pdf_outline(reader)[:3] == [words["judgements"], words["method"], words["key_points"]]
    opening = next(page for page in pages[1:] if page.startswith(words["judgements"]))  # after cover and contents
    assert flat(words["assessment"]) in opening
    for key in ("legend", "confidence", "changed", "dropped", "reason"):
        assert flat(words[key]) in body, key
    # the dropped judgement is told after the judgements, before the yardstick's legend
    assert body.index(flat(words["changed"])) < body.index(words["dropped"]) < body.index(flat(words["legend"]))
    assert words["context"] in body and words["fact"] in body
    assert pdf_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")["judgements"] == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_docx_opens_with_key_judgements_and_carries_the_context(built, lang):
    words = WORDS[lang]
    paragraphs = docx.Document(built / f"build/2024-12/kzbrief-2024-12-{lang}.docx").paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [words["judgements"], words["method"], words["key_points"]]
    styled = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Judgement")]
    assert [name for name, _ in styled] == ["Judgement", "Judgement Assessment"] + ["Judgement Detail"] * 3
    assert styled[0][1].startswith("1. ") and styled[1][1] == words["assessment"]
    assert styled[-1][1].startswith(words["changed"])
    text = "\n".join(p.text for p in paragraphs)
    assert words["legend"] in text and words["confidence"] in text
    # its heading, then the statement and why (the typography may bind a year to the next word)
    assert f"{words['dropped']}\n{words['reason']}\n" in text.replace("\xa0", " ")
    assert words["context"] in headings and words["fact"] in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_both_formats_carry_the_same_judgements(built, lang):
    pdf = pdf_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    word = docx_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
    assert pdf == word and pdf["judgements"] == 1


def test_the_data_attachment_carries_judgements_context_and_yardstick(built):
    reader = PdfReader(built / "build/2024-12/kzbrief-2024-12-en.pdf")
    data = json.loads(reader.attachments["kzbrief-2024-12-en-data.json"][0])
    [judgement] = data["edition"]["judgements"]
    assert judgement["likelihood"] == "very-likely" and judgement["basis"]["context"] == ["ots-partners"]
    assert judgement["statement"] == "Anka production will start in Kazakhstan in 2025."
    assert data["context"]["ots-partners"]["as_of"] == "2024-12-09"
    assert [t["term"] for t in data["yardstick"]["likelihood"]][-1] == "almost certain"


#: quotes inside quotes alternate (never « … « … » … » or ‘…‘…’…’), and the yardstick's
#: English title keeps its own colon in the French edition (no French space inside it)
NESTED = {"fr": ("contexte « Les “partenaires” de l’OET »", "Intelligence Community Directive 203: Analytic Standards"),
          "en": ("context ‘The OTS “partners”’", "Intelligence Community Directive 203: Analytic Standards")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quotes_alternate_and_foreign_titles_keep_their_punctuation_in_pdf_and_docx(built, lang):
    pdf = flat(" ".join(page.extract_text() for page in PdfReader(built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf").pages))
    word = flat("\n".join(p.text for p in docx.Document(built / f"build/2024-12/kzbrief-2024-12-{lang}.docx").paragraphs))
    for text in (pdf, word):
        for expected in NESTED[lang]:
            assert flat(expected) in text
