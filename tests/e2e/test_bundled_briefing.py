"""The bundled December 2024 briefing, as a newcomer gets it from `make briefing`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build, status
from tests.e2e.parity import docx_counts, pdf_counts

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    run_build(BuildRequest(root=root))
    return root


def test_default_build_is_the_latest_edition_and_up_to_date(bundled):
    files = sorted(p.name for p in (bundled / "build/2024-12").iterdir() if not p.name.startswith("."))
    assert files == ["kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.pdf", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.pdf"]
    assert {s.state for s in status(bundled, None)} == {"up-to-date"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_parity_of_pdf_and_docx(bundled, lang):
    pdf = pdf_counts(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    word = docx_counts(bundled / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
    assert pdf == word
    assert pdf["figures"] == 5 and pdf["tables"] == 3 and pdf["footnotes"] > 100


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
