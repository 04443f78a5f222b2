"""The year's schedule of regular meetings — lịch sinh hoạt (DOMAIN §4.1): the unified day of the
month and the meetings generated from it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Committee
from cells.rules import rules_for
from core.services import save_with_history as _save
from meetings.models import Body, Kind, Meeting
from meetings.planning.meetings import add_standard_items


def scheduled_day(year: int, month: int, unified_day: int) -> datetime.date:
    """The unified day of the month; on a Saturday or Sunday, the Friday before.

    Documented choice: schools and offices meet on working days, and an earlier day is never
    "held late" against the unified day. When that Friday is in the previous month (the unified
    day is the 1st or 2nd), the Monday after.
    """
    day = datetime.date(year, month, unified_day)
    if day.weekday() >= 5:
        friday = day - datetime.timedelta(days=day.weekday() - 4)
        # Never into the previous month: then the Monday after.
        day = friday if friday.month == month else day + datetime.timedelta(days=7 - day.weekday())
    return day


def on_time_until(year: int, month: int, rules) -> datetime.date:
    """The last day a regular meeting of the month is held on time: the scheduled day plus the
    grace days (setting `late_grace_days`). Held after it, the meeting is held late (DOMAIN
    §4.1) — the dashboard's matrix and the demo both ask here."""
    return scheduled_day(year, month, rules.meeting_day) + datetime.timedelta(
        days=rules.late_grace_days
    )


@transaction.atomic
def schedule_generate(*, committee: Committee, year: int, by) -> list[Meeting]:
    """Plan the year's regular meetings of every active cell and of the executive committee.

    From the unified meeting day (a setting). Months already past are skipped (enter history
    with "recorded afterwards"); a month that already has its regular meeting is left exactly as
    it is. Running it twice creates nothing the second time.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    today = timezone.localdate()
    if year < today.year:
        raise ValidationError({"year": _("That year is over; enter its meetings one by one.")})
    if year > today.year + 1:
        raise ValidationError({"year": _("Plan at most next year.")})
    rules = rules_for(committee)
    holders = [(Body.CELL, cell) for cell in committee.cells.active().order_by("code")]
    holders.append((Body.EXECUTIVE, None))
    existing = set(
        Meeting.objects.filter(
            committee=committee, kind=Kind.REGULAR, month__year=year
        ).values_list("body", "cell_id", "month")
    )
    created = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        day = scheduled_day(year, month, rules.meeting_day)
        if day < today:
            continue
        for body, cell in holders:
            if (body, cell.pk if cell else None, first) in existing:
                continue
            meeting = Meeting(
                committee=committee,
                body=body,
                cell=cell,
                kind=Kind.REGULAR,
                date=day,
                month=first,
                start_time=rules.meeting_time,
                created_by=by,
            )
            _save(meeting, by=by)
            add_standard_items(meeting, by=by)
            created.append(meeting)
    return created
