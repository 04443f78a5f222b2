"""The monthly follow-up (issue 8, item 5): `meetings/decisions/followup.py`, its hooks in
`meeting_publish` and `recording_start` / `minutes_save` / `amend_text`, and
the pages that show it (the agenda, the minutes form, the minutes page, the official minutes).

Section (b) of a regular cell meeting's agenda lists the cell's open tasks assigned at its earlier
meetings — live until the agenda is first published, then as it was; the minutes record each
task's outcome, under the minutes' version lock, corrected by amendment once approved.
"""

import copy
import datetime
import re
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.decisions import followup
from meetings.models import MAX_TEXT, Amendment, Meeting, Minutes, Task, TaskAssignment, TaskReview
from meetings.planning.meetings import meeting_create, meeting_publish
from meetings.record.amendments import amend_text, amendment_targets
from meetings.record.attendance import recording_start
from meetings.record.minutes import StaleMinutes, minutes_approve, minutes_mark_ready, minutes_save
from meetings.record.official.content import minutes_content
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()
# Far enough apart that no two fall in the same month (one regular meeting a month).
EARLIER = TODAY - 100 * DAY
PAST = TODAY - 40 * DAY
NEXT = TODAY + 10 * DAY


def _assign(meeting, member, *, deadline, title="Việc", status="open"):
    """A task of `meeting`'s cell assigned to `member` (built with the models directly)."""
    task = Task.objects.create(
        committee=meeting.committee,
        cell=meeting.cell,
        meeting=meeting,
        title=title,
        deadline=deadline,
    )
    return TaskAssignment.objects.create(
        task=task,
        member=member,
        status=status,
        done_on=TODAY if status == "done" else None,
        cancel_reason="Không còn cần" if status == "cancelled" else "",
    )


def _done(assignment):
    assignment.status = "done"
    assignment.done_on = TODAY
    assignment.result = "Đã xong"
    assignment.save()


def _titles(reviews) -> list[str]:
    return [r.task.title for r in reviews]


@pytest.fixture(scope="module")
def _w(module_db):
    """A cell with its secretary (logged in elsewhere), two members, an earlier meeting with two
    open tasks (one overdue by the next meeting), and the next regular meeting in draft.

    Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Bí Thư")
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    user = member_user(secretary)
    a = MemberFactory(committee=committee, cell=cell, full_name="Nguyễn Thị An")
    b = MemberFactory(committee=committee, cell=cell, full_name="Trần Văn Bình")
    earlier = MeetingFactory(cell=cell, date=EARLIER, status="held")
    late = _assign(earlier, a, deadline=TODAY, title="Báo cáo quý")
    pending = _assign(earlier, b, deadline=NEXT + 30 * DAY, title="Thăm hỏi gia đình")
    meeting = MeetingFactory(cell=cell, date=NEXT)
    item = AgendaItemFactory(meeting=meeting, section="tasks", title="Nhiệm vụ", position=10)
    return SimpleNamespace(
        committee=committee,
        cell=cell,
        other_cell=other_cell,
        secretary=secretary,
        user=user,
        a=a,
        b=b,
        earlier=earlier,
        late=late,
        pending=pending,
        meeting=meeting,
        item=item,
    )


@pytest.fixture
def w(_w, db, client):
    w = copy.deepcopy(_w)
    w.client = client
    return w


def _publish(w, meeting=None):
    meeting = meeting or w.meeting
    result = meeting_publish(meeting=meeting, by=w.user)
    meeting.refresh_from_db()
    return result


def _client(w, user=None):
    client = w.client
    client.force_login(user or w.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- the live list --------------------------------------------------------------------------------


def test_before_publishing_the_list_is_live(w):
    reviews = followup.review_items(w.meeting)
    assert reviews.applies and not reviews.frozen
    assert _titles(reviews) == ["Báo cáo quý", "Thăm hỏi gia đình"]  # by deadline
    assert [r.overdue for r in reviews] == [True, False]  # on the meeting date
    assert all(r.pk is None and r.outcome == "" for r in reviews)
    # A task completed disappears; a new overdue one appears.
    _done(w.late)
    _assign(w.earlier, w.b, deadline=NEXT - DAY, title="Nộp đảng phí")
    reviews = followup.review_items(w.meeting)
    assert _titles(reviews) == ["Nộp đảng phí", "Thăm hỏi gia đình"]
    assert [r.overdue for r in reviews] == [True, False]
    assert not TaskReview.objects.exists()


def test_other_cells_this_meetings_and_later_meetings_tasks_are_not_listed(w):
    foreign = MeetingFactory(cell=w.other_cell, date=EARLIER, status="held")
    _assign(foreign, MemberFactory(committee=w.committee, cell=w.other_cell), deadline=TODAY)
    _assign(w.meeting, w.a, deadline=NEXT + 5 * DAY, title="Việc của buổi này")
    later = MeetingFactory(cell=w.cell, date=NEXT + 60 * DAY, kind="extraordinary")
    _assign(later, w.a, deadline=NEXT + 90 * DAY, title="Việc sau")
    _assign(w.earlier, w.a, deadline=TODAY, title="Đã xong", status="done")
    _assign(w.earlier, w.b, deadline=TODAY, title="Đã hủy", status="cancelled")
    assert _titles(followup.review_items(w.meeting)) == ["Báo cáo quý", "Thăm hỏi gia đình"]
    _publish(w)
    assert set(TaskReview.objects.values_list("assignment_id", flat=True)) == {
        w.late.pk,
        w.pending.pk,
    }


def test_only_a_regular_cell_meeting_reviews_tasks(w):
    extraordinary = MeetingFactory(cell=w.cell, date=NEXT + DAY, kind="extraordinary")
    AgendaItemFactory(meeting=extraordinary)
    executive = MeetingFactory(cell=None, body="executive", committee=w.committee, date=NEXT)
    AgendaItemFactory(meeting=executive)
    for meeting in (extraordinary, executive):
        assert not followup.review_items(meeting).applies
        _publish(w, meeting)
        assert not TaskReview.objects.filter(meeting=meeting).exists()


# --- publishing keeps the list --------------------------------------------------------------------


def test_publishing_keeps_the_list_as_it_was(w):
    result = _publish(w)
    assert result.first
    kept = TaskReview.objects.filter(meeting=w.meeting).order_by("pk")
    assert [(r.assignment_id, r.listed_status, r.listed_overdue) for r in kept] == [
        (w.late.pk, "open", True),
        (w.pending.pk, "open", False),
    ]
    assert kept[0].history.first().history_user == w.user
    # Completed later: still on this meeting's list, with its current status beside it.
    _done(w.late)
    _assign(w.earlier, w.a, deadline=TODAY, title="Việc mới")
    reviews = followup.review_items(w.meeting)
    assert reviews.frozen
    assert _titles(reviews) == ["Báo cáo quý", "Thăm hỏi gia đình"]
    assert [(r.status, r.changed) for r in reviews] == [("open", True), ("open", False)]
    # Publishing the changes later keeps the first list.
    AgendaItemFactory(meeting=w.meeting, section="other", title="Thêm")
    assert _publish(w).changed
    assert TaskReview.objects.filter(meeting=w.meeting).count() == 2


def test_a_meeting_published_with_no_open_task_stays_empty(w):
    _done(w.late)
    _done(w.pending)
    _publish(w)
    _assign(w.earlier, w.a, deadline=TODAY, title="Việc mới")
    reviews = followup.review_items(w.meeting)
    assert reviews.frozen and list(reviews) == []


def test_the_snapshot_never_duplicates(w):
    _publish(w)
    assert followup.followup_snapshot(meeting=w.meeting, by=w.user) == []
    assert TaskReview.objects.filter(meeting=w.meeting).count() == 2


def test_recording_a_meeting_entered_afterwards_keeps_its_list(w):
    meeting = meeting_create(
        committee=w.committee,
        body="cell",
        cell=w.cell,
        kind="regular",
        date=PAST,
        start_time=datetime.time(16, 30),
        by=w.user,
    )
    assert meeting.status == "held" and meeting.recorded_afterwards
    reviews = followup.review_items(meeting)
    assert not reviews.frozen
    assert [(r.task.title, r.overdue) for r in reviews] == [
        ("Báo cáo quý", False),  # its deadline is after that meeting's date
        ("Thăm hỏi gia đình", False),
    ]
    recording_start(meeting=meeting, by=w.user)
    assert followup.review_items(meeting).frozen
    assert TaskReview.objects.filter(meeting=meeting).count() == 2
    # Starting again adds nothing, even a task assigned since.
    _assign(w.earlier, w.a, deadline=TODAY, title="Việc mới")
    recording_start(meeting=meeting, by=w.user)
    assert TaskReview.objects.filter(meeting=meeting).count() == 2


def test_recording_a_published_meeting_keeps_the_list_of_publishing(w):
    meeting = MeetingFactory(cell=w.cell, date=PAST)
    AgendaItemFactory(meeting=meeting, section="tasks")
    _publish(w, meeting)
    assert TaskReview.objects.filter(meeting=meeting).count() == 2
    _assign(w.earlier, w.a, deadline=TODAY, title="Việc mới")
    recording_start(meeting=meeting, by=w.user)
    assert TaskReview.objects.filter(meeting=meeting).count() == 2


# --- the outcomes in the minutes ------------------------------------------------------------------


@pytest.fixture
def held(w):
    """The meeting published (list kept) and held, its minutes started."""
    w.meeting.date = PAST
    w.meeting.month = PAST.replace(day=1)
    w.meeting.save()
    _publish(w)
    recording_start(meeting=w.meeting, by=w.user)
    w.reviews = list(TaskReview.objects.filter(meeting=w.meeting).order_by("pk"))
    return w


def _version(meeting) -> int:
    return Minutes.objects.get(meeting=meeting).version


def _save(w, reviews, version=None, **kwargs):
    return minutes_save(
        meeting=w.meeting,
        version=_version(w.meeting) if version is None else version,
        by=w.user,
        reviews=reviews,
        **kwargs,
    )


def _outcomes(w) -> list[str]:
    return list(
        TaskReview.objects.filter(meeting=w.meeting)
        .order_by("pk")
        .values_list("outcome", flat=True)
    )


def test_outcomes_are_saved_with_the_minutes_version(held):
    w = held
    first, second = w.reviews
    version = _version(w.meeting)
    result = _save(w, {first.pk: "  Đã nộp báo cáo  ", second.pk: ""})
    assert result.changed and result.version == version + 1
    assert _outcomes(w) == ["Đã nộp báo cáo", ""]
    assert TaskReview.objects.get(pk=first.pk).history.first().history_user == w.user
    # The same text again changes nothing.
    assert not _save(w, {first.pk: "Đã nộp báo cáo"}).changed
    assert _version(w.meeting) == version + 1


def test_a_stale_save_of_outcomes_is_refused(held):
    w = held
    first = w.reviews[0]
    version = _version(w.meeting)
    _save(w, {first.pk: "Lần một"}, version=version)
    with pytest.raises(StaleMinutes):
        _save(w, {first.pk: "Lần hai"}, version=version)
    assert _outcomes(w)[0] == "Lần một"


@pytest.mark.parametrize("case", ["foreign", "unknown", "too_long"])
def test_bad_outcomes_are_refused_and_nothing_is_saved(held, case):
    w = held
    first = w.reviews[0]
    if case == "foreign":
        other = MeetingFactory(cell=w.cell, date=NEXT)
        AgendaItemFactory(meeting=other)
        _publish(w, other)
        pk, text = TaskReview.objects.filter(meeting=other).first().pk, "Xa lạ"
    elif case == "unknown":
        pk, text = 999999, "Không có"
    else:
        pk, text = first.pk, "x" * (MAX_TEXT + 1)
    version = _version(w.meeting)
    with pytest.raises(ValidationError) as excinfo:
        _save(w, {first.pk if case != "too_long" else w.reviews[1].pk: "Hợp lệ", pk: text})
    assert f"review-{pk}-outcome" in excinfo.value.message_dict
    assert _version(w.meeting) == version
    assert set(_outcomes(w)) == {""}


def _approve(w, outcomes):
    """The minutes filled with `outcomes`, marked ready and approved."""
    _save(
        w,
        outcomes,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=w.secretary.pk,
        clerk_id=w.a.pk,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 20,
            "quality_conduct": 40,
            "quality_closing": 15,
        },
    )
    minutes_mark_ready(meeting=w.meeting, by=w.user)
    minutes_approve(meeting=w.meeting, by=w.user)


def test_outcomes_are_refused_after_approval_and_amended(held):
    w = held
    first = w.reviews[0]
    _approve(w, {first.pk: "Đang làm"})
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _save(w, {first.pk: "Sửa lén"})
    assert "correct them with an amendment" in excinfo.value.messages[0]
    assert _outcomes(w)[0] == "Đang làm"
    targets = {t.key: t for t in amendment_targets(w.meeting)}
    key = f"review:{first.pk}"
    assert targets[key].value == "Đang làm" and "Báo cáo quý" in targets[key].label
    # After section (b)'s item (the only item here), in the order of the minutes.
    keys = list(targets)
    assert keys.index(key) > keys.index(f"item:{w.item.pk}:conclusion")
    amend_text(meeting=w.meeting, target=key, new_value="Đã hoàn thành", why="Ghi nhầm", by=w.user)
    assert _outcomes(w)[0] == "Đã hoàn thành"
    amendment = Amendment.objects.get(meeting=w.meeting, target=key)
    assert (amendment.old_value, amendment.new_value) == ("Đang làm", "Đã hoàn thành")
    with pytest.raises(ValidationError):
        amend_text(meeting=w.meeting, target="review:999999", new_value="x", why="y", by=w.user)


# --- the pages ------------------------------------------------------------------------------------


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> list[str]:
    return re.findall(r'class="fw-semibold task-review-title">([^<]*)<', html)


def test_the_agenda_shows_the_live_list_then_the_kept_one(w):
    client = _client(w)
    url = w.meeting.get_absolute_url()
    html = _page(client, url)
    assert "Review of last month's tasks" in html
    assert "kept up to date until the agenda is published" in html
    assert _rows(html) == ["Báo cáo quý", "Thăm hỏi gia đình"]
    assert "Nguyễn Thị An" in html and "task-review-overdue" in html
    _publish(w)
    _done(w.late)
    _assign(w.earlier, w.a, deadline=TODAY, title="Việc mới")
    html = _page(client, url)
    assert "As listed when the agenda was published" in html
    assert _rows(html) == ["Báo cáo quý", "Thăm hỏi gia đình"]
    assert "Done since" in html
    # A member of the cell reads the published agenda with its list.
    member = member_user(w.b)
    assert _rows(_page(_client(w, member), url)) == ["Báo cáo quý", "Thăm hỏi gia đình"]


def test_the_htmx_agenda_keeps_the_list(w):
    client = _client(w)
    response = client.post(
        reverse("meetings:agenda_add", args=[w.meeting.pk]),
        {"section": "other", "title": "Mới"},
        headers={"HX-Request": "true"},
    )
    assert _rows(response.content.decode()) == ["Báo cáo quý", "Thăm hỏi gia đình"]


def test_the_agenda_of_a_meeting_without_open_tasks_says_so(w):
    _done(w.late)
    _done(w.pending)
    w.item.delete()  # section (b) has no item: the review still shows under its heading
    AgendaItemFactory(meeting=w.meeting, section="political")
    html = _page(_client(w), w.meeting.get_absolute_url())
    assert "No open tasks from earlier meetings." in html


def _grow(w, count):
    for n in range(count):
        _assign(
            w.earlier,
            MemberFactory(committee=w.committee, cell=w.cell),
            deadline=TODAY,
            title=f"Việc {n}",
        )


@pytest.mark.parametrize("published", [False, True])
def test_the_meeting_page_makes_as_many_queries_for_5_as_for_50_tasks(
    w, published, django_assert_num_queries
):
    _grow(w, 3)  # 5 with the fixture's two
    if published:
        _publish(w)
    client = _client(w)
    url = w.meeting.get_absolute_url()
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as five:
        html = _page(client, url)
    assert len(_rows(html)) == 5
    _grow(w, 45)
    if published:
        # Kept rows of the same meeting (as if listed when published).
        for assignment in TaskAssignment.objects.exclude(reviews__meeting=w.meeting):
            TaskReview.objects.create(
                meeting=w.meeting, assignment=assignment, listed_status="open", listed_overdue=True
            )
    with django_assert_num_queries(len(five)):
        html = _page(client, url)
    assert len(_rows(html)) == 50


def _form_fields(html: str) -> list[str]:
    return re.findall(r'name="(review-\d+-outcome)"', html)


def test_the_minutes_form_saves_outcomes_and_keeps_them_when_stale(held):
    w = held
    first, second = w.reviews
    client = _client(w)
    url = reverse("meetings:minutes_edit", args=[w.meeting.pk])
    html = _page(client, url)
    assert _form_fields(html) == [f"review-{first.pk}-outcome", f"review-{second.pk}-outcome"]
    version = _version(w.meeting)
    response = client.post(
        url, {"version": version, f"review-{first.pk}-outcome": "Đã nộp báo cáo"}
    )
    assert response.status_code == 302
    assert _outcomes(w) == ["Đã nộp báo cáo", ""]
    assert _version(w.meeting) == version + 1
    # A post on the old version is refused: nothing saved, her text still on the page.
    response = client.post(url, {"version": version, f"review-{first.pk}-outcome": "Bản cũ"})
    assert response.status_code == 409
    assert "Bản cũ" in response.content.decode()
    assert _outcomes(w)[0] == "Đã nộp báo cáo"
    # Too long: the error is next to the field.
    response = client.post(
        url,
        {"version": _version(w.meeting), f"review-{second.pk}-outcome": "x" * (MAX_TEXT + 1)},
    )
    assert response.status_code == 200
    assert f'data-error-for="review-{second.pk}-outcome"' in response.content.decode()
    assert _outcomes(w)[1] == ""


def test_the_autosave_saves_outcomes_and_names_the_bad_field(held):
    w = held
    first = w.reviews[0]
    client = _client(w)
    url = reverse("meetings:minutes_autosave", args=[w.meeting.pk])
    version = _version(w.meeting)
    response = client.post(url, {"version": version, f"review-{first.pk}-outcome": "Xong"})
    assert response.status_code == 200 and response.json()["version"] == version + 1
    assert _outcomes(w)[0] == "Xong"
    response = client.post(url, {"version": version + 1, "review-999999-outcome": "Lạ"})
    assert response.status_code == 400
    assert "review-999999-outcome" in response.json()["errors"]


def test_the_minutes_page_print_and_docx_show_the_outcomes(held):
    w = held
    first = w.reviews[0]
    _save(w, {first.pk: "Đã nộp báo cáo ngày 20"})
    client = _client(w)
    html = _page(client, reverse("meetings:minutes", args=[w.meeting.pk]))
    assert _rows(html) == ["Báo cáo quý", "Thăm hỏi gia đình"]
    assert "Đã nộp báo cáo ngày 20" in html
    heading = "Kiểm điểm việc thực hiện nhiệm vụ tháng trước:"
    deadline = TODAY.strftime("%d/%m/%Y")
    line = f"- Báo cáo quý — đồng chí Nguyễn Thị An, hạn {deadline}: Đã nộp báo cáo ngày 20"
    html = _page(client, reverse("meetings:minutes_print", args=[w.meeting.pk]))
    assert heading in html and line in html
    response = client.get(reverse("meetings:minutes_docx", args=[w.meeting.pk]))
    texts = [p.text for p in docx.Document(BytesIO(response.content)).paragraphs]
    assert heading in texts
    assert line in texts
    assert texts.index(heading) > texts.index("1. Nhiệm vụ")
    assert any(t.startswith("- Thăm hỏi gia đình — đồng chí Trần Văn Bình") for t in texts)


def test_the_official_minutes_write_section_b_for_its_review_alone(held):
    w = held
    w.item.delete()
    AgendaItemFactory(meeting=w.meeting, section="party", title="Xây dựng Đảng")
    AgendaItemFactory(meeting=w.meeting, section="political", title="Tư tưởng")
    content = minutes_content(Meeting.objects.with_related().get(pk=w.meeting.pk))
    assert [(s.key, s.heading.split(".")[0], len(s.reviews)) for s in content.sections] == [
        ("political", "I", 0),
        ("tasks", "II", 2),
        ("party", "III", 0),
    ]
    html = _page(_client(w), reverse("meetings:minutes", args=[w.meeting.pk]))
    assert _rows(html) == ["Báo cáo quý", "Thăm hỏi gia đình"]


@pytest.mark.parametrize("name", ["minutes_edit", "minutes"])
def test_the_minutes_pages_make_as_many_queries_for_5_as_for_50_tasks(
    held, name, django_assert_num_queries
):
    w = held
    client = _client(w)
    url = reverse(f"meetings:{name}", args=[w.meeting.pk])

    def grow(count):
        _grow(w, count)
        for assignment in TaskAssignment.objects.exclude(reviews__meeting=w.meeting):
            TaskReview.objects.create(
                meeting=w.meeting, assignment=assignment, listed_status="open", outcome="Xong"
            )

    grow(3)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        html = _page(client, url)
    assert len(re.findall(r'class="[^"]*\btask-review(?=[" ])', html)) == 5
    grow(45)
    with django_assert_num_queries(len(five)):
        html = _page(client, url)
    assert len(re.findall(r'class="[^"]*\btask-review(?=[" ])', html)) == 50


def test_an_outcome_is_corrected_through_the_amendment_form(held):
    w = held
    first = w.reviews[0]
    _approve(w, {first.pk: "Đang làm"})
    client = _client(w)
    url = reverse("meetings:minutes_amend", args=[w.meeting.pk])
    key = f"review:{first.pk}"
    html = _page(client, f"{url}?target={key}")
    assert f'value="{key}" selected' in html and "Đang làm" in html
    response = client.post(url, {"target": key, "new_value": "Đã xong", "why": "Ghi nhầm"})
    assert response.status_code == 302
    assert _outcomes(w)[0] == "Đã xong"
    html = _page(client, reverse("meetings:minutes", args=[w.meeting.pk]))
    assert "Đã xong" in html and "Ghi nhầm" in html


@pytest.mark.parametrize(
    ("keys", "reviews", "expected"),
    [
        (["political", "party"], ["a review"], 1),  # between (a) and (c)
        (["party", "other"], ["a review"], 0),  # first
        (["political"], ["a review"], 1),  # last
        (["political", "tasks", "party"], ["a review"], None),  # already there
        (["political", "party"], [], None),  # nothing to review
    ],
)
def test_where_section_b_goes_when_it_has_no_item(keys, reviews, expected):
    """One rule for the minutes page and the official minutes (DOCX, print)."""
    assert followup.review_section_at(keys, reviews) == expected


# --- issue 17 item 14: overdue only when done late or still open past the deadline ---------------


def test_a_task_done_by_its_deadline_is_not_overdue_at_a_later_meeting(w):
    """Listed when the agenda was published (open, due before the meeting), then done by its
    deadline: the review of that later meeting does not call it overdue."""
    _publish(w)
    kept = TaskReview.objects.get(meeting=w.meeting, assignment=w.late)
    assert kept.listed_overdue  # as it stood when listed: open, due before the meeting
    assert [r.overdue for r in followup.review_items(w.meeting)] == [True, False]
    _done(w.late)  # done today: its deadline
    reviews = followup.review_items(w.meeting)
    assert [(r.task.title, r.overdue) for r in reviews] == [
        ("Báo cáo quý", False),
        ("Thăm hỏi gia đình", False),
    ]
    html = _page(_client(w), w.meeting.get_absolute_url())
    assert "Done since" in html
    assert "task-review-overdue" not in html and "border-danger" not in html


def test_overdue_in_the_review_when_done_late_or_still_open_past_the_deadline(w):
    done_late = _assign(w.earlier, w.a, deadline=TODAY - 5 * DAY, title="Nộp muộn")
    still_open = _assign(w.earlier, w.b, deadline=TODAY - 3 * DAY, title="Chưa làm")
    cancelled = _assign(w.earlier, w.b, deadline=TODAY - 2 * DAY, title="Đã hủy")
    _publish(w)
    _done(done_late)  # today, after its deadline
    TaskAssignment.objects.filter(pk=cancelled.pk).update(
        status="cancelled", cancel_reason="Không còn cần"
    )
    overdue = {r.task.title: r.overdue for r in followup.review_items(w.meeting)}
    assert overdue == {
        "Nộp muộn": True,
        "Chưa làm": True,
        "Đã hủy": False,
        "Báo cáo quý": True,  # still open; its deadline is before the meeting
        "Thăm hỏi gia đình": False,
    }
    assert still_open.status == "open"


def test_overdue_is_judged_on_the_day_of_the_meeting(w):
    """`TaskAssignment.overdue_on(day)`: what the part was on the meeting's day, so an approved
    record never changes with what happens after."""
    part = w.late  # deadline: today
    assert (part.overdue_on(TODAY), part.overdue_on(TODAY + DAY)) == (False, True)
    part.status, part.done_on, part.result = "done", TODAY + 2 * DAY, "Xong"  # two days late
    assert part.overdue_on(TODAY + 5 * DAY) is True  # done after its deadline
    assert part.overdue_on(TODAY + DAY) is True  # not done yet that day, and past its deadline
    assert part.overdue_on(TODAY) is False  # not due yet that day
    part.done_on = TODAY  # on its deadline
    assert part.overdue_on(TODAY + 5 * DAY) is False
    part.status, part.done_on, part.cancel_reason = "cancelled", None, "Không cần"
    part.save()
    TaskAssignment.objects.filter(pk=part.pk).update(
        updated_at=timezone.now() + 5 * datetime.timedelta(days=1)
    )
    part.refresh_from_db()
    assert part.overdue_on(TODAY + 3 * DAY) is True  # still open that day, past its deadline
    assert part.overdue_on(TODAY + 10 * DAY) is False  # cancelled by then


def test_the_minutes_call_overdue_only_a_task_done_late_or_still_open(w):
    on_time = _assign(w.earlier, w.a, deadline=PAST - 5 * DAY, title="Xong đúng hạn")
    late = _assign(w.earlier, w.b, deadline=PAST - 5 * DAY, title="Xong trễ hạn")
    w.meeting.date = PAST
    w.meeting.month = PAST.replace(day=1)
    w.meeting.save()
    _publish(w)
    assert TaskReview.objects.get(meeting=w.meeting, assignment=on_time).listed_overdue
    for assignment, day in ((on_time, PAST - 6 * DAY), (late, PAST - 2 * DAY)):
        assignment.status, assignment.done_on, assignment.result = "done", day, "Đã xong"
        assignment.save()
    recording_start(meeting=w.meeting, by=w.user)
    content = minutes_content(Meeting.objects.with_related().get(pk=w.meeting.pk))
    (section,) = [s for s in content.sections if s.reviews]
    deadline = f"{PAST - 5 * DAY:%d/%m/%Y}"
    assert [r.task for r in section.reviews][:2] == [
        f"Xong đúng hạn — đồng chí Nguyễn Thị An, hạn {deadline}",
        f"Xong trễ hạn — đồng chí Trần Văn Bình, hạn {deadline}, quá hạn",
    ]
    html = _page(_client(w), reverse("meetings:minutes", args=[w.meeting.pk]))
    assert html.count("task-review-overdue") == 1
