"""The key numbers of a year — số liệu chính (issue 10 item 1): the roll, the regular meetings and
topic sessions held against those due, the attendance, the overdue tasks. Shared by the committee
dashboard, the year report (`dashboard.report`) and the coming periodic reports and superior's
view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from meetings.models import Attendance, TaskAssignment
from members.selectors import committee_headcount
from reports.measures.common import regular_attendance
from reports.measures.matrix import Matrix, MonthState, QuarterState
from reviews.reports.data import percent_of


@dataclass
class KeyNumbers:
    official: int
    probationary: int
    meetings_held: int  # regular meetings held (on time or late) in months due so far
    meetings_expected: int  # row-months due so far (on time + late + missed)
    meetings_late: int
    topics_held: int  # cell-quarters with their topic session(s) held
    topics_expected: int  # cell-quarters ended, or with their session(s) held
    attendance_percent: Decimal | None  # present / attendance rows of the year's regular meetings
    overdue_tasks: int  # open task parts past their deadline today (committee-wide)


def _roll_day(year: int, today: datetime.date) -> datetime.date:
    """The day whose roll a year shows: today, or 31 December for a past year."""
    return min(today, datetime.date(year, 12, 31))


def key_numbers(committee, year: int, matrix: Matrix, *, today=None) -> KeyNumbers:
    """The key numbers. Three queries: the roll (official / probationary on the year's roll day),
    the attendance of the year's regular meetings, the overdue task parts; the rest is counted on
    the matrix. `today` defaults to the matrix's."""
    today = today or matrix.today
    roll = committee_headcount(committee, _roll_day(year, today))
    attendance = regular_attendance(committee, year).aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
    )
    on_time = sum(row.count(MonthState.ON_TIME) for row in matrix.rows)
    late = sum(row.count(MonthState.LATE) for row in matrix.rows)
    missed = sum(row.count(MonthState.MISSED) for row in matrix.rows)
    quarters = [box for row in matrix.cell_rows for box in row.quarters]
    topics_held = sum(1 for box in quarters if box.state == QuarterState.HELD)
    topics_missing = sum(1 for box in quarters if box.state == QuarterState.MISSING)
    overdue = (
        TaskAssignment.objects.overdue(today).filter(task__committee=committee).order_by().count()
    )
    return KeyNumbers(
        official=roll.official,
        probationary=roll.probationary,
        meetings_held=on_time + late,
        meetings_expected=on_time + late + missed,
        meetings_late=late,
        topics_held=topics_held,
        topics_expected=topics_held + topics_missing,
        attendance_percent=percent_of(attendance["present"], attendance["total"]),
        overdue_tasks=overdue,
    )
