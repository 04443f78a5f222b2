"""The year's schedule (DOMAIN §4.1): the unified day, weekends, idempotent generation, the
settings it follows, and what it leaves alone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cells import services as cell_services
from cells.models import Committee, CommitteeSettings
from cells.rules import rules_for
from meetings.models import AgendaItem, Meeting
from meetings.planning.agenda import agenda_item_add
from meetings.planning.meetings import meeting_create, meeting_update
from meetings.planning.schedule import on_time_until, schedule_generate, scheduled_day
from tests.factories import CellFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


# --- scheduled_day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (2026, 3, 5, D(2026, 3, 5)),  # a Thursday: the unified day itself
        (2026, 11, 5, D(2026, 11, 5)),  # a Thursday
        (2027, 3, 5, D(2027, 3, 5)),  # a Friday
        (2026, 4, 5, D(2026, 4, 3)),  # a Sunday: the Friday before
        (2027, 9, 5, D(2027, 9, 3)),  # a Sunday
        (2026, 9, 5, D(2026, 9, 4)),  # a Saturday: the Friday before
        (2026, 12, 5, D(2026, 12, 4)),  # a Saturday
        (2026, 5, 28, D(2026, 5, 28)),  # the last day the setting allows
        (2027, 2, 28, D(2027, 2, 26)),  # a Sunday at the end of February
    ],
)
def test_scheduled_day_is_the_unified_day_or_the_friday_before(year, month, day, expected):
    result = scheduled_day(year, month, day)
    assert result == expected
    assert result.weekday() < 5


@pytest.mark.parametrize(("year", "month", "day"), [(2026, 8, 1), (2026, 3, 1), (2027, 5, 2)])
def test_scheduled_day_stays_in_its_month(year, month, day):
    assert datetime.date(year, month, day).weekday() >= 5
    result = scheduled_day(year, month, day)
    assert (result.year, result.month) == (year, month)
    assert result.weekday() < 5


# --- schedule_generate ------------------------------------------------------------------------


@pytest.fixture
def cells(committee):
    return [CellFactory(committee=committee, code=f"S{n}") for n in (1, 2)]


@pytest.fixture
def dissolved(committee, officer):
    cell = CellFactory(committee=committee, code="S9")
    cell_services.cell_dissolve(cell=cell, on=D(2024, 6, 30), reason="Sáp nhập", by=officer)
    return cell


def _next_year():
    return timezone.localdate().year + 1


def test_next_years_schedule_for_every_active_cell_and_the_executive(
    committee, cells, dissolved, officer
):
    cell_services.rules_update(committee=committee, by=officer, meeting_time=T(14, 0))
    year = _next_year()
    created = schedule_generate(committee=committee, year=year, by=officer)
    assert len(created) == 12 * (len(cells) + 1) == 36
    assert Meeting.objects.count() == 36
    assert not dissolved.meetings.exists()
    for holder in cells:
        assert sorted(holder.meetings.values_list("month", flat=True)) == [
            D(year, m, 1) for m in range(1, 13)
        ]
    executive = Meeting.objects.filter(body="executive", cell=None)
    assert executive.count() == 12
    for meeting in Meeting.objects.all():
        assert meeting.kind == "regular"
        assert meeting.date == scheduled_day(year, meeting.month.month, 5)
        assert meeting.start_time == T(14, 0)
        assert (meeting.status, meeting.recorded_afterwards) == ("draft", False)
        assert meeting.created_by == officer
        assert meeting.history.first().history_user == officer
    assert AgendaItem.objects.count() == 36 * 3
    assert set(AgendaItem.objects.values_list("section", flat=True)) == {
        "political",
        "tasks",
        "party",
    }


def test_the_default_settings_apply_when_none_were_stored(committee, cells, officer):
    CommitteeSettings.objects.filter(committee=committee).delete()
    committee = Committee.objects.get(pk=committee.pk)
    created = schedule_generate(committee=committee, year=_next_year(), by=officer)
    assert {m.start_time for m in created} == {T(16, 30)}
    assert {m.date.day for m in created} <= {3, 4, 5}


def test_generating_twice_creates_nothing_the_second_time(committee, cells, officer):
    year = _next_year()
    schedule_generate(committee=committee, year=year, by=officer)
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), Meeting.history.count())
    assert schedule_generate(committee=committee, year=year, by=officer) == []
    assert (Meeting.objects.count(), AgendaItem.objects.count(), Meeting.history.count()) == counts


def test_a_prepared_meeting_is_left_as_it_is(committee, cells, officer):
    year = _next_year()
    schedule_generate(committee=committee, year=year, by=officer)
    march = Meeting.objects.get(cell=cells[0], month=D(year, 3, 1))
    meeting_update(
        meeting=march,
        by=officer,
        date=D(year, 3, 24),
        reschedule_reason="Trùng lịch kiểm tra chuyên đề",
        place="Thư viện",
    )
    agenda_item_add(meeting=march, section="party", title="Thu đảng phí tháng 3", by=officer)
    history = (Meeting.history.count(), AgendaItem.history.count())

    assert schedule_generate(committee=committee, year=year, by=officer) == []
    march.refresh_from_db()
    assert (march.date, march.place, march.month) == (D(year, 3, 24), "Thư viện", D(year, 3, 1))
    assert march.agenda_items.count() == 4
    assert cells[0].meetings.filter(month=D(year, 3, 1)).count() == 1
    assert (Meeting.history.count(), AgendaItem.history.count()) == history


def test_a_month_planned_by_hand_is_not_planned_again(committee, cells, officer):
    year = _next_year()
    by_hand = meeting_create(
        committee=committee,
        body="cell",
        cell=cells[1],
        kind="regular",
        date=D(year, 6, 26),
        start_time=T(7, 30),
        by=officer,
    )
    created = schedule_generate(committee=committee, year=year, by=officer)
    assert len(created) == 36 - 1
    (june,) = cells[1].meetings.filter(month=D(year, 6, 1))
    assert june == by_hand
    assert june.date == D(year, 6, 26)


def test_this_year_skips_the_months_whose_day_has_passed(committee, cells, officer):
    today = timezone.localdate()
    expected_months = [
        D(today.year, m, 1) for m in range(1, 13) if scheduled_day(today.year, m, 5) >= today
    ]
    created = schedule_generate(committee=committee, year=today.year, by=officer)
    assert len(created) == len(expected_months) * (len(cells) + 1)
    assert sorted({m.month for m in created}) == expected_months
    assert all(m.date >= today and m.status == "draft" for m in created)
    assert schedule_generate(committee=committee, year=today.year, by=officer) == []


def test_a_past_year_or_beyond_next_year_is_refused(committee, cells, officer):
    year = timezone.localdate().year
    for refused in (year - 1, year + 2):
        with pytest.raises(ValidationError) as error:
            schedule_generate(committee=committee, year=refused, by=officer)
        assert "year" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_the_unified_day_setting_drives_the_dates(committee, cells, officer):
    year = _next_year()
    schedule_generate(committee=committee, year=year, by=officer)
    assert {m.date for m in cells[0].meetings.all()} == {
        scheduled_day(year, m, 5) for m in range(1, 13)
    }

    cell_services.rules_update(
        committee=committee, by=officer, meeting_day=20, meeting_time=T(7, 30)
    )
    new_cell = CellFactory(committee=committee, code="S3")
    created = schedule_generate(committee=committee, year=year, by=officer)
    assert {m.cell for m in created} == {new_cell}
    assert [m.date for m in created] == [scheduled_day(year, m, 20) for m in range(1, 13)]
    assert all(18 <= m.date.day <= 20 and m.date.weekday() < 5 for m in created)
    assert {m.start_time for m in created} == {T(7, 30)}
    # The meetings planned before the change keep their day.
    assert {m.date for m in cells[0].meetings.all()} == {
        scheduled_day(year, m, 5) for m in range(1, 13)
    }


def test_the_schedule_of_one_committee_ignores_another(committee, other_committee, cells, officer):
    CellFactory(committee=other_committee)
    schedule_generate(committee=committee, year=_next_year(), by=officer)
    assert not Meeting.objects.filter(committee=other_committee).exists()
    created = schedule_generate(committee=other_committee, year=_next_year(), by=officer)
    assert len(created) == 24


def test_a_meeting_is_on_time_until_the_scheduled_day_plus_the_grace_days(committee, officer):
    """The one "held late" rule (the dashboard's matrix and the demo ask it): changing the grace
    days setting moves the last on-time day."""
    cell_services.rules_update(committee=committee, by=officer, meeting_day=12, late_grace_days=0)
    assert on_time_until(2027, 3, rules_for(committee)) == scheduled_day(2027, 3, 12)
    cell_services.rules_update(committee=committee, by=officer, meeting_day=12, late_grace_days=5)
    fresh = Committee.objects.get(pk=committee.pk)  # the rules are cached per committee object
    assert on_time_until(2027, 3, rules_for(fresh)) == scheduled_day(2027, 3, 12) + (
        datetime.timedelta(days=5)
    )
