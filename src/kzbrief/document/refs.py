"""How a source is named to a reader: in footnotes, source lines and the list of sources."""

from __future__ import annotations

from ..content.model import LoadedSource
from ..i18n import I18n


def outlet_name(source: LoadedSource, i18n: I18n) -> str:
    return source.meta.outlet or i18n._("source.unknown_outlet")


def source_short_name(source: LoadedSource, i18n: I18n) -> str:
    """'La Gazette, décembre 2024' — enough to find the source in the list of sources."""
    return i18n._("source.short", outlet=outlet_name(source, i18n), date=i18n.date(source.meta.published))


def source_title(source: LoadedSource, i18n: I18n) -> str:
    """The title in the edition's language (a rendering of the title as published)."""
    return i18n.typo(source.meta.title_translations.get(i18n.lang) or source.meta.title)
