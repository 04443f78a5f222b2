"""The demo whatever the date: the months its year's problems fall in, and a seed in early January.

Apart from test_seed_demo.py, whose demo is seeded once on today's date: here the January seed
needs an empty database of its own.
"""

import datetime

import pytest
from django.utils import timezone

from demo.year import late_month, missed_month, no_topic_quarter
from meetings.planning.schedule import scheduled_day
from members.models import Member
from tests.demo.seeding import counts, seed

D = datetime.date


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_the_demo_years_problems_fit_any_day_of_the_year(year):
    """The months `demo.year` picks, for every day of a year (no database): each problem shows as
    soon as a month that is over can hold it."""
    meeting_day = 5
    day = D(year, 1, 1)
    while day.year == year:
        missed = missed_month(day, meeting_day)
        late = late_month(day, meeting_day)
        quarter = no_topic_quarter(day)
        # CB4 missed a month once March's meeting is behind us: ended, at least two months back,
        # not the cell's topic month.
        assert bool(missed) == (scheduled_day(year, 3, meeting_day) < day), day
        if missed:
            assert missed <= day.month - 2 and missed % 3 != 2, day
        # CB2 held a month late once February's meeting is behind us: three days late, still in
        # its month, before today, not the cell's topic month.
        assert bool(late) == (scheduled_day(year, 2, meeting_day) < day), day
        if late:
            late_on = scheduled_day(year, late, meeting_day) + datetime.timedelta(days=3)
            assert late_on.month == late and late_on < day and late % 3 != 0, day
        # CB3 held no topic session in the last quarter that is over (none in the first).
        if day.month <= 3:
            assert quarter is None, day
        else:
            assert 3 * quarter < day.month <= 3 * quarter + 3, day
        day += datetime.timedelta(days=1)


@pytest.mark.django_db
def test_seed_demo_runs_in_the_first_days_of_january(monkeypatch):
    """`make run` works whatever the date, early January too: this year's residence comments are
    requested on 1 January at the earliest, not in the year before."""
    now = datetime.datetime.fromisoformat("2027-01-03T03:00:00+00:00")
    monkeypatch.setattr(timezone, "now", lambda: now)
    today = timezone.localdate()
    output = seed()
    assert f"Meetings {today.year}:" in output
    first = counts()
    seed()
    assert counts() == first
    assert Member.objects.count() == 48
