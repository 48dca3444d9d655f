"""The translators' workflow: catalogue completeness, content kept in step, drafts."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.translation import build_template, review_flags
from tests.conftest import edit


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_bundled_languages_are_complete():
    root = Path(__file__).resolve().parent.parent
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
    assert "[EN] To watch: the production ramp-up." in html


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
    assert run("i18n", "compile", "--root", mini).exit_code == 0
    assert (mini / "templates/locale/fr/LC_MESSAGES/kzbrief.mo").stat().st_size > 1000
