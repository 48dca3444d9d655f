"""The translators' workflow: catalogue completeness, content kept in step, drafts."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzbrief.errors import ContentError

from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.translation import (build_template, extract, extracted_ids, localized_fields, python_messages,
                                 read_reviews, review_flags, template_bytes)
from tests.conftest import REPO, edit


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_bundled_languages_are_complete(tmp_path):
    root = tmp_path / "bundled"  # a copy: i18n status records texts it sees for the first time
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    result = run("i18n", "status", "--root", root)
    assert result.exit_code == 0, result.output
    assert "fr: complete" in result.output and "en: complete" in result.output


def test_template_holds_every_id_the_catalogues_define(mini):
    ids = {m.id for m in build_template(mini / "templates") if m.id}
    assert {"section.key_points", "status.denied", "unit.usd", "chart.drone-fleet.title", "domain.agreement"} <= ids


def test_untranslated_catalogue_entry_is_reported_and_blocks_release(mini):
    po = mini / "templates/locale/fr/LC_MESSAGES/kzbrief.po"
    edit(po, 'msgstr "Perspectives"', 'msgstr ""')
    result = run("i18n", "status", "--root", mini)
    assert result.exit_code == 1
    assert "fr: incomplete — 1 catalogue entry to translate" in result.output
    assert "templates/locale/fr/LC_MESSAGES/kzbrief.po:" in result.output and "section.outlook: untranslated" in result.output
    assert "en: complete" in result.output
    refused = run("build", "--format", "html", "--lang", "fr", "--root", mini)
    assert refused.exit_code == 1 and "section.outlook: untranslated" in refused.output
    draft = run("build", "--format", "html", "--lang", "fr", "--draft", "--root", mini)
    assert draft.exit_code == 0, draft.output
    html = (mini / "build/2024-12/kzbrief-2024-12-fr.html").read_text(encoding="utf-8")
    assert "[EN] Outlook" in html


def test_missing_content_language_blocks_release_but_draft_marks_it(mini):
    edit(mini / "content/editions/2024-12.yaml", 'outlook:\n  - text: {fr: "À suivre : la montée en cadence.", en:',
         'outlook:\n  - text: {en:')
    result = run("i18n", "status", "--root", mini)
    assert "fr: incomplete" in result.output and "1 content text(s) missing" in result.output
    assert run("build", "--format", "html", "--root", mini).exit_code == 1
    assert run("build", "--format", "html", "--draft", "--root", mini).exit_code == 0
    html = (mini / "build/2024-12/kzbrief-2024-12-fr.html").read_text(encoding="utf-8")
    assert "[EN] To watch: the production ramp-up." in re.sub(r"</?span[^>]*>|\u00ad", "", html)  # line breaks aside


def test_changed_english_text_flags_french_for_review(mini):
    assert run("i18n", "confirm", "--root", mini).exit_code == 0
    assert review_flags(load_project(mini)) == []
    edit(mini / "content/events.yaml", "reportedly delivered to OTS partners", "reportedly delivered to partners of the OTS")
    flags = review_flags(load_project(mini))
    assert [(f.key, f.changed, f.to_review) for f in flags] == [("events:anka-delivery:text", ["en"], ["fr"])]
    status = run("i18n", "status", "--root", mini)
    assert "fr: incomplete" in status.output and "review the fr text" in status.output
    assert "en: complete" in status.output
    release = run("build", "--format", "html", "--lang", "fr", "--root", mini)
    assert release.exit_code == 1 and "content/events.yaml:19: text: the en text changed" in release.output
    assert run("i18n", "confirm", "events:anka-delivery", "--root", mini).exit_code == 0
    assert review_flags(load_project(mini)) == []


def test_extract_update_compile(mini):
    assert run("i18n", "extract", "--root", mini).exit_code == 0
    assert (mini / "templates/locale/kzbrief.pot").exists()
    edit(mini / "templates/locale/fr/LC_MESSAGES/kzbrief.po", 'msgid "section.outlook"\nmsgstr "Perspectives"\n', "")
    assert run("i18n", "update", "--root", mini).exit_code == 0
    text = (mini / "templates/locale/fr/LC_MESSAGES/kzbrief.po").read_text(encoding="utf-8")
    assert 'msgid "section.outlook"\nmsgstr ""' in text
    result = run("i18n", "compile", "--root", mini)
    assert result.exit_code == 0, result.output
    # compiled catalogues are build products: in the build folder, never beside the .po files
    assert (mini / "build/locale/fr/LC_MESSAGES/kzbrief.mo").stat().st_size > 1000
    assert (mini / "build/locale/en/LC_MESSAGES/charts.mo").is_file()
    assert not list((mini / "templates").rglob("*.mo"))


def test_committed_template_is_in_sync_with_the_code():
    committed = (REPO / "templates/locale/kzbrief.pot").read_bytes()
    assert template_bytes(REPO / "templates") == committed, "templates/locale/kzbrief.pot is stale: run kzbrief i18n extract"


def test_extract_is_silent_and_writes_nothing_when_in_sync(mini, capfd):
    pot = mini / "templates/locale/kzbrief.pot"
    before = pot.stat().st_mtime_ns, pot.read_bytes()
    result = run("i18n", "extract", "--root", mini)
    assert result.output == f"wrote {pot}\n"  # stdout and stderr: no Babel warning about the tool's own code
    extract(mini / "templates")
    assert capfd.readouterr().err == ""
    assert (pot.stat().st_mtime_ns, pot.read_bytes()) == before


def test_noop_update_changes_no_byte(mini):
    locale = mini / "templates/locale"
    before = {p: p.read_bytes() for p in locale.rglob("*") if p.is_file()}
    result = run("i18n", "update", "--root", mini)
    assert result.exit_code == 0 and "unchanged" in result.output
    assert {p: p.read_bytes() for p in locale.rglob("*") if p.is_file()} == before


def test_update_appends_new_ids_and_keeps_header_order_and_comments(mini):
    po = mini / "templates/locale/fr/LC_MESSAGES/kzbrief.po"
    edit(po, 'msgid "section.outlook"\nmsgstr "Perspectives"\n\n', "")
    edit(po, 'msgid "label.contents"', '# translator: "Sommaire" as in the printed series\nmsgid "label.contents"')
    edit(po, '"Language: fr\\n"', '"Language: fr\\n"\n"Last-Translator: Claire <claire@example.org>\\n"')
    kept = po.read_bytes()
    result = run("i18n", "update", "--root", mini)
    assert "1 new id(s) to translate: section.outlook" in result.output
    assert po.read_bytes() == kept + b'\nmsgid "section.outlook"\nmsgstr ""\n'
    assert run("i18n", "update", "--root", mini).exit_code == 0
    assert po.read_bytes() == kept + b'\nmsgid "section.outlook"\nmsgstr ""\n'  # and stays so


def test_ids_picked_before_the_call_are_extracted_and_composed_ones_checked(tmp_path, monkeypatch):
    module = tmp_path / "m.py"
    module.write_text("def f(n, kind, _):\n"
                      "    message = 'a.one' if n == 1 else 'a.many'\n"
                      "    return _(message), _('b.c'), _(f'status.{kind}'), _('d.x' if n else 'd.y')\n")
    assert python_messages(module) == [(3, "a.many", False), (3, "a.one", False), (3, "b.c", False),
                                       (3, "d.x", False), (3, "d.y", False), (3, "status.", True)]
    import kzbrief.translation as translation

    monkeypatch.setattr(translation, "dynamic_ids", lambda: {"approx.about"})
    with pytest.raises(ContentError, match=r"assemble\.py:\d+: _\(\): composes ids starting 'status\.'"):
        extracted_ids(REPO / "templates")


def test_bundled_texts_are_all_tracked():
    records = read_reviews(load_project(REPO))
    assert {key for key, *_ in localized_fields(load_project(REPO))} <= set(records), "run kzbrief validate"


def test_new_text_is_tracked_for_review_without_confirm(mini):
    assert not (mini / "content/translations.lock.json").exists()
    assert run("validate", "--root", mini).exit_code == 0
    records = read_reviews(load_project(mini))
    assert "events:anka-delivery:text" in records and set(records["events:anka-delivery:text"]) == {"fr", "en"}
    edit(mini / "content/events.yaml", "reportedly delivered to OTS partners", "reportedly delivered to partners of the OTS")
    assert [f.key for f in review_flags(load_project(mini))] == ["events:anka-delivery:text"]
    assert run("validate", "--root", mini).exit_code == 0  # seeing it again does not clear the flag
    assert [f.to_review for f in review_flags(load_project(mini))] == [["fr"]]
    edit(mini / "content/events.yaml", "livrés aux partenaires de l", "livrés aux États partenaires de l")
    assert run("validate", "--root", mini).exit_code == 0  # both rewritten: the new pair is the record
    assert review_flags(load_project(mini)) == []
    edit(mini / "content/events.yaml", "partners of the OTS", "OTS partners")
    assert [f.to_review for f in review_flags(load_project(mini))] == [["fr"]]


def test_confirm_with_an_unknown_key_names_it_and_the_nearest(mini):
    result = run("i18n", "confirm", "events:anka-delivry", "--root", mini)
    assert result.exit_code == 1
    assert "unknown text key 'events:anka-delivry': did you mean 'events:anka-delivery'?" in result.output
    assert not (mini / "content/translations.lock.json").exists()  # nothing recorded
    assert run("i18n", "confirm", "events:anka-delivery:text", "--root", mini).exit_code == 0
