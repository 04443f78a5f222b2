"""Pages every app relies on: login by default, htmx redirects, health, errors, language."""

import pytest
from django.template import Context, Template, loader
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core import views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    response = client.get(reverse("cells:committee_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_expired_session_htmx_request_gets_hx_redirect(client):
    response = client.get(reverse("cells:committee_list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_health_is_public(client):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok"}


def test_bare_page_is_the_base_template_with_nothing_in_it(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("bare"))
    assert response.status_code == 200
    assert [t.name for t in response.templates[:2]] == ["core/bare.html", "base.html"]


def test_bare_page_needs_a_login(client):
    response = client.get(reverse("bare"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


def test_language_switch_to_english_and_back(client, plain_user):
    client.force_login(plain_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Tổng quan" in html


def test_login_with_password_through_the_form(client, db):
    UserFactory(username="lan", password="secret-pass-123")
    response = client.post(reverse("login"), {"username": "lan", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")


def test_wrong_password_shows_an_error_and_locks_after_the_limit(client, db):
    UserFactory(username="lan", password="secret-pass-123")
    response = client.post(reverse("login"), {"username": "lan", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    with override_settings(AXES_FAILURE_LIMIT=2):
        client.post(reverse("login"), {"username": "lan", "password": "nope"})
        locked = client.post(reverse("login"), {"username": "lan", "password": "secret-pass-123"})
    assert locked.status_code == 429


def test_logout_is_post_only(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_sends_an_email(client, mailoutbox, db):
    UserFactory(username="lan", email="lan@example.vn")
    response = client.post(reverse("password_reset"), {"email": "lan@example.vn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/password/reset/" in mailoutbox[0].body


def test_password_change(client, plain_user):
    client.force_login(plain_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "a-much-better-pass-42",
            "new_password2": "a-much-better-pass-42",
        },
    )
    assert response.status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.check_password("a-much-better-pass-42")


def test_404_page_is_friendly_and_vietnamese(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_error_handlers_render():
    request = RequestFactory().get("/")
    request.user = None
    assert views.bad_request(request).status_code == 400
    assert views.permission_denied(request).status_code == 403
    assert views.page_not_found(request).status_code == 404
    assert views.csrf_failure(request).status_code == 403


def test_500_page_renders_without_context():
    html = loader.get_template("500.html").render()
    assert "500" in html


def test_pages_have_no_inline_scripts_or_styles(client, superuser, committee):
    client.force_login(superuser)
    for url in ["/", reverse("cells:committee_detail", args=[committee.pk]), reverse("login")]:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert "style=" not in html
        assert "hx-on" not in html


def test_pagination_keeps_the_filters(rf):
    request = rf.get("/x/", {"status": "active", "page": "2"})
    rendered = Template("{% load chibo %}{% query_replace page=3 %}").render(
        Context({"request": request})
    )
    assert rendered == "?page=3&amp;status=active"
