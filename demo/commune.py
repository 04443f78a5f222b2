"""The commune's two other committees (issue 22, DOMAIN §15): what the `superior` login compares.

Besides the demo school, the commune committee (Đảng ủy xã Krông Bông) leads two small fictional
grassroots committees (đảng bộ cơ sở), under it since 01/07/2025 like the school:

- Đảng bộ Trường Tiểu học Yang Mao: two cells of six members; every month held on time, a topic
  session in each cell every quarter, the minutes approved within days, every monthly report whose
  deadline has passed submitted on time (on the 10th of the month after);
- Đảng bộ Trạm Y tế xã Krông Bông: two cells of five; the same, but its second cell missed one
  month (`missed_month`: its meeting planned and never held) and its last monthly report due was
  submitted late, three days after the commune's deadline.

Each has its term 2025–2030 with its officers (committee secretary and deputy, a secretary and a
deputy per cell), and this year's regular meetings of each cell and of the executive committee —
every past one held and approved: the last `RECORDED_MONTHS` recorded through the services (the
attendance sheet, short minutes, the quality score), the earlier ones filed at once (`_file`). No
logins: the `superior` login sees them. Kept light — about 4 s of the seed; no fees, tasks or
documents: a lean cousin of `demo.year`, whose builders are bound to the school's people.

Every write goes through the services (`cells`, `members`, `meetings.record`, `reports`), but the
dates the services stamp "now" (approvals, submissions) — backdated by queryset updates, demo
data only, as `demo.year` and `demo.reports` do —, the missed meeting kept a draft and the earlier
months' records filed in bulk. Whatever exists is kept (committees found by name, members by
citizen ID), so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cells import services as cells_services
from cells.models import Committee, SuperiorBody, Term
from cells.rules import rules_for
from core.dates import add_months
from demo import people
from demo.people import ELEMENTARY, INTERMEDIATE, NONE, F, M, Person
from meetings.models import AgendaItem, Attendance, Body, Kind, Meeting, Minutes, Status
from meetings.planning.meetings import meeting_create
from meetings.planning.schedule import scheduled_day
from meetings.record.attendance import attendance_set, recording_start, sheet_members
from meetings.record.minutes import (
    QUALITY_FIELDS,
    ItemText,
    minimum_length,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
    person_name,
)
from members import positions as members_positions
from members import services as members_services
from members.models import Member, Position
from members.models import Status as MemberStatus
from reports.models import PeriodReport, due_on
from reports.services import report_create, report_submit, report_update

D = datetime.date
Role = Position.Role
Section = AgendaItem.Section

UNDER_FROM = D(2025, 7, 1)  # under the commune since the district committees were abolished
TERM = ("2025–2030", D(2025, 7, 1), D(2030, 6, 30))
SUBMIT_DAY = 10
LATE_BY = datetime.timedelta(days=3)
# Meeting-quality points on the default rubric (15/20/45/20), month by month: Tốt or Khá.
POINTS = [(14, 19, 42, 18), (13, 16, 38, 17), (15, 18, 40, 19), (12, 15, 37, 16)]
DEFAULT_POINTS = (15, 20, 45, 20)
REASONS = ["Ốm", "Việc gia đình", "Đi tập huấn chuyên môn", "Đi công tác"]
# The quarter's month (0–2) of every cell's topic session.
TOPIC_MONTH = 1
# The last months recorded through the services; the earlier ones are filed at once (`_file`).
RECORDED_MONTHS = 2


@dataclass(frozen=True)
class CellSpec:
    code: str
    name: str
    description: str
    place: str
    people: list[Person]  # the secretary, then the deputy, then the others


@dataclass(frozen=True)
class Unit:
    """One small committee of the commune."""

    name: str
    place_name: str
    founding_decision_number: str
    founded_on: datetime.date
    address: str
    executive_place: str
    cells: list[CellSpec]
    secretary: str  # the committee's secretary (a member of the first cell)
    deputy: str  # its deputy (a member of the second cell)
    topics: list[str]  # one a quarter
    work: str  # the tasks item of every month
    report: str  # the monthly report's situation, {month} filled in
    misses: str | None = None  # the code of the cell that misses a month
    late_report: bool = False  # its last report due is submitted late


def _person(name, sex, born, job, qualification, theory, admitted, serial, **extra) -> Person:
    """A demo person: official a year after admission unless `recognised=None` is given."""
    born, admitted = D.fromisoformat(born), D.fromisoformat(admitted)
    recognised = extra.pop("recognised", admitted + datetime.timedelta(days=367))
    century = (0 if born.year < 2000 else 2) + (sex == F)
    citizen_id = f"066{century}{born:%y}{serial:06d}"
    return Person(
        name, sex, born, job, qualification, theory, admitted, recognised, citizen_id, **extra
    )


# fmt: off
SCHOOL = Unit(
    name="Đảng bộ Trường Tiểu học Yang Mao",
    place_name="Krông Bông",
    founding_decision_number="42/QĐ-HU",
    founded_on=D(2012, 9, 5),
    address="Thôn Yang Mao, xã Krông Bông, Đắk Lắk",
    executive_place="Văn phòng nhà trường",
    cells=[
        CellSpec("CB1", "Chi bộ Giáo viên khối 1, 2, 3", "Giáo viên các lớp 1, 2 và 3.",
                 "Phòng họp Hội đồng", [
            _person("Lê Thị Thu Hiền", F, "1983-04-12", "Giáo viên lớp 2, tổ trưởng khối 1-2",
                    "Cử nhân Giáo dục tiểu học", INTERMEDIATE, "2008-05-19", 731201,
                    home_town="Nghệ An"),
            _person("Nguyễn Thị Hằng", F, "1988-09-03", "Giáo viên lớp 1",
                    "Cử nhân Giáo dục tiểu học", ELEMENTARY, "2013-06-20", 731202,
                    home_town="Thanh Hóa"),
            _person("Trương Văn Hùng", M, "1974-02-21", "Hiệu trưởng",
                    "Thạc sĩ Quản lý giáo dục", INTERMEDIATE, "1999-03-26", 731203,
                    home_town="Quảng Nam"),
            _person("H'Linh Niê", F, "1992-11-15", "Giáo viên lớp 3",
                    "Cử nhân Giáo dục tiểu học", ELEMENTARY, "2017-12-22", 731204,
                    home_town="Đắk Lắk", ethnicity="Ê Đê", email="linhnie@example.vn"),
            _person("Phạm Thị Ngọc Ánh", F, "1995-07-08", "Giáo viên lớp 1",
                    "Cử nhân Giáo dục tiểu học", NONE, "2021-05-19", 731205, home_town="Đắk Lắk"),
            _person("Đinh Văn Tài", M, "1999-01-30", "Giáo viên Âm nhạc",
                    "Cử nhân Sư phạm Âm nhạc", NONE, "2026-03-26", 731206,
                    home_town="Đắk Lắk", recognised=None),
        ]),
        CellSpec("CB2", "Chi bộ Giáo viên khối 4, 5 - Văn phòng",
                 "Giáo viên các lớp 4, 5, giáo viên bộ môn và nhân viên.", "Thư viện nhà trường", [
            _person("Trần Văn Lợi", M, "1981-06-17", "Giáo viên lớp 5, tổ trưởng khối 4-5",
                    "Cử nhân Giáo dục tiểu học", INTERMEDIATE, "2006-09-08", 731207,
                    home_town="Hà Tĩnh"),
            _person("Hồ Thị Kim Chi", F, "1986-10-25", "Giáo viên lớp 4",
                    "Cử nhân Giáo dục tiểu học", ELEMENTARY, "2011-03-03", 731208,
                    home_town="Quảng Ngãi"),
            _person("Võ Thị Minh Nguyệt", F, "1978-12-02", "Phó Hiệu trưởng",
                    "Cử nhân Giáo dục tiểu học", INTERMEDIATE, "2003-11-15", 731209,
                    home_town="Phú Yên"),
            _person("Y Thuận Mlô", M, "1990-03-14", "Giáo viên Giáo dục thể chất",
                    "Cử nhân Sư phạm Giáo dục thể chất", ELEMENTARY, "2016-11-07", 731210,
                    home_town="Đắk Lắk", ethnicity="Ê Đê", email="thuanmlo@example.vn"),
            _person("Nguyễn Thị Phượng", F, "1984-08-19", "Kế toán",
                    "Cử nhân Kế toán", ELEMENTARY, "2010-12-10", 731211, home_town="Bình Định"),
            _person("Lương Văn Thành", M, "1993-05-05", "Giáo viên Tin học",
                    "Cử nhân Sư phạm Tin học", NONE, "2019-05-19", 731212, home_town="Đắk Lắk"),
        ]),
    ],
    secretary="Trương Văn Hùng",
    deputy="Võ Thị Minh Nguyệt",
    topics=[
        "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về tình yêu thương học trò",
        "Ứng dụng công nghệ thông tin trong dạy học ở tiểu học",
        "Giữ gìn tiếng Việt và tiếng Ê Đê cho học sinh vùng dân tộc thiểu số",
        "Xây dựng trường học xanh, sạch, đẹp, an toàn",
    ],
    work="duy trì sĩ số, dạy học đúng chương trình; bồi dưỡng học sinh chưa hoàn thành",
    report=(
        "Cán bộ, đảng viên, giáo viên và nhân viên nhà trường an tâm công tác; tình hình tư tưởng "
        "tháng {month} ổn định. Nhà trường duy trì sĩ số học sinh, dạy học đúng chương trình."
    ),
)
HEALTH_STATION = Unit(
    name="Đảng bộ Trạm Y tế xã Krông Bông",
    place_name="Krông Bông",
    founding_decision_number="57/QĐ-HU",
    founded_on=D(2016, 3, 18),
    address="Trung tâm xã Krông Bông, Đắk Lắk",
    executive_place="Phòng giao ban Trạm Y tế",
    cells=[
        CellSpec("CB1", "Chi bộ Khám, chữa bệnh", "Bác sĩ, y sĩ, điều dưỡng, dược sĩ, hộ sinh.",
                 "Phòng giao ban Trạm Y tế", [
            _person("Nguyễn Thị Lệ", F, "1985-01-09", "Y sĩ đa khoa",
                    "Y sĩ đa khoa", INTERMEDIATE, "2010-05-19", 742301, home_town="Quảng Trị"),
            _person("Trần Thị Bích Hạnh", F, "1989-04-27", "Điều dưỡng",
                    "Cử nhân Điều dưỡng", ELEMENTARY, "2014-08-19", 742302, home_town="Nghệ An"),
            _person("Đoàn Văn Khải", M, "1976-09-30", "Trạm trưởng, bác sĩ đa khoa",
                    "Bác sĩ đa khoa", INTERMEDIATE, "2002-02-03", 742303, home_town="Thái Bình"),
            _person("Lê Văn Quý", M, "1994-12-11", "Dược sĩ",
                    "Dược sĩ trung học", NONE, "2020-09-25", 742304, home_town="Đắk Lắk"),
            _person("H'Yên Ayŭn", F, "1997-06-21", "Hộ sinh",
                    "Cao đẳng Hộ sinh", NONE, "2022-05-19", 742305,
                    home_town="Đắk Lắk", ethnicity="Ê Đê", email="yenayun@example.vn"),
        ]),
        CellSpec("CB2", "Chi bộ Y tế dự phòng - Dân số",
                 "Y tế dự phòng, tiêm chủng, dân số và kế hoạch hóa gia đình.",
                 "Phòng tiêm chủng", [
            _person("Bùi Văn Toàn", M, "1983-03-03", "Y sĩ y học dự phòng",
                    "Y sĩ y học dự phòng", ELEMENTARY, "2009-10-12", 742306, home_town="Hưng Yên"),
            _person("Mai Thị Thúy", F, "1991-08-08", "Cán bộ dân số",
                    "Cử nhân Y tế công cộng", ELEMENTARY, "2017-06-30", 742307,
                    home_town="Nam Định"),
            _person("Phan Thị Hoa", F, "1980-11-20", "Phó Trạm trưởng, y sĩ",
                    "Y sĩ đa khoa", INTERMEDIATE, "2005-04-28", 742308, home_town="Quảng Bình"),
            _person("Cao Văn Bình", M, "1987-02-14", "Y sĩ",
                    "Y sĩ đa khoa", ELEMENTARY, "2013-11-06", 742309, home_town="Gia Lai"),
            _person("Nguyễn Thị Thanh Xuân", F, "2000-10-02", "Điều dưỡng",
                    "Cao đẳng Điều dưỡng", NONE, "2026-02-03", 742310,
                    home_town="Đắk Lắk", recognised=None),
        ]),
    ],
    secretary="Đoàn Văn Khải",
    deputy="Phan Thị Hoa",
    topics=[
        "Học tập và làm theo lời Bác dạy: “Lương y phải như từ mẫu”",
        "Nâng cao chất lượng khám, chữa bệnh bảo hiểm y tế tại tuyến xã",
        "Phòng, chống dịch bệnh mùa mưa trên địa bàn xã",
        "Chăm sóc sức khỏe người cao tuổi và trẻ em vùng đồng bào dân tộc thiểu số",
    ],
    work="khám, chữa bệnh ban đầu, tiêm chủng mở rộng, phòng, chống sốt xuất huyết",
    report=(
        "Cán bộ, đảng viên, nhân viên Trạm Y tế an tâm công tác; tình hình tư tưởng tháng {month} "
        "ổn định. Trạm thực hiện tốt khám, chữa bệnh ban đầu và tiêm chủng mở rộng."
    ),
    misses="CB2",
    late_report=True,
)
# fmt: on
UNITS = [SCHOOL, HEALTH_STATION]


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


def past_months(today: datetime.date, meeting_day: int) -> list[int]:
    """This year's months whose unified meeting day is behind us."""
    return [m for m in range(1, 13) if scheduled_day(today.year, m, meeting_day) < today]


def missed_month(today: datetime.date, meeting_day: int) -> int | None:
    """The missed month: the latest at least two months before the last past one that is not a
    topic month (missing it would also miss the quarter's session); None early in the year."""
    past = past_months(today, meeting_day)
    if not past:
        return None
    months = [m for m in range(1, past[-1] - 1) if (m - 1) % 3 != TOPIC_MONTH]
    return max(months, default=None)


class _Builder:
    def __init__(self, unit: Unit, superior, *, by, today: datetime.date):
        self.unit, self.superior, self.by, self.today = unit, superior, by, today
        self.year = today.year
        self.meetings = self.recorded = self.on_time = self.late = 0

    # --- the organisation, the members and their offices --------------------------------------

    def organisation(self) -> Committee:
        unit, by = self.unit, self.by
        committee = Committee.objects.filter(name=unit.name).first()
        if committee is None:
            committee = cells_services.committee_create(
                by=by,
                name=unit.name,
                place_name=unit.place_name,
                founding_decision_number=unit.founding_decision_number,
                founded_on=unit.founded_on,
                address=unit.address,
            )
        if not SuperiorBody.objects.filter(committee=committee, valid_from=UNDER_FROM).exists():
            cells_services.superior_body_create(
                committee=committee,
                by=by,
                superior=self.superior,
                name=self.superior.name,
                valid_from=UNDER_FROM,
            )
        name, start, end = TERM
        self.term = Term.objects.filter(committee=committee, name=name).first()
        if self.term is None:
            self.term = cells_services.term_create(
                committee=committee, by=by, name=name, start_date=start, end_date=end
            )
        existing = {cell.code: cell for cell in committee.cells.all()}
        self.cells = {}
        for spec in unit.cells:
            cell = existing.get(spec.code)
            if cell is None:
                cell = cells_services.cell_create(
                    committee=committee,
                    by=by,
                    code=spec.code,
                    name=spec.name,
                    description=spec.description,
                    founded_on=unit.founded_on,
                )
            self.cells[spec.code] = cell
        self.committee = committee
        self.rules = rules_for(committee)
        return committee

    def members(self) -> None:
        """{name: Member}, enrolling whoever is missing (found by citizen ID)."""
        specs = [(spec, person) for spec in self.unit.cells for person in spec.people]
        found = {
            m.citizen_id: m
            for m in Member.objects.filter(
                committee=self.committee, citizen_id__in=[p.citizen_id for _s, p in specs]
            )
        }
        self.people = {}
        for index, (spec, person) in enumerate(specs):
            member = found.get(person.citizen_id)
            if member is None:
                member = self._enrol(self.cells[spec.code], person, index)
            self.people[person.name] = member

    def _enrol(self, cell, person: Person, index: int) -> Member:
        address = f"Thôn {index % 6 + 1}, xã Krông Bông, Đắk Lắk"
        return members_services.member_create(
            committee=self.committee,
            cell=cell,
            joined_on=max(person.admitted, self.unit.founded_on),
            status=MemberStatus.OFFICIAL if person.recognised else MemberStatus.PROBATIONARY,
            by=self.by,
            **people.record_fields(person, address),
        )

    def positions(self) -> None:
        """The term's offices: the committee's secretary, its deputy, and the cells' secretaries
        (members of the executive committee too) and deputies."""
        unit = self.unit
        offices = [(Role.COMMITTEE_SECRETARY, None, unit.secretary)]
        offices.append((Role.COMMITTEE_DEPUTY, None, unit.deputy))
        for spec in unit.cells:
            secretary, deputy = spec.people[0].name, spec.people[1].name
            offices.append((Role.COMMITTEE_MEMBER, None, secretary))
            offices.append((Role.CELL_SECRETARY, spec.code, secretary))
            offices.append((Role.CELL_DEPUTY, spec.code, deputy))
        held = set(
            Position.objects.filter(term=self.term).values_list("role", "cell_id", "member_id")
        )
        for role, code, name in offices:
            member, cell = self.people[name], self.cells[code] if code else None
            if (role, cell.pk if cell else None, member.pk) in held:
                continue
            members_positions.position_assign(
                member=member,
                role=role,
                term=self.term,
                cell=cell,
                start_date=self.term.start_date,
                by=self.by,
            )

    # --- the year's meetings --------------------------------------------------------------------

    def _holders(self):
        """(cell spec or None for the executive, cell, chair, clerk, place) of every row."""
        rows = [
            (
                spec,
                self.cells[spec.code],
                self.people[spec.people[0].name],
                self.people[spec.people[1].name],
                spec.place,
            )
            for spec in self.unit.cells
        ]
        chair, clerk = self.people[self.unit.secretary], self.people[self.unit.deputy]
        rows.append((None, None, chair, clerk, self.unit.executive_place))
        return rows

    def plan(self) -> None:
        """Every past month's regular meeting of each cell and of the executive, entered as
        held; a topic session in each cell's topic month; the missed one planned, never held."""
        day = self.rules.meeting_day
        missed = missed_month(self.today, day) if self.unit.misses else None
        existing = set(
            Meeting.objects.filter(
                committee=self.committee, kind=Kind.REGULAR, month__year=self.year
            ).values_list("cell_id", "month")
        )
        for month in past_months(self.today, day):
            date = scheduled_day(self.year, month, day)
            for spec, cell, chair, clerk, place in self._holders():
                if (cell.pk if cell else None, D(self.year, month, 1)) in existing:
                    continue
                extra = {}
                quarter = (month - 1) // 3 + 1
                if cell and (month - 1) % 3 == TOPIC_MONTH:
                    extra = {
                        "includes_topic": True,
                        "topic": self.unit.topics[quarter - 1],
                        "presenters": [clerk],
                    }
                meeting = meeting_create(
                    committee=self.committee,
                    body=Body.CELL if cell else Body.EXECUTIVE,
                    cell=cell,
                    kind=Kind.REGULAR,
                    date=date,
                    start_time=self.rules.meeting_time,
                    place=place,
                    chair=chair,
                    clerk=clerk,
                    by=self.by,
                    **extra,
                )
                if spec and spec.code == self.unit.misses and month == missed:
                    # Planned and never held (demo data: the service enters a past one as held).
                    Meeting.objects.filter(pk=meeting.pk).update(
                        status=Status.DRAFT, recorded_afterwards=False
                    )
                self.meetings += 1

    def record(self) -> None:
        """The minutes of every held meeting without them: the last `RECORDED_MONTHS` months
        recorded through the services (the sheet, one member excused now and then, short minutes,
        the quality score, ready, approved), the earlier ones filed at once (`_file`); all
        approved one to three days after the meeting."""
        started = timezone.now()
        held = (
            Meeting.objects.filter(
                committee=self.committee,
                kind=Kind.REGULAR,
                month__year=self.year,
                status=Status.HELD,
                minutes__isnull=True,
            )
            .select_related("chair", "clerk")
            .order_by("month", "body", "cell_id")
        )
        recent = set(past_months(self.today, self.rules.meeting_day)[-RECORDED_MONTHS:])
        filed = []
        for meeting in held:
            if meeting.month.month in recent:
                self._record(meeting)
            else:
                filed.append(meeting)
        self._file(filed)
        for minutes in Minutes.objects.filter(
            meeting__committee=self.committee, approved_at__gte=started
        ).select_related("meeting"):
            at = self._approved_at(minutes.meeting)
            Minutes.objects.filter(pk=minutes.pk).update(
                approved_at=at, ready_at=at - datetime.timedelta(hours=1)
            )

    def _approved_at(self, meeting: Meeting) -> datetime.datetime:
        days = 1 + (meeting.month.month + (meeting.cell_id or 0)) % 3
        day = meeting.date + datetime.timedelta(days=days)
        return min(_aware(day, datetime.time(19, 30)), timezone.now())

    def _file(self, meetings: list[Meeting]) -> None:
        """The earlier months' records in three statements: what `recording_start`, `minutes_save`,
        `minutes_mark_ready` and `minutes_approve` leave (every member present, the times and the
        quality score, approved), without the agenda's texts or the audit rows — demo data only,
        so that the seed stays fast (like `demo.year`'s read receipts)."""
        if not meetings:
            return
        name = person_name(self.by)
        minutes, sheets = [], []
        for meeting in meetings:
            at = self._approved_at(meeting)
            quality = self._quality(POINTS[meeting.month.month % len(POINTS)])
            minutes.append(
                Minutes(
                    meeting=meeting,
                    state=Minutes.State.APPROVED,
                    version=2,
                    opened_at=meeting.start_time,
                    closed_at=self._closing(meeting),
                    updated_by=self.by,
                    ready_at=at - datetime.timedelta(hours=1),
                    ready_by=self.by,
                    approved_at=at,
                    approved_by=self.by,
                    approved_by_name=name,
                    **quality,
                )
            )
            sheets += [
                Attendance(meeting=meeting, member=member, member_status=status)
                for member, status in sheet_members(meeting)
            ]
        Minutes.objects.bulk_create(minutes)
        Attendance.objects.bulk_create(sheets)
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(status=Status.APPROVED)
        self.recorded += len(meetings)

    def _record(self, meeting: Meeting) -> None:
        by, month = self.by, meeting.month.month
        minutes = recording_start(meeting=meeting, by=by)
        if meeting.cell_id and month % 3 == 0:
            absent = (
                Attendance.objects.filter(meeting=meeting)
                .exclude(member_id__in=(meeting.chair_id, meeting.clerk_id))
                .order_by("member__name_sort")
                .values_list("member_id", flat=True)
            )
            absent = list(absent)
            if absent:
                attendance_set(
                    meeting=meeting,
                    member_id=absent[month % len(absent)],
                    status=Attendance.Status.EXCUSED,
                    reason=REASONS[month % len(REASONS)],
                    by=by,
                )
        minutes_save(
            meeting=meeting,
            version=minutes.version,
            by=by,
            opened_at=meeting.start_time,
            closed_at=self._closing(meeting),
            items=self._items(meeting),
            quality=self._quality(POINTS[month % len(POINTS)]),
        )
        minutes_mark_ready(meeting=meeting, by=by)
        minutes_approve(meeting=meeting, by=by)
        self.recorded += 1

    def _items(self, meeting: Meeting) -> dict:
        this = f"{meeting.month:%m/%Y}"
        last = f"{add_months(meeting.month, -1):%m/%Y}"
        chair, holder = meeting.chair.full_name, "Đảng ủy" if meeting.cell_id is None else "Chi bộ"
        topic = f" Sinh hoạt chuyên đề “{meeting.topic}”." if meeting.is_topic_session else ""
        texts = {
            Section.POLITICAL: (
                f"Đồng chí {chair} thông tin thời sự tháng {this}; quán triệt văn bản mới của "
                f"Đảng ủy xã.{topic}",
                f"{holder} thống nhất tuyên truyền đến đảng viên và quần chúng.",
            ),
            Section.TASKS: (
                f"Kết quả tháng {last} đạt kế hoạch. Nhiệm vụ tháng {this}: {self.unit.work}.",
                f"{holder} thống nhất nhiệm vụ tháng {this}.",
            ),
            Section.PARTY: (
                f"Thu đảng phí tháng {this}: đảng viên nộp đầy đủ, đúng hạn.",
                f"{holder} thống nhất; giao đồng chí {meeting.clerk.full_name} theo dõi.",
            ),
        }
        items = {}
        for item in meeting.agenda_items.all():
            if item.section in texts:
                summary, conclusion = texts.pop(item.section)
                items[item.pk] = ItemText(summary, conclusion)
        return items

    def _closing(self, meeting: Meeting) -> datetime.time:
        length = minimum_length(meeting, self.rules) + 10
        end = datetime.datetime.combine(meeting.date, meeting.start_time)
        end += datetime.timedelta(minutes=length)
        return end.time() if end.date() == meeting.date else datetime.time(23, 59)

    def _quality(self, points) -> dict[str, int]:
        return {
            name: value * getattr(self.rules, setting) // default
            for (name, setting), value, default in zip(
                QUALITY_FIELDS, points, DEFAULT_POINTS, strict=True
            )
        }

    # --- the monthly reports --------------------------------------------------------------------

    def reports(self) -> None:
        """Every month of the year whose deadline has passed, submitted on the 10th of the month
        after — the last one late (after the deadline) for a unit with `late_report`."""
        deadline_day = self.superior.report_deadline_day
        months = [
            D(self.year, m, 1)
            for m in range(1, 13)
            if due_on(D(self.year, m, 1), deadline_day) < self.today
        ]
        for month in months:
            due = due_on(month, deadline_day)
            if self.unit.late_report and month == months[-1]:
                sent_on = min(due + LATE_BY, self.today)
            else:
                sent_on = add_months(month, 1).replace(day=min(SUBMIT_DAY, deadline_day))
            report, created = report_create(
                committee=self.committee,
                kind="month",
                period_start=month,
                by=self.by,
                today=sent_on,
            )
            if not created or not report.is_draft:
                continue
            text = self.unit.report.format(month=f"{month.month}/{month.year}")
            report_update(report, by=self.by, situation=text)
            report_submit(report, by=self.by)
            at = _aware(sent_on, datetime.time(9))
            PeriodReport.objects.filter(pk=report.pk).update(submitted_at=at, issued_on=sent_on)
            if sent_on > due:
                self.late += 1
            else:
                self.on_time += 1

    def summary(self) -> str:
        missed = ""
        if self.unit.misses:
            month = missed_month(self.today, self.rules.meeting_day)
            missed = f", {self.unit.misses} missed {month:02}/{self.year}" if month else ""
        return (
            f"{self.unit.name}: {len(self.people)} members{missed}; {self.meetings} meetings, "
            f"{self.recorded} minutes, {self.on_time} reports on time, {self.late} late "
            "added this run"
        )


def seed_commune(superior, *, by, today: datetime.date) -> str:
    """Build the commune's two other committees under `superior` (the commune's `Superior`);
    return a line for the summary."""
    lines = []
    for unit in UNITS:
        builder = _Builder(unit, superior, by=by, today=today)
        builder.organisation()
        builder.members()
        builder.positions()
        builder.plan()
        builder.record()
        builder.reports()
        lines.append(builder.summary())
    under = SuperiorBody.objects.filter(superior=superior, valid_until__isnull=True).count()
    return f"Commune {superior.name}: {under} committees under it. " + "; ".join(lines) + "."
