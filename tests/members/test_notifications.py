"""Notifications: `members.notifications.notify` (one per user, e-mail after commit) and her pages —
the bell's count, the list, opening one (marks it read, follows only local links), read-all."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Notification
from members.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("members:notifications")
READ_ALL_URL = reverse("members:notifications_read_all")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def her(client, plain_user):
    client.force_login(plain_user)
    return plain_user


def _open_url(notification):
    return reverse("members:notification_open", args=[notification.pk])


# --- notify() -----------------------------------------------------------------------------------


def test_notify_creates_one_per_user_and_ignores_duplicates():
    first, second = UserFactory(), UserFactory()

    sent = notify(users=[first, second, first, None], title="Họp chi bộ", url="/meetings/1/")

    assert sent == 2
    assert Notification.objects.filter(user=first).count() == 1
    assert Notification.objects.filter(user=second).count() == 1
    assert set(Notification.objects.values_list("title", "url", "read_at")) == {
        ("Họp chi bộ", "/meetings/1/", None)
    }


def test_notify_sends_one_email_each_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    first, second = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(users=[first, second, second], title="Họp chi bộ", body="Tối nay", url="/m/1/")
        assert mailoutbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    assert all(m.subject == "Họp chi bộ" for m in mailoutbox)
    assert "Tối nay" in mailoutbox[0].body
    assert "/m/1/" in mailoutbox[0].body


def test_notify_sends_nothing_when_the_transaction_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(users=[user], title="Họp chi bộ")
        raise RuntimeError("the write failed")

    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_notify_skips_the_email_of_users_without_an_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    with_address, without = UserFactory(), UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        assert notify(users=[with_address, without], title="Họp chi bộ") == 2

    assert [m.to for m in mailoutbox] == [[with_address.email]]
    assert Notification.objects.filter(user=without).exists()  # still told in the app


# --- the bell -----------------------------------------------------------------------------------


def test_the_bell_shows_her_unread_count(client, her):
    notify(users=[her], title="Một", email=False)
    notify(users=[her], title="Hai", email=False)
    notify(users=[her], title="Đã đọc", email=False)
    Notification.objects.filter(title="Đã đọc").update(read_at="2026-01-01T00:00Z")
    notify(users=[UserFactory()], title="Của người khác", email=False)

    response = client.get(reverse("dashboard:home"))

    assert response.context["nav_unread"] == 2
    html = response.content.decode()
    assert 'class="bi bi-bell"' in html
    assert '>2<span class="visually-hidden"> unread notifications</span>' in html


def test_the_bell_has_no_badge_when_all_is_read(client, her):
    response = client.get(reverse("dashboard:home"))

    assert response.context["nav_unread"] == 0
    html = response.content.decode()
    assert reverse("members:notifications") in html
    assert "unread notifications" not in html


def test_the_bell_count_is_one_query(client, her):
    notify(users=[her], title="Một", email=False)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard:home"))
    counts = [q["sql"] for q in queries if "members_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT" in counts[0].upper()


def test_anonymous_pages_do_not_count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("login")).status_code == 200
    assert not [q for q in queries if "members_notification" in q["sql"]]


# --- the list -----------------------------------------------------------------------------------


def test_list_shows_her_notifications_newest_first_unread_highlighted(client, her):
    notify(users=[her], title="Cũ", email=False)
    notify(users=[her], title="Mới", email=False)
    Notification.objects.filter(title="Cũ").update(read_at="2026-01-01T00:00Z")
    notify(users=[UserFactory()], title="Của người khác", email=False)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    page = response.context["page"]
    assert [n.title for n in page.object_list] == ["Mới", "Cũ"]
    html = response.content.decode()
    assert "Của người khác" not in html
    assert html.count("bg-primary-subtle") == 1
    assert READ_ALL_URL in html


def test_list_is_paginated_by_25_with_the_same_queries(client, her):
    def count(page=1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        return len(queries), response

    notify(users=[her], title="Một", email=False)
    few, _ = count()
    for n in range(30):
        notify(users=[her], title=f"Thông báo {n}", email=False)
    many, response = count()

    assert few == many
    assert len(response.context["page"].object_list) == 25
    assert len(count(page=2)[1].context["page"].object_list) == 6


def test_empty_list(client, her):
    response = client.get(LIST_URL)
    assert "You have no notifications." in response.content.decode()
    assert READ_ALL_URL not in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- opening one --------------------------------------------------------------------------------


def test_open_marks_read_and_goes_to_the_link(client, her):
    notify(users=[her], title="Họp", url="/meetings/7/", email=False)
    notification = Notification.objects.get()

    response = client.get(_open_url(notification))

    assert response.status_code == 302
    assert response.url == "/meetings/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_again_keeps_the_first_read_time(client, her):
    notify(users=[her], title="Họp", email=False)
    notification = Notification.objects.get()
    client.get(_open_url(notification))
    notification.refresh_from_db()
    first = notification.read_at

    client.get(_open_url(notification))

    notification.refresh_from_db()
    assert notification.read_at == first


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "javascript:alert(1)",
        "meetings/7/",
        "",
    ],
)
def test_open_never_follows_a_link_off_the_site(client, her, url):
    notify(users=[her], title="Họp", url=url, email=False)
    notification = Notification.objects.get()

    response = client.get(_open_url(notification))

    assert response.status_code == 302
    assert response.url == LIST_URL
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_a_404_and_stays_unread(client, her):
    notify(users=[UserFactory()], title="Của người khác", url="/meetings/7/", email=False)
    notification = Notification.objects.get()

    response = client.get(_open_url(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_open_a_missing_notification_is_a_404(client, her):
    assert client.get(reverse("members:notification_open", args=[999999])).status_code == 404


# --- read all -----------------------------------------------------------------------------------


def test_read_all_marks_only_hers(client, her):
    notify(users=[her], title="Một", email=False)
    notify(users=[her], title="Hai", email=False)
    notify(users=[UserFactory()], title="Của người khác", email=False)

    response = client.post(READ_ALL_URL, follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert not Notification.objects.filter(user=her).unread().exists()
    assert Notification.objects.unread().get().title == "Của người khác"
    assert response.context["nav_unread"] == 0
    assert "All notifications are marked as read." in response.content.decode()


def test_read_all_is_post_only(client, her):
    notify(users=[her], title="Một", email=False)

    assert client.get(READ_ALL_URL).status_code == 405
    assert Notification.objects.unread().count() == 1


@pytest.fixture(autouse=True)
def english_pages(client):
    """The assertions read the English source strings: ask for English pages (her choice, kept
    in the language cookie; the browser's language is never asked)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
