"""Writing workbooks (core/spreadsheets.py): no text written by the app becomes a formula."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import safe_row, safe_text, workbook_bytes

HOSTILE = ['=HYPERLINK("http://x","x")', "=2+2", "+SUM(A1)", "-2+3*cmd|' /C calc'!A0", "@SUM(1)"]


def formula_cells(content: bytes) -> list[str]:
    """Every cell of the workbook that a spreadsheet would evaluate."""
    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("value", [*HOSTILE, "\tx", "\r=1+1"])
def test_text_that_could_start_a_formula_gets_an_apostrophe(value):
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn Thị Hoa",
        "Giáo viên Toán",
        "",
        None,
        42,
        -5,
        -2.5,
        Decimal("-1.5"),
        True,
        datetime.date(2026, 3, 5),
        datetime.datetime(2026, 3, 5, 8, 30),
        "+84 905 123 456",  # a phone number
        "-",  # a placeholder
        "a=b",
    ],
)
def test_other_values_are_kept_as_they_are(value):
    assert safe_text(value) == value


def test_characters_a_sheet_cannot_hold_are_dropped():
    assert safe_text("Lan\x0bAnh\x00") == "LanAnh"


def test_a_workbook_keeps_hostile_text_as_text_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(safe_row([*HOSTILE, -5, datetime.date(2026, 3, 5), "Lan\x0bAnh"]))
    sheet["A2"] = "=1+1"  # however a cell is written, it is saved as text
    content = workbook_bytes(book)
    assert formula_cells(content) == []
    values = [c.value for c in load_workbook(io.BytesIO(content)).active[1]]
    assert values[: len(HOSTILE)] == ["'" + v for v in HOSTILE]
    assert values[len(HOSTILE)] == -5
    assert values[len(HOSTILE) + 1] == datetime.datetime(2026, 3, 5)
    assert values[-1] == "LanAnh"
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "'=1+1"
