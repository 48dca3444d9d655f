"""Turn the files analysts have (a saved web page, a PDF, a DOCX, plain text) into a source text.

Each reader returns the article's text and whatever metadata the file carries (title, date,
outlet, language, address), and names the tool and version that did the extraction, so the
source's record says how its text was made. Extracted text is normalised deterministically
(``stable_text``): the same file gives the same bytes, so the recorded SHA-256 stays valid.
Plain text is kept exactly as it is (it needs no extraction).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

from .errors import UsageError
from .files import read_article

#: Characters that carry nothing a reader sees: soft hyphen, zero-width spaces and joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_BLANKS = re.compile(r"[^\S\n]+")  # any whitespace but a line break (tabs, no-break spaces…)


@dataclass(frozen=True)
class Extracted:
    """What a file gave: its text, the metadata found in it, and how it was read."""

    text: str
    format: str  # html | pdf | docx | text
    tool: str  # e.g. "trafilatura 2.3.1"; "none" for plain text kept as it is
    found: dict[str, str] = field(default_factory=dict)  # title, published, outlet, language, url
    data: bytes = field(default=b"", repr=False)  # the file as read (once): the original kept beside the text


def stable_text(text: str) -> str:
    """NFC, one space for any run of blanks, no blank at either end of a line, at most one empty
    line in a row, one final newline: so that extraction is byte-stable and quotes match."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE))
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def _tool(package: str) -> str:
    return f"{package} {version(package)}"


def _clean(found: dict[str, object]) -> dict[str, str]:
    """Drop empty values and make the rest one-line text."""
    out = {}
    for key, value in found.items():
        text = " ".join(str(value).split()) if value is not None else ""
        if text:
            out[key] = text
    return out


def _language(code: object) -> str | None:
    """'fr-FR', 'fr_FR' or 'FR' → 'fr'; anything else → None."""
    match = re.match(r"([A-Za-z]{2,3})(?:[-_].*)?$", str(code or "").strip())
    return match.group(1).lower() if match else None


def _day(value: object) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    match = re.match(r"(\d{4}-\d{2}(?:-\d{2})?)", str(value or ""))
    return match.group(1) if match else None


def read_html(data: bytes) -> Extracted:
    """A web page saved from a browser: trafilatura keeps the article and drops navigation,
    adverts and footers, and reads title, date (htmldate), outlet and address from the page."""
    import lxml.html
    import trafilatura

    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True})
    if document is None or not (document.text or "").strip():
        raise UsageError("no article text found in this page (is it the article itself, saved as HTML?)")
    lang = document.language
    if not lang:  # trafilatura guesses languages only with an optional package; the page says it
        root = lxml.html.document_fromstring(data)
        lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    found = {"title": document.title, "published": _day(document.date), "outlet": document.sitename,
             "language": _language(lang), "url": document.url}
    return Extracted(stable_text(document.text), "html", _tool("trafilatura"), _clean(found))


def read_pdf(data: bytes) -> Extracted:
    """A PDF with a text layer (pypdf; a scanned page has none, and needs OCR first)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")
    text = stable_text("\n\n".join(pages))
    if not text:
        raise UsageError("this PDF has no text layer (a scan?): run OCR on it first, or save the text")
    created = info.get("/CreationDate")
    published = re.sub(r"^D:(\d{4})(\d{2})(\d{2}).*", r"\1-\2-\3", str(created)) if created else None
    found = {"title": info.get("/Title"), "published": _day(published), "language": _language(lang)}
    return Extracted(text, "pdf", _tool("pypdf"), _clean(found))


def read_docx(data: bytes) -> Extracted:
    """A Word document: its paragraphs and table cells in reading order (python-docx)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                blocks.append(" | ".join(cell.text for cell in row.cells))
    text = stable_text("\n".join(blocks))
    if not text:
        raise UsageError("this document has no text")
    props = document.core_properties
    found = {"title": props.title, "published": _day(props.created), "language": _language(props.language)}
    return Extracted(text, "docx", _tool("python-docx"), _clean(found))


def read_text(data: bytes) -> Extracted:
    """Plain text is the source text already: kept byte for byte (it must be UTF-8)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the text must be UTF-8") from None
    if not text.strip():
        raise UsageError("the file is empty")
    return Extracted(text, "text", "none")


def sniff(path: Path, data: bytes) -> str:
    """The file's format, from its first bytes rather than its name alone."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise UsageError("a ZIP archive that is not a Word document (.docx)")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


READERS = {"html": read_html, "pdf": read_pdf, "docx": read_docx, "text": read_text}
#: The file name suffix the original keeps beside the text (``<id>.orig.html``).
SUFFIXES = {"html": ".html", "pdf": ".pdf", "docx": ".docx"}


def extract(path: Path) -> Extracted:
    """Read a source file of any supported format; errors name the file and say what to do."""
    data = read_article(path)  # a regular file of sane size, wherever the user keeps it
    kind = sniff(path, data) if data else "text"
    try:
        return replace(READERS[kind](data), data=data)
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - parsers of damaged files raise all kinds; say so in one line
        raise UsageError(f"{path}: cannot read this {kind.upper()} file ({type(exc).__name__}: {exc})") from None
