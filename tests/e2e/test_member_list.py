"""Finding members in a real browser: accent-free search, a status filter, the Excel export."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.test_foundation import login


@pytest.mark.usefixtures("demo_data")
def test_secretary_searches_without_accents_filters_and_exports(
    page, live_server, demo_password, tmp_path
):
    base = live_server.url
    login(page, base, demo_password, username="secretary1")
    page.goto(base + "/members/")
    page.fill("#id_q", "nguyen")
    page.select_option("#id_status", "official")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    names = rows.locator("td:first-child a").all_inner_texts()
    assert names and all("Nguyễn" in name for name in names), names
    assert all(
        "Chính thức" in status for status in rows.locator("td:nth-child(4)").all_inner_texts()
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved)
    exported = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(exported) == sorted(names)
