"""Raw WordprocessingML that python-docx has no API for, kept in one place.

Footnotes, fields (TOC, PAGE, NUMPAGES, SEQ, PAGEREF), bookmarks, internal hyperlinks, alt
text, the document language, settings and the final, reproducible zip are all built here, so
``docx.py`` reads as a walk over the document tree and this module is the only one that has
to know the schema's element names and orders. Nothing here knows what a briefing says.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
import struct
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import _Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Footnote ids 0 and 1 are the separators (LibreOffice's convention, which Word also reads);
# the briefing's own notes are numbered from 2 in reading order.
SEPARATOR_ID = 0
CONTINUATION_ID = 1
FIRST_NOTE_ID = 2

# ---------------------------------------------------------------- element order
# The schema fixes the order of children; Word refuses files that break it. These lists hold
# the elements this project writes (plus their neighbours), in schema order.
_ORDER: dict[str, tuple[str, ...]] = {
    "w:p": ("w:pPr", "w:r", "w:hyperlink", "w:bookmarkStart", "w:bookmarkEnd", "w:fldSimple",
            "w:proofErr", "w:ins", "w:del", "w:sdt"),
    "w:tbl": ("w:tblPr", "w:tblGrid", "w:tr"),
    "w:tr": ("w:tblPrEx", "w:trPr", "w:tc"),
    "w:tc": ("w:tcPr", "w:p", "w:tbl"),
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath",
    ),
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
        "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    ),
    "w:font": (
        "w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch",
        "w:sig", "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic",
    ),
    "w:settings": (
        "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
        "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
        "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
        "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts",
        "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
        "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
        "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
        "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
        "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
        "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
        "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
        "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
        "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
        "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
        "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
        "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
        "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
        "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
        "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
        "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl",
        "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
        "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
        "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
        "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
        "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
        "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
        "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
        "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
    ),
}


def el(tag: str, attrs: dict[str, str] | None = None, *children: _Element) -> _Element:
    """A new element ``tag`` (prefixed, e.g. ``w:p``) with prefixed attributes and children."""
    node = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    for child in children:
        node.append(child)
    return node


def set_child(parent: _Element, child: _Element) -> _Element:
    """Put ``child`` into ``parent`` in schema order, replacing any element with its tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    order = _ORDER.get(_prefixed(parent.tag), ())
    later = {qn(t) for t in order[order.index(_prefixed(child.tag)) + 1:]} if _prefixed(child.tag) in order else set()
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def _prefixed(clark: str) -> str:
    """``{ns}local`` → ``w:local`` for the namespaces named in ``_ORDER``."""
    for prefix, uri in (("w", W_NS),
                        ("m", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
                        ("sl", "http://schemas.openxmlformats.org/schemaLibrary/2006/main")):
        if clark.startswith("{" + uri + "}"):
            return f"{prefix}:{clark.split('}', 1)[1]}"
    return clark


def child(parent: _Element, tag: str) -> _Element:
    """The ``tag`` child of ``parent``, created in schema order when missing."""
    found = parent.find(qn(tag))
    return found if found is not None else set_child(parent, el(tag))


# ---------------------------------------------------------------- runs and paragraphs
def paragraph(style_id: str | None = None) -> _Element:
    p = el("w:p")
    if style_id:
        child(p, "w:pPr").append(el("w:pStyle", {"w:val": style_id}))
    return p


def keep_with_next(p: _Element) -> None:
    """Keep this paragraph on the page of the next one (Word's "keep with next")."""
    set_child(child(p, "w:pPr"), el("w:keepNext"))


def set_alignment(p: _Element, value: str) -> None:
    """Paragraph alignment (``left``/``center``/``right``/``both``), for table cells."""
    set_child(child(p, "w:pPr"), el("w:jc", {"w:val": value}))


def run_properties(style_id: str | None = None, bold: bool = False, italic: bool = False,
                   lang: str = "") -> _Element | None:
    """``w:rPr`` with a character style and the few toggles a nested inline adds on top, and
    the run's language when it is not the document's."""
    if not (style_id or bold or italic or lang):
        return None
    rpr = el("w:rPr")
    if style_id:
        set_child(rpr, el("w:rStyle", {"w:val": style_id}))
    if bold:
        set_child(rpr, el("w:b"))
    if italic:
        set_child(rpr, el("w:i"))
    if lang:
        set_child(rpr, el("w:lang", {"w:val": lang}))
    return rpr


#: Characters Word wants as elements: a tab, a line break, a non-breaking hyphen (U+2011) and
#: an optional hyphen (U+00AD), which Word shows as a hyphen only where it breaks the line.
_SPECIAL = {"\t": "w:tab", "\n": "w:br", "\u2011": "w:noBreakHyphen", "\u00ad": "w:softHyphen"}


def text_runs(text: str, rpr: _Element | None = None) -> list[_Element]:
    """Runs for ``text``; tabs, line breaks, non-breaking and optional hyphens become the
    elements Word expects (``w:tab``, ``w:br``, ``w:noBreakHyphen``, ``w:softHyphen``)."""
    runs = []
    for piece in re.split("([\t\n\u2011\u00ad])", text):
        if not piece:
            continue
        r = el("w:r")
        if rpr is not None:
            r.append(_copy(rpr))
        if piece in _SPECIAL:
            r.append(el(_SPECIAL[piece]))
        else:
            t = el("w:t")
            t.text = piece
            t.set(XML_SPACE, "preserve")
            r.append(t)
        runs.append(r)
    return runs


def _copy(node: _Element) -> _Element:
    return copy.deepcopy(node)


def page_break() -> _Element:
    return el("w:r", None, el("w:br", {"w:type": "page"}))


# ---------------------------------------------------------------- fields
def field_runs(instruction: str, result: str = "", rpr: _Element | None = None) -> list[_Element]:
    """A complex field (begin, instruction, separate, cached result, end).

    The cached result is what tools that never update fields show, so it is always filled.
    """
    def mark(kind: str) -> _Element:
        r = el("w:r")
        if rpr is not None:
            r.append(_copy(rpr))
        r.append(el("w:fldChar", {"w:fldCharType": kind}))
        return r

    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    instr_run = el("w:r")
    if rpr is not None:
        instr_run.append(_copy(rpr))
    instr_run.append(instr)
    return [mark("begin"), instr_run, mark("separate"), *text_runs(result, rpr), mark("end")]


_PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def page_label_runs(parts: list[tuple[str, str]]) -> list[_Element]:
    """Runs for a page label's parts (see ``nodes.page_label_parts``): text and PAGE/NUMPAGES fields."""
    runs: list[_Element] = []
    for kind, value in parts:
        runs.extend(field_runs(f"{_PAGE_FIELDS[value]} \\* ARABIC", "1") if kind == "field" else text_runs(value))
    return runs


def seq_field_runs(identifier: str, number: int) -> list[_Element]:
    """A SEQ field (``Table``/``Figure``) whose cached result is the caption's number."""
    return field_runs(f"SEQ {identifier} \\* ARABIC", str(number))


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    bookmark: str


def toc_paragraphs(entries: Sequence[TocEntry], style_ids: dict[int, str], levels: str = "1-3") -> list[_Element]:
    """A TOC field pre-filled with one hyperlinked entry per heading.

    Word rebuilds it, page numbers included, when it opens the file (``updateFields``);
    tools that never update fields (LibreOffice, viewers) show the cached entries. Those
    carry no page numbers: we cannot know the pages, and no number beats a wrong one.
    """
    begin = field_runs(f'TOC \\o "{levels}" \\h \\z \\u')
    head, end = begin[:3], begin[-1]
    paragraphs = []
    for entry in entries:
        p = paragraph(style_ids.get(entry.level, style_ids[max(style_ids)]))
        link = hyperlink(entry.bookmark)
        link.extend(text_runs(entry.text))
        p.append(link)
        paragraphs.append(p)
    if not paragraphs:
        paragraphs.append(paragraph(style_ids[min(style_ids)]))
    ppr = paragraphs[0].find(qn("w:pPr"))
    for run in reversed(head):
        ppr.addnext(run)
    paragraphs[-1].append(end)
    return paragraphs


# ---------------------------------------------------------------- bookmarks and links
_BOOKMARK_INVALID = re.compile(r"[^A-Za-z0-9_]")
BOOKMARK_MAX = 40


def sanitise_bookmark(anchor: str) -> str:
    """A valid Word bookmark name for ``anchor``: letters, digits, ``_``; starts with a letter."""
    name = _BOOKMARK_INVALID.sub("_", anchor)
    if not name or not name[0].isalpha():
        name = "a" + name
    return name[:BOOKMARK_MAX]


@dataclass
class Bookmarks:
    """Anchor → bookmark name, unique in the document, and sequential bookmark ids.

    Links and their targets both ask here, so a link written before its target still agrees
    with it; each anchor is placed at most once.
    """

    names: dict[str, str] = field(default_factory=dict)
    placed: set[str] = field(default_factory=set)
    next_id: int = 0

    def name(self, anchor: str) -> str:
        if anchor not in self.names:
            base = sanitise_bookmark(anchor)
            taken = set(self.names.values())
            candidate, n = base, 1
            while candidate in taken:
                suffix = f"_{n}"
                candidate = base[: BOOKMARK_MAX - len(suffix)] + suffix
                n += 1
            self.names[anchor] = candidate
        return self.names[anchor]

    def place(self, p: _Element, anchor: str) -> None:
        """Wrap the content of paragraph ``p`` in a bookmark named for ``anchor``."""
        if anchor in self.placed:
            return
        self.placed.add(anchor)
        ident = str(self.next_id)
        self.next_id += 1
        start = el("w:bookmarkStart", {"w:id": ident, "w:name": self.name(anchor)})
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(el("w:bookmarkEnd", {"w:id": ident}))


    def wrap(self, run: _Element, anchor: str) -> None:
        """Put a bookmark named for ``anchor`` around one run (a footnote reference)."""
        self.around(run, run, anchor)

    def around(self, first: _Element, last: _Element, anchor: str) -> None:
        """Put a bookmark named for ``anchor`` from ``first`` to ``last`` (siblings, in order)."""
        if anchor in self.placed:
            return
        self.placed.add(anchor)
        ident = str(self.next_id)
        self.next_id += 1
        first.addprevious(el("w:bookmarkStart", {"w:id": ident, "w:name": self.name(anchor)}))
        last.addnext(el("w:bookmarkEnd", {"w:id": ident}))


def noteref_field_runs(bookmark: str, number: int, rpr: _Element | None = None) -> list[_Element]:
    """A further call of a footnote given earlier: a NOTEREF field to the bookmark around its
    reference, formatted as a note call (``\\f``) and linked to the note (``\\h``); its
    cached result is the note's number, so tools that never update fields show it too."""
    return field_runs(f"NOTEREF {bookmark} \\f \\h", str(number), rpr)


def hyperlink(bookmark: str) -> _Element:
    """An internal hyperlink to ``bookmark`` (its runs are appended by the caller)."""
    return el("w:hyperlink", {"w:anchor": bookmark, "w:history": "1"})


# ---------------------------------------------------------------- footnotes
_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    f'<w:footnote w:type="separator" w:id="{SEPARATOR_ID}"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    f'<w:footnote w:type="continuationSeparator" w:id="{CONTINUATION_ID}"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The ``word/footnotes.xml`` part: separators, then one note per reference."""

    def __init__(self, document_part, text_style_id: str, reference_style_id: str) -> None:
        for rid, rel in list(document_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:  # a template's notes are never the briefing's
                document_part.drop_rel(rid)
        self.root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        self.text_style_id = text_style_id
        self.reference_style_id = reference_style_id
        self.next_id = FIRST_NOTE_ID

    def add(self) -> tuple[_Element, _Element]:
        """A new note: (reference run for the text, note paragraph to fill with runs)."""
        ident = str(self.next_id)
        self.next_id += 1
        rpr = run_properties(self.reference_style_id)
        body = paragraph(self.text_style_id)
        body.append(el("w:r", None, _copy(rpr), el("w:footnoteRef")))
        body.extend(text_runs(" "))
        note = el("w:footnote", {"w:id": ident}, body)
        self.root.append(note)
        return el("w:r", None, rpr, el("w:footnoteReference", {"w:id": ident})), body


# ---------------------------------------------------------------- tables
def twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def lay_out_table(tbl: _Element, widths: Sequence[int]) -> None:
    """Fixed column widths (twips) on the grid, the table and every cell."""
    tblpr = child(tbl, "w:tblPr")
    set_child(tblpr, el("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}))
    set_child(tblpr, el("w:tblLayout", {"w:type": "fixed"}))
    set_child(tblpr, el("w:tblLook", {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0",
                                      "w:firstColumn": "0", "w:lastColumn": "0",
                                      "w:noHBand": "0", "w:noVBand": "1"}))
    grid = tbl.find(qn("w:tblGrid"))
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        grid.append(el("w:gridCol", {"w:w": str(width)}))
    for tr in tbl.iter(qn("w:tr")):
        for width, tc in zip(widths, tr.findall(qn("w:tc"))):
            set_child(child(tc, "w:tcPr"), el("w:tcW", {"w:w": str(width), "w:type": "dxa"}))


#: Word's cell side margin (twips) when a table style sets none.
DEFAULT_CELL_MARGIN = 108


def cell_margins(table_style: _Element) -> tuple[int, int]:
    """A table style's left and right cell margins, in twips."""
    found = table_style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")

    def side(*names: str) -> int:
        for name in names:
            margin = found.find(qn(name)) if found is not None else None
            if margin is not None:
                return int(margin.get(qn("w:w"))) if margin.get(qn("w:type"), "dxa") == "dxa" else DEFAULT_CELL_MARGIN
        return DEFAULT_CELL_MARGIN

    return side("w:left", "w:start"), side("w:right", "w:end")


def keep_row_whole(tr: _Element) -> None:
    """Never split this row over two pages: a row's tail alone at the top of a page has lost
    the name in its first cell (the PDF keeps rows whole too)."""
    set_child(child(tr, "w:trPr"), el("w:cantSplit"))


def mark_header_row(tr: _Element) -> None:
    """Repeat this row at the top of every page; never split it."""
    keep_row_whole(tr)
    set_child(child(tr, "w:trPr"), el("w:tblHeader"))


def set_table_description(tbl: _Element, caption: str) -> None:
    """The table's accessible name (Word's table alt text)."""
    set_child(child(tbl, "w:tblPr"), el("w:tblCaption", {"w:val": caption[:255]}))


# ---------------------------------------------------------------- pictures
def set_alt_text(inline: _Element, title: str, description: str) -> None:
    """Alt text on a picture: ``wp:docPr`` (what Word shows) and the picture's own cNvPr."""
    for tag in ("wp:docPr", "pic:cNvPr"):
        for node in inline.iter(qn(tag)):
            node.set("title", title)
            node.set("descr", description)


# ---------------------------------------------------------------- styles and settings
def set_document_language(styles_root: _Element, lang: str) -> None:
    """The language of every run by default, so Word spell-checks and hyphenates right."""
    defaults = child(styles_root, "w:docDefaults")
    rpr = child(child(defaults, "w:rPrDefault"), "w:rPr")
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = set_child(rpr, el("w:lang"))
    lang_el.set(qn("w:val"), lang)


def configure_settings(settings_root: _Element, lang: str) -> None:
    """Refresh fields on open (TOC, page refs), name the separators, theme language."""
    set_child(settings_root, el("w:updateFields", {"w:val": "true"}))
    set_child(settings_root, el("w:footnotePr", None,
                                el("w:footnote", {"w:id": str(SEPARATOR_ID)}),
                                el("w:footnote", {"w:id": str(CONTINUATION_ID)})))
    theme_lang = settings_root.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
    for rsids in settings_root.findall(qn("w:rsids")):
        settings_root.remove(rsids)  # revision ids describe editing sessions, not our output


# ---------------------------------------------------------------- watermark
# Word's own "DRAFT" watermark: a VML WordArt shape (shape type 136, plain text on a path)
# in the header, centred on the margins, behind the text. Word and LibreOffice both know it
# by the name ``PowerPlusWaterMarkObject…`` and treat it as a watermark, not a drawing.
_VML_NS = {"v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office",
           "w10": "urn:schemas-microsoft-com:office:word"}
_TEXT_SHAPE_TYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(f'<v:f eqn="{eqn}"/>' for eqn in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
        "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
        "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5"))
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
)


def _xml_attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def watermark_run(text: str, font: str, colour: str, number: int, width_pt: float = 460.0,
                  angle: int = -35, char_aspect: float = 0.8) -> _Element:
    """A run holding a diagonal WordArt watermark reading ``text``, for a header paragraph.

    The text is stretched to its box (``fitshape``), so the box's height follows the text's
    length (``char_aspect``: a capital's width over the height the shape gives it) to keep the letters' shape.
    ``number`` makes the shape's ids unique in the document (one per header part).
    LibreOffice (7.4) sizes a watermark from its text and ignores the box; Word uses it.
    """
    height = round(width_pt / max(char_aspect * len(text), 1.0), 1)
    style = (f"position:absolute;margin-left:0;margin-top:0;width:{width_pt}pt;height:{height}pt;"
             f"rotation:{angle % 360};z-index:-251654144;mso-wrap-edited:f;"
             "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
             "mso-position-vertical:center;mso-position-vertical-relative:margin")
    decls = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _VML_NS.items())
    shape = (
        f'<w:pict {nsdecls("w")} {decls}>{_TEXT_SHAPE_TYPE}'
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        f'type="#_x0000_t136" style="{style}" o:allowincell="f" fillcolor="#{colour}" stroked="f">'
        f'<v:textpath style="font-family:&quot;{_xml_attr(font)}&quot;;font-size:1pt;font-weight:bold" '
        f'string="{_xml_attr(text)}"/><w10:wrap anchorx="margin" anchory="margin"/>'
        "</v:shape></w:pict>"
    )
    return el("w:r", None, el("w:rPr", None, el("w:noProof")), parse_xml(shape))


# ---------------------------------------------------------------- embedded fonts
# ECMA-376 Part 1 §17.8.1 (font embedding) and §17.8.3.3 (obfuscation). Each face is a part
# ``word/fonts/fontN.odttf`` related from the font table, whose ``w:font`` entry points at it
# with ``w:embedRegular``/``w:embedBold``/``w:embedItalic``/``w:embedBoldItalic`` (r:id and
# fontKey). Word and LibreOffice then lay the document out in our fonts, installed or not.
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
#: The four faces a Word font family has, in the schema's order of the embed elements.
EMBED_SLOTS = ("Regular", "Bold", "Italic", "BoldItalic")
#: Namespace of the font keys: a key is a name-based UUID of the font file's SHA-256, so the
#: same font always gets the same key and the package the same bytes.
_FONT_KEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:kzbrief:embedded-font")
_FONT_TABLE_XML = f"<w:fonts {nsdecls('w', 'r')}/>"
# OS/2 fsType bits that forbid embedding a font for editing or display (restricted licence,
# bitmap-only embedding).
_FS_RESTRICTED, _FS_BITMAP_ONLY = 0x0002, 0x0200


@dataclass(frozen=True)
class FontFile:
    """One TrueType face to embed: the family name the styles use and its Word slot."""

    family: str
    slot: str  # one of EMBED_SLOTS
    path: Path


def font_key(data: bytes) -> str:
    """The face's ``w:fontKey``: a ``{GUID}`` derived from its bytes, never random."""
    name = hashlib.sha256(data).hexdigest()
    return "{" + str(uuid.uuid5(_FONT_KEY_NAMESPACE, name)).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, taken from its last hex pair back.

    The key ``{00112233-…-CCDDEEFF}`` gives the mask ``FF EE DD CC … 11 00``, applied to
    bytes 0–15 and again to 16–31 (§17.8.3.3). The operation is its own inverse, so the
    same call de-obfuscates a part read back from a package.
    """
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1] * 2
    if len(mask) != 32:
        raise ValueError(f"not a GUID font key: {key!r}")
    head = bytes(b ^ m for b, m in zip(data[:32], mask))
    return head + data[32:]


@dataclass(frozen=True)
class _Os2:
    fs_type: int
    panose: bytes
    unicode_ranges: tuple[int, int, int, int]
    code_pages: tuple[int, int]


def _os2(data: bytes) -> _Os2:
    """The few OS/2 fields the font table repeats (panose, Unicode and code-page ranges)."""
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"OS/2":
            (version,) = struct.unpack_from(">H", data, offset)
            (fs_type,) = struct.unpack_from(">H", data, offset + 8)
            ranges = struct.unpack_from(">4I", data, offset + 42)
            pages = struct.unpack_from(">2I", data, offset + 78) if version >= 1 else (1, 0)
            return _Os2(fs_type, data[offset + 32:offset + 42], ranges, pages)
    raise ValueError("font has no OS/2 table")


def _font_entry(family: str, info: _Os2) -> _Element:
    """A ``w:font`` describing ``family`` the way Word writes one, from its regular face."""
    sans = info.panose[0] == 2 and info.panose[1] in (11, 12, 13)  # Latin text, sans serif
    usb = {f"w:usb{i}": f"{value:08X}" for i, value in enumerate(info.unicode_ranges)}
    csb = {f"w:csb{i}": f"{value:08X}" for i, value in enumerate(info.code_pages)}
    return el("w:font", {"w:name": family},
              el("w:panose1", {"w:val": info.panose.hex().upper()}),
              el("w:charset", {"w:val": "00"}),
              el("w:family", {"w:val": "swiss" if sans else "roman"}),
              el("w:pitch", {"w:val": "variable"}),
              el("w:sig", usb | csb))


def font_families(styles_root: _Element) -> set[str]:
    """Every font family the styles (and document defaults) name in ``w:rFonts``."""
    names = set()
    for fonts in styles_root.iter(qn("w:rFonts")):
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            if fonts.get(qn(attr)):
                names.add(fonts.get(qn(attr)))
    return names


def embed_fonts(document_part, settings_root: _Element, fonts: Iterable[FontFile]) -> list[str]:
    """Embed ``fonts`` (whole, obfuscated) in the package; returns the families embedded.

    The font table is rebuilt as our own XmlPart: entries for other families are kept,
    those for the embedded families replaced. Faces are written family by family in slot
    order, so part names, relationship ids and keys are the same on every build.
    """
    by_family: dict[str, dict[str, Path]] = {}
    for font in fonts:
        if font.slot not in EMBED_SLOTS:
            raise ValueError(f"unknown font slot {font.slot!r} for {font.family}")
        by_family.setdefault(font.family, {})[font.slot] = Path(font.path)
    if not by_family:
        return []
    table = _replace_font_table(document_part)
    package = document_part.package
    for family in sorted(by_family):
        faces = by_family[family]
        for old in table.root.findall(qn("w:font")):
            if old.get(qn("w:name")) == family:
                table.root.remove(old)
        entry = None
        for slot in EMBED_SLOTS:
            if slot not in faces:
                continue
            data = faces[slot].read_bytes()
            info = _os2(data)
            if info.fs_type & (_FS_RESTRICTED | _FS_BITMAP_ONLY):
                raise ValueError(f"{faces[slot].name}: the font's licence forbids embedding")
            if entry is None:
                entry = _font_entry(family, info)
            key = font_key(data)
            part = Part(package.next_partname("/word/fonts/font%d.odttf"), OBFUSCATED_FONT,
                        obfuscate_font(data, key), package)
            rid = table.relate_to(part, RT.FONT)
            set_child(entry, el(f"w:embed{slot}", {"r:id": rid, "w:fontKey": key}))
        table.root.append(entry)
    set_child(settings_root, el("w:embedTrueTypeFonts"))
    for subset in settings_root.findall(qn("w:saveSubsetFonts")):
        settings_root.remove(subset)  # an editor's save keeps whole faces, as we ship them
    return sorted(by_family)


class _FontTablePart(XmlPart):
    @property
    def root(self) -> _Element:
        return self._element


def _replace_font_table(document_part) -> _FontTablePart:
    """The document's font table as an XmlPart we may edit (python-docx loads it as bytes)."""
    root = parse_xml(_FONT_TABLE_XML)
    for rid, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            root = parse_xml(rel.target_part.blob)
            for embed in root.xpath("w:font/*[starts-with(local-name(), 'embed')]", namespaces={"w": W_NS}):
                embed.getparent().remove(embed)  # a template's own embedded faces are not carried
            document_part.drop_rel(rid)
    part = _FontTablePart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, root, document_part.package)
    document_part.relate_to(part, RT.FONT_TABLE)
    return part


# ---------------------------------------------------------------- package
def zip_date(day: dt.date) -> tuple[int, int, int, int, int, int]:
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def normalise_zip(blob: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite a package with fixed entry order, timestamps, attributes and compression.

    ``[Content_Types].xml`` stays first (some readers sniff it); the rest is sorted.
    """
    with zipfile.ZipFile(io.BytesIO(blob)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()

