"""Document tree → PDF bytes, through HTML and WeasyPrint.

The HTML comes from ``writers.html`` — the web edition itself, stylesheets, fonts and charts
inside, its fonts packed as TrueType rather than WOFF2 (which WeasyPrint would decode in pure
Python on every render) — so the PDF is that page laid out for print; this module only adds the restricted URL
fetcher, the file attachments and the PDF options. Every option that would otherwise take the
clock (creation dates, attachment dates, the file identifier, the embedded fonts' dates — see
``writers.weasy``) is pinned to the Document, so two renders of the same Document give the same
bytes, whichever font subsetter the machine has.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..document.nodes import Document
from ..errors import BuildError
from .fetcher import RestrictedFetcher
from .html import render_html
from .pagefill import blank_profile, refit_rules
from .weasy import CSS, HTML, Attachment, FatalURLFetchingError, FontConfiguration, rendering

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with /Lang and a structure tree, for screen readers

#: Layouts after the first, each refitting what the one before left blank (a refit can let a
#: later figure move up, so a second one may find more).
REFIT_PASSES = 2

AttachmentSpec = tuple[str, bytes, str]  # (file name, data, description)


def issued_datetime(doc: Document) -> dt.datetime:
    """Midnight UTC of the issue date: the one timestamp the PDF is allowed to carry."""
    return dt.datetime.combine(doc.meta.issued_date, dt.time(), dt.UTC)


def pdf_identifier(doc: Document) -> bytes:
    """A stable file identifier derived from what the briefing is, not from when it was built."""
    key = "\n".join((doc.meta.title, doc.meta.lang, doc.meta.period, doc.meta.issued))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32].encode("ascii")


def pdf_attachments(doc: Document, specs: Iterable[AttachmentSpec]) -> list[Attachment]:
    when = issued_datetime(doc)
    return [
        Attachment(string=bytes(data), name=name, description=description,
                   created=when, modified=when)
        for name, data, description in specs
    ]


def render_pdf(doc: Document, templates_dir: Path, allowed_roots: list[Path],
               attachments: Sequence[AttachmentSpec] = ()) -> bytes:
    """The briefing as PDF bytes; raises ``BuildError`` if any resource is refused or missing."""
    options = {"attachments": pdf_attachments(doc, attachments), "pdf_variant": PDF_VARIANT,
               "pdf_identifier": pdf_identifier(doc)}
    with print_layout(doc, templates_dir, allowed_roots, options) as document:
        return document.write_pdf(**options)


@contextlib.contextmanager
def print_layout(doc: Document, templates_dir: Path, allowed_roots: list[Path], options: dict,
                 refit: bool = True) -> Iterator[Any]:
    """The briefing's page laid out for print (a WeasyPrint ``Document``: ``laid_out``, or the
    first layout alone without ``refit``), inside the pinned clock and the workarounds that
    writing it needs too; a refused or missing resource is a ``BuildError``."""
    templates_dir = Path(templates_dir).resolve()
    # the page carries its fonts and charts; anything else it names must be a project file
    fetcher = RestrictedFetcher([*allowed_roots, templates_dir])
    font_config = FontConfiguration()
    try:
        html = HTML(string=render_html(doc, templates_dir, allowed_roots, for_print=True),
                    base_url=templates_dir.as_uri() + "/", url_fetcher=fetcher)
        with rendering(issued_datetime(doc)):
            yield laid_out(html, font_config, options) if refit else _render_with(html, font_config, options, [])
    except FatalURLFetchingError as exc:
        raise fetch_error(exc) from None


def laid_out(html: HTML, font_config: FontConfiguration, options: dict):
    """The page laid out, then again with the refits ``writers.pagefill`` finds (a figure drawn
    a little smaller) while a figure that moved whole to the next page left a page's foot
    blank; at most ``REFIT_PASSES`` more layouts, each kept only if its blank profile improves
    (``pagefill.blank_profile``: the most blank page no blanker, and the gaps fewer or smaller):
    a block moved up shifts everything after it, and can leave a gap further on.

    Only one layout is alive at a time (each holds about 3 MB a page until the PDF is written):
    a layout is measured, then let go before the next; the rare refit that does not improve
    costs one more layout, of the rules kept so far."""
    rules: list[str] = []
    document = _render_with(html, font_config, options, rules)
    for _ in range(REFIT_PASSES):
        found = [rule for rule in refit_rules(document) if rule not in rules]
        if not found:
            break
        profile = blank_profile(document)
        document = None  # let the layout go before the next one is made
        document = _render_with(html, font_config, options, rules + found)
        if blank_profile(document) >= profile:  # what moved up left a blank further on:
            document = None  # the layout before stands, made again
            return _render_with(html, font_config, options, rules)
        rules += found
    return document


def _render_with(html: HTML, font_config: FontConfiguration, options: dict, rules: list[str]):
    sheets = [CSS(string="\n".join(rules))] if rules else []
    return html.render(font_config=font_config, stylesheets=sheets, **options)


def fetch_error(exc: FatalURLFetchingError) -> BuildError:
    """WeasyPrint wraps the fetcher's exception; hand back ours, with its clear message."""
    cause = exc.__cause__
    if isinstance(cause, BuildError):
        return cause
    return BuildError(f"PDF render failed: {exc}: {cause}")
