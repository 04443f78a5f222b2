"""Holding a meeting (DOMAIN §4.4–5, §7): `meetings/record/` and the selectors
`meeting_headcount` / `minutes_items`.

The attendance sheet and its headcount at the edges, the minutes (times, quality, contributions,
the optimistic lock), the length warning, the quality grade, approval and locking — every write
path refused afterwards — and amendments, which change the record and say how.
"""

import copy
import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cells import services as cell_services
from cells.rules import rules_for
from meetings.models import (
    MAX_TEXT,
    AgendaItem,
    Amendment,
    Attendance,
    Contribution,
    Guest,
    Meeting,
    Minutes,
)
from meetings.record.amendments import amend_attendance, amend_text, amendment_targets
from meetings.record.attendance import (
    ABSENT_BY_STATUS,
    attendance_refresh,
    attendance_set,
    guest_add,
    guest_remove,
    recording_start,
)
from meetings.record.minutes import (
    ContributionText,
    Grade,
    ItemText,
    StaleMinutes,
    length_warning,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
    quality_grade,
)
from meetings.record.selectors import meeting_headcount, minutes_items
from members.models import CellMembership, Member, Status, StatusEvent
from members.selectors import cell_headcount
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
DAY = datetime.timedelta(days=1)
# A past meeting date (today in the tests is the real today, after it).
ON = D(2026, 10, 5)
TERM_START = D(2025, 7, 1)


def _member(cell, status=Status.OFFICIAL, **kwargs):
    return MemberFactory(committee=cell.committee, cell=cell, status=status, **kwargs)


def _meeting(cell, **kwargs):
    kwargs.setdefault("date", ON)
    kwargs.setdefault("status", "published")
    return MeetingFactory(cell=cell, **kwargs)


def _sheet(meeting):
    """{member_id: (member_status, status, reason)} of the attendance sheet."""
    return {
        row.member_id: (row.member_status, row.status, row.reason)
        for row in Attendance.objects.filter(meeting=meeting)
    }


def _vi(text) -> str:
    with translation.override("vi"):
        return str(text)


def _minutes(meeting) -> Minutes:
    return Minutes.objects.get(meeting=meeting)


@pytest.fixture(scope="module")
def _w(module_db):
    """A cell with a secretary (who logs in), two members, a recorded meeting with two items; a
    committee officer. Built once for the module (see `module_db`), in its own committee; each
    test gets a copy and a savepoint. A test that looks at every row of a table compares it with
    what was there before (`_counts`)."""
    committee = CommitteeFactory()
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    cell = CellFactory(committee=committee)
    secretary = _member(cell)
    user = member_user(secretary)
    a, b = _member(cell), _member(cell)
    meeting = _meeting(cell)
    item1 = AgendaItemFactory(meeting=meeting, section="political", position=10)
    item2 = AgendaItemFactory(meeting=meeting, section="other", position=10)
    recording_start(meeting=meeting, by=user)
    return SimpleNamespace(
        committee=committee,
        officer=officer,
        cell=cell,
        secretary=secretary,
        user=user,
        a=a,
        b=b,
        meeting=meeting,
        item1=item1,
        item2=item2,
    )


@pytest.fixture
def w(_w, db):
    return copy.deepcopy(_w)


def _counts(*models):
    """How many rows each model's table holds."""
    return [model.objects.count() for model in models]


def _save(w, version=None, **kwargs):
    """minutes_save on the current version unless told otherwise."""
    if version is None:
        version = _minutes(w.meeting).version
    return minutes_save(meeting=w.meeting, version=version, by=w.user, **kwargs)


def _said(speaker, text, id=None):
    code = speaker if isinstance(speaker, str) else f"m{speaker.pk}"
    return ContributionText(speaker=code, text=text, id=id)


def _contributions(item):
    return list(
        Contribution.objects.filter(agenda_item=item)
        .order_by("position", "pk")
        .values_list("pk", "position", "speaker_member_id", "speaker_guest_id", "text")
    )


def _error_keys(excinfo) -> set:
    return set(excinfo.value.message_dict)


# --- the attendance sheet and the headcount ------------------------------------------------------


def test_empty_body_gives_an_empty_sheet_and_zero_headcount(committee, officer):
    meeting = _meeting(CellFactory(committee=committee))
    recording_start(meeting=meeting, by=officer)
    assert not Attendance.objects.filter(meeting=meeting).exists()
    headcount = meeting_headcount(meeting)
    assert (
        headcount.official,
        headcount.probationary,
        headcount.temporary,
        headcount.exempted,
        headcount.suspended,
        headcount.total,
        headcount.present,
        headcount.absent,
        headcount.excused,
        headcount.unexcused,
    ) == (0, 0, 0, 0, 0, 0, 0, 0, [], [])


@pytest.fixture
def mixed(committee, officer):
    """A cell with one member of each status, and members who are not in it on the date."""
    cell = CellFactory(committee=committee)
    people = SimpleNamespace(
        official=_member(cell, Status.OFFICIAL),
        probationary=_member(cell, Status.PROBATIONARY),
        temporary=_member(cell, Status.TEMPORARY),
        exempted=_member(cell, Status.EXEMPTED),
        suspended=_member(cell, Status.SUSPENDED),
        away=_member(cell, Status.AWAY),
        joined_after=_member(cell, cell__joined_on=ON + DAY),
        left_before=_member(cell),
        # Probationary on the meeting date, recognised official ten days later.
        recognised_after=_member(cell, Status.PROBATIONARY),
    )
    CellMembership.objects.filter(member=people.left_before).update(end_date=ON - DAY)
    StatusEvent.objects.create(
        member=people.recognised_after,
        kind=StatusEvent.Kind.RECOGNISED,
        date=ON + 10 * DAY,
        status_after=Status.OFFICIAL,
    )
    people.recognised_after.status = Status.OFFICIAL
    people.recognised_after.save(update_fields=["status"])
    meeting = _meeting(cell)
    recording_start(meeting=meeting, by=officer)
    return SimpleNamespace(cell=cell, meeting=meeting, p=people)


def test_sheet_lists_the_cell_on_the_date_with_status_that_day(mixed):
    p = mixed.p
    sheet = _sheet(mixed.meeting)
    assert set(sheet) == {
        p.official.pk,
        p.probationary.pk,
        p.temporary.pk,
        p.exempted.pk,
        p.suspended.pk,
        p.recognised_after.pk,
    }
    assert sheet[p.recognised_after.pk][0] == Status.PROBATIONARY
    assert sheet[p.official.pk] == (Status.OFFICIAL, "present", "")
    assert sheet[p.temporary.pk] == (Status.TEMPORARY, "present", "")
    assert sheet[p.exempted.pk] == (
        Status.EXEMPTED,
        "excused",
        _vi(ABSENT_BY_STATUS[Status.EXEMPTED]),
    )
    assert sheet[p.suspended.pk] == (
        Status.SUSPENDED,
        "excused",
        _vi(ABSENT_BY_STATUS[Status.SUSPENDED]),
    )


def test_headcount_counts_temporary_apart_and_matches_the_registry(mixed):
    headcount = meeting_headcount(mixed.meeting)
    assert (headcount.official, headcount.probationary) == (1, 2)
    assert (headcount.exempted, headcount.suspended, headcount.temporary) == (1, 1, 1)
    assert headcount.total == 5  # not the temporary member
    assert headcount.present == 4  # official, both probationary, temporary
    assert sorted(reason for _name, reason in headcount.excused) == sorted(
        _vi(r) for r in ABSENT_BY_STATUS.values()
    )
    assert headcount.unexcused == []
    assert headcount.absent == 2
    assert headcount.on_sheet == 6

    registry = cell_headcount(mixed.cell, mixed.meeting.date)
    for name in ("official", "probationary", "exempted", "suspended", "temporary", "total"):
        assert getattr(headcount, name) == getattr(registry, name), name


def test_headcount_follows_the_sheet_marks(mixed):
    p = mixed.p
    attendance_set(meeting=mixed.meeting, member_id=p.official.pk, status="unexcused", by=None)
    attendance_set(
        meeting=mixed.meeting, member_id=p.temporary.pk, status="excused", reason="ốm", by=None
    )
    attendance_set(meeting=mixed.meeting, member_id=p.exempted.pk, status="present", by=None)
    headcount = meeting_headcount(mixed.meeting)
    assert headcount.present == 3  # both probationary, the exempted one
    assert headcount.unexcused == [p.official.full_name]
    assert (p.temporary.full_name, "ốm") in headcount.excused
    assert len(headcount.excused) == 2
    # The counts by status do not move with attendance.
    assert (headcount.official, headcount.total, headcount.temporary) == (1, 5, 1)


def test_executive_meeting_sheet_is_the_committee_position_holders(committee, term, officer):
    cell = CellFactory(committee=committee)

    def holder(role="committee_member", start=TERM_START, end=None, status=Status.OFFICIAL):
        member = _member(cell, status)
        PositionFactory(
            member=member,
            committee=committee,
            term=term,
            role=role,
            cell=cell if role.startswith("cell_") else None,
            start_date=start,
            end_date=end,
        )
        return member

    secretary = holder("committee_secretary")
    exempted = holder(status=Status.EXEMPTED)
    holder("committee_deputy", end=ON - DAY)  # left the committee before
    holder(start=ON + DAY)  # joined after
    holder("cell_secretary")  # a cell officer only
    holder(status=Status.AWAY)  # away on a temporary transfer
    _member(cell)  # a plain member
    meeting = MeetingFactory(
        committee=committee, cell=None, body="executive", date=ON, status="published"
    )
    recording_start(meeting=meeting, by=officer)
    sheet = _sheet(meeting)
    assert set(sheet) == {secretary.pk, exempted.pk}
    assert sheet[exempted.pk][1] == "excused"
    assert meeting_headcount(meeting).total == 2


def test_whole_committee_meeting_sheet_is_everyone_on_the_roll(committee, other_committee, officer):
    cells = [CellFactory(committee=committee) for _ in range(2)]
    on_roll = [
        _member(cells[0]),
        _member(cells[1], Status.PROBATIONARY),
        _member(cells[1], Status.TEMPORARY),
        _member(cells[0], Status.SUSPENDED),
    ]
    _member(cells[0], Status.AWAY)
    _member(cells[0], Status.TRANSFERRED_OUT)
    _member(cells[1], Status.DECEASED)
    MemberFactory(committee=other_committee, cell=CellFactory(committee=other_committee))
    meeting = MeetingFactory(
        committee=committee, cell=None, body="committee", date=ON, status="published"
    )
    recording_start(meeting=meeting, by=officer)
    assert set(_sheet(meeting)) == {m.pk for m in on_roll}
    headcount = meeting_headcount(meeting)
    assert (headcount.total, headcount.temporary, headcount.present) == (3, 1, 3)


@pytest.mark.parametrize("body", ["committee", "executive"])
def test_committee_level_sheet_uses_the_roll_on_the_meeting_date(committee, term, officer, body):
    """Recorded afterwards: who was on the roll that day, with her status that day."""
    cell = CellFactory(committee=committee)
    # Probationary that day, recognised official since.
    recognised_after = _member(cell, Status.PROBATIONARY)
    StatusEvent.objects.create(
        member=recognised_after,
        kind=StatusEvent.Kind.RECOGNISED,
        date=ON + 10 * DAY,
        status_after=Status.OFFICIAL,
    )
    # On the roll that day, transferred out since.
    left_after = _member(cell)
    StatusEvent.objects.create(
        member=left_after,
        kind=StatusEvent.Kind.OFFICIAL_OUT,
        date=ON + 10 * DAY,
        status_after=Status.TRANSFERRED_OUT,
    )
    # Admitted after the meeting.
    admitted_after = _member(
        cell,
        Status.PROBATIONARY,
        admitted_on=ON + 10 * DAY,
        recognised_on=None,
        cell__joined_on=ON + 10 * DAY,
    )
    Member.objects.filter(pk=recognised_after.pk).update(status=Status.OFFICIAL)
    Member.objects.filter(pk=left_after.pk).update(status=Status.TRANSFERRED_OUT)
    for member in (recognised_after, left_after, admitted_after):
        PositionFactory(member=member, committee=committee, term=term, role="committee_member")
    meeting = MeetingFactory(committee=committee, cell=None, body=body, date=ON, status="published")
    recording_start(meeting=meeting, by=officer)
    sheet = _sheet(meeting)
    assert set(sheet) == {recognised_after.pk, left_after.pk}
    assert sheet[recognised_after.pk][0] == Status.PROBATIONARY
    assert sheet[left_after.pk][0] == Status.OFFICIAL


def test_minutes_items_in_agenda_order_with_contributions_in_order(w):
    other = AgendaItemFactory(meeting=w.meeting, section="tasks", position=5)
    _save(
        w,
        items={
            w.item2.pk: ItemText(contributions=[_said(w.a, "hai-1"), _said(w.b, "hai-2")]),
            w.item1.pk: ItemText(contributions=[_said(w.b, "một")]),
        },
    )
    result = minutes_items(w.meeting)
    assert [item.pk for item, _c in result] == [w.item1.pk, other.pk, w.item2.pk]
    assert [[c.text for c in contributions] for _i, contributions in result] == [
        ["một"],
        [],
        ["hai-1", "hai-2"],
    ]


# --- recording_start and attendance_refresh ------------------------------------------------------


def test_recording_start_refuses_a_draft(cell, officer):
    _member(cell)
    meeting = _meeting(cell, status="draft")
    before = _counts(Minutes, Attendance)
    with pytest.raises(ValidationError):
        recording_start(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == "draft"
    assert _counts(Minutes, Attendance) == before


def test_recording_start_refuses_a_future_meeting(cell, officer):
    _member(cell)
    meeting = _meeting(cell, date=timezone.localdate() + DAY)
    before = _counts(Minutes, Attendance)
    with pytest.raises(ValidationError):
        recording_start(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == "published"
    assert _counts(Minutes, Attendance) == before


def test_recording_start_today_is_allowed(cell, officer):
    _member(cell)
    meeting = _meeting(cell, date=timezone.localdate())
    recording_start(meeting=meeting, by=officer)
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_recording_start_holds_the_meeting_and_is_idempotent(cell, officer):
    members = [_member(cell) for _ in range(3)]
    meeting = _meeting(cell)
    minutes = recording_start(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert minutes.state == "draft" and minutes.version == 1
    assert set(_sheet(meeting)) == {m.pk for m in members}
    history = Attendance.history.count()
    meeting_history = meeting.history.count()

    again = recording_start(meeting=meeting, by=officer)
    assert again.pk == minutes.pk
    assert Minutes.objects.filter(meeting=meeting).count() == 1
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    assert Attendance.history.count() == history
    assert meeting.history.count() == meeting_history
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_recording_start_keeps_the_marks_already_made(w):
    attendance_set(meeting=w.meeting, member_id=w.a.pk, status="unexcused", by=w.user)
    recording_start(meeting=w.meeting, by=w.user)
    assert _sheet(w.meeting)[w.a.pk][1] == "unexcused"


def test_attendance_refresh_adds_newcomers_and_drops_leavers_but_keeps_speakers(w):
    # b spoke; both a and b then leave the cell before the meeting date (a late correction).
    _save(w, items={w.item1.pk: ItemText(contributions=[_said(w.b, "ý kiến")])})
    CellMembership.objects.filter(member__in=[w.a, w.b]).update(end_date=ON - DAY)
    newcomer = _member(w.cell, cell__joined_on=ON - 30 * DAY)

    added, removed = attendance_refresh(meeting=w.meeting, by=w.user)
    assert (added, removed) == (1, 1)
    assert set(_sheet(w.meeting)) == {w.secretary.pk, w.b.pk, newcomer.pk}
    # A second refresh has nothing to do.
    assert attendance_refresh(meeting=w.meeting, by=w.user) == (0, 0)


def test_attendance_refresh_updates_the_status_snapshot(w):
    StatusEvent.objects.create(
        member=w.a, kind=StatusEvent.Kind.SUSPENDED, date=ON - DAY, status_after=Status.SUSPENDED
    )
    attendance_refresh(meeting=w.meeting, by=w.user)
    assert _sheet(w.meeting)[w.a.pk][0] == Status.SUSPENDED


def test_attendance_refresh_before_start_is_refused(cell, officer):
    meeting = _meeting(cell)
    _member(cell)
    before = _counts(Attendance)
    with pytest.raises(ValidationError):
        attendance_refresh(meeting=meeting, by=officer)
    assert _counts(Attendance) == before


# --- attendance_set and the database constraints ------------------------------------------------


def test_excused_needs_a_reason_and_nothing_is_saved(w):
    with pytest.raises(ValidationError) as excinfo:
        attendance_set(
            meeting=w.meeting, member_id=w.a.pk, status="excused", reason="   ", by=w.user
        )
    assert "reason" in _error_keys(excinfo)
    assert _sheet(w.meeting)[w.a.pk][1:] == ("present", "")


def test_reason_longer_than_500_is_refused(w):
    with pytest.raises(ValidationError) as excinfo:
        attendance_set(
            meeting=w.meeting, member_id=w.a.pk, status="excused", reason="x" * 501, by=w.user
        )
    assert _error_keys(excinfo) == {"reason"}
    assert _sheet(w.meeting)[w.a.pk][1:] == ("present", "")
    attendance_set(
        meeting=w.meeting, member_id=w.a.pk, status="excused", reason="x" * 500, by=w.user
    )
    assert _sheet(w.meeting)[w.a.pk][1:] == ("excused", "x" * 500)


def test_unknown_attendance_status_is_refused(w):
    with pytest.raises(ValidationError) as excinfo:
        attendance_set(meeting=w.meeting, member_id=w.a.pk, status="late", by=w.user)
    assert "status" in _error_keys(excinfo)
    assert _sheet(w.meeting)[w.a.pk][1] == "present"


def test_present_and_unexcused_clear_the_reason(w):
    attendance_set(meeting=w.meeting, member_id=w.a.pk, status="excused", reason=" ốm ", by=w.user)
    assert _sheet(w.meeting)[w.a.pk][1:] == ("excused", "ốm")
    attendance_set(meeting=w.meeting, member_id=w.a.pk, status="present", reason="ốm", by=w.user)
    assert _sheet(w.meeting)[w.a.pk][1:] == ("present", "")
    attendance_set(meeting=w.meeting, member_id=w.a.pk, status="unexcused", reason="ốm", by=w.user)
    assert _sheet(w.meeting)[w.a.pk][1:] == ("unexcused", "")


def test_attendance_for_someone_not_on_the_sheet_is_refused(w):
    outsider = _member(CellFactory(committee=w.committee))
    with pytest.raises(ValidationError):
        attendance_set(meeting=w.meeting, member_id=outsider.pk, status="unexcused", by=w.user)
    assert outsider.pk not in _sheet(w.meeting)
    assert not Attendance.objects.filter(member=outsider).exists()


def test_attendance_set_records_who_in_the_history(w):
    attendance_set(meeting=w.meeting, member_id=w.a.pk, status="unexcused", by=w.user)
    row = Attendance.objects.get(meeting=w.meeting, member=w.a)
    latest = row.history.first()
    assert (latest.status, latest.history_user) == ("unexcused", w.user)


def test_database_refuses_excused_without_reason(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(meeting=w.meeting, member=w.a).update(status="excused", reason="")
    assert _sheet(w.meeting)[w.a.pk][1] == "present"


def test_database_refuses_a_member_twice_on_the_sheet(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=w.meeting, member=w.a, member_status=Status.OFFICIAL)
    assert Attendance.objects.filter(meeting=w.meeting, member=w.a).count() == 1


# --- guests ----------------------------------------------------------------------------------


def test_guests_are_added_checked_and_removed_until_they_speak(w):
    guest = guest_add(meeting=w.meeting, name=" Trần Thị Khách ", title="Đảng ủy viên", by=w.user)
    assert (guest.name, guest.title) == ("Trần Thị Khách", "Đảng ủy viên")
    for name, title in (("  ", ""), ("x" * 201, ""), ("Khách", "x" * 201)):
        with pytest.raises(ValidationError):
            guest_add(meeting=w.meeting, name=name, title=title, by=w.user)
    assert Guest.objects.filter(meeting=w.meeting).count() == 1

    _save(w, items={w.item1.pk: ItemText(contributions=[_said(f"g{guest.pk}", "Phát biểu")])})
    with pytest.raises(ValidationError):
        guest_remove(guest=guest, by=w.user)
    assert Guest.objects.filter(pk=guest.pk).exists()

    quiet = guest_add(meeting=w.meeting, name="Khách 2", by=w.user)
    guest_remove(guest=quiet, by=w.user)
    assert not Guest.objects.filter(pk=quiet.pk).exists()


# --- minutes_save -------------------------------------------------------------------------------


@pytest.mark.parametrize("closed_at", [T(16, 0), T(16, 30)])
def test_closing_not_after_opening_is_refused_and_nothing_saved(w, closed_at):
    with pytest.raises(ValidationError) as excinfo:
        _save(
            w,
            opened_at=T(16, 30),
            closed_at=closed_at,
            items={w.item1.pk: ItemText(summary="Tóm tắt")},
        )
    assert _error_keys(excinfo) == {"closed_at"}
    minutes = _minutes(w.meeting)
    assert (minutes.version, minutes.opened_at, minutes.closed_at) == (1, None, None)
    w.item1.refresh_from_db()
    assert w.item1.summary == ""


def test_times_are_saved(w):
    result = _save(w, opened_at=T(16, 30), closed_at=T(18, 15))
    assert (result.version, result.changed) == (2, True)
    minutes = _minutes(w.meeting)
    assert (minutes.opened_at, minutes.closed_at, minutes.length_minutes) == (
        T(16, 30),
        T(18, 15),
        105,
    )


@pytest.mark.parametrize(
    ("field", "most"),
    [
        ("quality_preparation", 15),
        ("quality_attendance", 20),
        ("quality_conduct", 45),
        ("quality_closing", 20),
    ],
)
def test_quality_points_are_bounded_by_the_rubric(w, field, most):
    for bad in (most + 1, -1):
        with pytest.raises(ValidationError) as excinfo:
            _save(w, quality={field: bad})
        assert _error_keys(excinfo) == {field}
    assert getattr(_minutes(w.meeting), field) is None
    assert _minutes(w.meeting).version == 1
    _save(w, quality={field: most})
    assert getattr(_minutes(w.meeting), field) == most
    _save(w, quality={field: 0})
    assert getattr(_minutes(w.meeting), field) == 0


def test_quality_limit_follows_the_committee_settings(w):
    with pytest.raises(ValidationError):
        _save(w, quality={"quality_conduct": 50})
    cell_services.rules_update(
        committee=w.committee,
        by=w.officer,
        quality_conduct_points=50,
        quality_preparation_points=10,
    )
    _save(w, quality={"quality_conduct": 50})
    assert _minutes(w.meeting).quality_conduct == 50
    with pytest.raises(ValidationError) as excinfo:
        _save(w, quality={"quality_preparation": 11})
    assert _error_keys(excinfo) == {"quality_preparation"}
    assert _minutes(w.meeting).quality_preparation is None


def test_optimistic_lock_refuses_a_save_on_an_old_version(w):
    first = _save(w, version=1, items={w.item1.pk: ItemText(summary="Bản của thư ký")})
    assert (first.version, first.changed) == (2, True)
    history = AgendaItem.history.count()
    with pytest.raises(StaleMinutes) as excinfo:
        _save(
            w,
            version=1,
            opened_at=T(7, 0),
            items={
                w.item1.pk: ItemText(summary="Bản của người khác"),
                w.item2.pk: ItemText(contributions=[_said(w.a, "Ý kiến")]),
            },
        )
    assert excinfo.value.current_version == 2
    assert isinstance(excinfo.value, ValidationError)
    minutes = _minutes(w.meeting)
    assert (minutes.version, minutes.opened_at) == (2, None)
    w.item1.refresh_from_db()
    assert w.item1.summary == "Bản của thư ký"
    assert not Contribution.objects.exists()
    assert AgendaItem.history.count() == history


def test_a_save_that_changes_nothing_keeps_the_version(w):
    data = {
        "opened_at": T(16, 30),
        "items": {w.item1.pk: ItemText(summary="S", contributions=[_said(w.a, "A")])},
        "quality": {"quality_preparation": 10},
    }
    assert _save(w, **data).version == 2
    contribution = Contribution.objects.get()
    data["items"][w.item1.pk].contributions[0].id = contribution.pk
    history = Minutes.history.count()
    result = _save(w, **data)
    assert (result.version, result.changed) == (2, False)
    assert _minutes(w.meeting).version == 2
    assert Minutes.history.count() == history
    assert Contribution.objects.count() == 1


def test_contributions_are_created_updated_reordered_and_removed_by_id(w):
    guest = guest_add(meeting=w.meeting, name="Khách", by=w.user)
    _save(
        w,
        items={
            w.item1.pk: ItemText(
                contributions=[
                    _said(w.a, "thứ nhất"),
                    _said("", "   "),  # an empty row just added: left out
                    _said(f"g{guest.pk}", "thứ hai"),
                    _said(w.b, "thứ ba"),
                ]
            )
        },
    )
    rows = _contributions(w.item1)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (10, w.a.pk, None, "thứ nhất"),
        (20, None, guest.pk, "thứ hai"),
        (30, w.b.pk, None, "thứ ba"),
    ]
    first, second, third = (r[0] for r in rows)

    # Reorder (third first), change a text and a speaker, remove the second (id, no text).
    _save(
        w,
        items={
            w.item1.pk: ItemText(
                contributions=[
                    _said(w.b, "thứ ba", id=third),
                    _said(w.secretary, "thứ nhất, sửa", id=first),
                    _said(f"g{guest.pk}", "", id=second),
                ]
            )
        },
    )
    assert _contributions(w.item1) == [
        (third, 10, w.b.pk, None, "thứ ba"),
        (first, 20, w.secretary.pk, None, "thứ nhất, sửa"),
    ]
    assert _contributions(w.item2) == []
    # The removed one is kept in the history.
    assert Contribution.history.filter(id=second, history_type="-").exists()


def _bad_contribution(w, contribution, key_suffix="c0"):
    """The save is refused with an error on that contribution, and nothing is written."""
    before = (_contributions(w.item1), _minutes(w.meeting).version)
    with pytest.raises(ValidationError) as excinfo:
        _save(
            w,
            items={w.item1.pk: ItemText(summary="changed", contributions=[contribution])},
        )
    assert f"item-{w.item1.pk}-{key_suffix}" in _error_keys(excinfo)
    assert (_contributions(w.item1), _minutes(w.meeting).version) == before
    w.item1.refresh_from_db()
    assert w.item1.summary == ""


def test_contribution_with_text_but_no_speaker_is_refused(w):
    _bad_contribution(w, _said("", "Ai đó nói"))


@pytest.mark.parametrize("code", ["x1", "m", "mabc", "g", "12"])
def test_contribution_with_a_malformed_speaker_is_refused(w, code):
    _bad_contribution(w, _said(code, "text"))


def test_speaker_not_on_the_sheet_is_refused(w):
    outsider = _member(CellFactory(committee=w.committee))
    _bad_contribution(w, _said(outsider, "text"))


def test_guest_of_another_meeting_is_refused(w):
    other = _meeting(CellFactory(committee=w.committee))
    recording_start(meeting=other, by=w.user)
    guest = guest_add(meeting=other, name="Khách nơi khác", by=w.user)
    _bad_contribution(w, _said(f"g{guest.pk}", "text"))


def test_contribution_of_another_meeting_is_refused(w):
    cell = CellFactory(committee=w.committee)
    speaker = _member(cell)
    other = _meeting(cell)
    item = AgendaItemFactory(meeting=other)
    recording_start(meeting=other, by=w.user)
    minutes_save(
        meeting=other,
        version=1,
        by=w.user,
        items={item.pk: ItemText(contributions=[_said(speaker, "của họp khác")])},
    )
    theirs = Contribution.objects.get()
    _bad_contribution(w, _said(w.a, "chiếm", id=theirs.pk))
    theirs.refresh_from_db()
    assert (theirs.text, theirs.agenda_item_id) == ("của họp khác", item.pk)


def test_contribution_of_another_item_is_refused(w):
    _save(w, items={w.item2.pk: ItemText(contributions=[_said(w.a, "mục 2")])})
    contribution = Contribution.objects.get()
    _bad_contribution(w, _said(w.a, "mục 1", id=contribution.pk))
    assert Contribution.objects.get().agenda_item_id == w.item2.pk


def test_agenda_item_of_another_meeting_is_refused(w):
    stranger = AgendaItemFactory(meeting=_meeting(CellFactory(committee=w.committee)))
    with pytest.raises(ValidationError) as excinfo:
        _save(w, items={stranger.pk: ItemText(summary="lạ")})
    assert f"item-{stranger.pk}" in _error_keys(excinfo)
    stranger.refresh_from_db()
    assert stranger.summary == ""


def test_text_longer_than_the_limit_is_refused(w):
    _bad_contribution(w, _said(w.a, "x" * (MAX_TEXT + 1)))
    with pytest.raises(ValidationError) as excinfo:
        _save(w, items={w.item1.pk: ItemText(summary="x" * (MAX_TEXT + 1), conclusion="y")})
    assert f"item-{w.item1.pk}-summary" in _error_keys(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _save(w, items={w.item1.pk: ItemText(conclusion="x" * (MAX_TEXT + 1))})
    assert f"item-{w.item1.pk}-conclusion" in _error_keys(excinfo)
    w.item1.refresh_from_db()
    assert (w.item1.summary, w.item1.conclusion) == ("", "")
    # Exactly the limit fits.
    _save(w, items={w.item1.pk: ItemText(contributions=[_said(w.a, "x" * MAX_TEXT)])})
    assert len(Contribution.objects.get().text) == MAX_TEXT


def test_chair_and_clerk_must_be_on_the_sheet(w):
    outsider = _member(CellFactory(committee=w.committee))
    with pytest.raises(ValidationError) as excinfo:
        _save(w, chair_id=outsider.pk, clerk_id=outsider.pk)
    assert _error_keys(excinfo) == {"chair", "clerk"}
    w.meeting.refresh_from_db()
    assert (w.meeting.chair_id, w.meeting.clerk_id) == (None, None)
    _save(w, chair_id=w.secretary.pk, clerk_id=w.a.pk)
    w.meeting.refresh_from_db()
    assert (w.meeting.chair_id, w.meeting.clerk_id) == (w.secretary.pk, w.a.pk)


def _fill(w):
    """Everything the minutes need to be marked ready."""
    return _save(
        w,
        opened_at=T(16, 30),
        closed_at=T(18, 15),
        chair_id=w.secretary.pk,
        clerk_id=w.a.pk,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 20,
            "quality_conduct": 40,
            "quality_closing": 15,
        },
    )


def test_saving_ready_minutes_returns_them_to_draft(w):
    _fill(w)
    minutes_mark_ready(meeting=w.meeting, by=w.user)
    minutes = _minutes(w.meeting)
    assert (minutes.state, minutes.ready_by) == ("ready", w.user)
    # A save that changes nothing leaves them ready.
    _fill(w)
    assert _minutes(w.meeting).state == "ready"
    _save(
        w,
        opened_at=T(16, 30),
        closed_at=T(18, 15),
        items={w.item1.pk: ItemText(summary="thêm")},
    )
    minutes = _minutes(w.meeting)
    assert (minutes.state, minutes.ready_at, minutes.ready_by) == ("draft", None, None)


# --- the length warning and the quality grade ----------------------------------------------------


def _length(minutes_long):
    start = datetime.datetime.combine(ON, T(16, 0))
    return Minutes(
        opened_at=start.time(), closed_at=(start + datetime.timedelta(minutes=minutes_long)).time()
    )


@pytest.mark.parametrize(
    ("kind", "includes_topic", "length", "warned"),
    [
        ("regular", False, 89, True),
        ("regular", False, 90, False),
        ("regular", True, 119, True),
        ("regular", True, 120, False),
        ("topic", False, 119, True),
        ("topic", False, 120, False),
    ],
)
def test_length_warning_at_the_minimum(cell, kind, includes_topic, length, warned):
    meeting = _meeting(cell, kind=kind, includes_topic=includes_topic)
    warning = length_warning(meeting, _length(length))
    assert (warning is not None) == warned
    if warned:
        assert str(length) in warning


def test_no_length_warning_without_both_times(cell):
    meeting = _meeting(cell)
    assert length_warning(meeting, Minutes(opened_at=T(16, 0))) is None
    assert length_warning(meeting, Minutes()) is None


def test_length_warning_follows_the_committee_settings(cell, officer):
    meeting = _meeting(cell)
    assert length_warning(meeting, _length(89))
    cell_services.rules_update(committee=cell.committee, by=officer, min_meeting_minutes=60)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert length_warning(meeting, _length(89)) is None
    assert length_warning(meeting, _length(59))
    cell_services.rules_update(committee=cell.committee, by=officer, min_meeting_minutes=100)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert length_warning(meeting, _length(90))


def test_minutes_save_returns_the_length_warning(w):
    assert _save(w, opened_at=T(16, 30), closed_at=T(17, 59)).warning
    assert _save(w, opened_at=T(16, 30), closed_at=T(18, 0)).warning is None


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, Grade.GOOD),
        (90, Grade.GOOD),
        (89, Grade.FAIR),
        (70, Grade.FAIR),
        (69, Grade.AVERAGE),
        (50, Grade.AVERAGE),
        (49, Grade.POOR),
        (0, Grade.POOR),
        (None, None),
    ],
)
def test_quality_grade_with_the_default_bands(committee, total, grade):
    assert quality_grade(total, rules_for(committee)) == grade


def test_quality_total_is_none_while_a_criterion_is_missing(w):
    _save(
        w,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 20,
            "quality_conduct": 45,
        },
    )
    minutes = _minutes(w.meeting)
    assert minutes.quality_total is None
    assert quality_grade(minutes.quality_total, rules_for(w.committee)) is None
    _save(w, quality={"quality_closing": 20})
    minutes = _minutes(w.meeting)
    assert minutes.quality_total == 100
    assert quality_grade(minutes.quality_total, rules_for(w.committee)) == Grade.GOOD


def test_quality_grade_follows_the_committee_bands(committee, officer):
    assert quality_grade(90, rules_for(committee)) == Grade.GOOD
    cell_services.rules_update(
        committee=committee,
        by=officer,
        quality_good_min=95,
        quality_fair_min=80,
        quality_average_min=60,
    )
    committee.refresh_from_db()
    rules = rules_for(committee)
    assert quality_grade(94, rules) == Grade.FAIR
    assert quality_grade(95, rules) == Grade.GOOD
    assert quality_grade(79, rules) == Grade.AVERAGE
    assert quality_grade(59, rules) == Grade.POOR


# --- ready, approve and the lock ---------------------------------------------------------------


def test_mark_ready_lists_what_is_missing(w):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        minutes_mark_ready(meeting=w.meeting, by=w.user)
    message = excinfo.value.messages[0]
    for missing in (
        "the chair",
        "the clerk",
        "the opening time",
        "the closing time",
        "the meeting-quality score",
    ):
        assert missing in message
    _save(w, opened_at=T(16, 30), chair_id=w.secretary.pk, quality={"quality_preparation": 5})
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        minutes_mark_ready(meeting=w.meeting, by=w.user)
    message = excinfo.value.messages[0]
    assert "the clerk" in message and "the closing time" in message
    assert "the meeting-quality score" in message
    assert "the chair" not in message and "the opening time" not in message
    assert _minutes(w.meeting).state == "draft"


def test_approve_needs_ready_minutes(w):
    _fill(w)
    with pytest.raises(ValidationError):
        minutes_approve(meeting=w.meeting, by=w.user)
    minutes = _minutes(w.meeting)
    assert (minutes.state, minutes.approved_at) == ("draft", None)
    w.meeting.refresh_from_db()
    assert w.meeting.status == "held"


def test_approve_before_recording_is_refused(cell, officer):
    meeting = _meeting(cell)
    with pytest.raises(ValidationError):
        minutes_approve(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == "published"


@pytest.fixture
def approved(w):
    """Filled, with a guest who spoke and a contribution, marked ready and approved; then a new
    member joins the cell (a sync would add her)."""
    w.guest = guest_add(meeting=w.meeting, name="Khách", title="Đảng ủy viên", by=w.user)
    w.quiet_guest = guest_add(meeting=w.meeting, name="Khách im lặng", by=w.user)
    attendance_set(meeting=w.meeting, member_id=w.b.pk, status="excused", reason="ốm", by=w.user)
    _save(
        w,
        items={
            w.item1.pk: ItemText(
                summary="Tóm tắt",
                conclusion="Kết luận",
                contributions=[_said(w.a, "Ý kiến của A"), _said(f"g{w.guest.pk}", "Ý kiến khách")],
            )
        },
    )
    _fill(w)
    minutes_mark_ready(meeting=w.meeting, by=w.user)
    # The documents name the approver by her member record, not her account's display name.
    w.user.full_name = "Tên tài khoản"
    w.user.save(update_fields=["full_name"])
    minutes_approve(meeting=w.meeting, by=w.user)
    w.newcomer = _member(w.cell, cell__joined_on=ON - 30 * DAY)
    w.meeting.refresh_from_db()
    return w


def _snapshot(meeting):
    """Everything the record holds, and how many history rows it has."""
    minutes = _minutes(meeting)
    meeting = Meeting.objects.get(pk=meeting.pk)
    return {
        "meeting": (meeting.status, meeting.chair_id, meeting.clerk_id),
        "sheet": _sheet(meeting),
        "guests": list(Guest.objects.filter(meeting=meeting).values_list("pk", "name", "title")),
        "minutes": (
            minutes.state,
            minutes.version,
            minutes.opened_at,
            minutes.closed_at,
            minutes.quality_total,
            minutes.approved_at,
            minutes.approved_by_name,
        ),
        "items": list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("pk")
            .values_list("pk", "summary", "conclusion")
        ),
        "contributions": list(
            Contribution.objects.filter(agenda_item__meeting=meeting)
            .order_by("pk")
            .values_list("pk", "position", "speaker_member_id", "speaker_guest_id", "text")
        ),
        "history": (
            Attendance.history.count(),
            Guest.history.count(),
            Minutes.history.count(),
            AgendaItem.history.count(),
            Contribution.history.count(),
            Meeting.history.count(),
        ),
        "amendments": Amendment.objects.count(),
    }


def test_approval_locks_the_minutes_and_names_who_approved(approved):
    minutes = _minutes(approved.meeting)
    assert minutes.is_locked
    assert minutes.approved_at is not None
    assert minutes.approved_by == approved.user
    assert minutes.approved_by_name == approved.secretary.full_name
    assert approved.meeting.status == "approved"


WRITES_AFTER_APPROVAL = {
    "attendance_set": lambda w: attendance_set(
        meeting=w.meeting, member_id=w.a.pk, status="unexcused", by=w.user
    ),
    "attendance_set_excused": lambda w: attendance_set(
        meeting=w.meeting, member_id=w.b.pk, status="present", by=w.user
    ),
    "attendance_refresh": lambda w: attendance_refresh(meeting=w.meeting, by=w.user),
    "guest_add": lambda w: guest_add(meeting=w.meeting, name="Muộn", by=w.user),
    "guest_remove": lambda w: guest_remove(guest=w.quiet_guest, by=w.user),
    "minutes_save": lambda w: _save(
        w,
        opened_at=T(7, 0),
        closed_at=T(9, 0),
        items={w.item1.pk: ItemText(summary="Sửa lén", contributions=[_said(w.a, "thêm")])},
    ),
    "minutes_save_no_change": lambda w: _save(w, opened_at=T(16, 30), closed_at=T(18, 15)),
    "minutes_mark_ready": lambda w: minutes_mark_ready(meeting=w.meeting, by=w.user),
    "minutes_approve": lambda w: minutes_approve(meeting=w.meeting, by=w.user),
}


@pytest.mark.parametrize("write", list(WRITES_AFTER_APPROVAL))
def test_every_write_is_refused_after_approval_and_changes_nothing(approved, write):
    before = _snapshot(approved.meeting)
    with pytest.raises(ValidationError):
        WRITES_AFTER_APPROVAL[write](approved)
    assert _snapshot(approved.meeting) == before


def test_recording_start_after_approval_does_not_resync_the_sheet(approved):
    before = _snapshot(approved.meeting)
    minutes = recording_start(meeting=approved.meeting, by=approved.user)
    assert minutes.is_locked
    assert _snapshot(approved.meeting) == before
    assert approved.newcomer.pk not in _sheet(approved.meeting)


def test_minutes_save_on_a_stale_version_after_approval_is_still_refused(approved):
    before = _snapshot(approved.meeting)
    with pytest.raises(ValidationError):
        _save(approved, version=1, items={approved.item1.pk: ItemText(summary="cũ")})
    assert _snapshot(approved.meeting) == before


# --- amendments ------------------------------------------------------------------------------


def test_amendments_before_approval_are_refused(w):
    _fill(w)
    with pytest.raises(ValidationError):
        amend_attendance(
            meeting=w.meeting, member_id=w.a.pk, status="unexcused", why="sai", by=w.user
        )
    with pytest.raises(ValidationError):
        amend_text(
            meeting=w.meeting, target="minutes:opened_at", new_value="17:00", why="sai", by=w.user
        )
    assert not Amendment.objects.exists()
    assert _sheet(w.meeting)[w.a.pk][1] == "present"
    assert _minutes(w.meeting).opened_at == T(16, 30)


def test_amend_attendance_changes_the_row_and_the_headcount(approved):
    w = approved
    before = meeting_headcount(w.meeting)
    history = Attendance.objects.get(meeting=w.meeting, member=w.a).history.count()
    amendment = amend_attendance(
        meeting=w.meeting,
        member_id=w.a.pk,
        status="excused",
        reason="đi công tác",
        why="Thư ký ghi nhầm",
        by=w.user,
    )
    assert _sheet(w.meeting)[w.a.pk][1:] == ("excused", "đi công tác")
    after = meeting_headcount(w.meeting)
    assert after.present == before.present - 1
    assert (w.a.full_name, "đi công tác") in after.excused
    assert after.total == before.total

    with translation.override("vi"):
        present = str(Attendance.Status.PRESENT.label)
        excused = str(Attendance.Status.EXCUSED.label)
    assert amendment.target == f"attendance:{w.a.pk}"
    assert w.a.full_name in amendment.label
    assert (amendment.old_value, amendment.new_value) == (present, f"{excused} (đi công tác)")
    assert amendment.reason == "Thư ký ghi nhầm"
    assert (amendment.made_by, amendment.made_by_name) == (w.user, w.secretary.full_name)
    assert amendment.made_at is not None
    # The record itself keeps its history: who changed it.
    row = Attendance.objects.get(meeting=w.meeting, member=w.a)
    assert row.history.count() == history + 1
    assert (row.history.first().status, row.history.first().history_user) == ("excused", w.user)
    assert amendment.history.count() == 1
    # Still locked.
    assert _minutes(w.meeting).is_locked


def test_amend_attendance_names_the_account_when_no_member(approved):
    amendment = amend_attendance(
        meeting=approved.meeting,
        member_id=approved.a.pk,
        status="unexcused",
        why="Sửa",
        by=approved.officer,
    )
    assert amendment.made_by_name == approved.officer.full_name


def test_amend_attendance_refusals_change_nothing(approved):
    w = approved
    before = _snapshot(w.meeting)
    cases = [
        # The same value.
        {"member_id": w.a.pk, "status": "present", "why": "Sửa"},
        {"member_id": w.b.pk, "status": "excused", "reason": "ốm", "why": "Sửa"},
        # No reason for the correction.
        {"member_id": w.a.pk, "status": "unexcused", "why": "   "},
        # Excused without a reason for the absence.
        {"member_id": w.a.pk, "status": "excused", "why": "Sửa"},
        # Not on the sheet.
        {"member_id": w.newcomer.pk, "status": "unexcused", "why": "Sửa"},
        # An unknown status.
        {"member_id": w.a.pk, "status": "late", "why": "Sửa"},
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            amend_attendance(meeting=w.meeting, by=w.user, **case)
    assert _snapshot(w.meeting) == before


def test_amend_text_corrects_the_times(approved):
    w = approved
    amendment = amend_text(
        meeting=w.meeting, target="minutes:closed_at", new_value="18h30", why="Ghi nhầm", by=w.user
    )
    assert _minutes(w.meeting).closed_at == T(18, 30)
    assert (amendment.old_value, amendment.new_value) == ("18:15", "18:30")
    amend_text(
        meeting=w.meeting, target="minutes:opened_at", new_value="16:00", why="Ghi nhầm", by=w.user
    )
    minutes = _minutes(w.meeting)
    assert (minutes.opened_at, minutes.length_minutes, minutes.is_locked) == (T(16, 0), 150, True)
    assert Amendment.objects.filter(meeting=w.meeting).count() == 2
    assert minutes.history.first().history_user == w.user


@pytest.mark.parametrize(
    ("target", "value"),
    [
        ("minutes:opened_at", "25:99"),
        ("minutes:opened_at", "sáng"),
        ("minutes:opened_at", ""),
        ("minutes:closed_at", "16:30"),  # not after the opening
        ("minutes:closed_at", "16:00"),  # before the opening
        ("minutes:opened_at", "18:15"),  # opening at the closing
        ("minutes:closed_at", "18:15"),  # the same
    ],
)
def test_amend_text_refuses_bad_times(approved, target, value):
    before = _snapshot(approved.meeting)
    with pytest.raises(ValidationError) as excinfo:
        amend_text(
            meeting=approved.meeting, target=target, new_value=value, why="Sửa", by=approved.user
        )
    assert "new_value" in _error_keys(excinfo)
    assert _snapshot(approved.meeting) == before


@pytest.mark.parametrize("name", ["summary", "conclusion"])
def test_amend_text_corrects_an_item(approved, name):
    w = approved
    old = getattr(w.item1, name) or {"summary": "Tóm tắt", "conclusion": "Kết luận"}[name]
    amendment = amend_text(
        meeting=w.meeting,
        target=f"item:{w.item1.pk}:{name}",
        new_value=" Đã sửa ",
        why="Chủ trì yêu cầu",
        by=w.user,
    )
    w.item1.refresh_from_db()
    assert getattr(w.item1, name) == "Đã sửa"
    assert (amendment.old_value, amendment.new_value) == (old, "Đã sửa")
    assert amendment.reason == "Chủ trì yêu cầu"
    latest = w.item1.history.first()
    assert (getattr(latest, name), latest.history_user) == ("Đã sửa", w.user)
    # The minutes page reads the corrected text.
    assert getattr(minutes_items(w.meeting)[0][0], name) == "Đã sửa"


def test_amend_text_corrects_a_contribution_but_never_empties_it(approved):
    w = approved
    contribution = Contribution.objects.get(speaker_member=w.a)
    before = _snapshot(w.meeting)
    with pytest.raises(ValidationError) as excinfo:
        amend_text(
            meeting=w.meeting,
            target=f"contribution:{contribution.pk}",
            new_value="  ",
            why="Xóa",
            by=w.user,
        )
    assert _error_keys(excinfo) == {"new_value"}
    assert _snapshot(w.meeting) == before
    amendment = amend_text(
        meeting=w.meeting,
        target=f"contribution:{contribution.pk}",
        new_value="Ý kiến của A, đã sửa",
        why="Ghi sai",
        by=w.user,
    )
    contribution.refresh_from_db()
    assert contribution.text == "Ý kiến của A, đã sửa"
    assert amendment.old_value == "Ý kiến của A"
    assert contribution.history.first().history_user == w.user


def test_amend_text_refusals_change_nothing(approved):
    w = approved
    other = AgendaItemFactory(meeting=_meeting(CellFactory(committee=w.committee)))
    before = _snapshot(w.meeting)
    cases = [
        ("nonsense", "x", "Sửa"),
        (f"item:{other.pk}:summary", "x", "Sửa"),  # another meeting's item
        (f"item:{w.item1.pk}:title", "x", "Sửa"),  # not a correctable field
        ("minutes:version", "9", "Sửa"),
        ("contribution:999999", "x", "Sửa"),
        (f"item:{w.item1.pk}:summary", "Tóm tắt", "Sửa"),  # the same text
        (f"item:{w.item1.pk}:summary", "x" * (MAX_TEXT + 1), "Sửa"),
        (f"item:{w.item1.pk}:summary", "Mới", ""),  # no reason
    ]
    for target, value, why in cases:
        with pytest.raises(ValidationError):
            amend_text(meeting=w.meeting, target=target, new_value=value, why=why, by=w.user)
    assert _snapshot(w.meeting) == before
    other.refresh_from_db()
    assert other.summary == ""


def test_unknown_target_error_is_on_the_target_field(approved):
    with pytest.raises(ValidationError) as excinfo:
        amend_text(
            meeting=approved.meeting,
            target="item:0:summary",
            new_value="x",
            why="y",
            by=approved.user,
        )
    assert _error_keys(excinfo) == {"target"}


def test_amendment_targets_list_every_text_of_the_minutes(approved):
    w = approved
    keys = [t.key for t in amendment_targets(w.meeting)]
    contributions = list(
        Contribution.objects.filter(agenda_item=w.item1)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert keys == [
        "minutes:opened_at",
        "minutes:closed_at",
        f"item:{w.item1.pk}:summary",
        *[f"contribution:{pk}" for pk in contributions],
        f"item:{w.item1.pk}:conclusion",
        f"item:{w.item2.pk}:summary",
        f"item:{w.item2.pk}:conclusion",
    ]


def test_database_refuses_an_amendment_without_reason(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.create(
            meeting=approved.meeting,
            target="minutes:closed_at",
            label="Giờ kết thúc",
            old_value="18:15",
            new_value="18:30",
            reason="",
            made_by_name="Ai đó",
        )
    assert not Amendment.objects.exists()


def test_amendment_of_an_item_with_a_long_title_fits_the_label(approved):
    """The label quotes the item's title (up to 300 characters): it is shortened, not refused."""
    w = approved
    AgendaItem.objects.filter(pk=w.item1.pk).update(title="T" * 300)
    guest = Guest.objects.get(pk=w.guest.pk)
    Guest.objects.filter(pk=guest.pk).update(name="N" * 200, title="C" * 200)
    amendment = amend_text(
        meeting=w.meeting,
        target=f"item:{w.item1.pk}:summary",
        new_value="Đã sửa",
        why="Sửa",
        by=w.user,
    )
    assert 0 < len(amendment.label) <= 300
    said = Contribution.objects.get(speaker_guest=guest)
    amendment = amend_text(
        meeting=w.meeting,
        target=f"contribution:{said.pk}",
        new_value="Đã sửa",
        why="Sửa",
        by=w.user,
    )
    assert 0 < len(amendment.label) <= 300
    said.refresh_from_db()
    assert said.text == "Đã sửa"
