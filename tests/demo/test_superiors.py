"""The demo's superiors and the `superior` login (issue 22), built as `seed_demo` builds them:
the superiors first, then the committee's dated rows through the service, which links them."""

import datetime

import pytest
from django.urls import reverse

from cells import services as cells_services
from cells.models import Superior, SuperiorBody
from demo.management.commands.seed_demo import DEMO_PASSWORD, SUPERIOR_BODIES
from demo.superiors import seed_superior_login, seed_superiors
from members.access import DateRange, superior_scope
from members.models import SuperiorRole
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _seed(committee, system):
    superiors = seed_superiors(by=system)
    for name, start, end in SUPERIOR_BODIES:
        if not SuperiorBody.objects.filter(committee=committee, valid_from=start).exists():
            cells_services.superior_body_create(
                committee=committee, by=system, name=name, valid_from=start, valid_until=end
            )
    return seed_superior_login(superiors, password=DEMO_PASSWORD, by=system)


def test_the_school_answers_to_the_commune_and_the_superior_login_holds_its_secretary_grant(
    client,
):
    system, committee = UserFactory(username="chibo-system"), CommitteeFactory()
    user = _seed(committee, system)
    commune = Superior.objects.get(name="Đảng ủy xã Krông Bông")
    assert (commune.kind, commune.place_name, commune.is_active) == ("commune", "Krông Bông", True)
    district = Superior.objects.get(name="Huyện ủy Krông Bông")
    assert (district.kind, district.is_active) == ("district", False)
    assert committee.superior_body_on(datetime.date(2025, 7, 1)).superior == commune
    assert committee.superior_body_on(datetime.date(2025, 6, 30)).superior == district
    grant = SuperiorRole.objects.get(user=user)
    assert (grant.superior, grant.role) == (commune, "secretary")
    assert user.check_password(DEMO_PASSWORD)
    assert superior_scope(user) == {committee.pk: (DateRange(datetime.date(2025, 7, 1)),)}
    # Today it sees the guide only: not the committee's pages.
    client.force_login(user)
    assert client.get(reverse("dashboard:guide")).status_code == 200
    assert client.get(reverse("cells:committee_detail", args=[committee.pk])).status_code == 404

    # A second run writes nothing.
    before = (Superior.objects.count(), SuperiorRole.objects.count(), SuperiorBody.objects.count())
    assert _seed(committee, system) == user
    after = (Superior.objects.count(), SuperiorRole.objects.count(), SuperiorBody.objects.count())
    assert before == after == (2, 1, 2)
