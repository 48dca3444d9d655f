"""Exit codes and messages of the command line (0 ok, 1 content/build error, 2 usage)."""

import subprocess
import sys

from click.testing import CliRunner

from kzbrief.cli import cli
from tests.conftest import edit


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_ok(mini):
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 0
    assert "2 editions" in result.output


def test_validate_reports_file_line_field_and_exits_1(mini):
    edit(mini / "content/events.yaml", "partners: [turkey, ots]", "partners: [turkey, nato]")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    assert "content/events.yaml:16: partners[1]: unknown partner id 'nato'" in result.output
    assert "Traceback" not in result.output


def test_yaml_syntax_error_is_a_clean_message(mini):
    (mini / "content/figures.yaml").write_text("- id: x\n  label: {fr: a\n", encoding="utf-8")
    result = run("validate", "--root", str(mini))
    assert result.exit_code == 1
    assert result.output.startswith("content/figures.yaml:")
    assert "Traceback" not in result.output


def test_missing_content_folder(tmp_path):
    result = run("validate", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path}/content:1: content: folder not found" in result.output


def test_usage_errors_exit_2(mini):
    assert run("build", "2024-13", "--root", str(mini)).exit_code == 2
    result = run("build", "2023-01", "--root", str(mini))
    assert result.exit_code == 2 and "no edition for 2023-01 (editions: 2024-11, 2024-12)" in result.output
    assert run("build", "--format", "odt", "--root", str(mini)).exit_code == 2
    assert run("build", "--lang", "de", "--root", str(mini)).exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_status_reports_missing_and_exits_1(mini):
    result = run("status", "all", "--root", str(mini))
    assert result.exit_code == 1
    assert [line.split()[0] for line in result.output.splitlines()] == ["missing"] * 8


def test_python_dash_m(mini):
    proc = subprocess.run([sys.executable, "-m", "kzbrief", "validate", "--root", str(mini)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_broken_catalogue_is_a_clean_error(mini):
    po = mini / "templates/locale/en/LC_MESSAGES/kzbrief.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = run("build", "--format", "html", "--root", str(mini))
    assert result.exit_code == 1
    assert "kzbrief.po" in result.output and "Traceback" not in result.output


def test_unexpected_render_failure_is_one_line(mini, monkeypatch):
    import kzbrief.writers.html as html

    def boom(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(html, "render_html", boom)
    result = run("build", "--format", "html", "--jobs", "1", "--root", str(mini))
    assert result.exit_code == 1
    assert "error: 2024-12 fr html: RuntimeError: template exploded" in result.output
