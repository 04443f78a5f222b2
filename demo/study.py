"""The demo's study campaigns (issue 19 parts 3–4), on two documents of the demo library
(`demo.library`, looked up by number in the demo committee):

- "35-NQ/TU" — a **finished** campaign for the whole committee, a written report required: its
  deadline passed a few weeks ago; everyone studied it and every report is in. The members with a
  login wrote theirs in the app; the cell secretary of CB1 recorded the handwritten reports of her
  cell's members without a login, the committee's officer those of the other cells — one of them
  handed in two days after the deadline (late).
- "12-CT/HU" — a **running** campaign for the whole committee, a report required, the deadline
  three weeks ahead: CB1's secretary has submitted her report, a few members were recorded by
  their officers (some studied only, some with their report), the others have not started —
  `member1` (Lê Văn Minh, CB1) among them, so that the browser test can submit hers.

Everything goes through `library.study.services`; a campaign already there (same document and
title) is skipped, so a second run writes nothing. Run after `demo.library.seed_library`.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from library.models import LibraryDocument, StudyCampaign
from library.study import services
from library.study.selectors import campaign_progress

FINISHED = ("35-NQ/TU", "Học tập, quán triệt Nghị quyết số 35-NQ/TU của Tỉnh ủy")
RUNNING = ("12-CT/HU", "Học tập, quán triệt Chỉ thị số 12-CT/HU của Huyện ủy")
FINISHED_INSTRUCTIONS = (
    "Mỗi đồng chí nghiên cứu toàn văn Nghị quyết, viết bài thu hoạch (1–2 trang) nêu những điểm "
    "mới, liên hệ nhiệm vụ giảng dạy của bản thân và đề ra giải pháp thực hiện."
)
RUNNING_INSTRUCTIONS = (
    "Chi bộ tổ chức học tập tại buổi sinh hoạt; mỗi đồng chí viết bài thu hoạch liên hệ trách "
    "nhiệm nêu gương, phòng, chống tham nhũng, tiêu cực trong nhà trường."
)
REPORT = [
    "Qua nghiên cứu văn bản số {document}, bản thân tôi nhận thức rõ hơn mục tiêu, nhiệm vụ và "
    "giải pháp mà văn bản đề ra, đặc biệt là yêu cầu đổi mới phương pháp, nâng cao chất lượng "
    "công tác.",
    "Liên hệ bản thân: là đảng viên {cell}, tôi tiếp tục rèn luyện phẩm chất đạo đức, tự học nâng "
    "cao chuyên môn, thực hiện tốt nhiệm vụ được chi bộ và nhà trường phân công.",
    "Giải pháp thực hiện: xây dựng kế hoạch cá nhân, đăng ký nội dung cụ thể và báo cáo kết quả "
    "tại buổi sinh hoạt chi bộ hằng tháng.",
]
# In the finished campaign, the cell whose first member without a login handed hers in late.
LATE_CELL = "CB2"


def _document(committee, number: str) -> LibraryDocument:
    document = LibraryDocument.objects.filter(committee=committee, number=number).first()
    if document is None:
        raise LookupError(
            f"The demo library has no document “{number}”: run demo.library.seed_library first."
        )
    return document


def _report(document, participant) -> str:
    values = {"document": document.display_number, "cell": participant.cell.name}
    return "\n".join(line.format(**values) for line in REPORT)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _users():
    User = get_user_model()
    return {u.username: u for u in User.objects.filter(username__in=["committee", "secretary1"])}


def _start(committee, document, title, instructions, *, starts_on, deadline, officer):
    campaign = StudyCampaign.objects.filter(document=document, title=title).first()
    if campaign is not None:
        return campaign, False
    result = services.campaign_start(
        committee,
        document,
        title=title,
        cells=[],
        starts_on=starts_on,
        deadline=deadline,
        report_required=True,
        instructions=instructions,
        by=officer,
    )
    return result.campaign, True


def _rows(campaign):
    return list(
        campaign.participants.select_related("member__user", "cell").order_by(
            "cell__code", "member__name_sort", "pk"
        )
    )


def _finished(committee, *, today, by, users) -> bool:
    document = _document(committee, FINISHED[0])
    issued = document.issued_on or today - datetime.timedelta(days=90)
    starts_on = issued + datetime.timedelta(days=7)
    if starts_on + datetime.timedelta(days=37) > today:
        starts_on = today - datetime.timedelta(days=60)
    deadline = starts_on + datetime.timedelta(days=30)
    officer = users.get("committee", by)
    campaign, created = _start(
        committee,
        document,
        FINISHED[1],
        FINISHED_INSTRUCTIONS,
        starts_on=starts_on,
        deadline=deadline,
        officer=officer,
    )
    if not created:
        return False
    secretary = users.get("secretary1", officer)
    late_done = False
    for index, row in enumerate(_rows(campaign)):
        text = _report(document, row)
        if row.member.user_id:
            handed = deadline - datetime.timedelta(days=3 + index % 5)
            services.report_submit(
                participant=row, text=text, by=row.member.user, now=_at(handed, 20)
            )
            continue
        recorder = secretary if row.cell.code == "CB1" else officer
        late = row.cell.code == LATE_CELL and not late_done
        late_done = late_done or late
        handed = deadline + datetime.timedelta(days=2 if late else -(index % 6))
        services.record_on_behalf(
            participant=row, studied=True, text=text, received_on=handed, by=recorder
        )
    return True


def _running(committee, *, today, by, users) -> bool:
    document = _document(committee, RUNNING[0])
    issued = document.issued_on or today - datetime.timedelta(days=20)
    starts_on = min(issued + datetime.timedelta(days=5), today)
    officer = users.get("committee", by)
    campaign, created = _start(
        committee,
        document,
        RUNNING[1],
        RUNNING_INSTRUCTIONS,
        starts_on=starts_on,
        deadline=today + datetime.timedelta(days=21),
        officer=officer,
    )
    if not created:
        return False
    secretary = users.get("secretary1")
    recorded = {"CB1": 0, "CB2": 0, "CB3": 0}
    for row in _rows(campaign):
        user = row.member.user
        if user is not None and user == secretary:
            services.report_submit(participant=row, text=_report(document, row), by=user)
            continue
        if user is not None:
            continue  # member1 and the other logins: not done yet
        code = row.cell.code
        if code not in recorded or recorded[code] >= 3:
            continue
        recorded[code] += 1
        recorder = secretary if code == "CB1" and secretary else officer
        with_report = recorded[code] <= 2 and code != "CB3"
        services.record_on_behalf(
            participant=row,
            studied=True,
            text=_report(document, row) if with_report else "",
            received_on=today,
            by=recorder,
        )
    return True


def seed_study(committee, *, by, today: datetime.date) -> str:
    """The finished and the running campaign; a line for the summary."""
    users = _users()
    added = sum(
        (
            _finished(committee, today=today, by=by, users=users),
            _running(committee, today=today, by=by, users=users),
        )
    )
    lines = []
    for number, title in (FINISHED, RUNNING):
        campaign = StudyCampaign.objects.filter(
            committee=committee, document__number=number, title=title
        ).first()
        if campaign is not None:
            total = campaign_progress(campaign).total
            lines.append(f"{number} {total.done}/{total.total} done")
    return f"Study campaigns: {', '.join(lines)} ({added} added this run)."
