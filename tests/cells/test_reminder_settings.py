"""The reminders' settings on the committee's rules page (issue 21): edited, shown, refused when
out of range (nothing saved)."""

import pytest
from django.urls import reverse
from django.utils import translation

from cells.models import CommitteeSettings

pytestmark = pytest.mark.django_db

REMINDERS = {
    "reminder_meeting_days": 2,
    "reminder_task_days": 3,
    "reminder_probation_days": 30,
    "reminder_residence_days": 30,
    "reminder_supervision_days": 7,
    "reminder_study_days": 3,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def form_data(client, url):
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data.update(meeting_time="16:30", temporary_members_vote="", require_two_factor_officers="")
    return data


def test_the_defaults(committee):
    rules = CommitteeSettings(committee=committee)
    assert {name: getattr(rules, name) for name in REMINDERS} == REMINDERS


def test_the_rules_page_edits_and_shows_the_reminder_settings(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    data = form_data(officer_client, url)
    assert {name: data[name] for name in REMINDERS} == REMINDERS
    new = {name: value + 1 for name, value in REMINDERS.items()}
    response = officer_client.post(url, {**data, **new})
    assert response.status_code == 302, response.context["form"].errors
    rules = CommitteeSettings.objects.get(committee=committee)
    assert {name: getattr(rules, name) for name in REMINDERS} == new
    page = officer_client.get(response.url).content.decode()
    assert (
        "tài liệu 3 · nhiệm vụ 4 · dự bị 31 · nhận xét nơi cư trú 31 · giám sát 8 · học tập 4"
        in page
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reminder_meeting_days", -1),
        ("reminder_meeting_days", 31),
        ("reminder_task_days", 61),
        ("reminder_probation_days", 0),
        ("reminder_residence_days", 366),
        ("reminder_supervision_days", 91),
        ("reminder_study_days", "abc"),
        ("reminder_study_days", ""),
    ],
)
def test_out_of_range_values_are_refused(officer_client, committee, field, value):
    url = reverse("cells:rules_edit", args=[committee.pk])
    response = officer_client.post(url, {**form_data(officer_client, url), field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CommitteeSettings.objects.exists()
