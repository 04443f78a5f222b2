"""The year report's data — số liệu báo cáo năm: every panel of the committee dashboard for a
year, each selector run once, plus the minutes of the year's regular meetings; and the sums and
means the workbook and the DOCX both state (`dashboard.report`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from cells.models import Committee
from cells.rules import rules_for
from dashboard.committee.alerts import Alerts
from dashboard.committee.alerts import alerts as committee_alerts
from dashboard.committee.charts import (
    Chart,
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from meetings.models import Meeting
from reports.measures.matrix import Matrix, MinutesState, compliance_matrix
from reports.measures.numbers import KeyNumbers, key_numbers

# The sheets, in order (Vietnamese titles whatever the language: the workbook is filed as is).
SHEET_SUMMARY = "Tổng hợp"
SHEET_MATRIX = "Sinh hoạt hằng tháng"
SHEET_MINUTES = "Biên bản"
SHEET_ATTENDANCE = "Dự sinh hoạt"
SHEET_DOCUMENTS = "Nghiên cứu tài liệu"
SHEET_TASKS = "Nhiệm vụ"
SHEET_QUALITY = "Chất lượng"
SHEET_RATINGS = "Xếp loại"
SHEET_ALERTS = "Cảnh báo"


@dataclass
class MinutesLine:
    """A held regular meeting of the year and its minutes (the "Biên bản" sheet)."""

    row_name: str
    month: int
    meeting_id: int
    date: datetime.date | None
    state: str  # MinutesState
    approved_on: datetime.date | None
    # Days from the meeting to the approval; while not approved, days since the meeting.
    days: int | None

    @property
    def state_label(self) -> str:
        return str(MinutesState.LABELS[self.state])


@dataclass
class DashboardReport:
    committee: Committee
    year: int
    today: datetime.date
    confidential: bool
    approval_days: int  # setting `minutes_approval_days`
    matrix: Matrix
    numbers: KeyNumbers
    attendance: Chart
    documents: Chart
    tasks: Chart
    quality: Chart
    ratings: Chart | None  # only when `confidential`
    alerts: Alerts
    minutes: list[MinutesLine]
    # The body (`meetings.models.Body`) of the meetings in `minutes` and in the minutes alerts:
    # the DOCX names the holders itself, in Vietnamese.
    bodies: dict[int, str] = field(default_factory=dict)

    @property
    def as_of(self) -> datetime.date:
        """The last day the numbers cover: today, or the year's last day for a past year."""
        return min(self.today, datetime.date(self.year, 12, 31))

    @property
    def cells(self) -> int:
        return len(self.matrix.cell_rows)

    def minutes_count(self, *states: str) -> int:
        return sum(1 for line in self.minutes if line.state in states)

    @property
    def charts(self) -> list[tuple[str, Chart]]:
        """(sheet title, chart), in the workbook's order."""
        charts = [
            (SHEET_ATTENDANCE, self.attendance),
            (SHEET_DOCUMENTS, self.documents),
            (SHEET_TASKS, self.tasks),
            (SHEET_QUALITY, self.quality),
        ]
        if self.ratings is not None:
            charts.append((SHEET_RATINGS, self.ratings))
        return charts


def _minutes_lines(
    matrix: Matrix, alerts: Alerts, today: datetime.date
) -> tuple[list[MinutesLine], dict[int, str]]:
    """The matrix's held meetings with their minutes' approval day, and the body (cell,
    executive, committee) of those meetings and of the alerts' meetings: one query."""
    boxes = [
        (row, box)
        for row in matrix.rows
        for box in row.months
        if box.meeting_id is not None and box.minutes != MinutesState.NONE
    ]
    ids = {box.meeting_id for _row, box in boxes} | {a.meeting_id for a in alerts.minutes}
    facts = {
        pk: (body, approved_at)
        for pk, body, approved_at in Meeting.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "body", "minutes__approved_at")
    }
    lines = []
    for row, box in boxes:
        stamp = facts.get(box.meeting_id, ("", None))[1]
        approved_on = timezone.localdate(stamp) if stamp else None
        end = approved_on or today
        lines.append(
            MinutesLine(
                row_name=row.name,
                month=box.month,
                meeting_id=box.meeting_id,
                date=box.date,
                state=box.minutes,
                approved_on=approved_on,
                days=(end - box.date).days if box.date else None,
            )
        )
    return lines, {pk: body for pk, (body, _stamp) in facts.items()}


def year_report(
    committee: Committee, year: int, *, today: datetime.date | None = None, confidential: bool
) -> DashboardReport:
    """The report's data: every dashboard panel of `year`, each selector run once (a fixed number
    of queries, whatever the number of cells and months). The ratings only if `confidential`."""
    today = today or timezone.localdate()
    rules = rules_for(committee)
    matrix = compliance_matrix(committee, year, today=today, rules=rules)
    alerts = committee_alerts(committee, year, matrix, today=today, rules=rules)
    minutes, bodies = _minutes_lines(matrix, alerts, today)
    return DashboardReport(
        committee=committee,
        year=year,
        today=today,
        confidential=confidential,
        approval_days=rules.minutes_approval_days,
        matrix=matrix,
        numbers=key_numbers(committee, year, matrix, today=today),
        attendance=attendance_chart(committee, year, matrix),
        documents=documents_chart(committee, year, matrix),
        tasks=tasks_chart(committee, year, matrix, today=today),
        quality=quality_chart(committee, year, matrix, rules=rules),
        ratings=ratings_chart(committee, year) if confidential else None,
        alerts=alerts,
        minutes=minutes,
        bodies=bodies,
    )


def series_total(chart: Chart, index: int) -> int:
    """The sum of one series (counts charts: tasks, quality, ratings); 0 when absent."""
    if index >= len(chart.series):
        return 0
    return int(sum(v for v in chart.series[index].values if v is not None))


def series_mean(values) -> Decimal | None:
    """The mean of the values present, one decimal; None when there are none."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    return (sum(present) / len(present)).quantize(Decimal("0.1"))


def chart_mean(chart: Chart) -> Decimal | None:
    """The mean of every value present in a rate chart (each meeting's rate counts once)."""
    return series_mean([v for s in chart.series for v in s.values])
