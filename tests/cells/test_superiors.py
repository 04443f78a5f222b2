"""The shared superior (issue 22): its record, the name that finds it, and the committee's dated
superior body that picks it or names a new one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from cells import services
from cells.forms import SuperiorBodyForm
from cells.models import Superior, SuperiorBody
from core.services import save_with_history
from tests.factories import CommitteeFactory, SuperiorBodyFactory, SuperiorFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CREATE = "cells:superior_body_create"


def _create_url(committee):
    return reverse(CREATE, args=[committee.pk])


# --- the superior's own record -------------------------------------------------------------------


def test_a_new_superior_has_its_defaults_and_search_key(superuser):
    superior = save_with_history(Superior(name="  Đảng ủy xã   Krông Bông "), by=superuser)
    assert superior.name == "Đảng ủy xã Krông Bông"
    assert superior.name_key == "dang uy xa krong bong"
    assert (superior.kind, superior.report_deadline_day, superior.is_active) == (
        "commune",
        20,
        True,
    )
    assert superior.history.get().history_user == superuser


@pytest.mark.parametrize("day", [0, 29, -1])
def test_the_report_deadline_day_is_a_day_1_to_28(superuser, day):
    # The behaviour it drives (a report late after that day) comes with the superior's dashboard;
    # here only the setting's validation.
    superior = SuperiorFactory()
    superior.report_deadline_day = day
    with pytest.raises(ValidationError) as error:
        save_with_history(superior, by=superuser)
    assert "report_deadline_day" in error.value.message_dict
    superior.refresh_from_db()
    assert superior.report_deadline_day == 20


def test_the_superior_changes_its_report_deadline_day(superuser):
    superior = SuperiorFactory()
    superior.report_deadline_day = 25
    save_with_history(superior, by=superuser)
    superior.refresh_from_db()
    assert superior.report_deadline_day == 25
    assert [h.report_deadline_day for h in superior.history.order_by("history_id")][-1] == 25


@pytest.mark.parametrize(
    "name", ["đảng ủy xã krông bông ", "DANG UY XA KRONG BONG", "Đảng  ủy xã Krông Bông"]
)
def test_two_superiors_may_not_differ_only_in_case_accents_or_spaces(superuser, name):
    SuperiorFactory(name="Đảng ủy xã Krông Bông")
    with pytest.raises(ValidationError) as error:
        save_with_history(Superior(name=name), by=superuser)
    assert error.value.message_dict["name"] == ["Đã có cấp ủy cấp trên mang tên này."]
    assert Superior.objects.count() == 1


def test_a_superior_in_use_is_never_deleted():
    body = SuperiorBodyFactory()
    with pytest.raises(ProtectedError):
        body.superior.delete()


# --- the service: a superior by its name -----------------------------------------------------------


def test_superior_for_name_finds_the_superior_whatever_the_case_and_accents(superuser):
    existing = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    assert services.superior_for_name("  dang uy xa KRONG bong", by=superuser) == existing
    assert Superior.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   ", None])
def test_superior_for_name_needs_a_name(superuser, name):
    with pytest.raises(ValidationError) as error:
        services.superior_for_name(name, by=superuser)
    assert "name" in error.value.message_dict
    assert not Superior.objects.exists()


def test_superior_for_name_refuses_a_name_too_long(superuser):
    with pytest.raises(ValidationError):
        services.superior_for_name("x" * 201, by=superuser)
    assert not Superior.objects.exists()


# --- the committee's dated superior body ---------------------------------------------------------


def test_a_typed_name_creates_the_superior_once(committee, officer):
    first = services.superior_body_create(
        committee=committee, by=officer, name="Đảng ủy xã Krông Bông", valid_from=D(2025, 7, 1)
    )
    assert first.superior.name == "Đảng ủy xã Krông Bông"
    assert first.superior.history.get().history_user == officer
    # Another committee types it in lower case, without accents: the same superior.
    other = services.superior_body_create(
        committee=CommitteeFactory(),
        by=officer,
        name="dang uy xa krong bong",
        valid_from=D(2025, 7, 1),
    )
    assert other.superior == first.superior
    assert other.name == "dang uy xa krong bong"  # the dated name stays as typed
    assert Superior.objects.count() == 1


def test_a_chosen_superior_gives_its_name_when_none_is_typed(committee, officer):
    superior = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    body = services.superior_body_create(
        committee=committee, by=officer, superior=superior, name="", valid_from=D(2025, 7, 1)
    )
    assert (body.superior, body.name) == (superior, "Đảng ủy xã Krông Bông")


def test_a_chosen_superior_keeps_the_dated_name_typed(committee, officer):
    # A superior renamed since: the row keeps the name valid on its dates.
    superior = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    body = services.superior_body_create(
        committee=committee,
        by=officer,
        superior=superior,
        name="Đảng ủy thị trấn Krông Kmar",
        valid_from=D(2020, 1, 1),
    )
    assert (body.superior, body.name) == (superior, "Đảng ủy thị trấn Krông Kmar")


def test_neither_a_superior_nor_a_name_saves_nothing(committee, officer):
    with pytest.raises(ValidationError) as error:
        services.superior_body_create(
            committee=committee, by=officer, superior=None, name=" ", valid_from=D(2025, 7, 1)
        )
    assert "name" in error.value.message_dict
    assert not SuperiorBody.objects.exists() and not Superior.objects.exists()


def test_a_refused_body_creates_no_superior(committee, officer):
    SuperiorBodyFactory(committee=committee, valid_from=D(2001, 1, 1))
    with pytest.raises(ValidationError):
        services.superior_body_create(
            committee=committee, by=officer, name="Đảng ủy xã Mới", valid_from=D(2025, 7, 1)
        )
    assert not Superior.objects.filter(name="Đảng ủy xã Mới").exists()


def test_an_update_keeps_the_superior_unless_told(committee, officer):
    body = SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    superior = body.superior
    services.superior_body_update(body=body, by=officer, valid_until=D(2025, 6, 30))
    body.refresh_from_db()
    assert body.superior == superior and body.valid_until == D(2025, 6, 30)
    other = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    services.superior_body_update(body=body, by=officer, superior=other, name="")
    body.refresh_from_db()
    assert (body.superior, body.name) == (other, "Đảng ủy xã Krông Bông")


# --- the form and the page -----------------------------------------------------------------------


def test_the_form_offers_the_active_superiors_and_the_rows_own(committee):
    active = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    retired = SuperiorFactory(name="Huyện ủy Krông Bông", is_active=False)
    assert list(SuperiorBodyForm().fields["superior"].queryset) == [active]
    body = SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    assert body.superior == retired
    offered = set(SuperiorBodyForm(instance=body).fields["superior"].queryset)
    assert offered == {active, retired}


def test_the_page_saves_a_chosen_superior(officer_client, committee):
    superior = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    page = officer_client.get(_create_url(committee))
    assert "Đảng ủy xã Krông Bông" in page.content.decode()
    response = officer_client.post(
        _create_url(committee), {"superior": superior.pk, "name": "", "valid_from": "01/07/2025"}
    )
    assert response.status_code == 302
    body = SuperiorBody.objects.get()
    assert (body.superior, body.name, body.valid_from) == (superior, superior.name, D(2025, 7, 1))


def test_the_page_finds_a_typed_name_among_the_superiors(officer_client, committee):
    superior = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    response = officer_client.post(
        _create_url(committee), {"name": "đảng ủy xã krông bông", "valid_from": "01/07/2025"}
    )
    assert response.status_code == 302
    assert SuperiorBody.objects.get().superior == superior
    assert Superior.objects.count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "valid_from": "01/07/2025"}, "name"),
        ({"superior": "999999", "name": "", "valid_from": "01/07/2025"}, "superior"),
        ({"superior": "abc", "name": "Đảng ủy xã", "valid_from": "01/07/2025"}, "superior"),
        ({"name": "x" * 201, "valid_from": "01/07/2025"}, "name"),
        ({"name": "Đảng ủy xã\x00", "valid_from": "01/07/2025"}, "name"),
    ],
)
def test_the_page_refuses_bad_input_and_saves_nothing(officer_client, committee, data, field):
    response = officer_client.post(_create_url(committee), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SuperiorBody.objects.exists() and not Superior.objects.exists()


def test_the_page_does_not_take_an_inactive_superior(officer_client, committee):
    retired = SuperiorFactory(is_active=False)
    response = officer_client.post(
        _create_url(committee), {"superior": retired.pk, "name": "", "valid_from": "01/07/2025"}
    )
    assert "superior" in response.context["form"].errors
    assert not SuperiorBody.objects.exists()


def test_the_edit_page_keeps_the_superior_and_changes_the_dates(officer_client, committee):
    body = SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    superior = body.superior
    response = officer_client.post(
        reverse("cells:superior_body_edit", args=[body.pk]),
        {
            "superior": superior.pk,
            "name": "Huyện ủy Krông Bông",
            "valid_from": "23/02/2001",
            "valid_until": "30/06/2025",
        },
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.superior, body.valid_until) == (superior, D(2025, 6, 30))


# --- the administration --------------------------------------------------------------------------


def test_the_administrator_manages_superiors_and_refuses_a_duplicate_name(client, superuser):
    client.force_login(superuser)
    SuperiorFactory(name="Đảng ủy xã Krông Bông")
    assert client.get(reverse("admin:cells_superior_changelist")).status_code == 200
    data = {"name": "ĐẢNG ỦY XÃ KRÔNG BÔNG", "kind": "commune", "report_deadline_day": "20"}
    response = client.post(reverse("admin:cells_superior_add"), {**data, "is_active": "on"})
    assert response.status_code == 200 and "name" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:cells_superior_add"), {**data, "name": "Đảng ủy phường Ea Tam"}
    )
    assert response.status_code == 302
    assert Superior.objects.get(name="Đảng ủy phường Ea Tam").name_key == "dang uy phuong ea tam"
