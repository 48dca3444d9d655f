"""The DOCX writer: structure read back with python-docx and lxml, never by comparing bytes
to a golden file (Word files differ for harmless reasons); one slow test has LibreOffice lay
the file out and checks the PDF's text."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from kzbrief.document import nodes as n
from kzbrief.writers import ooxml
from kzbrief.writers.docx import MissingStylesError, embedded_fonts, render_docx
from kzbrief.writers.fonts import font_faces

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "templates" / "reference.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
W = "{%s}" % NS["w"]


# ---------------------------------------------------------------- fixtures
def tiny_png(path: Path, width: int = 8, height: int = 4) -> Path:
    """A valid RGB PNG without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1f\x3a\x5f" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path


def note(number: int, source: str, label: str) -> n.Footnote:
    return n.Footnote(number, [n.Link(f"source-{source}", [n.Text(label)]), n.Text(".")], source)


def make_document(png: Path, draft: bool = False) -> n.Document:
    table = n.Table(
        anchor="table-exercises", number=1, caption="Joint exercises",
        header=[n.Cell([n.Text("Date")]), n.Cell([n.Text("Exercise")]), n.Cell([n.Text("Troops")], "right")],
        rows=[[n.Cell([n.Text("09/2021")]), n.Cell([n.Text("KAZIND-21"), note(4, "print", "The Print, 2021")]),
               n.Cell([n.Text("200")], "right")],
              [n.Cell([n.Text("10/2024")]), n.Cell([n.Emphasis([n.Text("Steppe Eagle")])]),
               n.Cell([n.Text("1,500")], "right")]],
        widths=[0.25, 0.5, 0.25], source_line="Sources: The Print, 2021")
    figure = n.Figure(
        anchor="figure-activity", number=1, caption="Events per year",
        alt="Bar chart: 3 events in 2021, 7 in 2024.", source_line="Source: kzbrief compilation",
        svg_path=str(png.with_suffix(".svg")), png_path=str(png), width_cm=12.0, height_cm=6.0)
    body = [
        n.Section("key-points", "Key points", 1, [
            n.Paragraph([n.Text("Kazakhstan widens its defence ties; "), n.Strong([n.Text("Turkey")]),
                         n.Text(" and "), n.Emphasis([n.Text("India")]), n.Text(" gain ground."),
                         note(1, "gazette-1", "La Gazette, December 2024")], role="lead"),
            n.BulletList([[n.Text("A transit agreement with Turkey."), note(2, "gazette-2", "La Gazette, 12 December 2024")],
                          [n.Text("The KAZIND exercise "), n.Link("table-exercises", [n.Text("(see table)")])]]),
        ]),
        n.Section("partnerships", "Partnerships", 1, [
            n.Paragraph([n.Text("Body text about partners, "), n.Strong([n.Text("bold "), n.Emphasis([n.Text("both")])]),
                         n.Text("."), note(3, "gazette-1", "La Gazette, December 2024")]),
            n.Section("turkey", "Turkey", 2, [
                n.Paragraph([n.Text("Drone production with Ankara.")]),
                n.Section("turkey-drones", "Anka drones", 3, [n.Paragraph([n.Text("Local assembly.")], role="note")]),
                table,
            ]),
            figure,
            n.Paragraph([n.Text("12 events recorded.")], role="meta"),
        ]),
        n.Section("sources", "Sources", 1, [n.DefinitionList([
            n.Definition([n.Text("La Gazette (Paris)")], [n.Text("Military aviation, 9 December 2024.")], "source-gazette-1"),
            n.Definition([n.Text("La Gazette (Paris)")], [n.Text("Turkish transit, 12 December 2024.")], "source-gazette-2"),
            n.Definition([n.Text("The Print")], [n.Text("KAZIND-21, 2021.")], "source-print"),
        ])]),
    ]
    return n.Document(
        meta=n.Metadata(title="Kazakhstan Defence Brief — December 2024", subject="Defence partnerships",
                        author="Central Asia Observatory", keywords=["Kazakhstan", "defence"], lang="en-GB",
                        language="en", period="2024-12", issued="2024-12-20", draft=draft),
        cover=n.Cover(publisher="Central Asia Observatory", series="Kazakhstan Defence Brief",
                      title="Kazakhstan's defence partnerships", period_label="December 2024",
                      issue_label="Issue 4", language_label="English edition",
                      issued_label="Issued 20 December 2024", marking="Unclassified",
                      summary="Kazakhstan keeps a multi-vector policy.",
                      draft_label="Draft — not for distribution" if draft else ""),
        labels=n.Labels(contents="Contents", page="Page {page} of {pages}",
                        running_title="Kazakhstan Defence Brief — December 2024", figure="Figure",
                        table="Table"),
        body=body)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docx")
    doc = make_document(tiny_png(tmp / "activity.png"))
    data = render_docx(doc, REFERENCE)
    path = tmp / "brief.docx"
    path.write_bytes(data)
    return doc, data, path


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def text_of(node: etree._Element) -> str:
    return "".join(node.itertext()) if node.tag == W + "t" else "".join(t.text or "" for t in node.iter(W + "t"))


def style_of(p: etree._Element) -> str | None:
    found = p.find("w:pPr/w:pStyle", NS)
    return None if found is None else found.get(W + "val")


def instructions(root: etree._Element) -> list[str]:
    return [t.text.strip() for t in root.iter(W + "instrText")]


# ---------------------------------------------------------------- structure
def test_headings_in_order_with_their_styles(built):
    doc, _, path = built
    word = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {level}", title) for level, title in doc.headings()]


def test_every_paragraph_uses_a_style_and_no_direct_fonts(built):
    _, data, _ = built
    body = part(data, "word/document.xml").find("w:body", NS)
    paragraphs = list(body.iter(W + "p"))
    assert all(style_of(p) for p in paragraphs)
    assert not list(body.iter(W + "rFonts")) and not list(body.iter(W + "sz"))
    assert not list(body.iter(W + "color")) and not list(body.iter(W + "spacing"))


def test_heading_bookmarks_and_internal_links_resolve(built):
    _, data, _ = built
    root = part(data, "word/document.xml")
    names = {b.get(W + "name") for b in root.iter(W + "bookmarkStart")}
    assert {"key_points", "turkey_drones", "table_exercises", "figure_activity", "source_gazette_1"} <= names
    anchors = {h.get(W + "anchor") for h in root.iter(W + "hyperlink")}
    anchors |= {h.get(W + "anchor") for h in part(data, "word/footnotes.xml").iter(W + "hyperlink")}
    assert anchors and anchors <= names
    assert all(len(name) <= 40 for name in names)


def test_lead_note_small_list_and_definitions_styles(built):
    _, data, _ = built
    styles = [style_of(p) for p in part(data, "word/document.xml").iter(W + "p")]
    assert styles.count("Lead") == 1 and styles.count("Note") == 1 and styles.count("Small") == 1
    assert styles.count("ListBullet") == 2
    assert styles.count("DefinitionTerm") == 3 and styles.count("Definition") == 3
    runs = part(data, "word/document.xml").iter(W + "rStyle")
    assert {"Strong", "Emphasis", "Hyperlink", "FootnoteReference"} <= {r.get(W + "val") for r in runs}


def test_nested_inlines_keep_one_style_and_add_a_toggle(built):
    _, data, _ = built
    run = next(r for r in part(data, "word/document.xml").iter(W + "r") if text_of(r) == "both")
    props = run.find("w:rPr", NS)
    assert props.find("w:rStyle", NS).get(W + "val") == "Strong" and props.find("w:i", NS) is not None


def test_cover_comes_first_then_a_page_break(built):
    doc, data, _ = built
    paragraphs = list(part(data, "word/document.xml").iter(W + "p"))
    assert style_of(paragraphs[0]) == "CoverPublisher" and text_of(paragraphs[0]) == doc.cover.publisher
    marking = next(p for p in paragraphs if style_of(p) == "CoverMarking")
    assert marking.find("w:r/w:br[@w:type='page']", NS) is not None
    assert not [p for p in paragraphs if style_of(p) == "CoverDraft"]


def test_draft_label_on_the_cover(tmp_path):
    doc = make_document(tiny_png(tmp_path / "a.png"), draft=True)
    root = part(render_docx(doc, REFERENCE), "word/document.xml")
    drafts = [text_of(p) for p in root.iter(W + "p") if style_of(p) == "CoverDraft"]
    assert drafts == [doc.cover.draft_label]


VML = "{urn:schemas-microsoft-com:vml}"


def watermarks(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stories = [n for n in archive.namelist() if n.startswith(("word/header", "word/footer", "word/document"))]
    return [shape for name in stories for shape in part(data, name).iter(VML + "shape")]


def test_draft_watermark_in_every_header_of_a_draft_only(built, tmp_path):
    doc = make_document(tiny_png(tmp_path / "a.png"), draft=True)
    data = render_docx(doc, REFERENCE)
    shapes = watermarks(data)
    assert len(shapes) == 2  # the running header and the cover's header
    assert len({s.get("id") for s in shapes}) == 2
    for shape in shapes:
        assert shape.get("id").startswith("PowerPlusWaterMarkObject") and shape.get("type") == "#_x0000_t136"
        assert shape.getparent().tag == W + "pict" and shape.getparent().getparent().tag == W + "r"
        assert shape.find(VML + "textpath").get("string") == doc.cover.draft_label.upper()
        assert "rotation:325" in shape.get("style") and shape.get("stroked") == "f"
    section = docx.Document(io.BytesIO(data)).sections[0]
    for story in (section.header, section.first_page_header):
        assert story._element.find(".//" + VML + "shape") is not None
    assert watermarks(built[1]) == []


def test_cover_band_is_one_shaded_box_in_the_styles():
    styles = docx.Document(str(REFERENCE)).styles
    band = ["Cover Publisher", "Cover Series", "Cover Title", "Cover Period"]
    looks = set()
    for name in band:
        ppr = styles[name].element.pPr
        shd, borders, ind = (ppr.find(W + tag) for tag in ("shd", "pBdr", "ind"))
        assert shd.get(W + "fill") == "1F3A5F"
        looks.add((etree.tostring(borders), etree.tostring(ind)))
    assert len(looks) == 1  # identical borders and indents: one box, in Word and LibreOffice
    borders = etree.fromstring(looks.pop()[0])
    assert borders.find("w:bottom", NS).get(W + "color") == "C8A24A"
    assert int(styles["Cover Title"].element.pPr.find(W + "ind").get(W + "left")) < 0  # out to the page edge


# ---------------------------------------------------------------- footnotes
def test_footnotes_part_is_registered(built):
    _, data, _ = built
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == ooxml.CT.WML_FOOTNOTES
    rels = part(data, "word/_rels/document.xml.rels")
    assert any(r.get("Type") == ooxml.RT.FOOTNOTES and r.get("Target") == "footnotes.xml" for r in rels)


def test_footnotes_texts_and_references(built):
    doc, data, _ = built
    notes = part(data, "word/footnotes.xml").findall("w:footnote", NS)
    separators = [f for f in notes if f.get(W + "type")]
    user = [f for f in notes if not f.get(W + "type")]
    assert [f.get(W + "type") for f in separators] == ["separator", "continuationSeparator"]
    # the same words; Word gets no-break spaces where a line must not break ("12 December")
    assert [text_of(f).strip().replace("\u00a0", " ") for f in user] == [n.plain(f.children) for f in doc.footnotes()]
    for f in user:
        p = f.find("w:p", NS)
        assert style_of(p) == "FootnoteText"
        assert p.find("w:r", NS).find("w:footnoteRef", NS) is not None
        assert f.find(".//w:hyperlink", NS).get(W + "anchor").startswith("source_")
    references = [r.get(W + "id") for r in part(data, "word/document.xml").iter(W + "footnoteReference")]
    assert references == [f.get(W + "id") for f in user]
    settings = part(data, "word/settings.xml")
    assert [f.get(W + "id") for f in settings.findall("w:footnotePr/w:footnote", NS)] == \
        [f.get(W + "id") for f in separators]


# ---------------------------------------------------------------- fields
def test_toc_field_is_prefilled_and_refreshed_on_open(built):
    doc, data, _ = built
    root = part(data, "word/document.xml")
    # as deep as the PDF's contents (E-15): chapters and partners, not the groups under them
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions(root)
    paragraphs = list(root.iter(W + "p"))
    title = next(p for p in paragraphs if style_of(p) == "TOCHeading")
    assert text_of(title) == doc.labels.contents
    entries = [(style_of(p), text_of(p)) for p in paragraphs if (style_of(p) or "").startswith("TOC") and p is not title]
    assert entries == [(f"TOC{level}", text) for level, text in doc.headings() if level <= 2]
    assert "Anka drones" in [text for _, text in doc.headings()] and "Anka drones" not in [t for _, t in entries]
    settings = part(data, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(W + "val") == "true"


def test_fields_are_balanced(built):
    _, data, _ = built
    for name in ("word/document.xml", "word/footer1.xml"):
        kinds = [c.get(W + "fldCharType") for c in part(data, name).iter(W + "fldChar")]
        depth = 0
        for kind in kinds:
            depth += {"begin": 1, "end": -1}.get(kind, 0)
            assert depth >= 0
        assert depth == 0


def test_header_footer_and_plain_cover(built):
    doc, data, path = built
    section = docx.Document(str(path)).sections[0]
    assert section.different_first_page_header_footer
    assert doc.labels.running_title in section.header.paragraphs[0].text
    assert section.first_page_header.paragraphs[0].text == ""
    footer = section.footer._element
    assert [i.split()[0] for i in instructions(footer)] == ["PAGE", "NUMPAGES"]
    assert text_of(footer) == doc.cover.publisher + "Page 1 of 1"


def test_captions_have_seq_fields_and_sit_where_they_belong(built):
    doc, data, _ = built
    root = part(data, "word/document.xml")
    captions = [p for p in root.iter(W + "p") if style_of(p) == "Caption"]
    assert [text_of(c) for c in captions] == ["Table\u00a01: Joint exercises", "Figure\u00a01: Events per year"]
    assert [instructions(c) for c in captions] == [["SEQ Table \\* ARABIC"], ["SEQ Figure \\* ARABIC"]]
    table = root.find(".//w:tbl", NS)
    assert table.getprevious() is captions[0]  # table caption above
    drawing_p = next(p for p in root.iter(W + "p") if p.find(".//w:drawing", NS) is not None)
    assert drawing_p.getnext() is captions[1]  # figure caption below
    assert style_of(captions[1].getnext()) == "SourceLine"


# ---------------------------------------------------------------- tables and figures
def test_table_style_header_and_widths(built):
    _, data, _ = built
    table = part(data, "word/document.xml").find(".//w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(W + "val") == "BriefingTable"
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    # no row is split over two pages (its tail alone would lose the name in its first cell)
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    widths = [int(c.get(W + "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[1] == pytest.approx(2 * widths[0], abs=2) and widths[0] == pytest.approx(widths[2], abs=2)
    assert [style_of(p) for p in rows[1].iter(W + "p")] == ["TableText", "TableText", "TableNumber"]
    assert style_of(table.getnext()) == "SourceLine"


def test_a_header_word_fits_its_column_so_it_never_breaks(tmp_path):
    """Editorial E-14: the chronology's last column (7 % of the width) was narrower than its
    bold header "Grade" and LibreOffice printed "Grad/e". A column is at least as wide as its
    header's longest word, set in the heading style, plus the cell margins; the width comes from
    the column with most to spare, and the table keeps its total width."""
    from kzbrief.writers.fonts import text_width_pt

    doc = make_document(tiny_png(tmp_path / "activity.png"))
    turkey = doc.body[1].children[1]
    turkey.children[2] = n.Table(
        anchor="table-exercises", number=1, caption="Chronology",
        header=[n.Cell([n.Text(h)]) for h in ("Date", "Partners", "Event", "Status", "Grade")],
        rows=[[n.Cell([n.Text(t)]) for t in ("2024", "Turkey", "Anka line planned", "planned", "B2")]],
        widths=[0.2, 0.19, 0.41, 0.13, 0.07])
    data = render_docx(doc, REFERENCE)
    table = part(data, "word/document.xml").find(".//w:tbl", NS)
    widths = [int(c.get(W + "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    margins = sum(ooxml.cell_margins(docx.Document(str(REFERENCE)).styles["Briefing Table"].element))
    assert widths[4] >= text_width_pt("Grade", 9, bold=True) * 20 + margins  # 'Grade' whole
    total = sum(widths)  # the text width, as before: only the widest column gave
    assert widths[2] < int(0.41 * total) and [widths[i] - int(share * total) for i, share in ((0, 0.2), (1, 0.19), (3, 0.13))] == [0, 0, 0]
    cells = [int(tc.find("w:tcPr/w:tcW", NS).get(W + "w")) for tc in table.find("w:tr", NS).findall("w:tc", NS)]
    assert cells == widths


def test_figure_inline_with_alt_text_and_width(built):
    doc, data, _ = built
    figure = doc.figures()[0]
    inline = part(data, "word/document.xml").find(".//wp:inline", NS)
    props = inline.find("wp:docPr", NS)
    assert props.get("descr") == figure.alt and props.get("title") == figure.alt
    assert int(inline.find("wp:extent", NS).get("cx")) == round(figure.width_cm * 360000)


# ---------------------------------------------------------------- metadata and files
def test_core_properties_and_language(built):
    doc, data, path = built
    props = docx.Document(str(path)).core_properties
    meta = doc.meta
    assert (props.title, props.subject, props.author, props.last_modified_by) == \
        (meta.title, meta.subject, meta.author, meta.author)
    assert props.keywords == "Kazakhstan, defence" and props.language == "en-GB" and props.revision == 1
    assert props.created.isoformat()[:19] == props.modified.isoformat()[:19] == "2024-12-20T00:00:00"
    lang = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "val") == "en-GB"


def test_render_is_deterministic(built, tmp_path):
    doc, data, _ = built
    again = render_docx(make_document(tiny_png(tmp_path / "activity.png")), REFERENCE)
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 12, 20, 0, 0, 0)}


def test_reference_without_the_styles_is_refused(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    with pytest.raises(MissingStylesError, match="Briefing Table"):
        render_docx(make_document(tiny_png(tmp_path / "a.png")), plain)


def test_bookmark_names_are_valid_and_unique():
    marks = ooxml.Bookmarks()
    assert marks.name("source-ria-2024") == "source_ria_2024"
    assert marks.name("9-lives") == "a9_lives"
    assert marks.name("source_ria_2024") == "source_ria_2024_1"
    assert len(marks.name("x" * 60)) == 40
    assert marks.name("source-ria-2024") == "source_ria_2024"


# ---------------------------------------------------------------- embedded fonts
SERIF, SANS = "Source Serif Pro", "Source Sans Pro"
EMBEDS = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")


def font_parts(data: bytes) -> dict[tuple[str, str], tuple[str, bytes]]:
    """(family, embed element) → (font key, part bytes), followed from the font table."""
    rels = {r.get("Id"): r for r in part(data, "word/_rels/fontTable.xml.rels")}
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for font in part(data, "word/fontTable.xml").findall("w:font", NS):
            for embed in font:
                if embed.tag.startswith(W + "embed"):
                    rel = rels[embed.get("{%s}id" % NS["r"])]
                    assert rel.get("Type") == ooxml.RT.FONT and "TargetMode" not in rel.attrib
                    blob = archive.read("word/" + rel.get("Target"))
                    found[font.get(W + "name"), embed.tag[len(W):]] = (embed.get(W + "fontKey"), blob)
    return found


def test_obfuscation_uses_the_key_bytes_in_reverse_order():
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    font = bytes(40) + b"rest of the font"
    mask = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert ooxml.obfuscate_font(font, key) == mask + mask + bytes(8) + b"rest of the font"
    assert ooxml.obfuscate_font(ooxml.obfuscate_font(font, key), key) == font
    with pytest.raises(ValueError):
        ooxml.obfuscate_font(font, "{0011}")


def test_font_keys_are_guids_derived_from_the_font_bytes():
    key = ooxml.font_key(b"font one")
    assert key == ooxml.font_key(b"font one") != ooxml.font_key(b"font two")
    assert len(key) == 38 and key[0] == "{" and key[-1] == "}" and key == key.upper()
    assert [len(group) for group in key.strip("{}").split("-")] == [8, 4, 4, 4, 12]


def test_only_the_four_word_faces_of_the_named_families_are_embedded():
    faces = embedded_fonts({SERIF, "Some Other Font"})
    assert sorted((f.family, f.slot, f.path.name) for f in faces) == [
        (SERIF, "Bold", "SourceSerifPro-Bold.ttf"), (SERIF, "BoldItalic", "SourceSerifPro-BoldIt.ttf"),
        (SERIF, "Italic", "SourceSerifPro-It.ttf"), (SERIF, "Regular", "SourceSerifPro-Regular.ttf")]
    assert embedded_fonts(set()) == []


def test_fonts_are_embedded_obfuscated_and_give_back_the_original_files(built):
    _, data, _ = built
    found = font_parts(data)
    assert set(found) == {(family, embed) for family in (SERIF, SANS) for embed in EMBEDS}
    originals = {(f.family, f.weight, f.style): f.path.read_bytes() for f in font_faces()}
    slots = {"embedRegular": (400, "normal"), "embedBold": (700, "normal"),
             "embedItalic": (400, "italic"), "embedBoldItalic": (700, "italic")}
    for (family, embed), (key, blob) in found.items():
        original = originals[(family, *slots[embed])]
        assert blob[:32] != original[:32] and blob[32:] == original[32:]
        assert ooxml.obfuscate_font(blob, key) == original
        assert key == ooxml.font_key(original)
    assert len({key for key, _ in found.values()}) == 8


def test_font_parts_content_types_and_settings(built):
    _, data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fonts = sorted(n for n in archive.namelist() if n.startswith("word/fonts/"))
    assert fonts == [f"word/fonts/font{i}.odttf" for i in range(1, 9)]
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert all(overrides["/" + name] == ooxml.OBFUSCATED_FONT for name in fonts)
    assert ooxml.OBFUSCATED_FONT == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    document_rels = part(data, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in document_rels if r.get("Type") == ooxml.RT.FONT_TABLE] == ["fontTable.xml"]
    settings = part(data, "word/settings.xml")
    assert settings.find("w:embedTrueTypeFonts", NS) is not None
    assert settings.find("w:saveSubsetFonts", NS) is None
    entry = next(f for f in part(data, "word/fontTable.xml") if f.get(W + "name") == SERIF)
    assert [c.tag[len(W):] for c in entry] == ["panose1", "charset", "family", "pitch", "sig", *EMBEDS]
    assert entry.find("w:family", NS).get(W + "val") == "roman"


# ---------------------------------------------------------------- LibreOffice
@pytest.fixture(scope="module")
def libreoffice_pdf(built, tmp_path_factory) -> Path:
    """The built file laid out by LibreOffice (a fresh profile: no fonts left from other runs)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice (soffice/libreoffice) is not on PATH: cannot lay out the DOCX")
    _, _, path = built
    tmp = tmp_path_factory.mktemp("office")
    profile = (tmp / "profile").as_uri()
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(path)], check=True, capture_output=True, timeout=180)
    return tmp / "brief.pdf"


@pytest.mark.slow
def test_libreoffice_lays_it_out(built, libreoffice_pdf):
    pypdf = pytest.importorskip("pypdf")
    doc, _, _ = built
    reader = pypdf.PdfReader(str(libreoffice_pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for _, title in doc.headings():
        assert title in text
    assert "La Gazette, 12 December 2024." in text
    assert doc.cover.title in text and "Page 3 of" in text


@pytest.mark.slow
def test_libreoffice_uses_the_embedded_fonts(libreoffice_pdf):
    """No Source font is installed here: LibreOffice can only have them from the package."""
    pypdf = pytest.importorskip("pypdf")
    names = set()
    for page in pypdf.PdfReader(str(libreoffice_pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    assert {"SourceSerifPro-Regular", "SourceSerifPro-Bold", "SourceSerifPro-It",
            "SourceSansPro-Regular", "SourceSansPro-Bold", "SourceSansPro-It"} <= names
    assert all(name.startswith(("SourceSerifPro-", "SourceSansPro-")) for name in names), names


def _keeps_with_next(paragraph) -> bool:
    """Word's "keep with next" as it applies: the paragraph's own, else its style's chain."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def test_headings_and_the_line_under_them_keep_with_the_next_paragraph(tmp_path):
    """E-10: a partner's heading and its count line stood alone at a page's foot in the DOCX:
    the count line (role ``meta``) did not keep with the subheading after it. As the PDF
    (``h2 + p``, ``p.p-meta``): every heading, a summary line, and the paragraph right under a
    heading (a chapter's intro) keep with the next paragraph; a boxed note, and body text, not."""
    body = [n.Section("profiles", "Partnership profiles", 1, [
        n.Paragraph([n.Text("This chapter sets out each partner.")]),
        n.Paragraph([n.Text("Body text that may end a page.")]),
        n.Section("korea", "South Korea", 2, [
            n.Paragraph([n.Text("2 reported facts (November 2023 – April 2024).")], role="meta"),
            n.Section("korea-industry", "Industrial programmes", 3, [
                n.Section("korea-deep", "A fourth level", 4, [
                    n.Paragraph([n.Text("A boxed note.")], role="note"),
                    n.BulletList([[n.Text("November 2023 — co-production plans.")]])]),
            ]),
        ]),
    ])]
    doc = make_document(tiny_png(tmp_path / "a.png"))
    doc = n.Document(meta=doc.meta, cover=doc.cover, labels=doc.labels, body=body)
    path = tmp_path / "keep.docx"
    path.write_bytes(render_docx(doc, REFERENCE))
    word = docx.Document(str(path))
    start = next(i for i, p in enumerate(word.paragraphs) if p.style.name == "Heading 1")
    keeps = {" ".join(p.text.split()[:2]): _keeps_with_next(p) for p in word.paragraphs[start:]}
    assert all(keeps[title] for title in ("Partnership profiles", "South Korea", "Industrial programmes", "A fourth"))
    assert keeps["This chapter"] and keeps["2 reported"]
    assert not keeps["A boxed"] and not keeps["Body text"]
