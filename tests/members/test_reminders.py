"""The reminders' machinery (`members.reminders`): each reminder recorded and sent once, an SMTP
server that refuses or times out fails only its own reminders (retried at the next run, the
in-app notice never written twice), recipients without an address or an active login, each
reminder worded in its recipient's language, the secretaries a reminder goes to — and the
members' own rule, probation ending (issue 21)."""

import datetime
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cells.rules import rules_for
from cells.services import rules_update
from core.dates import add_months
from members import reminders
from members.models import Member, Notification, Reminder, Status, StatusEvent
from members.reminders import Due, Kind, due, probation_reminders, secretaries, send_due
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    PositionFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


class FlakySMTP(BaseEmailBackend):
    """A test SMTP server: refuses the addresses in `refused`, times out on those in `hanging`,
    delivers the rest to `mail.outbox`."""

    refused: set = set()
    hanging: set = set()

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            if address in self.refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"mailbox unavailable")})
            if address in self.hanging:
                raise TimeoutError("timed out")
            mail.outbox.append(message)
        return len(messages)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "tests.members.test_reminders.FlakySMTP"
    FlakySMTP.refused, FlakySMTP.hanging = set(), set()
    yield FlakySMTP
    FlakySMTP.refused, FlakySMTP.hanging = set(), set()


def reminder(user, key="task:1:due", kind=Kind.TASK_DUE, title="Việc sắp đến hạn"):
    return Due(
        user=user, kind=kind, key=key, title=title, body="Nội dung", url="/meetings/tasks/mine/"
    )


def test_each_reminder_is_recorded_and_sent_once(smtp, settings):
    settings.SITE_URL = "https://chibo.example.vn"
    hoa, nam = UserFactory(), UserFactory()
    summary = send_due([reminder(hoa), reminder(nam)])
    assert (summary.total.sent, summary.total.failed, summary.total.skipped) == (2, 0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([hoa.email, nam.email])
    assert mail.outbox[0].subject == "Việc sắp đến hạn"
    assert "https://chibo.example.vn/meetings/tasks/mine/" in mail.outbox[0].body
    row = Reminder.objects.get(user=hoa)
    assert (row.kind, row.key, row.attempts, row.last_error) == (Kind.TASK_DUE, "task:1:due", 1, "")
    assert row.sent_at is not None
    assert row.notification.title == "Việc sắp đến hạn"
    assert row.notification.url == "/meetings/tasks/mine/"

    again = send_due([reminder(hoa), reminder(nam)])
    assert (again.total.sent, again.total.skipped) == (0, 2)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2 and Reminder.objects.count() == 2


def test_another_occasion_or_kind_is_another_reminder(smtp):
    hoa = UserFactory()
    send_due([reminder(hoa), reminder(hoa, key="task:1:overdue", kind=Kind.TASK_OVERDUE)])
    assert Reminder.objects.filter(user=hoa).count() == 2


def test_the_same_reminder_twice_in_one_run_is_sent_once(smtp):
    hoa = UserFactory()
    summary = send_due([reminder(hoa), reminder(hoa, title="Lần hai")])
    assert summary.total.sent == 1 and len(mail.outbox) == 1
    assert Notification.objects.get(user=hoa).title == "Việc sắp đến hạn"


def test_a_failing_smtp_server_fails_only_its_own_reminders_which_are_retried(smtp):
    refused, hanging = UserFactory(email="tu-choi@example.vn"), UserFactory(email="treo@example.vn")
    fine, no_address = UserFactory(), UserFactory(email="")
    smtp.refused, smtp.hanging = {refused.email}, {hanging.email}
    batch = [reminder(u) for u in (refused, hanging, fine, no_address)]

    first = send_due(batch)
    assert (first.total.sent, first.total.failed) == (2, 2)
    assert [m.to for m in mail.outbox] == [[fine.email]]
    failed = Reminder.objects.get(user=refused)
    assert failed.sent_at is None and failed.attempts == 1
    assert failed.last_error.startswith("SMTPRecipientsRefused")
    timed_out = Reminder.objects.get(user=hanging)
    assert timed_out.sent_at is None and timed_out.last_error.startswith("TimeoutError")
    assert Reminder.objects.get(user=no_address).sent_at is not None
    # Every recipient has her notice in the app already.
    assert Notification.objects.count() == 4

    smtp.hanging = set()  # that server answers again; the other address is still refused
    retry = send_due(batch)
    assert (retry.total.sent, retry.total.failed, retry.total.skipped) == (1, 1, 2)
    assert Reminder.objects.get(user=hanging).sent_at is not None
    assert Reminder.objects.get(user=refused).attempts == 2

    smtp.refused = set()
    healed = send_due(batch)
    assert (healed.total.sent, healed.total.failed, healed.total.skipped) == (1, 0, 3)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [fine.email, refused.email, hanging.email]
    )
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert Reminder.objects.get(user=refused).attempts == 3
    assert Notification.objects.count() == 4  # never written twice

    assert send_due(batch).total.skipped == 4
    assert len(mail.outbox) == 3


def test_a_refused_connection_is_a_failure_too(smtp, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    hoa = UserFactory()
    assert send_due([reminder(hoa)]).total.failed == 1
    assert Reminder.objects.get(user=hoa).last_error.startswith("ConnectionRefusedError")


def test_socket_timeout_is_caught(smtp, monkeypatch):
    def hang(*args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(reminders, "send_mail", hang)
    assert send_due([reminder(UserFactory())]).total.failed == 1


def test_an_inactive_user_gets_nothing(smtp):
    gone = UserFactory(is_active=False)
    summary = send_due([reminder(gone)])
    assert summary.total.skipped == 1
    assert not Reminder.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_email_timeout_is_a_setting():
    assert settings.EMAIL_TIMEOUT == 20


def test_each_reminder_is_worded_in_its_recipients_language():
    vi, en = UserFactory(language=""), UserFactory(language="en")

    def compose():
        return _("Probation ending"), _("Study deadline")

    with translation.override("en"):
        in_vi = due(vi, kind=Kind.PROBATION, key="k", url="", compose=compose)
    with translation.override("vi"):
        in_en = due(en, kind=Kind.PROBATION, key="k", url="", compose=compose)
    assert in_vi.title == "Sắp hết thời gian dự bị"
    assert in_en.title == "Probation ending"


def test_a_title_is_one_line_within_the_notice_length():
    user = UserFactory()
    made = due(user, kind=Kind.TASK_DUE, key="k", url="", compose=lambda: ("A\nB " + "x" * 400, ""))
    assert made.title.startswith("A B x") and len(made.title) == 300


# --- recipients and the probation rule ----------------------------------------------------------


@pytest.fixture
def org():
    committee = CommitteeFactory()
    cell, bare = CellFactory(committee=committee), CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell, full_name="Bí Thư")
    deputy = MemberFactory(committee=committee, cell=cell, full_name="Phó Bí Thư")
    chief = MemberFactory(committee=committee, full_name="Bí Thư Đảng Ủy")
    for member, role, where in (
        (secretary, "cell_secretary", cell),
        (deputy, "cell_deputy", cell),
        (chief, "committee_secretary", None),
    ):
        member_user(member)
        PositionFactory(member=member, cell=where, role=role, start_date=TODAY - 400 * DAY)
    return committee, cell, bare, secretary.user, deputy.user, chief.user


def test_secretaries_of_the_cells_and_of_the_committee(org):
    committee, cell, bare, secretary, deputy, chief = org
    found = secretaries(committee, TODAY)
    assert found.of_cell(cell.pk) == [secretary]
    assert found.of_cell(None) == [chief]
    # A cell whose secretary has no login: the committee's secretary is told.
    assert found.of_cell(bare.pk) == [chief]
    assert secretaries(committee, TODAY, deputies=True).of_cell(cell.pk) == [secretary, deputy]
    secretary.is_active = False
    secretary.save()
    assert secretaries(committee, TODAY).of_cell(cell.pk) == [chief]


def probationary(committee, cell, name, ends_in_days, **kwargs):
    ends = TODAY + ends_in_days * DAY
    return MemberFactory(
        committee=committee,
        cell=cell,
        full_name=name,
        status=Status.PROBATIONARY,
        admitted_on=add_months(ends, -12),
        recognised_on=None,
        card_number=None,
        **kwargs,
    )


def test_probation_ending_reminds_the_cell_secretary_once(org, smtp):
    committee, cell, _bare, secretary, _deputy, _chief = org
    probationary(committee, cell, "Sắp Hết", 20)
    probationary(committee, cell, "Còn Lâu", 45)
    gone = probationary(committee, cell, "Đã Chuyển Đi", 5)
    Member.objects.filter(pk=gone.pk).update(status=Status.TRANSFERRED_OUT)
    StatusEvent.objects.create(
        member=gone,
        kind=StatusEvent.Kind.OFFICIAL_OUT,
        date=TODAY - 3 * DAY,
        status_after=Status.TRANSFERRED_OUT,
    )
    with translation.override("en"):
        found = probation_reminders(committee, today=TODAY, rules=rules_for(committee))
    assert [(r.user, r.kind) for r in found] == [(secretary, Kind.PROBATION)]
    assert "Sắp Hết" in found[0].title
    assert found[0].url == "/members/probation/"
    assert send_due(found).total.sent == 1
    assert (
        send_due(
            probation_reminders(committee, today=TODAY, rules=rules_for(committee))
        ).total.skipped
        == 1
    )


def test_the_probation_reminders_days_are_a_setting(org):
    committee, cell, _bare, _secretary, _deputy, _chief = org
    probationary(committee, cell, "Sắp Hết", 20)
    assert len(probation_reminders(committee, today=TODAY, rules=rules_for(committee))) == 1
    rules_update(committee=committee, by=None, reminder_probation_days=10)
    committee.refresh_from_db()
    assert probation_reminders(committee, today=TODAY, rules=rules_for(committee)) == []
