"""The dashboards' cached parts (`core.versions` in `dashboard.views.committee_dashboard` and
`reports.views.superior.superior_dashboard`): made once per version of their data and per user,
made again after any write they show, never handed to another user."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Notification
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
    superior_personas,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Bộ Nhớ")
    cell = CellFactory(committee=committee, name="Chi bộ Toán")
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    observer = CommitteeRoleFactory(committee=committee, role="observer").user
    other = CommitteeFactory(name="Đảng bộ Khác")
    return {
        "committee": committee,
        "cell": cell,
        "officer": officer,
        "observer": observer,
        "other": other,
        **superior_personas(committee),
    }


def _get(client, user, url):
    """The page (without what changes with every response: the CSRF token, the CSP nonce) and
    the number of queries it took."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(
        r'(CSRFToken": "|nonce="|csrfmiddlewaretoken" value=")[^"]*',
        r"\1",
        response.content.decode(),
    )
    return html, len(queries)


def _write(capture, fn):
    """A write that commits (the test's own transaction stands in for the request's)."""
    with capture(execute=True), transaction.atomic():
        fn()


def _rename(cell, name):
    def rename():
        cell.name = name
        cell.save()

    return rename


@pytest.mark.parametrize(
    "url_of",
    [
        lambda w: reverse("dashboard:committee", args=[w["committee"].pk]),
        lambda w: reverse(
            "reports:superior_dashboard",
            args=[w["committee"].superior_bodies.get().superior_id],
        ),
    ],
    ids=["committee", "superior"],
)
def test_a_part_is_made_once_then_again_after_a_write_it_shows(
    client, world, page_cache, django_capture_on_commit_callbacks, url_of
):
    user = world["superior_officer"] if "superior" in url_of(world) else world["officer"]
    url = url_of(world)
    first, made = _get(client, user, url)
    again, kept = _get(client, user, url)
    assert kept < made  # the part's own queries are gone
    assert again == first
    # Another committee's write leaves the part as it was.
    _write(django_capture_on_commit_callbacks, _rename(CellFactory(committee=world["other"]), "X"))
    assert _get(client, user, url)[1] == kept
    # The committee's own write: the part is made again, with what was written.
    if "superior" in url:
        change = _rename(world["committee"], "Đảng bộ Đổi Tên")
        world["committee"].name = "Đảng bộ Đổi Tên"
        _write(django_capture_on_commit_callbacks, lambda: world["committee"].save())
    else:
        change = _rename(world["cell"], "Chi bộ Đổi Tên")
        _write(django_capture_on_commit_callbacks, change)
    after, queries = _get(client, user, url)
    assert queries == made
    assert "Đổi Tên" in after and "Đổi Tên" not in first


def test_each_user_has_her_own_part(client, world, page_cache):
    """The officer's part holds the confidential ratings panel; the observer never gets it."""
    url = reverse("dashboard:committee", args=[world["committee"].pk])
    officer_page, _queries = _get(client, world["officer"], url)
    observer_page, _queries = _get(client, world["observer"], url)
    assert 'data-panel="ratings"' in officer_page
    assert 'data-panel="ratings"' not in observer_page
    # And the officer's part is still hers.
    assert 'data-panel="ratings"' in _get(client, world["officer"], url)[0]


def test_the_page_is_the_same_with_the_cache_on_and_off(client, world, page_cache, settings):
    url = reverse("dashboard:committee", args=[world["committee"].pk])
    settings.PAGE_CACHE = False
    off, _queries = _get(client, world["officer"], url)
    settings.PAGE_CACHE = True
    made, _queries = _get(client, world["officer"], url)
    kept, _queries = _get(client, world["officer"], url)
    assert off == made == kept


def test_the_secretarys_cell_panels_are_made_again_after_a_write_in_her_cell(
    client, world, page_cache, django_capture_on_commit_callbacks
):
    cell = world["cell"]
    secretary = MemberFactory(committee=world["committee"], cell=cell, full_name="Bí Thư Nhớ")
    PositionFactory(
        member=secretary,
        cell=cell,
        role="cell_secretary",
        term=TermFactory(committee=cell.committee),
    )
    user = member_user(secretary)
    url = reverse("dashboard:my_home")
    first, made = _get(client, user, url)
    assert f'data-cell="{cell.pk}"' in first
    again, kept = _get(client, user, url)
    assert (again, kept < made) == (first, True)
    _write(django_capture_on_commit_callbacks, _rename(cell, "Chi bộ Đổi Tên"))
    after, queries = _get(client, user, url)
    assert queries == made
    assert "Chi bộ Đổi Tên" in after


def test_the_members_panels_are_kept_but_her_notifications_are_always_fresh(
    client, world, page_cache, django_capture_on_commit_callbacks
):
    member = MemberFactory(committee=world["committee"], cell=world["cell"], full_name="Lê Thị Nhớ")
    user = member_user(member)
    url = reverse("dashboard:my_home")
    first, made = _get(client, user, url)
    assert "panel-my-meeting" in first and "panel-notifications" in first
    assert "<!--chibo:notifications-->" not in first
    # A notification replaces no version: the part is kept, the notification shows at once.
    Notification.objects.create(user=user, title="Họp chi bộ tháng này")
    again, kept = _get(client, user, url)
    assert kept < made
    assert "Họp chi bộ tháng này" in again
    assert "Họp chi bộ tháng này" not in first
    # A write in her committee makes her panels again.
    _write(django_capture_on_commit_callbacks, _rename(world["cell"], "Chi bộ Đổi Tên"))
    assert _get(client, user, url)[1] == made
