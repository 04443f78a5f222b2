"""Her own data (issue 20, the personal-data law's right of access).

- `my_data` (GET `/members/me/data/`): what the download holds, the button, and the link to who
  viewed her record.
- `my_data_zip` (GET `/members/me/data.zip`): the .zip of `data.json` and a readable DOCX
  (`dashboard.personal_data`), logged in the access log (`Kind.DATA_EXPORT`).
Only for herself: there is no member in the URL; a user without a member record gets a 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboard import personal_data
from members import access
from members.access_log import Kind, log_view
from members.models import Member


def _own_member(request) -> Member:
    member_id = access.access_for(request.user).member_id
    if member_id is None:
        raise Http404
    return Member.objects.select_related("committee", "user").get(pk=member_id)


@require_safe
def my_data(request):
    member = _own_member(request)
    return render(request, "members/my_data.html", {"member": member})


@require_safe
def my_data_zip(request):
    member = _own_member(request)
    data = personal_data.collect(member)
    content = personal_data.to_zip(data)
    log_view(request.user, kind=Kind.DATA_EXPORT, member=member, obj=member, request=request)
    response = HttpResponse(content, content_type=personal_data.ZIP_TYPE)
    filename = personal_data.zip_filename(member, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
