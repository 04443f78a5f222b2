"""Who looked at what (issue 20): the pages that read the access log (`members.access_log`).

- `my_access_log` (GET `/members/me/access-log/`): who viewed my record — every entry about her,
  newest first. A member with a login; anyone else 404 (there is no record of hers).
- `committee_access_log` (GET `/members/access-log/?committee=&member=&kind=&date_from=&date_to=`):
  the committee's log, newest first, filtered by member, by what was seen and by days. The
  committee's officers (the committee secretary and the executive committee); everyone else 403.
  An officer of several committees picks one (`?committee=`, default: her own member's).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cells.models import Committee
from members import access
from members import access_log as log
from members.filters import AccessLogFilter
from members.models import AccessLog, Member

PAGE_SIZE = 50


@require_safe
def my_access_log(request):
    member_id = access.access_for(request.user).member_id
    if member_id is None:
        raise Http404
    entries = AccessLog.objects.of_member(member_id)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/access_log_mine.html", {"page": page})


def _committee(request, committee_ids) -> Committee:
    """The committee whose log is shown: `?committee=` among hers, else her own member's, else
    the first."""
    chosen = request.GET.get("committee", "")
    acc = access.access_for(request.user)
    if chosen.isdigit() and int(chosen) in committee_ids:
        pk = int(chosen)
    elif acc.member_committee_id in committee_ids:
        pk = acc.member_committee_id
    else:
        pk = min(committee_ids)
    return Committee.objects.get(pk=pk)


@require_safe
def committee_access_log(request):
    committee_ids = log.log_committees(request.user)
    if not committee_ids:
        raise PermissionDenied
    committee = _committee(request, committee_ids)
    filterset = AccessLogFilter(
        request.GET or None,
        queryset=AccessLog.objects.of_committee(committee.pk),
        members=Member.objects.filter(committee_id=committee.pk).ordered(),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    committees = (
        list(Committee.objects.filter(pk__in=committee_ids).order_by("name"))
        if len(committee_ids) > 1
        else []
    )
    return render(
        request,
        "members/access_log_committee.html",
        {
            "committee": committee,
            "committees": committees,
            "filter": filterset,
            "page": page,
            "filtered": any(
                request.GET.get(name) for name in ("member", "kind", "date_from", "date_to")
            ),
        },
    )
