"""A language is data: a third language builds with a catalogue, a locale and content fields only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from tests.analytic import add_analysis

pytestmark = pytest.mark.slow

GERMAN = {"section.key_points": "Kernpunkte", "section.outlook": "Ausblick", "label.contents": "Inhalt",
          "cover.language": "Deutsche Ausgabe"}


def add_german(node):
    """Give every {fr, en} text a German twin (marked, so the test can find it)."""
    if isinstance(node, dict):
        if set(node) == {"fr", "en"} and all(isinstance(v, str) for v in node.values()):
            node["de"] = f"DE: {node['en']}"  # a colon: what follows opens a sentence
            return node
        # an inference's words are quoted from the text: the German twin quotes them unmarked
        return {k: dict(v, de=v["en"]) if k == "says" else add_german(v) for k, v in node.items()}
    if isinstance(node, list):
        return [add_german(v) for v in node]
    return node


@pytest.fixture
def trilingual(mini: Path) -> Path:
    add_analysis(mini)  # key judgements too: the yardstick's wording is data like any text
    content = mini / "content"
    for path in content.rglob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if path.name == "project.yaml":
            data["languages"].append("de")
            data["locales"]["de"] = "de_DE"
        path.write_text(yaml.safe_dump(add_german(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    locale = mini / "templates/locale"
    shutil.copytree(locale / "en", locale / "de")
    po = locale / "de/LC_MESSAGES/kzbrief.po"
    text = po.read_text(encoding="utf-8").replace('"Language: en', '"Language: de')
    for message, german in GERMAN.items():
        text = re.sub(rf'(msgid "{re.escape(message)}"\nmsgstr )"[^"]*"', rf'\1"{german}"', text)
    po.write_text(text, encoding="utf-8")
    return mini


def test_german_edition_builds_without_code_change(trilingual):
    run_build(BuildRequest(root=trilingual, periods=["2024-12"], langs=["de"], jobs=1))
    pdf = trilingual / "build/2024-12/kzbrief-2024-12-de.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Kernpunkte" in text and "deutsche ausgabe" in text.lower()
    assert "DE: The first Ankas are reportedly delivered." in text
    assert "20. Dezember 2024" in text  # Babel formats the date for de_DE
    flat = " ".join(text.split())
    assert "DE: very likely (80–95" in flat and "DE: moderate confidence" in flat  # the yardstick, in German
    assert "DE: almost no chance (1–5" in flat and "DE: Anka production will start in Kazakhstan in 2025." in flat
    document = docx.Document(trilingual / "build/2024-12/kzbrief-2024-12-de.docx")
    assert "Kernpunkte" in [p.text for p in document.paragraphs]
    assert [p.text for p in document.paragraphs if p.style.name == "Judgement Assessment"][0].startswith("DE: very likely")
    assert document.core_properties.language.startswith("de")
