"""Read queries of the member registry that several pages (and later apps) share."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from members.models import Member, Position, Status


@dataclass
class Headcount:
    """The numbers the minutes state (DOMAIN §4.4) for a cell on a date.

    total = official + probationary + exempted + suspended members of the cell that day;
    temporary (hosted) members and members away on a temporary transfer are counted apart and
    are not in the total.
    """

    official: int = 0
    probationary: int = 0
    exempted: int = 0
    suspended: int = 0
    temporary: int = 0
    away: int = 0
    members: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.official + self.probationary + self.exempted + self.suspended


def cell_headcount(cell, date: datetime.date) -> Headcount:
    """Headcount of `cell` on `date`: one query, from memberships and the status on that date."""
    counts = dict(
        Member.objects.in_cell_on(cell, date)
        .values("status_on")
        .annotate(n=Count("pk"))
        .values_list("status_on", "n")
    )
    return Headcount(
        official=counts.get(Status.OFFICIAL, 0),
        probationary=counts.get(Status.PROBATIONARY, 0),
        exempted=counts.get(Status.EXEMPTED, 0),
        suspended=counts.get(Status.SUSPENDED, 0),
        temporary=counts.get(Status.TEMPORARY, 0),
        away=counts.get(Status.AWAY, 0),
    )


def current_officers(cell):
    """The cell's current officers (secretary first), with their member records."""
    order = {role: i for i, role in enumerate(Position.CELL_ROLES)}
    officers = list(Position.objects.current().filter(cell=cell).select_related("member"))
    return sorted(officers, key=lambda p: (order.get(p.role, 9), p.member.name_sort))


def current_committee_officers(committee):
    order = {role: i for i, role in enumerate(Position.COMMITTEE_ROLES)}
    officers = list(
        Position.objects.current()
        .filter(committee=committee, cell__isnull=True)
        .select_related("member")
    )
    return sorted(officers, key=lambda p: (order.get(p.role, 9), p.member.name_sort))


def current_positions_by_member(member_ids):
    """{member_id: [Position, …]} of current positions, in one query (for lists)."""
    result: dict[int, list] = {}
    for position in (
        Position.objects.current().filter(member_id__in=member_ids).select_related("cell")
    ):
        result.setdefault(position.member_id, []).append(position)
    return result


def cell_member_counts(committee):
    """{cell_id: number of members on the roll now} for the committee's cells (one query)."""
    return dict(
        Member.objects.filter(
            committee=committee,
            status__in=[Status.OFFICIAL, Status.PROBATIONARY, Status.EXEMPTED, Status.SUSPENDED],
        )
        .filter(memberships__end_date__isnull=True)
        .values("memberships__cell_id")
        .annotate(n=Count("pk"))
        .values_list("memberships__cell_id", "n")
    )
