"""Words and numbers on and around a chart, in the edition's language.

Every text comes from the content (partner names) or the catalogue (symbolic msgids in
``charts.po``); numbers, dates and month names from Babel through ``I18n``.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton

from ..i18n import I18n


def category_label(category: str, i18n: I18n) -> str:
    return i18n._(f"category.{category}")


def domain_label(group: str, i18n: I18n) -> str:
    return i18n._(f"domain.{group}")


def month_tick(day: dt.date, i18n: I18n) -> str:
    """'janv. 2024' / 'Jan 2024' — a month on a time axis."""
    return format_skeleton("yMMM", day, locale=i18n.locale)


def leaders(scores: dict[str, int], names: dict[str, str], i18n: I18n) -> tuple[str, int]:
    """The name(s) with the highest score, joined ('Turquie et Inde'), and that score."""
    best = max(scores.values())
    return i18n.join([names[k] for k, v in scores.items() if v == best]), best
