"""The language switch remembers her choice on her account (issue 17 item 18)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from members.language import language_choose
from tests.factories import UserFactory

PASSWORD = "secret-pass-123"


def _switch(client, language, next_url="/members/notifications/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def _language(response) -> str:
    return response.headers["Content-Language"]


@pytest.mark.django_db
def test_a_user_who_chose_english_gets_english_on_her_next_session(client):
    user = UserFactory()
    client.force_login(user)

    response = _switch(client, "en")

    assert response.status_code == 302
    assert response["Location"] == "/members/notifications/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"

    # Another day, another browser: no cookie; her English-speaking browser does not matter.
    browser = Client()
    login_page = browser.get(reverse("login"), headers={"Accept-Language": "vi"})
    assert _language(login_page) == "vi"
    logged_in = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert logged_in.status_code == 302
    # Applied at login: the cookie follows her account.
    assert logged_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = browser.get(reverse("members:notifications"))
    assert _language(page) == "en"
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_her_account_wins_over_a_stale_cookie(client):
    user = UserFactory(language="vi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)

    response = client.get(reverse("members:notifications"))

    assert _language(response) == "vi"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


@pytest.mark.django_db
def test_choosing_vietnamese_again_is_kept_too(client):
    user = UserFactory(language="en")
    client.force_login(user)
    _switch(client, "vi")
    user.refresh_from_db()
    assert user.language == "vi"
    assert _language(client.get(reverse("members:notifications"))) == "vi"


@pytest.mark.django_db
def test_a_visitor_who_is_not_logged_in_chooses_with_the_cookie_only(client):
    response = _switch(client, "en", next_url="/account/login/")
    assert response["Location"] == "/account/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _language(client.get(reverse("login"))) == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "", "en\x00"])
def test_a_language_the_app_does_not_speak_changes_nothing(client, language):
    user = UserFactory()
    client.force_login(user)
    response = _switch(client, language)
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
def test_a_get_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("set_language"), {"language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["abc", "-1", "//evil.example", "https://evil.example/"])
def test_a_hostile_next_goes_home(client, next_url):
    response = _switch(client, "en", next_url=next_url)
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_service_refuses_another_user_and_an_unknown_language():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(ValidationError):
        language_choose(user=user, language="en", by=other)
    with pytest.raises(ValidationError):
        language_choose(user=user, language="de", by=user)
    user.refresh_from_db()
    assert user.language == ""
