"""Source integrity: recorded hashes are verified, and `sources update` is the way to change a text."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.content.model import file_digest
from kzbrief.content.yamlio import parse_yaml
from kzbrief.errors import ContentError
from kzbrief.sourceupdate import record
from tests.conftest import REPO, edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_every_bundled_source_records_the_hash_of_its_bytes():
    for meta in sorted((REPO / "content/sources").glob("*.yaml")):
        recorded = parse_yaml(meta.read_text(encoding="utf-8"), meta.name)["sha256"]
        assert recorded == file_digest(meta.with_suffix(".txt").read_bytes()), meta.name


def test_a_word_appended_to_a_source_is_refused(mini):
    with (mini / "content/sources/alpha.txt").open("a", encoding="utf-8") as fh:
        fh.write("Ajouté.\n")
    assert problems(mini) == [
        "content/sources/alpha.yaml:8: sha256: content/sources/alpha.txt has changed since its hash was recorded "
        "(cited by systems:anka, people:minister, events:anka-agreement, figures:personnel, editions:2024-11; "
        "used by edition(s) 2024-11, 2024-12); restore the text, or record the outlet's correction with "
        "`kzbrief sources update alpha`"]


def test_the_hash_covers_raw_bytes_not_the_text_quotes_are_matched_in(mini):
    text = mini / "content/sources/beta.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b"\r\n"))  # quotes ignore it, the hash does not
    assert [p.split(": ")[1] for p in problems(mini)] == ["sha256"]


def test_a_source_without_a_hash_is_refused(mini):
    edit(mini / "content/sources/beta.yaml", "sha256:", "# sha256:")
    found = problems(mini)
    assert len(found) == 1 and found[0].startswith("content/sources/beta.yaml:1: sha256: no hash recorded for "
                                                   "content/sources/beta.txt")
    assert "`kzbrief sources update beta`" in found[0]
    result = run("sources", "update", "beta", "--date", "2025-01-03", "--root", mini)
    assert result.exit_code == 0, result.output
    assert load_project(mini).sources["beta"].meta.updates[0].previous_sha256 is None


def test_a_malformed_hash_is_a_schema_error(mini):
    edit(mini / "content/sources/beta.yaml", "sha256: ", "sha256: zz")
    assert any(p.startswith("content/sources/beta.yaml:8: sha256: 'zz") and "does not match" in p for p in problems(mini))


def test_update_in_place_records_hash_date_and_note_and_keeps_the_other_lines(mini):
    meta_path, text_path = mini / "content/sources/beta.yaml", mini / "content/sources/beta.txt"
    edit(meta_path, "reliability: C", "reliability: C  # graded by the desk")
    old_hash = file_digest(text_path.read_bytes())
    edit(text_path, "On December 9", "On 9 December")
    result = run("sources", "update", "beta", "--date", "2025-01-03", "--note", 'outlet fix: "9 December"', "--root", mini)
    assert result.exit_code == 0, result.output
    assert "beta: recorded sha256" in result.output and "2 citation(s) checked again" in result.output
    edit(text_path, "the ministry", "the Ministry")
    assert run("sources", "update", "beta", "--date", "2025-02-01", "--root", mini).exit_code == 0
    source = load_project(mini).sources["beta"]
    assert source.meta.sha256 == file_digest(text_path.read_bytes())
    first, second = source.meta.updates
    assert (str(first.date), first.previous_sha256, first.note) == ("2025-01-03", old_hash, 'outlet fix: "9 December"')
    assert (str(second.date), second.note) == ("2025-02-01", None)
    assert second.previous_sha256 != old_hash
    assert "reliability: C  # graded by the desk\n" in meta_path.read_text(encoding="utf-8")
    again = run("sources", "update", "beta", "--root", mini)
    assert again.exit_code == 0 and "nothing to update" in again.output


def test_update_from_a_file_names_the_quotes_that_no_longer_match(mini, tmp_path):
    corrected = tmp_path / "alpha.txt"
    corrected.write_text("Le ministère annonce un accord.\n", encoding="utf-8")
    result = run("sources", "update", "alpha", corrected, "--date", "2025-01-03", "--root", mini)
    assert result.exit_code == 1
    assert (mini / "content/sources/alpha.txt").read_bytes() == corrected.read_bytes()
    broken = [line for line in result.output.splitlines() if line.startswith("no longer matches: ")]
    assert len(broken) == 5 and all("not found in source 'alpha'" in line for line in broken)
    assert "no longer matches: content/figures.yaml:" in result.output
    assert not any("sha256" in p for p in problems(mini))  # the hash is recorded; the quotes are what is wrong


def test_update_refuses_unknown_source_and_bad_file(mini, tmp_path):
    assert run("sources", "update", "gamma", "--root", mini).exit_code == 2
    assert "no such file" in run("sources", "update", "beta", tmp_path / "none.txt", "--root", mini).output
    (tmp_path / "latin1.txt").write_bytes("Déjà".encode("latin-1"))
    assert "must be UTF-8" in run("sources", "update", "beta", tmp_path / "latin1.txt", "--root", mini).output
    assert "needs a day" in run("sources", "update", "beta", REPO / "README.md", "--date", "2025-01", "--root", mini).output


def test_update_never_writes_outside_the_library(mini, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text((mini / "content/sources/beta.txt").read_text(encoding="utf-8"), encoding="utf-8")
    edit(mini / "content/sources/beta.yaml", "reliability: C", f"reliability: C\ntext: {outside}")
    (mini / "content/sources/beta.txt").rename(tmp_path / "beta-moved.txt")
    replacement = tmp_path / "new.txt"
    replacement.write_text("Changed.\n", encoding="utf-8")
    result = run("sources", "update", "beta", replacement, "--root", mini)
    assert result.exit_code == 1 and "leads outside" in result.output  # refused when the tree is read
    assert outside.read_text(encoding="utf-8").startswith("On December 9")


def test_record_rewrites_only_its_own_keys():
    text = "id: x\nsha256: old\n\n# a comment kept\nupdates:\n  - {date: \"2025-01-01\"}\nnote: kept\n"
    raw = parse_yaml(text, "x.yaml")
    out = record(text, raw, "a" * 64, [{"date": "2025-01-01"}, {"date": "2025-02-01", "note": "second"}])
    parsed = parse_yaml(out, "x.yaml")
    assert parsed["sha256"] == "a" * 64 and parsed["note"] == "kept"
    assert [u["date"] for u in parsed["updates"]] == ["2025-01-01", "2025-02-01"]
    assert "# a comment kept\n" in out
