"""The analyst's commands: `show ITEM`, `show --problems` and `sources find` on tiny trees."""

import re

import yaml
from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.console import emit
from kzbrief.content import load_project
from tests.conftest import edit


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_show_an_item_with_texts_and_cited_passage_in_context(mini):
    result = run("show", "events:anka-delivery", "--root", mini)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "events:anka-delivery  content/events.yaml:12"
    assert "  text.fr: Les premiers drones Anka auraient été livrés aux partenaires de l'OTS." in lines
    assert "  text.en: The first Anka drones were reportedly delivered to OTS partners." in lines
    assert "  cites[0]: beta · en · 2024-12-10 · C · content/sources/beta.txt:1" in lines
    assert "      On December 9 the ministry said **the first Anka drones were delivered** to the OTS partners." in lines
    assert "partners: turkey, ots" in lines[1]


def test_show_takes_a_bare_id_and_refuses_an_ambiguous_or_unknown_one(mini):
    assert run("show", "personnel", "--root", mini).output.startswith("figures:personnel  content/figures.yaml:1")
    ambiguous = run("show", "ots", "--root", mini)
    assert ambiguous.exit_code == 2 and "partners:ots, glossary:ots" in ambiguous.output
    assert run("show", "events:nothing", "--root", mini).exit_code == 2
    assert run("show", "--root", mini).exit_code == 2  # neither an item nor --problems


def test_show_problems_lists_each_item_with_its_problems_and_the_nearest_passage(mini):
    edit(mini / "content/events.yaml", '"the first Anka drones were delivered"', '"the first Anka drone was delivered"')
    with (mini / "content/sources/alpha.txt").open("a", encoding="utf-8") as fh:
        fh.write("Ajouté.\n")
    result = run("show", "--problems", "--root", mini)
    assert result.exit_code == 1
    out = result.output
    assert re.search(r"^events:anka-delivery  content/events.yaml:12\n  ✗ content/events.yaml:22: cites\[0\]\.quote: "
                     r"quote of event 'anka-delivery' not found", out, re.M)
    assert "      quote not in the source: the first Anka drone was delivered" in out
    assert "**the first Anka drones were delivered**" in out  # the nearest passage, to copy from
    assert '      to cite it: {source: beta, quote: "the first Anka drones were delivered"}' in out
    assert re.search(r"^sources:alpha  content/sources/alpha.yaml:1\n  ✗ content/sources/alpha.yaml:8: sha256:", out, re.M)
    assert "  text: content/sources/alpha.txt · text changed since its hash was recorded" in out
    headings = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == ["events:anka-delivery", "sources:alpha", "2"]  # items without a problem are not shown
    assert out.rstrip().endswith("2 problem(s) in 2 item(s)")


def test_show_problems_on_clean_content(mini):
    result = run("show", "--problems", "--root", mini)
    assert result.exit_code == 0 and result.output.strip() == "no problem"


def test_sources_find_prints_cites_to_paste_that_validate(mini):
    result = run("sources", "find", "L'ARMEE compte plus de 70000", "--root", mini)
    assert result.exit_code == 0, result.output
    entries = [line for line in result.output.splitlines() if line.startswith("- ")]
    assert entries == ['- {source: alpha, quote: "L\'armée compte plus de 70 000"}']
    assert "# content/sources/alpha.txt:2 (near match" in result.output
    cite = yaml.safe_load(entries[0])[0]
    assert load_project(mini).sources[cite["source"]].contains(cite["quote"])


def test_sources_find_exact_sentence_and_source_filter(mini):
    result = run("sources", "find", "anka drones were", "--sentence", "--source", "beta", "--root", mini)
    assert result.exit_code == 0, result.output
    assert ('- {source: beta, quote: "On December 9 the ministry said the first Anka drones were delivered to the OTS '
            'partners."}') in result.output.splitlines()
    assert "# content/sources/beta.txt:1 (exact)" in result.output
    assert run("sources", "find", "anka", "--source", "gamma", "--root", mini).exit_code == 2
    missing = run("sources", "find", "porte-avions nucléaire", "--exact", "--root", mini)
    assert missing.exit_code == 1 and "no passage matches" in missing.output


def test_console_is_plain_off_a_terminal_and_coloured_on_one(monkeypatch, capsys):
    emit([[("a ", ""), ("quote", "quote")]])
    assert capsys.readouterr().out == "a **quote**\n"
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    emit([[("a ", ""), ("quote", "quote")]])
    assert "\x1b[" in terminal.getvalue() and "**" not in terminal.getvalue()


def test_show_marks_each_token_supported_inferred_or_not(mini):
    edit(mini / "content/systems.yaml", "en: MALE drone}", "en: MALE drone built by Otokar}")
    result = run("show", "systems:anka", "--root", mini)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "    name: ✓ Anka (cites[0])" in lines
    assert "    role.fr: ~ MALE (inferences[0])" in lines
    assert any(line.startswith("    role.en: ") and "✗ Otokar" in line and "~ MALE (inferences[0])" in line
               for line in lines), result.output
    assert any(line.startswith("  ✗ content/systems.yaml:") and "role.en: 'Otokar' is not in the cited passages" in line
               for line in lines), result.output
