"""Who may open the committee dashboard and its report (DOMAIN §10): committee officers and
observers of that committee (superusers too: the numbers hold nothing confidential). The panels
built on confidential records (member ratings) are for committee officers only.

A superior's officer (issue 22) opens them read-only — as an observer would, and without a link
to a page she may not open — for a committee under her superior during the year shown
(`members.access.superior_reads_committee`); any other year, or any other committee, is a 404.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cells.models import Committee
from members import access

FIRST_YEAR = 2000


def dashboard_committee_ids(user) -> frozenset[int]:
    acc = access.access_for(user)
    if acc.is_superuser:
        return acc.view_committees
    return acc.officer_committees | acc.observer_committees


def reads_as_superior(user, committee_id: int, year: int | None) -> bool:
    """Opens the committee's dashboard of `year` only as a superior's officer: she holds no office
    or grant in the committee, and it was under her superior during that year."""
    if year is None or committee_id in access.access_for(user).view_committees:
        return False
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return access.superior_reads_committee(user, committee_id, first, last)


def get_dashboard_committee(user, pk, *, year: int | None = None) -> Committee:
    """The committee whose dashboard the user opens: 404 if she may not see the committee at all,
    403 if she may see it but not its dashboard (members, clerks). A superior's officer opens
    it for a `year` during which it was under her superior (`reads_as_superior`), else 404."""
    acc = access.access_for(user)
    if pk not in acc.view_committees:
        if reads_as_superior(user, pk, year):
            return Committee.objects.get(pk=pk)
        raise Http404
    if pk not in dashboard_committee_ids(user):
        raise PermissionDenied
    return Committee.objects.get(pk=pk)


def sees_confidential(user, committee_id: int) -> bool:
    """Committee officers (not observers, not superusers as such) see the ratings panel."""
    return committee_id in access.access_for(user).officer_committees


def parse_year(value, today: datetime.date) -> int | None:
    """The `?year=` of the dashboard: a year from 2000 to next year; None when absent or bad."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if FIRST_YEAR <= year <= today.year + 1:
        return year
    return None
