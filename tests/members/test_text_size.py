"""Large text — "chữ lớn" — kept on her account (issue 24 part 3): the write
(`members/text_size.py`), the switch (`members/views/text_size.py`) and the class on <html>."""

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.text_size import user_set_large_text
from tests.factories import CellFactory, MemberFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db

URL = reverse("members:text_size")
LARGE = '<html lang="vi" class="text-large">'
NORMAL = '<html lang="vi">'


def _switch(client, data):
    return client.post(URL, data)


def _messages(response):
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def _vi(text):
    with translation.override("vi"):
        return translation.gettext(text)


# --- the write -----------------------------------------------------------------------------------


def test_the_service_turns_it_on_and_off():
    user = UserFactory()
    assert user.large_text is False
    assert user_set_large_text(user=user, on=True) is user
    user.refresh_from_db()
    assert user.large_text is True
    user_set_large_text(user=user, on=False)
    user.refresh_from_db()
    assert user.large_text is False


def test_the_service_writes_nothing_when_it_already_is():
    user = UserFactory(large_text=True)
    with CaptureQueriesContext(connection) as queries:
        user_set_large_text(user=user, on=True)
    assert not [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]


@pytest.mark.parametrize("value", ["1", 1, None])
def test_the_service_takes_true_or_false_only(value):
    user = UserFactory()
    with pytest.raises(TypeError):
        user_set_large_text(user=user, on=value)
    user.refresh_from_db()
    assert user.large_text is False


def test_the_service_saves_her_text_size_only():
    user = UserFactory(full_name="Trần Văn Cũ")
    user.full_name = "changed in memory only"
    user_set_large_text(user=user, on=True)
    user.refresh_from_db()
    assert (user.large_text, user.full_name) == (True, "Trần Văn Cũ")


# --- the switch ----------------------------------------------------------------------------------


def test_she_turns_large_text_on_and_goes_back_to_her_page(client):
    user = UserFactory()
    client.force_login(user)

    response = _switch(client, {"on": "1", "next": "/members/notifications/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/members/notifications/?page=2"
    user.refresh_from_db()
    assert user.large_text is True
    assert _messages(response) == [(message_levels.SUCCESS, _vi("Large text is on."))]


def test_she_turns_it_off_again(client):
    user = UserFactory(large_text=True)
    client.force_login(user)

    response = _switch(client, {"on": "0", "next": "/members/notifications/"})

    assert response["Location"] == "/members/notifications/"
    user.refresh_from_db()
    assert user.large_text is False
    assert _messages(response) == [(message_levels.SUCCESS, _vi("Large text is off."))]


def test_without_next_she_goes_home(client):
    client.force_login(UserFactory())
    assert _switch(client, {"on": "1"})["Location"] == reverse("dashboard:home")


@pytest.mark.parametrize(
    "next_url", ["abc", "-1", "//evil.example", "https://evil.example/", "/a\x00b", ""]
)
def test_a_hostile_next_goes_home(client, next_url):
    user = UserFactory()
    client.force_login(user)
    response = _switch(client, {"on": "1", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    user.refresh_from_db()
    assert user.large_text is True


@pytest.mark.parametrize("data", [{}, {"on": ""}, {"on": "2"}, {"on": "yes"}, {"on": "a\x00b"}])
@pytest.mark.parametrize("before", [False, True])
def test_bad_input_changes_nothing_and_says_so(client, data, before):
    user = UserFactory(large_text=before)
    client.force_login(user)

    response = _switch(client, {**data, "next": "/members/notifications/"})

    assert response.status_code == 302
    assert response["Location"] == "/members/notifications/"
    user.refresh_from_db()
    assert user.large_text is before
    assert _messages(response) == [
        (message_levels.ERROR, _vi("Choose whether large text is on or off."))
    ]


def test_a_get_is_refused_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(URL, {"on": "1"}).status_code == 405
    user.refresh_from_db()
    assert user.large_text is False


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client):
    response = _switch(client, {"on": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_she_changes_only_her_own(client):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    _switch(client, {"on": "1", "user": other.pk})
    other.refresh_from_db()
    assert other.large_text is False


# --- the page ------------------------------------------------------------------------------------


def test_the_class_is_on_her_pages_only(client):
    her, other = UserFactory(large_text=True), UserFactory()
    client.force_login(her)
    assert LARGE in client.get(reverse("members:notifications")).content.decode()

    client.force_login(other)
    page = client.get(reverse("members:notifications")).content.decode()
    assert NORMAL in page and "text-large" not in page

    client.logout()
    page = client.get(reverse("login")).content.decode()
    assert NORMAL in page and "text-large" not in page


def test_her_menu_shows_the_switch_in_its_state(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("members:notifications")).content.decode()
    assert f'action="{URL}"' in page
    assert 'name="on" value="1"' in page
    assert 'aria-pressed="false"' in page

    user_set_large_text(user=user, on=True)
    page = client.get(reverse("members:notifications")).content.decode()
    assert 'name="on" value="0"' in page
    assert 'aria-pressed="true"' in page
    assert 'name="next" value="/members/notifications/"' in page


def test_her_profile_has_the_switch_too(client):
    cell = CellFactory()
    user = member_user(MemberFactory(committee=cell.committee, cell=cell), large_text=True)
    client.force_login(user)
    response = client.get(reverse("members:me"))
    assert response.status_code == 200
    page = response.content.decode()
    # Her menu's and her profile's, both to turn it off.
    assert page.count(f'action="{URL}"') == 2
    assert page.count('name="on" value="0"') == 2
    assert 'id="text-size-heading"' in page
