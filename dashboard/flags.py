"""The two warnings of the Charter, Art. 8, side by side — đảng viên cần lưu ý (DOMAIN §7, §8).

A member is flagged for her cell when, in a calendar year, she was absent without reason from
`absence_flag_count` (setting, 3 by default) regular cell meetings, or left
`unpaid_fee_flag_months` (setting, 3) months of party fees unpaid or paid late without a valid
reason. The two counts are separate; `member_flags` answers both at once, for the cell's home
(`cell=`), a member's record (`member=`) or the whole committee (the dashboard's alerts), so the
three pages say the same thing.

A flag is never dismissed: it goes away only through the data — the attendance corrected to
"excused" with its reason, or a valid reason recorded for the month (`fees.models.FeeExcuse`).

The absences come from `Attendance.objects.absence_flags` (one query, with the members' names
and current cells); the unpaid months from `fees.selectors.fee_flags` (five queries) — the same
number of queries for 5 and for 500 members. `dashboard` sits above `meetings` and `fees`, so it
may read both (DESIGN §2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cells.models import Cell, Committee
from cells.rules import rules_for
from fees.selectors import fee_flags
from meetings.models import Attendance
from members.access import access_for, current_cell_id
from members.models import Member


@dataclass
class MemberFlag:
    """One flagged member: her unexcused absences (0 below the setting) and her unpaid months of
    the year (empty below the setting)."""

    member_id: int
    name: str
    cell_name: str
    unexcused: int = 0
    unpaid_months: list[datetime.date] = field(default_factory=list)
    name_sort: str = ""

    @property
    def absent(self) -> bool:
        return self.unexcused > 0

    @property
    def unpaid(self) -> bool:
        return bool(self.unpaid_months)

    @property
    def unpaid_count(self) -> int:
        return len(self.unpaid_months)


@dataclass
class Flags:
    """The flagged members of a scope in `year`, most absences first, with the two settings."""

    year: int
    absence_flag_count: int
    unpaid_fee_flag_months: int
    members: list[MemberFlag]

    @property
    def absences(self) -> list[MemberFlag]:
        return [m for m in self.members if m.absent]

    @property
    def fees(self) -> list[MemberFlag]:
        return [m for m in self.members if m.unpaid]

    def of(self, member_id: int) -> MemberFlag | None:
        return next((m for m in self.members if m.member_id == member_id), None)

    def __bool__(self) -> bool:
        return bool(self.members)

    def __iter__(self):
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)


def member_flags(
    committee: Committee,
    year: int,
    *,
    cell: Cell | None = None,
    member: Member | None = None,
    today: datetime.date | None = None,
    rules=None,
) -> Flags:
    """Both flags of `year`, side by side:

    - `member=`: hers alone (her record);
    - `cell=`: the cell's current members (on `today`), each with all her absences and unpaid
      months of the year, wherever they happened (a member who moved keeps them, as
      `reviews.selectors.evidence` counts) — the cell's home;
    - neither: the committee's members (absences at the committee's meetings) — the alerts.

    Six queries, whatever the number of members (the settings come with `rules` or the
    committee)."""
    today = today or timezone.localdate()
    rules = rules or rules_for(committee)
    if member is not None:
        members = Member.objects.filter(pk=member.pk)
        attendance = Attendance.objects.filter(member_id=member.pk)
    elif cell is not None:
        members = Member.objects.in_cell_on(cell, today)
        attendance = Attendance.objects.filter(member_id__in=members.values("pk"))
    else:
        members = Member.objects.filter(committee=committee)
        attendance = Attendance.objects.filter(meeting__committee=committee)
    absences = attendance.absence_flags(year, rules.absence_flag_count)
    found: dict[int, MemberFlag] = {}
    for row in (
        Member.objects.filter(pk__in=absences.values("member_id"))
        .annotate(unexcused=Subquery(absences.filter(member_id=OuterRef("pk")).values("unexcused")))
        .with_current_cell()
        .values("pk", "full_name", "name_sort", "current_cell_name", "unexcused")
    ):
        found[row["pk"]] = MemberFlag(
            member_id=row["pk"],
            name=row["full_name"],
            cell_name=row["current_cell_name"] or "",
            unexcused=row["unexcused"],
            name_sort=row["name_sort"],
        )
    for flag in fee_flags(committee, year, members=members.with_current_cell(), today=today):
        item = found.get(flag.member.pk)
        if item is None:
            item = found[flag.member.pk] = MemberFlag(
                member_id=flag.member.pk,
                name=flag.member.full_name,
                cell_name=flag.member.current_cell_name or "",
                name_sort=flag.member.name_sort,
            )
        item.unpaid_months = list(flag.months)
    ordered = sorted(
        found.values(),
        key=lambda m: (-m.unexcused, -m.unpaid_count, m.name_sort, m.member_id),
    )
    return Flags(
        year=year,
        absence_flag_count=rules.absence_flag_count,
        unpaid_fee_flag_months=rules.unpaid_fee_flag_months,
        members=ordered,
    )


def may_see_member_flags(user, member: Member) -> bool:
    """Her flags on her record: herself, the officers of her current cell and of her committee
    (not the committee's clerk, an observer or the other members of her cell)."""
    acc = access_for(user)
    return (
        member.pk == acc.member_id
        or member.committee_id in acc.officer_committees
        or current_cell_id(member) in acc.officer_cells
    )
