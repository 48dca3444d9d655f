"""Acronyms: expanded at their first use in the body, and listed in the glossary.

Analysts write acronyms bare in content; the briefing expands each one the first time a
reader meets it, in the edition's language (an English acronym in a French text gets its
French expansion), and lists every acronym it uses.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..content.schema import GlossaryEntry
from ..i18n import I18n
from . import nodes as n


def _texts(inlines: list[n.Inline]) -> Iterator[n.Text]:
    for node in inlines:
        if isinstance(node, n.Text):
            yield node
        elif isinstance(node, n.Footnote):
            continue  # footnotes name sources; a first use there would be easy to miss
        else:
            yield from _texts(node.children)


def term_of(entry: GlossaryEntry, lang: str) -> str:
    return entry.term if isinstance(entry.term, str) else entry.term[lang]


def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])")


def expand_acronyms(body: list[n.Section], entries: Iterable[GlossaryEntry], lang: str, i18n: I18n) -> n.DefinitionList:
    """Expand first uses in place; return the glossary of the acronyms this document uses."""
    texts = [text for inlines in n.inline_runs(body) for text in _texts(inlines)]
    # a narrow table cell is no place for an expansion: the first use in running text gets it
    in_tables = {id(text) for block in _tables(body) for row in [block.header, *block.rows]
                 for cell in row for text in _texts(cell.children)}
    titles = " ".join(s.title for s in _sections(body))
    used: list[tuple[str, GlossaryEntry]] = []
    for entry in entries:
        term = term_of(entry, lang)
        pattern = _pattern(term)
        expansion = i18n.typo(entry.expansion[lang])
        first = True
        found = bool(pattern.search(titles))
        for node in texts:
            match = pattern.search(node.text)
            if not match:
                continue
            found = True
            if first and id(node) not in in_tables:
                first = False
                before, after = node.text[:match.start()], node.text[match.end():]
                already = before.rstrip().endswith("(") or expansion.lower() in before.lower()
                if not already:
                    node.text = f"{before}{expansion} ({term}){after}"
        if found:
            used.append((term, entry))
    used.sort(key=lambda pair: pair[0].casefold())
    return n.DefinitionList([
        n.Definition([n.Strong([n.Text(term)])], [n.Text(i18n.typo(entry.expansion[lang]))], f"glossary-{entry.id}")
        for term, entry in used
    ])


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
