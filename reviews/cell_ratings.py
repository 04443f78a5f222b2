"""Cell ratings — xếp loại chi bộ (DOMAIN §7): the committee rates each of its cells for a year on
the same four levels as its members. One write, validated, in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from core.services import save_with_history as _save
from reviews.models import CellRating, Rating

NOTE_MAX = 2_000
FIRST_YEAR = 1930  # the party's founding: no year before it is rated


@transaction.atomic
def cell_rating_set(*, cell: Cell, year: int, rating: str, by, note: str = "") -> CellRating:
    """The committee's rating of `cell` for `year` (set, or changed), with an optional note.

    Refused: a rating that is not one of the four levels, a year not begun yet, a cell that was
    dissolved before the year or founded after it."""
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if rating not in Rating.values:
        errors["rating"] = _("Choose a rating.")
    if len(note) > NOTE_MAX:
        errors["note"] = _("At most %(max)s characters.") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not FIRST_YEAR <= year <= timezone.localdate().year
    ):
        raise ValidationError(_("Cells are rated for a year that has begun."))
    if cell.dissolved_on and cell.dissolved_on.year < year:
        raise ValidationError(
            _("%(cell)s was dissolved on %(date)s: it is not rated for %(year)s.")
            % {"cell": cell.name, "date": f"{cell.dissolved_on:%d/%m/%Y}", "year": year}
        )
    if cell.founded_on and cell.founded_on.year > year:
        raise ValidationError(
            _("%(cell)s was founded on %(date)s: it is not rated for %(year)s.")
            % {"cell": cell.name, "date": f"{cell.founded_on:%d/%m/%Y}", "year": year}
        )
    record = CellRating.objects.select_for_update().filter(cell=cell, year=year).first()
    if record is None:
        record = CellRating(cell=cell, year=year)
    record.rating = rating
    record.note = note
    record.decided_by = by
    return _save(record, by=by)
