"""Commendations — khen thưởng (DOMAIN §7, issue 9 item 7): `commendation_add` records one for a
year — its form, the deciding body, the decision — validated and saved with its history in one
transaction (a `ValidationError` naming the field, nothing saved). Recorded by the officers of
her committee (`reviews.records.access.may_decide`, checked by the view)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from members.models import Member
from reviews.models import Commendation
from reviews.records.checks import NAME_MAX, NUMBER_MAX, check_date, check_text, check_year


@transaction.atomic
def commendation_add(
    *,
    member: Member,
    year: int,
    form: str,
    deciding_body: str,
    by,
    decision_number: str = "",
    decided_on=None,
) -> Commendation:
    """A commendation for a year: its form, the body that decided it, the decision."""
    today = timezone.localdate()
    errors: dict = {}
    check_year(year, errors, today)
    form = check_text(form, "form", errors, most=NAME_MAX, required=_("Give the form."))
    deciding_body = check_text(
        deciding_body,
        "deciding_body",
        errors,
        most=NAME_MAX,
        required=_("Give the body that decided it."),
    )
    decision_number = check_text(decision_number, "decision_number", errors, most=NUMBER_MAX)
    check_date(decided_on, "decided_on", errors, today=today, year=year)
    if errors:
        raise ValidationError(errors)
    commendation = Commendation(
        member=member,
        year=year,
        form=form,
        deciding_body=deciding_body,
        decision_number=decision_number,
        decided_on=decided_on,
        created_by=by,
    )
    return _save(commendation, by=by)
