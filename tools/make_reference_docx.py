"""Generate ``templates/reference.docx``: the Word styles every DOCX briefing is built on.

Run ``python tools/make_reference_docx.py`` after changing a style here; the output is
byte-for-byte reproducible, so a diff in git means a real change. Editors may also restyle the
generated file in Word or LibreOffice directly: the writer only ever *names* styles, so any
restyled reference keeps working as long as the style names below exist.

We start from python-docx's default template (real Word built-in styles with their internal
names, so Word recognises Heading 1, Caption, TOC 1…), drop what a briefing never uses, and
define the rest: fonts are the PDF's (Source Serif Pro for text, Source Sans Pro for
headings), A4 pages, a navy-and-accent palette.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kzbrief.writers import ooxml  # noqa: E402
from kzbrief.writers.ooxml import el, set_child  # noqa: E402

OUTPUT = ROOT / "templates" / "reference.docx"
ISSUED = "2024-01-01"  # the template's own (fixed) date, for a reproducible file

SERIF = "Source Serif Pro"
SANS = "Source Sans Pro"
INK = "222222"
NAVY = "1F3A5F"
NAVY_2 = "2E4F75"
ACCENT = "2E86AB"
MUTED = "5B6770"
RULE = "C9D3DE"
TINT = "E8EEF5"
ALERT = "B22222"
GOLD = "C8A24A"  # the PDF's accent (--accent in briefing.css): cover rule and period
PALE = "C7D3E3"  # secondary text on navy

PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Cm(2.5), Cm(2.5), Cm(2.4)
TEXT_WIDTH = PAGE_W - 2 * MARGIN_SIDE

# The cover band: the cover's first paragraphs share one navy shading and identical borders,
# so Word and LibreOffice draw them as a single box (a border's colour is the band's, its
# spacing the band's padding; the bottom border is the PDF's gold rule). Negative indents
# take the box out to the page's edges: the 31 pt spacing (the schema's maximum) plus a
# 12 pt line put the text 43 pt in from the edge.
BAND_PAD, BAND_LINE = 31, 96  # pt, eighths of a pt
BAND_INDENT_CM = -(MARGIN_SIDE.cm - (BAND_PAD + BAND_LINE / 8) * 2.54 / 72)
BAND_BORDERS = {"top": (BAND_LINE, NAVY, BAND_PAD), "left": (BAND_LINE, NAVY, BAND_PAD),
                "right": (BAND_LINE, NAVY, BAND_PAD), "bottom": (80, GOLD, 22)}
BAND = dict(shading=NAVY, indent_cm=BAND_INDENT_CM, right_indent_cm=BAND_INDENT_CM,
            borders=BAND_BORDERS, keep_next=True)


@dataclass
class Spec:
    """One style, as few properties as its look needs; unset means inherited."""

    name: str
    style_id: str | None = None
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    next: str | None = None
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    color: str | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    keep_next: bool | None = None
    keep_lines: bool | None = None
    indent_cm: float | None = None
    right_indent_cm: float | None = None
    shading: str | None = None  # paragraph fill colour
    align: WD_ALIGN_PARAGRAPH | None = None
    borders: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # side: (size/8 pt, colour, space pt)
    tabs: list[tuple[int, WD_TAB_ALIGNMENT, WD_TAB_LEADER]] = field(default_factory=list)
    superscript: bool = False
    spacing_pt: float | None = None
    priority: int | None = None


def paragraph_specs() -> list[Spec]:
    right = [(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)]
    dotted = [(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)]
    return [
        Spec("Normal", base=None, after=6, line=1.2),
        Spec("Body Text", after=8, line=1.25, priority=1),
        Spec("Lead", base="Body Text", next="Body Text", size=12, color=NAVY, before=4, after=12,
             indent_cm=0.4, borders={"left": (24, ACCENT, 10)}, priority=2),
        Spec("Note", base="Body Text", size=9.5, italic=True, color=MUTED, priority=3),
        Spec("Small", font=SANS, size=8.5, color=MUTED, after=4, priority=4),
        Spec("Title", next="Body Text", font=SANS, size=30, bold=True, color=NAVY, after=6, line=1.0),
        Spec("Subtitle", next="Body Text", font=SANS, size=14, italic=False, color=NAVY_2, after=12),
        Spec("Heading 1", next="Body Text", font=SANS, size=17, bold=True, color=NAVY, before=22,
             after=8, line=1.1, keep_next=True, keep_lines=True, borders={"bottom": (8, ACCENT, 3)}),
        Spec("Heading 2", next="Body Text", font=SANS, size=13.5, bold=True, color=NAVY, before=14,
             after=4, line=1.1, keep_next=True, keep_lines=True),
        Spec("Heading 3", next="Body Text", font=SANS, size=11.5, bold=True, italic=False,
             color=NAVY_2, before=10, after=3, line=1.1, keep_next=True, keep_lines=True),
        Spec("Caption", next="Body Text", font=SANS, size=9, bold=True, color=NAVY, before=8,
             after=4, line=1.1, keep_next=True),
        Spec("Figure", next="Caption", align=WD_ALIGN_PARAGRAPH.CENTER, before=8, after=2,
             line=1.0, keep_next=True),
        Spec("Source Line", next="Body Text", font=SANS, size=8, color=MUTED, after=12, line=1.1),
        Spec("List Bullet", base="Body Text", after=3),
        Spec("Definition Term", next="Definition", font=SANS, size=10, bold=True, color=NAVY,
             before=6, after=1, keep_next=True),
        Spec("Definition", next="Definition Term", size=9.5, indent_cm=0.6, after=4, line=1.15),
        Spec("Judgement", base="Body Text", next="Judgement Assessment", size=11, color=NAVY,
             before=6, after=2, indent_cm=0.4, keep_next=True, borders={"left": (36, ACCENT, 10)},
             priority=5),
        Spec("Judgement Assessment", next="Judgement Detail", font=SANS, size=9, bold=True,
             color=NAVY, after=2, line=1.1, indent_cm=0.4, keep_next=True,
             borders={"left": (36, ACCENT, 10)}),
        Spec("Judgement Detail", font=SANS, size=8.5, color=INK, after=2, line=1.15,
             indent_cm=0.4, borders={"left": (36, ACCENT, 10)}),
        Spec("Table Text", font=SANS, size=9, after=0, line=1.05),
        Spec("Table Number", base="Table Text", align=WD_ALIGN_PARAGRAPH.RIGHT),
        Spec("Table Heading", base="Table Text", bold=True, color=NAVY, keep_next=True),
        Spec("footnote text", style_id="FootnoteText", size=8.5, after=2, line=1.0),
        Spec("header", style_id="Header", font=SANS, size=8, color=MUTED, after=0, line=1.0,
             tabs=right, borders={"bottom": (4, RULE, 4)}),
        Spec("footer", style_id="Footer", font=SANS, size=8, color=MUTED, after=0, line=1.0, tabs=right),
        Spec("TOC Heading", base="Heading 1", next="Body Text", size=16, before=0, after=12),
        Spec("toc 1", style_id="TOC1", next="Body Text", font=SANS, size=10.5, bold=True, color=NAVY,
             before=6, after=2, line=1.1, tabs=dotted),
        Spec("toc 2", style_id="TOC2", next="Body Text", size=10, indent_cm=0.5, after=1, line=1.1,
             tabs=dotted),
        Spec("toc 3", style_id="TOC3", next="Body Text", size=9.5, color=MUTED, indent_cm=1.0,
             after=1, line=1.1, tabs=dotted),
        Spec("Cover Publisher", font=SANS, size=10, bold=True, caps=True, color="FFFFFF",
             before=0, after=2, spacing_pt=1.5, **BAND),
        Spec("Cover Series", font=SANS, size=10, color=PALE, before=0, after=0, spacing_pt=0.4,
             **BAND),
        Spec("Cover Title", base="Title", next="Cover Period", font=SERIF, size=30, color="FFFFFF",
             before=64, after=8, line=1.05, **BAND),
        Spec("Cover Period", base="Subtitle", next="Cover Meta", font=SANS, size=15, bold=True,
             color=GOLD, before=6, after=20, **BAND),
        Spec("Cover Meta", font=SANS, size=10, color=MUTED, before=0, after=2, line=1.1),
        Spec("Cover Draft", font=SANS, size=12, bold=True, caps=True, color=ALERT, before=12,
             after=12, spacing_pt=2),
        Spec("Cover Summary", size=11.5, color=INK, before=28, after=12, line=1.3,
             indent_cm=0.4, borders={"left": (24, ACCENT, 10)}),
        Spec("Cover Marking", font=SANS, size=9, bold=True, caps=True, color=MUTED, before=60,
             after=0, spacing_pt=1, borders={"top": (4, RULE, 6)}),
    ]


def character_specs() -> list[Spec]:
    char = WD_STYLE_TYPE.CHARACTER
    return [
        Spec("Strong", kind=char, base="Default Paragraph Font", bold=True),
        Spec("Emphasis", kind=char, base="Default Paragraph Font", italic=True),
        Spec("Hyperlink", kind=char, base="Default Paragraph Font", color="1F5F8B"),
        Spec("footnote reference", style_id="FootnoteReference", kind=char,
             base="Default Paragraph Font", superscript=True),
    ]


# ---------------------------------------------------------------- applying specs
#: Word built-ins the default template lacks: added under Word's own (internal) names and
#: ids, and not flagged as custom, so Word treats them as its built-in styles.
WORD_BUILT_INS = {"toc 1", "toc 2", "toc 3", "footnote text", "footnote reference", "Hyperlink"}


def get_or_add(styles, spec: Spec):
    try:
        return styles[spec.name]
    except KeyError:
        style = styles.add_style(spec.name, spec.kind)
        if spec.style_id:
            style.style_id = spec.style_id
        if spec.name in WORD_BUILT_INS:
            style.element.attrib.pop(qn("w:customStyle"), None)
        return style


def apply(styles, spec: Spec) -> None:
    style = get_or_add(styles, spec)
    if spec.base:
        style.base_style = styles[spec.base]
    if spec.next:
        style.next_paragraph_style = styles[spec.next]
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = spec.kind == WD_STYLE_TYPE.PARAGRAPH
    if spec.priority is not None:
        style.priority = spec.priority
    apply_font(style, spec)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        apply_paragraph(style, spec)


def apply_font(style, spec: Spec) -> None:
    font = style.font
    if spec.font:
        set_fonts(style.element.get_or_add_rPr(), spec.font)
    if spec.size is not None:
        font.size = Pt(spec.size)
        set_child(style.element.get_or_add_rPr(), el("w:szCs", {"w:val": str(round(spec.size * 2))}))
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.caps is not None:
        font.all_caps = spec.caps
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    if spec.superscript:
        font.superscript = True
    if spec.spacing_pt is not None:
        set_child(style.element.get_or_add_rPr(), el("w:spacing", {"w:val": str(round(spec.spacing_pt * 20))}))


def apply_paragraph(style, spec: Spec) -> None:
    fmt = style.paragraph_format
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.line is not None:
        fmt.line_spacing = spec.line
    if spec.keep_next is not None:
        fmt.keep_with_next = spec.keep_next
    if spec.keep_lines is not None:
        fmt.keep_together = spec.keep_lines
    if spec.indent_cm is not None:
        fmt.left_indent = Cm(spec.indent_cm)
    if spec.right_indent_cm is not None:
        fmt.right_indent = Cm(spec.right_indent_cm)
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.tabs:
        fmt.tab_stops.clear_all()  # the defaults' centre tab would catch the first tab
    for position, alignment, leader in spec.tabs:
        fmt.tab_stops.add_tab_stop(Twips(round(position / 635)), alignment, leader)
    if spec.borders:
        ppr = style.element.get_or_add_pPr()
        border = el("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            if side in spec.borders:
                size, colour, space = spec.borders[side]
                border.append(el(f"w:{side}", {"w:val": "single", "w:sz": str(size),
                                               "w:space": str(space), "w:color": colour}))
        set_child(ppr, border)
    if spec.shading:
        set_child(style.element.get_or_add_pPr(),
                  el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": spec.shading}))


def set_fonts(rpr, name: str) -> None:
    set_child(rpr, el("w:rFonts", {"w:ascii": name, "w:hAnsi": name, "w:cs": name, "w:eastAsia": name}))


# ---------------------------------------------------------------- whole-file clean-up
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme", "themeColor",
               "themeShade", "themeTint", "themeFill", "themeFillShade", "themeFillTint")


def strip_theme_references(styles_root) -> None:
    """Explicit fonts and colours: LibreOffice and Word then agree on what a style looks like."""
    for node in styles_root.iter():
        for attr in THEME_ATTRS:
            node.attrib.pop(qn(f"w:{attr}"), None)
    for fonts in list(styles_root.iter(qn("w:rFonts"))):
        if not any(k in fonts.attrib for k in (qn("w:ascii"), qn("w:hAnsi"), qn("w:cs"), qn("w:eastAsia"))):
            hint = fonts.get(qn("w:hint"))
            if hint is None:
                fonts.getparent().remove(fonts)


def set_defaults(styles_root) -> None:
    """Document-wide run defaults: the body font, size, ink colour and a language."""
    defaults = styles_root.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr, SERIF)
    set_child(rpr, el("w:color", {"w:val": INK}))
    set_child(rpr, el("w:sz", {"w:val": "21"}))
    set_child(rpr, el("w:szCs", {"w:val": "21"}))
    set_child(rpr, el("w:lang", {"w:val": "en-GB", "w:eastAsia": "en-US", "w:bidi": "ar-SA"}))
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    set_child(ppr, el("w:spacing", {"w:after": "120", "w:line": "288", "w:lineRule": "auto"}))


def drop_unused_styles(styles) -> None:
    """Table styles a briefing never uses would only clutter the editor's style list."""
    keep = {"Normal Table", "Table Grid"}
    for style in list(styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in keep:
            style.delete()


def reset_title_styles(styles) -> None:
    """The default Title has a rule and letter spacing, Subtitle a stray numbering level."""
    for name, tags in (("Title", ("w:pBdr", "w:contextualSpacing")), ("Subtitle", ("w:numPr",))):
        ppr = styles[name].element.pPr
        for tag in tags:
            for node in ppr.findall(qn(tag)) if ppr is not None else ():
                ppr.remove(node)
    for name in ("Title", "Subtitle"):
        rpr = styles[name].element.rPr
        for tag in ("w:spacing", "w:kern"):
            for node in rpr.findall(qn(tag)) if rpr is not None else ():
                rpr.remove(node)


def add_table_style(styles) -> None:
    """'Briefing Table': rules above and below, hairlines between rows, a tinted header row."""
    style = styles.add_style("Briefing Table", WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    style.quick_style = True
    node = style.element
    ppr = el("w:pPr", None, el("w:spacing", {"w:before": "0", "w:after": "0", "w:line": "252", "w:lineRule": "auto"}))
    rpr = el("w:rPr")
    set_fonts(rpr, SANS)
    set_child(rpr, el("w:sz", {"w:val": "18"}))
    set_child(rpr, el("w:szCs", {"w:val": "18"}))
    border = lambda side, size, colour: el(f"w:{side}", {"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": colour})  # noqa: E731
    tblpr = el("w:tblPr", None,
               el("w:tblStyleRowBandSize", {"w:val": "1"}),
               el("w:tblBorders", None, border("top", 8, NAVY), border("bottom", 8, NAVY),
                  border("insideH", 4, RULE)),
               el("w:tblCellMar", None,
                  el("w:top", {"w:w": "57", "w:type": "dxa"}),
                  el("w:left", {"w:w": "85", "w:type": "dxa"}),
                  el("w:bottom", {"w:w": "57", "w:type": "dxa"}),
                  el("w:right", {"w:w": "85", "w:type": "dxa"})))
    header_rpr = el("w:rPr", None, el("w:b"), el("w:bCs"), el("w:color", {"w:val": NAVY}))
    header = el("w:tblStylePr", {"w:type": "firstRow"},
                el("w:pPr", None, el("w:keepNext")),
                header_rpr,
                el("w:tblPr"),
                el("w:trPr", None, el("w:tblHeader")),
                el("w:tcPr", None,
                   el("w:tcBorders", None, border("bottom", 8, NAVY)),
                   el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": TINT})))
    for part in (ppr, rpr, tblpr, header):
        node.append(part)


def restyle_bullets(document) -> None:
    """The List Bullet numbering: a round bullet in the heading font, a modest indent."""
    numbering = document.part.numbering_part.element
    num = numbering.xpath('./w:num[@w:numId="1"]/w:abstractNumId/@w:val')[0]
    level = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{num}"]/w:lvl[@w:ilvl="0"]')[0]
    level.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
    ppr = level.find(qn("w:pPr"))
    for old in list(ppr):
        ppr.remove(old)
    ppr.append(el("w:tabs", None, el("w:tab", {"w:val": "num", "w:pos": "397"})))
    ppr.append(el("w:ind", {"w:left": "397", "w:hanging": "284"}))
    rpr = level.find(qn("w:rPr"))
    for old in list(rpr):
        rpr.remove(old)
    rpr.append(el("w:rFonts", {"w:ascii": SANS, "w:hAnsi": SANS, "w:hint": "default"}))
    rpr.append(el("w:color", {"w:val": ACCENT}))


def set_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Cm(1.2)
    sect_pr = section._sectPr
    for attr in ("rsidR", "rsidRPr", "rsidSect"):
        sect_pr.attrib.pop(qn(f"w:{attr}"), None)


def tidy_package(document) -> None:
    """Drop parts a reference needs not carry (thumbnail, custom XML, Word 2010 duplicates)."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode()
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            document.part.rels.pop(rid)
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = theme_fonts(rel.target_part.blob)
    settings = document.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for node in settings.findall(qn(tag)):
            settings.remove(node)
    set_child(settings, el("w:autoHyphenation", {"w:val": "true"}))
    set_child(settings, el("w:hyphenationZone", {"w:val": "284"}))


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kzbrief</Application><DocSecurity>0</DocSecurity>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def theme_fonts(blob: bytes) -> bytes:
    """The theme's heading/body fonts name ours, so Word's font menus agree with the styles."""
    text = blob.decode("utf-8")
    for scheme, font in (("majorFont", SANS), ("minorFont", SERIF)):
        text = re.sub(rf'(<a:{scheme}>\s*<a:latin typeface=")[^"]*(")', rf"\g<1>{font}\g<2>", text)
    return text.encode("utf-8")


def add_specimen(document) -> None:
    """One paragraph per style, named after it, so an editor can see and restyle them all.

    The writer empties the body before writing a briefing.
    """
    body_styles = [s.name for s in paragraph_specs() if s.name not in ("Normal", "header", "footer")]
    for name in body_styles:
        document.add_paragraph(name, style=name)
    para = document.add_paragraph("Body Text ", style="Body Text")
    for name in ("Strong", "Emphasis", "Hyperlink"):
        para.add_run(name, style=name).add_text(" ")
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Briefing Table"]
    for row, style in zip(table.rows, ("Table Heading", "Table Text")):
        for cell in row.cells:
            cell.paragraphs[0].style = document.styles[style]
            cell.paragraphs[0].add_run(style)


def set_core(document) -> None:
    props = document.core_properties
    props.title = "kzbrief reference"
    props.author = props.last_modified_by = "kzbrief"
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1
    moment = dt.datetime.fromisoformat(ISSUED + "T00:00:00+00:00").replace(tzinfo=None)
    props.created = props.modified = moment


def build() -> bytes:
    document = docx.Document()
    styles = document.styles
    set_page(document)
    drop_unused_styles(styles)
    reset_title_styles(styles)
    specs = paragraph_specs() + character_specs()
    for spec in specs:  # first create them all: styles name each other as base and next
        get_or_add(styles, spec)
    for spec in specs:
        apply(styles, spec)
    add_table_style(styles)
    strip_theme_references(styles.element)
    set_defaults(styles.element)
    restyle_bullets(document)
    tidy_package(document)
    set_core(document)
    add_specimen(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.normalise_zip(buffer.getvalue(), ooxml.zip_date(dt.date.fromisoformat(ISSUED)))


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
