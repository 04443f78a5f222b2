"""The year's rating report as an Excel workbook (`report_xlsx`): a summary sheet (a row per
cell, the committee's total, the quota check), then a sheet per cell with its members' ratings
and its counts; the headers follow the active language. The sheet helpers (`sheet_title`,
`set_widths`) serve the committee's year report too (`dashboard.report.workbook`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_row, workbook_bytes
from reviews import quota
from reviews.models import Rating
from reviews.reports.data import LEVELS, Counts, YearReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31
SHEET_FORBIDDEN = set("[]:*?/\\")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title (31 characters at most, none of []:*?/\\)."""
    clean = "".join("-" if ch in SHEET_FORBIDDEN else ch for ch in name).strip("' ") or "-"
    title = clean[:SHEET_TITLE_MAX]
    number = 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title = clean[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(title.lower())
    return title


def _bold_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _count_headers() -> list[str]:
    headers = [_("Reviewed"), _("Rated")]
    labels = dict(Rating.choices)
    for value in LEVELS:
        headers += [str(labels[value]), _("%(level)s (%%)") % {"level": labels[value]}]
    return [*headers, _("Not decided"), _("Not rated")]


def _count_values(counts: Counts) -> list:
    values: list = [counts.reviewed, counts.rated]
    for level in counts.levels:
        values += [level.count, float(level.percent / 100) if level.percent is not None else None]
    return [*values, counts.undecided, counts.not_rated]


def _format_percents(sheet, first_row: int, first_column: int) -> None:
    """The percentage columns (each level's second column, after "Reviewed" and "Rated") as
    0.0%."""
    for index in range(len(LEVELS)):
        column = first_column + 4 + 2 * index
        for row in range(first_row, sheet.max_row + 1):
            sheet.cell(row=row, column=column).number_format = "0.0%"


def set_widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _quota_line(check: quota.QuotaCheck) -> str:
    return _("Quota of outstanding ratings (%(percent)s%% of the “good” ones): %(working)s") % {
        "percent": check.percent,
        "working": check.working,
    }


def report_xlsx(report: YearReport) -> bytes:
    """The report as a workbook: a summary sheet (a row per cell, the committee's total, the
    quota check), then a sheet per cell with its members' ratings and its counts. Needs
    `year_report(..., with_members=True)`."""
    book = Workbook()
    summary = book.active
    taken: set[str] = set()
    summary.title = sheet_title(_("Summary"), taken)
    summary.append(
        safe_row(
            [
                _("Ratings of %(year)s — %(committee)s")
                % {"year": report.year, "committee": report.committee.name}
            ]
        )
    )
    summary["A1"].font = Font(bold=True)
    summary.append([])
    summary.append([_("Cell"), *_count_headers(), _("Cell's rating")])
    _bold_row(summary, 3)
    labels = dict(Rating.choices)
    for line in report.cells:
        rating = str(labels[line.rating.rating]) if line.rating else ""
        summary.append(safe_row([line.cell.name, *_count_values(line.counts), rating]))
    summary.append([_("Whole committee"), *_count_values(report.total), ""])
    _bold_row(summary, summary.max_row)
    _format_percents(summary, 4, 1)
    summary.append([])
    summary.append([_quota_line(report.check)])
    if report.confirmed_at:
        confirmed = timezone.localtime(report.confirmed_at)
        summary.append(
            [_("Confirmed by the committee on %(date)s.") % {"date": f"{confirmed:%d/%m/%Y}"}]
        )
    else:
        summary.append([_("Not confirmed by the committee yet.")])
    set_widths(summary, [30, *[12] * (len(_count_headers())), 22])
    summary.freeze_panes = "B4"

    headers = [
        _("Full name"),
        _("Self-score"),
        _("Rating she proposes"),
        _("Rating proposed by the cell"),
        _("In favour"),
        _("Against"),
        _("Abstaining"),
        _("Rating decided by the committee"),
        _("Why not rated"),
    ]
    for line in report.cells:
        sheet = book.create_sheet(sheet_title(line.cell.name, taken))
        sheet.append(headers)
        _bold_row(sheet, 1)
        for e in line.evaluations:
            sheet.append(
                safe_row(
                    [
                        e.member.full_name,
                        e.self_score,
                        e.get_self_rating_display() if e.self_rating else "",
                        e.get_proposed_rating_display() if e.proposed_rating else "",
                        e.votes_yes,
                        e.votes_no,
                        e.votes_abstain,
                        e.get_final_rating_display() if e.final_rating else "",
                        "" if e.rated else (e.not_rated_reason or _("Not rated")),
                    ]
                )
            )
        sheet.append([])
        start = sheet.max_row + 1
        sheet.append(["", *_count_headers()])
        _bold_row(sheet, start)
        sheet.append(safe_row([line.cell.name, *_count_values(line.counts)]))
        _format_percents(sheet, start + 1, 1)
        set_widths(sheet, [30, 12, 22, 22, 12, 12, 12, 22, 30])
        sheet.freeze_panes = "B2"
    return workbook_bytes(book)


def xlsx_filename(report: YearReport) -> str:
    return f"xep-loai-dang-vien-{report.year}.xlsx"
