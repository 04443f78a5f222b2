"""Shared fixtures: the personas of DESIGN §3 and small helpers."""

import pytest
from django.core.cache import cache

from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    TermFactory,
    UserFactory,
)

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
    "superuser",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the password-reset limits count in it."""
    cache.clear()
    yield


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
