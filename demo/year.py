"""The demo's year as the dashboards show it (issue 10): well run, with a few deliberate problems.

The year at a glance (tổng quan một năm sinh hoạt) of a mostly well-run committee:

- Every past regular meeting of this year that `demo.minutes` does not record (cell 1's last
  months and its draft month stay its own) gets an attendance sheet — a few members excused each
  month — and short minutes (opening and closing times, a summary and the chair's conclusion
  per item, a contribution on the tasks item — on every item in cell 1 —, the meeting-quality
  score: graded Tốt, Khá, now and then Trung bình), marked ready and approved one to three days
  after the meeting.
- Most members opened each past cell meeting's documents a day or three before it.
- Each recorded month of CB2–CB4 gives one member a task (`CELL_TASKS`): done once its deadline
  has passed (before the next meeting, which then does not review it), but a few of CB2's and
  CB4's parts left open past their deadline: reviewed "not done yet" at the next meeting and
  reported done, late, at the one after — but the latest, still open (overdue). The minutes of
  each meeting record an outcome for every task its review of last month's tasks lists
  (`demo.decisions.review_outcomes`).
- The deliberate problems, each only when the calendar allows it (otherwise skipped quietly):
  - CB4 missed a month (`MISSED`): at least two months before the draft month, its planned
    meeting stays planned (draft) and is never held — the matrix shows the month missed;
  - CB2 held one month late (`LATE`): three days after the scheduled day, with the reason;
  - CB3 held no topic session in the last quarter that is over (`NO_TOPIC`);
  - CB3's minutes of one month were approved 12 days after the meeting (`APPROVED_LATE`);
  - the executive committee's last meeting more than `minutes_approval_days` old (and any after
    it) has its minutes ready but not approved;
  - a member of CB2 (`ABSENTEE`) was absent without a reason three times this year.
  The probation ending soon and the missing residence comments come from `demo.people` and
  `demo.reviews`.

`plan` runs before `demo.meetings` enters the history (it creates the three odd meetings first,
so the history step skips them), `record` after it and before `demo.minutes`, `finish` after
`demo.minutes`: it backdates the approvals made this run (the services stamp "now") and the read
receipts. Every write goes through the services but a few queryset updates, demo data only: the
missed meeting kept a draft and the late one's reschedule reason (the services enter any past
meeting as held, and refuse to change a held one), the backdated dates, and the read receipts
inserted at once (what `meetings.planning.documents.receipt_record` does, one by one). Whatever
exists is skipped, so a second run writes nothing.

One module, over 500 lines: its three steps share the year's calendar (the months each problem
falls in) and its constants.
"""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from cells.rules import rules_for
from demo import people
from demo.decisions import DONE, review_outcomes
from demo.meetings import TOPIC_MONTH, DemoMeetings
from demo.minutes import (
    DEFAULT_POINTS,
    EXCUSED,
    FAIR,
    FAIR_TOO,
    GOOD,
    GOOD_TOO,
    NEWS,
    PARTY,
    QUALITY,
    REASONS,
    RECORDED_MONTHS,
    SAYS,
    WORK,
)
from demo.supervision import adopt_at
from meetings.decisions import followup, tasks
from meetings.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Kind,
    Meeting,
    Minutes,
    ReadReceipt,
    Status,
    TaskReview,
)
from meetings.planning.schedule import on_time_until, scheduled_day
from meetings.record.attendance import attendance_set, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    ContributionText,
    ItemText,
    approval_due_on,
    minimum_length,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
    overdue_if_held_before,
)

Section = AgendaItem.Section

MISSED = "CB4"  # the cell that missed a month
LATE = "CB2"  # the cell that held a month late
NO_TOPIC = "CB3"  # the cell without a topic session in the last quarter over
APPROVED_LATE = "CB3"  # the cell whose minutes of one month were approved late
ABSENTEE = ("CB2", "Đỗ Thị Thu Trang")  # three unexcused absences this year
LATE_DAYS = 3
APPROVED_LATE_DAYS = 12
RESCHEDULE_REASON = (
    "Lùi lịch 3 ngày do trùng lịch kiểm tra chuyên môn của Sở Giáo dục và Đào tạo tại trường."
)
# Trung bình on the default rubric (15/20/45/20): 66.
AVERAGE = (10, 14, 30, 12)
# Meeting-quality points by month (1–12), per row; cell 1 keeps the grades of `demo.minutes`.
GRADES = {
    "CB1": QUALITY,
    "CB2": [GOOD, FAIR, GOOD_TOO, FAIR_TOO, GOOD, FAIR, GOOD_TOO, AVERAGE, GOOD, FAIR, GOOD, FAIR],
    "CB3": [FAIR, GOOD, FAIR_TOO, GOOD_TOO, AVERAGE, GOOD, FAIR, GOOD, FAIR_TOO, GOOD, FAIR, GOOD],
    "CB4": [FAIR, AVERAGE, FAIR, GOOD, FAIR_TOO, AVERAGE, GOOD, FAIR, FAIR, AVERAGE, FAIR, GOOD],
    None: [GOOD, GOOD_TOO, GOOD, FAIR, GOOD, GOOD_TOO, GOOD, GOOD, FAIR, GOOD, GOOD_TOO, GOOD],
}
# Of every `n` members on the sheet, one did not open the documents before the meeting.
UNREAD_EVERY = {"CB1": 8, "CB2": 5, "CB3": 6, "CB4": 3}
# The monthly task of the other cells (cell 1's come from `demo.decisions`): what, in how many
# days, and the result once done. A part whose deadline is past is done, but one month in four of
# CB4 and one in six of CB2, left open (overdue); the parts still within their deadline are open.
CELL_TASKS = [
    ("Hoàn thành hồ sơ chuyên môn của tổ theo kế hoạch", 20, "Đã nộp hồ sơ chuyên môn đúng hạn."),
    ("Dự giờ, góp ý hai tiết dạy của giáo viên trẻ", 25, "Đã dự giờ và góp ý 02 tiết dạy."),
    ("Phụ đạo học sinh yếu kém các lớp chủ nhiệm", 30, "Đã tổ chức 04 buổi phụ đạo."),
    ("Rà soát, cập nhật kế hoạch bài dạy theo chương trình mới", 20, "Đã cập nhật kế hoạch."),
]
LEFT_OPEN_EVERY = {"CB2": 6, "CB4": 4}
CELL_RESULTS = {title: result for title, _days, result in CELL_TASKS}


def draft_month(today: datetime.date, meeting_day: int) -> datetime.date:
    """Cell 1's draft month (`demo.minutes`): this month if its meeting is behind us, else the
    one before (last year's December in early January)."""
    this = today.replace(day=1)
    if scheduled_day(this.year, this.month, meeting_day) < today:
        return this
    return (this - datetime.timedelta(days=1)).replace(day=1)


def missed_month(today: datetime.date, meeting_day: int) -> int | None:
    """CB4's missed month: the latest at least two months before the draft month that is not its
    topic month (missing it would also miss the quarter's session)."""
    draft = draft_month(today, meeting_day)
    if draft.year != today.year:
        return None
    months = [m for m in range(1, draft.month - 1) if (m - 1) % 3 != TOPIC_MONTH[MISSED]]
    return max(months, default=None)


def late_day(year: int, month: int, meeting_day: int) -> datetime.date:
    return scheduled_day(year, month, meeting_day) + datetime.timedelta(days=LATE_DAYS)


def late_month(today: datetime.date, meeting_day: int) -> int | None:
    """CB2's late month: the latest before the draft month, held (late) before today and not its
    topic month (that meeting carries the quarter's session, entered by `demo.meetings`)."""
    draft = draft_month(today, meeting_day)
    if draft.year != today.year:
        return None
    months = [
        m
        for m in range(1, draft.month)
        if (m - 1) % 3 != TOPIC_MONTH[LATE]
        and late_day(today.year, m, meeting_day).month == m
        and late_day(today.year, m, meeting_day) < today
    ]
    return max(months, default=None)


def no_topic_quarter(today: datetime.date) -> int | None:
    """The last quarter that is over (none in the first quarter): CB3 held no session in it."""
    return (today.month - 1) // 3 or None


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """In the committee's zone, like `meetings.planning.preparation.starts_at`."""
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


class DemoYear:
    def __init__(self, committee, cells: dict, members: dict, *, by, today: datetime.date):
        self.committee = committee
        self.cells = cells  # {code: Cell}
        self.codes = {cell.pk: code for code, cell in cells.items()}
        self.members = members  # {full name: Member}
        self.by = by
        self.today = today
        self.year = today.year
        self.rules = rules_for(committee)
        self.started = timezone.now()
        User = get_user_model()
        self.secretary = User.objects.filter(username="secretary1").first() or by
        self.officer = User.objects.filter(username="committee").first() or by
        self.member1 = members[people.LOGINS["member1"]].pk
        self.absentee = members[ABSENTEE[1]].pk
        self.recorded = 0
        self.not_approved: set[int] = set()  # meetings whose minutes were left ready
        self.kept_open: set[int] = set()  # meetings whose left-open part stays open (overdue)

    def _scheduled(self, month: int) -> datetime.date:
        return scheduled_day(self.year, month, self.rules.meeting_day)

    # --- before the history: the odd meetings ---------------------------------------------------

    def plan(self) -> int:
        """Create CB4's missed, CB2's late and CB3's topic-less meetings before `demo.meetings`
        enters the others; return how many were created."""
        self.meetings = DemoMeetings(
            self.committee, self.cells, self.members, by=self.by, today=self.today
        )
        created = 0
        day = self.rules.meeting_day
        month = missed_month(self.today, day)
        if month and self._absent(MISSED, month):
            meeting = self._create(MISSED, month, self._scheduled(month))
            # Planned and never held: it stays a draft, as the schedule made it (demo data: the
            # service enters any past meeting as held).
            Meeting.objects.filter(pk=meeting.pk).update(
                status=Status.DRAFT, recorded_afterwards=False
            )
            created += 1
        month = late_month(self.today, day)
        if month and self._absent(LATE, month):
            meeting = self._create(LATE, month, late_day(self.year, month, day))
            # The reason of the new date (the update service refuses a meeting already held).
            Meeting.objects.filter(pk=meeting.pk).update(reschedule_reason=RESCHEDULE_REASON)
            created += 1
        quarter = no_topic_quarter(self.today)
        if quarter:
            month = 3 * (quarter - 1) + TOPIC_MONTH[NO_TOPIC] + 1
            if self._absent(NO_TOPIC, month):
                self._create(NO_TOPIC, month, self._scheduled(month))
                created += 1
        return created

    def _absent(self, code: str, month: int) -> bool:
        return not Meeting.objects.filter(
            cell=self.cells[code], kind=Kind.REGULAR, month=datetime.date(self.year, month, 1)
        ).exists()

    def _create(self, code: str, month: int, day: datetime.date) -> Meeting:
        return self.meetings.regular_meeting(code, self.cells[code], day)

    # --- after the history: the minutes of the year ---------------------------------------------

    def record(self) -> int:
        """Record and approve every past regular meeting of the year left to this module; return
        how many minutes were opened."""
        draft = draft_month(self.today, self.rules.meeting_day)
        held = list(
            Meeting.objects.filter(
                committee=self.committee,
                kind=Kind.REGULAR,
                month__year=self.year,
                status=Status.HELD,
                date__lt=self.today,
                minutes__isnull=True,
            )
            .select_related("cell")
            .order_by("month", "cell__code")
        )
        # Cell 1's last months before the draft month, and the draft month, are `demo.minutes`'.
        cell1 = self.cells["CB1"]
        theirs = list(
            Meeting.objects.filter(
                cell=cell1,
                kind=Kind.REGULAR,
                month__gte=datetime.date(self.year, 1, 1),
                month__lt=draft,
            )
            .order_by("month")
            .values_list("pk", flat=True)
        )[-RECORDED_MONTHS:]
        todo = [
            m for m in held if not (m.cell_id == cell1.pk and (m.pk in theirs or m.month >= draft))
        ]
        # The absentee misses her cell's last meetings, three in the year at most (a later run
        # adds none once she has them); one member of CB4 misses one meeting.
        this_year = Attendance.objects.filter(
            meeting__month__year=self.year, status=Attendance.Status.UNEXCUSED
        )
        owed = 3 - this_year.filter(member_id=self.absentee).count()
        cb2 = [m.pk for m in todo if m.cell_id == self.cells[ABSENTEE[0]].pk]
        absent = set(cb2[len(cb2) - owed :] if owed > 0 else [])
        unexcused_once = None
        if not this_year.filter(meeting__cell=self.cells[MISSED]).exists():
            unexcused_once = next((m.pk for m in todo if m.cell_id == self.cells[MISSED].pk), None)
        # The executive's minutes: approved, but the last meeting older than the approval delay
        # and any after it (the alert "minutes not approved" shows it).
        limit = overdue_if_held_before(self.today, self.rules)
        executive = [m for m in todo if m.body == Body.EXECUTIVE]
        overdue = [m for m in executive if m.date < limit]
        if overdue:
            self.not_approved = {m.pk for m in executive if m.date >= overdue[-1].date}
        self.kept_open = self._kept_open()
        for meeting in todo:
            self._record(
                meeting,
                absentee=meeting.pk in absent,
                unexcused=meeting.pk == unexcused_once,
                approve=meeting.pk not in self.not_approved,
            )
        return self.recorded

    def _record(self, meeting, *, absentee: bool, unexcused: bool, approve: bool):
        code = self.codes.get(meeting.cell_id)
        by = self.secretary if code == "CB1" else self.officer
        minutes = recording_start(meeting=meeting, by=by)
        rows = list(Attendance.objects.filter(meeting=meeting).select_related("member"))
        rows.sort(key=lambda row: (row.member.name_sort, row.member_id))
        ids = [row.member_id for row in rows]
        chair = meeting.chair_id if meeting.chair_id in ids else ids[0]
        clerk = meeting.clerk_id
        if clerk not in ids or clerk == chair:
            clerk = next(i for i in ids if i not in (chair, self.member1))
        month = meeting.month.month
        absent = self._absences(
            meeting, rows, (chair, clerk), by, absentee=absentee, unexcused=unexcused
        )
        names = {row.member_id: row.member.full_name for row in rows}
        speakers = [i for i in ids if i not in absent and i != chair]
        reported = self._reported_done(meeting)
        minutes_save(
            meeting=meeting,
            version=minutes.version,
            by=by,
            opened_at=meeting.start_time,
            closed_at=self._closing(meeting),
            chair_id=chair,
            clerk_id=clerk,
            items=self._items(meeting, names[chair], names[clerk], speakers),
            quality=self._quality(GRADES[code][month - 1]),
            # The review of last month's tasks: the parts left open, each with its outcome.
            reviews=review_outcomes(
                meeting, reported_done=lambda a: a.pk in reported, results=CELL_RESULTS
            ),
        )
        # Reported done at the meeting: marked done after it, on its day (late).
        for assignment in reported.values():
            tasks.assignment_done(
                assignment=assignment,
                by=by,
                result=CELL_RESULTS.get(assignment.task.title, DONE),
                done_on=meeting.date,
            )
        if code in LEFT_OPEN_EVERY or code == "CB3":
            self._task(meeting, code, speakers, by)
        adopt_at(meeting, by=by, today=self.today)  # the year's supervision programme
        minutes_mark_ready(meeting=meeting, by=by)
        if approve:
            minutes_approve(meeting=meeting, by=by)
        self.recorded += 1

    def _kept_open(self) -> set[int]:
        """The meetings whose part CB2 and CB4 each leave open past its deadline: of the parts
        left open (`LEFT_OPEN_EVERY`) whose deadline has passed, the latest. The earlier ones are
        reported done, late, at the second meeting that reviews them (`_reported_done`)."""
        kept = set()
        for code, every in LEFT_OPEN_EVERY.items():
            meetings = (
                Meeting.objects.filter(
                    cell=self.cells[code],
                    kind=Kind.REGULAR,
                    month__year=self.year,
                    date__lt=self.today,
                )
                .exclude(status=Status.DRAFT)
                .order_by("date")
            )
            left = [
                m
                for m in meetings
                if m.month.month % every == 0
                and m.date + datetime.timedelta(days=CELL_TASKS[m.month.month % len(CELL_TASKS)][1])
                < self.today
            ]
            if left:
                kept.add(left[-1].pk)
        return kept

    def _reported_done(self, meeting) -> dict:
        """{pk: assignment} of the parts this meeting's review reports done: those it reviews for
        the second time, but the part each cell keeps open (`_kept_open`)."""
        items = followup.review_items(meeting, frozen=True)
        earlier = Counter(
            TaskReview.objects.filter(assignment_id__in=[i.assignment.pk for i in items])
            .exclude(meeting_id=meeting.pk)
            .values_list("assignment_id", flat=True)
        )
        return {
            item.assignment.pk: item.assignment
            for item in items
            if earlier[item.assignment.pk] == 1 and item.task.meeting_id not in self.kept_open
        }

    def _task(self, meeting, code: str, present: list[int], by):
        """The month's task for one member present (CB2–CB4), done once its deadline has passed
        (three days before it), unless it is one of the parts left open."""
        month = meeting.month.month
        title, days, result = CELL_TASKS[month % len(CELL_TASKS)]
        deadline = meeting.date + datetime.timedelta(days=days)
        task = tasks.task_assign(
            meeting=meeting,
            title=title,
            deadline=deadline,
            members=[present[month % len(present)]],
            by=by,
        )
        every = LEFT_OPEN_EVERY.get(code)
        if deadline < self.today and not (every and month % every == 0):
            # Done before the next meeting, which then does not review it.
            done_on = deadline - datetime.timedelta(days=3)
            following = (
                Meeting.objects.filter(
                    cell_id=meeting.cell_id, kind=Kind.REGULAR, date__gt=meeting.date
                )
                .exclude(status=Status.DRAFT)
                .order_by("date")
                .values_list("date", flat=True)
                .first()
            )
            if following is not None:
                done_on = min(done_on, following - datetime.timedelta(days=1))
            tasks.assignment_done(
                assignment=task.assignments.get(),
                by=by,
                result=result,
                done_on=max(done_on, meeting.date),
            )

    def _absences(self, meeting, rows, officers, by, *, absentee, unexcused) -> set[int]:
        """A few excused each month (and the deliberate unexcused ones); return the absent."""
        month = meeting.month.month
        absent = {row.member_id for row in rows if row.status != Attendance.Status.PRESENT}
        keep = {*officers, self.member1, self.absentee}
        candidates = [
            row
            for row in rows
            if row.status == Attendance.Status.PRESENT and row.member_id not in keep
        ]
        if not candidates:
            return absent
        start = (month * 5 + meeting.pk) % len(candidates)
        excused = max(EXCUSED[month - 1], meeting.body == Body.CELL)
        wanted = min(excused + unexcused, len(candidates))
        chosen = [candidates[(start + i) % len(candidates)] for i in range(wanted)]
        marks = [
            (row.member_id, Attendance.Status.EXCUSED, REASONS[(month + i) % len(REASONS)])
            for i, row in enumerate(chosen)
        ]
        if unexcused and len(chosen) > 1:
            member_id, _status, _reason = marks[-1]
            marks[-1] = (member_id, Attendance.Status.UNEXCUSED, "")
        if absentee and self.absentee in {row.member_id for row in rows}:
            marks.append((self.absentee, Attendance.Status.UNEXCUSED, ""))
        for member_id, status, reason in marks:
            attendance_set(
                meeting=meeting, member_id=member_id, status=status, reason=reason, by=by
            )
            absent.add(member_id)
        return absent

    def _items(self, meeting, chair: str, clerk: str, speakers: list[int]) -> dict:
        """Short minutes of the three standard sections, one contribution each."""
        month = meeting.month.month
        this = f"{meeting.month:%m/%Y}"
        last = f"{(meeting.month - datetime.timedelta(days=1)):%m/%Y}"
        plan, done = WORK[month][0], WORK[(month - 2) % 12 + 1][1]
        if meeting.body == Body.EXECUTIVE:
            texts = {
                Section.POLITICAL: (
                    f"Đồng chí {chair}, Bí thư Đảng ủy, thông tin thời sự tháng {this}; "
                    f"{NEWS[month]}.",
                    "Đảng ủy thống nhất chỉ đạo các chi bộ quán triệt, tuyên truyền đến đảng viên.",
                ),
                Section.TASKS: (
                    f"Đảng ủy đánh giá kết quả lãnh đạo thực hiện nhiệm vụ chính trị tháng {last}: "
                    f"{done}. Nhiệm vụ trọng tâm tháng {this}: {plan}.",
                    f"Đảng ủy thống nhất nhiệm vụ tháng {this}; đảng ủy viên phụ trách chi bộ theo "
                    "dõi, đôn đốc.",
                ),
                Section.PARTY: (
                    f"Đồng chí {clerk} báo cáo tình hình sinh hoạt của các chi bộ tháng {last}; "
                    f"{PARTY[month]}.",
                    "Giao Văn phòng Đảng ủy tổng hợp, báo cáo tại kỳ họp sau.",
                ),
            }
        else:
            topic = ""
            if meeting.is_topic_session:
                topic = f" Chi bộ sinh hoạt chuyên đề “{meeting.topic}”."
            texts = {
                Section.POLITICAL: (
                    f"Đồng chí {chair}, Bí thư chi bộ, thông tin thời sự tháng {this}; "
                    f"{NEWS[month]}.{topic}",
                    "Chi bộ thống nhất nội dung thông tin; đảng viên định hướng tư tưởng cho học "
                    "sinh và quần chúng.",
                ),
                Section.TASKS: (
                    f"Kết quả tháng {last}: {done}. Phương hướng, nhiệm vụ tháng {this}: {plan}.",
                    f"Chi bộ thống nhất phương hướng, nhiệm vụ tháng {this}; giao đồng chí "
                    f"{clerk} theo dõi, đôn đốc.",
                ),
                Section.PARTY: (
                    f"Thu đảng phí tháng {this}: đảng viên nộp đầy đủ, đúng hạn; {PARTY[month]}.",
                    f"Chi bộ thống nhất; giao chi ủy thực hiện trong tháng {this}.",
                ),
            }
        items = {}
        agenda = meeting.agenda_items.order_by("position", "pk")
        # One contribution per item in cell 1 (like its recent months), else on the tasks item.
        everywhere = meeting.cell_id == self.cells["CB1"].pk
        for number, item in enumerate(agenda):
            if item.section not in texts:
                continue
            summary, conclusion = texts.pop(item.section)
            pool = SAYS[item.section]
            said = []
            if speakers and (everywhere or item.section == Section.TASKS):
                speaker = speakers[(month * 3 + number * 2) % len(speakers)]
                said.append(ContributionText(f"m{speaker}", pool[(month + number) % len(pool)]))
            items[item.pk] = ItemText(summary, conclusion, said)
        return items

    def _closing(self, meeting) -> datetime.time:
        """Long enough: the committee's minimum plus 5 to 15 minutes."""
        length = minimum_length(meeting, self.rules) + 5 + 5 * (meeting.month.month % 3)
        start = datetime.datetime.combine(meeting.date, meeting.start_time)
        end = start + datetime.timedelta(minutes=length)
        return end.time() if end.date() == meeting.date else datetime.time(23, 59)

    def _quality(self, points) -> dict[str, int]:
        return {
            name: value * getattr(self.rules, setting) // default
            for (name, setting), value, default in zip(
                QUALITY_FIELDS, points, DEFAULT_POINTS, strict=True
            )
        }

    # --- after `demo.minutes`: the dates the services stamp "now" ------------------------------

    def finish(self):
        """Backdate this run's approvals (one to three days after the meeting; CB3's late one 12
        days), the executive's ready minutes, and record the read receipts."""
        now = timezone.now()
        approved = list(
            Minutes.objects.filter(
                meeting__committee=self.committee,
                state=Minutes.State.APPROVED,
                approved_at__gte=self.started,
            ).select_related("meeting")
        )
        late = self._approved_late(approved)
        for minutes in approved:
            meeting = minutes.meeting
            if minutes.pk == late:
                at = _aware(
                    meeting.date + datetime.timedelta(days=APPROVED_LATE_DAYS),
                    datetime.time(10, 0),
                )
            else:
                days = 1 + (meeting.month.month + (meeting.cell_id or 0)) % 3
                at = _aware(meeting.date + datetime.timedelta(days=days), datetime.time(19, 30))
            at = min(at, now)
            Minutes.objects.filter(pk=minutes.pk).update(
                approved_at=at, ready_at=at - datetime.timedelta(hours=1)
            )
        for minutes in Minutes.objects.filter(
            meeting_id__in=self.not_approved, state=Minutes.State.READY
        ).select_related("meeting"):
            day = minutes.meeting.date + datetime.timedelta(days=1)
            ready = min(_aware(day, datetime.time(17, 0)), now)
            Minutes.objects.filter(pk=minutes.pk).update(ready_at=ready)
        self._receipts()

    def _approved_late(self, approved: list[Minutes]) -> int | None:
        """CB3's latest minutes approved this run that could have been approved 12 days on —
        unless an earlier run has made one late already."""
        cell = self.cells[APPROVED_LATE]
        earlier = Minutes.objects.filter(
            meeting__cell=cell, meeting__month__year=self.year, approved_at__lt=self.started
        ).values_list("approved_at", "meeting__date")
        rules = self.rules
        if any(timezone.localtime(at).date() > approval_due_on(day, rules) for at, day in earlier):
            return None
        cutoff = self.today - datetime.timedelta(days=APPROVED_LATE_DAYS)
        late = [
            m
            for m in approved
            if m.meeting.cell_id == cell.pk
            and m.meeting.month.year == self.year
            and m.meeting.date < cutoff
        ]
        late.sort(key=lambda m: m.meeting.date)
        return late[-1].pk if late else None

    def _receipts(self):
        """Most members opened each past cell meeting's documents one to three days before it."""
        documents = list(
            Document.objects.filter(
                meeting__committee=self.committee,
                meeting__body=Body.CELL,
                meeting__month__year=self.year,
                meeting__date__lt=self.today,
                meeting__status__in=(Status.HELD, Status.APPROVED),
                receipts__isnull=True,
            ).select_related("meeting")
        )
        if not documents:
            return
        sheets: dict[int, list[int]] = {}
        for meeting_id, member_id in (
            Attendance.objects.filter(meeting__in={d.meeting_id for d in documents})
            .order_by("member__name_sort", "member_id")
            .values_list("meeting_id", "member_id")
        ):
            sheets.setdefault(meeting_id, []).append(member_id)
        for document in documents:
            meeting = document.meeting
            start = _aware(meeting.date, meeting.start_time)
            every = UNREAD_EVERY.get(self.codes.get(meeting.cell_id), 5)
            shift = meeting.month.month
            readers = [
                member_id
                for index, member_id in enumerate(sheets.get(meeting.pk, []))
                if (index + shift) % every
            ]
            if not readers:
                continue
            # What `receipt_record` does for each, in one insert (the seed stays fast).
            ReadReceipt.objects.bulk_create(
                [ReadReceipt(document=document, member_id=member_id) for member_id in readers],
                ignore_conflicts=True,
            )
            opened = Case(
                *[
                    When(
                        member_id=member_id,
                        then=Value(
                            start - datetime.timedelta(days=1 + index % 3, hours=2 + index % 5),
                            output_field=DateTimeField(),
                        ),
                    )
                    for index, member_id in enumerate(readers)
                ],
                output_field=DateTimeField(),
            )
            ReadReceipt.objects.filter(document=document).update(opened_at=opened)
            uploaded = start - datetime.timedelta(days=4)
            if document.uploaded_at > uploaded:
                Document.objects.filter(pk=document.pk).update(uploaded_at=uploaded)

    # --- report ---------------------------------------------------------------------------------

    def summary(self) -> str:
        """What the dashboard flags, read back from the data."""
        year, rules = self.year, self.rules
        this_year = Meeting.objects.filter(
            committee=self.committee, kind=Kind.REGULAR, month__year=year
        )
        problems = []
        month_ended = self.today.replace(day=1)
        missed = this_year.filter(
            status__in=(Status.DRAFT, Status.PUBLISHED), month__lt=month_ended
        ).select_related("cell")
        problems += [f"{_holder(m)} missed {m.month:%m/%Y}" for m in missed]
        for meeting in this_year.filter(
            status__in=(Status.HELD, Status.APPROVED), cell__isnull=False
        ).select_related("cell"):
            if meeting.date > on_time_until(year, meeting.month.month, rules):
                problems.append(f"{meeting.cell.code} held {meeting.month:%m/%Y} late")
        quarter = no_topic_quarter(self.today)
        if quarter:
            sessions = this_year.filter(cell=self.cells[NO_TOPIC], topic_quarter=quarter)
            if not sessions.exists():
                problems.append(f"{NO_TOPIC} no topic session in Q{quarter}")
        for minutes in Minutes.objects.filter(
            meeting__in=this_year, approved_at__isnull=False
        ).select_related("meeting__cell"):
            meeting = minutes.meeting
            if timezone.localtime(minutes.approved_at).date() > approval_due_on(
                meeting.date, rules
            ):
                problems.append(
                    f"{_holder(meeting)} minutes of {meeting.month:%m/%Y} approved late"
                )
        limit = overdue_if_held_before(self.today, rules)
        pending = this_year.filter(
            status=Status.HELD, body=Body.EXECUTIVE, date__lt=limit
        ).order_by("month")
        problems += [f"executive minutes of {m.month:%m/%Y} not approved" for m in pending]
        unexcused = Attendance.objects.filter(
            meeting__in=this_year, member_id=self.absentee, status=Attendance.Status.UNEXCUSED
        ).count()
        if unexcused:
            problems.append(f"{ABSENTEE[1]} ({ABSENTEE[0]}) {unexcused} unexcused absences")
        return f"Demo year {year}: " + ("; ".join(problems) or "no deliberate problems yet") + "."


def _holder(meeting) -> str:
    return meeting.cell.code if meeting.cell else "executive"


def demo_year(committee, cells, members, *, by, today) -> DemoYear:
    return DemoYear(committee, cells, members, by=by, today=today)
