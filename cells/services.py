"""Writes to the organisation: one function per operation, validated and saved in one transaction.

Each takes the acting user as `by` (recorded in the audit history) and raises `ValidationError`
with a message for the user when the operation is refused; nothing is saved then.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cells.models import Cell, Committee, CommitteeSettings, Superior, SuperiorBody, Term
from core.services import save_with_history as _save
from core.text import search_key

COMMITTEE_FIELDS = ("name", "place_name", "founding_decision_number", "founded_on", "address")
CELL_FIELDS = ("name", "code", "founded_on", "description")
TERM_FIELDS = ("name", "start_date", "end_date")
SUPERIOR_BODY_FIELDS = ("name", "valid_from", "valid_until")


def _assign(instance, data, fields):
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])


def _lock_committee(committee: Committee) -> Committee:
    """Serialises writes that check rules across rows of one committee (DESIGN §9)."""
    return Committee.objects.select_for_update().get(pk=committee.pk)


def _same(a: str, b: str) -> bool:
    """Names compared ignoring case and spacing, in Python: SQLite folds only ASCII case."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _check_committee_unique(committee: Committee):
    names = Committee.objects.exclude(pk=committee.pk).values_list("name", flat=True)
    if any(_same(name, committee.name) for name in names):
        raise ValidationError({"name": _("A committee with this name already exists.")})


@transaction.atomic
def committee_create(*, by, **data) -> Committee:
    committee = Committee(**{k: data[k] for k in COMMITTEE_FIELDS if k in data})
    _check_committee_unique(committee)
    committee = _save(committee, by=by)
    _save(CommitteeSettings(committee=committee), by=by)
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, by, **data) -> Committee:
    committee = _lock_committee(committee)
    _assign(committee, data, COMMITTEE_FIELDS)
    _check_committee_unique(committee)
    return _save(committee, by=by)


def _check_superior_body_overlap(body: SuperiorBody):
    clash = SuperiorBody.objects.overlapping(
        committee=body.committee,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        exclude_pk=body.pk,
    ).first()
    if clash:
        raise ValidationError(
            {
                "valid_from": _(
                    "These dates overlap with “%(name)s” (from %(start)s). "
                    "End that entry first, or choose other dates."
                )
                % {"name": clash.name, "start": clash.valid_from.strftime("%d/%m/%Y")}
            }
        )


def superior_for_name(name: str, *, by) -> Superior:
    """The superior of this name, compared by its search key ("Đảng ủy xã Krông Bông" is
    "đảng ủy xã krông bông "), created when there is none — in the caller's transaction."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Choose the superior or type its name.")})
    key = search_key(name)
    superior = Superior.objects.filter(name_key=key).first()
    if superior is not None:
        return superior
    return _save(Superior(name=name, name_key=key), by=by)


SUPERIOR_FIELDS = ("name", "kind", "place_name", "report_deadline_day", "is_active")


@transaction.atomic
def superior_create(*, by, **data) -> Superior:
    """A superior set up by the installation's administrator (or the demo); its name must differ
    from every other superior's by more than case, accents or spacing."""
    superior = Superior()
    _assign(superior, data, SUPERIOR_FIELDS)
    superior.name_key = search_key(superior.name)
    return _save(superior, by=by)


# `superior` not given to `superior_body_update`: the row keeps its superior unless its name changes.
_UNCHANGED = object()


def _link_superior(body: SuperiorBody, superior, *, by) -> None:
    """Point the row to `superior`, or (None) to the superior its typed name names (created when
    new). A row without a name of its own takes the superior's current name."""
    body.name = " ".join((body.name or "").split())
    if superior is None:
        body.superior = superior_for_name(body.name, by=by)
    else:
        body.superior = superior
    if not body.name:
        body.name = body.superior.name


@transaction.atomic
def superior_body_create(*, committee: Committee, by, superior=None, **data) -> SuperiorBody:
    """A dated superior body: `superior` chosen, or None to find (or create) it by `name`."""
    committee = _lock_committee(committee)
    body = SuperiorBody(committee=committee)
    _assign(body, data, SUPERIOR_BODY_FIELDS)
    _link_superior(body, superior, by=by)
    body.full_clean(exclude=["committee", "superior"])
    _check_superior_body_overlap(body)
    return _save(body, by=by)


@transaction.atomic
def superior_body_update(*, body: SuperiorBody, by, superior=_UNCHANGED, **data) -> SuperiorBody:
    _lock_committee(body.committee)
    _assign(body, data, SUPERIOR_BODY_FIELDS)
    if superior is not _UNCHANGED or "name" in data:
        _link_superior(body, None if superior is _UNCHANGED else superior, by=by)
    body.full_clean(exclude=["committee", "superior"])
    _check_superior_body_overlap(body)
    return _save(body, by=by)


def _check_term_overlap(term: Term):
    clash = Term.objects.overlapping(
        committee=term.committee,
        start_date=term.start_date,
        end_date=term.end_date,
        exclude_pk=term.pk,
    ).first()
    if clash:
        raise ValidationError(
            {
                "start_date": _(
                    "This term overlaps with term %(name)s (%(start)s – %(end)s). "
                    "Terms of a committee may not overlap."
                )
                % {
                    "name": clash.name,
                    "start": clash.start_date.strftime("%d/%m/%Y"),
                    "end": clash.end_date.strftime("%d/%m/%Y"),
                }
            }
        )


def _check_term_dates(term: Term):
    if term.start_date and term.end_date and term.end_date <= term.start_date:
        raise ValidationError({"end_date": _("The end date must be after the start date.")})


@transaction.atomic
def term_create(*, committee: Committee, by, **data) -> Term:
    committee = _lock_committee(committee)
    term = Term(committee=committee)
    _assign(term, data, TERM_FIELDS)
    _check_term_dates(term)
    term.full_clean(exclude=["committee"])
    _check_term_overlap(term)
    return _save(term, by=by)


@transaction.atomic
def term_update(*, term: Term, by, **data) -> Term:
    _lock_committee(term.committee)
    _assign(term, data, TERM_FIELDS)
    _check_term_dates(term)
    term.full_clean(exclude=["committee"])
    _check_term_overlap(term)
    return _save(term, by=by)


def _check_cell_unique(cell: Cell):
    others = list(
        Cell.objects.filter(committee=cell.committee)
        .exclude(pk=cell.pk)
        .values_list("name", "code")
    )
    errors = {}
    if any(_same(name, cell.name) for name, _code in others):
        errors["name"] = _("This committee already has a cell with this name.")
    if any(_same(code, cell.code) for _name, code in others):
        errors["code"] = _("This committee already has a cell with this code.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cell_create(*, committee: Committee, by, **data) -> Cell:
    committee = _lock_committee(committee)
    cell = Cell(committee=committee)
    _assign(cell, data, CELL_FIELDS)
    _check_cell_unique(cell)
    return _save(cell, by=by)


@transaction.atomic
def cell_update(*, cell: Cell, by, **data) -> Cell:
    _lock_committee(cell.committee)
    _assign(cell, data, CELL_FIELDS)
    _check_cell_unique(cell)
    return _save(cell, by=by)


@transaction.atomic
def cell_dissolve(*, cell: Cell, on: datetime.date, reason: str, by) -> Cell:
    """Dissolve a cell — giải thể chi bộ. A cell is never deleted: its records stay on file."""
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    if not cell.is_active:
        raise ValidationError(_("This cell is already dissolved."))
    if cell.founded_on and on < cell.founded_on:
        raise ValidationError(
            {"dissolved_on": _("A cell cannot be dissolved before it was founded.")}
        )
    if not (reason or "").strip():
        raise ValidationError({"dissolution_reason": _("Give the reason for the dissolution.")})
    cell.status = Cell.Status.DISSOLVED
    cell.dissolved_on = on
    cell.dissolution_reason = reason.strip()
    return _save(cell, by=by)


@transaction.atomic
def cell_restore(*, cell: Cell, by) -> Cell:
    """Undo a dissolution recorded by mistake; the history keeps both changes."""
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    if cell.is_active:
        raise ValidationError(_("This cell is active."))
    cell.status = Cell.Status.ACTIVE
    cell.dissolved_on = None
    cell.dissolution_reason = ""
    return _save(cell, by=by)


SETTINGS_FIELDS = tuple(
    f.name for f in CommitteeSettings._meta.concrete_fields if f.name not in ("id", "committee")
)


@transaction.atomic
def rules_update(*, committee: Committee, by, **data) -> CommitteeSettings:
    """Change the committee's rule settings (DOMAIN: every threshold is a setting)."""
    committee = _lock_committee(committee)
    rules, _created = CommitteeSettings.objects.get_or_create(committee=committee)
    _assign(rules, data, SETTINGS_FIELDS)
    if rules.fee_fixed_min > rules.fee_fixed_max:
        raise ValidationError(
            {"fee_fixed_min": _("The lowest fixed fee cannot be above the highest.")}
        )
    if rules.majority_numerator >= rules.majority_denominator:
        raise ValidationError(
            {"majority_numerator": _("An ordinary majority must be a fraction below one.")}
        )
    if rules.supermajority_numerator > rules.supermajority_denominator:
        raise ValidationError(
            {"supermajority_numerator": _("A qualified majority cannot exceed the whole.")}
        )
    if rules.discipline_numerator >= rules.discipline_denominator:
        raise ValidationError(
            {"discipline_numerator": _("The discipline majority must be a fraction below one.")}
        )
    if rules.expulsion_numerator > rules.expulsion_denominator:
        raise ValidationError(
            {"expulsion_numerator": _("The expulsion majority cannot exceed the whole.")}
        )
    if rules.transfer_work_under_months <= rules.transfer_work_min_months:
        raise ValidationError(
            {
                "transfer_work_under_months": _(
                    "The longest temporary transfer for work must be above the shortest."
                )
            }
        )
    if rules.transfer_study_max_months < rules.transfer_study_min_months:
        raise ValidationError(
            {
                "transfer_study_max_months": _(
                    "The longest temporary transfer for study cannot be below the shortest."
                )
            }
        )
    if rules.min_topic_meeting_minutes < rules.min_meeting_minutes:
        raise ValidationError(
            {
                "min_topic_meeting_minutes": _(
                    "A meeting with a topic session cannot be shorter than a regular meeting."
                )
            }
        )
    if not rules.quality_good_min > rules.quality_fair_min > rules.quality_average_min:
        raise ValidationError(
            {
                "quality_fair_min": _(
                    "The grade bands must go down: Good above Fair, Fair above Average."
                )
            }
        )
    if rules.self_score_general_points + rules.self_score_task_points != 100:
        raise ValidationError(
            {
                "self_score_task_points": _(
                    "The self-assessment is scored out of 100: general and task points must "
                    "add up to 100."
                )
            }
        )
    if not rules.rating_outstanding_min > rules.rating_good_min > rules.rating_pass_min:
        raise ValidationError(
            {
                "rating_good_min": _(
                    "The rating bands must go down: Outstanding above Good, Good above Completed."
                )
            }
        )
    if rules.quality_good_min > rules.quality_max_points:
        raise ValidationError(
            {
                "quality_good_min": _(
                    "The lowest score for Good cannot exceed the rubric's total (%(total)s)."
                )
                % {"total": rules.quality_max_points}
            }
        )
    return _save(rules, by=by)
