"""Probation watch — theo dõi đảng viên dự bị: whose probation ends soon, who is overdue, and who
has not completed the course for new members (asked of `library.training.selectors`, for the
members whose training the user may see — `library.access`)."""

from django.shortcuts import render
from django.utils import timezone

from library import access as library_access
from library.training.selectors import new_member_course_missing
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
    training_shown = {
        m.pk for m in found.members if library_access.may_see_training(request.user, m)
    }
    missing = new_member_course_missing(training_shown)
    for member in found.members:
        member.training_shown = member.pk in training_shown
        member.new_member_course_missing = member.pk in missing
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
            "training_due_committees": access.visible_committees(request.user).filter(
                pk__in=library_access.training_due_committee_ids(request.user)
            ),
        },
    )
