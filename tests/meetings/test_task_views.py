"""The task pages (issue 8 item 4): assign a task at a meeting, "My tasks", the task board, mark
a part done, cancel a part — and the "My tasks" link with its overdue badge in the navbar.

Per persona (the assigned member, another member of her cell, a cell committee member, the cell
secretary, the secretary of another cell, a committee officer, an observer): 404 for what she
may not see, 403 for what she sees but may not change. Bad input keeps what was typed and saves
nothing; no garbage gives a 500.
"""

import copy

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.context_processors import navigation
from meetings.decisions import tasks
from meetings.models import Task, TaskAssignment
from meetings.record.attendance import attendance_set
from members import access
from members.models import Notification
from tests.factories import MeetingFactory, UserFactory
from tests.meetings.test_tasks import (
    DAY,
    _past,
    add_followed,
    approve,
    new_world,
    part,
    resolution_for,
    state,
    today,
)

pytestmark = pytest.mark.django_db


# Both worlds are built once for the module (see `module_db`), each in its own committee; each
# test gets a copy of one and runs in a savepoint. A test that looks at every task of the database
# compares it with what was there before (`state()`, `new_tasks`).
@pytest.fixture(scope="module")
def _world(module_db):
    return new_world()


@pytest.fixture(scope="module")
def _followed(module_db):
    return add_followed(new_world())


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


@pytest.fixture
def followed(_followed, db):
    return copy.deepcopy(_followed)


def new_tasks(before):
    """The tasks saved since `before` (a list of the pks of the tasks then)."""
    return list(Task.objects.exclude(pk__in=before).order_by("pk"))


ADD = "meetings/task_form.html"
MINE = "meetings/my_tasks.html"
BOARD = "meetings/task_board.html"
CANCEL = "meetings/assignment_cancel.html"


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def templates(response) -> list[str]:
    return [t.name for t in response.templates]


def add_url(meeting, **query):
    url = reverse("meetings:task_add", args=[meeting.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def done_url(assignment):
    return reverse("meetings:assignment_done", args=[assignment.pk])


def cancel_url(assignment):
    return reverse("meetings:assignment_cancel", args=[assignment.pk])


BOARD_URL = "/meetings/tasks/"
MINE_URL = "/meetings/tasks/mine/"


def test_the_urls():
    assert reverse("meetings:task_board") == BOARD_URL
    assert reverse("meetings:my_tasks") == MINE_URL


def task_post(w, **data):
    """A valid task form, changed by `data`."""
    form = {
        "title": "Vận động đoàn viên ưu tú",
        "details": "Ba đoàn viên",
        "deadline": (today() + 10 * DAY).strftime("%d/%m/%Y"),
        "members": [w.member.pk, w.colleague.pk],
        "resolution": "",
        "agenda_item": w.item.pk,
    }
    form.update(data)
    return form


# --- assigning a task at the meeting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("clerk", 200),
        ("officer", 200),
        ("member", 403),
        ("cell_committee", 403),
        ("observer", 403),
        ("outsider", 404),
        ("other_secretary", 404),
    ],
)
def test_task_add_access(client, world, who, status):
    response = as_(client, world, who).get(add_url(world.meeting))
    assert response.status_code == status
    before = state()
    response = as_(client, world, who).post(add_url(world.meeting), task_post(world))
    assert response.status_code == (302 if status == 200 else status)
    if status != 200:
        assert state() == before


def test_task_add_unknown_meeting_is_404(client, world):
    response = as_(client, world, "officer").get(reverse("meetings:task_add", args=[999_999]))
    assert response.status_code == 404


def test_task_add_form_lists_the_attendance_sheet(client, world):
    w = world

    attendance_set(
        meeting=w.meeting,
        member_id=w.colleague.pk,
        status="excused",
        reason="ốm",
        by=w.users["secretary"],
    )
    response = as_(client, w, "secretary").get(add_url(w.meeting))
    assert ADD in templates(response)
    html = response.content.decode()
    for member in (w.secretary, w.member, w.colleague, w.probationary, w.clerk):
        assert member.full_name in html
    assert w.outsider.full_name not in html
    assert 'type="checkbox"' in html
    assert "Excused" in html  # her attendance next to her name
    assert 'placeholder="dd/mm/yyyy"' in html


def test_task_add_preselects_the_resolution(client, world):
    w = world
    resolution = resolution_for(w.meeting, w.term, title="Về phát triển đảng viên")
    foreign = resolution_for(w.other_meeting, w.term)
    client = as_(client, w, "secretary")
    form = client.get(add_url(w.meeting, resolution=resolution.pk)).context["form"]
    assert form["resolution"].value() == resolution.pk
    assert "01-NQ/CB — Về phát triển đảng viên" in form["resolution"].as_widget()
    for garbage in (foreign.pk, "abc", "999999", ""):
        response = client.get(add_url(w.meeting, resolution=garbage))
        assert response.status_code == 200
        assert response.context["form"]["resolution"].value() is None


def test_task_add_before_recording_goes_to_the_meeting(client, world):
    w = world
    meeting = MeetingFactory(cell=w.cell, date=_past(3), status="published", kind="extraordinary")
    response = as_(client, w, "secretary").get(add_url(meeting))
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert any("Start recording" in m for m in msgs(response))


def test_task_add_after_approval_goes_to_the_minutes(client, world):
    w = world
    approve(w.meeting, w.users["secretary"], w.secretary, w.clerk)
    before = state()
    for method in ("get", "post"):
        response = getattr(as_(client, w, "secretary"), method)(
            add_url(w.meeting), task_post(w) if method == "post" else None
        )
        assert response.status_code == 302
        assert response.url == reverse("meetings:minutes", args=[w.meeting.pk])
    assert state() == before


def test_task_add_saves_and_goes_back_to_the_minutes(client, world):
    w = world
    before = list(Task.objects.values_list("pk", flat=True))
    response = as_(client, w, "secretary").post(add_url(w.meeting), task_post(w))
    assert response.status_code == 302
    assert response.url == reverse("meetings:minutes_edit", args=[w.meeting.pk])
    (task,) = new_tasks(before)
    assert (task.title, task.agenda_item, task.deadline) == (
        "Vận động đoàn viên ưu tú",
        w.item,
        today() + 10 * DAY,
    )
    assert set(task.assignments.values_list("member_id", flat=True)) == {
        w.member.pk,
        w.colleague.pk,
    }
    (message,) = msgs(response)
    assert "Đảng Viên Dung" in message and "Đảng Viên Em" in message


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/meetings/tasks/?status=open", "/meetings/tasks/?status=open"),
        ("https://evil.example/", None),
        ("//evil.example/x", None),
        ("javascript:alert(1)", None),
    ],
)
def test_task_add_next_only_to_this_site(client, world, next_url, expected):
    w = world
    response = as_(client, w, "secretary").post(add_url(w.meeting), task_post(w, next=next_url))
    assert response.status_code == 302
    assert response.url == (expected or reverse("meetings:minutes_edit", args=[w.meeting.pk]))


def test_task_add_next_from_the_query_string_goes_into_the_form(client, world):
    w = world
    response = as_(client, w, "secretary").get(add_url(w.meeting, next="/meetings/tasks/"))
    assert response.context["form"]["next"].value() == "/meetings/tasks/"
    assert response.context["cancel_url"] == "/meetings/tasks/"
    evil = as_(client, w, "secretary").get(add_url(w.meeting, next="https://evil.example/"))
    assert evil.context["form"]["next"].value() == ""


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"deadline": "__before__"}, "deadline", "cannot be before the meeting"),
        ({"deadline": "31/02/2026"}, "deadline", "Enter a valid date."),
        ({"deadline": ""}, "deadline", "Give the deadline."),
        ({"title": ""}, "title", "Say what is to be done."),
        ({"title": "x" * 301}, "title", "at most 300 characters"),
        ({"members": []}, "members", "Choose at least one member."),
        ({"members": ["__outsider__"]}, "members", "Chi Bộ Khác Hà"),
        ({"members": ["999999"]}, "members", "on the attendance sheet"),
        ({"members": ["abc"]}, "members", "Select a valid choice"),
        ({"resolution": "999999"}, "resolution", "Select a valid choice"),
        ({"resolution": "__foreign__"}, "resolution", "Select a valid choice"),
        ({"agenda_item": "abc"}, "agenda_item", "Select a valid choice"),
    ],
)
def test_task_add_bad_input_keeps_what_was_typed(client, world, data, field, text):
    w = world
    foreign = resolution_for(w.other_meeting, w.term)
    replace = {
        "__before__": (w.meeting.date - DAY).strftime("%d/%m/%Y"),
        "__outsider__": w.outsider.pk,
        "__foreign__": foreign.pk,
    }
    data = {
        key: (
            [replace.get(v, v) for v in value]
            if isinstance(value, list)
            else replace.get(value, value)
        )
        for key, value in data.items()
    }
    before = state()
    response = as_(client, w, "secretary").post(
        add_url(w.meeting), task_post(w, details="Ghi chú giữ lại", **data)
    )
    assert response.status_code == 200
    assert ADD in templates(response)
    form = response.context["form"]
    assert field in form.errors
    assert text in " ".join(form.errors[field])
    assert "Ghi chú giữ lại" in response.content.decode()
    assert state() == before


# --- my tasks -----------------------------------------------------------------------------------


def test_my_tasks_shows_her_parts(client, followed):
    w = followed
    resolution = resolution_for(w.meeting, w.term, title="Nghị quyết tháng")
    Task.objects.filter(pk=w.late.pk).update(resolution=resolution)
    response = as_(client, w, "member").get(MINE_URL)
    assert response.status_code == 200
    assert MINE in templates(response)
    assert [a.task.title for a in response.context["open"]] == [
        "Trễ hạn",
        "Hạn hôm nay",
        "Sắp đến hạn",
    ]
    assert {a.task.title for a in response.context["closed"]} == {"Đã xong", "Đã hủy"}
    html = response.content.decode()
    assert html.count('class="badge text-bg-danger assignment-overdue"') == 1
    assert "Đảng Viên Em" in html  # her co-assignee
    assert "01-NQ/CB" in html  # the resolution's code (not a link before approval)
    assert reverse("meetings:resolution", args=[resolution.pk]) not in html
    assert w.meeting.get_absolute_url() in html
    assert "Của chi bộ B" not in html
    assert html.count('/done/"') == 3  # a "Mark done" form per open part
    assert "Xong" in html  # the result of the done part
    assert "Thôi" in html  # the reason of the cancelled part
    assert not response.context["can_board"]  # not an officer
    assert f'href="{BOARD_URL}"' not in html


def test_my_tasks_links_the_resolution_once_approved(client, followed):
    w = followed
    resolution = resolution_for(w.meeting, w.term)
    Task.objects.filter(pk=w.late.pk).update(resolution=resolution)
    approve(w.meeting, w.users["secretary"], w.secretary, w.clerk)
    html = as_(client, w, "member").get(MINE_URL).content.decode()
    assert reverse("meetings:resolution", args=[resolution.pk]) in html


def test_my_tasks_for_an_officer_links_the_board(client, followed):
    html = as_(client, followed, "secretary").get(MINE_URL).content.decode()
    assert f'href="{BOARD_URL}"' in html


@pytest.mark.parametrize("who", ["observer", "superuser"])
def test_my_tasks_without_a_member_record(client, world, who):
    user = world.users.get(who) or UserFactory(is_superuser=True, is_staff=True)
    response = login(client, user).get(MINE_URL)
    assert response.status_code == 200
    assert "not linked to a member record" in response.content.decode()
    assert "open" not in response.context


def test_my_tasks_empty(client, world):
    response = as_(client, world, "member").get(MINE_URL)
    assert "Nothing to do" in response.content.decode()


def bulk(w, n, member, *, start=0, done=False, resolution=None):
    """`n` tasks of the meeting for `member` (open and overdue, or done), through the ORM."""
    for i in range(start, start + n):
        task = Task.objects.create(
            committee=w.committee,
            cell=w.cell,
            meeting=w.meeting,
            resolution=resolution,
            agenda_item=w.item,
            title=f"Việc {i:03d}",
            deadline=_past(5),
        )
        TaskAssignment.objects.create(
            task=task,
            member=member,
            status="done" if done else "open",
            result="Xong" if done else "",
            done_on=today() if done else None,
        )
        TaskAssignment.objects.create(task=task, member=w.colleague)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_my_tasks_queries_do_not_grow(client, world):
    w = world
    resolution = resolution_for(w.meeting, w.term)
    bulk(w, 5, w.member, resolution=resolution)
    bulk(w, 5, w.member, start=100, done=True, resolution=resolution)
    client = as_(client, w, "member")
    five = count_queries(client, MINE_URL)
    bulk(w, 45, w.member, start=5, resolution=resolution)
    bulk(w, 45, w.member, start=105, done=True, resolution=resolution)
    fifty = count_queries(client, MINE_URL)
    assert five == fifty
    response = client.get(MINE_URL)
    assert len(response.context["open"]) == 50
    assert len(response.context["closed"]) == 25


def test_my_tasks_paginates_the_closed_ones(client, world):
    w = world
    bulk(w, 30, w.member, done=True)
    client = as_(client, w, "member")
    second = client.get(MINE_URL + "?page=2")
    assert len(second.context["closed"]) == 5
    assert second.context["next_url"] == MINE_URL + "?page=2"
    for garbage in ("abc", "-1", "99999", "1e9"):
        assert client.get(MINE_URL + f"?page={garbage}").status_code == 200


# --- the navbar ---------------------------------------------------------------------------------


def test_nav_my_tasks_with_the_overdue_badge(client, followed):
    w = followed
    response = as_(client, w, "member").get(MINE_URL)
    assert response.context["nav_overdue"] == 1
    html = response.content.decode()
    assert 'nav-overdue">1<' in html
    assert f'href="{MINE_URL}"' in html
    response = as_(client, w, "colleague").get(reverse("dashboard:home"))
    assert response.context["nav_overdue"] == 1
    response = as_(client, w, "secretary").get(reverse("dashboard:home"))
    assert response.context["nav_overdue"] == 0
    assert "nav-overdue" not in response.content.decode()
    assert f'href="{MINE_URL}"' in response.content.decode()


def test_nav_without_a_member_record_has_no_my_tasks(client, world):
    response = as_(client, world, "observer").get(reverse("dashboard:my_home"))
    assert response.context["nav_overdue"] == 0
    assert f'href="{MINE_URL}"' not in response.content.decode()


def test_nav_badge_is_one_query_when_shown(followed, django_assert_num_queries):
    user = followed.users["member"]
    request = RequestFactory().get("/")
    request.user = user
    access.access_for(user)
    with django_assert_num_queries(0):
        context = navigation(request)
    with django_assert_num_queries(1):
        assert str(context["nav_overdue"]) == "1"


def test_the_navigation_costs_two_queries_the_access_and_both_badges(
    followed, django_assert_num_queries
):
    """What every page pays first (issue 23 item 3): her access (one query, which the page's own
    checks reuse) and the bell and the "My tasks" badge counted together (one)."""
    user = followed.users["member"]
    Notification.objects.create(user=user, title="Họp chi bộ")
    access.forget(user)
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(2):
        context = navigation(request)
        assert (str(context["nav_unread"]), str(context["nav_overdue"])) == ("1", "1")
        assert context["nav_me"] and context["nav_reviews"]


# --- marking done -------------------------------------------------------------------------------


def test_she_marks_her_part_done(client, followed):
    w = followed
    mine = part(w.soon, w.member)
    response = as_(client, w, "member").post(
        done_url(mine), {"result": "Đã nộp báo cáo", "done_on": "", "next": MINE_URL}
    )
    assert response.status_code == 302
    assert response.url == MINE_URL
    mine.refresh_from_db()
    assert (mine.status, mine.result, mine.done_on) == ("done", "Đã nộp báo cáo", today())
    assert any("Marked done" in m for m in msgs(response))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 302),
        ("secretary", 302),
        ("officer", 302),
        ("cell_committee", 403),  # sees the cell's tasks, does not prepare its meetings
        ("colleague", 404),  # another member of the cell does not see her part
        ("other_secretary", 404),
        ("outsider", 404),
        ("observer", 404),
    ],
)
def test_done_per_persona(client, followed, who, status):
    w = followed
    mine = part(w.soon, w.member)
    before = state()
    response = as_(client, w, who).post(done_url(mine), {"result": "Xong"})
    assert response.status_code == status
    if status == 302:
        assert part(w.soon, w.member).status == "done"
    else:
        assert state() == before


def test_done_is_post_only_and_bad_ids_are_404(client, followed):
    w = followed
    client = as_(client, w, "member")
    assert client.get(done_url(part(w.soon, w.member))).status_code == 405
    assert (
        client.post("/meetings/tasks/assignments/999999/done/", {"result": "x"}).status_code == 404
    )
    assert client.post("/meetings/tasks/assignments/abc/done/", {"result": "x"}).status_code == 404


def test_done_errors_show_my_tasks_again_with_her_note(client, followed):
    w = followed
    mine = part(w.soon, w.member)
    before = state()
    tomorrow = (today() + DAY).strftime("%d/%m/%Y")
    response = as_(client, w, "member").post(
        done_url(mine), {"result": "Ghi chú của tôi", "done_on": tomorrow, "next": MINE_URL}
    )
    assert response.status_code == 200
    assert MINE in templates(response)
    html = response.content.decode()
    assert "Ghi chú của tôi" in html
    assert "cannot be in the future" in html
    failed = next(a for a in response.context["open"] if a.pk == mine.pk)
    assert failed.done_form.errors
    assert "open" in html.split(f'id="assignment-{mine.pk}"')[1].split("<form")[0]
    assert state() == before


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"result": ""}, "Say what was done."),
        ({"result": "Xong", "done_on": "hôm qua"}, "Enter a valid date."),
        ({"result": "Xong", "done_on": "31/02/2026"}, "Enter a valid date."),
        ({"result": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_done_bad_input(client, followed, data, text):
    w = followed
    mine = part(w.soon, w.member)
    before = state()
    response = as_(client, w, "member").post(done_url(mine), data)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert state() == before


def test_done_before_the_meeting_is_refused(client, followed):
    w = followed
    mine = part(w.soon, w.member)
    response = as_(client, w, "member").post(
        done_url(mine),
        {"result": "Xong", "done_on": (w.meeting.date - DAY).strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200
    assert "cannot be done before" in response.content.decode()
    assert part(w.soon, w.member).status == "open"


def test_done_twice_says_so(client, followed):
    w = followed
    finished = part(w.finished, w.member)
    response = as_(client, w, "member").post(done_url(finished), {"result": "Lần nữa"})
    assert response.status_code == 302
    assert response.url == MINE_URL
    assert any("already marked done" in m for m in msgs(response))
    assert part(w.finished, w.member).result == "Xong"


def test_done_next_only_to_this_site(client, followed):
    w = followed
    response = as_(client, w, "member").post(
        done_url(part(w.soon, w.member)), {"result": "Xong", "next": "https://evil.example/"}
    )
    assert response.url == MINE_URL


def test_done_from_the_board_comes_back_to_it(client, followed):
    w = followed
    theirs = part(w.late, w.colleague)
    board = BOARD_URL + "?status=overdue"
    response = as_(client, w, "secretary").post(done_url(theirs), {"result": "Xong", "next": board})
    assert response.status_code == 302
    assert response.url == board


def test_done_error_from_the_board_shows_the_board_again(client, followed):
    w = followed
    theirs = part(w.late, w.colleague)
    board = BOARD_URL + "?status=overdue"
    response = as_(client, w, "secretary").post(done_url(theirs), {"result": "", "next": board})
    assert response.status_code == 200
    assert BOARD in templates(response)
    assert response.context["filter"].form.cleaned_data["status"] == "overdue"
    row = next(r for r in response.context["rows"] if r.pk == theirs.pk)
    assert row.done_form.errors
    assert "Say what was done." in response.content.decode()
    assert part(w.late, w.colleague).status == "open"


def test_done_error_for_a_part_not_on_the_board_page_is_a_message(client, followed):
    w = followed
    theirs = part(w.late, w.colleague)
    board = BOARD_URL + "?status=done"
    response = as_(client, w, "secretary").post(done_url(theirs), {"result": "", "next": board})
    assert response.status_code == 200
    assert "Say what was done." in response.content.decode()


def test_done_error_by_an_officer_from_my_tasks_is_a_message(client, followed):
    w = followed
    theirs = part(w.late, w.colleague)
    response = as_(client, w, "secretary").post(done_url(theirs), {"result": "", "next": MINE_URL})
    assert response.status_code == 302
    assert response.url == MINE_URL
    assert "Say what was done." in msgs(response)


# --- cancelling -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("officer", 200),
        ("member", 403),  # her own part: she sees it, may not cancel it
        ("cell_committee", 403),
        ("colleague", 404),
        ("other_secretary", 404),
        ("observer", 404),
    ],
)
def test_cancel_per_persona(client, followed, who, status):
    w = followed
    mine = part(w.soon, w.member)
    response = as_(client, w, who).get(cancel_url(mine))
    assert response.status_code == status
    before = state()
    response = as_(client, w, who).post(cancel_url(mine), {"reason": "Không cần nữa"})
    assert response.status_code == (302 if status == 200 else status)
    if status != 200:
        assert state() == before


def test_cancel_page_asks_for_the_reason_and_confirms(client, followed):
    w = followed
    mine = part(w.late, w.member)
    response = as_(client, w, "secretary").get(cancel_url(mine) + "?next=/meetings/tasks/")
    assert CANCEL in templates(response)
    html = response.content.decode()
    assert "data-confirm=" in html
    assert "Trễ hạn" in html and "Đảng Viên Dung" in html
    assert "Overdue" in html
    assert 'name="next" value="/meetings/tasks/"' in html


def test_cancel_saves_the_reason(client, followed):
    w = followed
    mine = part(w.soon, w.member)
    response = as_(client, w, "secretary").post(
        cancel_url(mine), {"reason": "Chuyển sinh hoạt", "next": BOARD_URL + "?status=open"}
    )
    assert response.status_code == 302
    assert response.url == BOARD_URL + "?status=open"
    mine.refresh_from_db()
    assert (mine.status, mine.cancel_reason) == ("cancelled", "Chuyển sinh hoạt")
    assert any("Cancelled" in m for m in msgs(response))


def test_cancel_without_a_reason_keeps_the_page(client, followed):
    w = followed
    mine = part(w.soon, w.member)
    before = state()
    response = as_(client, w, "secretary").post(cancel_url(mine), {"reason": "  "})
    assert response.status_code == 200
    assert "Give the reason for cancelling." in response.content.decode()
    assert state() == before


def test_cancel_a_closed_part_says_so(client, followed):
    w = followed
    finished = part(w.finished, w.member)
    for method in ("get", "post"):
        response = getattr(as_(client, w, "secretary"), method)(
            cancel_url(finished), {"reason": "x"} if method == "post" else None
        )
        assert response.status_code == 302
        assert response.url == BOARD_URL
        assert any("no longer open" in m for m in msgs(response))
    assert part(w.finished, w.member).status == "done"


def test_cancel_bad_id_is_404(client, followed):
    client = as_(client, followed, "secretary")
    assert client.get("/meetings/tasks/assignments/999999/cancel/").status_code == 404


# --- the task board -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("cell_committee", 200),
        ("other_secretary", 200),
        ("officer", 200),
        ("member", 403),
        ("clerk", 403),
        ("observer", 403),
    ],
)
def test_board_per_persona(client, followed, who, status):
    assert as_(client, followed, who).get(BOARD_URL).status_code == status


def test_board_for_a_superuser_is_403(client, world):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert login(client, superuser).get(BOARD_URL).status_code == 403


def test_board_shows_the_cell_of_a_secretary(client, followed):
    w = followed
    response = as_(client, w, "secretary").get(BOARD_URL)
    assert BOARD in templates(response)
    titles = {r.task.title for r in response.context["rows"]}
    assert titles == {"Trễ hạn", "Sắp đến hạn", "Hạn hôm nay", "Đã xong", "Đã hủy"}
    html = response.content.decode()
    assert "Của chi bộ B" not in html
    # Each open part: mark done and cancel (4 open parts: late ×2, soon, due today).
    assert html.count('class="btn btn-outline-secondary mt-2 assignment-cancel"') == 4
    assert html.count('/done/"') == 4
    assert html.count("assignment-overdue") == 2


def test_board_for_a_cell_committee_member_is_read_only(client, followed):
    html = as_(client, followed, "cell_committee").get(BOARD_URL).content.decode()
    assert "assignment-cancel" not in html
    assert "assignment_done" not in html and "/done/" not in html


def test_board_for_the_committee_officer_covers_every_cell(client, followed):
    response = as_(client, followed, "officer").get(BOARD_URL + "?status=overdue")
    assert {r.task.title for r in response.context["rows"]} == {"Trễ hạn", "Của chi bộ B"}
    assert response.context["filtered"]
    assert response.context["next_url"] == BOARD_URL + "?status=overdue"


@pytest.mark.parametrize(
    "query",
    [
        "cell=abc",
        "cell=999999",
        "member=-1",
        "status=%00",
        "month=2026-99",
        "deadline_from=32/01/2026",
        "deadline_to=%27%3B--",
        "page=abc",
        "page=-5",
    ],
)
def test_board_garbage_is_not_a_500(client, followed, query):
    response = as_(client, followed, "officer").get(BOARD_URL + "?" + query)
    assert response.status_code == 200


def test_board_queries_do_not_grow(client, world):
    w = world
    resolution = resolution_for(w.meeting, w.term)
    bulk(w, 3, w.member, resolution=resolution)
    client = as_(client, w, "secretary")
    five = count_queries(client, BOARD_URL)  # 3 tasks × 2 members = 6 rows
    bulk(w, 25, w.member, start=3, resolution=resolution)
    fifty = count_queries(client, BOARD_URL)  # 56 rows, 3 pages
    assert five == fifty
    filtered = BOARD_URL + f"?status=overdue&member={w.member.pk}&cell={w.cell.pk}"
    assert count_queries(client, filtered) == count_queries(client, filtered + "&page=2")


def test_board_paginates_and_keeps_the_filters(client, world):
    w = world
    bulk(w, 15, w.member)  # 30 rows
    response = as_(client, w, "secretary").get(BOARD_URL + "?status=open")
    assert len(response.context["rows"]) == 25
    assert response.context["next_page_url"] == BOARD_URL + "?status=open&page=2"
    second = as_(client, w, "secretary").get(response.context["next_page_url"])
    assert len(second.context["rows"]) == 5
    assert second.context["prev_url"] == BOARD_URL + "?status=open"
    assert second.context["next_url"] == BOARD_URL + "?status=open&page=2"


def test_assigning_then_completing_end_to_end(client, world):
    """The secretary assigns at the meeting; the member sees it and marks her part done."""
    w = world
    as_(client, w, "secretary").post(add_url(w.meeting), task_post(w, members=[w.member.pk]))
    mine = TaskAssignment.objects.get(member=w.member)
    page = as_(client, w, "member").get(MINE_URL)
    assert [a.pk for a in page.context["open"]] == [mine.pk]
    as_(client, w, "member").post(done_url(mine), {"result": "Hoàn thành", "next": MINE_URL})
    assert tasks.my_assignments(w.member).open == []


def test_every_part_on_the_board_gets_its_own_mark_done_fields(client, followed):
    """The blank fields are rendered once per page and given each part's ids; a failed form keeps
    its own, with the errors (`meetings.views.tasks._blank_done_fields`)."""
    w = followed
    response = as_(client, w, "secretary").get(BOARD_URL)
    html = response.content.decode()
    rows = [r for r in response.context["rows"] if r.can_complete]
    assert len(rows) >= 2
    for row in rows:
        assert f'id="id_done{row.pk}_result"' in html
        assert f'for="id_done{row.pk}_done_on"' in html
        assert html.count(f'action="{done_url(row)}"') == 1
    assert "987654321" not in html
    theirs = part(w.late, w.colleague)
    failed = as_(client, w, "secretary").post(
        done_url(theirs), {"result": "", "done_on": "31/02/2020", "next": BOARD_URL}
    )
    row = next(r for r in failed.context["rows"] if r.pk == theirs.pk)
    assert not hasattr(row, "done_fields") and row.done_form.errors
    assert 'value="31/02/2020"' in failed.content.decode()


def test_the_board_is_kept_per_filter_until_a_part_changes(
    client, followed, page_cache, django_capture_on_commit_callbacks
):
    """Each filter's board is one cached part per user and day (`core.versions`); a part marked
    done shows at once."""
    w = followed
    theirs = part(w.late, w.colleague)
    as_(client, w, "secretary")

    def get(query=""):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(BOARD_URL + query)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    first, made = get()
    kept = get()[1]
    assert kept < made
    assert get("?status=done")[1] > kept  # another filter: another part
    assert f'id="assignment-{theirs.pk}"' in first
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tasks.assignment_done(assignment=theirs, by=w.users["secretary"], result="Đã xong việc")
    after, queries = get()
    assert queries > kept
    assert "Đã xong việc" in after
