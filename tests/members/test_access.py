"""members.access: which committees a user may see and edit, from her role grants."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members import access
from members.models import CommitteeRole
from tests.factories import CellFactory, CommitteeRoleFactory

pytestmark = pytest.mark.django_db


def test_officer_sees_and_edits_her_committee_only(committee, other_committee, officer):
    assert list(access.visible_committees(officer)) == [committee]
    assert access.can_edit_committee(officer, committee.pk)
    assert not access.can_view_committee(officer, other_committee.pk)
    assert access.can_audit_committee(officer, committee.pk)


@pytest.mark.parametrize("role", ["observer", "clerk"])
def test_observer_and_clerk_read_but_do_not_edit(committee, role):
    user = CommitteeRoleFactory(committee=committee, role=role).user
    assert access.can_view_committee(user, committee.pk)
    assert not access.can_edit_committee(user, committee.pk)
    assert not access.can_audit_committee(user, committee.pk)
    cell = CellFactory(committee=committee)
    assert access.get_cell_for_user(user, cell.pk) == cell
    with pytest.raises(PermissionDenied):
        access.get_cell_for_user(user, cell.pk, edit=True)


def test_grant_dates_are_respected(committee):
    today = datetime.date.today()
    future = CommitteeRoleFactory(
        committee=committee, valid_from=today + datetime.timedelta(days=5)
    ).user
    assert not access.can_view_committee(future, committee.pk)
    assert CommitteeRole.objects.active_on(today + datetime.timedelta(days=5)).count() == 1


def test_anonymous_and_plain_users_see_nothing(committee, plain_user):
    assert not access.visible_committees(AnonymousUser()).exists()
    assert not access.visible_committees(plain_user).exists()
    with pytest.raises(Http404):
        access.get_committee_for_user(plain_user, committee.pk)


def test_superuser_administers_every_committee(committee, other_committee, superuser):
    assert set(access.visible_committees(superuser)) == {committee, other_committee}
    assert access.can_create_committee(superuser)
    assert access.can_edit_committee(superuser, other_committee.pk)


def test_access_is_computed_once_per_request_and_can_be_forgotten(
    committee, plain_user, django_assert_num_queries
):
    access.access_for(plain_user)
    with django_assert_num_queries(0):
        access.access_for(plain_user)
    CommitteeRoleFactory(user=plain_user, committee=committee)
    assert not access.can_view_committee(plain_user, committee.pk)
    access.forget(plain_user)
    assert access.can_view_committee(plain_user, committee.pk)


def test_a_user_without_a_full_name_is_called_by_her_login(plain_user):
    plain_user.full_name = ""
    assert plain_user.get_full_name() == plain_user.username


def test_held_scopes_name_her_committees_and_none_for_a_superuser(
    committee, other_committee, officer, superuser
):
    """The data versions her own pages' cached parts vary on (`core.versions`)."""
    assert access.held_scopes(officer) == [f"committee:{committee.pk}"]
    CommitteeRoleFactory(user=officer, committee=other_committee, role="observer")
    access.forget(officer)
    assert set(access.held_scopes(officer)) == {
        f"committee:{pk}" for pk in (committee.pk, other_committee.pk)
    }
    assert access.held_scopes(superuser) is None
