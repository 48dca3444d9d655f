"""Time, built for real: an edition knows what was known on its issue date, reads statuses on
that date, and does not change when the library later learns about its period."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from tests.conftest import edit, write_source

pytestmark = pytest.mark.slow

NOT_CONFIRMED = {"fr": "non confirmé au 20 décembre 2024", "en": "not confirmed by 20 December 2024"}
WATCH = {"fr": "À surveiller", "en": "To watch"}


def build(root: Path, periods, **kw) -> None:
    run_build(BuildRequest(root=root, periods=periods, jobs=1, **kw))


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """The words of the DOCX; its no-break spaces ("20\u00a0December", where a line must not
    break) read as the spaces they are."""
    return " ".join(p.text for p in docx.Document(path).paragraphs).replace("\u00a0", " ")


def texts(root: Path, period: str, lang: str) -> dict[str, str]:
    base = root / "build" / period / f"kzbrief-{period}-{lang}"
    return {"pdf": pdf_text(base.with_suffix(".pdf")), "docx": docx_text(base.with_suffix(".docx"))}


def test_an_overdue_plan_and_the_cut_off_are_shown_in_both_languages_and_formats(mini):
    edit(mini / "content/events.yaml", "status: reported", 'status: planned\n  due: "2024-11"')
    build(mini, ["2024-12"])
    for lang in ("fr", "en"):
        for fmt, text in texts(mini, "2024-12", lang).items():
            assert NOT_CONFIRMED[lang] in text, (lang, fmt)
            assert WATCH[lang] in text, (lang, fmt)
            assert {"fr": "était prévu en novembre 2024", "en": "was planned for November 2024"}[lang] in text
            # the cut-off is the issue date, never the end of the month
            assert {"fr": "connus au 20 décembre 2024", "en": "known on 20 December 2024"}[lang] in text
            assert "31 décembre" not in text and "31 December" not in text, (lang, fmt)


def later_source(root: Path) -> None:
    """A source about October, published in October but only acquired on 5 December."""
    write_source(root, "gamma", 'id: gamma\ntitle: "Anka test"\ntitles: {fr: "Essai d\'Anka", en: "Anka test"}\n'
                 'outlet: Late Wire\npublished: "2024-10-02"\nacquired: "2024-12-05"\nlanguage: en\nreliability: B\n',
                 "On 2 October 2024 Kazakhstan tested a second Anka drone from Turkey.\n")
    with open(root / "content/events.yaml", "a", encoding="utf-8") as fh:
        fh.write('- id: anka-second-test\n  date: "2024-10-02"\n  domain: production\n  status: confirmed\n'
                 '  partners: [turkey]\n  title: {fr: Second essai, en: Second test}\n'
                 '  text: {fr: "Un second Anka est essayé.", en: "A second Anka is tested."}\n'
                 '  cites:\n    - source: gamma\n      quote: "On 2 October 2024 Kazakhstan tested a second Anka drone from Turkey."\n')


def test_a_past_edition_rebuilds_byte_identically_after_a_later_source_is_acquired(mini):
    build(mini, ["2024-11"])
    outputs = sorted((mini / "build/2024-11").glob("kzbrief-*"))
    before = {p.name: p.read_bytes() for p in outputs}
    assert len(before) == 4
    later_source(mini)
    build(mini, ["2024-11"], force=True)
    assert {p.name: p.read_bytes() for p in outputs} == before
    # the next edition reports it as newly learned, and names the new source
    build(mini, ["2024-12"])
    for lang, new in (("fr", "Autres faits nouveaux pour ce numéro"), ("en", "Other events new to this edition")):
        for fmt, text in texts(mini, "2024-12", lang).items():
            assert new in text and "Second" in text and "Late Wire" in text, (lang, fmt)
            assert {"fr": "Aucun élément nouveau", "en": "Nothing has been added"}[lang] not in text
