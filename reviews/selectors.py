"""Read queries of the quality year.

`evidence`: what the cell and the committee see beside each member when they rate her (DOMAIN §7,
issue 9 item 4) — the year's meetings attended / excused / unexcused, her tasks done / overdue,
the residence-place comment, commendations and discipline. Aggregate queries only: the number of
queries does not depend on the number of members.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from cells.models import Cell
from meetings.models import Attendance, Body, Kind, TaskAssignment
from reviews.models import Commendation, Discipline, ResidenceComment

# The meetings whose attendance is evidence: the cell's regular meetings, topic sessions and the
# year-end review (not conferences of the whole committee, nor extraordinary meetings).
EVIDENCE_KINDS = (Kind.REGULAR, Kind.TOPIC, Kind.REVIEW)


@dataclass(frozen=True)
class Residence:
    """Her residence-place comment of the year: its status and, once received, good or not."""

    status: str
    good: bool | None = None

    @property
    def label(self) -> str:
        return str(ResidenceComment.Status(self.status).label)


@dataclass
class Evidence:
    """One member's evidence for the year (zero everywhere when there is nothing on record)."""

    attended: int = 0
    excused: int = 0
    unexcused: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    residence: Residence | None = None
    commendations: int = 0
    disciplines: int = 0

    @property
    def meetings(self) -> int:
        """The meetings she was on the attendance sheet of."""
        return self.attended + self.excused + self.unexcused


def _ids(members: Iterable) -> list[int]:
    return sorted({m if isinstance(m, int) else m.pk for m in members})


def evidence(
    cell: Cell | None, year: int, members: Iterable, *, today: datetime.date | None = None
) -> dict[int, Evidence]:
    """{member id: Evidence} for `members` (instances or ids) in `year` — five aggregate queries.

    `cell` names the cell asking (it does not narrow the evidence: see attendance below); the
    committee's year page passes None to fetch the evidence of all its cells' members at once.

    - attendance: the attendance sheets of cell meetings (regular, topic, review) held that year —
      of any cell of hers, so that a member who moved during the year keeps what she did before;
    - tasks: her parts of the tasks due that year — done, and overdue (still open, deadline past);
    - the residence-place comment of the year; commendations of the year; discipline decided
      that year.
    """
    today = today or timezone.localdate()
    ids = _ids(members)
    result = {pk: Evidence() for pk in ids}
    if not ids:
        return result
    status = Attendance.Status
    rows = (
        Attendance.objects.filter(
            member_id__in=ids,
            meeting__body=Body.CELL,
            meeting__kind__in=EVIDENCE_KINDS,
            meeting__date__year=year,
        )
        .values("member_id")
        .annotate(
            attended=Count("pk", filter=Q(status=status.PRESENT)),
            excused=Count("pk", filter=Q(status=status.EXCUSED)),
            unexcused=Count("pk", filter=Q(status=status.UNEXCUSED)),
        )
        .order_by()
    )
    for row in rows:
        item = result[row["member_id"]]
        item.attended, item.excused, item.unexcused = (
            row["attended"],
            row["excused"],
            row["unexcused"],
        )
    task_status = TaskAssignment.Status
    rows = (
        TaskAssignment.objects.filter(member_id__in=ids, task__deadline__year=year)
        .values("member_id")
        .annotate(
            done=Count("pk", filter=Q(status=task_status.DONE)),
            overdue=Count("pk", filter=Q(status=task_status.OPEN, task__deadline__lt=today)),
        )
        .order_by()
    )
    for row in rows:
        item = result[row["member_id"]]
        item.tasks_done, item.tasks_overdue = row["done"], row["overdue"]
    for row in ResidenceComment.objects.filter(member_id__in=ids, year=year).values(
        "member_id", "status", "good"
    ):
        result[row["member_id"]].residence = Residence(status=row["status"], good=row["good"])
    counts = (
        Commendation.objects.filter(member_id__in=ids, year=year)
        .values("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        result[row["member_id"]].commendations = row["n"]
    counts = (
        Discipline.objects.filter(member_id__in=ids, decided_on__year=year)
        .values("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        result[row["member_id"]].disciplines = row["n"]
    return result
