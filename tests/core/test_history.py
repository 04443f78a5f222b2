"""The change history (`core/history.py`): local times, every label in Vietnamese (issue 17 item 19)."""

import datetime
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from core.history import history_entries
from meetings.models import Meeting
from tests.factories import CellFactory, MeetingFactory

# simple-history's own columns of a historical record: the pages name them in their own words
# (who, when, created/changed/deleted, the reason), never by these fields' verbose names.
HISTORY_BOOKKEEPING = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_relation",
}

# 23:07 on 6 December in UTC is 06:07 on 7 December in Hà Nội (UTC+7).
UTC_EVENING = datetime.datetime(2026, 12, 6, 23, 7, tzinfo=datetime.UTC)


def _published_change(entries):
    label = str(Meeting._meta.get_field("published_at").verbose_name)
    return next(c for e in entries for c in e.changes if c.field == label)


@pytest.mark.django_db
def test_a_changed_time_is_shown_in_local_time():
    meeting = MeetingFactory()
    meeting.published_at = UTC_EVENING
    meeting.save()

    change = _published_change(history_entries(meeting.history.all()))

    assert change.new == "06:07 07/12/2026"
    assert "23:07" not in change.new


@pytest.mark.django_db
def test_the_history_page_shows_local_times(client, officer, committee):
    meeting = MeetingFactory(cell=CellFactory(committee=committee))
    meeting.published_at = UTC_EVENING
    meeting.save()
    client.force_login(officer)

    page = client.get(reverse("meetings:history", args=[meeting.pk])).content.decode()

    assert "06:07 07/12/2026" in page
    assert "23:07 06/12/2026" not in page  # the UTC time (23:07 today is a save time)


@pytest.mark.django_db
def test_when_each_version_was_saved_is_local_time():
    meeting = MeetingFactory()
    [entry] = history_entries(meeting.history.all())
    assert entry.when.utcoffset() == datetime.timedelta(hours=7)


def _models_with_history():
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def _catalogue() -> set[str]:
    po = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
    return {e.msgid for e in polib.pofile(str(po)).translated_entries() if not e.obsolete}


def test_every_field_label_the_history_can_show_is_translated():
    """Each field of each model with history, and of its historical model, has a verbose name
    marked for translation and translated in `vi` (the history shows them as labels)."""
    catalogue = _catalogue()
    models = _models_with_history()
    assert len(models) > 20
    problems = []
    for model in models:
        historical = getattr(model, model._meta.simple_history_manager_attribute).model
        for owner in (model, historical):
            for field in owner._meta.concrete_fields:
                if field.auto_created or field.name == "id" or field.name in HISTORY_BOOKKEEPING:
                    continue
                label = field.verbose_name
                with translation.override("en"):
                    english = str(label)
                with translation.override("vi"):
                    vietnamese = str(label)
                if not isinstance(label, Promise):
                    problems.append(f"{owner._meta.label}.{field.name}: {english!r} not marked")
                elif vietnamese == english and english not in catalogue:
                    problems.append(f"{owner._meta.label}.{field.name}: {english!r} untranslated")
    assert not problems, "\n".join(problems)
