"""The committed migrations build the database on PostgreSQL (DESIGN §7).

Both legs of the suite create their tables straight from the models (`--no-migrations`: each
worker saves the half minute of replaying every migration; `tests/conftest.py` then runs the
migrations that make what the models cannot say, the trigram indexes). So the migrations
themselves are replayed once here, on a new PostgreSQL database, the way a server runs them
(`manage.py migrate` in its own process): they apply, leave nothing unapplied, make the same
tables as the models, and the trigram indexes. SQLite replays them in `make run`, in
tests/cells/test_superior_migration.py (the data migration) and in the deployment test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.core.test_backup import Scratch

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: the migrations on PostgreSQL"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
TRIGRAM_INDEXES = {"members_member_name_trgm", "library_document_search_trgm"}


def _manage(database, *args):
    settings = database.settings
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh(tmp_path):
    database = Scratch(tmp_path, "migrate")
    yield database
    database.drop()


@pytest.mark.django_db
def test_the_migrations_build_what_the_models_say(fresh):
    done = _manage(fresh, "migrate", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr
    check = _manage(fresh, "migrate", "--check", "-v", "0")
    assert check.returncode == 0, check.stdout + check.stderr

    tables = {
        row[0]
        for row in fresh.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'django_migrations'"
        )
    }
    assert tables == set(connection.introspection.table_names()) - {"django_migrations"}
    indexes = {row[0] for row in fresh.query("SELECT indexname FROM pg_indexes")}
    assert indexes >= TRIGRAM_INDEXES
