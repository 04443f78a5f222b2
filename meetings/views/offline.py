"""Reading offline (issue 24): which of the pages kept on her phone she may still keep.

Her phone's service worker (`static/js/sw.js`) asks when it is back online, with the addresses it
keeps for her; the answer lists those she may still keep. It deletes the others: a meeting she no
longer sees, a document taken off the meeting page, a meeting now older than her committee's
days, everything when her committee keeps nothing any more. The rules are those that mark the
pages when they are shown (`meeting_detail`, `document_download`, `my_tasks`).
"""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.models import Document, Meeting
from members import access, offline

# At most this many addresses in one question (a phone keeps a few dozen pages).
MAX_URLS = 500


def _parsed(request) -> list[str] | None:
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, list) or len(urls) > MAX_URLS:
        return None
    if not all(isinstance(url, str) and len(url) <= 300 for url in urls):
        return None
    return urls


def _route(url: str):
    """(view name, kwargs) of a local path with no query, else None."""
    if not url.startswith("/") or url.startswith("//") or "?" in url or "#" in url:
        return None
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


@require_POST
def offline_check(request):
    """The kept addresses she may still keep (JSON: `keep`, and her committee's `days`)."""
    urls = _parsed(request)
    if urls is None:
        return HttpResponseBadRequest(_("The list of kept pages could not be read."))
    days = offline.keep_days(request.user)
    routes = {url: _route(url) for url in urls}
    meeting_ids, document_ids = set(), set()
    for route in routes.values():
        if route and route[0] == "meetings:detail":
            meeting_ids.add(route[1]["pk"])
        elif route and route[0] == "meetings:document":
            meeting_ids.add(route[1]["pk"])
            document_ids.add(route[1]["doc_pk"])
    today = timezone.localdate()
    meetings = set(
        Meeting.objects.visible_to(request.user)
        .kept_offline(today=today, days=days)
        .filter(pk__in=meeting_ids)
        .values_list("pk", flat=True)
    )
    documents = set(
        Document.objects.filter(pk__in=document_ids, meeting__in=meetings, archived=False)
        .values_list("meeting_id", "pk")
        .iterator()
    )
    has_member = days > 0 and access.access_for(request.user).member_id is not None
    keep = []
    for url, route in routes.items():
        if route is None:
            continue
        name, kwargs = route
        if (
            (name == "meetings:detail" and kwargs["pk"] in meetings)
            or (name == "meetings:document" and (kwargs["pk"], kwargs["doc_pk"]) in documents)
            or (name == "meetings:my_tasks" and has_member)
        ):
            keep.append(url)
    return JsonResponse({"keep": keep, "days": days})
