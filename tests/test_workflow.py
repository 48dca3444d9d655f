"""The monthly workflow: sources add, new PERIOD, placeholders and drafts."""

import datetime as dt
import re

from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.content import load_project


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_sources_add_copies_text_and_checks_metadata(mini, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Le 3 janvier, un nouvel accord a été signé.\n", encoding="utf-8")
    result = run("sources", "add", article, "--title", "NOUVEL ACCORD", "--outlet", "La Gazette", "--date", "2025-01-05",
                 "--lang", "fr", "--id", "gazette-2025-01-accord", "--title-in", "fr", "Nouvel accord",
                 "--title-in", "en", "New agreement", "--reliability", "b", "--yes", "--root", mini)
    assert result.exit_code == 0, result.output
    assert (mini / "content/sources/gazette-2025-01-accord.txt").read_bytes() == article.read_bytes()
    project = load_project(mini)
    source = project.sources["gazette-2025-01-accord"]
    assert source.meta.sha256 == source.digest and source.meta.reliability == "B"
    assert str(source.meta.published) == "2025-01-05"
    assert source.meta.acquired.start() == dt.date.today()  # an edition knows it from today only
    again = run("sources", "add", article, "--title", "X", "--date", "2025-01", "--lang", "fr", "--id", "gazette-2025-01-accord", "--root", mini)
    assert again.exit_code == 2 and "already exists" in again.output


def test_sources_add_rejects_bad_metadata(mini, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Texte.\n", encoding="utf-8")
    assert "is not a date" in run("sources", "add", article, "--title", "T", "--date", "2025-02-30", "--lang", "fr", "--root", mini).output
    assert "must be another language" in run("sources", "add", article, "--title", "T", "--date", "2025-02", "--lang", "fr",
                                             "--translated-from", "fr", "--root", mini).output
    assert "no such file" in run("sources", "add", tmp_path / "none.txt", "--title", "T", "--date", "2025-02", "--lang", "fr", "--root", mini).output


def test_sources_list(mini):
    result = run("sources", "list", "--root", mini)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["alpha", "2024-11", "fr", "B"]
    assert lines[1].split()[:4] == ["beta", "2024-12-10", "en<fr", "C"]


def test_new_edition_lists_events_and_refuses_release_build(mini):
    result = run("new", "2025-01", "--root", mini)
    assert result.exit_code == 0, result.output
    text = (mini / "content/editions/2025-01.yaml").read_text(encoding="utf-8")
    assert "issue: 3" in text and "developments: []" in text
    assert load_project(mini).editions["2025-01"].issue == 3
    refused = run("build", "2025-01", "--format", "html", "--root", mini)
    assert refused.exit_code == 1
    assert "content/editions/2025-01.yaml:5: title.fr: placeholder still to be written" in refused.output
    assert run("new", "2025-01", "--root", mini).exit_code == 2
    assert run("new", "2024-10", "--root", mini).exit_code == 2


def test_draft_build_is_marked_in_pages_and_metadata(mini):
    import docx
    from pypdf import PdfReader

    assert run("new", "2025-01", "--root", mini).exit_code == 0
    result = run("build", "2025-01", "--draft", "--root", mini)
    assert result.exit_code == 0, result.output
    reader = PdfReader(mini / "build/2025-01/kzbrief-2025-01-fr.pdf")
    assert reader.metadata.title.startswith("Projet\u00a0— ne pas diffuser")
    assert "PROJET" in reader.pages[2].extract_text().upper()
    document = docx.Document(mini / "build/2025-01/kzbrief-2025-01-en.docx")
    assert document.core_properties.title.startswith("Draft\u00a0— not for distribution")
    assert "TODO" in "\n".join(p.text for p in document.paragraphs)  # placeholders show in a draft
    status = run("status", "2025-01", "--root", mini)
    assert status.exit_code == 1
    assert status.output.count("built as a draft; a release build is needed") == 4, status.output


def test_new_edition_validates_once_its_placeholders_are_filled(mini):
    assert run("new", "2025-01", "--root", mini).exit_code == 0
    path = mini / "content/editions/2025-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'period: "2025-01"' in text and 'issued: "2025-01-31"' in text
    pending = run("validate", "--root", mini)
    assert pending.exit_code == 0
    assert "9 TODO placeholder(s) still to fill before a release" in pending.output
    assert "content/editions/2025-01.yaml:16: key_points[0].cites[0].quote" in pending.output
    # the analyst fills every placeholder, the key point's quote with a passage of the source it cites
    text = text.replace('quote: "TODO"', 'quote: "the first Anka drones were delivered"').replace('"TODO"', '"Texte"')
    path.write_text(text, encoding="utf-8")
    filled = run("validate", "--root", mini)
    assert filled.exit_code == 0, filled.output
    assert "placeholder" not in filled.output


def test_sources_list_columns_fit_long_ids(mini, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Un article au nom très long.\n", encoding="utf-8")
    long_id = "gazette-astana-2025-01-un-article-au-nom-vraiment-tres-tres-long"
    assert run("sources", "add", article, "--title", "Long", "--date", "2025-01-02", "--lang", "fr",
               "--id", long_id, "--outlet", "Gazette", "--yes", "--root", mini).exit_code == 0
    lines = run("sources", "list", "--root", mini).output.splitlines()
    assert [line.split()[0] for line in lines] == ["alpha", "beta", long_id]
    # date, language and grade start at the same place on every line, however long the ids are
    starts = [[m.start() for m in re.finditer(r"\S+", line)][1:4] for line in lines]
    assert starts[0] == starts[1] == starts[2], lines
    assert len({line.index("citations") for line in lines}) == 1


def test_new_edition_carries_the_judgements_over_for_revision(mini):
    from tests.analytic import add_analysis
    from tests.conftest import edit

    add_analysis(mini)
    assert run("new", "2025-01", "--root", mini).exit_code == 0
    path = mini / "content/editions/2025-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# The previous edition's key judgements, to revise" in text
    [judgement] = load_project(mini, allow_untranslated=True).editions["2025-01"].judgements
    assert (judgement.id, judgement.likelihood, judgement.basis.context) == ("anka-production", "very-likely", ["ots-partners"])
    assert judgement.change is None  # December's reason for its change is not carried over
    edit(path, "likelihood: very-likely", "likelihood: almost-certain")
    result = run("validate", "--root", mini)
    assert result.exit_code == 1
    assert "judgements[0]: judgement 'anka-production' differs from the 2024-12 edition's (likelihood 'very-likely' → 'almost-certain'): say why" in result.output
