"""Calendars: a user's private iCal feed (a secret token in the address, no session), one
meeting's .ics file ("Add to calendar"), and the page where she creates or resets her feed link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from meetings import access as meeting_access
from meetings.models import Meeting, Status
from meetings.planning import ical
from members.models import User


def _ics_response(calendar, *, disposition: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = disposition
    return response


@login_not_required
@require_safe
@never_cache
def ical_feed(request, token):
    """The feed a calendar app subscribes to: the token is the only credential (DESIGN §9)."""
    user = User.objects.filter(ical_token=token, is_active=True).first()
    if user is None:
        # An old (reset) or mistyped link: say so plainly — a calendar app shows this text.
        return HttpResponseNotFound(
            _(
                "This calendar link is not valid: it may have been reset. "
                "Sign in to chibo to get your current calendar link."
            ),
            content_type="text/plain; charset=utf-8",
        )
    calendar = ical.build_calendar(ical.feed_meetings(user), name=_("Party meetings · chibo"))
    return _ics_response(calendar, disposition='inline; filename="chibo.ics"')


@require_safe
def meeting_ics(request, pk):
    """One published meeting as an .ics file to add to a calendar."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if meeting.status == Status.DRAFT:
        raise Http404
    meeting = ical.with_feed_data(Meeting.objects.filter(pk=meeting.pk)).get()
    return _ics_response(
        ical.build_calendar([meeting]),
        disposition=f'attachment; filename="sinh-hoat-{meeting.date:%Y-%m-%d}.ics"',
    )


@require_safe
def ical_settings(request):
    """Her feed link, or a button to create it (GET changes nothing)."""
    meeting_access.require_section(request.user)
    token = request.user.ical_token
    feed_url = (
        request.build_absolute_uri(reverse("meetings:ical_feed", args=[token])) if token else ""
    )
    return render(
        request,
        "meetings/ical_settings.html",
        {
            "feed_url": feed_url,
            # webcal:// opens the subscription in the phone's or computer's calendar app.
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
        },
    )


@require_POST
def ical_reset(request):
    """Create her feed link, or replace it: the old link stops working at once."""
    meeting_access.require_section(request.user)
    had_link = bool(request.user.ical_token)
    ical.ical_token_reset(user=request.user)
    if had_link:
        messages.success(request, _("You have a new calendar link. The old link no longer works."))
    else:
        messages.success(request, _("Your calendar link is ready."))
    return redirect("meetings:ical_settings")
