"""Context statements, the yardstick and key judgements: their schema and cross-checks, each
problem reported as path:line: field: message."""

from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.errors import ContentError
from tests.analytic import DROPPED, add_analysis
from tests.conftest import edit


@pytest.fixture
def analytic(mini: Path) -> Path:
    return add_analysis(mini)


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_analytic_fixture_is_valid(analytic):
    project = load_project(analytic)
    assert list(project.context) == ["ots-partners"]
    assert [j.id for j in project.editions["2024-12"].judgements] == ["anka-production"]
    assert [step.id for step in project.yardstick.likelihood][0] == "almost-no-chance"


def test_context_statement_schema_errors(analytic):
    path = analytic / "content/context.yaml"
    edit(path, "theme: region", "theme: weather")
    edit(path, 'as_of: "2024-12-09"', 'as_of: "2024-13"')
    found = problems(analytic)
    assert any(p.startswith(f"content/context.yaml:{line_of(path, 'theme:')}: theme: must be one of") for p in found), found
    assert any(p.startswith(f"content/context.yaml:{line_of(path, 'as_of:')}: as_of:") for p in found), found


def test_context_statement_follows_the_evidence_rules(analytic):
    path = analytic / "content/context.yaml"
    edit(path, 'quote: "delivered to the OTS partners"', 'quote: "delivered to all OTS partners"')
    edit(path, "partners: [ots]", "partners: [otan]")
    found = problems(analytic)
    assert (f"content/context.yaml:{line_of(path, 'quote:')}: cites[0].quote: quote of context statement "
            "'ots-partners' not found in source 'beta': \u201cdelivered to all OTS partners\u201d; nearest passage: "
            "\u201c… delivered to [the] OTS partners …\u201d (the quote has \u201call\u201d where the source has "
            "\u201cthe\u201d)") in found
    assert f"content/context.yaml:{line_of(path, 'partners:')}: partners[0]: unknown partner id 'otan'" in found


def test_judgement_terms_come_from_the_yardstick(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, "likelihood: very-likely", "likelihood: probable")
    edit(path, "confidence: moderate", "confidence: medium")
    found = problems(analytic)
    assert (f"content/editions/2024-12.yaml:{line_of(path, 'likelihood:')}: judgements[0].likelihood: unknown likelihood "
            "'probable' (the yardstick has almost-no-chance, very-unlikely, unlikely, roughly-even-chance, likely, "
            "very-likely, almost-certain)") in found
    assert any(p.startswith(f"content/editions/2024-12.yaml:{line_of(path, 'confidence:')}: judgements[0].confidence: "
                            "unknown confidence 'medium'") for p in found), found


def test_judgement_without_basis_or_yardstick(analytic):
    path = analytic / "content/editions/2024-11.yaml"
    edit(path, "    basis:\n      events: [anka-agreement]", "    basis: {}")
    (analytic / "content/yardstick.yaml").unlink()
    found = problems(analytic)
    assert (f"content/editions/2024-11.yaml:{line_of(path, 'basis:')}: judgements[0].basis: a judgement rests on at "
            "least one event, context statement, figure or system") in found
    assert any(p.startswith("content/editions/2024-12.yaml:") and "need content/yardstick.yaml" in p for p in found), found


def test_a_basis_the_edition_does_not_know_is_refused(analytic):
    """November cannot rest on an event of 9 December reported by a source of 10 December,
    nor on a context statement of December, nor on an id that does not exist."""
    path = analytic / "content/editions/2024-11.yaml"
    edit(path, "      events: [anka-agreement]", "      events: [anka-agreement, anka-delivery, anka-launch]\n"
                                                  "      context: [ots-partners]")
    found = problems(analytic)
    events_line = line_of(path, "events: [anka-agreement")
    assert (f"content/editions/2024-11.yaml:{events_line}: judgements[0].basis.events[1]: event 'anka-delivery' is not "
            "known to the 2024-11 edition (no cited source known by then, or dated later): a judgement rests only on "
            "what its edition knows") in found
    assert f"content/editions/2024-11.yaml:{events_line}: judgements[0].basis.events[2]: unknown event id 'anka-launch'" in found
    assert any(p.startswith(f"content/editions/2024-11.yaml:{line_of(path, 'context: [ots')}: judgements[0].basis.context[0]: "
                            "context statement 'ots-partners' is not known to the 2024-11 edition") for p in found), found


def test_a_changed_judgement_must_say_why(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, '    change: {fr: "Relevé : les premières livraisons sont rapportées.", en: "Raised: the first deliveries are reported."}\n', "")
    found = problems(analytic)
    assert (f"content/editions/2024-12.yaml:{line_of(path, '- id: anka-production')}: judgements[0]: judgement "
            "'anka-production' differs from the 2024-11 edition's (likelihood 'likely' → 'very-likely'; confidence "
            "'low' → 'moderate'): say why in change: {fr, en}") in found


def test_a_reworded_judgement_must_say_why_too(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, "likelihood: very-likely", "likelihood: likely")
    edit(path, "confidence: moderate", "confidence: low")
    edit(path, '    change: {fr: "Relevé : les premières livraisons sont rapportées.", en: "Raised: the first deliveries are reported."}\n', "")
    load_project(analytic)  # the same judgement: nothing to explain
    edit(path, 'en: "Anka production will start in Kazakhstan in 2025."', 'en: "Anka production will start in 2025."')
    assert any("differs from the 2024-11 edition's (statement): say why" in p for p in problems(analytic))


def test_an_explanation_without_a_change_is_refused(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, "likelihood: very-likely", "likelihood: likely")
    edit(path, "confidence: moderate", "confidence: low")
    assert (f"content/editions/2024-12.yaml:{line_of(path, 'change:')}: judgements[0].change: judgement 'anka-production' "
            "is the same as in the 2024-11 edition: there is no change to explain") in problems(analytic)


def test_yardstick_terms_in_order(analytic):
    path = analytic / "content/yardstick.yaml"
    edit(path, "    low: 55\n", "    low: 40\n")
    found = problems(analytic)
    assert any(p.startswith("content/yardstick.yaml:") and "likelihood[4].low: terms go from least to most likely" in p
               for p in found), found


def test_a_language_missing_in_the_yardstick_is_a_translation_gap(analytic):
    path = analytic / "content/yardstick.yaml"
    edit(path, 'term: {fr: "probable", en: "likely"}', 'term: {fr: "probable"}')
    line = line_of(path, 'term: {fr: "probable"}')
    assert f"content/yardstick.yaml:{line}: likelihood[4].term: missing language 'en'" in problems(analytic)


def test_indicators_are_checked_in_every_language(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, '- {fr: "une usine désignée", en: "a plant named"}', '- {fr: "une usine désignée"}')
    assert (f"content/editions/2024-12.yaml:{line_of(path, 'une usine')}: judgements[0].indicators[0]: missing language 'en'"
            in problems(analytic))


DROPPED_BLOCK = DROPPED  # December's reason for giving up November's second judgement


def test_a_judgement_neither_carried_on_nor_dropped_is_refused(analytic):
    """Readers of November saw two judgements: December keeps one and must say why the other went."""
    path = analytic / "content/editions/2024-12.yaml"
    edit(path, DROPPED_BLOCK, "")
    assert (f"content/editions/2024-12.yaml:{line_of(path, 'judgements:')}: judgements: judgement 'anka-exports' of "
            "the 2024-11 edition is neither carried on nor dropped: keep it in judgements, or add {id: anka-exports, "
            "why: {fr, en}} to dropped so that its readers learn why it was given up") in problems(analytic)


def test_an_edition_without_judgements_must_still_say_why_it_drops_them(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("judgements:\n"), text.index("key_points:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(analytic)
    assert {p.split(": judgement ")[1].split(" ")[0] for p in found if "neither carried on nor dropped" in p} == \
        {"'anka-production'", "'anka-exports'"}, found
    assert all(p.startswith("content/editions/2024-12.yaml:") for p in found), found
    # given reasons, an edition may drop every judgement: the section then tells only that
    path.write_text(text[:start] + DROPPED_BLOCK.replace("dropped:\n", "dropped:\n  - {id: anka-production, why: {fr: \"x.\", en: \"x.\"}}\n")
                    + text[end:], encoding="utf-8")
    assert load_project(analytic).editions["2024-12"].judgements == []


def test_dropped_names_only_a_judgement_the_previous_edition_printed(analytic):
    december = analytic / "content/editions/2024-12.yaml"
    november = analytic / "content/editions/2024-11.yaml"
    edit(december, "  - id: anka-exports\n", "  - id: anka-exports\n    why: {fr: \"a.\", en: \"a.\"}\n  - id: anka-imports\n"
                                               "    why: {fr: \"b.\", en: \"b.\"}\n  - id: anka-exports\n")
    edit(december, "  - id: anka-imports\n", "  - id: anka-production\n")
    edit(november, "key_points:", 'dropped:\n  - {id: anka-drones, why: {fr: "c.", en: "c."}}\nkey_points:')
    found = problems(analytic)
    lines = [i for i, line in enumerate(december.read_text(encoding="utf-8").splitlines(), 1) if "- id: anka-" in line]
    lines = lines[1:]  # the three entries of dropped, after the one judgement December carries on
    assert (f"content/editions/2024-12.yaml:{lines[1]}: dropped[1].id: judgement 'anka-production' is both carried on "
            "in judgements and dropped: keep one") in found, found
    assert f"content/editions/2024-12.yaml:{lines[2]}: dropped[2].id: judgement 'anka-exports' is dropped twice" in found, found
    assert (f"content/editions/2024-11.yaml:{line_of(november, 'anka-drones')}: dropped[0].id: the 2024-11 edition is the "
            "first: it has no earlier judgement to drop") in found, found


def test_dropped_an_id_the_previous_edition_never_had(analytic):
    december = analytic / "content/editions/2024-12.yaml"
    edit(december, "  - id: anka-exports\n", "  - id: anka-export\n")
    found = problems(analytic)
    assert (f"content/editions/2024-12.yaml:{line_of(december, 'anka-export')}: dropped[0].id: the 2024-11 edition has no "
            "judgement 'anka-export' to drop (its judgements: 'anka-production', 'anka-exports')") in found, found
    assert any("judgement 'anka-exports' of the 2024-11 edition is neither carried on nor dropped" in p for p in found), found


def test_a_dropped_judgement_needs_its_reason_in_every_language(analytic):
    december = analytic / "content/editions/2024-12.yaml"
    edit(december, ', en: "no source speaks of exports."}', "}")
    with pytest.raises(ContentError) as info:
        load_project(analytic)
    assert any(p.path.endswith("2024-12.yaml") and p.field.startswith("dropped[0].why") for p in info.value.problems), \
        [str(p) for p in info.value.problems]


def test_a_confidence_its_sources_cannot_carry_is_refused(analytic):
    """The bundled yardstick asks moderate confidence for a source rated C or better: December's
    moderate judgement rests on alpha and beta (and the OTS statement, on beta); once neither can
    be judged (F), the level belies its printed meaning and is refused, at the confidence line."""
    load_project(analytic)  # alpha is B, beta C: moderate holds
    for source in ("alpha", "beta"):
        edit(analytic / f"content/sources/{source}.yaml", "reliability: ", "reliability: F\n#")
    path = analytic / "content/editions/2024-12.yaml"
    found = problems(analytic)
    assert (f"content/editions/2024-12.yaml:{line_of(path, 'confidence: moderate')}: judgements[0].confidence: "
            "'moderate' confidence needs a basis drawing on at least one source rated C or better; this one rests "
            "only on alpha (F), beta (F): lower the confidence, or rest the judgement on a more reliable source "
            "too") in found, found
    assert not any("2024-11.yaml" in p and "confidence" in p for p in found), found  # low asks for nothing
    edit(path, "confidence: moderate", "confidence: low")
    edit(path, "Relevé : les premières", "Relevé, confiance abaissée : les premières")
    edit(path, "Raised: the first", "Raised, confidence lowered: the first")
    assert not any("confidence" in p for p in problems_or_none(analytic))


def test_one_reliable_source_in_the_basis_is_enough_for_the_level(analytic):
    edit(analytic / "content/sources/beta.yaml", "reliability: ", "reliability: F\n#")
    load_project(analytic)  # alpha (B) still carries moderate


def problems_or_none(root: Path) -> list[str]:
    try:
        load_project(root)
    except ContentError as error:
        return [str(p) for p in error.problems]
    return []
