"""Excel import of the member registry — nhập danh sách đảng viên từ Excel.

The officer downloads the template (`build_template`), fills one row per member and uploads it.
`import_plan` reads and checks the whole file: each cell, duplicates inside the file, the cells,
then every row through the write services in a transaction that is rolled back (a dry run). It
returns what would be created and updated, and every problem as (row as Excel shows it, column
header, message). `members_import` applies the file in ONE transaction through
`member_create` / `member_update`; if any row is refused, nothing is saved.

Rows are matched on the citizen ID: importing the same file again changes nothing. For a member
already on record only her record fields change (with history); an empty cell keeps what is on
record. Her cell and status change on the move and status pages, so a different cell or status in
the file is a warning, not an error.

The column headers, the "Hướng dẫn" sheet and values such as Nam/Nữ are Vietnamese by design: the
spreadsheet is an official working document. Messages for the user are English source strings.
"""

import datetime
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.text import search_key
from core.uploads import read_xlsx
from members import access, services
from members.models import Member, Sex, Status, TheoryLevel

MAX_ROWS = 2000
SHEET_MEMBERS = "Đảng viên"
SHEET_GUIDE = "Hướng dẫn"
TEMPLATE_FILENAME = "mau-nhap-dang-vien.xlsx"
# The template's example row carries this citizen ID (no province has the code 000): it is skipped.
EXAMPLE_CITIZEN_ID = "000000000000"

# Values as the spreadsheet writes them → codes.
SEXES = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}
THEORY_LEVELS = {
    "Chưa qua đào tạo": TheoryLevel.NONE,
    "Sơ cấp": TheoryLevel.ELEMENTARY,
    "Trung cấp": TheoryLevel.INTERMEDIATE,
    "Cao cấp": TheoryLevel.ADVANCED,
    "Cử nhân": TheoryLevel.BACHELOR,
}
# Only the statuses a new member may arrive with (members.services.member_create).
STATUSES = {
    "Dự bị": Status.PROBATIONARY,
    "Chính thức": Status.OFFICIAL,
    "Sinh hoạt tạm thời": Status.TEMPORARY,
}
YES_NO = {"Có": True, "Không": False}

# How a column is read.
TEXT, DATE, CHOICE, BOOL, CITIZEN_ID, PHONE, EMAIL, CODE = (
    "text",
    "date",
    "choice",
    "bool",
    "citizen_id",
    "phone",
    "email",
    "code",
)
# Required in every row / only for a member not yet on record.
ALWAYS, NEW = "always", "new"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = TEXT
    required: str = ""
    choices: dict | None = None
    example: object = ""
    guide: str = ""
    width: int = 18
    max_length: int | None = None


COLUMNS = [
    Column(
        "Họ và tên*",
        "full_name",
        required=ALWAYS,
        example="Nguyễn Thị Hoa",
        guide="Họ, chữ đệm và tên, viết có dấu.",
        width=26,
    ),
    Column(
        "Ngày sinh*",
        "date_of_birth",
        DATE,
        required=ALWAYS,
        example="05/03/1990",
        guide="Ngày/tháng/năm: dd/mm/yyyy, ví dụ 05/03/1990 (hoặc ô kiểu ngày của Excel).",
        width=13,
    ),
    Column(
        "Giới tính*",
        "sex",
        CHOICE,
        required=ALWAYS,
        choices=SEXES,
        example="Nữ",
        width=10,
    ),
    Column(
        "Dân tộc",
        "ethnicity",
        example="Kinh",
        guide="Để trống khi nhập mới: Kinh.",
        width=10,
    ),
    Column(
        "Tôn giáo",
        "religion",
        example="Không",
        guide="Để trống khi nhập mới: Không.",
        width=10,
    ),
    Column(
        "Quê quán",
        "home_town",
        example="Xã Yang Reh, tỉnh Đắk Lắk",
        width=26,
    ),
    Column(
        "Nơi thường trú",
        "permanent_address",
        example="Thôn 2, xã Krông Bông, tỉnh Đắk Lắk",
        width=30,
    ),
    Column(
        "Nơi ở hiện nay",
        "current_address",
        example="Thôn 2, xã Krông Bông, tỉnh Đắk Lắk",
        width=30,
    ),
    Column(
        "Số CCCD*",
        "citizen_id",
        CITIZEN_ID,
        required=ALWAYS,
        example=EXAMPLE_CITIZEN_ID,
        guide=(
            "Số căn cước công dân, đủ 12 chữ số (giữ số 0 ở đầu; cột đã định dạng kiểu văn bản). "
            "Dùng để nhận ra đảng viên đã có trong đảng bộ: nhập lại cùng tệp không tạo bản trùng. "
            "Không được trùng giữa hai dòng."
        ),
        width=15,
    ),
    Column(
        "Điện thoại",
        "phone",
        PHONE,
        example="0905123456",
        width=13,
    ),
    Column(
        "Email",
        "email",
        EMAIL,
        example="hoa.nt@example.vn",
        width=24,
    ),
    Column(
        "Trình độ phổ thông",
        "education",
        example="12/12",
        guide="Ví dụ 12/12 (ô kiểu văn bản, để Excel không đổi thành ngày).",
        width=12,
    ),
    Column(
        "Chuyên môn",
        "qualification",
        example="Cử nhân Sư phạm Toán",
        width=24,
    ),
    Column(
        "Lý luận chính trị",
        "theory_level",
        CHOICE,
        choices=THEORY_LEVELS,
        example="Sơ cấp",
        guide="Để trống khi nhập mới: Chưa qua đào tạo.",
        width=16,
    ),
    Column(
        "Công việc/chức vụ",
        "job_title",
        example="Giáo viên Toán",
        guide="Ví dụ: Giáo viên Toán; với học sinh, ghi lớp (12A1).",
        width=22,
    ),
    Column(
        "Học sinh",
        "is_student",
        BOOL,
        choices=YES_NO,
        example="Không",
        guide="Để trống khi nhập mới: Không.",
        width=9,
    ),
    Column(
        "Số thẻ đảng viên",
        "card_number",
        CODE,
        example="",
        guide="Không được trùng với đảng viên khác của đảng bộ.",
        width=15,
    ),
    Column(
        "Số lý lịch",
        "record_number",
        CODE,
        width=11,
    ),
    Column(
        "Ngày vào Đảng",
        "admitted_on",
        DATE,
        example="19/05/2015",
        guide="dd/mm/yyyy.",
        width=13,
    ),
    Column(
        "Ngày chính thức",
        "recognised_on",
        DATE,
        example="19/05/2016",
        guide="dd/mm/yyyy; bắt buộc với đảng viên chính thức, để trống với đảng viên dự bị.",
        width=13,
    ),
    Column(
        "Mã chi bộ*",
        "cell",
        CODE,
        required=NEW,
        example="CB1",
        guide=(
            "Mã chi bộ của đảng bộ (danh sách ở cuối trang này). Bắt buộc với đảng viên mới; "
            "với đảng viên đã có, chuyển chi bộ trên trang “Chuyển sang chi bộ khác”."
        ),
        width=11,
        max_length=Cell._meta.get_field("code").max_length,
    ),
    Column(
        "Trạng thái*",
        "status",
        CHOICE,
        required=NEW,
        choices=STATUSES,
        example="Chính thức",
        guide=(
            "Bắt buộc với đảng viên mới. Với đảng viên đã có, trạng thái thay đổi trên trang "
            "“Biến động đảng viên”. Sinh hoạt tạm thời: điền cả “Chuyển đến từ” và "
            "“Ngày nộp giấy giới thiệu”."
        ),
        width=17,
    ),
    Column(
        "Ngày sinh hoạt tại chi bộ",
        "joined_on",
        DATE,
        example="19/05/2015",
        guide="dd/mm/yyyy. Để trống: ngày vào Đảng.",
        width=14,
    ),
    Column(
        "Chuyển đến từ",
        "arrived_from",
        example="",
        guide=(
            "Chỉ điền với đảng viên chuyển sinh hoạt đến từ tổ chức đảng khác "
            "(bắt buộc với đảng viên sinh hoạt tạm thời)."
        ),
        width=24,
        max_length=200,
    ),
    Column(
        "Ngày nộp giấy giới thiệu",
        "letter_presented_on",
        DATE,
        guide="dd/mm/yyyy; bắt buộc khi có “Chuyển đến từ”.",
        width=14,
    ),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
LENGTH_CHECKED = (TEXT, CODE, PHONE, EMAIL)


def max_length(column: Column) -> int | None:
    """The longest text the column takes: its own limit, else the member field's."""
    if column.kind not in LENGTH_CHECKED:
        return None
    if column.max_length:
        return column.max_length
    return Member._meta.get_field(column.field).max_length


# Fields of the member record (member_update changes only these).
RECORD_FIELDS = [c.field for c in COLUMNS if c.field in services.MEMBER_FIELDS]
TEXT_FORMAT_KINDS = {TEXT, CITIZEN_ID, PHONE, EMAIL, CODE, DATE}


def _header_key(header) -> str:
    return search_key(str(header or "").replace("*", ""))


_HEADER_KEYS = {_header_key(column.header): column for column in COLUMNS}


# --- results ---------------------------------------------------------------------------------


@dataclass
class Problem:
    """An error or a warning: the row as Excel numbers it, the column header, the message."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = [_("row %(row)s") % {"row": self.row}] if self.row else []
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class PlanRow:
    row: int
    values: dict
    member: Member | None = None
    cell: Cell | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def full_name(self):
        return self.values.get("full_name") or (self.member.full_name if self.member else "")

    @property
    def birth(self) -> str:
        return _display("date_of_birth", self.values.get("date_of_birth"))

    @property
    def cell_code(self) -> str:
        return self.cell.code if self.cell else self.values.get("cell", "")

    @property
    def status_label(self) -> str:
        return _display("status", self.values.get("status"))


@dataclass
class ImportPlan:
    """What an import would do: rows to create, to update (with their changes), and problems."""

    committee: Committee
    creates: list[PlanRow] = field(default_factory=list)
    updates: list[PlanRow] = field(default_factory=list)
    unchanged: list[PlanRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def sort(self):
        order = {column.header: index for index, column in enumerate(COLUMNS)}
        for problems in (self.errors, self.warnings):
            problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportRefused(ValidationError):
    """The import saved nothing; `problems` lists (row, column, message) for the report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(p) for p in problems] or [_("The import was refused.")])


class _CellError(Exception):
    pass


# --- reading cells -------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value) -> str | None:
    """A number typed in a text column ("12345" stored as 12345.0) → "12345"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def _text(value) -> str:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        raise _CellError(
            _(
                "Excel turned this value into a date. Format the cell as Text and type the "
                "value again."
            )
        )
    number = _number_text(value)
    text = number if number is not None else str(value)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise _CellError(_("Write the date as dd/mm/yyyy, for example 05/03/1990 (not a number)."))
    text = value.strip()
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise _CellError(
                _("“%(value)s” is not a date. Write it as dd/mm/yyyy, for example 05/03/1990.")
                % {"value": text}
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise _CellError(
            _("“%(value)s” is not a date that exists: check the day and the month.")
            % {"value": text}
        ) from error
    if year < 1900:
        raise _CellError(_("“%(value)s”: check the year.") % {"value": text})
    return date


def _choice(value, choices: dict):
    if isinstance(value, bool) and set(choices.values()) == {True, False}:
        return value
    text = _text(value)
    by_key = {search_key(label): code for label, code in choices.items()}
    if search_key(text) not in by_key:
        raise _CellError(
            _("“%(value)s” is not allowed here. Write one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(choices)}
        )
    return by_key[search_key(text)]


def _citizen_id(value) -> str:
    number = _number_text(value)
    if number is not None:
        # A number cell drops the leading zeros of the province code: 066190000777 → 66190000777.
        text = number.zfill(12) if len(number) <= 12 else number
    else:
        text = "".join(_text(value).split())
    if not (len(text) == 12 and text.isascii() and text.isdigit()):
        raise _CellError(
            _("A citizen ID has exactly 12 digits; “%(value)s” does not.") % {"value": text}
        )
    return text


def _phone(value) -> str:
    number = _number_text(value)
    if number is not None and len(number) == 9:
        return "0" + number  # a number cell drops the leading 0 of 0905123456
    return _text(value)


def _email(value) -> str:
    text = _text(value)
    try:
        validate_email(text)
    except ValidationError as error:
        raise _CellError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from error
    return text


_READERS = {
    TEXT: _text,
    CODE: _text,
    DATE: _date,
    CITIZEN_ID: _citizen_id,
    PHONE: _phone,
    EMAIL: _email,
}


def _read_cell(column: Column, value):
    if column.kind in (CHOICE, BOOL):
        result = _choice(value, column.choices)
    else:
        result = _READERS[column.kind](value)
    limit = max_length(column)
    if limit and len(result) > limit:
        raise _CellError(
            _("At most %(max)s characters (this one has %(length)s).")
            % {"max": limit, "length": len(result)}
        )
    return result


# --- display (the preview shows values as the spreadsheet writes them) ---------------------------


def _label(choices: dict, code) -> str:
    for label, value in choices.items():
        if value == code:
            return label
    return str(code)


def _display(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    column = COLUMN_BY_FIELD.get(name)
    if isinstance(value, Cell):
        return value.code
    if column and column.choices:
        return _label(column.choices, value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- reading the file ------------------------------------------------------------------------------


@dataclass
class _Parsed:
    rows: list[tuple[int, dict]]
    errors: list[Problem]
    warnings: list[Problem]


def _columns_of(header_row: int, headers: tuple) -> dict[int, Column]:
    """Position → column; one file-level error for unknown, repeated or missing columns."""
    found: dict[int, Column] = {}
    unknown, repeated = [], []
    for index, header in enumerate(headers):
        if _is_blank(header):
            continue
        column = _HEADER_KEYS.get(_header_key(header))
        if column is None:
            unknown.append(f"“{str(header).strip()}” ({get_column_letter(index + 1)})")
        elif column in found.values():
            repeated.append(f"“{column.header}”")
        else:
            found[index] = column
    problems = []
    if unknown:
        problems.append(
            _(
                "Row %(row)s holds columns the template does not have: %(columns)s. Use the "
                "column headers of the template (download it again if needed)."
            )
            % {"row": header_row, "columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [c.header for c in COLUMNS if c.required and c not in found.values()]
    if missing:
        problems.append(
            _("Required columns are missing: %(columns)s. Use the template.")
            % {"columns": ", ".join(f"“{header}”" for header in missing)}
        )
    if problems:
        raise ValidationError(problems)
    return found


def _parse(upload, committee: Committee) -> _Parsed:
    """Read the file and each cell; file-level problems raise a ValidationError."""
    try:
        rows = read_xlsx(
            upload,
            max_mb=rules_for(committee).upload_max_mb,
            max_rows=MAX_ROWS + 1,  # the header row
            sheet=SHEET_MEMBERS,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "too_many_rows":
            raise ValidationError(
                _("The file has more than %(limit)s member rows. Split it into several files.")
                % {"limit": MAX_ROWS}
            ) from error
        raise
    if not rows:
        raise ValidationError(_("The sheet is empty. Fill in the template and upload it."))
    header_row, headers = rows[0]
    columns = _columns_of(header_row, headers)
    parsed = _Parsed(rows=[], errors=[], warnings=[])
    for number, cells in rows[1:]:
        values = {}
        for index, column in columns.items():
            raw = cells[index] if index < len(cells) else None
            if _is_blank(raw):
                if column.required == ALWAYS:
                    parsed.errors.append(Problem(number, column.header, _("Required.")))
                continue
            try:
                values[column.field] = _read_cell(column, raw)
            except _CellError as error:
                parsed.errors.append(Problem(number, column.header, str(error)))
        if values.get("citizen_id") == EXAMPLE_CITIZEN_ID:
            parsed.warnings.append(
                Problem(number, "", _("The example row of the template was skipped."))
            )
            continue
        parsed.rows.append((number, values))
    if not parsed.rows:
        raise ValidationError(_("The file holds no member rows."))
    for name in ("citizen_id", "card_number"):
        parsed.errors.extend(_duplicates(parsed.rows, name))
    return parsed


def _duplicates(rows, name: str) -> list[Problem]:
    seen = defaultdict(list)
    for number, values in rows:
        if values.get(name):
            seen[values[name]].append(number)
    problems = []
    for value, numbers in seen.items():
        for number in numbers if len(numbers) > 1 else ():
            others = ", ".join(str(n) for n in numbers if n != number)
            problems.append(
                Problem(
                    number,
                    COLUMN_BY_FIELD[name].header,
                    _("%(value)s also appears on row %(rows)s of the file.")
                    % {"value": value, "rows": others},
                )
            )
    return problems


# --- matching against the registry ----------------------------------------------------------------


def _same(new, old) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        return new == unicodedata.normalize("NFC", old)
    return new == old


def _plan(parsed: _Parsed, committee: Committee, by) -> ImportPlan:
    """Match each row on the citizen ID: a new member, or the changes to one on record."""
    plan = ImportPlan(committee=committee, errors=list(parsed.errors))
    plan.warnings.extend(parsed.warnings)
    ids = [values["citizen_id"] for _n, values in parsed.rows if values.get("citizen_id")]
    existing = {
        m.citizen_id: m
        for m in Member.objects.filter(committee=committee, citizen_id__in=ids)
        .with_current_cell()
        .select_related("committee")
    }
    cells = list(Cell.objects.filter(committee=committee))
    context = {
        "by_code": {cell.code: cell for cell in cells},
        "by_key": {cell.code.casefold(): cell for cell in cells},
        "by_pk": {cell.pk: cell for cell in cells},
        "allowed": set(
            access.cells_for_new_members(by)
            .filter(committee=committee)
            .values_list("pk", flat=True)
        ),
        # Cells already reported: an invalid value is not reported again as missing.
        "flagged": {(p.row, p.column) for p in plan.errors},
    }
    for number, values in parsed.rows:
        code = values.get("cell")
        cell = context["by_code"].get(code) or context["by_key"].get((code or "").casefold())
        row = PlanRow(
            row=number, values=values, member=existing.get(values.get("citizen_id")), cell=cell
        )
        if row.member is None:
            _plan_new(plan, row, context)
        else:
            _plan_update(plan, row, context, by)
    plan.sort()
    return plan


def _problem(problems: list, row: PlanRow, name: str, message: str) -> None:
    column = COLUMN_BY_FIELD.get(name)
    problems.append(Problem(row.row, column.header if column else "", message))


def _plan_new(plan: ImportPlan, row: PlanRow, context: dict) -> None:
    values, cell, code = row.values, row.cell, row.values.get("cell")
    flagged = context["flagged"]
    for column in COLUMNS:
        missing = column.required == NEW and column.field not in values
        if missing and (row.row, column.header) not in flagged:
            _problem(plan.errors, row, column.field, _("Required for a new member."))
    if code and cell is None:
        _problem(
            plan.errors,
            row,
            "cell",
            _("This committee has no cell with the code “%(code)s”.") % {"code": code},
        )
    elif cell is not None and not cell.is_active:
        _problem(plan.errors, row, "cell", _("The cell %(code)s is dissolved.") % {"code": code})
    elif cell is not None and cell.pk not in context["allowed"]:
        _problem(
            plan.errors,
            row,
            "cell",
            _("You may not add members to the cell %(code)s.") % {"code": cell.code},
        )
    dates = ("joined_on", "admitted_on")
    if not any(name in values for name in dates) and not any(
        (row.row, COLUMN_BY_FIELD[name].header) in flagged for name in dates
    ):
        _problem(
            plan.errors,
            row,
            "joined_on",
            _("Give the date she joined the cell, or the date she was admitted."),
        )
    plan.creates.append(row)


def _plan_update(plan: ImportPlan, row: PlanRow, context: dict, by) -> None:
    """A member on record: her record fields may change; her cell and status only warn."""
    member, values, code = row.member, row.values, row.values.get("cell")
    if not access.can_edit_member(by, member):
        _problem(
            plan.errors,
            row,
            "",
            _("You may not change the record of %(name)s.") % {"name": member.full_name},
        )
    if code and (row.cell is None or row.cell.pk != member.current_cell_id):
        current = context["by_pk"].get(member.current_cell_id)
        _problem(
            plan.warnings,
            row,
            "cell",
            _(
                "%(name)s is in the cell %(current)s, the file says %(code)s: the cell is not "
                "changed by the import. Use “Move to another cell” on her page."
            )
            % {"name": member.full_name, "current": current.code if current else "—", "code": code},
        )
    status = values.get("status")
    if status and status != member.status:
        _problem(
            plan.warnings,
            row,
            "status",
            _(
                "%(name)s is “%(current)s” on record, the file says “%(status)s”: the status is "
                "not changed by the import. Use “Change of status” on her page."
            )
            % {
                "name": member.full_name,
                "current": member.get_status_display(),
                "status": _display("status", status),
            },
        )
    for name in RECORD_FIELDS:
        if name in values and not _same(values[name], getattr(member, name)):
            row.changes.append(
                Change(
                    column=COLUMN_BY_FIELD[name].header,
                    old=_display(name, getattr(member, name)),
                    new=_display(name, values[name]),
                )
            )
    (plan.updates if row.changes else plan.unchanged).append(row)


# --- applying -----------------------------------------------------------------------------------------


def _service_problems(number: int, error: ValidationError) -> list[Problem]:
    """A write service's refusal as problems of this row, each under its column."""
    if not hasattr(error, "error_dict"):
        return [Problem(number, "", message) for message in error.messages]
    problems = []
    for name, messages in error.message_dict.items():
        column = COLUMN_BY_FIELD.get(name)
        for message in messages:
            problems.append(Problem(number, column.header if column else "", message))
    return problems


def _apply(plan: ImportPlan, by) -> list[Problem]:
    """Write every row without a problem through the services; return the problems they raise.

    Runs inside the caller's transaction. Each service call is atomic (a savepoint), so a refused
    row leaves the transaction usable and every row gets checked.
    """
    skip = {p.row for p in plan.errors}
    problems = []
    for row in plan.creates:
        if row.row in skip:
            continue
        data = {name: row.values[name] for name in RECORD_FIELDS if name in row.values}
        joined_on = row.values.get("joined_on") or row.values.get("admitted_on")
        try:
            services.member_create(
                committee=plan.committee,
                cell=row.cell,
                joined_on=joined_on,
                status=row.values["status"],
                by=by,
                arrived_from=row.values.get("arrived_from", ""),
                letter_presented_on=row.values.get("letter_presented_on"),
                **data,
            )
        except ValidationError as error:
            problems.extend(_service_problems(row.row, error))
        except IntegrityError:
            problems.append(Problem(row.row, "", _conflict()))
    for row in plan.updates:
        if row.row in skip:
            continue
        data = {name: row.values[name] for name in RECORD_FIELDS if name in row.values}
        try:
            services.member_update(member=row.member, by=by, **data)
        except ValidationError as error:
            problems.extend(_service_problems(row.row, error))
        except IntegrityError:
            problems.append(Problem(row.row, "", _conflict()))
    return problems


def _conflict() -> str:
    return _("Someone changed the registry at the same time. Upload the file again.")


class _DryRun(Exception):
    """Raised to roll back the trial run of `import_plan`."""


def import_plan(*, committee: Committee, upload, by, try_rows: bool = True) -> ImportPlan:
    """Read and check an uploaded file completely; nothing is saved.

    A problem with the file as a whole (not an Excel workbook, too large, password-protected,
    wrong columns, too many rows) raises a `ValidationError`. Problems of rows are in
    `plan.errors`: the cells and the matching first, then — with `try_rows` — what the write
    services refuse when every valid row is tried in a transaction that is rolled back. That trial
    costs about as much as the import itself; without it, `members_import` still checks every row
    and saves nothing if one is refused.
    """
    plan = _plan(_parse(upload, committee), committee, by)
    if not try_rows:
        return plan
    try:
        with transaction.atomic():
            plan.errors.extend(_apply(plan, by))
            raise _DryRun
    except _DryRun:
        pass
    plan.sort()
    return plan


def members_import(*, committee: Committee, plan_or_file, by) -> ImportResult:
    """Import the members of a checked plan (or of an uploaded file) in ONE transaction.

    The committee is locked, the rows are matched again on the citizen ID and written through
    `member_create` / `member_update`, which check every rule again. If anything is refused,
    everything is rolled back and `ImportRefused` lists the problems.
    """
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        if isinstance(plan_or_file, ImportPlan):
            if plan_or_file.committee.pk != committee.pk:
                raise ValueError("The plan was made for another committee.")
            rows = [*plan_or_file.creates, *plan_or_file.updates, *plan_or_file.unchanged]
            parsed = _Parsed(
                rows=sorted(((r.row, r.values) for r in rows), key=lambda pair: pair[0]),
                errors=[],
                warnings=[],
            )
            if plan_or_file.errors:
                raise ImportRefused(plan_or_file.errors)
        else:
            parsed = _parse(plan_or_file, committee)
        plan = _plan(parsed, committee, by)
        if plan.errors:
            raise ImportRefused(plan.errors)
        problems = _apply(plan, by)
        if problems:
            plan.errors.extend(problems)
            plan.sort()
            raise ImportRefused(plan.errors)
    return ImportResult(
        created=len(plan.creates), updated=len(plan.updates), unchanged=len(plan.unchanged)
    )


# --- the template ---------------------------------------------------------------------------------

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
    sheet.append([example[column.field] for column in COLUMNS])
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
                formula1='"' + ",".join(choices) + '"',
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
            guide.append([cell.code, cell.name, cell.committee.name])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 20
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=table_start):
        for cell in row:
            cell.alignment = _WRAP
