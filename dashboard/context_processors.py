"""Template context every page needs: the navbar's sections for this user."""

from meetings import access as meeting_access
from members import access


def navigation(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    acc = access.access_for(user) if user is not None else None
    return {
        "nav_section": match.namespace if match else "",
        "nav_members": bool(acc and acc.member_section),
        "nav_me": bool(acc and acc.member_id),
        "nav_meetings": bool(acc and meeting_access.section_visible(user)),
    }
