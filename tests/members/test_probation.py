"""members.selectors.probation_ending: whose probation ends soon (or has ended) on a date — the one
rule the probation watch and the committee dashboard's alerts share."""

import datetime

import pytest

from cells.rules import rules_for
from cells.services import rules_update
from members.models import Member, Status, StatusEvent
from members.selectors import probation_ending
from tests.factories import CellFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2025, 4, 20)  # probation lasts 12 months and the warning is 60 days by default


def probationary(committee, name, admitted_on, **kwargs):
    return MemberFactory(
        committee=committee,
        full_name=name,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        recognised_on=None,
        card_number=None,
        **kwargs,
    )


def names(found):
    return [member.full_name for member in found.members]


@pytest.fixture
def people(committee):
    cell = CellFactory(committee=committee, name="Chi bộ A")
    return {
        "soon": probationary(committee, "Sắp Hết", D(2024, 5, 10), cell=cell),  # ends 10/05/2025
        "late": probationary(committee, "Quá Hạn", D(2024, 4, 1)),  # ended 01/04/2025
        "far": probationary(committee, "Còn Lâu", D(2024, 9, 1)),  # ends 01/09/2025: 134 days
        "official": MemberFactory(committee=committee, full_name="Chính Thức"),
    }


def test_lists_those_ending_within_the_warning_days_and_those_past(committee, people):
    found = probation_ending(Member.objects.filter(committee=committee), on=ON)
    assert names(found) == ["Quá Hạn", "Sắp Hết"]  # by end of probation; not Còn Lâu
    late, soon = found.members
    assert (late.probation_ends, late.probation_days_left) == (D(2025, 4, 1), -19)
    assert (soon.probation_ends, soon.probation_days_left) == (D(2025, 5, 10), 20)
    assert (soon.current_cell_name, late.current_cell_name) == ("Chi bộ A", None)
    assert found.warning_days == {60}


def test_the_warning_days_are_a_setting(committee, officer, people):
    rules_update(committee=committee, by=officer, probation_warning_days=10)
    found = probation_ending(Member.objects.filter(committee=committee), on=ON)
    assert names(found) == ["Quá Hạn"]
    assert found.warning_days == {10}
    rules_update(committee=committee, by=officer, probation_warning_days=150)
    found = probation_ending(Member.objects.filter(committee=committee), on=ON)
    assert names(found) == ["Quá Hạn", "Sắp Hết", "Còn Lâu"]


def test_the_probation_length_is_a_setting(committee, officer, people):
    rules_update(committee=committee, by=officer, probation_months=18)
    found = probation_ending(Member.objects.filter(committee=committee), on=ON)
    assert names(found) == []  # Quá Hạn's probation now ends on 01/10/2025


def test_the_status_is_the_one_on_the_date(committee, people):
    late = people["late"]
    StatusEvent.objects.create(
        member=late, kind=StatusEvent.Kind.RECOGNISED, date=D(2025, 4, 10), status_after="official"
    )
    members = Member.objects.filter(committee=committee)
    assert names(probation_ending(members, on=ON)) == ["Sắp Hết"]  # recognised on 10/04
    assert names(probation_ending(members, on=D(2025, 4, 5))) == ["Quá Hạn", "Sắp Hết"]
    # Before her admission Sắp Hết was not a member: not listed.
    assert names(probation_ending(members, on=D(2024, 5, 1))) == []


def test_each_committee_has_its_own_settings_unless_the_caller_gives_them(
    committee, other_committee, officer, people
):
    probationary(other_committee, "Đảng Bộ Khác", D(2024, 8, 1))  # ends 01/08/2025: 103 days
    rules_update(committee=other_committee, by=officer, probation_warning_days=120)
    found = probation_ending(Member.objects.all(), on=ON)
    assert names(found) == ["Quá Hạn", "Sắp Hết", "Đảng Bộ Khác"]
    assert found.warning_days == {60, 120}
    # The settings the caller gives apply to every member (here the first committee's 60 days).
    given = probation_ending(Member.objects.all(), on=ON, rules=rules_for(committee))
    assert names(given) == ["Quá Hạn", "Sắp Hết"]


def test_one_query_when_the_caller_gives_the_settings(committee, people, django_assert_num_queries):
    rules = rules_for(committee)
    members = Member.objects.filter(committee=committee)
    with django_assert_num_queries(1):
        found = probation_ending(members, on=ON, rules=rules)
    assert names(found) == ["Quá Hạn", "Sắp Hết"]
