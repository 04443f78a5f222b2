"""Documents and preparation in a real browser: the secretary uploads and publishes; a member is
notified, opens the document and writes a prepared comment; the secretary sees both."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.meetings import next_cb1_meeting
from tests.e2e.test_foundation import login


def _pdf(tmp_path):
    path = tmp_path / "ke-hoach-thang.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    return path


@pytest.mark.usefixtures("demo_data")
def test_upload_publish_notify_read_comment(browser, live_server, demo_password, tmp_path):
    base = live_server.url
    meeting = next_cb1_meeting()
    url = f"{base}/meetings/{meeting.pk}/"

    secretary = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = secretary.new_page()
    page.set_default_timeout(10_000)
    login(page, base, demo_password, username="secretary1")
    page.goto(url)
    upload = page.locator("form.document-upload")
    upload.locator("input[type=file]").set_input_files(str(_pdf(tmp_path)))
    upload.locator("input[name=title]").fill("Kế hoạch tháng")
    upload.locator("button[type=submit]").click()
    expect(page.locator("#documents .document-item", has_text="Kế hoạch tháng")).to_be_visible()
    page.get_by_role("button", name="Công bố nội dung thay đổi").click()
    expect(page.get_by_role("status").first).to_be_visible()

    member = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 800})
    phone = member.new_page()
    phone.set_default_timeout(10_000)
    login(phone, base, demo_password, username="member1")
    bell = phone.locator("a.bell-phone")
    expect(bell.locator(".badge")).to_be_visible()
    bell.click()
    phone.locator("a[href*='/members/notifications/']", has_text="Cập nhật").first.click()
    expect(phone).to_have_url(re.compile(rf"/meetings/{meeting.pk}/"))
    document = phone.locator("#documents .document-item", has_text="Kế hoạch tháng")
    href = document.locator("a").first.get_attribute("href")
    response = phone.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    item = phone.locator(".agenda-item").first
    item.locator("details.comment-editor summary").click()
    item.locator("textarea[name=text]").fill("Đề nghị làm rõ chỉ tiêu tháng tới.")
    item.locator("form.comment-form button[type=submit]").click()
    expect(item.locator(".my-comment")).to_contain_text("Đề nghị làm rõ chỉ tiêu")

    page.reload()
    opened = page.locator("#documents .document-item", has_text="Kế hoạch tháng")
    expect(opened).to_contain_text("1/")
    expect(page.locator(".prepared-comment", has_text="Đề nghị làm rõ chỉ tiêu")).to_contain_text(
        "Lê Văn Minh"
    )
    secretary.close()
    member.close()
