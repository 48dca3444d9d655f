"""Dates, numbers and typography in each edition's language (Babel + catalogues)."""

from pathlib import Path

import pytest

from kzbrief.content.dates import FuzzyDate
from kzbrief.errors import BuildError
from kzbrief.i18n import I18n, french_typography

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(scope="module")
def fr():
    return I18n.load(TEMPLATES, "fr", "fr_FR")


@pytest.fixture(scope="module")
def en():
    return I18n.load(TEMPLATES, "en", "en_GB")


def test_quotes_inside_quotes_alternate_in_each_language(fr, en):
    """A value the message sets in quotation marks never repeats them inside (« … « … » … »),
    whatever the content wrote; an apostrophe is never taken for a closing mark."""
    assert (fr._("judgement.basis.title", title=fr.typo("il souligne le « rôle croissant des drones » et l'avenir"))
            == "«\u202fil souligne le “rôle croissant des drones” et l’avenir\u202f»")
    assert (en._("judgement.basis.title", title="Baykar’s chief stresses the ‘increasing role of drones’")
            == "‘Baykar’s chief stresses the “increasing role of drones”’")
    # a deeper level swaps too, and a text with no clash is left alone
    assert en.nested("a ‘b “c” d’ e", "‘") == "a “b ‘c’ d” e"
    assert en.nested("a “b” c", "‘") == "a “b” c" and fr.nested("« b »", "(") == "« b »"


@pytest.mark.parametrize("lang", sorted(p.name for p in (TEMPLATES / "locale").iterdir() if p.is_dir()))
def test_catalogues_open_quotations_with_their_language_s_first_level_marks(lang):
    """A catalogue's own quotation marks are the first level its language declares
    (``typography.quotes``): an English caption reads ‘Other partners’, not “Other partners”; the
    second level only ever sits inside the first."""
    from babel.messages.pofile import read_po

    catalogues = {}
    for po in sorted((TEMPLATES / "locale" / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            catalogues[po.name] = read_po(fh)
    first, _, second, _ = catalogues["kzbrief.po"]["typography.quotes"].string.split()
    wrong = [f"{name}: {message.id}" for name, catalogue in catalogues.items() for message in catalogue
             if message.id and message.id != "typography.quotes"
             for text in ([message.string] if isinstance(message.string, str) else message.string)
             if second in text and first not in text.split(second, 1)[0]]
    assert not wrong, f"outer quotation marks other than {first}…: {wrong}"


def test_foreign_words_keep_their_own_typography(fr):
    assert fr.foreign("Directive 203: Analytic Standards", "en") == "Directive 203: Analytic Standards"
    assert fr.foreign("Directive 203: Analytic Standards", "fr") == "Directive 203\u202f: Analytic Standards"


def test_french_typography():
    assert french_typography("Note : « oui » ; vraiment ? 10:30") == "Note\u202f: «\u202foui\u202f»\u202f; vraiment\u202f? 10:30"


@pytest.mark.parametrize("written,printed", [
    ("depuis l’édition de août 2024", "depuis l’édition d’août 2024"),
    ("De avril à octobre", "D’avril à octobre"),
    ("membre fondateur de OTSC", "membre fondateur d’OTSC"),
    ("le Anka", "l’Anka"),
    # no elision before h, y, onze, oui, or a number word counted from
    ("de Haluk Bayraktar", "de Haluk Bayraktar"),
    ("de Yermekbayev", "de Yermekbayev"),
    ("le onze", "le onze"),
    ("de un à trois", "de un à trois"),
    # nor before a letter named as such (tenth round, E-1), while a name starting with it elides
    ("de A (totalement fiable) à F", "de A (totalement fiable) à F"),
    ("(lettre, de A à F)", "(lettre, de A à F)"),
    ("le A400M", "l’A400M"),
    ("jusque à la fin", "jusqu’à la fin"),
    ("Mode avancé", "Mode avancé"),  # a word that only ends in -de
])
def test_french_elides_before_a_vowel(fr, written, printed):
    assert fr.typo(written) == printed


def test_composed_labels_are_elided(fr, tmp_path):
    """The changes section's intro composes 'l’édition de {period}': an edition of August,
    October or April must read d’août, d’octobre, d’avril."""
    from kzbrief.content.dates import Period
    for month, word in ((8, "d’août"), (10, "d’octobre"), (4, "d’avril")):
        intro = fr._("changes.intro", period=fr.period(Period(2024, month)))
        assert word in intro and " de " + word[2:] not in intro


@pytest.mark.parametrize("written,printed", [
    ("classé 58e sur 145", "classé 58\u1d49 sur 145"),
    ("le 1er novembre, la 1re fois, le 3ème", "le 1\u1d49\u02b3 novembre, la 1\u02b3\u1d49 fois, le 3\u1d49"),
    ("T-72e, BTR-80e", "T-72e, BTR-80e"),  # designations keep their letters
])
def test_french_ordinals_are_superscript(fr, written, printed):
    assert fr.typo(written) == printed


@pytest.mark.parametrize("written,printed", [
    ("(22-26 octobre)", "(22\u201326 octobre)"),
    ("2023-2024", "2023\u20132024"),
    ("Su-30SM, Mi-171Sh, KAZIND-21, TB-2", "Su-30SM, Mi-171Sh, KAZIND-21, TB-2"),
    ("2024-12-09", "2024-12-09"),
])
def test_number_ranges_take_an_en_dash(fr, en, written, printed):
    assert fr.typo(written).replace("\u202f", " ") == printed
    assert en.typo(written) == printed


def test_apostrophes_are_typographic(fr, en):
    assert fr.typo("l'aviation") == "l\u2019aviation"
    assert en.typo("Kazakhstan's") == "Kazakhstan\u2019s"


@pytest.mark.parametrize("text,qualifier,french,english", [
    ("2024-12-09", None, "9 décembre 2024", "9 December 2024"),
    ("2024-05", None, "mai 2024", "May 2024"),
    ("2009", None, "2009", "2009"),
    ("2024-10", "late", "fin octobre 2024", "late October 2024"),
])
def test_dates_keep_their_precision(fr, en, text, qualifier, french, english):
    date = FuzzyDate.parse(text)
    assert fr.date(date, qualifier) == french
    assert en.date(date, qualifier) == english


def test_date_ranges_say_shared_parts_once(fr, en):
    same_month = (FuzzyDate.parse("2024-10-22"), FuzzyDate.parse("2024-10-26"))
    assert fr.date_range(*same_month) == "22–26 octobre 2024"
    assert en.date_range(*same_month) == "22–26 October 2024"
    across = (FuzzyDate.parse("2021-08-30"), FuzzyDate.parse("2021-09-11"))
    assert fr.date_range(*across) == "30 août – 11 septembre 2021"
    assert en.date_range(*across) == "30 August – 11 September 2021"


def test_numbers(fr, en):
    assert fr.number(70000) == "70\u202f000" and en.number(70000) == "70,000"
    assert fr.number(3.5) == "3,5" and en.number(3.5) == "3.5"
    assert fr.compact(3_000_000_000) == "3 milliards" and en.compact(3_000_000_000) == "3 billion"


def test_unknown_message_id_is_an_error_naming_the_catalogue(fr):
    with pytest.raises(BuildError, match="no translation for message id 'section.nonexistent'"):
        fr._("section.nonexistent")


def test_language_names_come_from_cldr(fr, en):
    assert fr.language_name("en") == "anglais" and en.language_name("fr") == "French"


def test_first_of_the_month_is_an_ordinal_in_french(fr, en):
    first = FuzzyDate.parse("2023-11-01")
    assert fr.date(first) == "1ᵉʳ novembre 2023" and en.date(first) == "1 November 2023"
    assert fr.date(FuzzyDate.parse("2023-11-11")) == "11 novembre 2023"
    assert fr.date_range(first, FuzzyDate.parse("2023-11-05")) == "1ᵉʳ–5 novembre 2023"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_spaced_dash_never_opens_a_line(lang):
    """Nineteenth pass: « (Turquie†) — voir les faits du mois » and "circle — China and South
    Korea" broke before the dash; the space before it is now a no-break space, the one after it
    stays breakable, and an unspaced dash or a hyphen is left alone."""
    from kzbrief.i18n import typography_for

    finish = typography_for(lang)
    assert finish("also widening its circle — China and South Korea") == \
        "also widening its circle\u00a0— China and South Korea"
    assert finish(" — voir les faits du mois") == "\u00a0— voir les faits du mois"
    assert finish("a — b — c") == "a\u00a0— b\u00a0— c"
    assert finish("Su-30SM, 2023—2024") == "Su-30SM, 2023—2024"
