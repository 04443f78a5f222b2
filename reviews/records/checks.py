"""The checks the record writes share (`reviews.records`): the year a record is about, the length
of a text, a date that is not in the future — each adds its message to `errors` under the field's
name, so a write reports every bad field at once."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import Discipline

# The first year a record can be about (the Party was founded in 1930).
YEAR_MIN = 1930
TEXT_MAX = 10_000
NAME_MAX = 200
NUMBER_MAX = Discipline._meta.get_field("decision_number").max_length


def day_text(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def year_in_range(year, *, today: datetime.date | None = None) -> bool:
    """A year a record may be about: from 1930 to this year."""
    today = today or timezone.localdate()
    return isinstance(year, int) and not isinstance(year, bool) and YEAR_MIN <= year <= today.year


def check_year(year, errors: dict, today: datetime.date) -> None:
    if not year_in_range(year, today=today):
        errors["year"] = _("Give a year from %(first)s to %(last)s.") % {
            "first": YEAR_MIN,
            "last": today.year,
        }


def check_text(value, name: str, errors: dict, *, most: int, required: str | None = None) -> str:
    """The text stripped; an error when too long, or empty and `required` (its message)."""
    value = (value or "").strip()
    if len(value) > most:
        errors[name] = _("At most %(max)s characters.") % {"max": most}
    elif required and not value:
        errors[name] = required
    return value


def check_date(value, name: str, errors: dict, *, today: datetime.date, year: int | None = None):
    """A date that is not in the future (and not before the year it is about)."""
    if value is None:
        return
    if not isinstance(value, datetime.date):
        errors[name] = _("Enter a valid date.")
    elif value > today:
        errors[name] = _("The date cannot be in the future.")
    elif year is not None and year_in_range(year, today=today) and value.year < year:
        errors[name] = _("The date cannot come before the year %(year)s.") % {"year": year}
