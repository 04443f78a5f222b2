"""Progress of a programme: each item done / under way / not started, derived from its records
(never a switch someone sets).

The rule (`item_state`, pure): an item with no record is *not started*; it is *done* once every
subject has a concluded record — each member supervised, or the cell supervised — and *under way*
in between. `programme_items` gives the programme page its items with their state in five
queries, whatever their number.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord


class ItemState:
    DONE = "done"
    UNDER_WAY = "under_way"
    NOT_STARTED = "not_started"

    LABELS = {
        DONE: _("Done"),
        UNDER_WAY: _("Under way"),
        NOT_STARTED: _("Not started"),
    }


def item_state(*, subject_member_ids, about_cell: bool, records) -> str:
    """`records`: (member id or None, concluded) of the item's records."""
    records = list(records)
    if not records:
        return ItemState.NOT_STARTED
    concluded = {member_id for member_id, done in records if done}
    if about_cell:
        return ItemState.DONE if None in concluded else ItemState.UNDER_WAY
    subjects = set(subject_member_ids)
    if subjects and subjects <= concluded:
        return ItemState.DONE
    return ItemState.UNDER_WAY


def state_of(item: SupervisionItem) -> str:
    """The state of an item whose `subject_members` and `records` are prefetched."""
    return item_state(
        subject_member_ids=[m.pk for m in item.subject_members.all()],
        about_cell=item.subject_cell_id is not None,
        records=[(r.member_id, bool(r.conclusion)) for r in item.records.all()],
    )


def with_progress(items: list[SupervisionItem]) -> list[SupervisionItem]:
    for item in items:
        item.state = state_of(item)
        item.state_label = ItemState.LABELS[item.state]
    return items


def items_with_records(queryset, *, records=None):
    """Items with their subjects, supervisors and records (`records`: the records the page may
    show; by default all, for counting only) prefetched."""
    records = records if records is not None else SupervisionRecord.objects.all()
    return queryset.select_related("subject_cell").prefetch_related(
        "subject_members",
        "supervisors",
        Prefetch("records", queryset=records.select_related("member").order_by("pk")),
    )


def programme_items(programme: SupervisionProgramme) -> list[SupervisionItem]:
    """The programme's items in order, each with `state` — four queries whatever their number."""
    items = items_with_records(
        SupervisionItem.objects.filter(programme_id=programme.pk).order_by("planned_from", "pk")
    )
    return with_progress(list(items))


@dataclass
class Progress:
    done: int = 0
    under_way: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.under_way + self.not_started


def progress_of(items) -> Progress:
    counts = Counter(item.state for item in items)
    return Progress(
        done=counts[ItemState.DONE],
        under_way=counts[ItemState.UNDER_WAY],
        not_started=counts[ItemState.NOT_STARTED],
    )
