"""How a source is named to a reader: in footnotes, source lines and the list of sources."""

from __future__ import annotations

import re
from typing import Iterable

from ..content.model import LoadedSource
from ..content.schema import Partner
from ..i18n import I18n
from . import nodes as n


def outlet_name(source: LoadedSource, i18n: I18n) -> str:
    return source.meta.outlet or i18n._("source.unknown_outlet")


def source_short_name(source: LoadedSource, i18n: I18n) -> str:
    """'La Gazette, décembre 2024' — enough to find the source in the list of sources."""
    return i18n._("source.short", outlet=outlet_name(source, i18n), date=i18n.date(source.meta.published))


def source_title(source: LoadedSource, i18n: I18n) -> str:
    """The title in the edition's language (a rendering of the title as published)."""
    return i18n.typo(source.meta.title_translations.get(i18n.lang) or source.meta.title)


def unshouted(title: str, proper: frozenset[str]) -> str:
    """A headline the outlet set in capitals, in sentence case: its first word and the names
    the project knows keep their capital ("LE KAZAKHSTAN ET LA TURQUIE …" → "Le Kazakhstan et
    la Turquie …", and acronyms of four letters or more); a headline with any lower-case letter is
    left as the outlet wrote it."""
    if not any(c.isalpha() for c in title) or any(c.islower() for c in title):
        return title
    # a short acronym (UN, EAU) is too often a word of the headline ("un", "eau") to be kept
    known = {word.upper(): word for word in proper if not word.isupper() or len(word) >= 4}
    out, first = [], True
    for token in re.split(r"(\w+)", title):
        if token[:1].isalpha():
            token = known.get(token) or (token.capitalize() if first else token.lower())
            first = False
        out.append(token)
    return "".join(out)


def title_inlines(source: LoadedSource, i18n: I18n, proper: frozenset[str]) -> list[n.Inline]:
    """A source's title as the list of sources shows it: a headline in italics (the outlet's
    own in its language, else the rendering), a descriptive title (the text has none) in roman
    between brackets, so it is never taken for a headline."""
    meta = source.meta
    if not meta.headline:
        return [n.Text(i18n._("sources.item.descriptive_title", title=source_title(source, i18n)))]
    if meta.language == i18n.lang:
        return [n.Emphasis([n.Text(i18n.typo(unshouted(meta.title, proper)))])]
    if meta.title_translations.get(i18n.lang):
        return [n.Emphasis([n.Text(source_title(source, i18n))])]
    return [n.Emphasis([n.Text(i18n.foreign(unshouted(meta.title, proper), meta.language))], meta.language)]


def original_title_inlines(source: LoadedSource, i18n: I18n, proper: frozenset[str]) -> list[n.Inline]:
    """'Original title: *…*' after a rendering of a headline in another language; nothing when
    the title shown is the headline itself or the text has no headline."""
    meta = source.meta
    rendering = meta.title_translations.get(i18n.lang)
    if not meta.headline or meta.language == i18n.lang or not rendering or rendering == meta.title:
        return []
    before, _, after = i18n._("sources.item.original_title", title="\0").partition("\0")
    return [n.Text(" " + before[:1].upper() + before[1:]),
            n.Emphasis([n.Text(i18n.foreign(unshouted(meta.title, proper), meta.language))], meta.language),
            n.Text(after + ".")]


def source_line_name(source: LoadedSource, i18n: I18n) -> str:
    """A source as a table's or chart's source line names it: plain text, which can call no note,
    so an outlet the text does not name (marked † in the list of sources) is named with the
    doubt in words ('probably Financial Express Online, 30 August 2021'); an unknown outlet is
    described, not named, so in lower case inside the line ('…; unidentified outlet, December
    2023'), where the list of sources opens an entry with a capital."""
    date = i18n.date(source.meta.published)
    if not source.meta.outlet:
        return i18n._("source.short", outlet=i18n._("source.unknown_outlet.in_line"), date=date)
    if source.meta.outlet_basis:
        return i18n._("source.short.identified", outlet=outlet_name(source, i18n), date=date)
    return source_short_name(source, i18n)


def sources_line(sources: dict[str, LoadedSource], source_ids: Iterable[str], i18n: I18n) -> str:
    """'Sources : La Gazette, août 2024 ; …' under a table or chart, each source named once."""
    names = list(dict.fromkeys(source_line_name(sources[s], i18n) for s in source_ids if s in sources))
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
