"""The validator on broken fixture trees: every problem reported at once, each message checked."""

from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.errors import ContentError
from tests.conftest import edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def test_bundled_fixture_is_valid(mini):
    project = load_project(mini)
    assert set(project.editions) == {"2024-11", "2024-12"}


def test_two_bases_one_in_a_language_must_be_one_in_every_language(mini):
    """Else one edition prints one note where the other prints two."""
    edit(mini / "content/people.yaml", 'en: "The signing minister, identified by the analyst."',
         'en: "The source gives no year: that of its publication."')
    found = problems(mini)
    [problem] = [p for p in found if "basis" in p]
    assert "basis.fr: says in 'en' what the basis at " in problem and "but differs from it in 'fr'" in problem
    assert {"content/people.yaml:11", "content/events.yaml:25"} == {problem.split(": ")[0], problem.split(" at ")[1].split(" says")[0]}


def test_unknown_field_and_wrong_value(mini):
    edit(mini / "content/events.yaml", "  domain: agreement", "  domain: agrement\n  colour: red")
    found = problems(mini)
    assert any(p.startswith("content/events.yaml:3: domain: must be one of") for p in found), found
    assert "content/events.yaml:4: colour: unknown field (check its spelling)" in found


def test_duplicate_id_names_the_first(mini):
    edit(mini / "content/events.yaml", "- id: anka-delivery", "- id: anka-agreement")
    assert "content/events.yaml:12: id: duplicate id 'anka-agreement' (first defined at content/events.yaml:1)" in problems(mini)


def test_dangling_references(mini):
    edit(mini / "content/events.yaml", "partners: [turkey, ots]", "partners: [turkey, nato]")
    edit(mini / "content/systems.yaml", "origin: [turkey]", "origin: [turkiye]")
    found = problems(mini)
    assert "content/events.yaml:16: partners[1]: unknown partner id 'nato'" in found
    assert "content/systems.yaml:4: origin[0]: unknown partner id 'turkiye' (did you mean 'turkey'?)" in found


def test_quote_not_in_source(mini):
    edit(mini / "content/figures.yaml", 'quote: "plus de 70 000 personnes"', 'quote: "plus de 80 000 personnes"')
    found = problems(mini)
    assert ("content/figures.yaml:10: cites[0].quote: quote of figure 'personnel' not found in source 'alpha': "
            "\u201cplus de 80 000 personnes\u201d; nearest passage: \u201c… plus de [70] 000 personnes …\u201d "
            "(the quote has \u201c80\u201d where the source has \u201c70\u201d)") in found


def test_quote_ignores_whitespace_differences(mini):
    edit(mini / "content/figures.yaml", 'quote: "plus de 70 000 personnes"', 'quote: "plus  de\\n 70 000   personnes"')
    load_project(mini)


def test_missing_and_unknown_language(mini):
    edit(mini / "content/events.yaml", "title: {fr: Accord sur l'Anka, en: Anka agreement}", "title: {fr: Accord sur l'Anka, de: Anka-Abkommen}")
    found = problems(mini)
    assert "content/events.yaml:7: title: missing language 'en'" in found
    assert "content/events.yaml:7: title.de: unknown language 'de' (the project has fr, en)" in found


def test_impossible_date(mini):
    edit(mini / "content/events.yaml", 'date: "2024-05-10"', 'date: "2024-02-30"')
    assert any(p.startswith("content/events.yaml:2: date: '2024-02-30' is not a date: February 2024 has 29 days") for p in problems(mini))


def test_edition_cannot_cite_its_future(mini):
    edit(mini / "content/editions/2024-11.yaml",
         'cites: [{source: alpha, quote: "accord sur la production de drones Anka"}]',
         'cites: [{source: beta, quote: "the first Anka drones were delivered"}]')
    found = problems(mini)
    assert any("key_points[0].cites[0].source: source 'beta' was published or acquired after 2024-11-30" in p for p in found), found


def test_all_problems_at_once_across_files(mini):
    edit(mini / "content/people.yaml", "organisation: kazakhstan", "organisation: kazakstan")
    edit(mini / "content/glossary.yaml", "expansion: {fr: moyenne altitude longue endurance, en: medium-altitude long-endurance}",
         "expansion: {fr: moyenne altitude longue endurance}")
    (mini / "content/sources/beta.yaml").write_text((mini / "content/sources/beta.yaml").read_text() + "reliability: A\n")
    found = problems(mini)
    assert "content/people.yaml:4: organisation: unknown partner id 'kazakstan' (did you mean 'kazakhstan'?)" in found
    assert "content/glossary.yaml:3: expansion: missing language 'en'" in found
    assert "content/sources/beta.yaml:9: yaml: duplicate key 'reliability' (first on line 7)" in found


GENERAL_KNOWLEDGE = '\n  basis: {fr: "Connaissance générale.", en: "General knowledge."}'


def test_a_glossary_expansion_no_source_gives_needs_a_basis(mini):
    """'Bharat Electronics Limited' where the source says only 'BEL' is general knowledge: the
    entry must declare it the analyst's (a basis), or use words a source gives."""
    expansion = "  expansion: {fr: Organisation des États turciques, en: Organization of Turkic States}"
    edit(mini / "content/glossary.yaml", expansion + GENERAL_KNOWLEDGE, expansion)
    assert ("content/glossary.yaml:7: expansion: no source gives this expansion: declare it the analyst's "
            "with basis: {fr: …, en: …} (general knowledge), or use a source's words") in problems(mini)


def test_a_glossary_expansion_in_a_source_needs_no_basis(mini):
    """A source's words, case and plural endings aside ('Production de drone' in '… la
    production de drones Anka'), need no basis."""
    edit(mini / "content/glossary.yaml",
         "  expansion: {fr: moyenne altitude longue endurance, en: medium-altitude long-endurance}" + GENERAL_KNOWLEDGE,
         "  expansion: {fr: Production de drone, en: drone production}")
    load_project(mini)  # no problem


def test_missing_source_text(mini):
    (mini / "content/sources/beta.txt").unlink()
    assert "content/sources/beta.yaml:1: text: source text content/sources/beta.txt is missing" in problems(mini)


def test_key_point_must_cite(mini):
    edit(mini / "content/editions/2024-11.yaml", '    cites: [{source: alpha, quote: "accord sur la production de drones Anka"}]\n', "")
    assert "content/editions/2024-11.yaml:6: key_points[0]: a key point must cite at least one source" in problems(mini)


def test_text_without_metadata(mini):
    (mini / "content/sources/stray.txt").write_text("Un texte.\n", encoding="utf-8")
    assert "content/sources/stray.txt:1: source: text without metadata: add a .yaml beside it (see kzbrief sources add)" in problems(mini)


def test_edition_file_name_must_match_period(mini):
    (mini / "content/editions/2024-12.yaml").rename(mini / "content/editions/2024-10.yaml")
    assert "content/editions/2024-10.yaml:1: period: 2024-12 does not match the file name (expected 2024-12.yaml)" in problems(mini)


def test_relative_dates_in_item_texts_are_refused(mini):
    """An event is read in every later edition: 'earlier this year' would point at the wrong
    year there. An edition's own texts (summary, outlook) may still speak of 'this year'."""
    edit(mini / "content/events.yaml", 'en: "Kazakhstan and Turkey sign', 'en: "Earlier this year, Kazakhstan and Turkey sign')
    edit(mini / "content/events.yaml", 'fr: "Les premiers drones Anka', 'fr: "Récemment, les premiers drones Anka')
    edit(mini / "content/editions/2024-12.yaml", 'en: "The drones arrive."', 'en: "The drones arrive this year."')
    found = problems(mini)
    assert ("content/events.yaml:8: text.en: 'Earlier this year' dates the fact relative to when it was "
            "written, but this text is read in later editions too: give the date instead") in found
    assert any(p.startswith("content/events.yaml:19: text.fr: 'Récemment' dates the fact") for p in found), found
    assert not any("editions/" in p for p in found), found


def test_roles_are_lower_case_unless_they_open_with_a_name(mini):
    """A role is printed after the name and a comma ("Ruslan Zhaksylykov, ministre de la
    Défense", "…, minister of defence"): French and English write such titles in lower case; an
    acronym keeps its capitals, and so does a name the project knows ("Turkey’s minister…")."""
    edit(mini / "content/people.yaml", "role: {fr: ministre de la Défense, en: minister of defence}",
         "role: {fr: Ministre de la Défense, en: Minister of Defence}")
    found = problems(mini)
    assert ("content/people.yaml:3: role.fr: 'Ministre': a role is shown after the person's name and a "
            "comma, where this language writes titles in lower case ('ministre')") in found
    assert ("content/people.yaml:3: role.en: 'Minister': a role is shown after the person's name and a "
            "comma, where this language writes titles in lower case ('minister')") in found
    edit(mini / "content/people.yaml", "{fr: Ministre de la Défense, en: Minister of Defence}",
         "{fr: SSB — chef de la Défense, en: Turkey’s minister of defence}")
    # (the acronym and the adjective are not in the cited passage: only the support check may object)
    assert not any("titles in lower case" in p for p in problems(mini))


def test_only_an_outlook_statement_after_another_runs_on(mini):
    edit(mini / "content/editions/2024-12.yaml", "outlook:\n  - text:", "outlook:\n  - continues: true\n    text:")
    edit(mini / "content/editions/2024-12.yaml", "key_points:\n  - text:", "key_points:\n  - continues: true\n    text:")
    found = problems(mini)
    assert any("outlook[0].continues: the first outlook statement has no paragraph to run on in" in p for p in found), found
    assert any("key_points[0].continues: only an outlook statement" in p for p in found), found


def test_loading_holds_the_cycle_collector_and_gives_it_back(mini, monkeypatch):
    """The collector is off while the content is read and checked (it would rescan the whole
    growing project again and again), and on again afterwards, after a refusal too."""
    import gc

    from kzbrief.content import validate

    seen = []
    real = validate.validate_project
    monkeypatch.setattr(validate, "validate_project", lambda project: seen.append(gc.isenabled()) or real(project))
    assert gc.isenabled()
    load_project(mini)
    assert seen == [False] and gc.isenabled()
    edit(mini / "content/events.yaml", "  domain: agreement", "  domain: agrement")
    problems(mini)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        edit(mini / "content/events.yaml", "  domain: agrement", "  domain: agreement")
        load_project(mini)
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_texts_skipped_as_plainly_drawable_can_hold_no_forbidden_or_reordering_character():
    """Character checks skip texts made only of characters every font face draws; none of those
    may be one the checks refuse, or skipping would let it through."""
    from kzbrief.content.textcheck import _BIDI, _FORBIDDEN, _SURELY_DRAWN

    accepted = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF and _SURELY_DRAWN.fullmatch(chr(c))]
    assert len(accepted) > 200
    assert not [c for c in accepted if _FORBIDDEN.search(c) or _BIDI.search(c)]


def test_validation_walks_each_item_once_and_forgets_the_walks_after(mini, monkeypatch):
    from kzbrief.content import model

    project = load_project(mini)
    item = next(iter(project.events.values()))
    walked = []
    real = model._walk
    monkeypatch.setattr(model, "_walk", lambda m, path: (walked.append(path) if m is item else None) or real(m, path))
    with model.walks_remembered():
        first, second = list(model.walk(item)), list(model.walk(item))
    assert first == second and walked == [()]
    assert model._walked is None
    assert list(model.walk(item)) == first and walked == [(), ()]  # outside, walked afresh


def test_a_basis_of_a_source_s_outlet_or_original_needs_both_languages_and_the_field(mini):
    """An identified outlet (or original language) is marked with its basis: in every language,
    and only on an outlet (a language) the metadata gives."""
    edit(mini / "content/sources/beta.yaml", "language: en\n",
         'outlet_basis: {en: "Identified from its own reference."}\nlanguage: en\n'
         'translated_from_basis: {fr: "Déduit du titre.", en: "Inferred from the outlet."}\n')
    edit(mini / "content/sources/alpha.yaml", "language: fr\n",
         'language: fr\ntranslated_from_basis: {fr: "Déduit du titre.", en: "Inferred from the outlet."}\n')
    found = problems(mini)
    assert "content/sources/beta.yaml:5: outlet_basis: missing language 'fr'" in found
    assert "content/sources/beta.yaml:5: outlet_basis: gives the basis of outlet, which is not set" in found
    assert "content/sources/alpha.yaml:7: translated_from_basis: gives the basis of translated_from, which is not set" in found
    assert not any("beta.yaml" in p and "translated_from_basis" in p for p in found)
