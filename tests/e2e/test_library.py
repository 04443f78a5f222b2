"""The library and a study campaign in a real browser (issue 19): `committee` adds a superior's
resolution with its file and starts a campaign that asks for a report; `member1` finds it with an
unaccented search on a phone and submits her report; `committee` follows the progress and
downloads the reports as one DOCX."""

import datetime
import io

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from library.models import LibraryDocument, StudyCampaign, StudyReport
from members.models import Member
from tests.e2e.test_foundation import login

TITLE = "Nghị quyết về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
NUMBER = "09-NQ/TU"
REPORT = "Em đã nghiên cứu nghị quyết và sẽ rèn luyện tác phong, gương mẫu trong công việc."


def _pdf():
    """A minimal PDF (its content is what the upload check reads)."""
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.usefixtures("demo_data")
def test_a_resolution_studied_from_upload_to_the_reports(
    browser, page, phone_page, live_server, demo_password
):
    base = live_server.url
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=14)

    # The committee adds the superior's resolution with its file …
    login(page, base, demo_password, username="committee")
    page.goto(base + "/library/")
    page.locator("a.document-add").first.click()
    form = page.locator("main form[method=post]")
    form.locator("[name=kind]").select_option(LibraryDocument.Kind.SUPERIOR)
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=number]").fill(NUMBER)
    form.locator("[name=issuer]").fill("Tỉnh ủy Đắk Lắk")
    form.locator("[name=issued_on]").fill(f"{today - datetime.timedelta(days=10):%d/%m/%Y}")
    form.locator("[name=summary]").fill("Học tập và làm theo Bác trong cán bộ, đảng viên.")
    form.locator("[name=file]").set_input_files(
        {"name": "09-NQ-TU.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    form.locator("button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    document = LibraryDocument.objects.get(number=NUMBER)
    assert document.files.count() == 1

    # … and starts a campaign for the whole committee, with a written report.
    page.locator("a.campaign-start").click()
    form = page.locator("main form[method=post]")
    form.locator("[name=deadline]").fill(f"{deadline:%d/%m/%Y}")
    form.locator("[name=report_required]").check()
    form.locator("button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_be_visible()
    campaign = StudyCampaign.objects.get(document=document)
    assert campaign.report_required and campaign.deadline == deadline
    member = Member.objects.get(user__username="member1")
    assert campaign.participants.filter(member=member).exists()

    # member1, on her phone, finds it without typing the accents, and sends her report.
    phone = phone_page
    login(phone, base, demo_password, username="member1")
    phone.goto(base + "/library/?q=day+manh+hoc+tap+lam+theo")
    expect(phone.locator(".document-row")).to_have_count(1)
    phone.get_by_role("link", name=TITLE).click()
    phone.locator(f'.document-campaign[data-campaign="{campaign.pk}"] a').click()
    phone.locator(f'a[href$="/study/{campaign.pk}/my-report/"]').first.click()
    phone.locator("[name=text]").fill(REPORT)
    phone.locator("main form[method=post] button[type=submit]").last.click()
    expect(phone.locator(".alert-success")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    report = StudyReport.objects.get(participant__campaign=campaign, participant__member=member)
    assert report.text == REPORT and not report.late and report.recorded_by is None

    # The committee sees her report counted and downloads the reports.
    participant = report.participant
    page.goto(f"{base}/library/study/{campaign.pk}/progress/?cell={participant.cell_id}")
    row = page.locator(f'.study-row[data-participant="{participant.pk}"]')
    expect(row).to_contain_text(member.full_name)
    expect(row).to_have_attribute("data-done", "1")
    expect(row.locator(f'a[href$="/study/participants/{participant.pk}/report/"]')).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(f'a[href$="/study/{campaign.pk}/reports.docx"]').first.click()
    content = download_info.value.path().read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert member.full_name in text and REPORT in text
