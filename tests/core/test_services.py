"""`core.services.validate`: Django's full_clean without re-asking whether loaded rows exist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.models import Cell, Term
from core.services import save_with_history, validate
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _term(committee, **kwargs):
    values = {
        "committee": committee,
        "name": "2025–2030",
        "start_date": datetime.date(2025, 7, 1),
        "end_date": datetime.date(2030, 6, 30),
    }
    return Term(**(values | kwargs))


def test_a_key_set_from_a_loaded_object_costs_no_query():
    term = _term(CommitteeFactory())
    with CaptureQueriesContext(connection) as django:
        term.full_clean()
    with CaptureQueriesContext(connection) as mine:
        validate(term)
    # The same checks, less the one that looked the committee up again.
    assert len(mine) == len(django) - 1
    assert not any('FROM "cells_committee"' in q["sql"] for q in mine.captured_queries)


def test_a_key_set_by_id_is_still_checked():
    committee = CommitteeFactory()
    term = _term(None, committee_id=committee.pk + 1000)
    with pytest.raises(ValidationError) as error:
        validate(term)
    assert "committee" in error.value.message_dict


def test_a_stale_cached_object_is_still_checked():
    """The id changed after the object was set: the id is what is saved, so it is checked."""
    committee = CommitteeFactory()
    term = _term(committee)
    term.committee_id = committee.pk + 1000
    with pytest.raises(ValidationError) as error:
        validate(term)
    assert "committee" in error.value.message_dict


def test_constraints_and_fields_are_validated_as_full_clean_does():
    committee = CommitteeFactory()
    save_with_history(_term(committee), by=UserFactory())
    clash = _term(committee, name="", end_date=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as mine:
        validate(clash)
    with pytest.raises(ValidationError) as django:
        clash.full_clean()
    assert mine.value.message_dict == django.value.message_dict
    assert "name" in mine.value.message_dict


def test_an_unsaved_related_object_is_refused():
    cell = Cell(committee=CommitteeFactory(), name="Chi bộ", code="CB9")
    cell.committee = type(cell.committee)(name="Chưa lưu")
    with pytest.raises((ValidationError, ValueError)):
        validate(cell)
