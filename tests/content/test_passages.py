"""Passages: loose search that always returns the source's own text, and sentences around quotes."""

from pathlib import Path

from kzbrief.content.model import LoadedSource, Origin
from kzbrief.content.passages import fold, locate, search, sentence_bounds
from kzbrief.content.schema import Source


def source(text: str, sid: str = "s") -> LoadedSource:
    meta = Source.model_validate({"id": sid, "title": "T", "published": "2024", "language": "fr", "reliability": "B"})
    return LoadedSource(meta, text, Path(f"{sid}.txt"), Origin(f"{sid}.yaml", 1))


ARTICLE = ("LE KAZAKHSTAN ET LA TURQUIE\n"
           "L’armée de l’air dispose de 120 avions. Selon le ministère, les Su-30SM «\u00a0restent\u00a0» le choix.\n"
           "Une   délégation  ira en Turquie.\n")


def test_fold_drops_accents_case_punctuation_and_keeps_positions():
    folded = fold("L’Armée  de\tl'air")
    assert folded.text == "l armee de l air"
    start, end = folded.span(0, len(folded.text))
    assert (start, end) == (0, len("L’Armée  de\tl'air"))


def test_search_quotes_the_source_exact_text_whatever_the_typing():
    s = source(ARTICLE)
    for typed in ("l'armee de l'air", "L ARMÉE DE L AIR", "l’armée   de l’air"):
        (hit,) = search([s], typed, near=False)
        assert hit.quote == "L’armée de l’air" and hit.score == 1 and hit.line == 2
    (hit,) = search([s], "su 30sm restent", near=False)
    assert hit.quote == "Su-30SM «\u00a0restent" and s.contains(hit.quote)
    (hit,) = search([s], "une delegation ira", near=False)
    assert hit.quote == "Une délégation ira" and s.contains(hit.quote)  # whitespace runs folded to one space


def test_search_finds_near_matches_best_first_and_not_twice():
    s = source(ARTICLE)
    found = search([s], "la delegations ira en turquie")
    assert found[0].quote.startswith("délégation ira en Turquie") or found[0].quote.startswith("Une délégation")
    assert 0.8 <= found[0].score < 1 and s.contains(found[0].quote)
    assert not any(a is not b and a.start < b.end and b.start < a.end for a in found for b in found)
    assert search([s], "hélicoptères de combat") == []


def test_search_is_limited_to_the_given_sources():
    a, b = source("Un accord.\n", "a"), source("Un accord signé.\n", "b")
    assert [p.source.id for p in search([a, b], "accord")] == ["a", "b"]
    assert [p.source.id for p in search([b], "accord")] == ["b"]


def test_sentence_and_context_around_a_quote():
    s = source(ARTICLE)
    passage = locate(s, "les Su-30SM")
    assert passage is not None
    assert passage.sentence().quote == "Selon le ministère, les Su-30SM «\u00a0restent\u00a0» le choix."
    before, quote, after = passage.context()
    assert (before, quote, after) == ("Selon le ministère, ", "les Su-30SM", " «\u00a0restent\u00a0» le choix.")
    headline = locate(s, "la turquie")
    assert headline.sentence().quote == "LE KAZAKHSTAN ET LA TURQUIE"  # a line is a sentence
    assert sentence_bounds("A. B c. D.", 3, 4) == (3, 7)
