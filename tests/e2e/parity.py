"""What a reader can count in each format: headings, figures, tables, footnotes, citations, judgements."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
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
CITATION = re.compile(r"\[\d+(?:, \d+)*\]")
#: The mark of the analyst's inferences: once where the words are, once opening the note.
INFERENCE_MARK = "\u2020"


def pdf_counts(path: Path) -> dict:
    reader = PdfReader(path)
    dests = list(reader.named_destinations)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return {"headings": pdf_outline(reader), "citations": len(CITATION.findall(text)),
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
            "figures": len(document.inline_shapes),
            "tables": len(document.tables),
            "footnotes": sum(1 for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None),
            "judgements": sum(p.style.name == "Judgement" for p in document.paragraphs),
            "inference marks": sum((t.text or "").count(INFERENCE_MARK) for xml in (body, notes) for t in xml.iter(f"{W}t"))}
