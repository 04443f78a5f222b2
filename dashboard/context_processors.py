"""Template context every page needs: the navbar's sections for this user.

It costs at most two queries whatever the page: the user's access (`members.access.access_for`,
one query, which the page's own checks then reuse), and — only if the page shows them — the
navbar's two badges, the unread notices and her overdue task parts, counted together in one
(`core.counts.counts`)."""

from functools import cached_property

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.counts import counts
from meetings import access as meeting_access
from meetings.decisions import tasks
from members import access
from members.models import Notification


def navigation(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    acc = access.access_for(user) if user is not None else None
    badges = Badges(user, acc.member_id if acc else None)
    return {
        "nav_section": match.namespace if match else "",
        "nav_members": bool(acc and acc.member_section),
        "nav_me": bool(acc and acc.member_id),
        "nav_meetings": bool(acc and meeting_access.section_visible(user)),
        "nav_unread": SimpleLazyObject(lambda: badges.values[0]),
        "nav_overdue": SimpleLazyObject(lambda: badges.values[1]),
        "nav_reviews": bool(acc and (acc.member_id or acc.officer_cells or acc.officer_committees)),
    }


class Badges:
    """The bell's number (her unread notices, on the (user, read_at) index) and the "My tasks"
    badge (her open task parts past their deadline; none without a member record): one query for
    both, run only if the page shows one of them."""

    def __init__(self, user, member_id):
        self.user = user
        self.member_id = member_id

    @cached_property
    def values(self) -> tuple[int, int]:
        if not getattr(self.user, "is_authenticated", False):
            return 0, 0
        unread = Notification.objects.filter(user=self.user).unread()
        if not self.member_id:
            return unread.count(), 0
        found = counts(unread, tasks.overdue_parts(self.member_id, timezone.localdate()))
        return found[0], found[1]
