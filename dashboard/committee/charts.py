"""The committee dashboard's charts — biểu đồ (issue 10 item 1): attendance and the documents
read before the meeting (per row and month), the tasks and the meeting-quality grades (per row),
the member ratings (confidential). Each chart comes with its accessible table: the same data
(`Chart.labels` are the columns, each `Series` a row), handed to Chart.js by `Chart.as_json`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cells.rules import rules_for
from meetings.models import (
    Attendance,
    Document,
    Kind,
    Meeting,
    ReadReceipt,
    TaskAssignment,
)
from meetings.planning.preparation import start_instant
from meetings.record.minutes import Grade
from reports.measures.common import HELD, ROW_BODIES, quality_counts, regular_attendance, row_key
from reports.measures.matrix import Matrix
from reviews.models import Evaluation, Rating
from reviews.reports.data import LEVELS, percent_of

GRADES = (Grade.GOOD, Grade.FAIR, Grade.AVERAGE, Grade.POOR)


@dataclass
class Series:
    label: str
    values: list  # numbers (int or Decimal) or None where there is no data


@dataclass
class Chart:
    """A chart and its accessible table: `labels` are the columns, each series a row."""

    key: str  # "attendance", "documents", "tasks", "quality", "ratings"
    title: str
    kind: str  # Chart.js type: "line" or "bar"
    labels: list[str]
    series: list[Series]
    unit: str = ""  # "%" for rates
    stacked: bool = False

    def as_json(self) -> dict:
        """The data handed to Chart.js with `json_script` (Decimals as floats, None as null)."""
        return {
            "type": self.kind,
            "unit": self.unit,
            "stacked": self.stacked,
            "labels": [str(label) for label in self.labels],
            "datasets": [
                {
                    "label": str(s.label),
                    "data": [None if v is None else float(v) for v in s.values],
                }
                for s in self.series
            ],
        }

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)


def _month_labels() -> list[str]:
    return [gettext("M%(month)s") % {"month": month} for month in range(1, 13)]


def attendance_chart(committee, year: int, matrix: Matrix) -> Chart:
    """Attendance rate per row per month (% present of the attendance sheet), one decimal.

    One query: the attendance rows of the year's regular meetings, counted per holder and month.
    """
    counts = {}
    for group in (
        regular_attendance(committee, year)
        .order_by()
        .values("meeting__body", "meeting__cell_id", "meeting__month")
        .annotate(
            total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
        )
    ):
        key = row_key(group["meeting__body"], group["meeting__cell_id"])
        counts[key, group["meeting__month"].month] = percent_of(group["present"], group["total"])
    return Chart(
        key="attendance",
        title=gettext("Attendance at regular meetings"),
        kind="line",
        labels=_month_labels(),
        series=[
            Series(row.name, [counts.get((row.key, month)) for month in range(1, 13)])
            for row in matrix.rows
        ],
        unit="%",
    )


def documents_chart(committee, year: int, matrix: Matrix) -> Chart:
    """Per row per month: % of the sheet who opened at least one of the meeting's documents
    before it started (held meetings with documents only; None elsewhere).

    Archived documents do not count. "Before it started": before the meeting's date and start
    time in the committee's time zone (`meetings.planning.preparation.start_instant`). Two queries: the year's
    held regular meetings with a document (and the size of their sheet), and each member's first
    opening of their documents, for members on the sheet.
    """
    regular = {"kind": Kind.REGULAR, "body__in": ROW_BODIES, "month__year": year}
    meetings = {
        meeting["pk"]: meeting
        for meeting in Meeting.objects.filter(committee=committee, status__in=HELD, **regular)
        .annotate(
            has_documents=Exists(Document.objects.filter(meeting=OuterRef("pk"), archived=False)),
            sheet=Count("attendance"),
        )
        .filter(has_documents=True)
        .order_by()
        .values("pk", "date", "start_time", "sheet")
    }
    # When each meeting starts, computed once per meeting (not per reading).
    starts = {
        pk: start_instant(meeting["date"], meeting["start_time"])
        for pk, meeting in meetings.items()
    }
    on_sheet = Attendance.objects.filter(
        meeting_id=OuterRef("document__meeting_id"), member_id=OuterRef("member_id")
    )
    opened = defaultdict(int)
    for pk, first in (
        ReadReceipt.objects.filter(
            document__meeting__committee=committee,
            document__meeting__status__in=HELD,
            document__archived=False,
            **{f"document__meeting__{name}": value for name, value in regular.items()},
        )
        .filter(Exists(on_sheet))
        .order_by()
        .values("document__meeting_id", "member_id")
        .annotate(first=Min("opened_at"))
        .values_list("document__meeting_id", "first")
    ):
        if pk in starts and first < starts[pk]:
            opened[pk] += 1
    rates = {pk: percent_of(opened[pk], meeting["sheet"]) for pk, meeting in meetings.items()}
    return Chart(
        key="documents",
        title=gettext("Members who opened the documents before the meeting"),
        kind="line",
        labels=_month_labels(),
        series=[
            Series(row.name, [rates.get(box.meeting_id) for box in row.months])
            for row in matrix.rows
        ],
        unit="%",
    )


def tasks_chart(committee, year: int, matrix: Matrix, *, today=None) -> Chart:
    """Per row: task parts done / open (not overdue) / overdue, of tasks due that year.

    Cancelled parts are left out; a task with no cell is the executive committee's (as
    `meetings.models.Task` records it). One query, grouped by the task's cell. `today` defaults
    to the matrix's.
    """
    today = today or matrix.today
    is_open = Q(status=TaskAssignment.Status.OPEN)
    counts = {
        group["task__cell_id"]: group
        for group in TaskAssignment.objects.filter(
            task__committee=committee, task__deadline__year=year
        )
        .order_by()
        .values("task__cell_id")
        .annotate(
            done=Count("pk", filter=Q(status=TaskAssignment.Status.DONE)),
            open=Count("pk", filter=is_open & Q(task__deadline__gte=today)),
            overdue=Count("pk", filter=is_open & Q(task__deadline__lt=today)),
        )
    }
    series = [
        (TaskAssignment.Status.DONE.label, "done"),
        (TaskAssignment.Status.OPEN.label, "open"),
        (_("Overdue"), "overdue"),
    ]
    return Chart(
        key="tasks",
        title=gettext("Tasks due this year"),
        kind="bar",
        labels=[row.name for row in matrix.rows],
        series=[
            Series(
                str(label),
                [counts.get(row.cell_id, {}).get(name, 0) for row in matrix.rows],
            )
            for label, name in series
        ],
        stacked=True,
    )


def quality_chart(committee, year: int, matrix: Matrix, *, rules=None) -> Chart:
    """Per row: meetings graded Tốt / Khá / Trung bình / Kém (minutes with a full score).

    The year's held meetings of any kind of the row's body, graded by the committee's bands
    (`reports.measures.common.quality_counts`). One query: the minutes counted per holder and
    score.
    """
    rules = rules or rules_for(committee)
    counts = quality_counts(
        committee, datetime.date(year, 1, 1), datetime.date(year, 12, 1), rules=rules
    )
    return Chart(
        key="quality",
        title=gettext("Meeting-quality grades"),
        kind="bar",
        labels=[row.name for row in matrix.rows],
        series=[
            Series(str(Grade.LABELS[grade]), [counts[row.key, grade] for row in matrix.rows])
            for grade in GRADES
        ],
        stacked=True,
    )


def ratings_chart(committee, year: int) -> Chart:
    """The committee's decided member ratings of the year, per level (confidential source:
    shown to committee officers only). One query."""
    counts = dict(
        Evaluation.objects.filter(committee=committee, year=year, rated=True)
        .exclude(final_rating="")
        .order_by()
        .values("final_rating")
        .annotate(n=Count("pk"))
        .values_list("final_rating", "n")
    )
    labels = dict(Rating.choices)
    return Chart(
        key="ratings",
        title=gettext("Member ratings"),
        kind="bar",
        labels=[str(labels[level]) for level in LEVELS],
        series=[Series(gettext("Members"), [counts.get(level, 0) for level in LEVELS])],
    )
