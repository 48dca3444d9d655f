"""The neutral document tree: what a briefing says, with no idea of how it will look.

The assembler builds one ``Document`` per (edition, language); the HTML/PDF and DOCX writers
each walk it, one method per node type. Every reader-facing string in the tree is already in
the edition's language and already typographically finished (French spaces, formatted dates
and numbers): writers only escape and style it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator, Union


# ---------------------------------------------------------------- inline nodes
@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list["Inline"]
    #: the language of its words when it is not the edition's ("fr" for a French headline in the
    #: English edition): writers tag it, and hyphenate it with that language's patterns
    lang: str = ""


@dataclass
class Strong:
    children: list["Inline"]


@dataclass
class Footnote:
    """A citation rendered as a footnote; ``number`` is its order in the document (1-based)."""

    number: int
    children: list["Inline"]
    source_id: str


@dataclass
class Citation:
    """Where a statement comes from: numbered references to the list of sources, "[2, 4]".

    One per item (paragraph, list item or table row; in the Outlook, per statement), after its text; ``children`` are the
    brackets and one link per source number, so every writer shows the same marks and links.
    """

    source_ids: list[str]
    children: list["Inline"]


@dataclass
class Link:
    """An internal link to an anchor (a section id, ``source-<id>``, ``figure-N``…)."""

    target: str
    children: list["Inline"]


@dataclass
class Target:
    """Where an item is told in full: a place cross-references (``Link``) point to, around
    the words that open it. Writers show the children as they are."""

    anchor: str
    children: list["Inline"]


@dataclass
class NoteRef:
    """A further call of a note already given: one note per distinct basis, its number reused
    by every mark that shares it (linked to the note, which appears once)."""

    note: Footnote


@dataclass
class Inference:
    """Words the analyst adds beyond the cited passages (general knowledge, an identification,
    a deduced date). Every writer sets them apart the same way: the words, then ``mark``, then
    ``note`` — a footnote giving the basis, or a call of the same note given earlier."""

    children: list["Inline"]
    mark: str
    note: Footnote | NoteRef


Inline = Union[Text, Emphasis, Strong, Footnote, NoteRef, Citation, Link, Target, Inference]


def inline_children(node: "Inline") -> list["Inline"]:
    """The inline nodes a node holds, its note included (what walks over footnotes follow);
    a further call of a note holds nothing (its note is counted where it is given)."""
    if isinstance(node, (Text, NoteRef)):
        return []
    if isinstance(node, Inference):
        return [*node.children, node.note]
    return node.children


def walk_inlines(inlines: list["Inline"]) -> Iterator["Inline"]:
    """Every inline node, in reading order, notes included."""
    for node in inlines:
        yield node
        yield from walk_inlines(inline_children(node))


# ---------------------------------------------------------------- block nodes
@dataclass
class Paragraph:
    children: list[Inline]
    role: str = "body"  # body | lead | note | meta | small


@dataclass
class BulletList:
    items: list[list[Inline]]


@dataclass
class Definition:
    term: list[Inline]
    description: list[Inline]
    anchor: str | None = None


@dataclass
class DefinitionList:
    items: list[Definition]


@dataclass
class Cell:
    children: list[Inline]
    align: str = "left"  # left | right | center
    span: int = 1  # columns it spans: a group's sub-heading spans the whole row
    group: bool = False  # a sub-heading that opens a group of rows ("Air defence")


@dataclass
class Table:
    anchor: str
    number: int
    caption: str
    header: list[Cell]
    rows: list[list[Cell]]
    widths: list[float]  # relative column widths, summing to 1
    source_line: str = ""


@dataclass
class Figure:
    """A chart: SVG for the PDF and the web page, PNG for the DOCX, both drawn from the same
    data; a build draws only the kinds its formats use, so the other path may be None."""

    anchor: str
    number: int
    caption: str
    alt: str
    source_line: str
    svg_path: str | None
    png_path: str | None
    width_cm: float = 16.0
    height_cm: float = 8.0


@dataclass
class JudgementDetail:
    """A labelled line under a judgement: what it rests on, what to watch, what changed."""

    kind: str  # basis | indicators | change
    label: str
    children: list[Inline] = field(default_factory=list)


@dataclass
class Judgement:
    """A key judgement: the analyst's assessment, not reporting. Its own node kind, so every
    writer marks judgements apart from the reported facts in the same way."""

    anchor: str
    number: int
    statement: list[Inline]
    assessment: str  # "Likely (55–80%), moderate confidence": the yardstick's words
    details: list[JudgementDetail] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    level: int  # 1, 2 or 3
    children: list["Block"] = field(default_factory=list)


Block = Union[Paragraph, BulletList, DefinitionList, Table, Figure, Judgement, Section]


# ---------------------------------------------------------------- document
@dataclass
class Cover:
    publisher: str
    series: str
    title: str
    period_label: str  # "December 2024" / "décembre 2024"
    issue_label: str  # "Issue 4" / "Numéro 4"
    language_label: str  # "English edition" / "Édition française"
    issued_label: str  # "Issued 20 December 2024"
    marking: str
    summary: str = ""
    draft_label: str = ""
    revised_label: str = ""  # "Revised on 3 January 2025" for a revised edition


@dataclass
class Metadata:
    title: str
    subject: str
    author: str
    keywords: list[str]
    lang: str  # BCP 47 tag for the document, e.g. "fr-FR"
    language: str  # project language code, e.g. "fr"
    period: str
    issued: str  # ISO date of issue: the document's creation date, for reproducible files
    draft: bool = False
    revised: str = ""  # ISO date of the latest revision, if any: the document's modification date
    revision: int = 1  # 1 for the edition as issued, then one more per revision

    @property
    def modified(self) -> str:
        return self.revised or self.issued

    @property
    def issued_date(self) -> dt.date:
        """The one timestamp a briefing file may carry (creation, modification, zip entries)."""
        return dt.date.fromisoformat(self.issued[:10])


_PAGE_FIELD = re.compile(r"\{(page|pages)\}")


def page_label_parts(label: str) -> list[tuple[str, str]]:
    """``"Page {page} of {pages}"`` → ``[("text", "Page "), ("field", "page"), …]``: each language
    puts the numbers where it wants, and each writer turns the fields into its own counters."""
    parts = []
    for index, piece in enumerate(_PAGE_FIELD.split(label)):
        if index % 2:
            parts.append(("field", piece))
        elif piece:
            parts.append(("text", piece))
    return parts


@dataclass
class Labels:
    """Chrome that writers place around the content (running header, footer, TOC title)."""

    contents: str
    page: str  # "Page {page} of {pages}" with placeholders the writer fills
    running_title: str
    figure: str  # "Figure" — prefix for captions
    table: str


#: How deep the contents go, in every format: chapters and partners, not the groups of facts
#: under each partner (some forty lines of the same five headings).
CONTENTS_DEPTH = 2


@dataclass
class Document:
    meta: Metadata
    cover: Cover
    labels: Labels
    body: list[Section]
    #: What the build tells the editor and the briefing does not print (a chart left out, and why).
    editor_notes: list[str] = field(default_factory=list)

    def walk(self):
        """Every block in reading order, depth first."""
        stack = list(reversed(self.body))
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Section):
                stack.extend(reversed(node.children))

    def contents(self) -> list[Section]:
        """The sections the table of contents lists, in reading order (each writer lists these)."""
        return [n for n in self.walk() if isinstance(n, Section) and n.level <= CONTENTS_DEPTH]

    def headings(self) -> list[tuple[int, str]]:
        return [(n.level, n.title) for n in self.walk() if isinstance(n, Section)]

    def figures(self) -> list[Figure]:
        return [n for n in self.walk() if isinstance(n, Figure)]

    def tables(self) -> list[Table]:
        return [n for n in self.walk() if isinstance(n, Table)]

    def judgements(self) -> list[Judgement]:
        return [n for n in self.walk() if isinstance(n, Judgement)]

    def footnotes(self) -> list[Footnote]:
        return self._inlines_of(Footnote)

    def citations(self) -> list[Citation]:
        return self._inlines_of(Citation)

    def inferences(self) -> list[Inference]:
        """The analyst's inferences a reader sees marked."""
        return self._inlines_of(Inference)

    def _inlines_of(self, kind: type) -> list:
        """Every inline node of one type, in reading order, notes included."""
        return [node for inlines in inline_runs(self.body) for node in walk_inlines(inlines) if isinstance(node, kind)]


def inline_runs(blocks: list["Block"]):
    """Every list of inline nodes the blocks hold, in reading order (paragraphs, list items,
    glossary terms and definitions, table cells): what walks over running text start from."""
    for block in blocks:
        if isinstance(block, Section):
            yield from inline_runs(block.children)
        elif isinstance(block, Paragraph):
            yield block.children
        elif isinstance(block, BulletList):
            yield from block.items
        elif isinstance(block, DefinitionList):
            for item in block.items:
                yield item.term
                yield item.description
        elif isinstance(block, Judgement):
            yield block.statement
            for detail in block.details:
                yield detail.children
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                for cell in row:
                    yield cell.children


def plain(inlines: list[Inline]) -> str:
    """The text of inline nodes without footnotes or citations (for TOC entries, alt text, tests)."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Footnote, NoteRef, Citation)):
            continue
        elif isinstance(node, Inference):
            out.append(plain(node.children) + node.mark)
        else:
            out.append(plain(node.children))
    return "".join(out)
