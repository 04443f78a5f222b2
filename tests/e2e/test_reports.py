"""The periodic report in a real browser (issue 22 item 3–4): `committee` opens the reports from
its dashboard, creates this month's report in one click, edits a section, downloads the DOCX and
submits it; `superior` sees it on her dashboard beside the other committees, opens it and drills
into the school's read-only dashboard; the report's page (its print view) fits a phone."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from cells.models import Committee
from demo.management.commands.seed_demo import COMMITTEE
from members.models import User
from reports.models import PeriodReport
from reports.services import report_create
from tests.e2e.test_foundation import login

SITUATION = "Tình hình tư tưởng của đảng viên ổn định, đoàn kết."


@pytest.mark.usefixtures("demo_data")
def test_committee_creates_edits_downloads_and_submits(page, live_server, demo_password):
    committee = Committee.objects.get(name=COMMITTEE["name"])
    month = timezone.localdate().replace(day=1)
    PeriodReport.objects.filter(committee=committee, kind="month", period_start=month).delete()
    login(page, live_server.url, demo_password, username="committee")

    page.locator("a.dashboard-reports").click()
    expect(page).to_have_url(live_server.url + reverse("reports:committee", args=[committee.pk]))
    page.locator(".report-create select").select_option(f"month:{month.isoformat()}")
    page.locator(".report-create button[type=submit]").click()

    report = PeriodReport.objects.get(committee=committee, kind="month", period_start=month)
    expect(page).to_have_url(live_server.url + reverse("reports:edit", args=[report.pk]))
    page.fill("#id_situation", SITUATION)
    page.locator(".report-form button[type=submit]").click()

    expect(page).to_have_url(live_server.url + reverse("reports:detail", args=[report.pk]))
    sheet = page.locator(".report-sheet")
    expect(sheet.locator(".report-number")).to_have_text(report.number_text)
    expect(sheet.locator('[data-section="1"]')).to_contain_text(SITUATION)

    with page.expect_download() as download_info:
        page.locator("a.report-docx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(download.path().read_bytes()))
    assert SITUATION in [p.text for p in document.paragraphs]

    page.locator("a.report-submit").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator('.report-status[data-status="on-time"]').first).to_be_visible()
    report.refresh_from_db()
    assert report.is_submitted and report.figures is not None
    expect(page.locator("a.report-edit")).to_have_count(0)
    expect(page.locator("a.report-correct")).to_have_count(1)

    # The superior sees it on her dashboard beside the other committees, and drills down.
    superior_context = page.context.browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    superior = superior_context.new_page()
    login(superior, live_server.url, demo_password, username="superior")
    row = superior.locator(f'.superior-reports tr[data-committee="{committee.pk}"]')
    box = row.locator(f'td[data-month="{month.month}"]')
    expect(box).to_have_attribute("data-report", "on_time")
    box.locator("a.matrix-link").click()
    expect(superior).to_have_url(live_server.url + reverse("reports:detail", args=[report.pk]))
    expect(superior.locator(".report-sheet")).to_contain_text(SITUATION)
    expect(superior.locator("a.report-correct")).to_have_count(0)
    superior.go_back()
    superior.locator(f'.superior-meetings tr[data-committee="{committee.pk}"] th a').click()
    expect(superior).to_have_url(
        re.compile(re.escape(live_server.url + reverse("dashboard:committee", args=[committee.pk])))
    )
    expect(superior.locator(".dashboard-superior")).to_be_visible()
    # Read-only: no link into the committee's meetings or member records.
    expect(superior.locator('main a[href^="/meetings/"], main a[href^="/members/"]')).to_have_count(
        0
    )
    superior_context.close()


@pytest.mark.usefixtures("demo_data")
def test_the_list_and_the_report_fit_a_phone(phone_page, live_server, demo_password):
    committee = Committee.objects.get(name=COMMITTEE["name"])
    report, _created = report_create(
        committee=committee,
        kind="month",
        period_start=timezone.localdate().replace(day=1),
        by=User.objects.get(username="committee"),
    )
    login(phone_page, live_server.url, demo_password, username="committee")
    for name, args in (("reports:committee", [committee.pk]), ("reports:detail", [report.pk])):
        phone_page.goto(live_server.url + reverse(name, args=args))
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, name
