"""The fee summary rows (`FeeYear`), refreshed by the payment services in their transaction.

`refresh_fee_year` recomputes a member's year from her payments (never an increment that could
drift): the months with a standing regular payment made by the end of the month.
"""

from django.db.models.functions import TruncMonth

from fees.models import FeePayment, FeeYear
from members.models import Member


def paid_in_time_mask(member_id: int, year: int) -> int:
    months = (
        FeePayment.objects.standing()
        .filter(member_id=member_id, kind=FeePayment.Kind.REGULAR, month__year=year)
        .annotate(paid_month=TruncMonth("paid_on"))
        .values_list("month", "paid_month")
    )
    mask = 0
    for month, paid_month in months:
        if paid_month <= month:
            mask |= 1 << (month.month - 1)
    return mask


def refresh_fee_year(member: Member, year: int) -> FeeYear:
    """Her `FeeYear` of `year` as her payments stand now (call inside the writing transaction)."""
    summary, _created = FeeYear.objects.update_or_create(
        member=member,
        year=year,
        defaults={
            "committee_id": member.committee_id,
            "paid_in_time": paid_in_time_mask(member.pk, year),
        },
    )
    return summary
