"""The committee's year report — báo cáo tình hình sinh hoạt chi bộ năm … (issue 10 item 5).

`year_report` runs the dashboard's selectors (`dashboard.committee`) once and keeps their plain
data, so the report says exactly what the dashboard shows; `report_xlsx` lays it out as a
workbook, a sheet per section (the sheet titles are Vietnamese, the headers follow the active
language); `report_docx` writes the official summary (DOMAIN §13), always in Vietnamese.

The member ratings come from confidential evaluations (DESIGN §3): they are in the report only
when the caller says the reader may see them (`confidential=True`: committee officers).
Style and helpers follow `reviews.reports` (the year's rating report).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cells.models import Committee
from cells.rules import rules_for
from core.documents import (
    ReportContent,
    render_report,
)
from dashboard import committee as selectors
from dashboard.committee import (
    Alerts,
    Chart,
    KeyNumbers,
    Matrix,
    MatrixRow,
    MinutesState,
    MonthState,
    QuarterState,
)
from meetings.models import Body, Meeting
from meetings.official import long_date
from reviews.reports import (
    DOCX_TYPE,
    LEVEL_NAMES_VI,
    LEVELS,
    XLSX_TYPE,
    executive_report,
    percent_of,
    percent_vi,
    set_widths,
    sheet_title,
)

__all__ = [
    "DOCX_TYPE",
    "XLSX_TYPE",
    "DashboardReport",
    "MinutesLine",
    "docx_filename",
    "report_content",
    "report_docx",
    "report_xlsx",
    "xlsx_filename",
    "year_report",
]

PERCENT_FORMAT = "0.0"
DATE_FORMAT = "DD/MM/YYYY"
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
# The meeting-quality grades as the party writes them (`meetings.recording.Grade`, in its order).
GRADE_NAMES_VI = ("Tốt", "Khá", "Trung bình", "Kém")
OUTLOOK_VI = (
    "Thời gian tới, Đảng ủy tiếp tục lãnh đạo, chỉ đạo các chi bộ nâng cao chất lượng sinh hoạt "
    "chi bộ: duy trì sinh hoạt thường kỳ đúng ngày thống nhất hằng tháng, mỗi quý ít nhất một "
    "lần sinh hoạt chuyên đề; chuẩn bị chu đáo nội dung, gửi tài liệu trước để đảng viên nghiên "
    "cứu; ghi và thông qua biên bản đúng thời hạn; theo dõi, đôn đốc việc thực hiện nhiệm vụ được "
    "giao; kịp thời nhắc nhở, giúp đỡ đảng viên vắng sinh hoạt không có lý do; thực hiện nghiêm "
    "việc lấy nhận xét của chi ủy nơi cư trú và xét công nhận đảng viên chính thức đúng thời hạn."
)


# --- the data -----------------------------------------------------------------------------------


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
    matrix = selectors.compliance_matrix(committee, year, today=today, rules=rules)
    alerts = selectors.alerts(committee, year, matrix, today=today, rules=rules)
    minutes, bodies = _minutes_lines(matrix, alerts, today)
    return DashboardReport(
        committee=committee,
        year=year,
        today=today,
        confidential=confidential,
        approval_days=rules.minutes_approval_days,
        matrix=matrix,
        numbers=selectors.key_numbers(committee, year, matrix, today=today),
        attendance=selectors.attendance_chart(committee, year, matrix),
        documents=selectors.documents_chart(committee, year, matrix),
        tasks=selectors.tasks_chart(committee, year, matrix, today=today),
        quality=selectors.quality_chart(committee, year, matrix, rules=rules),
        ratings=selectors.ratings_chart(committee, year) if confidential else None,
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


# --- Excel --------------------------------------------------------------------------------------


def _number(value):
    """Decimals as floats (Excel numbers), the rest as is."""
    return float(value) if isinstance(value, Decimal) else value


# Shared style objects: openpyxl hashes each new one, so one per cell would cost time.
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
TITLE_FONT = Font(bold=True, size=13)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _header(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = BOLD
        cell.alignment = WRAP_TOP


def _date_cell(sheet, row: int, column: int) -> None:
    sheet.cell(row=row, column=column).number_format = DATE_FORMAT


def _title_rows(sheet, report: DashboardReport, title: str) -> None:
    """Row 1: what the sheet is; row 2: the committee, the year, the day of the numbers."""
    sheet.append([title])
    sheet["A1"].font = TITLE_FONT
    sheet.append(
        [
            _("%(committee)s — year %(year)s — figures as of %(date)s")
            % {
                "committee": report.committee.name,
                "year": report.year,
                "date": f"{report.as_of:%d/%m/%Y}",
            }
        ]
    )
    sheet.append([])


def _summary_sheet(sheet, report: DashboardReport) -> None:
    n = report.numbers
    _title_rows(sheet, report, _("Year report of the cells' meetings"))
    sheet.append([_("Indicator"), _("Value")])
    _header(sheet, sheet.max_row)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    percent_rows = []

    def add(label, value, *, percent=False):
        sheet.append([label, _number(value)])
        if percent:
            percent_rows.append(sheet.max_row)

    add(_("Cells"), report.cells)
    add(_("Official members"), n.official)
    add(_("Probationary members"), n.probationary)
    add(_("Regular meetings held"), n.meetings_held)
    add(_("Regular meetings expected"), n.meetings_expected)
    add(
        _("Regular meetings held (%)"),
        percent_of(n.meetings_held, n.meetings_expected),
        percent=True,
    )
    add(_("Regular meetings held late"), n.meetings_late)
    add(_("Regular meetings missed"), n.meetings_expected - n.meetings_held)
    add(_("Topic sessions held (cell-quarters)"), n.topics_held)
    add(_("Topic sessions expected (cell-quarters)"), n.topics_expected)
    add(_("Average attendance (%)"), n.attendance_percent, percent=True)
    add(
        _("Members who opened the documents (average %)"),
        chart_mean(report.documents),
        percent=True,
    )
    add(
        _("Minutes approved"),
        report.minutes_count(MinutesState.APPROVED, MinutesState.APPROVED_LATE),
    )
    add(_("Minutes approved late"), report.minutes_count(MinutesState.APPROVED_LATE))
    add(
        _("Minutes not yet approved"),
        report.minutes_count(MinutesState.PENDING, MinutesState.OVERDUE),
    )
    add(_("Minutes overdue for approval"), report.minutes_count(MinutesState.OVERDUE))
    add(_("Overdue tasks"), n.overdue_tasks)
    add(_("Alerts"), report.alerts.count)
    for row in percent_rows:
        sheet.cell(row=row, column=2).number_format = PERCENT_FORMAT
    set_widths(sheet, [48, 14])


def _matrix_sheet(sheet, report: DashboardReport) -> None:
    matrix = report.matrix
    headers = [
        _("Cell"),
        *[_("Month %(month)s") % {"month": month} for month in range(1, 13)],
        *[_("Quarter %(quarter)s") % {"quarter": quarter} for quarter in range(1, 5)],
        _("Held on time"),
        _("Held late"),
        _("Missed"),
        _("Quarters with topic session"),
    ]
    sheet.append(headers)
    _header(sheet, 1)
    sheet.append([_("Scheduled day"), *[f"{day:%d/%m/%Y}" for day in matrix.scheduled]])
    for cell in sheet[2]:
        cell.font = ITALIC
    for row in matrix.rows:
        months = []
        for box in row.months:
            text = box.state_label
            if box.date and box.state in (MonthState.ON_TIME, MonthState.LATE):
                text = f"{text} ({box.date:%d/%m/%Y})"
            if box.minutes:
                text = f"{text}\n{box.minutes_label}"
            months.append(text)
        quarters = [
            f"{q.state_label} ({q.held}/{q.required})" if q.required else q.state_label
            for q in row.quarters
        ]
        topic_quarters = sum(1 for q in row.quarters if q.state == QuarterState.HELD)
        sheet.append(
            [
                row.name,
                *months,
                *quarters,
                row.count(MonthState.ON_TIME),
                row.count(MonthState.LATE),
                row.count(MonthState.MISSED),
                topic_quarters if row.cell_id is not None else None,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP_TOP
    sheet.append(
        [
            pgettext("sum of a column", "Total"),
            *[""] * 16,
            sum(r.count(MonthState.ON_TIME) for r in matrix.rows),
            sum(r.count(MonthState.LATE) for r in matrix.rows),
            sum(r.count(MonthState.MISSED) for r in matrix.rows),
            sum(1 for r in matrix.cell_rows for q in r.quarters if q.state == QuarterState.HELD),
        ]
    )
    _header(sheet, sheet.max_row)
    set_widths(sheet, [30, *[18] * 12, *[18] * 4, 12, 12, 12, 14])
    sheet.freeze_panes = "B3"


def _minutes_sheet(sheet, report: DashboardReport) -> None:
    sheet.append(
        [
            _("Cell"),
            _("Month"),
            _("Meeting date"),
            _("Minutes"),
            _("Approved on"),
            _("Days to approval (or since the meeting)"),
            _("Allowed days"),
        ]
    )
    _header(sheet, 1)
    for line in report.minutes:
        sheet.append(
            [
                line.row_name,
                line.month,
                line.date,
                line.state_label,
                line.approved_on,
                line.days,
                report.approval_days,
            ]
        )
        _date_cell(sheet, sheet.max_row, 3)
        _date_cell(sheet, sheet.max_row, 5)
    set_widths(sheet, [30, 8, 14, 30, 14, 18, 12])
    sheet.freeze_panes = "B2"


def _chart_sheet(sheet, chart: Chart) -> None:
    """A chart's accessible table: its labels as columns, a row per series."""
    unit = f" ({chart.unit})" if chart.unit else ""
    sheet.append([f"{chart.title}{unit}", *[str(label) for label in chart.labels]])
    _header(sheet, 1)
    for series in chart.series:
        sheet.append([str(series.label), *[_number(v) for v in series.values]])
        if chart.unit == "%":
            for cell in sheet[sheet.max_row][1:]:
                cell.number_format = PERCENT_FORMAT
    if chart.unit != "%" and len(chart.series) > 1:
        sheet.append(
            [
                pgettext("sum of a column", "Total"),
                *[sum(v or 0 for v in column) for column in _columns(chart)],
            ]
        )
        _header(sheet, sheet.max_row)
    set_widths(sheet, [30, *[14] * len(chart.labels)])
    sheet.freeze_panes = "B2"


def _columns(chart: Chart) -> list[list]:
    return [[s.values[i] for s in chart.series] for i in range(len(chart.labels))]


def _alert_rows(report: DashboardReport) -> list[list]:
    """Every alert, one row each: kind, cell, who or what, details, date, number."""
    a = report.alerts
    rows = []
    for p in a.probation:
        details = (
            _("%(days)s days left") % {"days": p.days_left}
            if p.days_left >= 0
            else _("ended %(days)s days ago") % {"days": -p.days_left}
        )
        rows.append([_("Probation ending"), p.cell_name, p.name, details, p.ends_on, p.days_left])
    for m in a.absences:
        rows.append([_("Unexcused absences"), m.cell_name, m.name, "", None, m.unexcused])
    for r in a.residence:
        rows.append(
            [_("Missing residence comments"), r.cell_name, ", ".join(r.names), "", None, r.missing]
        )
    for m in a.missed:
        parts = []
        if m.months:
            parts.append(_("months: %(list)s") % {"list": ", ".join(map(str, m.months))})
        if m.quarters:
            parts.append(
                _("quarters without topic session: %(list)s")
                % {"list": ", ".join(map(str, m.quarters))}
            )
        rows.append(
            [
                _("Missed meetings"),
                m.name,
                "",
                "; ".join(parts),
                None,
                len(m.months) + len(m.quarters),
            ]
        )
    for m in a.minutes:
        rows.append([_("Minutes not approved"), m.name, "", "", m.date, m.days])
    return rows


def _alerts_sheet(sheet, report: DashboardReport) -> None:
    sheet.append([_("Alert"), _("Cell"), _("Who"), _("Details"), _("Date"), _("Number")])
    _header(sheet, 1)
    for row in _alert_rows(report):
        sheet.append(row)
        _date_cell(sheet, sheet.max_row, 5)
    set_widths(sheet, [30, 28, 36, 40, 14, 10])
    sheet.freeze_panes = "A2"


def report_xlsx(report: DashboardReport) -> bytes:
    """The report as a workbook, a sheet per section: summary, the monthly matrix, the minutes,
    each chart's table (the ratings only in a confidential report), the alerts."""
    book = Workbook()
    taken: set[str] = set()
    summary = book.active
    summary.title = sheet_title(SHEET_SUMMARY, taken)
    _summary_sheet(summary, report)
    _matrix_sheet(book.create_sheet(sheet_title(SHEET_MATRIX, taken)), report)
    _minutes_sheet(book.create_sheet(sheet_title(SHEET_MINUTES, taken)), report)
    for title, chart in report.charts:
        _chart_sheet(book.create_sheet(sheet_title(title, taken)), chart)
    _alerts_sheet(book.create_sheet(sheet_title(SHEET_ALERTS, taken)), report)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_filename(report: DashboardReport) -> str:
    return f"bao-cao-sinh-hoat-chi-bo-{report.year}.xlsx"


# --- the official DOCX --------------------------------------------------------------------------

# The holders that are not cells, as the documents name them.
BODY_NAMES_VI = {Body.EXECUTIVE: "Đảng ủy", Body.COMMITTEE: "Đảng bộ"}


def _list_vi(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def row_name_vi(row: MatrixRow) -> str:
    """A matrix row's holder in Vietnamese: the cell's name, or "Đảng ủy"."""
    return row.name if row.cell_id is not None else BODY_NAMES_VI[Body.EXECUTIVE]


def _in_cell(cell_name: str) -> str:
    return f" ({cell_name})" if cell_name else ""


def general_lines_vi(report: DashboardReport) -> list[str]:
    """I. Tình hình chung: the cells and the members on the roll."""
    n = report.numbers
    names = ", ".join(row.name for row in report.matrix.cell_rows)
    return [
        f"Đến {long_date(report.as_of)}, Đảng bộ có {report.cells} chi bộ trực thuộc"
        + (f" ({names})" if names else "")
        + f" với {n.official + n.probationary} đảng viên, trong đó {n.official} đảng viên "
        f"chính thức, {n.probationary} đảng viên dự bị."
    ]


def results_lines_vi(report: DashboardReport) -> list[str]:
    """II. Kết quả sinh hoạt chi bộ, for the whole committee."""
    n = report.numbers
    lines = [
        f"- Sinh hoạt thường kỳ: các chi bộ và Đảng ủy tổ chức {n.meetings_held}/"
        f"{n.meetings_expected} buổi sinh hoạt thường kỳ đến hạn "
        f"({percent_vi(percent_of(n.meetings_held, n.meetings_expected))}), trong đó "
        f"{n.meetings_late} buổi tổ chức chậm so với ngày sinh hoạt thống nhất; "
        f"{n.meetings_expected - n.meetings_held} lượt không tổ chức.",
        f"- Sinh hoạt chuyên đề: {n.topics_held}/{n.topics_expected} lượt chi bộ - quý đến hạn "
        f"đã sinh hoạt chuyên đề theo quy định.",
        f"- Tỷ lệ đảng viên dự sinh hoạt thường kỳ bình quân: {percent_vi(n.attendance_percent)}.",
    ]
    documents = chart_mean(report.documents)
    if documents is None:
        lines.append("- Nghiên cứu tài liệu: chưa có buổi sinh hoạt nào có tài liệu gửi trước.")
    else:
        lines.append(
            f"- Nghiên cứu tài liệu: bình quân {percent_vi(documents)} đảng viên mở đọc tài liệu "
            f"trước buổi sinh hoạt (các buổi có tài liệu gửi trước)."
        )
    approved = report.minutes_count(MinutesState.APPROVED, MinutesState.APPROVED_LATE)
    late = report.minutes_count(MinutesState.APPROVED_LATE)
    pending = report.minutes_count(MinutesState.PENDING, MinutesState.OVERDUE)
    overdue = report.minutes_count(MinutesState.OVERDUE)
    lines.append(
        f"- Biên bản: {approved}/{len(report.minutes)} biên bản sinh hoạt thường kỳ đã được "
        f"thông qua, trong đó {late} biên bản thông qua chậm (sau {report.approval_days} ngày "
        f"kể từ buổi sinh hoạt); {pending} biên bản chưa được thông qua"
        + (f", {overdue} biên bản đã quá hạn." if overdue else ".")
    )
    grades = [series_total(report.quality, i) for i in range(len(GRADE_NAMES_VI))]
    if sum(grades):
        parts = "; ".join(
            f"{name} {count}" for name, count in zip(GRADE_NAMES_VI, grades, strict=True)
        )
        lines.append(
            f"- Chất lượng buổi sinh hoạt: {sum(grades)} buổi được đánh giá, xếp loại {parts}."
        )
    else:
        lines.append("- Chất lượng buổi sinh hoạt: chưa có buổi sinh hoạt nào được chấm điểm.")
    done, open_, overdue_parts = (series_total(report.tasks, i) for i in range(3))
    lines.append(
        f"- Nhiệm vụ có thời hạn trong năm: {done} lượt hoàn thành, {open_} lượt đang thực hiện, "
        f"{overdue_parts} lượt quá hạn; đến {long_date(report.as_of)} toàn Đảng bộ còn "
        f"{n.overdue_tasks} lượt nhiệm vụ quá hạn chưa hoàn thành."
    )
    if report.ratings is not None:
        lines.append(f"- Xếp loại chất lượng đảng viên: {ratings_vi(report.ratings)}.")
    return lines


def ratings_vi(chart: Chart) -> str:
    """ "hoàn thành xuất sắc nhiệm vụ 1 đồng chí; …": the decided ratings (`ratings_chart`: one
    series, a value per level in `reviews.reports.LEVELS` order)."""
    values = chart.series[0].values if chart.series else []
    counts = [int(values[i] or 0) if i < len(values) else 0 for i in range(len(LEVELS))]
    if not sum(counts):
        return "chưa có kết quả xếp loại được Đảng ủy quyết định"
    return "; ".join(
        f"{LEVEL_NAMES_VI[level]} {count} đồng chí"
        for level, count in zip(LEVELS, counts, strict=True)
    )


def _row_counts(chart: Chart, index: int) -> list[int]:
    """Row `index` of the matrix in a chart with a column per row (tasks, quality)."""
    return [int(s.values[index] or 0) for s in chart.series]


def row_line_vi(report: DashboardReport, index: int) -> str:
    """One row of the matrix in words: meetings, topic sessions, attendance, tasks, minutes."""
    row = report.matrix.rows[index]
    held = row.count(MonthState.ON_TIME) + row.count(MonthState.LATE)
    late = row.count(MonthState.LATE)
    missed = [box.month for box in row.months if box.state == MonthState.MISSED]
    meetings = f"sinh hoạt thường kỳ {held}/{held + len(missed)} buổi đến hạn"
    details = ([f"chậm {late}"] if late else []) + (
        [f"không tổ chức tháng {_list_vi(missed)}"] if missed else []
    )
    parts = [f"{meetings} ({'; '.join(details)})" if details else meetings]
    if row.cell_id is not None:
        done = sum(1 for q in row.quarters if q.state == QuarterState.HELD)
        due = done + sum(1 for q in row.quarters if q.state == QuarterState.MISSING)
        parts.append(f"sinh hoạt chuyên đề {done}/{due} quý đến hạn")
    attendance = series_mean(report.attendance.series[index].values)
    if attendance is not None:
        parts.append(f"tỷ lệ dự sinh hoạt bình quân các tháng {percent_vi(attendance)}")
    done, open_, overdue = _row_counts(report.tasks, index)
    if done + open_ + overdue:
        parts.append(f"nhiệm vụ hoàn thành {done}, đang thực hiện {open_}, quá hạn {overdue} lượt")
    pending = sum(
        1 for box in row.months if box.minutes in (MinutesState.PENDING, MinutesState.OVERDUE)
    )
    if pending:
        parts.append(f"{pending} biên bản chưa thông qua")
    return f"- {row_name_vi(row)}: {'; '.join(parts)}."


def problems_lines_vi(report: DashboardReport) -> list[str]:
    """III. Tồn tại, hạn chế: the alerts in words."""
    a = report.alerts
    executive = BODY_NAMES_VI[Body.EXECUTIVE]
    lines = []
    for m in a.missed:
        parts = []
        if m.months:
            parts.append(f"không tổ chức sinh hoạt thường kỳ tháng {_list_vi(m.months)}")
        if m.quarters:
            parts.append(f"chưa sinh hoạt chuyên đề quý {_list_vi(m.quarters)}")
        name = executive if m.row_key == selectors.EXECUTIVE_KEY else m.name
        lines.append(f"- {name}: {'; '.join(parts)}.")
    for m in a.minutes:
        name = BODY_NAMES_VI.get(report.bodies.get(m.meeting_id), m.name)
        lines.append(
            f"- Biên bản buổi sinh hoạt ngày {m.date:%d/%m/%Y} của {name} chưa được thông qua "
            f"sau {m.days} ngày."
        )
    for m in a.absences:
        lines.append(
            f"- Đồng chí {m.name}{_in_cell(m.cell_name)} vắng sinh hoạt không có lý do "
            f"{m.unexcused} lần trong năm."
        )
    for p in a.probation:
        if p.days_left >= 0:
            lines.append(
                f"- Đồng chí {p.name}{_in_cell(p.cell_name)} hết thời gian dự bị "
                f"{long_date(p.ends_on)}, cần xem xét công nhận đảng viên chính thức."
            )
        else:
            lines.append(
                f"- Đồng chí {p.name}{_in_cell(p.cell_name)} đã hết thời gian dự bị "
                f"{long_date(p.ends_on)}, chưa được xét công nhận đảng viên chính thức."
            )
    for r in a.residence:
        names = f" ({', '.join(r.names)})" if r.names else ""
        lines.append(
            f"- {r.cell_name}: {r.missing} đảng viên chưa có nhận xét của chi ủy nơi cư trú{names}."
        )
    return lines or ["Qua theo dõi, chưa ghi nhận tồn tại, hạn chế trong sinh hoạt chi bộ."]


def report_content(report: DashboardReport, day: datetime.date | None = None) -> ReportContent:
    """The texts of the report issued on `day` (today by default), in Vietnamese."""
    day = day or timezone.localdate()
    with translation.override("vi"):
        results = results_lines_vi(report)
        results.append("Kết quả cụ thể từng chi bộ:")
        results += [row_line_vi(report, i) for i in range(len(report.matrix.rows))]
        sections = [
            ("I. Tình hình chung", general_lines_vi(report)),
            ("II. Kết quả sinh hoạt chi bộ", results),
            ("III. Tồn tại, hạn chế", problems_lines_vi(report)),
            ("IV. Phương hướng", [OUTLOOK_VI]),
        ]
        return executive_report(
            report.committee,
            day,
            subtitle=f"Tình hình sinh hoạt chi bộ năm {report.year}",
            intro=lambda executive: (
                f"{executive} báo cáo tình hình sinh hoạt chi bộ năm {report.year} của các chi "
                f"bộ trực thuộc và Đảng ủy (số liệu đến {long_date(report.as_of)}) như sau:"
            ),
            sections=sections,
            signed_for=day,
        )


def report_docx(report: DashboardReport, day: datetime.date | None = None) -> bytes:
    """The official summary as a DOCX, always in Vietnamese."""
    with translation.override("vi"):
        return render_report(report_content(report, day))


def docx_filename(report: DashboardReport) -> str:
    return f"bao-cao-sinh-hoat-chi-bo-{report.year}.docx"
