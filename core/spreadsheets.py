"""Writing Excel workbooks safely: every text cell stays text (no formula injection).

A member's job title `=HYPERLINK("http://…","x")` or a name `=2+2` must not become a live formula
in an export. Following OWASP's advice on formula injection, text that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return is written with a leading apostrophe, so that a spreadsheet shows
it as typed and never evaluates it. Numbers, dates and booleans are written as they are (a
negative number is a number); text made only of digits, spaces and `+ - . ( ) /` (a phone number
"+84 905 123 456", a "-" placeholder) cannot carry a formula and is kept as typed. Characters a
worksheet cannot hold (control characters) are dropped instead of failing the whole export.

Every workbook the app writes appends its rows through `safe_row` and is saved with
`workbook_bytes`, which passes every text cell through `safe_text` once more before saving —
whatever wrote it. The app writes no formula on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from io import BytesIO

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# The first characters that make a spreadsheet read a cell (or a pasted value) as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[\d +\-.()/]*")


def safe_text(value):
    """The value as a cell should hold it: text that could start a formula gets a leading
    apostrophe; other values are returned as they are."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS) and not _HARMLESS.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A row for `worksheet.append`, each value through `safe_text`."""
    return [safe_text(value) for value in values]


def workbook_bytes(book) -> bytes:
    """The workbook as .xlsx bytes; every text cell passes through `safe_text` first."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = safe_text(cell.value)
                    if safe != cell.value:
                        cell.value = safe
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
