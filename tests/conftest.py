"""Shared fixtures: the personas of DESIGN §3 and small helpers; the order the two xdist workers
take the modules in."""

from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation
from simple_history.manager import HistoryDescriptor

from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    TermFactory,
    UserFactory,
)
from tests.reports.committee_year import build_world

PERSONAS = [
    "anonymous",
    "member",
    "member_other_cell",
    "cell_secretary",
    "secretary_other_cell",
    "committee_officer",
    "committee_clerk",
    "observer",
    "officer_other_committee",
    # Officers of a superior (issue 22): of the test committee's superior, and of another one.
    "superior_officer",
    "superior_other",
    "superuser",
]


TESTS_DIR = Path(__file__).resolve().parent
# The modules that take longest are handed out first, so that the two workers finish together
# (`--dist loadfile` gives each worker whole modules, in the order collected, DESIGN §7): the
# browser tests, the URL × persona walks, the 500-row import, the demo seeds.
HEAVY_FIRST = (
    "e2e/",
    "test_access_matrix.py",
    "test_hostile_input.py",
    "test_view_rules.py",
    "test_form_fuzz.py",
    "members/test_imports.py",
    "demo/",
    "core/test_migrations_postgres.py",
)


def pytest_collection_modifyitems(config, items):
    """The heaviest modules first (a stable sort: each module's tests keep their order)."""

    def rank(item) -> int:
        path = Path(str(item.path)).resolve().relative_to(TESTS_DIR).as_posix()
        return next((i for i, p in enumerate(HEAVY_FIRST) if path.startswith(p)), len(HEAVY_FIRST))

    items.sort(key=rank)


# django-simple-history builds a new manager class (`Manager.from_queryset`, ~0.25 ms) on every
# `Model.history` access — once per saved record, in its post_save handler. The class depends only
# on the descriptor, so the tests build it once per descriptor; the manager it returns is the same.
_history_manager_classes = {}


def _history_get(self, instance, owner):
    manager_class = _history_manager_classes.get(self)
    if manager_class is None:
        manager_class = self.manager_class.from_queryset(self.queryset_class)
        _history_manager_classes[self] = manager_class
    return manager_class(self.model, instance)


HistoryDescriptor.__get__ = _history_get


# The migrations that make what the models cannot say: PostgreSQL's trigram indexes (DESIGN §9).
SQL_ONLY_MIGRATIONS = (
    "members.migrations.0003_member_name_trigram_index",
    "library.migrations.0002_search_trigram_index",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With `--no-migrations` the tables come straight from the models (each worker saves the
    ~30 s of replaying every migration); the migrations above then run their own functions, so the
    database has what it has after `migrate` (on SQLite they do nothing)."""
    if request.config.getoption("nomigrations"):
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            for name in SQL_ONLY_MIGRATIONS:
                import_module(name).create_trigram_index(None, editor)
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the password-reset limits count in it) and in the
    site's language: a request in English leaves English active in the thread after it."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def page_cache():
    """The page-part cache (`core.versions`) on, in a memory of its own emptied for the test (it is
    off in the suite: the database is rolled back after each test, a cache is not)."""
    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-test"}
    with override_settings(PAGE_CACHE=True, CACHES={**settings.CACHES, "pages": pages}):
        caches["pages"].clear()
        yield caches["pages"]


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around the whole test module, rolled back when the module ends.

    A module-scoped fixture that requests it builds its data once for the module; each test then
    runs in a savepoint inside it (pytest-django's `db`), so whatever a test writes is undone
    before the next. Hand each test `copy.deepcopy` of the built objects (as Django's
    `setUpTestData` does), so that a test changing an instance in memory changes no other test's.
    The module's tests must not be transactional (`transaction=True`).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def committee_year(module_db):
    """The committee's year of `tests/reports/committee_year.py` (the compliance matrix, the key
    numbers and the dashboard's panels are checked on it), built once per module; each test runs
    in its own savepoint inside, so a test's settings change never reaches the next."""
    committee = CommitteeFactory()
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    return build_world(committee, officer)


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def other_committee(db):
    return CommitteeFactory()


@pytest.fixture
def cell(committee):
    return CellFactory(committee=committee)


@pytest.fixture
def term(committee):
    return TermFactory(committee=committee)


@pytest.fixture
def officer(committee):
    return CommitteeRoleFactory(committee=committee, role="officer").user


@pytest.fixture
def observer(committee):
    return CommitteeRoleFactory(committee=committee, role="observer").user


@pytest.fixture
def clerk(committee):
    return CommitteeRoleFactory(committee=committee, role="clerk").user


@pytest.fixture
def outsider(other_committee):
    """An officer of another committee."""
    return CommitteeRoleFactory(committee=other_committee, role="officer").user


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
