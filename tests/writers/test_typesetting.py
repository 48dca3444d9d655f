"""Where lines break, read back from real PDFs and DOCX files (writers/typeset.py).

Each rendered text repeats its patterns after fillers of many lengths, so that without the
rule some line would end at the place the rule forbids; the tests then read every line of the
PDF and check that none does.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from kzbrief.document.nodes import BulletList, Cell, Definition, DefinitionList, Figure, Paragraph, Section, Table, Text
from kzbrief.writers.docx import render_docx
from kzbrief.writers.pdf import render_pdf
from kzbrief.writers.typeset import SHY, for_word, load_exceptions, runs
from tests.writers.test_docx import tiny_png
from tests.writers.test_pdf import SVG, make_document

pytestmark = pytest.mark.slow

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
UNITS = 30
FILLERS = ["a", "de", "les", "pour", "armées", "alliance", "coopération", "développement", "et"]


def filler(i: int) -> str:
    return " ".join(FILLERS[(i * 7 + j * 3) % len(FILLERS)] for j in range(1 + i % 6))


def lines_of(data: bytes) -> list[str]:
    pdf = pypdf.PdfReader(io.BytesIO(data))
    return [line.strip() for page in pdf.pages for line in page.extract_text().splitlines() if line.strip()]


def pages_of(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def svg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("typeset") / "chart.svg"
    path.write_text(SVG, encoding="utf-8")
    return path


# ---------------------------------------------------------------- units
def test_runs_give_the_text_back_and_name_what_must_stay_whole():
    text = "le 30 août, Kassym-Jomart (5 domaines sur 9), 20–45 % ; militaro-technique et Su-30SM"
    found = runs(text)
    assert "".join(r.text for r in found) == text
    kinds = {r.text: r.kind for r in found if r.kind != "plain"}
    assert kinds == {"30 août": "whole", "Kassym-Jomart": "name", "5 domaines": "whole", "sur 9": "whole",
                     "20–45 %": "whole", "militaro-technique": "compound", "Su-30SM": "name"}
    # designations and ISO-like numbers are not numbers to bind
    assert [r.kind for r in runs("KAZIND-21 2024-12-09")] == ["name", "plain"]


def test_exceptions_are_data_and_keep_the_case_of_the_text():
    fr = load_exceptions(TEMPLATES, "fr")
    assert fr["hélicoptères"] == "hé-li-cop-tères"
    assert [r.text for r in runs("Des Hélicoptères", fr)][-1] == "Hélicoptères"  # a capitalised word is a name
    assert for_word("des hélicoptères", fr) == f"des hé{SHY}li{SHY}cop{SHY}tères"
    assert load_exceptions(TEMPLATES, "xx") == {}


# ---------------------------------------------------------------- PDF
@pytest.fixture(scope="module")
def french_pdf(svg) -> bytes:
    doc = make_document("fr", svg)
    parts = [f"{filler(i)} le 30 août {filler(i + 1)} Kassym-Jomart Tokayev {filler(i + 2)} (5 domaines sur 9). "
             f"{filler(i + 3)} improbable (20–45 %) {filler(i + 4)} contre-insurrection militaro-technique "
             f"{filler(i + 5)} hélicoptères {filler(i + 6)}" for i in range(70)]
    doc.body[0].children.insert(1, Paragraph([Text(" ".join(parts) + ".")]))
    return render_pdf(doc, TEMPLATES, [svg.parent])


def test_names_ranges_and_numbers_are_never_broken(french_pdf):
    lines = lines_of(french_pdf)
    assert sum(line.endswith("-") for line in lines) > 5, "nothing was hyphenated: the test proves nothing"
    pairs = list(zip(lines, lines[1:]))
    assert not [a for a in lines if a.endswith(("Kassym-", "Kassym"))], "a name broken at its hyphen"
    assert not [b for b in lines if b.startswith(("9)", "août", "domaines", "45 %", "%)"))], "a number left behind"
    assert not [a for a in lines if re.search(r"(\s|^)\(?(30|5|sur|20–)$", a)], "a number cut from its word"
    assert not [(a, b) for a, b in pairs if re.search(r"\w-\w+-$", a)], "a compound hyphenated a second time"
    assert not [a for a in lines if a.endswith("hélico-")], "the patterns' break, not the exception's"


@pytest.fixture(scope="module")
def english_pdf(svg) -> bytes:
    doc = make_document("en", svg)
    cover = dataclasses.replace(doc.cover, title="Astana calls on its partners to cooperate",
                                summary=" ".join(["The deputy defence minister invited foreign military "
                                                  "diplomats to cooperate on drones and military aviation."] * 3))
    statuses = ["due, unconfirmed", "to be demonstrated", "confirmed, uncertain", "unconfirmed"]
    rows = [[Cell([Text(f"30 August – 11 September 20{10 + i}")]), Cell([Text("Turkey")]),
             Cell([Text("An event with a title long enough to wrap in its column.")]),
             Cell([Text(statuses[i % 4])]), Cell([Text("B2")], "center")] for i in range(12)]
    table = Table("t-chronology", 2, "Chronology", [Cell([Text(h)]) for h in ("Date", "Partners", "Event", "Status", "Grade")],
                  rows, [0.2, 0.19, 0.41, 0.13, 0.07])
    # profiles: a heading, its summary and its items, after texts of every length
    units = []
    for i in range(UNITS):
        units.append(Paragraph([Text(" ".join(["Filler text about partnerships and exercises."] * (1 + (i * 7) % 13)))]))
        units.append(Section(f"profile-{i}", f"Partner{i}", 2, [
            Paragraph([Text(f"Summary{i}: three reported facts.")], "meta"),
            Section(f"profile-{i}-group", "Political dialogue", 3, [
                BulletList([[Text(f"Firstfact{i} in the profile.")], [Text("Another fact.")]])]),
        ]))
        units.append(Section(f"glossary-{i}", f"Glossary{i}", 3, [DefinitionList([
            Definition([Text(f"T{i}x{k}")], [Text(f"Entry{i}x{k} of the glossary, expanded.")]) for k in range(5)])]))
    doc = dataclasses.replace(doc, cover=cover)
    doc.body.insert(1, Section("chronology", "Chronology", 1, [table]))
    doc.body.insert(2, Section("profiles", "Profiles", 1, units))
    return render_pdf(doc, TEMPLATES, [svg.parent])


def test_cover_title_has_no_runt_and_the_summary_is_not_hyphenated(english_pdf):
    cover = pypdf.PdfReader(io.BytesIO(english_pdf)).pages[0].extract_text().splitlines()
    title_end = [line.strip() for line in cover if line.strip().endswith("cooperate")]
    assert title_end and all(len(line.split()) >= 2 for line in title_end)
    assert not [line for line in cover if line.rstrip().endswith("-")]


def test_narrow_cells_are_not_hyphenated_and_dates_keep_day_and_month(english_pdf):
    text = " ".join(lines_of(english_pdf))
    assert "unconfirmed" in text and "demonstrated" in text
    assert not re.search(r"(uncon|demon|confir|uncer)-", text)
    lines = lines_of(english_pdf)
    assert not [line for line in lines if re.search(r"(–|^)\s*(30|11)$", line) or line.startswith(("August", "Sept"))], \
        "a day left without its month"


def test_headings_summaries_and_glossary_entries_stay_with_what_follows(english_pdf):
    pages = pages_of(english_pdf)

    def page(word: str) -> int:
        found = [i for i, text in enumerate(pages) if re.search(rf"\b{word}\b", text, re.I)]
        assert found, word
        return found[-1]  # the body's page, not the contents'


    for i in range(UNITS):
        assert page(f"Partner{i}") == page(f"Summary{i}") == page(f"Firstfact{i}"), i
        # never one entry alone: the heading with the first two, the last two together (three
        # kept at each end made a list of four unbreakable: ERRATA, thirteenth round, layout)
        assert page(f"Glossary{i}") == page(f"T{i}x0") == page(f"T{i}x1"), i
        assert page(f"T{i}x3") == page(f"T{i}x4"), i


def test_captions_sources_and_assessments_are_typeset_too(svg):
    from kzbrief.writers.html import render_html

    doc = make_document("fr", svg)
    figure = next(node for node in doc.walk() if isinstance(node, Figure))
    figure.caption, figure.source_line = "Turquie et Inde (5 domaines sur 9).", "Sources : La Gazette, 30 août 2021"
    html = render_html(doc, TEMPLATES, [svg.parent])
    figcaption = re.search(r"<figcaption>.*?</figcaption>", html, re.S).group(0)
    assert '<span class="nobr">5 domaines</span> <span class="nobr">sur 9</span>' in figcaption
    assert '<span class="nobr">30 août</span>' in html


def test_words_in_another_language_are_hyphenated_and_tagged_in_it(svg, tmp_path):
    """An original title in French inside the English edition breaks as French does
    ("mili-taire"), never by the English patterns ("milit-aire"), in the PDF and the web edition;
    the DOCX tags its runs with their language, so Word hyphenates them the same way."""
    from kzbrief.document.nodes import Emphasis
    from kzbrief.writers.html import render_html

    doc = make_document("en", svg)
    title = Emphasis([Text("accord de transport militaire")], lang="fr")
    doc.body[0].children.insert(1, Paragraph([Text("Original title: "), title, Text(".")]))
    html = render_html(doc, TEMPLATES, [svg.parent])
    em = re.search(r'<em lang="fr">(.*?)</em>', html, re.S).group(1)
    assert f"li{SHY}taire" in em and f"milit{SHY}aire" not in em
    tiny_png(svg.with_suffix(".png"))
    data = render_docx(doc, TEMPLATES / "reference.docx", [svg.parent])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    run = re.search(r"<w:r>(?:(?!</w:r>).)*transport(?:(?!</w:r>).)*</w:r>", xml, re.S).group(0)
    assert '<w:lang w:val="fr"/>' in run


# ---------------------------------------------------------------- DOCX
def test_docx_applies_the_same_rules(svg, tmp_path):
    doc = make_document("fr", svg)
    doc.body[0].children.insert(1, Paragraph([Text("Kassym-Jomart, le 30 août, des hélicoptères.")]))
    table = Table("t-status", 3, "Statuts", [Cell([Text("Date")]), Cell([Text("Statut")])],
                  [[Cell([Text("11 septembre")]), Cell([Text("échu, non confirmé")])]], [0.8, 0.2])
    doc.body[0].children.insert(2, table)
    tiny_png(svg.with_suffix(".png"))
    data = render_docx(doc, TEMPLATES / "reference.docx", [svg.parent])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "Kassym</w:t></w:r><w:r><w:noBreakHyphen/>" in xml.replace("<w:rPr/>", "")
    assert "30\u00a0août" in xml and "<w:softHyphen/>" in xml
    read = docx.Document(io.BytesIO(data))
    assert any(p.text == "Kassym-Jomart, le 30\u00a0août, des hélicoptères." for p in read.paragraphs)
    status = read.tables[0].rows[1].cells[1].paragraphs[0]._p
    assert status.find(".//{*}suppressAutoHyphens") is not None
    assert read.tables[0].rows[1].cells[0].paragraphs[0]._p.find(".//{*}suppressAutoHyphens") is None
    title = [p.text for p in read.paragraphs if p.style.name == "Title" or "Title" in p.style.name]
    assert title and all("\u00a0" in t.strip() for t in title if " " in t.strip())


def test_breaks_are_written_into_the_text_so_a_name_needs_no_element():
    """A name is simply a word without soft hyphens; only runs that must not break at all are
    elements. (An element per name cost the annual edition a third of its memory.)"""
    from kzbrief.writers.html import typeset

    html = str(typeset("The Zhaksylykov delegation discussed cooperation on 30 August", None, "en-GB"))
    assert html.count("<span") == 1 and '<span class="nobr">30 August</span>' in html
    words = html.split()
    assert "Zhaksylykov" in words  # a name: no soft hyphen
    delegation = next(w for w in words if w.replace("\u00ad", "") == "delegation")
    assert "\u00ad" in delegation  # a plain word: the breaks its patterns allow
    assert str(typeset("Kassym-Jomart Tokayev", None, "en-GB")) == '<span class="nobr">Kassym-Jomart</span> Tokayev'
    assert "\u00ad" not in str(typeset("a delegation", None, ""))  # no language, no patterns: no breaks


def test_words_with_ligatures_keep_their_text_in_the_pdf(tmp_path):
    """A soft hyphen inside a ligature (af|faires, fif|teen, draf|ted) made the PDF's text read
    "a aires", "fi een", "dra ": copy, search and screen readers lost the letters."""
    from kzbrief.writers.html import typeset
    from kzbrief.writers.weasy import HTML

    words = "affaires effectifs officielle chiffres different fifteen drafted official"
    for lang in ("fr-FR", "en-GB"):
        html = f"<html lang='{lang}'><body><p style='hyphens: manual'>{typeset(words, None, lang)}</p></body></html>"
        text = pypdf.PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0].extract_text()
        assert text.split() == words.split(), (lang, text)


def test_words_in_another_language_are_tagged_and_hyphenated_by_it():
    """The English edition's list of sources hyphenated a French headline with English patterns
    ("milit-aire", "interna-tionale"): an emphasis in another language is tagged with it and
    broken where that language allows, in the PDF's HTML and in the DOCX."""
    from kzbrief.document.nodes import Emphasis
    from kzbrief.writers.html import make_environment, typeset
    from kzbrief.writers.ooxml import run_properties

    templates = Path(__file__).resolve().parents[2] / "templates"
    env = make_environment(templates, {}, "en-GB")
    macro = env.from_string('{% import "_nodes.html.j2" as m %}{{ m.inline(node) }}')
    html = macro.render(node=Emphasis([Text("accord de transport militaire")], "fr"))
    assert '<em lang="fr">' in html
    french, english = str(typeset("militaire", None, "fr")), str(typeset("militaire", None, "en-GB"))
    assert french != english and french in html and english not in html
    assert macro.render(node=Emphasis([Text("military")])).startswith("<em>")
    assert run_properties("emphasis", lang="fr").find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang") is not None
