"""Reads of inspection and supervision: the programmes of a year with their progress, a member's
own records — each a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass

from members.access import access_for
from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord
from reviews.supervision.progress import Progress, items_with_records, progress_of, with_progress


@dataclass
class ProgrammeRow:
    programme: SupervisionProgramme
    progress: Progress


def programme_rows(user, year: int) -> list[ProgrammeRow]:
    """The programmes of `year` the user may read — the committee's first, then the cells' by
    code — each with its progress; five queries."""
    programmes = list(
        SupervisionProgramme.objects.visible_to(user)
        .filter(year=year)
        .with_related()
        .order_by("committee__name", "cell__code", "pk")
    )
    programmes.sort(key=lambda p: (p.committee.name, p.cell_id is not None, p.cell and p.cell.code))
    items = with_progress(
        list(items_with_records(SupervisionItem.objects.filter(programme__in=programmes)))
    )
    by_programme: dict[int, list] = {}
    for item in items:
        by_programme.setdefault(item.programme_id, []).append(item)
    return [ProgrammeRow(p, progress_of(by_programme.get(p.pk, []))) for p in programmes]


def my_records(user) -> list[SupervisionRecord]:
    """Her own records (the member concerned), newest first — one query."""
    member_id = access_for(user).member_id
    if member_id is None:
        return []
    return list(
        SupervisionRecord.objects.filter(member_id=member_id)
        .with_related()
        .order_by("-recorded_on", "-pk")
    )
