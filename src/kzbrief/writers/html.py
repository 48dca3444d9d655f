"""Document tree → one self-contained HTML page: the web edition, and what WeasyPrint lays out.

The template walks the tree with one macro per node type (``node_kind`` names the type), so
this module decides nothing about what the briefing says. Content strings are *data*: Jinja2
autoescapes them and never parses them as template source. The few pieces of page chrome
that must live in CSS (running header, localised "page X of Y", fonts) are generated here as
CSS strings with every content string escaped.

The page carries everything it shows: the print stylesheet (``media="print"``, the one the
PDF is laid out with), the screen stylesheet for browsers, the fonts as ``data:`` URLs and the
charts as inline SVG. The PDF writer renders this very page, so the web edition and the PDF
can never drift apart, and the page never asks the network (or the disk) for anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..document.nodes import Document, Figure, page_label_parts
from ..i18n import load_translations
from .fetcher import MissingResourceError, RestrictedFetcher
from .svg import inline_svg
from .typeset import NARROW, load_exceptions, no_runt, runs, soft_hyphenated
from .webfonts import PRINT, WEB, embedded_faces

TEMPLATE_NAME = "briefing.html.j2"
PRINT_STYLESHEET = "briefing.css"  # the PDF's look (paged media)
SCREEN_STYLESHEET = "screen.css"  # the web edition's look in a browser, phone first


def font_face_css(page_text: str = "", packing: str = WEB) -> str:
    """``@font-face`` rules carrying the fonts themselves; no system font is ever named."""
    rules = [
        f"@font-face {{ font-family: {css_string(face.family)}; font-weight: {face.weight}; "
        f"font-style: {face.style}; src: url({css_string(url)}); }}"
        for face, url in embedded_faces(page_text, packing)
    ]
    return "\n".join(rules) + "\n"


# ---------------------------------------------------------------- CSS chrome
# ``<`` is escaped too: the CSS sits in a <style> element, which a "</style>" would close.
_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\A ", "\r": "", "\f": "", "\0": "", "<": "\\3c "}


def css_string(value: str) -> str:
    """A CSS string literal for ``value``: data can never close the string or the rule."""
    return '"' + "".join(_CSS_ESCAPES.get(ch, ch) for ch in value) + '"'


def page_label_content(label: str) -> str:
    """A CSS ``content`` value for a label like ``"Page {page} of {pages}"``."""
    parts = [f"counter({value})" if kind == "field" else css_string(value) for kind, value in page_label_parts(label)]
    return " ".join(parts) or '""'


def chrome_css(doc: Document) -> str:
    """Page-margin boxes whose text comes from the document's labels."""
    cover = doc.cover
    right = cover.marking  # the running title on the left already names the period
    return (
        "@page main {\n"
        f"  @top-left {{ content: {css_string(doc.labels.running_title)}; }}\n"
        f"  @top-right {{ content: {css_string(right)}; }}\n"
        f"  @bottom-right {{ content: {page_label_content(doc.labels.page)}; }}\n"
        f"  @bottom-left {{ content: {css_string(cover.publisher)}; }}\n"
        "}\n"
    )


# ---------------------------------------------------------------- template helpers
def node_kind(node: object) -> str:
    """The macro name for a node: its class name in lower case (``bulletlist``…)."""
    return type(node).__name__.lower()


def unsupported(node: object) -> str:
    """Fail the render on a node type the template does not know, rather than drop it."""
    raise TypeError(f"the HTML template has no macro for node type {type(node).__name__}")


def chart_svg(node: Figure, fetcher: RestrictedFetcher) -> Markup:
    """A figure's chart as inline SVG, its ids kept apart from the other charts' and the page's.
    The file is read only if the fetcher allows it, as WeasyPrint would have read it."""
    path = fetcher.check(Path(node.svg_path).absolute().as_uri())
    if not path.is_file():
        raise MissingResourceError(f"cannot read {path}: no such file")
    return inline_svg(path, f"svg-{node.anchor}", node.alt, f"width: {node.width_cm:.2f}cm")


def typeset(text: str, exceptions: dict[str, str] | None = None, lang: str = "") -> Markup:
    """Escaped text with its line breaks decided (see ``typeset``): soft hyphens where a plain
    word may be hyphenated, none in a name ("Kazakhs-tan", "Mo-hamed" read as typos: TeX's
    ``\\uchyph=0``), a listed word only at its listed points; a number with its word, a range,
    or a name with its own hyphen ("Kassym-/Jomart") in a run that never breaks."""
    out = Markup("")
    for run in runs(text, exceptions):
        if run.kind == "whole" or (run.kind == "name" and "-" in run.text):
            out += Markup('<span class="nobr">{}</span>').format(run.text)
        elif run.kind == "plain":
            out += escape(soft_hyphenated(run.text, lang) if lang else run.text)
        else:  # a name: no break point at all; a compound: its hyphens and its listed points
            out += escape(run.text)
    return out


def text_run(text: str, exceptions: dict[str, str] | None = None, lang: str = "") -> Markup:
    """Escaped, typeset text, with a trailing space moved into its own inline box.

    Works around a WeasyPrint 70 line-breaking bug: when a text box ends with a space and
    the rest of it fits the line only without that space, WeasyPrint counts the space,
    decides nothing fits and force-hyphenates the first word onto a line of its own.
    """
    if text.endswith(" ") and text.strip():
        return typeset(text.rstrip(" "), exceptions, lang) + Markup('<span class="ws"> </span>')
    return typeset(text, exceptions, lang)


def split_last_word(text: str) -> tuple[str, str]:
    """``"in service."`` → ``("in ", "service.")``: the word a footnote call must not leave."""
    head, _, tail = text.rpartition(" ")
    return (head + " " if _ else ""), tail


def percent(fraction: float) -> str:
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def make_environment(templates_dir: Path, exceptions: dict[str, str] | None = None,
                     lang: str = "") -> SandboxedEnvironment:
    """A strict, autoescaping, sandboxed environment: a typo in a template fails, content never
    runs, and a template (editors customise them, or download one) can read the document
    tree and call the helpers below but reach no Python internals (``__class__``, ``__globals__``,
    ``mro``…), so it cannot import modules, open files or run commands."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.globals.update(
        node_kind=node_kind, toc_entries=Document.contents, unsupported=unsupported
    )
    env.filters.update(kind=node_kind, percent=percent, split_last_word=split_last_word, no_runt=no_runt,
                       text_run=lambda text: text_run(text, exceptions, lang),
                       # words in another language (an original title): its patterns and exceptions
                       text_run_in=lambda text, other: text_run(text, load_exceptions(templates_dir, other), other),
                       # a heading is never hyphenated, and its text is the PDF outline's entry
                       heading_run=lambda text: typeset(text))
    env.tests["kind"] = lambda node, name: node_kind(node) == name
    env.tests["narrow"] = lambda width: width <= NARROW
    return env


def stylesheets(doc: Document, templates_dir: Path) -> dict[str, Markup]:
    """The page's two stylesheets; the templates' CSS is trusted, the chrome's data is escaped."""
    def read(name: str) -> str:
        return (templates_dir / name).read_text(encoding="utf-8")

    return {"print": Markup(read(PRINT_STYLESHEET) + chrome_css(doc)), "screen": Markup(read(SCREEN_STYLESHEET))}


#: Where the font rules go while the page is rendered: autoescaped content can never write a
#: "<", so no text of the briefing can be mistaken for it.
_FONTS_HERE = "<kzbrief-fonts/>"


def render_html(doc: Document, templates_dir: Path, allowed_roots: Iterable[Path], for_print: bool = False) -> str:
    """The briefing as one self-contained HTML page (see the module docstring): the web
    edition, and the page WeasyPrint lays out, so its words carry their soft hyphens for
    both (a browser hyphenates at them too, and never inside a name).

    Chart files are read only from ``allowed_roots``. The fonts are cut to the characters of
    the page, so the page is rendered with a mark where they go, then the mark is replaced.
    ``for_print`` makes the page WeasyPrint lays out: its fonts packed as TrueType (WOFF2 for a
    browser), and without what print's stylesheet hides.
    """
    templates_dir = Path(templates_dir)
    fetcher = RestrictedFetcher([*allowed_roots, templates_dir])
    env = make_environment(templates_dir, load_exceptions(templates_dir, doc.meta.language), doc.meta.lang)
    # template-only labels (e.g. accessibility names) use gettext from the edition's catalogue
    env.install_gettext_translations(load_translations(templates_dir, doc.meta.language), newstyle=True)
    template = env.get_template(TEMPLATE_NAME)
    context = {"doc": doc, "meta": doc.meta, "cover": doc.cover, "labels": doc.labels,
               "styles": stylesheets(doc, templates_dir),
               "charts": {node.anchor: chart_svg(node, fetcher) for node in doc.figures()}}
    # the page WeasyPrint lays out leaves out what print's stylesheet hides (the screen's list of
    # notes and its links to it): 1,600 of 16,000 elements of an 81-page edition, 13 MB of its layout
    page = template.render(**context, fonts=Markup(_FONTS_HERE), print_page=for_print)
    if _FONTS_HERE not in page:  # a customised template that embeds no font
        return page
    return page.replace(_FONTS_HERE, font_face_css(page, PRINT if for_print else WEB))
