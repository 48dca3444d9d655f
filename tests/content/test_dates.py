import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kzbrief.content.dates import FuzzyDate, Period


@pytest.mark.parametrize("text,precision,start,end", [
    ("2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2024-12-09", "day", dt.date(2024, 12, 9), dt.date(2024, 12, 9)),
])
def test_precision_and_bounds(text, precision, start, end):
    date = FuzzyDate.parse(text)
    assert (date.precision, date.start(), date.end(), str(date)) == (precision, start, end, text)


@pytest.mark.parametrize("text,message", [
    ("2023-02-29", "has 28 days"),
    ("2024-13", "no month 13"),
    ("9 décembre", "YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_dates(text, message):
    with pytest.raises(ValueError, match=message):
        FuzzyDate.parse(text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_day_round_trip(day):
    date = FuzzyDate.parse(day.isoformat())
    assert date.start() == date.end() == day


def test_period_bounds():
    period = Period.parse("2024-02")
    assert (period.start(), period.end()) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
