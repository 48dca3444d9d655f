"""The support check: what a reader sees must be in the passages an item cites, or be declared
as the analyst's inference."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzbrief.content.loader import ContentLoader
from kzbrief.content.support import analyse, fold, support_problems, words
from tests.conftest import edit


def load(root: Path):
    project, problems = ContentLoader(root).load()
    assert project is not None and not problems, problems
    return project


def messages(root: Path) -> list[str]:
    return [str(p) for p in support_problems(load(root))]


def test_fixture_passes_and_names_each_supporting_passage(mini):
    project = load(mini)
    results = analyse(project)
    assert not [p for r in results for p in r.problems]
    anka = next(r for r in results if (r.collection, r.id) == ("systems", "anka"))
    assert (anka.path, anka.line) == ("content/systems.yaml", 1)
    fields = {f.label: f for f in anka.fields}
    origin = fields["origin"].tokens
    assert [(t.text, t.supported) for t in origin] == [("turkey", True)]
    assert "la Turquie" in origin[0].passage.quote
    male = next(t for t in fields["role.en"].tokens if t.text == "MALE")
    assert (male.supported, male.inference) == (False, 0)  # declared, not reported by a source
    assert fields["role.en"].line == 5


@pytest.mark.parametrize("old, new, expected", [
    # a name the passage never gives
    ("role: {fr: drone MALE, en: MALE drone}", "role: {fr: drone MALE, en: MALE drone by Otokar}",
     "content/systems.yaml:5: role.en: 'Otokar' is not in the cited passages"),
    # a number
    ("en: \"Kazakhstan and Turkey sign an agreement", "en: \"Kazakhstan and Turkey sign 15 agreements",
     "content/events.yaml:8: text.en: '15' is not in the cited passages"),
    # a date the passage does not give, in a text
    ("en: \"Kazakhstan and Turkey sign", "en: \"On 12 May Kazakhstan and Turkey sign",
     "content/events.yaml:8: text.en: '12' is not in the cited passages"),
    # an origin
    ("origin: [turkey]", "origin: [turkey, ots]", "content/systems.yaml:4: origin: 'ots' is not in the cited passages"),
])
def test_injected_claims_are_refused_with_their_line(mini, old, new, expected):
    path = mini / ("content/" + expected.split(":")[0].split("/")[1])
    edit(path, old, new)
    found = messages(mini)
    assert any(m.startswith(expected) for m in found), found
    assert all("cite a passage that says it, or declare it as an inference" in m for m in found)


def test_a_structured_date_needs_its_year_month_and_day_or_an_inference(mini):
    events = mini / "content/events.yaml"
    edit(events, 'date: "2024-05-10"', 'date: "2023-05-10"')
    assert [m.split(" (")[0] for m in messages(mini)] == ["content/events.yaml:2: date: '2023' is not in the cited passages"]
    edit(events, 'date: "2023-05-10"', 'date: "2024-06-10"')
    assert [m.split(" (")[0] for m in messages(mini)] == ["content/events.yaml:2: date: '2024-06' is not in the cited passages"]
    # the second event declares its date as deduced: changing it is the analyst's call
    edit(events, 'date: "2024-12-09"', 'date: "2024-12-10"')
    assert len(messages(mini)) == 1


def test_a_country_adjective_is_a_reference_to_the_country(mini):
    edit(mini / "content/events.yaml", 'en: "The first Anka drones', 'en: "The first Turkish Anka drones')
    assert any("text.en: 'Turkish' is not in the cited passages" in m for m in messages(mini))
    edit(mini / "content/partners.yaml", "name: {fr: Turquie, en: Turkey}", "name: {fr: Turquie, en: Turkey}\n  aliases: [turc, Turkish]")
    edit(mini / "content/sources/beta.txt", "the first Anka drones", "the first Turkish Anka drones")
    edit(mini / "content/events.yaml", "quote: \"the first Anka drones", "quote: \"the first Turkish Anka drones")
    assert messages(mini) == []


def test_a_paraphrase_in_the_other_language_passes(mini):
    # the English text says in English what the French passage says: names, day and month
    edit(mini / "content/events.yaml", 'en: "Kazakhstan and Turkey sign an agreement to produce Anka drones."',
         'en: "On 10 May Kazakhstan and Turkey signed an agreement to produce Anka drones."')
    assert messages(mini) == []
    edit(mini / "content/events.yaml", "On 10 May", "On 10 June")
    assert any("text.en: 'June' is not in the cited passages" in m for m in messages(mini))


def test_a_declared_inference_must_point_at_words_the_reader_sees(mini):
    edit(mini / "content/systems.yaml", "says: {fr: MALE, en: MALE}", "says: {fr: MALE, en: HALE}")
    found = messages(mini)
    assert any(m.startswith("content/systems.yaml:") and "inferences[0].says.en: 'HALE' is not in the item's en texts" in m
               for m in found), found
    assert any("role.en: 'MALE' is not in the cited passages" in m for m in found)


def test_ordinary_words_months_and_sentence_starts_do_not_cry_wolf(mini):
    edit(mini / "content/events.yaml", 'en: "Kazakhstan and Turkey sign an agreement to produce Anka drones."',
         'en: "Following talks, the Minister of Defence said Kazakhstan and Turkey may sign a deal on Anka drones."')
    assert messages(mini) == []


def test_number_words_count_as_their_value(mini):
    edit(mini / "content/sources/alpha.txt", "L'armée compte", "Six régiments. L'armée compte")
    edit(mini / "content/figures.yaml", 'quote: "plus de 70 000 personnes"', 'quote: "Six régiments"')
    edit(mini / "content/figures.yaml", "value: 70000", "value: 6")
    assert messages(mini) == []
    edit(mini / "content/figures.yaml", "value: 6", "value: 7")
    assert any("value: '7' is not in the cited passages" in m for m in messages(mini))


def test_folding():
    assert words("L’Inde, Su-30 SM") == ["l", "inde", "su", "30", "sm"]
    assert fold("Émirats") == "emirats"


def test_number_words_and_grouped_digits(mini):
    edit(mini / "content/figures.yaml", "label: {fr: Effectifs, en: Personnel}",
         "label: {fr: 'Effectifs (plus de 70 000)', en: 'Personnel (over 70,000)'}")
    assert messages(mini) == []
    edit(mini / "content/figures.yaml", "value: 70000", "value: 75000")
    assert any("figures.yaml:4: value: '75000' is not in the cited passages" in m for m in messages(mini))


def test_an_earlier_state_rests_on_its_own_passages(mini):
    """An edition that knows only an earlier state shows it: its texts, and the item's name and
    origin shown with it, must be in the state's passages, not the current state's."""
    edit(mini / "content/systems.yaml", "  inferences:\n    - says: {fr: MALE",
         "  earlier:\n    - status: planned\n      role: {fr: trois drones, en: three drones}\n"
         "      cites:\n        - source: beta\n          quote: \"the first Anka drones were delivered\"\n"
         "  inferences:\n    - says: {fr: MALE")
    found = messages(mini)
    assert any(m.startswith("content/systems.yaml") and "earlier[0].role.en: 'three'" in m for m in found), found
    assert any("earlier[0].origin: 'turkey'" in m for m in found), found
    assert not any(m.split(": ")[1].startswith(("role", "origin")) for m in found), found
