"""The superior's view across its committees (`reports.superior.superior_overview`, issue 22 items 2
and 4) on the hand-built year of `tests/reports/superior_world.py`: every number below is counted
by hand from that year."""

import copy
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports.superior import Mark, ReportState, superior_overview
from tests.factories import SuperiorFactory
from tests.reports.superior_world import TODAY, YEAR, D, build_many, build_world

pytestmark = pytest.mark.django_db

M = Mark
R = ReportState


@pytest.fixture(scope="module")
def world(module_db):
    w = build_world()
    w.five = SuperiorFactory(name="Đảng ủy xã Năm")
    w.fifty = SuperiorFactory(name="Đảng ủy phường Năm Mươi")
    build_many(w.five, 5, prefix="Năm")
    build_many(w.fifty, 50, prefix="Năm Mươi")
    return w


@pytest.fixture
def w(world, db):
    return copy.deepcopy(world)


@pytest.fixture
def commune(w):
    return superior_overview(w.commune, YEAR, today=TODAY)


def line_of(overview, committee):
    return next(line for line in overview.lines if line.committee_id == committee.pk)


def marks(line):
    return [cell.mark for cell in line.months]


def reports(line):
    return [cell.report for cell in line.months]


def test_the_committees_under_the_superior_during_the_year(w, commune):
    """The school all year, the moved committee from July; not the one that comes in 2026, not
    the ward's clinic."""
    assert [line.name for line in commune.lines] == [w.school.name, w.moved.name]
    assert [line.under_on_roll_day for line in commune.lines] == [True, True]
    assert commune.roll_day == TODAY
    district = superior_overview(w.district, YEAR, today=TODAY)
    assert [line.name for line in district.lines] == [w.moved.name]
    assert superior_overview(w.commune, 2026, today=D(2026, 3, 1)).lines[-1].name == w.later.name
    assert [line.name for line in superior_overview(w.ward, YEAR, today=TODAY).lines] == [
        w.clinic.name
    ]


def test_the_meeting_marks_month_by_month(w, commune):
    school = line_of(commune, w.school)
    assert marks(school) == [
        M.ON_TIME, M.LATE, M.MISSED, *[M.ON_TIME] * 6, M.UPCOMING, M.UPCOMING, M.UPCOMING,
    ]  # fmt: skip
    assert [(c.on_time, c.late, c.missed, c.due) for c in school.months[:3]] == [
        (2, 0, 0, 2), (1, 1, 0, 2), (1, 0, 1, 2),
    ]  # fmt: skip
    assert [c.minutes_overdue for c in school.months] == [0] * 8 + [1, 0, 0, 0]
    # Its months under the district are not the commune's, and the other way round.
    moved = line_of(commune, w.moved)
    assert marks(moved) == [M.ELSEWHERE] * 6 + [M.ON_TIME, M.MISSED, M.ON_TIME] + [M.UPCOMING] * 3
    assert not moved.months[0].under and moved.months[6].under
    before = line_of(superior_overview(w.district, YEAR, today=TODAY), w.moved)
    assert marks(before) == [M.MISSED] * 6 + [M.ELSEWHERE] * 6


def test_the_meeting_numbers_topic_quarters_and_minutes(w, commune):
    school = line_of(commune, w.school)
    # S1: on time in 7 months, late in February, missed March; the executive: 9 on time.
    assert (school.meetings_on_time, school.meetings_late, school.meetings_missed) == (16, 1, 1)
    assert school.meetings_due == 18
    assert school.on_time_percent == Decimal("88.9")
    assert school.held_percent == Decimal("94.4")
    # Q1 held (February's session); Q2 and Q3 ended without one; Q4 not over.
    assert (school.topics_held, school.topics_due) == (1, 3)
    assert (
        school.minutes_approved,
        school.minutes_approved_late,
        school.minutes_pending,
        school.minutes_overdue,
    ) == (15, 1, 0, 1)
    moved = line_of(commune, w.moved)
    assert (moved.meetings_on_time, moved.meetings_late, moved.meetings_missed) == (5, 0, 1)
    assert (moved.topics_held, moved.topics_due) == (0, 1)  # Q3 only: Q1 and Q2 were elsewhere
    assert (moved.minutes_approved, moved.minutes_overdue) == (5, 0)


def test_the_monthly_reports_on_time_late_or_not_submitted(w, commune):
    school = line_of(commune, w.school)
    assert reports(school) == [
        R.ON_TIME, R.LATE, *[R.OVERDUE] * 7, R.NOT_DUE, R.NOT_DUE, R.NOT_DUE,
    ]  # fmt: skip
    january, february, march = school.months[:3]
    assert (january.report_id, january.report_submitted_on) == (w.jan.pk, D(2025, 2, 18))
    assert january.report_due_on == D(2025, 2, 20)
    # Late by its first version (25/03 after 20/03); it opens the correction.
    assert (february.report_id, february.report_submitted_on) == (w.feb2.pk, D(2025, 3, 25))
    # A draft is not the superior's to see: "not submitted", nothing to open.
    assert (march.report, march.report_id) == (R.OVERDUE, None)
    assert school.months[9].report_due_on == D(2025, 11, 20)
    moved = line_of(commune, w.moved)
    assert reports(moved) == [R.ELSEWHERE] * 6 + [R.ON_TIME, R.OVERDUE, R.OVERDUE] + [R.NOT_DUE] * 3
    assert moved.months[6].report_id == w.moved_jul.pk
    before = line_of(superior_overview(w.district, YEAR, today=TODAY), w.moved)
    assert reports(before)[:3] == [R.OVERDUE, R.OVERDUE, R.ON_TIME]
    assert before.months[2].report_id == w.moved_mar.pk


def test_the_superiors_deadline_day_decides(w):
    """With the deadline on the 25th, February's report (25/03) is on time."""
    w.commune.report_deadline_day = 25
    w.commune.save()
    school = line_of(superior_overview(w.commune, YEAR, today=TODAY), w.school)
    assert reports(school)[:2] == [R.ON_TIME, R.ON_TIME]
    assert (school.reports_submitted, school.reports_on_time) == (3, 3)


def test_the_key_numbers(w, commune):
    school = line_of(commune, w.school)
    assert (school.official, school.probationary, school.admitted) == (3, 1, 1)
    # o1 (three absences) and o2 (fees unpaid since January); not o3 (two absences, all paid).
    assert school.flagged == 2
    # Its own standing remittances: not March's (reversed), not S1's to the school.
    assert school.fees_remitted == 1_100_000
    # January and February's monthly reports and the first quarter's; February's late.
    assert (school.reports_submitted, school.reports_on_time) == (3, 2)
    assert school.reports_overdue == 7
    moved = line_of(commune, w.moved)
    # mq admitted in August (mp in March, under the district); m1 flagged at two absences.
    assert (moved.official, moved.probationary, moved.admitted, moved.flagged) == (1, 2, 1, 1)
    assert moved.fees_remitted == 400_000
    assert (moved.reports_submitted, moved.reports_on_time) == (1, 1)
    assert commune.total("official") == 4
    assert commune.total("fees_remitted") == 1_500_000
    assert commune.on_time_percent == Decimal("87.5")  # 21 / 24


def test_the_roll_and_flags_only_for_the_superior_of_the_roll_day(w):
    """The district no longer has the moved committee on 25 October: no roll, no flags; its
    March admission, April remittance and March report are the district's."""
    before = line_of(superior_overview(w.district, YEAR, today=TODAY), w.moved)
    assert not before.under_on_roll_day
    assert (before.official, before.probationary, before.flagged) == (None, None, None)
    assert (before.admitted, before.fees_remitted, before.reports_submitted) == (1, 300_000, 1)
    # A past year: the roll of 31 December.
    past = superior_overview(w.district, 2024, today=TODAY)
    assert past.roll_day == D(2024, 12, 31)
    assert line_of(past, w.moved).official == 1


def test_the_alerts_across_committees(w, commune):
    alerts = commune.alerts
    assert [(a.committee, a.month) for a in alerts.reports] == [
        *[(w.school.name, month) for month in range(3, 10)],
        (w.moved.name, 8),
        (w.moved.name, 9),
    ]
    assert alerts.reports[0].due_on == D(2025, 4, 20)
    assert [(a.committee, a.row, a.months) for a in alerts.missed] == [
        (w.school.name, "Chi bộ S1", [3]),
        (w.moved.name, "Chi bộ M1", [8]),
    ]
    assert [(a.committee, a.row, a.month, a.date, a.days) for a in alerts.minutes] == [
        (w.school.name, "Chi bộ S1", 9, D(2025, 9, 5), 50)
    ]
    assert len(alerts) == 12


def test_reports_by_month_for_the_chart(commune):
    counts = commune.reports_by_month()
    assert counts[R.ON_TIME][:7] == [1, 0, 0, 0, 0, 0, 1]
    assert counts[R.LATE][:3] == [0, 1, 0]
    assert counts[R.OVERDUE] == [0, 0, 1, 1, 1, 1, 1, 2, 2, 0, 0, 0]
    assert counts[R.ELSEWHERE][:7] == [1] * 6 + [0]


def test_the_labels(commune):
    with translation.override("en"):
        school = commune.lines[0]
        assert school.months[1].mark_label == "Some held late"
        assert school.months[2].report_label == "Not submitted"
        assert commune.lines[1].months[0].mark_label == "Not under this superior"


def count(superior) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        overview = superior_overview(superior, YEAR, today=TODAY)
    return len(queries), overview


def test_the_queries_do_not_grow_with_the_committees(w):
    """5 and 50 committees: the same fifteen queries (module docstring)."""
    few, five = count(w.five)
    many, fifty = count(w.fifty)
    assert (len(five.lines), len(fifty.lines)) == (5, 50)
    assert few == many == 15
    line = fifty.lines[-1]
    assert (line.flagged, line.reports_submitted, line.fees_remitted) == (2, 2, 100_000)


def test_a_year_without_committees(w, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        overview = superior_overview(w.commune, 2000, today=TODAY)
    assert overview.lines == [] and len(overview.alerts) == 0
    assert overview.on_time_percent is None
