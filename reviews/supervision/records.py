"""What an item of a programme found — biên bản kiểm tra, giám sát (DOMAIN §9): about one member
supervised, or about the cell supervised.

A record holds the subject's self-report, the findings, the conclusion (no violation /
shortcomings to correct / signs of violation, proposed to the body for discipline), the
recommendations with their deadline, their follow-up, and the discipline a violation led to.
Confidential (`SupervisionRecord.objects.visible_to`); written only once the programme is adopted.
`record_add` and `record_update` validate, then save with the history in one transaction (a
`ValidationError` naming the field, nothing saved).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from members.access import current_cell_id
from members.models import Member
from reviews.models import (
    Discipline,
    SupervisionConclusion,
    SupervisionItem,
    SupervisionProgramme,
    SupervisionRecord,
)
from reviews.records.checks import TEXT_MAX, check_text, day_text

TEXT_FIELDS = ("self_report", "findings", "recommendations", "followup")


def _check_member(item: SupervisionItem, member: Member | None, errors: dict) -> int | None:
    """The member checked against the item's subjects; the cell the record belongs to."""
    programme = item.programme
    if item.subject_cell_id:
        if member is not None:
            errors["member"] = _(
                "This item is about %(cell)s: the record is the cell's, leave the member empty."
            ) % {"cell": item.subject_cell.name}
        return item.subject_cell_id
    if member is None:
        errors["member"] = _("Choose the member the record is about.")
        return None
    cell_id = current_cell_id(member)
    if programme.cell_id and cell_id != programme.cell_id:
        errors["member"] = _("%(name)s is not a member of %(cell)s.") % {
            "name": member.full_name,
            "cell": programme.cell.name,
        }
    elif not item.subject_members.filter(pk=member.pk).exists():
        errors["member"] = _("%(name)s is not supervised by this item.") % {
            "name": member.full_name
        }
    return cell_id


def _check_content(programme: SupervisionProgramme, member, values: dict, errors: dict) -> dict:
    today = timezone.localdate()
    for name in TEXT_FIELDS:
        values[name] = check_text(values.get(name), name, errors, most=TEXT_MAX)
    recorded_on = values.get("recorded_on")
    if not isinstance(recorded_on, datetime.date):
        errors["recorded_on"] = _("Give the date of the record.")
        recorded_on = None
    elif recorded_on > today:
        errors["recorded_on"] = _("The date cannot be in the future.")
    elif recorded_on.year < programme.year:
        errors["recorded_on"] = _("The record cannot come before %(year)s.") % {
            "year": programme.year
        }
    if values.get("conclusion") not in ("", *SupervisionConclusion.values):
        errors["conclusion"] = _("Choose the conclusion.")
    deadline = values.get("followup_deadline")
    if deadline is not None:
        if not values["recommendations"]:
            errors["followup_deadline"] = _("Write the recommendations this deadline is for.")
        elif recorded_on and deadline < recorded_on:
            errors["followup_deadline"] = _(
                "The follow-up deadline (%(deadline)s) cannot come before the record (%(day)s)."
            ) % {"deadline": day_text(deadline), "day": day_text(recorded_on)}
    elif values["recommendations"]:
        errors["followup_deadline"] = _("Give the deadline for the recommendations.")
    done_on = values.get("followup_done_on")
    if done_on is not None:
        if deadline is None:
            errors["followup_done_on"] = _("There are no recommendations to follow up.")
        elif done_on > today:
            errors["followup_done_on"] = _("The date cannot be in the future.")
        elif recorded_on and done_on < recorded_on:
            errors["followup_done_on"] = _("The follow-up cannot come before the record.")
    discipline = values.get("discipline")
    if discipline is not None:
        if values.get("conclusion") != SupervisionConclusion.VIOLATION:
            errors["discipline"] = _("Only a conclusion of a violation leads to discipline.")
        elif member is None or discipline.member_id != member.pk:
            errors["discipline"] = _("This discipline is about someone else.")
    return values


def _adopted(item: SupervisionItem) -> SupervisionItem:
    item = SupervisionItem.objects.select_related(
        "programme__cell", "programme__committee", "subject_cell"
    ).get(pk=item.pk)
    if not item.programme.is_adopted:
        raise ValidationError(_("Adopt the programme before recording its supervision."))
    return item


@transaction.atomic
def record_add(
    *,
    item: SupervisionItem,
    by,
    recorded_on,
    member: Member | None = None,
    self_report: str = "",
    findings: str = "",
    conclusion: str = "",
    recommendations: str = "",
    followup_deadline=None,
    followup: str = "",
    followup_done_on=None,
    discipline: Discipline | None = None,
) -> SupervisionRecord:
    """A record of the item about `member` (or about the cell supervised, without one)."""
    SupervisionProgramme.objects.select_for_update(of=("self",)).filter(
        pk=item.programme_id
    ).first()
    item = _adopted(item)
    errors: dict = {}
    cell_id = _check_member(item, member, errors)
    if "member" not in errors:
        same = SupervisionRecord.objects.filter(item=item, member=member)
        if same.exists():
            errors["member"] = (
                _("%(name)s already has a record for this item.") % {"name": member.full_name}
                if member
                else _("The cell already has a record for this item.")
            )
    values = _check_content(
        item.programme,
        member,
        {
            "recorded_on": recorded_on,
            "self_report": self_report,
            "findings": findings,
            "conclusion": conclusion or "",
            "recommendations": recommendations,
            "followup_deadline": followup_deadline,
            "followup": followup,
            "followup_done_on": followup_done_on,
            "discipline": discipline,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    record = SupervisionRecord(
        item=item,
        committee_id=item.programme.committee_id,
        member=member,
        cell_id=cell_id,
        created_by=by,
        **values,
    )
    return _save(record, by=by)


@transaction.atomic
def record_update(
    *,
    record: SupervisionRecord,
    by,
    recorded_on,
    self_report: str = "",
    findings: str = "",
    conclusion: str = "",
    recommendations: str = "",
    followup_deadline=None,
    followup: str = "",
    followup_done_on=None,
    discipline: Discipline | None = None,
) -> SupervisionRecord:
    """The record's texts, conclusion, recommendations, follow-up and discipline (its member and
    item stay)."""
    record = (
        SupervisionRecord.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=record.pk)
    )
    item = _adopted(record.item)
    errors: dict = {}
    values = _check_content(
        item.programme,
        record.member,
        {
            "recorded_on": recorded_on,
            "self_report": self_report,
            "findings": findings,
            "conclusion": conclusion or "",
            "recommendations": recommendations,
            "followup_deadline": followup_deadline,
            "followup": followup,
            "followup_done_on": followup_done_on,
            "discipline": discipline,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(record, name, value)
    return _save(record, by=by)


def record_disciplines(record_member: Member | None):
    """The disciplines a record about this member can name (none for a cell's record)."""
    if record_member is None:
        return Discipline.objects.none()
    return Discipline.objects.filter(member_id=record_member.pk).order_by("-decided_on", "-pk")
