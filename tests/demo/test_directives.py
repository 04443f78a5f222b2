"""The demo's directive (`demo/directives.py`): published two months ago with a study campaign in
every committee under the commune, part done in the school; a second run writes nothing."""

import datetime

import pytest
from django.utils import timezone

from demo.directives import NUMBER, SCHOOL, seed_directives
from library.models import StudyParticipant
from reports import directives
from reports.models import Directive
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_seed_directives_publishes_once_with_part_of_the_school_done():
    today = timezone.localdate()
    commune = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    for name, members in ((SCHOOL, 6), ("Đảng bộ Trạm Y tế xã Krông Bông", 2)):
        committee = CommitteeFactory(name=name)
        SuperiorBodyFactory(
            committee=committee, superior=commune, valid_from=datetime.date(2025, 7, 1)
        )
        cell = CellFactory(committee=committee)
        for _ in range(members):
            MemberFactory(committee=committee, cell=cell)
    system = UserFactory()

    line = seed_directives(commune, by=system, today=today)

    directive = Directive.objects.get(superior=commune, number=NUMBER)
    assert directive.issued_on < today - datetime.timedelta(days=55)
    assert directive.study_deadline > today
    (progress,) = directives.directive_progress([directive])
    done = {entry.name: (entry.done, entry.participants) for entry in progress.committees}
    assert done == {SCHOOL: (4, 6), "Đảng bộ Trạm Y tế xã Krông Bông": (0, 2)}
    assert "sent to 2 committees" in line

    rows = StudyParticipant.objects.count()
    assert "already there" in seed_directives(commune, by=system, today=today)
    assert Directive.objects.count() == 1 and StudyParticipant.objects.count() == rows
