"""What a reader can count in each format: headings, figures, tables, footnotes, citations, judgements,
the items cross-references point to.

For the web edition, what a browser shows: the headings of the main text, the charts and
tables, the citations in the text, and the notes that a footnote call links to and that link
back to their call.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import lxml.html
from lxml import etree
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def visit(items):
        for item in items:
            if isinstance(item, list):
                visit(item)
            else:
                titles.append(item.title)

    visit(reader.outline)
    return titles


#: A citation as a reader sees it: "[2]", "[2, 4]" (the list of sources' entries count too).
CITATION = re.compile(r"\[\d+(?:,[ \u00a0]\d+)*\]")
#: The mark of the analyst's inferences: once where the words are, once opening the note.
INFERENCE_MARK = "\u2020"


#: The anchors of the places an item is told in full, which cross-references point to.
ITEM_ANCHOR = "item-"


def pdf_link_targets(reader: PdfReader) -> list[str]:
    """The named destination of every internal link annotation, in page order."""
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            dest = annot.get("/Dest") or (annot["/A"].get("/D") if "/A" in annot else None)
            if dest is not None:
                targets.append(str(dest))
    return targets


def pdf_counts(path: Path) -> dict:
    reader = PdfReader(path)
    dests = list(reader.named_destinations)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return {"headings": pdf_outline(reader), "citations": len(CITATION.findall(text)),
            # items a cross-reference points to (a PDF link broken across lines is several annotations)
            "cross-references": len({t for t in pdf_link_targets(reader) if t.startswith(ITEM_ANCHOR)}),
            "figures": sum(d.startswith("figure-") for d in dests),
            "tables": sum(d.startswith("table-") for d in dests),
            "footnotes": sum(d.startswith("footnote-") for d in dests),
            "judgements": sum(d.startswith("judgement-") for d in dests),
            "inference marks": sum(page.extract_text().count(INFERENCE_MARK) for page in reader.pages)}


def docx_counts(path: Path) -> dict:
    document = docx.Document(path)
    with zipfile.ZipFile(path) as zf:
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
        body = etree.fromstring(zf.read("word/document.xml"))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return {"headings": [p.text for p in document.paragraphs if p.style.name.startswith("Heading")],
            "citations": len(CITATION.findall(text)),
            "cross-references": len({h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink")
                                     if (h.get(f"{W}anchor") or "").startswith(ITEM_ANCHOR.replace("-", "_"))}),
            "figures": len(document.inline_shapes),
            "tables": len(document.tables),
            "footnotes": sum(1 for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None),
            "judgements": sum(p.style.name == "Judgement" for p in document.paragraphs),
            "inference marks": sum((t.text or "").count(INFERENCE_MARK) for xml in (body, notes) for t in xml.iter(f"{W}t"))}


def html_counts(path: Path) -> dict:
    page = lxml.html.parse(str(path)).getroot()
    main = page.find(".//main")
    calls = {a.get("href")[1:]: a.get("id") for a in page.iter("a") if "note-call" in a.classes}
    backs = {li.get("id"): li.xpath("./a[contains(@class, 'note-back')]/@href")
             for li in page.xpath("//ol[contains(@class, 'notes-list')]/li")}
    linked = [note for note, back in backs.items() if note in calls and back == [f"#{calls[note]}"]]
    counts = {"headings": [h.text_content() for h in main.iter("h2", "h3", "h4")],
              "figures": sum(1 for f in main.iter("figure") if f.get("id", "").startswith("figure-")),
              "tables": sum(1 for t in main.iter("table") if t.get("id", "").startswith("table-")),
              "footnotes": len(linked),
              "cross-references": len({a.get("href") for a in main.iter("a")
                                       if (a.get("href") or "").startswith("#" + ITEM_ANCHOR)}),
              "judgements": sum(1 for d in main.iter("div") if d.get("id", "").startswith("judgement-"))}
    # the text a screen shows: the print-only footnotes and the charts' drawing left out
    for hidden in page.xpath("//span[contains(@class, 'footnote')] | //svg"):
        hidden.drop_tree()
    counts["citations"] = len(CITATION.findall(page.body.text_content()))
    # marks in the text, one opening each note of the list, and the method note's
    counts["inference marks"] = page.body.text_content().count(INFERENCE_MARK)
    return counts
