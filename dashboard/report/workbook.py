"""The year report as a workbook — báo cáo năm dạng Excel (issue 10 item 5): a sheet per section
of the dashboard (summary, the monthly matrix, the minutes, each chart's table, the alerts). The
sheet titles are Vietnamese whatever the language (the workbook is filed as is); the headers
follow the active language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.spreadsheets import safe_row, workbook_bytes
from dashboard.committee.charts import Chart
from dashboard.report.data import (
    SHEET_ALERTS,
    SHEET_MATRIX,
    SHEET_MINUTES,
    SHEET_SUMMARY,
    DashboardReport,
    chart_mean,
)
from reports.measures.matrix import MinutesState, MonthState, QuarterState
from reviews.reports.data import percent_of
from reviews.reports.workbook import XLSX_TYPE, set_widths, sheet_title

__all__ = ["XLSX_TYPE", "report_xlsx", "xlsx_filename"]

PERCENT_FORMAT = "0.0"
DATE_FORMAT = "DD/MM/YYYY"


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
        safe_row(
            [
                _("%(committee)s — year %(year)s — figures as of %(date)s")
                % {
                    "committee": report.committee.name,
                    "year": report.year,
                    "date": f"{report.as_of:%d/%m/%Y}",
                }
            ]
        )
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
            safe_row(
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
            safe_row(
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
        )
        _date_cell(sheet, sheet.max_row, 3)
        _date_cell(sheet, sheet.max_row, 5)
    set_widths(sheet, [30, 8, 14, 30, 14, 18, 12])
    sheet.freeze_panes = "B2"


def _chart_sheet(sheet, chart: Chart) -> None:
    """A chart's accessible table: its labels as columns, a row per series."""
    unit = f" ({chart.unit})" if chart.unit else ""
    sheet.append(safe_row([f"{chart.title}{unit}", *[str(label) for label in chart.labels]]))
    _header(sheet, 1)
    for series in chart.series:
        sheet.append(safe_row([str(series.label), *[_number(v) for v in series.values]]))
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
    for m in a.fees:
        months = ", ".join(f"{month:%m/%Y}" for month in m.months)
        rows.append([_("Unpaid party fees"), m.cell_name, m.name, months, None, len(m.months)])
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
        sheet.append(safe_row(row))
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
    return workbook_bytes(book)


def xlsx_filename(report: DashboardReport) -> str:
    return f"bao-cao-sinh-hoat-chi-bo-{report.year}.xlsx"
