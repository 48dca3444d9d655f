"""Acronyms: expanded at their first use in the body, and listed in the glossary.

Analysts write acronyms bare in content; the briefing expands each one the first time a
reader meets it, in the edition's language (an English acronym in a French text gets its
French expansion), and lists every acronym it uses. The expansion takes the article the
glossary gives it where the text has none ("like the North Atlantic Treaty Organization
(NATO)"), and inside parentheses the acronym goes in brackets, never in nested parentheses.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from ..content.schema import GlossaryEntry
from ..content.wording import rules
from ..i18n import I18n
from . import nodes as n


def _texts(inlines: list[n.Inline], quoted: bool = False) -> Iterator[tuple[n.Text, bool]]:
    """Each text run, and whether it may take an expansion: not inside a cross-reference,
    which cites an item's title verbatim (the title reads the same wherever it is cited), nor
    in a bold run-in label (a thirty-word expansion broke the headline: the text after it,
    which names the acronym again, takes it)."""
    for node in inlines:
        if isinstance(node, n.Text):
            yield node, not quoted
        elif isinstance(node, (n.Footnote, n.NoteRef)):
            continue  # footnotes name sources; a first use there would be easy to miss
        else:
            yield from _texts(node.children, quoted or isinstance(node, (n.Link, n.Strong)))


def _marked_texts(inlines: list[n.Inline], inside: bool = False) -> Iterator[tuple[n.Text, bool]]:
    """Each text run, and whether it lies inside words the item already marks as the analyst's."""
    for node in inlines:
        if isinstance(node, n.Text):
            yield node, inside
        elif not isinstance(node, (n.Footnote, n.NoteRef)):
            yield from _marked_texts(node.children, inside or isinstance(node, n.Inference))


def term_of(entry: GlossaryEntry, lang: str) -> str:
    return entry.term if isinstance(entry.term, str) else entry.term[lang]


def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])")


def expand_acronyms(body: list[n.Section], entries: Iterable[GlossaryEntry], lang: str, i18n: I18n,
                    mark: Callable[[GlossaryEntry, list[n.Inline]], list[n.Inline]] = lambda _, inlines: inlines,
                    ) -> n.DefinitionList:
    """Expand first uses in place; return the glossary of the acronyms this document uses.
    An expansion no source gives (the entry has a basis) goes through ``mark``, which marks it
    as the analyst's, at its first use in running text and in the glossary."""
    # each text with the text before it in its paragraph, list item or cell (its sentence)
    texts = [(text, expandable, [t for t, _ in run[:index]]) for inlines in n.inline_runs(body)
             for run in [list(_texts(inlines))] for index, (text, expandable) in enumerate(run)]
    # a narrow table cell is no place for an expansion: the first use in running text gets it
    no_expansion = {id(text) for block in _tables(body) for row in [block.header, *block.rows]
                    for cell in row for text, _ in _texts(cell.children)}
    # nor is the revision note, a list of labels before the text: « chef de la SSB turque »
    # expanded there read « chef de la Présidence des industries de défense (SSB) turque »
    no_expansion |= {id(text) for section in body if section.anchor == "revisions"
                     for inlines in n.inline_runs([section]) for text, _ in _texts(inlines)}
    titles = " ".join(s.title for s in _sections(body))
    marked = {id(text) for inlines in n.inline_runs(body) for text, inside in _marked_texts(inlines) if inside}
    analysts: dict[int, list[tuple[str, GlossaryEntry]]] = {}  # text → the expansions no source gives
    used: list[tuple[str, GlossaryEntry]] = []
    for entry in entries:
        term = term_of(entry, lang)
        pattern = _pattern(term)
        expansion = i18n.typo(entry.expansion[lang])
        first = True
        found = bool(pattern.search(titles))
        for node, expandable, previous in texts:
            match = pattern.search(node.text)
            if not match:
                continue
            found = True
            if first and expandable and id(node) not in no_expansion:
                first = False
                before, after = node.text[:match.start()], node.text[match.end():]
                already = before.rstrip().endswith(("(", "[")) or expansion.lower() in before.lower()
                if not already:
                    context = "".join(p.text for p in previous) + before
                    phrase = expanded(context, expansion, term, entry.article.get(lang), lang)
                    node.text = before + phrase + after
                    if entry.basis and id(node) not in marked:
                        analysts.setdefault(id(node), []).append((phrase, entry))
        if found:
            used.append((term, entry))
    for inlines in n.inline_runs(body):
        _mark_expansions(inlines, analysts, mark)
    used.sort(key=lambda pair: pair[0].casefold())
    return n.DefinitionList([
        n.Definition([n.Strong([n.Text(term)])], mark(entry, [n.Text(i18n.typo(entry.expansion[lang]))]), f"glossary-{entry.id}")
        for term, entry in used
    ])


def _mark_expansions(inlines: list[n.Inline], analysts: dict[int, list[tuple[str, GlossaryEntry]]],
                     mark: Callable[[GlossaryEntry, list[n.Inline]], list[n.Inline]]) -> None:
    """Mark, where it is first given in running text, an expansion no source gives ('Bharat
    Electronics Limited (BEL)†'): the text run is split around it, in place."""
    index = 0
    while index < len(inlines):
        node = inlines[index]
        if isinstance(node, n.Text) and id(node) in analysts:
            pieces: list[n.Inline] = []
            rest = node.text
            for phrase, entry in sorted(analysts[id(node)], key=lambda pair: node.text.find(pair[0])):
                at = rest.find(phrase)
                if at < 0:
                    continue
                if at:
                    pieces.append(n.Text(rest[:at]))
                pieces += mark(entry, [n.Text(phrase)])
                rest = rest[at + len(phrase):]
            if rest:
                pieces.append(n.Text(rest))
            inlines[index:index + 1] = pieces
            index += len(pieces)
            continue
        if not isinstance(node, (n.Text, n.Footnote, n.NoteRef, n.Inference)):
            _mark_expansions(node.children, analysts, mark)
        index += 1


def expanded(before: str, expansion: str, term: str, article: str | None, lang: str) -> str:
    """'the North Atlantic Treaty Organization (NATO)' for a first use after ``before``."""
    if article and not _determined(before, lang):
        expansion = f"{article} {expansion}"
        if not before.strip() or before.rstrip().endswith((".", "!", "?", ":")):
            expansion = expansion[:1].upper() + expansion[1:]
    inside = before.count("(") > before.count(")")
    return f"{expansion} [{term}]" if inside else f"{expansion} ({term})"


def _determined(before: str, lang: str) -> bool:
    """Whether the words before the acronym already give it a determiner or a possessive."""
    words = before.split()
    last = words[-1].lower() if words else ""
    return last in rules().determiners.get(lang, ()) or last.endswith(("’s", "'s", "s’", "s'"))


def _tables(blocks: list[n.Block]) -> Iterator[n.Table]:
    for block in blocks:
        if isinstance(block, n.Table):
            yield block
        elif isinstance(block, n.Section):
            yield from _tables(block.children)


def _sections(blocks: list[n.Block]) -> Iterator[n.Section]:
    for block in blocks:
        if isinstance(block, n.Section):
            yield block
            yield from _sections(block.children)
