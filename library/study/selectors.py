"""Reading the study campaigns (issue 19 part 4): each selector costs a fixed number of queries,
however many members, cells or campaigns.

- `report_editable` — whether her report may still change (the deadline rule itself is
  `StudyCampaign.is_past_deadline`).
- `cell_shares` — per campaign and per cell: members asked, studied, reported, done (one query);
  `campaign_progress` — the same for one campaign, with its totals.
- `participant_rows` — who studied and reported, per member, her cell's rows only for a cell's
  officers (one query).
- `campaign_list` — the campaigns a user sees, newest deadline first, with their counts.
- `my_open_campaigns` — a member's campaigns not archived that she has not finished yet (her home
  and her notifications lead there); one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from core.uploads import download_name
from library.models import (
    StudyCampaign,
    StudyParticipant,
    StudyReport,
    study_done,
    study_is_done,
)


def report_editable(campaign: StudyCampaign, report: StudyReport | None, when=None) -> bool:
    """Her report may be written or changed: the campaign is not archived, and it is a first
    report or the deadline has not passed (`when`: a moment, a day, or now)."""
    return not campaign.archived and (report is None or not campaign.is_past_deadline(when))


@dataclass
class CellShare:
    """One cell's numbers in a campaign (the cell each member had when it started)."""

    cell_id: int
    cell_name: str
    cell_code: str
    total: int = 0
    studied: int = 0
    reported: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        """The share done, rounded down (0 for a cell with nobody asked)."""
        return self.done * 100 // self.total if self.total else 0

    @property
    def missing(self) -> int:
        return self.total - self.done


def _add(total: CellShare, share: CellShare) -> None:
    total.total += share.total
    total.studied += share.studied
    total.reported += share.reported
    total.done += share.done


def cell_shares(campaign_ids, *, cell_ids=None) -> dict[int, list[CellShare]]:
    """{campaign id: [CellShare by cell code]} — one query. `cell_ids` keeps only those cells."""
    rows = StudyParticipant.objects.filter(campaign_id__in=list(campaign_ids))
    if cell_ids is not None:
        rows = rows.filter(cell_id__in=list(cell_ids))
    rows = (
        rows.values("campaign_id", "cell_id", "cell__name", "cell__code")
        .annotate(
            total=Count("pk"),
            studied=Count("pk", filter=Q(studied_at__isnull=False)),
            reported=Count("report"),
            done=Count("pk", filter=study_done()),
        )
        .order_by("campaign_id", "cell__code", "cell_id")
    )
    result: dict[int, list[CellShare]] = {}
    for row in rows:
        result.setdefault(row["campaign_id"], []).append(
            CellShare(
                cell_id=row["cell_id"],
                cell_name=row["cell__name"],
                cell_code=row["cell__code"],
                total=row["total"],
                studied=row["studied"],
                reported=row["reported"],
                done=row["done"],
            )
        )
    return result


@dataclass
class CampaignProgress:
    campaign: StudyCampaign
    cells: list[CellShare] = field(default_factory=list)
    total: CellShare = field(default_factory=lambda: CellShare(0, "", ""))


def campaign_progress(campaign: StudyCampaign, *, cell_ids=None) -> CampaignProgress:
    """The campaign's numbers per cell and in all (of `cell_ids` only when given) — one query."""
    cells = cell_shares([campaign.pk], cell_ids=cell_ids).get(campaign.pk, [])
    total = CellShare(0, "", "")
    for share in cells:
        _add(total, share)
    return CampaignProgress(campaign=campaign, cells=cells, total=total)


def participant_rows(campaign: StudyCampaign, *, cell_ids=None):
    """Each member asked (of `cell_ids` only when given), by cell then name, with `has_report`,
    her report and who recorded what — one query (paginate it)."""
    rows = StudyParticipant.objects.filter(campaign=campaign).with_state()
    if cell_ids is not None:
        rows = rows.filter(cell_id__in=list(cell_ids))
    return rows.order_by("cell__code", "cell_id", "member__name_sort", "member_id")


def is_done(participant: StudyParticipant, campaign: StudyCampaign) -> bool:
    """The rule of `library.models.study_done` for one row of `participant_rows`."""
    return study_is_done(
        studied=participant.studied_at is not None,
        reported=bool(participant.has_report),
        report_required=campaign.report_required,
    )


def campaign_list(user, *, include_archived: bool = False):
    """The campaigns the user sees, newest deadline first, with their document and counts."""
    campaigns = StudyCampaign.objects.visible_to(user)
    if not include_archived:
        campaigns = campaigns.filter(archived=False)
    return (
        campaigns.with_counts()
        .select_related("committee", "document", "document__resolution")
        .order_by("-deadline", "-pk")
    )


def document_campaigns(document, user):
    """The campaigns on one library document that the user sees (with their counts)."""
    return campaign_list(user).filter(document=document)


@dataclass
class OpenStudy:
    """A campaign a member has not finished: what is still to do, by when."""

    participant: StudyParticipant
    campaign: StudyCampaign
    studied: bool
    reported: bool
    overdue: bool

    @property
    def report_missing(self) -> bool:
        return self.campaign.report_required and not self.reported


def my_open_campaigns(member_id: int | None, *, today: datetime.date) -> list[OpenStudy]:
    """Her campaigns not archived and not done yet, nearest deadline first — one query."""
    if not member_id:
        return []
    rows = (
        StudyParticipant.objects.filter(member_id=member_id, campaign__archived=False)
        .not_done()
        .with_state()
        .select_related("campaign__document")
        .order_by("campaign__deadline", "campaign_id")
    )
    return [
        OpenStudy(
            participant=row,
            campaign=row.campaign,
            studied=row.studied_at is not None,
            reported=bool(row.has_report),
            overdue=row.campaign.is_past_deadline(today),
        )
        for row in rows
    ]


def participant_of(campaign: StudyCampaign, member_id: int | None) -> StudyParticipant | None:
    """The member's own row in the campaign (with `has_report`, `done`), or None — one query."""
    if not member_id:
        return None
    row = participant_rows(campaign).filter(member_id=member_id).first()
    if row is not None:
        row.campaign = campaign
        row.done = is_done(row, campaign)
    return row


def report_of(participant: StudyParticipant) -> StudyReport | None:
    return StudyReport.objects.select_related("recorded_by").filter(participant=participant).first()


def report_download_name(report: StudyReport) -> str:
    """Its original name, with the extension of its real kind."""
    return download_name(report.original_name, report.file_kind, default="bai-thu-hoach")
