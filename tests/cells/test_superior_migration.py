"""The data migration of issue 22 (cells 0012–0014): one superior per superior-body name, names
compared without case, accents or extra spaces; reversible.

The suite runs with `--no-migrations`, so this test runs the real migrations itself, with
Django's `MigrationExecutor`, on a database of its own (SQLite in memory, on either leg of CI):
to cells 0011, rows inserted through the historical models, forward to 0014, back to 0012.
"""

import datetime

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import ConnectionHandler
from django.test import override_settings

ALIAS = "superior_migration"
BEFORE = ("cells", "0011_reminder_settings")
LINKED = ("cells", "0013_superior_data")
REQUIRED = ("cells", "0014_superior_required")
UNLINKED = ("cells", "0012_superior")

D = datetime.date


@pytest.fixture
def connection(django_db_blocker):
    """A fresh in-memory SQLite database under its own alias (the migration's `using(alias)`
    finds it), with the project's real migrations (not the suite's `--no-migrations`)."""
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    handler = ConnectionHandler({"default": sqlite, ALIAS: sqlite})
    conn = handler[ALIAS]
    with django_db_blocker.unblock(), override_settings(MIGRATION_MODULES={}):
        connections[ALIAS] = conn
        try:
            yield conn
        finally:
            conn.close()
            del connections[ALIAS]


def _migrate(conn, target):
    executor = MigrationExecutor(conn)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_rows_of_the_same_name_share_one_superior_and_the_reverse_clears_them(connection):
    apps = _migrate(connection, BEFORE)
    Committee = apps.get_model("cells", "Committee")
    SuperiorBody = apps.get_model("cells", "SuperiorBody")
    school, primary, clinic = (
        Committee.objects.using(ALIAS).create(name=name, place_name="Krông Bông")
        for name in ("Đảng bộ Trường THPT", "Chi bộ Trường Tiểu học", "Chi bộ Trạm Y tế")
    )
    rows = {
        "district": (school, "Huyện ủy Krông Bông", D(2001, 2, 23), D(2025, 6, 30)),
        "commune": (school, "Đảng ủy xã Krông Bông", D(2025, 7, 1), None),
        "commune_lower": (primary, "đảng ủy xã krông bông ", D(2025, 7, 1), None),
        "commune_ascii": (clinic, "DANG UY XA  KRONG BONG", D(2025, 7, 1), None),
        "district_2": (primary, "Huyện ủy  Krông Bông", D(2010, 1, 1), D(2025, 6, 30)),
        "ward": (clinic, "Đảng ủy phường Ea Tam", D(2015, 1, 1), D(2025, 6, 30)),
    }
    ids = {
        key: SuperiorBody.objects.using(ALIAS)
        .create(committee=c, name=name, valid_from=start, valid_until=end)
        .pk
        for key, (c, name, start, end) in rows.items()
    }

    apps = _migrate(connection, REQUIRED)
    Superior = apps.get_model("cells", "Superior")
    bodies = {
        body.pk: body for body in apps.get_model("cells", "SuperiorBody").objects.using(ALIAS).all()
    }
    superior_of = {key: bodies[pk].superior_id for key, pk in ids.items()}
    assert superior_of["commune"] == superior_of["commune_lower"] == superior_of["commune_ascii"]
    assert superior_of["district"] == superior_of["district_2"]
    assert len(set(superior_of.values())) == 3
    superiors = {
        s.name: (s.name_key, s.kind, s.report_deadline_day, s.is_active)
        for s in Superior.objects.using(ALIAS)
    }
    # Each named by its best spelling (accents, mixed case; spacing folded), its kind read from
    # the name.
    assert superiors == {
        "Đảng ủy xã Krông Bông": ("dang uy xa krong bong", "commune", 20, True),
        "Huyện ủy Krông Bông": ("huyen uy krong bong", "district", 20, True),
        "Đảng ủy phường Ea Tam": ("dang uy phuong ea tam", "ward", 20, True),
    }
    # The dated names stay as they were typed.
    assert bodies[ids["commune_lower"]].name == "đảng ủy xã krông bông "

    apps = _migrate(connection, UNLINKED)
    SuperiorBody = apps.get_model("cells", "SuperiorBody")
    assert list(SuperiorBody.objects.using(ALIAS).values_list("superior_id", flat=True)) == [
        None
    ] * len(rows)
    # Forward again: the superiors left behind are found by their key, none made twice.
    apps = _migrate(connection, LINKED)
    assert apps.get_model("cells", "Superior").objects.using(ALIAS).count() == 3
    assert (
        not apps.get_model("cells", "SuperiorBody")
        .objects.using(ALIAS)
        .filter(superior__isnull=True)
    )
