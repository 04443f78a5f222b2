"""members/accounts.py: members' logins — user names, the e-mail and slip paths, resets, a cell at
once, refusals, who may do it, the one-time slips page, and the forced password change."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members import accounts
from members.models import CellMembership, Member, Position, Status, User
from members.views.accounts import SLIPS_SESSION_KEY
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-Secret-7391"


@pytest.fixture(autouse=True)
def english():
    """Refusals are matched on their English source text (pages pick their language per request)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(committee):
    """A committee with two cells: a secretary and members in cell 1, a member in cell 2."""
    term = TermFactory(committee=committee)
    cell1 = CellFactory(committee=committee, name="Chi bộ Toán", code="CB1")
    cell2 = CellFactory(committee=committee, name="Chi bộ Văn", code="CB2")
    secretary = MemberFactory(committee=committee, cell=cell1, full_name="Trần Thị Hồng Nhung")
    PositionFactory(member=secretary, cell=cell1, role=Position.Role.CELL_SECRETARY, term=term)
    plain = MemberFactory(committee=committee, cell=cell1, full_name="Lê Văn Minh")
    other = MemberFactory(committee=committee, cell=cell2, full_name="Phạm Văn Quân")
    return {
        "term": term,
        "cell1": cell1,
        "cell2": cell2,
        "lan": MemberFactory(
            committee=committee, cell=cell1, full_name="Hoàng Thị Lan", email="lan@example.vn"
        ),
        "dao": MemberFactory(committee=committee, cell=cell1, full_name="Đặng Thị Đào"),
        "quan": other,
        "secretary": member_user(secretary),
        "member": member_user(plain),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
    }


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def _link_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", body)
    assert match, body
    return match.group(1)


# --- user names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Trần Thị Hồng Nhung", "nhungtth"),
        ("Đặng Văn Đức", "ducdv"),
        ("  Nguyễn   Ánh  ", "anhn"),
        ("Lan", "lan"),
        ("Ngô Thị Ngọc-Ánh", "ngocanhnt"),
        ("", "dangvien"),
    ],
)
def test_username_from_the_name_without_diacritics(full_name, expected):
    assert accounts.username_base(full_name) == expected


def test_taken_usernames_get_a_number(world, committee):
    UserFactory(username="NhungTTH")  # user names are compared without case
    UserFactory(username="nhungtth3")
    names = []
    for _ in range(3):
        member = MemberFactory(committee=committee, full_name="Trần Thị Hồng Nhung")
        names.append(accounts.member_login_create(member=member, by=world["officer"]).user.username)
    assert names == ["nhungtth2", "nhungtth4", "nhungtth5"]


# --- the e-mail path ------------------------------------------------------------------------------


def test_member_with_email_gets_a_link_after_the_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    lan = world["lan"]
    with django_capture_on_commit_callbacks() as callbacks:
        result = accounts.member_login_create(member=lan, by=world["officer"])
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    user = _reload(result.user)
    assert result.emailed and result.created and result.password == ""
    assert (user.username, user.full_name, user.email) == ("lanht", "Hoàng Thị Lan", lan.email)
    assert not user.has_usable_password()
    assert not user.must_change_password
    assert _reload(lan).user == user
    [mail] = mailoutbox
    assert mail.to == ["lan@example.vn"]
    # Vietnamese whatever the active language (English in this module).
    assert "Xin chào Hoàng Thị Lan," in mail.body
    assert "Tên đăng nhập của bạn là lanht." in mail.body
    assert "/account/password/reset/" in mail.body


def test_the_mailed_link_lets_her_choose_a_password_and_log_in(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    lan = world["lan"]
    client.force_login(world["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:login_create", args=[lan.pk]))
    assert response.status_code == 302
    assert response["Location"] == lan.get_absolute_url()
    [mail] = mailoutbox
    assert "http://testserver/account/password/reset/" in mail.body

    anonymous = Client()
    response = anonymous.get(_link_path(mail.body), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    set_password_url = response.redirect_chain[-1][0]
    response = anonymous.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    user = User.objects.get(member=lan)
    assert user.check_password(NEW_PASSWORD)
    response = anonymous.post(
        reverse("login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("dashboard:home")
    assert anonymous.get(reverse("dashboard:home")).status_code == 200
    # The link works once.
    assert not anonymous.get(_link_path(mail.body), follow=True).context["validlink"]


# --- the slip path -------------------------------------------------------------------------------


def test_member_without_email_gets_a_one_time_password(world, mailoutbox):
    dao = world["dao"]
    result = accounts.member_login_create(member=dao, by=world["officer"])
    user = _reload(result.user)
    assert not result.emailed
    assert len(result.password) == accounts.SLIP_PASSWORD_LENGTH
    assert set(result.password) <= set(accounts.SLIP_ALPHABET)
    assert result.password not in repr(result)
    assert user.username == "daodt"
    assert user.must_change_password
    assert user.check_password(result.password)
    assert result.password not in user.password  # only the hash is kept
    assert user.email == ""
    assert mailoutbox == []


def test_one_time_password_forces_a_change_on_every_page_until_changed(client, world):
    result = accounts.member_login_create(member=world["dao"], by=world["officer"])
    response = client.post(
        reverse("login"), {"username": result.user.username, "password": result.password}
    )
    assert response.status_code == 302
    change = reverse("password_change")
    for url in (
        reverse("dashboard:home"),
        reverse("members:me"),
        reverse("members:list"),
        reverse("members:detail", args=[world["dao"].pk]),
        reverse("admin:index"),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, change), url
    response = client.get(reverse("members:me"), headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Redirect"]) == (204, change)
    assert client.get(reverse("health")).status_code == 200
    assert client.get(change).status_code == 200
    response = client.post(
        reverse("set_language"), {"language": "en", "next": change}, follow=False
    )
    assert response["Location"] == change

    response = client.post(
        change,
        {
            "old_password": result.password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user = _reload(result.user)
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.get(reverse("members:me")).status_code == 200


def test_a_wrong_old_password_keeps_the_flag(client, world):
    result = accounts.member_login_create(member=world["dao"], by=world["officer"])
    client.force_login(result.user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert _reload(result.user).must_change_password


def test_logout_is_allowed_before_the_change(client, world):
    result = accounts.member_login_create(member=world["dao"], by=world["officer"])
    client.force_login(result.user)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


# --- resets ----------------------------------------------------------------------------------------


def test_reset_with_email_sends_a_new_link_and_stops_the_old_password(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    lan = world["lan"]
    user = member_user(lan)  # password "secret-pass-123"
    with django_capture_on_commit_callbacks(execute=True):
        result = accounts.member_password_reset(member=lan, by=world["officer"])
    assert result.emailed and not result.created and result.user == user
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not user.check_password("secret-pass-123")
    [mail] = mailoutbox
    assert mail.to == ["lan@example.vn"]
    assert user.username in mail.body


def test_reset_without_email_gives_a_new_slip(world, mailoutbox):
    dao = world["dao"]
    user = member_user(dao)
    result = accounts.member_password_reset(member=dao, by=world["secretary"])
    user.refresh_from_db()
    assert not result.emailed and result.password
    assert user.check_password(result.password)
    assert not user.check_password("secret-pass-123")
    assert user.must_change_password
    assert mailoutbox == []


def test_reset_needs_a_login(world):
    with pytest.raises(ValidationError):
        accounts.member_password_reset(member=world["dao"], by=world["officer"])


def test_reset_of_her_own_login_is_refused(world):
    secretary = Member.objects.get(user=world["secretary"])
    with pytest.raises(ValidationError):
        accounts.member_password_reset(member=secretary, by=world["secretary"])


def test_reset_logs_her_out_everywhere(client, world):
    dao = world["dao"]
    user = member_user(dao)
    client.force_login(user)
    assert client.get(reverse("members:me")).status_code == 200
    accounts.member_password_reset(member=dao, by=world["officer"])
    assert client.get(reverse("members:me")).status_code == 302  # her session is gone


# --- a cell at once -----------------------------------------------------------------------------


def test_cell_batch_skips_members_with_logins_and_former_members(
    world, committee, mailoutbox, django_capture_on_commit_callbacks
):
    cell1 = world["cell1"]
    former = MemberFactory(
        committee=committee, cell=cell1, full_name="Võ Văn Cũ", status=Status.REMOVED
    )
    moved = MemberFactory(committee=committee, cell=cell1, full_name="Bùi Văn Đi")
    CellMembership.objects.filter(member=moved).update(end_date="2024-01-01")
    with django_capture_on_commit_callbacks(execute=True):
        results = accounts.cell_logins_create(cell=cell1, by=world["officer"])
    assert {r.member.full_name for r in results} == {"Hoàng Thị Lan", "Đặng Thị Đào"}
    assert {r.member.full_name: r.emailed for r in results} == {
        "Hoàng Thị Lan": True,
        "Đặng Thị Đào": False,
    }
    assert len(mailoutbox) == 1
    for member in (former, moved, world["quan"]):
        assert _reload(member).user is None
    # Those who had a login keep it as it was.
    assert _reload(world["member"]).check_password("secret-pass-123")
    assert accounts.cell_logins_create(cell=cell1, by=world["officer"]) == []


def test_cell_batch_by_a_cell_secretary_leaves_out_a_committee_officer(world, committee):
    cell1 = world["cell1"]
    principal = MemberFactory(committee=committee, cell=cell1, full_name="Nguyễn Văn Bí")
    PositionFactory(
        member=principal, role=Position.Role.COMMITTEE_SECRETARY, term=world["term"], cell=None
    )
    results = accounts.cell_logins_create(cell=cell1, by=world["secretary"])
    assert {r.member.full_name for r in results} == {"Hoàng Thị Lan", "Đặng Thị Đào"}
    assert _reload(principal).user is None
    assert not User.objects.filter(username="binv").exists()
    # A committee officer may.
    [result] = accounts.cell_logins_create(cell=cell1, by=world["officer"])
    assert result.member == principal


def test_cell_batch_of_another_cell_is_refused(world):
    with pytest.raises(ValidationError):
        accounts.cell_logins_create(cell=world["cell2"], by=world["secretary"])


# --- refusals -------------------------------------------------------------------------------------


def test_no_login_for_a_former_member(world, committee):
    former = MemberFactory(committee=committee, status=Status.EXPELLED)
    with pytest.raises(ValidationError, match="former member"):
        accounts.member_login_create(member=former, by=world["officer"])
    assert _reload(former).user is None


def test_no_login_for_a_member_of_another_committee(world, other_committee):
    foreign = MemberFactory(committee=other_committee, cell=CellFactory(committee=other_committee))
    users = User.objects.count()
    with pytest.raises(ValidationError):
        accounts.member_login_create(member=foreign, by=world["officer"])
    with pytest.raises(ValidationError):
        accounts.member_login_create(member=world["quan"], by=world["secretary"])
    assert User.objects.count() == users


def test_no_second_login(world):
    user = member_user(world["dao"])
    with pytest.raises(ValidationError, match=user.username):
        accounts.member_login_create(member=world["dao"], by=world["officer"])
    assert User.objects.filter(full_name="Đặng Thị Đào").count() == 1


def test_a_cell_secretary_may_not_take_over_an_officers_login(world, committee):
    principal = MemberFactory(committee=committee, cell=world["cell1"], full_name="Đỗ Văn Chính")
    PositionFactory(
        member=principal, role=Position.Role.COMMITTEE_SECRETARY, term=world["term"], cell=None
    )
    with pytest.raises(ValidationError, match="rights"):
        accounts.member_login_create(member=principal, by=world["secretary"])
    assert _reload(principal).user is None
    assert not User.objects.filter(username="chinhdv").exists()
    user = member_user(principal)
    with pytest.raises(ValidationError, match="rights"):
        accounts.member_password_reset(member=principal, by=world["secretary"])
    user.refresh_from_db()
    assert user.check_password("secret-pass-123")
    # A clerk may not take over an officer's login either; an officer may.
    clerk = CommitteeRoleFactory(committee=committee, role="clerk").user
    with pytest.raises(ValidationError):
        accounts.member_password_reset(member=principal, by=clerk)
    assert accounts.member_password_reset(member=principal, by=world["officer"]).password


def test_an_administrators_login_is_not_reset_here(world):
    user = member_user(world["dao"], is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError, match="administrator"):
        accounts.member_password_reset(member=world["dao"], by=world["officer"])
    user.refresh_from_db()
    assert user.check_password("secret-pass-123")


def test_the_link_is_recorded_in_the_members_history(world):
    result = accounts.member_login_create(member=world["dao"], by=world["officer"])
    latest = world["dao"].history.order_by("-history_id").first()
    assert latest.user_id == result.user.pk
    assert latest.history_user == world["officer"]


# --- pages and who may use them ------------------------------------------------------------------


def test_create_and_reset_are_post_only(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("members:login_create", args=[world["dao"].pk])).status_code == 405
    assert client.get(reverse("members:login_reset", args=[world["dao"].pk])).status_code == 405


@pytest.mark.parametrize(
    ("persona", "target", "expected"),
    [
        ("member", "dao", 403),  # she sees her cell's members, changes none
        ("secretary", "quan", 404),  # another cell's member is out of her sight
        ("observer", "dao", 403),  # observers have no member registry
        ("secretary", "dao", 302),
        ("officer", "quan", 302),
    ],
)
def test_who_may_create_a_login(client, world, persona, target, expected):
    client.force_login(world[persona])
    response = client.post(reverse("members:login_create", args=[world[target].pk]))
    assert response.status_code == expected
    assert (_reload(world[target]).user is not None) == (expected == 302)


def test_reset_page_access(client, world):
    member_user(world["quan"])
    client.force_login(world["secretary"])
    assert client.post(reverse("members:login_reset", args=[world["quan"].pk])).status_code == 404
    member_user(world["dao"])
    client.force_login(world["member"])  # she sees her cell's members but changes none
    assert client.post(reverse("members:login_reset", args=[world["dao"].pk])).status_code == 403
    client.force_login(world["observer"])
    assert client.post(reverse("members:login_reset", args=[world["dao"].pk])).status_code == 403


def test_an_officer_of_another_committee_gets_404(client, world, outsider):
    client.force_login(outsider)
    url = reverse("members:login_create", args=[world["dao"].pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("members:cell_logins", args=[world["cell1"].pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "cell", "expected"),
    [
        ("officer", "cell1", 200),
        ("secretary", "cell1", 200),
        ("secretary", "cell2", 403),
        ("member", "cell1", 403),
        ("observer", "cell1", 403),
    ],
)
def test_who_may_open_the_cell_page(client, world, persona, cell, expected):
    client.force_login(world[persona])
    url = reverse("members:cell_logins", args=[world[cell].pk])
    assert client.get(url).status_code == expected
    assert client.post(url).status_code == (302 if expected == 200 else expected)


def test_anonymous_is_sent_to_log_in(client, world):
    for url in (
        reverse("members:cell_logins", args=[world["cell1"].pk]),
        reverse("members:login_slips"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_cell_page_lists_who_gets_what(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("members:cell_logins", args=[world["cell1"].pk]))
    assert [m.full_name for m in response.context["candidates"]] == [
        "Đặng Thị Đào",
        "Hoàng Thị Lan",
    ]
    assert response.context["with_login"] == 2  # the secretary and the member
    html = response.content.decode()
    assert "lan@example.vn" in html
    assert "Lê Văn Minh" not in html


def test_slips_page_shows_the_passwords_once(client, world):
    client.force_login(world["officer"])
    response = client.post(reverse("members:login_create", args=[world["dao"].pk]))
    assert response["Location"] == reverse("members:login_slips")
    assert SLIPS_SESSION_KEY in client.session
    response = client.get(reverse("members:login_slips"))
    [slip] = response.context["slips"]
    html = response.content.decode()
    assert slip["password"] in html
    assert "daodt" in html
    assert "http://testserver/account/login/" in html
    assert "js-print" in html
    assert "no-store" in response["Cache-Control"]
    assert User.objects.get(username="daodt").check_password(slip["password"])
    assert SLIPS_SESSION_KEY not in client.session
    again = client.get(reverse("members:login_slips"))
    assert again.status_code == 200
    assert again.context["slips"] == []
    assert slip["password"] not in again.content.decode()


def test_cell_batch_prints_slips_for_those_without_email(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:cell_logins", args=[world["cell1"].pk]))
    assert response["Location"] == reverse("members:login_slips")
    assert len(mailoutbox) == 1
    slips = client.get(reverse("members:login_slips")).context["slips"]
    assert [s["full_name"] for s in slips] == ["Đặng Thị Đào"]
    # Nothing left to do: back to the cell.
    response = client.post(reverse("members:cell_logins", args=[world["cell1"].pk]))
    assert response["Location"] == world["cell1"].get_absolute_url()


def test_refusal_is_shown_as_a_message(client, world, committee):
    former = MemberFactory(committee=committee, cell=world["cell1"], status=Status.DECEASED)
    client.force_login(world["officer"])
    response = client.post(reverse("members:login_create", args=[former.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _reload(former).user is None


# --- the include for the member page -------------------------------------------------------------


def test_login_actions_include(world):
    dao, officer = world["dao"], world["officer"]
    html = render_to_string(
        "members/_login_actions.html", {"member": dao, "can_edit": True, "user": officer}
    )
    assert reverse("members:login_create", args=[dao.pk]) in html
    assert (
        render_to_string(
            "members/_login_actions.html", {"member": dao, "can_edit": False, "user": officer}
        ).strip()
        == ""
    )
    user = member_user(dao)
    dao = _reload(dao)
    html = render_to_string(
        "members/_login_actions.html", {"member": dao, "can_edit": True, "user": officer}
    )
    assert reverse("members:login_reset", args=[dao.pk]) in html
    assert user.username in html
    assert f'action="{reverse("members:login_create", args=[dao.pk])}"' not in html
    own = render_to_string(
        "members/_login_actions.html", {"member": dao, "can_edit": False, "user": user}
    )
    assert user.username in own
    assert reverse("members:login_reset", args=[dao.pk]) not in own
