"""Revisions, built for real: a published edition never changes silently."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build, status
from kzbrief.content import load_project
from kzbrief.translation import confirm
from tests.conftest import edit, edit_source
from tests.e2e.test_time import later_source, texts

pytestmark = pytest.mark.slow

REVISED = {"fr": "Révisé le 2 janvier 2025", "en": "Revised on 2 January 2025"}
NOTE = {"fr": "Note de révision", "en": "Revision note"}


def build(root: Path, periods, **kw) -> None:
    run_build(BuildRequest(root=root, periods=periods, jobs=1, **kw))


def outputs(root: Path, period: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "build" / period).glob("kzbrief-*"))}


def test_a_corrected_source_makes_a_marked_revision_in_both_languages_and_formats(mini):
    build(mini, ["2024-12"])
    first = texts(mini, "2024-12", "en")
    assert all("Revis" not in t for t in first.values())  # as issued: no mark
    edit_source(mini, "beta", "On December 9", "On 9 December")  # recorded as corrected on 2025-01-02
    build(mini, ["2024-12"])
    for lang in ("fr", "en"):
        for fmt, text in texts(mini, "2024-12", lang).items():
            assert REVISED[lang] in text and NOTE[lang] in text, (lang, fmt)
            corrected = {"fr": "Corrigé : Publication non identifiée, 10 décembre 2024",
                         "en": "Corrected: Unidentified outlet, 10 December 2024"}
            assert corrected[lang] in text.replace("\u202f", " "), (lang, fmt)
        base = mini / "build/2024-12" / f"kzbrief-2024-12-{lang}"
        assert PdfReader(base.with_suffix(".pdf")).metadata.modification_date.date() == dt.date(2025, 1, 2)
        props = docx.Document(base.with_suffix(".docx")).core_properties
        assert props.modified.date() == dt.date(2025, 1, 2) and props.revision == 2
        assert props.created.date() == dt.date(2024, 12, 20)
    # the revision is recorded in the committed log, so a rebuild reproduces it byte for byte
    log = json.loads((mini / "content/revisions.json").read_text(encoding="utf-8"))
    assert log["2024-12"]["en"]["revisions"] == [{"date": "2025-01-02", "added": [], "removed": [],
                                                  "corrected": ["source:beta"]}]
    before = outputs(mini, "2024-12")
    build(mini, ["2024-12"], force=True)
    assert outputs(mini, "2024-12") == before
    assert {s.state for s in status(mini, ["2024-12"])} == {"up-to-date"}
    # the November edition does not know beta: untouched, not revised
    build(mini, ["2024-11"])
    assert all("Revis" not in t and "Révis" not in t for t in texts(mini, "2024-11", "fr").values())


def test_a_corrected_item_is_a_revision_dated_when_it_was_detected(mini):
    build(mini, ["2024-11"], langs=["en"])
    edit(mini / "content/events.yaml", "sign an agreement to produce Anka drones", "signed an agreement to produce Anka drones")
    confirm(load_project(mini), ["events:anka-agreement"])  # the French was reviewed: it stands
    build(mini, ["2024-11"], langs=["en"])
    today = dt.date.today()
    log = json.loads((mini / "content/revisions.json").read_text(encoding="utf-8"))
    assert log["2024-11"]["en"]["revisions"] == [{"date": today.isoformat(), "added": [], "removed": [],
                                                  "corrected": ["events:anka-agreement"]}]
    for fmt, text in texts(mini, "2024-11", "en").items():
        assert "Revision note" in text and "Corrected: May 2024 — Anka agreement" in text.replace("10 May", "May"), fmt
    # a French-only edit never touched the English edition, and the French one was never built
    assert "fr" not in log["2024-11"]


def test_a_later_acquired_source_is_not_a_revision_of_a_past_edition(mini):
    build(mini, ["2024-11"])
    before = outputs(mini, "2024-11")
    later_source(mini)
    build(mini, ["2024-11"], force=True)
    assert outputs(mini, "2024-11") == before
    log = json.loads((mini / "content/revisions.json").read_text(encoding="utf-8"))
    assert "revisions" not in log["2024-11"]["fr"] and "revisions" not in log["2024-11"]["en"]


def test_a_revision_note_lists_each_item_on_its_own_line_and_expands_no_acronym(mini):
    """Two corrected items: two bullets, each label as it opens (run together after semicolons,
    'Late October 2024 — …' kept its capital mid-sentence); an acronym in a label is left bare
    there and expanded at its first use in the text (« chef de la SSB turque » expanded in a
    note read « … (SSB) turque »)."""
    build(mini, ["2024-12"], langs=["en"])
    events = mini / "content/events.yaml"
    edit(events, "title: {fr: Premières livraisons, en: First deliveries}",
         "title: {fr: Premières livraisons aux partenaires de l'OTS, en: First deliveries to OTS partners}")
    edit(events, "sign an agreement to produce Anka drones", "signed an agreement to produce Anka drones")
    confirm(load_project(mini), ["events:anka-agreement", "events:anka-delivery"])
    build(mini, ["2024-12"], langs=["en"])
    for fmt, text in texts(mini, "2024-12", "en").items():
        corrected = re.findall(r"Corrected: (.*?)\.(?=[\s■]|$)", text)  # ■: a bullet in the PDF's text
        assert corrected == ["10 May 2024 — Anka agreement", "9 December 2024 — First deliveries to OTS partners"], fmt
        # the label keeps the bare acronym (above); the text's first use takes the expansion
        assert "Organization of Turkic States (OTS)" in text, fmt
