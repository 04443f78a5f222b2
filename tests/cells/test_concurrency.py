"""Rules across rows hold under concurrent writes (PostgreSQL only: SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cells import services
from cells.models import Term
from tests.factories import CommitteeFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: needs true concurrency"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_terms_created_at_once_only_one_wins():
    committee = CommitteeFactory()
    user = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def create(name):
        try:
            barrier.wait()
            services.term_create(
                committee=committee,
                by=user,
                name=name,
                start_date=datetime.date(2025, 7, 1),
                end_date=datetime.date(2030, 6, 30),
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Term.objects.filter(committee=committee).count() == 1
