"""The quality year's reminders (issue 21; the machinery: `members.reminders`).

- `residence_reminders`: from `reminder_residence_days` (setting) before a cell's year-end review
  (`reviews.services.review_dates`: its review meeting, else 31 December) until that day, the
  working members whose residence-place comment of the year is still missing
  (`reviews.records.residence.missing_comments`, what the committee's alerts list) → the cell's
  secretary, once per cell and year;
- `supervision_reminders`: an item of a programme, not done (`reviews.supervision.progress`), whose
  planned period ends within `reminder_supervision_days` (setting) → who carries it out (its
  supervisors; the secretary of the programme's body when it names none); a record's follow-up
  still open whose deadline is within those days → the member concerned (the cell's secretary
  for a record about the cell). Once each. The reminder names no finding: records are confidential.

Reads only, a fixed number of queries per committee.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cells.models import Cell
from members.models import Member
from members.reminders import Due, Kind, day_text, due, reachable, secretaries
from reviews.models import SupervisionItem, SupervisionRecord
from reviews.records.residence import missing_comments
from reviews.services import review_dates
from reviews.supervision.progress import ItemState, items_with_records, with_progress

NAMES_SHOWN = 10


def residence_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    year = today.year
    window = datetime.timedelta(days=rules.reminder_residence_days)
    dates = review_dates(
        Cell.objects.active().filter(committee=committee).values_list("pk", flat=True), year
    )
    cells = {cell_id: day for cell_id, day in dates.items() if day - window <= today <= day}
    if not cells:
        return []
    missing: dict[int, list[str]] = {}
    cell_names: dict[int, str] = {}
    for row in missing_comments(committee, year, day=today):
        if row["row_cell_id"] in cells:
            missing.setdefault(row["row_cell_id"], []).append(row["full_name"])
            cell_names[row["row_cell_id"]] = row["row_cell_name"]
    if not missing:
        return []
    officers = secretaries(committee, today)
    url = reverse("reviews:residence_list", args=[year])
    result = []
    for cell_id, names in missing.items():
        shown = ", ".join(names[:NAMES_SHOWN]) + (" …" if len(names) > NAMES_SHOWN else "")
        values = {
            "cell": cell_names[cell_id],
            "count": len(names),
            "day": day_text(cells[cell_id]),
            "names": shown,
            "year": year,
        }
        for user in officers.of_cell(cell_id):

            def compose(values=values):
                title = (
                    ngettext(
                        "%(count)s residence-place comment missing before the review of %(day)s",
                        "%(count)s residence-place comments missing before the review of %(day)s",
                        values["count"],
                    )
                    % values
                )
                body = (
                    _(
                        "%(cell)s reviews its members on %(day)s. The residence-place comments of "
                        "%(year)s are still missing for: %(names)s. Request them from the cells where "
                        "these members live, or record them as received or exempt."
                    )
                    % values
                )
                return title, body

            result.append(
                due(
                    user,
                    kind=Kind.RESIDENCE,
                    key=f"residence:{cell_id}:{year}",
                    url=url,
                    compose=compose,
                )
            )
    return result


def _item_reminders(committee, today, last, officers) -> list[Due]:
    items = with_progress(
        list(
            items_with_records(
                SupervisionItem.objects.filter(
                    programme__committee=committee,
                    planned_until__gte=today,
                    planned_until__lte=last,
                ).select_related("programme__cell", "programme__committee")
            ).order_by("planned_until", "pk")
        )
    )
    items = [item for item in items if item.state != ItemState.DONE]
    if not items:
        return []
    supervisor_ids = {m.pk for item in items for m in item.supervisors.all()}
    supervisors = {
        member.pk: member
        for member in Member.objects.filter(pk__in=supervisor_ids)
        .filter(reachable())
        .select_related("user")
    }
    result = []
    for item in items:
        users = [supervisors[m.pk].user for m in item.supervisors.all() if m.pk in supervisors]
        # A supervisor may hold no office, and only officers open a programme's page: she is sent
        # to the supervision section's home (every member opens it); the secretary, to the page.
        url = reverse("reviews:supervision_home")
        if not users:
            users = officers.of_cell(item.programme.cell_id)
            url = item.programme.get_absolute_url()
        values = {
            "holder": item.programme.holder_name,
            "day": day_text(item.planned_until),
            "content": item.content or item.get_kind_display(),
        }
        for user in users:

            def compose(values=values):
                title = _("Supervision due by %(day)s: %(content)s") % values
                body = (
                    _(
                        "An item of the inspection and supervision programme of %(holder)s, "
                        "“%(content)s”, is planned to be done by %(day)s and is not done yet."
                    )
                    % values
                )
                return title, body

            result.append(
                due(
                    user,
                    kind=Kind.SUPERVISION,
                    key=f"supervision-item:{item.pk}:due",
                    url=url,
                    compose=compose,
                )
            )
    return result


def _followup_reminders(committee, today, last, officers) -> list[Due]:
    records = (
        SupervisionRecord.objects.filter(
            committee=committee,
            followup_deadline__gte=today,
            followup_deadline__lte=last,
            followup_done_on__isnull=True,
        )
        .select_related("member__user", "cell")
        .order_by("followup_deadline", "pk")
    )
    result = []
    for record in records:
        if record.member_id is None:
            users = officers.of_cell(record.cell_id)
        elif record.member.user_id and record.member.user.is_active and record.member.is_on_roll:
            users = [record.member.user]
        else:
            users = []
        values = {"day": day_text(record.followup_deadline)}
        for user in users:

            def compose(values=values):
                title = _("Supervision follow-up due by %(day)s") % values
                body = (
                    _(
                        "The recommendations of a supervision record are to be carried out by "
                        "%(day)s. Open the record to see them and what is still to be done."
                    )
                    % values
                )
                return title, body

            result.append(
                due(
                    user,
                    kind=Kind.SUPERVISION,
                    key=f"supervision-record:{record.pk}:followup",
                    url=record.get_absolute_url(),
                    compose=compose,
                )
            )
    return result


def supervision_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    last = today + datetime.timedelta(days=rules.reminder_supervision_days)
    officers = secretaries(committee, today)
    return _item_reminders(committee, today, last, officers) + _followup_reminders(
        committee, today, last, officers
    )


RULES = (residence_reminders, supervision_reminders)
