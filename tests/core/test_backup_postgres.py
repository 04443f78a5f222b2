"""A backup taken while a secretary keeps saving minutes restores to a consistent state (issue 21,
"Faults and bad input"): one `pg_dump` snapshot, whose row counts in the manifest agree with what
is restored. PostgreSQL only (SQLite serialises writers: its backup API copies between two
commits by construction). Every other backup test runs on both: tests/core/test_backup.py.
"""

import threading

import pytest
from django.db import connection, connections

from core.backup import backup_create, backup_restore
from meetings.models import AgendaItem, Contribution, Minutes
from meetings.record.minutes import ContributionText, ItemText, minutes_save
from tests.core.test_backup import Scratch, _build
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: pg_dump and pg_restore"
    ),
]


@pytest.fixture
def scratch(tmp_path):
    database = Scratch(tmp_path, "concurrent")
    yield database
    database.drop()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_minutes_are_saved_restores_consistently(scratch, tmp_path, settings):
    """A thread saves the minutes again and again (each save its own committed transaction,
    through the service): the archive holds each save wholly or not at all — the minutes'
    version, their history and the item's text agree — and its counts are those restored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    built = _build()
    meeting, item = built.item.meeting, built.item
    speaker = f"m{built.member.pk}"
    contribution = Contribution.objects.get(agenda_item=item).pk
    user = UserFactory()
    saves, stop, error = [], threading.Event(), []

    def keep_saving():
        version = Minutes.objects.get(meeting=meeting).version
        try:
            while not stop.is_set():
                text = f"Bản lưu thứ {version + 1}"
                version = minutes_save(
                    meeting=meeting,
                    version=version,
                    by=user,
                    items={
                        item.pk: ItemText(
                            summary=text,
                            contributions=[ContributionText(speaker, text, id=contribution)],
                        )
                    },
                ).version
                saves.append(version)
        except Exception as raised:  # reported below, in the test's thread
            error.append(raised)
        finally:
            connections.close_all()

    thread = threading.Thread(target=keep_saving)
    thread.start()
    try:
        while len(saves) < 3 and thread.is_alive():
            thread.join(0.01)
        result = backup_create(output_dir=tmp_path / "out", media_root=tmp_path / "media")
        seen = len(saves)
        while len(saves) < seen + 3 and thread.is_alive():
            thread.join(0.01)
    finally:
        stop.set()
        thread.join()
    assert error == []

    restored = backup_restore(
        result.path, database=scratch.settings, media_root=tmp_path / "restored"
    )
    assert restored.mismatches == {}
    assert restored.restored == result.tables
    ((version,),) = scratch.query(
        f"SELECT version FROM {Minutes._meta.db_table} WHERE meeting_id = %s", [meeting.pk]
    )
    assert 4 <= version < saves[-1]
    minutes_history = scratch.query(
        f"SELECT MAX(version), COUNT(*) FROM {Minutes.history.model._meta.db_table} "
        "WHERE meeting_id = %s",
        [meeting.pk],
    )
    assert minutes_history == [(version, version)]
    text = f"Bản lưu thứ {version}"
    assert scratch.query(
        f"SELECT summary FROM {AgendaItem._meta.db_table} WHERE id = %s", [item.pk]
    ) == [(text,)]
    assert scratch.query(f"SELECT text FROM {Contribution._meta.db_table}") == [(text,)]
