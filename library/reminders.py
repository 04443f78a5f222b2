"""The study campaigns' reminders (issue 21; the machinery: `members.reminders`).

`study_reminders`: a campaign under way (started, not archived) whose deadline is within
`reminder_study_days` (setting) → each participant not done yet (`StudyParticipantQuerySet.not_done`:
not confirmed, or no report when one is required), once per campaign. The officers' own "remind
the others" button (`library.study.services.remind_missing`) is separate and stays as it is.
One query per committee.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from library.models import StudyParticipant
from members.reminders import Due, Kind, day_text, due, reachable


def study_reminders(committee, *, today: datetime.date, rules) -> list[Due]:
    last = today + datetime.timedelta(days=rules.reminder_study_days)
    participants = (
        StudyParticipant.objects.not_done()
        .filter(
            campaign__committee=committee,
            campaign__archived=False,
            campaign__starts_on__lte=today,
            campaign__deadline__gte=today,
            campaign__deadline__lte=last,
        )
        .filter(reachable("member__"))
        .select_related("campaign", "member__user")
        .order_by("campaign__deadline", "campaign_id", "pk")
    )
    result = []
    for participant in participants:
        campaign = participant.campaign
        values = {"title": campaign.title, "deadline": day_text(campaign.deadline)}

        def compose(values=values, report=campaign.report_required):
            title = _("Reminder: study by %(deadline)s — %(title)s") % values
            body = (
                _(
                    "You have not yet confirmed that you studied the document or submitted your "
                    "report. Deadline: %(deadline)s."
                )
                if report
                else _(
                    "You have not yet confirmed that you studied the document. "
                    "Deadline: %(deadline)s."
                )
            ) % values
            return title, body

        result.append(
            due(
                participant.member.user,
                kind=Kind.STUDY,
                key=f"study:{campaign.pk}:due",
                url=campaign.get_absolute_url(),
                compose=compose,
            )
        )
    return result


RULES = (study_reminders,)
