"""What a superior's officer opens (issue 22, `members/access.py`): her superiors' dashboards
(`superiors_of`, `get_superior_for_user`), a committee's dashboard for the years it was under one
of them (`superior_reads_committee`), her landing page (`only_superior_grants`) — and never a
member's record (404)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from members import access
from members.access import DateRange
from tests.factories import (
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    SuperiorRoleFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    """The school under the district until 30/06/2025, under the commune from 01/07/2025."""
    district = SuperiorFactory(name="Huyện ủy Krông Bông", kind="district")
    commune = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    ward = SuperiorFactory(name="Đảng ủy phường Ea Tam", kind="ward")
    school = CommitteeFactory()
    SuperiorBodyFactory(
        committee=school, superior=district, name=district.name,
        valid_from=D(2001, 2, 23), valid_until=D(2025, 6, 30),
    )  # fmt: skip
    SuperiorBodyFactory(
        committee=school, superior=commune, name=commune.name, valid_from=D(2025, 7, 1)
    )
    return {"district": district, "commune": commune, "ward": ward, "school": school}


def test_a_date_range_overlaps_a_year():
    span = DateRange(D(2025, 7, 1), D(2026, 1, 1))
    assert span.overlaps(D(2025, 1, 1), D(2025, 12, 31))
    assert span.overlaps(D(2026, 1, 1), D(2026, 12, 31))
    assert not span.overlaps(D(2024, 1, 1), D(2024, 12, 31))
    assert not span.overlaps(D(2027, 1, 1), D(2027, 12, 31))
    assert DateRange(D(2025, 7, 1)).overlaps(D(2030, 1, 1), D(2030, 12, 31))


def test_her_superiors_are_those_of_her_current_grants(world):
    today = timezone.localdate()
    user = SuperiorRoleFactory(superior=world["commune"]).user
    SuperiorRoleFactory(user=user, superior=world["ward"], role="inspection")
    SuperiorRoleFactory(user=user, superior=world["district"], valid_until=today - DAY)
    assert set(access.superiors_of(user)) == {world["commune"], world["ward"]}
    future = SuperiorRoleFactory(superior=world["district"], valid_from=today + DAY).user
    for nobody in (future, UserFactory(), UserFactory(is_superuser=True), AnonymousUser()):
        assert not access.superiors_of(nobody).exists()


def test_a_superior_is_opened_by_its_officers_and_superusers(world):
    user = SuperiorRoleFactory(superior=world["commune"]).user
    assert access.get_superior_for_user(user, world["commune"].pk) == world["commune"]
    for other in (world["district"], world["ward"]):
        with pytest.raises(Http404):
            access.get_superior_for_user(user, other.pk)
    superuser = UserFactory(is_superuser=True)
    assert access.get_superior_for_user(superuser, world["ward"].pk) == world["ward"]
    with pytest.raises(Http404):
        access.get_superior_for_user(UserFactory(), world["commune"].pk)


def test_she_reads_a_committee_for_the_years_it_was_under_her_superior(world):
    school = world["school"].pk
    commune = SuperiorRoleFactory(superior=world["commune"]).user
    district = SuperiorRoleFactory(superior=world["district"]).user

    def reads(user, year):
        return access.superior_reads_committee(user, school, D(year, 1, 1), D(year, 12, 31))

    assert [reads(commune, year) for year in (2024, 2025, 2026)] == [False, True, True]
    assert [reads(district, year) for year in (2001, 2025, 2026)] == [True, True, False]
    assert not reads(SuperiorRoleFactory(superior=world["ward"]).user, 2025)
    assert not reads(UserFactory(), 2025)


def test_only_a_superior_grant_lands_on_the_superior(world, django_assert_num_queries):
    officer = SuperiorRoleFactory(superior=world["commune"]).user
    assert access.only_superior_grants(officer)
    # A member, or an officer of a committee, who also holds a superior grant: her own home.
    member = member_user(MemberFactory(committee=world["school"]))
    SuperiorRoleFactory(user=member, superior=world["commune"])
    committee_officer = CommitteeRoleFactory(committee=world["school"]).user
    SuperiorRoleFactory(user=committee_officer, superior=world["commune"])
    for user in (member, committee_officer, UserFactory(), AnonymousUser()):
        assert not access.only_superior_grants(user)
    # Those with an office in a committee are answered without a query.
    access.access_for(committee_officer)
    with django_assert_num_queries(0):
        access.only_superior_grants(committee_officer)


def test_a_members_record_is_404_for_a_superior_officer(world):
    target = MemberFactory(committee=world["school"])
    officer = SuperiorRoleFactory(superior=world["commune"]).user
    with pytest.raises(Http404):
        access.get_member_for_user(officer, target.pk)
    # An observer of the committee is refused the registry as before (403).
    observer = CommitteeRoleFactory(committee=world["school"], role="observer").user
    with pytest.raises(PermissionDenied):
        access.get_member_for_user(observer, target.pk)
