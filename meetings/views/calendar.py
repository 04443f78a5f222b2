"""Lịch sinh hoạt: the month calendar of the meetings the user may see (a list on phones)."""

import calendar
import datetime
import re

from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.versions import render_part
from meetings import access as meeting_access
from meetings.models import Body, Meeting
from meetings.planning.filters import MeetingFilter
from members import access

MONTH_PARAM = re.compile(r"^(\d{4})-(\d{2})$")
# Months the calendar opens; anything else (or a malformed value) shows this month.
YEAR_RANGE = range(1930, 2101)
CELL_COLOURS = 8


def parse_month(value, today: datetime.date) -> datetime.date:
    """`YYYY-MM` → the first day of that month; a missing or bad value → this month."""
    match = MONTH_PARAM.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if year in YEAR_RANGE and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return today.replace(day=1)


def shift_month(month: datetime.date, step: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + step
    return datetime.date(index // 12, index % 12 + 1, 1)


def colour_class(meeting: Meeting) -> str:
    """A stable colour per cell; the executive and the whole committee share one."""
    if meeting.body == Body.CELL and meeting.cell_id:
        return f"cell-colour-{meeting.cell_id % CELL_COLOURS}"
    return "cell-colour-body"


def month_label(month: datetime.date) -> str:
    return _("Month %(month)s %(year)s") % {"month": month.month, "year": month.year}


def meeting_calendar(request):
    meeting_access.require_section(request.user)
    today = timezone.localdate()
    # The month of each filter: one cached part per user and day (`core.versions`).
    body = render_part(
        request,
        "calendar",
        access.held_scopes(request.user),
        (request.GET.urlencode(), today),
        "meetings/_calendar_body.html",
        lambda: _calendar_context(request, today),
    )
    label = month_label(parse_month(request.GET.get("month"), today))
    return render(
        request,
        "meetings/calendar.html",
        {"body": body, "month_label": label},
    )


def _calendar_context(request, today: datetime.date) -> dict:
    month = parse_month(request.GET.get("month"), today)

    cells = access.visible_cells(request.user).order_by("committee_id", "code", "pk")
    meetings = Meeting.objects.visible_to(request.user).with_related().in_month(month)
    filterset = MeetingFilter(request.GET or None, queryset=meetings, cells=cells)
    entries = [
        {"meeting": meeting, "colour": colour_class(meeting)}
        for meeting in filterset.qs.order_by("date", "start_time", "pk")
    ]

    by_date = {}
    for entry in entries:
        by_date.setdefault(entry["meeting"].date, []).append(entry)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "is_today": day == today,
                "entries": by_date.get(day, []) if day.month == month.month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            month.year, month.month
        )
    ]
    list_days = [day for week in weeks for day in week if day["entries"]]

    # Which colour is which cell (or body) this month; the name is also on every meeting.
    legend = {}
    for entry in entries:
        legend.setdefault(entry["meeting"].holder_name, entry["colour"])

    # Month links keep the filters that are set.
    kept = {name: request.GET[name] for name in filterset.filters if request.GET.get(name)}

    def month_url(target: datetime.date) -> str:
        return "?" + urlencode({"month": f"{target:%Y-%m}", **kept})

    acc = access.access_for(request.user)
    return {
        "filter": filterset,
        "month": month,
        "month_param": f"{month:%Y-%m}",
        "month_label": month_label(month),
        "today": today,
        "weekdays": [WEEKDAYS_ABBR[day] for day in range(7)],  # "Mon" … "Sun", Monday first
        "weeks": weeks,
        "entries": entries,
        "list_days": list_days,
        "legend": sorted(legend.items()),
        "prev_url": month_url(shift_month(month, -1)),
        "next_url": month_url(shift_month(month, 1)),
        "today_url": month_url(today),
        "is_this_month": month == today.replace(day=1),
        "prev_label": month_label(shift_month(month, -1)),
        "next_label": month_label(shift_month(month, 1)),
        "can_plan": meeting_access.can_plan(request.user),
        "can_schedule": bool(acc.officer_committees),
    }
