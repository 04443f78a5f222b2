"""The committee dashboard's selectors — tổng quan đảng bộ (issue 10, DOMAIN §4–§7).

One selector per panel, each built from a handful of aggregate queries over the committee's year:
no query per cell or per month, so the page costs the same for 2 cells × 3 months as for
10 cells × 12 months. The results are plain data (dataclasses) that the templates, the chart
JSON (`Chart.as_json`) and the year report (`dashboard/report.py`) all read — one source, so the
charts, their accessible tables and the exports agree by construction.

Definitions (DOMAIN §4.1, §5):
- a row is an active cell of the committee (ordered by code), then the executive committee;
- a month's regular meeting is **on time** when held (status held or approved) on or before the
  scheduled day (`meetings.services.scheduled_day`) plus the grace days (setting), **late** when
  held after it, **missed** when the month has ended without one held, **upcoming** otherwise;
  a month before the cell was founded, or after it was dissolved, is **not applicable**;
- a quarter's topic session (cells only) is **held** when the cell held at least the required number
  (setting `topic_sessions_per_quarter`) of topic sessions counting for that quarter (kind topic, or a
  regular meeting including one; the quarter is `topic_quarter`, else the meeting month's quarter),
  **missing** when the quarter has ended without them, **upcoming** otherwise;
- minutes are **approved** when approved within `minutes_approval_days` (setting, default 7) of the
  meeting date, **approved late** after that, **pending** while a held meeting's minutes are not
  approved (**overdue** once more than that many days have passed).
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from cells.rules import rules_for
from meetings.models import (
    Attendance,
    Body,
    Document,
    Kind,
    Meeting,
    Minutes,
    ReadReceipt,
    Status,
    TaskAssignment,
)
from meetings.preparation import start_instant
from meetings.recording import (
    Grade,
    approval_due_on,
    overdue_if_held_before,
    quality_grade,
)
from meetings.services import scheduled_day
from members.models import CellMembership, Member
from members.models import Status as MemberStatus
from members.services import probation_ends_on
from reviews.models import Evaluation, Rating, ResidenceComment
from reviews.records import WORKING, listing_date
from reviews.reports import LEVELS, percent_of


class MonthState:
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "na"

    LABELS = {
        ON_TIME: _("Held on time"),
        LATE: _("Held late"),
        MISSED: _("Missed"),
        UPCOMING: _("Upcoming"),
        NOT_APPLICABLE: _("Not applicable"),
    }


class QuarterState:
    HELD = "held"
    MISSING = "missing"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "na"

    LABELS = {
        HELD: _("Topic session held"),
        MISSING: _("No topic session"),
        UPCOMING: _("Quarter not over"),
        NOT_APPLICABLE: _("Not applicable"),
    }


class MinutesState:
    NONE = ""  # no meeting held that month
    APPROVED = "approved"
    APPROVED_LATE = "approved_late"
    PENDING = "pending"
    OVERDUE = "overdue"  # pending for more than `minutes_approval_days`

    LABELS = {
        NONE: "",
        APPROVED: _("Minutes approved"),
        APPROVED_LATE: _("Minutes approved late"),
        PENDING: _("Minutes not yet approved"),
        OVERDUE: _("Minutes overdue for approval"),
    }


@dataclass
class MonthBox:
    """One box of the compliance matrix: a row's regular meeting of one month."""

    month: int  # 1..12
    state: str  # MonthState
    meeting_id: int | None = None  # the month's regular meeting, held or not, if there is one
    date: datetime.date | None = None
    meeting_status: str = ""  # meetings.models.Status value, "" when no meeting
    minutes: str = MinutesState.NONE
    url: str = ""  # set by the view for the user: the meeting, or the calendar of that month

    @property
    def state_label(self) -> str:
        return str(MonthState.LABELS[self.state])

    @property
    def minutes_label(self) -> str:
        return str(MinutesState.LABELS[self.minutes])


@dataclass
class QuarterBox:
    quarter: int  # 1..4
    state: str  # QuarterState
    held: int = 0
    required: int = 0

    @property
    def state_label(self) -> str:
        return str(QuarterState.LABELS[self.state])


@dataclass
class MatrixRow:
    key: str  # "cell-<pk>" or "executive"
    name: str
    cell_id: int | None  # None for the executive committee
    months: list[MonthBox] = field(default_factory=list)  # always 12
    quarters: list[QuarterBox] = field(default_factory=list)  # always 4 (NOT_APPLICABLE for exec)

    def count(self, state: str) -> int:
        return sum(1 for box in self.months if box.state == state)


@dataclass
class Matrix:
    year: int
    today: datetime.date
    scheduled: list[datetime.date]  # the scheduled day of each month (12)
    rows: list[MatrixRow]

    @property
    def cell_rows(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.cell_id is not None]


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


@dataclass
class ProbationAlert:
    member_id: int
    name: str
    cell_name: str
    ends_on: datetime.date
    days_left: int  # negative when past


@dataclass
class AbsenceAlert:
    member_id: int
    name: str
    cell_name: str
    unexcused: int


@dataclass
class ResidenceAlert:
    cell_id: int
    cell_name: str
    missing: int  # working members on the roll with no residence comment received or exempt
    names: list[str] = field(default_factory=list)


@dataclass
class MissedAlert:
    row_key: str
    name: str
    months: list[int]  # missed months
    quarters: list[int]  # quarters without their topic session


@dataclass
class MinutesAlert:
    meeting_id: int
    name: str  # the holder (cell name / executive committee)
    date: datetime.date
    days: int  # days since the meeting


@dataclass
class Alerts:
    probation: list[ProbationAlert]
    absences: list[AbsenceAlert]
    residence: list[ResidenceAlert]
    missed: list[MissedAlert]
    minutes: list[MinutesAlert]

    @property
    def count(self) -> int:
        return (
            len(self.probation)
            + len(self.absences)
            + len(self.residence)
            + len(self.missed)
            + len(self.minutes)
        )


# --- the selectors (one per panel) ---------------------------------------------------------------
# Signatures are the contract the views, templates and report rely on. Each selector runs a fixed
# number of queries (listed in its docstring), whatever the number of cells, months or members.

# A meeting is held once its record is started (held) or its minutes approved.
HELD = (Status.HELD, Status.APPROVED)
# The bodies with a row in the matrix (the whole committee holds conferences, not monthly meetings).
ROW_BODIES = (Body.CELL, Body.EXECUTIVE)
EXECUTIVE_KEY = "executive"
QUALITY_SCORES = ("quality_preparation", "quality_attendance", "quality_conduct", "quality_closing")
GRADES = (Grade.GOOD, Grade.FAIR, Grade.AVERAGE, Grade.POOR)


def _row_key(body: str, cell_id: int | None) -> str:
    """The `MatrixRow.key` of a meeting's holder."""
    return f"cell-{cell_id}" if body == Body.CELL else EXECUTIVE_KEY


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _exists_on(day: datetime.date, founded_on, dissolved_on) -> bool:
    return (founded_on is None or founded_on <= day) and (
        dissolved_on is None or day <= dissolved_on
    )


def _minutes_state(meeting: dict, today: datetime.date, rules) -> str:
    """The minutes of a held meeting: approved (late or not), pending, or overdue."""
    due_on = approval_due_on(meeting["date"], rules)
    approved_at = meeting["minutes__approved_at"]
    if approved_at is not None:
        late = timezone.localdate(approved_at) > due_on
        return MinutesState.APPROVED_LATE if late else MinutesState.APPROVED
    if today > due_on:
        return MinutesState.OVERDUE
    return MinutesState.PENDING


def _month_box(month, meeting, *, applicable, due, ended, today, rules) -> MonthBox:
    box = MonthBox(month=month, state=MonthState.NOT_APPLICABLE)
    held = False
    if meeting is not None:
        box.meeting_id = meeting["pk"]
        box.date = meeting["date"]
        box.meeting_status = meeting["status"]
        held = meeting["status"] in HELD
        if held:
            box.minutes = _minutes_state(meeting, today, rules)
    if not applicable:
        return box
    if held:
        box.state = MonthState.ON_TIME if meeting["date"] <= due else MonthState.LATE
    elif ended:
        box.state = MonthState.MISSED
    else:
        box.state = MonthState.UPCOMING
    return box


def _quarter_boxes(year, months, held_by_quarter, *, today, rules) -> list[QuarterBox]:
    required = rules.topic_sessions_per_quarter
    boxes = []
    for quarter in range(1, 5):
        held = held_by_quarter.get(quarter, 0)
        in_quarter = months[(quarter - 1) * 3 : quarter * 3]
        if all(box.state == MonthState.NOT_APPLICABLE for box in in_quarter):
            state = QuarterState.NOT_APPLICABLE
        elif held >= required:
            state = QuarterState.HELD
        elif _month_end(year, quarter * 3) < today:
            state = QuarterState.MISSING
        else:
            state = QuarterState.UPCOMING
        boxes.append(QuarterBox(quarter=quarter, state=state, held=held, required=required))
    return boxes


def compliance_matrix(committee, year: int, *, today=None, rules=None) -> Matrix:
    """Cells (and the executive committee) × 12 months, plus the topic quarters.

    Rows: the cells that exist during the year (founded by its end, not dissolved before its
    start), by code, then the executive committee. A month applies to a holder that exists on the
    month's scheduled day (so a cell founded on the 20th starts with the next month, a cell
    dissolved on the 10th still owes that month's meeting); a month that does not apply still
    carries its meeting, if any, for the link. A month is over when its last day is before today.
    Three queries: the cells, the year's regular meetings (with their minutes), the topic
    sessions counted per cell and quarter.
    """
    today = today or timezone.localdate()
    rules = rules or rules_for(committee)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    scheduled = [scheduled_day(year, month, rules.meeting_day) for month in range(1, 13)]
    grace = datetime.timedelta(days=rules.late_grace_days)
    cells = (
        Cell.objects.filter(committee=committee)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=last))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("code", "pk")
        .values("pk", "name", "founded_on", "dissolved_on")
    )
    meetings = {}
    for meeting in (
        Meeting.objects.filter(
            committee=committee, kind=Kind.REGULAR, body__in=ROW_BODIES, month__year=year
        )
        .order_by()
        .values(
            "pk",
            "body",
            "cell_id",
            "month",
            "date",
            "status",
            "minutes__approved_at",
        )
    ):
        meetings[_row_key(meeting["body"], meeting["cell_id"]), meeting["month"].month] = meeting
    topics = defaultdict(dict)
    for count in (
        Meeting.objects.filter(
            committee=committee, body=Body.CELL, status__in=HELD, month__year=year
        )
        .filter(Q(kind=Kind.TOPIC) | Q(kind=Kind.REGULAR, includes_topic=True))
        .annotate(
            counts_for=Coalesce(
                "topic_quarter", ExtractQuarter("month"), output_field=IntegerField()
            )
        )
        .order_by()
        .values("cell_id", "counts_for")
        .annotate(n=Count("pk"))
    ):
        topics[count["cell_id"]][count["counts_for"]] = count["n"]

    def months(key, founded_on, dissolved_on) -> list[MonthBox]:
        return [
            _month_box(
                month,
                meetings.get((key, month)),
                applicable=_exists_on(scheduled[month - 1], founded_on, dissolved_on),
                due=scheduled[month - 1] + grace,
                ended=_month_end(year, month) < today,
                today=today,
                rules=rules,
            )
            for month in range(1, 13)
        ]

    rows = []
    for cell in cells:
        key = _row_key(Body.CELL, cell["pk"])
        boxes = months(key, cell["founded_on"], cell["dissolved_on"])
        quarters = _quarter_boxes(year, boxes, topics.get(cell["pk"], {}), today=today, rules=rules)
        rows.append(MatrixRow(key, cell["name"], cell["pk"], boxes, quarters))
    rows.append(
        MatrixRow(
            EXECUTIVE_KEY,
            str(Body.EXECUTIVE.label),
            None,
            months(EXECUTIVE_KEY, committee.founded_on, None),
            [QuarterBox(quarter, QuarterState.NOT_APPLICABLE) for quarter in range(1, 5)],
        )
    )
    return Matrix(year=year, today=today, scheduled=scheduled, rows=rows)


def _roll_day(year: int, today: datetime.date) -> datetime.date:
    """The day whose roll a year shows: today, or 31 December for a past year."""
    return min(today, datetime.date(year, 12, 31))


def _regular_attendance(committee, year: int):
    """The attendance rows of the year's regular meetings of the matrix's bodies."""
    return Attendance.objects.filter(
        meeting__committee=committee,
        meeting__kind=Kind.REGULAR,
        meeting__body__in=ROW_BODIES,
        meeting__month__year=year,
    )


def key_numbers(committee, year: int, matrix: Matrix, *, today=None) -> KeyNumbers:
    """The key numbers. Three queries: the roll (official / probationary on the year's roll day),
    the attendance of the year's regular meetings, the overdue task parts; the rest is counted on
    the matrix. `today` defaults to the matrix's."""
    today = today or matrix.today
    roll = (
        Member.objects.filter(committee=committee)
        .on_roll_on(_roll_day(year, today))
        .aggregate(
            official=Count("pk", filter=Q(status_on=MemberStatus.OFFICIAL)),
            probationary=Count("pk", filter=Q(status_on=MemberStatus.PROBATIONARY)),
        )
    )
    attendance = _regular_attendance(committee, year).aggregate(
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
        official=roll["official"],
        probationary=roll["probationary"],
        meetings_held=on_time + late,
        meetings_expected=on_time + late + missed,
        meetings_late=late,
        topics_held=topics_held,
        topics_expected=topics_held + topics_missing,
        attendance_percent=percent_of(attendance["present"], attendance["total"]),
        overdue_tasks=overdue,
    )


def _month_labels() -> list[str]:
    return [gettext("M%(month)s") % {"month": month} for month in range(1, 13)]


def attendance_chart(committee, year: int, matrix: Matrix) -> Chart:
    """Attendance rate per row per month (% present of the attendance sheet), one decimal.

    One query: the attendance rows of the year's regular meetings, counted per holder and month.
    """
    counts = {}
    for group in (
        _regular_attendance(committee, year)
        .order_by()
        .values("meeting__body", "meeting__cell_id", "meeting__month")
        .annotate(
            total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
        )
    ):
        key = _row_key(group["meeting__body"], group["meeting__cell_id"])
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
    time in the committee's time zone (`meetings.preparation.start_instant`). Two queries: the year's
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
    (`meetings.recording.quality_grade`). One query: the minutes counted per holder and score.
    """
    rules = rules or rules_for(committee)
    scored = Q(**{f"{name}__isnull": False for name in QUALITY_SCORES})
    counts = defaultdict(int)
    for group in (
        Minutes.objects.filter(
            scored,
            meeting__committee=committee,
            meeting__body__in=ROW_BODIES,
            meeting__status__in=HELD,
            meeting__month__year=year,
        )
        .annotate(total=sum((F(name) for name in QUALITY_SCORES[1:]), F(QUALITY_SCORES[0])))
        .order_by()
        .values("meeting__body", "meeting__cell_id", "total")
        .annotate(n=Count("pk"))
    ):
        key = _row_key(group["meeting__body"], group["meeting__cell_id"])
        counts[key, quality_grade(group["total"], rules)] += group["n"]
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


def _probation_alerts(committee, year, today, rules) -> list[ProbationAlert]:
    """Probationary members on today's roll whose probation ends within the warning days (or has
    ended without recognition). About today: only on the current year's dashboard."""
    if year != today.year:
        return []
    members = (
        Member.objects.filter(committee=committee, admitted_on__isnull=False)
        .on_roll_on(today)
        .filter(status_on=MemberStatus.PROBATIONARY)
        .with_current_cell()
        .values("pk", "full_name", "name_sort", "admitted_on", "current_cell_name")
    )
    found = []
    for member in members:
        ends_on = probation_ends_on(member["admitted_on"], rules)
        days_left = (ends_on - today).days
        if days_left <= rules.probation_warning_days:
            found.append((ends_on, member["name_sort"], member["pk"], member, days_left))
    found.sort(key=lambda entry: entry[:3])
    return [
        ProbationAlert(
            member_id=member["pk"],
            name=member["full_name"],
            cell_name=member["current_cell_name"] or "",
            ends_on=ends_on,
            days_left=days_left,
        )
        for ends_on, _sort, _pk, member, days_left in found
    ]


def _absence_alerts(committee, year, rules) -> list[AbsenceAlert]:
    """Members absent without reason from at least `absence_flag_count` of the year's regular
    cell meetings (DOMAIN §7 flags), most absences first."""
    flags = Attendance.objects.filter(meeting__committee=committee).absence_flags(
        year, rules.absence_flag_count
    )
    members = (
        Member.objects.filter(pk__in=flags.values("member_id"))
        .annotate(unexcused=Subquery(flags.filter(member_id=OuterRef("pk")).values("unexcused")))
        .with_current_cell()
        .order_by("-unexcused", "name_sort", "pk")
    )
    return [
        AbsenceAlert(
            member_id=member.pk,
            name=member.full_name,
            cell_name=member.current_cell_name or "",
            unexcused=member.unexcused,
        )
        for member in members
    ]


def _residence_alerts(committee, year, today) -> list[ResidenceAlert]:
    """Per cell, its working members (official or probationary, not students) on the year's roll
    day with no residence-place comment of the year received or exempt. None for a future year."""
    if year > today.year:
        return []
    day = listing_date(year, today=today)
    memberships = (
        CellMembership.objects.filter(
            member=OuterRef("pk"), cell__committee=committee, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
    )
    settled = ResidenceComment.objects.filter(
        member=OuterRef("pk"),
        year=year,
        status__in=(ResidenceComment.Status.RECEIVED, ResidenceComment.Status.EXEMPT),
    )
    members = (
        Member.objects.filter(committee=committee, is_student=False)
        .on_roll_on(day)
        .filter(status_on__in=WORKING)
        .annotate(
            row_cell_id=Subquery(memberships.values("cell_id")[:1]),
            row_cell_name=Subquery(memberships.values("cell__name")[:1]),
            row_cell_code=Subquery(memberships.values("cell__code")[:1]),
        )
        .filter(row_cell_id__isnull=False)
        .exclude(Exists(settled))
        .order_by("row_cell_code", "row_cell_id", "name_sort", "pk")
        .values("row_cell_id", "row_cell_name", "full_name")
    )
    cells: dict[int, ResidenceAlert] = {}
    for member in members:
        alert = cells.setdefault(
            member["row_cell_id"],
            ResidenceAlert(
                cell_id=member["row_cell_id"], cell_name=member["row_cell_name"], missing=0
            ),
        )
        alert.missing += 1
        alert.names.append(member["full_name"])
    return list(cells.values())


def _missed_alerts(matrix: Matrix) -> list[MissedAlert]:
    alerts = []
    for row in matrix.rows:
        months = [box.month for box in row.months if box.state == MonthState.MISSED]
        quarters = [box.quarter for box in row.quarters if box.state == QuarterState.MISSING]
        if months or quarters:
            alerts.append(MissedAlert(row.key, row.name, months, quarters))
    return alerts


def _minutes_alerts(committee, year, today, rules) -> list[MinutesAlert]:
    """The year's held meetings of any kind and body whose minutes are still not approved more
    than `minutes_approval_days` after the meeting, oldest first."""
    limit = overdue_if_held_before(today, rules)
    meetings = (
        Meeting.objects.filter(
            committee=committee, status=Status.HELD, month__year=year, date__lt=limit
        )
        .order_by("date", "start_time", "pk")
        .values("pk", "body", "cell__name", "date")
    )
    return [
        MinutesAlert(
            meeting_id=meeting["pk"],
            name=meeting["cell__name"]
            if meeting["body"] == Body.CELL
            else str(Body(meeting["body"]).label),
            date=meeting["date"],
            days=(today - meeting["date"]).days,
        )
        for meeting in meetings
    ]


def alerts(committee, year: int, matrix: Matrix, *, today=None, rules=None) -> Alerts:
    """What needs the committee's attention. Four queries (probation, absences, residence
    comments, minutes); the missed months and quarters come from the matrix. `today` defaults to
    the matrix's."""
    today = today or matrix.today
    rules = rules or rules_for(committee)
    return Alerts(
        probation=_probation_alerts(committee, year, today, rules),
        absences=_absence_alerts(committee, year, rules),
        residence=_residence_alerts(committee, year, today),
        missed=_missed_alerts(matrix),
        minutes=_minutes_alerts(committee, year, today, rules),
    )
