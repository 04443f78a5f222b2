"""Backups that restore (issue 21): one archive holding the database and the uploaded files, and
the one way back from it.

Why our own and not django-dbbackup: we want **one** archive holding the database *and* the
uploaded files together with a manifest — format version, database engine, the Django migrations
applied, the row count of every table and the sha256 of every member — that `restore` checks in
full **before** it changes anything (a truncated, corrupt or tampered archive, one made for the
other engine or by a newer version of the code is refused and nothing is touched). On SQLite the
database is copied through SQLite's online backup API (`sqlite3.Connection.backup`), never as a
copy of the open file (which may catch a write half done) and never as SQL text; django-dbbackup
does one or the other. On PostgreSQL it is one `pg_dump` snapshot, and the row counts of the
manifest are counted inside the very snapshot pg_dump dumps (`pg_export_snapshot()`), so a save in
progress is either wholly in the archive or wholly out, and the counts agree with the dump.

The archive: `chibo-<YYYYmmdd-HHMMSS>.tar.gz` holding `database.sqlite3` (SQLite) or
`database.dump` (PostgreSQL, custom format), `media/…` (every file under MEDIA_ROOT) and
`manifest.json` (last). With a key (`BACKUP_KEY`, a Fernet key) the archive is encrypted as
`….tar.gz.enc`: a header line, then the tar.gz in numbered Fernet tokens of 1 MiB each (so a large
media folder never has to fit in memory), the last one marked; Fernet authenticates each token,
so a wrong key, a changed byte, a token reordered, dropped or cut off is refused.

Generic over the installed models: this module imports no app of ours. It is called by the
`backup` and `restore` management commands; every message is translatable text.
"""

import base64
import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
import psycopg2
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2 import sql

from core import versions

FORMAT = "chibo-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA = "media"
SUFFIX = ".tar.gz"
ENCRYPTED_SUFFIX = ".tar.gz.enc"
ARCHIVE_NAME = re.compile(r"^chibo-\d{8}-\d{6}(-\d+)?\.tar\.gz(\.enc)?$")
# The encrypted format: this line, then records of a 4-byte length and a Fernet token (its bytes,
# not their base64) whose plain text is the record's number (8 bytes), a last-record flag (1 byte)
# and up to CHUNK bytes of the tar.gz.
MAGIC = b"chibo-backup-fernet-1\n"
CHUNK = 1024 * 1024
MAX_TOKEN = 4 * CHUNK
MAX_MANIFEST = 64 * 1024 * 1024
COPY_BUFFER = 1024 * 1024
PG_TOOL_TIMEOUT = 6 * 60 * 60


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person at the console."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    engine: str
    encrypted: bool
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    pruned: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class RestoreResult:
    archive: Path
    size: int
    seconds: float
    engine: str
    created_at: str
    expected: dict[str, int]
    restored: dict[str, int]
    media_files: int
    media_kept_at: Path | None
    migrations_missing: list[str]

    @property
    def rows(self) -> int:
        return sum(self.restored.values())

    @property
    def mismatches(self) -> dict[str, tuple[int, int | None]]:
        """{table: (count in the manifest, count restored)} for every table that differs."""
        return {
            table: (count, self.restored.get(table))
            for table, count in self.expected.items()
            if self.restored.get(table) != count
        }


def generate_key() -> str:
    """A new key for BACKUP_KEY."""
    return Fernet.generate_key().decode()


# --- where the data lives ------------------------------------------------------------------


def _engine(settings_dict: dict) -> str:
    name = settings_dict.get("ENGINE", "")
    if "sqlite3" in name:
        return "sqlite"
    if "postgresql" in name or "postgis" in name:
        return "postgresql"
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only, not %(engine)s.") % {"engine": name}
    )


def party_tables() -> set[str]:
    """The tables of the models of our own apps (those whose code lives under BASE_DIR, not in
    an installed package): a database with a row in any of them is not empty."""
    base = Path(settings.BASE_DIR).resolve()
    tables = set()
    for app in apps.get_app_configs():
        path = Path(app.path).resolve()
        if not path.is_relative_to(base) or {"site-packages", "dist-packages"} & set(path.parts):
            continue
        for model in app.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return tables


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(cursor, tables) -> dict[str, int]:
    """{table: rows}, in one query."""
    tables = sorted(tables)
    if not tables:
        return {}
    cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {_quote(t)})" for t in tables))
    return dict(zip(tables, cursor.fetchone(), strict=True))


def _applied_migrations(cursor, tables) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _sqlite_tables(raw) -> set[str]:
    rows = raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name for (name,) in rows}


def _pg_connect_params(db: dict) -> dict:
    params = {
        "dbname": db.get("NAME"),
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    params = {key: value for key, value in params.items() if value}
    django_only = {
        "isolation_level",
        "server_side_binding",
        "pool",
        "assume_role",
        "cursor_factory",
    }
    params.update({k: v for k, v in db.get("OPTIONS", {}).items() if k not in django_only})
    return params


def _pg_tool(command: str, db: dict, *args: str) -> list[str]:
    line = [command]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            line.append(f"{option}={db[key]}")
    return [*line, *args]


def _pg_env(db: dict) -> dict:
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return environment


def _run_pg_tool(line: list[str], db: dict) -> None:
    try:
        done = subprocess.run(
            line,
            env=_pg_env(db),
            capture_output=True,
            text=True,
            timeout=PG_TOOL_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            _("%(tool)s was not found: install the PostgreSQL client tools.") % {"tool": line[0]}
        ) from None
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise BackupError(
            _("%(tool)s failed (exit status %(status)s): %(detail)s")
            % {"tool": line[0], "status": done.returncode, "detail": detail}
        )


def _pg_tables(cursor) -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {name for (name,) in cursor.fetchall()}


# --- backup -------------------------------------------------------------------------------


def _snapshot_sqlite(connection, target: Path) -> tuple[dict, dict]:
    """Copy the database through the online backup API onto `target`; count in the copy."""
    connection.ensure_connection()
    raw = connection.connection
    copy = sqlite3.connect(target)
    try:
        raw.backup(copy)
        tables = _sqlite_tables(copy)
        cursor = copy.cursor()
        return _count_rows(cursor, tables), _applied_migrations(cursor, tables)
    finally:
        copy.close()


def _snapshot_postgresql(db: dict, target: Path) -> tuple[dict, dict]:
    """One pg_dump of one snapshot; the counts taken inside the same snapshot."""
    try:
        connection = psycopg2.connect(**_pg_connect_params(db))
    except psycopg2.Error as error:
        raise BackupError(
            _("Cannot connect to the database: %(error)s") % {"error": str(error).strip()}
        ) from None
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            tables = _pg_tables(cursor)
            counts = _count_rows(cursor, tables)
            migrations = _applied_migrations(cursor, tables)
            # The exporting transaction stays open while pg_dump reads its snapshot.
            _run_pg_tool(
                _pg_tool(
                    "pg_dump",
                    db,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={db['NAME']}",
                ),
                db,
            )
        connection.rollback()
    finally:
        connection.close()
    return counts, migrations


class _HashingReader:
    """A file read by tarfile, hashed on the way."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str, files: dict) -> int:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    files[name] = {"sha256": reader.sha256.hexdigest(), "size": info.size}
    return info.size


def _media_files(media_root: Path):
    """(path, name in the archive) of every regular file under MEDIA_ROOT, in a stable order;
    links are not followed."""
    if not media_root.is_dir():
        return
    for folder, subfolders, names in os.walk(media_root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"


def _archive_path(output_dir: Path, now: datetime.datetime, encrypted: bool) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    suffix = ENCRYPTED_SUFFIX if encrypted else SUFFIX
    path, n = output_dir / f"chibo-{stamp}{suffix}", 0
    while path.exists():
        n += 1
        path = output_dir / f"chibo-{stamp}-{n}{suffix}"
    return path


def _fernet(key: str) -> Fernet:
    try:
        return Fernet(key.strip().encode() if isinstance(key, str) else key)
    except (ValueError, TypeError):
        raise BackupError(
            _("BACKUP_KEY is not a valid key. Make one with “manage.py backup --generate-key”.")
        ) from None


def _encrypt(source: Path, target: Path, key: str) -> None:
    fernet = _fernet(key)
    size = source.stat().st_size
    with source.open("rb") as plain, target.open("wb") as out:
        out.write(MAGIC)
        index, done = 0, 0
        while True:
            chunk = plain.read(CHUNK)
            done += len(chunk)
            last = done >= size
            # The token without its base64 (a third smaller); encoded again to decrypt.
            token = base64.urlsafe_b64decode(
                fernet.encrypt(struct.pack(">Q?", index, last) + chunk)
            )
            out.write(struct.pack(">I", len(token)) + token)
            if last:
                break
            index += 1


def prune(output_dir: Path, keep_days: int, *, now=None, keep: Path | None = None) -> list[Path]:
    """Delete the archives (by their name's pattern only) older than `keep_days` days."""
    if keep_days <= 0 or not output_dir.is_dir():
        return []
    limit = (now or timezone.now()).timestamp() - keep_days * 24 * 60 * 60
    removed = []
    for path in sorted(output_dir.iterdir()):
        if not ARCHIVE_NAME.match(path.name) or path == keep or not path.is_file():
            continue
        if path.stat().st_mtime < limit:
            path.unlink()
            removed.append(path)
    return removed


def backup_create(
    *,
    output_dir: Path | str | None = None,
    key: str | None = None,
    keep_days: int = 0,
    using: str = "default",
    media_root: Path | str | None = None,
    now: datetime.datetime | None = None,
) -> BackupResult:
    """Write an archive of the database `using` and the files under MEDIA_ROOT into
    `output_dir` (BACKUP_DIR); encrypted when a key is given; then delete the archives older
    than `keep_days` days (0: none)."""
    started = time.monotonic()
    now = now or timezone.now()
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connection = connections[using]
    db = connection.settings_dict
    engine = _engine(db)
    if key:
        _fernet(key)  # a bad key is refused before any work
    if connection.in_atomic_block:
        # SQLite's backup API would wait forever for this very connection's write; PostgreSQL's
        # snapshot would leave out what this transaction wrote.
        raise BackupError(_("A backup cannot be taken inside a database transaction."))
    try:
        output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=".backup-", dir=output_dir))
    except OSError as error:
        raise BackupError(
            _("Cannot write into %(folder)s: %(error)s")
            % {"folder": output_dir, "error": error.strerror or error}
        ) from None
    try:
        database = work / DATABASE_MEMBER[engine]
        if engine == "sqlite":
            tables, migrations = _snapshot_sqlite(connection, database)
        else:
            tables, migrations = _snapshot_postgresql(db, database)
        plain = work / f"archive{SUFFIX}"
        files: dict[str, dict] = {}
        media_files = media_bytes = 0
        with tarfile.open(plain, "w:gz", compresslevel=6) as tar:
            _add_file(tar, database, database.name, files)
            for path, name in _media_files(media_root):
                media_bytes += _add_file(tar, path, name, files)
                media_files += 1
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.localtime(now).isoformat(),
                "engine": engine,
                "django": django.get_version(),
                "database": database.name,
                "migrations": migrations,
                "tables": tables,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, _BytesReader(data))
        path = _archive_path(output_dir, now, encrypted=bool(key))
        partial = work / path.name
        if key:
            _encrypt(plain, partial, key)
        else:
            plain.rename(partial)
        partial.chmod(0o600)
        partial.rename(path)
    except (OSError, sqlite3.Error, psycopg2.Error) as error:
        raise BackupError(
            _("The backup could not be written: %(error)s") % {"error": str(error).strip()}
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pruned = prune(output_dir, keep_days, now=now, keep=path)
    return BackupResult(
        path=path,
        size=path.stat().st_size,
        seconds=time.monotonic() - started,
        engine=engine,
        encrypted=bool(key),
        tables=tables,
        media_files=media_files,
        media_bytes=media_bytes,
        pruned=pruned,
    )


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


# --- reading an archive -------------------------------------------------------------------


def _damaged(path: Path) -> BackupError:
    return BackupError(
        _("The archive %(path)s is damaged or cut short; nothing was changed.") % {"path": path}
    )


def _decrypt(source: Path, target: Path, key: str | None) -> None:
    with source.open("rb") as encrypted:
        if encrypted.read(len(MAGIC)) != MAGIC:
            raise BackupError(_("%(path)s is not an encrypted chibo backup.") % {"path": source})
        if not key:
            raise BackupError(
                _(
                    "The archive %(path)s is encrypted: set BACKUP_KEY to the key it was made "
                    "with. Nothing was changed."
                )
                % {"path": source}
            )
        fernet = _fernet(key)
        expected, last = 0, False
        with target.open("wb") as plain:
            while True:
                header = encrypted.read(4)
                if not header and last:
                    return
                if len(header) < 4 or last:
                    raise _damaged(source)
                (length,) = struct.unpack(">I", header)
                token = encrypted.read(length) if length <= MAX_TOKEN else b""
                if len(token) != length or not token:
                    raise _damaged(source)
                try:
                    data = fernet.decrypt(base64.urlsafe_b64encode(token))
                except InvalidToken:
                    raise BackupError(
                        _(
                            "The archive %(path)s cannot be decrypted: the key is not the one it "
                            "was made with, or the file was changed. Nothing was changed."
                        )
                        % {"path": source}
                    ) from None
                if len(data) < 9:
                    raise _damaged(source)
                index, last = struct.unpack(">Q?", data[:9])
                if index != expected:
                    raise _damaged(source)
                expected += 1
                plain.write(data[9:])


def _member_target(name: str, work: Path, staging: Path, engine_members) -> Path | None:
    """Where a member of the archive goes; None for the manifest; BackupError for a name that
    has no place in a backup (absolute, `..`, anything else)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name != path.as_posix():
        raise BackupError(_("The archive holds an unsafe path: %(name)s") % {"name": name})
    if name == MANIFEST:
        return None
    if name in engine_members:
        return work / name
    if len(path.parts) > 1 and path.parts[0] == MEDIA:
        return staging.joinpath(*path.parts[1:])
    raise BackupError(_("The archive holds an unexpected file: %(name)s") % {"name": name})


def _copy_hashed(source, target: Path) -> tuple[str, int]:
    sha256, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(COPY_BUFFER):
            sha256.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return sha256.hexdigest(), size


def _extract(archive: Path, plain: Path, work: Path, staging: Path) -> tuple[dict, dict]:
    """Extract every member (the database into `work`, media into `staging`); return the
    manifest and {name: (sha256, size)} of what was read."""
    seen: dict[str, tuple[str, int]] = {}
    manifest_data = None
    members = set(DATABASE_MEMBER.values())
    try:
        with tarfile.open(plain, "r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isreg():
                    raise BackupError(
                        _("The archive holds an unexpected file: %(name)s") % {"name": member.name}
                    )
                if member.name in seen or (member.name == MANIFEST and manifest_data is not None):
                    raise BackupError(
                        _("The archive holds %(name)s twice.") % {"name": member.name}
                    )
                target = _member_target(member.name, work, staging, members)
                source = tar.extractfile(member)
                if target is None:
                    if member.size > MAX_MANIFEST:
                        raise _damaged(archive)
                    manifest_data = source.read()
                else:
                    seen[member.name] = _copy_hashed(source, target)
            # Read on to the end of the gzip stream: its length and CRC check the whole file.
            while tar.fileobj.read(COPY_BUFFER):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile):
        raise _damaged(archive) from None
    if manifest_data is None:
        raise BackupError(
            _("The archive %(path)s has no manifest: it is not a complete chibo backup.")
            % {"path": archive}
        )
    try:
        manifest = json.loads(manifest_data.decode())
    except (UnicodeDecodeError, ValueError):
        raise BackupError(_("The manifest of %(path)s is not valid.") % {"path": archive}) from None
    return manifest, seen


def _check_manifest(manifest, seen: dict, archive: Path) -> None:
    invalid = BackupError(_("The manifest of %(path)s is not valid.") % {"path": archive})
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise invalid
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise invalid
    if version > FORMAT_VERSION:
        raise BackupError(
            _(
                "%(path)s was written in backup format %(version)s, which this version of chibo "
                "does not know: update chibo first."
            )
            % {"path": archive, "version": version}
        )
    engine, files = manifest.get("engine"), manifest.get("files")
    tables, migrations = manifest.get("tables"), manifest.get("migrations")
    if (
        engine not in DATABASE_MEMBER
        or manifest.get("database") != DATABASE_MEMBER[engine]
        or not isinstance(files, dict)
        or manifest["database"] not in files
        or not isinstance(tables, dict)
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in tables.values())
        or not isinstance(migrations, dict)
        or not all(isinstance(names, list) for names in migrations.values())
    ):
        raise invalid
    if set(files) != set(seen):
        raise BackupError(
            _("The files of %(path)s do not match its manifest; nothing was changed.")
            % {"path": archive}
        )
    for name, entry in files.items():
        if not isinstance(entry, dict) or (entry.get("sha256"), entry.get("size")) != seen[name]:
            raise BackupError(
                _("%(name)s in %(path)s does not match its checksum; nothing was changed.")
                % {"name": name, "path": archive}
            )


def _check_migrations(manifest) -> list[str]:
    """Refuse an archive made by newer code (migrations this code does not have); return the
    migrations of this code the archive lacks (`migrate` applies them after the restore)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    if unknown:
        raise BackupError(
            _(
                "The archive was made by a newer version of chibo (migrations this code does not "
                "have: %(names)s). Update the code first; nothing was changed."
            )
            % {"names": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )
    return sorted(f"{app}.{name}" for app, name in known - applied) if applied else []


# --- restoring ----------------------------------------------------------------------------


class _SqliteTarget:
    engine = "sqlite"

    def __init__(self, connection=None, path: str | None = None):
        if connection is not None:
            connection.ensure_connection()
            self.raw, self.own = connection.connection, False
        else:
            self.raw, self.own = sqlite3.connect(path, isolation_level=None), True
        self.name = path or connection.settings_dict["NAME"]

    def tables(self) -> set[str]:
        return _sqlite_tables(self.raw)

    def has_rows(self, tables) -> bool:
        cursor = self.raw.cursor()
        return any(cursor.execute(f"SELECT 1 FROM {_quote(t)} LIMIT 1").fetchone() for t in tables)

    def counts(self, tables) -> dict[str, int]:
        present = self.tables()
        counts = _count_rows(self.raw.cursor(), [t for t in tables if t in present])
        return {t: counts.get(t) for t in tables}

    def load(self, path: Path) -> None:
        if self.raw.in_transaction:
            raise BackupError(_("A restore cannot run inside a database transaction."))
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(self.raw)
        except sqlite3.Error as error:
            raise BackupError(
                _("The database could not be restored: %(error)s") % {"error": error}
            ) from None
        finally:
            source.close()

    def close(self) -> None:
        if self.own:
            self.raw.close()


class _PostgresTarget:
    engine = "postgresql"

    def __init__(self, db: dict, connection=None):
        self.db, self.django_connection, self.name = db, connection, db["NAME"]

    def _cursor_run(self, work):
        try:
            connection = psycopg2.connect(**_pg_connect_params(self.db))
        except psycopg2.Error as error:
            raise BackupError(
                _("Cannot connect to the database: %(error)s") % {"error": str(error).strip()}
            ) from None
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                return work(cursor)
        finally:
            connection.close()

    def tables(self) -> set[str]:
        return self._cursor_run(_pg_tables)

    def has_rows(self, tables) -> bool:
        def work(cursor):
            for table in tables:
                cursor.execute(sql.SQL("SELECT 1 FROM {} LIMIT 1").format(sql.Identifier(table)))
                if cursor.fetchone():
                    return True
            return False

        return self._cursor_run(work)

    def counts(self, tables) -> dict[str, int]:
        def work(cursor):
            present = _pg_tables(cursor)
            counts = _count_rows(cursor, [t for t in tables if t in present])
            return {t: counts.get(t) for t in tables}

        return self._cursor_run(work)

    def load(self, path: Path) -> None:
        if self.django_connection is not None:
            if self.django_connection.in_atomic_block:
                raise BackupError(_("A restore cannot run inside a database transaction."))
            self.django_connection.close()  # pg_restore drops the tables it would hold
        _run_pg_tool(
            _pg_tool(
                "pg_restore",
                self.db,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={self.db['NAME']}",
                str(path),
            ),
            self.db,
        )

    def close(self) -> None:
        pass


def _target(using: str, database: dict | None):
    connection = connections[using]
    db = database or connection.settings_dict
    engine = _engine(db)
    own = database is None or database.get("NAME") == connection.settings_dict.get("NAME")
    if own and connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a database transaction."))
    if engine == "sqlite":
        return _SqliteTarget(connection=connection) if own else _SqliteTarget(path=db["NAME"])
    return _PostgresTarget(db, connection if own else None)


def is_empty(target) -> bool:
    """Not a row in any table of our apps' models (a new database, with no tables at all or
    just migrated, is empty; Django's own tables — content types, permissions — do not count)."""
    return not target.has_rows(party_tables() & target.tables())


def _swap_media(staging: Path, media_root: Path, stamp: str) -> Path | None:
    """Put the restored files in MEDIA_ROOT's place; the old folder, when it held anything, is
    kept beside it as `<MEDIA_ROOT>.before-restore-<stamp>` (returned)."""
    kept = None
    if media_root.is_symlink() or media_root.is_file():
        raise BackupError(
            _("MEDIA_ROOT %(path)s is not a folder; nothing was changed.") % {"path": media_root}
        )
    if media_root.is_dir():
        if any(media_root.iterdir()):
            kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(kept)
        else:
            media_root.rmdir()
    staging.rename(media_root)
    return kept


def backup_restore(
    archive: Path | str,
    *,
    key: str | None = None,
    replace: bool = False,
    using: str = "default",
    database: dict | None = None,
    media_root: Path | str | None = None,
    confirm: Callable[[str], bool] | None = None,
) -> RestoreResult:
    """Restore `archive` into the database `using` (or the one `database`, a settings dict,
    names) and MEDIA_ROOT, after checking all of it: decryption, every member's sha256 against
    the manifest, the engine, the migrations. A database that is not empty is refused unless
    `replace`; `confirm(target name)` may still say no. Anything refused changes nothing."""
    started = time.monotonic()
    archive = Path(archive)
    media_root = Path(media_root or settings.MEDIA_ROOT).absolute()
    if not archive.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": archive})
    target = _target(using, database)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    try:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f"{media_root.name}.restoring-", dir=media_root.parent)
        )
        staging.chmod(0o755)
        work = Path(tempfile.mkdtemp(prefix="chibo-restore-"))
    except OSError as error:
        target.close()
        raise BackupError(_("The backup could not be read: %(error)s") % {"error": error}) from None
    keep_staging = False
    try:
        try:
            with archive.open("rb") as handle:
                encrypted = handle.read(len(MAGIC)) == MAGIC
            plain = archive
            if encrypted:
                plain = work / f"archive{SUFFIX}"
                _decrypt(archive, plain, key)
            manifest, seen = _extract(archive, plain, work, staging)
            if plain != archive:
                plain.unlink()
        except OSError as error:
            raise BackupError(
                _("The backup could not be read: %(error)s") % {"error": error}
            ) from None
        _check_manifest(manifest, seen, archive)
        if manifest["engine"] != target.engine:
            raise BackupError(
                _(
                    "The archive holds a %(archive)s database and the target database is "
                    "%(target)s: restore it into a %(archive)s database. Nothing was changed."
                )
                % {"archive": manifest["engine"], "target": target.engine}
            )
        missing = _check_migrations(manifest)
        if not is_empty(target) and not replace:
            raise BackupError(
                _(
                    "The database %(name)s is not empty: nothing was changed. To replace what it "
                    "holds with the archive, run the restore again with --replace."
                )
                % {"name": target.name}
            )
        if confirm is not None and not confirm(str(target.name)):
            raise BackupError(_("Restore cancelled; nothing was changed."))
        target.load(work / manifest["database"])
        try:
            kept = _swap_media(staging, media_root, stamp)
        except OSError as error:
            keep_staging = True  # the restored files, for the person at the console to move
            raise BackupError(
                _(
                    "The database was restored, but the uploaded files could not be put in "
                    "place (%(error)s): they are in %(path)s."
                )
                % {"error": error, "path": staging}
            ) from None
        expected = manifest["tables"]
        restored = target.counts(list(expected))
    finally:
        target.close()
        shutil.rmtree(work, ignore_errors=True)
        if not keep_staging:
            shutil.rmtree(staging, ignore_errors=True)
    # Every cached page part was made from the data the archive replaced.
    versions.touch_all(using=using)
    return RestoreResult(
        archive=archive,
        size=archive.stat().st_size,
        seconds=time.monotonic() - started,
        engine=manifest["engine"],
        created_at=manifest.get("created_at", ""),
        expected=expected,
        restored=restored,
        media_files=sum(1 for name in seen if name.startswith(f"{MEDIA}/")),
        media_kept_at=kept,
        migrations_missing=missing,
    )
