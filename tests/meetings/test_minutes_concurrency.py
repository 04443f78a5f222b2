"""Two people saving the same minutes at once: one save lands, the other is refused as stale.

PostgreSQL only (SQLite serialises writers, so the race cannot happen there).
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from meetings.models import Contribution, Minutes
from meetings.record.attendance import recording_start
from meetings.record.minutes import ContributionText, ItemText, StaleMinutes, minutes_save
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: needs true concurrency"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_saves_on_the_same_version_only_one_lands():
    cell = CellFactory()
    speaker = MemberFactory(committee=cell.committee, cell=cell)
    meeting = MeetingFactory(
        cell=cell, status="published", date=timezone.localdate() - datetime.timedelta(days=40)
    )
    item = AgendaItemFactory(meeting=meeting)
    user = UserFactory()
    recording_start(meeting=meeting, by=user)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text):
        try:
            barrier.wait()
            minutes_save(
                meeting=meeting,
                version=1,
                by=user,
                items={
                    item.pk: ItemText(
                        summary=text,
                        contributions=[ContributionText(f"m{speaker.pk}", text)],
                    )
                },
            )
            outcomes.append("saved")
        except StaleMinutes as error:
            outcomes.append(("stale", error.current_version))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("Bản của A", "Bản của B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == sorted(["saved", ("stale", 2)], key=str)
    assert Minutes.objects.get(meeting=meeting).version == 2
    # The winner's text is whole: one contribution, matching the summary.
    item.refresh_from_db()
    texts = list(Contribution.objects.filter(agenda_item=item).values_list("text", flat=True))
    assert texts == [item.summary]
