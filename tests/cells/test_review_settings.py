"""The year-end rating settings (DOMAIN §7): the self-score's split and the rating bands."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cells.models import CommitteeSettings
from cells.rules import rules_for
from cells.services import rules_update

pytestmark = pytest.mark.django_db


def test_defaults(committee):
    rules = rules_for(committee)
    assert (rules.self_score_general_points, rules.self_score_task_points) == (30, 70)
    assert (rules.rating_outstanding_min, rules.rating_good_min, rules.rating_pass_min) == (
        90,
        70,
        50,
    )
    assert rules.rating_min_months == 6


def test_the_split_is_out_of_100(committee, officer):
    rules_update(
        committee=committee, by=officer, self_score_general_points=40, self_score_task_points=60
    )
    assert rules_for(committee).self_score_general_points == 40
    with pytest.raises(ValidationError) as error:
        rules_update(committee=committee, by=officer, self_score_general_points=50)
    assert "self_score_task_points" in error.value.message_dict
    assert rules_for(committee).self_score_general_points == 40


def test_the_bands_go_down(committee, officer):
    with pytest.raises(ValidationError) as error:
        rules_update(committee=committee, by=officer, rating_good_min=95)
    assert "rating_good_min" in error.value.message_dict
    rules_update(committee=committee, by=officer, rating_good_min=75, rating_pass_min=55)
    assert (rules_for(committee).rating_good_min, rules_for(committee).rating_pass_min) == (75, 55)


@pytest.mark.parametrize(
    "fields",
    [
        {"self_score_general_points": 30, "self_score_task_points": 60},
        {"rating_outstanding_min": 70, "rating_good_min": 70},
        {"rating_good_min": 50, "rating_pass_min": 60},
    ],
)
def test_the_database_refuses_what_the_service_refuses(committee, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.create(committee=committee, **fields)
