"""What the demo meetings decided (DOMAIN §4.4–6): votes, numbered resolutions, tasks.

- Every recorded meeting of cell 1 votes its monthly resolution by show of hands (passed) and
  adopts it ("Số 01-NQ/CB", "Số 02-NQ/CB", … in the 2025–2030 term), with two tasks from it: one
  for `member1`, one for another member.
- The meeting with the attendance amendment also holds a secret ballot (electing the cell's
  delegates to the committee's congress: passed) and a show-of-hands proposal that is not passed.
- June 2025, the last month of the 2020–2025 term, has one recorded meeting of cell 1 with its
  resolution "Số 01-NQ/CB" of that term: numbering restarts with each term.
- The follow-up happens in the order a cell lives it (`plan`, `done_before`, `outcomes`,
  `done_at`, called month by month by `demo.minutes`): June 2025's tasks are done on time;
  `member1` does her part of each month's tasks before the next meeting, but the latest approved
  meeting's; the other member's part is still open at the next meeting, whose review of last
  month's tasks records an outcome for it — reported done there (and marked done after it) for
  the older months, "not done yet" for the last three, which stay open past their deadline
  (overdue). Every approved meeting's review thus lists a task or two, each with its outcome; the
  draft month's tasks are open and not yet due, and next month's agenda lists the open ones.

Everything goes through the write services; each step is skipped when already done, so a second
run writes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from meetings.decisions import followup, resolutions, tasks, votes
from meetings.models import Attendance, Motion, TaskAssignment

# Two tasks a month (what, days to the deadline, what was reported when done), in turn.
TASKS = [
    (
        ("Phụ đạo học sinh yếu môn Toán khối 10, 2 buổi/tuần", 20),
        "Đã tổ chức 8 buổi phụ đạo; 90% học sinh tham gia đầy đủ, điểm kiểm tra giữa kỳ của "
        "nhóm học sinh yếu tăng rõ.",
    ),
    (
        ("Hoàn thành hồ sơ kiểm tra nội bộ của tổ chuyên môn", 25),
        "Đã hoàn thành và nộp hồ sơ kiểm tra nội bộ cho Ban giám hiệu đúng hạn.",
    ),
    (
        ("Xây dựng chuyên đề dạy học STEM môn Tin học lớp 11", 20),
        "Đã dạy thử chuyên đề tại lớp 11A2, tổ góp ý và thống nhất áp dụng.",
    ),
    (
        ("Rà soát danh sách học sinh có nguy cơ bỏ học, phối hợp với giáo viên chủ nhiệm", 25),
        "Đã rà soát, lập danh sách 6 học sinh; gặp gỡ phụ huynh và có kế hoạch hỗ trợ.",
    ),
    (
        ("Bồi dưỡng đội tuyển học sinh giỏi Toán cấp tỉnh", 20),
        "Đã bồi dưỡng 12 buổi theo kế hoạch; đội tuyển tham gia thi thử đạt kết quả tốt.",
    ),
    (
        ("Chuẩn bị tiết thao giảng chào mừng ngày Nhà giáo Việt Nam 20/11", 25),
        "Đã thực hiện tiết thao giảng, được tổ đánh giá xếp loại giỏi.",
    ),
]
RESULTS = {task[0]: result for task, result in TASKS}
# What a part done is reported as, when its task has no result of its own above.
DONE = "Đã thực hiện xong theo yêu cầu."
DAY = datetime.timedelta(days=1)


def _month_words(day: datetime.date) -> str:
    return f"tháng {day.month} năm {day.year}"


class DemoDecisions:
    def __init__(self, *, member1_id: int, today: datetime.date):
        self.member1_id = member1_id
        self.today = today
        User = get_user_model()
        # Whoever marks a part done for a member without a login: the committee officer.
        self.officer = User.objects.filter(username="committee").first()
        self.plan(on_time=[], member1_on_time=[], at_review=[])

    def decide(self, meeting, *, chair: int, clerk: int, by, extras: bool = False, tasks_item=None):
        """A passed resolution with two tasks; with `extras`, a secret ballot and a failed vote."""
        if Motion.objects.filter(meeting=meeting).exists():
            return
        present = list(
            Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
            .order_by("member__name_sort")
            .values_list("member_id", flat=True)
        )
        eligible = sum(
            1
            for voter in votes.vote_voters(meeting)
            if voter.present and voter.status in ("official", "exempted")
        )
        month = _month_words(meeting.month)
        text = (
            f"Thông qua Nghị quyết của Chi bộ về phương hướng, nhiệm vụ {month}: duy trì nền nếp "
            "dạy và học, nâng cao chất lượng sinh hoạt tổ chuyên môn, thực hiện tốt các phong "
            "trào thi đua."
        )
        motion = votes.vote_record(
            meeting=meeting,
            kind="ordinary",
            method="hands",
            text=text,
            yes=eligible,
            no=0,
            agenda_item=tasks_item,
            by=by,
        )
        resolution = resolutions.resolution_adopt(
            motion=motion,
            title=f"về phương hướng, nhiệm vụ {month}",
            content=(
                f"Căn cứ kết quả thực hiện nhiệm vụ tháng trước và phương hướng, nhiệm vụ {month}, "
                "Chi bộ quyết nghị:\n"
                "1. Duy trì nền nếp dạy và học; thực hiện đúng chương trình, kế hoạch giáo dục.\n"
                "2. Nâng cao chất lượng sinh hoạt tổ chuyên môn theo nghiên cứu bài học.\n"
                "3. Mỗi đảng viên đăng ký và thực hiện ít nhất một việc làm cụ thể trong tháng.\n"
                "Chi ủy có trách nhiệm triển khai, kiểm tra việc thực hiện nghị quyết này."
            ),
            by=by,
        )
        others = [m for m in present if m not in (self.member1_id, chair)] or [clerk]
        other = others[meeting.month.month % len(others)]
        start = 2 * (meeting.month.month % 3)
        pair = [task for task, _result in TASKS[start : start + 2]]
        for (title, days), member_id in zip(pair, (self.member1_id, other), strict=True):
            tasks.task_assign(
                meeting=meeting,
                title=title,
                deadline=meeting.date + datetime.timedelta(days=days),
                members=[member_id],
                resolution=resolution,
                by=by,
            )
        if extras:
            ballots = eligible
            votes.vote_record(
                meeting=meeting,
                kind="election",
                method="secret",
                text="Bầu 03 đại biểu của Chi bộ dự Đại hội Đảng bộ Trường nhiệm kỳ 2025–2030: "
                "các đồng chí được giới thiệu.",
                yes=ballots - 1,
                no=1,
                issued=ballots,
                valid=ballots,
                invalid=0,
                subject_name="Đoàn đại biểu của Chi bộ (03 đồng chí)",
                by=by,
            )
            votes.vote_record(
                meeting=meeting,
                kind="ordinary",
                method="hands",
                text="Đề xuất chuyển giờ sinh hoạt chi bộ sang sáng thứ Bảy.",
                yes=2,
                no=eligible - 3,
                abstain=1,
                by=by,
            )

    # --- the follow-up, in the order a cell lives it (DOMAIN §4.6) ------------------------------

    def plan(self, *, on_time: list, member1_on_time: list, at_review: list):
        """Who does what, and when. Every part of the `on_time` meetings' tasks, and member1's
        part of the `member1_on_time` meetings', is done before its deadline, before the next
        meeting (so it reviews none of them); the other parts of the `at_review` meetings are
        still open at the next meeting, reported done there and marked done after it; the rest
        stays open, reported "not done yet" at each meeting that reviews it."""
        self.on_time = {m.pk for m in on_time}
        self.member1_on_time = {m.pk for m in member1_on_time}
        self.at_review = {m.pk for m in at_review}

    def _on_time(self, assignment) -> bool:
        meeting_id = assignment.task.meeting_id
        return meeting_id in self.on_time or (
            meeting_id in self.member1_on_time and assignment.member_id == self.member1_id
        )

    def _reported_done(self, assignment) -> bool:
        """Reported done at the meeting that reviews it (then marked done after that meeting)."""
        return self._on_time(assignment) or assignment.task.meeting_id in self.at_review

    def done_before(self, meeting):
        """Mark done the parts finished on time before `meeting` (None: before today), each a few
        days before its deadline and before that meeting — so that its review does not list them."""
        limit = min(meeting.date - DAY, self.today) if meeting else self.today
        open_parts = TaskAssignment.objects.filter(
            status=TaskAssignment.Status.OPEN,
            task__meeting__date__lte=limit,
        ).filter(
            Q(task__meeting_id__in=self.on_time)
            | Q(task__meeting_id__in=self.member1_on_time, member_id=self.member1_id)
        )
        for assignment in open_parts.select_related("task", "task__meeting", "member"):
            task = assignment.task
            done_on = min(task.deadline - datetime.timedelta(days=3), limit)
            self._done(assignment, max(done_on, task.meeting.date))

    def outcomes(self, meeting) -> dict[int, str]:
        """The outcome the minutes record for each task its review lists ({TaskReview pk: text},
        `meetings.decisions.followup`): what was reported at the meeting."""
        return review_outcomes(meeting, reported_done=self._reported_done)

    def done_at(self, meeting):
        """After `meeting`: mark done the parts its review reported done, on the meeting's day."""
        if not followup.is_frozen(meeting):
            return  # not recorded: its review reported nothing
        for item in followup.review_items(meeting, frozen=True):
            assignment = item.assignment
            if assignment.status == TaskAssignment.Status.OPEN and self._reported_done(assignment):
                self._done(assignment, meeting.date)

    def _done(self, assignment, done_on: datetime.date):
        """Her part marked done — by herself when she has a login, else by the committee
        officer."""
        User = get_user_model()
        user = User.objects.filter(member=assignment.member).first() or self.officer
        if user is None:
            return
        tasks.assignment_done(
            assignment=assignment,
            by=user,
            result=RESULTS.get(assignment.task.title, DONE),
            done_on=done_on,
        )


def review_outcomes(
    meeting, *, reported_done=lambda assignment: False, results=None
) -> dict[int, str]:
    """What the minutes say of each task the meeting reviews ({TaskReview pk: text}): done as
    reported (`reported_done(assignment)`, with its result from `results` by title), else not
    done yet — overdue or not yet due on the meeting's day."""
    results = results or RESULTS
    outcomes = {}
    for item in followup.review_items(meeting):
        if item.pk is None:
            continue
        task, name = item.task, item.member.full_name
        deadline = f"{task.deadline:%d/%m/%Y}"
        if reported_done(item.assignment):
            result = results.get(task.title, DONE)
            late = f" (chậm so với thời hạn {deadline})" if task.deadline < meeting.date else ""
            text = f"Đồng chí {name} báo cáo đã hoàn thành{late}: {result}"
        elif task.deadline < meeting.date:
            text = (
                f"Chưa hoàn thành, đã quá hạn (thời hạn {deadline}). Đồng chí {name} nêu nguyên "
                "nhân, tiếp tục thực hiện và báo cáo kết quả tại kỳ sinh hoạt sau."
            )
        else:
            text = (
                f"Đang thực hiện, chưa đến hạn ({deadline}). Đồng chí {name} báo cáo kết quả tại "
                "kỳ sinh hoạt sau."
            )
        outcomes[item.pk] = text
    return outcomes
