"""Hostile content (issue 15): reads confined to the project, strict scalars, clear messages."""

import os
from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.errors import ContentError
from tests.conftest import edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("text", ["/etc/passwd", "../../../../../../etc/passwd", "../project.yaml"])
def test_source_text_outside_the_sources_folder_is_refused(mini, text):
    edit(mini / "content/sources/alpha.yaml", "language: fr", f"language: fr\ntext: {text}")
    found = problems(mini)
    assert any(p.startswith("content/sources/alpha.yaml:7: text: source text") and "leads outside" in p
               for p in found), found
    assert not any("root:" in p for p in found)  # nothing of /etc/passwd is echoed


def test_source_text_symlink_leaving_the_project_is_refused(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret line\n", encoding="utf-8")
    text = mini / "content/sources/alpha.txt"
    text.unlink()
    text.symlink_to(secret)
    found = problems(mini)
    assert any("alpha.txt leads outside" in p for p in found), found
    assert not any("top secret" in p for p in found)


def test_source_text_that_is_a_pipe_does_not_hang(mini):
    text = mini / "content/sources/alpha.txt"
    text.unlink()
    os.mkfifo(text)
    found = problems(mini)
    assert any("alpha.txt is a named pipe, not a file" in p for p in found), found


def test_yes_is_not_a_boolean(mini):
    edit(mini / "content/events.yaml", "  status: confirmed", "  status: confirmed\n  uncertain: yes")
    assert "content/events.yaml:5: uncertain: 'yes' is not true or false (write true or false)" in problems(mini)


def test_sexagesimal_number_is_not_read_as_base_60(mini):
    text = (mini / "content/figures.yaml").read_text(encoding="utf-8")
    value_line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("value:"))
    edit(mini / "content/figures.yaml", text.splitlines()[value_line - 1], "  value: 20:30")
    found = problems(mini)
    assert any(p.startswith(f"content/figures.yaml:{value_line}: value") for p in found), found


def test_sources_add_refuses_special_and_huge_files_but_takes_files_from_anywhere(mini, tmp_path):
    from kzbrief.cli import cli
    from click.testing import CliRunner
    from kzbrief.files import MAX_READ_BYTES

    def add(path, source_id):
        return CliRunner().invoke(cli, ["sources", "add", str(path), "--title", "T", "--date", "2024-12-01",
                                        "--lang", "en", "--id", source_id, "--root", str(mini)])

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = add(pipe, "piped")
    assert result.exit_code == 2 and "is a named pipe, not a file" in result.output
    assert add("/dev/zero", "zero").exit_code == 2
    assert add(tmp_path, "folder").exit_code == 2
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_READ_BYTES + 1))
    assert "is larger than" in add(big, "big").output
    article = tmp_path / "downloads/article.txt"  # outside the project, like a browser's Downloads
    article.parent.mkdir()
    article.write_text("A new article about drones.\n", encoding="utf-8")
    assert add(article, "downloaded").exit_code == 0
    assert not list((mini / "content/sources").glob("piped*")) and not list((mini / "content/sources").glob("zero*"))
