"""Write services of the organisation: rules across rows, messages, audit history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cells import services
from cells.models import Cell, CommitteeSettings, SuperiorBody, Term
from cells.rules import rules_for
from tests.factories import CellFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_committee_create_stores_default_rules_and_history(superuser):
    committee = services.committee_create(
        by=superuser, name="Đảng bộ Trường THPT A", place_name="Buôn Ma Thuột"
    )
    assert CommitteeSettings.objects.filter(committee=committee).exists()
    record = committee.history.get()
    assert record.history_user == superuser
    assert record.history_type == "+"


def test_committee_update_records_who_changed_it(committee, officer):
    services.committee_update(committee=committee, by=officer, address="Số 1 Lê Duẩn")
    committee.refresh_from_db()
    assert committee.address == "Số 1 Lê Duẩn"
    assert committee.history.first().history_user == officer


def test_terms_may_not_overlap(committee, officer):
    services.term_create(
        committee=committee,
        by=officer,
        name="2020–2025",
        start_date=D(2020, 7, 1),
        end_date=D(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        services.term_create(
            committee=committee,
            by=officer,
            name="2025–2030",
            start_date=D(2025, 6, 30),
            end_date=D(2030, 6, 30),
        )
    assert "start_date" in error.value.message_dict
    assert Term.objects.count() == 1
    # The day after is fine.
    services.term_create(
        committee=committee,
        by=officer,
        name="2025–2030",
        start_date=D(2025, 7, 1),
        end_date=D(2030, 6, 30),
    )
    assert Term.objects.count() == 2


def test_terms_of_another_committee_do_not_clash(committee, other_committee, officer):
    theirs = TermFactory(
        committee=other_committee, start_date=D(2025, 7, 1), end_date=D(2030, 6, 30)
    )
    ours = services.term_create(
        committee=committee,
        by=officer,
        name="2025–2030",
        start_date=D(2025, 7, 1),
        end_date=D(2030, 6, 30),
    )
    assert ours.committee == committee
    assert set(Term.objects.filter(start_date=D(2025, 7, 1))) == {ours, theirs}


def test_term_update_checks_overlap_but_not_with_itself(committee, officer):
    first = TermFactory(
        committee=committee, name="A", start_date=D(2020, 1, 1), end_date=D(2024, 12, 31)
    )
    second = TermFactory(
        committee=committee, name="B", start_date=D(2025, 1, 1), end_date=D(2029, 12, 31)
    )
    services.term_update(term=second, by=officer, end_date=D(2030, 6, 30))
    with pytest.raises(ValidationError):
        services.term_update(term=first, by=officer, end_date=D(2025, 3, 1))
    first.refresh_from_db()
    assert first.end_date == D(2024, 12, 31)


def test_term_end_before_start_is_refused(committee, officer):
    with pytest.raises(ValidationError) as error:
        services.term_create(
            committee=committee,
            by=officer,
            name="X",
            start_date=D(2025, 1, 1),
            end_date=D(2024, 1, 1),
        )
    assert "end_date" in error.value.message_dict


def test_superior_bodies_may_not_overlap(committee, officer):
    services.superior_body_create(
        committee=committee,
        by=officer,
        name="Huyện ủy",
        valid_from=D(2001, 1, 1),
        valid_until=None,
    )
    with pytest.raises(ValidationError):
        services.superior_body_create(
            committee=committee,
            by=officer,
            name="Đảng ủy xã",
            valid_from=D(2025, 7, 1),
            valid_until=None,
        )
    body = SuperiorBody.objects.get()
    services.superior_body_update(body=body, by=officer, valid_until=D(2025, 6, 30))
    services.superior_body_create(
        committee=committee,
        by=officer,
        name="Đảng ủy xã",
        valid_from=D(2025, 7, 1),
        valid_until=None,
    )
    assert committee.superior_body_on(D(2026, 1, 1)).name == "Đảng ủy xã"


def test_cell_names_and_codes_unique_ignoring_case(committee, officer):
    services.cell_create(committee=committee, by=officer, name="Chi bộ Toán", code="CB1")
    with pytest.raises(ValidationError) as error:
        services.cell_create(committee=committee, by=officer, name="chi bộ toán", code="cb1")
    assert set(error.value.message_dict) == {"name", "code"}
    assert Cell.objects.count() == 1


def test_cell_update_keeps_its_own_name(committee, officer):
    cell = CellFactory(committee=committee, name="Chi bộ Văn", code="CB2")
    services.cell_update(cell=cell, by=officer, name="Chi bộ Văn", description="Mới")
    cell.refresh_from_db()
    assert cell.description == "Mới"


def test_cell_dissolve_and_restore_keep_the_record(cell, officer):
    services.cell_dissolve(cell=cell, on=D(2026, 1, 15), reason="Sáp nhập", by=officer)
    cell.refresh_from_db()
    assert cell.status == Cell.Status.DISSOLVED
    assert cell.dissolved_on == D(2026, 1, 15)
    with pytest.raises(ValidationError):
        services.cell_dissolve(cell=cell, on=D(2026, 1, 16), reason="again", by=officer)
    services.cell_restore(cell=cell, by=officer)
    cell.refresh_from_db()
    assert cell.is_active and cell.dissolved_on is None
    with pytest.raises(ValidationError):
        services.cell_restore(cell=cell, by=officer)
    assert cell.history.count() == 3


def test_cell_dissolve_needs_reason_and_date_after_founding(cell, officer):
    with pytest.raises(ValidationError):
        services.cell_dissolve(cell=cell, on=D(2026, 1, 15), reason="  ", by=officer)
    with pytest.raises(ValidationError):
        services.cell_dissolve(cell=cell, on=D(2000, 1, 1), reason="x", by=officer)
    cell.refresh_from_db()
    assert cell.is_active


def test_rules_update_changes_what_rules_for_returns(committee, officer):
    assert rules_for(committee).meeting_day == 5
    services.rules_update(committee=committee, by=officer, meeting_day=12, late_grace_days=2)
    committee.refresh_from_db()
    assert rules_for(committee).meeting_day == 12
    assert rules_for(committee).late_grace_days == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"majority_numerator": 2, "majority_denominator": 2}, "majority_numerator"),
        ({"supermajority_numerator": 4, "supermajority_denominator": 3}, "supermajority_numerator"),
        (
            {"min_meeting_minutes": 120, "min_topic_meeting_minutes": 90},
            "min_topic_meeting_minutes",
        ),
        ({"meeting_day": 31}, "meeting_day"),
        ({"discipline_numerator": 2, "discipline_denominator": 2}, "discipline_numerator"),
        ({"expulsion_numerator": 4, "expulsion_denominator": 3}, "expulsion_numerator"),
        (
            {"transfer_work_min_months": 12, "transfer_work_under_months": 12},
            "transfer_work_under_months",
        ),
        (
            {"transfer_study_min_months": 6, "transfer_study_max_months": 5},
            "transfer_study_max_months",
        ),
    ],
)
def test_rules_update_refuses_inconsistent_values(committee, officer, data, field):
    with pytest.raises(ValidationError) as error:
        services.rules_update(committee=committee, by=officer, **data)
    assert field in error.value.message_dict
    committee.refresh_from_db()
    assert rules_for(committee).meeting_day == 5
