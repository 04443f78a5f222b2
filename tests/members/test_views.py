"""Member pages: field visibility per persona, forms and bad input, scoping, query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from members import services
from members.models import CellMembership, Member, Position, Status, StatusEvent, Transfer
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(committee):
    """Committee with two cells; a secretary, a member and a target member in cell 1."""
    term = TermFactory(committee=committee)
    cell1 = CellFactory(committee=committee, name="Chi bộ Toán", code="CB1")
    cell2 = CellFactory(committee=committee, name="Chi bộ Văn", code="CB2")
    target = MemberFactory(
        committee=committee, cell=cell1, full_name="Hoàng Thị Lan", citizen_id="066188000111"
    )
    secretary = MemberFactory(committee=committee, cell=cell1, full_name="Trần Thị Nhung")
    PositionFactory(member=secretary, cell=cell1, role="cell_secretary", term=term)
    plain = MemberFactory(committee=committee, cell=cell1, full_name="Lê Văn Minh")
    other = MemberFactory(committee=committee, cell=cell2, full_name="Phạm Văn Quân")
    return {
        "term": term,
        "cell1": cell1,
        "cell2": cell2,
        "target": target,
        "secretary": member_user(secretary),
        "member": member_user(plain),
        "other_member": member_user(other),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
    }


def html_for(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


# --- field visibility ---------------------------------------------------------------------------


def test_citizen_id_is_shown_to_officers_and_herself_only(client, world):
    url = reverse("members:detail", args=[world["target"].pk])
    for who in ("secretary", "officer"):
        status, html = html_for(client, world[who], url)
        assert status == 200
        assert "066188000111" in html, who
    status, html = html_for(client, world["member"], url)
    assert status == 200
    assert "Hoàng Thị Lan" in html
    assert world["target"].phone in html
    assert "066188000111" not in html
    assert "10/05/1985" not in html  # date of birth
    status, _html = html_for(client, world["other_member"], url)
    assert status == 404


def test_member_sees_her_own_personal_fields(client, world):
    own = world["member"].member
    status, html = html_for(client, world["member"], reverse("members:detail", args=[own.pk]))
    assert status == 200
    assert own.citizen_id in html


def test_list_hides_status_from_ordinary_members(client, world):
    status, html = html_for(client, world["member"], reverse("members:list"))
    assert status == 200
    assert "Hoàng Thị Lan" in html
    assert "Phạm Văn Quân" not in html  # another cell
    client.force_login(world["officer"])
    response = client.get(reverse("members:list"))
    rows = response.context["rows"]
    assert {r["member"].full_name for r in rows} >= {"Hoàng Thị Lan", "Phạm Văn Quân"}
    assert all(r["personal"] for r in rows)


def test_the_list_is_kept_per_user_and_filters_until_a_member_changes(
    client, world, page_cache, django_capture_on_commit_callbacks
):
    """Each user's list of each filter is one cached part (`core.versions`): a plain member never
    gets the officer's, and a change of name shows at once."""
    url = reverse("members:list")
    officer = html_for(client, world["officer"], url)[1]
    assert "Phạm Văn Quân" in officer
    member = html_for(client, world["member"], url)[1]
    assert "Phạm Văn Quân" not in member  # another cell: not the officer's part
    assert "Phạm Văn Quân" not in html_for(client, world["officer"], url + "?q=lan")[1]
    target = world["target"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        target.full_name = "Hoàng Thị Lan Anh"
        target.save()
    assert "Hoàng Thị Lan Anh" in html_for(client, world["officer"], url)[1]
    assert "Hoàng Thị Lan Anh" in html_for(client, world["member"], url)[1]


def test_list_filters_and_search_without_diacritics(client, world):
    client.force_login(world["officer"])
    url = reverse("members:list")
    names = lambda r: [row["member"].full_name for row in r.context["rows"]]  # noqa: E731
    assert names(client.get(url, {"q": "hoang thi"})) == ["Hoàng Thị Lan"]
    assert names(client.get(url, {"cell": world["cell2"].pk})) == ["Phạm Văn Quân"]
    assert client.get(url, {"cell": "999999"}).status_code == 200
    assert client.get(url, {"q": "x" * 10000}).status_code == 200
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_list_sorted_by_given_name(client, world):
    client.force_login(world["officer"])
    rows = client.get(reverse("members:list")).context["rows"]
    assert [r["member"].full_name for r in rows] == [
        "Hoàng Thị Lan",
        "Lê Văn Minh",
        "Trần Thị Nhung",
        "Phạm Văn Quân",
    ]


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "nguyen", "status": "official", "position": "cell_committee_member", "age_min": 20}],
)
def test_member_list_queries_do_not_grow(client, committee, params):
    cell = CellFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    client.force_login(officer)
    term = TermFactory(committee=committee)
    for member in MemberFactory.create_batch(5, committee=committee, cell=cell):
        PositionFactory(member=member, cell=cell, role="cell_committee_member", term=term)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("members:list"), {"page": 1, **params}).status_code == 200
        return len(queries)

    few = count()
    for member in MemberFactory.create_batch(45, committee=committee, cell=cell):
        PositionFactory(member=member, cell=cell, role="cell_committee_member", term=term)
    assert count() == few


def test_member_detail_queries_do_not_grow_with_history(client, world):
    client.force_login(world["officer"])
    target = world["target"]
    url = reverse("members:detail", args=[target.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in range(2, 12):
        StatusEvent.objects.create(
            member=target,
            kind="exempted",
            date=datetime.date(2024, 1, day),
            status_after=Status.OFFICIAL,
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before) == len(after)


# --- create and edit ----------------------------------------------------------------------------


def _member_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Hoa",
        "date_of_birth": "05/03/1990",
        "sex": "female",
        "ethnicity": "Kinh",
        "religion": "Không",
        "theory_level": "elementary",
        "citizen_id": "066190000777",
        "admitted_on": "19/05/2020",
        "recognised_on": "19/05/2021",
        "joined_on": "19/05/2020",
        "status": "official",
    }
    data.update(overrides)
    return data


def test_secretary_adds_a_member_to_her_cell(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("members:create"), _member_data(cell=world["cell1"].pk), follow=True
    )
    assert response.status_code == 200
    member = Member.objects.get(full_name="Nguyễn Thị Hoa")
    assert member.date_of_birth == datetime.date(1990, 3, 5)
    assert member.status == Status.OFFICIAL
    assert list(member.status_events.values_list("kind", flat=True).order_by("date")) == [
        "admitted",
        "recognised",
    ]
    assert member.history.first().history_user == world["secretary"]


def test_secretary_cannot_add_to_another_cell(client, world):
    client.force_login(world["secretary"])
    response = client.post(reverse("members:create"), _member_data(cell=world["cell2"].pk))
    assert "cell" in response.context["form"].errors
    assert not Member.objects.filter(full_name="Nguyễn Thị Hoa").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"admitted_on": "19/05/2005", "recognised_on": "19/05/2006"}, "admitted_on"),  # aged 15
        ({"date_of_birth": "31/02/1990"}, "date_of_birth"),
        ({"recognised_on": "01/01/2019"}, "recognised_on"),
        ({"citizen_id": "066188000111"}, "citizen_id"),  # the target's
        ({"citizen_id": "12ab"}, "citizen_id"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"status": "probationary"}, "recognised_on"),
    ],
)
def test_bad_member_input_keeps_it_and_saves_nothing(client, world, overrides, field):
    client.force_login(world["officer"])
    before = Member.objects.count()
    response = client.post(
        reverse("members:create"), _member_data(cell=world["cell1"].pk, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Member.objects.count() == before
    assert response.context["form"]["full_name"].value() == overrides.get(
        "full_name", "Nguyễn Thị Hoa"
    )


def test_edit_member_and_photo_checks(client, world):
    client.force_login(world["secretary"])
    target = world["target"]
    url = reverse("members:edit", args=[target.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data["date_of_birth"] = "10/05/1985"
    data["admitted_on"] = "05/03/2015"
    data["recognised_on"] = "05/03/2016"
    data["phone"] = "0912345678"
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(url, {**data, "photo": fake})
    assert "photo" in response.context["form"].errors
    target.refresh_from_db()
    assert target.phone != "0912345678"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "white").save(buffer, "PNG")
    photo = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    response = client.post(url, {**data, "photo": photo})
    assert response.status_code == 302, response.context["form"].errors
    target.refresh_from_db()
    assert target.phone == "0912345678"
    assert target.photo
    assert client.get(reverse("members:photo", args=[target.pk])).status_code == 200


def test_photo_of_a_member_without_one_is_404(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("members:photo", args=[world["target"].pk])).status_code == 404


# --- my profile ---------------------------------------------------------------------------------


def test_my_profile_changes_only_contact_fields(client, world):
    user = world["member"]
    client.force_login(user)
    member = user.member
    response = client.post(
        reverse("members:me"),
        {
            "phone": "0988000111",
            "email": "minh@example.vn",
            "current_address": "Thôn 2",
            "citizen_id": "099999999999",
            "full_name": "Hacker",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "0988000111"
    assert member.current_address == "Thôn 2"
    assert member.citizen_id != "099999999999"
    assert member.full_name == "Lê Văn Minh"


def test_my_profile_bad_email(client, world):
    client.force_login(world["member"])
    response = client.post(reverse("members:me"), {"email": "not-an-email"})
    assert "email" in response.context["form"].errors


def test_my_profile_without_member_record(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("members:me"))
    assert response.status_code == 200
    assert response.context.get("form") is None


def test_member_cannot_edit_others(client, world):
    client.force_login(world["member"])
    url = reverse("members:edit", args=[world["target"].pk])
    assert client.post(url, {"full_name": "X"}).status_code == 403
    assert (
        client.get(reverse("members:edit", args=[world["other_member"].member.pk])).status_code
        == 404
    )


# --- status, move, transfer, positions ----------------------------------------------------------


def test_status_change_page(client, world):
    client.force_login(world["secretary"])
    url = reverse("members:status", args=[world["target"].pk])
    bad = client.post(url, {"kind": "exempted", "date": "01/01/2099"})
    assert "date" in bad.context["form"].errors
    ok = client.post(url, {"kind": "exempted", "date": "01/11/2026", "reason": "Sức khỏe"})
    assert ok.status_code == 302
    world["target"].refresh_from_db()
    assert world["target"].status == Status.EXEMPTED


def test_move_page(client, world):
    client.force_login(world["officer"])
    url = reverse("members:move", args=[world["target"].pk])
    bad = client.post(url, {"cell": world["cell1"].pk, "date": "01/11/2026"})
    assert "cell" in bad.context["form"].errors
    ok = client.post(url, {"cell": world["cell2"].pk, "date": "01/11/2026"})
    assert ok.status_code == 302
    current = CellMembership.objects.get(member=world["target"], end_date__isnull=True)
    assert current.cell == world["cell2"]


def test_transfer_page(client, world):
    client.force_login(world["secretary"])
    url = reverse("members:transfer", args=[world["target"].pk])
    bad = client.post(
        url, {"action": "out_temporary", "date": "01/10/2026", "organisation": "Sở GD&ĐT"}
    )
    assert "expected_return" in bad.context["form"].errors
    data = {
        "action": "out_temporary",
        "date": "01/10/2026",
        "organisation": "Trường Chính trị tỉnh",
        "expected_return": "01/10/2027",
    }
    # A year away for work is not "under 1 year" (DOMAIN §3); for study it is allowed.
    work = client.post(url, {**data, "purpose": "work"})
    assert "expected_return" in work.context["form"].errors
    assert not Transfer.objects.exists()
    ok = client.post(url, {**data, "purpose": "study"})
    assert ok.status_code == 302
    assert Transfer.objects.get().kind == "temporary"
    world["target"].refresh_from_db()
    assert world["target"].status == Status.AWAY


def test_second_secretary_is_refused_with_the_holders_name(client, world):
    client.force_login(world["officer"])
    url = reverse("members:position_add", args=[world["target"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "role": "cell_secretary",
            "cell": world["cell1"].pk,
            "term": world["term"].pk,
            "start_date": "01/08/2025",
        },
    )
    assert "Trần Thị Nhung" in str(response.context["form"].errors)
    assert Position.objects.filter(role="cell_secretary").count() == 1


def test_end_a_position(client, world):
    client.force_login(world["officer"])
    position = Position.objects.get(role="cell_secretary")
    url = reverse("members:position_end", args=[position.pk])
    bad = client.post(url, {"end_date": "01/01/2020"})
    assert "end_date" in bad.context["form"].errors
    assert client.post(url, {"end_date": "01/11/2026"}).status_code == 302
    position.refresh_from_db()
    assert position.end_date == datetime.date(2026, 11, 1)


def test_member_history_page(client, world):
    client.force_login(world["secretary"])
    target = world["target"]
    services.member_update(member=target, by=world["secretary"], phone="0900000001")
    response = client.get(reverse("members:history", args=[target.pk]))
    entries = response.context["page"].object_list
    assert entries[0].who == world["secretary"]
    assert any(c.new == "0900000001" for c in entries[0].changes)


def test_cell_page_shows_officers_and_headcount(client, world):
    client.force_login(world["member"])
    response = client.get(reverse("cells:cell_detail", args=[world["cell1"].pk]))
    html = response.content.decode()
    assert "Trần Thị Nhung" in html
    assert response.context["headcount"].total == 3


def test_another_committees_member_is_404(client, world, other_committee):
    stranger = MemberFactory(committee=other_committee)
    client.force_login(world["officer"])
    for name in ("members:detail", "members:edit", "members:status", "members:move"):
        assert client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert client.get(reverse("members:detail", args=[999999])).status_code == 404


def test_a_clerk_gives_cell_offices_but_not_committee_offices(client, world, clerk):
    """An office of the executive committee is the committee officers' to give (DESIGN §3)."""
    url = reverse("members:position_add", args=[world["target"].pk])
    data = {"term": world["term"].pk, "start_date": "01/08/2025"}
    client.force_login(clerk)
    offered = dict(client.get(url).context["form"].fields["role"].choices)
    assert "cell_deputy" in offered and "committee_secretary" not in offered
    refused = client.post(url, {**data, "role": "committee_secretary"})
    assert "role" in refused.context["form"].errors
    assert not Position.objects.filter(member=world["target"]).exists()
    client.force_login(world["officer"])
    assert client.post(url, {**data, "role": "committee_member"}).status_code == 302
    assert Position.objects.get(member=world["target"]).role == "committee_member"
