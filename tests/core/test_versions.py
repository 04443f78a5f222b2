"""Data versions and the page-part cache (`core/versions.py`): which scope a write touches, the
tokens replaced only when the write commits, and a part rendered again after any write it shows."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from core import versions
from meetings.models import Attendance
from members.models import Notification
from members.text_size import user_set_large_text
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    SuperiorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- which scope a write touches -----------------------------------------------------------------


def test_every_model_of_the_tracked_apps_says_what_its_writes_touch():
    """A new model must choose: its committee's path, everything, or nothing."""
    undeclared, broken = [], []
    for model in apps.get_models():
        if model._meta.app_label not in settings.DATA_VERSION_APPS:
            continue
        if hasattr(model, "instance_type"):  # a history model
            continue
        if "data_scope" not in vars(model):
            undeclared.append(model._meta.label)
            continue
        declared = model.data_scope
        paths = (
            ()
            if declared in (None, versions.ALL)
            else ((declared,) if isinstance(declared, str) else declared)
        )
        for path in paths:
            current = model
            *hops, last = path.split(".")
            try:
                for hop in hops:
                    current = current._meta.get_field(hop).related_model
                if last != "pk":
                    current._meta.get_field(last.removesuffix("_id"))
            except Exception:
                broken.append(f"{model._meta.label}: {path}")
    assert undeclared == []
    assert broken == []


def test_a_meeting_row_touches_its_committee_a_superior_everything_a_notification_nothing():
    committee = CommitteeFactory()
    meeting = MeetingFactory(cell=CellFactory(committee=committee))
    member = MemberFactory(committee=committee)
    attendance = Attendance(meeting=meeting, member=member, status="present")
    assert versions.scopes_of(attendance) == {versions.committee_scope(committee.pk)}
    assert versions.scopes_of(meeting) == {versions.committee_scope(committee.pk)}
    assert versions.scopes_of(committee) == {versions.committee_scope(committee.pk)}
    assert versions.scopes_of(member) == {versions.committee_scope(committee.pk)}
    assert versions.scopes_of(SuperiorFactory()) == {versions.ALL}
    assert versions.scopes_of(Notification(user=UserFactory())) == set()


def test_a_member_who_moves_touches_the_committee_she_leaves_too(
    page_cache, django_capture_on_commit_callbacks
):
    old, new, other = CommitteeFactory(), CommitteeFactory(), CommitteeFactory()
    member = MemberFactory(committee=old)
    scopes = [versions.committee_scope(c.pk) for c in (old, new, other)]
    before = versions.tokens(scopes)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        member.committee = new
        member.save()
    after = versions.tokens(scopes)
    assert [after[s] != before[s] for s in scopes] == [True, True, False]


def test_a_path_that_ends_nowhere_touches_everything():
    attendance = Attendance(meeting_id=987654, member_id=1, status="present")
    assert versions.scopes_of(attendance) == {versions.ALL}


# --- the tokens ----------------------------------------------------------------------------------


def test_a_write_replaces_its_committees_token_when_it_commits(
    page_cache, django_capture_on_commit_callbacks
):
    committee, other = CommitteeFactory(), CommitteeFactory()
    scope, other_scope = (versions.committee_scope(c.pk) for c in (committee, other))
    before = versions.tokens([scope, other_scope])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            cell = CellFactory(committee=committee)
            cell.name = "Chi bộ Mới"
            cell.save()
        # Not before the commit: a reader now would file the old data under the old token.
        assert versions.tokens([scope]) == {k: before[k] for k in (scope, versions.ALL)}
    assert len(callbacks) == 1  # the writes of one transaction, replaced together
    after = versions.tokens([scope, other_scope])
    assert after[scope] != before[scope]
    assert after[other_scope] == before[other_scope]
    assert after[versions.ALL] == before[versions.ALL]


def test_a_rolled_back_write_replaces_nothing_and_the_next_commit_still_does(
    page_cache, django_capture_on_commit_callbacks
):
    committee = CommitteeFactory()
    scope = versions.committee_scope(committee.pk)
    before = versions.tokens([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            CellFactory(committee=committee)
            raise RuntimeError
        assert versions.tokens([scope])[scope] == before
        with transaction.atomic():
            CellFactory(committee=committee)
    assert versions.tokens([scope])[scope] != before


def test_a_login_or_her_text_size_touches_nothing_a_change_of_name_everything(
    page_cache, django_capture_on_commit_callbacks
):
    user = UserFactory()
    before = versions.tokens([])[versions.ALL]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        user.last_login = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        user.save(update_fields=["last_login"])
    assert versions.tokens([])[versions.ALL] == before
    # Large text is a class on the page's <html>, outside every kept part.
    with django_capture_on_commit_callbacks(execute=True):
        user_set_large_text(user=user, on=True)
    assert versions.tokens([])[versions.ALL] == before
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        user.full_name = "Nguyễn Văn Đổi"
        user.save()
    assert versions.tokens([])[versions.ALL] != before


def test_nothing_is_kept_or_touched_with_the_cache_off(django_capture_on_commit_callbacks):
    assert settings.PAGE_CACHE is False
    with django_capture_on_commit_callbacks() as callbacks:
        CellFactory()
    assert callbacks == []
    built = []
    for _ in range(2):
        versions.cached_part("p", [], (1,), lambda: built.append(1) or "html")
    assert built == [1, 1]


# --- the parts -----------------------------------------------------------------------------------


def _part(name="p", scopes=("committee:1",), parts=(1,)):
    built = []

    def build():
        built.append(1)
        return f"html {len(built)}"

    return versions.cached_part(name, scopes, parts, build), built


def _touch(capture, scopes):
    with capture(execute=True), transaction.atomic():
        versions.touch(scopes)


def test_a_part_is_built_once_until_its_scope_is_touched(
    page_cache, django_capture_on_commit_callbacks
):
    assert _part()[0] == "html 1"
    html, built = _part()
    assert (html, built) == ("html 1", [])
    _touch(django_capture_on_commit_callbacks, ["committee:2"])  # another committee's write
    assert _part()[1] == []
    _touch(django_capture_on_commit_callbacks, ["committee:1"])
    assert _part()[1] == [1]
    _touch(django_capture_on_commit_callbacks, [versions.ALL])
    assert _part()[1] == [1]


def test_a_part_differs_by_user_and_language(page_cache):
    _part(parts=(1,))
    assert _part(parts=(2,))[1] == [1]
    with translation.override("en"):
        assert _part(parts=(1,))[1] == [1]
    assert _part(parts=(1,))[1] == []


def test_parts_are_kept_for_the_seconds_the_settings_say(page_cache, monkeypatch):
    kept = []
    monkeypatch.setattr(page_cache, "set", lambda key, value, timeout: kept.append(timeout))
    with override_settings(PAGE_CACHE_SECONDS=120):
        _part(parts=("a",))
    monkeypatch.setattr(versions, "replica_active", lambda: True)
    with override_settings(PAGE_CACHE_SECONDS=120, PAGE_CACHE_REPLICA_SECONDS=7):
        _part(parts=("b",))
    assert kept == [120, 7]


def test_a_new_release_makes_every_part_again(page_cache, settings, tmp_path):
    """The release digest (`versions.release`) changes with any template or code file."""
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>một</p>")
    settings.BASE_DIR = tmp_path
    versions.release.cache_clear()
    try:
        before = versions.release()
        assert _part()[0] == "html 1"
        template.write_text("<p>một hai</p>")
        versions.release.cache_clear()
        assert versions.release() != before
        assert _part()[1] == [1]  # made again under the new release
    finally:
        versions.release.cache_clear()


def test_a_part_no_version_covers_is_never_kept(page_cache):
    """`scopes` None (a superuser's page over every committee): rendered afresh each time."""
    assert _part(scopes=None)[1] == [1]
    assert _part(scopes=None)[1] == [1]
