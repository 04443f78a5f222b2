"""The fees' reminder before the flag (`fees.reminders`, issue 21): one month less than the
unpaid-fee flag → the member and her cell's secretary, once a year; the setting; query count."""

import datetime

import pytest
from django.utils import translation

from cells.rules import rules_for
from cells.services import rules_update
from fees.reminders import fee_reminders
from members.models import Status
from members.reminders import Kind, send_due
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026
# On 15 June, January to April are due (a month is unpaid at the end of the following month).
ON = D(YEAR, 6, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def member_paying(committee, cell, name, paid_months, login=True, **kwargs):
    member = MemberFactory(committee=committee, cell=cell, full_name=name, **kwargs)
    if login:
        member_user(member)
    FeeBasisFactory(member=member, effective_from=D(YEAR, 1, 1))
    for month in paid_months:
        FeePaymentFactory(member=member, cell=cell, month=D(YEAR, month, 1))
    return member


@pytest.fixture
def world():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    secretary = member_paying(committee, cell, "Bí Thư", range(1, 6))
    PositionFactory(
        member=secretary, cell=cell, role="cell_secretary", start_date=D(YEAR - 1, 1, 1)
    )
    people = {
        "two": member_paying(committee, cell, "Hai Tháng", [1, 2]),
        "three": member_paying(committee, cell, "Ba Tháng", [1]),
        "one": member_paying(committee, cell, "Một Tháng", [1, 2, 3]),
        "nologin": member_paying(committee, cell, "Không Tài Khoản", [1, 2], login=False),
        "gone": member_paying(committee, cell, "Đã Chuyển", [1, 2], status=Status.TRANSFERRED_OUT),
    }
    return committee, cell, secretary, people


def test_one_month_before_the_flag_the_member_and_her_secretary_are_reminded(world):
    committee, _cell, secretary, people = world
    found = fee_reminders(committee, today=ON, rules=rules_for(committee))
    two, nologin = people["two"], people["nologin"]
    assert [(r.user, r.key) for r in found] == [
        (secretary.user, f"fee:{nologin.pk}:{YEAR}:before-flag"),
        (two.user, f"fee:{two.pk}:{YEAR}:before-flag"),
        (secretary.user, f"fee:{two.pk}:{YEAR}:before-flag"),
    ]
    assert {r.kind for r in found} == {Kind.FEES}
    assert found[1].url == f"/fees/members/{two.pk}/"
    assert "03/2026, 04/2026" in found[1].body
    assert "Hai Tháng" in found[2].title


def test_the_flags_setting_moves_the_reminder(world):
    committee, _cell, _secretary, people = world
    rules_update(committee=committee, by=None, unpaid_fee_flag_months=2)
    committee.refresh_from_db()
    found = fee_reminders(committee, today=ON, rules=rules_for(committee))
    assert {r.key for r in found} == {f"fee:{people['one'].pk}:{YEAR}:before-flag"}
    rules_update(committee=committee, by=None, unpaid_fee_flag_months=1)
    committee.refresh_from_db()
    assert fee_reminders(committee, today=ON, rules=rules_for(committee)) == []


def test_sent_once_a_year(world, mailoutbox):
    committee, *_rest = world
    assert send_due(fee_reminders(committee, today=ON, rules=rules_for(committee))).total.sent == 3
    later = fee_reminders(
        committee, today=ON + datetime.timedelta(days=1), rules=rules_for(committee)
    )
    assert send_due(later).total.skipped == 3
    assert len(mailoutbox) == 3


def test_other_committees_members_are_not_reminded(world):
    committee, *_rest = world
    other = CommitteeFactory()
    stranger = member_paying(other, CellFactory(committee=other), "Người Ngoài", [1, 2])
    found = fee_reminders(committee, today=ON, rules=rules_for(committee))
    assert stranger.user not in {r.user for r in found}


def test_the_same_queries_for_5_and_50_members(world, django_assert_num_queries):
    committee, cell, *_rest = world
    rules = rules_for(committee)
    with django_assert_num_queries(6):
        fee_reminders(committee, today=ON, rules=rules)
    for i in range(45):
        member_paying(committee, cell, f"Thêm {i}", [1, 2], login=False)
    with django_assert_num_queries(6):
        assert len(fee_reminders(committee, today=ON, rules=rules)) == 48
