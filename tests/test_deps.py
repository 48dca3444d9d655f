"""Dependency hashes: an output goes stale for exactly the inputs it was built from."""

from pathlib import Path

from kzbrief.content import load_project
from kzbrief.deps import dependencies, describe_changes
from kzbrief.document.view import EditionView
from tests.conftest import edit, edit_source, write_source


def deps(root: Path, period: str, lang: str, fmt: str = "pdf") -> dict[str, str]:
    project = load_project(root)
    return dependencies(EditionView(project, project.editions[period]), lang, fmt, root / "templates")


def snapshot(root):
    return {(p, l, f): deps(root, p, l, f) for p in ("2024-11", "2024-12") for l in ("fr", "en") for f in ("pdf", "docx")}


def stale(before, after):
    return sorted(k for k in before if describe_changes(before[k], after[k]))


def test_french_only_edit_makes_only_french_outputs_stale(mini):
    before = snapshot(mini)
    edit(mini / "content/events.yaml", "Les premiers drones Anka auraient été livrés", "Les tout premiers drones Anka auraient été livrés")
    after = snapshot(mini)
    assert stale(before, after) == [("2024-12", "fr", "docx"), ("2024-12", "fr", "pdf")]
    assert describe_changes(before[("2024-12", "fr", "pdf")], after[("2024-12", "fr", "pdf")]) == ["event 'anka-delivery' changed since it was built"]


def test_reasons_read_as_sentences():
    old = {"mode": "draft", "tool": "0.1+a", "template:briefing.css": "1", "catalogue:fr/kzbrief.po": "1",
           "source:alpha": "1", "events:gone": "1", "edition": "1"}
    new = {"mode": "release", "tool": "0.1+b", "template:briefing.css": "2", "catalogue:fr/kzbrief.po": "2",
           "source:alpha": "1", "source:beta": "1", "people:aliyev": "1", "edition": "2"}
    assert describe_changes(old, new) == [
        "built as a draft; a release build is needed",
        "the fr catalogue kzbrief.po changed since it was built",
        "the edition's texts changed since it was built",
        "template briefing.css changed since it was built",
        "kzbrief's version or code changed since it was built",
        "person 'aliyev' is new to this edition",
        "source 'beta' is new to this edition",
        "event 'gone' is no longer in this edition",
    ]


def test_editorial_note_changes_nothing(mini):
    before = snapshot(mini)
    edit(mini / "content/events.yaml", "  domain: delivery", "  domain: delivery\n  note: checked against the ministry site")
    assert stale(before, snapshot(mini)) == []


def test_source_edit_rebuilds_only_editions_that_know_it(mini):
    before = snapshot(mini)
    edit_source(mini, "beta", "On December 9", "On 9 December")
    assert {k[0] for k in stale(before, snapshot(mini))} == {"2024-12"}


def test_source_published_after_an_edition_does_not_touch_it(mini):
    before = snapshot(mini)
    write_source(mini, "gamma", 'id: gamma\ntitle: "Later"\ntitles: {fr: "Plus tard", en: "Later"}\n'
                 'published: "2024-12-15"\nlanguage: en\nreliability: F\n', "Nothing yet.\n")
    changed = stale(before, snapshot(mini))
    assert changed and all(k[0] == "2024-12" for k in changed)


def test_template_edit_rebuilds_every_output_of_its_format(mini):
    before = snapshot(mini)
    css = mini / "templates/briefing.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* tweak */\n", encoding="utf-8")
    assert stale(before, snapshot(mini)) == sorted(k for k in before if k[2] == "pdf")


def test_catalogue_edit_touches_one_language(mini):
    before = snapshot(mini)
    po = mini / "templates/locale/en/LC_MESSAGES/kzbrief.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Key points"', 'msgstr "Main points"'), encoding="utf-8")
    assert {k[1] for k in stale(before, snapshot(mini))} == {"en"}


def test_hyphenation_exceptions_touch_their_language_in_every_format(mini):
    before = snapshot(mini)
    words = mini / "templates/locale/fr/hyphenation.txt"
    words.write_text(words.read_text(encoding="utf-8") + "coo-pé-ra-tion\n", encoding="utf-8")
    assert stale(before, snapshot(mini)) == sorted(k for k in before if k[1] == "fr")


def test_a_later_confirmation_leaves_the_editions_that_do_not_know_it_untouched(mini):
    """confirmed_by cites of a source an edition does not know are not part of that edition."""
    before = snapshot(mini)
    write_source(mini, "gamma", 'id: gamma\ntitle: "Anka flights"\ntitles: {fr: Vols, en: Flights}\n'
                 'published: "2025-01-10"\nlanguage: en\nreliability: B\n', "In January the first Anka drones flew.\n")
    edit(mini / "content/events.yaml", "  domain: delivery",
         '  domain: delivery\n  confirmed_by: [{source: gamma, quote: "the first Anka drones flew"}]')
    assert stale(before, snapshot(mini)) == []


def test_a_change_to_the_previous_edition_s_judgements_makes_the_next_stale(mini):
    """December tells what changed in, or was dropped from, November's judgements: its outputs
    go stale when November's judgements change, and only the languages that change."""
    from tests.analytic import add_analysis

    add_analysis(mini)
    before = snapshot(mini)
    edit(mini / "content/editions/2024-11.yaml", 'en: "Kazakhstan will export Ankas by 2026."',
         'en: "Kazakhstan will export Ankas by the end of 2026."')
    after = snapshot(mini)
    assert stale(before, after) == [("2024-11", "en", "docx"), ("2024-11", "en", "pdf"),
                                    ("2024-12", "en", "docx"), ("2024-12", "en", "pdf")]
    assert describe_changes(before[("2024-12", "en", "pdf")], after[("2024-12", "en", "pdf")]) == [
        "the previous edition's key judgements changed since it was built"]
