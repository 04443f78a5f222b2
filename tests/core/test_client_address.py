"""The client's address, directly or behind a trusted proxy (issue 17 item 5): django-axes locks
a username together with the client's address, so behind a proxy it must see the client's."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.clientip import client_ip
from tests.factories import UserFactory

LOGIN = reverse("login")
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.2"
PROXY = "127.0.0.1"


def request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_direct_the_address_is_remote_addr_and_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("192.0.2.1", forwarded=CLIENT_A)) == "192.0.2.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, CLIENT_A, CLIENT_A),
        (1, f"10.9.9.9, {CLIENT_A}", CLIENT_A),  # what the client wrote itself is not trusted
        (2, f"{CLIENT_A}, 10.0.0.2", CLIENT_A),  # a load balancer, then nginx
        (1, None, PROXY),  # not through the proxy: its own address
        (2, CLIENT_A, PROXY),
        (1, "not-an-address", PROXY),
        (1, " , ", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_address_is_counted_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(PROXY, forwarded=forwarded)) == expected


def login(client, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": "lan", "password": password}, **extra)


@pytest.mark.django_db
def test_behind_one_proxy_an_attacker_does_not_lock_the_owner_out(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="lan", password="secret-pass-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "guess", remote=PROXY, forwarded=CLIENT_A)
    assert login(client, "secret-pass-123", remote=PROXY, forwarded=CLIENT_A).status_code == 429
    response = login(client, "secret-pass-123", remote=PROXY, forwarded=CLIENT_B)
    assert response.status_code == 302


@pytest.mark.django_db
def test_direct_a_forged_x_forwarded_for_does_not_escape_the_lock(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="lan", password="secret-pass-123")
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, "guess", remote=CLIENT_A, forwarded=f"10.0.0.{number}")
    locked = login(client, "secret-pass-123", remote=CLIENT_A, forwarded="10.0.0.99")
    assert locked.status_code == 429
    assert login(client, "secret-pass-123", remote=CLIENT_B).status_code == 302
