"""The committee dashboard's selectors (issue 10 item 1): the package `dashboard/committee/`.

One hand-built year (2025, seen on 20 April 2025 unless a test says otherwise), held through the
real services (`meeting_create` of past dates, `recording_start`, `attendance_set`,
`minutes_save`, `minutes_approve`, `task_assign`…):

- cell A1: January on time (minutes approved on time), February late (approved late), March
  missed, April late (minutes pending); no topic session in Q1; member An2 absent without reason
  from three regular meetings;
- cell B1: January (minutes overdue), February with a topic session, March, all on time; a topic
  session on 10 April (counts for Q2, minutes overdue); April still to come;
- cell C1: founded on 20 May 2025 (January–May not applicable);
- the executive committee: January and March held, February missed.

Then the settings that move the lines, and the query count for 2 cells × 3 months against
10 cells × 12 months.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cells.models import Committee
from cells.services import rules_update
from dashboard.committee.alerts import (
    AbsenceAlert,
    MinutesAlert,
    MissedAlert,
    ProbationAlert,
    ResidenceAlert,
)
from dashboard.committee.alerts import alerts as committee_alerts
from dashboard.committee.charts import (
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from dashboard.committee.matrix import MinutesState as MS
from dashboard.committee.matrix import MonthState as S
from dashboard.committee.matrix import QuarterState as Q
from dashboard.committee.matrix import compliance_matrix
from dashboard.committee.numbers import KeyNumbers, key_numbers
from meetings.decisions import tasks
from meetings.models import (
    Attendance,
    Body,
    Document,
    Kind,
    Meeting,
    Minutes,
    ReadReceipt,
    Task,
    TaskAssignment,
)
from meetings.planning import documents
from meetings.planning.meetings import meeting_create
from meetings.record.attendance import attendance_set, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from members.models import CellMembership, Status
from reviews.models import Evaluation, ResidenceComment
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
YEAR = 2025
TODAY = D(2025, 4, 20)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
P = Decimal


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English (the source strings)."""
    with translation.override("en"):
        yield


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime in the committee's zone."""
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=LOCAL)


def fresh(committee) -> Committee:
    """The committee again, without its cached settings (after `rules_update`)."""
    return Committee.objects.get(pk=committee.pk)


# --- the hand-built year ----------------------------------------------------------------------


def _hold(w, *, cell=None, day, kind=Kind.REGULAR, absent=(), excused=(), **data):
    """A meeting of a past date (held, recorded afterwards), its record started."""
    meeting = meeting_create(
        committee=w.committee,
        body=Body.CELL if cell else Body.EXECUTIVE,
        cell=cell,
        kind=kind,
        date=day,
        start_time=T(16, 30),
        by=w.by,
        **data,
    )
    recording_start(meeting=meeting, by=w.by)
    for member in absent:
        attendance_set(meeting=meeting, member_id=member.pk, status="unexcused", by=w.by)
    for member in excused:
        attendance_set(meeting=meeting, member_id=member.pk, status="excused", reason="Ốm", by=w.by)
    return meeting


def _score(w, meeting, scores, *, chair, clerk):
    keys = [name for name, _setting in QUALITY_FIELDS]
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=w.by,
        opened_at=T(16, 30),
        closed_at=T(18, 30),
        chair_id=chair.pk,
        clerk_id=clerk.pk,
        quality=dict(zip(keys, scores, strict=True)),
    )


def _approve(w, meeting, scores, *, chair, clerk, on: datetime.datetime):
    """Fill, mark ready and approve the minutes, then date the approval `on` (simulated time)."""
    _score(w, meeting, scores, chair=chair, clerk=clerk)
    minutes_mark_ready(meeting=meeting, by=w.by)
    minutes_approve(meeting=meeting, by=w.by)
    Minutes.objects.filter(meeting=meeting).update(approved_at=on)


def _document(meeting, title, *, archived=False) -> Document:
    return Document.objects.create(
        meeting=meeting,
        title=title,
        file=f"meetings/{meeting.committee_id}/{title}.pdf",
        original_name=f"{title}.pdf",
        kind="pdf",
        size=100,
        archived=archived,
    )


def _opened(document, member, when):
    receipt = documents.receipt_record(document=document, member=member)
    ReadReceipt.objects.filter(pk=receipt.pk).update(opened_at=when)


def _member(w, cell, name, **kwargs):
    return MemberFactory(committee=w.committee, cell=cell, full_name=name, **kwargs)


def _probationary(w, cell, name, admitted_on, **kwargs):
    return _member(
        w,
        cell,
        name,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        recognised_on=None,
        **kwargs,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (the services are slow), rolled back at its end; each test runs
    in its own savepoint inside, so a test's settings change never reaches the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory()
        officer = CommitteeRoleFactory(committee=committee, role="officer").user
        yield build_world(committee, officer)
        transaction.set_rollback(True)


@pytest.fixture
def w(world, db):
    return world


def build_world(committee, officer):
    w = SimpleNamespace(committee=committee, by=officer)
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1), end_date=D(2025, 6, 30))
    w.a = CellFactory(committee=committee, code="A1", name="Chi bộ A")
    w.b = CellFactory(committee=committee, code="B1", name="Chi bộ B")
    w.c = CellFactory(committee=committee, code="C1", name="Chi bộ C", founded_on=D(2025, 5, 20))
    w.a1 = _member(w, w.a, "Lê Văn An1")
    w.a2 = _member(w, w.a, "Lê Văn An2")
    w.a3 = _member(w, w.a, "Lê Văn An3")
    w.p = _probationary(w, w.a, "Lê Thị Dự", D(2024, 12, 1), is_student=True)
    w.b1 = _member(w, w.b, "Trần Văn Bình1")
    w.b2 = _member(w, w.b, "Trần Văn Bình2")
    w.p2 = _probationary(w, w.c, "Phạm Thị Ca", D(2024, 5, 1))  # probation ends 01/05/2025
    w.p3 = _probationary(w, w.c, "Phạm Thị Cb", D(2024, 3, 1))  # ended 01/03/2025
    PositionFactory(member=w.a1, role="committee_secretary", term=term, start_date=D(2024, 1, 1))

    # Cell A1: on time, late, missed, late.
    w.a_jan = _hold(w, cell=w.a, day=D(2025, 1, 3), absent=[w.a2])
    w.task1 = tasks.task_assign(
        meeting=w.a_jan, title="Nộp báo cáo", deadline=D(2025, 2, 28), members=[w.a1, w.a3], by=w.by
    )
    _approve(w, w.a_jan, (15, 20, 45, 20), chair=w.a1, clerk=w.a3, on=at(D(2025, 1, 6), 9))
    w.a_feb = _hold(w, cell=w.a, day=D(2025, 2, 12), absent=[w.a2], excused=[w.a3])
    _approve(w, w.a_feb, (10, 10, 40, 10), chair=w.a1, clerk=w.a1, on=at(D(2025, 2, 25), 9))
    w.a_apr = _hold(w, cell=w.a, day=D(2025, 4, 15), absent=[w.a2])
    tasks.task_assign(
        meeting=w.a_apr, title="Việc cả năm", deadline=D(2025, 12, 31), members=[w.a2], by=w.by
    )
    done = TaskAssignment.objects.get(task=w.task1, member=w.a1)
    tasks.assignment_done(assignment=done, by=w.by, result="Đã nộp", done_on=D(2025, 2, 20))

    # Cell B1: all on time; a topic session with February's meeting and one on 10 April.
    w.b_jan = _hold(w, cell=w.b, day=D(2025, 1, 3), absent=[w.b1])
    w.b_feb = _hold(
        w, cell=w.b, day=D(2025, 2, 5), absent=[w.b1], includes_topic=True, topic="Học tập"
    )
    _approve(w, w.b_feb, (10, 10, 25, 10), chair=w.b2, clerk=w.b2, on=at(D(2025, 2, 8), 9))
    w.b_mar = _hold(w, cell=w.b, day=D(2025, 3, 5))
    task4 = tasks.task_assign(
        meeting=w.b_mar,
        title="Thu đảng phí",
        deadline=D(2025, 3, 31),
        members=[w.b1, w.b2],
        by=w.by,
    )
    tasks.task_assign(
        meeting=w.b_mar, title="Năm sau", deadline=D(2026, 1, 15), members=[w.b1], by=w.by
    )
    _approve(w, w.b_mar, (5, 5, 20, 5), chair=w.b1, clerk=w.b2, on=at(D(2025, 3, 6), 9))
    tasks.assignment_done(
        assignment=TaskAssignment.objects.get(task=task4, member=w.b1),
        by=w.by,
        result="Đã thu",
        done_on=D(2025, 3, 20),
    )
    tasks.assignment_cancel(
        assignment=TaskAssignment.objects.get(task=task4, member=w.b2), by=w.by, reason="Chuyển"
    )
    w.b_topic = _hold(w, cell=w.b, day=D(2025, 4, 10), kind=Kind.TOPIC, absent=[w.b1], topic="Q2")
    _score(w, w.b_topic, (15, 20, 45, 20), chair=w.b2, clerk=w.b2)

    # The executive committee (An1 holds its only position): January and March, not February.
    w.x_jan = _hold(w, day=D(2025, 1, 3))
    _approve(w, w.x_jan, (15, 20, 45, 15), chair=w.a1, clerk=w.a1, on=at(D(2025, 1, 3), 20))
    w.x_mar = _hold(w, day=D(2025, 3, 5))
    tasks.task_assign(
        meeting=w.x_mar, title="Kiểm tra", deadline=D(2025, 4, 1), members=[w.a1], by=w.by
    )

    # Documents of A1's January meeting (starts 03/01/2025 16:30, local time).
    d1, d3 = _document(w.a_jan, "d1"), _document(w.a_jan, "d3")
    d2 = _document(w.a_jan, "d2", archived=True)
    _opened(d1, w.a1, at(D(2025, 1, 2), 10))
    _opened(d3, w.a1, at(D(2025, 1, 1), 10))  # An1 counts once
    _opened(d1, w.a2, at(D(2025, 1, 3), 17))  # after the start
    _opened(d2, w.a3, at(D(2025, 1, 1), 10))  # an archived document
    _opened(d1, w.p, at(D(2025, 1, 3), 16))  # 30 minutes before the start
    _opened(d1, w.b1, at(D(2025, 1, 1), 10))  # not on the sheet
    _opened(_document(w.a_feb, "d4", archived=True), w.a1, at(D(2025, 2, 1), 10))
    _document(w.b_mar, "d5")  # nobody opened it

    # Ratings of the year (and one of another year).
    def rate(member, cell, rating, year=YEAR, rated=True):
        Evaluation.objects.create(
            committee=committee,
            member=member,
            cell=cell,
            year=year,
            rated=rated,
            final_rating=rating,
        )

    rate(w.a1, w.a, "outstanding")
    rate(w.a2, w.a, "good")
    rate(w.a3, w.a, "good")
    rate(w.b1, w.b, "not_completed")
    rate(w.b2, w.b, "")  # not decided yet
    rate(w.p, w.a, "", rated=False)
    rate(w.a1, w.a, "good", year=2024)

    # Residence-place comments.
    received = {"received_on": D(2025, 3, 1), "residence_cell": "Chi bộ thôn 1", "good": True}
    ResidenceComment.objects.create(member=w.a1, year=YEAR, status="received", **received)
    ResidenceComment.objects.create(member=w.a2, year=YEAR, status="requested")
    ResidenceComment.objects.create(member=w.a3, year=YEAR, status="exempt", exempt_reason="Ốm")
    ResidenceComment.objects.create(member=w.p3, year=2024, status="received", **received)
    return w


def matrix(w, today=TODAY, year=YEAR):
    return compliance_matrix(fresh(w.committee), year, today=today)


def row(m, key):
    return next(r for r in m.rows if r.key == key)


def states(r):
    return [box.state for box in r.months]


def minutes_states(r):
    return [box.minutes for box in r.months]


def quarters(r):
    return [box.state for box in r.quarters]


UP = [S.UPCOMING]
NA = [S.NOT_APPLICABLE]


# --- the compliance matrix ----------------------------------------------------------------------


def test_matrix_rows_cells_by_code_then_the_executive_committee(w):
    m = matrix(w)
    assert [r.key for r in m.rows] == [
        f"cell-{w.a.pk}",
        f"cell-{w.b.pk}",
        f"cell-{w.c.pk}",
        "executive",
    ]
    assert [r.name for r in m.rows] == ["Chi bộ A", "Chi bộ B", "Chi bộ C", "Executive committee"]
    assert [r.cell_id for r in m.cell_rows] == [w.a.pk, w.b.pk, w.c.pk]
    assert m.year == YEAR and m.today == TODAY
    assert m.scheduled[0] == D(2025, 1, 3)  # the 5th is a Sunday: the Friday before
    assert m.scheduled[3] == D(2025, 4, 4)
    assert m.scheduled[1] == D(2025, 2, 5)
    assert all(len(r.months) == 12 and len(r.quarters) == 4 for r in m.rows)


def test_matrix_month_states(w):
    m = matrix(w)
    a, b, c, x = m.rows
    assert states(a) == [S.ON_TIME, S.LATE, S.MISSED, S.LATE] + UP * 8
    assert states(b) == [S.ON_TIME] * 3 + UP * 9
    assert states(c) == NA * 5 + UP * 7  # founded 20/05: May's meeting day came before
    assert states(x) == [S.ON_TIME, S.MISSED, S.ON_TIME] + UP * 9
    assert a.count(S.LATE) == 2 and a.count(S.MISSED) == 1


def test_matrix_boxes_carry_their_meeting(w):
    a = matrix(w).rows[0]
    jan, feb, mar, apr = a.months[:4]
    assert (jan.meeting_id, jan.date, jan.meeting_status) == (w.a_jan.pk, D(2025, 1, 3), "approved")
    assert (apr.meeting_id, apr.meeting_status) == (w.a_apr.pk, "held")
    assert (mar.meeting_id, mar.date, mar.meeting_status, mar.minutes) == (None, None, "", "")
    assert all(box.url == "" for box in a.months)
    assert jan.state_label == "Held on time" and feb.minutes_label == "Minutes approved late"


def test_matrix_boxes_say_what_was_late(w):
    """Issue 17 item 11: a box says whether its meeting was published late and how many of its
    documents (not archived) were added after the deadline."""
    Meeting.objects.filter(pk=w.a_jan.pk).update(published_late=True)
    late = _document(w.a_feb, "Bổ sung")
    gone = _document(w.a_feb, "Bỏ", archived=True)
    _document(w.a_feb, "Đúng hạn")
    Document.objects.filter(pk__in=[late.pk, gone.pk]).update(added_late=True)
    jan, feb, mar = matrix(w).rows[0].months[:3]
    assert (jan.published_late, jan.documents_late) == (True, 0)
    assert (feb.published_late, feb.documents_late) == (False, 1)
    assert (mar.published_late, mar.documents_late) == (False, 0)


def test_matrix_minutes_states(w):
    a, b, _c, x = matrix(w).rows
    # A: approved 3 days after; 13 days after (> 7); none; 5 days pending.
    assert minutes_states(a)[:4] == [MS.APPROVED, MS.APPROVED_LATE, MS.NONE, MS.PENDING]
    # B: January never approved (107 days): overdue.
    assert minutes_states(b)[:4] == [MS.OVERDUE, MS.APPROVED, MS.APPROVED, MS.NONE]
    assert minutes_states(x)[:3] == [MS.APPROVED, MS.NONE, MS.OVERDUE]


def test_matrix_topic_quarters(w):
    a, b, c, x = matrix(w).rows
    assert quarters(a) == [Q.MISSING, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    # Q1 with February's meeting; Q2 already held on 10/04 though the quarter is not over.
    assert quarters(b) == [Q.HELD, Q.HELD, Q.UPCOMING, Q.UPCOMING]
    assert [(box.held, box.required) for box in b.quarters] == [(1, 1), (1, 1), (0, 1), (0, 1)]
    assert quarters(c) == [Q.NOT_APPLICABLE, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    assert quarters(x) == [Q.NOT_APPLICABLE] * 4


def test_a_topic_session_counts_for_the_quarter_it_names(w):
    # Held in April for Q1: B's first quarter now has two.
    _hold(w, cell=w.b, day=D(2025, 4, 2), kind=Kind.TOPIC, topic="Bù", topic_quarter=1)
    b = matrix(w).rows[1]
    assert [box.held for box in b.quarters] == [2, 1, 0, 0]


def test_a_past_year_is_all_due(w):
    a, b, c, _x = matrix(w, today=D(2026, 3, 1)).rows
    assert states(a) == [S.ON_TIME, S.LATE, S.MISSED, S.LATE] + [S.MISSED] * 8
    assert states(b) == [S.ON_TIME] * 3 + [S.MISSED] * 9
    assert states(c) == NA * 5 + [S.MISSED] * 7
    assert quarters(b) == [Q.HELD, Q.HELD, Q.MISSING, Q.MISSING]
    assert quarters(c) == [Q.NOT_APPLICABLE, Q.MISSING, Q.MISSING, Q.MISSING]


def test_a_month_is_due_once_its_last_day_has_passed(w):
    assert matrix(w, today=D(2025, 3, 31)).rows[0].months[2].state == S.UPCOMING
    assert matrix(w, today=D(2025, 4, 1)).rows[0].months[2].state == S.MISSED


def test_a_future_year_is_all_upcoming(w):
    m = matrix(w, year=2027)
    assert states(m.rows[0]) == UP * 12
    assert quarters(m.rows[0]) == [Q.UPCOMING] * 4
    assert m.scheduled[0] == D(2027, 1, 5)


def test_rows_are_the_cells_that_exist_that_year(w):
    gone = CellFactory(
        committee=w.committee,
        code="D1",
        status="dissolved",
        founded_on=D(2010, 1, 1),
        dissolved_on=D(2025, 2, 10),
    )
    CellFactory(committee=w.committee, code="E1", status="dissolved", dissolved_on=D(2024, 12, 31))
    CellFactory(committee=w.committee, code="F1", founded_on=D(2026, 1, 1))
    CellFactory(code="G1")  # another committee's
    m = matrix(w)
    assert [r.cell_id for r in m.cell_rows] == [w.a.pk, w.b.pk, w.c.pk, gone.pk]
    # Dissolved on 10/02: it still owed February's meeting (05/02), nothing after.
    assert states(row(m, f"cell-{gone.pk}")) == [S.MISSED, S.MISSED] + NA * 10
    assert quarters(row(m, f"cell-{gone.pk}")) == [Q.MISSING] + [Q.NOT_APPLICABLE] * 3


def test_the_executive_row_starts_with_the_committee(w):
    Committee.objects.filter(pk=w.committee.pk).update(founded_on=D(2025, 3, 10))
    x = matrix(w).rows[-1]
    assert states(x)[:4] == NA * 3 + UP
    # A month that does not apply still links its meeting.
    assert (x.months[0].meeting_id, x.months[0].minutes) == (w.x_jan.pk, MS.APPROVED)


# --- the settings move the lines ---------------------------------------------------------------


def test_grace_days_turn_a_late_meeting_on_time(w):
    rules_update(committee=w.committee, by=w.by, late_grace_days=7)
    a = matrix(w).rows[0]
    # 12/02 is 7 days after 05/02: on time now; 15/04 is 11 days after 04/04: still late.
    assert states(a)[:4] == [S.ON_TIME, S.ON_TIME, S.MISSED, S.LATE]


def test_approval_days_decide_approved_late(w):
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=14)
    a, b, _c, _x = matrix(w).rows
    assert a.months[1].minutes == MS.APPROVED  # 13 days
    assert b.months[0].minutes == MS.OVERDUE  # still 107 days
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=12)
    assert matrix(w).rows[0].months[1].minutes == MS.APPROVED_LATE


def test_pending_minutes_become_overdue_after_the_approval_days(w):
    # A's April meeting (15/04), not approved: 7 days is still pending, 8 overdue.
    assert matrix(w, today=D(2025, 4, 22)).rows[0].months[3].minutes == MS.PENDING
    assert matrix(w, today=D(2025, 4, 23)).rows[0].months[3].minutes == MS.OVERDUE


def test_two_topic_sessions_a_quarter(w):
    rules_update(committee=w.committee, by=w.by, topic_sessions_per_quarter=2)
    b = matrix(w).rows[1]
    assert quarters(b) == [Q.MISSING, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    assert [(box.held, box.required) for box in b.quarters[:2]] == [(1, 2), (1, 2)]


def test_the_meeting_day_setting_moves_the_schedule(w):
    rules_update(committee=w.committee, by=w.by, meeting_day=2)
    _a, b, _c, x = matrix(w).rows
    # 03/01 is now after the 2nd: late; B's 05/02 and 05/03 too.
    assert states(b)[:3] == [S.LATE] * 3
    assert states(x)[0] == S.LATE


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


# --- the charts ---------------------------------------------------------------------------------


def charts(w, today=TODAY):
    committee = fresh(w.committee)
    m = compliance_matrix(committee, YEAR, today=today)
    return m, committee


def values(chart):
    return [s.values for s in chart.series]


def test_attendance_chart(w):
    m, committee = charts(w)
    chart = attendance_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.unit, chart.stacked) == ("attendance", "line", "%", False)
    assert chart.labels == [f"M{n}" for n in range(1, 13)]
    assert [s.label for s in chart.series] == [r.name for r in m.rows]
    none = [None] * 8
    assert values(chart) == [
        [P("75.0"), P("50.0"), None, P("75.0"), *none],  # A: 3/4, 2/4 (one excused), —, 3/4
        [P("50.0"), P("50.0"), P("100.0"), None, *none],  # B (not the topic session of April)
        [None] * 12,
        [P("100.0"), None, P("100.0"), None, *none],
    ]
    assert chart.as_json() == {
        "type": "line",
        "unit": "%",
        "stacked": False,
        "labels": chart.labels,
        "datasets": [
            {"label": s.label, "data": [None if v is None else float(v) for v in s.values]}
            for s in chart.series
        ],
    }
    assert chart.as_json()["datasets"][0]["data"][:3] == [75.0, 50.0, None]


def test_documents_chart(w):
    m, committee = charts(w)
    chart = documents_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.unit) == ("documents", "line", "%")
    assert chart.labels == [f"M{n}" for n in range(1, 13)]
    # A's January: An1 and Dự opened a live document before 16:30 local (An2 after, An3 only an
    # archived one, Bình1 is not on the sheet): 2 of 4. February: only an archived document.
    # B's March: a document nobody opened.
    assert values(chart) == [
        [P("50.0")] + [None] * 11,
        [None, None, P("0.0")] + [None] * 9,
        [None] * 12,
        [None] * 12,
    ]
    assert chart.as_json()["datasets"][1]["data"][2] == 0.0
    assert not chart.is_empty


def test_tasks_chart(w):
    m, committee = charts(w)
    chart = tasks_chart(committee, YEAR, m, today=TODAY)
    assert (chart.key, chart.kind, chart.stacked) == ("tasks", "bar", True)
    assert chart.labels == [r.name for r in m.rows]
    assert [s.label for s in chart.series] == ["Done", "Open", "Overdue"]
    # A: An1 done, An2 open (31/12), An3 overdue; B: Bình1 done, Bình2 cancelled (left out),
    # the task due in 2026 left out; the executive committee: An1's check overdue.
    assert values(chart) == [[1, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 1]]
    assert chart.as_json()["datasets"][2] == {"label": "Overdue", "data": [1.0, 0.0, 0.0, 1.0]}
    # Earlier in the year nothing was overdue yet.
    early = tasks_chart(committee, YEAR, m, today=D(2025, 2, 1))
    assert values(early) == [[1, 1, 0, 0], [2, 0, 0, 1], [0, 0, 0, 0]]


def test_quality_chart(w):
    m, committee = charts(w)
    chart = quality_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.stacked) == ("quality", "bar", True)
    assert chart.labels == [r.name for r in m.rows]
    assert [s.label for s in chart.series] == ["Good", "Fair", "Average", "Poor"]
    # A: 100 (January), 70 (February); B: 55, 35 and the topic session 100 (any kind counts;
    # January has no score); the executive committee: 95.
    assert values(chart) == [[1, 1, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]]


def test_quality_chart_uses_the_committees_bands(w):
    rules_update(committee=w.committee, by=w.by, quality_fair_min=75, quality_average_min=60)
    m, committee = charts(w)
    chart = quality_chart(committee, YEAR, m)
    # A's 70 is now Average, B's 55 Poor.
    assert values(chart) == [[1, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0]]


def test_ratings_chart(w):
    chart = ratings_chart(fresh(w.committee), YEAR)
    assert (chart.key, chart.kind) == ("ratings", "bar")
    assert chart.labels == ["Completed excellently", "Completed well", "Completed", "Not completed"]
    assert [s.label for s in chart.series] == ["Members"]
    assert values(chart) == [[1, 2, 0, 1]]  # not the undecided one, the unrated one, nor 2024
    assert chart.as_json()["datasets"] == [{"label": "Members", "data": [1.0, 2.0, 0.0, 1.0]}]
    assert ratings_chart(fresh(w.committee), 2024).series[0].values == [0, 1, 0, 0]
    assert ratings_chart(fresh(w.committee), 2023).is_empty


# --- alerts -------------------------------------------------------------------------------------


def alerts(w, today=TODAY, year=YEAR):
    committee = fresh(w.committee)
    m = compliance_matrix(committee, year, today=today)
    return committee_alerts(committee, year, m, today=today)


def test_alerts(w):
    found = alerts(w)
    assert found.probation == [
        ProbationAlert(w.p3.pk, "Phạm Thị Cb", "Chi bộ C", D(2025, 3, 1), -50),
        ProbationAlert(w.p2.pk, "Phạm Thị Ca", "Chi bộ C", D(2025, 5, 1), 11),
    ]  # not Dự, whose probation ends on 01/12/2025
    assert found.absences == [AbsenceAlert(w.a2.pk, "Lê Văn An2", "Chi bộ A", 3)]
    assert found.residence == [
        ResidenceAlert(w.a.pk, "Chi bộ A", 1, ["Lê Văn An2"]),  # requested only
        ResidenceAlert(w.b.pk, "Chi bộ B", 2, ["Trần Văn Bình1", "Trần Văn Bình2"]),
        ResidenceAlert(w.c.pk, "Chi bộ C", 2, ["Phạm Thị Ca", "Phạm Thị Cb"]),
    ]  # Dự is a student; Cb's comment is of 2024
    assert found.missed == [
        MissedAlert(f"cell-{w.a.pk}", "Chi bộ A", [3], [1]),
        MissedAlert("executive", "Executive committee", [2], []),
    ]
    assert found.minutes == [
        MinutesAlert(w.b_jan.pk, "Chi bộ B", D(2025, 1, 3), 107),
        MinutesAlert(w.x_mar.pk, "Executive committee", D(2025, 3, 5), 46),
        MinutesAlert(w.b_topic.pk, "Chi bộ B", D(2025, 4, 10), 10),
    ]  # not A's April meeting (5 days)
    assert found.count == 2 + 1 + 3 + 2 + 3


def test_absence_flag_count_setting(w):
    rules_update(committee=w.committee, by=w.by, absence_flag_count=4)
    assert alerts(w).absences == []
    rules_update(committee=w.committee, by=w.by, absence_flag_count=2)
    # Bình1 missed two regular meetings (the topic session does not count).
    assert [(a.name, a.unexcused) for a in alerts(w).absences] == [
        ("Lê Văn An2", 3),
        ("Trần Văn Bình1", 2),
    ]


def test_minutes_alerts_follow_the_approval_days(w):
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=10)
    assert [a.meeting_id for a in alerts(w).minutes] == [w.b_jan.pk, w.x_mar.pk]


def test_probation_warning_days_setting(w):
    rules_update(committee=w.committee, by=w.by, probation_warning_days=10)
    assert [a.member_id for a in alerts(w).probation] == [w.p3.pk]
    rules_update(committee=w.committee, by=w.by, probation_warning_days=365)
    assert [a.member_id for a in alerts(w).probation] == [w.p3.pk, w.p2.pk, w.p.pk]


def test_alerts_of_another_year(w):
    # 2024 seen in 2025: no probation alerts (they are about today), residence of 2024 (Cb's is
    # received), nothing held nor missed... every 2024 month missed for every row.
    found = alerts(w, year=2024)
    assert found.probation == [] and found.absences == [] and found.minutes == []
    assert [(a.cell_name, a.missing) for a in found.residence] == [
        ("Chi bộ A", 3),
        ("Chi bộ B", 2),
        ("Chi bộ C", 1),
    ]
    assert [a.months for a in found.missed] == [list(range(1, 13))] * 3  # A, B, executive
    # Next year: nothing about residence yet.
    assert alerts(w, year=2026).residence == []


def test_residence_alert_follows_the_cell_of_the_roll_day(w):
    CellMembership.objects.filter(member=w.b2).update(end_date=D(2025, 4, 1))
    CellMembership.objects.create(member=w.b2, cell=w.a, start_date=D(2025, 4, 2))
    assert [(a.cell_name, a.names) for a in alerts(w).residence][:2] == [
        ("Chi bộ A", ["Lê Văn An2", "Trần Văn Bình2"]),
        ("Chi bộ B", ["Trần Văn Bình1"]),
    ]


# --- the number of queries ----------------------------------------------------------------------


def _bulk_year(committee, n_cells: int, n_months: int):
    """n cells, each with one member, holding the first n months' regular meetings (approved or
    not, scored, with a document opened, a task), a topic session per quarter, and the executive
    committee's meetings — through bulk writes (fast; the selectors only read)."""
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1), end_date=D(2025, 6, 30))
    cells = [
        CellFactory(committee=committee, code=f"Q{n:02d}", name=f"Chi bộ Q{n:02d}")
        for n in range(n_cells)
    ]
    members = [MemberFactory(committee=committee, cell=cell) for cell in cells]
    PositionFactory(
        member=members[0], role="committee_secretary", term=term, start_date=D(2020, 1, 1)
    )
    plans = []
    for month in range(1, n_months + 1):
        day = D(YEAR, month, 5 + month % 3)
        holders = [*zip(cells, members, strict=True), (None, members[0])]
        for cell, member in holders:
            plans.append((cell, member, Kind.REGULAR, day))
            if cell and month % 3 == 0:
                plans.append((cell, member, Kind.TOPIC, day + datetime.timedelta(days=1)))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            body=Body.CELL if cell else Body.EXECUTIVE,
            cell=cell,
            kind=kind,
            topic="Chuyên đề" if kind == Kind.TOPIC else "",
            date=day,
            month=day.replace(day=1),
            start_time=T(16, 30),
            status="approved" if day.month % 2 else "held",
        )
        for cell, member, kind, day in plans
    )
    Minutes.objects.bulk_create(
        Minutes(
            meeting=meeting,
            state="approved" if meeting.status == "approved" else "draft",
            approved_at=at(meeting.date, 20) if meeting.status == "approved" else None,
            quality_preparation=10 + n % 5,
            quality_attendance=15,
            quality_conduct=40,
            quality_closing=15,
        )
        for n, meeting in enumerate(meetings)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            member_status="official",
            # Absent without reason from the cell's regular meetings of odd months.
            status="unexcused"
            if meeting.cell_id and meeting.kind == Kind.REGULAR and meeting.date.month % 2
            else "present",
        )
        for meeting, (_cell, member, _kind, _day) in zip(meetings, plans, strict=True)
    )
    docs = Document.objects.bulk_create(
        Document(
            meeting=meeting,
            title="Dự thảo",
            file="meetings/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
        )
        for meeting in meetings
    )
    ReadReceipt.objects.bulk_create(
        ReadReceipt(document=doc, member=member)
        for doc, (_cell, member, _kind, _day) in zip(docs, plans, strict=True)
    )
    task_rows = Task.objects.bulk_create(
        Task(
            committee=committee,
            cell=meeting.cell,
            meeting=meeting,
            title="Việc",
            deadline=meeting.date + datetime.timedelta(days=20),
        )
        for meeting in meetings
    )
    TaskAssignment.objects.bulk_create(
        TaskAssignment(
            task=task,
            member=member,
            status="done" if n % 3 == 0 else "open",
            done_on=task.deadline if n % 3 == 0 else None,
        )
        for n, (task, (_cell, member, _kind, _day)) in enumerate(zip(task_rows, plans, strict=True))
    )
    Evaluation.objects.bulk_create(
        Evaluation(committee=committee, member=member, cell=cell, year=YEAR, final_rating="good")
        for cell, member in zip(cells, members, strict=True)
    )
    return len(meetings)


def _run_everything(committee, today):
    m = compliance_matrix(committee, YEAR, today=today)
    results = [
        m,
        key_numbers(committee, YEAR, m),
        attendance_chart(committee, YEAR, m),
        documents_chart(committee, YEAR, m),
        tasks_chart(committee, YEAR, m),
        quality_chart(committee, YEAR, m),
        ratings_chart(committee, YEAR),
        committee_alerts(committee, YEAR, m),
    ]
    for chart in results[2:7]:
        chart.as_json()
    return results


def test_the_queries_do_not_grow_with_cells_and_months(committee, other_committee):
    today = D(2025, 12, 20)
    few_count = _bulk_year(committee, 2, 3)
    many_count = _bulk_year(other_committee, 10, 12)
    assert (few_count, many_count) == (2 * 3 + 2 + 3, 10 * 12 + 10 * 4 + 12)
    committee, other_committee = fresh(committee), fresh(other_committee)
    with CaptureQueriesContext(connection) as few:
        small = _run_everything(committee, today)
    with CaptureQueriesContext(connection) as many:
        large = _run_everything(other_committee, today)
    assert len(few) == len(many)
    # The settings, three for the matrix, three for the key numbers, one per chart (two for the
    # documents), nine for the alerts (six of them the Charter's two flags, `dashboard.flags`).
    assert len(few) == 1 + 3 + 3 + 1 + 2 + 1 + 1 + 1 + 9
    # The data was really there: every row and month filled in the large one.
    large_matrix, large_numbers = large[0], large[1]
    assert len(large_matrix.rows) == 11
    assert large_numbers.meetings_held == 11 * 12
    assert large_numbers.topics_held == 40
    assert all(v is not None for s in large[2].series for v in s.values)
    assert all(v == P("0.0") for s in large[3].series for v in s.values)  # opened "now": after
    assert sum(sum(s.values) for s in large[4].series) == 10 * 12 + 10 * 4 + 12
    assert sum(sum(s.values) for s in large[5].series) == 10 * 12 + 10 * 4 + 12
    assert large[6].series[0].values == [0, 10, 0, 0]
    assert [a.unexcused for a in large[7].absences] == [6] * 10  # Jan, Mar, …, Nov
    assert small[7].absences == []  # January and March only: 2 < 3
    assert small[1].meetings_held == 3 * 3
    assert [a.months for a in large[7].missed] == []
