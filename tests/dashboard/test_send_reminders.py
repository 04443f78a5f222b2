"""`manage.py send_reminders` and its collector (`dashboard.reminders`, issue 21): a run sends each
reminder once and a second run none; a failing SMTP server fails only its own e-mails, which the
next run sends; `--dry-run` sends and records nothing; `--date`; each committee's reminders go to
its own people; the collector's queries do not grow with the number of tasks."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cells.models import Committee
from dashboard.reminders import collect
from meetings.models import Task, TaskAssignment
from members.models import Notification, Reminder
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)
from tests.members.test_reminders import FlakySMTP

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def assign(meeting, member, deadline):
    task = Task.objects.create(
        committee=meeting.committee,
        cell=meeting.cell,
        meeting=meeting,
        title=f"Việc của {member.full_name}",
        deadline=deadline,
    )
    return TaskAssignment.objects.create(task=task, member=member)


def committee_with_tasks(name, people=2, extra=0):
    """A committee with a cell, its secretary and `people` members with a login, each with a task
    due tomorrow, and `extra` more tasks of the first of them. Students all (no residence-place
    comment is asked of them), so that only the tasks are due whatever the day."""
    committee = CommitteeFactory(name=name)
    cell = CellFactory(committee=committee)
    secretary = MemberFactory(
        committee=committee, cell=cell, full_name=f"Bí thư {name}", is_student=True
    )
    member_user(secretary, language="en")
    PositionFactory(
        member=secretary, cell=cell, role="cell_secretary", start_date=TODAY - 400 * DAY
    )
    meeting = MeetingFactory(cell=cell, date=TODAY - 20 * DAY, status="held")
    members = []
    for i in range(people):
        member = MemberFactory(
            committee=committee, cell=cell, full_name=f"Người {i} {name}", is_student=True
        )
        member_user(member, language="en", email=f"nguoi{i}.{committee.pk}@example.vn")
        assign(meeting, member, TODAY + DAY)
        members.append(member)
    for _ in range(extra):
        assign(meeting, members[0], TODAY + DAY)
    return committee, members


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_run_sends_each_reminder_once_and_a_second_run_none():
    committee_with_tasks("A")
    out, err = run()
    assert "Task due soon: 2 sent, 0 failed, 0 skipped" in out
    assert "In all: 2 sent, 0 failed, 0 skipped." in out and not err
    assert len(mail.outbox) == 2 and Notification.objects.count() == 2
    out, _err = run()
    assert "In all: 0 sent, 0 failed, 2 skipped." in out
    assert len(mail.outbox) == 2 and Notification.objects.count() == 2


def test_the_dry_run_lists_and_sends_nothing():
    _committee, (first, _second) = committee_with_tasks("A")
    out, _err = run("--dry-run")
    assert "dry run" in out and first.full_name in out and first.user.email in out
    assert "2 to send, 0 already sent." in out
    assert not Reminder.objects.exists() and not Notification.objects.exists()
    assert not mail.outbox
    run()
    assert "0 to send, 2 already sent." in run("--dry-run")[0]


def test_the_date_option(settings):
    committee_with_tasks("A")
    # Five days on, the tasks are overdue.
    out, _err = run("--date", f"{TODAY + 5 * DAY:%Y-%m-%d}")
    assert "Task overdue: 2 sent" in out
    assert f"{TODAY + 5 * DAY:%d/%m/%Y}" in out


@pytest.mark.parametrize("value", ["2026-13-01", "hôm nay", "", "05/03/2026"])
def test_a_bad_date_is_refused_and_nothing_is_sent(value):
    committee_with_tasks("A")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", value)
    assert not Reminder.objects.exists() and not mail.outbox


def test_a_failing_smtp_server_never_blocks_the_others_and_is_retried(settings):
    settings.EMAIL_BACKEND = "tests.members.test_reminders.FlakySMTP"
    _committee, (refused, hanging, fine) = committee_with_tasks("A", people=3)
    FlakySMTP.refused, FlakySMTP.hanging = {refused.user.email}, {hanging.user.email}
    try:
        out, err = run()
        assert "In all: 1 sent, 2 failed, 0 skipped." in out
        assert "2 e-mails could not be sent" in err
        assert [m.to for m in mail.outbox] == [[fine.user.email]]
        FlakySMTP.refused, FlakySMTP.hanging = set(), set()
        out, err = run()
        assert "In all: 2 sent, 0 failed, 1 skipped." in out and not err
        assert len(mail.outbox) == 3
        assert run()[0].count("0 sent, 0 failed, 3 skipped") == 2  # the kind's line and the total
        assert Notification.objects.count() == 3
    finally:
        FlakySMTP.refused, FlakySMTP.hanging = set(), set()


def test_each_committees_reminders_go_to_its_own_people():
    _a, people_a = committee_with_tasks("A")
    _b, people_b = committee_with_tasks("B")
    found = collect(today=TODAY)
    assert {r.user for r in found} == {m.user for m in people_a + people_b}
    only_a = collect(today=TODAY, committees=Committee.objects.filter(name="A"))
    assert {r.user for r in only_a} == {m.user for m in people_a}


def test_the_collector_costs_the_same_for_5_and_50_tasks(django_assert_num_queries):
    _committee, members = committee_with_tasks("A", people=1, extra=4)
    committees = list(Committee.objects.select_related("rules"))
    # How many depends on the day (a rule reads more in its season), never on the rows.
    with CaptureQueriesContext(connection) as five:
        assert len(collect(today=TODAY, committees=committees)) == 5
    for _ in range(45):
        assign(Task.objects.first().meeting, members[0], TODAY + DAY)
    with django_assert_num_queries(len(five)):
        assert len(collect(today=TODAY, committees=committees)) == 50
    assert len(five) < 25
