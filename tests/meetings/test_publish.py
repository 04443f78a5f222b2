"""Publishing: members of the body are told once each (app + e-mail, Vietnamese); late publishing
is recorded; a change is announced again; no change, no message."""

import datetime

import pytest
from django.utils import timezone

from cells import services as cell_services
from meetings.planning.agenda import agenda_item_add
from meetings.planning.meetings import meeting_create, meeting_publish
from members.models import Notification
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell_meeting(committee):
    cell = CellFactory(committee=committee)
    other = CellFactory(committee=committee)
    members = [MemberFactory(committee=committee, cell=cell) for _ in range(3)]
    users = [member_user(m) for m in members]
    member_user(MemberFactory(committee=committee, cell=other))  # not invited
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    date = timezone.localdate() + datetime.timedelta(days=10)
    meeting = meeting_create(
        committee=committee,
        body="cell",
        cell=cell,
        kind="regular",
        date=date,
        start_time=datetime.time(16, 30),
        place="Phòng họp",
        by=officer,
    )
    return {"meeting": meeting, "users": users, "officer": officer, "committee": committee}


def test_publish_tells_each_member_of_the_cell_once(
    cell_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = meeting_publish(meeting=cell_meeting["meeting"], by=cell_meeting["officer"])
    assert result.sent == 3 and result.first and not result.late
    assert Notification.objects.count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in cell_meeting["users"])
    subject = mailoutbox[0].subject
    assert subject.startswith("Sinh hoạt") or "Thông báo" in subject or "sinh hoạt" in subject
    body = mailoutbox[0].body
    assert cell_meeting["meeting"].date.strftime("%d/%m/%Y") in body
    assert "Phòng họp" in body
    assert cell_meeting["meeting"].get_absolute_url() in body


def test_double_publish_sends_nothing_more(
    cell_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    meeting, officer = cell_meeting["meeting"], cell_meeting["officer"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, by=officer)
        meeting_publish(meeting=meeting, by=officer)
    assert len(mailoutbox) == 3
    assert Notification.objects.count() == 3


def test_a_change_is_announced_again_and_marked_updated(
    cell_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    meeting, officer = cell_meeting["meeting"], cell_meeting["officer"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, by=officer)
        agenda_item_add(meeting=meeting, section="other", title="Việc mới", by=officer)
        result = meeting_publish(meeting=meeting, by=officer)
    assert result.changed and not result.first and result.sent == 3
    meeting.refresh_from_db()
    assert meeting.updated_after_publishing
    assert len(mailoutbox) == 6
    assert "Việc mới" in mailoutbox[-1].body


def test_late_publishing_is_recorded_and_follows_the_setting(cell_meeting):
    meeting, officer, committee = (
        cell_meeting["meeting"],
        cell_meeting["officer"],
        cell_meeting["committee"],
    )
    cell_services.rules_update(committee=committee, by=officer, document_lead_days=15)
    committee.refresh_from_db()
    result = meeting_publish(meeting=meeting, by=officer)
    assert result.late
    meeting.refresh_from_db()
    assert meeting.published_late


def test_publish_in_time_with_the_default_lead(cell_meeting):
    result = meeting_publish(meeting=cell_meeting["meeting"], by=cell_meeting["officer"])
    assert not result.late


def test_executive_meeting_tells_the_executive_committee_only(
    committee, mailoutbox, django_capture_on_commit_callbacks
):
    cell = CellFactory(committee=committee)
    term = TermFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, role="committee_secretary", cell=None, term=term)
    member_user(secretary)
    member_user(MemberFactory(committee=committee, cell=cell))
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    meeting = meeting_create(
        committee=committee,
        body="executive",
        kind="regular",
        date=timezone.localdate() + datetime.timedelta(days=10),
        start_time=datetime.time(14, 0),
        by=officer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = meeting_publish(meeting=meeting, by=officer)
    assert result.sent == 1
    assert [m.to[0] for m in mailoutbox] == [secretary.user.email]


def test_a_meeting_recorded_afterwards_never_notifies(committee, mailoutbox):
    cell = CellFactory(committee=committee)
    member_user(MemberFactory(committee=committee, cell=cell))
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    meeting = meeting_create(
        committee=committee,
        body="cell",
        cell=cell,
        kind="regular",
        date=datetime.date(2026, 1, 5),
        start_time=datetime.time(16, 30),
        by=officer,
    )
    assert meeting.recorded_afterwards
    assert Notification.objects.count() == 0
