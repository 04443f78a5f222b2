"""The demo meetings (DOMAIN §4–5): this year's schedule of the four cells and the executive.

- Every month whose unified day is already past is history, entered afterwards (held, "recorded
  afterwards"); the last few are then recorded — attendance, minutes — by `demo.minutes`.
- Each cell holds a topic session in every quarter that is over, combined with one of the
  quarter's regular meetings, with one or two of its members presenting.
- The months still ahead come from the schedule (`schedule_generate`), in draft.
- Next month's CB1 meeting is prepared: chair, clerk, place and a full agenda, still a draft.

Everything goes through the meeting services as the system user; whatever exists is skipped, so
a second run writes nothing.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cells.rules import rules_for
from demo import people
from meetings.models import AgendaItem, Body, Kind, Meeting, Status
from meetings.planning.agenda import agenda_item_add
from meetings.planning.documents import document_add, receipt_record
from meetings.planning.meetings import meeting_create, meeting_publish, meeting_update
from meetings.planning.preparation import comment_save
from meetings.planning.schedule import schedule_generate, scheduled_day
from members.models import Member, Position
from members.models import Status as MemberStatus

PLACES = {
    "CB1": "Phòng họp Hội đồng sư phạm",
    "CB2": "Phòng họp tổ Ngữ văn - Ngoại ngữ",
    "CB3": "Phòng thực hành Vật lý",
    "CB4": "Thư viện nhà trường",
    None: "Phòng họp Đảng ủy",
}

# Topics of the quarterly topic sessions, handed out in turn (cell by cell, quarter by quarter).
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự học, "
    "tự rèn luyện của nhà giáo",
    "Chuyển đổi số trong dạy học",
    "Nâng cao chất lượng sinh hoạt chi bộ trong trường học",
    "Đổi mới kiểm tra, đánh giá học sinh theo Chương trình giáo dục phổ thông 2018",
    "Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống trong đội ngũ nhà giáo",
    "Giáo dục kỹ năng sống, phòng, chống bạo lực học đường",
    "Phát triển đảng viên trong học sinh và giáo viên trẻ",
    "Xây dựng trường học an toàn, thân thiện, hạnh phúc",
]

# The quarter's month (0–2) in which each cell holds its topic session.
TOPIC_MONTH = {"CB1": 1, "CB2": 2, "CB3": 0, "CB4": 1}


# The one meeting of the previous term in the demo (its resolution restarts the numbering).
OLD_TERM_MONTH = datetime.date(2025, 6, 1)


def _months_after(first: datetime.date, n: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


class DemoMeetings:
    def __init__(self, committee, cells: dict, members: dict, *, by, today: datetime.date):
        self.committee = committee
        self.cells = cells  # {code: Cell}
        self.members = members  # {full name: Member}
        self.by = by
        self.today = today
        self.rules = rules_for(committee)
        self.created = 0
        self._positions = None

    def seed(self) -> int:
        """Build what is missing; return how many meetings this run added."""
        year = self.today.year
        self._history(year)
        self._old_term()
        self.created += len(schedule_generate(committee=self.committee, year=year, by=self.by))
        next_month = _months_after(self.today.replace(day=1), 1)
        if next_month.year != year:
            # In December, next month's meeting belongs to next year's schedule.
            self.created += len(
                schedule_generate(committee=self.committee, year=next_month.year, by=self.by)
            )
        self._prepare(next_month)
        self._past_documents()
        return self.created

    def publish_next(self):
        """Publish next month's CB1 meeting — after the minutes and tasks are seeded, so that its
        review of last month's tasks lists the cell's open tasks as they were when published."""
        self._publish(_months_after(self.today.replace(day=1), 1))

    # --- history ------------------------------------------------------------------------------

    def _scheduled(self, year: int, month: int) -> datetime.date:
        return scheduled_day(year, month, self.rules.meeting_day)

    def _history(self, year: int):
        past = [m for m in range(1, 13) if self._scheduled(year, m) < self.today]
        # Quarters whose three meetings are all behind us: each cell has had its topic session.
        done_quarters = {q for q in range(1, 5) if 3 * q in past}
        existing = set(
            Meeting.objects.filter(
                committee=self.committee, kind=Kind.REGULAR, month__year=year
            ).values_list("cell_id", "month")
        )
        holders = [(code, self.cells[code]) for code in sorted(self.cells)]
        holders.append((None, None))
        for month in past:
            first = datetime.date(year, month, 1)
            day = self._scheduled(year, month)
            for index, (code, cell) in enumerate(holders):
                if (cell.pk if cell else None, first) in existing:
                    continue
                extra = {}
                quarter = (month - 1) // 3 + 1
                if cell and quarter in done_quarters and (month - 1) % 3 == TOPIC_MONTH[code]:
                    extra = {
                        "includes_topic": True,
                        "topic": TOPICS[(index * 4 + quarter - 1) % len(TOPICS)],
                        "presenters": self._presenters(cell, day, quarter),
                    }
                self.regular_meeting(code, cell, day, **extra)
                self.created += 1

    def regular_meeting(self, code, cell, day: datetime.date, **extra) -> Meeting:
        """The regular meeting of a cell (the executive committee when `cell` is None) on `day`,
        at the committee's time and the holder's usual place, chaired and minuted by its
        officers that day."""
        chair, clerk = self._officers(cell, day)
        return meeting_create(
            committee=self.committee,
            body=Body.CELL if cell else Body.EXECUTIVE,
            cell=cell,
            kind=Kind.REGULAR,
            date=day,
            start_time=self.rules.meeting_time,
            place=PLACES[code],
            chair=chair,
            clerk=clerk,
            by=self.by,
            **extra,
        )

    def _presenters(self, cell, day, quarter) -> list[Member]:
        """One or two official members of the cell that day, a different pair each quarter."""
        officials = list(
            Member.objects.in_cell_on(cell, day).filter(status_on=MemberStatus.OFFICIAL).ordered()
        )
        if not officials:
            return []
        start = (quarter * 3) % len(officials)
        count = 2 if quarter % 2 == 0 else 1
        return [officials[(start + i) % len(officials)] for i in range(count)]

    def _holders_of(self, cell, day, roles) -> list[Member]:
        """Members holding one of `roles` in the cell (None: the executive) that day, by role."""
        if self._positions is None:
            self._positions = list(
                Position.objects.filter(committee=self.committee).select_related("member")
            )
        held = [
            p
            for p in self._positions
            if p.cell_id == (cell.pk if cell else None)
            and p.role in roles
            and p.start_date <= day
            and (p.end_date is None or p.end_date >= day)
        ]
        held.sort(key=lambda p: (roles.index(p.role), p.member.name_sort))
        return [p.member for p in held]

    def _officers(self, cell, day) -> tuple[Member | None, Member | None]:
        """Chair: the secretary that day; clerk: the next officer (the deputy, as a rule)."""
        roles = list(Position.CELL_ROLES if cell else Position.COMMITTEE_ROLES)
        officers = [*self._holders_of(cell, day, roles), None, None]
        return officers[0], officers[1]

    # --- next month ---------------------------------------------------------------------------

    def _prepare(self, month: datetime.date):
        """Next month's CB1 meeting: its officers, its place and a full agenda — still a draft."""
        cell = self.cells["CB1"]
        meeting = Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=month).first()
        if meeting is None or meeting.status != Status.DRAFT:
            return
        chair, _deputy = self._officers(cell, meeting.date)
        clerk = self._by_role(cell, meeting.date, Position.Role.CELL_COMMITTEE_MEMBER) or _deputy
        details = {"chair": chair, "clerk": clerk, "place": PLACES["CB1"]}
        if any(getattr(meeting, field) != value for field, value in details.items()):
            meeting = meeting_update(meeting=meeting, by=self.by, **details)
        deputy = self._by_role(cell, meeting.date, Position.Role.CELL_DEPUTY)
        member = self.members[people.LOGINS["member1"]]
        previous = _months_after(month, -1)
        this, last = f"{month:%m/%Y}", f"{previous:%m/%Y}"
        items = [
            (
                AgendaItem.Section.POLITICAL,
                f"Thông tin thời sự tháng {this}; quán triệt các văn bản mới của cấp trên",
                member,
            ),
            (
                AgendaItem.Section.TASKS,
                f"Đánh giá kết quả thực hiện nhiệm vụ tháng {last}; phương hướng, nhiệm vụ "
                f"tháng {this}",
                chair,
            ),
            (
                AgendaItem.Section.PARTY,
                "Công tác phát triển đảng viên: xét kết nạp quần chúng ưu tú Lương Thị Thanh "
                "Xuân, giáo viên Tin học",
                deputy,
            ),
            (AgendaItem.Section.PARTY, f"Thu đảng phí tháng {this}", clerk),
        ]
        titles = set(meeting.agenda_items.values_list("title", flat=True))
        for section, title, presenter in items:
            if title not in titles:
                agenda_item_add(
                    meeting=meeting, section=section, title=title, presenter=presenter, by=self.by
                )

    # --- documents, publishing, preparation (issue: documents and publishing) ----------------

    def _old_term(self):
        """Cell 1's meeting of June 2025, the last month of the 2020–2025 term (entered as
        history): its resolution is numbered in that term (`demo.decisions`). Not counted in
        this year's summary."""
        cell = self.cells["CB1"]
        month = OLD_TERM_MONTH
        if Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=month).exists():
            return
        day = scheduled_day(month.year, month.month, self.rules.meeting_day)
        chair, clerk = self._officers(cell, day)
        meeting_create(
            committee=self.committee,
            body=Body.CELL,
            cell=cell,
            kind=Kind.REGULAR,
            date=day,
            start_time=self.rules.meeting_time,
            place=PLACES["CB1"],
            chair=chair,
            clerk=clerk,
            by=self.by,
        )

    def _document(self, meeting, title, ascii_text, name, item=None):
        if meeting.documents.filter(title=title).exists():
            return meeting.documents.get(title=title)
        upload = SimpleUploadedFile(name, _pdf(ascii_text), content_type="application/pdf")
        return document_add(
            meeting=meeting, upload=upload, title=title, agenda_item=item, by=self.by
        )

    def _past_documents(self):
        """Each past cell meeting of this year keeps its resolution draft on file."""
        held = Meeting.objects.filter(
            committee=self.committee, body=Body.CELL, recorded_afterwards=True
        ).select_related("cell")
        for meeting in held:
            self._document(
                meeting,
                f"Nghị quyết tháng {meeting.month:%m/%Y}",
                f"Nghi quyet chi bo thang {meeting.month:%m/%Y}",
                f"nghi-quyet-{meeting.month:%Y-%m}.pdf",
            )

    def _publish(self, month: datetime.date):
        """Next month's CB1 meeting: documents, published, opened by some, two prepared comments."""
        cell = self.cells["CB1"]
        meeting = Meeting.objects.filter(cell=cell, kind=Kind.REGULAR, month=month).first()
        if meeting is None or meeting.recorded_afterwards:
            return
        items = list(meeting.agenda_items.order_by("position", "pk"))
        tasks = next((i for i in items if i.section == AgendaItem.Section.TASKS), None)
        party = next((i for i in items if i.section == AgendaItem.Section.PARTY), None)
        report = self._document(
            meeting,
            f"Dự thảo nghị quyết tháng {month:%m/%Y}",
            f"Du thao nghi quyet thang {month:%m/%Y}",
            "du-thao-nghi-quyet.pdf",
            tasks,
        )
        self._document(
            meeting,
            "Hồ sơ đề nghị kết nạp đảng viên",
            "Ho so de nghi ket nap dang vien",
            "ho-so-ket-nap.pdf",
            party,
        )
        if meeting.status == Status.DRAFT:
            meeting_publish(meeting=meeting, by=self.by)
            meeting.refresh_from_db()
        readers = list(Member.objects.in_cell_on(cell, meeting.date).order_by("name_sort")[:5])
        for reader in readers[:-1]:
            receipt_record(document=report, member=reader)
        # One read it on her phone on the way, with no connection (issue 24): posted when back
        # online, at the moment she opened it.
        receipt_record(
            document=report,
            member=readers[-1],
            opened_at=timezone.now(),
            offline=True,
        )
        member1 = self.members[people.LOGINS["member1"]]
        comments = [
            (member1, tasks, "Đề nghị bổ sung chỉ tiêu học sinh giỏi cấp tỉnh môn Tin học."),
            (
                readers[0] if readers[0] != member1 else readers[1],
                party,
                "Nhất trí đề nghị kết nạp; quần chúng có quá trình phấn đấu tốt.",
            ),
        ]
        for author, item, text in comments:
            if item is not None and not item.prepared_comments.filter(member=author).exists():
                comment_save(item=item, member=author, text=text, by=self.by)

    def _by_role(self, cell, day, role) -> Member | None:
        return next(iter(self._holders_of(cell, day, [role])), None)


def _pdf(text: str) -> bytes:
    """A small valid one-page PDF showing `text` (ASCII) — stands in for a real document."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_meetings(committee, cells, members, *, by, today) -> int:
    return DemoMeetings(committee, cells, members, by=by, today=today).seed()


def publish_next_month(committee, cells, members, *, by, today) -> None:
    DemoMeetings(committee, cells, members, by=by, today=today).publish_next()
