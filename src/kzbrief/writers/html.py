"""Document tree → HTML, for WeasyPrint to lay out.

The template walks the tree with one macro per node type (``node_kind`` names the type), so
this module decides nothing about what the briefing says. Content strings are *data*: Jinja2
autoescapes them and never parses them as template source. The few pieces of page chrome
that must live in CSS (running header, localised "page X of Y", web fonts) are generated
here as CSS strings with every content string escaped.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..document.nodes import Document, Section, page_label_parts
from ..i18n import load_translations
from .fonts import font_faces

TEMPLATE_NAME = "briefing.html.j2"

def font_face_css() -> str:
    """``@font-face`` rules for the embedded fonts; no system font is ever named."""
    rules = [
        f"@font-face {{ font-family: {css_string(f.family)}; font-weight: {f.weight}; "
        f"font-style: {f.style}; src: url({css_string(f.path.as_uri())}); }}"
        for f in font_faces()
    ]
    return "\n".join(rules) + "\n"


# ---------------------------------------------------------------- CSS chrome
_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\A ", "\r": "", "\f": "", "\0": ""}


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


def file_url(path: str | Path) -> str:
    """A ``file://`` URL for a figure path; the fetcher decides whether it may be read."""
    return Path(path).absolute().as_uri()


#: A word that starts with a capital and is long enough for the hyphenator to split (it
#: leaves at least two letters on each side of a break of a five-letter word).
_CAPITALISED = re.compile(r"(?<![\w\-])([A-ZÀ-ÖØ-Þ][\w’'\-]{4,})")


def keep_names_whole(text: str) -> Markup:
    """Escaped text in which capitalised words are not hyphenated (TeX's ``\\uchyph=0``):
    a proper name split across lines ("Kazakhs-tan", "Mo-hamed") reads as a typo, and in
    French and English a capital inside a sentence almost always starts a name."""
    parts = _CAPITALISED.split(text)
    out = Markup("")
    for index, part in enumerate(parts):
        out += Markup('<span class="name">{}</span>').format(part) if index % 2 else escape(part)
    return out


def text_run(text: str) -> Markup:
    """Escaped text, names kept whole, with a trailing space moved into its own inline box.

    Works around a WeasyPrint 70 line-breaking bug: when a text box ends with a space and
    the rest of it fits the line only without that space, WeasyPrint counts the space,
    decides nothing fits and force-hyphenates the first word onto a line of its own.
    """
    if text.endswith(" ") and text.strip():
        return keep_names_whole(text.rstrip(" ")) + Markup('<span class="ws"> </span>')
    return keep_names_whole(text)


def split_last_word(text: str) -> tuple[str, str]:
    """``"in service."`` → ``("in ", "service.")``: the word a footnote call must not leave."""
    head, _, tail = text.rpartition(" ")
    return (head + " " if _ else ""), tail


def percent(fraction: float) -> str:
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def toc_entries(doc: Document, max_level: int = 2) -> list[Section]:
    return [n for n in doc.walk() if isinstance(n, Section) and n.level <= max_level]


def make_environment(templates_dir: Path) -> Environment:
    """A strict, autoescaping environment: a typo in a template fails, content never runs."""
    env = Environment(
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
        node_kind=node_kind, file_url=file_url, toc_entries=toc_entries, unsupported=unsupported
    )
    env.filters.update(kind=node_kind, percent=percent, text_run=text_run, split_last_word=split_last_word)
    env.tests["kind"] = lambda node, name: node_kind(node) == name
    return env


def render_html(doc: Document, templates_dir: Path) -> str:
    """The briefing as one HTML string (page chrome CSS is separate: see ``chrome_css``)."""
    env = make_environment(Path(templates_dir))
    # template-only labels (e.g. accessibility names) use gettext from the edition's catalogue
    env.install_gettext_translations(load_translations(Path(templates_dir), doc.meta.language), newstyle=True)
    template = env.get_template(TEMPLATE_NAME)
    return template.render(doc=doc, meta=doc.meta, cover=doc.cover, labels=doc.labels)
