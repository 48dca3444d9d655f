"""A quote not found names the source's nearest passage and marks the words that differ."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pathlib import Path

from kzbrief.content.model import LoadedSource, Origin
from kzbrief.content.nearest import explain_missing, nearest_passage
from kzbrief.content.schema import Source

TEXT = ("Le Kazakhstan et la Turquie ont signé le 10 mai un accord sur la production de drones Anka.\n"
        "L'armée compte plus de 70 000 personnes. Les premières livraisons sont attendues en 2026, "
        "selon le ministère de la défense.\n")
SOURCE = LoadedSource(Source(id="s", title="T", published="2024", language="fr", reliability="B"), TEXT,
                      Path("s.txt"), Origin("s.yaml", 1))


def test_one_changed_word_is_marked_in_the_source_passage():
    found = nearest_passage(SOURCE, "ont signé le 12 mai un accord sur la production")
    assert found.passage == "… ont signé le [10] mai un accord sur la production …"
    assert found.differences == ["the quote has \u201c12\u201d where the source has \u201c10\u201d"]


def test_added_and_dropped_words_are_named():
    found = nearest_passage(SOURCE, "Les premières livraisons de drones sont attendues en 2026, selon le ministère")
    assert found.passage == "… Les premières livraisons sont attendues en 2026, selon le ministère …"
    assert found.differences == ["\u201cde drones\u201d is not in the source here"]
    found = nearest_passage(SOURCE, "plus de 000 personnes")
    assert found.passage == "… plus de [70] 000 personnes …" and found.differences == ["the source also has \u201c70\u201d"]


def test_punctuation_stays_as_in_the_source():
    found = nearest_passage(SOURCE, "production de drones Anka; L'armée compte")
    assert found.passage == "… production de drones Anka[.] L'armée compte …"


def test_nothing_alike_says_so():
    assert explain_missing(SOURCE, "un budget militaire record pour l'aviation") == "no passage of the source resembles it"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=30), st.integers(min_value=6, max_value=12), st.sampled_from(["X", "zzz", "2031"]))
def test_a_passage_with_one_word_replaced_is_found_where_it_is(start, length, word):
    """Quotes of six words or more: the search starts from a quote's longer words, which a few
    short words ("le 10 mai un") may not have."""
    words = TEXT.split()
    start = min(start, len(words) - length)
    passage = words[start:start + length]
    changed = passage.copy()
    changed[length // 2] = word
    found = nearest_passage(SOURCE, " ".join(changed))
    assert found is not None
    assert found.passage.strip("… ").replace("[", "").replace("]", "") == " ".join(passage)
