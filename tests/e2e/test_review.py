"""The year-end review in a real browser (issue 9): member1 writes her self-assessment;
secretary1 records the review with one criticism and proposes ratings; committee confirms, is
refused once for the quota, fixes it, confirms."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Committee
from demo.management.commands.seed_demo import COMMITTEE
from meetings.models import AgendaItem, CriticismRecord
from meetings.planning.agenda import agenda_item_add
from meetings.planning.meetings import meeting_create, meeting_publish
from meetings.record.attendance import recording_start
from members.models import Member, User
from reviews import services
from reviews.models import Evaluation, ReviewYear
from tests.e2e.test_foundation import login


def _review_meeting():
    """CB1's year-end review meeting today, published and being recorded (by secretary1)."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    cell = committee.cells.get(code="CB1")
    secretary = User.objects.get(username="secretary1")
    meeting = meeting_create(
        committee=committee,
        body="cell",
        cell=cell,
        kind="review",
        date=timezone.localdate(),
        start_time=datetime.time(7, 0),
        by=secretary,
    )
    agenda_item_add(
        meeting=meeting,
        section=AgendaItem.Section.OTHER,
        title="Kiểm điểm, đánh giá, xếp loại đảng viên",
        by=secretary,
    )
    meeting_publish(meeting=meeting, by=secretary)
    recording_start(meeting=meeting, by=secretary)
    return meeting


@pytest.mark.usefixtures("demo_data")
def test_self_assessment_criticism_proposals_and_the_quota(page, live_server, demo_password):
    base = live_server.url
    year = timezone.localdate().year
    meeting = _review_meeting()
    cell = meeting.cell
    member1 = Member.objects.get(user__username="member1")
    secretary = Member.objects.get(user__username="secretary1")

    # member1 writes her self-assessment.
    login(page, base, demo_password, username="member1")
    page.goto(f"{base}/reviews/self/{year}/")
    form = page.locator("form.self-assessment-form")
    form.locator("[name=strengths]").fill("Hoàn thành tốt nhiệm vụ giảng dạy, chủ nhiệm lớp.")
    form.locator("[name=shortcomings]").fill("Chưa mạnh dạn phê bình đồng nghiệp.")
    form.locator("[name=self_rating]").select_option("outstanding")
    form.locator("[name=self_score_general]").fill("28")
    form.locator("[name=self_score_tasks]").fill("64")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Evaluation.objects.get(member=member1, year=year).self_score == 92

    # secretary1 records the review of member1 with one criticism.
    page.context.clear_cookies()
    login(page, base, demo_password, username="secretary1")
    page.goto(f"{base}/meetings/{meeting.pk}/criticism/{member1.pk}/")
    form = page.locator("form.criticism-form")
    form.locator("[name=self_criticism]").fill("Tôi còn ngại va chạm, chưa thẳng thắn góp ý.")
    form.locator("[name='criticism-0-by_member']").select_option(str(secretary.pk))
    form.locator("[name='criticism-0-text']").fill("Đề nghị đồng chí mạnh dạn hơn trong phê bình.")
    form.locator("button.criticism-save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    record = CriticismRecord.objects.get(meeting=meeting, member=member1)
    assert record.criticisms.count() == 1

    # …and proposes ratings: member1 outstanding, herself and another member good.
    other = (
        Member.objects.in_cell_on(cell, meeting.date)
        .filter(status_on="official", admitted_on__lt=meeting.date - datetime.timedelta(days=400))
        .exclude(pk__in=[member1.pk, secretary.pk])
        .order_by("name_sort")
        .first()
    )
    page.goto(f"{base}/reviews/{year}/cells/{cell.pk}/")
    # Every official member present votes in favour (the meeting's attendance sheet).
    present = services.proposal_count(cell, year).eligible_present
    for member, rating in ((member1, "outstanding"), (secretary, "good"), (other, "good")):
        row = page.locator(f"#member-{member.pk} form.review-propose")
        row.locator("[name=rating]").select_option(rating)
        row.locator("[name=votes_yes]").fill(str(present))
        row.locator("[name=votes_no]").fill("0")
        row.locator("button[type=submit]").click()
        expect(page.locator(f"#member-{member.pk} .review-proposal")).not_to_have_text("—")
    assert Evaluation.objects.filter(year=year, proposed_rating__gt="").count() == 3

    # The committee confirms: refused for the quota (1 outstanding, 2 good → 0 allowed) …
    page.context.clear_cookies()
    login(page, base, demo_password, username="committee")
    page.goto(f"{base}/reviews/{year}/")
    confirm = page.locator("form#confirm-ratings")
    confirm.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("bớt 1")
    assert not ReviewYear.objects.filter(year=year, confirmed_at__isnull=False).exists()
    # … fixes it and confirms.
    evaluation = Evaluation.objects.get(member=member1, year=year)
    confirm = page.locator("form#confirm-ratings")
    confirm.locator(f"[name=rating-{evaluation.pk}]").select_option("good")
    confirm.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{year}/$"))
    assert ReviewYear.objects.get(year=year).confirmed_at is not None
    evaluation.refresh_from_db()
    assert evaluation.final_rating == "good"
