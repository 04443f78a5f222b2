"""The meetings' reminders (`meetings.reminders`, issue 21): the documents not opened before a
published meeting, the agenda not published at the lead time, tasks due soon and overdue — who
gets each, who never does (no login, left the cell, another committee), the settings, and the
number of queries."""

import copy
import datetime

import pytest
from django.utils import timezone, translation

from cells.rules import rules_for
from cells.services import rules_update
from meetings.models import Document, ReadReceipt, Task, TaskAssignment
from meetings.reminders import agenda_reminders, documents_reminders, task_reminders
from members.models import CellMembership, Status
from members.reminders import Kind, send_due
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SINCE = TODAY - 400 * DAY


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class World:
    pass


@pytest.fixture(scope="module")
def built(module_db):
    """Cell A1 of committee A: its secretary and deputy (logins), Hoa (login), Nam (login, opened
    the documents), Lan (no login), Đi (login, left the cell); the committee's secretary; a
    published meeting in two days with a document; committee B with its own member and meeting."""
    w = World()
    w.committee = CommitteeFactory()
    w.cell = CellFactory(committee=w.committee, name="Chi bộ A1")

    def person(name, cell=None, login=True, **kwargs):
        member = MemberFactory(committee=w.committee, cell=cell, full_name=name, **kwargs)
        if login:
            member_user(member, language="")
        return member

    w.secretary = person("Bí Thư", w.cell)
    w.deputy = person("Phó Bí Thư", w.cell)
    w.chief = person("Bí Thư Đảng Ủy")
    PositionFactory(member=w.secretary, cell=w.cell, role="cell_secretary", start_date=SINCE)
    PositionFactory(member=w.deputy, cell=w.cell, role="cell_deputy", start_date=SINCE)
    PositionFactory(member=w.chief, role="committee_secretary", start_date=SINCE)
    w.hoa = person("Trần Thị Hoa", w.cell)
    w.nam = person("Lê Văn Nam", w.cell)
    w.lan = person("Phạm Thị Lan", w.cell, login=False)
    w.di = person("Võ Văn Đi", w.cell)
    CellMembership.objects.filter(member=w.di).update(end_date=TODAY - 5 * DAY)
    w.meeting = MeetingFactory(cell=w.cell, date=TODAY + 2 * DAY, status="published")
    w.document = Document.objects.create(
        meeting=w.meeting,
        title="Dự thảo nghị quyết",
        file="meetings/test.pdf",
        original_name="test.pdf",
        kind="pdf",
        size=100,
    )
    ReadReceipt.objects.create(document=w.document, member=w.nam)
    w.other = CommitteeFactory()
    other_cell = CellFactory(committee=w.other)
    w.stranger = MemberFactory(committee=w.other, cell=other_cell)
    member_user(w.stranger)
    w.other_meeting = MeetingFactory(cell=other_cell, date=TODAY + 1 * DAY, status="published")
    return w


@pytest.fixture
def w(built):
    return copy.deepcopy(built)


def recipients(found):
    return sorted(r.user.get_full_name() for r in found)


def rules(w):
    return rules_for(w.committee)


# --- documents not opened --------------------------------------------------------------------------


def test_members_who_have_not_opened_the_documents_are_reminded(w):
    found = documents_reminders(w.committee, today=TODAY, rules=rules(w))
    # Not Nam (opened them), Lan (no login), Đi (left the cell), the committee's secretary.
    assert recipients(found) == ["Bí Thư", "Phó Bí Thư", "Trần Thị Hoa"]
    assert {r.kind for r in found} == {Kind.MEETING_DOCUMENTS}
    assert {r.key for r in found} == {f"meeting:{w.meeting.pk}:docs"}
    assert found[0].url == f"/meetings/{w.meeting.pk}/"
    assert "Chi bộ A1" in found[0].body


def test_the_days_before_the_meeting_are_a_setting(w):
    rules_update(committee=w.committee, by=None, reminder_meeting_days=1)
    w.committee.refresh_from_db()
    assert documents_reminders(w.committee, today=TODAY, rules=rules(w)) == []
    # The day before, it is due.
    assert len(documents_reminders(w.committee, today=TODAY + DAY, rules=rules(w))) == 3


def test_no_documents_no_reminder_and_drafts_are_not_reminded(w):
    Document.objects.filter(pk=w.document.pk).update(archived=True)
    assert documents_reminders(w.committee, today=TODAY, rules=rules(w)) == []
    Document.objects.filter(pk=w.document.pk).update(archived=False)
    w.meeting.status = "draft"
    w.meeting.save()
    assert documents_reminders(w.committee, today=TODAY, rules=rules(w)) == []


def test_documents_reminders_are_sent_once(w, mailoutbox):
    found = documents_reminders(w.committee, today=TODAY, rules=rules(w))
    assert send_due(found).total.sent == 3
    again = documents_reminders(w.committee, today=TODAY + DAY, rules=rules(w))
    assert send_due(again).total.skipped == 3
    assert len(mailoutbox) == 3


# --- the agenda not published -------------------------------------------------------------------


def test_an_unpublished_agenda_at_the_lead_time_reminds_the_secretary_and_deputy(w):
    draft = MeetingFactory(cell=w.cell, date=TODAY + DAY, status="draft", kind="topic")
    MeetingFactory(cell=w.cell, date=TODAY + 10 * DAY, status="draft", kind="topic")
    found = agenda_reminders(w.committee, today=TODAY, rules=rules(w))
    assert recipients(found) == ["Bí Thư", "Phó Bí Thư"]
    assert {r.key for r in found} == {f"meeting:{draft.pk}:publish"}
    assert {r.kind for r in found} == {Kind.AGENDA_UNPUBLISHED}


def test_the_executive_committees_agenda_reminds_the_committees_secretary(w):
    MeetingFactory(
        committee=w.committee, cell=None, body="executive", date=TODAY + DAY, status="draft"
    )
    assert recipients(agenda_reminders(w.committee, today=TODAY, rules=rules(w))) == [
        "Bí Thư Đảng Ủy"
    ]


def test_the_lead_time_decides_when_the_agenda_is_due(w):
    MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="draft", kind="topic")
    assert agenda_reminders(w.committee, today=TODAY, rules=rules(w)) == []
    rules_update(committee=w.committee, by=None, document_lead_days=3)
    w.committee.refresh_from_db()
    assert len(agenda_reminders(w.committee, today=TODAY, rules=rules(w))) == 2


# --- tasks ---------------------------------------------------------------------------------------


def assign(w, member, deadline, status="open"):
    task = Task.objects.create(
        committee=w.committee, cell=w.cell, meeting=w.meeting, title="Việc", deadline=deadline
    )
    return TaskAssignment.objects.create(
        task=task,
        member=member,
        status=status,
        done_on=TODAY if status == "done" else None,
    )


def test_tasks_due_soon_and_overdue_remind_their_assignee(w):
    soon = assign(w, w.hoa, TODAY + 3 * DAY)
    late = assign(w, w.nam, TODAY - DAY)
    assign(w, w.hoa, TODAY + 4 * DAY)  # not yet
    assign(w, w.hoa, TODAY, status="done")
    assign(w, w.lan, TODAY)  # no login
    gone = assign(w, w.di, TODAY)
    w.di.status = Status.TRANSFERRED_OUT
    w.di.save()
    found = task_reminders(w.committee, today=TODAY, rules=rules(w))
    assert [(r.user, r.kind, r.key) for r in found] == [
        (w.nam.user, Kind.TASK_OVERDUE, f"task:{late.task_id}:overdue"),
        (w.hoa.user, Kind.TASK_DUE, f"task:{soon.task_id}:due"),
    ]
    assert gone.task_id not in {int(r.key.split(":")[1]) for r in found}
    assert found[0].url == "/meetings/tasks/mine/"
    assert "quá hạn" in found[0].title


def test_a_task_is_reminded_once_when_due_and_once_when_overdue(w, mailoutbox):
    assign(w, w.hoa, TODAY + 2 * DAY)
    for day in range(3):
        send_due(task_reminders(w.committee, today=TODAY + day * DAY, rules=rules(w)))
    assert len(mailoutbox) == 1
    for day in range(3, 6):
        send_due(task_reminders(w.committee, today=TODAY + day * DAY, rules=rules(w)))
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Nhiệm vụ đến hạn ngày " + (f"{TODAY + 2 * DAY:%d/%m/%Y}"),
        "Nhiệm vụ quá hạn từ ngày " + f"{TODAY + 2 * DAY:%d/%m/%Y}",
    ]


def test_the_task_days_are_a_setting(w):
    assign(w, w.hoa, TODAY + 3 * DAY)
    rules_update(committee=w.committee, by=None, reminder_task_days=1)
    w.committee.refresh_from_db()
    assert task_reminders(w.committee, today=TODAY, rules=rules(w)) == []
    assert len(task_reminders(w.committee, today=TODAY + 2 * DAY, rules=rules(w))) == 1


def test_another_committees_people_never_get_this_ones_reminders(w):
    assign(w, w.hoa, TODAY)
    everything = (
        documents_reminders(w.committee, today=TODAY, rules=rules(w))
        + agenda_reminders(w.committee, today=TODAY, rules=rules(w))
        + task_reminders(w.committee, today=TODAY, rules=rules(w))
    )
    assert w.stranger.user not in {r.user for r in everything}


def test_task_reminders_cost_the_same_queries_for_5_and_50_tasks(w, django_assert_num_queries):
    settings = rules(w)
    for _ in range(5):
        assign(w, w.hoa, TODAY)
    with django_assert_num_queries(1):
        assert len(task_reminders(w.committee, today=TODAY, rules=settings)) == 5
    for _ in range(45):
        assign(w, w.nam, TODAY - DAY)
    with django_assert_num_queries(1):
        assert len(task_reminders(w.committee, today=TODAY, rules=settings)) == 50


def test_documents_reminders_cost_the_same_queries_for_5_and_50_members(
    w, django_assert_num_queries
):
    settings = rules(w)
    for i in range(2):
        member_user(MemberFactory(committee=w.committee, cell=w.cell, full_name=f"Thêm {i}"))
    with django_assert_num_queries(2):
        assert len(documents_reminders(w.committee, today=TODAY, rules=settings)) == 5
    for i in range(45):
        member_user(MemberFactory(committee=w.committee, cell=w.cell, full_name=f"Nữa {i}"))
    with django_assert_num_queries(2):
        assert len(documents_reminders(w.committee, today=TODAY, rules=settings)) == 50
