"""The figures of a period (`reports/measures/period.py`, issue 22): a small first quarter of 2025
built by hand, seen on 20 April 2025, every number counted by hand and written as a literal.

Two cells (the committee's meeting day is the 5th: 3 January — the 5th is a Sunday —, 5 February,
5 March), no executive officers (so the executive committee's meetings have an empty sheet):

- cell A: An1–An3 official; Dự probationary (admitted 01/09/2024); Sáu admitted 20/01/2024,
  recognised official on 10/02/2025; Mới admitted on 10/03/2025. Regular meetings on 3 January
  (5/5 present, score 35: poor), 12 February (late; An2 absent: 4/5), 5 March (An3 absent: 4/5,
  score 100: good); a topic session on 20 March (Dự absent, score 55: average);
- cell B: Bình1–Bình5 official. January missed; 5 February with a topic session (Bình2 absent:
  4/5); 5 March (Bình5 excused, Bình2 absent: 3/5, score 70: fair). Bình4 transferred out on
  15 March, Bình5 died on 20 March; Bình1 reprimanded on 25 March, Bình2 on 15 January;
- the executive committee: 3 January and 5 March held, February missed;
- the roll on 31 March: A 6 (4 official, 2 probationary), B 3 (official) — 9;
- fees: March paid by An1 and An2 (30,000 each) and Bình1 (50,000), a reversed 99,000;
  February by An1 (30,000). Cell A handed 18,000 for March, cell B 5,000 for February; the
  committee remitted 10,000 for March;
- study: a campaign started on 10 March (no report; A's six members, four studied) and one on
  15 January (report required; three of B, two studied, one of them reported); one of December
  2024;
- supervision: a regular record on 12 March (no violation), a thematic one on 20 February
  (violation); one of December 2024;
- tasks: at A's March meeting one due 25/03 for An1 (done 20/03) and An2 (open), one due 30/04
  for An3; at B's February meeting one due 28/02 for Bình1 (done 10/03) and Bình3 (cancelled
  20/02).

Another committee's member, payment and campaign are never counted.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cells.models import Committee
from fees.models import FeePayment, Remittance
from library.models import StudyParticipant
from meetings.decisions import tasks
from meetings.models import Attendance, Body, Kind, Meeting, Minutes, Task, TaskAssignment
from members.models import Status, StatusEvent, Transfer
from members.services import member_change_status
from members.transfers import transfer_record
from reports.measures.common import EXECUTIVE_KEY
from reports.measures.matrix import compliance_matrix
from reports.measures.numbers import key_numbers
from reports.measures.period import (
    CampaignFigures,
    FeeFigures,
    MemberFigures,
    PeriodFigures,
    SupervisionFigures,
    TaskFigures,
    period_figures,
)
from reviews.models import Discipline, SupervisionItem, SupervisionProgramme, SupervisionRecord
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeePaymentFactory,
    MemberFactory,
    RemittanceFactory,
    StudyCampaignFactory,
    StudyParticipantFactory,
    StudyReportFactory,
)
from tests.reports.committee_year import at, hold, score

pytestmark = pytest.mark.django_db

D = datetime.date
P = Decimal
TODAY = D(2025, 4, 20)
MARCH = (D(2025, 3, 1), D(2025, 3, 31))
Q1 = (D(2025, 1, 1), D(2025, 3, 31))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end; each test in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_quarter()
        transaction.set_rollback(True)


@pytest.fixture
def w(world, db):
    return world


def _official(w, cell, name):
    return MemberFactory(committee=w.committee, cell=cell, full_name=name)


def _probationary(w, cell, name, admitted_on):
    return MemberFactory(
        committee=w.committee,
        cell=cell,
        full_name=name,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        recognised_on=None,
    )


def _supervision(w, programme, kind, member, on, conclusion):
    item = SupervisionItem.objects.create(
        programme=programme,
        kind=kind,
        dimension="tasks",
        planned_from=on.replace(day=1),
        planned_until=on,
    )
    return SupervisionRecord.objects.create(
        item=item,
        committee=w.committee,
        member=member,
        cell=w.a,
        recorded_on=on,
        conclusion=conclusion,
    )


def build_quarter():
    committee = CommitteeFactory()
    w = SimpleNamespace(
        committee=committee, by=CommitteeRoleFactory(committee=committee, role="officer").user
    )
    w.a = CellFactory(committee=committee, code="A1", name="Chi bộ A")
    w.b = CellFactory(committee=committee, code="B1", name="Chi bộ B")
    w.an1, w.an2, w.an3 = (_official(w, w.a, f"Lê Văn An{n}") for n in (1, 2, 3))
    w.du = _probationary(w, w.a, "Lê Thị Dự", D(2024, 9, 1))
    w.sau = _probationary(w, w.a, "Lê Văn Sáu", D(2024, 1, 20))
    member_change_status(member=w.sau, kind="recognised", date=D(2025, 2, 10), by=w.by)
    w.moi = _probationary(w, w.a, "Lê Thị Mới", D(2025, 3, 10))
    w.b1, w.b2, w.b3, w.b4, w.b5 = (_official(w, w.b, f"Trần Văn Bình{n}") for n in range(1, 6))

    # Meetings (before the departures: the sheets are the cells' members on the meeting day).
    a_jan = hold(w, cell=w.a, day=D(2025, 1, 3))
    score(w, a_jan, (5, 5, 20, 5), chair=w.an1, clerk=w.an2)
    hold(w, cell=w.a, day=D(2025, 2, 12), absent=[w.an2])
    a_mar = hold(w, cell=w.a, day=D(2025, 3, 5), absent=[w.an3])
    score(w, a_mar, (15, 20, 45, 20), chair=w.an1, clerk=w.an2)
    a_topic = hold(w, cell=w.a, day=D(2025, 3, 20), kind=Kind.TOPIC, absent=[w.du], topic="Q1")
    score(w, a_topic, (10, 10, 25, 10), chair=w.an1, clerk=w.an2)
    b_feb = hold(w, cell=w.b, day=D(2025, 2, 5), absent=[w.b2], includes_topic=True, topic="HT")
    b_mar = hold(w, cell=w.b, day=D(2025, 3, 5), absent=[w.b2], excused=[w.b5])
    score(w, b_mar, (10, 10, 40, 10), chair=w.b1, clerk=w.b2)
    hold(w, day=D(2025, 1, 3))
    hold(w, day=D(2025, 3, 5))

    # Tasks.
    report = tasks.task_assign(
        meeting=a_mar, title="Nộp báo cáo", deadline=D(2025, 3, 25), members=[w.an1, w.an2], by=w.by
    )
    tasks.task_assign(
        meeting=a_mar, title="Chuẩn bị", deadline=D(2025, 4, 30), members=[w.an3], by=w.by
    )
    tasks.assignment_done(
        assignment=TaskAssignment.objects.get(task=report, member=w.an1),
        by=w.by,
        result="Đã nộp",
        done_on=D(2025, 3, 20),
    )
    fees_task = tasks.task_assign(
        meeting=b_feb, title="Thu đảng phí", deadline=D(2025, 2, 28), members=[w.b1, w.b3], by=w.by
    )
    tasks.assignment_done(
        assignment=TaskAssignment.objects.get(task=fees_task, member=w.b1),
        by=w.by,
        result="Đã thu",
        done_on=D(2025, 3, 10),
    )
    cancelled = TaskAssignment.objects.get(task=fees_task, member=w.b3)
    tasks.assignment_cancel(assignment=cancelled, by=w.by, reason="Chuyển công tác")
    TaskAssignment.objects.filter(pk=cancelled.pk).update(updated_at=at(D(2025, 2, 20), 9))

    # Departures and discipline.
    transfer_record(
        member=w.b4,
        direction=Transfer.Direction.OUT,
        kind=Transfer.Kind.OFFICIAL,
        date=D(2025, 3, 15),
        organisation="Đảng bộ xã Cư Kty",
        by=w.by,
    )
    member_change_status(member=w.b5, kind="deceased", date=D(2025, 3, 20), by=w.by)
    for member, day in ((w.b1, D(2025, 3, 25)), (w.b2, D(2025, 1, 15))):
        Discipline.objects.create(member=member, form="reprimand", decided_on=day, reason="Vi phạm")

    # Fees.
    for member, cell, amount in ((w.an1, w.a, 30_000), (w.an2, w.a, 30_000), (w.b1, w.b, 50_000)):
        FeePaymentFactory(member=member, cell=cell, month=D(2025, 3, 1), amount_due=amount)
    FeePaymentFactory(member=w.an1, cell=w.a, month=D(2025, 2, 1), amount_due=30_000)
    FeePaymentFactory(
        member=w.an3,
        cell=w.a,
        month=D(2025, 3, 1),
        amount_due=99_000,
        reversed_at=at(D(2025, 3, 6), 9),
        reversal_reason="Ghi nhầm",
    )
    RemittanceFactory(cell=w.a, month=D(2025, 3, 1), amount=18_000)
    RemittanceFactory(cell=w.b, month=D(2025, 2, 1), amount=5_000)
    RemittanceFactory(cell=None, committee=committee, month=D(2025, 3, 1), amount=10_000)

    # Study.
    march = StudyCampaignFactory(
        committee=committee, starts_on=D(2025, 3, 10), report_required=False
    )
    studied = at(D(2025, 3, 15), 9)
    for n, member in enumerate((w.an1, w.an2, w.an3, w.du, w.sau, w.moi)):
        StudyParticipantFactory(
            campaign=march, member=member, cell=w.a, studied_at=studied if n < 4 else None
        )
    january = StudyCampaignFactory(committee=committee, starts_on=D(2025, 1, 15))
    one = StudyParticipantFactory(campaign=january, member=w.b1, cell=w.b, studied_at=studied)
    StudyReportFactory(participant=one)
    StudyParticipantFactory(campaign=january, member=w.b2, cell=w.b, studied_at=studied)
    StudyParticipantFactory(campaign=january, member=w.b3, cell=w.b)
    december = StudyCampaignFactory(committee=committee, starts_on=D(2024, 12, 1))
    StudyParticipantFactory(campaign=december, member=w.an1, cell=w.a, studied_at=studied)

    # Supervision.
    programme = SupervisionProgramme.objects.create(committee=committee, year=2025)
    _supervision(w, programme, "regular", w.an1, D(2025, 3, 12), "no_violation")
    _supervision(w, programme, "thematic", w.an2, D(2025, 2, 20), "violation")
    old = SupervisionProgramme.objects.create(committee=committee, year=2024)
    _supervision(w, old, "inspection", w.an3, D(2024, 12, 10), "shortcomings")

    # Another committee's records.
    other = CellFactory(code="Z1")
    stranger = MemberFactory(
        committee=other.committee,
        cell=other,
        status=Status.PROBATIONARY,
        admitted_on=D(2025, 3, 2),
        recognised_on=None,
    )
    FeePaymentFactory(member=stranger, cell=other, month=D(2025, 3, 1), amount_due=70_000)
    StudyCampaignFactory(committee=other.committee, starts_on=D(2025, 3, 3))
    return w


def figures(w, period, today=TODAY) -> PeriodFigures:
    return period_figures(w.committee, *period, today=today)


def rows(f):
    return [
        (r.name, r.on_time, r.late, r.missed, r.present, r.attendance_rows, r.topics_held)
        for r in f.meetings.rows
    ]


# --- a month ------------------------------------------------------------------------------------


def test_the_members_of_march(w):
    f = figures(w, MARCH)
    assert (f.start, f.end, f.as_of) == (D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 31))
    assert f.members == MemberFigures(
        total=9,
        official=7,
        probationary=2,
        admitted=1,  # Mới
        recognised=0,
        transferred_in=0,
        transferred_out=1,  # Bình4
        temporarily_in=0,
        temporarily_out=0,
        deceased=1,  # Bình5
        removed=0,
        disciplined=1,  # Bình1
    )


def test_the_meetings_of_march(w):
    m = figures(w, MARCH).meetings
    assert rows(figures(w, MARCH)) == [
        ("Chi bộ A", 1, 0, 0, 4, 5, 1),  # the topic session's sheet is not counted
        ("Chi bộ B", 1, 0, 0, 3, 5, 0),
        ("Executive committee", 1, 0, 0, 0, 0, 0),
    ]
    assert [r.attendance_percent for r in m.rows] == [P("80.0"), P("60.0"), None]
    assert m.rows[2].key == EXECUTIVE_KEY and m.rows[0].cell_id == w.a.pk
    assert (m.held, m.on_time, m.late, m.missed, m.topics_held) == (3, 3, 0, 0, 1)
    assert m.attendance_percent == P("70.0")  # 7 of 10
    assert m.grades == {"good": 1, "fair": 1, "average": 1, "poor": 0}


def test_study_supervision_fees_and_tasks_of_march(w):
    f = figures(w, MARCH)
    assert (f.study.started, f.study.participants, f.study.done) == (1, 6, 4)
    campaign = f.study.campaigns[0]
    assert campaign == CampaignFigures(
        campaign.campaign_id, campaign.title, D(2025, 3, 10), D(2025, 4, 9), 6, 4
    )
    assert f.supervision == SupervisionFigures(
        total=1, regular=1, thematic=0, inspection=0, violations=0
    )
    assert f.fees == FeeFigures(collected=110_000, received=18_000, remitted=10_000)
    # Assigned at A's March meeting: An1, An2, An3; done: An1 (20/03), Bình1 (10/03); overdue on
    # 31/03: An2 (due 25/03).
    assert f.tasks == TaskFigures(assigned=3, done=2, overdue=1)


# --- a quarter ----------------------------------------------------------------------------------


def test_the_first_quarter(w):
    f = figures(w, Q1)
    assert f.members == MemberFigures(
        total=9,
        official=7,
        probationary=2,
        admitted=1,
        recognised=1,  # Sáu, 10/02
        transferred_in=0,
        transferred_out=1,
        temporarily_in=0,
        temporarily_out=0,
        deceased=1,
        removed=0,
        disciplined=2,  # and Bình2, 15/01
    )
    assert rows(f) == [
        ("Chi bộ A", 2, 1, 0, 13, 15, 1),
        ("Chi bộ B", 2, 0, 1, 7, 10, 1),
        ("Executive committee", 2, 0, 1, 0, 0, 0),
    ]
    m = f.meetings
    assert (m.held, m.on_time, m.late, m.missed, m.topics_held) == (7, 6, 1, 2, 2)
    assert [r.attendance_percent for r in m.rows] == [P("86.7"), P("70.0"), None]
    assert m.attendance_percent == P("80.0")  # 20 of 25
    assert m.grades == {"good": 1, "fair": 1, "average": 1, "poor": 1}
    assert (f.study.started, f.study.participants, f.study.done) == (2, 9, 5)
    assert [c.starts_on for c in f.study.campaigns] == [D(2025, 1, 15), D(2025, 3, 10)]
    assert f.supervision == SupervisionFigures(
        total=2, regular=1, thematic=1, inspection=0, violations=1
    )
    assert f.fees == FeeFigures(collected=140_000, received=23_000, remitted=10_000)
    assert f.tasks == TaskFigures(assigned=4, done=2, overdue=1)


def test_the_quarter_is_the_sum_of_its_months(w):
    months = [
        figures(w, (D(2025, 1, 1), D(2025, 1, 31))),
        figures(w, (D(2025, 2, 1), D(2025, 2, 28))),
        figures(w, MARCH),
    ]
    quarter = figures(w, Q1)
    for name in ("held", "on_time", "late", "missed", "topics_held"):
        assert sum(getattr(f.meetings, name) for f in months) == getattr(quarter.meetings, name)
    assert [f.members.disciplined for f in months] == [1, 0, 1]
    assert [f.members.recognised for f in months] == [0, 1, 0]
    assert [f.fees.collected for f in months] == [0, 30_000, 110_000]
    assert [f.supervision.total for f in months] == [0, 1, 1]
    # February: Bình3's part was cancelled on 20/02, Bình1's still open on 28/02 (due that day).
    assert [f.tasks for f in months[:2]] == [
        TaskFigures(assigned=0, done=0, overdue=0),
        TaskFigures(assigned=1, done=0, overdue=0),
    ]


def test_a_period_not_over_is_counted_as_of_today(w):
    f = figures(w, MARCH, today=D(2025, 3, 18))
    assert f.as_of == D(2025, 3, 18)
    # Bình4 left on 15/03; Bình5 was still alive; An2's report not due yet.
    assert (f.members.total, f.members.official, f.members.probationary) == (10, 8, 2)
    assert f.tasks.overdue == 0
    assert (f.meetings.held, f.meetings.missed) == (3, 0)


def test_a_task_cancelled_after_the_period_was_still_overdue_at_its_end(w):
    TaskAssignment.objects.filter(member=w.b3).update(updated_at=at(D(2025, 4, 2), 9))
    assert figures(w, MARCH).tasks.overdue == 2


def test_the_year_agrees_with_the_dashboards_key_numbers(w):
    """One place per number: the year's figures and the dashboard's key numbers agree."""
    f = figures(w, (D(2025, 1, 1), D(2025, 12, 31)))
    numbers = key_numbers(w.committee, 2025, compliance_matrix(w.committee, 2025, today=TODAY))
    assert (f.meetings.held, numbers.meetings_held) == (7, 7)
    assert (f.meetings.late, numbers.meetings_late) == (1, 1)
    assert (f.meetings.held + f.meetings.missed, numbers.meetings_expected) == (9, 9)
    assert (f.meetings.attendance_percent, numbers.attendance_percent) == (P("80.0"), P("80.0"))
    assert (f.members.official, numbers.official) == (7, 7)
    assert (f.members.probationary, numbers.probationary) == (2, 2)
    assert (f.tasks.overdue, numbers.overdue_tasks) == (1, 1)  # on 20/04: An2's


def test_events_of_other_kinds(w):
    member_change_status(
        member=w.an3, kind="removed", date=D(2025, 3, 28), by=w.by, reason="Bỏ sinh hoạt"
    )
    StatusEvent.objects.filter(member=w.du).update(date=D(2025, 3, 1))  # "admitted" now March
    f = figures(w, MARCH)
    assert (f.members.removed, f.members.admitted) == (1, 2)
    assert (f.members.total, f.members.official) == (8, 6)


def test_a_period_ending_before_it_starts_is_refused(w):
    with pytest.raises(ValueError):
        period_figures(w.committee, D(2025, 3, 31), D(2025, 3, 1))


# --- the number of queries ----------------------------------------------------------------------


def _bulk_quarter(committee, n_members: int):
    """`n_members` in cells of five, each cell holding the quarter's regular meetings (the sheet
    its members, one absent without reason), a topic session in March, scored minutes, a task
    for each member (every other one done); each member paying every month, disciplined,
    supervised, asked to study — through bulk writes (fast; the figures only read)."""
    cells = [
        CellFactory(committee=committee, code=f"Q{n:02d}") for n in range(max(1, n_members // 5))
    ]
    placed = [
        (MemberFactory(committee=committee, cell=cell), cell) for cell in cells for _ in "12345"
    ]
    placed = placed[:n_members]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            body=Body.CELL,
            cell=cell,
            kind=kind,
            topic="Chuyên đề" if kind == Kind.TOPIC else "",
            date=D(2025, month, 5 if kind == Kind.REGULAR else 20),
            month=D(2025, month, 1),
            start_time=datetime.time(16, 30),
            status="approved",
        )
        for cell in cells
        for month in (1, 2, 3)
        for kind in ((Kind.REGULAR, Kind.TOPIC) if month == 3 else (Kind.REGULAR,))
    )
    Minutes.objects.bulk_create(
        Minutes(
            meeting=meeting,
            state="approved",
            approved_at=at(meeting.date, 20),
            quality_preparation=10,
            quality_attendance=15,
            quality_conduct=40,
            quality_closing=15,
        )
        for meeting in meetings
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            member_status="official",
            status="unexcused" if n == 0 else "present",
        )
        for meeting in meetings
        for n, member in enumerate(m for m, cell in placed if cell.pk == meeting.cell_id)
    )
    task_of = {
        task.cell_id: task
        for task in Task.objects.bulk_create(
            Task(committee=committee, cell=m.cell, meeting=m, title="Việc", deadline=D(2025, 3, 10))
            for m in meetings
            if m.kind == Kind.REGULAR and m.month.month == 3
        )
    }
    TaskAssignment.objects.bulk_create(
        TaskAssignment(
            task=task_of[cell.pk],
            member=member,
            status="done" if n % 2 else "open",
            done_on=D(2025, 3, 8) if n % 2 else None,
        )
        for n, (member, cell) in enumerate(placed)
    )
    FeePayment.objects.bulk_create(
        FeePayment(
            member=member,
            cell=cell,
            month=D(2025, month, 1),
            amount_due=10_000,
            amount_paid=10_000,
            paid_on=D(2025, month, 5),
        )
        for member, cell in placed
        for month in (1, 2, 3)
    )
    Remittance.objects.bulk_create(
        Remittance(
            committee=committee,
            cell=cell,
            month=D(2025, 3, 1),
            amount=1_000,
            remitted_on=D(2025, 3, 20),
        )
        for cell in cells
    )
    Discipline.objects.bulk_create(
        Discipline(member=member, form="reprimand", decided_on=D(2025, 2, 1), reason="Vi phạm")
        for member, _cell in placed
    )
    item = SupervisionItem.objects.create(
        programme=SupervisionProgramme.objects.create(committee=committee, year=2025),
        kind="regular",
        dimension="tasks",
        planned_from=D(2025, 1, 1),
        planned_until=D(2025, 3, 31),
    )
    SupervisionRecord.objects.bulk_create(
        SupervisionRecord(item=item, committee=committee, member=member, recorded_on=D(2025, 2, 10))
        for member, _cell in placed
    )
    campaign = StudyCampaignFactory(committee=committee, starts_on=D(2025, 2, 1))
    StudyParticipant.objects.bulk_create(
        StudyParticipant(campaign=campaign, member=member, cell=cell) for member, cell in placed
    )


def test_the_queries_do_not_grow_with_the_members(db):
    few, many = CommitteeFactory(), CommitteeFactory()
    _bulk_quarter(few, 5)
    _bulk_quarter(many, 50)
    counted = []
    for committee in (few, many):
        committee = Committee.objects.get(pk=committee.pk)
        with CaptureQueriesContext(connection) as queries:
            counted.append(period_figures(committee, *Q1, today=TODAY))
        counted.append(len(queries))
    small, few_queries, large, many_queries = counted
    assert few_queries == many_queries
    # The settings, the matrix 3, members 3, meetings 3, study 1, supervision 1, fees 3, tasks 1.
    assert few_queries == 1 + 3 + 3 + 3 + 1 + 1 + 3 + 1
    # The data was there.
    assert (large.members.total, large.members.disciplined, large.supervision.total) == (50, 50, 50)
    assert (large.meetings.held, large.meetings.topics_held) == (30, 10)
    assert large.meetings.attendance_percent == P("80.0")
    assert large.meetings.grades["fair"] == 40
    assert (large.fees.collected, large.fees.received) == (1_500_000, 10_000)
    assert (large.study.participants, large.tasks.assigned, large.tasks.done) == (50, 50, 25)
    assert small.tasks.overdue == 3 and large.tasks.overdue == 25
