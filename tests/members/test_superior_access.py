"""A superior's officers (issue 22, DESIGN §3): the committees under her superiors, on the dates
they were under them — and, for now, nothing more in the committee's own pages."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from cells.selectors import committees_under
from core.services import save_with_history
from members import access
from members.access import DateRange, in_superior_scope, superior_scope
from members.models import SuperiorRole
from tests.factories import (
    CommitteeFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    SuperiorRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
MOVE = D(2025, 7, 1)
BEFORE, AFTER = MOVE - DAY, MOVE


@pytest.fixture
def world():
    """A district over the school until the move, the commune after it (and over the primary
    school throughout); a ward over the clinic."""
    district = SuperiorFactory(name="Huyện ủy Krông Bông", kind="district")
    commune = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    ward = SuperiorFactory(name="Đảng ủy phường Ea Tam", kind="ward")
    school, primary, clinic = CommitteeFactory(), CommitteeFactory(), CommitteeFactory()
    SuperiorBodyFactory(
        committee=school, superior=district, name=district.name,
        valid_from=D(2001, 2, 23), valid_until=BEFORE,
    )  # fmt: skip
    SuperiorBodyFactory(committee=school, superior=commune, name=commune.name, valid_from=MOVE)
    SuperiorBodyFactory(
        committee=primary, superior=commune, name=commune.name, valid_from=D(2010, 1, 1)
    )
    SuperiorBodyFactory(committee=clinic, superior=ward, name=ward.name, valid_from=D(2015, 1, 1))
    return {
        "district": district, "commune": commune, "ward": ward,
        "school": school, "primary": primary, "clinic": clinic,
    }  # fmt: skip


def officer_of(superior, **kwargs):
    return SuperiorRoleFactory(superior=superior, **kwargs).user


def test_committees_under_a_superior_on_a_date(world):
    commune, district = world["commune"], world["district"]
    assert list(committees_under(commune, AFTER)) == sorted(
        [world["school"], world["primary"]], key=lambda c: c.name
    )
    assert list(committees_under(commune, BEFORE)) == [world["primary"]]
    assert list(committees_under(district, BEFORE)) == [world["school"]]
    assert list(committees_under(district, AFTER)) == []
    assert list(committees_under(world["ward"], D(2014, 12, 31))) == []


def test_a_moved_committee_moves_its_later_data_not_its_past(world):
    """The commune's officer sees the school from the move on; the district's, up to it."""
    commune_officer = officer_of(world["commune"])
    district_officer = officer_of(world["district"])
    school = world["school"].pk
    assert superior_scope(commune_officer)[school] == (DateRange(MOVE),)
    assert superior_scope(district_officer) == {school: (DateRange(D(2001, 2, 23), BEFORE),)}
    assert in_superior_scope(commune_officer, school, AFTER)
    assert not in_superior_scope(commune_officer, school, BEFORE)
    assert in_superior_scope(district_officer, school, BEFORE)
    assert not in_superior_scope(district_officer, school, AFTER)
    assert access.access_for(commune_officer).superior_committees == {
        world["school"].pk,
        world["primary"].pk,
    }


def test_an_officer_of_two_superiors_sees_the_committees_of_both(world):
    user = officer_of(world["commune"])
    SuperiorRoleFactory(user=user, superior=world["ward"], role="inspection")
    scope = superior_scope(user)
    assert set(scope) == {world["school"].pk, world["primary"].pk, world["clinic"].pk}
    assert scope[world["clinic"].pk] == (DateRange(D(2015, 1, 1)),)
    # Another superior's committee is never hers.
    assert world["clinic"].pk not in superior_scope(officer_of(world["commune"]))


def test_an_ended_or_not_yet_started_grant_gives_nothing(world):
    today = timezone.localdate()
    ended = officer_of(world["commune"], valid_until=today - DAY)
    future = officer_of(world["commune"], valid_from=today + DAY)
    ends_today = officer_of(world["commune"], valid_until=today)
    for user in (ended, future):
        assert superior_scope(user) == {}
        assert access.access_for(user).superior_committees == frozenset()
        assert not in_superior_scope(user, world["primary"].pk, today)
    assert set(superior_scope(ends_today)) == {world["school"].pk, world["primary"].pk}


def test_without_a_grant_nobody_has_a_superior_scope(world, plain_user, superuser):
    for user in (plain_user, superuser, AnonymousUser()):
        assert superior_scope(user) == {}
        assert access.access_for(user).superior_committees == frozenset()


def test_the_scope_costs_one_query_and_only_when_asked(world, django_assert_num_queries):
    user = officer_of(world["commune"])
    acc = access.access_for(user)  # the usual questions: no query for the superior
    with django_assert_num_queries(1):
        assert len(acc.superior_committees) == 2
    with django_assert_num_queries(0):
        assert len(acc.superior_committees) == 2
    with django_assert_num_queries(1):
        superior_scope(user)


def test_a_superior_officer_is_granted_nothing_in_the_committees_pages_yet(world):
    """Read-only dashboards come with the superior's view (next): today her grant opens no
    committee, no cell, no member, no meeting."""
    user = officer_of(world["commune"])
    acc = access.access_for(user)
    assert acc.view_committees == acc.edit_committees == acc.reader_committees == frozenset()
    assert acc.observer_committees == acc.registry_committees == frozenset()
    assert not acc.member_section
    assert not access.visible_committees(user).exists()
    assert not access.visible_cells(user).exists()


def test_a_superior_role_needs_sane_dates_and_a_known_role(world):
    user = UserFactory()
    grant = SuperiorRole(
        user=user, superior=world["commune"], role="secretary",
        valid_from=D(2026, 1, 1), valid_until=D(2025, 1, 1),
    )  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as error:
        save_with_history(grant, by=user)
    assert error.value.messages == ["The end date must not be before the start date."]
    grant.valid_until, grant.role = None, "observer"
    with pytest.raises(ValidationError) as error:
        save_with_history(grant, by=user)
    assert "role" in error.value.message_dict
    # The database holds the rules too.
    with transaction.atomic(), pytest.raises(IntegrityError):
        SuperiorRole.objects.create(
            user=user, superior=world["commune"], role="secretary",
            valid_from=D(2026, 1, 1), valid_until=D(2025, 1, 1),
        )  # fmt: skip
    assert not SuperiorRole.objects.exists()


def test_the_administrator_grants_a_superior_role(client, superuser, world):
    client.force_login(superuser)
    user = UserFactory()
    assert client.get(reverse("admin:members_superiorrole_changelist")).status_code == 200
    response = client.post(
        reverse("admin:members_superiorrole_add"),
        {
            "user": user.pk,
            "superior": world["commune"].pk,
            "role": "organisation",
            "valid_from": "01/07/2025",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = SuperiorRole.objects.get()
    assert (grant.user, grant.superior, grant.valid_from) == (user, world["commune"], MOVE)
    assert grant.history.get().history_user == superuser
