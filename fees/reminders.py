"""The party fees' reminder (issue 21; the machinery: `members.reminders`).

`fee_reminders` — before the flag: a member on the roll whose months of this year that count
towards the unpaid-fee flag (`fees.selectors.unpaid_months`: unpaid, or paid late without a valid
reason) number exactly one less than `unpaid_fee_flag_months` (setting) → the member herself and
the secretary of her current cell, once per member and year. Nothing when the flag is set at one
month (there is no "before"). Six queries per committee, whatever the number of members.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fees.selectors import unpaid_months
from members.models import ON_ROLL, Member
from members.reminders import Due, Kind, due, secretaries


def fee_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    before = rules.unpaid_fee_flag_months - 1
    if before < 1:
        return []
    year = today.year
    members = (
        Member.objects.filter(committee=committee, status__in=ON_ROLL)
        .with_current_cell()
        .select_related("user")
    )
    found = [
        flag
        for flag in unpaid_months(committee, year, members=members, today=today, rules=rules)
        if flag.count == before
    ]
    if not found:
        return []
    officers = secretaries(committee, today)
    result = []
    for flag in found:
        member = flag.member
        values = {
            "name": member.full_name,
            "count": flag.count,
            "flag": rules.unpaid_fee_flag_months,
            "months": ", ".join(f"{month:%m/%Y}" for month in flag.months),
        }
        key = f"fee:{member.pk}:{year}:before-flag"
        url = reverse("fees:member_fees", args=[member.pk])
        if member.user_id is not None and member.user.is_active:

            def compose_own(values=values):
                title = (
                    ngettext(
                        "Party fees: %(count)s month unpaid this year",
                        "Party fees: %(count)s months unpaid this year",
                        values["count"],
                    )
                    % values
                )
                body = (
                    _(
                        "Your party fees of %(months)s are unpaid or were paid late. At %(flag)s "
                        "such months in a year a member is flagged for her cell. Please pay at the "
                        "next meeting, or tell your cell's secretary if there is a valid reason."
                    )
                    % values
                )
                return title, body

            result.append(due(member.user, kind=Kind.FEES, key=key, url=url, compose=compose_own))
        for user in officers.of_cell(member.current_cell_id):
            if user.pk == member.user_id:
                continue

            def compose(values=values):
                title = (
                    ngettext(
                        "Party fees: %(name)s has %(count)s month unpaid this year",
                        "Party fees: %(name)s has %(count)s months unpaid this year",
                        values["count"],
                    )
                    % values
                )
                body = (
                    _(
                        "The party fees of %(name)s for %(months)s are unpaid or were paid late. One "
                        "more such month and she is flagged (%(flag)s months in a year). Remind her, "
                        "or record a valid reason."
                    )
                    % values
                )
                return title, body

            result.append(due(user, kind=Kind.FEES, key=key, url=url, compose=compose))
    return result


RULES = (fee_reminders,)
