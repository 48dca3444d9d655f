"""Key judgements and strategic context in the document model, in both languages."""

from pathlib import Path

import pytest

from kzbrief.content import load_project
from kzbrief.document import nodes as n
from kzbrief.document.view import EditionView
from tests.analytic import add_analysis
from tests.document.test_assemble import document, section, texts


@pytest.fixture
def analytic(mini: Path) -> Path:
    return add_analysis(mini)


def test_an_edition_knows_a_context_statement_once_its_source_and_date_have_passed(analytic):
    project = load_project(analytic)
    assert list(EditionView(project, project.editions["2024-12"]).context) == ["ots-partners"]
    assert EditionView(project, project.editions["2024-11"]).context == {}  # beta is of 10 December


def test_judgements_open_the_edition_and_context_comes_before_the_profiles(analytic):
    doc = document(analytic, "2024-12", "en")
    anchors = [s.anchor for s in doc.body]
    assert anchors[:3] == ["judgements", "method", "key-points"]  # the method before the first mark
    assert anchors.index("context") == anchors.index("partnerships") - 1
    assert doc.body[0].title == "Key judgements"


@pytest.mark.parametrize("lang,assessment,changed,legend", [
    ("en", "Very likely (80–95%), moderate confidence",
     "Changed since November 2024: previously likely (55–80%), low confidence. Raised: the first deliveries are reported.",
     "Likelihood (ICD 203 yardstick): almost no chance (1–5%); "),
    ("fr", "Très probable (80–95\u202f%), confiance modérée",
     "Modifié depuis novembre 2024\u202f: auparavant probable (55–80\u202f%), confiance faible. Relevé\u202f: les premières livraisons sont rapportées.",
     "Probabilité (échelle de l’ICD 203)\u202f: quasiment exclu (1–5\u202f%)\u202f; "),
])
def test_a_judgement_states_its_terms_basis_and_change(analytic, lang, assessment, changed, legend):
    doc = document(analytic, "2024-12", lang)
    [judgement] = doc.judgements()
    assert judgement.anchor == "judgement-anka-production" and judgement.number == 1
    assert judgement.assessment == assessment
    details = {d.kind: d.label + " " + n.plain(d.children) for d in judgement.details}
    assert details["change"] == changed
    basis = details["basis"]
    assert ("Anka agreement" if lang == "en" else "Accord sur l’Anka") in basis
    # titles cited verbatim, by kind, each linked to where the item is told in full: an acronym
    # is expanded in running text, never inside a cited title
    if lang == "en":
        assert basis == ("Basis: reported facts ‘Anka agreement’ and ‘First deliveries’; context ‘OTS partners’; "
                         "figures ‘Personnel’.")
    else:
        assert basis == ("Fondé sur\u202f: faits rapportés «\u202fAccord sur l’Anka\u202f» et «\u202fPremières livraisons\u202f»\u202f; "
                         "contexte «\u202fPartenaires de l’OET\u202f»\u202f; chiffres «\u202fEffectifs\u202f».")
    links = [c for c in next(d for d in judgement.details if d.kind == "basis").children if isinstance(c, n.Link)]
    # titles in quotation marks, outside the link: a title with commas no longer runs into the list
    assert all(n.plain(link.children) in basis for link in links) and len(links) == 4
    targets = {t.anchor for block in doc.walk() for t in targets_in(block)}
    assert links and all(link.target in targets for link in links)
    basis_note = next(d for d in judgement.details if d.kind == "basis").children[-1]
    assert isinstance(basis_note, n.Citation) and basis_note.source_ids  # the basis is traceable to its sources
    assert "indicators" in details
    notes = [t for t in texts(section(doc, "judgements")) if t.startswith(legend)]
    assert len(notes) == 1


@pytest.mark.parametrize("lang,levels", [
    ("en", ("Low confidence", "; moderate confidence", "; high confidence")),
    ("fr", ("Confiance faible", "\u202f; confiance modérée", "\u202f; confiance élevée")),
])
def test_the_confidence_legend_is_one_sentence_with_one_capital(analytic, lang, levels):
    """The three levels run on after semicolons: only the first opens the sentence (tenth round, E-4)."""
    doc = document(analytic, "2024-12", lang)
    [legend] = [t for t in texts(section(doc, "judgements")) if t.startswith(levels[0])]
    assert all(level in legend for level in levels[1:]), legend


def test_the_first_judgement_of_an_id_is_new_and_a_first_edition_says_nothing(analytic):
    november = document(analytic, "2024-11", "en").judgements()[0]
    assert [d.kind for d in november.details] == ["basis"]  # no previous edition to compare with
    path = analytic / "content/editions/2024-12.yaml"
    text = path.read_text(encoding="utf-8").replace("id: anka-production", "id: anka-output")
    # a judgement under a new id gives up the old one, which must then say why
    text = text.replace("dropped:\n", 'dropped:\n  - {id: anka-production, why: {fr: "reformulé.", en: "reworded."}}\n')
    path.write_text(text.replace('    change: {fr: "Relevé : les premières livraisons sont rapportées.", en: "Raised: the first deliveries are reported."}\n', ""),
                    encoding="utf-8")
    december = document(analytic, "2024-12", "fr").judgements()[0]
    assert [(d.kind, d.label) for d in december.details][-1] == ("change", "Nouveau dans ce numéro.")


def test_strategic_context_groups_statements_by_theme_and_marks_framing(analytic):
    en = texts(section(document(analytic, "2024-12", "en"), "context"))
    assert "Regional ties" in en
    assert ("OTS partners\u00a0— The ministry calls the OTS members partners "
            "(as of 9 December 2024; the source’s own view, reported as such).") in en
    fr = texts(section(document(analytic, "2024-12", "fr"), "context"))
    assert any(t.startswith("Partenaires de l’OET\u00a0— ") and t.endswith("(état\u202f: 9 décembre 2024\u202f; lecture propre à la source, rapportée comme telle).")
               for t in fr), fr


def test_a_figure_only_the_source_gives_is_stamped_as_unchecked_not_as_a_view(analytic):
    """A population share is a number, not a reading: 'framing: figure' says the figure is the
    source's and not checked, where the view stamp would seem to doubt it without saying why."""
    from tests.conftest import edit
    from tests.content.test_validate import problems

    edit(analytic / "content/context.yaml", "  framing: true", "  framing: figure")
    en = texts(section(document(analytic, "2024-12", "en"), "context"))
    assert ("OTS partners\u00a0— The ministry calls the OTS members partners "
            "(as of 9 December 2024; the source’s figure, not checked here).") in en
    assert not any("own view" in t for t in en)
    fr = texts(section(document(analytic, "2024-12", "fr"), "context"))
    assert any(t.endswith("(état\u202f: 9 décembre 2024\u202f; chiffre donné par la source, que nous n’avons pas vérifié).")
               for t in fr), fr
    edit(analytic / "content/context.yaml", "  framing: figure", "  framing: opinion")
    assert "content/context.yaml:7: framing: 'opinion' is not true, false or figure" in problems(analytic)


#: Words a context statement may declare as the analyst's, in its text or in its heading.
CONTEXT_SAYS = {"text": {"fr": "désigne les membres de l’OET", "en": "calls the OTS members partners"},
                "heading": {"fr": "Partenaires de l’OET", "en": "OTS partners"}}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("where", ["text", "heading"])
def test_a_context_statement_marks_the_words_it_declares_as_the_analyst_s(analytic, lang, where):
    """A source's view built on a reading of a faulty machine translation ('supplying Rafale
    fighter-bombers to France', read as buying from France) is marked with its basis, as an
    event's text is: context statements take ``inferences`` too. Words found only in the
    heading are marked there (validation accepts them; the heading once printed no mark)."""
    from tests.conftest import edit

    says = CONTEXT_SAYS[where]
    edit(analytic / "content/context.yaml", "  framing: true\n",
         f'  framing: true\n  inferences:\n    - says: {{fr: "{says["fr"]}", en: "{says["en"]}"}}\n'
         '      basis: {fr: "Lecture de l\'analyste.", en: "The analyst’s reading."}\n')
    context = section(document(analytic, "2024-12", lang), "context")
    marks = [node for run in n.inline_runs([context]) for node in n.walk_inlines(run)  # a heading's are in its bold
             if isinstance(node, n.Inference)]
    assert len(marks) == 1 and texts_of(marks[0].children) == says[lang]


def texts_of(inlines) -> str:
    return "".join(node.text if isinstance(node, n.Text) else texts_of(n.inline_children(node)) for node in inlines)


def test_no_judgement_and_no_context_no_section(mini):
    anchors = [s.anchor for s in document(mini, "2024-12", "en").body]
    assert "judgements" not in anchors and "context" not in anchors


def test_a_context_statement_new_to_the_edition_is_listed_as_new(analytic):
    changes = texts(section(document(analytic, "2024-12", "en"), "changes"))
    assert changes[changes.index("New context") + 1] == "OTS partners"


def targets_in(block) -> list[n.Target]:
    """The places cross-references may point to, in a block's own runs."""
    return [t for run in n.inline_runs([block]) if not isinstance(block, n.Section)
            for t in n.walk_inlines(run) if isinstance(t, n.Target)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_former_states_types_in_a_basis_read_as_a_legacy_inventory(analytic, lang):
    """S-300 and Buk are not evidence of a Russian supply: a basis names types a state that no
    longer exists left behind as an inherited inventory, apart from current supplies."""
    from kzbrief.i18n import I18n
    from tests.conftest import edit

    with open(analytic / "content/partners.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: ussr\n  kind: former-state\n  name: {fr: Union soviétique, en: Soviet Union}\n")
    with open(analytic / "content/systems.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: s-300\n  name: S-300\n  category: air-defence\n  origin: [ussr]\n"
                 "  role: {fr: défense aérienne, en: air defence}\n  status: in-service\n  in_fleet: true\n"
                 "  cites:\n    - source: alpha\n      quote: \"Le Kazakhstan et la Turquie\"\n"
                 "  inferences: [{fields: [origin, name, category], basis: {fr: Connu, en: Known}}]\n")
    edit(analytic / "content/editions/2024-12.yaml", "      figures: [personnel]\n",
         "      figures: [personnel]\n      systems: [anka, s-300]\n")
    i18n = I18n.load(analytic / "templates", lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
    [judgement] = document(analytic, "2024-12", lang).judgements()
    basis = n.plain(next(d for d in judgement.details if d.kind == "basis").children)
    soviet = {"fr": "Union soviétique", "en": "Soviet Union"}[lang]
    assert i18n._("judgement.basis.legacy", origin=soviet, systems="S-300") in basis
    assert basis.endswith("Anka" + i18n._("list.separator")
                          + i18n._("judgement.basis.legacy", origin=soviet, systems="S-300") + ".")


def test_a_context_statement_ending_with_an_abbreviation_keeps_its_full_stop(analytic):
    """'…, etc. (as of …)': the stop removed before the appended marks is not an abbreviation's."""
    from tests.conftest import edit

    edit(analytic / "content/context.yaml", 'en: "The ministry calls the OTS members partners."',
         'en: "The ministry calls the OTS members partners, allies, etc."')
    en = texts(section(document(analytic, "2024-12", "en"), "context"))
    assert any("partners, allies, etc. (as of 9 December 2024" in t for t in en), en
    fr = texts(section(document(analytic, "2024-12", "fr"), "context"))
    assert any("comme partenaires (état" in t for t in fr), fr  # an ordinary stop still goes


def test_without_full_stop_keeps_only_an_abbreviations_stop():
    from kzbrief.content.wording import rules

    assert rules().without_full_stop("des pilotes, etc.") == "des pilotes, etc."
    assert rules().without_full_stop("Baykar Inc.") == "Baykar Inc."
    assert rules().without_full_stop("It was denied.") == "It was denied"
    assert rules().without_full_stop("No stop") == "No stop"


@pytest.mark.parametrize("lang,heading,item", [
    ("en", "Judgements of November 2024 not carried forward",
     "Kazakhstan will export Ankas by 2026\u00a0— unlikely (20–45%), low confidence. Reason: no source speaks of exports."),
    ("fr", "Jugements de novembre 2024 non reconduits",
     "Le Kazakhstan exportera des Anka d’ici 2026\u00a0— improbable (20–45\u202f%), confiance faible. "
     "Motif\u202f: aucune source ne parle d’exportation."),
])
def test_a_dropped_judgement_is_told_as_last_assessed_with_its_reason(analytic, lang, heading, item):
    """After the judgements and before the legend: the statement and assessment November's
    readers saw, then why December gives it up; it is no longer a judgement (not numbered)."""
    doc = document(analytic, "2024-12", lang)
    assert [j.anchor for j in doc.judgements()] == ["judgement-anka-production"]
    found = texts(section(doc, "judgements"))
    assert found[found.index(heading) + 1] == item, found
    assert found.index(heading) < next(i for i, t in enumerate(found) if t.startswith(("Likelihood", "Probabilité")))
    assert "Reason" not in " ".join(texts(section(document(analytic, "2024-11", lang), "judgements")))


def test_an_edition_that_drops_every_judgement_still_tells_its_readers(analytic):
    path = analytic / "content/editions/2024-12.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("judgements:\n"), text.index("dropped:\n")
    path.write_text(text[:start] + text[end:].replace(
        "dropped:\n", 'dropped:\n  - {id: anka-production, why: {fr: "démentie.", en: "denied."}}\n'), encoding="utf-8")
    doc = document(analytic, "2024-12", "en")
    assert doc.judgements() == []
    found = texts(section(doc, "judgements"))
    assert [t.split("\u00a0— ")[0] for t in found[2:4]] == ["Anka production will start in Kazakhstan in 2025",
                                                       "Kazakhstan will export Ankas by 2026"], found
