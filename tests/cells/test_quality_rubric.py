"""The meeting-quality rubric among the committee rules (DOMAIN §7): points per criterion and the
grade bands, checked by `cells.services.rules_update` and the database, edited on the rules page
and shown on the committee page."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cells import services
from cells.models import CommitteeSettings
from cells.rules import rules_for

pytestmark = pytest.mark.django_db

RUBRIC = (
    "quality_preparation_points",
    "quality_attendance_points",
    "quality_conduct_points",
    "quality_closing_points",
    "quality_good_min",
    "quality_fair_min",
    "quality_average_min",
)


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English (the language cookie): the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _rubric(committee):
    committee.refresh_from_db()
    rules = rules_for(committee)
    return tuple(getattr(rules, name) for name in RUBRIC)


DEFAULTS = (15, 20, 45, 20, 90, 70, 50)


def test_default_rubric(committee):
    rules = rules_for(committee)
    assert _rubric(committee) == DEFAULTS
    assert rules.quality_max_points == 100


def test_rules_update_changes_the_rubric(committee, officer):
    services.rules_update(
        committee=committee,
        by=officer,
        quality_preparation_points=10,
        quality_conduct_points=50,
        quality_good_min=95,
        quality_fair_min=75,
        quality_average_min=55,
    )
    assert _rubric(committee) == (10, 20, 50, 20, 95, 75, 55)
    assert rules_for(committee).quality_max_points == 100
    rules = CommitteeSettings.objects.get(committee=committee)
    assert rules.history.first().history_user == officer


@pytest.mark.parametrize(
    "bands",
    [
        {"quality_good_min": 70},  # Good = Fair
        {"quality_good_min": 60},  # Good below Fair
        {"quality_average_min": 70},  # Average = Fair
        {"quality_average_min": 80},  # Average above Fair
        {"quality_fair_min": 95},  # Fair above Good
        {"quality_good_min": 50, "quality_fair_min": 60, "quality_average_min": 70},  # upside down
    ],
)
def test_bands_must_go_down(committee, officer, bands):
    with pytest.raises(ValidationError) as excinfo:
        services.rules_update(committee=committee, by=officer, **bands)
    assert set(excinfo.value.message_dict) == {"quality_fair_min"}
    assert _rubric(committee) == DEFAULTS


@pytest.mark.parametrize(
    "data",
    [
        {"quality_good_min": 101},
        {"quality_conduct_points": 30},  # the total is 85, below Good's 90
        {"quality_preparation_points": 1, "quality_attendance_points": 1},  # the total is 67
    ],
)
def test_good_cannot_exceed_the_rubric_total(committee, officer, data):
    with pytest.raises(ValidationError) as excinfo:
        services.rules_update(committee=committee, by=officer, **data)
    assert set(excinfo.value.message_dict) == {"quality_good_min"}
    assert _rubric(committee) == DEFAULTS


def test_good_may_equal_the_rubric_total(committee, officer):
    services.rules_update(committee=committee, by=officer, quality_good_min=100)
    assert _rubric(committee)[4] == 100
    services.rules_update(
        committee=committee, by=officer, quality_conduct_points=30, quality_good_min=85
    )
    committee.refresh_from_db()
    assert rules_for(committee).quality_max_points == 85
    assert _rubric(committee)[2] == 30


@pytest.mark.parametrize("field", [*RUBRIC[:4], "quality_average_min"])
def test_zero_is_refused_on_its_field(committee, officer, field):
    # Low bands, so that only the zero is wrong.
    data = {"quality_good_min": 40, "quality_fair_min": 30, "quality_average_min": 20, field: 0}
    with pytest.raises(ValidationError) as excinfo:
        services.rules_update(committee=committee, by=officer, **data)
    assert field in excinfo.value.message_dict
    assert _rubric(committee) == DEFAULTS


@pytest.mark.parametrize(
    "bands",
    [
        {"quality_good_min": 70, "quality_fair_min": 70},
        {"quality_fair_min": 50, "quality_average_min": 50},
        {"quality_good_min": 60},
    ],
)
def test_database_refuses_bands_not_going_down(committee, bands):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        CommitteeSettings.objects.create(committee=committee, **bands)
    assert "cells_settings_quality_bands_descending" in str(excinfo.value)
    assert not CommitteeSettings.objects.exists()


def test_database_refuses_an_update_that_breaks_the_bands(committee, officer):
    services.rules_update(committee=committee, by=officer, meeting_day=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.filter(committee=committee).update(quality_average_min=90)
    assert _rubric(committee) == DEFAULTS


# --- the pages -------------------------------------------------------------------------------


def test_committee_page_shows_the_rubric(officer_client, committee, officer):
    url = reverse("cells:committee_detail", args=[committee.pk])
    page = officer_client.get(url).content.decode()
    assert "Meeting-quality rubric" in page
    assert "15 / 20 / 45 / 20 · Good ≥ 90, Fair ≥ 70, Average ≥ 50" in page
    assert "out of 100" in page

    services.rules_update(
        committee=committee,
        by=officer,
        quality_preparation_points=10,
        quality_conduct_points=40,
        quality_good_min=80,
        quality_fair_min=65,
        quality_average_min=45,
    )
    page = officer_client.get(url).content.decode()
    assert "10 / 20 / 40 / 20 · Good ≥ 80, Fair ≥ 65, Average ≥ 45" in page
    assert "out of 90" in page


def test_committee_page_shows_the_rubric_to_an_observer(client, committee, observer):
    client.force_login(observer)
    page = client.get(reverse("cells:committee_detail", args=[committee.pk]))
    assert "15 / 20 / 45 / 20" in page.content.decode()


def _form_data(client, url):
    """The rules form as it is loaded, ready to post back."""
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data["meeting_time"] = "16:30"
    data["temporary_members_vote"] = ""
    return data


def test_rules_page_edits_the_rubric(officer_client, committee):
    url = reverse("cells:rules_edit", args=[committee.pk])
    form = officer_client.get(url).context["form"]
    assert set(RUBRIC) <= set(form.fields)
    data = _form_data(officer_client, url)
    assert tuple(data[name] for name in RUBRIC) == DEFAULTS
    data.update(quality_conduct_points=50, quality_good_min=95, quality_fair_min=80)
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert _rubric(committee) == (15, 20, 50, 20, 95, 80, 50)
    page = officer_client.get(response.url).content.decode()
    assert "15 / 20 / 50 / 20 · Good ≥ 95, Fair ≥ 80, Average ≥ 50" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quality_fair_min": 90}, "quality_fair_min"),
        ({"quality_average_min": 75}, "quality_fair_min"),
        ({"quality_conduct_points": 20}, "quality_good_min"),
        ({"quality_good_min": 150}, "quality_good_min"),
        ({"quality_closing_points": 0}, "quality_closing_points"),
        ({"quality_closing_points": "abc"}, "quality_closing_points"),
    ],
)
def test_rules_page_puts_rubric_errors_on_their_field(officer_client, committee, change, field):
    url = reverse("cells:rules_edit", args=[committee.pk])
    data = _form_data(officer_client, url)
    data.update(change)
    response = officer_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert not form.non_field_errors()
    assert f'id="id_{field}"' in response.content.decode()
    assert _rubric(committee) == DEFAULTS
    assert not CommitteeSettings.objects.exists()
