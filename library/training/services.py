"""Writes to a member's political-theory training (DOMAIN §14): record a course
(`course_record`), correct it (`course_update`), archive one recorded by mistake
(`course_archive`). One function per operation, validated, saved in one transaction with the
acting user as `by` (the audit history); a refused operation raises
`ValidationError({field: message})` and saves nothing.

Her theory level on the record (`Member.theory_level`) follows from her courses — the one rule,
written once here (`theory_level_from_courses`):

    Once a *completed* theory course (elementary, intermediate, advanced, bachelor — archived or
    not) has been recorded for her, the courses decide: her level is the highest level among her
    completed, non-archived theory courses, and "none" when none is left. Until then — no course
    at all, or only courses still in progress or of other kinds (awareness, new members, other) —
    her level stays what was entered on her record or imported.

So a higher course raises it, archiving that course lowers it back to the next highest, and a
course recorded by mistake can be undone. Recording only a lower course for a member whose level
came from the import lowers it: the pages say so after the save (`CourseSaved.level_lowered`).
The level is saved through `members.services.member_update` (history kept), only when it changes.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from library.models import TrainingCourse
from members.models import Member, TheoryLevel
from members.services import member_update

# How far ahead a course may start (she is enrolled in a course starting soon).
DAYS_AHEAD = 365
# The levels from lowest to highest; a bachelor's degree in political theory (cử nhân) ranks with
# and above the advanced level (cao cấp).
LEVEL_ORDER = (
    TheoryLevel.NONE,
    TheoryLevel.ELEMENTARY,
    TheoryLevel.INTERMEDIATE,
    TheoryLevel.ADVANCED,
    TheoryLevel.BACHELOR,
)
COURSE_FIELDS = (
    "kind",
    "name",
    "institution",
    "start_date",
    "end_date",
    "certificate_number",
    "certificate_date",
)


def level_rank(level: str) -> int:
    """0 for none, 1 elementary … 4 bachelor; an unknown value counts as none."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else 0


def highest_level(kinds) -> str:
    """The highest theory level the course `kinds` give (pure); "none" when none gives one."""
    levels = [TrainingCourse.LEVELS[kind] for kind in kinds if kind in TrainingCourse.LEVELS]
    return max(levels, key=level_rank, default=TheoryLevel.NONE)


def theory_level_from_courses(rows) -> str | None:
    """The rule (module docstring) on plain values: `rows` are (kind, archived, end_date) of her
    theory courses. None: no completed theory course was ever recorded — the level stays."""
    completed = [(kind, archived) for kind, archived, end_date in rows if end_date is not None]
    if not completed:
        return None
    return highest_level(kind for kind, archived in completed if not archived)


@dataclass(frozen=True)
class CourseSaved:
    """What a write did: the course, and her theory level before and after it."""

    course: TrainingCourse
    level_before: str
    level_after: str

    @property
    def level_changed(self) -> bool:
        return self.level_before != self.level_after

    @property
    def level_lowered(self) -> bool:
        return level_rank(self.level_after) < level_rank(self.level_before)

    @property
    def level_label(self) -> str:
        return TheoryLevel(self.level_after).label


def _lock(member: Member) -> Member:
    """Her row locked until the transaction ends: two writes to her courses cannot both compute
    her level from what the other has not saved yet."""
    return Member.objects.select_for_update().select_related("committee").get(pk=member.pk)


def _date_label(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check(member: Member, course: TrainingCourse) -> None:
    """Every rule of one course, with its message next to its field."""
    errors = {}
    today = timezone.localdate()
    born = member.date_of_birth
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    if course.kind not in TrainingCourse.Kind.values:
        errors["kind"] = _("Choose the kind of course.")
    start, end, certified = course.start_date, course.end_date, course.certificate_date
    if not isinstance(start, datetime.date):
        errors["start_date"] = _("Enter the date the course starts.")
    elif born and start <= born:
        errors["start_date"] = _("A course cannot start before her date of birth (%(date)s).") % {
            "date": _date_label(born)
        }
    elif start > today + datetime.timedelta(days=DAYS_AHEAD):
        errors["start_date"] = _("A course recorded here starts within a year from today.")
    if end is not None:
        if end > today:
            errors["end_date"] = _(
                "The end date cannot be in the future: leave it empty until she completes "
                "the course."
            )
        elif "start_date" not in errors and isinstance(start, datetime.date) and end < start:
            errors["end_date"] = _("A course cannot end before it starts.")
    if (course.certificate_number or certified) and end is None and "end_date" not in errors:
        errors["end_date"] = _(
            "Give the end date: a certificate is issued when the course is completed."
        )
    if certified is not None:
        if born and certified <= born:
            errors["certificate_date"] = _(
                "A certificate cannot be dated before her date of birth (%(date)s)."
            ) % {"date": _date_label(born)}
        elif certified > today:
            errors["certificate_date"] = _("The date cannot be in the future.")
        elif end is not None and "end_date" not in errors and certified < end:
            errors["certificate_date"] = _(
                "The certificate cannot be dated before the course ends."
            )
    if errors:
        raise ValidationError(errors)


def _clean_text(value) -> str:
    return " ".join(str(value or "").split())


def _refresh_level(member: Member, *, by) -> tuple[str, str]:
    """Apply the rule (module docstring) to her saved courses: (level before, level after)."""
    before = member.theory_level
    rows = TrainingCourse.objects.theory().filter(member=member)
    level = theory_level_from_courses(rows.values_list("kind", "archived", "end_date"))
    if level is None or level == before:
        return before, before
    member_update(member=member, by=by, theory_level=level)
    return before, level


def _save_course(member: Member, course: TrainingCourse, *, by) -> CourseSaved:
    course.name = _clean_text(course.name)
    course.institution = _clean_text(course.institution)
    course.certificate_number = _clean_text(course.certificate_number)
    _check(member, course)
    course.member = member
    _save(course, by=by)
    before, after = _refresh_level(member, by=by)
    return CourseSaved(course=course, level_before=before, level_after=after)


@transaction.atomic
def course_record(
    *,
    member: Member,
    by,
    kind: str,
    start_date: datetime.date,
    name: str = "",
    institution: str = "",
    end_date: datetime.date | None = None,
    certificate_number: str = "",
    certificate_date: datetime.date | None = None,
) -> CourseSaved:
    """Record a course she attended (or is attending: no end date yet)."""
    member = _lock(member)
    course = TrainingCourse(
        member=member,
        kind=kind,
        name=name,
        institution=institution,
        start_date=start_date,
        end_date=end_date,
        certificate_number=certificate_number,
        certificate_date=certificate_date,
        recorded_by=by,
    )
    return _save_course(member, course, by=by)


@transaction.atomic
def course_update(*, course: TrainingCourse, by, **data) -> CourseSaved:
    """Correct a course (any of `COURSE_FIELDS`); an archived course is not changed."""
    unexpected = set(data) - set(COURSE_FIELDS)
    if unexpected:
        raise ValidationError(_("These details of a course cannot be changed here."))
    member = _lock(course.member)
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if course.archived:
        raise ValidationError(_("This course is archived; it can no longer be changed."))
    for field, value in data.items():
        setattr(course, field, value)
    return _save_course(member, course, by=by)


@transaction.atomic
def course_archive(*, course: TrainingCourse, by) -> CourseSaved:
    """Take a course recorded by mistake off her record (its history stays); her level follows."""
    member = _lock(course.member)
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if course.archived:
        raise ValidationError(_("This course is already archived."))
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    course.archived = True
    course.member = member
    _save(course, by=by)
    before, after = _refresh_level(member, by=by)
    return CourseSaved(course=course, level_before=before, level_after=after)
