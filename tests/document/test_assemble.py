"""What the briefing says: the assembler on the tiny fixture, in both languages."""

from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.document import nodes as n
from kzbrief.document.assemble import assemble
from kzbrief.document.view import EditionView
from kzbrief.i18n import I18n
from tests.conftest import edit


def document(root: Path, period: str, lang: str) -> n.Document:
    project = load_project(root)
    i18n = I18n.load(root / "templates", lang, project.settings.locales[lang])
    return assemble(EditionView(project, project.editions[period]), i18n)


def section(doc: n.Document, anchor: str) -> n.Section:
    return next(s for s in doc.walk() if isinstance(s, n.Section) and s.anchor == anchor)


def texts(block) -> list[str]:
    if isinstance(block, n.Paragraph):
        return [n.plain(block.children)]
    if isinstance(block, n.BulletList):
        return [n.plain(item) for item in block.items]
    if isinstance(block, n.Section):
        return [t for child in block.children for t in texts(child)]
    if isinstance(block, n.Table):
        return [" | ".join(n.plain(c.children) for c in row) for row in block.rows]
    return []


@pytest.mark.parametrize("lang,heading", [("fr", "Points clés"), ("en", "Key points")])
def test_sections_in_order(mini, lang, heading):
    doc = document(mini, "2024-12", lang)
    assert [s.anchor for s in doc.body] == ["key-points", "developments", "changes", "partnerships", "forces",
                                           "chronology", "outlook", "sources", "glossary"]
    assert doc.body[0].title == heading


def test_month_without_development_says_so(mini):
    edit(mini / "content/editions/2024-12.yaml", "key_points:", "developments: []\nkey_points:")
    assert texts(section(document(mini, "2024-12", "en"), "developments")) == [
        "No new development was reported by the sources this month."]


def test_status_wording_and_admiralty_grade(mini):
    doc = document(mini, "2024-12", "fr")
    assert texts(section(doc, "developments"))[0].endswith("(non confirmé)")
    chronology = texts(section(doc, "chronology"))
    assert chronology[1].endswith("| non confirmé | C2")
    assert chronology[0].startswith("10 mai 2024 | Turquie")


def test_acronym_expanded_at_first_use_only_and_listed(mini):
    doc = document(mini, "2024-12", "en")
    body = " ".join(t for s in doc.body[:-1] for t in texts(s))
    assert body.count("Organization of Turkic States (OTS)") == 1
    glossary = section(doc, "glossary").children[0]
    assert [n.plain(d.term) for d in glossary.items] == ["MALE", "OTS"]


def test_edition_shows_only_what_it_knew(mini):
    november = " ".join(t for s in document(mini, "2024-11", "en").body for t in texts(s))
    assert "First deliveries" not in november
    assert "Unidentified outlet" not in november


def test_citations_are_numbers_of_the_list_of_sources(mini):
    doc = document(mini, "2024-12", "fr")
    inference_notes = [i.note for i in doc.inferences()]
    assert inference_notes  # the fixture declares inferences: their notes give the basis…
    assert [f for f in doc.footnotes() if f not in inference_notes] == []  # …sources are cited by number
    assert [f.number for f in inference_notes] == list(range(1, len(inference_notes) + 1))
    citations = doc.citations()
    assert len(citations) >= 5
    sources = section(doc, "sources").children[0].items
    numbers = {d.anchor: n.plain(d.term).split("]")[0] + "]" for d in sources}
    assert numbers == {"source-alpha": "[1]", "source-beta": "[2]"}
    for citation in citations:
        links = [c for c in citation.children if isinstance(c, n.Link)]
        assert [l.target for l in links] == [f"source-{s}" for s in citation.source_ids]
        shown = "".join(c.text if isinstance(c, n.Text) else n.plain(c.children) for c in citation.children)
        assert shown == "\u00a0[" + ", ".join(numbers[l.target][1:-1] for l in links) + "]"


def source_entries(doc: n.Document) -> dict[str, str]:
    listing = next(b for b in section(doc, "sources").children if isinstance(b, n.DefinitionList))
    return {d.anchor: n.plain(d.description) for d in listing.items}


def test_original_title_is_the_headline_as_published_in_every_language(mini):
    # alpha (French, headline "ACCORD SUR LES DRONES"): the French edition shows a rendering,
    # so the headline as published follows it there too, not only in the English edition.
    for lang in ("fr", "en"):
        assert "ACCORD SUR LES DRONES" in source_entries(document(mini, "2024-12", lang))["source-alpha"]
    # beta's English title is the same as the one shown: nothing to add.
    assert "Anka deliveries." in source_entries(document(mini, "2024-12", "en"))["source-beta"]
    assert source_entries(document(mini, "2024-12", "en"))["source-beta"].count("Anka deliveries") == 1


def test_a_descriptive_title_is_never_shown_as_the_original_title(mini):
    edit(mini / "content/sources/alpha.yaml", 'title: "ACCORD SUR LES DRONES"',
         'title: "ACCORD SUR LES DRONES"\nheadline: false')
    for lang in ("fr", "en"):
        assert "ACCORD SUR LES DRONES" not in source_entries(document(mini, "2024-12", lang))["source-alpha"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_plan_whose_period_has_not_ended_is_still_planned_and_not_yet_confirmed(mini, lang):
    """On 20 December, something planned for 2024 is not past due: the table keeps the one label
    of its status class, the sentence says it is not confirmed *yet*; once 2024 is over, it is
    overdue, with one label too."""
    edit(mini / "content/events.yaml", "status: reported", 'status: planned\n  due: "2024"')
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    doc = document(mini, "2024-12", lang)
    chronology = texts(section(doc, "chronology"))
    assert chronology[1].endswith(f"| {i18n._('status.planned')} | C2")
    watch = texts(section(doc, "changes"))[-1]
    assert {"fr": "prévu en 2024\u202f; pas encore confirmé au 20\u00a0décembre 2024",
            "en": "planned for 2024; not yet confirmed by 20\u00a0December 2024"}[lang] in watch.replace(" décembre", "\u00a0décembre").replace(" December", "\u00a0December")
    edit(mini / "content/events.yaml", 'due: "2024"', 'due: "2024-11"')
    chronology = texts(section(document(mini, "2024-12", lang), "chronology"))
    assert chronology[1].endswith(f"| {i18n._('status.overdue')} | C2")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_doubt_is_not_run_into_the_status(mini, lang):
    """'confirmed, uncertain' reads as a contradiction: the doubt is about details, set apart."""
    edit(mini / "content/events.yaml", "  status: confirmed", "  status: confirmed\n  uncertain: true")
    edit(mini / "content/events.yaml", "  status: reported", "  status: reported\n  uncertain: true")
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    doc = document(mini, "2024-12", lang)
    confirmed, reported = texts(section(doc, "chronology"))
    doubt = i18n._("status.uncertain")
    assert confirmed.endswith(f"| {i18n._('status.with_doubt', status=i18n._('status.confirmed'), doubt=doubt)} | B2")
    assert reported.endswith(f"| {i18n._('status.with_doubt', status=i18n._('status.reported'), doubt=doubt)} | C2")
    assert {"fr": "confirmé, incertain", "en": "confirmed, uncertain"}[lang] not in confirmed
    assert {"fr": "détails", "en": "details"}[lang] in doubt


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chronology_partners_are_foreign_states_with_their_named_firms(mini, lang):
    """Never Kazakhstan or a Kazakh firm as Kazakhstan's partner; a Turkish firm or agency is
    shown under Turkey, not beside it; an event with no foreign party reads '—'."""
    with open(mini / "content/partners.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: ke\n  kind: company\n  name: {fr: Kazakhstan Engineering, en: Kazakhstan Engineering}\n"
                 "  country: kazakhstan\n- id: tai\n  kind: company\n  name: {fr: TAI, en: TAI}\n  country: turkey\n"
                 "- id: ssb\n  kind: organisation\n  name: {fr: Agence, en: Agency}\n  country: turkey\n")
    edit(mini / "content/events.yaml", "  partners: [turkey]\n", "  partners: [turkey, ke, tai, ssb, kazakhstan]\n"
         "  inferences: [{fields: [partners], basis: {fr: Les parties, en: The parties}}]\n")
    edit(mini / "content/events.yaml", "  partners: [turkey, ots]\n", "  partners: [ke]\n")
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    agreement, delivery = texts(section(document(mini, "2024-12", lang), "chronology"))
    turkey = {"fr": "Turquie", "en": "Turkey"}[lang]
    assert agreement.split(" | ")[1].rstrip(i18n._("inference.mark")) == i18n._(
        "table.chronology.partner_parties", partner=turkey, parties=i18n.join(["TAI", {"fr": "Agence", "en": "Agency"}[lang]]))
    assert delivery.split(" | ")[1] == i18n._("table.chronology.no_partner")
    assert "Kazakhstan" not in agreement.split(" | ")[1]


def test_table_headings_are_aligned_like_their_columns(mini):
    """'Value' and 'As of' over right-aligned figures are right-aligned too."""
    doc = document(mini, "2024-12", "fr")
    tables = [b for b in doc.walk() if isinstance(b, n.Table)]
    assert tables
    for table in tables:
        full = next(row for row in table.rows if len(row) == len(table.header))  # not a group's sub-heading
        assert [c.align for c in table.header] == [c.align for c in full], table.anchor
    figures = next(t for t in tables if t.anchor == "table-figures")
    assert [c.align for c in figures.header] == ["left", "right", "right"]
    assert n.plain(figures.header[2].children) == "État au"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_table_names_a_partner_by_an_acronym_or_in_full_and_never_expands_in_a_cell(mini, lang):
    """'Émirats' clips a name, 'United Arab Emirates (UAE)' swells a narrow cell: a table names a
    partner by its acronym (the glossary expands it) or its full name."""
    edit(mini / "content/partners.yaml", "  short: {fr: OET, en: OTS}", "  short: {fr: Turciques, en: OTS}")
    edit(mini / "content/events.yaml", "The first Anka drones were reportedly delivered to OTS partners.",
         "The first Anka drones were reportedly delivered to partners.")
    edit(mini / "content/events.yaml", "livrés aux partenaires de l'OTS.", "livrés aux partenaires.")
    edit(mini / "content/events.yaml", "    - says: {fr: \"OTS\", en: \"OTS\"}\n", "    - fields: [systems]\n")
    doc = document(mini, "2024-12", lang)
    delivery = texts(section(doc, "chronology"))[1].split(" | ")[1].rstrip("†")
    assert delivery == {"fr": "Turquie et Organisation des États turciques", "en": "Turkey and OTS"}[lang]
    if lang == "en":  # the acronym is expanded where running text first uses it, not in the cell
        assert "Organization of Turkic States (OTS)" not in " ".join(texts(section(doc, "chronology")))
