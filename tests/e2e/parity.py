"""What a reader can count in each format: headings, figures, tables, footnotes, judgements."""

from __future__ import annotations

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


def pdf_counts(path: Path) -> dict:
    reader = PdfReader(path)
    dests = list(reader.named_destinations)
    return {"headings": pdf_outline(reader),
            "figures": sum(d.startswith("figure-") for d in dests),
            "tables": sum(d.startswith("table-") for d in dests),
            "footnotes": sum(d.startswith("footnote-") for d in dests),
            "judgements": sum(d.startswith("judgement-") for d in dests)}


def docx_counts(path: Path) -> dict:
    document = docx.Document(path)
    with zipfile.ZipFile(path) as zf:
        notes = etree.fromstring(zf.read("word/footnotes.xml"))
    return {"headings": [p.text for p in document.paragraphs if p.style.name.startswith("Heading")],
            "figures": len(document.inline_shapes),
            "tables": len(document.tables),
            "footnotes": sum(1 for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None),
            "judgements": sum(p.style.name == "Judgement" for p in document.paragraphs)}
