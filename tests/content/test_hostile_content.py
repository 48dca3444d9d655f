"""Hostile content (issue 15): reads confined to the project, strict scalars, clear messages."""

import os

import pytest

from tests.conftest import edit
from tests.content.test_validate import problems


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
                                        "--lang", "en", "--id", source_id, "--yes", "--root", str(mini)])

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


# ---------------------------------------------------------------- everything at once, no cascade
def test_duplicate_id_does_not_hide_the_items_other_mistakes(mini):
    edit(mini / "content/events.yaml", "- id: anka-delivery", "- id: anka-agreement")
    edit(mini / "content/events.yaml", "partners: [turkey, ots]", "partners: [turkey, nato]")
    edit(mini / "content/events.yaml", "the first Anka drones were delivered", "the first Anka drones flew")
    edit(mini / "content/events.yaml", "text: {fr: \"Les premiers", "text: {de: \"Les premiers")
    found = problems(mini)
    assert any(p.startswith("content/events.yaml:12: id: duplicate id 'anka-agreement'") for p in found)
    assert any(p.startswith("content/events.yaml:16: partners[1]: unknown partner id 'nato'") for p in found)
    assert any("quote of event 'anka-agreement' not found" in p for p in found), found
    assert any("unknown language 'de'" in p for p in found) and any("missing language 'fr'" in p for p in found)
    assert found == sorted(found, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))  # in file order


def test_unreadable_file_causes_no_cascade_of_unknown_ids(mini):
    (mini / "content/systems.yaml").write_text("- id: anka\n\tname: Anka\n", encoding="utf-8")
    found = problems(mini)
    assert found == ["content/systems.yaml:2: yaml: a tab: indent with spaces"], found


def test_item_failing_its_schema_causes_no_unknown_id_elsewhere(mini):
    edit(mini / "content/events.yaml", "  date: \"2024-12-09\"", "  date: \"2024-13-09\"")
    found = problems(mini)
    assert len(found) == 1 and found[0].startswith("content/events.yaml:13: date:"), found


def test_misspelt_id_and_field_suggest_the_nearest(mini):
    edit(mini / "content/events.yaml", "partners: [turkey, ots]", "partners: [turky, ots]")
    edit(mini / "content/events.yaml", "  domain: agreement", "  domian: agreement")
    found = problems(mini)
    assert "content/events.yaml:16: partners[0]: unknown partner id 'turky' (did you mean 'turkey'?)" in found
    assert "content/events.yaml:3: domian: unknown field (did you mean 'domain'?)" in found


# ---------------------------------------------------------------- render-time failures caught at validation
@pytest.mark.parametrize("escape, shown", [
    ("\\x1b[31m", "U+001B (ESCAPE)"), ("\\x07", "U+0007"), ("\\x85", "U+0085"),
    ("\\ud800", "U+D800 (half of a surrogate pair"), ("\\uffff", "U+FFFF"),
])
def test_control_characters_and_lone_surrogates_are_refused_where_written(mini, escape, shown):
    edit(mini / "content/events.yaml", 'en: "Kazakhstan and Turkey sign', f'en: "Kazakhstan{escape} and Turkey sign')
    found = problems(mini)
    # (a YAML parser may refuse the escape itself: also a located refusal)
    assert any(p.startswith("content/events.yaml:8: text.en: contains " + shown) or
               p.startswith("content/events.yaml:8: yaml:") for p in found), found


@pytest.mark.parametrize("escape, name", [("\\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\\u2067", "RIGHT-TO-LEFT ISOLATE"),
                                          ("\\u200f", "RIGHT-TO-LEFT MARK")])
def test_bidirectional_controls_are_refused_in_what_readers_see(mini, escape, name):
    """A right-to-left override would make "Turkey" read "yekruT" in the PDF while the YAML and
    the support check see "Turkey": the reader must see what was checked."""
    edit(mini / "content/events.yaml", 'en: "Kazakhstan and Turkey sign', f'en: "Kazakhstan and {escape}Turkey sign')
    found = problems(mini)
    assert any(p.startswith(f"content/events.yaml:8: text.en: contains U+") and name in p and "reorders" in p
               for p in found), found


def test_control_character_in_a_note_is_refused_too(mini):
    edit(mini / "content/events.yaml", "  domain: agreement", '  domain: agreement\n  note: "bell \\a here"')
    assert any(p.startswith("content/events.yaml:4: note: contains U+0007") for p in problems(mini))


def test_title_too_long_for_docx_properties_is_refused(mini):
    edit(mini / "content/editions/2024-12.yaml", "en: First deliveries}", f"en: {'Very long title ' * 15}}}")
    found = problems(mini)
    assert any(p.startswith("content/editions/2024-12.yaml:4: title.en: with the series name the document title is")
               for p in found), found
    edit(mini / "content/project.yaml", 'subject: {fr: "Briefing de test"', f'subject: {{fr: "{"s" * 256}"')
    assert any(p.startswith("content/project.yaml:3: subject.fr: 256 characters; a DOCX document property holds at")
               for p in problems(mini))
