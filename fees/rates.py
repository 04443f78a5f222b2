"""The fee rules as plain values (DOMAIN §8, QĐ 342) — no ORM, no request. The thresholds come
from the committee's settings (`cells.rules.rules_for`), passed in as `rules`.

- `fee_for`: what a month costs for a category and a base amount;
- `month_state`: whether a month is paid, late, unpaid or still open, on a given day;
- `counts_towards_flag`: whether it counts towards the unpaid-fee flag (Charter, Art. 8);
- `shares`: the part of a total kept and the part remitted upwards.
"""

import calendar
import datetime
from enum import StrEnum

from core.dates import add_months

# The categories' values (those of `fees.models.FeeCategory`).
SALARIED, PENSIONER, FIXED = "salaried", "pensioner", "fixed"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s month to `last`'s month, both included."""
    month, end, months = first_of_month(first), first_of_month(last), []
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def round_to(amount_times_1000: int, step: int) -> int:
    """`amount_times_1000 / 1000` rounded to the nearest multiple of `step`, halves up, in whole
    đồng: 45,500 đ → 46,000 đ with a step of 1,000."""
    return (2 * amount_times_1000 + 1000 * step) // (2000 * step) * step


def fee_for(category: str, base_amount: int, *, rules) -> int:
    """A month's fee: a per-mille share of the salary and allowances (salaried) or of the pension
    (pensioner), rounded (setting); the fixed amount itself for students and members without a
    regular income."""
    if category == SALARIED:
        return round_to(base_amount * rules.fee_salaried_permille, rules.fee_rounding)
    if category == PENSIONER:
        return round_to(base_amount * rules.fee_pension_permille, rules.fee_rounding)
    return base_amount


def unpaid_after(month: datetime.date, *, rules) -> datetime.date:
    """The last day a month may be paid without being late: the end of the month
    `fee_unpaid_after_months` (setting, 1 by default) after it."""
    return month_end(add_months(first_of_month(month), rules.fee_unpaid_after_months))


class MonthState(StrEnum):
    """A due month on a given day."""

    PAID = "paid"  # paid by its deadline
    LATE = "late"  # paid after its deadline
    UNPAID = "unpaid"  # nothing paid, the deadline has passed
    OPEN = "open"  # nothing paid yet, still in time


def month_state(
    month: datetime.date, paid_on: datetime.date | None, *, today: datetime.date, rules
) -> MonthState:
    return state_by_deadline(unpaid_after(month, rules=rules), paid_on, today=today)


def state_by_deadline(
    deadline: datetime.date, paid_on: datetime.date | None, *, today: datetime.date
) -> MonthState:
    """`month_state` once the month's deadline (`unpaid_after`) is known."""
    if paid_on is not None:
        return MonthState.PAID if paid_on <= deadline else MonthState.LATE
    return MonthState.UNPAID if today > deadline else MonthState.OPEN


def counts_towards_flag(state: MonthState, *, excused: bool) -> bool:
    """A month paid late or not at all counts towards the 3-month flag unless an officer
    recorded a valid reason (DOMAIN §8)."""
    return state in (MonthState.LATE, MonthState.UNPAID) and not excused


def expected_paid_through(today: datetime.date) -> datetime.date:
    """The month a member is expected to have paid up to on `today`: the previous month."""
    return add_months(first_of_month(today), -1)


def is_behind(paid_up_to: datetime.date | None, today: datetime.date) -> bool:
    """Behind with her fees: not paid up to the previous month (never paid, or no fee basis yet,
    counts as behind) — the officers' member-list filter and the badge on her record."""
    return paid_up_to is None or paid_up_to < expected_paid_through(today)


def shares(total: int, keep_percent: int) -> tuple[int, int]:
    """(kept, remitted) of a total: the share kept in whole đồng (rounded down), the rest
    remitted upwards."""
    kept = total * keep_percent // 100
    return kept, total - kept
