"""Votes, a resolution and its tasks in a real browser (issue: meetings 4/4).

secretary1 records a show-of-hands vote and sees the working, adopts the resolution and assigns
two tasks; member1 completes hers; next month's agenda lists the other task.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Kind, Meeting, Resolution, TaskAssignment
from meetings.planning.meetings import meeting_create
from meetings.record.attendance import recording_start
from members.models import Member, User
from tests.e2e.meetings import todays_cb1_meeting
from tests.e2e.test_foundation import login

VOTED = "Thông qua kế hoạch tổ chức hội giảng chào mừng ngày 09/01."
MINE = "Chuẩn bị tiết dạy mẫu môn Toán lớp 10A1"
THEIRS = "Tổng hợp đăng ký hội giảng của tổ"


def _next_agenda(cell) -> Meeting:
    """CB1's next regular meeting whose agenda is not yet published: next month's, or — when the
    demo has already published that one (its list is then kept as it was) — the month after."""
    month = timezone.localdate().replace(day=1)
    for _ in range(3):
        month = (month + datetime.timedelta(days=32)).replace(day=1)
        meeting = Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=month).first()
        if meeting is None:
            return meeting_create(
                committee=cell.committee,
                body="cell",
                cell=cell,
                kind="regular",
                date=month.replace(day=5),
                start_time=datetime.time(16, 30),
                by=User.objects.get(username="secretary1"),
            )
        if meeting.status == "draft":
            return meeting
    raise AssertionError("no unpublished regular meeting of CB1 ahead")


@pytest.mark.usefixtures("demo_data")
def test_vote_resolution_tasks_and_the_follow_up(page, live_server, demo_password):
    base = live_server.url
    meeting = todays_cb1_meeting("Kế hoạch hội giảng")
    recording_start(meeting=meeting, by=User.objects.get(username="secretary1"))
    member1 = Member.objects.get(user__username="member1")
    other = (
        Attendance.objects.filter(meeting=meeting, member_status="official")
        .exclude(member=member1)
        .exclude(member__user__username="secretary1")
        .select_related("member")
        .first()
        .member
    )

    # secretary1 records a show-of-hands vote and sees the working.
    login(page, base, demo_password, username="secretary1")
    page.goto(f"{base}/meetings/{meeting.pk}/votes/")
    form = page.locator("form.vote-form")
    form.locator("[name=kind]").select_option("ordinary")
    form.locator("[name=method][value=hands]").check()
    form.locator("[name=text]").fill(VOTED)
    form.locator("[name=yes]").fill("8")
    form.locator("[name=no]").fill("1")
    form.locator("[name=abstain]").fill("0")
    form.locator("button.vote-submit").click()
    motion = page.locator("li.motion").filter(has_text=VOTED)
    expect(motion.locator(".motion-passed")).to_be_visible()
    expect(motion.locator(".motion-working")).to_contain_text("8 tán thành >")
    expect(motion.locator(".motion-working")).to_contain_text("thông qua")

    # Adopt it as a resolution: numbered by the app.
    motion.locator("a.motion-adopt").click()
    page.locator("main form button[type=submit]").click()
    resolution = Resolution.objects.get(motion__meeting=meeting)
    expect(page).to_have_url(re.compile(rf"/resolutions/{resolution.pk}/$"))
    expect(page.locator("main")).to_contain_text(f"{resolution.number:02d}-NQ/CB")

    # Two tasks from it: one for member1, one for another member.
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    for title, member in ((MINE, member1), (THEIRS, other)):
        page.locator("a.resolution-assign").click()
        task_form = page.locator("form.task-form")
        task_form.locator("[name=title]").fill(title)
        task_form.locator("[name=deadline]").fill(deadline)
        task_form.locator(f"input[name=members][value='{member.pk}']").check()
        task_form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/resolutions/{resolution.pk}/$"))
        expect(page.locator("main")).to_contain_text(title)
    assert TaskAssignment.objects.filter(task__resolution=resolution).count() == 2

    # member1 completes hers on "Việc của tôi".
    page.context.clear_cookies()
    login(page, base, demo_password, username="member1")
    page.goto(f"{base}/meetings/tasks/mine/")
    mine = page.locator("article.assignment").filter(has_text=MINE)
    mine.locator("summary").click()
    mine.locator("[name=result]").fill("Đã soạn giáo án và dạy thử trước tổ.")
    mine.locator("form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Đã soạn giáo án")
    assert TaskAssignment.objects.get(task__title=MINE).status == "done"

    # The next agenda (not yet published) lists the other task, not hers.
    page.context.clear_cookies()
    login(page, base, demo_password, username="secretary1")
    next_meeting = _next_agenda(meeting.cell)
    page.goto(f"{base}{next_meeting.get_absolute_url()}")
    reviews = page.locator("#task-reviews")
    expect(reviews).to_contain_text(THEIRS)
    expect(reviews).to_contain_text(other.full_name)
    expect(reviews).not_to_contain_text(MINE)
