"""Excel import in a real browser: one bad row stops everything; fixed, the sheet imports."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from members.imports.columns import COLUMNS
from members.models import Member
from tests.e2e.test_foundation import login

HEADERS = [column.header for column in COLUMNS]


def _sheet(tmp_path, rows, name):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đảng viên"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    path = tmp_path / name
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _row(n, **overrides):
    row = {
        "Họ và tên*": f"Hồ Thị Nhập{n}",
        "Ngày sinh*": "05/03/1990",
        "Giới tính*": "Nữ",
        "Số CCCD*": f"0661900{n:05d}",
        "Ngày vào Đảng": "19/05/2015",
        "Ngày chính thức": "19/05/2016",
        "Mã chi bộ*": "CB2",
        "Trạng thái*": "Chính thức",
    }
    row.update(overrides)
    return row


@pytest.mark.usefixtures("demo_data")
def test_committee_imports_a_sheet_after_fixing_its_bad_row(
    page, live_server, demo_password, tmp_path
):
    base = live_server.url
    login(page, base, demo_password, username="committee")
    before = Member.objects.count()
    bad = _sheet(tmp_path, [_row(1), _row(2, **{"Ngày sinh*": "31/02/1990"}), _row(3)], "bad.xlsx")

    page.goto(base + "/members/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.set_input_files("input[type=file]", str(bad))
    page.locator("main form button[type=submit]").first.click()
    problems = page.locator("#import-errors + p + .table-responsive tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")  # Excel's row 3: the second member
    expect(problems.first).to_contain_text("Ngày sinh")
    assert Member.objects.count() == before

    good = _sheet(tmp_path, [_row(1), _row(2), _row(3)], "good.xlsx")
    page.set_input_files("input[type=file]", str(good))
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_text("Hồ Thị Nhập2")).to_be_visible()
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_role("status")).to_be_visible()
    assert Member.objects.count() == before + 3
    assert Member.objects.filter(full_name="Hồ Thị Nhập2", date_of_birth="1990-03-05").exists()
