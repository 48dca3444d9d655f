"""An edition knows only its past."""

from kzbrief.content import load_project
from kzbrief.document.view import EditionView
from tests.conftest import edit, write_source


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
    edit(mini / "content/events.yaml", "    - source: alpha\n      quote: \"Le Kazakhstan",
         "    - source: beta\n      quote: \"the first Anka drones\"\n    - source: alpha\n      quote: \"Le Kazakhstan")
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


# ---------------------------------------------------------------- the cut-off is the issue date
def cite_alpha_only(mini) -> None:
    """December's key point cites alpha, so December may stop knowing beta."""
    edit(mini / "content/editions/2024-12.yaml", '[{source: beta, quote: "the first Anka drones were delivered"}]',
         '[{source: alpha, quote: "accord sur la production de drones Anka"}]')


def test_a_source_published_after_the_issue_date_is_not_known(mini):
    cite_alpha_only(mini)
    edit(mini / "content/sources/beta.yaml", 'published: "2024-12-10"', 'published: "2024-12-21"')
    assert "beta" not in view(mini, "2024-12").sources  # issued 2024-12-20, not the end of December


def test_a_source_of_the_issue_month_counts_from_its_first_day(mini):
    edit(mini / "content/sources/beta.yaml", 'published: "2024-12-10"', 'published: "2024-12"')
    assert "beta" in view(mini, "2024-12").sources


def test_a_source_acquired_after_the_issue_date_is_not_known(mini):
    cite_alpha_only(mini)
    edit(mini / "content/sources/beta.yaml", 'published: "2024-12-10"', 'published: "2024-11-02"\nacquired: "2025-01-05"')
    november, december = view(mini, "2024-11"), view(mini, "2024-12")
    assert "beta" not in november.sources and "beta" not in december.sources
    edit(mini / "content/sources/beta.yaml", 'acquired: "2025-01-05"', 'acquired: "2024-12-01"')
    assert "beta" in view(mini, "2024-12").sources and "beta" not in view(mini, "2024-11").sources


def test_an_event_of_the_issue_month_is_known_and_one_after_the_issue_date_is_not(mini):
    edit(mini / "content/events.yaml", 'date: "2024-12-09"', 'date: "2024-12"')
    assert "anka-delivery" in view(mini, "2024-12").events
    edit(mini / "content/events.yaml", 'date: "2024-12"', 'date: "2024-12-22"')
    assert "anka-delivery" not in view(mini, "2024-12").events


def due(mini, when: str, status: str = "reported") -> None:
    edit(mini / "content/events.yaml", "status: reported", f"status: {status}\n  due: \"{when}\"")


def test_a_planned_event_is_due_in_its_last_month_and_overdue_after_it(mini):
    due(mini, "2024-12", "planned")
    december = view(mini, "2024-12")
    assert december.timing(december.events["anka-delivery"]) == "due"
    assert [e.id for e in december.watch_list] == ["anka-delivery"]
    edit(mini / "content/events.yaml", 'due: "2024-12"', 'due: "2024-11"')
    assert view(mini, "2024-12").timing(view(mini, "2024-12").events["anka-delivery"]) == "overdue"
    edit(mini / "content/events.yaml", 'due: "2024-11"', 'due: "2025"')
    assert view(mini, "2024-12").timing(view(mini, "2024-12").events["anka-delivery"]) is None


def test_a_known_confirmation_ends_the_wait_but_only_from_the_edition_that_knows_it(mini):
    due(mini, "2024-11", "planned")
    edit(mini / "content/events.yaml", "status: planned",
         "status: planned\n  confirmed_by: [{source: gamma, quote: \"the first Anka drones flew\"}]")
    write_source(mini, "gamma", 'id: gamma\ntitle: "Anka flights"\ntitles: {fr: Vols, en: Flights}\n'
                 'published: "2025-01-10"\nlanguage: en\nreliability: B\n', "In January the first Anka drones flew.\n")
    december = view(mini, "2024-12")
    assert december.status(december.events["anka-delivery"]) == "planned"
    assert december.timing(december.events["anka-delivery"]) == "overdue"
    edit(mini / "content/sources/gamma.yaml", 'published: "2025-01-10"', 'published: "2024-12-15"')
    december = view(mini, "2024-12")
    assert december.status(december.events["anka-delivery"]) == "confirmed"
    assert december.watch_list == []


def test_a_later_acquired_source_on_an_earlier_period_is_new_in_the_next_edition(mini):
    """Acquired after November's issue date, it reports on October: November stays as it was,
    December lists its event as new."""
    edit(mini / "content/sources/beta.yaml", 'published: "2024-12-10"', 'published: "2024-10-02"\nacquired: "2024-12-05"')
    edit(mini / "content/events.yaml", 'date: "2024-12-09"', 'date: "2024-10-02"')
    assert "anka-delivery" not in view(mini, "2024-11").events
    december = view(mini, "2024-12")
    assert [(c, i.id) for c, k, i in december.changes_since_previous if k == "events"] == [("new", "anka-delivery")]
    assert december.new_sources == ["beta"]


def test_a_person_named_by_the_previous_edition_is_not_newly_mentioned(mini):
    # The role is recorded as of December, but the November edition already named the minister.
    edit(mini / "content/people.yaml", 'as_of: "2024-11"', 'as_of: "2024-12-01"')
    people = lambda: [i.id for c, k, i in view(mini, "2024-12").changes_since_previous if k == "people"]
    assert people() == ["minister"]
    edit(mini / "content/events.yaml", "- id: anka-agreement\n", "- id: anka-agreement\n  people: [minister]\n"
         "  inferences: [{fields: [people], basis: {fr: Le signataire, en: The signatory}}]\n")
    assert people() == []


def test_a_planned_detail_of_a_confirmed_event_is_announced_never_overdue(mini):
    """The programme of an exercise that opened is not 'overdue' years later: it is as announced."""
    due(mini, "2024-11", "planned")
    december = view(mini, "2024-12")
    assert december.timing(december.events["anka-delivery"]) == "overdue"
    edit(mini / "content/events.yaml", 'due: "2024-11"', 'due: "2024-11"\n  part_of: anka-agreement')
    december = view(mini, "2024-12")
    assert december.status(december.events["anka-delivery"]) == "announced"
    assert december.timing(december.events["anka-delivery"]) is None
    assert december.watch_list == []
    # a detail of an event that is itself only planned stays planned, and overdue in time
    edit(mini / "content/events.yaml", "status: confirmed", "status: planned", )
    december = view(mini, "2024-12")
    assert december.status(december.events["anka-delivery"]) == "planned"
    assert december.timing(december.events["anka-delivery"]) == "overdue"


def test_part_of_names_a_known_event(mini):
    import pytest
    from kzbrief.errors import ContentError

    edit(mini / "content/events.yaml", "status: reported", "status: planned\n  part_of: anka-agreemnt")
    with pytest.raises(ContentError) as raised:
        load_project(mini)
    assert "part_of: unknown event id 'anka-agreemnt' (did you mean 'anka-agreement'?)" in str(raised.value)
