"""Read queries of political-theory training (DOMAIN §14) that the training pages, the member
record, the probation watch and the recognition vote's page share. Each carries its own
`select_related`/`prefetch_related`; none checks the user beyond the scoping it is given
(`library.access` answers who may see what).

"Completed the course for new members" means a non-archived course of that kind with an end
date (on or before a given day when one is given) — the one definition, `_new_member_done`.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from cells.rules import rules_for
from library.models import TrainingCourse
from library.training.services import LEVEL_ORDER, level_rank, theory_level_from_courses
from members.models import ON_ROLL, Member, Position, Status, TheoryLevel
from members.services import probation_ends_on

Kind = TrainingCourse.Kind
PAGE_SIZE = 25
# The level a member holding a cell or committee office is expected to reach (DOMAIN §14: "officers
# are often required to reach a level for their post"). A constant until the committee asks for a
# setting: officers below it are listed as due for the elementary course.
# The lists of the "Training due" page, in the order of its tabs.
DUE_LISTS = ("new_member", "officers", "awareness")


def _new_member_done(member_ref, on: datetime.date | None = None):
    courses = TrainingCourse.objects.standing().completed(on).filter(kind=Kind.NEW_MEMBER)
    return Exists(courses.filter(member=member_ref))


def _new_member_started(member_ref):
    courses = TrainingCourse.objects.standing().filter(kind=Kind.NEW_MEMBER, end_date__isnull=True)
    return Exists(courses.filter(member=member_ref))


def member_courses(member: Member, *, user, archived: bool = False) -> list[TrainingCourse]:
    """Her courses the user may see (`TrainingCourse.objects.visible_to`), oldest first; the
    archived ones too with `archived` — one query."""
    courses = TrainingCourse.objects.visible_to(user).filter(member=member)
    if not archived:
        courses = courses.standing()
    return list(courses.select_related("recorded_by").order_by("start_date", "pk"))


def new_member_course_missing(member_ids, *, on: datetime.date | None = None) -> set[int]:
    """Those of `member_ids` without a completed course for new members (by `on` when given) —
    one query, whatever their number (the probation watch)."""
    ids = set(member_ids)
    if not ids:
        return set()
    done = (
        TrainingCourse.objects.standing()
        .completed(on)
        .filter(kind=Kind.NEW_MEMBER, member_id__in=ids)
    )
    return ids - set(done.values_list("member_id", flat=True))


def without_new_member_course(member_ids, *, on: datetime.date | None = None) -> list[Member]:
    """The members of `member_ids` who had not completed the course for new members by `on`,
    by name, each with `course_started` (a course in progress) — one query (the recognition
    vote's page: DOMAIN §14, recognition expects the course; the app warns, the body decides)."""
    ids = set(member_ids)
    if not ids:
        return []
    return list(
        Member.objects.filter(pk__in=ids)
        .exclude(_new_member_done(OuterRef("pk"), on))
        .annotate(course_started=_new_member_started(OuterRef("pk")))
        .only("pk", "full_name", "name_sort")
        .ordered()
    )


def level_follows_courses(member: Member) -> bool:
    """Her theory level on the record follows from her courses (a completed theory course was
    recorded: the rule of `library.training.services`), so it is not typed by hand. One query."""
    rows = TrainingCourse.objects.theory().filter(member=member)
    return theory_level_from_courses(rows.values_list("kind", "archived", "end_date")) is not None


def levels_below(level: str) -> list[str]:
    return [value for value in LEVEL_ORDER if level_rank(value) < level_rank(level)]


@dataclass
class TrainingDue:
    """Who is due for which course in a committee (the "Training due" page).

    - `new_member`: probationary members without a completed course for new members, with the
      day their probation ends and whether a course is in progress (DOMAIN §14);
    - `officers`: members holding a current cell or committee office below the committee's
      `officer_min_theory_level` (a setting, elementary by default)
      on their record, with their offices (due for the elementary course);
    - `awareness`: members on the roll with no awareness course recorded (informational: most
      were admitted before the app; hosted members are recorded by their own committee).
    """

    which: str
    page: Page
    counts: dict[str, int] = field(default_factory=dict)
    min_level: str = TheoryLevel.ELEMENTARY


def _due_querysets(committee, today: datetime.date, min_level: str) -> dict:
    members = Member.objects.filter(committee=committee)
    offices = Position.objects.active_on(today)
    awareness = TrainingCourse.objects.standing().filter(kind=Kind.AWARENESS)
    return {
        "new_member": members.filter(status=Status.PROBATIONARY).exclude(
            _new_member_done(OuterRef("pk"))
        ),
        "officers": members.filter(
            status__in=ON_ROLL,
            theory_level__in=levels_below(min_level),
        ).filter(Exists(offices.filter(member=OuterRef("pk")))),
        "awareness": members.filter(status__in=ON_ROLL)
        .exclude(status=Status.TEMPORARY)
        .exclude(Exists(awareness.filter(member=OuterRef("pk")))),
    }


def training_due(
    committee,
    *,
    which: str = DUE_LISTS[0],
    page_number=None,
    today: datetime.date | None = None,
    per_page: int = PAGE_SIZE,
) -> TrainingDue:
    """One page of one list of `TrainingDue`, and the size of every list: four queries (five for
    the officers' offices), whatever the number of members."""
    today = today or timezone.localdate()
    which = which if which in DUE_LISTS else DUE_LISTS[0]
    rules = rules_for(committee)
    lists = _due_querysets(committee, today, rules.officer_min_theory_level)
    counts = Member.objects.filter(committee=committee).aggregate(
        **{
            name: Count("pk", filter=Q(pk__in=queryset.values("pk")))
            for name, queryset in lists.items()
        }
    )
    rows = lists[which].with_current_cell()
    if which == "new_member":
        rows = rows.annotate(course_started=_new_member_started(OuterRef("pk"))).order_by(
            "admitted_on", "name_sort", "pk"
        )
    elif which == "officers":
        current = Position.objects.active_on(today).select_related("cell").order_by("role", "pk")
        rows = rows.prefetch_related(
            Prefetch("positions", queryset=current, to_attr="current_positions")
        ).ordered()
    else:
        rows = rows.ordered()
    page = Paginator(rows, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    if which == "new_member":
        for member in page.object_list:
            member.probation_ends = (
                probation_ends_on(member.admitted_on, rules) if member.admitted_on else None
            )
    return TrainingDue(
        which=which, page=page, counts=counts, min_level=rules.officer_min_theory_level
    )
