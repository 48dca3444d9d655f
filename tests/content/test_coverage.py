from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.content.coverage import coverage, sentences
from tests.conftest import edit_source


def test_sentences_split_on_lines_and_stops():
    spans = sentences("TITLE LINE\nFirst one. Second one? Third!\n\nLast")
    assert [s for _, _, s in spans] == ["TITLE LINE", "First one.", "Second one?", "Third!", "Last"]


def test_coverage_counts_cited_and_marked(mini):
    report = {r.source.id: r for r in coverage(load_project(mini))}
    assert (report["alpha"].total, report["alpha"].cited) == (2, 2)
    assert report["beta"].share == 1.0


def test_coverage_lists_uncited_sentences_and_marks(mini):
    edit_source(mini, "alpha", "L'armée compte", "Photo : archives.\nL'armée compte")
    runner = CliRunner()
    result = runner.invoke(cli, ["sources", "coverage", "--root", str(mini)])
    assert result.exit_code == 1
    assert "alpha: 67% (2 cited, 0 marked, 3 sentences)" in result.output
    assert "not covered: Photo : archives." in result.output
    (mini / "content/sources/alpha.yaml").write_text(
        (mini / "content/sources/alpha.yaml").read_text() + 'non_factual:\n  - {quote: "Photo : archives.", reason: caption}\n')
    result = runner.invoke(cli, ["sources", "coverage", "--root", str(mini)])
    assert result.exit_code == 0, result.output
    assert "alpha: 100% (2 cited, 1 marked, 3 sentences)" in result.output
