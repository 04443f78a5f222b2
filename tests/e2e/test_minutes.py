"""Recording a meeting in a real browser, on a phone: attendance, minutes with autosave, approval,
the DOCX, and a member reading the approved minutes (issue: meetings 3/4)."""

import re

import pytest
from docx import Document as Docx
from playwright.sync_api import expect

from meetings.models import Attendance, Minutes
from members.models import Member
from tests.e2e.meetings import todays_cb1_meeting
from tests.e2e.test_foundation import login

PHONE_WIDTH = 375
FIRST = "Đồng chí bí thư nêu kết quả dạy học kỳ I; đề nghị tổ tăng cường phụ đạo."
SECOND = "Đề nghị tổ chức thêm buổi sinh hoạt chuyên môn về đổi mới kiểm tra đánh giá."


def _wide(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") > PHONE_WIDTH


@pytest.mark.usefixtures("demo_data")
def test_secretary_records_the_meeting_on_a_phone_and_a_member_reads_it(
    browser, phone_page, live_server, demo_password
):
    page = phone_page
    meeting = todays_cb1_meeting("Đánh giá kết quả kiểm tra giữa kỳ")
    base = live_server.url
    login(page, base, demo_password, username="secretary1")
    page.goto(f"{base}{meeting.get_absolute_url()}")

    # Start recording: the sheet lists every member of the cell, present by default.
    page.locator("form.record-start button").click()
    expect(page).to_have_url(re.compile(r"/attendance/$"))
    rows = page.locator("li.attendance-row")
    on_sheet = Attendance.objects.filter(meeting=meeting).count()
    assert on_sheet >= 5
    expect(rows).to_have_count(on_sheet)
    assert not _wide(page)

    absent = Attendance.objects.filter(meeting=meeting, status="present").select_related("member")[
        :2
    ]
    excused, unexcused = absent[0].member, absent[1].member
    row = page.locator(f"#member-{excused.pk}")
    # Excused without a reason: refused on the row, nothing saved.
    row.get_by_role("button", name="Vắng có lý do", exact=True).click()
    expect(row.locator(".attendance-reason-error")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, member=excused).status == "present"
    row.locator("input[name=reason]").fill("Ốm")
    row.get_by_role("button", name="Vắng có lý do", exact=True).click()
    expect(page.locator(f"#member-{excused.pk}")).to_have_attribute("data-status", "excused")
    other = page.locator(f"#member-{unexcused.pk}")
    other.get_by_role("button", name="Vắng không lý do", exact=True).click()
    expect(page.locator(f"#member-{unexcused.pk}")).to_have_attribute("data-status", "unexcused")
    # The headcount block follows, with the names (and the reason).
    headcount = page.locator("#headcount")
    expect(headcount).to_contain_text(excused.full_name)
    expect(headcount).to_contain_text("Ốm")
    expect(headcount).to_contain_text(unexcused.full_name)

    # The minutes: times, chair and clerk, two contributions; the autosave keeps them.
    page.goto(f"{base}/meetings/{meeting.pk}/minutes/edit/")
    secretary = Member.objects.get(user__username="secretary1")
    clerk = Member.objects.get(user__username="member1")
    page.fill("[name=opened_at]", "07:00")
    page.fill("[name=closed_at]", "08:45")
    page.select_option("[name=chair]", str(secretary.pk))
    page.select_option("[name=clerk]", str(clerk.pk))
    item = meeting.agenda_items.get()
    card = page.locator(f"#item-{item.pk}")
    card.locator(f"[name=item-{item.pk}-summary]").fill("Tổ đạt 92% chỉ tiêu.")
    contributions = card.locator("li.contribution-row")
    contributions.nth(0).locator("select").select_option(f"m{clerk.pk}")
    contributions.nth(0).locator("textarea").fill(FIRST)
    contributions.nth(1).locator("select").select_option(f"m{secretary.pk}")
    contributions.nth(1).locator("textarea").fill(SECOND)
    card.locator(f"[name=item-{item.pk}-conclusion]").fill("Giao tổ trưởng xây dựng kế hoạch.")
    for name, points in (
        ("quality_preparation", "15"),
        ("quality_attendance", "18"),
        ("quality_conduct", "40"),
        ("quality_closing", "18"),
    ):
        page.fill(f"[name={name}]", points)
    assert not _wide(page)
    expect(page.locator("#minutes-status")).to_contain_text("Đã lưu lúc", timeout=15_000)
    expect(page.locator("#quality-grade")).to_have_text("Tốt")
    page.wait_for_function(
        "() => !document.querySelector('#minutes-status').textContent.includes('Chưa lưu')"
    )

    page.reload()
    card = page.locator(f"#item-{item.pk}")
    texts = card.locator("li.contribution-row textarea")
    expect(texts.nth(0)).to_have_value(FIRST)
    expect(texts.nth(1)).to_have_value(SECOND)
    expect(page.locator("[name=closed_at]")).to_have_value("08:45")

    # Mark ready, then approve (the secretary may approve): the minutes are locked.
    page.get_by_role("button", name="Trình thông qua").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Thông qua", exact=True).click()
    expect(page).to_have_url(re.compile(r"/minutes/$"))
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.state == "approved"
    expect(page.locator("main")).to_contain_text(FIRST)

    # The DOCX downloads, in the official format.
    with page.expect_download() as download_info:
        page.locator("a.minutes-download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Docx(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in text
    assert FIRST in text and SECOND in text

    # member1 reads the approved minutes on her own phone.
    context = browser.new_context(locale="vi-VN", viewport={"width": PHONE_WIDTH, "height": 800})
    context.set_default_timeout(10_000)
    member_page = context.new_page()
    try:
        login(member_page, base, demo_password, username="member1")
        member_page.goto(f"{base}{meeting.get_absolute_url()}")
        member_page.locator("a.record-read").click()
        expect(member_page.locator("main")).to_contain_text(FIRST)
        expect(member_page.locator("main")).to_contain_text(excused.full_name)
        assert not _wide(member_page)
    finally:
        context.close()
