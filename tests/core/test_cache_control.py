"""`Cache-Control: private, no-store` on every response to a logged-in user (issue 17 item 3):
a page of each app, a download, an htmx fragment; anonymous pages are left alone."""

import pytest
from django.urls import reverse

from tests.factories import CellFactory, MemberFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    ("name", "with_committee"),
    [
        ("cells:committee_list", False),
        ("members:list", False),
        ("members:export", False),  # a download
        ("meetings:calendar", False),
        ("reviews:home", False),
        ("dashboard:committee", True),
    ],
)
def test_every_page_and_download_of_a_logged_in_user_is_private_and_not_stored(
    officer_client, committee, name, with_committee
):
    MemberFactory(committee=committee, cell=CellFactory(committee=committee))
    response = officer_client.get(reverse(name, args=[committee.pk] if with_committee else []))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_an_htmx_request_and_a_refusal_are_not_stored_either(officer_client):
    response = officer_client.get(reverse("members:list"), headers={"HX-Request": "true"})
    assert {"private", "no-store"} <= directives(response)
    assert {"private", "no-store"} <= directives(officer_client.get("/no-such-page/"))


def test_a_view_s_stricter_directives_are_kept(officer_client):
    response = officer_client.get(reverse("health"))  # never_cache
    assert directives(response) >= {"no-cache", "no-store", "must-revalidate", "private"}
    assert "max-age=0" in directives(response)


def test_anonymous_pages_are_left_alone(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "no-store" not in directives(response)
