"""The party-fee documents (DOMAIN §8, §13): the cell's register of a year as an Excel workbook
(`register_xlsx`, in its own layout: a member per row, three columns per month — due, paid, date
paid — then the month's totals, the share kept and the amount to remit) and the month's receipt
list as the official DOCX (`receipt_list` builds its content as plain data, `receipts_docx`
renders it through `core.documents`; always in Vietnamese).

Amounts are sensitive: these functions do not check who asks — the views ask `fees.access`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cells.models import Cell
from core.documents import Header, OfficialDocument, Signature, superior_name
from core.spreadsheets import safe_row, safe_text, workbook_bytes
from core.templatetags.chibo import vnd_number
from fees.selectors import CellRegister, cell_register
from members.selectors import secretary_on

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
NOT_IN_CELL = "—"
LATE_FILL = PatternFill("solid", fgColor="FFE5B4")
UNPAID_FILL = PatternFill("solid", fgColor="F8D7DA")
EXCUSED_FILL = PatternFill("solid", fgColor="E2E3E5")
COLUMNS_PER_MONTH = 3
FIRST_MONTH_COLUMN = 3  # after No. and Full name
HEADER_ROW = 4  # after the title, the cell and a blank line


# --- The register as a workbook ---------------------------------------------------------------


def _bold(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _month_column(index: int) -> int:
    return FIRST_MONTH_COLUMN + index * COLUMNS_PER_MONTH


def register_xlsx(register: CellRegister) -> bytes:
    """The register (`cell_register` of a year) as a workbook, headers in the active language."""
    book = Workbook()
    sheet = book.active
    year = register.months[0].year
    sheet.title = safe_text(_("Party fees %(year)s") % {"year": year})[:31]
    sheet.append(safe_row([_("Party fee register — %(year)s") % {"year": year}]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(safe_row([f"{register.cell.name} — {register.cell.committee.name}"]))
    sheet.append([])
    header_row = HEADER_ROW
    months_header = [_("No."), _("Full name")]
    parts_header = ["", ""]
    for month in register.months:
        months_header += [_("Month %(month)s") % {"month": f"{month:%m/%Y}"}, "", ""]
        parts_header += [_("Due"), _("Paid"), _("Date paid")]
    months_header += [_("Year: due"), _("Year: paid")]
    parts_header += ["", ""]
    sheet.append(safe_row(months_header))
    sheet.append(safe_row(parts_header))
    for index in range(len(register.months)):
        column = _month_column(index)
        sheet.merge_cells(
            start_row=header_row,
            start_column=column,
            end_row=header_row,
            end_column=column + COLUMNS_PER_MONTH - 1,
        )
        sheet.cell(row=header_row, column=column).alignment = Alignment(horizontal="center")
    _bold(sheet, header_row)
    _bold(sheet, header_row + 1)

    for number, row in enumerate(register.rows, start=1):
        values: list = [number, row.member.full_name]
        for item in row.months:
            if item is None:
                values += [NOT_IN_CELL, None, None]
            else:
                values += [item.due, item.paid or None, item.paid_on]
        values += [row.due_total, row.paid_total]
        sheet.append(safe_row(values))
        line = sheet.max_row
        for index, item in enumerate(row.months):
            if item is None:
                continue
            column = _month_column(index)
            due_cell = sheet.cell(row=line, column=column)
            date_cell = sheet.cell(row=line, column=column + 2)
            if item.late:
                date_cell.fill = LATE_FILL
                date_cell.comment = Comment(_("Paid late"), "chibo")
            elif item.state == "unpaid":
                due_cell.fill = UNPAID_FILL
            if item.excused:
                due_cell.fill = EXCUSED_FILL
                due_cell.comment = Comment(
                    safe_text(_("Valid reason: %(reason)s") % {"reason": item.excuse_reason}),
                    "chibo",
                )
            if item.back_payment_due:
                paid_cell = sheet.cell(row=line, column=column + 1)
                paid_cell.comment = Comment(
                    _("Back-payment due: %(amount)s đ")
                    % {"amount": vnd_number(item.back_payment_due)},
                    "chibo",
                )

    totals: list = ["", _("Total")]
    kept: list = ["", _("Kept by the cell (%(percent)s%%)") % {"percent": register.share_percent}]
    to_remit: list = ["", _("To remit to the committee")]
    remitted: list = ["", _("Remitted to the committee")]
    for total in register.totals:
        totals += [total.due, total.paid, f"{total.paid_count}/{total.due_count}"]
        kept += ["", total.kept, ""]
        to_remit += ["", total.to_remit, ""]
        remitted += ["", total.remitted, ""]
    totals += [sum(t.due for t in register.totals), register.paid_total]
    kept += ["", register.kept_total]
    to_remit += ["", register.to_remit_total]
    remitted += ["", sum(t.remitted or 0 for t in register.totals)]
    for values in (totals, kept, to_remit, remitted):
        sheet.append(safe_row(values))
        _bold(sheet, sheet.max_row)

    for row in sheet.iter_rows(min_row=header_row + 2, max_row=sheet.max_row):
        for cell in row[FIRST_MONTH_COLUMN - 1 :]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, int):
                cell.number_format = MONEY_FORMAT
    sheet.append([])
    sheet.append(safe_row([_("“—”: not a member of the cell that month.")]))
    sheet.append(safe_row([_("Orange date: paid late. Red: unpaid. Grey: a valid reason.")]))

    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 28
    for column in range(FIRST_MONTH_COLUMN, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(row=header_row + 2, column=FIRST_MONTH_COLUMN)
    return workbook_bytes(book)


def register_xlsx_filename(cell: Cell, year: int) -> str:
    return f"so-dang-phi-{slugify(cell.code) or cell.pk}-{year}.xlsx"


# --- The month's receipt list (DOCX) -----------------------------------------------------------


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    amount: int
    paid_on: datetime.date | None


@dataclass
class ReceiptList:
    """Every text and number of "DANH SÁCH THU ĐẢNG PHÍ", in Vietnamese, as it prints."""

    header: Header
    title: str
    subtitle: str
    lines: list[ReceiptLine]
    total: int
    due_count: int
    share_percent: int
    kept: int
    to_remit: int
    signature: Signature


def receipt_list(cell: Cell, month: datetime.date, *, today: datetime.date) -> ReceiptList:
    """The receipt list of a cell's month: who paid, how much and when; the month's total, the
    share the cell keeps and what it remits; signed for the cell by its secretary."""
    register = cell_register(cell, month, today=today)
    total = register.totals[0]
    lines = [
        ReceiptLine(row.member.full_name, row.months[0].paid, row.months[0].paid_on)
        for row in register.rows
        if row.months[0] is not None and row.months[0].paid
    ]
    secretary = secretary_on(committee_id=cell.committee_id, cell_id=cell.pk, day=today)
    committee = cell.committee
    return ReceiptList(
        header=Header(
            superior_name(committee, today, of_cell=True), cell.name, committee.place_name, today
        ),
        title="Danh sách thu đảng phí",
        subtitle=f"Tháng {month.month} năm {month.year}",
        lines=lines,
        total=total.paid,
        due_count=total.due_count,
        share_percent=register.share_percent,
        kept=total.kept,
        to_remit=total.to_remit,
        signature=Signature("T/M Chi bộ", "Bí thư", secretary),
    )


RECEIPT_HEADERS = ("STT", "Họ và tên", "Số tiền (đồng)", "Ngày nộp", "Ký nhận")


def receipts_docx(content: ReceiptList) -> bytes:
    """The receipt list in the official layout (DOMAIN §13), in Vietnamese."""
    with translation.override("vi"):
        doc = OfficialDocument(content.header)
        doc.title(content.title, content.subtitle)
        table = doc.document.add_table(rows=1, cols=len(RECEIPT_HEADERS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, RECEIPT_HEADERS, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for number, line in enumerate(content.lines, start=1):
            values = (
                str(number),
                line.name,
                vnd_number(line.amount),
                f"{line.paid_on:%d/%m/%Y}" if line.paid_on else "",
                "",
            )
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.paragraphs[0].add_run(text)
        total_cells = table.add_row().cells
        total_cells[1].paragraphs[0].add_run("Tổng cộng").bold = True
        total_cells[2].paragraphs[0].add_run(vnd_number(content.total)).bold = True
        doc.paragraph(
            f"Số đảng viên đã nộp: {len(content.lines)}/{content.due_count}. "
            f"Tổng số tiền thu: {vnd_number(content.total)} đồng.",
            indent=False,
        )
        doc.paragraph(
            f"Chi bộ trích giữ lại ({content.share_percent}%): {vnd_number(content.kept)} đồng; "
            f"nộp lên Đảng ủy: {vnd_number(content.to_remit)} đồng.",
            indent=False,
        )
        doc.signatures(Signature(None, "Người lập", ""), content.signature)
        return doc.to_bytes()


def receipts_filename(cell: Cell, month: datetime.date) -> str:
    return f"danh-sach-thu-dang-phi-{slugify(cell.code) or cell.pk}-{month:%Y-%m}.docx"
