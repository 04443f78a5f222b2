import pytest
from django.urls import reverse

from tests.factories import CellFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_home_lists_visible_committees_with_current_term(
    officer_client, committee, other_committee
):
    TermFactory(committee=committee)
    CellFactory.create_batch(3, committee=committee)
    response = officer_client.get(reverse("dashboard:home"))
    html = response.content.decode()
    assert committee.name in html
    assert other_committee.name not in html
    (row,) = response.context["rows"]
    assert row[0].active_cells == 3
    assert row[1].name == "2025–2030"


def test_home_queries_do_not_grow_with_committees(client, superuser, django_assert_num_queries):
    from tests.factories import CommitteeFactory

    client.force_login(superuser)
    CommitteeFactory.create_batch(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:home"))
    CommitteeFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard:home"))
    assert len(few) == len(many)


def test_home_without_access_explains_why(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("dashboard:home"))
    assert response.context["rows"] == []
