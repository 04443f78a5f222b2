"""The offline-reading settings on the committee's rules page (issue 24): edited, shown, refused
when out of range or not a number (nothing saved, no server error)."""

import pytest
from django.urls import reverse

from cells.models import CommitteeSettings
from tests.cells.test_reminder_settings import english, form_data  # noqa: F401
from tests.factories import MemberFactory, PositionFactory, member_user

pytestmark = pytest.mark.django_db


def test_the_defaults(committee):
    rules = CommitteeSettings(committee=committee)
    assert (rules.offline_keep_days, rules.offline_document_max_mb) == (14, 5)


def test_the_rules_page_edits_and_shows_them(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    data = form_data(officer_client, url)
    response = officer_client.post(
        url, {**data, "offline_keep_days": 7, "offline_document_max_mb": 2}
    )
    assert response.status_code == 302, response.context["form"].errors
    rules = CommitteeSettings.objects.get(committee=committee)
    assert (rules.offline_keep_days, rules.offline_document_max_mb) == (7, 2)
    page = officer_client.get(response.url).content.decode()
    assert "7 ngày" in page and "tải ngầm tài liệu đến 2 MB" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offline_keep_days", -1),
        ("offline_keep_days", 91),
        ("offline_keep_days", ""),
        ("offline_keep_days", "x" * 500),
        ("offline_document_max_mb", 201),
        ("offline_document_max_mb", "1.5"),
    ],
)
def test_a_value_out_of_range_is_refused_and_nothing_is_saved(
    officer_client, committee, field, value
):
    url = reverse("cells:rules_edit", args=[committee.pk])
    data = form_data(officer_client, url)
    response = officer_client.post(url, {**data, "reminder_task_days": 9, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not CommitteeSettings.objects.filter(committee=committee, reminder_task_days=9).exists()


def test_a_cell_secretary_cannot_change_them(client, committee, cell, term):
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    client.force_login(member_user(secretary))
    url = reverse("cells:rules_edit", args=[committee.pk])
    assert client.post(url, {"offline_keep_days": 90}).status_code == 403
    assert not CommitteeSettings.objects.filter(committee=committee, offline_keep_days=90).exists()
