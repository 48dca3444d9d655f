"""Dates as the sources give them: to the day, to the month or only to the year.

A source may say "in May" or "late October": the model keeps the precision (and an optional
early/mid/late qualifier) so the briefing never invents a day, and so that "known by the end of
period P" can be decided on the earliest and latest day a fuzzy date can mean.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
Qualifier = Literal["early", "mid", "late"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "FuzzyDate":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError on impossible dates."""
        match = _DATE_RE.match(str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a date: there is no month {month}")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days")
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def span(self, qualifier: str | None = None) -> tuple[dt.date, dt.date]:
        """The days the date can mean; "early", "mid" or "late" keep one third of a month or year."""
        start, end = self.start(), self.end()
        if qualifier and self.precision != "day":
            third = (end - start) / 3
            start += third * ("early", "mid", "late").index(qualifier)
            end = start + third
        return start, end

    def sort_key(self, qualifier: str | None = None) -> tuple[dt.date, int]:
        """Order by the earliest day the date can mean, vaguer dates first; a qualified date
        ("late October") by the middle of its third, so it follows what the month began with."""
        start, end = self.span(qualifier)
        if qualifier and self.precision != "day":
            start += (end - start) / 2
        return (start, {"year": 0, "month": 1, "day": 2}[self.precision])

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True)
class Period:
    """A monthly edition's period, ``YYYY-MM``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = re.match(r"^(\d{4})-(\d{2})$", str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a period: use YYYY-MM")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a period: there is no month {month}")
        return cls(year, month)

    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __lt__(self, other: "Period") -> bool:
        return (self.year, self.month) < (other.year, other.month)
