"""What the fee pages share: the year and month in a URL or query, the cell and member looked up
with their access rule (404 / 403)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from cells.models import Cell
from fees import access as fee_access
from members import access
from members.models import Member

FIRST_YEAR = 2000
# How far ahead a page may go: a member may pay up to a year ahead.
YEARS_AHEAD = 1


def year_from(request) -> int:
    """The `year` of the query when it is a year the pages show, else the current year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year + YEARS_AHEAD else today.year


def month_or_404(year: int, month: int) -> datetime.date:
    if not FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD:
        raise Http404
    return datetime.date(year, month, 1)


def year_months(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def cell_for(user, pk, *, record: bool = False) -> Cell:
    """A cell whose register the user reads (and, with `record`, where she records payments):
    404 when she does not see the cell at all, 403 when she sees it but not its fees."""
    cell = access.get_cell_for_user(user, pk)
    if not fee_access.may_see_register(user, cell):
        raise PermissionDenied
    if record and not fee_access.may_record(user, cell):
        raise PermissionDenied
    return cell


def member_for(user, pk) -> Member:
    """A member whose amounts the user may see (herself, her cell's officers, her committee's);
    404 for everyone else — her amounts reveal her salary."""
    member = (
        Member.objects.with_current_cell().select_related("committee", "user").filter(pk=pk).first()
    )
    if member is None or not fee_access.may_see_amounts(user, member):
        raise Http404
    return member


def current_cell_of(member: Member) -> Cell | None:
    if member.current_cell_id is None:
        return None
    return Cell.objects.select_related("committee").filter(pk=member.current_cell_id).first()
