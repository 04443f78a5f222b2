"""An upload larger than the limit is refused from its Content-Length, before its body is read
(issue 17 item 6) — with the usual "at most N MB" message and the browser back on the form, on
every view that receives files; Django's in-memory limits stay below the upload limits."""

import inspect

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cells.models import CommitteeSettings
from cells.rules import rules_for
from core.uploads import MB, request_body_limit
from members.forms import PHOTO_MAX_MB
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
)

OUR_APPS = ("core", "cells", "members", "meetings", "reviews", "dashboard")


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body of a refused upload was read")

    readline = read


@pytest.fixture
def world(committee):
    cell = CellFactory(committee=committee)
    return {
        "committee": committee,
        "member": MemberFactory(committee=committee, cell=cell),
        "meeting": MeetingFactory(cell=cell),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
    }


@pytest.fixture
def officer(world):
    """A client that checks CSRF tokens as a browser's request is checked: the token is in the
    body, so only a refusal before CsrfViewMiddleware leaves the body unread."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["officer"])
    return client


def upload_urls(world) -> dict[str, tuple[str, str, int]]:
    """name → (URL, where the refusal sends the browser, the limit in MB)."""
    committee_mb = rules_for(world["committee"]).upload_max_mb
    meeting, member = world["meeting"], world["member"]
    residence = reverse("reviews:residence_edit", args=[2026, member.pk])
    return {
        "document_upload": (
            reverse("meetings:document_upload", args=[meeting.pk]),
            meeting.get_absolute_url() + "#documents",
            committee_mb,
        ),
        "residence_edit": (residence, residence, committee_mb),
        "member_edit": (
            reverse("members:edit", args=[member.pk]),
            reverse("members:edit", args=[member.pk]),
            min(committee_mb, PHOTO_MAX_MB),
        ),
        "member_create": (reverse("members:create"), reverse("members:create"), PHOTO_MAX_MB),
        "import_upload": (
            reverse("members:import_upload"),
            reverse("members:import_upload"),
            committee_mb,
        ),
    }


def post_declared(client, url, length: int):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["document_upload", "residence_edit", "member_edit", "member_create", "import_upload"]
)
def test_an_oversized_upload_is_refused_before_its_body_is_read(officer, world, name):
    url, back, limit = upload_urls(world)[name]
    response = post_declared(officer, url, 60 * MB)
    assert response.status_code == 302
    assert response["Location"] == back
    flashed = [str(m) for m in get_messages(response.wsgi_request)]
    assert flashed == [
        f"Tệp vượt quá dung lượng tối đa {limit} MB.",
        "Chưa lưu gì. Trình duyệt không giữ được tệp đã chọn: vui lòng chọn lại tệp.",
    ]


@pytest.mark.django_db
def test_the_limit_is_the_committee_s_setting(officer, world):
    url = reverse("meetings:document_upload", args=[world["meeting"].pk])
    CommitteeSettings.objects.update_or_create(
        committee=world["committee"], defaults={"upload_max_mb": 2}
    )
    response = post_declared(officer, url, request_body_limit(2) + 1)
    assert response.status_code == 302
    assert "2 MB" in str(next(iter(get_messages(response.wsgi_request))))


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_on_to_the_usual_checks(officer, world):
    """Not refused by its length: CSRF then reads it (and refuses it here for want of a token)."""
    url = reverse("meetings:document_upload", args=[world["meeting"].pk])
    response = officer.post(url, {"title": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_upload_goes_to_the_login_page(client, world):
    url = reverse("meetings:document_upload", args=[world["meeting"].pk])
    response = client.post(url, {"title": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_every_view_that_receives_files_declares_its_limit():
    receiving = []
    for view in _views(get_resolver().url_patterns):
        if not view.__module__.startswith(OUR_APPS):
            continue
        source = inspect.getsource(getattr(view, "view_class", None) or inspect.unwrap(view))
        if "FILES" in source or "posted_files(" in source:
            receiving.append(view.__name__)
            assert getattr(view, "upload_limit", None), view.__name__
    assert len(receiving) >= 5


def test_django_s_in_memory_limits_stay_below_the_upload_limits():
    field = CommitteeSettings._meta.get_field("upload_max_mb")
    smallest = min(v.limit_value for v in field.validators if v.code == "min_value")
    assert smallest * MB >= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    assert field.default * MB > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert request_body_limit(1) > MB + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
