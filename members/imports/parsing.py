"""Reading an uploaded member workbook: the header row, each cell, duplicates inside the file.

`parse_file` raises a `ValidationError` for a problem with the file as a whole (not a workbook,
too large, wrong columns, too many rows) and returns the rows read, each a dict of field → value,
with the problems of single cells as `Problem`s (row as Excel shows it, column header, message).
"""

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cells.models import Committee
from cells.rules import rules_for
from core.text import search_key
from core.uploads import read_xlsx
from members.imports.columns import (
    ALWAYS,
    BOOL,
    CHOICE,
    CITIZEN_ID,
    CODE,
    COLUMN_BY_FIELD,
    COLUMNS,
    DATE,
    EMAIL,
    EXAMPLE_CITIZEN_ID,
    MAX_ROWS,
    PHONE,
    SHEET_MEMBERS,
    TEXT,
    Column,
    max_length,
)


def _header_key(header) -> str:
    return search_key(str(header or "").replace("*", ""))


_HEADER_KEYS = {_header_key(column.header): column for column in COLUMNS}


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


# --- reading the file ------------------------------------------------------------------------------


@dataclass
class Parsed:
    """The rows read (Excel row number, field → value) and the problems of single cells."""

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


def parse_file(upload, committee: Committee) -> Parsed:
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
    parsed = Parsed(rows=[], errors=[], warnings=[])
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
