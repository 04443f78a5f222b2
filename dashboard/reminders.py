"""The reminders collector — nhắc việc (issue 21): every rule of every app, for every committee.

`dashboard` is the top domain layer, so it may read every app (DESIGN §2): each app keeps its own
rules next to its data (`meetings.reminders`, `members.reminders`, `reviews.reminders`,
`library.reminders`, `fees.reminders`); this module only runs them, with each committee's
settings (`cells.rules.rules_for`). `manage.py send_reminders` hands what it gathers to
`members.reminders.send_due`. The number of queries depends on the number of committees and of
the meetings in the window, never on the number of members, tasks or participants.
"""

from __future__ import annotations

import datetime

from cells.models import Committee
from cells.rules import rules_for
from fees import reminders as fee_rules
from library import reminders as library_rules
from meetings import reminders as meeting_rules
from members.reminders import Due, probation_reminders, unique
from reviews import reminders as review_rules

RULES = (
    *meeting_rules.RULES,
    probation_reminders,
    *review_rules.RULES,
    *library_rules.RULES,
    *fee_rules.RULES,
)


def collect(*, today: datetime.date, committees=None) -> list[Due]:
    """The reminders due on `today` in `committees` (all by default), without repeats."""
    if committees is None:
        committees = Committee.objects.select_related("rules").order_by("pk")
    result: list[Due] = []
    for committee in committees:
        rules = rules_for(committee)
        for rule in RULES:
            result.extend(rule(committee, today=today, rules=rules))
    return unique(result)
