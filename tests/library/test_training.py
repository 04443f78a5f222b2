"""Political-theory training (DOMAIN §14): the writes (`library/training/services.py`) — the theory
level rule in both directions, bad input refused with its message and nothing saved — and the
reads (`library/training/selectors.py`): who has not completed the course for new members, who is
due for which course, whose courses a user sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cells.rules import rules_for
from library.models import TrainingCourse
from library.training import selectors, services
from members.access import forget
from members.models import Member
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    TrainingCourseFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
BORN = D(1985, 5, 10)  # MemberFactory's date of birth


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    member = MemberFactory(committee=committee, cell=cell, theory_level="none")
    return {"committee": committee, "cell": cell, "officer": officer, "member": member}


def record(w, member=None, **kwargs):
    values = {
        "kind": "elementary",
        "name": "Lớp sơ cấp lý luận chính trị khóa 12",
        "institution": "Trung tâm Chính trị huyện Krông Bông",
        "start_date": D(2018, 3, 1),
        "end_date": D(2018, 5, 1),
        "certificate_number": "123/SC",
        "certificate_date": D(2018, 5, 15),
    }
    values.update(kwargs)
    return services.course_record(member=member or w["member"], by=w["officer"], **values)


def level_of(member) -> str:
    return Member.objects.get(pk=member.pk).theory_level


# --- the level rule, on plain values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "level"),
    [
        ([], "none"),
        (["awareness", "new_member", "other"], "none"),
        (["elementary"], "elementary"),
        (["intermediate", "elementary"], "intermediate"),
        (["elementary", "advanced", "intermediate"], "advanced"),
        (["advanced", "bachelor"], "bachelor"),
    ],
)
def test_the_highest_course_decides(kinds, level):
    assert services.highest_level(kinds) == level


def test_the_rule_on_plain_values():
    done, later = D(2020, 1, 1), None
    rule = services.theory_level_from_courses
    # No completed theory course ever recorded: the level stays (None).
    assert rule([]) is None
    assert rule([("advanced", False, later)]) is None
    # Completed ones decide; archived ones do not count, but make the courses decide.
    assert rule([("elementary", False, done), ("advanced", False, later)]) == "elementary"
    assert rule([("intermediate", True, done), ("elementary", False, done)]) == "elementary"
    assert rule([("intermediate", True, done)]) == "none"


# --- the level on her record -------------------------------------------------------------------


def test_a_completed_course_sets_her_level_and_keeps_the_history(world):
    saved = record(world)
    assert saved.course.pk and saved.course.recorded_by == world["officer"]
    assert (saved.level_before, saved.level_after) == ("none", "elementary")
    assert saved.level_changed and not saved.level_lowered
    member = Member.objects.get(pk=world["member"].pk)
    assert member.theory_level == "elementary"
    last = member.history.first()
    assert last.theory_level == "elementary" and last.history_user == world["officer"]
    assert saved.course.history.first().history_user == world["officer"]


def test_a_higher_course_raises_it_and_archiving_it_lowers_it_to_the_next_highest(world):
    record(world)
    intermediate = record(
        world,
        kind="intermediate",
        start_date=D(2021, 9, 1),
        end_date=D(2022, 6, 30),
        certificate_date=D(2022, 7, 15),
    )
    assert level_of(world["member"]) == "intermediate"
    archived = services.course_archive(course=intermediate.course, by=world["officer"])
    assert archived.course.archived and archived.level_lowered
    assert level_of(world["member"]) == "elementary"
    assert TrainingCourse.objects.filter(pk=intermediate.course.pk, archived=True).exists()


def test_an_imported_level_stays_until_a_completed_theory_course_is_recorded(world):
    member = world["member"]
    Member.objects.filter(pk=member.pk).update(theory_level="intermediate")
    record(world, kind="awareness", start_date=D(2014, 9, 1), end_date=D(2014, 9, 5))
    record(world, kind="new_member", start_date=D(2015, 6, 1), end_date=D(2015, 6, 7))
    in_progress = record(
        world,
        kind="advanced",
        start_date=TODAY - datetime.timedelta(days=30),
        end_date=None,
        certificate_number="",
        certificate_date=None,
    )
    assert not in_progress.level_changed
    assert level_of(member) == "intermediate"
    # She completes it: the courses now decide.
    done = services.course_update(
        course=in_progress.course, by=world["officer"], end_date=TODAY - datetime.timedelta(days=1)
    )
    assert (done.level_before, done.level_after) == ("intermediate", "advanced")
    assert level_of(member) == "advanced"


def test_a_lower_course_for_an_imported_level_lowers_it_and_says_so(world):
    Member.objects.filter(pk=world["member"].pk).update(theory_level="intermediate")
    saved = record(world)
    assert saved.level_lowered and saved.level_label == "Elementary (sơ cấp)"
    assert level_of(world["member"]) == "elementary"


def test_archiving_the_only_theory_course_undoes_it(world):
    saved = record(world)
    services.course_archive(course=saved.course, by=world["officer"])
    assert level_of(world["member"]) == "none"


def test_changing_the_kind_recomputes_the_level(world):
    saved = record(world, kind="intermediate")
    assert level_of(world["member"]) == "intermediate"
    services.course_update(course=saved.course, by=world["officer"], kind="elementary")
    assert level_of(world["member"]) == "elementary"


def test_an_unchanged_level_writes_no_member_history(world):
    record(world)
    rows = world["member"].history.count()
    record(
        world,
        kind="other",
        start_date=D(2019, 1, 1),
        end_date=D(2019, 1, 3),
        certificate_date=D(2019, 1, 3),
    )
    assert world["member"].history.count() == rows


# --- bad input: a clear message, nothing saved -------------------------------------------------


BAD_INPUT = [
    ({"start_date": BORN}, "start_date", "A course cannot start before her date of birth (10/05/1985)."),
    ({"start_date": D(1970, 1, 1), "end_date": None, "certificate_number": "", "certificate_date": None}, "start_date", "before her date of birth"),
    ({"end_date": D(2018, 2, 1)}, "end_date", "A course cannot end before it starts."),
    ({"end_date": TODAY + datetime.timedelta(days=3), "certificate_date": None, "certificate_number": ""}, "end_date", "cannot be in the future"),
    ({"certificate_date": D(1980, 1, 1)}, "certificate_date", "A certificate cannot be dated before her date of birth (10/05/1985)."),
    ({"certificate_date": D(2018, 4, 1)}, "certificate_date", "The certificate cannot be dated before the course ends."),
    ({"certificate_date": TODAY + datetime.timedelta(days=1)}, "certificate_date", "The date cannot be in the future."),
    ({"end_date": None}, "end_date", "a certificate is issued when the course is completed"),
    ({"start_date": TODAY + datetime.timedelta(days=400), "end_date": None, "certificate_number": "", "certificate_date": None}, "start_date", "within a year"),
    ({"kind": "doctorate"}, "kind", "Choose the kind of course."),
    ({"start_date": None}, "start_date", "Enter the date the course starts."),
]  # fmt: skip


@pytest.mark.parametrize(("data", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_and_nothing_is_saved(world, data, field, message):
    with pytest.raises(ValidationError) as refused:
        record(world, **data)
    assert field in refused.value.message_dict
    assert any(message in text for text in refused.value.message_dict[field])
    assert not TrainingCourse.objects.exists()
    assert level_of(world["member"]) == "none"


def test_a_correction_before_her_birth_is_refused_and_nothing_changes(world):
    saved = record(world)
    with pytest.raises(ValidationError) as refused:
        services.course_update(
            course=saved.course, by=world["officer"], kind="intermediate", start_date=D(1984, 1, 1)
        )
    assert "start_date" in refused.value.message_dict
    course = TrainingCourse.objects.get(pk=saved.course.pk)
    assert (course.kind, course.start_date) == ("elementary", D(2018, 3, 1))
    assert level_of(world["member"]) == "elementary"


def test_an_archived_course_is_not_changed_or_archived_again(world):
    saved = record(world)
    services.course_archive(course=saved.course, by=world["officer"])
    with pytest.raises(ValidationError, match="archived"):
        services.course_update(course=saved.course, by=world["officer"], name="Khác")
    with pytest.raises(ValidationError, match="already archived"):
        services.course_archive(course=saved.course, by=world["officer"])


def test_a_former_members_record_is_closed(world):
    Member.objects.filter(pk=world["member"].pk).update(status="transferred_out")
    with pytest.raises(ValidationError, match="former member"):
        record(world)
    assert not TrainingCourse.objects.exists()


def test_only_course_fields_are_changed(world):
    saved = record(world)
    with pytest.raises(ValidationError):
        services.course_update(course=saved.course, by=world["officer"], member=None)


def test_text_is_tidied(world):
    saved = record(world, name="  Lớp   bồi dưỡng  ", certificate_number=" 12/GCN ")
    assert (saved.course.name, saved.course.certificate_number) == ("Lớp bồi dưỡng", "12/GCN")


# --- reads ---------------------------------------------------------------------------------------


def test_who_has_not_completed_the_course_for_new_members(world):
    committee, cell = world["committee"], world["cell"]

    def probationary(**kwargs):
        return MemberFactory(
            committee=committee, cell=cell, status="probationary", recognised_on=None, **kwargs
        )

    done, none, started, archived, late = (probationary() for _ in range(5))
    TrainingCourseFactory(member=done, start_date=D(2015, 6, 1))
    TrainingCourseFactory(member=started, start_date=TODAY, end_date=None, certificate_date=None)
    TrainingCourseFactory(member=archived, archived=True)
    TrainingCourseFactory(member=late, start_date=D(2016, 1, 4))  # ends 11/01/2016
    TrainingCourseFactory(member=none, kind="elementary")  # another kind does not count
    ids = [m.pk for m in (done, none, started, archived, late)]
    assert selectors.new_member_course_missing(ids) == {none.pk, started.pk, archived.pk}
    assert selectors.new_member_course_missing(ids, on=D(2016, 1, 10)) == {
        none.pk,
        started.pk,
        archived.pk,
        late.pk,
    }
    assert selectors.new_member_course_missing([]) == set()
    missing = selectors.without_new_member_course(ids, on=D(2016, 1, 10))
    assert {m.pk: m.course_started for m in missing} == {
        none.pk: False,
        started.pk: True,
        archived.pk: False,
        late.pk: False,
    }
    assert [m.name_sort for m in missing] == sorted(m.name_sort for m in missing)


def test_training_due_lists(world):
    committee, cell = world["committee"], world["cell"]
    term = TermFactory(committee=committee)
    admitted = TODAY - datetime.timedelta(days=200)
    new = MemberFactory(
        committee=committee, cell=cell, status="probationary", admitted_on=admitted,
        recognised_on=None,
    )  # fmt: skip
    trained = MemberFactory(
        committee=committee, cell=cell, status="probationary", admitted_on=admitted,
        recognised_on=None,
    )  # fmt: skip
    TrainingCourseFactory(member=trained, start_date=admitted + datetime.timedelta(days=30))
    TrainingCourseFactory(member=trained, kind="awareness", start_date=D(2014, 1, 1))
    untrained_officer = MemberFactory(committee=committee, cell=cell, theory_level="none")
    PositionFactory(member=untrained_officer, cell=cell, role="cell_deputy", term=term)
    trained_officer = MemberFactory(committee=committee, cell=cell, theory_level="elementary")
    PositionFactory(member=trained_officer, cell=cell, role="cell_secretary", term=term)
    former_office = MemberFactory(committee=committee, cell=cell, theory_level="none")
    PositionFactory(
        member=former_office, cell=cell, role="cell_committee_member", term=term,
        start_date=D(2020, 7, 1), end_date=D(2021, 1, 1),
    )  # fmt: skip
    hosted = MemberFactory(committee=committee, cell=cell, status="temporary")
    MemberFactory(committee=CommitteeFactory(), status="probationary", recognised_on=None)

    due = selectors.training_due(committee)
    assert due.which == "new_member"
    assert [m.pk for m in due.page.object_list] == [new.pk]
    row = due.page.object_list[0]
    assert row.probation_ends == D(admitted.year + 1, admitted.month, admitted.day)
    assert row.current_cell_name == cell.name and row.course_started is False

    officers = selectors.training_due(committee, which="officers").page.object_list
    assert [m.pk for m in officers] == [untrained_officer.pk]
    assert [p.role for p in officers[0].current_positions] == ["cell_deputy"]

    awareness = selectors.training_due(committee, which="awareness").page.object_list
    assert trained.pk not in {m.pk for m in awareness}
    assert hosted.pk not in {m.pk for m in awareness}
    assert world["member"].pk in {m.pk for m in awareness}
    assert due.counts == {
        "new_member": 1,
        "officers": 1,
        "awareness": len(awareness),
    }
    # An unknown list falls back to the first.
    assert selectors.training_due(committee, which="nonsense").which == "new_member"

    # The level an officer should hold is the committee's setting: raised to intermediate, the
    # elementary officer is due too.
    rules = rules_for(committee)
    rules.officer_min_theory_level = "intermediate"
    rules.save()
    committee.refresh_from_db()
    raised = selectors.training_due(committee, which="officers")
    assert raised.min_level == "intermediate"
    assert {m.pk for m in raised.page.object_list} == {untrained_officer.pk, trained_officer.pk}


def test_whose_courses_a_user_sees(world):
    committee, cell = world["committee"], world["cell"]
    other_cell = CellFactory(committee=committee)
    course = TrainingCourseFactory(member=world["member"])
    TrainingCourseFactory(member=world["member"], kind="awareness", archived=True)
    neighbour = member_user(MemberFactory(committee=committee, cell=cell))
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary")
    other_secretary = MemberFactory(committee=committee, cell=other_cell)
    PositionFactory(member=other_secretary, cell=other_cell, role="cell_secretary")
    clerk = CommitteeRoleFactory(committee=committee, role="clerk").user
    observer = CommitteeRoleFactory(committee=committee, role="observer").user
    herself = member_user(world["member"])
    member = world["member"]
    seen = {
        "herself": herself,
        "secretary": member_user(secretary),
        "clerk": clerk,
        "officer": world["officer"],
    }
    for who, user in seen.items():
        forget(user)
        assert [c.pk for c in selectors.member_courses(member, user=user)] == [course.pk], who
    assert len(selectors.member_courses(member, user=herself, archived=True)) == 2
    for user in (neighbour, member_user(other_secretary), observer):
        assert selectors.member_courses(member, user=user) == []
