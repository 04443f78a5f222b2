"""Scheduled reminders — nhắc việc (issue 21): the machinery `manage.py send_reminders` runs, and
the members' own rule (probation ending).

Each app that owns the data has its rules (`meetings.reminders`, `reviews.reminders`,
`library.reminders`, `fees.reminders`, the probation rule here): pure reads that return the
reminders due for a committee on a day, as `Due` values, each already worded in its recipient's
language (`due`). `dashboard.reminders` gathers them for every committee; `send_due` records and
sends them:

- each reminder once per recipient, kind and occasion (`Reminder`, unique on user, kind and key):
  the row and its in-app notification are written together, once; a row already sent is skipped;
- then its e-mail (when she has an address), on its own: an SMTP server that refuses or times out
  (`EMAIL_TIMEOUT`) fails that one reminder — `attempts` and `last_error` record it, the next run
  tries it again (the notification is not written twice) — and never the others;
- a recipient without an e-mail address has the notification only, and the reminder is sent.

Recipients are users who are active; the rules skip members no longer on the roll.
"""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cells.models import Committee
from members.models import ON_ROLL, Member, Notification, Position, Reminder, User
from members.notifications import email_text
from members.selectors import probation_ending

Kind = Reminder.Kind
TITLE_MAX = Notification._meta.get_field("title").max_length
ERROR_MAX = Reminder._meta.get_field("last_error").max_length


@dataclass(frozen=True)
class Due:
    """One reminder due: to whom, what kind, its occasion (`key`) and what it says."""

    user: User
    kind: str
    key: str
    title: str
    body: str
    url: str = ""

    @property
    def identity(self) -> tuple[int, str, str]:
        return (self.user.pk, self.kind, self.key)


def language_of(user: User) -> str:
    """The language she reads the app in (`User.language`), Vietnamese when she never chose."""
    return user.language or settings.LANGUAGE_CODE


def due(
    user: User, *, kind: str, key: str, url: str, compose: Callable[[], tuple[str, str]]
) -> Due:
    """A reminder to `user`, its title and body written by `compose()` in her language."""
    with translation.override(language_of(user)):
        title, body = compose()
        title, body = str(title), str(body)
    # A subject is one line (an e-mail header never holds a line break).
    title = " ".join(title.split())[:TITLE_MAX]
    return Due(user=user, kind=kind, key=key, title=title, body=body, url=url)


def day_text(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


# --- recipients ------------------------------------------------------------------------------------


@dataclass
class Officers:
    """A committee's secretaries on a day, with their logins: each cell's (`cells`) and the
    committee's (`committee`), the secretary before the deputy. A reminder for a cell goes to
    the committee's when no secretary of the cell has a login."""

    cells: dict[int, list[User]] = field(default_factory=dict)
    committee: list[User] = field(default_factory=list)

    def of_cell(self, cell_id: int | None) -> list[User]:
        """The cell's secretaries; the committee's for the committee (`cell_id` None) and for a
        cell whose secretary has no login (someone is always told)."""
        return (self.cells.get(cell_id) if cell_id is not None else None) or self.committee


def secretaries(committee: Committee | int, day: datetime.date, *, deputies=False) -> Officers:
    """Who holds the office of secretary (and, with `deputies`, deputy secretary) of each cell of
    the committee and of the committee itself on `day`, and has an active login — one query."""
    roles = [Position.Role.CELL_SECRETARY, Position.Role.COMMITTEE_SECRETARY]
    if deputies:
        roles += [Position.Role.CELL_DEPUTY, Position.Role.COMMITTEE_DEPUTY]
    order = {role: i for i, role in enumerate(roles)}
    positions = sorted(
        Position.objects.active_on(day)
        .filter(
            committee_id=getattr(committee, "pk", committee),
            role__in=roles,
            member__user__is_active=True,
        )
        .select_related("member__user"),
        key=lambda p: (order[p.role] // 2, p.start_date, p.pk),
    )
    result = Officers()
    for position in positions:
        users = result.cells.setdefault(position.cell_id, []) if position.cell_id else None
        users = result.committee if users is None else users
        if position.member.user not in users:
            users.append(position.member.user)
    return result


# --- sending -----------------------------------------------------------------------------------------


class Outcome:
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class Tally:
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.skipped


@dataclass
class Summary:
    """What a run did, per kind of reminder (`Reminder.Kind` values)."""

    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, kind: str, outcome: str) -> None:
        tally = self.kinds[kind]
        setattr(tally, outcome, getattr(tally, outcome) + 1)

    @property
    def total(self) -> Tally:
        result = Tally()
        for tally in self.kinds.values():
            result.sent += tally.sent
            result.failed += tally.failed
            result.skipped += tally.skipped
        return result


def unique(reminders: Iterable[Due]) -> list[Due]:
    """The reminders without repeats (the first of each user, kind and key)."""
    seen, result = set(), []
    for reminder in reminders:
        if reminder.identity not in seen:
            seen.add(reminder.identity)
            result.append(reminder)
    return result


def already_sent(reminders: Iterable[Due]) -> set[tuple[int, str, str]]:
    """The (user id, kind, key) of those among `reminders` sent before — one query."""
    reminders = list(reminders)
    if not reminders:
        return set()
    rows = Reminder.objects.filter(
        user_id__in={r.user.pk for r in reminders},
        kind__in={r.kind for r in reminders},
        key__in={r.key for r in reminders},
        sent_at__isnull=False,
    ).values_list("user_id", "kind", "key")
    return set(rows)


def _record(reminder: Due) -> Reminder | None:
    """The reminder's row and in-app notification, written once in one transaction; None when it
    was sent before."""
    with transaction.atomic():
        row, _created = Reminder.objects.get_or_create(
            user=reminder.user, kind=reminder.kind, key=reminder.key
        )
        row = Reminder.objects.select_for_update().get(pk=row.pk)
        if row.sent_at is not None:
            return None
        if row.notification_id is None:
            row.notification = Notification.objects.create(
                user=reminder.user, title=reminder.title, body=reminder.body, url=reminder.url
            )
            row.save(update_fields=["notification"])
    return row


def _email(reminder: Due, row: Reminder, now) -> str:
    """Send the e-mail; record the outcome on the row."""
    try:
        send_mail(
            reminder.title,
            email_text(reminder.body, reminder.url),
            None,
            [reminder.user.email],
            fail_silently=False,
        )
    except (smtplib.SMTPException, OSError) as error:
        # OSError: a refused connection, a timeout (EMAIL_TIMEOUT), an unreachable host.
        message = f"{type(error).__name__}: {error}"[:ERROR_MAX]
        Reminder.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, last_error=message)
        return Outcome.FAILED
    Reminder.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, sent_at=now)
    return Outcome.SENT


def send_one(reminder: Due, *, now=None) -> str:
    """Record and send one reminder; returns its `Outcome`."""
    if not reminder.user.is_active:
        return Outcome.SKIPPED
    row = _record(reminder)
    if row is None:
        return Outcome.SKIPPED
    now = now or timezone.now()
    if not reminder.user.email:
        Reminder.objects.filter(pk=row.pk).update(sent_at=now)
        return Outcome.SENT
    return _email(reminder, row, now)


def send_due(reminders: Iterable[Due], *, now=None) -> Summary:
    """Record and send each reminder once (see the module's rules); one that fails never stops
    the others. Returns what happened, per kind."""
    summary = Summary()
    reminders = unique(reminders)
    sent = already_sent(reminders)
    for reminder in reminders:
        if reminder.identity in sent:
            summary.add(reminder.kind, Outcome.SKIPPED)
        else:
            summary.add(reminder.kind, send_one(reminder, now=now))
    return summary


# --- the members' rule: probation ending -------------------------------------------------------------


def probation_reminders(committee: Committee, *, today: datetime.date, rules) -> list[Due]:
    """Probationary members whose probation ends within `reminder_probation_days` (setting) — or
    has ended without recognition (`members.selectors.probation_ending`) → the secretary of her
    current cell, once for each end of probation. Two queries."""
    found = probation_ending(
        Member.objects.filter(committee=committee),
        on=today,
        rules=rules,
        within_days=rules.reminder_probation_days,
    ).members
    if not found:
        return []
    officers = secretaries(committee, today)
    url = reverse("members:probation")
    result = []
    for member in found:
        for user in officers.of_cell(member.current_cell_id):
            values = {
                "name": member.full_name,
                "day": day_text(member.probation_ends),
                "cell": member.current_cell_name or "",
            }

            def compose(values=values, days_left=member.probation_days_left):
                title = (
                    _("Probation ends on %(day)s: %(name)s") % values
                    if days_left >= 0
                    else _("Probation ended on %(day)s without recognition: %(name)s") % values
                )
                body = (
                    _(
                        "The probation of %(name)s (%(cell)s) ends on %(day)s. Prepare the cell's "
                        "vote on her recognition as an official member."
                    )
                    % values
                )
                return title, body

            result.append(
                due(
                    user,
                    kind=Kind.PROBATION,
                    key=f"member:{member.pk}:probation:{member.probation_ends:%Y-%m-%d}",
                    url=url,
                    compose=compose,
                )
            )
    return result


def reachable(prefix: str = "") -> Q:
    """A member who can be reminded: on the roll, with an active login (`prefix`: the path to the
    member from the queried model, e.g. "member__")."""
    return Q(
        **{
            f"{prefix}status__in": ON_ROLL,
            f"{prefix}user__isnull": False,
            f"{prefix}user__is_active": True,
        }
    )
