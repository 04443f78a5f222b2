"""Read queries of the member registry that several pages (and later apps) share."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from cells.rules import rules_for
from members.models import Member, Position, Status
from members.services import probation_ends_on


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


def _headcount(counts: dict) -> Headcount:
    """A headcount from {status: members}."""
    return Headcount(
        official=counts.get(Status.OFFICIAL, 0),
        probationary=counts.get(Status.PROBATIONARY, 0),
        exempted=counts.get(Status.EXEMPTED, 0),
        suspended=counts.get(Status.SUSPENDED, 0),
        temporary=counts.get(Status.TEMPORARY, 0),
        away=counts.get(Status.AWAY, 0),
    )


def cell_headcount(cell, date: datetime.date) -> Headcount:
    """Headcount of `cell` on `date`: one query, from memberships and the status on that date."""
    counts = dict(
        Member.objects.in_cell_on(cell, date)
        .values("status_on")
        .annotate(n=Count("pk"))
        .values_list("status_on", "n")
    )
    return _headcount(counts)


def committee_headcount(committee, date: datetime.date) -> Headcount:
    """Headcount of the whole committee on `date` (its roll that day, each member by her status
    then — the same counting as `cell_headcount`): one query."""
    counts = dict(
        Member.objects.filter(committee=committee)
        .on_roll_on(date)
        .order_by()
        .values("status_on")
        .annotate(n=Count("pk"))
        .values_list("status_on", "n")
    )
    return _headcount(counts)


def secretary_on(*, committee_id: int, cell_id: int | None, day: datetime.date) -> str:
    """Who signs for a body on `day` — its secretary: the cell's (`cell_id`), or the committee's
    for the executive committee (`cell_id` None); blank if the office was empty. One query."""
    positions = Position.objects.active_on(day).select_related("member")
    if cell_id is not None:
        positions = positions.filter(cell_id=cell_id, role=Position.Role.CELL_SECRETARY)
    else:
        positions = positions.filter(
            committee_id=committee_id, cell__isnull=True, role=Position.Role.COMMITTEE_SECRETARY
        )
    secretary = positions.order_by("-start_date", "-pk").first()
    return secretary.member.full_name if secretary is not None else ""


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


@dataclass
class ProbationEnding:
    """What `probation_ending` found."""

    # Each with `probation_ends` and `probation_days_left` (negative once past).
    members: list[Member] = field(default_factory=list)
    # The warning days of the committees of everyone probationary that day, ending soon or not
    # (what a page says its window is).
    warning_days: set[int] = field(default_factory=set)


def probation_ending(
    members, *, on: datetime.date, rules=None, within_days: int | None = None
) -> ProbationEnding:
    """Probation ending — đảng viên sắp hết thời gian dự bị: the one rule of the probation watch
    and of the committee dashboard's alerts.

    Among `members` (a `Member` queryset the caller has scoped), those probationary on `on` (their
    status that day, from the status events) whose probation — `probation_months` (setting) from
    admission — ends within `probation_warning_days` (setting) of `on`, or has ended without
    recognition; each with her current cell (`current_cell_name`). By end of probation, then name.
    The settings are `rules` when the caller gives them (members of that one committee), else each
    member's committee's. One query, plus one per committee when `rules` is not given.
    `within_days` replaces the warning days (the reminders' own setting, `reminder_probation_days`).
    """
    found = (
        members.filter(admitted_on__isnull=False)
        .on_roll_on(on)
        .filter(status_on=Status.PROBATIONARY)
        .with_current_cell()
    )
    if rules is None:
        found = found.select_related("committee")
    settings = {}
    result = ProbationEnding()
    for member in found:
        member_rules = rules or settings.get(member.committee_id)
        if member_rules is None:
            member_rules = settings[member.committee_id] = rules_for(member.committee)
        result.warning_days.add(member_rules.probation_warning_days)
        member.probation_ends = probation_ends_on(member.admitted_on, member_rules)
        member.probation_days_left = (member.probation_ends - on).days
        window = member_rules.probation_warning_days if within_days is None else within_days
        if member.probation_days_left <= window:
            result.members.append(member)
    result.members.sort(key=lambda m: (m.probation_ends, m.name_sort, m.pk))
    return result
