"""Document tree → .docx bytes, built on the Word styles of ``templates/reference.docx``.

One method per node type, as in the HTML writer: this module decides how a briefing looks in
Word, never what it says. Every paragraph and run names a style of the reference document
(``STYLES``), so an editor restyles the output by editing styles, not this code. The raw
OOXML python-docx lacks (footnotes, fields, bookmarks, internal links) lives in ``ooxml``.

The result is reproducible: the same Document gives the same bytes (fixed zip timestamps,
sequential ids, core dates taken from the issue date).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from lxml.etree import _Element

from ..document.nodes import (
    CONTENTS_DEPTH,
    BulletList,
    Cell,
    DefinitionList,
    Document,
    Emphasis,
    Figure,
    Citation,
    Footnote,
    Inference,
    Inline,
    Judgement,
    Link,
    NoteRef,
    Paragraph,
    Section,
    Strong,
    Table,
    Target,
    Text,
    page_label_parts,
    plain,
)
from ..errors import BuildError
from ..files import FileRefused, read_regular
from ..i18n import typography_for
from . import ooxml
from .fonts import SANS, SERIF, font_faces, text_width_pt
from .typeset import NARROW, for_word, load_exceptions, no_runt

#: What each part of a briefing is styled with: the only names this writer needs to exist
#: in the reference document. Lower-case names are Word's internal names of built-in styles.
STYLES: dict[str, str] = {
    "body": "Body Text",
    "lead": "Lead",
    "note": "Note",
    "small": "Small",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "caption": "Caption",
    "figure": "Figure",
    "source_line": "Source Line",
    "bullet": "List Bullet",
    "term": "Definition Term",
    "definition": "Definition",
    "table": "Briefing Table",
    "cell": "Table Text",
    "cell_number": "Table Number",
    "cell_heading": "Table Heading",
    "footnote_text": "footnote text",
    "footnote_reference": "footnote reference",
    "toc_heading": "TOC Heading",
    "toc1": "toc 1",
    "toc2": "toc 2",
    "toc3": "toc 3",
    "header": "Header",
    "footer": "Footer",
    "cover_publisher": "Cover Publisher",
    "cover_series": "Cover Series",
    "cover_title": "Cover Title",
    "cover_period": "Cover Period",
    "cover_meta": "Cover Meta",
    "cover_draft": "Cover Draft",
    "cover_summary": "Cover Summary",
    "cover_marking": "Cover Marking",
    "judgement": "Judgement",
    "judgement_assessment": "Judgement Assessment",
    "judgement_detail": "Judgement Detail",
    "strong": "Strong",
    "emphasis": "Emphasis",
    "link": "Hyperlink",
}

#: Paragraph roles of the tree → style keys (an unknown role reads as body text).
ROLES = {"body": "body", "lead": "lead", "note": "note", "meta": "small", "small": "small"}

#: SEQ field identifiers, as Word names its caption sequences (identifiers, not reader text).
SEQ_TABLE = "Table"
SEQ_FIGURE = "Figure"

#: The draft watermark, as the PDF draws it: bold capitals in a pale red (no style can carry
#: a WordArt shape's look, so it is set here).
WATERMARK_FONT = "Source Sans Pro"
WATERMARK_COLOUR = "F2D4D4"

#: Word's four faces of a family ← the PDF face (CSS weight, style) that fills each. Word has
#: no semibold: its bold is the real Bold face (Semibold files call themselves a family of
#: their own, "… Semibold", which Word would not match to bold "Source Sans Pro").
EMBEDDED_FACES = {(400, "normal"): "Regular", (700, "normal"): "Bold",
                  (400, "italic"): "Italic", (700, "italic"): "BoldItalic"}


class MissingStylesError(ValueError):
    """The reference .docx lacks a style the writer needs."""


@dataclass(frozen=True)
class _Inline:
    """What the runs being written are inside of: formatting, a link, a footnote."""

    bold: bool = False
    italic: bool = False
    link: bool = False
    note: bool = False
    lang: str = ""  # words in another language than the edition's: Word hyphenates them by it


def widened(widths: list[int], minimums: list[int]) -> list[int]:
    """Column widths with each raised to its minimum, the width taken from the columns with
    the most to spare (the total unchanged; a column with nothing to spare gives nothing)."""
    widths = list(widths)
    for index, need in enumerate(minimums):
        while widths[index] < need:
            donor = max((j for j in range(len(widths)) if j != index), key=lambda j: widths[j] - minimums[j], default=None)
            spare = widths[donor] - minimums[donor] if donor is not None else 0
            if spare <= 0:
                break
            given = min(spare, need - widths[index])
            widths[donor] -= given
            widths[index] += given
    return widths


def open_reference(reference: Path) -> WordDocument:
    """The reference document, or a BuildError that says which file is broken and how to fix it."""
    try:
        return docx.Document(str(reference))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zip, XML and package errors alike
        raise BuildError(f"{reference}: not a usable Word document ({type(exc).__name__}: {exc}); restore "
                         "templates/reference.docx, or regenerate it with tools/make_reference_docx.py") from None


def render_docx(doc: Document, reference: Path, allowed_roots: Iterable[Path] | None = None) -> bytes:
    """The finished .docx for ``doc``, styled by the reference document at ``reference``.

    ``allowed_roots``: the folders figures may be embedded from (the project, the build
    folder), the DOCX counterpart of the PDF's restricted fetcher; default: the figures' own.
    """
    return DocxWriter(doc, Path(reference), allowed_roots).render()


class DocxWriter:
    """Walks one Document into a python-docx document opened on the reference."""

    def __init__(self, doc: Document, reference: Path, allowed_roots: Iterable[Path] | None = None) -> None:
        self.doc = doc
        self.roots = [Path(r) for r in allowed_roots] if allowed_roots is not None else None
        self.word: WordDocument = open_reference(reference)
        self.ids = self._style_ids()
        self.bookmarks = ooxml.Bookmarks()
        self.body = self.word.element.body
        self._clear_body()
        self.footnotes = ooxml.Footnotes(self.word.part, self.ids["footnote_text"],
                                         self.ids["footnote_reference"])
        self.typography = typography_for(doc.meta.language)
        self.exceptions = load_exceptions(Path(reference).parent, doc.meta.language)

    # ------------------------------------------------------------ setup
    def image(self, path: Path) -> bytes:
        """A figure's bytes, read only from the allowed folders (like the PDF's fetcher)."""
        try:
            if self.roots is not None and not any(path.resolve().is_relative_to(r.resolve()) for r in self.roots):
                raise FileRefused(f"is outside the allowed folders ({', '.join(map(str, self.roots))})")
            return read_regular(path)
        except (OSError, FileRefused) as exc:
            reason = exc.reason if isinstance(exc, FileRefused) else (exc.strerror or str(exc))
            raise BuildError(f"figure {path}: {reason}") from None

    def _style_ids(self) -> dict[str, str]:
        """Style key → style id, failing once with every missing style named."""
        found, missing = {}, []
        for key, name in STYLES.items():
            try:
                found[key] = self.word.styles[name].style_id
            except KeyError:
                missing.append(name)
        if missing:
            raise MissingStylesError(f"reference document lacks styles: {', '.join(missing)}")
        return found

    def _clear_body(self) -> None:
        """Empty the reference's body (its style specimen), keeping the page setup."""
        for node in list(self.body):
            if node.tag != qn("w:sectPr"):
                self.body.remove(node)

    # ------------------------------------------------------------ output
    def render(self) -> bytes:
        self.cover()
        self.contents()
        for section in self.doc.body:
            self.visit(section)
        self.page_chrome()
        self.properties()
        self.embed_fonts()
        self._unwrap_dangling_links()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return ooxml.normalise_zip(buffer.getvalue(), ooxml.zip_date(self.doc.meta.issued_date))

    def add_paragraph(self, key: str) -> _Element:
        """A new body paragraph in the style ``key``, placed before the final section break."""
        p = ooxml.paragraph(self.ids[key])
        self.body.sectPr.addprevious(p)
        return p

    def add_text_paragraph(self, key: str, text: str) -> _Element:
        p = self.add_paragraph(key)
        p.extend(ooxml.text_runs(text))
        return p

    @property
    def text_width(self) -> Emu:
        section = self.word.sections[-1]
        return Emu(section.page_width - section.left_margin - section.right_margin)

    # ------------------------------------------------------------ front matter
    def cover(self) -> None:
        cover = self.doc.cover
        lines = [
            ("cover_publisher", cover.publisher),
            ("cover_series", cover.series),
            ("cover_title", no_runt(cover.title)),
            ("cover_period", cover.period_label),
            ("cover_draft", cover.draft_label if self.doc.meta.draft else ""),
            ("cover_meta", cover.issue_label),
            ("cover_meta", cover.language_label),
            ("cover_meta", cover.issued_label),
            ("cover_meta", cover.revised_label),
            ("cover_summary", cover.summary),
            ("cover_marking", cover.marking),
        ]
        last = None
        for key, text in lines:
            if text:
                last = self.add_text_paragraph(key, text)
        if last is None:
            last = self.add_paragraph("cover_title")
        last.append(ooxml.page_break())

    def contents(self) -> None:
        """The TOC title and a TOC field pre-filled with the headings the PDF's contents list
        (``Document.contents``); the field's levels are the same, so Word's update keeps them."""
        self.add_text_paragraph("toc_heading", self.doc.labels.contents)
        entries = [ooxml.TocEntry(self._level(node), node.title, self.bookmarks.name(node.anchor))
                   for node in self.doc.contents()]
        styles = {level: self.ids[f"toc{level}"] for level in range(1, CONTENTS_DEPTH + 1)}
        paragraphs = ooxml.toc_paragraphs(entries, styles, f"1-{CONTENTS_DEPTH}")
        for p in paragraphs:
            self.body.sectPr.addprevious(p)
        paragraphs[-1].append(ooxml.page_break())

    @staticmethod
    def _level(section: Section) -> int:
        return min(max(section.level, 1), 3)

    # ------------------------------------------------------------ blocks
    def visit(self, node) -> None:
        getattr(self, "visit_" + type(node).__name__.lower())(node)

    def visit_section(self, node: Section) -> None:
        p = self.add_text_paragraph(f"heading{self._level(node)}", node.title)
        self.bookmarks.place(p, node.anchor)
        for index, block in enumerate(node.children):
            self.visit(block)
            # as the PDF: the paragraph under a heading (a chapter's intro, a profile's count
            # line) stays with what follows it, unless it is a boxed note
            if index == 0 and isinstance(block, Paragraph) and block.role != "note":
                ooxml.keep_with_next(self.body.sectPr.getprevious())

    def visit_paragraph(self, node: Paragraph) -> None:
        p = self.add_paragraph(ROLES.get(node.role, "body"))
        self.inlines(p, node.children)
        if node.role == "meta":  # a summary line never ends a page (the PDF's p.p-meta)
            ooxml.keep_with_next(p)

    def visit_bulletlist(self, node: BulletList) -> None:
        for item in node.items:
            self.inlines(self.add_paragraph("bullet"), item)

    def visit_definitionlist(self, node: DefinitionList) -> None:
        for item in node.items:
            term = self.add_paragraph("term")
            self.inlines(term, item.term)
            if item.anchor:
                self.bookmarks.place(term, item.anchor)
            if item.description:
                self.inlines(self.add_paragraph("definition"), item.description)

    def visit_table(self, node: Table) -> None:
        caption = self.caption(self.doc.labels.table, SEQ_TABLE, node.number, node.caption)
        self.bookmarks.place(caption, node.anchor)
        columns = max([len(node.header), *(len(row) for row in node.rows)]) or 1
        rows = ([node.header] if node.header else []) + node.rows
        table = self.word.add_table(rows=len(rows) or 1, cols=columns)
        table.style = self.word.styles[STYLES["table"]]
        tbl = table._tbl
        widths = self.column_widths(node.widths, columns)
        if len(node.header) == columns:
            widths = widened(widths, self.header_minimums(node.header))
        ooxml.lay_out_table(tbl, widths)
        ooxml.set_table_description(tbl, node.caption)
        for index, (row, cells) in enumerate(zip(table.rows, rows)):
            heading = bool(node.header) and index == 0
            if heading:
                ooxml.mark_header_row(row._tr)
            else:
                ooxml.keep_row_whole(row._tr)
            slots = list(row.cells)
            column = 0
            for content in list(cells) + [Cell([])] * (columns - sum(c.span for c in cells)):
                cell = slots[column]
                if content.span > 1:  # a group's sub-heading: one cell over the row
                    cell = cell.merge(slots[min(column + content.span, columns) - 1])
                self.table_cell(cell.paragraphs[0]._p, content, heading or content.group)
                if content.span == 1 and column < len(node.widths) and node.widths[column] <= NARROW:
                    # a narrow column (status, date) is never hyphenated, as in the PDF
                    ooxml.set_child(ooxml.child(cell.paragraphs[0]._p, "w:pPr"), ooxml.el("w:suppressAutoHyphens"))
                column += content.span
        self.source_line(node.source_line)

    def table_cell(self, p: _Element, cell: Cell, heading: bool) -> None:
        key = "cell_heading" if heading else ("cell_number" if cell.align == "right" else "cell")
        ooxml.set_child(ooxml.child(p, "w:pPr"), ooxml.el("w:pStyle", {"w:val": self.ids[key]}))
        if cell.align == "center" or (heading and cell.align == "right"):
            ooxml.set_alignment(p, cell.align)
        self.inlines(p, cell.children)

    def column_widths(self, relative: list[float], columns: int) -> list[int]:
        """Column widths in twips over the text width; equal when the tree gives none."""
        total = round(self.text_width / 635)
        shares = relative if len(relative) == columns and sum(relative) > 0 else [1.0] * columns
        widths = [int(total * share / sum(shares)) for share in shares]
        widths[-1] += total - sum(widths)
        return widths

    def header_minimums(self, header: list[Cell]) -> list[int]:
        """Each column's least width in twips: its header's longest word set in the heading
        style, plus the cell's side margins and a point to spare (LibreOffice and Word set text
        a little differently), so a header never breaks inside a word ('Grad/e')."""
        size, family, bold = self.style_font(STYLES["cell_heading"])
        left, right = ooxml.cell_margins(self.word.styles[STYLES["table"]].element)
        return [round(max((text_width_pt(word, size, family, bold) for word in plain(cell.children).split()), default=0)
                      * 20) + left + right + 20 for cell in header]

    def style_font(self, name: str) -> tuple[float, str, bool]:
        """A paragraph style's size (pt), family (of the embedded two) and boldness, as it
        inherits them from the styles it is based on."""
        size = family = bold = None
        style = self.word.styles[name]
        while style is not None:
            size = size or (style.font.size.pt if style.font.size else None)
            family = family or style.font.name
            bold = style.font.bold if bold is None else bold
            style = style.base_style
        return size or 11.0, SERIF if family == SERIF else SANS, bool(bold)

    def visit_figure(self, node: Figure) -> None:
        para = self.word.add_paragraph(style=self.word.styles[STYLES["figure"]])
        width = min(Cm(node.width_cm), self.text_width)
        run = para.add_run()
        run.add_picture(io.BytesIO(self.image(Path(node.png_path))), width=width)
        ooxml.set_alt_text(run._r.find(f".//{qn('wp:inline')}"), node.alt, node.alt)
        self.bookmarks.place(para._p, node.anchor)
        self.caption(self.doc.labels.figure, SEQ_FIGURE, node.number, node.caption)
        self.source_line(node.source_line)

    def visit_judgement(self, node: Judgement) -> None:
        """The statement, the yardstick's words, then labelled detail lines, each in its own
        style: an editor restyles every judgement at once."""
        statement = self.add_paragraph("judgement")
        self.bookmarks.place(statement, node.anchor)
        self.inlines(statement, [Strong([Text(f"{node.number}. ")]), *node.statement])
        self.add_text_paragraph("judgement_assessment", for_word(node.assessment, self.exceptions))
        for detail in node.details:
            line = self.add_paragraph("judgement_detail")
            children = [Text(" "), *detail.children] if detail.children else []
            self.inlines(line, [Strong([Text(detail.label)]), *children])

    def caption(self, label: str, sequence: str, number: int, text: str) -> _Element:
        """'{label} {SEQ}: text' in the Caption style; the number is a live SEQ field."""
        p = self.add_paragraph("caption")
        p.extend(ooxml.text_runs(label + "\u00a0"))
        p.extend(ooxml.seq_field_runs(sequence, number))
        if text:
            p.extend(ooxml.text_runs(self.typography(": ") + for_word(text, self.exceptions)))
        return p

    def source_line(self, text: str) -> None:
        if text:
            self.add_text_paragraph("source_line", for_word(text, self.exceptions))

    # ------------------------------------------------------------ inlines
    def inlines(self, parent: _Element, nodes: list[Inline], within: _Inline = _Inline()) -> None:
        for node in nodes:
            getattr(self, "inline_" + type(node).__name__.lower())(parent, node, within)

    def inline_text(self, parent: _Element, node: Text, within: _Inline) -> None:
        parent.extend(ooxml.text_runs(for_word(node.text, self.exceptions), self.run_properties(within)))

    def inline_emphasis(self, parent: _Element, node: Emphasis, within: _Inline) -> None:
        self.inlines(parent, node.children, replace(within, italic=True, lang=node.lang or within.lang))

    def inline_strong(self, parent: _Element, node: Strong, within: _Inline) -> None:
        self.inlines(parent, node.children, replace(within, bold=True))

    def inline_link(self, parent: _Element, node: Link, within: _Inline) -> None:
        if within.link:  # hyperlinks do not nest in OOXML: the outer link wins
            self.inlines(parent, node.children, within)
            return
        link = ooxml.hyperlink(self.bookmarks.name(node.target))
        parent.append(link)
        self.inlines(link, node.children, replace(within, link=True))

    def inline_target(self, parent: _Element, node: Target, within: _Inline) -> None:
        """The words that open an item told in full, inside a bookmark cross-references link to."""
        before = len(parent)
        self.inlines(parent, node.children, within)
        runs = list(parent)[before:]
        if runs and not within.note:
            self.bookmarks.around(runs[0], runs[-1], node.anchor)

    def inline_citation(self, parent: _Element, node: Citation, within: _Inline) -> None:
        self.inlines(parent, node.children, within)

    def inline_footnote(self, parent: _Element, node: Footnote, within: _Inline) -> None:
        if within.note:  # a note inside a note: its text joins the outer note
            self.inlines(parent, node.children, within)
            return
        reference, body = self.footnotes.add()
        parent.append(reference)
        self.bookmarks.wrap(reference, f"footnote-{node.number}")  # for later calls of the same note
        self.inlines(body, node.children, _Inline(note=True))

    def inline_noteref(self, parent: _Element, node: NoteRef, within: _Inline) -> None:
        """A further call of a note given earlier: its number as a note call, kept up to date."""
        rpr = ooxml.run_properties(self.ids["footnote_reference"])
        parent.extend(ooxml.noteref_field_runs(self.bookmarks.name(f"footnote-{node.note.number}"),
                                               node.note.number, rpr))

    def inline_inference(self, parent: _Element, node: Inference, within: _Inline) -> None:
        """The analyst's words as they are, then the mark and its note (as the PDF shows them)."""
        self.inlines(parent, node.children, within)
        self.inlines(parent, [Text(node.mark), node.note], within)

    def run_properties(self, within: _Inline) -> _Element | None:
        """One character style per run (link, then strong, then emphasis); what that style
        does not give is added as a plain bold/italic toggle."""
        if within.link:
            style = "link"
        elif within.bold:
            style = "strong"
        elif within.italic:
            style = "emphasis"
        else:
            return ooxml.run_properties(lang=within.lang)
        return ooxml.run_properties(self.ids[style], bold=within.bold and style != "strong",
                                    italic=within.italic and style != "emphasis", lang=within.lang)

    def _unwrap_dangling_links(self) -> None:
        """A link to an anchor that is not in this document becomes plain text."""
        placed = {self.bookmarks.name(a) for a in self.bookmarks.placed}
        for root in (self.body, self.footnotes.root):
            for link in list(root.iter(qn("w:hyperlink"))):
                if link.get(qn("w:anchor")) not in placed:
                    for node in list(link):
                        link.addprevious(node)
                    link.getparent().remove(link)

    # ------------------------------------------------------------ page chrome and metadata
    def page_chrome(self) -> None:
        """Running header and 'page X of Y' footer; the cover page has neither."""
        section = self.word.sections[0]
        section.different_first_page_header_footer = True
        labels, cover = self.doc.labels, self.doc.cover
        header = self._chrome_paragraph(section.header, "header")
        # the running title already names the period: the right side carries the marking only
        header.extend(ooxml.text_runs(labels.running_title + ("\t" + cover.marking if cover.marking else "")))
        footer = self._chrome_paragraph(section.footer, "footer")
        footer.extend(ooxml.text_runs(cover.publisher + "\t"))
        footer.extend(ooxml.page_label_runs(page_label_parts(labels.page)))
        # the cover's header is blank: the footer style, which draws no rule under it
        cover_header = self._chrome_paragraph(section.first_page_header, "footer")
        self._chrome_paragraph(section.first_page_footer, "footer")
        if self.doc.meta.draft and cover.draft_label:  # on every page, the cover's too
            for number, paragraph in enumerate((header, cover_header), start=1):
                paragraph.append(ooxml.watermark_run(cover.draft_label.upper(), WATERMARK_FONT,
                                                     WATERMARK_COLOUR, number))

    def _chrome_paragraph(self, story, key: str) -> _Element:
        """The single, emptied paragraph of a header or footer part."""
        story.is_linked_to_previous = False
        root = story._element
        for node in list(root):
            root.remove(node)
        p = ooxml.paragraph(self.ids[key])
        root.append(p)
        return p

    def properties(self) -> None:
        """Core properties and the document language, all from ``doc.meta``."""
        meta = self.doc.meta
        props = self.word.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = props.last_modified_by = meta.author
        props.keywords = ", ".join(meta.keywords)
        props.language = meta.lang
        props.comments = props.category = ""
        props.revision = meta.revision
        props.created = dt.datetime.combine(meta.issued_date, dt.time())
        props.modified = dt.datetime.combine(dt.date.fromisoformat(meta.modified), dt.time())
        ooxml.set_document_language(self.word.styles.element, meta.lang)
        ooxml.configure_settings(self.word.settings.element, meta.lang)

    def embed_fonts(self) -> None:
        """Embed the PDF's fonts for the families the styles name, so Word and LibreOffice
        show the briefing in them whether or not the reader has them installed."""
        ooxml.embed_fonts(self.word.part, self.word.settings.element,
                          embedded_fonts(ooxml.font_families(self.word.styles.element)))


def embedded_fonts(families: set[str]) -> list[ooxml.FontFile]:
    """The Regular/Bold/Italic/BoldItalic files of those of ``families`` the PDF also uses."""
    return [ooxml.FontFile(face.family, EMBEDDED_FACES[(face.weight, face.style)], face.path)
            for face in font_faces()
            if face.family in families and (face.weight, face.style) in EMBEDDED_FACES]
