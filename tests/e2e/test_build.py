"""End to end: build a tiny edition in both languages and formats, then read the files back."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from kzbrief.cli import cli
from click.testing import CliRunner

from tests.conftest import embedded_fonts
from tests.e2e.parity import pdf_outline

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("e2e"))
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1))
    run_build(BuildRequest(root=root, periods=["2024-12"], formats=["html"], jobs=1))
    return root


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.style.name.startswith("Heading")]


def docx_footnotes(path: Path) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/footnotes.xml"))
    notes = [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    return ["".join(t.text or "" for t in n.iter(f"{W}t")) for n in notes]


def test_four_files_are_written_by_default(built):
    names = sorted(p.name for p in (built / "build/2024-12").iterdir()
                   if not p.name.startswith(".") and p.suffix != ".html")  # the fixture's second build
    assert names == ["kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.pdf", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.pdf"]


@pytest.mark.parametrize("lang,heading,other,footnote", [
    ("fr", "Points clés", "Key points", "Gazette test, novembre 2024"),
    ("en", "Key points", "Points clés", "Gazette test, November 2024"),
])
def test_pdf_reads_back(built, lang, heading, other, footnote):
    path = built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf"
    reader = PdfReader(path)
    text = pdf_text(path)
    assert heading in text and other not in text
    assert footnote in text  # the source line under a table
    assert "[2]" in text and "[1]\u00a0Gazette test" in text.replace("[1] Gazette", "[1]\u00a0Gazette")
    assert heading in pdf_outline(reader)
    assert reader.metadata.title.startswith("Mini")
    # at least one chart is drawn, with its numbered caption
    assert "Figure 1" in text


@pytest.mark.parametrize("lang,heading", [("fr", "Points clés"), ("en", "Key points")])
def test_docx_reads_back(built, lang, heading):
    path = built / f"build/2024-12/kzbrief-2024-12-{lang}.docx"
    headings = docx_headings(path)
    assert heading in headings
    # citations are numbered references to the list of sources: the only notes give the basis
    # of the analyst's inferences, one note per distinct basis
    notes = docx_footnotes(path)
    assert notes and len(notes) == len(set(notes))
    assert not any("Gazette" in note for note in notes)
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "\u00a0[2]" in text and "[1]\u00a0Gazette test" in text
    assert document.core_properties.language.startswith(lang)
    # the same chart as a picture, with alt text in the edition's language
    shapes = document.inline_shapes
    assert len(shapes) >= 1
    descr = shapes[0]._inline.docPr.get("descr")
    assert descr and len(descr) > 40


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_docx_and_html_carry_the_same_headings_figures_tables_and_footnotes(built, lang):
    from tests.e2e.parity import docx_counts, html_counts, pdf_counts

    pdf = pdf_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.pdf")
    word = docx_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
    web = html_counts(built / f"build/2024-12/kzbrief-2024-12-{lang}.html")
    assert pdf == word == web
    assert pdf["figures"] >= 1 and pdf["tables"] >= 2 and pdf["citations"] >= 5


def test_status_is_up_to_date_after_build_and_names_a_change(built):
    runner = CliRunner()
    result = runner.invoke(cli, ["status", "--root", str(built)])
    assert result.exit_code == 0, result.output
    assert result.output.count("up-to-date") == 4


def test_chart_labels_are_text_drawn_with_the_source_fonts(built):
    """Charts keep their text as text (searchable, read aloud), set in the embedded Source Sans."""
    pdf = built / "build/2024-12/kzbrief-2024-12-en.pdf"
    charts = sorted((built / "build/.cache/charts").glob("*-en-*.svg"))
    labels = {label for chart in charts for label in re.findall(r">([^<>]+)</text>", chart.read_text("utf-8"))}
    assert labels
    text = "".join(pdf_text(pdf).split())
    assert [label for label in labels if "".join(label.split()) not in text] == []
    assert all("Source" in name.replace("-", "") for name in embedded_fonts(pdf.read_bytes()))


def test_the_web_edition_is_the_page_the_pdf_is_laid_out_from(built):
    """Laid out by WeasyPrint as it is, the HTML file gives the PDF's pages, word for word."""
    import io

    from kzbrief.writers.fetcher import RestrictedFetcher
    from kzbrief.writers.weasy import HTML

    page = built / "build/2024-12/kzbrief-2024-12-en.html"
    again = PdfReader(io.BytesIO(HTML(filename=str(page), url_fetcher=RestrictedFetcher([page.parent])).write_pdf()))
    pdf = PdfReader(built / "build/2024-12/kzbrief-2024-12-en.pdf")
    assert [p.extract_text() for p in again.pages] == [p.extract_text() for p in pdf.pages]


def test_equipment_table_groups_rows_under_category_sub_headings(tmp_path):
    """Rows grouped by a hidden category read as misplaced: each group opens with its
    sub-heading, one cell over the row, in the PDF and the DOCX alike."""
    from tests.conftest import make_project

    root = make_project(tmp_path)
    with open(root / "content/systems.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: tor\n  name: Tor\n  category: air-defence\n  origin: [turkey]\n"
                 "  role: {fr: défense aérienne, en: air defence}\n  status: in-service\n  in_fleet: true\n"
                 "  cites:\n    - source: alpha\n      quote: \"Le Kazakhstan et la Turquie\"\n"
                 "  inferences: [{fields: [name, category, origin, role], basis: {fr: Connu, en: Known}}]\n")
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1, langs=["en"]))
    base = root / "build/2024-12/kzbrief-2024-12-en"
    table = docx.Document(base.with_suffix(".docx")).tables[-2]  # the equipment table, before the chronology
    texts = [[c.text for c in row.cells] for row in table.rows]
    drones = next(i for i, row in enumerate(texts) if row[0] == "Drones")
    air = next(i for i, row in enumerate(texts) if row[0] == "Air defence")
    assert set(texts[drones]) == {"Drones"} and set(texts[air]) == {"Air defence"}  # one merged cell
    assert texts[drones + 1][0].startswith("Anka") and texts[air + 1][0].startswith("Tor")
    assert drones < air  # in the schema's order of categories, not alphabetical
    spans = table._tbl.xpath(".//w:gridSpan/@w:val")
    assert spans.count("4") == 2
    text = " ".join(pdf_text(base.with_suffix(".pdf")).split())
    assert re.search(r"DRONES Anka .* AIR DEFENCE Tor", text, re.I)
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1, langs=["en"], formats=["html"]))
    html = base.with_suffix(".html").read_text(encoding="utf-8")
    assert html.count('<tr class="group">') == 2 and '<th scope="rowgroup" colspan="4"' in html


def test_a_chart_left_out_is_told_to_the_editor_not_printed_in_the_briefing(tmp_path):
    """Editorial E-18: 'Chart "Drone fleet by country of origin" left out: no data…' stood in
    the briefing after a sentence saying the sources give no figure: a note about a chart that
    does not exist is of no use to a reader. The build prints it for the editor instead; neither
    the PDF nor the DOCX carries it."""
    from tests.conftest import make_project

    root = make_project(tmp_path)
    result = CliRunner().invoke(cli, ["build", "2024-11", "--jobs", "1", "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note: 2024-11 ")]
    assert any(line.startswith("note: 2024-11 en: Chart ‘Drone fleet by country of origin’ left out") for line in notes)
    assert any(line.startswith("note: 2024-11 fr: Graphique") and "Flotte de drones par pays d’origine" in line
               and " omis" in line for line in notes)
    assert len(notes) == len(set(notes))  # once per edition and language, not once per format
    for lang, words in (("en", "left out"), ("fr", "omis")):
        folder = root / "build/2024-11"
        assert words not in pdf_text(folder / f"kzbrief-2024-11-{lang}.pdf")
        assert not any(words in p.text for p in docx.Document(folder / f"kzbrief-2024-11-{lang}.docx").paragraphs)


def test_a_profile_names_its_detail_and_the_party_of_an_attribution_in_pdf_and_docx(tmp_path):
    """Twelfth round: the Turkey profile's "(Turkey†28)" marked a word its note (about TAI) was
    not about, and its count line did not say which entry was the detail. Both editions, both
    formats: "(Turkey: Kaza†)" and the detail named with its event."""
    from tests.conftest import make_project

    root = make_project(tmp_path)
    partners, events = root / "content/partners.yaml", root / "content/events.yaml"
    with partners.open("a", encoding="utf-8") as out:
        out.write("- id: maker\n  kind: company\n  country: turkey\n  name: {fr: Kaza, en: Kaza}\n")
    text = events.read_text(encoding="utf-8")
    for old, new in [("  partners: [turkey]\n", "  partners: [turkey, maker]\n  inferences:\n"
                      "    - fields: [partners]\n      basis: {fr: \"Le fabricant, turc.\", en: \"The maker, Turkish.\"}\n"),
                     ("Kazakhstan and Turkey sign", "Kazakhstan signs"), ("Le Kazakhstan et la Turquie signent", "Le Kazakhstan signe"),
                     ("  status: reported\n", "  status: reported\n  part_of: anka-agreement\n")]:
        assert old in text
        text = text.replace(old, new, 1)
    events.write_text(text, encoding="utf-8")
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1))

    def flat(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))

    expected = {"en": ["(Turkey: Kaza†", "‘First deliveries’ is counted with ‘Anka agreement’"],
                "fr": ["(Turquie : Kaza†", "l’entrée « Premières livraisons » est comptée avec « Accord sur l’Anka »"]}
    for lang, says in expected.items():
        pdf = flat(pdf_text(root / f"build/2024-12/kzbrief-2024-12-{lang}.pdf"))
        document = docx.Document(root / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
        word = flat(" ".join(p.text for p in document.paragraphs))
        for said in says:
            assert said in pdf, (lang, said)
            assert said in word, (lang, said)


def test_the_partner_figures_say_which_events_count_by_the_analyst_s_attribution_in_pdf_and_docx(tmp_path):
    """Thirteenth round: Figures 1 and 2 counted events under a partner by an attribution the
    chronology marks † as the analyst's (Airbus under France), and their captions did not say
    so. The captions come from the document model, so the PDF and the DOCX both say it."""
    from tests.conftest import make_project

    root = make_project(tmp_path)
    partners, events = root / "content/partners.yaml", root / "content/events.yaml"
    with partners.open("a", encoding="utf-8") as out:
        out.write("- id: maker\n  kind: company\n  country: turkey\n  name: {fr: Kaza, en: Kaza}\n")
    # a third event, so the partner figures are drawn: one through a firm the analyst counts as Turkish
    text = events.read_text(encoding="utf-8")
    first = text.split("- id: anka-delivery")[0]
    third = (first.replace("id: anka-agreement", "id: anka-production").replace("domain: agreement", "domain: production")
             .replace("partners: [turkey]", "partners: [turkey, maker]\n  inferences:\n    - fields: [partners]\n"
                      "      basis: {fr: \"Le fabricant, turc.\", en: \"The maker, Turkish.\"}")
             .replace("title: {fr: Accord sur l'Anka, en: Anka agreement}", "title: {fr: Production de l'Anka, en: Anka production}"))
    events.write_text(text + third, encoding="utf-8")
    run_build(BuildRequest(root=root, periods=["2024-12"], jobs=1))

    def flat(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u00ad", ""))

    expected = {"en": "Events attributed to their partner by the analyst (marked † in the chronology): Turkey, 2 events",
                "fr": "Événements rattachés à leur partenaire par l’analyste (marqués † dans la chronologie) : Turquie, 2 événements"}
    for lang, said in expected.items():
        pdf = flat(pdf_text(root / f"build/2024-12/kzbrief-2024-12-{lang}.pdf"))
        document = docx.Document(root / f"build/2024-12/kzbrief-2024-12-{lang}.docx")
        word = flat(" ".join(p.text for p in document.paragraphs))
        assert pdf.count(said) == 2, (lang, pdf)  # under Figure 1 and under Figure 2
        assert word.count(said) == 2, (lang, word)
