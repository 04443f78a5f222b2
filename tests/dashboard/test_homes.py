"""The personal home's selectors (`dashboard/homes.py`): the cell secretary's panels (next
meeting and its checklist, open and overdue tasks, flagged members, minutes to approve) and the
member's (her next meeting with its agenda and the documents she has not opened, her open tasks,
her self-assessment in the review season, her unread notifications).

"Today" is fixed (`TODAY`) and passed to the selectors; the data is built with the factories and
the models directly, on dates around it.
"""

import copy
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cells import services as cell_services
from cells.models import Cell
from cells.rules import rules_for
from dashboard import homes
from meetings.models import (
    Attendance,
    Document,
    Minutes,
    ReadReceipt,
    Task,
    TaskAssignment,
)
from meetings.planning.agenda import agenda_item_update
from meetings.planning.meetings import add_standard_items
from members.models import CellMembership, Notification
from reviews.models import Evaluation
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

TODAY = datetime.date(2029, 6, 12)
DAY = datetime.timedelta(days=1)


# --- data -----------------------------------------------------------------------------------------


def document(meeting, title="Tài liệu", *, archived=False, added_late=False):
    return Document.objects.create(
        meeting=meeting,
        title=title,
        file="meetings/test.pdf",
        original_name="test.pdf",
        kind="pdf",
        size=100,
        archived=archived,
        added_late=added_late,
    )


def assign(meeting, member, *, deadline, status="open", title="Việc"):
    task = Task.objects.create(
        committee=meeting.committee,
        cell=meeting.cell,
        meeting=meeting,
        title=title,
        deadline=deadline,
    )
    extra = {}
    if status == "done":
        extra = {"done_on": deadline, "result": "Xong"}
    elif status == "cancelled":
        extra = {"cancel_reason": "Không cần nữa"}
    return TaskAssignment.objects.create(task=task, member=member, status=status, **extra)


def attend(meeting, member, status="unexcused"):
    reason = "Ốm" if status == "excused" else ""
    return Attendance.objects.create(
        meeting=meeting, member=member, member_status="official", status=status, reason=reason
    )


def held(cell, date, *, kind="regular", status="held", **kwargs):
    return MeetingFactory(cell=cell, date=date, kind=kind, status=status, **kwargs)


def build(committee, term, *, n=2):
    """Cell A: its secretary and `n` + 1 members (Dung first); cell B: one member (Hà)."""
    cell = CellFactory(committee=committee, name="Chi bộ A", code="A")
    other = CellFactory(committee=committee, name="Chi bộ B", code="B")
    secretary = MemberFactory(committee=committee, cell=cell, full_name="Bí Thư An")
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    dung = MemberFactory(committee=committee, cell=cell, full_name="Đảng Viên Dung")
    others = [MemberFactory(committee=committee, cell=cell) for _ in range(n)]
    ha = MemberFactory(committee=committee, cell=other, full_name="Chi Bộ Khác Hà")
    return SimpleNamespace(
        committee=committee,
        term=term,
        cell=cell,
        other=other,
        secretary=secretary,
        dung=dung,
        others=others,
        ha=ha,
        secretary_user=member_user(secretary),
        dung_user=member_user(dung),
        ha_user=member_user(ha),
    )


@pytest.fixture(scope="module")
def _w(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    return build(committee, TermFactory(committee=committee))


@pytest.fixture
def w(_w, db):
    return copy.deepcopy(_w)


def fresh(cell):
    """The cell again, with its committee's current settings (after `rules_update`)."""
    return Cell.objects.select_related("committee").get(pk=cell.pk)


# --- the cell's next meeting and its checklist ------------------------------------------------------


def test_next_meeting_is_the_earliest_not_held_from_today(w):
    held(w.cell, TODAY - 20 * DAY)  # past
    held(w.cell, TODAY, kind="extraordinary")  # today, but already held
    later = MeetingFactory(cell=w.cell, date=TODAY + 20 * DAY, status="published")
    topic = MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, kind="topic", status="draft")
    MeetingFactory(cell=w.other, date=TODAY + 1 * DAY, status="published")  # another cell
    assert homes.next_meeting(w.cell, today=TODAY) == topic
    topic.status = "held"
    topic.save()
    assert homes.next_meeting(w.cell, today=TODAY) == later
    today_meeting = MeetingFactory(cell=w.cell, date=TODAY, kind="topic", status="published")
    assert homes.next_meeting(w.cell, today=TODAY) == today_meeting


def test_no_next_meeting_no_checklist(w):
    home = homes.cell_home(w.cell, today=TODAY)
    assert home.next_meeting is None and home.checklist is None


def test_checklist_of_an_untouched_scheduled_meeting_is_all_to_do(w):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 10 * DAY, status="draft")
    add_standard_items(meeting, by=w.secretary_user)
    assert meeting.agenda_items.count() == 3
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert c.agenda_drafted is False
    assert (c.published, c.published_on_time, c.publish_overdue) == (False, False, False)
    assert c.publish_by == TODAY + 9 * DAY  # the default lead time: 1 day
    assert (c.documents, c.documents_attached, c.clerk_named) == (0, False, False)
    assert c.not_opened == [] and c.all_opened is False
    assert c.done == 0


@pytest.mark.parametrize(
    "change",
    ["notes", "presenter", "extra item", "renamed"],
)
def test_agenda_is_drafted_once_an_item_is_the_secretarys_own(w, change):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 10 * DAY, status="draft")
    add_standard_items(meeting, by=w.secretary_user)
    item = meeting.agenda_items.order_by("position").first()
    by = w.secretary_user
    if change == "notes":
        agenda_item_update(item=item, by=by, notes="Quán triệt Chỉ thị 05")
    elif change == "presenter":
        agenda_item_update(item=item, by=by, presenter=w.dung)
    elif change == "renamed":
        agenda_item_update(item=item, by=by, title="Tình hình tư tưởng của giáo viên tháng 6")
    else:
        AgendaItemFactory(meeting=meeting, section="other", title="Kết nạp đảng viên")
    assert homes.cell_home(w.cell, today=TODAY).checklist.agenda_drafted is True


def test_an_empty_agenda_is_not_drafted(w):
    MeetingFactory(cell=w.cell, date=TODAY + 10 * DAY, kind="topic", status="draft")
    assert homes.cell_home(w.cell, today=TODAY).checklist.agenda_drafted is False


def test_publish_by_follows_the_lead_time_setting_and_is_overdue_once_past(w):
    MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="draft")
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert (c.publish_by, c.publish_overdue) == (TODAY + 2 * DAY, False)
    cell_services.rules_update(committee=w.committee, by=w.secretary_user, document_lead_days=5)
    c = homes.cell_home(fresh(w.cell), today=TODAY).checklist
    assert (c.publish_by, c.publish_overdue) == (TODAY - 2 * DAY, True)


@pytest.mark.parametrize(("late", "on_time"), [(False, True), (True, False)])
def test_published_on_time_or_late(w, late, on_time):
    MeetingFactory(
        cell=w.cell,
        date=TODAY + 3 * DAY,
        status="published",
        published_at=timezone.now(),
        published_late=late,
    )
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert c.published is True
    assert c.published_on_time is on_time
    assert c.publish_overdue is False


def test_a_document_added_late_spoils_a_meeting_published_on_time(w):
    """Issue 17 item 11: the lead time is kept only if every document came by the deadline."""
    meeting = MeetingFactory(
        cell=w.cell, date=TODAY + 3 * DAY, status="published", published_at=timezone.now()
    )
    document(meeting, "Dự thảo")
    document(meeting, "Bỏ", archived=True, added_late=True)  # taken off the page
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert (c.published_on_time, c.documents_late, c.lead_time_kept) == (True, 0, True)
    document(meeting, "Bổ sung", added_late=True)
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert (c.published_on_time, c.documents, c.documents_late) == (True, 2, 1)
    assert c.lead_time_kept is False


def test_documents_count_leaves_out_archived_ones(w):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="published")
    document(meeting, "Dự thảo nghị quyết")
    document(meeting, "Cũ", archived=True)
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert (c.documents, c.documents_attached) == (1, True)


def test_clerk_named(w):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="draft")
    assert homes.cell_home(w.cell, today=TODAY).checklist.clerk_named is False
    meeting.clerk = w.dung
    meeting.save()
    assert homes.cell_home(w.cell, today=TODAY).checklist.clerk_named is True


def test_not_opened_lists_the_body_members_without_a_receipt(w):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="published")
    first = document(meeting, "Một")
    second = document(meeting, "Hai")
    archived = document(meeting, "Bỏ", archived=True)
    ReadReceipt.objects.create(document=first, member=w.secretary)
    ReadReceipt.objects.create(document=second, member=w.dung)  # one document is enough
    ReadReceipt.objects.create(document=archived, member=w.others[0])  # not on the page
    ReadReceipt.objects.create(document=first, member=w.ha)  # not of the body (another cell)
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert c.body_size == 4
    assert {m.pk for m in c.not_opened} == {w.others[0].pk, w.others[1].pk}
    assert c.all_opened is False
    for member in w.others:
        ReadReceipt.objects.create(document=second, member=member)
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert c.not_opened == [] and c.all_opened is True


def test_a_ready_meeting_ticks_every_box(w):
    meeting = MeetingFactory(
        cell=w.cell,
        date=TODAY + 3 * DAY,
        status="published",
        published_at=timezone.now(),
        clerk=w.dung,
    )
    AgendaItemFactory(meeting=meeting, section="other", notes="Chuẩn bị kỹ")
    paper = document(meeting)
    for member in [w.secretary, w.dung, *w.others]:
        ReadReceipt.objects.create(document=paper, member=member)
    c = homes.cell_home(w.cell, today=TODAY).checklist
    assert c.done == c.total == 5


# --- tasks, flags, minutes --------------------------------------------------------------------------


def test_cell_tasks_are_the_open_parts_with_overdue_ones_first(w):
    meeting = held(w.cell, TODAY - 40 * DAY)
    overdue = assign(meeting, w.dung, deadline=TODAY - DAY)
    open_part = assign(meeting, w.others[0], deadline=TODAY + 5 * DAY)
    assign(meeting, w.others[1], deadline=TODAY - 5 * DAY, status="done")
    assign(meeting, w.secretary, deadline=TODAY - 5 * DAY, status="cancelled")
    assign(held(w.other, TODAY - 40 * DAY), w.ha, deadline=TODAY - DAY)  # another cell
    home = homes.cell_home(w.cell, today=TODAY)
    assert [a.pk for a in home.tasks] == [overdue.pk, open_part.pk]
    assert [a.overdue for a in home.tasks] == [True, False]
    assert home.overdue == 1


def test_flagged_members_follow_the_absence_setting(w):
    year_meetings = [held(w.cell, datetime.date(2029, month, 5)) for month in (1, 2, 3, 4)]
    for meeting in year_meetings[:3]:
        attend(meeting, w.dung)  # three unexcused absences
    for meeting in year_meetings[:2]:
        attend(meeting, w.others[0])  # two
    attend(year_meetings[3], w.others[0], "excused")  # excused: not counted
    attend(year_meetings[2], w.others[1])  # one at a regular meeting …
    attend(held(w.cell, datetime.date(2029, 5, 20), kind="topic"), w.others[1])  # … not a topic
    attend(held(w.cell, datetime.date(2028, 11, 5)), w.others[1])  # … nor last year
    attend(held(w.other, datetime.date(2029, 1, 5)), w.ha)
    attend(held(w.other, datetime.date(2029, 2, 5)), w.ha)
    attend(held(w.other, datetime.date(2029, 3, 5)), w.ha)  # flagged, but in another cell

    home = homes.cell_home(w.cell, today=TODAY)
    assert home.flag_count == 3
    assert [(f.member_id, f.unexcused) for f in home.flagged] == [(w.dung.pk, 3)]

    cell_services.rules_update(committee=w.committee, by=w.secretary_user, absence_flag_count=2)
    home = homes.cell_home(fresh(w.cell), today=TODAY)
    assert home.flag_count == 2
    assert [(f.member_id, f.unexcused) for f in home.flagged] == [
        (w.dung.pk, 3),
        (w.others[0].pk, 2),
    ]
    cell_services.rules_update(committee=w.committee, by=w.secretary_user, absence_flag_count=1)
    flagged = homes.cell_home(fresh(w.cell), today=TODAY).flagged
    assert [f.member_id for f in flagged][-1] == w.others[1].pk and len(flagged) == 3


def test_a_member_who_left_the_cell_is_not_flagged_there(w):
    for month in (1, 2, 3):
        attend(held(w.cell, datetime.date(2029, month, 5)), w.dung)
    CellMembership.objects.filter(member=w.dung).update(end_date=datetime.date(2029, 4, 1))
    CellMembership.objects.create(member=w.dung, cell=w.other, start_date=datetime.date(2029, 4, 2))
    assert homes.cell_home(w.cell, today=TODAY).flagged == []
    # She keeps her absences in her new cell.
    assert [f.member_id for f in homes.cell_home(w.other, today=TODAY).flagged] == [w.dung.pk]


def test_minutes_to_approve_oldest_first_with_days_and_overdue(w):
    recent = held(w.cell, TODAY - 3 * DAY, kind="extraordinary")
    Minutes.objects.create(meeting=recent, state="ready")
    old = held(w.cell, TODAY - 30 * DAY)
    Minutes.objects.create(meeting=old)
    afterwards = held(w.cell, TODAY - 60 * DAY, recorded_afterwards=True)  # no minutes opened
    held(w.cell, TODAY - 90 * DAY, status="approved")
    held(w.other, TODAY - 30 * DAY)  # another cell
    MeetingFactory(cell=w.cell, date=TODAY + 3 * DAY, status="published")  # not held
    rows = homes.cell_home(w.cell, today=TODAY).minutes
    assert [(p.meeting.pk, p.days, p.overdue, p.state) for p in rows] == [
        (afterwards.pk, 60, True, ""),
        (old.pk, 30, True, "draft"),
        (recent.pk, 3, False, "ready"),
    ]
    cell_services.rules_update(committee=w.committee, by=w.secretary_user, minutes_approval_days=2)
    rows = homes.cell_home(fresh(w.cell), today=TODAY).minutes
    assert [p.overdue for p in rows] == [True, True, True]


# --- the member's panels ----------------------------------------------------------------------------


def member_home(w, member=None, user=None, today=TODAY):
    return homes.member_home(member or w.dung, user or w.dung_user, today=today)


def test_her_next_meeting_is_her_cells_or_the_committees_whichever_comes_first(w):
    assert member_home(w).next_meeting is None
    MeetingFactory(cell=w.cell, date=TODAY + DAY, kind="extraordinary", status="draft")  # draft
    held(w.cell, TODAY, kind="topic")  # held
    cell_meeting = MeetingFactory(cell=w.cell, date=TODAY + 9 * DAY, status="published")
    assert member_home(w).next_meeting.meeting == cell_meeting
    conference = MeetingFactory(
        cell=None,
        committee=w.committee,
        body="committee",
        kind="conference",
        date=TODAY + 5 * DAY,
        status="published",
    )
    assert member_home(w).next_meeting.meeting == conference
    conference.date = TODAY + 30 * DAY
    conference.save()
    assert member_home(w).next_meeting.meeting == cell_meeting


def test_a_member_of_another_cell_never_sees_this_cells_meeting(w):
    meeting = MeetingFactory(cell=w.cell, date=TODAY + 2 * DAY, status="published")
    document(meeting)
    home = member_home(w, w.ha, w.ha_user)
    assert home.next_meeting is None
    theirs = MeetingFactory(cell=w.other, date=TODAY + 9 * DAY, status="published")
    assert member_home(w, w.ha, w.ha_user).next_meeting.meeting == theirs
    # Nor does a cell officer's draft leak to a member of that cell.
    MeetingFactory(cell=w.cell, date=TODAY + DAY, kind="extraordinary", status="draft")
    assert member_home(w).next_meeting.meeting == meeting


def test_her_meeting_shows_the_agenda_in_order_and_the_documents_she_has_not_opened(w):
    meeting = MeetingFactory(
        cell=w.cell, date=TODAY + 2 * DAY, status="published", place="Phòng họp"
    )
    other_item = AgendaItemFactory(meeting=meeting, section="other", position=10)
    party = AgendaItemFactory(meeting=meeting, section="party", position=20, presenter=w.dung)
    political = AgendaItemFactory(meeting=meeting, section="political", position=30)
    opened = document(meeting, "Đã đọc")
    unread = document(meeting, "Chưa đọc")
    document(meeting, "Bỏ", archived=True)
    ReadReceipt.objects.create(document=opened, member=w.dung)
    ReadReceipt.objects.create(document=unread, member=w.others[0])  # someone else's receipt
    mine = member_home(w).next_meeting
    assert [i.pk for i in mine.agenda] == [political.pk, party.pk, other_item.pk]
    assert [d.pk for d in mine.documents] == [opened.pk, unread.pk]
    assert [d.pk for d in mine.unopened] == [unread.pk]
    ReadReceipt.objects.create(document=unread, member=w.dung)
    assert member_home(w).next_meeting.unopened == []


def test_her_open_tasks(w):
    meeting = held(w.cell, TODAY - 40 * DAY)
    overdue = assign(meeting, w.dung, deadline=TODAY - DAY)
    later = assign(meeting, w.dung, deadline=TODAY + 9 * DAY)
    assign(meeting, w.dung, deadline=TODAY - 9 * DAY, status="done")
    assign(meeting, w.others[0], deadline=TODAY - DAY)  # someone else's
    home = member_home(w)
    assert [a.pk for a in home.tasks] == [overdue.pk, later.pk]
    assert home.overdue == 1


def test_self_assessment_card_only_in_the_review_season(w):
    card = member_home(w).self_assessment
    # No review meeting planned: open until 31 December.
    assert (card.year, card.status, card.deadline) == (
        2029,
        "not_started",
        datetime.date(2029, 12, 31),
    )
    review = MeetingFactory(
        cell=w.cell, kind="review", date=datetime.date(2029, 12, 10), status="draft"
    )
    assert member_home(w).self_assessment.deadline == datetime.date(2029, 12, 10)
    # The review meeting has taken place: the season is over.
    review.date = TODAY - DAY
    review.status = "held"
    review.save()
    assert member_home(w).self_assessment is None
    # On its day she may still write it.
    assert member_home(w, today=TODAY - DAY).self_assessment is not None


def test_self_assessment_status(w):
    evaluation = Evaluation.objects.create(
        committee=w.committee, member=w.dung, cell=w.cell, year=2029, proposed_rating="good"
    )
    assert member_home(w).self_assessment.status == "not_started"  # the cell's row, not hers
    evaluation.strengths = "Nhiệt tình"
    evaluation.save()
    assert member_home(w).self_assessment.status == "draft"
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    card = member_home(w).self_assessment
    assert (card.status, card.submitted_at) == ("submitted", evaluation.submitted_at)
    # Another year's evaluation does not count for this one.
    assert member_home(w, today=datetime.date(2030, 1, 5)).self_assessment.status == "not_started"


def test_no_cell_no_self_assessment_and_only_conferences(w):
    CellMembership.objects.filter(member=w.dung).update(end_date=TODAY - DAY)
    MeetingFactory(cell=w.cell, date=TODAY + 2 * DAY, status="published")
    home = member_home(w)
    assert (home.cell, home.self_assessment, home.next_meeting) == (None, None, None)


def test_unread_notifications_latest_five_and_the_count(w):
    created = [Notification.objects.create(user=w.dung_user, title=f"Tin {i}") for i in range(7)]
    Notification.objects.create(user=w.dung_user, title="Đã đọc", read_at=timezone.now())
    Notification.objects.create(user=w.ha_user, title="Của người khác")
    home = member_home(w)
    assert home.unread == 7
    assert [n.pk for n in home.notifications] == [n.pk for n in reversed(created)][:5]


def test_no_notifications(w):
    home = member_home(w)
    assert (home.notifications, home.unread) == ([], 0)


def test_officer_cells_come_with_their_settings(w, django_assert_num_queries):
    cell_services.rules_update(committee=w.committee, by=w.secretary_user, absence_flag_count=4)
    with django_assert_num_queries(1):
        (cell,) = homes.officer_cells([w.cell.pk])
        assert rules_for(cell.committee).absence_flag_count == 4
