"""Template context every page needs: the navbar's sections for this user."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from meetings import access as meeting_access
from meetings.decisions import tasks
from members import access
from members.models import Notification


def navigation(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    acc = access.access_for(user) if user is not None else None
    return {
        "nav_section": match.namespace if match else "",
        "nav_members": bool(acc and acc.member_section),
        "nav_me": bool(acc and acc.member_id),
        "nav_meetings": bool(acc and meeting_access.section_visible(user)),
        "nav_unread": unread_count(user),
        "nav_overdue": overdue_count(acc.member_id if acc else None),
        "nav_reviews": bool(acc and (acc.member_id or acc.officer_cells or acc.officer_committees)),
    }


def unread_count(user):
    """The bell's number: one COUNT on the (user, read_at) index, run only if a page shows it."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return SimpleLazyObject(lambda: Notification.objects.filter(user=user).unread().count())


def overdue_count(member_id):
    """The "My tasks" badge: her open tasks past their deadline — one COUNT, run only if a page
    shows it (and only for a user with a member record)."""
    if not member_id:
        return 0
    return SimpleLazyObject(lambda: tasks.overdue_count(member_id, timezone.localdate()))
