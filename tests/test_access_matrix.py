"""Every named URL × every persona of DESIGN §3 → the expected status (STYLE §8).

A URL that the resolver knows but this table does not fails the test: each new page must say who
may open it. Data is built once per module and rolled back at the end.
"""

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    SuperiorBodyFactory,
    TermFactory,
    UserFactory,
)

# Django's admin has its own permission system and tests; the matrix covers our pages.
SKIPPED_NAMESPACES = {"admin"}

ALL_LOGGED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}
NO_COMMITTEE = {
    "member": 404,
    "member_other_cell": 404,
    "cell_secretary": 404,
    "secretary_other_cell": 404,
    "officer_other_committee": 404,
}
# Read a record of committee A.
VIEW = {
    "anonymous": 302,
    **NO_COMMITTEE,
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 200,
    "superuser": 200,
}
# Change a record of committee A (officers; superusers administer the organisation).
EDIT = {**VIEW, "committee_clerk": 403, "observer": 403}
# The change history of a record of committee A (officers).
AUDIT = EDIT
PUBLIC = dict.fromkeys(PERSONAS, 200)


def expectations(d):
    """URL name → (kwargs, {persona: status}) for the matrix data `d`."""
    committee = {"pk": d["committee"].pk}
    cell = {"pk": d["cell"].pk}
    term = {"pk": d["term"].pk}
    body = {"pk": d["body"].pk}
    return {
        "dashboard:home": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "cells:committee_list": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "cells:committee_create": (
            {},
            {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 403), "superuser": 200},
        ),
        "cells:committee_detail": (committee, VIEW),
        "cells:committee_edit": (committee, EDIT),
        "cells:rules_edit": (committee, EDIT),
        "cells:superior_body_create": (committee, EDIT),
        "cells:superior_body_edit": (body, EDIT),
        "cells:term_create": (committee, EDIT),
        "cells:term_edit": (term, EDIT),
        "cells:cell_list": (committee, VIEW),
        "cells:cell_create": (committee, EDIT),
        "cells:cell_detail": (cell, VIEW),
        "cells:cell_edit": (cell, EDIT),
        "cells:cell_dissolve": (cell, EDIT),
        # Restoring is only offered for a dissolved cell: the active one redirects back.
        "cells:cell_restore": (cell, {**EDIT, "committee_officer": 302, "superuser": 302}),
        "cells:history": ({"kind": "cell", "pk": d["cell"].pk}, AUDIT),
        "login": ({}, {**PUBLIC, **dict.fromkeys(PERSONAS[1:], 302)}),
        "logout": ({}, {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}),
        "password_change": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "password_change_done": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "password_reset": ({}, PUBLIC),
        "password_reset_done": ({}, PUBLIC),
        "password_reset_confirm": ({"uidb64": "MQ", "token": "bad-token"}, PUBLIC),
        "password_reset_complete": ({}, PUBLIC),
        "set_language": ({}, dict.fromkeys(PERSONAS, 302)),
        "health": ({}, PUBLIC),
    }


def named_urls():
    """Every URL name the resolver knows, with its namespace, except the skipped namespaces."""
    names = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = pattern.namespace
                if namespace in SKIPPED_NAMESPACES:
                    continue
                walk(pattern, f"{prefix}{namespace}:" if namespace else prefix)
            elif pattern.name:
                names.append(prefix + pattern.name)

    walk(get_resolver(), "")
    return sorted(set(names))


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory()
        other = CommitteeFactory()
        users = {
            "member": UserFactory(username="m-member"),
            "member_other_cell": UserFactory(username="m-member-other"),
            "cell_secretary": UserFactory(username="m-secretary"),
            "secretary_other_cell": UserFactory(username="m-secretary-other"),
            "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
            "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
            "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
            "officer_other_committee": CommitteeRoleFactory(committee=other, role="officer").user,
            "superuser": UserFactory(username="m-admin", is_superuser=True, is_staff=True),
        }
        data = {
            "committee": committee,
            "cell": CellFactory(committee=committee),
            "term": TermFactory(committee=committee),
            "body": SuperiorBodyFactory(committee=committee),
            "users": users,
        }
        yield data
        transaction.set_rollback(True)


def test_every_url_has_an_expectation(matrix_data):
    missing = set(named_urls()) - set(expectations(matrix_data))
    assert not missing, f"URLs without an access expectation: {sorted(missing)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", named_urls())
def test_access(client, db, matrix_data, name, persona):
    kwargs, statuses = expectations(matrix_data)[name]
    if persona != "anonymous":
        client.force_login(matrix_data["users"][persona])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == statuses[persona], (name, persona)
