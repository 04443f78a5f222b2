"""Database constraints and small domain methods of the organisation."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from cells.models import Cell, CommitteeSettings, Term
from cells.rules import rules_for
from tests.factories import CellFactory, CommitteeFactory, SuperiorBodyFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_term_end_must_follow_start(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            committee=committee,
            name="x",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 1, 1),
        )


def test_cell_name_and_code_unique_within_committee(committee, other_committee):
    CellFactory(committee=committee, name="Chi bộ 1", code="CB1")
    CellFactory(committee=other_committee, name="Chi bộ 1", code="CB1")  # another committee: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        CellFactory(committee=committee, name="Chi bộ 1", code="CB9")
    with pytest.raises(IntegrityError), transaction.atomic():
        CellFactory(committee=committee, name="Chi bộ 9", code="CB1")


def test_dissolved_cell_needs_a_date(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        CellFactory(committee=committee, status=Cell.Status.DISSOLVED, dissolved_on=None)


def test_settings_majority_must_be_below_one(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.create(
            committee=committee, majority_numerator=2, majority_denominator=2
        )


@pytest.mark.parametrize(
    "values",
    [
        {"discipline_numerator": 2, "discipline_denominator": 2},
        {"discipline_numerator": 0},
        {"expulsion_numerator": 4, "expulsion_denominator": 3},
        {"expulsion_numerator": 0},
        {"transfer_work_min_months": 12, "transfer_work_under_months": 12},
        {"transfer_work_min_months": 0},
        {"transfer_work_under_months": 61},
        {"transfer_study_min_months": 6, "transfer_study_max_months": 5},
        {"transfer_study_min_months": 0},
        {"transfer_study_max_months": 61},
    ],
)
def test_settings_vote_and_transfer_bounds_are_sane(committee, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.create(committee=committee, **values)


def test_settings_meeting_day_in_range(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.create(committee=committee, meeting_day=31)


@pytest.mark.parametrize("days", [0, 61])
def test_settings_minutes_approval_days_in_range(committee, days):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSettings.objects.create(committee=committee, minutes_approval_days=days)


def test_superior_body_on_a_date_prints_the_name_valid_then():
    committee = CommitteeFactory()
    SuperiorBodyFactory(
        committee=committee,
        name="Huyện ủy Krông Bông",
        valid_from=datetime.date(2001, 2, 23),
        valid_until=datetime.date(2025, 6, 30),
    )
    SuperiorBodyFactory(
        committee=committee, name="Đảng ủy xã Krông Bông", valid_from=datetime.date(2025, 7, 1)
    )
    assert committee.superior_body_on(datetime.date(2025, 6, 30)).name == "Huyện ủy Krông Bông"
    assert committee.superior_body_on(datetime.date(2025, 7, 1)).name == "Đảng ủy xã Krông Bông"
    assert committee.superior_body_on(datetime.date(2000, 1, 1)) is None


def test_current_term_follows_today(committee):
    old = TermFactory(
        committee=committee,
        name="2020–2025",
        start_date=datetime.date(2020, 7, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    new = TermFactory(committee=committee)
    assert committee.current_term(datetime.date(2025, 6, 30)) == old
    assert committee.current_term(datetime.date(2025, 7, 1)) == new
    assert committee.current_term(datetime.date(2031, 1, 1)) is None
    assert new.is_current(datetime.date(2026, 1, 1))


def test_rules_for_gives_domain_defaults_without_writing(committee):
    rules = rules_for(committee)
    assert rules.pk is None
    assert (rules.meeting_day, rules.min_meeting_minutes, rules.min_topic_meeting_minutes) == (
        5,
        90,
        120,
    )
    assert rules.document_lead_days == 1
    assert rules.upload_max_mb == 20
    assert rules.topic_sessions_per_quarter == 1
    assert (rules.majority_numerator, rules.majority_denominator) == (1, 2)
    assert (rules.supermajority_numerator, rules.supermajority_denominator) == (2, 3)
    assert (rules.discipline_numerator, rules.discipline_denominator) == (1, 2)
    assert (rules.expulsion_numerator, rules.expulsion_denominator) == (2, 3)
    assert (rules.transfer_work_min_months, rules.transfer_work_under_months) == (3, 12)
    assert (rules.transfer_study_min_months, rules.transfer_study_max_months) == (3, 24)
    assert rules.temporary_members_vote is False
    assert rules.outstanding_quota_percent == 20
    assert (rules.absence_flag_count, rules.unpaid_fee_flag_months) == (3, 3)
    assert (rules.probation_months, rules.probation_warning_days) == (12, 60)
    assert not CommitteeSettings.objects.exists()


def test_rules_for_reads_the_stored_record(committee):
    CommitteeSettings.objects.create(committee=committee, meeting_day=10)
    committee.refresh_from_db()
    assert rules_for(committee).meeting_day == 10


def test_urls(committee, cell):
    assert cell.get_absolute_url() == f"/organisation/cells/{cell.pk}/"
    assert committee.get_absolute_url() == f"/organisation/committees/{committee.pk}/"
