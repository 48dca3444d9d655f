"""An edition knows only its past."""

from kzbrief.content import load_project
from kzbrief.document.view import EditionView
from tests.conftest import edit


def view(root, period):
    project = load_project(root)
    return EditionView(project, project.editions[period])


def test_earlier_edition_does_not_see_later_sources_or_events(mini):
    november = view(mini, "2024-11")
    assert set(november.sources) == {"alpha"}
    assert list(november.events) == ["anka-agreement"]
    december = view(mini, "2024-12")
    assert set(december.sources) == {"alpha", "beta"}
    assert list(december.events) == ["anka-agreement", "anka-delivery"]


def test_event_dated_after_the_period_is_left_out_even_if_a_known_source_reports_it(mini):
    edit(mini / "content/events.yaml", 'date: "2024-12-09"', 'date: "2025-01"')
    edit(mini / "content/events.yaml", "source: beta\n      quote: \"the first", "source: alpha\n      quote: \"Le Kazakhstan et la Turquie ont signé\"\n    - source: beta\n      quote: \"the first")
    assert "anka-delivery" not in view(mini, "2024-12").events


def test_known_cites_drop_later_sources(mini):
    edit(mini / "content/events.yaml", "    - source: alpha\n      quote: \"ont signé",
         "    - source: beta\n      quote: \"the first Anka drones\"\n    - source: alpha\n      quote: \"ont signé")
    november = view(mini, "2024-11")
    event = november.events["anka-agreement"]
    assert [c.source for c in november.known_cites(event.cites)] == ["alpha"]


def test_developments_default_to_events_since_previous_edition(mini):
    assert [e.id for e in view(mini, "2024-12").developments] == ["anka-delivery"]
    assert [e.id for e in view(mini, "2024-11").developments] == ["anka-agreement"]


def test_profiled_partners_skip_self_and_unknown(mini):
    assert [p.id for p in view(mini, "2024-11").profiled_partners] == ["turkey"]
    assert [p.id for p in view(mini, "2024-12").profiled_partners] == ["turkey", "ots"]


def test_changes_since_previous_edition(mini):
    assert view(mini, "2024-11").changes_since_previous == []
    changes = [(c, k, i.id) for c, k, i in view(mini, "2024-12").changes_since_previous]
    assert changes == [("new", "events", "anka-delivery")]
    # a new citation from a later source makes a known item "updated"
    edit(mini / "content/figures.yaml", '      quote: "plus de 70 000 personnes"',
         '      quote: "plus de 70 000 personnes"\n    - source: beta\n      quote: "On December 9"')
    changes = [(c, k, i.id) for c, k, i in view(mini, "2024-12").changes_since_previous]
    assert ("updated", "figures", "personnel") in changes
