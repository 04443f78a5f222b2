"""Two resolutions adopted at the same moment get consecutive, distinct numbers (DOMAIN §6).

PostgreSQL only (SQLite serialises writers, so the race cannot happen there). The numbering
service locks the term row before taking max + 1; without that lock both transactions would read
the same maximum and one would fail on the unique constraint.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from meetings.decisions import resolutions as services
from meetings.models import Motion, Resolution
from meetings.record.attendance import recording_start
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    MeetingFactory,
    TermFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: needs true concurrency"
    ),
]


def _held(cell, day, user):
    meeting = MeetingFactory(cell=cell, date=day, status="published")
    AgendaItemFactory(meeting=meeting)
    recording_start(meeting=meeting, by=user)
    return meeting


def _passed(meeting, text):
    return Motion.objects.create(
        meeting=meeting,
        kind="ordinary",
        method="hands",
        text=text,
        yes=5,
        no=0,
        abstain=0,
        official_count=5,
        denominator=5,
        eligible_present=5,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        passed=True,
        working="5 tán thành > 5/2 → thông qua",
    )


def _adopt_at_once(motions, user):
    barrier = threading.Barrier(len(motions))
    outcomes = []

    def adopt(motion):
        try:
            barrier.wait()
            resolution = services.resolution_adopt(
                motion=motion, title=f"về {motion.text}", content="Nội dung.", by=user
            )
            outcomes.append(resolution.number)
        except ValidationError as error:  # pragma: no cover - the assertion names it
            outcomes.append(("refused", error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=adopt, args=(m,)) for m in motions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_votes_of_one_meeting_adopted_at_once():
    cell = CellFactory()
    TermFactory(committee=cell.committee)
    user = UserFactory()
    meeting = _held(cell, datetime.date(2026, 3, 5), user)
    motions = [_passed(meeting, "việc A"), _passed(meeting, "việc B")]
    assert sorted(_adopt_at_once(motions, user)) == [1, 2]
    numbers = sorted(Resolution.objects.filter(cell=cell).values_list("number", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_meetings_of_one_cell_adopting_at_once():
    """Different meetings hold different minutes locks: only the term lock keeps them apart."""
    cell = CellFactory()
    TermFactory(committee=cell.committee)
    user = UserFactory()
    first = _held(cell, datetime.date(2026, 3, 5), user)
    second = _held(cell, datetime.date(2026, 4, 6), user)
    motions = [_passed(first, "việc A"), _passed(second, "việc B")]
    assert sorted(_adopt_at_once(motions, user)) == [1, 2]
    codes = sorted(Resolution.objects.filter(cell=cell).values_list("number", flat=True))
    assert codes == [1, 2]
