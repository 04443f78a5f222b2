"""The demo's directive flowing down (issue 22 item 5): the commune committee's (fictional)
"Chỉ thị số 05-CT/ĐU về tăng cường công tác giáo dục chính trị tư tưởng", published two months
ago to every committee then under the commune, with a study campaign in each, its deadline two
weeks ahead. In the school committee (the demo's own) about two thirds of the members have been
recorded as having studied it, on days after it arrived; the other committees have not started.

Everything goes through `reports.directives.directive_publish` and `library.study.services`; a
directive of that number already published by the superior is kept, so a second run writes
nothing. Run after the committees under the commune exist (`demo.commune.seed_commune`).
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.meetings import _pdf
from library.study import services as study_services
from reports.directives import directive_publish
from reports.models import Directive

NUMBER = "05-CT/ĐU"
TITLE = "Chỉ thị về tăng cường công tác giáo dục chính trị tư tưởng cho cán bộ, đảng viên"
# The committee where the study is under way (the demo's own).
SCHOOL = "Đảng bộ Trường THPT Krông Bông"
PUBLISHED_DAYS_AGO = 61
DEADLINE_DAYS_AFTER = 75
# Of the school's participants, this share has studied it (every third one has not).
NOT_YET_EVERY = 3


def seed_directives(superior, *, by, today: datetime.date) -> str:
    """Publish the demo directive of `superior` (if it has none of that number) and record part of
    the school's study; return a line for the summary."""
    existing = Directive.objects.filter(superior=superior, number=NUMBER).first()
    if existing is not None:
        return f"Directive {NUMBER} of {superior.name}: already there."
    published = today - datetime.timedelta(days=PUBLISHED_DAYS_AGO)
    result = directive_publish(
        superior=superior,
        by=by,
        title=TITLE,
        number=NUMBER,
        issued_on=published - datetime.timedelta(days=2),
        upload=SimpleUploadedFile(
            "chi-thi-05-ct-du.pdf", _pdf("Chi thi 05-CT/DU"), content_type="application/pdf"
        ),
        study_deadline=published + datetime.timedelta(days=DEADLINE_DAYS_AFTER),
        today=published,
    )
    studied = 0
    school = result.directive.copies.filter(committee__name=SCHOOL).select_related("campaign")
    copy = school.first()
    if copy is not None and copy.campaign is not None:
        participants = copy.campaign.participants.order_by("cell__name", "member__name_sort")
        for index, participant in enumerate(participants):
            if index % NOT_YET_EVERY == NOT_YET_EVERY - 1:
                continue
            received = min(published + datetime.timedelta(days=7 + index % 30), today)
            study_services.record_on_behalf(
                participant=participant, studied=True, by=by, received_on=received
            )
            studied += 1
    return (
        f"Directive {NUMBER} of {superior.name}: sent to {result.committees} committees, "
        f"{result.campaigns} study campaigns; {studied} studied in the school."
    )
