"""The year-end review's entry page and its navigation link: each user finds what she may open."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db
URL = reverse("reviews:home")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(committee):
    term = TermFactory(committee=committee)
    cell, other = CellFactory(committee=committee), CellFactory(committee=committee)
    member = MemberFactory(committee=committee, cell=cell)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    return {
        "cell": cell,
        "other": other,
        "member": member_user(member),
        "secretary": member_user(secretary),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
    }


def _page(client, user):
    client.force_login(user)
    return client.get(URL, **EN)


def test_a_member_finds_her_self_assessment_and_no_cell_review(client, world):
    response = _page(client, world["member"])
    html = response.content.decode()
    year = timezone.localdate().year
    assert response.status_code == 200
    assert reverse("reviews:self_assessment", args=[year]) in html
    assert reverse("reviews:cell_review", args=[year, world["cell"].pk]) not in html
    assert f'href="{reverse("reviews:year", args=[year])}"' not in html
    assert 'href="/reviews/"' in html  # the navigation link


def test_a_secretary_finds_her_cells_review_only(client, world):
    html = _page(client, world["secretary"]).content.decode()
    year = timezone.localdate().year
    assert reverse("reviews:cell_review", args=[year, world["cell"].pk]) in html
    assert reverse("reviews:cell_review", args=[year, world["other"].pk]) not in html
    assert reverse("reviews:residence_list", args=[year]) in html
    assert f'href="{reverse("reviews:year", args=[year])}"' not in html


def test_a_committee_officer_finds_every_cell_and_the_committees_ratings(client, world):
    html = _page(client, world["officer"]).content.decode()
    year = timezone.localdate().year
    for cell in (world["cell"], world["other"]):
        assert reverse("reviews:cell_review", args=[year, cell.pk]) in html
    assert reverse("reviews:year", args=[year]) in html
    assert reverse("reviews:report", args=[year - 1]) in html


def test_an_observer_has_no_review_pages(client, world):
    response = _page(client, world["observer"])
    assert response.status_code == 403
    client.force_login(world["observer"])
    assert 'href="/reviews/"' not in client.get(reverse("dashboard:home")).content.decode()
