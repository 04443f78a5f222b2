"""The password-reset page is limited per e-mail address and per client address (issue 17
item 4); every answer is the same "sent" page, whether the address exists, whether limited."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("password_reset")
DONE = reverse("password_reset_done")


def ask(client, email, client_address="10.0.0.1"):
    response = client.post(URL, {"email": email}, REMOTE_ADDR=client_address)
    assert response.status_code == 302
    assert response["Location"] == DONE
    return response


def test_six_requests_for_one_address_send_three_emails(client, mailoutbox):
    UserFactory(username="lan", email="lan@example.vn")
    UserFactory(username="hoa", email="hoa@example.vn")
    for number in range(6):  # from six different places: the address's own limit
        ask(client, "Lan@Example.vn" if number % 2 else "lan@example.vn", f"10.0.0.{number + 1}")
    assert [m.to for m in mailoutbox] == [["lan@example.vn"]] * 3
    ask(client, "hoa@example.vn", "10.0.0.9")
    assert mailoutbox[-1].to == ["hoa@example.vn"]
    assert len(mailoutbox) == 4


def test_one_client_asking_for_many_addresses_sends_three_emails(client, mailoutbox):
    for number in range(5):
        UserFactory(username=f"user{number}", email=f"user{number}@example.vn")
        ask(client, f"user{number}@example.vn", "10.0.0.1")
    assert len(mailoutbox) == 3
    ask(client, "user4@example.vn", "10.0.0.2")  # from elsewhere, her own e-mail still leaves
    assert mailoutbox[-1].to == ["user4@example.vn"]


def test_an_unknown_address_gets_the_same_page_limited_or_not(client, mailoutbox):
    UserFactory(username="lan", email="lan@example.vn")
    known = [ask(client, "lan@example.vn", f"10.0.1.{n}") for n in range(5)]
    unknown = [ask(client, "nobody@example.vn", f"10.0.2.{n}") for n in range(5)]
    assert {r["Location"] for r in known + unknown} == {DONE}
    assert len(mailoutbox) == 3
    page = client.get(DONE)
    assert page.status_code == 200


def test_the_limits_follow_the_settings(client, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    UserFactory(username="lan", email="lan@example.vn")
    ask(client, "lan@example.vn", "10.0.0.1")
    ask(client, "lan@example.vn", "10.0.0.2")
    assert len(mailoutbox) == 1
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 3
    settings.PASSWORD_RESET_MAX_PER_CLIENT = 1
    UserFactory(username="hoa", email="hoa@example.vn")
    ask(client, "hoa@example.vn", "10.0.0.3")
    ask(client, "lan@example.vn", "10.0.0.3")
    assert len(mailoutbox) == 2


def test_behind_a_proxy_each_client_has_its_own_limit(client, mailoutbox, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(4):
        UserFactory(username=f"user{number}", email=f"user{number}@example.vn")
    for number in range(3):
        client.post(
            URL,
            {"email": f"user{number}@example.vn"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    client.post(
        URL,
        {"email": "user3@example.vn"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert len(mailoutbox) == 4
