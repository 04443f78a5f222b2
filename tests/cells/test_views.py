"""Organisation pages: each form's success and bad input, scoping between committees, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells import services
from cells.models import Cell, Committee, CommitteeSettings, SuperiorBody, Term
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    SuperiorBodyFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- committee ----------------------------------------------------------------------------------


def test_committee_page_shows_cells_terms_and_superior_body(officer_client, committee):
    CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin")
    TermFactory(committee=committee, name="2025–2030")
    SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông")
    response = officer_client.get(reverse("cells:committee_detail", args=[committee.pk]))
    html = response.content.decode()
    assert "Chi bộ Tổ Toán - Tin" in html
    assert "2025–2030" in html
    assert "Đảng ủy xã Krông Bông" in html
    assert reverse("cells:committee_edit", args=[committee.pk]) in html


def test_observer_sees_no_edit_links(client, observer, committee):
    client.force_login(observer)
    html = client.get(reverse("cells:committee_detail", args=[committee.pk])).content.decode()
    assert reverse("cells:committee_edit", args=[committee.pk]) not in html
    assert reverse("cells:history", args=["committee", committee.pk]) not in html


def test_committee_create_by_superuser(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("cells:committee_create"),
        {"name": "Đảng bộ Trường THPT B", "place_name": "Ea Kar", "founded_on": "05/03/2026"},
        follow=True,
    )
    assert response.status_code == 200
    committee = response.context["committee"]
    assert committee.founded_on == datetime.date(2026, 3, 5)  # day first
    assert CommitteeSettings.objects.filter(committee=committee).exists()
    assert messages_of(response)


def test_committee_create_bad_input_keeps_it_and_saves_nothing(client, superuser, committee):
    client.force_login(superuser)
    response = client.post(
        reverse("cells:committee_create"),
        {"name": committee.name, "place_name": "", "founded_on": "31/02/2026"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"place_name", "founded_on"}
    assert "31/02/2026" in response.content.decode()
    assert response.context["form"]["name"].value() == committee.name
    # Once the fields are right, the duplicate name is reported next to the name.
    response = client.post(
        reverse("cells:committee_create"),
        {"name": committee.name.upper(), "place_name": "Ea Kar"},
    )
    assert "name" in response.context["form"].errors
    assert Committee.objects.count() == 1


def test_committee_edit(officer_client, committee):
    url = reverse("cells:committee_edit", args=[committee.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url,
        {"name": committee.name, "place_name": "Krông Bông", "address": "Thôn 1"},
        follow=True,
    )
    committee.refresh_from_db()
    assert committee.address == "Thôn 1"
    assert messages_of(response)


def test_empty_post_reports_required_fields(officer_client, committee):
    response = officer_client.post(reverse("cells:committee_edit", args=[committee.pk]), {})
    assert response.status_code == 200
    assert {"name", "place_name"} <= set(response.context["form"].errors)


def test_too_long_name_is_refused(officer_client, committee):
    response = officer_client.post(
        reverse("cells:cell_create", args=[committee.pk]), {"name": "x" * 201, "code": "CB1"}
    )
    assert "name" in response.context["form"].errors
    assert not Cell.objects.exists()


# --- rules ---------------------------------------------------------------------------------------


def test_rules_edit_saves_and_shows(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    form = officer_client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update({name: form.initial.get(name, data[name]) for name in data})
    data["meeting_time"] = "16:30"
    data["temporary_members_vote"] = ""
    data["meeting_day"] = 7
    response = officer_client.post(url, data, follow=True)
    assert response.status_code == 200, response.context["form"].errors
    assert CommitteeSettings.objects.get(committee=committee).meeting_day == 7
    assert "7" in response.content.decode()


def test_rules_edit_has_the_discipline_expulsion_and_transfer_settings(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    form = officer_client.get(url).context["form"]
    new = {
        "discipline_numerator": 2,
        "discipline_denominator": 3,
        "expulsion_numerator": 3,
        "expulsion_denominator": 4,
        "transfer_work_min_months": 2,
        "transfer_work_under_months": 18,
        "transfer_study_min_months": 4,
        "transfer_study_max_months": 36,
    }
    assert set(new) <= set(form.fields)
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data.update(new, meeting_time="16:30", temporary_members_vote="")
    response = officer_client.post(url, data, follow=True)
    assert response.status_code == 200, response.context["form"].errors
    rules = CommitteeSettings.objects.get(committee=committee)
    assert {name: getattr(rules, name) for name in new} == new
    html = response.content.decode()
    assert "&gt; 2/3 · ≥ 3/4" in html
    # Inconsistent bounds come back on their field; nothing changes.
    response = officer_client.post(url, {**data, "transfer_work_under_months": 2})
    assert "transfer_work_under_months" in response.context["form"].errors
    assert CommitteeSettings.objects.get(committee=committee).transfer_work_under_months == 18


def test_rules_edit_refuses_bad_values(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    response = officer_client.post(url, {"meeting_day": 40, "majority_numerator": "abc"})
    assert response.status_code == 200
    assert {"meeting_day", "majority_numerator"} <= set(response.context["form"].errors)
    assert not CommitteeSettings.objects.exists()


def test_rules_edit_says_one_bound_per_field(officer_client, committee):
    """A negative number of days gets the model's "at least 1", not also the field's own
    "at least 0"; the input's min follows."""
    url = reverse("cells:rules_edit", args=[committee.pk])
    field = officer_client.get(url).context["form"].fields["minutes_approval_days"]
    assert (field.widget.attrs["min"], field.widget.attrs["max"]) == (1, 60)
    response = officer_client.post(url, {"minutes_approval_days": -3, "meeting_day": 99})
    errors = response.context["form"].errors
    assert len(errors["minutes_approval_days"]) == 1
    assert len(errors["meeting_day"]) == 1
    assert not CommitteeSettings.objects.exists()


# --- terms and superior bodies -------------------------------------------------------------------


def test_term_create_and_overlap_message(officer_client, committee):
    url = reverse("cells:term_create", args=[committee.pk])
    ok = officer_client.post(
        url, {"name": "2020–2025", "start_date": "01/07/2020", "end_date": "30/06/2025"}
    )
    assert ok.status_code == 302
    response = officer_client.post(
        url, {"name": "2025–2030", "start_date": "01/06/2025", "end_date": "30/06/2030"}
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert "2020–2025" in str(response.context["form"].errors["start_date"])
    assert Term.objects.count() == 1


def test_term_end_before_start(officer_client, committee):
    response = officer_client.post(
        reverse("cells:term_create", args=[committee.pk]),
        {"name": "X", "start_date": "01/07/2025", "end_date": "01/07/2020"},
    )
    assert "end_date" in response.context["form"].errors
    assert not Term.objects.exists()


def test_term_edit(officer_client, term):
    response = officer_client.post(
        reverse("cells:term_edit", args=[term.pk]),
        {"name": "2025-2030", "start_date": "01/07/2025", "end_date": "30/06/2030"},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.name == "2025-2030"


def test_superior_body_create_and_edit(officer_client, committee):
    response = officer_client.post(
        reverse("cells:superior_body_create", args=[committee.pk]),
        {"name": "Huyện ủy Krông Bông", "valid_from": "23/02/2001", "valid_until": "30/06/2025"},
    )
    assert response.status_code == 302
    body = SuperiorBody.objects.get()
    response = officer_client.post(
        reverse("cells:superior_body_edit", args=[body.pk]),
        {"name": "Huyện ủy Krông Bông", "valid_from": "23/02/2001", "valid_until": "01/01/2000"},
    )
    assert "valid_until" in response.context["form"].errors
    body.refresh_from_db()
    assert body.valid_until == datetime.date(2025, 6, 30)


def test_superior_body_overlap_is_shown(officer_client, committee):
    SuperiorBodyFactory(committee=committee, valid_from=datetime.date(2001, 1, 1))
    response = officer_client.post(
        reverse("cells:superior_body_create", args=[committee.pk]),
        {"name": "Đảng ủy xã", "valid_from": "01/07/2025"},
    )
    assert "valid_from" in response.context["form"].errors
    assert SuperiorBody.objects.count() == 1


# --- cells ---------------------------------------------------------------------------------------


def test_cell_create_edit(officer_client, committee):
    response = officer_client.post(
        reverse("cells:cell_create", args=[committee.pk]),
        {"name": "Chi bộ Tổ Toán - Tin", "code": "CB1", "founded_on": "01/09/2015"},
        follow=True,
    )
    cell = Cell.objects.get()
    assert response.context["cell"] == cell
    response = officer_client.post(
        reverse("cells:cell_edit", args=[cell.pk]),
        {"name": "Chi bộ Tổ Toán", "code": "CB1", "description": "Toán"},
    )
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Tổ Toán"


def test_cell_duplicate_name_message_next_to_field(officer_client, committee):
    CellFactory(committee=committee, name="Chi bộ 1", code="CB1")
    response = officer_client.post(
        reverse("cells:cell_create", args=[committee.pk]), {"name": "Chi bộ 1", "code": "CB2"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Cell.objects.count() == 1


def test_cell_dissolve_confirm_then_restore(officer_client, cell):
    url = reverse("cells:cell_dissolve", args=[cell.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert cell.name in page.content.decode()
    bad = officer_client.post(url, {"dissolved_on": "01/01/2099", "dissolution_reason": ""})
    assert {"dissolved_on", "dissolution_reason"} <= set(bad.context["form"].errors)
    cell.refresh_from_db()
    assert cell.is_active
    officer_client.post(url, {"dissolved_on": "15/01/2026", "dissolution_reason": "Sáp nhập"})
    cell.refresh_from_db()
    assert cell.status == Cell.Status.DISSOLVED
    # Dissolving again just says so.
    assert officer_client.get(url).status_code == 302
    restore = reverse("cells:cell_restore", args=[cell.pk])
    assert officer_client.get(restore).status_code == 200
    assert officer_client.post(restore).status_code == 302
    cell.refresh_from_db()
    assert cell.is_active


def test_cell_list_filters_and_searches(officer_client, committee):
    CellFactory(committee=committee, name="Chi bộ Toán", code="CB1")
    CellFactory(
        committee=committee,
        name="Chi bộ Văn",
        code="CB2",
        status=Cell.Status.DISSOLVED,
        dissolved_on=datetime.date(2025, 1, 1),
    )
    url = reverse("cells:cell_list", args=[committee.pk])
    assert len(officer_client.get(url).context["page"].object_list) == 2
    assert [c.code for c in officer_client.get(url, {"status": "active"}).context["page"]] == [
        "CB1"
    ]
    assert [c.code for c in officer_client.get(url, {"q": "văn"}).context["page"]] == ["CB2"]
    # A bad filter value is a form error, not a 500.
    assert officer_client.get(url, {"status": "nonsense"}).status_code == 200
    assert officer_client.get(url, {"page": "abc"}).status_code == 200


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["cells:cell_list", "cells:committee_detail"])
def test_lists_use_the_same_queries_for_5_and_50_rows(officer_client, committee, view):
    url = reverse(view, args=[committee.pk])
    CellFactory.create_batch(5, committee=committee)
    TermFactory(committee=committee)
    few = _count_queries(officer_client, url)
    CellFactory.create_batch(45, committee=committee)
    for year in range(2000, 2020, 5):
        TermFactory(
            committee=committee,
            name=str(year),
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year + 4, 12, 31),
        )
    assert _count_queries(officer_client, url) == few


# --- two committees kept apart ------------------------------------------------------------------


def test_a_user_of_committee_a_gets_404_on_every_object_of_committee_b(client, other_committee):
    a_officer = CommitteeRoleFactory(role="officer").user
    client.force_login(a_officer)
    cell = CellFactory(committee=other_committee)
    term = TermFactory(committee=other_committee)
    body = SuperiorBodyFactory(committee=other_committee)
    urls = [
        reverse("cells:committee_detail", args=[other_committee.pk]),
        reverse("cells:committee_edit", args=[other_committee.pk]),
        reverse("cells:rules_edit", args=[other_committee.pk]),
        reverse("cells:cell_list", args=[other_committee.pk]),
        reverse("cells:cell_create", args=[other_committee.pk]),
        reverse("cells:term_create", args=[other_committee.pk]),
        reverse("cells:superior_body_create", args=[other_committee.pk]),
        reverse("cells:cell_detail", args=[cell.pk]),
        reverse("cells:cell_edit", args=[cell.pk]),
        reverse("cells:cell_dissolve", args=[cell.pk]),
        reverse("cells:cell_restore", args=[cell.pk]),
        reverse("cells:term_edit", args=[term.pk]),
        reverse("cells:superior_body_edit", args=[body.pk]),
        reverse("cells:history", args=["cell", cell.pk]),
        reverse("cells:history", args=["committee", other_committee.pk]),
        reverse("cells:history", args=["rules", other_committee.pk]),
        reverse("cells:history", args=["term", term.pk]),
        reverse("cells:history", args=["superior-body", body.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "hack", "code": "X"}).status_code == 404, url
    cell.refresh_from_db()
    assert cell.name != "hack"
    html = client.get(reverse("cells:committee_list")).content.decode()
    assert other_committee.name not in html


def test_unknown_ids_are_404(officer_client):
    assert officer_client.get("/organisation/cells/999999/").status_code == 404
    assert officer_client.get("/organisation/history/nonsense/1/").status_code == 404


def test_expired_grant_gives_no_access(client, committee):
    grant = CommitteeRoleFactory(
        committee=committee,
        role="officer",
        valid_from=datetime.date(2015, 1, 1),
        valid_until=datetime.date(2020, 1, 1),
    )
    client.force_login(grant.user)
    assert client.get(committee.get_absolute_url()).status_code == 404


def test_observer_cannot_post_edits(client, observer, cell):
    client.force_login(observer)
    response = client.post(reverse("cells:cell_edit", args=[cell.pk]), {"name": "x", "code": "y"})
    assert response.status_code == 403
    cell.refresh_from_db()
    assert cell.name != "x"


# --- history -------------------------------------------------------------------------------------


def test_history_page_lists_who_changed_what(officer_client, officer, committee):
    url = reverse("cells:cell_create", args=[committee.pk])
    officer_client.post(url, {"name": "Chi bộ A", "code": "CB1"})
    cell = Cell.objects.get()
    officer_client.post(
        reverse("cells:cell_edit", args=[cell.pk]), {"name": "Chi bộ B", "code": "CB1"}
    )
    response = officer_client.get(reverse("cells:history", args=["cell", cell.pk]))
    entries = response.context["page"].object_list
    assert len(entries) == 2
    latest = entries[0]
    assert latest.who == officer
    assert [(c.old, c.new) for c in latest.changes] == [("Chi bộ A", "Chi bộ B")]
    html = response.content.decode()
    assert "Chi bộ A" in html and "Chi bộ B" in html


@pytest.mark.parametrize("kind", ["committee", "rules", "term", "superior-body"])
def test_history_pages_for_each_kind(officer_client, officer, committee, kind):
    services.rules_update(committee=committee, by=officer, meeting_day=9)
    term = TermFactory(committee=committee)
    body = SuperiorBodyFactory(committee=committee)
    pk = {"term": term.pk, "superior-body": body.pk}.get(kind, committee.pk)
    response = officer_client.get(reverse("cells:history", args=[kind, pk]))
    assert response.status_code == 200
    if kind == "rules":
        assert response.context["page"].object_list[0].who == officer


def test_rules_history_when_never_saved(officer_client, committee):
    response = officer_client.get(reverse("cells:history", args=["rules", committee.pk]))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
