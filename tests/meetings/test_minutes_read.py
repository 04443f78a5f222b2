"""Reading the minutes (issue 7 item 7): `meetings/views/official.py` and the record panel.

Members of the cell read approved minutes; drafts only the chair, the clerk, the cell's officers
and the committee's officers. The page, the print view and the DOCX share one access rule.
"""

import copy
import datetime

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.decisions.tasks import task_assign
from meetings.models import Minutes
from meetings.record.amendments import amend_text
from meetings.record.attendance import attendance_set, guest_add, recording_start
from meetings.record.minutes import (
    ContributionText,
    ItemText,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

VIEWS = ("minutes", "minutes_print", "minutes_docx")
PAST = timezone.localdate() - datetime.timedelta(days=60)


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c=cell, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member_user(member)

    users = {
        "secretary": person(role="cell_secretary"),
        "cell_officer": person(role="cell_committee_member"),
        "chair": person(full_name="Nguyễn Văn Chủ"),
        "clerk": person(full_name="Lê Thị Ký"),
        "member": person(),
        "member_other_cell": person(other_cell),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
    }
    meeting = MeetingFactory(cell=cell, date=PAST, status="published")
    item = AgendaItemFactory(meeting=meeting, title="Thông tin thời sự")
    return {"committee": committee, "cell": cell, "meeting": meeting, "item": item, **users}


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def _start(world, meeting=None):
    meeting = meeting or world["meeting"]
    recording_start(meeting=meeting, by=world["secretary"])
    return meeting


def _write(world, meeting=None, *, contributions=(), chair=None, clerk=None):
    """Draft minutes, chair and clerk set, complete enough to be marked ready."""
    meeting = _start(world, meeting)
    chair = chair or world["chair"].member
    clerk = clerk or world["clerk"].member
    minutes = Minutes.objects.get(meeting=meeting)
    items = {}
    for item in meeting.agenda_items.all():
        items[item.pk] = ItemText(
            summary="Tóm tắt nội dung.",
            conclusion="Kết luận nội dung.",
            contributions=[
                ContributionText(speaker=f"m{m.pk}", text=f"Ý kiến của {m.full_name}.")
                for m in contributions
            ],
        )
    minutes_save(
        meeting=meeting,
        version=minutes.version,
        by=world["secretary"],
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=chair.pk,
        clerk_id=clerk.pk,
        items=items,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 18,
            "quality_conduct": 40,
            "quality_closing": 19,
        },
    )
    return meeting


def _approve(world, meeting=None):
    meeting = _write(world, meeting)
    minutes_mark_ready(meeting=meeting, by=world["clerk"])
    minutes_approve(meeting=meeting, by=world["chair"])
    return meeting


def _get(client, user, name, meeting):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse(f"meetings:{name}", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VIEWS)
def test_member_reads_approved_minutes_but_not_drafts(world, client, name):
    meeting = _write(world)
    assert _get(client, world["member"], name, meeting).status_code == 403
    _approve(world, meeting)
    assert _get(client, world["member"], name, meeting).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("who", ["clerk", "chair", "secretary", "cell_officer", "officer"])
def test_chair_clerk_and_officers_read_drafts(world, client, who, name):
    meeting = _write(world)
    assert _get(client, world[who], name, meeting).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_member_of_another_cell_gets_404(world, client, name):
    meeting = _approve(world)
    assert _get(client, world["member_other_cell"], name, meeting).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_observer_reads_approved_minutes_of_a_published_cell_meeting(world, client, name):
    meeting = _write(world)
    assert _get(client, world["observer"], name, meeting).status_code == 403
    _approve(world, meeting)
    assert _get(client, world["observer"], name, meeting).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_minutes_not_started_is_404(world, client, name):
    assert _get(client, world["secretary"], name, world["meeting"]).status_code == 404


def test_anonymous_is_sent_to_log_in(world, client):
    meeting = _approve(world)
    response = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert response.status_code == 302
    assert settings.LOGIN_URL in response["Location"]


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_record(world, client):
    meeting = _approve(world)
    html = _get(client, world["member"], "minutes", meeting).content.decode()
    assert "1. Thông tin thời sự" in html
    assert "Tóm tắt nội dung." in html
    assert "Kết luận nội dung." in html
    assert "Good" in html and "92/100 points" in html
    approved_on = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Approved by Nguyễn Văn Chủ on {approved_on}" in html
    assert reverse("meetings:minutes_print", args=[meeting.pk]) in html
    assert reverse("meetings:minutes_docx", args=[meeting.pk]) in html
    # A member neither edits nor amends.
    assert reverse("meetings:minutes_edit", args=[meeting.pk]) not in html
    assert reverse("meetings:minutes_amend", args=[meeting.pk]) not in html
    assert 'id="headcount"' in html


def test_contributions_and_guests_on_the_page(world, client):
    meeting = _start(world)
    guest = guest_add(
        meeting=meeting, name="Đỗ Văn Khách", title="Đảng ủy viên", by=world["secretary"]
    )
    minutes = Minutes.objects.get(meeting=meeting)
    minutes_save(
        meeting=meeting,
        version=minutes.version,
        by=world["secretary"],
        items={
            world["item"].pk: ItemText(
                contributions=[
                    ContributionText(speaker=f"m{world['member'].member.pk}", text="Thứ nhất."),
                    ContributionText(speaker=f"g{guest.pk}", text="Thứ hai."),
                ]
            )
        },
    )
    html = _get(client, world["secretary"], "minutes", meeting).content.decode()
    first = html.index("Thứ nhất.")
    assert html.index("Đỗ Văn Khách (Đảng ủy viên)") > first
    assert html.index("Thứ hai.") > first
    assert "Đỗ Văn Khách — Đảng ủy viên" in html  # the guests list
    # A draft: the recorder edits it, nobody amends it.
    assert reverse("meetings:minutes_edit", args=[meeting.pk]) in html
    assert reverse("meetings:minutes_amend", args=[meeting.pk]) not in html


def test_amendments_are_listed_under_the_minutes(world, client):
    meeting = _approve(world)
    amend_text(
        meeting=meeting,
        target=f"item:{world['item'].pk}:summary",
        new_value="Tóm tắt đã sửa.",
        why="Ghi nhầm.",
        by=world["secretary"],
    )
    html = _get(client, world["member"], "minutes", meeting).content.decode()
    assert "Tóm tắt đã sửa." in html
    assert html.count("Tóm tắt nội dung.") == 1  # only as the old value of the amendment
    assert "Ghi nhầm." in html
    assert world["secretary"].member.full_name in html
    html = _get(client, world["chair"], "minutes", meeting).content.decode()
    assert reverse("meetings:minutes_amend", args=[meeting.pk]) in html
    assert reverse("meetings:minutes_edit", args=[meeting.pk]) not in html


def _grow_meeting(world, cell, count):
    """An approved meeting of `cell` with `count` members, each with a contribution."""
    speakers = [MemberFactory(committee=world["committee"], cell=cell) for _ in range(count)]
    meeting = MeetingFactory(cell=cell, date=PAST, status="published")
    for n in range(3):
        AgendaItemFactory(meeting=meeting, section=["political", "tasks", "other"][n])
    recording_start(meeting=meeting, by=world["officer"])
    for guest in range(count // 5):
        guest_add(meeting=meeting, name=f"Khách {guest}", by=world["officer"])
    for speaker in speakers[: count // 5]:
        attendance_set(
            meeting=meeting, member_id=speaker.pk, status="excused", reason="ốm", by=None
        )
    _write(world, meeting, contributions=speakers, chair=speakers[-1], clerk=speakers[-2])
    for n in range(count // 5):  # tasks given, each to as many members
        task_assign(
            meeting=meeting,
            title=f"Nhiệm vụ {n}",
            deadline=meeting.date + datetime.timedelta(days=30),
            members=speakers[: count // 5],
            by=world["officer"],
        )
    minutes_mark_ready(meeting=meeting, by=world["officer"])
    minutes_approve(meeting=meeting, by=world["officer"])
    for n in range(count // 5):
        amend_text(
            meeting=meeting,
            target=f"item:{meeting.agenda_items.first().pk}:summary",
            new_value=f"Tóm tắt lần {n}.",
            why="Sửa.",
            by=world["officer"],
        )
    return meeting


@pytest.mark.parametrize("name", ["minutes", "minutes_print", "minutes_docx"])
def test_as_many_queries_for_5_as_for_50_members_and_contributions(
    world, client, django_assert_num_queries, name
):
    small = _grow_meeting(world, CellFactory(committee=world["committee"]), 5)
    large = _grow_meeting(world, CellFactory(committee=world["committee"]), 50)
    _get(client, world["officer"], name, small)  # warm the session and caches
    with CaptureQueriesContext(connection) as five:
        response = _get(client, world["officer"], name, small)
    assert response.status_code == 200
    with django_assert_num_queries(len(five)):
        response = _get(client, world["officer"], name, large)
    assert response.status_code == 200
    if name == "minutes":
        html = response.content.decode()
        assert html.count('minutes-contribution"') == 3 * 50
        assert html.count('class="list-group-item minutes-task"') == 10


# --- the record panel on the meeting page -----------------------------------------------------


def _panel(client, user, meeting):
    return _get(client, user, "detail", meeting).content.decode()


def test_record_panel_offers_to_start_a_past_published_meeting(world, client):
    meeting = world["meeting"]
    start = reverse("meetings:record_start", args=[meeting.pk])
    html = _panel(client, world["secretary"], meeting)
    assert 'id="record"' in html and "not started" in html
    assert start in html
    assert start not in _panel(client, world["member"], meeting)
    assert 'id="record"' in _panel(client, world["member"], meeting)
    future = MeetingFactory(
        cell=world["cell"], date=timezone.localdate() + datetime.timedelta(days=40)
    )
    assert 'id="record"' not in _panel(client, world["secretary"], future)  # a draft
    future.status = "published"
    future.save()
    html = _panel(client, world["secretary"], future)
    assert 'id="record"' in html
    assert reverse("meetings:record_start", args=[future.pk]) not in html


def test_record_panel_while_the_minutes_are_written_and_once_approved(world, client):
    meeting = _write(world)
    links = {
        name: reverse(f"meetings:{name}", args=[meeting.pk])
        for name in ("attendance", "minutes_edit", "minutes", "minutes_print", "minutes_docx")
    }
    html = _panel(client, world["clerk"], meeting)
    assert reverse("meetings:record_start", args=[meeting.pk]) not in html
    assert all(url in html for url in links.values())
    html = _panel(client, world["member"], meeting)
    assert not any(url in html for url in links.values())
    assert "Members read the minutes once they are approved." in html
    _approve(world, meeting)
    html = _panel(client, world["member"], meeting)
    assert links["minutes"] in html and links["minutes_docx"] in html
    assert links["minutes_edit"] not in html
    assert "Approved by Nguyễn Văn Chủ" in html
    assert links["minutes_edit"] not in _panel(client, world["clerk"], meeting)


def test_the_minutes_page_is_kept_until_an_amendment(
    world, client, page_cache, django_capture_on_commit_callbacks
):
    """One cached part per user, meeting and day (`core.versions`); an amendment (a write of the
    meeting's committee) shows at once, to the member too."""
    meeting = _approve(world)

    def get(who):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, world[who], "minutes", meeting)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    first, made = get("member")
    again, kept = get("member")
    assert kept < made
    assert "Tóm tắt nội dung." in again and "Tóm tắt đã sửa." not in first
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        amend_text(
            meeting=meeting,
            target=f"item:{world['item'].pk}:summary",
            new_value="Tóm tắt đã sửa.",
            why="Ghi nhầm.",
            by=world["secretary"],
        )
    assert "Tóm tắt đã sửa." in get("member")[0]
