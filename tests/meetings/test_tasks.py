"""Tasks assigned at a meeting and followed up (issue 8 item 4): the write services and selectors
of `meetings/decisions/tasks.py` and the board's filters (`meetings/task_filters.py`).

Every rule and every bad input of the issue: a task for a member of another cell, a deadline
before the meeting, a member marking someone else's task done — a clear message, nothing saved.
"""

import copy
import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from meetings.decisions import tasks
from meetings.decisions.filters import board_filter
from meetings.models import Minutes, Resolution, Task, TaskAssignment
from meetings.record.attendance import attendance_set, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
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

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (the source strings)."""
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def _past(days):
    return today() - days * DAY


def approve(meeting, user, chair, clerk):
    """Fill, mark ready and approve the meeting's minutes (they are then locked)."""
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=user,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=chair.pk,
        clerk_id=clerk.pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    minutes_mark_ready(meeting=meeting, by=user)
    minutes_approve(meeting=meeting, by=user)


def resolution_for(meeting, term, number=1, **kwargs):
    return Resolution.objects.create(
        committee=meeting.committee,
        term=term,
        cell=meeting.cell,
        doc_type="NQ",
        number=number,
        meeting=meeting,
        adopted_on=meeting.date,
        title=kwargs.pop("title", "Nghị quyết tháng"),
        content="Nội dung",
        **kwargs,
    )


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    return new_world()


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


@pytest.fixture
def committee(world):
    return world.committee


def new_world():
    """`build_world` in a new committee, with its term, officer and observer."""
    committee = CommitteeFactory()
    return build_world(
        committee,
        TermFactory(committee=committee),
        CommitteeRoleFactory(committee=committee, role="officer").user,
        CommitteeRoleFactory(committee=committee, role="observer").user,
    )


def build_world(committee, term, officer, observer):
    """Cell A (secretary, cell committee member, clerk, two members, a probationary member) and
    cell B (its secretary, a member); a meeting of cell A held 40 days ago, being recorded."""
    cell = CellFactory(committee=committee, name="Chi bộ A")
    other_cell = CellFactory(committee=committee, name="Chi bộ B")

    def person(c, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, full_name=name, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(cell, "Bí Thư An", "cell_secretary")
    cell_committee = person(cell, "Cấp Ủy Bình", "cell_committee_member")
    clerk = person(cell, "Thư Ký Cúc")
    member = person(cell, "Đảng Viên Dung")
    colleague = person(cell, "Đảng Viên Em")
    probationary = person(cell, "Dự Bị Phúc", status="probationary")
    other_secretary = person(other_cell, "Bí Thư Giang", "cell_secretary")
    outsider = person(other_cell, "Chi Bộ Khác Hà")
    meeting = MeetingFactory(cell=cell, date=_past(40), status="published", clerk=clerk)
    item = AgendaItemFactory(meeting=meeting, section="tasks")
    users = {
        "secretary": member_user(secretary),
        "cell_committee": member_user(cell_committee),
        "clerk": member_user(clerk),
        "member": member_user(member),
        "colleague": member_user(colleague),
        "other_secretary": member_user(other_secretary),
        "outsider": member_user(outsider),
        "officer": officer,
        "observer": observer,
    }
    recording_start(meeting=meeting, by=users["secretary"])
    other_meeting = MeetingFactory(cell=other_cell, date=_past(35), status="published")
    recording_start(meeting=other_meeting, by=users["other_secretary"])
    return SimpleNamespace(
        committee=committee,
        term=term,
        cell=cell,
        other_cell=other_cell,
        meeting=meeting,
        other_meeting=other_meeting,
        item=item,
        secretary=secretary,
        cell_committee=cell_committee,
        clerk=clerk,
        member=member,
        colleague=colleague,
        probationary=probationary,
        other_secretary=other_secretary,
        outsider=outsider,
        users=users,
    )


def assign(w, members=None, *, meeting=None, by=None, **kwargs):
    """A task through the service, to `members` (default: the member and her colleague)."""
    kwargs.setdefault("title", "Vận động đoàn viên ưu tú")
    kwargs.setdefault("deadline", today() + 10 * DAY)
    return tasks.task_assign(
        meeting=meeting or w.meeting,
        members=members if members is not None else [w.member, w.colleague],
        by=by or w.users["secretary"],
        **kwargs,
    )


def part(task, member) -> TaskAssignment:
    return TaskAssignment.objects.get(task=task, member=member)


def state():
    """Everything a task write could change, history included."""
    return (
        list(Task.objects.order_by("pk").values_list("pk", "title", "deadline")),
        list(
            TaskAssignment.objects.order_by("pk").values_list(
                "pk", "status", "result", "done_on", "cancel_reason"
            )
        ),
        Task.history.count(),
        TaskAssignment.history.count(),
    )


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- assigning ---------------------------------------------------------------------------------


def test_assign_creates_the_task_and_one_open_part_per_member_with_history(world):
    w = world
    resolution = resolution_for(w.meeting, w.term)
    task = assign(
        w,
        [w.member, w.colleague.pk, w.member],  # instances or ids; a repeat counts once
        title="  Vận động đoàn viên ưu tú  ",
        details="Ba đoàn viên",
        deadline=w.meeting.date,  # the meeting day itself is allowed
        resolution=resolution,
        agenda_item=w.item,
    )
    task.refresh_from_db()
    assert (task.committee, task.cell, task.meeting) == (w.committee, w.cell, w.meeting)
    assert (task.title, task.details, task.deadline) == (
        "Vận động đoàn viên ưu tú",
        "Ba đoàn viên",
        w.meeting.date,
    )
    assert (task.resolution, task.agenda_item, task.created_by) == (
        resolution,
        w.item,
        w.users["secretary"],
    )
    parts = TaskAssignment.objects.filter(task=task).order_by("member__full_name")
    assert [(p.member, p.status) for p in parts] == [(w.member, "open"), (w.colleague, "open")]
    assert task.history.get().history_user == w.users["secretary"]
    for p in parts:
        assert p.history.get().history_user == w.users["secretary"]


def test_a_probationary_member_and_an_absent_member_can_be_assigned(world):
    w = world
    attendance_set(
        meeting=w.meeting,
        member_id=w.colleague.pk,
        status="excused",
        reason="ốm",
        by=w.users["clerk"],
    )
    task = assign(w, [w.probationary, w.colleague])
    assert task.assignments.count() == 2


def test_the_clerk_of_the_meeting_assigns_too(world):
    w = world
    task = assign(w, by=w.users["clerk"])
    assert task.created_by == w.users["clerk"]


def test_a_member_of_another_cell_is_refused_by_name(world):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        assign(w, [w.member, w.outsider])
    assert set(excinfo.value.message_dict) == {"members"}
    assert "Chi Bộ Khác Hà" in messages_of(excinfo)
    assert "Đảng Viên Dung" not in messages_of(excinfo)
    assert state() == before


@pytest.mark.parametrize("bad", [[999_999], ["abc"], [None, "x"], [True]])
def test_unknown_members_are_refused(world, bad):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        assign(world, bad)
    assert set(excinfo.value.message_dict) == {"members"}
    assert state() == before


@pytest.mark.parametrize("members", [[], None])
def test_at_least_one_member(world, members):
    with pytest.raises(ValidationError) as excinfo:
        tasks.task_assign(
            meeting=world.meeting,
            title="Việc",
            deadline=today(),
            members=members,
            by=world.users["secretary"],
        )
    assert excinfo.value.message_dict == {"members": ["Choose at least one member."]}
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("title", "ok"), [("", False), ("   ", False), ("x" * 300, True), ("x" * 301, False)]
)
def test_title_is_required_and_at_most_300(world, title, ok):
    if ok:
        assert assign(world, title=title).title == title
        return
    with pytest.raises(ValidationError) as excinfo:
        assign(world, title=title)
    assert set(excinfo.value.message_dict) == {"title"}
    assert not Task.objects.exists()


def test_details_have_a_limit(world):
    with pytest.raises(ValidationError) as excinfo:
        assign(world, details="x" * (tasks.DETAILS_MAX + 1))
    assert set(excinfo.value.message_dict) == {"details"}


@pytest.mark.parametrize("deadline", [None, "2026-12-01", datetime.datetime(2030, 1, 1, 8, 0)])
def test_deadline_is_required_and_a_date(world, deadline):
    with pytest.raises(ValidationError) as excinfo:
        assign(world, deadline=deadline)
    assert excinfo.value.message_dict == {"deadline": ["Give the deadline."]}
    assert not Task.objects.exists()


def test_deadline_before_the_meeting_is_refused(world):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        assign(w, deadline=w.meeting.date - DAY)
    assert set(excinfo.value.message_dict) == {"deadline"}
    assert w.meeting.date.strftime("%d/%m/%Y") in messages_of(excinfo)
    assert state() == before


def test_every_error_at_once(world):
    w = world
    with pytest.raises(ValidationError) as excinfo:
        assign(w, [w.outsider], title="", deadline=w.meeting.date - DAY)
    assert set(excinfo.value.message_dict) == {"title", "deadline", "members"}


def test_resolution_and_agenda_item_must_be_of_this_meeting(world):
    w = world
    foreign_resolution = resolution_for(w.other_meeting, w.term)
    foreign_item = AgendaItemFactory(meeting=w.other_meeting)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        assign(w, resolution=foreign_resolution, agenda_item=foreign_item)
    assert set(excinfo.value.message_dict) == {"resolution", "agenda_item"}
    assert state() == before


def test_assigning_needs_the_record_started(world):
    w = world
    meeting = MeetingFactory(cell=w.cell, date=_past(5), status="published", kind="extraordinary")
    with pytest.raises(ValidationError) as excinfo:
        assign(w, meeting=meeting)
    assert "Start recording" in messages_of(excinfo)
    assert not Task.objects.exists()


def test_assigning_is_refused_once_the_minutes_are_approved(world):
    w = world
    approve(w.meeting, w.users["secretary"], w.secretary, w.clerk)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        assign(w)
    assert "approved" in messages_of(excinfo)
    assert state() == before


def test_an_executive_committee_task_has_no_cell(world, committee):
    w = world
    meeting = MeetingFactory(
        cell=None, committee=committee, body="executive", date=_past(20), status="published"
    )
    PositionFactory(member=w.secretary, role="committee_secretary", term=w.term)
    recording_start(meeting=meeting, by=w.users["officer"])
    task = tasks.task_assign(
        meeting=meeting,
        title="Kiểm tra",
        deadline=today(),
        members=[w.secretary],
        by=w.users["officer"],
    )
    assert (task.committee, task.cell) == (committee, None)


# --- marking done --------------------------------------------------------------------------------


def test_the_member_marks_her_own_part_done(world):
    w = world
    task = assign(w)
    mine = part(task, w.member)
    done = tasks.assignment_done(assignment=mine, by=w.users["member"], result="  Đã vận động  ")
    done.refresh_from_db()
    assert (done.status, done.result, done.done_on, done.updated_by) == (
        "done",
        "Đã vận động",
        today(),
        w.users["member"],
    )
    assert done.history.latest().history_user == w.users["member"]
    assert part(task, w.colleague).status == "open"  # her colleague's part is her own


@pytest.mark.parametrize("who", ["secretary", "officer"])
def test_an_officer_marks_anyones_part_done(world, who):
    w = world
    task = assign(w)
    done = tasks.assignment_done(
        assignment=part(task, w.member), by=w.users[who], result="Xong", done_on=_past(3)
    )
    assert (done.status, done.done_on) == ("done", _past(3))


@pytest.mark.parametrize("who", ["colleague", "cell_committee", "other_secretary", "observer"])
def test_someone_else_may_not_mark_her_part_done(world, who):
    w = world
    task = assign(w)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_done(assignment=part(task, w.member), by=w.users[who], result="Xong")
    assert "Đảng Viên Dung" in messages_of(excinfo)
    assert state() == before


@pytest.mark.parametrize("result", ["", "   ", "x" * (tasks.RESULT_MAX + 1)])
def test_the_result_is_required_and_limited(world, result):
    w = world
    task = assign(w)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_done(assignment=part(task, w.member), by=w.users["member"], result=result)
    assert set(excinfo.value.message_dict) == {"result"}
    assert state() == before


def test_done_on_is_not_in_the_future_nor_before_the_meeting(world):
    w = world
    task = assign(w)
    mine = part(task, w.member)
    for bad in (today() + DAY, w.meeting.date - DAY):
        with pytest.raises(ValidationError) as excinfo:
            tasks.assignment_done(assignment=mine, by=w.users["member"], result="Xong", done_on=bad)
        assert set(excinfo.value.message_dict) == {"done_on"}
    assert part(task, w.member).status == "open"
    done = tasks.assignment_done(
        assignment=mine, by=w.users["member"], result="Xong", done_on=w.meeting.date
    )
    assert done.done_on == w.meeting.date


def test_only_an_open_part_is_marked_done(world):
    w = world
    task = assign(w)
    mine = part(task, w.member)
    tasks.assignment_done(assignment=mine, by=w.users["member"], result="Xong")
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_done(assignment=mine, by=w.users["member"], result="Lần nữa")
    assert "already marked done" in messages_of(excinfo)
    theirs = part(task, w.colleague)
    tasks.assignment_cancel(assignment=theirs, by=w.users["secretary"], reason="Chuyển công tác")
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_done(assignment=theirs, by=w.users["secretary"], result="Xong")
    assert "cancelled" in messages_of(excinfo)
    assert TaskAssignment.objects.get(pk=mine.pk).result == "Xong"
    assert state()[0] == before[0]


def test_done_after_the_minutes_are_approved(world):
    """Following up happens after the meeting: approval does not block marking done."""
    w = world
    task = assign(w)
    approve(w.meeting, w.users["secretary"], w.secretary, w.clerk)
    done = tasks.assignment_done(
        assignment=part(task, w.member), by=w.users["member"], result="Xong"
    )
    assert done.status == "done"


# --- cancelling ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretary", "officer"])
def test_an_officer_cancels_a_part_with_the_reason(world, who):
    w = world
    task = assign(w)
    cancelled = tasks.assignment_cancel(
        assignment=part(task, w.member), by=w.users[who], reason="  Không còn cần  "
    )
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Không còn cần")
    assert cancelled.history.latest().history_user == w.users[who]


@pytest.mark.parametrize("who", ["member", "colleague", "cell_committee", "other_secretary"])
def test_only_officers_who_prepare_the_meeting_cancel(world, who):
    w = world
    task = assign(w)
    before = state()
    with pytest.raises(ValidationError):
        tasks.assignment_cancel(assignment=part(task, w.member), by=w.users[who], reason="Lý do")
    assert state() == before


@pytest.mark.parametrize("reason", ["", "  ", "x" * (tasks.REASON_MAX + 1)])
def test_the_reason_is_required_and_limited(world, reason):
    w = world
    task = assign(w)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_cancel(
            assignment=part(task, w.member), by=w.users["secretary"], reason=reason
        )
    assert set(excinfo.value.message_dict) == {"reason"}
    assert state() == before


def test_only_an_open_part_is_cancelled(world):
    w = world
    task = assign(w)
    mine = part(task, w.member)
    tasks.assignment_done(assignment=mine, by=w.users["member"], result="Xong")
    with pytest.raises(ValidationError) as excinfo:
        tasks.assignment_cancel(assignment=mine, by=w.users["secretary"], reason="Lý do")
    assert "already marked done" in messages_of(excinfo)
    assert part(task, w.member).status == "done"


# --- who may do what ---------------------------------------------------------------------------


def test_permissions(world):
    w = world
    mine = part(assign(w), w.member)
    allowed = {who: tasks.may_complete(user, mine) for who, user in w.users.items()}
    assert {who for who, ok in allowed.items() if ok} == {"member", "secretary", "officer"}
    changers = {who for who, user in w.users.items() if tasks.may_change(user, mine)}
    assert changers == {"secretary", "officer"}
    boards = {who for who, user in w.users.items() if tasks.can_see_board(user)}
    assert boards == {"secretary", "cell_committee", "other_secretary", "officer"}


# --- selectors ----------------------------------------------------------------------------------


@pytest.fixture
def followed(world):
    return add_followed(world)


def add_followed(world):
    """Tasks of cell A in every state, and one of cell B.

    - `late`: the member and her colleague, deadline 10 days ago (overdue);
    - `soon`: the member alone, deadline in 5 days;
    - `due_today`: the member, deadline today (not overdue yet);
    - `finished`: the member, done; `dropped`: the member, cancelled;
    - `theirs`: cell B's outsider, overdue.
    """
    w = world
    sec = w.users["secretary"]
    w.late = assign(w, [w.member, w.colleague], title="Trễ hạn", deadline=_past(10))
    w.soon = assign(w, [w.member], title="Sắp đến hạn", deadline=today() + 5 * DAY)
    w.due_today = assign(w, [w.member], title="Hạn hôm nay", deadline=today())
    w.finished = assign(w, [w.member], title="Đã xong", deadline=_past(20))
    w.dropped = assign(w, [w.member], title="Đã hủy", deadline=_past(15))
    tasks.assignment_done(assignment=part(w.finished, w.member), by=sec, result="Xong")
    tasks.assignment_cancel(assignment=part(w.dropped, w.member), by=sec, reason="Thôi")
    w.theirs = assign(
        w,
        [w.outsider],
        meeting=w.other_meeting,
        by=w.users["other_secretary"],
        title="Của chi bộ B",
        deadline=_past(1),
    )
    return w


def test_my_assignments_open_first_by_deadline_with_flags_and_co_assignees(followed):
    w = followed
    mine = tasks.my_assignments(w.member)
    assert [a.task.title for a in mine.open] == ["Trễ hạn", "Hạn hôm nay", "Sắp đến hạn"]
    assert [a.overdue for a in mine.open] == [True, False, False]
    assert mine.overdue == 1
    assert mine.open[0].co_assignees == ["Đảng Viên Em"]
    assert mine.open[1].co_assignees == []
    assert {a.task.title for a in mine.closed} == {"Đã xong", "Đã hủy"}
    # The most recently changed first.
    assert [a.task.title for a in mine.closed] == ["Đã hủy", "Đã xong"]


def test_my_assignments_of_another_day(followed):
    mine = tasks.my_assignments(followed.member, today=today() + 6 * DAY)
    assert [a.overdue for a in mine.open] == [True, True, True]


def test_overdue_count(followed):
    w = followed
    assert tasks.overdue_count(w.member.pk, today()) == 1
    assert tasks.overdue_count(w.member.pk, today() + DAY) == 2
    assert tasks.overdue_count(w.colleague.pk, today()) == 1
    assert tasks.overdue_count(w.secretary.pk, today()) == 0
    assert tasks.overdue_count(None, today()) == 0


def test_overdue_count_is_one_query(followed, django_assert_num_queries):
    with django_assert_num_queries(1):
        tasks.overdue_count(followed.member.pk, today())


def test_open_assignments_for_cell(followed):
    w = followed
    rows = tasks.open_assignments_for_cell(w.cell, today())
    assert [(a.task.title, a.member.full_name, a.overdue) for a in rows] == [
        ("Trễ hạn", "Đảng Viên Dung", True),
        ("Trễ hạn", "Đảng Viên Em", True),
        ("Hạn hôm nay", "Đảng Viên Dung", False),
        ("Sắp đến hạn", "Đảng Viên Dung", False),
    ]
    assert all(isinstance(a, TaskAssignment) for a in rows)
    assert [a.task.title for a in tasks.open_assignments_for_cell(w.other_cell.pk, today())] == [
        "Của chi bộ B"
    ]
    later = tasks.open_assignments_for_cell(w.cell, today() + DAY)
    assert [a.overdue for a in later] == [True, True, True, False]


def test_open_assignments_for_cell_queries_do_not_grow(followed, django_assert_num_queries):
    w = followed
    with django_assert_num_queries(1):
        rows = tasks.open_assignments_for_cell(w.cell, today())
        shown = [(a.task.meeting.holder_name, a.member.full_name, a.task.deadline) for a in rows]
    assert len(shown) == 4


def _titles(filterset):
    return sorted({(a.task.title, a.member.full_name) for a in filterset.qs})


def test_board_scope_per_officer(followed):
    w = followed
    cell_a = {a.task.title for a in board_filter(w.users["secretary"]).qs}
    assert cell_a == {"Trễ hạn", "Sắp đến hạn", "Hạn hôm nay", "Đã xong", "Đã hủy"}
    assert {a.task.title for a in board_filter(w.users["cell_committee"]).qs} == cell_a
    assert {a.task.title for a in board_filter(w.users["other_secretary"]).qs} == {"Của chi bộ B"}
    assert {a.task.title for a in board_filter(w.users["officer"]).qs} == cell_a | {"Của chi bộ B"}
    assert not board_filter(w.users["member"]).qs.exists()
    assert not board_filter(w.users["observer"]).qs.exists()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {"Trễ hạn", "Sắp đến hạn", "Hạn hôm nay", "Của chi bộ B"}),
        ("overdue", {"Trễ hạn", "Của chi bộ B"}),
        ("done", {"Đã xong"}),
        ("cancelled", {"Đã hủy"}),
    ],
)
def test_board_status_filter(followed, status, expected):
    board = board_filter(followed.users["officer"], {"status": status})
    assert {a.task.title for a in board.qs} == expected


def test_board_cell_member_month_and_deadline_filters(followed):
    w = followed
    officer = w.users["officer"]
    assert {a.task.title for a in board_filter(officer, {"cell": w.other_cell.pk}).qs} == {
        "Của chi bộ B"
    }
    by_member = board_filter(officer, {"member": w.colleague.pk}).qs
    assert [(a.task.title, a.member) for a in by_member] == [("Trễ hạn", w.colleague)]
    month = w.other_meeting.date
    in_month = {a.task.meeting_id for a in board_filter(officer, {"month": f"{month:%Y-%m}"}).qs}
    assert w.other_meeting.pk in in_month
    vn = {a.task.meeting_id for a in board_filter(officer, {"month": f"{month:%m/%Y}"}).qs}
    assert vn == in_month
    window = board_filter(
        officer,
        {
            "deadline_from": today().strftime("%d/%m/%Y"),
            "deadline_to": (today() + 5 * DAY).strftime("%d/%m/%Y"),
        },
    )
    assert {a.task.title for a in window.qs} == {"Hạn hôm nay", "Sắp đến hạn"}


def test_board_ordered_by_deadline(followed):
    rows = list(board_filter(followed.users["officer"], {"status": "open"}).qs)
    deadlines = [a.task.deadline for a in rows]
    assert deadlines == sorted(deadlines)


@pytest.mark.parametrize(
    "data",
    [
        {"cell": "999999"},
        {"cell": "abc"},
        {"member": "999999"},
        {"status": "lost"},
        {"month": "2026-13"},
        {"month": "tháng ba"},
        {"deadline_from": "31/02/2026"},
        {"deadline_to": "yesterday"},
    ],
)
def test_board_garbage_is_a_form_error_and_left_out(followed, data):
    board = board_filter(followed.users["officer"], data)
    assert set(board.form.errors) == set(data)
    assert board.qs.count() == board_filter(followed.users["officer"]).qs.count()


def test_board_a_secretary_may_not_filter_by_another_cell_or_its_members(followed):
    w = followed
    board = board_filter(w.users["secretary"], {"cell": w.other_cell.pk, "member": w.outsider.pk})
    assert set(board.form.errors) == {"cell", "member"}
    assert "Của chi bộ B" not in {a.task.title for a in board.qs}


def test_flag_with_a_user_says_what_she_may_do(followed):
    w = followed
    rows = tasks.flag(
        TaskAssignment.objects.filter(task=w.late).order_by("member__full_name"),
        today(),
        user=w.users["member"],
    )
    assert [(r.can_complete, r.can_change) for r in rows] == [(True, False), (False, False)]
    rows = tasks.flag(
        TaskAssignment.objects.filter(task__in=[w.late, w.finished]).order_by("pk"),
        today(),
        user=w.users["secretary"],
    )
    assert [(r.status, r.can_complete, r.can_change) for r in rows] == [
        ("open", True, True),
        ("open", True, True),
        ("done", False, False),
    ]


def test_mark_links(followed):
    w = followed
    resolution = resolution_for(w.meeting, w.term)
    Task.objects.filter(pk=w.late.pk).update(resolution=resolution)
    rows = tasks.mark_links(
        w.users["member"], TaskAssignment.objects.filter(member=w.member, task=w.late)
    )
    # Her cell's meeting: yes; its resolution: not before the minutes are approved.
    assert [(r.meeting_link, r.resolution_link) for r in rows] == [(True, False)]
    rows = tasks.mark_links(
        w.users["secretary"], TaskAssignment.objects.filter(member=w.member, task=w.late)
    )
    assert [(r.meeting_link, r.resolution_link) for r in rows] == [(True, True)]
    assert tasks.mark_links(w.users["member"], []) == []
