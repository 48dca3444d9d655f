"""How a source is named to a reader: in footnotes, source lines and the list of sources."""

from __future__ import annotations

from typing import Iterable

from ..content.model import LoadedSource
from ..content.schema import Partner
from ..i18n import I18n


def outlet_name(source: LoadedSource, i18n: I18n) -> str:
    return source.meta.outlet or i18n._("source.unknown_outlet")


def source_short_name(source: LoadedSource, i18n: I18n) -> str:
    """'La Gazette, décembre 2024' — enough to find the source in the list of sources."""
    return i18n._("source.short", outlet=outlet_name(source, i18n), date=i18n.date(source.meta.published))


def source_title(source: LoadedSource, i18n: I18n) -> str:
    """The title in the edition's language (a rendering of the title as published)."""
    return i18n.typo(source.meta.title_translations.get(i18n.lang) or source.meta.title)


def sources_line(sources: dict[str, LoadedSource], source_ids: Iterable[str], i18n: I18n) -> str:
    """'Sources : La Gazette, août 2024 ; …' under a table or chart, each source named once."""
    names = list(dict.fromkeys(source_short_name(sources[s], i18n) for s in source_ids if s in sources))
    if not names:
        return ""
    message = "sources.line.one" if len(names) == 1 else "sources.line.many"
    return i18n._(message, sources=i18n._("list.separator").join(names))


def state_of(partners: dict[str, Partner], partner_id: str) -> str:
    """The state a company or an agency belongs to (its ``country``); any other partner is its
    own. Tables and charts count a Turkish agency or firm as Turkey, never as a partner of its own."""
    partner = partners.get(partner_id)
    if partner is not None and partner.country in partners and partner.kind != "self":
        return partner.country
    return partner_id


def partner_name(partners: dict[str, Partner], partner_id: str, i18n: I18n) -> str:
    """A partner as tables and charts name it: its short name when that is an acronym ('UAE',
    'OTSC', which the glossary expands), else its name — a clipped name ('Émirats') is not one."""
    partner = partners.get(partner_id)
    if partner is None:
        return partner_id
    short = i18n.text(partner.short) if partner.short else ""
    return short if short and short == short.upper() else i18n.text(partner.name)
