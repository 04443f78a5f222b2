"""The recorded demo meetings of seed_demo (DOMAIN §4.4–5, §7): attendance, minutes, approval.

- Cell 1's last regular meetings of this year before the "draft month" (`RECORDED_MONTHS`) are
  recorded by its secretary (`secretary1`): the attendance sheet (most present, one or two excused, one unexcused once),
  the minutes (opening and closing times, a summary, contributions and the chair's conclusion per
  agenda item, the meeting-quality score), marked ready and approved. The last three carry the
  extras: a guest from the executive committee who speaks, an attendance amendment and a text
  amendment, an unexcused absence. One meeting was a little short, so its length warning shows.
- Month by month, in the order a cell lives it: the tasks done before a meeting are marked done
  first, the meeting is recorded — its review of last month's tasks with an outcome for each
  task it lists —, then the tasks reported done at it are marked done (`demo.decisions`).
- The draft month's meeting of cell 1 is recorded but its minutes are still a draft.
- The other cells' meetings of the month before the draft month are recorded and approved too
  (by the committee officer `committee`: the other secretaries have no login).

The draft month is the current month when its meeting is already behind us (seed_demo enters as
history every meeting whose day is before today); otherwise — the meeting is today or ahead — the
previous month's meeting plays that part. Everything goes through `meetings.record`; a meeting
that already has minutes is skipped (approved minutes are locked), so a second run writes nothing.

It stays one module (~500 lines, a third of them the sample texts the minutes are written from):
the builder is one story told in order — each month's sheet, absences, minutes and approval —
whose steps share one `DemoMinutes` state, so split it would only be read in pieces.
"""

import datetime

from django.contrib.auth import get_user_model

from cells.rules import rules_for
from demo import people
from demo.decisions import DemoDecisions
from demo.meetings import OLD_TERM_MONTH
from meetings.models import AgendaItem, Amendment, Attendance, Guest, Kind, Meeting, Minutes, Status
from meetings.planning.schedule import scheduled_day
from meetings.record.amendments import amend_attendance, amend_text
from meetings.record.attendance import attendance_set, guest_add, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    ContributionText,
    ItemText,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)

Section = AgendaItem.Section

# How many of cell 1's past months are recorded (before the draft month): enough to show every
# case, few enough to keep the seed fast (it runs in `make run` and in many tests); the earlier
# months stay as entered afterwards — held, with no record.
RECORDED_MONTHS = 4
# Reasons for an excused absence, handed out in turn.
REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Con nhỏ bị ốm", "Đi tập huấn chuyên môn"]
# How many members are excused, by month (1–12).
EXCUSED = [1, 2, 1, 0, 1, 2, 1, 1, 0, 1, 2, 1]
# A member of the executive committee assigned to the cell attends one meeting and speaks.
GUEST = ("Võ Thị Phương Thảo", "Đảng ủy viên, phụ trách Chi bộ Tổ Toán - Tin")

# The political item: what the chair reports that month.
NEWS = {
    1: "tuyên truyền kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam (03/02) và đón Tết Nguyên đán; "
    "nhắc đảng viên thực hiện nghiêm quy định về tặng quà, dự tiệc dịp Tết",
    2: "tình hình tư tưởng của đảng viên, giáo viên và học sinh sau Tết Nguyên đán; phong trào "
    "thi đua mừng Đảng, mừng Xuân",
    3: "kỷ niệm Ngày Quốc tế Phụ nữ 08/3 và Ngày thành lập Đoàn TNCS Hồ Chí Minh 26/3; văn bản của "
    "Đảng ủy về tăng cường công tác kiểm tra, giám sát",
    4: "kỷ niệm Ngày Giải phóng miền Nam, thống nhất đất nước 30/4 và Ngày Quốc tế Lao động 01/5; "
    "quy định về phòng, chống tiêu cực trong thi cử",
    5: "kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh 19/5; việc học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh của đảng viên trong tổ",
    6: "kỷ niệm Ngày Báo chí cách mạng Việt Nam 21/6; quy chế thi tốt nghiệp THPT; tình hình an "
    "ninh trật tự trên địa bàn xã",
    7: "kỷ niệm Ngày Thương binh - Liệt sĩ 27/7; kế hoạch bồi dưỡng chính trị hè; phòng, chống "
    "đuối nước cho học sinh trong dịp hè",
    8: "kỷ niệm Cách mạng Tháng Tám và Quốc khánh 02/9; nhiệm vụ trọng tâm năm học mới của ngành "
    "giáo dục",
    9: "Lễ khai giảng năm học mới; chỉ thị về nhiệm vụ năm học của Bộ Giáo dục và Đào tạo; tình "
    "hình tư tưởng của giáo viên đầu năm học",
    10: "kỷ niệm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam 20/10; tình hình mưa lũ ở các tỉnh "
    "miền Trung và cuộc vận động quyên góp ủng hộ đồng bào",
    11: "kỷ niệm Ngày Nhà giáo Việt Nam 20/11; quy định về đạo đức nhà giáo; phòng, chống dạy "
    "thêm, học thêm trái quy định",
    12: "kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam 22/12; hướng dẫn kiểm điểm, đánh giá, "
    "xếp loại chất lượng đảng viên cuối năm",
}
# The tasks item: (the month's tasks, what was done that month) — a meeting reviews last month's
# results and sets this month's tasks.
WORK = {
    1: (
        "triển khai chương trình học kỳ II; cho học sinh nghỉ Tết Nguyên đán an toàn",
        "hoàn thành sơ kết học kỳ I; học sinh nghỉ Tết an toàn, không có vi phạm",
    ),
    2: (
        "duy trì sĩ số sau Tết; bồi dưỡng đội tuyển học sinh giỏi cấp tỉnh",
        "sĩ số học sinh được duy trì sau Tết; đội tuyển học sinh giỏi hoàn thành chương trình "
        "bồi dưỡng",
    ),
    3: (
        "dự thi học sinh giỏi cấp tỉnh; thao giảng chào mừng 26/3; tư vấn hướng nghiệp cho học "
        "sinh lớp 12",
        "đội tuyển học sinh giỏi cấp tỉnh đạt 1 giải Nhì, 2 giải Ba và 1 giải Khuyến khích; tổ "
        "chức 4 tiết thao giảng",
    ),
    4: (
        "kiểm tra giữa học kỳ II; ôn tập cho học sinh lớp 12 theo cấu trúc đề thi tốt nghiệp THPT",
        "hoàn thành kiểm tra giữa học kỳ II đúng kế hoạch; giáo viên nộp đủ kế hoạch ôn tập",
    ),
    5: (
        "kiểm tra, đánh giá cuối năm học; đánh giá chuẩn nghề nghiệp giáo viên",
        "hoàn thành đánh giá cuối năm; tỷ lệ học sinh lên lớp thẳng đạt 97,8%",
    ),
    6: (
        "ôn thi tốt nghiệp THPT cho học sinh lớp 12; coi thi, chấm thi theo phân công",
        "hoàn thành ôn thi; giáo viên được phân công coi thi tốt nghiệp THPT không có sai sót",
    ),
    7: (
        "bồi dưỡng chính trị hè và bồi dưỡng thường xuyên; hỗ trợ tuyển sinh lớp 10",
        "tỷ lệ học sinh đỗ tốt nghiệp THPT đạt 99,2%; toàn bộ đảng viên dự bồi dưỡng chính trị hè",
    ),
    8: (
        "chuẩn bị năm học mới: phân công chuyên môn, kế hoạch giáo dục của tổ, lễ khai giảng",
        "hoàn thành tuyển sinh lớp 10 và phân công chuyên môn năm học mới",
    ),
    9: (
        "ổn định nề nếp dạy học; xây dựng kế hoạch bài dạy; thành lập đội tuyển học sinh giỏi",
        "Lễ khai giảng tổ chức trang trọng; nề nếp dạy và học ổn định từ tuần đầu",
    ),
    10: (
        "kiểm tra giữa học kỳ I; dự giờ, thao giảng; ứng dụng công nghệ thông tin trong dạy học",
        "hoàn thành kiểm tra giữa học kỳ I; tổ dự giờ 12 tiết, 10 tiết xếp loại tốt",
    ),
    11: (
        "các hoạt động kỷ niệm Ngày Nhà giáo Việt Nam 20/11; hội giảng cấp trường",
        "Hội giảng chào mừng 20/11 thành công với 6 tiết dạy tốt",
    ),
    12: (
        "ôn tập và kiểm tra cuối học kỳ I; kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
        "hoàn thành kiểm tra cuối học kỳ I và kiểm điểm, xếp loại đảng viên năm",
    ),
}
# The party-building item: that month's work besides the party fees.
PARTY = {
    1: "phân công đảng viên giúp đỡ quần chúng ưu tú trong học sinh lớp 12",
    2: "kiểm tra việc thực hiện nhiệm vụ đảng viên của 2 đồng chí theo kế hoạch kiểm tra năm",
    3: "chuẩn bị hồ sơ đề nghị kết nạp cho quần chúng ưu tú",
    4: "tiếp tục bồi dưỡng quần chúng ưu tú; hoàn thiện hồ sơ đề nghị kết nạp",
    5: "đảng viên tự liên hệ việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    6: "sơ kết công tác xây dựng Đảng 6 tháng đầu năm",
    7: "đảng viên giữ mối liên hệ với chi bộ nơi cư trú trong dịp hè",
    8: "rà soát, cập nhật hồ sơ đảng viên trước năm học mới",
    9: "phân công nhiệm vụ đảng viên năm học mới; đảng viên đăng ký làm theo Bác",
    10: "kiểm tra việc chấp hành Điều lệ Đảng của 2 đảng viên theo kế hoạch",
    11: "chuẩn bị kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
    12: "kiểm điểm tập thể chi ủy và đảng viên; đề xuất khen thưởng đảng viên xuất sắc",
}
SAYS = {
    Section.POLITICAL: [
        "Nhất trí với nội dung thông tin. Đề nghị chi bộ định hướng cho học sinh sử dụng mạng xã "
        "hội đúng mực, không chia sẻ tin chưa được kiểm chứng.",
        "Đảng viên cần gương mẫu trong lời nói và việc làm trước học sinh; nên lồng ghép giáo dục "
        "truyền thống vào các tiết sinh hoạt lớp.",
        "Tư tưởng đảng viên trong tổ ổn định, yên tâm công tác. Đề nghị nhà trường quan tâm hơn "
        "đến giáo viên có hoàn cảnh khó khăn.",
        "Đề nghị gửi các văn bản mới cho đảng viên nghiên cứu trước buổi sinh hoạt để thảo luận "
        "sâu hơn.",
    ],
    Section.TASKS: [
        "Kết quả tháng qua đạt kế hoạch. Đề nghị giao chỉ tiêu cụ thể cho từng lớp để dễ đánh giá.",
        "Đề nghị tăng thời lượng phụ đạo học sinh yếu môn Toán khối 10; tôi xin nhận phụ trách "
        "lớp 10A3.",
        "Việc dùng phần mềm quản lý học sinh còn chậm; đề nghị giáo viên Tin học hỗ trợ các thầy "
        "cô lớn tuổi.",
        "Nhất trí với phương hướng; đề nghị phân công rõ người chịu trách nhiệm và thời hạn từng "
        "việc.",
        "Cần quan tâm hơn đến học sinh có nguy cơ bỏ học ở các buôn xa; giáo viên chủ nhiệm phối "
        "hợp chặt chẽ với gia đình.",
    ],
    Section.PARTY: [
        "Nhất trí với báo cáo; đề nghị chi ủy công khai kết quả thu đảng phí hằng quý.",
        "Đề nghị chi bộ tiếp tục bồi dưỡng quần chúng ưu tú là giáo viên trẻ và học sinh lớp 12.",
        "Tôi xin nhận nhiệm vụ giúp đỡ một quần chúng ưu tú trong tổ chuyên môn.",
    ],
}
GUEST_SAYS = (
    "Ghi nhận chi bộ sinh hoạt đúng quy định, nội dung thiết thực, đảng viên phát biểu sôi nổi. "
    "Đề nghị chi bộ chú trọng công tác phát triển đảng viên và tăng cường kiểm tra, giám sát "
    "việc thực hiện nhiệm vụ của đảng viên."
)
# Meeting-quality points (preparation, attendance, conduct, closing) on the default rubric
# (15/20/45/20): 93, 92, 84 and 80 — Tốt, Tốt, Khá, Khá.
DEFAULT_POINTS = (15, 20, 45, 20)
GOOD, GOOD_TOO, FAIR, FAIR_TOO = (
    (14, 19, 42, 18),
    (15, 18, 40, 19),
    (13, 16, 38, 17),
    (12, 15, 37, 16),
)
QUALITY = [GOOD, GOOD_TOO, FAIR, GOOD, GOOD_TOO, GOOD, FAIR, GOOD, GOOD_TOO, GOOD, FAIR, GOOD_TOO]


def _attendance_rate(month: int) -> str:
    """Học sinh chuyên cần: 96,8% to 98,2%, written the Vietnamese way."""
    return f"{96.8 + (month * 7 % 15) / 10:.1f}".replace(".", ",") + "%"


def _month_before(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


class DemoMinutes:
    def __init__(self, committee, cells: dict, members: dict, *, by, today: datetime.date):
        self.committee = committee
        self.cells = cells  # {code: Cell}
        self.today = today
        self.rules = rules_for(committee)
        User = get_user_model()
        # The cell secretary records and approves cell 1's minutes; the committee officer the
        # others'. The system user stands in if a login is missing.
        self.secretary = User.objects.filter(username="secretary1").first() or by
        self.officer = User.objects.filter(username="committee").first() or by
        self.member1 = members[people.LOGINS["member1"]].pk
        self.recorded = 0
        self.decisions = DemoDecisions(member1_id=self.member1, today=today)
        self.cell1 = cells["CB1"]

    def seed(self) -> int:
        """Record what is not yet recorded; return how many minutes this run opened."""
        cell = self.cells["CB1"]
        draft = self._draft_month()
        first = datetime.date(self.today.year, 1, 1)
        past = list(
            Meeting.objects.filter(
                cell=cell, kind=Kind.REGULAR, month__gte=first, month__lt=draft
            ).order_by("month")
        )[-RECORDED_MONTHS:]
        with_minutes = set(
            Minutes.objects.filter(meeting__in=past).values_list("meeting_id", flat=True)
        )
        roles = self._roles(cell, past)
        old = self._old_term(cell)
        # The follow-up, month by month as the cell lives it: June 2025's tasks are done on time;
        # member1 does hers before the next meeting but the latest approved meeting's; the other
        # member's part is still open at the next meeting, which reviews it — reported done there
        # for the older meetings, still open (overdue) from the last three.
        self.decisions.plan(
            on_time=[old] if old else [], member1_on_time=past[:-1], at_review=past[:-3]
        )
        for meeting in past:
            self.decisions.done_before(meeting)
            if meeting.pk not in with_minutes and meeting.status == Status.HELD:
                self._approved(meeting, roles.get(meeting.pk, set()), self.secretary)
            self.decisions.done_at(meeting)
        current = Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=draft).first()
        self.decisions.done_before(current)
        if current and current.status == Status.HELD and not hasattr(current, "minutes"):
            self._draft(current, self.secretary)
        # The other cells: last month's minutes approved.
        previous = _month_before(draft)
        others = Meeting.objects.filter(
            committee=self.committee,
            cell__in=[c for code, c in self.cells.items() if code != "CB1"],
            kind=Kind.REGULAR,
            month=previous,
            status=Status.HELD,
            minutes__isnull=True,
        )
        for meeting in others:
            self._approved(meeting, set(), self.officer)
        return self.recorded

    def _old_term(self, cell) -> Meeting | None:
        """June 2025 (the previous term, `demo.meetings.OLD_TERM_MONTH`): recorded and approved
        with its resolution — numbered in that term (resolutions restart at 01 each term)."""
        meeting = Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=OLD_TERM_MONTH).first()
        if (
            meeting is not None
            and meeting.status == Status.HELD
            and not hasattr(meeting, "minutes")
        ):
            self._approved(meeting, set(), self.secretary)
        return meeting

    def _draft_month(self) -> datetime.date:
        """This month if its meeting is behind us (held, entered as history), else last month."""
        this = self.today.replace(day=1)
        if scheduled_day(this.year, this.month, self.rules.meeting_day) < self.today:
            return this
        return _month_before(this)

    def _roles(self, cell, past: list[Meeting]) -> dict[int, set[str]]:
        """The extras of the last three meetings and a short one, each only once."""
        roles: dict[int, set[str]] = {}
        if len(past) >= 1 and not Guest.objects.filter(meeting__cell=cell).exists():
            roles.setdefault(past[-1].pk, set()).add("guest")
        amended = set(Amendment.objects.filter(meeting__cell=cell).values_list("target", flat=True))
        if len(past) >= 1 and not any(t.startswith("item:") for t in amended):
            roles.setdefault(past[-1].pk, set()).add("amend_text")
        if len(past) >= 2 and not any(t.startswith("attendance:") for t in amended):
            roles.setdefault(past[-2].pk, set()).add("amend_attendance")
        if len(past) >= 3:
            roles.setdefault(past[-3].pk, set()).add("unexcused")
        short = next((m for m in past[:-1] if not m.is_topic_session), None)
        if short is not None:
            roles.setdefault(short.pk, set()).add("short")
        return roles

    # --- recording ----------------------------------------------------------------------------

    def _sheet(self, meeting, by):
        minutes = recording_start(meeting=meeting, by=by)
        rows = list(Attendance.objects.filter(meeting=meeting).with_member())
        ids = [row.member_id for row in rows]
        chair = meeting.chair_id if meeting.chair_id in ids else ids[0]
        clerk = meeting.clerk_id
        if clerk not in ids or clerk == chair:
            clerk = next(i for i in ids if i not in (chair, self.member1))
        return minutes, rows, chair, clerk

    def _absences(self, meeting, rows, chair, clerk, roles, by) -> int | None:
        """Mark the month's excused members (and one unexcused); return the unexcused one."""
        month = meeting.month.month
        candidates = [
            row
            for row in rows
            if row.status == Attendance.Status.PRESENT
            and row.member_id not in (chair, clerk, self.member1)
        ]
        unexcused = bool(roles & {"unexcused", "amend_attendance"})
        wanted = min(EXCUSED[month - 1] + unexcused, len(candidates))
        start = month * 5 % len(candidates) if candidates else 0
        chosen = [candidates[(start + i) % len(candidates)] for i in range(wanted)]
        missing = None
        for index, row in enumerate(chosen):
            if unexcused and index == len(chosen) - 1:
                status, reason, missing = Attendance.Status.UNEXCUSED, "", row.member_id
            else:
                status, reason = Attendance.Status.EXCUSED, REASONS[(month + index) % len(REASONS)]
            attendance_set(
                meeting=meeting, member_id=row.member_id, status=status, reason=reason, by=by
            )
            row.status = status
        return missing

    def _approved(self, meeting, roles: set[str], by):
        """Record a past meeting in full, mark its minutes ready, approve them; then amend."""
        minutes, rows, chair, clerk = self._sheet(meeting, by)
        missing = self._absences(meeting, rows, chair, clerk, roles, by)
        guest = None
        if "guest" in roles:
            guest = guest_add(meeting=meeting, name=GUEST[0], title=GUEST[1], by=by)
        names = {row.member_id: row.member.full_name for row in rows}
        speakers = [
            row.member_id
            for row in rows
            if row.status == Attendance.Status.PRESENT and row.member_id != chair
        ]
        items, tasks, rate = self._items(meeting, names[chair], names[clerk], speakers, guest)
        minutes_save(
            meeting=meeting,
            version=minutes.version,
            by=by,
            opened_at=meeting.start_time,
            closed_at=self._closing(meeting, roles),
            chair_id=chair,
            clerk_id=clerk,
            items=items,
            quality=self._quality(meeting, roles),
            reviews=self.decisions.outcomes(meeting),
        )
        if meeting.cell_id == self.cell1.pk:
            self.decisions.decide(
                meeting,
                chair=chair,
                clerk=clerk,
                by=by,
                extras="amend_attendance" in roles,
                tasks_item=tasks,
            )
        minutes_mark_ready(meeting=meeting, by=by)
        minutes_approve(meeting=meeting, by=by)
        self.recorded += 1
        if "amend_attendance" in roles and missing is not None:
            amend_attendance(
                meeting=meeting,
                member_id=missing,
                status=Attendance.Status.EXCUSED,
                reason="Việc gia đình",
                why=f"Đồng chí {names[missing]} có báo vắng trước với Bí thư chi bộ, ghi nhầm là "
                "vắng không lý do.",
                by=by,
            )
        if "amend_text" in roles and tasks is not None:
            wrong = f"chuyên cần đạt {rate}"
            right = f"chuyên cần đạt {_attendance_rate(meeting.month.month + 1)}"
            summary = tasks.summary
            if wrong in summary:
                amend_text(
                    meeting=meeting,
                    target=f"item:{tasks.pk}:summary",
                    new_value=summary.replace(wrong, right),
                    why="Ghi nhầm tỷ lệ học sinh đi học chuyên cần; đã đối chiếu lại báo cáo "
                    "tháng của nhà trường.",
                    by=by,
                )

    def _draft(self, meeting, by):
        """The draft month: attendance taken, the clerk has started the minutes — not ready."""
        minutes, rows, chair, clerk = self._sheet(meeting, by)
        self._absences(meeting, rows, chair, clerk, set(), by)
        names = {row.member_id: row.member.full_name for row in rows}
        speakers = [
            row.member_id
            for row in rows
            if row.status == Attendance.Status.PRESENT and row.member_id != chair
        ]
        items, tasks, _rate = self._items(meeting, names[chair], names[clerk], speakers, None)
        # Half typed: the political item in full, the tasks item's summary only, nothing after.
        draft = {}
        for pk, text in items.items():
            if tasks is not None and pk == tasks.pk:
                draft[pk] = ItemText(summary=text.summary)
                break
            draft[pk] = text
        minutes_save(
            meeting=meeting,
            version=minutes.version,
            by=by,
            opened_at=meeting.start_time,
            chair_id=chair,
            clerk_id=clerk,
            items=draft,
        )
        self.decisions.decide(meeting, chair=chair, clerk=clerk, by=by, tasks_item=tasks)
        self.recorded += 1

    # --- what the minutes say -----------------------------------------------------------------

    def _items(self, meeting, chair_name, clerk_name, speakers, guest):
        """{item pk: ItemText} for the meeting's agenda, the tasks item and its attendance rate."""
        month = meeting.month.month
        this = f"{meeting.month:%m/%Y}"
        last = f"{_month_before(meeting.month):%m/%Y}"
        rate = _attendance_rate(month)
        plan = WORK[month][0]
        done = WORK[(month - 2) % 12 + 1][1]
        texts = {
            Section.POLITICAL: (
                f"Đồng chí {chair_name}, Bí thư chi bộ, thông tin tình hình thời sự trong nước và "
                f"quốc tế tháng {this}; {NEWS[month]}.",
                "Chi bộ thống nhất nội dung thông tin; đảng viên chủ động nắm bắt tình hình, định "
                "hướng tư tưởng cho học sinh và quần chúng.",
            ),
            Section.TASKS: (
                f"Đồng chí {chair_name} báo cáo kết quả thực hiện nhiệm vụ tháng {last}: {done}. "
                f"Tỷ lệ học sinh đi học chuyên cần đạt {rate}. Phương hướng, nhiệm vụ tháng "
                f"{this}: {plan}.",
                f"Chi bộ thống nhất đánh giá kết quả tháng {last} và phương hướng, nhiệm vụ tháng "
                f"{this}; giao đồng chí {clerk_name} theo dõi, đôn đốc, báo cáo tại kỳ sinh hoạt "
                "tháng sau.",
            ),
            Section.PARTY: (
                f"Đồng chí {clerk_name} báo cáo công tác xây dựng Đảng: thu đảng phí tháng {this}, "
                f"các đồng chí đảng viên nộp đầy đủ, đúng hạn; {PARTY[month]}.",
                f"Chi bộ thống nhất nội dung; giao chi ủy hoàn thành các việc trên trong tháng "
                f"{this}.",
            ),
        }
        if meeting.is_topic_session:
            presenters = ", ".join(p.full_name for p in meeting.presenters.order_by("name_sort"))
            summary, conclusion = texts[Section.POLITICAL]
            summary += f" Chi bộ sinh hoạt chuyên đề “{meeting.topic}”"
            summary += f"; đồng chí {presenters} trình bày đề dẫn." if presenters else "."
            texts[Section.POLITICAL] = (summary, conclusion)
        counts = {Section.POLITICAL: 1 + month % 2, Section.TASKS: 2 + month % 2, Section.PARTY: 1}
        items, tasks = {}, None
        agenda = meeting.agenda_items.order_by("position", "pk")
        for number, item in enumerate(agenda):
            if item.section not in texts:
                continue
            summary, conclusion = texts.pop(item.section)
            pool = SAYS[item.section]
            said = []
            for c in range(min(counts[item.section], len(speakers))):
                speaker = speakers[(month * 3 + number * 2 + c) % len(speakers)]
                said.append(ContributionText(f"m{speaker}", pool[(month + c) % len(pool)]))
            if guest is not None and item.section == Section.PARTY:
                said.append(ContributionText(f"g{guest.pk}", GUEST_SAYS))
            items[item.pk] = ItemText(summary, conclusion, said)
            if item.section == Section.TASKS:
                tasks = item
                tasks.summary = summary
        return items, tasks, rate

    def _closing(self, meeting, roles) -> datetime.time:
        """100–110 minutes; a topic session 130; the short one 80 (its length warning shows)."""
        if "short" in roles:
            length = 80
        elif meeting.is_topic_session:
            length = 130
        else:
            length = 100 + 5 * (meeting.month.month % 3)
        start = datetime.datetime.combine(meeting.date, meeting.start_time)
        end = start + datetime.timedelta(minutes=length)
        return end.time() if end.date() == meeting.date else datetime.time(23, 59)

    def _quality(self, meeting, roles) -> dict[str, int]:
        points = FAIR_TOO if roles & {"short", "unexcused"} else QUALITY[meeting.month.month - 1]
        return {
            name: value * getattr(self.rules, setting) // default
            for (name, setting), value, default in zip(
                QUALITY_FIELDS, points, DEFAULT_POINTS, strict=True
            )
        }


def seed_minutes(committee, cells, members, *, by, today) -> int:
    return DemoMinutes(committee, cells, members, by=by, today=today).seed()
