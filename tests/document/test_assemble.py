"""What the briefing says: the assembler on the tiny fixture, in both languages."""

from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.document import nodes as n
from kzbrief.document.assemble import OTHERS_HOME, assemble
from kzbrief.document.view import EditionView
from kzbrief.i18n import I18n
from kzbrief.document.refs import sources_line
from tests.conftest import REPO, edit


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
    # the method is its own section, before the first citation, grade or mark a reader meets
    assert [s.anchor for s in doc.body] == ["method", "key-points", "developments", "changes", "partnerships",
                                           "forces", "chronology", "outlook", "sources", "glossary"]
    assert doc.body[1].title == heading


def test_month_without_development_says_so(mini):
    edit(mini / "content/editions/2024-12.yaml", "key_points:", "developments: []\nkey_points:")
    assert texts(section(document(mini, "2024-12", "en"), "developments")) == [
        "No new development was reported by the sources this month."]


@pytest.mark.parametrize("lang,shown", [("fr", "Turquie (Agence des industries)"), ("en", "Turkey (Industry Agency)")])
def test_a_party_named_in_its_state_parentheses_does_not_repeat_the_state(mini, lang, shown):
    with (mini / "content/partners.yaml").open("a", encoding="utf-8") as out:
        out.write("- id: agency\n  kind: organisation\n  country: turkey\n"
                  "  name: {fr: Agence des industries (Turquie), en: Industry Agency (Turkey)}\n")
    edit(mini / "content/events.yaml", "  partners: [turkey]\n", "  partners: [turkey, agency]\n  inferences:\n"
         "    - fields: [partners]\n      basis: {fr: \"L'agence signe.\", en: The agency signs.}\n")
    chronology = texts(section(document(mini, "2024-12", lang), "chronology"))
    assert any(f"| {shown}† |" in row for row in chronology), chronology


@pytest.mark.parametrize("lang,shown", [("en", "| Turkey and the OTS† |"), ("fr", "| Turquie et OET† |")])
def test_a_partner_beside_others_takes_the_article_its_short_name_needs(mini, lang, shown):
    """'India and UN' read as a headline: in a list the short name takes its article, in the
    languages that give one; alone in its cell it stands bare."""
    edit(mini / "content/partners.yaml", "  short: {fr: OET, en: OTS}\n", "  short: {fr: OET, en: OTS}\n  article: {en: the}\n")
    chronology = texts(section(document(mini, "2024-12", lang), "chronology"))
    assert any(shown in row for row in chronology), chronology
    edit(mini / "content/events.yaml", "  partners: [turkey, ots]\n", "  partners: [ots]\n")
    chronology = texts(section(document(mini, "2024-12", lang), "chronology"))
    assert not any(" the OTS" in row for row in chronology), chronology


def test_status_wording_and_admiralty_grade(mini):
    doc = document(mini, "2024-12", "fr")
    assert texts(section(doc, "developments"))[1].endswith("(non confirmé)")  # after the rule line
    chronology = texts(section(doc, "chronology"))
    assert chronology[1].endswith("| non confirmé | C2")
    assert chronology[0].startswith("10 mai 2024 | Turquie")


def test_acronym_expanded_at_first_use_only_and_listed(mini):
    doc = document(mini, "2024-12", "en")
    body = " ".join(t for s in doc.body[:-1] for t in texts(s))
    assert body.count("Organization of Turkic States (OTS)") == 1
    glossary = section(doc, "glossary").children[0]
    assert [n.plain(d.term) for d in glossary.items] == ["MALE", "OTS"]


def test_an_expansion_takes_its_article_and_brackets_inside_parentheses(mini):
    """'to OTS partners' → 'to the Organization of Turkic States (OTS) partners' where the
    glossary gives the expansion an article; inside parentheses the acronym takes brackets."""
    edit(mini / "content/glossary.yaml", "en: Organization of Turkic States}", "en: Organization of Turkic States}\n  article: {en: the}")
    body = " ".join(t for s in document(mini, "2024-12", "en").body[:-1] for t in texts(s))
    assert "delivered to the Organization of Turkic States (OTS)† partners" in body
    edit(mini / "content/events.yaml", 'en: "The first Anka drones were reportedly delivered to OTS partners."',
         'en: "The first Anka drones were reportedly delivered (to OTS partners)."')
    body = " ".join(t for s in document(mini, "2024-12", "en").body[:-1] for t in texts(s))
    assert "(to the Organization of Turkic States [OTS]† partners)" in body


def test_an_expansion_no_source_gives_is_marked_at_its_first_use_and_notes_keep_reading_order(mini):
    """The glossary's OTS expansion has a basis (no source gives it): where the body first
    gives it, it is marked as the analyst's, and its note takes its place in reading order
    rather than the next free number (it is made after the body)."""
    edit(mini / "content/events.yaml", '''    - says: {fr: "OTS", en: "OTS"}
      basis: {fr: "Les partenaires de l'OTS sont nommés dans la suite de la phrase.", en: "The OTS partners are named later in the sentence."}
''', "")
    edit(mini / "content/events.yaml", 'quote: "the first Anka drones were delivered"',
         'quote: "the first Anka drones were delivered to the OTS partners"')  # the source names the OTS
    doc = document(mini, "2024-12", "en")
    marked = [i for i in doc.inferences() if n.plain(i.children) == "Organization of Turkic States (OTS)"]
    assert len(marked) == 1
    assert isinstance(marked[0].note, n.Footnote) and "General knowledge." in n.plain(marked[0].note.children)
    numbers = [note.number for note in doc.footnotes()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 2
    glossary = section(doc, "glossary").children[0].items
    again = [i for d in glossary for i in d.description if isinstance(i, n.Inference)]
    assert again and all(isinstance(i.note, n.NoteRef) for i in again)  # one note per basis, called again


def test_an_expansion_inside_words_the_item_marks_is_not_marked_twice(mini):
    """The fixture's event marks 'OTS' itself: its expansion carries that one mark only."""
    doc = document(mini, "2024-12", "en")
    marked = [i for i in doc.inferences() if "Organization of Turkic States" in n.plain(i.children)]
    assert [n.plain(i.children) for i in marked] == ["Organization of Turkic States (OTS)", "Organization of Turkic States"]
    assert "later in the sentence" in n.plain(marked[0].note.children)


def test_edition_shows_only_what_it_knew(mini):
    november = " ".join(t for s in document(mini, "2024-11", "en").body for t in texts(s))
    assert "First deliveries" not in november
    assert "unidentified outlet" not in november.lower()  # in a source line, in lower case (E4)


def test_citations_are_numbers_of_the_list_of_sources(mini):
    doc = document(mini, "2024-12", "fr")
    inference_notes = [i.note for i in doc.inferences() if isinstance(i.note, n.Footnote)]
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


def source_description(doc: n.Document, anchor: str) -> list[n.Inline]:
    listing = next(b for b in section(doc, "sources").children if isinstance(b, n.DefinitionList))
    return next(d.description for d in listing.items if d.anchor == anchor)


def test_a_headline_is_shown_as_the_outlet_wrote_it_but_never_in_capitals(mini):
    """alpha is French, headlined "ACCORD SUR LES DRONES": the French edition gives the headline
    alone, in sentence case and italics; the English edition its rendering, then the headline."""
    french = source_description(document(mini, "2024-12", "fr"), "source-alpha")
    assert isinstance(french[0], n.Emphasis) and n.plain(french[0].children) == "Accord sur les drones"
    assert "ACCORD" not in n.plain(french) and "Titre original" not in n.plain(french)
    english = source_description(document(mini, "2024-12", "en"), "source-alpha")
    assert n.plain(english[0].children) == "Drone agreement"
    assert n.plain(english).endswith("Original title: Accord sur les drones.")
    assert isinstance(english[-2], n.Emphasis)
    # beta's English title is the same as the one shown: nothing to add.
    assert n.plain(source_description(document(mini, "2024-12", "en"), "source-beta")).count("Anka deliveries") == 1


def test_names_keep_their_capitals_when_a_headline_is_unshouted():
    from kzbrief.document.refs import unshouted

    proper = frozenset({"Kazakhstan", "Turquie", "OTAN", "UN"})
    assert unshouted("LE KAZAKHSTAN ET LA TURQUIE SIGNENT UN ACCORD AVEC L'OTAN", proper) == \
        "Le Kazakhstan et la Turquie signent un accord avec l'OTAN"
    assert unshouted("Kazakhstan: no Rafale", proper) == "Kazakhstan: no Rafale"


def test_a_descriptive_title_is_set_apart_and_never_shown_as_the_original_title(mini):
    edit(mini / "content/sources/alpha.yaml", 'title: "ACCORD SUR LES DRONES"',
         'title: "ACCORD SUR LES DRONES"\nheadline: false')
    for lang, shown in (("fr", "[Accord sur les drones]"), ("en", "[Drone agreement]")):
        description = source_description(document(mini, "2024-12", lang), "source-alpha")
        assert "ACCORD SUR LES DRONES" not in n.plain(description)
        assert isinstance(description[0], n.Text) and description[0].text == shown  # roman, in brackets


# ---------------------------------------------------------------- inference notes
def marks_by_item(doc: n.Document) -> list[list[n.Inference]]:
    """The inference marks of each item (paragraph, list item, table cell), in reading order."""
    def found(inlines) -> list[n.Inference]:
        out = []
        for node in inlines:
            if isinstance(node, n.Inference):
                out.append(node)
            if not isinstance(node, (n.Text, n.NoteRef, n.Footnote)):
                out += found(node.children)
        return out

    items = []
    for block in doc.walk():
        if isinstance(block, n.Paragraph):
            items.append(found(block.children))
        elif isinstance(block, n.BulletList):
            items += [found(item) for item in block.items]
        elif isinstance(block, n.Table):
            items += [found(cell.children) for row in block.rows for cell in row]
    return [marks for marks in items if marks]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_note_per_distinct_basis_its_number_reused(mini, lang):
    doc = document(mini, "2024-12", lang)
    calls = [i.note for i in doc.inferences()]
    notes = [c for c in calls if isinstance(c, n.Footnote)]
    again = [c for c in calls if isinstance(c, n.NoteRef)]
    assert again, "the fixture's deduced date is marked in several sections"
    texts_of_notes = [n.plain(f.children) for f in notes]
    assert len(set(texts_of_notes)) == len(texts_of_notes)  # no basis given twice
    assert doc.footnotes() == notes  # a further call is not a second note
    assert [f.number for f in notes] == list(range(1, len(notes) + 1))
    for ref in again:  # each further call points at a note given before it
        assert ref.note in notes and calls.index(ref.note) < calls.index(ref)
    # the note is the basis itself: the mark and the method note say it is the analyst's
    assert not any(t.startswith("†") for t in texts_of_notes)


PERSON_BASIS = 'basis: {fr: "Le ministre signataire, identifié par l\'analyste.", en: "The signing minister, identified by the analyst."}'


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_basis_typed_twice_is_one_note_whatever_its_case_spacing_and_quotes(mini, lang):
    """The person's basis retyped from the deduced date's (capitals, spaces, straight quotes and
    the final stop differ): one note, called again, in both languages."""
    edit(mini / "content/people.yaml", PERSON_BASIS,
         'basis: {fr: "la source ne donne pas  l\'année: celle de sa publication", en: "the source gives no year : that of its  publication"}')
    doc = document(mini, "2024-12", lang)
    said = {"fr": "La source ne donne pas l’année", "en": "The source gives no year"}[lang]
    notes = [f for f in doc.footnotes() if n.plain(f.children).lower().startswith(said.lower())]
    assert len(notes) == 1, [n.plain(f.children) for f in doc.footnotes()]
    people = [i for i in doc.inferences() if isinstance(i.note, n.NoteRef) and i.note.note is notes[0]]
    assert people  # the person's mark calls the note given for the date


def test_an_item_marks_each_basis_once(mini):
    """The deduced date is marked in the label; the same basis in the same paragraph or cell
    (a second field or words with that basis) is not marked again. In a table row, each cell
    that shows a value with that basis carries the mark (B6), sharing its note."""
    events = mini / "content" / "events.yaml"
    edit(events, """    - fields: [partners]
      basis: {fr: "L'Anka est turc (accord du 10 mai).", en: "The Anka is Turkish (agreement of 10 May)."}""",
         """    - fields: [partners]
      basis: {fr: "La source ne donne pas l'année : celle de sa publication.", en: "The source gives no year: that of its publication."}""")
    doc = document(mini, "2024-12", "en")
    for marks in marks_by_item(doc):
        bases = [n.plain(m.note.note.children if isinstance(m.note, n.NoteRef) else m.note.children) for m in marks]
        assert len(bases) == len(set(bases)), bases
    rows = section(doc, "chronology").children[0].rows
    def note(cell):
        [mark] = [m for m in cell.children if isinstance(m, n.Inference)]
        return mark.note.note if isinstance(mark.note, n.NoteRef) else mark.note

    assert any(any(isinstance(m, n.Inference) for m in row[0].children)
               and any(isinstance(m, n.Inference) for m in row[1].children) and note(row[0]) is note(row[1])
               for row in rows)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_inferred_equipment_status_is_marked_in_its_cell(mini, lang):
    """A status the sources do not give (a type 'in service' that a source only says is being
    acquired) is the analyst's: the status cell carries the mark, not the row's other cells."""
    edit(mini / "content" / "systems.yaml", """      basis: {fr: "Classe du type, connue par ailleurs ; la source ne la donne pas.", en: "The type's class, known from elsewhere; the source does not give it."}""",
         """      basis: {fr: "Classe du type, connue par ailleurs ; la source ne la donne pas.", en: "The type's class, known from elsewhere; the source does not give it."}
    - fields: [status]
      basis: {fr: "La source ne dit pas qu'il est en service.", en: "The source does not say it is in service."}""")
    doc = document(mini, "2024-12", lang)
    table = next(b for b in section(doc, "forces").children
                 if isinstance(b, n.Table) and any("Anka" in n.plain(row[0].children) for row in b.rows))
    anka = next(row for row in table.rows if "Anka" in n.plain(row[0].children))
    status = [m for m in anka[3].children if isinstance(m, n.Inference)]
    assert len(status) == 1 and isinstance(status[0].note, n.Footnote)
    assert "service" in n.plain(status[0].note.children)
    assert not any(isinstance(m, n.Inference) for m in anka[2].children)


def test_the_method_says_whose_words_translated_quotations_are(mini):
    """Quotation marks around words of a machine translation are not the source's own words:
    the method says so, in its first paragraph beside the sentence on the quotations we
    translate (one place for what quotations are), and says nothing when no cited source is a
    machine translation."""
    project = load_project(mini)

    def says_it(lang: str) -> bool:
        said = I18n.load(mini / "templates", lang, project.settings.locales[lang])._("method.quotations")
        paragraphs = texts(section(document(mini, "2024-12", lang), "method"))
        assert not any(said in p for p in paragraphs[1:])
        return said in paragraphs[0]

    assert says_it("fr") and says_it("en")  # beta is an English machine translation, alpha French
    edit(mini / "content" / "sources" / "beta.yaml", "language: en\ntranslated_from: fr\n", "language: fr\n")
    assert not says_it("fr") and not says_it("en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_inferred_name_is_marked_on_the_name_not_after_the_role(mini, lang):
    """'Ruslan Zhaksylykov†, minister of defence': the note is about the name."""
    edit(mini / "content" / "people.yaml", 'as_of: "2024-11"', 'as_of: "2024-12"')
    doc = document(mini, "2024-12", lang)
    label = next(item for block in section(doc, "changes").children if isinstance(block, n.BulletList)
                 for item in block.items if "Zhaksylykov" in n.plain(item))
    mark = next(m for m in label if isinstance(m, n.Inference))
    assert n.plain(mark.children) == "Ruslan Zhaksylykov"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_inferred_publication_date_is_marked_in_the_sources_list(mini, lang):
    """An undated text's date is the analyst's: the sources list marks it and gives the basis;
    a dated one carries no mark."""
    edit(mini / "content" / "sources" / "beta.yaml", "language: en\n",
         'published_basis: {fr: "Texte non daté.", en: "Undated text."}\nlanguage: en\n')
    doc = document(mini, "2024-12", lang)
    entries = {d.anchor: d for b in section(doc, "sources").children if isinstance(b, n.DefinitionList)
               for d in b.items}
    marks = [m for m in entries["source-beta"].description if isinstance(m, n.Inference)]
    assert len(marks) == 1 and "2024" in n.plain(marks[0].children)
    assert "non daté" in n.plain(marks[0].note.children).lower() or "undated" in n.plain(marks[0].note.children).lower()
    assert not any(isinstance(m, n.Inference) for m in entries["source-alpha"].description)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_identified_outlet_and_its_original_language_are_marked_with_one_note(mini, lang):
    """A text that does not name its outlet: the outlet is the analyst's identification, and
    the original's language with it; both are marked, with one note when the basis is one."""
    basis = '{fr: "Identifié par sa propre mention.", en: "Identified from its own mention."}'
    edit(mini / "content" / "sources" / "beta.yaml", "language: en\n",
         f"outlet: Anka Weekly\noutlet_basis: {basis}\nlanguage: en\ntranslated_from_basis: {basis}\n")
    doc = document(mini, "2024-12", lang)
    entries = {d.anchor: d for b in section(doc, "sources").children if isinstance(b, n.DefinitionList)
               for d in b.items}
    [outlet] = [m for m in entries["source-beta"].term if isinstance(m, n.Inference)]
    [original] = [m for m in entries["source-beta"].description if isinstance(m, n.Inference)]
    assert n.plain(outlet.children) == "Anka Weekly"
    assert n.plain(original.children) == {"fr": "français", "en": "French"}[lang]
    assert isinstance(outlet.note, n.Footnote) and isinstance(original.note, n.NoteRef)
    assert not any(isinstance(m, n.Inference) for m in entries["source-alpha"].term)


@pytest.mark.parametrize("lang,line", [
    ("en", "Sources: Gazette test, November 2024; probably Anka Weekly, 10 December 2024"),
    ("fr", "Sources\u202f: Gazette test, novembre 2024\u202f; probablement Anka Weekly, 10 décembre 2024")])
def test_a_source_line_names_an_identified_outlet_with_its_doubt(mini, lang, line):
    """Figures 1–2 named 'Financial Express Online' as a plain fact where the list of sources
    marks it the analyst's identification: a source line, plain text that calls no note, says
    'probably'; an outlet the text names, or none, is named as before."""
    basis = '{fr: "Identifié par sa propre mention.", en: "Identified from its own mention."}'
    edit(mini / "content" / "sources" / "beta.yaml", "language: en\n",
         f"outlet: Anka Weekly\noutlet_basis: {basis}\nlanguage: en\n")
    project = load_project(mini)
    i18n = I18n.load(REPO / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    assert sources_line(project.sources, ["alpha", "beta"], i18n) == line


@pytest.mark.parametrize("lang,line,alone,entry", [
    ("en", "Sources: Gazette test, November 2024; unidentified outlet, 10 December 2024",
     "Source: unidentified outlet, 10 December 2024", "Unidentified outlet"),
    ("fr", "Sources\u202f: Gazette test, novembre 2024\u202f; publication non identifiée, 10 décembre 2024",
     "Source\u202f: publication non identifiée, 10 décembre 2024", "Publication non identifiée")])
def test_a_source_line_describes_an_unknown_outlet_in_lower_case(mini, lang, line, alone, entry):
    """E4: source lines read '…; Unidentified outlet, December 2023' and « Sources : Publication
    non identifiée », a capital inside a list and after a colon. Inside a source line an unknown
    outlet is a description, in lower case; the list of sources still opens its entry with a capital."""
    project = load_project(mini)
    assert not project.sources["beta"].meta.outlet
    i18n = I18n.load(REPO / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    assert sources_line(project.sources, ["alpha", "beta"], i18n) == line
    assert sources_line(project.sources, ["beta"], i18n) == alone
    listed = [n.plain(d.term) for b in section(document(mini, "2024-12", lang), "sources").children
              if isinstance(b, n.DefinitionList) for d in b.items if d.anchor == "source-beta"]
    assert listed and all(entry in term for term in listed)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_past_decision_of_the_country_alone_is_told_in_full_in_the_profiles(mini, lang):
    """A Kazakh statement of an earlier month that no partner shares is told in full under 'Other
    partners and national forces', not reduced to a chronology title; this month's stay in
    Developments."""
    with (mini / "content" / "events.yaml").open("a", encoding="utf-8") as fh:
        fh.write("""- id: army-size
  date: "2024-05"
  domain: statement
  status: confirmed
  partners: [kazakhstan]
  title: {fr: Effectifs de l'armée, en: Army strength}
  text: {fr: "L'armée compte plus de 70 000 personnes.", en: "The army counts more than 70,000 people."}
  cites:
    - source: alpha
      quote: "L'armée compte plus de 70 000 personnes."
  inferences: [{fields: [date], basis: {fr: "Daté de l'article.", en: "Dated to the article."}}]
""")
    doc = document(mini, "2024-12", lang)
    told = "compte plus de" if lang == "fr" else "counts more than"
    profiles = section(doc, "partnerships")
    own = next(b for b in profiles.children if isinstance(b, n.Section) and b.anchor == f"partner-{OTHERS_HOME}")
    assert sum(told in t for s in doc.body for t in texts(s)) == 1 and any(told in t for t in texts(own))
    assert not any(told in t for t in texts(section(doc, "developments")))


@pytest.mark.parametrize("text,says,marked", [
    ("A Soviet-designed system", "Soviet", "Soviet-designed"),
    ("A Soviet system", "Soviet", "Soviet"),
    ("Made by Otokar, a maker", "Otokar", "Otokar"),
    ("the 2K12 Kub", "2K", "2K12"),
])
def test_a_mark_goes_where_the_inferred_words_end(mini, text, says, marked):
    from kzbrief.content.schema import Inference
    from kzbrief.document.assemble import Assembler

    project = load_project(mini)
    i18n = I18n.load(mini / "templates", "en", project.settings.locales["en"])
    asm = Assembler(EditionView(project, project.editions["2024-12"]), i18n)
    item = type("Item", (), {"inferences": [Inference(says={"en": says, "fr": says}, basis={"en": "b", "fr": "b"})]})()
    out = asm.claimed(item, text)
    inference = next(i for i in out if isinstance(i, n.Inference))
    assert n.plain(inference.children) == marked
    assert n.plain(out) == text.replace(marked, marked + "†")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_outlook_does_not_mark_itself(mini, lang):
    edition = mini / "content" / "editions" / "2024-12.yaml"
    edit(edition, """  - text: {fr: "À suivre : la montée en cadence.", en: "To watch: the production ramp-up."}""",
         """  - text: {fr: "À suivre : la montée en cadence.", en: "To watch: the production ramp-up."}
    inferences:
      - says: {fr: "montée en cadence", en: "production ramp-up"}
        basis: {fr: "Projection de l'analyste.", en: "The analyst's projection."}""")
    doc = document(mini, "2024-12", lang)
    outlook = section(doc, "outlook")
    assert "cadence" in " ".join(texts(outlook)) or "ramp-up" in " ".join(texts(outlook))
    assert not any(isinstance(i, n.Inference) for p in outlook.children if isinstance(p, n.Paragraph)
                   for i in p.children)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_outlook_statement_that_restates_reporting_shows_its_citation_and_marks(mini, lang):
    """ICD 203: in the analyst's section, a statement that restates reporting carries its
    citation (and its inference marks) at its own end, a judgement run on after it carries
    none, so a reader can tell one from the other."""
    edition = mini / "content" / "editions" / "2024-12.yaml"
    edit(edition, """  - text: {fr: "À suivre : la montée en cadence.", en: "To watch: the production ramp-up."}""",
         """  - text: {fr: "Les premiers Anka ont été livrés.", en: "The first Ankas were delivered."}
    cites: [{source: beta, quote: "the first Anka drones were delivered"}]
    inferences:
      - says: {fr: "premiers", en: "first"}
        basis: {fr: "Lecture de l'analyste.", en: "The analyst's reading."}
  - continues: true
    text: {fr: "À suivre : la montée en cadence.", en: "To watch: the production ramp-up."}
    inferences:
      - says: {fr: "montée en cadence", en: "production ramp-up"}
        basis: {fr: "Projection de l'analyste.", en: "The analyst's projection."}""")
    doc = document(mini, "2024-12", lang)
    paragraphs = [p for p in section(doc, "outlook").children if isinstance(p, n.Paragraph) and p.role != "meta"]
    assert len(paragraphs) == 1  # the judgement runs on in the reporting's paragraph
    run = paragraphs[0].children
    cited = next(i for i, node in enumerate(run) if isinstance(node, n.Citation))
    reported, judged = n.plain(run[:cited]), n.plain(run[cited + 1:])
    assert run[cited].source_ids == ["beta"] and reported.endswith(("livrés.", "delivered."))
    assert ("cadence" in judged or "ramp-up" in judged) and not any(isinstance(node, n.Citation) for node in run[cited + 1:])
    marks = [node for node in run if isinstance(node, n.Inference)]
    assert [n.plain(m.children) for m in marks] == ["premiers" if lang == "fr" else "first"]


# ---------------------------------------------------------------- each item told once
def links_and_targets(doc: n.Document) -> tuple[list[n.Link], set[str]]:
    links, targets = [], {s.anchor for s in doc.walk() if isinstance(s, n.Section)}

    def visit(inlines):
        for node in inlines:
            if isinstance(node, n.Link):
                links.append(node)
            if isinstance(node, n.Target):
                targets.add(node.anchor)
            visit(n.inline_children(node))

    for run in n.inline_runs(doc.body):
        visit(run)
    for block in doc.walk():
        if isinstance(block, n.DefinitionList):
            targets |= {d.anchor for d in block.items if d.anchor}
    return links, targets


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_event_is_told_in_full_once_and_referred_to_elsewhere(mini, lang):
    doc = document(mini, "2024-12", lang)
    told = "Les premiers drones Anka" if lang == "fr" else "The first Anka drones"
    everywhere = [t for s in doc.body for t in texts(s)]
    assert sum(told in t for t in everywhere) == 1  # in Developments, not again in the two profiles
    assert any(told in t for t in texts(section(doc, "developments")))
    profiles = [item for block in section(doc, "partnerships").children if isinstance(block, n.Section)
                for sub in block.children if isinstance(sub, n.Section) for lst in sub.children for item in lst.items]
    pointers = [item for item in profiles if any(isinstance(i, n.Link) for i in item)]
    assert len(pointers) == 2  # Turkey's and the OTS's profiles list it by its label, pointing there
    assert all(next(i for i in item if isinstance(i, n.Link)).target == "item-events-anka-delivery" for item in pointers)
    links, targets = links_and_targets(doc)
    assert {link.target for link in links} <= targets  # every cross-reference lands somewhere


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_events_told_under_developments_are_not_listed_again(mini, lang):
    doc = document(mini, "2024-12", lang)
    changes = section(doc, "changes")
    assert not any("Premières livraisons" in t or "First deliveries" in t for t in texts(changes))
    pointer = next(p for p in changes.children if isinstance(p, n.Paragraph)
                   and any(isinstance(i, n.Link) and i.target == "developments" for i in p.children))
    assert n.plain(pointer.children)


def test_an_item_new_sources_corroborate_names_them(mini):
    """'Revised' said nothing a reader could see: an item the previous edition knew and a new
    source now also reports is listed with that source named."""
    edit(mini / "content" / "events.yaml", '''      quote: "Le Kazakhstan et la Turquie ont signé le 10 mai 2024 un accord sur la production de drones Anka"''',
         '''      quote: "Le Kazakhstan et la Turquie ont signé le 10 mai 2024 un accord sur la production de drones Anka"
    - source: beta
      quote: "the first Anka drones were delivered"''')
    doc = document(mini, "2024-12", "en")
    entries = texts(section(doc, "changes"))
    assert "Events already known, now also reported by new sources" in entries
    assert "10 May 2024\u00a0— Anka agreement\u00a0— now also in Unidentified outlet, 10 December 2024" in entries


@pytest.mark.parametrize("lang,said", [("en", "2 reported facts (10 May 2024 – 9 December 2024). One of them was denied."),
                                       ("fr", "2 faits relevés (10 mai 2024 – 9 décembre 2024). L’un d’eux a été démenti.")])
def test_a_profile_says_how_many_of_its_facts_were_denied(mini, lang, said):
    edit(mini / "content" / "events.yaml", "  domain: agreement\n  status: confirmed", "  domain: agreement\n  status: denied")
    doc = document(mini, "2024-12", lang)
    assert texts(section(doc, "partner-turkey"))[0] == said


@pytest.mark.parametrize("lang,details,said", [
    ("en", 1, "One reported fact (10 May 2024). 2 entries below: ‘First deliveries’ is counted with "
              "‘Anka agreement’, as in the charts."),
    ("fr", 1, "Un fait relevé (10 mai 2024). 2 entrées ci-dessous\u202f: l’entrée «\u202fPremières livraisons\u202f» "
              "est comptée avec «\u202fAccord sur l’Anka\u202f», comme dans les graphiques."),
    ("en", 2, "One reported fact (10 May 2024). 3 entries below: a detail is counted with its event, "
              "as in the charts."),
    ("fr", 2, "Un fait relevé (10 mai 2024). 3 entrées ci-dessous\u202f: un détail est compté avec "
              "son fait, comme dans les graphiques.")])
def test_a_profile_counts_a_detail_with_its_event_as_the_charts_do(mini, lang, details, said):
    """KAZIND-21 and its "forces and programme" were '9 facts' in the India profile and one
    event among '8 events' in Figure 1: the profile counts facts as the charts do and says how
    many entries tell them. A single detail is named with its event (twelfth round: the Turkey
    profile's "a detail is counted with its event" did not say which entry); several keep the
    general sentence rather than make the count line a list."""
    events = mini / "content/events.yaml"
    edit(events, "  status: reported\n", "  status: reported\n  part_of: anka-agreement\n")
    if details == 2:
        text = events.read_text(encoding="utf-8")
        second = text[text.index("- id: anka-delivery"):].split("\n- id:")[0].replace("anka-delivery", "anka-delivery-2", 1)
        events.write_text(text.rstrip("\n") + "\n" + second.rstrip("\n") + "\n", encoding="utf-8")
    doc = document(mini, "2024-12", lang)
    assert texts(section(doc, "partner-turkey"))[0] == said


@pytest.mark.parametrize("lang,said", [("en", "2 reported facts (10 May 2024 – 20 December 2024)."),
                                       ("fr", "2 faits relevés (10 mai 2024 – 20 décembre 2024).")])
def test_a_profile_span_runs_to_the_latest_end_of_its_facts(mini, lang, said):
    """An event that runs on past the last start (an exercise of several days) ends the span."""
    edit(mini / "content" / "events.yaml", '  date: "2024-05-10"\n',
         '  date: "2024-05-10"\n  end: "2024-12-20"\n'
         '  inferences: [{fields: [end], basis: {fr: "Fin annoncée.", en: "Announced end."}}]\n')
    doc = document(mini, "2024-12", lang)
    assert texts(section(doc, "partner-turkey"))[0] == said


@pytest.mark.parametrize("role, shown", [
    ("Drone de combat de Baykar", "drone de combat de Baykar"),
    ("Loitering munition; a delegation is to attend", "loitering munition; a delegation is to attend"),
    ("Mine-protected armoured vehicle", "mine-protected armoured vehicle"),
    ("Baykar combat drone", "Baykar combat drone"),        # a name the project knows
    ("Russian reconnaissance drone", "Russian reconnaissance drone"),  # a partner's adjective
    ("Turkey’s drone", "Turkey’s drone"),
    ("MALE drone designed by TAI", "MALE drone designed by TAI"),  # an acronym
    ("TB3 variant", "TB3 variant"),
    ("Russian-designed reconnaissance drone", "Russian-designed reconnaissance drone"),  # a compound on a name
    ("Turkey-built drone", "Turkey-built drone"),
])
def test_a_role_set_inside_a_sentence_starts_in_lower_case_unless_it_opens_with_a_name(role, shown):
    from kzbrief.document.assemble import in_sentence

    assert in_sentence(role, frozenset({"Baykar", "Russian", "Turkey"})) == shown


@pytest.mark.parametrize("lang, role", [("fr", "ministre de la Défense"), ("en", "minister of defence")])
def test_an_inferred_name_is_marked_after_the_name_not_after_its_role(mini, lang, role):
    """'Skylark I-LEX† — Israeli drone', never 'Skylark I-LEX — Israeli drone†': the role is the
    source's, the name the analyst's (here a minister the analyst identified, new in 2024-12)."""
    edit(mini / "content/people.yaml", """    - source: alpha
      quote: "Le Kazakhstan et la Turquie ont signé"
  inferences:
    - fields: [name]""", """    - source: beta
      quote: "the ministry said"
  inferences:
    - fields: [name]""")
    entries = texts(section(document(mini, "2024-12", lang), "changes"))
    entry = next((t for t in entries if t.startswith("Ruslan")), str(entries))
    assert entry.startswith(f"Ruslan Zhaksylykov†, {role}"), entry


def test_a_run_in_title_is_closed_before_its_text(mini):
    """'9 December 2024 — First deliveries. The first Anka…': never 'First deliveries The first'."""
    for lang, words in (("en", "First deliveries. The first"), ("fr", "Premières livraisons. Les premiers")):
        developments = texts(section(document(mini, "2024-12", lang), "developments"))
        assert any(words in t for t in developments), developments
    edit(mini / "content/events.yaml", "en: First deliveries}", "en: First deliveries?}")
    developments = texts(section(document(mini, "2024-12", "en"), "developments"))
    assert any("First deliveries? The first" in t for t in developments), developments


def test_a_figure_scope_after_the_dash_starts_in_lower_case(mini):
    edit(mini / "content/figures.yaml", "  unit: person\n", "  unit: person\n  scope: {fr: Forces terrestres, en: Ground forces}\n")
    for lang, label in (("fr", "Effectifs\u00a0— forces terrestres"), ("en", "Personnel\u00a0— ground forces")):
        rows = texts(section(document(mini, "2024-12", lang), "forces"))
        assert any(row.startswith(label) for row in rows), rows


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
    assert {"fr": "échéance\u202f: fin 2024\u202f; pas encore de confirmation au 20\u00a0décembre 2024",
            "en": "due by the end of 2024; not yet confirmed by 20\u00a0December 2024"}[lang] in watch.replace(" décembre", "\u00a0décembre").replace(" December", "\u00a0December")
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
    assert n.plain(figures.header[2].children) == "Date de référence"


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


@pytest.mark.parametrize("lang,other,held", [("fr", "beta", "anglais"), ("en", "alpha", "French")])
def test_the_method_says_quotations_of_a_source_held_in_another_language_are_ours(mini, lang, other, held):
    """The French edition quotes the English text of 'beta' in French, the English edition
    the French text of 'alpha' in English: the method says so, naming those sources."""
    doc = document(mini, "2024-12", lang)
    method = texts(section(doc, "method"))[0]
    number = next(c for p in n.inline_runs(doc.body) for c in p if isinstance(c, n.Citation) and c.source_ids == [other])
    shown = n.plain(number.children).strip("\u00a0 []")
    assert f"{held} ([{shown}])" in method


def test_the_method_says_nothing_of_translation_when_every_source_is_in_the_edition_language(mini):
    edit(mini / "content/sources/alpha.yaml", "language: fr", "language: en")
    method = texts(section(document(mini, "2024-12", "en"), "method"))[0]
    i18n = I18n.load(mini / "templates", "en", load_project(mini).settings.locales["en"])
    # beta, an English machine translation, still has its sentence; nothing on our own translation
    assert method == " ".join([i18n._("method.text", example=i18n._("method.example.two")), i18n._("method.quotations")])


def add_national_event(mini, key: str, date: str, title: str, text: str, source: str, quote: str, basis: str) -> None:
    """Append a confirmed policy event of Kazakhstan's own forces (no profiled partner), dated by inference."""
    with (mini / "content/events.yaml").open("a", encoding="utf-8") as out:
        out.write(f"- id: {key}\n  date: \"{date}\"\n  domain: policy\n  status: confirmed\n  partners: [kazakhstan]\n"
                  f"  title: {title}\n  text: {text}\n  cites:\n    - source: {source}\n      quote: \"{quote}\"\n"
                  f"  inferences:\n    - fields: [date]\n      basis: {basis}\n")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_fact_of_no_profiled_partner_is_told_under_other_partners_not_in_the_chronology_only(mini, lang):
    """A fact of Kazakhstan's own forces (or of a partner with no profile) had only a title in
    the chronology: it is told in full, once, in its own part of the profiles chapter."""
    add_national_event(mini, "army-size", "2024-05", "{fr: Effectifs, en: Manpower}",
                       '{fr: "L\'armée compte plus de 70 000 personnes.", en: "The army numbers over 70,000."}',
                       "alpha", "L\'armée compte plus de 70 000 personnes.",
                       '{fr: "Date de la source.", en: "The source\'s date."}')
    doc = document(mini, "2024-12", lang)
    others = section(doc, "partner-others")
    told = "compte plus de 70" if lang == "fr" else "army numbers over 70"
    assert sum(told in t for s in doc.body for t in texts(s)) == 1
    assert any(told in t for t in texts(others))
    _, targets = links_and_targets(doc)
    assert "event-army-size" in targets or any("army-size" in t for t in targets)


def test_an_acronym_is_expanded_in_the_text_after_a_bold_label_not_in_the_label(mini):
    """A thirty-word expansion inside a bold run-in headline broke it: the label keeps the
    acronym bare, the text after it (which names it again) takes the expansion."""
    edit(mini / "content/events.yaml", "title: {fr: Premières livraisons, en: First deliveries}",
         "title: {fr: Premières livraisons à l'OTS, en: First deliveries to OTS}")
    doc = document(mini, "2024-12", "en")
    paragraph = section(doc, "developments").children[1]  # after the rule line
    label = next(node for node in paragraph.children if isinstance(node, n.Strong))
    assert "OTS" in n.plain(label.children) and "Organization" not in n.plain(label.children)
    assert "Organization of Turkic States (OTS)" in n.plain(paragraph.children)


def test_a_profile_span_ends_with_the_last_fact_s_end_not_its_start(mini):
    """India's '(2009 – 30 August 2021)' ended the span on KAZIND-21's first day though the
    exercise ran to 11 September: the span ends with the latest end."""
    edit(mini / "content/events.yaml", '  date: "2024-05-10"\n', '  date: "2024-05-10"\n  end: "2024-12-15"\n'
         '  inferences:\n    - fields: [end]\n      basis: {fr: "Fin supposée.", en: "Assumed end."}\n')
    summary = texts(section(document(mini, "2024-12", "en"), "partner-turkey"))[0]
    assert summary.endswith("– 15 December 2024)."), summary


def test_equipment_rows_sort_by_name_whatever_its_case(mini):
    """'Skylark' comes before 'SUNQAR': a maker's capitals do not move a row ahead of the alphabet."""
    edit(mini / "content" / "sources" / "alpha.txt", "L'armée compte", "Les drones SUNQAR et Skylark volent. L'armée compte")
    from kzbrief.sourceupdate import update_source

    update_source(mini, "alpha", date="2025-01-02", note="test")
    with (mini / "content" / "systems.yaml").open("a", encoding="utf-8") as fh:
        for key, name in (("sunqar", "SUNQAR"), ("skylark", "Skylark")):
            fh.write(f"""
- id: {key}
  name: {name}
  category: uav
  origin: [kazakhstan]
  role: {{fr: drone, en: drone}}
  status: in-service
  in_fleet: true
  cites:
    - source: alpha
      quote: "Les drones SUNQAR et Skylark volent."
""")
    doc = document(mini, "2024-12", "en")
    table = next(b for b in section(doc, "forces").children
                 if isinstance(b, n.Table) and any("Anka" in n.plain(row[0].children) for row in b.rows))
    names = [n.plain(row[0].children) for row in table.rows if n.plain(row[0].children) in ("Anka", "Skylark", "SUNQAR")]
    assert names == ["Anka", "Skylark", "SUNQAR"]


def earlier_states(mini) -> None:
    """Anka ordered (alpha, May) before it is in service (beta, December); the minister named
    in December by beta as the ministry's spokesman before a role dated January 2025."""
    edit(mini / "content/systems.yaml", "  status: in-service\n  in_fleet: true\n  cites:\n    - source: alpha\n"
         "      quote: \"Le Kazakhstan et la Turquie ont signé le 10 mai 2024 un accord sur la production de drones Anka\"\n",
         "  status: in-service\n  in_fleet: true\n  cites:\n    - source: beta\n      quote: \"the first Anka drones were delivered\"\n"
         "  earlier:\n    - status: planned\n      in_fleet: false\n      role: {fr: drone à produire, en: drone to be produced}\n"
         "      cites:\n        - source: alpha\n"
         "          quote: \"la Turquie ont signé le 10 mai 2024 un accord sur la production de drones Anka\"\n")
    edit(mini / "content/systems.yaml", "  inferences:\n    - says: {fr: MALE",
         "  inferences:\n    - fields: [origin]\n      basis: {fr: Turc., en: Turkish.}\n    - says: {fr: MALE")
    edit(mini / "content/people.yaml", "  as_of: \"2024-11\"\n  cites:\n    - source: alpha\n      quote: \"Le Kazakhstan et la Turquie ont signé\"\n",
         "  as_of: \"2025-01\"\n  cites:\n    - source: beta\n      quote: \"On December 9 the ministry said\"\n"
         "  earlier:\n    - role: {fr: porte-parole du ministère, en: ministry spokesman}\n      as_of: \"2024-12-09\"\n"
         "      cites:\n        - source: beta\n          quote: \"On December 9 the ministry said\"\n")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_edition_shows_the_state_and_role_its_own_sources_reported(mini, lang):
    """2023-12 lacked the A400M order and General Kosanov: the one status and role recorded were
    those of later sources. An edition shows the latest state its own sources report, as of its
    cut-off: the type on order before it is in service, a person's earlier role before a later one."""
    earlier_states(mini)
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])

    def anka_row(period: str) -> str:
        return next(t for t in texts(section(document(mini, period, lang), "forces")) if t.startswith("Anka"))

    november, december = anka_row("2024-11"), anka_row("2024-12")
    assert november.endswith(i18n._("system.status.planned")) and {"fr": "à produire", "en": "to be produced"}[lang] in november
    assert december.endswith(i18n._("system.status.in-service")) and "MALE" in december
    changes = " ".join(texts(section(document(mini, "2024-12", lang), "changes")))
    assert i18n._("changes.new.people") in changes
    assert "Zhaksylykov" in changes and {"fr": "porte-parole", "en": "spokesman"}[lang] in changes


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_state_whose_own_official_an_event_names_is_not_reduced_to_its_agency(mini, lang):
    """Talks with Turkey's defence minister and the SSB's head were filed under 'Turkey (SSB)':
    when the event names an official of the state itself, the cell names the state as a
    counterpart beside its agency; with only the agency's people, the agency alone."""
    with open(mini / "content/partners.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: ssb\n  kind: organisation\n  name: {fr: Agence, en: Agency}\n  country: turkey\n")
    with open(mini / "content/people.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: head\n  name: Haluk Görgün\n  role: {fr: directeur, en: head}\n  organisation: ssb\n"
                 "  as_of: \"2024-05\"\n  cites:\n    - source: alpha\n      quote: \"Le Kazakhstan et la Turquie ont signé\"\n"
                 "  inferences:\n    - fields: [name]\n      basis: {fr: Nom., en: Name.}\n"
                 "- id: turkish-minister\n  name: Yaşar Güler\n  role: {fr: ministre, en: minister}\n  organisation: turkey\n"
                 "  as_of: \"2024-05\"\n  cites:\n    - source: alpha\n      quote: \"Le Kazakhstan et la Turquie ont signé\"\n"
                 "  inferences:\n    - fields: [name]\n      basis: {fr: Nom., en: Name.}\n")
    edit(mini / "content/events.yaml", "  partners: [turkey]\n", "  partners: [turkey, ssb]\n  people: [head]\n"
         "  inferences: [{fields: [partners, people], basis: {fr: Les parties, en: The parties}}]\n")
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    turkey, agency = {"fr": ("Turquie", "Agence"), "en": ("Turkey", "Agency")}[lang]

    def cell() -> str:
        return texts(section(document(mini, "2024-12", lang), "chronology"))[0].split(" | ")[1].rstrip(i18n._("inference.mark"))

    assert cell() == i18n._("table.chronology.partner_parties", partner=turkey, parties=agency)
    edit(mini / "content/events.yaml", "  people: [head]\n", "  people: [turkish-minister, head]\n")
    both = cell()
    assert both == i18n._("table.chronology.partner_itself_and_parties", partner=turkey, parties=agency)
    assert both != i18n._("table.chronology.partner_parties", partner=turkey, parties=agency)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_this_month_s_facts_of_no_profiled_partner_are_referred_to_under_other_partners(mini, lang):
    """Tokayev's instructions and the 9 December items were told under the developments and in
    the chronology only: 'Other partners and national forces' now lists them too, as a
    cross-reference to the developments, so the section holds every fact of its kind."""
    add_national_event(mini, "army-order", "2024-12-09", "{fr: Consignes, en: Instructions}",
                       '{fr: "Le ministère l\'a dit.", en: "The ministry said so."}',
                       "beta", "On December 9 the ministry said",
                       '{fr: "Année de la source.", en: "The source\'s year."}')
    i18n = I18n.load(mini / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    doc = document(mini, "2024-12", lang)
    assert "army-order" in [e.id for e in EditionView(load_project(mini), load_project(mini).editions["2024-12"]).developments]
    others = section(doc, "partner-others")
    pointer = next(t for t in texts(others) if {"fr": "Consignes", "en": "Instructions"}[lang] in t)
    assert pointer.endswith(i18n._("xref.developments"))
    links = [node for item in others.children[1].items for node in item if isinstance(node, n.Link)]
    _, targets = links_and_targets(doc)
    assert len(links) == 1 and "army-order" in links[0].target and links[0].target in targets
    told = {"fr": "Le ministère l’a dit", "en": "The ministry said so"}[lang]
    assert sum(told in t for s in doc.body for t in texts(s)) == 1  # told in full once, under the developments
def test_an_original_title_in_another_language_keeps_its_own_punctuation(mini):
    """A French edition sets an English headline as published: no French space before its colon."""
    edit(mini / "content/sources/beta.yaml", 'title: "Anka deliveries"', 'title: "Anka deliveries: the first batch"')
    doc = document(mini, "2024-12", "fr")
    original = [e for block in doc.walk() if isinstance(block, n.DefinitionList) for item in block.items
                for e in walk_inlines(item) if isinstance(e, n.Emphasis) and e.lang == "en"]
    assert [n.plain(e.children) for e in original] == ["Anka deliveries: the first batch"]


def walk_inlines(item) -> list:
    found, stack = [], list(item.term) + list(item.description)
    while stack:
        node = stack.pop(0)
        found.append(node)
        stack += list(getattr(node, "children", []) or [])
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("period", ["2024-11", "2024-12"])
def test_the_method_example_of_a_citation_names_only_sources_the_edition_lists(mini, period, lang):
    """The method's worked example ('[2, 4] the second and the fourth') must not name a source
    the list of sources lacks: the fixture's editions list one and two sources."""
    import re
    doc = document(mini, period, lang)
    listed = len(section(doc, "sources").children[0].items)
    method = texts(section(doc, "method"))[0]
    example = re.search(r"\((\[\d.*?)\)", method).group(1)
    numbers = {int(x) for x in re.findall(r"\d+", example)}
    assert numbers and max(numbers) <= listed, (listed, example)
    assert (len(numbers) > 1) == (listed > 1), example


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_month_s_developments_are_the_events_since_the_previous_edition_newest_first(mini, lang):
    """Editorial E-16: 'Developments reported this month' opened with events a year old and put
    the month's lead last. An event dated before the previous edition's issue date is new to
    this edition but not the month's: it is listed with the other new events (and told in its
    profile), even when the edition lists it; the month's events come newest first, after a
    line that says the rule and where the earlier ones are."""
    add_national_event(mini, "old-news", "2024-05", "{fr: Ancien fait, en: Old fact}",
                       '{fr: "Le ministère l\'a dit.", en: "The ministry said so."}',
                       "beta", "On December 9 the ministry said", '{fr: "Selon la source.", en: "Per the source."}')
    add_national_event(mini, "late-news", "2024-12-15", "{fr: Fait récent, en: Recent fact}",
                       '{fr: "Le ministère l\'a redit.", en: "The ministry said it again."}',
                       "beta", "the ministry said", '{fr: "Selon la source.", en: "Per the source."}')
    edit(mini / "content/editions/2024-12.yaml", "key_points:",
         "developments: [old-news, anka-delivery, late-news]\nkey_points:")
    doc = document(mini, "2024-12", lang)
    developments = section(doc, "developments")
    told = texts(developments)
    titles = {"fr": ("Fait récent", "Premières livraisons", "Ancien fait"),
              "en": ("Recent fact", "First deliveries", "Old fact")}[lang]
    assert titles[0] in told[1] and titles[1] in told[2] and len(told) == 3  # newest first, the old one out
    rule = developments.children[0]
    assert rule.role == "meta" and {"fr": "30 novembre 2024", "en": "30 November 2024"}[lang] in told[0]
    assert [node.target for node in rule.children if isinstance(node, n.Link)] == ["changes"]
    changes = texts(section(doc, "changes"))
    heading = changes.index({"fr": "Autres faits nouveaux pour ce numéro", "en": "Other events new to this edition"}[lang])
    assert titles[2] in changes[heading + 1]
    assert sum("said so" in t or "l’a dit" in t for s in doc.body for t in texts(s)) == 1  # told in full once
    assert any(titles[2] in t for t in texts(section(doc, "partner-others")))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_chart_left_out_is_a_note_to_the_editor_not_a_paragraph(mini, lang, tmp_path):
    """A chart with too little data is no figure and no sentence in the briefing: its reason is
    kept for the build to tell the editor (E-18)."""
    from kzbrief.charts import draw_charts

    project = load_project(mini)
    view = EditionView(project, project.editions["2024-11"])
    i18n = I18n.load(mini / "templates", lang, project.settings.locales[lang])
    charts = draw_charts(view, i18n, tmp_path / "charts")
    reasons = [chart.omitted for chart in charts if chart.omitted]
    assert reasons
    doc = assemble(view, i18n, charts)
    assert sorted(doc.editor_notes) == sorted(reasons)  # in reading order: the partnership charts first
    printed = [t for s in doc.body for t in texts(s)]
    assert not any(reason in t for reason in reasons for t in printed)


def test_a_note_is_given_at_its_first_call_even_when_the_call_is_made_last():
    """2024-08 (found in the eighth round): ASFAT's first-use expansion in the key points,
    marked after the body was assembled, called note 11, given two pages on in a profile. The
    first mark in reading order carries the note; the later one becomes its call."""
    from kzbrief.document.assemble import number_notes

    early = n.Footnote(0, [n.Text("Earlier basis.")], "")
    shared = n.Footnote(0, [n.Text("Shared basis.")], "")
    expansion = n.Inference([n.Text("Askeri Fabrika")], "†", n.NoteRef(shared))  # made last, read first
    body = [n.Section("key-points", "Key points", 1, [n.Paragraph([expansion]), n.Paragraph([
                n.Inference([n.Text("2024")], "†", early)])]),
            n.Section("profiles", "Profiles", 1, [n.Paragraph([n.Inference([n.Text("ASFAT")], "†", shared)])])]
    number_notes(body)
    assert expansion.note is shared and shared.number == 1 and early.number == 2
    later = body[1].children[0].children[0]
    assert isinstance(later.note, n.NoteRef) and later.note.note is shared


def profile_items(doc: n.Document, home: str) -> list:
    """A partner profile's list entries."""
    def items(block):
        if isinstance(block, n.Section):
            return [i for child in block.children for i in items(child)]
        return block.items if isinstance(block, n.BulletList) else []

    return items(section(doc, f"partner-{home}"))


def attribution_marks(doc: n.Document, home: str, words: str) -> list[str]:
    """The words marked, in a profile's entries, with a note whose basis says ``words``."""
    def basis(mark: n.Inference) -> str:
        note = mark.note.note if isinstance(mark.note, n.NoteRef) else mark.note
        return n.plain(note.children)

    return [n.plain(m.children) for item in profile_items(doc, home) for m in n.walk_inlines(item)
            if isinstance(m, n.Inference) and words in basis(m)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_entry_filed_under_a_partner_by_an_inferred_attribution_carries_its_mark(mini, lang):
    """A2: Airbus's orders stood in France's profile without the mark the chronology's partner
    cell gave them. In the profile the mark goes on the party's name, whole ("Kaza" is not in
    "Kazakhstan"), else on the partner's, else on the label."""
    partners, events = mini / "content/partners.yaml", mini / "content/events.yaml"
    with partners.open("a", encoding="utf-8") as out:
        out.write("- id: maker\n  kind: company\n  country: turkey\n  name: {fr: Kaza, en: Kaza}\n")
    basis = "    - fields: [partners]\n      basis: {fr: \"Le fabricant, compté comme turc.\", en: \"The maker, counted as Turkish.\"}\n"
    edit(events, "  partners: [turkey]\n", "  partners: [turkey, maker]\n  inferences:\n" + basis)
    maker = "fabricant" if lang == "fr" else "maker"
    # the entry names the partner, not the party: the partner's name
    assert attribution_marks(document(mini, "2024-12", lang), "turkey", maker) == ["Turquie" if lang == "fr" else "Turkey"]
    edit(partners, "{fr: Kaza, en: Kaza}", "{fr: Anka, en: Anka}")
    assert attribution_marks(document(mini, "2024-12", lang), "turkey", maker) == ["Anka"]  # the party, first named
    edit(partners, "{fr: Anka, en: Anka}", "{fr: Kaza, en: Kaza}")
    edit(events, "Kazakhstan and Turkey sign", "Kazakhstan signs")
    edit(events, "Le Kazakhstan et la Turquie signent", "Le Kazakhstan signe")
    # neither: the partner named after the label, then the party the attribution runs through,
    # marked there as in the chronology's cell (twelfth round, B1: "(Turkey†28)" marked a word
    # the note was not about), never on a word of the label (B4)
    doc = document(mini, "2024-12", lang)
    turkey = "Turquie" if lang == "fr" else "Turkey"
    assert attribution_marks(doc, "turkey", maker) == ["Kaza"]
    label = "10 mai 2024\u00a0— Accord" if lang == "fr" else "10 May 2024\u00a0— Anka agreement"
    entries = [n.plain(i) for i in profile_items(doc, "turkey") if n.plain(i).startswith(label)]
    party = f" ({turkey}\u202f: Kaza†" if lang == "fr" else f" ({turkey}: Kaza†"
    assert entries and all(party in entry.partition(".")[0] for entry in entries)
    # no party: the partner alone, marked
    edit(events, "  partners: [turkey, maker]\n", "  partners: [turkey]\n")
    doc = document(mini, "2024-12", lang)
    assert attribution_marks(doc, "turkey", maker) == [turkey]
    entries = [n.plain(i) for i in profile_items(doc, "turkey") if n.plain(i).startswith(label)]
    assert entries and all(f" ({turkey}†" in entry.partition(".")[0] for entry in entries)


@pytest.mark.parametrize("lang,turkey", [("fr", "Turquie"), ("en", "Turkey")])
def test_a_pointer_names_the_partner_then_the_party_of_its_attribution(lang, turkey):
    """Twelfth fresh pass: a profile's pointer to an event told in this month's developments
    (its label only) printed "(SSB: SSB†)": the partner's place took the party's name, found in
    the event's full text. The bundled 2024-12 Turkey profile, both languages."""
    doc = document(Path(__file__).resolve().parents[2], "2024-12", lang)
    entries = [n.plain(i) for i in profile_items(doc, "turkey") if "Görgün" in n.plain(i)]
    sep = "\u202f: " if lang == "fr" else ": "
    # the talks name Turkey's own defence minister: its government takes part, as the
    # chronology's partner cell says (eighteenth pass: the pointer said "(Turkey: SSB†)")
    government = "gouvernement et" if lang == "fr" else "government and"
    assert entries and all(f"({turkey}{sep}{government} SSB†" in entry for entry in entries), entries
    assert not any("(SSB" in entry for entry in entries)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_table_cell_showing_an_inferred_value_carries_its_mark(mini, lang):
    """B6: Table 2's Origin read "Turkey" unmarked where the Type cell already marked the same
    basis on the maker, so a reader scanning the column took it as reported. Each cell is its
    own item for marks: the Type and the Origin cell both marked, one note between them."""
    edit(mini / "content/systems.yaml", "  inferences:\n    - says: {fr: MALE, en: MALE}\n",
         "  inferences:\n    - says: {fr: MALE, en: MALE}\n      fields: [origin]\n")
    table = next(b for b in section(document(mini, "2024-12", lang), "forces").children
                 if isinstance(b, n.Table) and any(n.plain(row[0].children) == "Anka" for row in b.rows))
    [row] = [row for row in table.rows if n.plain(row[0].children) == "Anka"]
    role, origin = ([m for m in n.walk_inlines(cell.children) if isinstance(m, n.Inference)] for cell in row[1:3])
    assert [n.plain(m.children) for m in role] == ["MALE"]
    assert [n.plain(m.children) for m in origin] == [{"fr": "Turquie", "en": "Turkey"}[lang]]
    note = role[0].note
    assert isinstance(note, n.Footnote) and isinstance(origin[0].note, n.NoteRef) and origin[0].note.note is note


@pytest.mark.parametrize("period,rowed", [("2023-12", False), ("2024-12", True)])
def test_the_other_partners_intro_points_to_a_chart_row_only_where_one_is_drawn(period, rowed, tmp_path):
    """December 2023's charts draw no 'Other partners' row: its intro no longer sends readers to
    one (seventeenth pass); December 2024's do, and say so."""
    from kzbrief.charts import draw_charts

    project = load_project(REPO)
    view = EditionView(project, project.editions[period])
    i18n = I18n.load(REPO / "templates", "en", project.settings.locales["en"])
    doc = assemble(view, i18n, draw_charts(view, i18n, tmp_path, kinds=("svg",)))
    intro = texts(section(doc, f"partner-{OTHERS_HOME}"))[0]
    assert ("‘Other partners’ row of the charts" in intro) is rowed, intro
    assert intro.startswith("Facts that involve no partner profiled above: other partners")
    without_charts = texts(section(assemble(view, i18n), f"partner-{OTHERS_HOME}"))[0]
    assert "row of the charts" not in without_charts
