"""The demo's political-theory training (DOMAIN §14): the courses of every member of the demo
committee, built from her record so that her theory level stays what `demo.people` gives.

- The awareness course (lớp bồi dưỡng nhận thức về Đảng) four months before her admission.
- The course for new members two months after it, during her probation — but for
  `WITHOUT_COURSE` (her probation ends in December: the probation watch marks her, and "Training
  due" lists her) and `IN_PROGRESS` (the student member, on the course this week: the recognition
  warning of her cell's open meeting names her, "in progress").
- The theory courses of her level: elementary (sơ cấp) at the district's political centre,
  intermediate (trung cấp) at the provincial school, advanced (cao cấp) at the regional academy,
  spread over the years since her admission; recorded highest first, so her level never moves.

Until 1/7/2025 the district's political centre ran the short courses; since then the
provincial school does (the district level no longer exists, DOMAIN §2). Everything goes through
`library.training.services`; a member who already has a course of a kind is skipped for that kind,
so a second run writes nothing.
"""

import datetime

from library.models import TrainingCourse
from library.training import services
from members.models import ON_ROLL, Member, TheoryLevel

Kind = TrainingCourse.Kind
DISTRICT_CENTRE = "Trung tâm Chính trị huyện Krông Bông"
PROVINCIAL_SCHOOL = "Trường Chính trị tỉnh Đắk Lắk"
REGIONAL_ACADEMY = "Học viện Chính trị khu vực III"
DISTRICT_UNTIL = datetime.date(2025, 6, 30)
# Probationary members whose course for new members is missing, or under way.
WITHOUT_COURSE = "Nguyễn Thị Hoài Thương"
IN_PROGRESS = "Phan Ngọc Bảo Trâm"

NAMES = {
    Kind.AWARENESS: "Lớp bồi dưỡng nhận thức về Đảng",
    Kind.NEW_MEMBER: "Lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới",
    Kind.ELEMENTARY: "Lớp sơ cấp lý luận chính trị",
    Kind.INTERMEDIATE: "Lớp trung cấp lý luận chính trị (hệ không tập trung)",
    Kind.ADVANCED: "Lớp cao cấp lý luận chính trị (hệ không tập trung)",
}
# Theory courses, highest first: (kind, where in the years since admission it starts, how many
# days it lasts, certificate prefix).
THEORY = [
    (Kind.ADVANCED, 0.8, 300, "CC"),
    (Kind.INTERMEDIATE, 0.55, 240, "TC"),
    (Kind.ELEMENTARY, 0.3, 60, "SC"),
]
# The theory courses a level on the record stands for.
LEVELS_INCLUDED = {
    TheoryLevel.ELEMENTARY: {Kind.ELEMENTARY},
    TheoryLevel.INTERMEDIATE: {Kind.ELEMENTARY, Kind.INTERMEDIATE},
    TheoryLevel.ADVANCED: {Kind.ELEMENTARY, Kind.INTERMEDIATE, Kind.ADVANCED},
}
DAY = datetime.timedelta(days=1)


def _short_course_school(start: datetime.date) -> str:
    return DISTRICT_CENTRE if start <= DISTRICT_UNTIL else PROVINCIAL_SCHOOL


class DemoTraining:
    def __init__(self, committee, *, by, today: datetime.date):
        self.committee, self.by, self.today = committee, by, today
        self.recorded = 0

    def seed(self) -> str:
        members = Member.objects.filter(committee=self.committee, status__in=ON_ROLL).order_by("pk")
        have = set(
            TrainingCourse.objects.filter(member__committee=self.committee).values_list(
                "member_id", "kind"
            )
        )
        for number, member in enumerate(members, start=1):
            if not member.admitted_on:
                continue
            for kind, start, end, certificate in self._courses(member, number):
                if (member.pk, kind) in have or start > self.today:
                    continue
                self._record(member, kind, start, end, certificate)
        return self.summary()

    def _courses(self, member, number: int):
        """(kind, start, end or None, certificate number) of her courses, highest level first."""
        admitted, today = member.admitted_on, self.today
        span = (today - admitted).days
        for kind, at, days, prefix in THEORY:
            if kind not in LEVELS_INCLUDED.get(member.theory_level, set()):
                continue
            start = admitted + datetime.timedelta(days=int(span * at))
            end = min(start + datetime.timedelta(days=days), today - 30 * DAY)
            if end > start:
                yield kind, start, end, f"{prefix}-{number:05d}"
        if member.full_name == IN_PROGRESS:
            yield Kind.NEW_MEMBER, max(today - 3 * DAY, admitted), None, ""
        elif member.full_name != WITHOUT_COURSE:
            start = admitted + 60 * DAY
            yield Kind.NEW_MEMBER, start, start + 6 * DAY, f"{number:03d}/GCN-ĐVM"
        start = admitted - 120 * DAY
        yield Kind.AWARENESS, start, start + 4 * DAY, f"{number:03d}/GCN-NT"

    def _record(self, member, kind, start, end, certificate):
        if end is not None and end > self.today:
            end, certificate = None, ""
        if kind == Kind.ADVANCED:
            institution = REGIONAL_ACADEMY
        elif kind == Kind.INTERMEDIATE:
            institution = PROVINCIAL_SCHOOL
        else:
            institution = _short_course_school(start)
        services.course_record(
            member=member,
            by=self.by,
            kind=kind,
            name=NAMES[kind],
            institution=institution,
            start_date=start,
            end_date=end,
            certificate_number=certificate,
            certificate_date=end if certificate else None,
        )
        self.recorded += 1

    def summary(self) -> str:
        courses = TrainingCourse.objects.filter(member__committee=self.committee).standing()
        return (
            f"Political-theory training: {courses.count()} courses "
            f"({self.recorded} recorded this run); {WITHOUT_COURSE} has not attended the course "
            f"for new members, {IN_PROGRESS} is attending it."
        )


def seed_training(committee, *, by, today: datetime.date) -> str:
    return DemoTraining(committee, by=by, today=today).seed()
