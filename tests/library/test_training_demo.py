"""The demo's training records (`demo/training.py`) on a few of the demo's people: every member
gets her courses, her theory level does not move, the two probationary stories hold, and a second
run writes nothing. (The whole demo is seeded by tests/demo; this stays fast.)"""

import datetime

import pytest
from django.utils import timezone

from demo import training as demo_training
from library.models import TrainingCourse
from members.models import Member
from tests.factories import CellFactory, CommitteeFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def people():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)

    def person(name, level, admitted, recognised, **kwargs):
        return MemberFactory(
            committee=committee,
            cell=cell,
            full_name=name,
            theory_level=level,
            admitted_on=admitted,
            recognised_on=recognised,
            status="official" if recognised else "probationary",
            **kwargs,
        )

    probation = TODAY - datetime.timedelta(days=200)
    return {
        "committee": committee,
        "by": UserFactory(),
        "lam": person("Nguyễn Công Lam", "advanced", D(1998, 5, 19), D(1999, 5, 24)),
        "nhung": person("Trần Thị Hồng Nhung", "intermediate", D(2009, 3, 26), D(2010, 3, 29)),
        "thinh": person("Huỳnh Đức Thịnh", "none", D(2023, 3, 24), D(2024, 3, 28)),
        "thuong": person(demo_training.WITHOUT_COURSE, "none", probation, None, card_number=None),
        "tram": person(
            demo_training.IN_PROGRESS,
            "none",
            probation,
            None,
            card_number=None,
            date_of_birth=D(2000, 3, 2),
        ),
    }


def kinds(member):
    return sorted(TrainingCourse.objects.filter(member=member).values_list("kind", flat=True))


def test_every_member_gets_her_courses_and_keeps_her_level(people):
    history = {name: people[name].history.count() for name in ("lam", "nhung", "thinh")}
    summary = demo_training.seed_training(people["committee"], by=people["by"], today=TODAY)
    assert "recorded this run" in summary
    assert kinds(people["lam"]) == [
        "advanced",
        "awareness",
        "elementary",
        "intermediate",
        "new_member",
    ]
    assert kinds(people["nhung"]) == ["awareness", "elementary", "intermediate", "new_member"]
    assert kinds(people["thinh"]) == ["awareness", "new_member"]
    for name, level in (("lam", "advanced"), ("nhung", "intermediate"), ("thinh", "none")):
        assert Member.objects.get(pk=people[name].pk).theory_level == level
        assert people[name].history.count() == history[name]
    # The awareness course before admission, the course for new members during probation.
    lam = {c.kind: c for c in TrainingCourse.objects.filter(member=people["lam"])}
    assert lam["awareness"].end_date < D(1998, 5, 19) < lam["new_member"].start_date
    assert lam["awareness"].institution == demo_training.DISTRICT_CENTRE
    assert lam["advanced"].institution == demo_training.REGIONAL_ACADEMY
    assert lam["elementary"].end_date < lam["intermediate"].start_date
    assert lam["intermediate"].end_date < lam["advanced"].start_date


def test_the_two_probationary_stories(people):
    demo_training.seed_training(people["committee"], by=people["by"], today=TODAY)
    assert kinds(people["thuong"]) == ["awareness"]
    tram = TrainingCourse.objects.get(member=people["tram"], kind="new_member")
    assert tram.end_date is None and tram.start_date <= TODAY
    # Admitted after 1/7/2025: the provincial school ran her awareness course.
    awareness = TrainingCourse.objects.get(member=people["tram"], kind="awareness")
    assert awareness.institution == demo_training.PROVINCIAL_SCHOOL or (
        awareness.start_date <= demo_training.DISTRICT_UNTIL
    )


def test_a_second_run_writes_nothing(people):
    demo_training.seed_training(people["committee"], by=people["by"], today=TODAY)
    count = TrainingCourse.objects.count()
    summary = demo_training.seed_training(people["committee"], by=people["by"], today=TODAY)
    assert "(0 recorded this run)" in summary
    assert TrainingCourse.objects.count() == count
