"""Calendar arithmetic every app needs: whole months after or before a day."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or earlier when negative; the month's last day when it is
    shorter: 31/01 + 1 → 28/02 (29/02 in a leap year), 31/03 − 1 → 28/02."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def years_between(born: datetime.date, on: datetime.date) -> int:
    """Whole years from `born` to `on` — her age on that day (a birthday on 29/02 counts from
    01/03 in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
