"""The hand-built year the measures and the committee dashboard are tested on (issue 10 item 1):
`tests/reports/test_matrix.py`, `tests/reports/test_numbers.py` and
`tests/dashboard/test_committee.py` each build it once per module.

2025, seen on 20 April 2025 unless a test says otherwise, held through the real services
(`meeting_create` of past dates, `recording_start`, `attendance_set`, `minutes_save`,
`minutes_approve`, `task_assign`…):

- cell A1: January on time (minutes approved on time), February late (approved late), March
  missed, April late (minutes pending); no topic session in Q1; member An2 absent without reason
  from three regular meetings;
- cell B1: January (minutes overdue), February with a topic session, March, all on time; a topic
  session on 10 April (counts for Q2, minutes overdue); April still to come;
- cell C1: founded on 20 May 2025 (January–May not applicable);
- the executive committee: January and March held, February missed.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from cells.models import Committee
from meetings.decisions import tasks
from meetings.models import (
    Body,
    Document,
    Kind,
    Minutes,
    ReadReceipt,
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
from members.models import Status
from reports.measures.matrix import compliance_matrix
from reviews.models import Evaluation, ResidenceComment
from tests.factories import (
    CellFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
)

D = datetime.date
T = datetime.time
YEAR = 2025
TODAY = D(2025, 4, 20)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
P = Decimal


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime in the committee's zone."""
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=LOCAL)


def fresh(committee) -> Committee:
    """The committee again, without its cached settings (after `rules_update`)."""
    return Committee.objects.get(pk=committee.pk)


# --- the hand-built year ----------------------------------------------------------------------


def hold(w, *, cell=None, day, kind=Kind.REGULAR, absent=(), excused=(), **data):
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


def score(w, meeting, scores, *, chair, clerk):
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


def approve(w, meeting, scores, *, chair, clerk, on: datetime.datetime):
    """Fill, mark ready and approve the minutes, then date the approval `on` (simulated time)."""
    score(w, meeting, scores, chair=chair, clerk=clerk)
    minutes_mark_ready(meeting=meeting, by=w.by)
    minutes_approve(meeting=meeting, by=w.by)
    Minutes.objects.filter(meeting=meeting).update(approved_at=on)


def add_document(meeting, title, *, archived=False) -> Document:
    return Document.objects.create(
        meeting=meeting,
        title=title,
        file=f"meetings/{meeting.committee_id}/{title}.pdf",
        original_name=f"{title}.pdf",
        kind="pdf",
        size=100,
        archived=archived,
    )


def opened(document, member, when):
    receipt = documents.receipt_record(document=document, member=member)
    ReadReceipt.objects.filter(pk=receipt.pk).update(opened_at=when)


def add_member(w, cell, name, **kwargs):
    return MemberFactory(committee=w.committee, cell=cell, full_name=name, **kwargs)


def add_probationary(w, cell, name, admitted_on, **kwargs):
    return add_member(
        w,
        cell,
        name,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        recognised_on=None,
        **kwargs,
    )


def build_world(committee, officer):
    """The year above, in `committee`, recorded by `officer`."""
    w = SimpleNamespace(committee=committee, by=officer)
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1), end_date=D(2025, 6, 30))
    w.a = CellFactory(committee=committee, code="A1", name="Chi bộ A")
    w.b = CellFactory(committee=committee, code="B1", name="Chi bộ B")
    w.c = CellFactory(committee=committee, code="C1", name="Chi bộ C", founded_on=D(2025, 5, 20))
    w.a1 = add_member(w, w.a, "Lê Văn An1")
    w.a2 = add_member(w, w.a, "Lê Văn An2")
    w.a3 = add_member(w, w.a, "Lê Văn An3")
    w.p = add_probationary(w, w.a, "Lê Thị Dự", D(2024, 12, 1), is_student=True)
    w.b1 = add_member(w, w.b, "Trần Văn Bình1")
    w.b2 = add_member(w, w.b, "Trần Văn Bình2")
    w.p2 = add_probationary(w, w.c, "Phạm Thị Ca", D(2024, 5, 1))  # probation ends 01/05/2025
    w.p3 = add_probationary(w, w.c, "Phạm Thị Cb", D(2024, 3, 1))  # ended 01/03/2025
    PositionFactory(member=w.a1, role="committee_secretary", term=term, start_date=D(2024, 1, 1))

    # Cell A1: on time, late, missed, late.
    w.a_jan = hold(w, cell=w.a, day=D(2025, 1, 3), absent=[w.a2])
    w.task1 = tasks.task_assign(
        meeting=w.a_jan, title="Nộp báo cáo", deadline=D(2025, 2, 28), members=[w.a1, w.a3], by=w.by
    )
    approve(w, w.a_jan, (15, 20, 45, 20), chair=w.a1, clerk=w.a3, on=at(D(2025, 1, 6), 9))
    w.a_feb = hold(w, cell=w.a, day=D(2025, 2, 12), absent=[w.a2], excused=[w.a3])
    approve(w, w.a_feb, (10, 10, 40, 10), chair=w.a1, clerk=w.a1, on=at(D(2025, 2, 25), 9))
    w.a_apr = hold(w, cell=w.a, day=D(2025, 4, 15), absent=[w.a2])
    tasks.task_assign(
        meeting=w.a_apr, title="Việc cả năm", deadline=D(2025, 12, 31), members=[w.a2], by=w.by
    )
    done = TaskAssignment.objects.get(task=w.task1, member=w.a1)
    tasks.assignment_done(assignment=done, by=w.by, result="Đã nộp", done_on=D(2025, 2, 20))

    # Cell B1: all on time; a topic session with February's meeting and one on 10 April.
    w.b_jan = hold(w, cell=w.b, day=D(2025, 1, 3), absent=[w.b1])
    w.b_feb = hold(
        w, cell=w.b, day=D(2025, 2, 5), absent=[w.b1], includes_topic=True, topic="Học tập"
    )
    approve(w, w.b_feb, (10, 10, 25, 10), chair=w.b2, clerk=w.b2, on=at(D(2025, 2, 8), 9))
    w.b_mar = hold(w, cell=w.b, day=D(2025, 3, 5))
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
    approve(w, w.b_mar, (5, 5, 20, 5), chair=w.b1, clerk=w.b2, on=at(D(2025, 3, 6), 9))
    tasks.assignment_done(
        assignment=TaskAssignment.objects.get(task=task4, member=w.b1),
        by=w.by,
        result="Đã thu",
        done_on=D(2025, 3, 20),
    )
    tasks.assignment_cancel(
        assignment=TaskAssignment.objects.get(task=task4, member=w.b2), by=w.by, reason="Chuyển"
    )
    w.b_topic = hold(w, cell=w.b, day=D(2025, 4, 10), kind=Kind.TOPIC, absent=[w.b1], topic="Q2")
    score(w, w.b_topic, (15, 20, 45, 20), chair=w.b2, clerk=w.b2)

    # The executive committee (An1 holds its only position): January and March, not February.
    w.x_jan = hold(w, day=D(2025, 1, 3))
    approve(w, w.x_jan, (15, 20, 45, 15), chair=w.a1, clerk=w.a1, on=at(D(2025, 1, 3), 20))
    w.x_mar = hold(w, day=D(2025, 3, 5))
    tasks.task_assign(
        meeting=w.x_mar, title="Kiểm tra", deadline=D(2025, 4, 1), members=[w.a1], by=w.by
    )

    # Documents of A1's January meeting (starts 03/01/2025 16:30, local time).
    d1, d3 = add_document(w.a_jan, "d1"), add_document(w.a_jan, "d3")
    d2 = add_document(w.a_jan, "d2", archived=True)
    opened(d1, w.a1, at(D(2025, 1, 2), 10))
    opened(d3, w.a1, at(D(2025, 1, 1), 10))  # An1 counts once
    opened(d1, w.a2, at(D(2025, 1, 3), 17))  # after the start
    opened(d2, w.a3, at(D(2025, 1, 1), 10))  # an archived document
    opened(d1, w.p, at(D(2025, 1, 3), 16))  # 30 minutes before the start
    opened(d1, w.b1, at(D(2025, 1, 1), 10))  # not on the sheet
    opened(add_document(w.a_feb, "d4", archived=True), w.a1, at(D(2025, 2, 1), 10))
    add_document(w.b_mar, "d5")  # nobody opened it

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
