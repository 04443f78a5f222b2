"""Inspection and supervision (issue 18 items 6–8): the programme's adoption by a vote, the items'
and records' rules (bad input: a message next to the field, nothing saved), progress derived from
the records, confidentiality for every persona, and the dashboards' data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from dashboard.supervision import committee_quarters, home_supervision
from meetings.decisions import votes
from meetings.record.attendance import recording_start
from members.access import forget
from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord
from reviews.supervision import programmes, records
from reviews.supervision.progress import ItemState, item_state, programme_items
from reviews.supervision.selectors import my_records, programme_rows
from tests.conftest import PERSONAS
from tests.factories import AgendaItemFactory, MeetingFactory, MemberFactory
from tests.reviews.supervision_world import (
    DAY,
    build_world,
    ordinary_motion,
    today,
    year_end,
    year_start,
)


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- adoption by a vote ----------------------------------------------------------------------------


def test_programme_is_a_draft_until_adopted_by_a_passed_vote_of_its_body(w, db):
    sec = w.secretary.user
    programme = programmes.programme_create(
        committee=w.committee, cell=w.cell, year=today().year + 1, by=sec
    )
    assert not programme.is_adopted
    failed = ordinary_motion(cell=w.cell, passed=False)
    assert (
        "did not pass"
        in errors_of(
            lambda: programmes.programme_adopt(programme=programme, motion=failed, by=sec)
        )["motion"][0]
    )
    elsewhere = ordinary_motion(cell=w.other_cell)
    assert (
        "another body"
        in errors_of(
            lambda: programmes.programme_adopt(programme=programme, motion=elsewhere, by=sec)
        )["motion"][0]
    )
    executive = ordinary_motion(committee=w.committee, cell=None, body="executive")
    assert (
        "another body"
        in errors_of(
            lambda: programmes.programme_adopt(programme=programme, motion=executive, by=sec)
        )["motion"][0]
    )
    reprimand = ordinary_motion(cell=w.cell, kind="reprimand")
    assert (
        "resolution or conclusion"
        in errors_of(
            lambda: programmes.programme_adopt(programme=programme, motion=reprimand, by=sec)
        )["motion"][0]
    )
    programme.refresh_from_db()
    assert programme.motion_id is None
    passed = ordinary_motion(cell=w.cell)
    programmes.programme_adopt(programme=programme, motion=passed, by=sec)
    programme.refresh_from_db()
    assert programme.is_adopted and programme.motion == passed
    assert programme.history.first().history_user == sec
    # Adopted once: a second vote is refused, the items are locked.
    with pytest.raises(ValidationError, match="already adopted"):
        programmes.programme_adopt(programme=programme, motion=passed, by=sec)
    with pytest.raises(ValidationError, match="new vote"):
        programmes.item_add(
            programme=programme,
            by=sec,
            kind="regular",
            dimension="tasks",
            subject_members=[w.m1],
            supervisors=[w.secretary],
            planned_from=datetime.date(programme.year, 3, 1),
            planned_until=datetime.date(programme.year, 3, 31),
        )


def test_the_committees_programme_is_adopted_by_its_executive_or_whole_committee(w, db):
    officer = w.users["committee_officer"]
    programme = programmes.programme_create(
        committee=w.committee, year=today().year + 1, by=officer
    )
    cell_vote = ordinary_motion(cell=w.cell)
    assert (
        "another body"
        in errors_of(
            lambda: programmes.programme_adopt(programme=programme, motion=cell_vote, by=officer)
        )["motion"][0]
    )
    whole = ordinary_motion(committee=w.committee, cell=None, body="committee")
    programmes.programme_adopt(programme=programme, motion=whole, by=officer)
    assert SupervisionProgramme.objects.get(pk=programme.pk).motion == whole
    offered = list(programmes.programme_motions(programme))
    assert whole in offered and cell_vote not in offered


def test_one_programme_per_body_and_year(w, db):
    assert (
        "already has a programme"
        in errors_of(
            lambda: programmes.programme_create(
                committee=w.committee, cell=w.cell, year=today().year, by=w.secretary.user
            )
        )["year"][0]
    )
    assert "year" in errors_of(
        lambda: programmes.programme_create(committee=w.committee, year=1800, by=None)
    )
    assert "cell" in errors_of(
        lambda: programmes.programme_create(
            committee=w.other, cell=w.cell, year=today().year, by=None
        )
    )


# --- bad input on items and records ----------------------------------------------------------------


@pytest.fixture
def draft(w, db):
    return programmes.programme_create(
        committee=w.committee, cell=w.cell, year=today().year + 1, by=w.secretary.user
    )


def item_kwargs(w, year, **kw):
    return {
        "kind": "regular",
        "dimension": "ideology",
        "subject_members": [w.m1],
        "supervisors": [w.secretary],
        "planned_from": datetime.date(year, 2, 1),
        "planned_until": datetime.date(year, 2, 28),
        **kw,
    }


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"subject_members": []}, "subject_members", "whom"),
        ({"kind": "inspection"}, "kind", "Only the committee"),
        ({"subject_members": "other"}, "subject_members", "is not a member of"),
        ({"supervisors": []}, "supervisors", "who carries it out"),
        ({"supervisors": "self"}, "supervisors", "herself"),
        ({"planned_until": "before"}, "planned_until", "comes before"),
        ({"planned_from": "other_year"}, "planned_from", "within"),
        ({"dimension": "nonsense"}, "dimension", "what is supervised"),
        ({"subject_cell": "cell"}, "subject_cell", "supervises its members"),
    ],
)
def test_a_bad_item_is_refused_next_to_its_field(w, draft, change, field, words):
    kwargs = item_kwargs(w, draft.year)
    value = next(iter(change.values()))
    if value == "other":
        change = {"subject_members": [w.b1]}
    elif value == "self":
        change = {"supervisors": [w.m1]}
    elif value == "before":
        change = {"planned_until": datetime.date(draft.year, 1, 5)}
    elif value == "other_year":
        change = {"planned_from": datetime.date(draft.year - 1, 12, 1)}
    elif value == "cell":
        change = {"subject_cell": w.cell, "subject_members": []}
    kwargs.update(change)
    errors = errors_of(lambda: programmes.item_add(programme=draft, by=w.secretary.user, **kwargs))
    assert words.lower() in errors[field][0].lower(), errors
    assert not SupervisionItem.objects.filter(programme=draft).exists()


def test_the_committee_inspects_a_cell_or_its_members(w, db):
    officer = w.users["committee_officer"]
    programme = programmes.programme_create(
        committee=w.committee, year=today().year + 1, by=officer
    )
    kwargs = item_kwargs(w, programme.year, kind="inspection", subject_members=[w.b1])
    item = programmes.item_add(programme=programme, by=officer, **kwargs)
    assert list(item.subject_members.all()) == [w.b1]
    both = item_kwargs(w, programme.year, subject_cell=w.cell)
    assert (
        "not both"
        in errors_of(lambda: programmes.item_add(programme=programme, by=officer, **both))[
            "subject_cell"
        ][0]
    )
    stranger = MemberFactory(committee=w.other)
    assert (
        "committee"
        in errors_of(
            lambda: programmes.item_add(
                programme=programme,
                by=officer,
                **item_kwargs(w, programme.year, subject_members=[stranger]),
            )
        )["subject_members"][0]
    )


def record_kwargs(**kw):
    return {"recorded_on": today(), **kw}


def test_a_record_for_a_member_of_another_cell_is_refused(w, db):
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_not_started, member=w.b1, by=w.secretary.user, **record_kwargs()
        )
    )
    assert "is not a member of" in errors["member"][0]
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_not_started, member=w.m1, by=w.secretary.user, **record_kwargs()
        )
    )
    assert "not supervised by this item" in errors["member"][0]
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_done, member=w.m1, by=w.secretary.user, **record_kwargs()
        )
    )
    assert "already has a record" in errors["member"][0]
    assert not w.item_not_started.records.exists()


def test_a_follow_up_deadline_before_the_record_is_refused(w, db):
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_not_started,
            member=w.m3,
            by=w.secretary.user,
            **record_kwargs(recommendations="Khắc phục", followup_deadline=today() - DAY),
        )
    )
    assert "cannot come before the record" in errors["followup_deadline"][0]
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_not_started,
            member=w.m3,
            by=w.secretary.user,
            **record_kwargs(recommendations="Khắc phục"),
        )
    )
    assert "deadline" in errors["followup_deadline"][0]
    errors = errors_of(
        lambda: records.record_add(
            item=w.item_not_started,
            member=w.m3,
            by=w.secretary.user,
            **record_kwargs(recorded_on=today() + DAY),
        )
    )
    assert "future" in errors["recorded_on"][0]
    assert not w.item_not_started.records.exists()


def test_records_wait_for_the_adoption(w, draft):
    item = programmes.item_add(programme=draft, by=w.secretary.user, **item_kwargs(w, draft.year))
    with pytest.raises(ValidationError, match="Adopt the programme"):
        records.record_add(item=item, member=w.m1, by=w.secretary.user, **record_kwargs())


def test_a_violation_links_the_discipline_it_led_to(w, db):
    assert w.violation.discipline == w.discipline
    assert list(w.discipline.supervision_records.all()) == [w.violation]
    errors = errors_of(
        lambda: records.record_update(
            record=w.record,
            by=w.secretary.user,
            recorded_on=w.record.recorded_on,
            conclusion="shortcomings",
            discipline=w.discipline,
        )
    )
    assert "Only a conclusion of a violation" in errors["discipline"][0]
    errors = errors_of(
        lambda: records.record_update(
            record=w.record,
            by=w.secretary.user,
            recorded_on=w.record.recorded_on,
            conclusion="violation",
            discipline=w.discipline,
        )
    )
    assert "someone else" in errors["discipline"][0]


# --- progress ----------------------------------------------------------------------------------------


def test_item_state_rule():
    assert item_state(subject_member_ids=[1], about_cell=False, records=[]) == "not_started"
    assert item_state(subject_member_ids=[1, 2], about_cell=False, records=[(1, True)]) == (
        "under_way"
    )
    assert item_state(
        subject_member_ids=[1, 2], about_cell=False, records=[(1, True), (2, False)]
    ) == ("under_way")
    assert item_state(
        subject_member_ids=[1, 2], about_cell=False, records=[(1, True), (2, True)]
    ) == ("done")
    assert (
        item_state(subject_member_ids=[], about_cell=True, records=[(None, False)]) == "under_way"
    )
    assert item_state(subject_member_ids=[], about_cell=True, records=[(None, True)]) == "done"


def test_progress_is_derived_from_the_records(w, db):
    states = {item.pk: item.state for item in programme_items(w.programme)}
    assert states == {
        w.item_done.pk: ItemState.DONE,
        w.item_under_way.pk: ItemState.UNDER_WAY,
        w.item_not_started.pk: ItemState.NOT_STARTED,
    }
    # Concluding the second member's record finishes the item — once both are concluded.
    records.record_update(
        record=w.partial, by=w.secretary.user, recorded_on=today(), conclusion="no_violation"
    )
    states = {item.pk: item.state for item in programme_items(w.programme)}
    assert states[w.item_under_way.pk] == ItemState.UNDER_WAY
    records.record_add(
        item=w.item_under_way,
        member=w.m1,
        by=w.secretary.user,
        recorded_on=today(),
        conclusion="no_violation",
    )
    states = {item.pk: item.state for item in programme_items(w.programme)}
    assert states[w.item_under_way.pk] == ItemState.DONE


# --- confidentiality ---------------------------------------------------------------------------------

# Who reads the record about member1 of cell A1: herself, her cell's officers, the committee's.
READS_RECORD = {"member", "cell_secretary", "committee_officer"}
# Who reads the cell's programme: the cell's officers and the committee's.
READS_PROGRAMME = {"cell_secretary", "committee_officer"}


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_records_and_programmes_are_confidential_for_every_persona(w, db, persona):
    user = w.users[persona]
    forget(user)
    visible = set(SupervisionRecord.objects.visible_to(user).values_list("pk", flat=True))
    assert (w.record.pk in visible) == (persona in READS_RECORD)
    # b1's inspection: herself (no login here), cell A2's officers, the committee's.
    assert (w.violation.pk in visible) == (persona in {"secretary_other_cell", "committee_officer"})
    programmes_seen = set(
        SupervisionProgramme.objects.visible_to(user).values_list("pk", flat=True)
    )
    assert (w.programme.pk in programmes_seen) == (persona in READS_PROGRAMME)
    assert (w.committee_programme.pk in programmes_seen) == (persona == "committee_officer")
    assert [r.pk for r in my_records(user)] == ([w.record.pk] if persona == "member" else [])
    rows = programme_rows(user, w.programme.year)
    assert ({row.programme.pk for row in rows} >= {w.programme.pk}) == (persona in READS_PROGRAMME)


# --- dashboards ---------------------------------------------------------------------------------


def test_committee_panel_counts_items_done_per_quarter(w, db):
    data = committee_quarters(w.committee, today().year)
    rows = {row.programme.pk: row for row in data.rows}
    assert rows[w.committee_programme.pk] == data.rows[0]  # the committee's first
    cell_row = rows[w.programme.pk]
    assert cell_row.total == 3 and cell_row.done == 1
    assert cell_row.quarters[3].total == 3  # all planned to the year's end
    assert rows[w.committee_programme.pk].done == 1


def test_home_lists_what_falls_due_this_month(w, db):
    # Items planned to the year's end are due in December only; the follow-up in its month.
    due = home_supervision([w.cell.pk], w.m1.pk, today=today())
    deadline = w.record.followup_deadline
    items_due = year_end().month == today().month
    followup_due = (deadline.year, deadline.month) == (today().year, today().month)
    if items_due or followup_due:
        (cell_due,) = due.cells
        assert bool(cell_due.items) == items_due
        assert [r.pk for r in cell_due.followups] == ([w.record.pk] if followup_due else [])
    else:
        assert due.cells == []
    assert [r.pk for r in due.followups] == [w.record.pk]
    nobody = home_supervision([], None, today=today())
    assert nobody.cells == [] and nobody.followups == []


def test_home_due_items_include_overdue_ones(w, db):
    later = datetime.date(today().year, 12, 31)
    due = home_supervision([w.cell.pk], None, today=later)
    states = {item.pk for item in due.cells[0].items}
    assert states == {w.item_under_way.pk, w.item_not_started.pk}
    assert year_start() <= later


def test_the_vote_that_adopted_a_programme_is_not_removed(w, db):
    """Removing a vote from draft minutes is refused once a programme rests on it (no 500)."""
    sec = w.secretary.user
    meeting = MeetingFactory(cell=w.cell, status="published", date=today(), kind="extraordinary")
    AgendaItemFactory(meeting=meeting)
    recording_start(meeting=meeting, by=sec)
    motion = votes.vote_record(
        meeting=meeting, kind="ordinary", method="hands", text="Thông qua", yes=3, no=0, by=sec
    )
    programme = programmes.programme_create(
        committee=w.committee, cell=w.cell, year=today().year + 1, by=sec
    )
    programmes.programme_adopt(programme=programme, motion=motion, by=sec)
    with pytest.raises(ValidationError, match="cannot be removed"):
        votes.vote_remove(motion=motion, by=sec)
    programme.refresh_from_db()
    assert programme.motion == motion
