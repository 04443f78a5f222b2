"""The commune's two other committees (`demo/commune.py`, issue 22), as the `superior` login sees
them: three committees under the commune — the school and the two built here —, the health
station's missed month and late report, the primary school's reports on time; a second run
writes nothing. Built once for the module, with today's date (as `seed_demo` runs)."""

import datetime

import pytest
from django.utils import timezone

from cells import services as cells_services
from cells.models import Committee, SuperiorBody
from cells.rules import rules_for
from demo.commune import HEALTH_STATION, SCHOOL, missed_month, seed_commune
from demo.management.commands.seed_demo import SUPERIOR_BODIES
from demo.superiors import COMMUNE, seed_superiors
from meetings.models import Meeting, Minutes, Status
from reports.models import PeriodReport, due_on
from reports.superior import Mark, ReportState, superior_overview
from tests.demo.seeding import counts
from tests.factories import CommitteeFactory, UserFactory


@pytest.fixture(scope="module")
def built(module_db):
    system, school = UserFactory(username="chibo-system"), CommitteeFactory(name="Trường THPT")
    commune = seed_superiors(by=system)[COMMUNE]
    for name, start, end in SUPERIOR_BODIES:
        cells_services.superior_body_create(
            committee=school, by=system, name=name, valid_from=start, valid_until=end
        )
    today = timezone.localdate()
    line = seed_commune(commune, by=system, today=today)
    overview = superior_overview(commune, today.year, today=today)
    return {
        "system": system,
        "commune": commune,
        "today": today,
        "line": line,
        "lines": {line.name: line for line in overview.lines},
        "alerts": overview.alerts,
    }


def _due_months(built) -> list[int]:
    """The months of this year whose report deadline has passed."""
    today, day = built["today"], built["commune"].report_deadline_day
    return [m for m in range(1, 13) if due_on(datetime.date(today.year, m, 1), day) < today]


@pytest.mark.django_db
def test_the_commune_sees_three_committees(built):
    assert set(built["lines"]) == {"Trường THPT", SCHOOL.name, HEALTH_STATION.name}
    for name in (SCHOOL.name, HEALTH_STATION.name):
        line = built["lines"][name]
        assert line.official + line.probationary == (12 if name == SCHOOL.name else 10)
        assert line.probationary == 1
        assert line.minutes_overdue == line.minutes_pending == 0
        assert line.minutes_approved > 0
        assert line.topics_held > 0
        assert line.flagged == 0
    assert "Commune Đảng ủy xã Krông Bông: 3 committees under it." in built["line"]


@pytest.mark.django_db
def test_the_primary_school_held_every_month_and_reported_on_time(built):
    line = built["lines"][SCHOOL.name]
    assert line.meetings_missed == line.meetings_late == 0
    assert line.meetings_on_time > 0
    due = _due_months(built)
    assert [cell.report for cell in line.months if cell.month in due] == [
        ReportState.ON_TIME
    ] * len(due)
    assert (line.reports_submitted, line.reports_on_time, line.reports_overdue) == (
        len(due),
        len(due),
        0,
    )
    assert not [a for a in built["alerts"].missed if a.committee == SCHOOL.name]
    assert not [a for a in built["alerts"].reports if a.committee == SCHOOL.name]


@pytest.mark.django_db
def test_the_health_station_missed_a_month_and_reported_its_last_month_late(built):
    line = built["lines"][HEALTH_STATION.name]
    committee = Committee.objects.get(pk=line.committee_id)
    month = missed_month(built["today"], rules_for(committee).meeting_day)
    due = _due_months(built)
    if month is None or not due:
        pytest.skip("Too early in the year for a missed month and a report due.")
    assert line.months[month - 1].mark == Mark.MISSED
    assert line.meetings_missed == 1
    missed = [a for a in built["alerts"].missed if a.committee == HEALTH_STATION.name]
    assert [(a.row, a.months) for a in missed] == [("Chi bộ Y tế dự phòng - Dân số", [month])]
    # The month's meeting was planned and never held: a draft.
    meeting = Meeting.objects.get(committee=committee, cell__code="CB2", month__month=month)
    assert meeting.status == Status.DRAFT
    reports = [cell.report for cell in line.months if cell.month in due]
    assert reports == [ReportState.ON_TIME] * (len(due) - 1) + [ReportState.LATE]
    assert (line.reports_submitted, line.reports_on_time) == (len(due), len(due) - 1)
    last = line.months[due[-1] - 1]
    assert last.report_submitted_on > last.report_due_on


@pytest.mark.django_db
def test_a_second_run_writes_nothing(built):
    before = counts()
    reports = PeriodReport.objects.count(), PeriodReport.history.count()
    bodies = SuperiorBody.objects.count()
    line = seed_commune(built["commune"], by=built["system"], today=built["today"])
    assert counts() == before
    assert (PeriodReport.objects.count(), PeriodReport.history.count()) == reports
    assert SuperiorBody.objects.count() == bodies
    assert "0 meetings, 0 minutes, 0 reports on time, 0 late added this run" in line
    assert not Minutes.objects.filter(
        approved_at__isnull=True, meeting__status=Status.HELD
    ).exists()


@pytest.mark.django_db
def test_the_first_days_of_january_add_nothing_yet(built, monkeypatch):
    """Early in January no meeting of the new year is behind us and no report is due: a run then
    adds nothing and misses no month."""
    now = datetime.datetime.fromisoformat(f"{built['today'].year + 1}-01-03T03:00:00+00:00")
    monkeypatch.setattr(timezone, "now", lambda: now)
    before = counts()
    line = seed_commune(built["commune"], by=built["system"], today=timezone.localdate())
    assert counts() == before
    assert "missed" not in line
