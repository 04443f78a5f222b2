"""Passwords hashed with Argon2id (issue 20 item 3): the configured hashers (the test settings use
MD5 for speed, so these tests put the real list back), a PBKDF2 hash upgraded at the next log-in,
and the demo's users stored with Argon2."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.urls import reverse

from config import settings as base_settings
from demo.management.commands.seed_demo import DEMO_PASSWORD, Command
from demo.superiors import seed_superiors
from members.models import User
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with small costs: the same algorithm, so that a test checks which hasher a
    password gets without paying 100 MB and ~0.2 s per hash."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture
def real_hashers(settings):
    """The configured hashers, in their order (Argon2 at small costs)."""
    quick = f"{__name__}.QuickArgon2PasswordHasher"
    settings.PASSWORD_HASHERS = [
        quick if path == ARGON2 else path for path in base_settings.PASSWORD_HASHERS
    ]


def test_argon2_first_then_the_pbkdf2_hashers():
    assert base_settings.PASSWORD_HASHERS == [
        ARGON2,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]


def test_a_new_password_is_hashed_with_argon2id(settings):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    encoded = make_password("a-long-password-2025")
    # Argon2id with Django's costs: 2 passes over 100 MB, 8 lanes.
    assert encoded.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert check_password("a-long-password-2025", encoded)


def test_a_pbkdf2_hash_is_upgraded_at_her_next_login(client, real_hashers):
    user = UserFactory(username="lan")
    # A PBKDF2 hash as stored before (fewer iterations than today's 1,000,000, to stay quick).
    user.password = PBKDF2PasswordHasher().encode(
        "secret-pass-123", PBKDF2PasswordHasher().salt(), iterations=1000
    )
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    wrong = client.post(reverse("login"), {"username": "lan", "password": "nope"})
    assert wrong.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a wrong password changes nothing

    response = client.post(reverse("login"), {"username": "lan", "password": "secret-pass-123"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("secret-pass-123")


def test_the_demo_users_get_argon2_hashes(real_hashers):
    command = Command()
    command.system = None
    command.superiors = seed_superiors(by=None)
    users = command._users(CommitteeFactory())
    stored = User.objects.filter(pk__in=[u.pk for u in users.values()])
    assert len(stored) == len(users) >= 1
    for user in stored:
        assert user.password.startswith("argon2$argon2id$"), user.username
    assert stored[0].check_password(DEMO_PASSWORD)
