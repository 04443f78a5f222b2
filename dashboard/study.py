"""Study campaigns on the committee dashboard (issue 19 part 4): the year's campaigns (deadline in
the year, not archived), running ones first, each with the share done in every cell asked.
Numbers only — no names — so observers see it too. Two queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from library.models import StudyCampaign, campaign_committees
from library.study.selectors import CellShare, cell_shares


@dataclass
class CampaignRow:
    campaign: StudyCampaign
    running: bool  # the deadline has not passed
    shares: list[CellShare | None]  # one per column of the panel; None: the cell was not asked
    total: CellShare


@dataclass
class StudyPanel:
    year: int
    rows: list[CampaignRow] = field(default_factory=list)
    cells: list[tuple[int, str]] = field(default_factory=list)  # the columns: (id, name)
    # Links to the campaigns for whoever sees them (`library.models.campaign_committees`).
    can_open: bool = False

    @property
    def running(self) -> int:
        return sum(1 for row in self.rows if row.running)


def study_panel(committee, year: int, *, today: datetime.date) -> StudyPanel:
    campaigns = list(
        StudyCampaign.objects.filter(
            committee=committee, archived=False, deadline__year=year
        ).select_related("document", "document__resolution")
    )
    campaigns.sort(key=lambda c: (c.is_past_deadline(today), c.deadline, c.pk))
    shares = cell_shares([c.pk for c in campaigns])
    columns: dict[int, tuple[str, str]] = {}
    for campaign_shares in shares.values():
        for share in campaign_shares:
            columns[share.cell_id] = (share.cell_code, share.cell_name)
    order = sorted(columns, key=lambda cell_id: (columns[cell_id][0], cell_id))
    rows = []
    for campaign in campaigns:
        by_cell = {share.cell_id: share for share in shares.get(campaign.pk, [])}
        total = CellShare(0, "", "")
        for share in by_cell.values():
            total.total += share.total
            total.done += share.done
        rows.append(
            CampaignRow(
                campaign=campaign,
                running=not campaign.is_past_deadline(today),
                shares=[by_cell.get(cell_id) for cell_id in order],
                total=total,
            )
        )
    return StudyPanel(
        year=year, rows=rows, cells=[(cell_id, columns[cell_id][1]) for cell_id in order]
    )


def build_panel(ctx) -> StudyPanel:
    """The committee dashboard's panel (`dashboard.panels.COMMITTEE_PANELS`)."""
    panel = study_panel(ctx.committee, ctx.year, today=ctx.today)
    panel.can_open = ctx.committee.pk in campaign_committees(ctx.user)
    return panel
