"""`sources add` with the files analysts really have: a saved web page, a PDF, a DOCX.

Each test makes its file (an HTML page with the clutter of a real news site, a PDF printed
from HTML by WeasyPrint, a DOCX written with python-docx), adds it, then cites a passage of
the extracted text from an event and validates the tiny content tree. Everything offline.
"""

from __future__ import annotations

import hashlib
import unicodedata

import docx
import pytest
import yaml
from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.extract import extract, stable_text

ARTICLE = [
    "Le 3 janvier, le Kazakhstan et la Turquie ont signé à Astana un nouvel accord de défense.",
    "Il prévoit la production conjointe de drones ANKA dans une usine près de la capitale, "
    "selon le ministère de la défense.",
    "Les premières livraisons de l'usine sont attendues en 2026, a précisé un responsable du ministère.",
]

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Drones : nouvel accord avec Ankara | La Gazette d'Astana</title>
  <meta property="og:site_name" content="La Gazette d'Astana">
  <meta property="og:title" content="Drones : nouvel accord avec Ankara">
  <meta property="article:published_time" content="2025-01-05T08:30:00+05:00">
  <link rel="canonical" href="https://gazette.example/defense/2025/01/drones-accord-ankara">
</head>
<body>
  <div id="cookie-banner">Nous utilisons des cookies. <button>Accepter</button></div>
  <header><nav><ul><li><a href="/">Accueil</a></li><li><a href="/politique">Politique</a></li>
    <li><a href="/defense">Défense</a></li><li><a href="/abonnement">Abonnez-vous</a></li></ul></nav></header>
  <div class="ad-banner">PUBLICITÉ — Vols pas chers vers Istanbul, réservez dès maintenant !</div>
  <main>
    <article>
      <h1>Drones : nouvel accord avec Ankara</h1>
      <p class="byline">Par Aïgerim Nurlanova, le 5 janvier 2025</p>
      <p>{0}</p>
      <div class="ad-slot ad-inline">PUBLICITÉ — Assurance auto à prix cassé</div>
      <p>{1}</p>
      <p>{2}</p>
    </article>
    <aside class="related"><h2>À lire aussi</h2><ul>
      <li><a href="/a">Le budget militaire en hausse</a></li><li><a href="/b">Exercice conjoint en mai</a></li></ul></aside>
  </main>
  <footer><p>© 2025 La Gazette d'Astana. Tous droits réservés.</p><a href="/mentions">Mentions légales</a>
    <a href="/contact">Contact</a></footer>
</body>
</html>
""".format(*ARTICLE)

CLUTTER = ("cookies", "Accueil", "Abonnez-vous", "PUBLICITÉ", "À lire aussi", "Tous droits réservés",
           "Mentions légales")


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def cite(root, source_id: str, quote: str) -> None:
    """An event citing the new source, appended to the fixture's events."""
    event = {"id": "new-agreement", "date": "2025-01-03", "domain": "agreement", "status": "confirmed",
             "partners": ["turkey"], "title": {"fr": "Accord", "en": "Agreement"},
             "text": {"fr": "Un accord est signé.", "en": "An agreement is signed."},
             "cites": [{"source": source_id, "quote": quote}],
             # what this test cites is only the passage: the date and the partner are declared
             "inferences": [{"fields": ["date", "partners"],
                             "basis": {"fr": "Données du test, pas du passage.", "en": "Test data, not the passage's."}}]}
    with (root / "content/events.yaml").open("a", encoding="utf-8") as fh:
        fh.write(yaml.safe_dump([event], allow_unicode=True, sort_keys=False))


def record(root, source_id: str) -> dict:
    return yaml.safe_load((root / f"content/sources/{source_id}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "Drones _ nouvel accord avec Ankara.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_web_page_enters_the_library_without_its_clutter_and_can_be_cited(mini, page):
    result = run("sources", "add", page, "--reliability", "B", "--id", "gazette-2025-01-ankara",
                 "--title-in", "fr", "Nouvel accord sur les drones", "--title-in", "en", "New drone agreement",
                 "--yes", "--root", mini)
    assert result.exit_code == 0, result.output
    folder = mini / "content/sources"
    text = (folder / "gazette-2025-01-ankara.txt").read_text(encoding="utf-8")
    assert all(sentence in text for sentence in ARTICLE)
    assert not [word for word in CLUTTER if word in text], text
    assert (folder / "gazette-2025-01-ankara.orig.html").read_bytes() == page.read_bytes()
    meta = record(mini, "gazette-2025-01-ankara")
    assert meta["title"] == "Drones : nouvel accord avec Ankara"
    assert meta["outlet"] == "La Gazette d'Astana"
    assert meta["published"] == "2025-01-05" and meta["language"] == "fr"
    assert meta["url"] == "https://gazette.example/defense/2025/01/drones-accord-ankara"
    assert meta["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    import trafilatura

    assert meta["extraction"] == {"original": "gazette-2025-01-ankara.orig.html",
                                  "original_sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
                                  "format": "html", "tool": f"trafilatura {trafilatura.__version__}"}
    cite(mini, "gazette-2025-01-ankara", "la production conjointe de drones ANKA dans une usine")
    assert run("validate", "--root", mini).exit_code == 0
    assert load_project(mini).sources["gazette-2025-01-ankara"].meta.extraction.format == "html"


def test_extraction_is_byte_stable(page, tmp_path):
    first = extract(page)
    copy = tmp_path / "copy.html"
    copy.write_bytes(page.read_bytes())
    assert extract(copy).text.encode("utf-8") == first.text.encode("utf-8")
    # the same article saved with Windows line ends and decomposed accents gives the same text
    resaved = tmp_path / "resaved.html"
    resaved.write_bytes(unicodedata.normalize("NFD", PAGE).replace("\n", "\r\n").encode("utf-8"))
    assert extract(resaved).text == first.text


def test_stable_text_normalises_unicode_and_blanks():
    messy = "\ufeff  Le\u00a0 3\tjanvier,   un  accord\r\n\r\n\r\n\r\nsi\u00adgné  \u200b\n\n"
    assert stable_text(messy) == "Le 3 janvier, un accord\n\nsigné\n"
    assert stable_text(unicodedata.normalize("NFD", "défense")) == unicodedata.normalize("NFC", "défense\n")
    assert stable_text(stable_text(messy)) == stable_text(messy)
    assert stable_text(" \n\t\n") == ""


def test_pdf_metadata_found_in_the_file_and_text_citable(mini, tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    html = ("<html lang='fr'><head><title>Accord de défense avec la Turquie</title>"
            "<meta name='dcterms.created' content='2025-01-07'></head><body><h1>Accord de défense</h1>"
            + "".join(f"<p>{s}</p>" for s in ARTICLE) + "</body></html>")
    pdf = tmp_path / "accord.pdf"
    pdf.write_bytes(weasyprint.HTML(string=html).write_pdf())
    result = run("sources", "add", pdf, "--outlet", "Ministère de la défense", "--yes", "--root", mini)
    assert result.exit_code == 0, result.output
    assert "found in the file" in result.output
    source_id = "ministere-defense-2025-01-accord-defense-avec"
    meta = record(mini, source_id)
    assert (meta["title"], meta["published"], meta["language"]) == ("Accord de défense avec la Turquie", "2025-01-07", "fr")
    assert meta["extraction"]["format"] == "pdf" and meta["extraction"]["tool"].startswith("pypdf ")
    assert (mini / f"content/sources/{source_id}.orig.pdf").read_bytes() == pdf.read_bytes()
    # the PDF breaks this passage across lines: quotes ignore differences of whitespace
    cite(mini, source_id, "production conjointe de drones ANKA dans une usine près de la capitale")
    assert run("validate", "--root", mini).exit_code == 0
    assert extract(pdf).text == (mini / f"content/sources/{source_id}.txt").read_text(encoding="utf-8")


def test_docx_options_correct_the_metadata_found(mini, tmp_path):
    document = docx.Document()
    document.core_properties.title = "Brouillon sans titre"
    document.core_properties.language = "fr-FR"
    document.add_heading("Accord de défense", level=1)
    for sentence in ARTICLE:
        document.add_paragraph(sentence)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Drones prévus", "ANKA"
    path = tmp_path / "accord.docx"
    document.save(path)
    result = run("sources", "add", path, "--title", "Accord de défense", "--date", "2025-01", "--id", "doc-accord",
                 "--yes", "--root", mini)
    assert result.exit_code == 0, result.output
    meta = record(mini, "doc-accord")
    assert (meta["title"], meta["published"], meta["language"]) == ("Accord de défense", "2025-01", "fr")
    assert meta["extraction"]["tool"].startswith("python-docx ")
    text = (mini / "content/sources/doc-accord.txt").read_text(encoding="utf-8")
    assert text.startswith("Accord de défense\n") and "Drones prévus | ANKA" in text
    cite(mini, "doc-accord", "Les premières livraisons de l'usine sont attendues en 2026")
    assert run("validate", "--root", mini).exit_code == 0


def test_nothing_is_written_before_the_user_confirms(mini, page):
    before = sorted(p.name for p in (mini / "content/sources").iterdir())
    refused = run("sources", "add", page, "--root", mini, input="n\n")
    assert refused.exit_code == 1
    # the user saw the text and the metadata before being asked
    assert ARTICLE[0] in refused.output and "La Gazette d'Astana" in refused.output
    assert refused.output.index("found in the file") < refused.output.index("Add this source?")
    assert sorted(p.name for p in (mini / "content/sources").iterdir()) == before
    assert "nothing was written" in refused.output
    unanswered = run("sources", "add", page, "--root", mini, input="")  # a script that forgot --yes
    assert unanswered.exit_code == 1 and "nothing was written (--yes adds without asking)" in unanswered.output
    assert sorted(p.name for p in (mini / "content/sources").iterdir()) == before
    accepted = run("sources", "add", page, "--root", mini, input="y\n")
    assert accepted.exit_code == 0 and "added content/sources/" in accepted.output


def test_missing_metadata_and_unreadable_files_say_what_to_do(mini, tmp_path):
    plain = tmp_path / "a.txt"
    plain.write_text("Un texte sans titre.\n", encoding="utf-8")
    result = run("sources", "add", plain, "--date", "2025-01", "--lang", "fr", "--yes", "--root", mini)
    assert result.exit_code == 2 and "no title found in the file: give it with --title" in result.output
    archive = tmp_path / "a.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x.txt", "x")
    result = run("sources", "add", archive, "--yes", "--root", mini)
    assert result.exit_code == 2 and "not a Word document" in result.output
    scan = tmp_path / "scan.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with scan.open("wb") as fh:
        writer.write(fh)
    result = run("sources", "add", scan, "--yes", "--root", mini)
    assert result.exit_code == 2 and "no text layer" in result.output
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(damaged, "w") as zf:
        zf.writestr("word/document.xml", "<w:document")
    result = run("sources", "add", damaged, "--yes", "--root", mini)
    assert result.exit_code == 2 and f"{damaged}: cannot read this DOCX file" in result.output


def test_damaged_or_missing_original_is_named_by_validate(mini, page):
    assert run("sources", "add", page, "--reliability", "B", "--id", "gazette-2025-01-ankara", "--title-in", "fr", "T",
               "--title-in", "en", "T", "--yes", "--root", mini).exit_code == 0
    original = mini / "content/sources/gazette-2025-01-ankara.orig.html"
    original.write_bytes(original.read_bytes().replace(b"Ankara", b"Ankaar"))
    result = run("validate", "--root", mini)
    assert result.exit_code == 1
    assert "content/sources/gazette-2025-01-ankara.yaml:" in result.output
    assert "extraction.original_sha256: content/sources/gazette-2025-01-ankara.orig.html has changed" in result.output
    original.unlink()
    assert "extraction.original: content/sources/gazette-2025-01-ankara.orig.html is missing" in \
        run("validate", "--root", mini).output


def test_sources_update_extracts_a_corrected_web_page_again(mini, page, tmp_path):
    assert run("sources", "add", page, "--reliability", "B", "--id", "gazette-2025-01-ankara", "--title-in", "fr", "T",
               "--title-in", "en", "T", "--yes", "--root", mini).exit_code == 0
    cite(mini, "gazette-2025-01-ankara", "la production conjointe de drones ANKA dans une usine")
    corrected = tmp_path / "corrected.pdf"
    from weasyprint import HTML

    HTML(string=PAGE.replace("près de la capitale", "près de Karaganda")).write_pdf(corrected)
    result = run("sources", "update", "gazette-2025-01-ankara", corrected, "--date", "2025-01-07",
                 "--note", "the outlet moved the factory", "--root", mini)
    assert result.exit_code == 0, result.output
    folder = mini / "content/sources"
    text = (folder / "gazette-2025-01-ankara.txt").read_text(encoding="utf-8")
    assert "Karaganda" in text and "la capitale" not in text and "%PDF" not in text
    assert not (folder / "gazette-2025-01-ankara.orig.html").exists()  # the record names the new original only
    assert (folder / "gazette-2025-01-ankara.orig.pdf").read_bytes() == corrected.read_bytes()
    meta = record(mini, "gazette-2025-01-ankara")
    assert meta["extraction"]["format"] == "pdf"
    assert meta["extraction"]["original_sha256"] == hashlib.sha256(corrected.read_bytes()).hexdigest()
    assert meta["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert meta["updates"][-1]["note"] == "the outlet moved the factory"
    assert run("validate", "--root", mini).exit_code == 0
