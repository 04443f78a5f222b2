"""Probation watch — theo dõi đảng viên dự bị: whose probation ends soon, who is overdue."""

from django.shortcuts import render
from django.utils import timezone

from members import access
from members.selectors import probation_ending


def probation_watch(request):
    """Probationary members whose probation ends within the warning window (a setting, default
    60 days) and those past it without recognition, per committee the user may see
    (`members.selectors.probation_ending`)."""
    access.require_member_section(request.user)
    today = timezone.localdate()
    found = probation_ending(access.visible_members(request.user), on=today)
    ending, overdue = [], []
    for member in found.members:
        days = member.probation_days_left
        member.days_left = max(days, 0)
        member.days_late = max(-days, 0)
        (overdue if days < 0 else ending).append(member)
    warning_days = sorted(found.warning_days)
    return render(
        request,
        "members/probation_watch.html",
        {
            "ending": ending,
            "overdue": overdue,
            "warning_days": warning_days[0] if len(warning_days) == 1 else None,
            "today": today,
        },
    )
