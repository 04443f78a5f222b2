"""The demo committee's monthly reports to its superior (issue 22, DOMAIN §15).

The months whose deadline has passed (the superior's deadline day of the month after) — those of
the year, at least the three latest — are submitted on time, on the 10th of the month after; the
month after them, once it is over, is a draft with its free text written but not submitted (with
today on 7 December: January to October submitted; November's report a draft, due by
20 December). The figures are the records' (`reports.figures`); the texts are written here.

Everything goes through `reports.services`, by the demo's committee officer (the `committee`
login) when there is one; a report already there is kept as it is, so a second run writes
nothing. Run after the meetings, fees, study and supervision are seeded (the figures count them).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.dates import add_months
from reports.models import PeriodReport, due_on
from reports.services import report_create, report_submit, report_update

SUBMITTED_MONTHS = 3
SUBMIT_DAY = 10
ONE_DAY = datetime.timedelta(days=1)
SITUATION = (
    "Cán bộ, đảng viên, giáo viên và nhân viên trong nhà trường an tâm công tác, tin tưởng vào "
    "sự lãnh đạo của Đảng; chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật "
    "của Nhà nước và quy định của ngành.\n"
    "Tình hình tư tưởng trong tháng {month} ổn định; không có đảng viên vi phạm tư cách, đạo "
    "đức, lối sống."
)
NOTABLE = (
    "Nhà trường hoàn thành kế hoạch dạy học tháng {month}; tổ chức kiểm tra định kỳ nghiêm túc, "
    "đúng quy chế.\n"
    "Các chi bộ duy trì sinh hoạt thường kỳ; một số buổi sinh hoạt nội dung còn chung chung, "
    "chưa đi sâu vào nhiệm vụ chuyên môn của từng tổ."
)
PLAN = (
    "Tiếp tục lãnh đạo thực hiện nhiệm vụ năm học; chỉ đạo các chi bộ sinh hoạt thường kỳ đúng "
    "ngày thống nhất, nâng cao chất lượng sinh hoạt chuyên đề.\n"
    "Đôn đốc thu, nộp đảng phí đúng hạn; hoàn thành các nhiệm vụ được giao tại các buổi sinh hoạt."
)


def _officer(by):
    return get_user_model().objects.filter(username="committee").first() or by


def _months(committee, today: datetime.date) -> tuple[list[datetime.date], datetime.date | None]:
    """(the months to submit, the month left as a draft — None when none is over and not yet
    due). A month is due by the deadline day of the superior it was under at its end."""
    deadline_day = _deadline_day(committee, today)
    last = add_months(today.replace(day=1), -1)
    draft = None
    if today <= due_on(last, deadline_day):  # last month not yet due: a draft
        draft, last = last, add_months(last, -1)
    first = min(last.replace(month=1), add_months(last, 1 - SUBMITTED_MONTHS))
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months, draft


def _deadline_day(committee, day: datetime.date) -> int:
    body = committee.superior_body_on(day)
    return body.superior.report_deadline_day if body is not None else 20


def _write(report: PeriodReport, *, by) -> None:
    month = f"{report.period_start.month}/{report.period_start.year}"
    report_update(
        report,
        by=by,
        situation=SITUATION.format(month=month),
        notable=NOTABLE.format(month=month),
        plan=PLAN.format(month=month),
    )


def seed_reports(committee, *, by, today: datetime.date) -> str:
    """The monthly reports above; a line for the summary."""
    by = _officer(by)
    submitted, drafts = 0, 0
    months, draft_month = _months(committee, today)
    for month in months:
        # Before the deadline of the superior it reports to (the one at the month's end).
        day = min(SUBMIT_DAY, _deadline_day(committee, add_months(month, 1) - ONE_DAY))
        sent_on = add_months(month, 1).replace(day=day)
        report, created = report_create(
            committee=committee, kind="month", period_start=month, by=by, today=sent_on
        )
        if not created or not report.is_draft:
            continue
        _write(report, by=by)
        report_submit(report, by=by)
        at = datetime.datetime.combine(
            sent_on, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        PeriodReport.objects.filter(pk=report.pk).update(submitted_at=at, issued_on=sent_on)
        submitted += 1
    if draft_month is not None:
        report, created = report_create(
            committee=committee, kind="month", period_start=draft_month, by=by, today=today
        )
        if created:
            _write(report, by=by)
            drafts += 1
    return f"Báo cáo tháng: {submitted} đã gửi đúng hạn, {drafts} bản nháp."
