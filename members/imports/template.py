"""The member import's workbook: sheet "Đảng viên" to fill and sheet "Hướng dẫn" explaining it.

Both are Vietnamese by design (an official working document); the columns, their examples and
their guide lines come from `columns.COLUMNS`.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheets import safe_row, workbook_bytes
from members.imports.columns import (
    ALWAYS,
    COLUMNS,
    EXAMPLE_CITIZEN_ID,
    MAX_ROWS,
    NEW,
    SHEET_GUIDE,
    SHEET_MEMBERS,
    TEXT_FORMAT_KINDS,
    max_length,
)

_HEADER_FILL = PatternFill("solid", fgColor="B3161B")
_REQUIRED_FONT = Font(bold=True, color="FFFFFF")
_EXAMPLE_FONT = Font(italic=True, color="808080")
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_template(*, cells=(), upload_max_mb: int | None = None) -> bytes:
    """The .xlsx template: sheet "Đảng viên" (headers and an example row) and "Hướng dẫn".

    `cells` (the cells the user may enrol into) are listed in the guide and offered in the cell
    column; the example row uses the first one's code.
    """
    cells = list(cells)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_MEMBERS
    example = {c.field: c.example for c in COLUMNS}
    if cells:
        example["cell"] = cells[0].code
    sheet.append([column.header for column in COLUMNS])
    sheet.append(safe_row(example[column.field] for column in COLUMNS))
    last_row = MAX_ROWS + 2
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = _REQUIRED_FONT
        header.fill = _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.cell(row=2, column=index).font = _EXAMPLE_FONT
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind in TEXT_FORMAT_KINDS:
            # Text cells keep "05/03/1990", leading zeros and "12/12" as typed.
            dimension.number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        choices = list(column.choices) if column.choices else None
        if column.field == "cell" and cells:
            choices = [cell.code for cell in cells]
        if choices and len(",".join(choices)) < 250:
            validation = DataValidation(
                type="list",
                # One string literal: a quote in a cell's code is doubled, so it cannot end it.
                formula1='"' + ",".join(c.replace('"', '""') for c in choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ",
                error="Chọn một giá trị trong danh sách: " + ", ".join(choices) + ".",
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"

    guide = workbook.create_sheet(SHEET_GUIDE)
    _write_guide(guide, cells, upload_max_mb)
    return workbook_bytes(workbook)


def _write_guide(guide, cells, upload_max_mb):
    limit = f", không quá {upload_max_mb} MB" if upload_max_mb else ""
    lines = [
        "HƯỚNG DẪN NHẬP DANH SÁCH ĐẢNG VIÊN TỪ EXCEL",
        "",
        "1. Mỗi dòng của trang “Đảng viên” là một đảng viên. Dòng 1 là tiêu đề cột: không đổi "
        "tên, không thêm cột khác. Có thể bỏ các cột không bắt buộc.",
        "2. Cột có dấu * là bắt buộc; “Mã chi bộ” và “Trạng thái” chỉ bắt buộc với đảng viên mới.",
        "3. Đảng viên được nhận ra theo Số CCCD. Nếu số CCCD đã có trong đảng bộ, các thông tin hồ "
        "sơ thay đổi được cập nhật (có lưu lịch sử); ô để trống giữ nguyên thông tin đã có. Chi bộ "
        "và trạng thái của đảng viên đã có không đổi qua tệp này: dùng trang “Chuyển sang chi bộ "
        "khác” và “Biến động đảng viên”.",
        "4. Ngày ghi theo dạng ngày/tháng/năm dd/mm/yyyy, ví dụ 05/03/1990.",
        f"5. Dòng mẫu (Số CCCD {EXAMPLE_CITIZEN_ID}) được bỏ qua khi nhập; có thể xóa dòng này.",
        f"6. Mỗi tệp tối đa {MAX_ROWS:,} đảng viên".replace(",", ".")
        + f"; lưu dạng .xlsx, không đặt mật khẩu{limit}.",
        "7. Nếu có dòng sai, hệ thống không nhập dòng nào và liệt kê lỗi theo dòng và cột để sửa; "
        "trước khi nhập, trang xem trước cho biết những đảng viên sẽ được thêm mới và cập nhật.",
        "",
    ]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    table_start = guide.max_row + 1
    guide.append(["Cột", "Bắt buộc", "Nội dung và giá trị được phép"])
    for column in COLUMNS:
        required = {ALWAYS: "Có", NEW: "Với đảng viên mới"}.get(column.required, "")
        allowed = column.guide
        if column.choices:
            allowed = ("Một trong: " + ", ".join(column.choices) + ". " + allowed).strip()
        if max_length(column):
            allowed = (allowed + f" Tối đa {max_length(column)} ký tự.").strip()
        guide.append([column.header, required, allowed])
    for cell in guide[table_start]:
        cell.font = _REQUIRED_FONT
        cell.fill = _HEADER_FILL
    if cells:
        guide.append([])
        guide.append(["Mã chi bộ", "Tên chi bộ", "Đảng bộ"])
        for cell in guide[guide.max_row]:
            cell.font = _REQUIRED_FONT
            cell.fill = _HEADER_FILL
        for cell in cells:
            guide.append(safe_row([cell.code, cell.name, cell.committee.name]))
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 20
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=table_start):
        for cell in row:
            cell.alignment = _WRAP
