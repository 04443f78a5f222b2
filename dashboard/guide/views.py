"""The user guide's pages (issue 21, part 5): every logged-in user reads every role's page — the
guide documents the screens, not anyone's data, so nothing here touches a party record.

- `guide_index` ("guide/"): the three roles.
- `guide_role` ("guide/<role>/"): one role's numbered steps with their screenshots; an unknown
  role is a 404.
- `guide_print` ("guide/print/"): the three roles in one A4 document (print CSS, a Print button).
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cells.models import Committee, CommitteeSettings
from cells.rules import rules_for
from dashboard.guide.pages import ROLES
from members.access import access_for


def reader_rules(user) -> CommitteeSettings:
    """The rules of the reader's committee (her own, else the first she may see), so the guide
    states the thresholds she works with; the defaults for a user of no committee. One query."""
    acc = access_for(user)
    committee_id = acc.member_committee_id or min(acc.view_committees, default=None)
    committee = (
        Committee.objects.select_related("rules").filter(pk=committee_id).first()
        if committee_id
        else None
    )
    return rules_for(committee) if committee else CommitteeSettings()


@require_GET
def guide_index(request):
    return render(request, "guide/index.html", {"roles": ROLES.values(), "nav_section": "guide"})


@require_GET
def guide_role(request, role):
    page = ROLES.get(role)
    if page is None:
        raise Http404
    return render(
        request,
        "guide/role.html",
        {
            "role": page,
            "roles": ROLES.values(),
            "rules": reader_rules(request.user),
            "nav_section": "guide",
        },
    )


@require_GET
def guide_print(request):
    return render(
        request,
        "guide/print.html",
        {"roles": ROLES.values(), "rules": reader_rules(request.user)},
    )
