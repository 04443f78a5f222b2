"""The year's programme of inspection and supervision of the committee or of a cell (DOMAIN §9),
its items, and its adoption by a vote of that body.

Writes validate, then save with their history in one transaction; a `ValidationError` names the
field, nothing is saved. A programme is a draft until adopted; its items change only while it is
a draft (a change to an adopted programme is a new vote). Who may write is the view's question
(`reviews.supervision.access`).

- `programme_create`: one programme per body per year;
- `programme_adopt`: by a passed vote on a resolution or conclusion (kind ordinary) of a meeting of
  that body — the cell's meeting for a cell's programme, the executive committee's or the whole
  committee's for the committee's — in the programme's year or the year before;
- `item_add` / `item_update`: whom (a cell, or members), the kind (an inspection on signs of
  violation is the committee's only), the dimension, who carries it out, when (within the year).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell, Committee
from core.services import save_with_history as _save
from meetings.models import Body, Motion, MotionKind
from members.models import CellMembership, Member
from reviews.models import (
    SupervisionDimension,
    SupervisionItem,
    SupervisionKind,
    SupervisionProgramme,
)
from reviews.records.checks import TEXT_MAX, YEAR_MIN, check_text, day_text

CONTENT_MAX = SupervisionItem._meta.get_field("content").max_length
COMMITTEE_BODIES = (Body.EXECUTIVE, Body.COMMITTEE)


def _check_year(year, errors: dict, today: datetime.date) -> None:
    last = today.year + 1
    if not isinstance(year, int) or isinstance(year, bool) or not YEAR_MIN <= year <= last:
        errors["year"] = _("Give a year from %(first)s to %(last)s.") % {
            "first": YEAR_MIN,
            "last": last,
        }


@transaction.atomic
def programme_create(
    *, committee: Committee, year: int, by, cell: Cell | None = None, note: str = ""
) -> SupervisionProgramme:
    """A draft programme of the committee (no cell) or of one of its active cells for `year`."""
    errors: dict = {}
    Committee.objects.select_for_update(of=("self",)).filter(pk=committee.pk).first()
    _check_year(year, errors, timezone.localdate())
    note = check_text(note, "note", errors, most=TEXT_MAX)
    if cell is not None and (cell.committee_id != committee.pk or not cell.is_active):
        errors["cell"] = _("Choose an active cell of the committee.")
    if "year" not in errors and "cell" not in errors:
        same = SupervisionProgramme.objects.filter(committee=committee, year=year, cell=cell)
        if same.exists():
            holder = cell.name if cell else committee.name
            errors["year"] = _("%(holder)s already has a programme for %(year)s.") % {
                "holder": holder,
                "year": year,
            }
    if errors:
        raise ValidationError(errors)
    programme = SupervisionProgramme(
        committee=committee, cell=cell, year=year, note=note, created_by=by
    )
    return _save(programme, by=by)


def _body_meetings_filter(programme: SupervisionProgramme) -> dict:
    if programme.cell_id:
        return {"meeting__body": Body.CELL, "meeting__cell_id": programme.cell_id}
    return {"meeting__body__in": COMMITTEE_BODIES, "meeting__committee_id": programme.committee_id}


def programme_motions(programme: SupervisionProgramme):
    """The votes on a resolution or conclusion at the body's meetings of the programme's year and
    the year before, newest first (any result: the service says why one cannot adopt it)."""
    return (
        Motion.objects.filter(
            kind=MotionKind.ORDINARY,
            meeting__date__year__in=[programme.year - 1, programme.year],
            **_body_meetings_filter(programme),
        )
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")
    )


def _check_motion(programme: SupervisionProgramme, motion: Motion) -> str | None:
    meeting = motion.meeting
    if programme.cell_id:
        ours = meeting.body == Body.CELL and meeting.cell_id == programme.cell_id
    else:
        ours = meeting.body in COMMITTEE_BODIES and meeting.committee_id == programme.committee_id
    if not ours:
        return _(
            "This vote was taken by another body: the programme of %(holder)s is adopted by a "
            "vote at a meeting of %(holder)s."
        ) % {"holder": programme.holder_name}
    if motion.kind != MotionKind.ORDINARY:
        return _(
            "This vote was about “%(kind)s”: a programme is adopted by a vote on a resolution "
            "or conclusion."
        ) % {"kind": motion.get_kind_display()}
    if not motion.passed:
        return _("This vote did not pass: it cannot adopt the programme.")
    if meeting.date.year not in (programme.year - 1, programme.year):
        return _("The vote (%(day)s) was not taken in %(year)s or the year before.") % {
            "day": day_text(meeting.date),
            "year": programme.year,
        }
    return None


@transaction.atomic
def programme_adopt(*, programme: SupervisionProgramme, motion: Motion | None, by):
    """Adopted by `motion`, a passed vote on a resolution or conclusion of the body's meeting."""
    programme = SupervisionProgramme.objects.select_for_update(of=("self",)).get(pk=programme.pk)
    if programme.is_adopted:
        raise ValidationError(_("This programme is already adopted."))
    if motion is None:
        raise ValidationError({"motion": _("Choose the vote that adopted the programme.")})
    motion = Motion.objects.select_related("meeting").get(pk=motion.pk)
    problem = _check_motion(programme, motion)
    if problem:
        raise ValidationError({"motion": problem})
    programme.motion = motion
    programme.adopted_by = by
    return _save(programme, by=by)


# --- items -----------------------------------------------------------------------------------------


def body_members(programme: SupervisionProgramme):
    """Who an item of the programme may name: the cell's current members on the roll (a cell's
    programme), the committee's members on the roll (the committee's)."""
    members = Member.objects.filter(committee_id=programme.committee_id).on_roll()
    if programme.cell_id:
        current = CellMembership.objects.filter(cell_id=programme.cell_id, end_date__isnull=True)
        members = members.filter(pk__in=current.values("member_id"))
    return members.ordered()


def _check_members(programme, members, field: str, errors: dict) -> list[Member]:
    members = list(members or [])
    allowed = set(
        body_members(programme).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True)
    )
    stranger = next((m for m in members if m.pk not in allowed), None)
    if stranger is not None:
        if programme.cell_id:
            errors[field] = _("%(name)s is not a member of %(cell)s.") % {
                "name": stranger.full_name,
                "cell": programme.cell.name,
            }
        else:
            errors[field] = _("%(name)s is not a member of the committee on the roll.") % {
                "name": stranger.full_name
            }
    return members


def _check_item(
    programme: SupervisionProgramme,
    *,
    kind,
    dimension,
    content,
    subject_cell,
    subject_members,
    supervisors,
    planned_from,
    planned_until,
) -> dict:
    errors: dict = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = _("Choose the kind of item.")
    elif kind == SupervisionKind.INSPECTION and programme.cell_id:
        errors["kind"] = _(
            "Only the committee inspects on signs of violation: a cell's programme holds "
            "supervision only."
        )
    if dimension not in SupervisionDimension.values:
        errors["dimension"] = _("Choose what is supervised.")
    content = check_text(content, "content", errors, most=CONTENT_MAX)
    subjects = _check_members(programme, subject_members, "subject_members", errors)
    if subject_cell is not None:
        if programme.cell_id:
            errors["subject_cell"] = _("A cell supervises its members: choose members, not a cell.")
        elif subject_cell.committee_id != programme.committee_id or not subject_cell.is_active:
            errors["subject_cell"] = _("Choose an active cell of the committee.")
        elif subjects:
            errors["subject_cell"] = _("Choose either a cell or members, not both.")
    elif not subjects and "subject_members" not in errors:
        errors["subject_members"] = _("Choose whom the item is about: members, or a cell.")
    doers = _check_members(programme, supervisors, "supervisors", errors)
    if not doers and "supervisors" not in errors:
        errors["supervisors"] = _("Name who carries it out.")
    both = next((m for m in doers if m in subjects), None)
    if both is not None and "supervisors" not in errors:
        errors["supervisors"] = _("%(name)s cannot supervise herself.") % {"name": both.full_name}
    for name, value in (("planned_from", planned_from), ("planned_until", planned_until)):
        if not isinstance(value, datetime.date):
            errors[name] = _("Give the planned date.")
        elif value.year != programme.year:
            errors[name] = _("Plan it within %(year)s.") % {"year": programme.year}
    dates_given = "planned_from" not in errors and "planned_until" not in errors
    if dates_given and planned_until < planned_from:
        errors["planned_until"] = _("The end of the planned period comes before its start.")
    if errors:
        raise ValidationError(errors)
    return {"content": content, "subjects": subjects, "doers": doers}


def _save_item(item: SupervisionItem, checked: dict, by) -> SupervisionItem:
    _save(item, by=by)
    item.subject_members.set(checked["subjects"])
    item.supervisors.set(checked["doers"])
    return item


def _draft(programme: SupervisionProgramme) -> SupervisionProgramme:
    programme = (
        # Only the programme's row is locked: the cell is an outer join (a committee programme
        # has none), which PostgreSQL cannot lock.
        SupervisionProgramme.objects.select_for_update(of=("self",))
        .select_related("cell", "committee")
        .get(pk=programme.pk)
    )
    if programme.is_adopted:
        raise ValidationError(
            _("The programme is adopted: its items change only by a new vote of the body.")
        )
    return programme


@transaction.atomic
def item_add(
    *,
    programme: SupervisionProgramme,
    by,
    kind,
    dimension,
    planned_from,
    planned_until,
    subject_cell: Cell | None = None,
    subject_members=(),
    supervisors=(),
    content: str = "",
) -> SupervisionItem:
    programme = _draft(programme)
    checked = _check_item(
        programme,
        kind=kind,
        dimension=dimension,
        content=content,
        subject_cell=subject_cell,
        subject_members=subject_members,
        supervisors=supervisors,
        planned_from=planned_from,
        planned_until=planned_until,
    )
    item = SupervisionItem(
        programme=programme,
        kind=kind,
        dimension=dimension,
        content=checked["content"],
        subject_cell=subject_cell,
        planned_from=planned_from,
        planned_until=planned_until,
        created_by=by,
    )
    return _save_item(item, checked, by)


@transaction.atomic
def item_update(
    *,
    item: SupervisionItem,
    by,
    kind,
    dimension,
    planned_from,
    planned_until,
    subject_cell: Cell | None = None,
    subject_members=(),
    supervisors=(),
    content: str = "",
) -> SupervisionItem:
    programme = _draft(item.programme)
    checked = _check_item(
        programme,
        kind=kind,
        dimension=dimension,
        content=content,
        subject_cell=subject_cell,
        subject_members=subject_members,
        supervisors=supervisors,
        planned_from=planned_from,
        planned_until=planned_until,
    )
    item = SupervisionItem.objects.get(pk=item.pk)
    item.kind = kind
    item.dimension = dimension
    item.content = checked["content"]
    item.subject_cell = subject_cell
    item.planned_from = planned_from
    item.planned_until = planned_until
    return _save_item(item, checked, by)
