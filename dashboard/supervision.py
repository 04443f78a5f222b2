"""Inspection and supervision on the dashboards (DOMAIN §9; issue 18 item 8).

- `committee_quarters` — the committee dashboard's panel (committee officers only: it counts
  confidential work): per programme of the year (the committee's, then each cell's), the items
  done out of those planned, by the quarter their planned period ends in; four queries.
- `home_supervision` — the personal home: for each cell the user is an officer of, the items of
  its programme of this year due by the end of this month and not done, and the follow-ups of
  its records due by then and still open; for a member, the follow-ups of her own records still
  open. Five queries whatever the number of cells, items or records; nothing of it appears on a
  meeting's agenda, minutes or task follow-up.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord
from reviews.supervision.progress import ItemState, items_with_records, with_progress


def _quarter(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass
class QuarterCount:
    done: int = 0
    total: int = 0


@dataclass
class ProgrammeQuarters:
    programme: SupervisionProgramme
    quarters: list[QuarterCount] = field(
        default_factory=lambda: [QuarterCount() for _q in range(4)]
    )

    @property
    def done(self) -> int:
        return sum(q.done for q in self.quarters)

    @property
    def total(self) -> int:
        return sum(q.total for q in self.quarters)


@dataclass
class SupervisionQuarters:
    year: int
    rows: list[ProgrammeQuarters]


def committee_quarters(committee, year: int) -> SupervisionQuarters:
    programmes = list(
        SupervisionProgramme.objects.filter(committee=committee, year=year).select_related("cell")
    )
    programmes.sort(key=lambda p: (p.cell_id is not None, p.cell.code if p.cell else ""))
    rows = {p.pk: ProgrammeQuarters(p) for p in programmes}
    items = with_progress(
        list(items_with_records(SupervisionItem.objects.filter(programme__in=programmes)))
    )
    for item in items:
        count = rows[item.programme_id].quarters[_quarter(item.planned_until) - 1]
        count.total += 1
        count.done += item.state == ItemState.DONE
    return SupervisionQuarters(year=year, rows=list(rows.values()))


# --- the personal home ---------------------------------------------------------------------------


def month_end(today: datetime.date) -> datetime.date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


@dataclass
class CellDue:
    cell_id: int
    items: list = field(default_factory=list)  # SupervisionItem, each with `state`, `overdue`
    followups: list = field(default_factory=list)  # SupervisionRecord, each with `overdue`


@dataclass
class HomeSupervision:
    cells: list[CellDue] = field(default_factory=list)
    followups: list = field(default_factory=list)  # her own open follow-ups


def _cells_due(cell_ids: list[int], today: datetime.date) -> list[CellDue]:
    if not cell_ids:
        return []
    end = month_end(today)
    due = {cell_id: CellDue(cell_id) for cell_id in cell_ids}
    items = with_progress(
        list(
            items_with_records(
                SupervisionItem.objects.filter(
                    programme__cell_id__in=cell_ids,
                    programme__year=today.year,
                    planned_until__lte=end,
                ).select_related("programme")
            ).order_by("planned_until", "pk")
        )
    )
    for item in items:
        if item.state != ItemState.DONE:
            item.overdue = item.planned_until < today
            due[item.programme.cell_id].items.append(item)
    records = (
        SupervisionRecord.objects.filter(
            cell_id__in=cell_ids,
            followup_deadline__lte=end,
            followup_done_on__isnull=True,
        )
        .select_related("member", "cell", "item")
        .order_by("followup_deadline", "pk")
    )
    for record in records:
        record.overdue = record.followup_deadline < today
        due[record.cell_id].followups.append(record)
    return [d for d in due.values() if d.items or d.followups]


def _my_followups(member_id: int | None, today: datetime.date) -> list:
    if member_id is None:
        return []
    records = list(
        SupervisionRecord.objects.filter(
            member_id=member_id,
            followup_deadline__isnull=False,
            followup_done_on__isnull=True,
        )
        .select_related("item")
        .order_by("followup_deadline", "pk")
    )
    for record in records:
        record.overdue = record.followup_deadline < today
    return records


def home_supervision(cell_ids, member_id: int | None, *, today: datetime.date) -> HomeSupervision:
    """What falls due for the cells the user is an officer of (`cell_ids`: only those with
    something due), and her own open follow-ups (`member_id`)."""
    return HomeSupervision(
        cells=_cells_due(list(cell_ids), today), followups=_my_followups(member_id, today)
    )


def build_panel(ctx) -> SupervisionQuarters:
    """The committee dashboard's panel (`dashboard.panels.COMMITTEE_PANELS`)."""
    return committee_quarters(ctx.committee, ctx.year)
