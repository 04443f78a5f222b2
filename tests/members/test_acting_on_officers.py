"""members.access.can_act_on_member (issue 17 item 1, DESIGN §3): an officer acts on a member's
record only if her own scope covers every position and role grant the member holds — a cell
secretary never suspends, expels, edits, transfers, moves or logs in as a committee officer of her
cell; the committee's officers do; her ordinary members stay hers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from members import access, accounts
from members.imports.applying import import_plan
from members.models import CellMembership, CommitteeRole, Position, Status, StatusEvent
from reviews.records.access import may_decide
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)
from tests.members.test_imports import as_upload, member_row, xlsx

pytestmark = pytest.mark.django_db

R = Position.Role
G = CommitteeRole.Role


def _today():
    return timezone.localdate()


def _day(date):
    return date.strftime("%d/%m/%Y")


@pytest.fixture
def w(committee, officer, clerk):
    """Cell A with its secretary, its deputy, an ordinary member and the committee secretary;
    cell B with its secretary."""
    term = TermFactory(committee=committee)
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)

    def member_in(cell, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=cell, **kwargs)
        if role:
            cell_kwargs = {"cell": cell} if role in Position.CELL_ROLES else {}
            PositionFactory(member=member, role=role, term=term, **cell_kwargs)
        return member

    boss = member_in(cell_a, R.COMMITTEE_SECRETARY, full_name="Đỗ Văn Chính")
    return {
        "committee": committee,
        "term": term,
        "a": cell_a,
        "b": cell_b,
        "member_in": member_in,
        "boss": boss,
        "boss_user": member_user(boss),
        "plain": member_in(cell_a),
        "secretary": member_user(member_in(cell_a, R.CELL_SECRETARY)),
        "deputy": member_user(member_in(cell_a, R.CELL_DEPUTY)),
        "secretary_b": member_user(member_in(cell_b, R.CELL_SECRETARY)),
        "officer": officer,
        "clerk": clerk,
    }


# --- the issue: a cell secretary suspends or expels the committee secretary ----------------------


def test_cell_secretary_cannot_expel_the_committee_secretary(client, w):
    boss = w["boss"]
    events = StatusEvent.objects.filter(member=boss).count()
    client.force_login(w["secretary"])
    response = client.post(
        reverse("members:status", args=[boss.pk]),
        {"kind": "expelled", "date": _day(_today()), "reason": "Vi phạm"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.status == Status.OFFICIAL
    assert StatusEvent.objects.filter(member=boss).count() == events
    # His committee office and his cell membership stay open.
    assert boss.positions.get().end_date is None
    assert CellMembership.objects.get(member=boss).end_date is None


@pytest.mark.parametrize("kind", ["suspended", "exempted"])
def test_cell_secretary_cannot_suspend_or_exempt_him(client, w, kind):
    client.force_login(w["secretary"])
    response = client.post(
        reverse("members:status", args=[w["boss"].pk]),
        {"kind": kind, "date": _day(_today()), "reason": "Lý do"},
    )
    assert response.status_code == 403
    w["boss"].refresh_from_db()
    assert w["boss"].status == Status.OFFICIAL


def test_the_committee_officer_can(client, w):
    boss = w["boss"]
    client.force_login(w["officer"])
    response = client.post(
        reverse("members:status", args=[boss.pk]),
        {"kind": "expelled", "date": _day(_today()), "reason": "Vi phạm"},
    )
    assert response.status_code == 302
    boss.refresh_from_db()
    assert boss.status == Status.EXPELLED
    assert boss.positions.get().end_date == _today()


def test_his_edit_and_transfer_forms_do_not_open_for_her(client, w):
    boss = w["boss"]
    client.force_login(w["secretary"])
    for name in ("members:edit", "members:status", "members:transfer", "members:move"):
        assert client.get(reverse(name, args=[boss.pk])).status_code == 403, name
    response = client.post(reverse("members:edit", args=[boss.pk]), {"full_name": "Kẻ Giả Mạo"})
    assert response.status_code == 403
    response = client.post(
        reverse("members:transfer", args=[boss.pk]),
        {"action": "out_official", "date": _day(_today()), "organisation": "Đảng bộ khác"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.full_name == "Đỗ Văn Chính"
    assert boss.status == Status.OFFICIAL
    assert not boss.transfers.exists()


def test_his_login_is_not_hers_to_reset(client, w):
    boss_user = w["boss_user"]
    password = boss_user.password
    client.force_login(w["secretary"])
    assert client.post(reverse("members:login_reset", args=[w["boss"].pk])).status_code == 403
    boss_user.refresh_from_db()
    assert boss_user.password == password


def test_her_member_page_reads_but_offers_no_action_on_him(client, w):
    client.force_login(w["secretary"])
    response = client.get(reverse("members:detail", args=[w["boss"].pk]))
    assert response.status_code == 200
    assert not response.context["can_edit"]
    assert not response.context["can_manage"]
    html = response.content.decode()
    assert response.context["personal"]  # his personal fields stay readable to her
    for name in ("members:edit", "members:status", "members:transfer", "members:login_reset"):
        assert reverse(name, args=[w["boss"].pk]) not in html, name


def test_she_still_edits_her_ordinary_members(client, w):
    plain = w["plain"]
    client.force_login(w["secretary"])
    response = client.get(reverse("members:detail", args=[plain.pk]))
    assert response.context["can_edit"]
    for name in ("members:edit", "members:status", "members:transfer"):
        assert reverse(name, args=[plain.pk]) in response.content.decode(), name
        assert client.get(reverse(name, args=[plain.pk])).status_code == 200, name
    response = client.post(
        reverse("members:status", args=[plain.pk]),
        {"kind": "exempted", "date": _day(_today()), "reason": "Sức khỏe"},
    )
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.status == Status.EXEMPTED


# --- positions, discipline, logins --------------------------------------------------------------


def test_a_clerk_does_not_act_on_a_committee_officer(client, w):
    """A clerk manages the registry and positions, within her scope: cell offices, not his."""
    boss = w["boss"]
    client.force_login(w["clerk"])
    for name in ("members:edit", "members:status", "members:move", "members:position_add"):
        assert client.get(reverse(name, args=[boss.pk])).status_code == 403, name
    office = boss.positions.get()
    assert client.get(reverse("members:position_end", args=[office.pk])).status_code == 403
    response = client.post(
        reverse("members:position_end", args=[office.pk]), {"end_date": _day(_today())}
    )
    assert response.status_code == 403
    office.refresh_from_db()
    assert office.end_date is None
    # A cell secretary's office is within her scope.
    cell_office = Position.objects.get(member__user=w["secretary"])
    url = reverse("members:position_end", args=[cell_office.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("members:edit", args=[cell_office.member_id])).status_code == 200


def test_discipline_of_a_member_holding_a_grant_elsewhere(client, w):
    """Her committee's officers discipline the committee secretary, but not a member who is an
    officer of another committee too (their scope does not cover that grant)."""
    client.force_login(w["officer"])
    assert client.get(reverse("reviews:discipline_add", args=[w["boss"].pk])).status_code == 200
    plain = w["plain"]
    CommitteeRoleFactory(user=member_user(plain), committee=CommitteeFactory(), role=G.OFFICER)
    assert not may_decide(w["officer"], plain)
    assert client.get(reverse("reviews:discipline_add", args=[plain.pk])).status_code == 403
    client.force_login(w["secretary"])
    assert client.get(reverse("reviews:discipline_add", args=[w["boss"].pk])).status_code == 403


def test_the_login_service_uses_the_one_rule(w):
    """A grant the old check did not weigh (an observer's dashboards elsewhere) is refused too."""
    plain = w["plain"]
    user = member_user(plain)
    CommitteeRoleFactory(user=user, committee=CommitteeFactory(), role=G.OBSERVER)
    with translation.override("en"), pytest.raises(ValidationError, match="rights"):
        accounts.member_password_reset(member=plain, by=w["secretary"])
    executive = w["member_in"](w["a"], R.COMMITTEE_MEMBER)
    with translation.override("en"), pytest.raises(ValidationError, match="rights"):
        accounts.member_login_create(member=executive, by=w["secretary"])
    executive.refresh_from_db()
    assert executive.user is None
    assert accounts.member_login_create(member=executive, by=w["officer"]).user


def test_a_batch_of_logins_skips_the_committee_officer(w):
    boss = w["boss"]
    boss.user = None
    boss.save(update_fields=["user"])
    made = accounts.cell_logins_create(cell=w["a"], by=w["secretary"])
    assert boss.pk not in {r.member.pk for r in made}
    assert w["plain"].pk in {r.member.pk for r in made}
    boss.refresh_from_db()
    assert boss.user is None


def test_an_import_does_not_change_a_record_out_of_scope(w):
    """The Excel import updates records through the same rule: a clerk's row on the committee
    secretary is refused, the officer's is not."""
    boss = w["boss"]
    row = member_row(1, **{"Số CCCD*": boss.citizen_id, "Mã chi bộ*": w["a"].code})

    def refusals(by):
        plan = import_plan(
            committee=w["committee"], upload=as_upload(xlsx([row])), by=by, try_rows=False
        )
        return [e for e in plan.errors if boss.full_name in e.message]

    assert refusals(w["clerk"])
    assert not refusals(w["officer"])


# --- the rule itself ---------------------------------------------------------------------------


def _hold(w, what):
    """A member of cell A holding `what` (an office, a grant or nothing)."""
    if what.startswith("grant:"):
        _, role, where = what.split(":")
        member = w["member_in"](w["a"])
        committee = w["committee"] if where == "here" else CommitteeFactory()
        CommitteeRoleFactory(user=member_user(member), committee=committee, role=role)
        return member
    if what == "cell_secretary_b":
        return w["member_in"](w["b"], R.CELL_SECRETARY)
    if what == "ended_committee_member":
        member = w["member_in"](w["a"])
        PositionFactory(
            member=member,
            role=R.COMMITTEE_MEMBER,
            term=w["term"],
            end_date=_today() - datetime.timedelta(days=1),
        )
        return member
    if what == "future_committee_member":
        member = w["member_in"](w["a"])
        PositionFactory(
            member=member,
            role=R.COMMITTEE_MEMBER,
            term=w["term"],
            start_date=_today() + datetime.timedelta(days=10),
        )
        return member
    return w["member_in"](w["a"], what or None)


# (what the member holds) → may act on her: (cell A secretary, cell A deputy, clerk, officer)
RULE = {
    "": (True, True, True, True),
    R.CELL_COMMITTEE_MEMBER: (True, True, True, True),
    R.CELL_SECRETARY: (True, True, True, True),
    "cell_secretary_b": (False, False, True, True),
    R.COMMITTEE_MEMBER: (False, False, False, True),
    R.COMMITTEE_DEPUTY: (False, False, False, True),
    "ended_committee_member": (True, True, True, True),
    "future_committee_member": (False, False, False, True),
    "grant:officer:here": (False, False, False, True),
    "grant:clerk:here": (False, False, True, True),
    "grant:observer:here": (False, False, False, True),
    "grant:officer:elsewhere": (False, False, False, False),
    "grant:clerk:elsewhere": (False, False, False, False),
}


@pytest.mark.parametrize("held", RULE)
def test_the_rule(w, held):
    member = _hold(w, held)
    actors = (w["secretary"], w["deputy"], w["clerk"], w["officer"])
    assert tuple(access.can_act_on_member(user, member) for user in actors) == RULE[held]
    # Editing (and so status, transfer, login) follows it inside each one's scope.
    in_cell_a = member.current_membership().cell_id == w["a"].pk
    expected = [ok and (in_cell_a or i >= 2) for i, ok in enumerate(RULE[held])]
    assert [access.can_edit_member(user, member) for user in actors] == expected


def test_an_officer_by_position_covers_the_committee(w):
    """The committee's officers by position (a deputy secretary) act on the secretary."""
    deputy = member_user(w["member_in"](w["b"], R.COMMITTEE_DEPUTY))
    assert access.can_act_on_member(deputy, w["boss"])
    assert access.can_manage_member(deputy, w["boss"])
    assert not access.can_manage_member(w["secretary"], w["boss"])


def test_being_a_superuser_covers_nothing(w, superuser):
    assert not access.can_act_on_member(superuser, w["boss"])
    assert access.can_act_on_member(superuser, w["plain"])
    assert not access.can_edit_member(superuser, w["plain"])
