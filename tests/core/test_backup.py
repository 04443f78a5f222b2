"""Backups that restore (issue 21, `core/backup.py`, `manage.py backup` / `restore`), on the
database the suite runs on: SQLite (restores into plain new files) and PostgreSQL (into scratch
databases beside the test database). The backup taken while minutes are being saved:
tests/core/test_backup_postgres.py.

The data is built and committed once for the module (a backup is refused inside the test's
transaction), backed up by the command, and removed again before the tests run.
"""

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import sqlite3
import tarfile
from pathlib import Path
from types import SimpleNamespace

import psycopg2
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone, translation

from core import backup
from core.backup import BackupError, backup_create, backup_restore
from meetings.models import AgendaItem, Contribution, Document, Minutes
from meetings.planning.documents import document_add
from meetings.record.attendance import recording_start
from meetings.record.minutes import ContributionText, ItemText, minutes_save
from members.models import Member
from tests.db_state import party_tables, row_counts
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    UserFactory,
)

KEY = Fernet.generate_key().decode()
MINUTES_TEXT = "Chi bộ thống nhất kế hoạch học tập Nghị quyết; giao đồng chí Bí thư triển khai."
PDF = b"%PDF-1.4\n%chibo backup test\n" + bytes(range(256))
ENGINE = "sqlite" if connection.vendor == "sqlite" else "postgresql"
OTHER_ENGINE = "postgresql" if ENGINE == "sqlite" else "sqlite"
DATABASE = backup.DATABASE_MEMBER[ENGINE]


class Scratch:
    """A database of the test database's engine to restore into: a new SQLite file, or a new
    PostgreSQL database on the test database's server (dropped by `drop`)."""

    def __init__(self, folder: Path, name: str):
        if ENGINE == "sqlite":
            self.settings = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(folder / f"{name}.sqlite3"),
            }
        else:
            self.settings = {**connection.settings_dict, "NAME": f"chibo_bk_{name}_{os.getpid()}"}
            self._admin(f'DROP DATABASE IF EXISTS "{self.settings["NAME"]}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.settings["NAME"]}"')

    def _admin(self, statement: str) -> None:
        admin = psycopg2.connect(**backup._pg_connect_params({**self.settings, "NAME": "postgres"}))
        try:
            admin.autocommit = True
            with admin.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin.close()

    def drop(self) -> None:
        if ENGINE == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.settings["NAME"]}" WITH (FORCE)')

    def query(self, statement: str, params=()) -> list[tuple]:
        if ENGINE == "sqlite":
            with contextlib.closing(
                sqlite3.connect(f"file:{self.settings['NAME']}?mode=ro", uri=True)
            ) as db:
                return db.execute(statement.replace("%s", "?"), params).fetchall()
        params_ = backup._pg_connect_params(self.settings)
        with contextlib.closing(psycopg2.connect(**params_)) as db, db.cursor() as cursor:
            cursor.execute(statement, params)
            return [tuple(row) for row in cursor.fetchall()]

    def fingerprint(self):
        """Changes with any restore: the file's bytes; PostgreSQL: the tables' storage (a
        restore recreates them) and their row counts."""
        if ENGINE == "sqlite":
            return _sha256(Path(self.settings["NAME"]))
        return self.query(
            "SELECT c.relname, c.relfilenode, COALESCE(s.n_live_tup, 0) FROM pg_class c "
            "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 1"
        )


@pytest.fixture(autouse=True)
def _english():
    """The assertions name the English source strings (the commands speak LANGUAGE_CODE, set to
    "en" where they run)."""
    with translation.override("en"):
        yield


@pytest.fixture
def scratch(tmp_path):
    database = Scratch(tmp_path, "new")
    yield database
    database.drop()


def _build():
    """A committee, two cells, members, a meeting with minutes and an uploaded document."""
    committee = CommitteeFactory()
    cells = [CellFactory(committee=committee) for _n in range(2)]
    members = [MemberFactory(committee=committee, cell=cells[n % 2]) for n in range(6)]
    user = UserFactory()
    meeting = MeetingFactory(
        cell=cells[0], status="published", date=timezone.localdate() - datetime.timedelta(days=9)
    )
    item = AgendaItemFactory(meeting=meeting)
    document = document_add(
        meeting=meeting,
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
        title="Kế hoạch",
        by=user,
    )
    recording_start(meeting=meeting, by=user)
    minutes_save(
        meeting=meeting,
        version=1,
        by=user,
        items={
            item.pk: ItemText(
                summary=MINUTES_TEXT,
                contributions=[ContributionText(f"m{members[0].pk}", "Tán thành.")],
            )
        },
    )
    return SimpleNamespace(member=members[0], item=item, document=document)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): _sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    base = tmp_path_factory.mktemp("backup")
    media, out = base / "media", base / "out"
    out.mkdir()
    # Archives of earlier days, to be pruned (by name and age only).
    month_ago = timezone.now().timestamp() - 40 * 24 * 3600
    old, recent, other = (
        out / "chibo-20200101-000000.tar.gz",
        out / "chibo-20200102-000000.tar.gz.enc",
        out / "notes.txt",
    )
    for path in (old, recent, other):
        path.write_bytes(b"x")
    os.utime(old, (month_ago, month_ago))
    os.utime(other, (month_ago, month_ago))
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), LANGUAGE_CODE="en"),
    ):
        try:
            built = _build()
            tables = party_tables()
            counts = row_counts(tables)
            applied = {}
            for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
                applied.setdefault(app, []).append(name)
            backup_output = io.StringIO()
            call_command("backup", "--output-dir", str(out), stdout=backup_output)
            (archive,) = (p for p in out.glob("chibo-*.tar.gz") if p != old)
            encrypted = backup_create(output_dir=base / "encrypted", key=KEY).path
            media_before = _listing(media)
            # The command onto Django's own database (holding the same data): replaced in place,
            # the uploaded files that were there kept beside the restored ones.
            restore_output = io.StringIO()
            call_command("restore", str(archive), "--replace", "--no-input", stdout=restore_output)
            counts_after = row_counts(tables)
            # A database that is not empty, for the refusals.
            populated = Scratch(base, "populated")
            backup_restore(archive, database=populated.settings, media_root=base / "pmedia")
        finally:
            call_command("flush", interactive=False, verbosity=0)
    yield SimpleNamespace(
        base=base,
        media=media,
        media_before=media_before,
        archive=archive,
        encrypted=encrypted,
        built=built,
        counts=counts,
        applied=applied,
        counts_after=counts_after,
        backup_output=backup_output.getvalue(),
        restore_output=restore_output.getvalue(),
        old=old,
        recent=recent,
        other=other,
        populated=populated,
        populated_media=base / "pmedia",
    )
    populated.drop()


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


# --- backup ------------------------------------------------------------------------------


def test_the_backup_command_writes_one_archive_with_its_manifest(world):
    archive = world.archive
    assert backup.ARCHIVE_NAME.match(archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert f"Backup written: {archive}" in world.backup_output
    assert "Not encrypted (BACKUP_KEY is not set)." in world.backup_output
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        stored = tar.extractfile(f"media/{world.built.document.file.name}").read()
    document_name = f"media/{world.built.document.file.name}"
    assert names[0] == DATABASE and names[-1] == "manifest.json"
    assert document_name in names
    assert stored == PDF
    manifest = _manifest(archive)
    assert manifest["format"] == "chibo-backup" and manifest["engine"] == ENGINE
    assert manifest["files"][document_name] == {
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }
    assert manifest["migrations"] == world.applied
    # The counts of the manifest are those of the database when it was backed up.
    for label, table in party_tables():
        assert manifest["tables"][table] == world.counts[label], label
    assert manifest["tables"][Member._meta.db_table] == 6


def test_the_backup_command_deletes_only_old_archives(world):
    assert "Deleted 1 archive older than 30 days." in world.backup_output
    assert not world.old.exists()
    assert world.recent.exists() and world.other.exists()


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused_cleanly(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup", "--output-dir", str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_generate_key_prints_a_fernet_key():
    out = io.StringIO()
    call_command("backup", "--generate-key", stdout=out)
    Fernet(out.getvalue().strip())


def test_our_tables_are_those_of_our_apps():
    tables = backup.party_tables()
    assert {Member._meta.db_table, Minutes._meta.db_table, "members_historicalmember"} <= tables
    assert not {"django_session", "auth_permission", "django_content_type"} & tables


# --- restore -----------------------------------------------------------------------------


def test_restore_into_an_empty_database_gives_back_every_record_and_file(world, scratch, tmp_path):
    media = tmp_path / "media"
    result = backup_restore(world.archive, database=scratch.settings, media_root=media)
    assert result.mismatches == {}
    assert result.media_kept_at is None and result.migrations_missing == []
    for label, table in party_tables():
        assert scratch.query(f'SELECT COUNT(*) FROM "{table}"') == [(world.counts[label],)], label
    member = world.built.member
    assert scratch.query(
        f"SELECT full_name FROM {Member._meta.db_table} WHERE id = %s", [member.pk]
    ) == [(member.full_name,)]
    assert scratch.query(
        f"SELECT summary FROM {AgendaItem._meta.db_table} WHERE id = %s", [world.built.item.pk]
    ) == [(MINUTES_TEXT,)]
    assert scratch.query(f"SELECT text FROM {Contribution._meta.db_table}") == [("Tán thành.",)]
    assert scratch.query(f"SELECT version FROM {Minutes._meta.db_table}") == [(2,)]
    ((name,),) = scratch.query(f"SELECT file FROM {Document._meta.db_table}")
    assert (media / name).read_bytes() == PDF
    assert _listing(media) == world.media_before


def test_the_restore_command_replaces_its_own_database_and_keeps_the_old_files(world):
    assert world.counts_after == world.counts
    assert "every count matches the archive's manifest" in world.restore_output
    kept = next(world.base.glob("media.before-restore-*"))
    assert f"kept in {kept}" in world.restore_output
    assert _listing(kept) == world.media_before == _listing(world.media)


def test_a_database_that_is_not_empty_is_replaced_only_when_told(world, scratch, tmp_path):
    media, database = tmp_path / "media", scratch.settings
    backup_restore(world.archive, database=database, media_root=media)
    (media / "left-over.txt").write_text("cũ")
    before, files = scratch.fingerprint(), _listing(media)
    with pytest.raises(BackupError, match="is not empty: nothing was changed"):
        backup_restore(world.archive, database=database, media_root=media)
    with pytest.raises(BackupError, match="cancelled"):
        backup_restore(
            world.archive,
            database=database,
            media_root=media,
            replace=True,
            confirm=lambda n: False,
        )
    assert scratch.fingerprint() == before and _listing(media) == files
    asked = []
    result = backup_restore(
        world.archive,
        database=database,
        media_root=media,
        replace=True,
        confirm=lambda name: asked.append(name) or True,
    )
    assert asked == [database["NAME"]] and result.mismatches == {}
    assert _listing(result.media_kept_at) == files
    assert result.media_kept_at.name.startswith("media.before-restore-")
    assert _listing(media) == world.media_before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("media")) == [
        "media",
        result.media_kept_at.name,
    ]


def test_an_encrypted_archive_restores_with_its_key(world, scratch, tmp_path):
    data = world.encrypted.read_bytes()
    assert world.encrypted.name.endswith(".tar.gz.enc")
    assert data.startswith(backup.MAGIC) and b"manifest.json" not in data
    result = backup_restore(
        world.encrypted, key=KEY, database=scratch.settings, media_root=tmp_path / "media"
    )
    assert result.mismatches == {} and result.rows == sum(
        _manifest(world.archive)["tables"].values()
    )
    assert _listing(tmp_path / "media") == world.media_before


# --- bad archives: refused with a clear message, nothing changed -------------------------------


def _craft(path: Path, members: dict[str, bytes], **manifest) -> Path:
    """A tar.gz of these members and a manifest matching them (changed by `manifest`)."""
    files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
        if name != "manifest.json"
    }
    content = {
        "format": "chibo-backup",
        "format_version": 1,
        "engine": ENGINE,
        "database": DATABASE,
        "migrations": {},
        "tables": {},
        "files": files,
        **manifest,
    }
    members = {"manifest.json": json.dumps(content).encode(), **members}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _damage(world, tmp_path, how):
    """(archive, key) of a bad archive, and the message it must be refused with."""
    good = world.archive.read_bytes()
    path = tmp_path / "chibo-20250101-000000.tar.gz"
    with tarfile.open(world.archive, "r:gz") as tar:
        database = tar.extractfile(DATABASE).read()
    key = None
    if how == "truncated":
        path.write_bytes(good[: len(good) // 2])
        message = "is damaged or cut short"
    elif how == "corrupt byte":
        data = bytearray(good)
        data[len(data) // 3] ^= 0xFF
        path.write_bytes(bytes(data))
        message = "is damaged or cut short|does not match its checksum"
    elif how == "text file":
        path.write_text("Đây không phải là bản sao lưu.\n")
        message = "is damaged or cut short"
    elif how == "empty file":
        path.write_bytes(b"")
        message = "is damaged or cut short"
    elif how == "no manifest":
        with tarfile.open(path, "w:gz") as tar:
            info = tarfile.TarInfo(DATABASE)
            info.size = len(database)
            tar.addfile(info, io.BytesIO(database))
        message = "has no manifest"
    elif how == "manifest not json":
        with tarfile.open(path, "w:gz") as tar:
            info = tarfile.TarInfo("manifest.json")
            info.size = 3
            tar.addfile(info, io.BytesIO(b"{x]"))
        message = "manifest of .* is not valid"
    elif how == "changed member":
        _craft(path, {DATABASE: database, "media/a.pdf": PDF})
        with tarfile.open(path, "r:gz") as tar:
            manifest = json.loads(tar.extractfile("manifest.json").read())
        manifest["files"]["media/a.pdf"]["sha256"] = "0" * 64
        _craft(path, {DATABASE: database, "media/a.pdf": PDF}, files=manifest["files"])
        message = "media/a.pdf in .* does not match its checksum"
    elif how == "file not in manifest":
        _craft(path, {DATABASE: database})
        with tarfile.open(path, "r:gz") as tar:
            files = json.loads(tar.extractfile("manifest.json").read())["files"]
        _craft(path, {DATABASE: database, "media/extra.pdf": PDF}, files=files)
        message = "do not match its manifest"
    elif how == "unsafe path":
        _craft(path, {DATABASE: database, "media/../../evil.txt": b"x"})
        message = "unsafe path"
    elif how == "other engine":
        other = backup.DATABASE_MEMBER[OTHER_ENGINE]
        _craft(path, {other: b"x"}, engine=OTHER_ENGINE, database=other)
        message = f"holds a {OTHER_ENGINE} database and the target database is {ENGINE}"
    elif how == "newer code":
        _craft(path, {DATABASE: database}, migrations={"members": ["9999_future"]})
        message = r"newer version of chibo \(migrations this code does not have: members.9999"
    elif how == "newer format":
        _craft(path, {DATABASE: database}, format_version=2)
        message = "backup format 2"
    elif how == "wrong key":
        path = world.encrypted
        key = Fernet.generate_key().decode()
        message = "cannot be decrypted: the key is not the one"
    elif how == "no key":
        path = world.encrypted
        message = "is encrypted: set BACKUP_KEY"
    elif how == "invalid key":
        path, key = world.encrypted, "not-a-key"
        message = "BACKUP_KEY is not a valid key"
    elif how == "tampered encrypted":
        data = bytearray(world.encrypted.read_bytes())
        data[len(data) // 2] ^= 0x01
        path = tmp_path / "chibo-20250101-000000.tar.gz.enc"
        path.write_bytes(bytes(data))
        key, message = KEY, "cannot be decrypted"
    elif how == "truncated encrypted":
        path = tmp_path / "chibo-20250101-000000.tar.gz.enc"
        path.write_bytes(world.encrypted.read_bytes()[:-10])
        key, message = KEY, "is damaged or cut short"
    elif how == "missing":
        path, message = tmp_path / "nowhere.tar.gz", "is not a file"
    return path, key, message


FAULTS = [
    "truncated",
    "corrupt byte",
    "text file",
    "empty file",
    "no manifest",
    "manifest not json",
    "changed member",
    "file not in manifest",
    "unsafe path",
    "other engine",
    "newer code",
    "newer format",
    "wrong key",
    "no key",
    "invalid key",
    "tampered encrypted",
    "truncated encrypted",
    "missing",
]


@pytest.mark.parametrize("how", FAULTS)
def test_a_bad_archive_is_refused_and_changes_nothing(world, tmp_path, how):
    path, key, message = _damage(world, tmp_path, how)
    before, files = world.populated.fingerprint(), _listing(world.populated_media)
    beside = sorted(p.name for p in world.base.iterdir())
    with pytest.raises(BackupError, match=message):
        backup_restore(
            path,
            key=key,
            replace=True,
            database=world.populated.settings,
            media_root=world.populated_media,
        )
    assert world.populated.fingerprint() == before
    assert _listing(world.populated_media) == files
    # No half-restored folder left beside MEDIA_ROOT.
    assert sorted(p.name for p in world.base.iterdir()) == beside


@pytest.mark.parametrize("how", ["truncated", "text file", "no manifest", "wrong key"])
def test_the_restore_command_refuses_a_bad_archive_with_a_message(
    world, tmp_path, how, settings, django_db_blocker
):
    """Through the command, onto the test database itself: a CommandError, no traceback, no row
    and no file changed."""
    path, key, message = _damage(world, tmp_path, how)
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.pdf").write_bytes(PDF)
    settings.LANGUAGE_CODE, settings.MEDIA_ROOT, settings.BACKUP_KEY = "en", str(media), key or ""
    with django_db_blocker.unblock():
        before = row_counts(party_tables(every_app=True))
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), "--replace", "--no-input", stdout=io.StringIO())
        assert row_counts(party_tables(every_app=True)) == before
    assert _listing(media) == {"a.pdf": _sha256(media / "a.pdf")}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {path.name, "media"} if path.parent == tmp_path else {"media"}
    )


@pytest.mark.django_db(transaction=True)
def test_the_restore_command_asks_before_replacing(world, monkeypatch, settings):
    """The test database is not empty (a member): refused without --replace; with it, the
    question is asked and "no" changes nothing."""
    settings.LANGUAGE_CODE = "en"
    MemberFactory()
    with pytest.raises(CommandError, match="is not empty: nothing was changed"):
        call_command("restore", str(world.archive), stdout=io.StringIO())
    questions = []
    monkeypatch.setattr("builtins.input", lambda q: questions.append(q) or "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(world.archive), "--replace", stdout=io.StringIO())
    assert len(questions) == 1 and "will be replaced" in questions[0]
    assert Member.objects.count() == 1


def test_a_gzip_stream_cut_at_its_end_is_refused(world, scratch, tmp_path):
    """Cut in the gzip trailer alone (every tar block whole): the manifest and checksums hold,
    yet the file is not whole."""
    data = world.archive.read_bytes()
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[:-4])
    with gzip.open(path) as stream, pytest.raises(EOFError):
        stream.read()
    with pytest.raises(BackupError, match="is damaged or cut short"):
        backup_restore(
            path,
            database=scratch.settings,
            media_root=tmp_path / "m",
        )
    assert not (tmp_path / "m").exists()


def test_settings_have_a_backup_folder_and_no_key_by_default():
    assert Path(settings.BACKUP_DIR).name == "backups"
    assert settings.BACKUP_KEY == ""


def test_postgresql_tools_get_the_password_from_the_environment_only():
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "chibo",
        "USER": "chibo",
        "PASSWORD": "bí mật",
        "HOST": "db.example.vn",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require", "server_side_binding": True},
    }
    line = backup._pg_tool("pg_dump", database, "--format=custom")
    assert line == [
        "pg_dump",
        "--host=db.example.vn",
        "--port=5433",
        "--username=chibo",
        "--format=custom",
    ]
    assert "bí mật" not in " ".join(line)
    environment = backup._pg_env(database)
    assert environment["PGPASSWORD"] == "bí mật" and environment["PGSSLMODE"] == "require"
    assert backup._pg_connect_params(database) == {
        "dbname": "chibo",
        "user": "chibo",
        "password": "bí mật",
        "host": "db.example.vn",
        "port": "5433",
        "sslmode": "require",
    }
    with pytest.raises(BackupError, match="support SQLite and PostgreSQL only"):
        backup._engine({"ENGINE": "django.db.backends.mysql"})


def test_a_failing_or_missing_tool_gives_a_message():
    with pytest.raises(BackupError, match=r"false failed \(exit status 1\)"):
        backup._run_pg_tool(["false"], {})
    with pytest.raises(BackupError, match="chibo-no-such-tool was not found"):
        backup._run_pg_tool(["chibo-no-such-tool"], {})


def test_keep_days_zero_keeps_every_archive(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    old = tmp_path / "chibo-20200101-000000.tar.gz"
    old.write_bytes(b"x")
    os.utime(old, (0, 0))
    assert backup.prune(tmp_path, 0) == [] and old.exists()
    assert backup.prune(tmp_path, 1) == [old] and not old.exists()
    with pytest.raises(CommandError, match="--keep-days must be 0 or more"):
        call_command("backup", "--keep-days", "-1", stdout=io.StringIO())
