"""Party fees on the committee dashboard (DOMAIN §8; issue 18): per cell, what it collected in
the year up to this month, what it must hand to the committee and what it handed; the
committee's own share and what it remitted upwards. Totals only — no member's amount — so
observers see it too; the members behind with their fees are in the alerts
(`dashboard.flags`). Four queries, from `fees.selectors.committee_register`."""

import datetime
from dataclasses import dataclass

from fees.access import may_see_committee_register
from fees.selectors import CommitteeRegister, committee_register


@dataclass
class CellFees:
    cell: object
    collected: int
    to_remit: int
    remitted: int

    @property
    def outstanding(self) -> int:
        """What the cell still owes the committee for the months so far."""
        return max(self.to_remit - self.remitted, 0)


@dataclass
class FeesPanel:
    year: int
    last_month: datetime.date
    cells: list[CellFees]
    collected: int
    received: int
    kept: int
    remitted_upwards: int
    cell_share_percent: int
    committee_share_percent: int
    # The committee's register of remittances opens from the panel for those who may read it.
    can_open_register: bool = False


def fees_panel(committee, year: int, *, today: datetime.date) -> FeesPanel:
    """The year's months up to today's (the whole year for a past year)."""
    last = datetime.date(year, 12, 1) if year < today.year else today.replace(day=1)
    if year > today.year:
        last = datetime.date(year, 1, 1)
    register: CommitteeRegister = committee_register(committee, datetime.date(year, 1, 1), last)
    cells = [
        CellFees(
            cell=row.cell,
            collected=row.collected_total,
            to_remit=sum(m.to_remit for m in row.months),
            remitted=row.remitted_total,
        )
        for row in register.rows
    ]
    return FeesPanel(
        year=year,
        last_month=last,
        cells=cells,
        collected=sum(t.collected for t in register.totals),
        received=sum(t.received for t in register.totals),
        kept=sum(t.kept for t in register.totals),
        remitted_upwards=sum(t.remitted or 0 for t in register.totals),
        cell_share_percent=register.cell_share_percent,
        committee_share_percent=register.committee_share_percent,
    )


def build_panel(ctx) -> FeesPanel:
    """The committee dashboard's panel (`dashboard.panels.COMMITTEE_PANELS`)."""
    panel = fees_panel(ctx.committee, ctx.year, today=ctx.today)
    panel.can_open_register = may_see_committee_register(ctx.user, ctx.committee)
    return panel
