"""The key numbers of a year (`reports/measures/numbers.py`, issue 10 item 1) on the hand-built
year of `tests/reports/committee_year.py`."""

import pytest
from django.utils import translation

from reports.measures.matrix import compliance_matrix
from reports.measures.numbers import KeyNumbers, key_numbers
from tests.reports.committee_year import (
    TODAY,
    YEAR,
    D,
    P,
    fresh,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English (the source strings)."""
    with translation.override("en"):
        yield


@pytest.fixture
def w(committee_year, db):
    return committee_year


# --- key numbers --------------------------------------------------------------------------------


def test_key_numbers(w):
    committee = fresh(w.committee)
    m = compliance_matrix(committee, YEAR, today=TODAY)
    numbers = key_numbers(committee, YEAR, m, today=TODAY)
    assert numbers == KeyNumbers(
        official=5,  # An1–3, Bình1–2
        probationary=3,  # Dự, Ca, Cb
        meetings_held=8,  # A 3, B 3, executive 2
        meetings_expected=10,  # and A's March, the executive's February
        meetings_late=2,
        topics_held=2,  # B's Q1 and Q2
        topics_expected=3,  # and A's Q1
        attendance_percent=P("70.0"),  # 14 present of 20 rows of regular meetings
        overdue_tasks=2,  # An3's report (28/02), An1's check (01/04)
    )


def test_key_numbers_take_the_roll_of_the_year_and_today_from_the_matrix(w):
    committee = fresh(w.committee)
    # The roll of a past year is the one of its 31 December: Dự (admitted 01/12/2024), Ca and Cb
    # were probationary then; in 2023 none of them was admitted yet.
    m = compliance_matrix(committee, 2024, today=TODAY)
    numbers = key_numbers(committee, 2024, m)
    assert (numbers.official, numbers.probationary) == (5, 3)
    m = compliance_matrix(committee, 2023, today=TODAY)
    numbers = key_numbers(committee, 2023, m)
    assert (numbers.official, numbers.probationary) == (5, 0)
    assert numbers.attendance_percent is None
    assert (numbers.meetings_held, numbers.topics_held) == (0, 0)
    # Today from the matrix: on 02/03/2025 only An3's report (28/02) was overdue.
    m = compliance_matrix(committee, YEAR, today=D(2025, 3, 2))
    assert key_numbers(committee, YEAR, m).overdue_tasks == 1
