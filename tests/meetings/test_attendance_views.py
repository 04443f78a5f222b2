"""The attendance sheet and guests of a held meeting: `meetings/views/attendance.py` over
`meetings/record/` (issue 7 items 1, 2 and the attendance side of 5).

Each write works as a plain POST (redirect + message, or the sheet again with the error) and as
an htmx request (the row or guests partial); bad input is refused with a clear message and saves
nothing; after approval every write is refused and a correction is an amendment.
"""

import copy
import datetime
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Amendment, Attendance, Guest, Minutes
from meetings.record.amendments import amend_attendance
from meetings.record.attendance import attendance_set, guest_add, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
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

HTMX = {"HTTP_HX_REQUEST": "true"}
ROW = "meetings/_attendance_row.html"
GUESTS = "meetings/_guests.html"
SHEET = "meetings/attendance.html"
ROLES = ("secretary", "clerk", "member", "member_other_cell", "officer")


def _past(days=40):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(cell, "cell_secretary", full_name="Bí Thư Một")
    clerk = person(cell, full_name="Thư Ký Hai")
    member = person(cell, full_name="Đảng Viên Ba")
    probationary = person(cell, full_name="Dự Bị Bốn", status="probationary")
    outsider = person(other_cell, full_name="Chi Bộ Khác")
    meeting = MeetingFactory(cell=cell, date=_past(), status="published", clerk=clerk)
    AgendaItemFactory(meeting=meeting)
    users = {
        "secretary": member_user(secretary),
        "clerk": member_user(clerk),
        "member": member_user(member),
        "member_other_cell": member_user(outsider),
        "officer": officer,
    }
    recording_start(meeting=meeting, by=users["secretary"])
    return {
        "committee": committee,
        "cell": cell,
        "other_cell": other_cell,
        "meeting": meeting,
        "secretary": secretary,
        "clerk": clerk,
        "member": member,
        "probationary": probationary,
        "outsider": outsider,
        "users": users,
        "person": person,
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def _client(world, who="secretary"):
    """Logged in, in English: the assertions name the English source strings."""
    client = world["client"]
    client.force_login(world["users"][who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, meeting, *extra):
    return reverse(f"meetings:{name}", args=[meeting.pk, *extra])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _templates(response):
    return [t.name for t in response.templates]


def _row(world, member):
    return Attendance.objects.get(meeting=world["meeting"], member=member)


def _sheet_state(meeting):
    """Everything an attendance or guest write could change, history included."""
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .order_by("member_id")
        .values_list("member_id", "status", "reason", "member_status")
    )
    guests = list(Guest.objects.filter(meeting=meeting).values_list("pk", "name", "title"))
    return rows, guests, Attendance.history.count(), Guest.history.count()


def _approve(world):
    meeting = world["meeting"]
    by = world["users"]["secretary"]
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=by,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=world["secretary"].pk,
        clerk_id=world["clerk"].pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    minutes_mark_ready(meeting=meeting, by=by)
    minutes_approve(meeting=meeting, by=by)


def _status(world, who, method, url, data=None, **extra):
    client = _client(world, who)
    if method == "get":
        return client.get(url, **extra).status_code
    return client.post(url, data or {}, **extra).status_code


# --- who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "draft", "approved"),
    [
        ("secretary", 200, 200),
        ("clerk", 200, 200),
        ("member", 403, 200),
        ("member_other_cell", 404, 404),
        ("officer", 200, 200),
    ],
)
def test_who_reads_the_sheet(world, who, draft, approved):
    url = _url("attendance", world["meeting"])
    assert _status(world, who, "get", url) == draft
    _approve(world)
    assert _status(world, who, "get", url) == approved


def test_the_sheet_is_get_only(world):
    assert _client(world).post(_url("attendance", world["meeting"])).status_code == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("secretary", 302),
        ("clerk", 302),
        ("member", 403),
        ("member_other_cell", 404),
        ("officer", 302),
    ],
)
def test_who_records(world, who, expected):
    """Every write view: the recorders (the cell's secretary, the meeting's clerk, the committee's
    officers) may; another member of the cell gets 403, a member of another cell 404."""
    meeting = world["meeting"]
    guest = guest_add(meeting=meeting, name="Khách", by=world["users"]["secretary"])
    member = world["member"]
    posts = [
        (_url("record_start", meeting), {}),
        (_url("attendance_refresh", meeting), {}),
        (_url("attendance_mark", meeting, member.pk), {"status": "present"}),
        (_url("guest_add", meeting), {"name": "Đại biểu"}),
        (_url("guest_remove", meeting, guest.pk), {}),
    ]
    for url, data in posts:
        assert _status(world, who, "post", url, data) == expected, url
        assert _status(world, who, "get", url) == 405, url


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("secretary", 200),
        ("clerk", 403),  # records, but does not approve
        ("member", 403),
        ("member_other_cell", 404),
        ("officer", 200),
    ],
)
def test_who_amends(world, who, expected):
    _approve(world)
    url = _url("attendance_amend", world["meeting"], world["member"].pk)
    assert _status(world, who, "get", url) == expected


def test_the_chair_amends(world):
    """A plain member who chaired the meeting approves, so she amends too."""
    meeting = world["meeting"]
    _approve(world)
    meeting.chair = world["member"]
    meeting.save(update_fields=["chair"])
    client = _client(world, "member")
    url = _url("attendance_amend", meeting, world["secretary"].pk)
    assert client.get(url).status_code == 200
    assert (
        _url("attendance_amend", meeting, world["secretary"].pk)
        in client.get(_url("attendance", meeting)).content.decode()
    )


# --- starting the record ----------------------------------------------------------------------


def test_record_start_fills_the_sheet_and_opens_it(world):
    meeting = MeetingFactory(cell=world["cell"], date=_past(70), status="published")
    response = _client(world).post(_url("record_start", meeting))
    assert response.status_code == 302
    assert response["Location"] == _url("attendance", meeting)
    assert any("Recording started" in m for m in _messages(response))
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert Minutes.objects.filter(meeting=meeting).exists()
    names = set(
        Attendance.objects.filter(meeting=meeting).values_list("member__full_name", flat=True)
    )
    assert {"Bí Thư Một", "Thư Ký Hai", "Đảng Viên Ba", "Dự Bị Bốn"} <= names
    assert "Chi Bộ Khác" not in names


def test_record_start_again_changes_nothing(world):
    before = _sheet_state(world["meeting"])
    response = _client(world).post(_url("record_start", world["meeting"]))
    assert response["Location"] == _url("attendance", world["meeting"])
    assert any("already started" in m for m in _messages(response))
    assert _sheet_state(world["meeting"]) == before


def test_record_start_refuses_a_future_meeting(world):
    future = timezone.localdate() + datetime.timedelta(days=40)
    meeting = MeetingFactory(cell=world["cell"], date=future, status="published")
    response = _client(world).post(_url("record_start", meeting))
    assert response["Location"] == meeting.get_absolute_url()
    assert any("record it on that day or after" in m for m in _messages(response))
    assert not Minutes.objects.filter(meeting=meeting).exists()


def test_record_start_refuses_a_draft(world):
    meeting = MeetingFactory(cell=world["cell"], date=_past(70), status="draft")
    response = _client(world).post(_url("record_start", meeting))
    assert response["Location"] == meeting.get_absolute_url()
    assert any("Publish the meeting" in m for m in _messages(response))
    assert not Minutes.objects.filter(meeting=meeting).exists()


def test_the_sheet_before_recording_sends_back_to_the_meeting(world):
    meeting = MeetingFactory(cell=world["cell"], date=_past(70), status="published")
    response = _client(world).get(_url("attendance", meeting))
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert any("Nothing has been recorded" in m for m in _messages(response))


def test_writes_before_recording_are_refused(world):
    meeting = MeetingFactory(cell=world["cell"], date=_past(70), status="published")
    client = _client(world)
    response = client.post(_url("guest_add", meeting), {"name": "Khách"})
    assert response["Location"] == meeting.get_absolute_url()
    assert any("Start recording" in m for m in _messages(response))
    assert not Guest.objects.filter(meeting=meeting).exists()


# --- the sheet --------------------------------------------------------------------------------


def test_the_sheet_lists_each_member_with_her_status_and_buttons(world):
    response = _client(world).get(_url("attendance", world["meeting"]))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("secretary", "clerk", "member", "probationary"):
        member = world[key]
        assert f'id="member-{member.pk}"' in html
        assert member.full_name in html
        assert _url("attendance_mark", world["meeting"], member.pk) in html
    assert "Probationary" in html
    assert 'value="present"' in html and 'value="unexcused"' in html
    assert _url("attendance_refresh", world["meeting"]) in html
    assert _url("guest_add", world["meeting"]) in html
    assert "Chi Bộ Khác" not in html


def test_a_reader_sees_no_controls(world):
    _approve(world)
    response = _client(world, "member").get(_url("attendance", world["meeting"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "attendance-mark" not in html
    assert "attendance_refresh" not in html and "/attendance/refresh/" not in html
    assert "/guests/add/" not in html
    assert "/amend/" not in html  # she does not approve


def test_the_approved_sheet_is_read_only_with_amendment_links(world):
    _approve(world)
    response = _client(world).get(_url("attendance", world["meeting"]))
    html = response.content.decode()
    assert "The minutes are approved" in html
    assert "attendance-mark" not in html
    assert "/guests/add/" not in html
    assert _url("attendance_amend", world["meeting"], world["member"].pk) in html
    assert _url("minutes", world["meeting"]) in html


def test_the_headcount_block(world):
    meeting = world["meeting"]
    by = world["users"]["secretary"]
    attendance_set(
        meeting=meeting, member_id=world["member"].pk, status="excused", reason="Ốm", by=by
    )
    attendance_set(meeting=meeting, member_id=world["clerk"].pk, status="unexcused", by=by)
    html = _client(world).get(_url("attendance", meeting)).content.decode()
    block = html[html.index('id="headcount"') :]
    block = block[: block.index("</div>")]
    assert '<strong class="headcount-total">4</strong>' in block
    assert '<span class="headcount-official">3</span>' in block
    assert '<span class="headcount-probationary">1</span>' in block
    assert '<strong class="headcount-present">2</strong>' in block
    assert '<strong class="headcount-absent">2</strong>' in block
    assert '<span class="headcount-excused-count">1</span>' in block
    assert '<span class="headcount-unexcused-count">1</span>' in block
    assert "Đảng Viên Ba</span> (Ốm)" in block
    assert "Thư Ký Hai" in block
    assert "Absent with a reason" in block  # English, as asked


def _meeting_of_size(world, size):
    cell = CellFactory(committee=world["committee"])
    members = [
        world["person"](cell, status="probationary" if i % 4 == 0 else "official")
        for i in range(size)
    ]
    secretary = members[0]
    PositionFactory(member=secretary, cell=cell, role="cell_secretary")
    user = member_user(secretary)
    meeting = MeetingFactory(cell=cell, date=_past(), status="published")
    recording_start(meeting=meeting, by=user)
    attendance_set(
        meeting=meeting, member_id=members[1].pk, status="excused", reason="Công tác", by=user
    )
    attendance_set(meeting=meeting, member_id=members[2].pk, status="unexcused", by=user)
    guest_add(meeting=meeting, name="Khách", title="Đảng ủy viên", by=user)
    return meeting, user


@pytest.mark.parametrize("approved", [False, True])
def test_the_sheet_queries_do_not_grow_with_the_cell(world, approved):
    counts = []
    for size in (5, 50):
        meeting, user = _meeting_of_size(world, size)
        if approved:
            minutes_save(
                meeting=meeting,
                version=1,
                by=user,
                opened_at=datetime.time(16, 30),
                closed_at=datetime.time(18, 15),
                chair_id=user.member.pk,
                clerk_id=user.member.pk,
                quality={name: 10 for name, _setting in QUALITY_FIELDS},
            )
            minutes_mark_ready(meeting=meeting, by=user)
            minutes_approve(meeting=meeting, by=user)
        client = world["client"]
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url("attendance", meeting))
        assert response.status_code == 200
        assert response.content.decode().count('class="list-group-item attendance-row"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- marking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason", "saved_reason"),
    [("excused", "  Đi công tác  ", "Đi công tác"), ("unexcused", "x", ""), ("present", "x", "")],
)
def test_marking_without_javascript(world, status, reason, saved_reason):
    member = world["member"]
    if status == "present":
        attendance_set(
            meeting=world["meeting"],
            member_id=member.pk,
            status="unexcused",
            by=world["users"]["secretary"],
        )
    url = _url("attendance_mark", world["meeting"], member.pk)
    response = _client(world, "clerk").post(url, {"status": status, "reason": reason})
    assert response.status_code == 302
    assert response["Location"] == _url("attendance", world["meeting"]) + f"#member-{member.pk}"
    assert any("Đảng Viên Ba" in m for m in _messages(response))
    row = _row(world, member)
    assert (row.status, row.reason) == (status, saved_reason)


@pytest.mark.parametrize("status", ["present", "excused", "unexcused"])
def test_marking_with_htmx_answers_the_row_and_the_headcount(world, status):
    member = world["member"]
    if status == "present":
        attendance_set(
            meeting=world["meeting"],
            member_id=member.pk,
            status="unexcused",
            by=world["users"]["secretary"],
        )
    url = _url("attendance_mark", world["meeting"], member.pk)
    response = _client(world).post(url, {"status": status, "reason": "Ốm"}, **HTMX)
    assert response.status_code == 200
    assert ROW in _templates(response) and SHEET not in _templates(response)
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="list-group-item attendance-row" id="member-{member.pk}"'
    )
    assert f'data-status="{status}"' in html
    assert 'id="headcount" hx-swap-oob="true"' in html
    present = 4 if status == "present" else 3
    assert f'<strong class="headcount-present">{present}</strong>' in html
    assert _row(world, member).status == status


def test_the_row_forms_target_themselves(world):
    member = world["member"]
    html = _client(world).get(_url("attendance", world["meeting"])).content.decode()
    url = _url("attendance_mark", world["meeting"], member.pk)
    assert f'hx-post="{url}" hx-target="#member-{member.pk}" hx-swap="outerHTML"' in html


def test_excused_without_a_reason_is_refused_without_javascript(world):
    member = world["member"]
    before = _sheet_state(world["meeting"])
    url = _url("attendance_mark", world["meeting"], member.pk)
    response = _client(world).post(url, {"status": "excused", "reason": "   "})
    assert response.status_code == 200
    assert SHEET in _templates(response)
    html = response.content.decode()
    row_html = html[html.index(f'id="member-{member.pk}"') :]
    row_html = row_html[: row_html.index("</li>")]
    assert "Give the reason for the absence." in row_html
    assert "is-invalid" in row_html
    assert html.count("Give the reason for the absence.") == 1  # on her row only
    assert _sheet_state(world["meeting"]) == before


def test_excused_without_a_reason_is_refused_with_htmx(world):
    member = world["member"]
    before = _sheet_state(world["meeting"])
    url = _url("attendance_mark", world["meeting"], member.pk)
    response = _client(world).post(url, {"status": "excused"}, **HTMX)
    assert response.status_code == 200
    assert _templates(response)[0] == ROW
    assert "Give the reason for the absence." in response.content.decode()
    assert _sheet_state(world["meeting"]) == before


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_too_long_reason_is_refused_and_kept_on_screen(world, headers):
    member = world["member"]
    before = _sheet_state(world["meeting"])
    typed = "Ốm nặng " + "x" * 600
    url = _url("attendance_mark", world["meeting"], member.pk)
    response = _client(world).post(url, {"status": "excused", "reason": typed}, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "At most 500 characters." in html
    assert f'value="{typed}"' in html
    assert _sheet_state(world["meeting"]) == before


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_bad_status_is_refused(world, headers):
    before = _sheet_state(world["meeting"])
    url = _url("attendance_mark", world["meeting"], world["member"].pk)
    response = _client(world).post(url, {"status": "maybe"}, **headers)
    assert response.status_code == 200
    assert "Choose present, excused or unexcused." in response.content.decode()
    assert _sheet_state(world["meeting"]) == before


@pytest.mark.parametrize("member_key", ["outsider", None])
def test_someone_not_on_the_sheet_is_refused(world, member_key):
    member_pk = world[member_key].pk if member_key else 999_999
    before = _sheet_state(world["meeting"])
    url = _url("attendance_mark", world["meeting"], member_pk)
    response = _client(world).post(url, {"status": "unexcused"})
    assert response.status_code == 302
    assert any("not on the attendance sheet" in m for m in _messages(response))
    assert _sheet_state(world["meeting"]) == before
    response = _client(world).post(url, {"status": "unexcused"}, **HTMX)
    assert response["HX-Redirect"].startswith(_url("attendance", world["meeting"]))
    assert _sheet_state(world["meeting"]) == before


# --- refreshing the list ----------------------------------------------------------------------


def test_refresh_adds_a_new_member(world):
    newcomer = world["person"](world["cell"], full_name="Mới Vào Năm")
    response = _client(world).post(_url("attendance_refresh", world["meeting"]))
    assert response["Location"] == _url("attendance", world["meeting"])
    assert any("1 added, 0 removed" in m for m in _messages(response))
    assert _row(world, newcomer).status == "present"


def test_refresh_with_nothing_to_change(world):
    response = _client(world).post(_url("attendance_refresh", world["meeting"]))
    assert any("up to date" in m for m in _messages(response))


# --- guests -----------------------------------------------------------------------------------


def test_adding_a_guest_without_javascript(world):
    url = _url("guest_add", world["meeting"])
    response = _client(world, "clerk").post(
        url, {"name": " Trần Thị Khách ", "title": "Đảng ủy viên"}
    )
    assert response["Location"] == _url("attendance", world["meeting"]) + "#guests"
    assert any("Trần Thị Khách" in m for m in _messages(response))
    guest = Guest.objects.get(meeting=world["meeting"])
    assert (guest.name, guest.title) == ("Trần Thị Khách", "Đảng ủy viên")
    html = _client(world).get(_url("attendance", world["meeting"])).content.decode()
    assert "Trần Thị Khách" in html and "Đảng ủy viên" in html
    assert _url("guest_remove", world["meeting"], guest.pk) in html
    assert "data-confirm=" in html


def test_adding_a_guest_with_htmx(world):
    url = _url("guest_add", world["meeting"])
    response = _client(world).post(url, {"name": "Khách Mời"}, **HTMX)
    assert response.status_code == 200
    assert _templates(response)[0] == GUESTS
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card shadow-sm mt-3" id="guests">')
    assert "Khách Mời" in html
    assert Guest.objects.filter(meeting=world["meeting"], name="Khách Mời").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "  ", "title": "Đảng ủy viên"}, "Give the guest&#x27;s name."),
        ({"name": "x" * 201}, "At most 200 characters."),
        ({"name": "Khách", "title": "y" * 201}, "At most 200 characters."),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_bad_guest_is_refused_and_kept_on_screen(world, data, error, headers):
    before = _sheet_state(world["meeting"])
    response = _client(world).post(_url("guest_add", world["meeting"]), data, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    if data.get("title"):
        assert f'value="{data["title"]}"' in html
    assert _sheet_state(world["meeting"]) == before


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_removing_a_guest(world, headers):
    guest = guest_add(meeting=world["meeting"], name="Khách Mời", by=world["users"]["secretary"])
    response = _client(world).post(_url("guest_remove", world["meeting"], guest.pk), **headers)
    if headers:
        assert response.status_code == 200
        assert _templates(response)[0] == GUESTS
        assert "was removed from the guests" in response.content.decode()
    else:
        assert response["Location"] == _url("attendance", world["meeting"]) + "#guests"
        assert any("was removed from the guests" in m for m in _messages(response))
    assert not Guest.objects.filter(pk=guest.pk).exists()
    # A second tap: already gone, said plainly.
    again = _client(world).post(_url("guest_remove", world["meeting"], guest.pk))
    assert any("already been removed" in m for m in _messages(again))


def test_removing_a_guest_of_another_meeting_is_a_404(world):
    other = MeetingFactory(cell=world["cell"], date=_past(70), status="published")
    recording_start(meeting=other, by=world["users"]["secretary"])
    guest = guest_add(meeting=other, name="Khách", by=world["users"]["secretary"])
    client = _client(world)
    assert client.post(_url("guest_remove", world["meeting"], guest.pk)).status_code == 404
    assert client.post(_url("guest_remove", world["meeting"], 999_999)).status_code == 404
    assert Guest.objects.filter(pk=guest.pk).exists()


def test_a_guest_who_spoke_is_not_removed(world):
    meeting = world["meeting"]
    by = world["users"]["secretary"]
    guest = guest_add(meeting=meeting, name="Khách Nói", by=by)
    item = meeting.agenda_items.first()
    minutes_save(
        meeting=meeting,
        version=1,
        by=by,
        items={item.pk: ItemText(contributions=[ContributionText(f"g{guest.pk}", "Ý kiến")])},
    )
    response = _client(world).post(_url("guest_remove", meeting, guest.pk))
    assert any("has contributions" in m for m in _messages(response))
    assert Guest.objects.filter(pk=guest.pk).exists()


# --- after approval: every write refused, amendments allowed ----------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_every_write_after_approval_is_refused(world, headers):
    meeting = world["meeting"]
    guest = guest_add(meeting=meeting, name="Khách", by=world["users"]["secretary"])
    world["person"](world["cell"], full_name="Mới Vào Năm")  # a refresh would add her
    _approve(world)
    before = _sheet_state(meeting)
    posts = [
        (_url("attendance_mark", meeting, world["member"].pk), {"status": "unexcused"}),
        (_url("attendance_mark", meeting, world["member"].pk), {"status": "excused"}),
        (_url("attendance_refresh", meeting), {}),
        (_url("guest_add", meeting), {"name": "Khách Mới"}),
        (_url("guest_add", meeting), {"name": ""}),
        (_url("guest_remove", meeting, guest.pk), {}),
    ]
    client = _client(world)
    for url, data in posts:
        response = client.post(url, data, **headers)
        if headers:
            assert response["HX-Redirect"].startswith(_url("attendance", meeting)), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(_url("attendance", meeting)), url
        assert any("approved and locked" in m for m in _messages(response)), url
        assert _sheet_state(meeting) == before, url


def test_an_amendment_changes_the_row_and_is_recorded(world):
    _approve(world)
    member = world["member"]
    url = _url("attendance_amend", world["meeting"], member.pk)
    client = _client(world)
    page = client.get(url)
    assert page.status_code == 200
    assert "Đảng Viên Ba" in page.content.decode()
    response = client.post(url, {"status": "excused", "reason": "Ốm", "why": "Thư ký ghi nhầm."})
    assert response.status_code == 302
    assert response["Location"] == _url("minutes", world["meeting"])
    assert any("amendment was saved" in m for m in _messages(response))
    row = _row(world, member)
    assert (row.status, row.reason) == ("excused", "Ốm")
    amendment = Amendment.objects.get(meeting=world["meeting"])
    assert amendment.target == f"attendance:{member.pk}"
    assert amendment.reason == "Thư ký ghi nhầm."
    with translation.override("vi"):  # the record is written in Vietnamese
        present, excused = (
            str(s.label) for s in (Attendance.Status.PRESENT, Attendance.Status.EXCUSED)
        )
    assert amendment.old_value == present
    assert amendment.new_value == f"{excused} (Ốm)"
    assert amendment.made_by == world["users"]["secretary"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"status": "unexcused", "why": "  "}, "Give the reason for the correction."),
        ({"status": "excused", "reason": "", "why": "Sai."}, "Give the reason for the absence."),
        ({"status": "present", "why": "Sai."}, "Nothing would change"),
        ({"status": "maybe", "why": "Sai."}, "Select a valid choice."),
    ],
)
def test_a_bad_amendment_is_refused(world, data, error):
    _approve(world)
    before = _sheet_state(world["meeting"])
    url = _url("attendance_amend", world["meeting"], world["member"].pk)
    response = _client(world).post(url, data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert _sheet_state(world["meeting"]) == before
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_amendment_before_approval(world, method):
    url = _url("attendance_amend", world["meeting"], world["member"].pk)
    client = _client(world)
    before = _sheet_state(world["meeting"])
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"status": "unexcused", "why": "Sai."})
    assert response.status_code == 302
    assert response["Location"] == (
        _url("attendance", world["meeting"]) + f"#member-{world['member'].pk}"
    )
    assert any("no amendment is needed" in m for m in _messages(response))
    assert _sheet_state(world["meeting"]) == before
    assert not Amendment.objects.exists()


def test_amending_someone_not_on_the_sheet_is_a_404(world):
    _approve(world)
    url = _url("attendance_amend", world["meeting"], world["outsider"].pk)
    assert _client(world).get(url).status_code == 404


def test_the_amended_row_shows_on_the_sheet_and_in_the_headcount(world):
    _approve(world)
    amend_attendance(
        meeting=world["meeting"],
        member_id=world["member"].pk,
        status="unexcused",
        why="Sai.",
        by=world["users"]["secretary"],
    )
    html = _client(world, "member").get(_url("attendance", world["meeting"])).content.decode()
    assert '<span class="headcount-unexcused-count">1</span>' in html
    assert re.search(r'id="member-\d+" data-status="unexcused"', html)


# --- a NUL character (issue 17 item 17): refused by the form, never a 500, nothing saved ---------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_guest_name_with_a_nul_character_is_refused(world, headers):
    before = _sheet_state(world["meeting"])
    response = _client(world).post(
        _url("guest_add", world["meeting"]),
        {"name": "Khách\x00", "title": "Đảng ủy viên"},
        **headers,
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert _sheet_state(world["meeting"]) == before


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_reason_with_a_nul_character_changes_nothing(world, headers):
    before = _sheet_state(world["meeting"])
    response = _client(world).post(
        _url("attendance_mark", world["meeting"], world["member"].pk),
        {"status": "unexcused", "reason": "ốm\x00"},
        **headers,
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert _sheet_state(world["meeting"]) == before


def test_the_nul_character_error_is_in_vietnamese(world):
    client = _client(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.post(_url("guest_add", world["meeting"]), {"name": "Khách\x00"})
    assert "ký tự NUL" in response.content.decode()
