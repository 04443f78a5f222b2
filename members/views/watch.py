"""Probation watch — theo dõi đảng viên dự bị: whose probation ends soon, who is overdue."""

from django.shortcuts import render
from django.utils import timezone

from cells.rules import rules_for
from members import access
from members.models import Member, Status
from members.services import probation_ends_on


def probation_watch(request):
    """Probationary members whose probation ends within the warning window (a setting, default
    60 days) and those past it without recognition, per committee the user may see."""
    access.require_member_section(request.user)
    today = timezone.localdate()
    members = (
        Member.objects.visible_to(request.user)
        .filter(status=Status.PROBATIONARY, admitted_on__isnull=False)
        .with_current_cell()
        .select_related("committee")
        .order_by("admitted_on", "name_sort")
    )
    ending, overdue = [], []
    windows = {}
    for member in members:
        rules = windows.get(member.committee_id) or rules_for(member.committee)
        windows[member.committee_id] = rules
        member.probation_ends = probation_ends_on(member.admitted_on, rules)
        days = (member.probation_ends - today).days
        member.days_left = max(days, 0)
        member.days_late = max(-days, 0)
        if days < 0:
            overdue.append(member)
        elif days <= rules.probation_warning_days:
            ending.append(member)
    warning_days = sorted({r.probation_warning_days for r in windows.values()})
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
