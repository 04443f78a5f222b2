"""The meetings' reminders (issue 21; the machinery: `members.reminders`).

- `documents_reminders`: a published meeting within `reminder_meeting_days` (setting) that has
  documents → each member of its body (`meetings.selectors.body_members`) who has opened none of
  them (the secretary's checklist asks the same), once per meeting;
- `agenda_reminders`: a meeting still a draft once the day of its publishing deadline
  (`meetings.planning.preparation.publish_deadline`: `document_lead_days` before it) has come →
  the secretary and deputy of its body (the cell's, or the committee's for the executive
  committee and the whole committee), once per meeting;
- `task_reminders`: an open part of a task whose deadline is within `reminder_task_days` (setting)
  → the member it is assigned to, once; once more, overdue, after the deadline.

Reads only: two queries for the agenda, one for the tasks, one for the meetings with documents
plus one per such meeting (its body on its own date) — bounded by the bodies that meet in the
window, never by the number of members, documents or tasks.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import Body, Meeting, ReadReceipt, Status, TaskAssignment
from meetings.planning.preparation import has_started, publish_deadline
from meetings.selectors import body_members
from members.reminders import Due, Kind, day_text, due, reachable, secretaries


def _values(meeting: Meeting) -> dict:
    return {
        "holder": meeting.holder_name,
        "day": day_text(meeting.date),
        "time": f"{meeting.start_time:%H:%M}",
    }


def documents_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    last = today + datetime.timedelta(days=rules.reminder_meeting_days)
    meetings = (
        Meeting.objects.filter(
            committee=committee, status=Status.PUBLISHED, date__gte=today, date__lte=last
        )
        .select_related("cell")
        .annotate(documents_count=Count("documents", filter=Q(documents__archived=False)))
        .filter(documents_count__gt=0)
        .order_by("date", "start_time", "pk")
    )
    result = []
    for meeting in meetings:
        if has_started(meeting):
            continue
        opened = ReadReceipt.objects.filter(
            member=OuterRef("pk"), document__meeting=meeting, document__archived=False
        )
        members = (
            body_members(meeting)
            .filter(reachable())
            .exclude(Exists(opened))
            .order_by("name_sort", "pk")
        )
        values = _values(meeting)
        for member in members:

            def compose(values=values, count=meeting.documents_count):
                title = _("Meeting on %(day)s: please read its documents") % values
                body = ngettext(
                    "%(holder)s meets on %(day)s at %(time)s. You have not opened its "
                    "document yet.",
                    "%(holder)s meets on %(day)s at %(time)s. You have not opened any of its "
                    "%(count)s documents yet.",
                    count,
                ) % {**values, "count": count}
                return title, body

            result.append(
                due(
                    member.user,
                    kind=Kind.MEETING_DOCUMENTS,
                    key=f"meeting:{meeting.pk}:docs",
                    url=meeting.get_absolute_url(),
                    compose=compose,
                )
            )
    return result


def agenda_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    # The deadline is `document_lead_days` before the start: a meeting further ahead than that
    # (plus a day for the start time) cannot be due yet.
    last = today + datetime.timedelta(days=rules.document_lead_days + 1)
    meetings = [
        meeting
        for meeting in Meeting.objects.filter(
            committee=committee, status=Status.DRAFT, date__gte=today, date__lte=last
        )
        .select_related("cell")
        .order_by("date", "start_time", "pk")
        if timezone.localdate(publish_deadline(meeting, rules)) <= today
        and not has_started(meeting)
    ]
    if not meetings:
        return []
    officers = secretaries(committee, today, deputies=True)
    result = []
    for meeting in meetings:
        cell_id = meeting.cell_id if meeting.body == Body.CELL else None
        values = {
            **_values(meeting),
            "deadline": day_text(timezone.localdate(publish_deadline(meeting, rules))),
        }
        for user in officers.of_cell(cell_id):

            def compose(values=values):
                title = _("Publish the agenda: %(holder)s meets on %(day)s") % values
                body = (
                    _(
                        "The agenda of the meeting of %(holder)s on %(day)s at %(time)s is not "
                        "published yet; the documents were due by %(deadline)s. Publish it so that "
                        "the members can prepare."
                    )
                    % values
                )
                return title, body

            result.append(
                due(
                    user,
                    kind=Kind.AGENDA_UNPUBLISHED,
                    key=f"meeting:{meeting.pk}:publish",
                    url=meeting.get_absolute_url(),
                    compose=compose,
                )
            )
    return result


def task_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    last = today + datetime.timedelta(days=rules.reminder_task_days)
    assignments = (
        TaskAssignment.objects.open()
        .filter(task__committee=committee, task__deadline__lte=last)
        .filter(reachable("member__"))
        .select_related("task", "member__user")
        .order_by("task__deadline", "task_id", "pk")
    )
    url = reverse("meetings:my_tasks")
    result = []
    for assignment in assignments:
        task = assignment.task
        overdue = task.deadline < today
        values = {"task": task.title, "day": day_text(task.deadline)}

        def compose(values=values, overdue=overdue):
            if overdue:
                title = _("Task overdue since %(day)s: %(task)s") % values
                body = (
                    _(
                        "Your task “%(task)s” was due on %(day)s and is not marked done. Mark it "
                        "done under “My tasks”, or tell your cell's secretary."
                    )
                    % values
                )
            else:
                title = _("Task due on %(day)s: %(task)s") % values
                body = (
                    _(
                        "Your task “%(task)s” is due on %(day)s. When it is done, mark it done under "
                        "“My tasks”."
                    )
                    % values
                )
            return title, body

        result.append(
            due(
                assignment.member.user,
                kind=Kind.TASK_OVERDUE if overdue else Kind.TASK_DUE,
                key=f"task:{task.pk}:{'overdue' if overdue else 'due'}",
                url=url,
                compose=compose,
            )
        )
    return result


RULES = (documents_reminders, agenda_reminders, task_reminders)
