"""A chart's SVG file made fit to sit inside an HTML page (inline SVG).

Inline, a chart's text is real text that browsers and WeasyPrint draw with the page's own
fonts, and the page needs no file beside it. Several charts in one page must not share ids (each
matplotlib file names its glyphs and clip paths alike), the file's ``<style>`` must not restyle
the page, and no namespace or metadata URL may remain (the web edition names no external URL).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from markupsafe import Markup

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


def _localname(element: etree._Element) -> str:
    return etree.QName(element).localname


def inline_svg(path: str | Path, prefix: str, label: str, style: str = "") -> Markup:
    """The ``<svg>`` element of ``path``, ids prefixed with ``prefix``, labelled for screen readers."""
    root = etree.parse(str(path), _PARSER).getroot()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if _localname(element) == "metadata":
            element.getparent().remove(element)
            continue
        element.tag = _localname(element)
        if XLINK_HREF in element.attrib:
            element.set("href", element.attrib.pop(XLINK_HREF))
        _prefix_references(element, prefix)
        if element.tag == "style" and element.text:
            # the file's rules (``* { stroke-linejoin: round }``) apply to this chart only
            element.text = re.sub(r"(^|\})\s*([^{}]+)\{", lambda m: f"{m[1]}#{prefix} {m[2].strip()} {{",
                                  element.text)
    etree.cleanup_namespaces(root)
    root.set("id", prefix)
    root.set("role", "img")
    root.set("aria-label", label)
    if style:
        root.set("style", style)
    for attr in ("version",):
        root.attrib.pop(attr, None)
    return Markup(etree.tostring(root, encoding="unicode"))


def _prefix_references(element: etree._Element, prefix: str) -> None:
    for name, value in element.attrib.items():
        if name == "id":
            element.set(name, f"{prefix}-{value}")
        elif name == "href" and value.startswith("#"):
            element.set(name, f"#{prefix}-{value[1:]}")
        elif "url(#" in value:
            element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}-{m[1]})", value))
