"""Whole months after or before a day (core/dates.py): probation ends, who is rated, transfers."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 5, 19), 12, datetime.date(2026, 5, 19)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
        (datetime.date(2025, 3, 31), -1, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 1, 15), -6, datetime.date(2025, 7, 15)),
        (datetime.date(2026, 1, 15), -13, datetime.date(2024, 12, 15)),
        (datetime.date(2025, 12, 31), 0, datetime.date(2025, 12, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


days = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 12, 31))


@given(day=days, months=st.integers(min_value=-600, max_value=600))
def test_lands_in_the_right_month_on_the_same_day_or_the_months_last(day, months):
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day == day.day or (
        result.day < day.day and (result + datetime.timedelta(days=1)).day == 1
    )


@given(day=days, months=st.integers(min_value=0, max_value=600))
def test_there_and_back_on_a_day_every_month_has(day, months):
    day = day.replace(day=min(day.day, 28))
    assert add_months(add_months(day, months), -months) == day
