"""members.access with positions and grants: who sees and edits which member records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from members import access, positions, services, transfers
from members.models import Member, Position, StatusEvent
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

R = Position.Role


@pytest.fixture
def cells(committee):
    """Two cells of the committee, a member in each, and a member of another committee."""
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    other_cell = CellFactory()
    return {
        "a": cell_a,
        "b": cell_b,
        "mate": MemberFactory(committee=committee, cell=cell_a),
        "other": MemberFactory(committee=committee, cell=cell_b),
        "foreign": MemberFactory(committee=other_cell.committee, cell=other_cell),
    }


def _user_in(cell, *, role=None, **position):
    """A member of `cell` with a login, holding `role` (a position) if given."""
    member = MemberFactory(committee=cell.committee, cell=cell)
    if role:
        cell_kwargs = {"cell": cell} if role in Position.CELL_ROLES else {}
        PositionFactory(member=member, role=role, **cell_kwargs, **position)
    return member_user(member)


def _visible(user):
    return set(access.visible_members(user))


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


# --- cell officers ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [R.CELL_SECRETARY, R.CELL_DEPUTY])
def test_cell_secretary_and_deputy_edit_their_cells_members(cells, role):
    user = _user_in(cells["a"], role=role)
    acc = access.access_for(user)
    assert acc.editor_cells == {cells["a"].pk}
    assert acc.officer_cells == {cells["a"].pk}
    assert acc.registry_committees == frozenset()
    assert acc.member_section
    mate = cells["mate"]
    assert access.can_see_personal(user, mate)
    assert access.can_edit_member(user, mate)
    assert access.can_audit_member(user, mate)
    assert access.get_member_for_user(user, mate.pk, edit=True) == mate
    assert list(access.cells_for_new_members(user)) == [cells["a"]]
    assert not access.can_manage_positions(user, cells["a"].committee_id)
    assert not access.can_edit_committee(user, cells["a"].committee_id)


def test_cell_secretary_has_no_rights_on_another_cell(cells):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    other = cells["other"]
    assert not access.can_see_personal(user, other)
    assert not access.can_edit_member(user, other)
    assert not access.can_audit_member(user, other)
    visible = _visible(user)
    assert other not in visible
    assert cells["foreign"] not in visible
    assert cells["mate"] in visible
    assert user.member in visible


def test_cell_committee_member_sees_personal_fields_but_does_not_edit(cells):
    user = _user_in(cells["a"], role=R.CELL_COMMITTEE_MEMBER)
    acc = access.access_for(user)
    assert acc.officer_cells == {cells["a"].pk}
    assert acc.editor_cells == frozenset()
    mate = cells["mate"]
    assert access.can_see_personal(user, mate)
    assert access.can_audit_member(user, mate)
    assert not access.can_edit_member(user, mate)
    assert access.get_member_for_user(user, mate.pk) == mate
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(user, mate.pk, edit=True)
    assert not access.can_see_personal(user, cells["other"])
    assert list(access.cells_for_new_members(user)) == []


# --- ordinary members ---------------------------------------------------------------------------


def test_ordinary_member_sees_her_cell_but_personal_fields_only_of_herself(cells):
    user = _user_in(cells["a"])
    me = user.member
    acc = access.access_for(user)
    assert acc.member_id == me.pk
    assert acc.own_cells == {cells["a"].pk}
    assert acc.officer_cells == acc.editor_cells == acc.registry_committees == frozenset()
    assert acc.member_section
    assert _visible(user) == {me, cells["mate"]}
    assert access.can_see_personal(user, me)
    assert not access.can_see_personal(user, cells["mate"])
    assert not access.can_edit_member(user, me)
    assert not access.can_edit_member(user, cells["mate"])
    assert access.get_member_for_user(user, cells["mate"].pk) == cells["mate"]
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(user, me.pk, edit=True)


def test_member_of_another_cell_or_committee_is_not_found(cells):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    for member in (cells["other"], cells["foreign"]):
        with pytest.raises(Http404):
            access.get_member_for_user(user, member.pk)
        with pytest.raises(Http404):
            access.get_member_for_user(user, member.pk, edit=True)


def test_moved_cellmate_leaves_the_view_of_her_old_cell(cells, officer):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    mate = cells["mate"]
    assert mate in _visible(user)
    transfers.member_move(member=mate, cell=cells["b"], date=timezone.localdate(), by=officer)
    mate = Member.objects.get(pk=mate.pk)
    assert mate not in _visible(user)
    assert not access.can_edit_member(user, mate)


# --- committee officers, clerks, observers, superusers ------------------------------------------


def test_committee_secretary_position_gives_edit_and_registry_rights(committee, cells):
    user = _user_in(cells["a"], role=R.COMMITTEE_SECRETARY)
    acc = access.access_for(user)
    assert acc.edit_committees == acc.registry_committees == {committee.pk}
    assert access.can_edit_committee(user, committee.pk)
    assert access.can_audit_committee(user, committee.pk)
    assert access.can_manage_positions(user, committee.pk)
    other = cells["other"]
    assert access.can_see_personal(user, other)
    assert access.can_edit_member(user, other)
    assert access.get_member_for_user(user, other.pk, edit=True) == other
    assert _visible(user) == {user.member, cells["mate"], other}
    assert set(access.cells_for_new_members(user)) == {cells["a"], cells["b"]}
    with pytest.raises(Http404):
        access.get_member_for_user(user, cells["foreign"].pk)


@pytest.mark.parametrize("role", [R.COMMITTEE_DEPUTY, R.COMMITTEE_MEMBER])
def test_every_executive_committee_member_is_a_committee_officer(committee, cells, role):
    user = _user_in(cells["a"], role=role)
    assert access.can_edit_committee(user, committee.pk)
    assert access.can_edit_member(user, cells["other"])


def test_clerk_grant_gives_registry_rights(committee, cells, clerk):
    acc = access.access_for(clerk)
    assert acc.registry_committees == {committee.pk}
    assert acc.member_id is None
    assert acc.member_section
    assert not access.can_edit_committee(clerk, committee.pk)
    assert access.can_manage_positions(clerk, committee.pk)
    for key in ("mate", "other"):
        assert access.can_see_personal(clerk, cells[key])
        assert access.can_edit_member(clerk, cells[key])
        assert access.get_member_for_user(clerk, cells[key].pk, edit=True) == cells[key]
    assert _visible(clerk) == {cells["mate"], cells["other"]}
    with pytest.raises(Http404):
        access.get_member_for_user(clerk, cells["foreign"].pk)


def test_officer_grant_gives_registry_rights(committee, cells, officer):
    assert access.access_for(officer).registry_committees == {committee.pk}
    assert access.can_edit_member(officer, cells["other"])
    assert _visible(officer) == {cells["mate"], cells["other"]}


def test_observer_has_no_member_section(committee, cells, observer):
    acc = access.access_for(observer)
    assert acc.view_committees == {committee.pk}
    assert not acc.member_section
    assert _visible(observer) == set()
    assert not access.can_see_personal(observer, cells["mate"])
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(observer, cells["mate"].pk)
    with pytest.raises(PermissionDenied):
        access.require_member_section(observer)


def test_superuser_without_a_member_record_has_no_member_section(committee, cells, superuser):
    acc = access.access_for(superuser)
    assert acc.is_superuser
    assert committee.pk in acc.edit_committees
    assert not acc.member_section
    assert _visible(superuser) == set()
    assert not access.can_see_personal(superuser, cells["mate"])
    assert not access.can_edit_member(superuser, cells["mate"])
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(superuser, cells["mate"].pk)


def test_ended_grant_gives_nothing(committee, cells):
    user = CommitteeRoleFactory(committee=committee, role="clerk", valid_until=_yesterday()).user
    assert not access.access_for(user).member_section
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(user, cells["mate"].pk)


# --- dates and former members -------------------------------------------------------------------


def test_position_ended_yesterday_gives_no_officer_rights(cells):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY, end_date=_yesterday())
    acc = access.access_for(user)
    assert acc.officer_cells == acc.editor_cells == frozenset()
    assert acc.member_section  # still an ordinary member
    assert not access.can_see_personal(user, cells["mate"])
    assert not access.can_edit_member(user, cells["mate"])


def test_committee_position_ended_yesterday_gives_no_officer_rights(committee, cells):
    user = _user_in(cells["a"], role=R.COMMITTEE_SECRETARY, end_date=_yesterday())
    acc = access.access_for(user)
    assert acc.edit_committees == acc.registry_committees == frozenset()
    assert not access.can_edit_member(user, cells["other"])
    assert cells["other"] not in _visible(user)


def test_position_starting_tomorrow_gives_no_rights_yet(cells):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    user = _user_in(cells["a"], role=R.CELL_SECRETARY, start_date=tomorrow)
    assert access.access_for(user).editor_cells == frozenset()


def test_position_ended_through_the_service_takes_effect_once_forgotten(cells, officer):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    assert access.can_edit_member(user, cells["mate"])
    positions.position_end(position=user.member.positions.get(), end_date=_yesterday(), by=officer)
    assert access.can_edit_member(user, cells["mate"])  # cached for the request
    access.forget(user)
    assert not access.can_edit_member(user, cells["mate"])


def test_former_member_has_no_member_access(cells, officer):
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    services.member_change_status(
        member=user.member,
        kind=StatusEvent.Kind.OFFICIAL_OUT,
        date=timezone.localdate(),
        by=officer,
    )
    access.forget(user)
    acc = access.access_for(user)
    assert acc.member_id is None
    assert acc.own_cells == acc.officer_cells == acc.editor_cells == frozenset()
    assert not acc.member_section
    assert _visible(user) == set()
    assert not access.can_see_personal(user, user.member)
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(user, cells["mate"].pk)


def test_former_member_status_alone_removes_access(cells):
    """Even with a position left open, a transferred-out member gets nothing."""
    user = _user_in(cells["a"], role=R.CELL_SECRETARY)
    Member.objects.filter(pk=user.member.pk).update(status="transferred_out")
    user = type(user).objects.get(pk=user.pk)  # re-fetched: no cached access
    assert not access.access_for(user).member_section
    assert not access.can_edit_member(user, cells["mate"])


def test_away_member_keeps_her_member_access(cells, officer):
    user = _user_in(cells["a"])
    transfers.transfer_record(
        member=user.member,
        direction="out",
        kind="temporary",
        date=timezone.localdate(),
        expected_return=timezone.localdate() + datetime.timedelta(days=200),
        organisation="Trường Chính trị tỉnh Đắk Lắk",
        by=officer,
    )
    access.forget(user)
    assert access.access_for(user).member_section
    assert cells["mate"] in _visible(user)


def test_plain_user_without_member_record_or_grant(cells):
    user = UserFactory()
    assert not access.access_for(user).member_section
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(user, cells["mate"].pk)
