"""Who may read and write the programmes and records of inspection and supervision.

- A cell's programme, its items and records: written by the cell's secretary and deputy; read by
  the cell's officers and the committee's officers.
- The committee's programme: written and read by the committee's officers.
- A record: read also by the member concerned (`SupervisionRecord.objects.visible_to`).

The object getters answer 404 for what the user may not see, 403 for what she sees but may not
change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cells.models import Cell
from members.access import access_for
from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord


def may_open_section(user) -> bool:
    """The supervision pages: members (their own records) and officers."""
    acc = access_for(user)
    return bool(acc.member_id or acc.officer_cells or acc.officer_committees)


def may_write(user, programme: SupervisionProgramme) -> bool:
    acc = access_for(user)
    if programme.cell_id is None:
        return programme.committee_id in acc.officer_committees
    return programme.cell_id in acc.editor_cells


def may_create(user) -> bool:
    acc = access_for(user)
    return bool(acc.editor_cells or acc.officer_committees)


def creatable_cells(user):
    """The active cells whose programme the user writes (their secretary or deputy)."""
    return (
        Cell.objects.active()
        .filter(pk__in=access_for(user).editor_cells)
        .select_related("committee")
        .order_by("committee__name", "code")
    )


def creatable_committees(user) -> frozenset[int]:
    return access_for(user).officer_committees


def get_programme_for_user(user, pk, *, edit: bool = False) -> SupervisionProgramme:
    programme = SupervisionProgramme.objects.visible_to(user).with_related().filter(pk=pk).first()
    if programme is None:
        raise Http404
    if edit and not may_write(user, programme):
        raise PermissionDenied
    return programme


def get_item_for_user(user, pk, *, edit: bool = False) -> SupervisionItem:
    item = (
        SupervisionItem.objects.filter(
            pk=pk, programme__in=SupervisionProgramme.objects.visible_to(user)
        )
        .select_related("programme__committee", "programme__cell", "subject_cell")
        .first()
    )
    if item is None:
        raise Http404
    if edit and not may_write(user, item.programme):
        raise PermissionDenied
    return item


def get_record_for_user(user, pk, *, edit: bool = False) -> SupervisionRecord:
    record = SupervisionRecord.objects.visible_to(user).with_related().filter(pk=pk).first()
    if record is None:
        raise Http404
    if edit and not may_write(user, record.item.programme):
        raise PermissionDenied
    return record


def may_read_programme(user, programme: SupervisionProgramme) -> bool:
    """The rule of `SupervisionProgramme.objects.visible_to` for one programme (no query)."""
    acc = access_for(user)
    return programme.committee_id in acc.officer_committees or (
        programme.cell_id is not None and programme.cell_id in acc.officer_cells
    )
