"""The replica router (`core/db.py`, DESIGN §8): the dashboards' and reports' reads on the replica.

The router on its own: reads on the replica only inside `replica_reads` and only with a `replica`
alias, never inside a transaction on the primary; writes and migrations always on the primary.
The settings, read in a process of their own, with and without `DATABASE_REPLICA_URL`. Then the
pages through the test client, with the router on and `replica` a test mirror of the primary
(`config/settings_test.py`): the dashboards' and reports' queries go to the replica's connection,
a write view's and a write service's to the primary. Those are transactional tests: the mirror's
connection sees only what is committed.
"""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cells.models import CommitteeSettings
from cells.services import rules_update
from core.db import DEFAULT, REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from members.models import Member
from reports.models import PeriodReport
from reports.services import report_create
from tests.core.settings_probe import settings_in_subprocess
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    TermFactory,
    superior_personas,
)

ROUTER = ReplicaRouter()


# --- the router ---------------------------------------------------------------------------------


def test_reads_go_to_the_replica_only_inside_the_block():
    assert ROUTER.db_for_read(Member) == DEFAULT
    with replica_reads():
        assert ROUTER.db_for_read(Member) == REPLICA
        with replica_reads():
            assert ROUTER.db_for_read(Member) == REPLICA
        assert ROUTER.db_for_read(Member) == REPLICA
    assert ROUTER.db_for_read(Member) == DEFAULT


def test_the_block_ends_even_when_the_view_fails():
    with pytest.raises(ZeroDivisionError), replica_reads():
        1 / 0  # noqa: B018
    assert ROUTER.db_for_read(Member) == DEFAULT


def test_the_decorator_wraps_the_view_only():
    @reads_from_replica
    def view(request, pk):
        """A view."""
        return ROUTER.db_for_read(Member), request, pk

    assert view("request", pk=3) == (REPLICA, "request", 3)
    assert view.__name__ == "view" and view.__doc__ == "A view."
    assert ROUTER.db_for_read(Member) == DEFAULT


def test_another_thread_is_not_switched():
    seen = []
    with replica_reads():
        thread = threading.Thread(target=lambda: seen.append(ROUTER.db_for_read(Member)))
        thread.start()
        thread.join()
    assert seen == [DEFAULT]


def test_without_a_replica_configured_everything_stays_on_the_primary():
    databases = {DEFAULT: settings.DATABASES[DEFAULT]}
    with (
        pytest.warns(UserWarning, match="DATABASES"),
        override_settings(DATABASES=databases),
        replica_reads(),
    ):
        assert ROUTER.db_for_read(Member) == DEFAULT


def test_writes_always_go_to_the_primary():
    assert ROUTER.db_for_write(Member) == DEFAULT
    with replica_reads():
        assert ROUTER.db_for_write(Member) == DEFAULT
        assert ROUTER.db_for_write(Member, instance=Member()) == DEFAULT


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there():
    """A service's reads inside its transaction (here the test's own) read the primary."""
    assert connections[DEFAULT].in_atomic_block
    with replica_reads():
        assert ROUTER.db_for_read(Member) == DEFAULT


def test_relations_across_the_two_and_migrations_on_the_primary_only():
    on_primary, on_replica, elsewhere = Member(), Member(), Member()
    on_primary._state.db, on_replica._state.db, elsewhere._state.db = DEFAULT, REPLICA, "other"
    assert ROUTER.allow_relation(on_primary, on_replica) is True
    assert ROUTER.allow_relation(on_replica, on_replica) is True
    assert ROUTER.allow_relation(on_primary, elsewhere) is None
    assert ROUTER.allow_migrate(DEFAULT, "members") is True
    assert ROUTER.allow_migrate(REPLICA, "members") is False


# --- the settings ---------------------------------------------------------------------------------

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.DATABASES.get('replica'), s.DATABASE_ROUTERS]))"
)


def _settings(**env) -> list:
    return settings_in_subprocess(PRINT_SETTINGS, unset=("DATABASE_REPLICA_URL",), **env)


def test_a_replica_url_adds_the_replica_and_the_router():
    replica, routers = _settings(
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.example:5432/chibo",
        CONN_MAX_AGE="30",
    )
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["NAME"], replica["USER"]) == (
        "replica.example",
        "chibo",
        "reader",
    )
    assert replica["CONN_MAX_AGE"] == 30 and replica["CONN_HEALTH_CHECKS"] is True
    # The test suite makes no second database for it: it reads the primary's.
    assert replica["TEST"]["MIRROR"] == "default"
    assert routers == ["core.db.ReplicaRouter"]


def test_without_it_no_replica_and_no_router():
    assert _settings() == [None, []]


# --- the pages, through the mirror's connection -----------------------------------------------------

ROUTED = pytest.mark.django_db(transaction=True, databases=[DEFAULT, REPLICA])
# Tables only the pages read (the middleware reads the session, the user and her offices).
PAGE_TABLES = ("cells_committee", "meetings_meeting", "reports_periodreport", "cells_superior")


@pytest.fixture
def router_on(settings):
    settings.DATABASE_ROUTERS = ["core.db.ReplicaRouter"]


@pytest.fixture
def world(router_on):
    """A committee under a superior, with a cell, a member, its officer, a monthly report."""
    today = timezone.localdate()
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
    TermFactory(committee=committee, start_date=datetime.date(2020, 7, 1))
    MemberFactory(committee=committee, cell=CellFactory(committee=committee))
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    personas = superior_personas(committee)
    report, _ = report_create(
        committee=committee, kind="month", period_start=today.replace(day=1), by=officer
    )
    return {
        "committee": committee,
        "officer": officer,
        "superior": personas["superior_officer"],
        "superior_pk": committee.superior_bodies.get().superior_id,
        "report": report,
    }


def _get(client, user, url):
    """The response and the SQL each connection ran for it."""
    client.force_login(user)
    with (
        CaptureQueriesContext(connections[DEFAULT]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url)
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def _touches(queries, tables=PAGE_TABLES) -> bool:
    return any(f'"{table}"' in sql for sql in queries for table in tables)


@ROUTED
def test_the_dashboards_and_reports_read_the_replica(client, world, settings):
    committee = world["committee"]
    dashboard = reverse("dashboard:committee", args=[committee.pk])
    pages = [
        (world["officer"], dashboard),
        (world["officer"], reverse("dashboard:report_xlsx", args=[committee.pk])),
        (world["officer"], reverse("dashboard:report_docx", args=[committee.pk])),
        (world["officer"], reverse("reports:docx", args=[world["report"].pk])),
        (world["superior"], reverse("reports:superior_dashboard", args=[world["superior_pk"]])),
        # Her superior's dashboard opens the committee's, read-only.
        (world["superior"], dashboard),
    ]
    for user, url in pages:
        response, primary, replica = _get(client, user, url)
        assert response.status_code == 200, url
        # The page's own reads, on the replica's connection, which sees the committed rows.
        assert _touches(replica), url
        assert not _touches(primary), (url, primary)
    assert committee.name in _get(client, world["officer"], dashboard)[0].content.decode()
    # Without the router (no replica configured) the same page reads the primary.
    settings.DATABASE_ROUTERS = []
    response, primary, replica = _get(client, world["officer"], dashboard)
    assert response.status_code == 200
    assert _touches(primary) and replica == []


@ROUTED
def test_writes_go_to_the_primary(client, world):
    """A page that writes (creating a report: a POST, not wrapped) uses the primary only; a
    write service called inside the block reads and writes the primary too."""
    committee = world["committee"]
    client.force_login(world["officer"])
    month = (world["report"].period_start - datetime.timedelta(days=1)).replace(day=1)
    url = reverse("reports:create", args=[committee.pk])
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.post(url, {"period": f"month:{month.isoformat()}"})
    assert response.status_code == 302
    assert PeriodReport.objects.filter(period_start=month).exists()
    assert len(replica) == 0

    with (
        CaptureQueriesContext(connections[DEFAULT]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
        replica_reads(),
    ):
        # Outside a transaction, a read of the block goes to the replica…
        assert CommitteeSettings.objects.filter(committee=committee).count() == 0
        # …the service's reads and writes, in its transaction, to the primary.
        rules_update(committee=committee, by=world["officer"], upload_max_mb=7)
        with transaction.atomic():
            assert CommitteeSettings.objects.get(committee=committee).upload_max_mb == 7
    assert len(replica) == 1 and '"cells_committeesettings"' in replica[0]["sql"]
    assert any(sql["sql"].startswith("INSERT") for sql in primary)
