"""The study campaigns' reminder (`library.reminders`, issue 21): participants not done before the
deadline — who gets it, the setting, archived and other committees' campaigns, query count."""

import datetime

import pytest
from django.utils import timezone, translation

from cells.rules import rules_for
from cells.services import rules_update
from library.reminders import study_reminders
from members.models import Status
from members.reminders import Kind, send_due
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    StudyCampaignFactory,
    StudyParticipantFactory,
    StudyReportFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    campaign = StudyCampaignFactory(
        committee=committee, starts_on=TODAY - 10 * DAY, deadline=TODAY + 3 * DAY
    )

    def participant(name, login=True, **kwargs):
        member = MemberFactory(committee=committee, cell=cell, full_name=name, **kwargs)
        if login:
            member_user(member)
        return StudyParticipantFactory(campaign=campaign, member=member, cell=cell)

    people = {
        "todo": participant("Chưa Học"),
        "studied": participant("Đã Học Chưa Nộp"),
        "done": participant("Đã Xong"),
        "nologin": participant("Không Tài Khoản", login=False),
        "gone": participant("Đã Chuyển", status=Status.TRANSFERRED_OUT),
    }
    for key in ("studied", "done"):
        people[key].studied_at = timezone.now()
        people[key].save()
    StudyReportFactory(participant=people["done"])
    return committee, cell, campaign, people


def test_participants_not_done_are_reminded_before_the_deadline(world):
    committee, _cell, campaign, people = world
    found = study_reminders(committee, today=TODAY, rules=rules_for(committee))
    assert [r.user for r in found] == [people["todo"].member.user, people["studied"].member.user]
    assert {r.kind for r in found} == {Kind.STUDY}
    assert {r.key for r in found} == {f"study:{campaign.pk}:due"}
    assert found[0].url == campaign.get_absolute_url()
    # Worded in her language (Vietnamese: she never chose), whatever the command runs in.
    assert found[0].title.startswith("Nhắc nhở: học tập")
    user = people["todo"].member.user
    user.language = "en"
    user.save()
    with translation.override("vi"):
        found = study_reminders(committee, today=TODAY, rules=rules_for(committee))
    assert found[0].title.startswith("Reminder: study by")


def test_the_study_days_are_a_setting(world):
    committee, *_rest = world
    rules_update(committee=committee, by=None, reminder_study_days=2)
    committee.refresh_from_db()
    assert study_reminders(committee, today=TODAY, rules=rules_for(committee)) == []
    assert len(study_reminders(committee, today=TODAY + DAY, rules=rules_for(committee))) == 2


def test_after_the_deadline_archived_or_not_started_nothing(world):
    committee, _cell, campaign, _people = world
    rules = rules_for(committee)
    assert study_reminders(committee, today=TODAY + 4 * DAY, rules=rules) == []
    campaign.archived = True
    campaign.save()
    assert study_reminders(committee, today=TODAY, rules=rules) == []
    campaign.archived = False
    campaign.starts_on = TODAY + DAY
    campaign.save()
    assert study_reminders(committee, today=TODAY, rules=rules) == []


def test_sent_once_and_never_to_another_committee(world, mailoutbox):
    committee, *_rest = world
    other = CommitteeFactory()
    foreign = StudyCampaignFactory(committee=other, deadline=TODAY + DAY)
    member = MemberFactory(committee=other)
    member_user(member)
    StudyParticipantFactory(campaign=foreign, member=member)
    found = study_reminders(committee, today=TODAY, rules=rules_for(committee))
    assert member.user not in {r.user for r in found}
    assert send_due(found).total.sent == 2
    again = study_reminders(committee, today=TODAY + DAY, rules=rules_for(committee))
    assert send_due(again).total.skipped == 2
    assert len(mailoutbox) == 2


def test_one_query_for_5_or_50_participants(world, django_assert_num_queries):
    committee, cell, campaign, _people = world
    rules = rules_for(committee)

    def add(n):
        for _ in range(n):
            member = MemberFactory(committee=committee, cell=cell)
            member_user(member)
            StudyParticipantFactory(campaign=campaign, member=member, cell=cell)

    add(3)
    with django_assert_num_queries(1):
        assert len(study_reminders(committee, today=TODAY, rules=rules)) == 5
    add(45)
    with django_assert_num_queries(1):
        assert len(study_reminders(committee, today=TODAY, rules=rules)) == 50
