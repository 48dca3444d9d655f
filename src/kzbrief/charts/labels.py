"""Words and numbers on and around a chart, in the edition's language.

Every text comes from the content (partner names) or the catalogue (symbolic msgids in
``charts.po``); numbers, dates and month names from Babel through ``I18n``.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton

from ..content.schema import Partner
from ..document.refs import source_short_name
from ..document.view import EditionView
from ..i18n import I18n


def localised(texts: dict[str, str], lang: str) -> str:
    """The text in the language, else the first one written (validation should prevent that)."""
    return texts.get(lang) or next(iter(texts.values()), "")


def partner_label(partner_id: str, partners: dict[str, Partner], i18n: I18n) -> str:
    partner = partners.get(partner_id)
    if partner is None:
        return partner_id
    return i18n.typo(localised(partner.short or partner.name, i18n.lang))


def category_label(category: str, i18n: I18n) -> str:
    return i18n._(f"category.{category}")


def domain_label(group: str, i18n: I18n) -> str:
    return i18n._(f"domain.{group}")


def month_tick(day: dt.date, i18n: I18n) -> str:
    """'janv. 2024' / 'Jan 2024' — a month on a time axis."""
    return format_skeleton("yMMM", day, locale=i18n.locale)


def value_label(value: float | int, approx: str, i18n: I18n) -> str:
    """A figure with its approximation sign: '≈ 900', '> 70 000', '12'."""
    return i18n._(f"chart.value.{approx}", value=i18n.number(value))


def source_line(view: EditionView, source_ids: list[str], i18n: I18n) -> str:
    """'Sources : La Gazette, décembre 2024 ; …' naming each cited source once."""
    names = list(dict.fromkeys(source_short_name(view.sources[s], i18n) for s in source_ids))
    if not names:
        return ""
    separator = i18n._("chart.separator")
    message = "chart.source" if len(names) == 1 else "chart.sources"
    return i18n._(message, sources=separator.join(names))


def leaders(scores: dict[str, int], names: dict[str, str], i18n: I18n) -> tuple[str, int]:
    """The name(s) with the highest score, joined ('Turquie et Inde'), and that score."""
    best = max(scores.values())
    return i18n.join([names[k] for k, v in scores.items() if v == best]), best
