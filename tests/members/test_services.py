"""Write services of the member registry: rules, messages next to their fields, nothing saved
when refused, audit history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cells import services as cell_services
from cells.models import Cell
from core.dates import add_months
from members import positions, services, transfers
from members.models import CellMembership, Member, Position, Status, StatusEvent, Transfer
from tests.factories import CellFactory, CommitteeFactory, MemberFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def _create(committee, cell, by, **data):
    """member_create with a valid probationary member unless told otherwise."""
    values = {
        "full_name": "Trần Thị Lan",
        "date_of_birth": D(1990, 4, 12),
        "sex": "female",
        "admitted_on": D(2015, 3, 5),
        "joined_on": D(2015, 3, 5),
        "status": Status.PROBATIONARY,
    }
    values.update(data)
    return services.member_create(committee=committee, cell=cell, by=by, **values)


def _official(committee, cell, by, **data):
    data.setdefault("status", Status.OFFICIAL)
    data.setdefault("recognised_on", D(2016, 3, 5))
    return _create(committee, cell, by, **data)


def _refused(call, **kwargs) -> dict:
    """Call a service that must refuse; return its message_dict."""
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


def _today():
    return timezone.localdate()


# --- member_create ------------------------------------------------------------------------------


def test_create_probationary_member(committee, cell, officer):
    member = _create(committee, cell, officer)
    member.refresh_from_db()
    assert member.status == Status.PROBATIONARY
    assert member.committee == committee
    assert member.recognised_on is None
    membership = member.memberships.get()
    assert (membership.cell, membership.start_date, membership.end_date) == (
        cell,
        D(2015, 3, 5),
        None,
    )
    event = member.status_events.get()
    assert (event.kind, event.date, event.status_after) == (
        StatusEvent.Kind.ADMITTED,
        D(2015, 3, 5),
        Status.PROBATIONARY,
    )
    assert event.recorded_by == officer
    assert not member.transfers.exists()


def test_create_official_member_records_admission_then_recognition(committee, cell, officer):
    member = _official(committee, cell, officer)
    assert Member.objects.get(pk=member.pk).status == Status.OFFICIAL
    events = list(member.status_events.order_by("date").values_list("kind", "date", "status_after"))
    assert events == [
        (StatusEvent.Kind.ADMITTED, D(2015, 3, 5), Status.PROBATIONARY),
        (StatusEvent.Kind.RECOGNISED, D(2016, 3, 5), Status.OFFICIAL),
    ]


def test_create_official_member_needs_the_official_date(committee, cell, officer):
    errors = _refused(_create, committee=committee, cell=cell, by=officer, status=Status.OFFICIAL)
    assert "recognised_on" in errors
    assert not Member.objects.exists()


def test_create_hosted_temporary_member_with_her_transfer_letter(committee, cell, officer):
    member = _official(
        committee,
        cell,
        officer,
        status=Status.TEMPORARY,
        joined_on=D(2026, 9, 1),
        arrived_from="Chi bộ Trường Đại học Tây Nguyên",
        letter_number="12-GGT/ĐU",
        letter_issued_on=D(2026, 8, 20),
        letter_presented_on=D(2026, 9, 1),
    )
    assert Member.objects.get(pk=member.pk).status == Status.TEMPORARY
    event = member.status_events.get()
    assert (event.kind, event.date, event.status_after) == (
        StatusEvent.Kind.TEMPORARY_IN,
        D(2026, 9, 1),
        Status.TEMPORARY,
    )
    transfer = member.transfers.get()
    assert transfer.direction == Transfer.Direction.IN
    assert transfer.kind == Transfer.Kind.TEMPORARY
    assert transfer.date == D(2026, 9, 1)
    assert transfer.organisation == "Chi bộ Trường Đại học Tây Nguyên"
    assert transfer.letter_number == "12-GGT/ĐU"
    assert (transfer.letter_issued_on, transfer.letter_presented_on) == (
        D(2026, 8, 20),
        D(2026, 9, 1),
    )
    assert transfer.event == event
    assert member.memberships.get().start_date == D(2026, 9, 1)


def test_create_member_transferred_in_officially(committee, cell, officer):
    member = _official(
        committee,
        cell,
        officer,
        joined_on=D(2026, 9, 1),
        arrived_from="Đảng bộ xã Cư Kty",
        letter_presented_on=D(2026, 9, 1),
    )
    event = member.status_events.get()
    assert (event.kind, event.status_after) == (StatusEvent.Kind.OFFICIAL_IN, Status.OFFICIAL)
    assert member.transfers.get().kind == Transfer.Kind.OFFICIAL


def test_hosted_member_needs_where_she_comes_from(committee, cell, officer):
    errors = _refused(
        _official,
        committee=committee,
        cell=cell,
        by=officer,
        status=Status.TEMPORARY,
        letter_presented_on=D(2026, 9, 1),
    )
    assert "arrived_from" in errors
    assert not Member.objects.exists()


def test_arrival_needs_the_date_the_letter_was_presented(committee, cell, officer):
    errors = _refused(
        _official,
        committee=committee,
        cell=cell,
        by=officer,
        status=Status.TEMPORARY,
        arrived_from="Đảng bộ xã Cư Kty",
    )
    assert "letter_presented_on" in errors
    errors = _refused(
        _official,
        committee=committee,
        cell=cell,
        by=officer,
        status=Status.TEMPORARY,
        arrived_from="Đảng bộ xã Cư Kty",
        letter_issued_on=D(2026, 9, 2),
        letter_presented_on=D(2026, 9, 1),
    )
    assert "letter_presented_on" in errors
    assert not Member.objects.exists()
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("status", [Status.EXEMPTED, Status.AWAY, Status.DECEASED])
def test_a_new_member_is_probationary_official_or_hosted(committee, cell, officer, status):
    errors = _refused(_create, committee=committee, cell=cell, by=officer, status=status)
    assert "status" in errors
    assert not Member.objects.exists()


def test_create_records_the_history_user(committee, cell, officer):
    member = _official(committee, cell, officer)
    record = member.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer
    assert member.memberships.get().history.get().history_user == officer
    assert {e.history.get().history_user for e in member.status_events.all()} == {officer}


def test_create_fills_the_search_and_sort_keys(committee, cell, officer):
    member = _create(committee, cell, officer, full_name="  Nguyễn   Thị  Đào ")
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Đào"
    assert member.name_search == "nguyen thi dao"
    assert member.name_sort.startswith("dao thi nguyen")


def test_blank_citizen_id_and_card_number_are_stored_as_null(committee, cell, officer):
    first = _create(committee, cell, officer, citizen_id="", card_number="  ")
    second = _create(
        committee, cell, officer, full_name="Lê Văn Bình", citizen_id="", card_number=""
    )
    for member in (first, second):
        member.refresh_from_db()
        assert member.citizen_id is None
        assert member.card_number is None


def test_identifiers_are_stripped(committee, cell, officer):
    member = _create(committee, cell, officer, citizen_id=" 066190001234 ", card_number=" 7801 ")
    member.refresh_from_db()
    assert (member.citizen_id, member.card_number) == ("066190001234", "7801")


# --- member_create: refusals --------------------------------------------------------------------


def test_admission_under_the_minimum_age_is_refused(committee, cell, officer):
    # 18 on 12/04/2008; admitted the day before.
    errors = _refused(
        _create,
        committee=committee,
        cell=cell,
        by=officer,
        date_of_birth=D(1990, 4, 12),
        admitted_on=D(2008, 4, 11),
        joined_on=D(2008, 4, 11),
    )
    assert "admitted_on" in errors
    assert "18" in errors["admitted_on"][0]
    assert not Member.objects.exists()
    member = _create(
        committee,
        cell,
        officer,
        date_of_birth=D(1990, 4, 12),
        admitted_on=D(2008, 4, 12),
        joined_on=D(2008, 4, 12),
    )
    assert member.pk


def test_minimum_admission_age_follows_the_committee_setting(committee, cell, officer):
    nineteen = {"date_of_birth": D(2000, 3, 1), "admitted_on": D(2019, 6, 1)}
    _create(committee, cell, officer, joined_on=D(2019, 6, 1), **nineteen)
    cell_services.rules_update(committee=committee, by=officer, min_admission_age=21)
    errors = _refused(
        _create,
        committee=committee,
        cell=cell,
        by=officer,
        full_name="Lê Văn Bình",
        joined_on=D(2019, 6, 1),
        **nineteen,
    )
    assert "admitted_on" in errors
    assert "21" in errors["admitted_on"][0]
    assert Member.objects.count() == 1
    # 21 years old: accepted under the new rule.
    _create(
        committee,
        cell,
        officer,
        full_name="Phạm Văn Cường",
        date_of_birth=D(1998, 5, 31),
        admitted_on=D(2019, 6, 1),
        joined_on=D(2019, 6, 1),
    )
    assert Member.objects.count() == 2


def test_minimum_admission_age_of_another_committee_does_not_apply(committee, cell, officer):
    other = CommitteeFactory()
    cell_services.rules_update(committee=other, by=officer, min_admission_age=25)
    member = _create(
        committee,
        cell,
        officer,
        date_of_birth=D(2000, 3, 1),
        admitted_on=D(2019, 6, 1),
        joined_on=D(2019, 6, 1),
    )
    assert member.pk


@pytest.mark.parametrize("admitted_on", [D(1990, 4, 12), D(1990, 4, 11)])
def test_admitted_before_born_is_refused(committee, cell, officer, admitted_on):
    errors = _refused(
        _create,
        committee=committee,
        cell=cell,
        by=officer,
        date_of_birth=D(1990, 4, 12),
        admitted_on=admitted_on,
        joined_on=D(2015, 3, 5),
    )
    assert "admitted_on" in errors
    assert not Member.objects.exists()


def test_born_in_the_future_is_refused(committee, cell, officer):
    errors = _refused(
        _create,
        committee=committee,
        cell=cell,
        by=officer,
        date_of_birth=_today() + DAY,
        admitted_on=None,
    )
    assert "date_of_birth" in errors


@pytest.mark.parametrize("recognised_on", [D(2015, 3, 5), D(2015, 3, 4)])
def test_recognised_before_admitted_is_refused(committee, cell, officer, recognised_on):
    errors = _refused(
        _official, committee=committee, cell=cell, by=officer, recognised_on=recognised_on
    )
    assert "recognised_on" in errors
    assert not Member.objects.exists()
    assert not StatusEvent.objects.exists()


def test_recognised_without_admission_date_is_refused(committee, cell, officer):
    errors = _refused(_official, committee=committee, cell=cell, by=officer, admitted_on=None)
    assert "recognised_on" in errors


def test_probationary_member_with_an_official_date_is_refused(committee, cell, officer):
    errors = _refused(
        _create, committee=committee, cell=cell, by=officer, recognised_on=D(2016, 3, 5)
    )
    assert "recognised_on" in errors
    assert not Member.objects.exists()


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_duplicate_identifier_in_the_committee_is_refused(committee, cell, officer, field):
    _create(committee, cell, officer, **{field: "066190001234"})
    errors = _refused(
        _create,
        committee=committee,
        cell=cell,
        by=officer,
        full_name="Lê Văn Bình",
        **{field: " 066190001234"},
    )
    assert list(errors) == [field]
    assert Member.objects.count() == 1


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_same_identifier_in_another_committee_is_accepted(committee, cell, officer, field):
    other_cell = CellFactory()
    _create(committee, cell, officer, **{field: "066190001234"})
    _create(other_cell.committee, other_cell, officer, **{field: "066190001234"})
    assert Member.objects.filter(**{field: "066190001234"}).count() == 2


def test_cell_of_another_committee_is_refused(committee, officer):
    other_cell = CellFactory()
    errors = _refused(_create, committee=committee, cell=other_cell, by=officer)
    assert "cell" in errors
    assert not Member.objects.exists()


def test_dissolved_cell_is_refused(committee, cell, officer):
    cell_services.cell_dissolve(cell=cell, on=D(2025, 1, 1), reason="Sáp nhập", by=officer)
    cell = Cell.objects.get(pk=cell.pk)
    errors = _refused(_create, committee=committee, cell=cell, by=officer)
    assert "cell" in errors
    assert not Member.objects.exists()


def test_joining_a_cell_before_admission_is_refused(committee, cell, officer):
    errors = _refused(_create, committee=committee, cell=cell, by=officer, joined_on=D(2015, 3, 4))
    assert "joined_on" in errors
    assert not Member.objects.exists()
    assert not CellMembership.objects.exists()


# --- member_update / member_update_own ----------------------------------------------------------


def test_member_update_changes_the_record_and_records_who(committee, cell, officer):
    member = _official(committee, cell, officer)
    services.member_update(
        member=member,
        by=officer,
        full_name="Trần Thị  Lan Anh",
        theory_level="intermediate",
        citizen_id="",
        status=Status.EXPELLED,  # not a record field: ignored
    )
    member.refresh_from_db()
    assert member.full_name == "Trần Thị Lan Anh"
    assert member.name_search == "tran thi lan anh"
    assert member.theory_level == "intermediate"
    assert member.citizen_id is None
    assert member.status == Status.OFFICIAL
    assert member.history.first().history_type == "~"
    assert member.history.first().history_user == officer


def test_member_update_refuses_a_duplicate_card_and_saves_nothing(committee, cell, officer):
    _create(committee, cell, officer, card_number="7801")
    member = _create(committee, cell, officer, full_name="Lê Văn Bình", card_number="7802")
    errors = _refused(
        services.member_update, member=member, by=officer, card_number="7801", phone="0905"
    )
    assert list(errors) == ["card_number"]
    member.refresh_from_db()
    assert (member.card_number, member.phone) == ("7802", "")


def test_member_update_keeps_the_own_card_number(committee, cell, officer):
    member = _create(committee, cell, officer, card_number="7801")
    services.member_update(member=member, by=officer, card_number="7801", phone="0905123456")
    member.refresh_from_db()
    assert member.phone == "0905123456"


def test_member_update_refuses_a_probationary_official_date(committee, cell, officer):
    member = _create(committee, cell, officer)
    errors = _refused(
        services.member_update, member=member, by=officer, recognised_on=D(2016, 3, 5)
    )
    assert "recognised_on" in errors
    member.refresh_from_db()
    assert member.recognised_on is None


def test_member_update_own_changes_contact_details(committee, cell, officer):
    member = _create(committee, cell, officer)
    services.member_update_own(
        member=member,
        by=officer,
        phone="0905123456",
        email="lan@example.vn",
        current_address="Thôn 3, Krông Bông",
    )
    member.refresh_from_db()
    assert (member.phone, member.email, member.current_address) == (
        "0905123456",
        "lan@example.vn",
        "Thôn 3, Krông Bông",
    )
    assert member.history.first().history_user == officer


@pytest.mark.parametrize(
    "extra",
    [
        {"full_name": "Trần Thị Hoa"},
        {"citizen_id": "066190009999"},
        {"date_of_birth": D(1991, 1, 1)},
        {"status": Status.OFFICIAL},
        {"theory_level": "advanced"},
    ],
)
def test_member_update_own_refuses_anything_else_and_saves_nothing(committee, cell, officer, extra):
    member = _create(committee, cell, officer, citizen_id="066190001234")
    before = Member.objects.filter(pk=member.pk).values().get()
    with pytest.raises(ValidationError):
        services.member_update_own(member=member, by=officer, phone="0905123456", **extra)
    assert Member.objects.filter(pk=member.pk).values().get() == before
    assert member.history.count() == 1


def test_member_update_own_refuses_an_invalid_email(committee, cell, officer):
    member = _create(committee, cell, officer)
    errors = _refused(services.member_update_own, member=member, by=officer, email="not-an-email")
    assert "email" in errors
    member.refresh_from_db()
    assert member.email == ""


# --- member_change_status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (StatusEvent.Kind.EXEMPTED, Status.EXEMPTED),
        (StatusEvent.Kind.SUSPENDED, Status.SUSPENDED),
        (StatusEvent.Kind.TEMPORARY_OUT, Status.AWAY),
        (StatusEvent.Kind.OFFICIAL_OUT, Status.TRANSFERRED_OUT),
        (StatusEvent.Kind.REMOVED, Status.REMOVED),
        (StatusEvent.Kind.EXPELLED, Status.EXPELLED),
        (StatusEvent.Kind.DECEASED, Status.DECEASED),
    ],
)
def test_change_status_sets_the_status_of_the_kind(committee, cell, officer, kind, status):
    member = _official(committee, cell, officer)
    event = services.member_change_status(
        member=member,
        kind=kind,
        date=D(2026, 1, 10),
        by=officer,
        reason=" Quyết định của Đảng ủy ",
        decision_number=" 15-QĐ/ĐU ",
    )
    assert (event.kind, event.date, event.status_after) == (kind, D(2026, 1, 10), status)
    assert event.reason == "Quyết định của Đảng ủy"
    assert event.decision_number == "15-QĐ/ĐU"
    assert event.recorded_by == officer
    member.refresh_from_db()
    assert member.status == status
    assert member.history.first().history_user == officer


def test_recognition_makes_a_probationary_member_official(committee, cell, officer):
    member = _create(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.RECOGNISED, date=D(2016, 3, 5), by=officer
    )
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL
    assert member.recognised_on == D(2016, 3, 5)


@pytest.mark.parametrize("status_after", [Status.OFFICIAL, Status.PROBATIONARY])
def test_reinstatement_returns_to_the_standing_given(committee, cell, officer, status_after):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.SUSPENDED, date=D(2026, 1, 10), by=officer
    )
    services.member_change_status(
        member=member,
        kind=StatusEvent.Kind.REINSTATED,
        date=D(2026, 3, 10),
        by=officer,
        status_after=status_after,
    )
    member.refresh_from_db()
    assert member.status == status_after


@pytest.mark.parametrize("status_after", [None, Status.EXEMPTED])
def test_reinstatement_must_say_official_or_probationary(committee, cell, officer, status_after):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.EXEMPTED, date=D(2026, 1, 10), by=officer
    )
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.REINSTATED,
        date=D(2026, 3, 10),
        by=officer,
        status_after=status_after,
    )
    assert "status_after" in errors
    assert Member.objects.get(pk=member.pk).status == Status.EXEMPTED


def test_reinstating_an_active_member_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.REINSTATED,
        date=D(2026, 3, 10),
        by=officer,
        status_after=Status.OFFICIAL,
    )
    assert "kind" in errors


def test_only_an_active_member_is_exempted_or_suspended(committee, cell, officer):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.EXEMPTED, date=D(2026, 1, 10), by=officer
    )
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.SUSPENDED,
        date=D(2026, 2, 10),
        by=officer,
    )
    assert "kind" in errors
    assert member.status_events.count() == 3


def test_unknown_event_kind_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        services.member_change_status,
        member=member,
        kind="promoted",
        date=D(2026, 1, 1),
        by=officer,
    )
    assert "kind" in errors


def test_events_are_recorded_in_date_order(committee, cell, officer):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.EXEMPTED, date=D(2026, 1, 10), by=officer
    )
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.REINSTATED,
        date=D(2026, 1, 9),
        by=officer,
        status_after=Status.OFFICIAL,
    )
    assert "date" in errors
    assert "10/01/2026" in errors["date"][0]
    assert Member.objects.get(pk=member.pk).status == Status.EXEMPTED
    assert member.status_events.count() == 3
    # The same day as the last event is in order.
    services.member_change_status(
        member=member,
        kind=StatusEvent.Kind.REINSTATED,
        date=D(2026, 1, 10),
        by=officer,
        status_after=Status.OFFICIAL,
    )
    assert Member.objects.get(pk=member.pk).status == Status.OFFICIAL


def test_event_dates_cannot_be_in_the_future(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.EXEMPTED,
        date=_today() + DAY,
        by=officer,
    )
    assert "date" in errors
    assert member.status_events.count() == 2
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.EXEMPTED, date=_today(), by=officer
    )
    assert Member.objects.get(pk=member.pk).status == Status.EXEMPTED


@pytest.mark.parametrize("status", [Status.OFFICIAL, Status.TEMPORARY])
def test_only_a_probationary_member_is_recognised(committee, cell, officer, status):
    member = _official(
        committee,
        cell,
        officer,
        status=status,
        arrived_from="Đảng bộ xã Cư Kty" if status == Status.TEMPORARY else "",
        letter_presented_on=D(2016, 4, 1) if status == Status.TEMPORARY else None,
        joined_on=D(2016, 4, 1),
    )
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.RECOGNISED,
        date=D(2026, 1, 10),
        by=officer,
    )
    assert "kind" in errors
    assert Member.objects.get(pk=member.pk).status == status


def test_recognition_on_the_admission_day_is_refused(committee, cell, officer):
    member = _create(committee, cell, officer)
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.RECOGNISED,
        date=D(2015, 3, 5),
        by=officer,
    )
    assert "date" in errors
    member.refresh_from_db()
    assert (member.status, member.recognised_on) == (Status.PROBATIONARY, None)
    assert member.status_events.count() == 1


@pytest.mark.parametrize("kind", [StatusEvent.Kind.REMOVED, StatusEvent.Kind.EXPELLED])
@pytest.mark.parametrize("reason", ["", "   "])
def test_removal_and_expulsion_need_a_reason(committee, cell, officer, kind, reason):
    member = _official(committee, cell, officer)
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=kind,
        date=D(2026, 1, 10),
        by=officer,
        reason=reason,
    )
    assert "reason" in errors
    assert Member.objects.get(pk=member.pk).status == Status.OFFICIAL
    assert member.memberships.get().end_date is None


@pytest.mark.parametrize(
    "kind",
    [
        StatusEvent.Kind.OFFICIAL_OUT,
        StatusEvent.Kind.REMOVED,
        StatusEvent.Kind.EXPELLED,
        StatusEvent.Kind.DECEASED,
    ],
)
def test_leaving_ends_the_membership_and_open_positions(committee, cell, officer, kind):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    secretary = positions.position_assign(
        member=member,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=D(2025, 7, 1),
        by=officer,
    )
    executive = positions.position_assign(
        member=member,
        role=Position.Role.COMMITTEE_MEMBER,
        term=term,
        start_date=D(2025, 7, 1),
        by=officer,
    )
    earlier = positions.position_assign(
        member=member,
        role=Position.Role.COMMITTEE_DEPUTY,
        term=term,
        start_date=D(2025, 7, 1),
        end_date=D(2025, 12, 31),
        by=officer,
    )
    services.member_change_status(
        member=member, kind=kind, date=D(2026, 2, 1), by=officer, reason="Lý do"
    )
    assert member.memberships.get().end_date == D(2026, 2, 1)
    assert not CellMembership.objects.filter(member=member, end_date__isnull=True).exists()
    for position in (secretary, executive):
        position.refresh_from_db()
        assert position.end_date == D(2026, 2, 1)
    earlier.refresh_from_db()
    assert earlier.end_date == D(2025, 12, 31)  # an ended position keeps its date
    assert secretary.history.first().history_user == officer


def test_leaving_ends_a_position_that_has_a_later_end_date(committee, cell, officer):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    position = positions.position_assign(
        member=member,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=D(2025, 7, 1),
        end_date=term.end_date,
        by=officer,
    )
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.DECEASED, date=D(2026, 2, 1), by=officer
    )
    position.refresh_from_db()
    assert position.end_date == D(2026, 2, 1)


def test_leaving_releases_an_office_that_starts_later(committee, cell, officer):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    starts = _today() + datetime.timedelta(days=40)
    positions.position_assign(
        member=member,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=starts,
        by=officer,
    )
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.DECEASED, date=_today(), by=officer
    )
    assert not member.positions.filter(end_date__isnull=True).exists()
    successor = _official(committee, cell, officer, full_name="Lê Văn Bình")
    positions.position_assign(
        member=successor,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=starts + datetime.timedelta(days=10),
        by=officer,
    )


@pytest.mark.parametrize(
    "kind",
    [StatusEvent.Kind.EXEMPTED, StatusEvent.Kind.SUSPENDED, StatusEvent.Kind.TEMPORARY_OUT],
)
def test_staying_on_the_roll_keeps_the_membership(committee, cell, officer, kind):
    member = _official(committee, cell, officer)
    services.member_change_status(member=member, kind=kind, date=D(2026, 2, 1), by=officer)
    assert member.memberships.get().end_date is None


def test_a_former_members_record_is_closed(committee, cell, officer):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.OFFICIAL_OUT, date=D(2026, 2, 1), by=officer
    )
    with pytest.raises(ValidationError):
        services.member_change_status(
            member=member, kind=StatusEvent.Kind.DECEASED, date=D(2026, 3, 1), by=officer
        )
    with pytest.raises(ValidationError):
        transfers.member_move(
            member=member, cell=CellFactory(committee=committee), date=D(2026, 3, 1), by=officer
        )
    # `member` is the stale instance (status official): the service reads the stored status.
    with pytest.raises(ValidationError):
        positions.position_assign(
            member=member,
            role=Position.Role.COMMITTEE_MEMBER,
            term=TermFactory(committee=committee),
            start_date=D(2026, 3, 1),
            by=officer,
        )
    member.refresh_from_db()
    assert member.status == Status.TRANSFERRED_OUT
    assert member.status_events.count() == 3
    assert member.memberships.count() == 1
    assert not member.positions.exists()


# --- member_move --------------------------------------------------------------------------------


def test_move_ends_the_previous_membership_the_day_before(committee, cell, officer):
    member = _official(committee, cell, officer)
    new_cell = CellFactory(committee=committee)
    membership = transfers.member_move(
        member=member, cell=new_cell, date=D(2026, 9, 1), by=officer, note="Chuyển tổ"
    )
    assert (membership.cell, membership.start_date, membership.end_date, membership.note) == (
        new_cell,
        D(2026, 9, 1),
        None,
        "Chuyển tổ",
    )
    old = member.memberships.get(cell=cell)
    assert old.end_date == D(2026, 8, 31)
    assert member.current_membership() == membership
    assert membership.history.get().history_user == officer
    assert old.history.first().history_user == officer


def test_move_ends_offices_in_the_old_cell_only(committee, cell, officer):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    deputy = positions.position_assign(
        member=member,
        role=Position.Role.CELL_DEPUTY,
        cell=cell,
        term=term,
        start_date=D(2025, 7, 1),
        by=officer,
    )
    executive = positions.position_assign(
        member=member,
        role=Position.Role.COMMITTEE_MEMBER,
        term=term,
        start_date=D(2025, 7, 1),
        by=officer,
    )
    transfers.member_move(
        member=member, cell=CellFactory(committee=committee), date=D(2026, 9, 1), by=officer
    )
    deputy.refresh_from_db()
    executive.refresh_from_db()
    assert deputy.end_date == D(2026, 8, 31)
    assert deputy.history.first().history_user == officer
    assert executive.end_date is None


def test_move_ends_an_old_cell_office_that_had_a_later_end_date(committee, cell, officer):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    secretary = positions.position_assign(
        member=member,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=D(2025, 7, 1),
        end_date=term.end_date,
        by=officer,
    )
    transfers.member_move(
        member=member, cell=CellFactory(committee=committee), date=D(2026, 9, 1), by=officer
    )
    secretary.refresh_from_db()
    assert secretary.end_date == D(2026, 8, 31)


def test_move_of_a_member_without_a_cell_enrols_her(committee, officer):
    member = MemberFactory(committee=committee)
    cell = CellFactory(committee=committee)
    transfers.member_move(member=member, cell=cell, date=D(2026, 9, 1), by=officer)
    assert member.current_membership().cell == cell


def test_move_to_the_same_cell_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        transfers.member_move, member=member, cell=cell, date=D(2026, 9, 1), by=officer
    )
    assert "cell" in errors
    assert member.memberships.get().end_date is None


def test_move_to_another_committees_cell_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        transfers.member_move, member=member, cell=CellFactory(), date=D(2026, 9, 1), by=officer
    )
    assert "cell" in errors
    assert member.memberships.count() == 1


def test_move_to_a_dissolved_cell_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    dissolved = CellFactory(committee=committee, status="dissolved", dissolved_on=D(2025, 1, 1))
    errors = _refused(
        transfers.member_move, member=member, cell=dissolved, date=D(2026, 9, 1), by=officer
    )
    assert "cell" in errors
    assert member.memberships.count() == 1


@pytest.mark.parametrize("date", [D(2015, 3, 5), D(2015, 3, 4)])
def test_move_must_come_after_the_current_start(committee, cell, officer, date):
    member = _official(committee, cell, officer)
    errors = _refused(
        transfers.member_move,
        member=member,
        cell=CellFactory(committee=committee),
        date=date,
        by=officer,
    )
    assert "date" in errors
    assert "05/03/2015" in errors["date"][0]
    membership = member.memberships.get()
    assert (membership.cell, membership.end_date) == (cell, None)
    # The next day is fine.
    transfers.member_move(
        member=member,
        cell=CellFactory(committee=committee),
        date=D(2015, 3, 6),
        by=officer,
    )
    assert member.memberships.get(cell=cell).end_date == D(2015, 3, 5)


def test_move_releases_an_old_cell_office_that_starts_later(committee, cell, officer):
    term = TermFactory(committee=committee)
    member = _official(committee, cell, officer)
    positions.position_assign(
        member=member,
        role=Position.Role.CELL_SECRETARY,
        cell=cell,
        term=term,
        start_date=D(2026, 10, 1),
        by=officer,
    )
    transfers.member_move(
        member=member, cell=CellFactory(committee=committee), date=D(2026, 9, 1), by=officer
    )
    assert not member.positions.filter(cell=cell, end_date__isnull=True).exists()


# --- transfers ----------------------------------------------------------------------------------


def _transfer(member, by, **data):
    """A temporary transfer out for study (3 months to 2 years) unless told otherwise."""
    values = {
        "direction": Transfer.Direction.OUT,
        "kind": Transfer.Kind.TEMPORARY,
        "date": D(2026, 1, 10),
        "organisation": "Trường Chính trị tỉnh Đắk Lắk",
        "purpose": Transfer.Purpose.STUDY,
    }
    values.update(data)
    return transfers.transfer_record(member=member, by=by, **values)


@pytest.mark.parametrize("expected_return", [D(2026, 4, 10), D(2028, 1, 10)])
def test_temporary_transfer_out_of_3_to_24_months(committee, cell, officer, expected_return):
    member = _official(committee, cell, officer)
    transfer = _transfer(member, officer, expected_return=expected_return, letter_number="7-GGT")
    assert (transfer.direction, transfer.kind, transfer.expected_return) == (
        Transfer.Direction.OUT,
        Transfer.Kind.TEMPORARY,
        expected_return,
    )
    assert transfer.event.kind == StatusEvent.Kind.TEMPORARY_OUT
    assert transfer.event.decision_number == "7-GGT"
    assert "Trường Chính trị tỉnh Đắk Lắk" in transfer.event.reason
    assert Member.objects.get(pk=member.pk).status == Status.AWAY
    assert member.memberships.get().end_date is None  # still on the roll
    assert transfer.history.get().history_user == officer


@pytest.mark.parametrize(
    "expected_return",
    [None, D(2026, 3, 10), D(2026, 4, 9), D(2028, 1, 11), D(2028, 2, 10), D(2025, 12, 1)],
)
def test_temporary_transfer_out_outside_3_to_24_months_is_refused(
    committee, cell, officer, expected_return
):
    member = _official(committee, cell, officer)
    errors = _refused(_transfer, member=member, by=officer, expected_return=expected_return)
    assert "expected_return" in errors
    assert Member.objects.get(pk=member.pk).status == Status.OFFICIAL
    assert not Transfer.objects.exists()
    assert member.status_events.count() == 2


def test_temporary_transfer_shorter_than_3_months_by_days_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        _transfer, member=member, by=officer, date=D(2026, 1, 20), expected_return=D(2026, 4, 5)
    )
    assert "expected_return" in errors


def test_temporary_transfer_longer_than_2_years_by_days_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        _transfer, member=member, by=officer, date=D(2026, 1, 1), expected_return=D(2028, 1, 31)
    )
    assert "expected_return" in errors


# A temporary transfer for work: 3 months to under 1 year; for study: 3 months to 2 years
# (DOMAIN §3) — each bound a committee setting (issue 17 item 10).


@pytest.mark.parametrize(
    ("purpose", "expected_return", "accepted"),
    [
        ("work", D(2026, 4, 10), True),  # 3 months
        ("work", D(2027, 1, 9), True),  # a day under 1 year
        ("work", D(2027, 1, 10), False),  # 1 year: not under
        ("work", D(2026, 4, 9), False),  # a day under 3 months
        ("study", D(2026, 4, 10), True),
        ("study", D(2028, 1, 10), True),  # 2 years
        ("study", D(2028, 1, 11), False),
        ("study", D(2026, 4, 9), False),
    ],
)
def test_temporary_transfer_bounds_for_work_and_for_study(
    committee, cell, officer, purpose, expected_return, accepted
):
    member = _official(committee, cell, officer)
    if accepted:
        transfer = _transfer(member, officer, purpose=purpose, expected_return=expected_return)
        assert transfer.expected_return == expected_return
        assert Member.objects.get(pk=member.pk).status == Status.AWAY
    else:
        errors = _refused(
            _transfer, member=member, by=officer, purpose=purpose, expected_return=expected_return
        )
        assert list(errors) == ["expected_return"]
        assert not Transfer.objects.exists()


def test_a_temporary_transfer_is_for_work_unless_told(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        transfers.transfer_record,
        member=member,
        by=officer,
        direction=Transfer.Direction.OUT,
        kind=Transfer.Kind.TEMPORARY,
        date=D(2026, 1, 10),
        organisation="Sở GD&ĐT",
        expected_return=D(2027, 6, 10),
    )
    assert "expected_return" in errors
    errors = _refused(
        _transfer, member=member, by=officer, purpose="holiday", expected_return=D(2026, 6, 10)
    )
    assert list(errors) == ["purpose"]


def test_refusals_say_the_range_and_the_reason_says_the_purpose(committee, cell, officer):
    member = _official(committee, cell, officer)
    with translation.override("en"):
        errors = _refused(
            _transfer, member=member, by=officer, purpose="work", expected_return=D(2027, 1, 10)
        )
        assert errors["expected_return"] == [
            "A temporary transfer for work lasts from 3 months to under 12 months: her return is "
            "expected from 10/04/2026 to 09/01/2027."
        ]
        errors = _refused(_transfer, member=member, by=officer, expected_return=D(2028, 2, 1))
        assert errors["expected_return"] == [
            "A temporary transfer for study lasts from 3 to 24 months: her return is expected "
            "from 10/04/2026 to 10/01/2028."
        ]
        transfer = _transfer(member, officer, expected_return=D(2027, 6, 30))
    assert transfer.event.reason == ("Temporary transfer for study: Trường Chính trị tỉnh Đắk Lắk")


@pytest.mark.parametrize(
    ("settings", "purpose", "expected_return"),
    [
        ({"transfer_work_under_months": 18}, "work", D(2027, 6, 10)),  # 17 months
        ({"transfer_work_min_months": 1}, "work", D(2026, 2, 10)),  # 1 month
        ({"transfer_study_max_months": 36}, "study", D(2028, 12, 10)),  # 35 months
        ({"transfer_study_min_months": 1}, "study", D(2026, 2, 10)),
    ],
)
def test_the_transfer_bounds_are_settings(
    committee, cell, officer, settings, purpose, expected_return
):
    member = _official(committee, cell, officer)
    errors = _refused(
        _transfer, member=member, by=officer, purpose=purpose, expected_return=expected_return
    )
    assert "expected_return" in errors
    cell_services.rules_update(committee=committee, by=officer, **settings)
    transfer = _transfer(member, officer, purpose=purpose, expected_return=expected_return)
    assert transfer.expected_return == expected_return


def test_a_shorter_setting_refuses_what_the_charter_allows(committee, cell, officer):
    member = _official(committee, cell, officer)
    cell_services.rules_update(
        committee=committee, by=officer, transfer_study_min_months=6, transfer_study_max_months=12
    )
    errors = _refused(
        _transfer, member=member, by=officer, purpose="study", expected_return=D(2027, 6, 10)
    )
    assert "expected_return" in errors
    errors = _refused(
        _transfer, member=member, by=officer, purpose="study", expected_return=D(2026, 5, 10)
    )
    assert "expected_return" in errors


def test_official_transfer_out_ends_the_membership(committee, cell, officer):
    member = _official(committee, cell, officer)
    transfer = _transfer(member, officer, kind=Transfer.Kind.OFFICIAL)
    assert transfer.event.kind == StatusEvent.Kind.OFFICIAL_OUT
    assert Member.objects.get(pk=member.pk).status == Status.TRANSFERRED_OUT
    assert member.memberships.get().end_date == D(2026, 1, 10)


@pytest.mark.parametrize(
    ("create", "status"),
    [(_official, Status.OFFICIAL), (_create, Status.PROBATIONARY)],
    ids=["official", "probationary"],
)
def test_return_from_a_temporary_transfer(committee, cell, officer, create, status):
    member = create(committee, cell, officer)
    _transfer(member, officer, expected_return=D(2026, 7, 10))
    # `member` is now stale (status official): the service reads the stored status.
    back = _transfer(
        member,
        officer,
        direction=Transfer.Direction.IN,
        date=D(2026, 7, 1),
        letter_presented_on=D(2026, 7, 1),
    )
    assert back.event.kind == StatusEvent.Kind.REINSTATED
    assert back.event.status_after == status
    assert Member.objects.get(pk=member.pk).status == status


def test_return_needs_a_member_who_is_away(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        _transfer,
        member=member,
        by=officer,
        direction=Transfer.Direction.IN,
        letter_presented_on=D(2026, 1, 10),
    )
    assert "kind" in errors
    assert not Transfer.objects.exists()
    assert member.status_events.count() == 2


def test_return_needs_the_letter_date(committee, cell, officer):
    member = _official(committee, cell, officer)
    _transfer(member, officer, expected_return=D(2026, 7, 10))
    member.refresh_from_db()
    errors = _refused(
        _transfer, member=member, by=officer, direction=Transfer.Direction.IN, date=D(2026, 7, 1)
    )
    assert "letter_presented_on" in errors
    assert Member.objects.get(pk=member.pk).status == Status.AWAY


def test_official_transfer_in_of_an_existing_member_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    errors = _refused(
        _transfer,
        member=member,
        by=officer,
        direction=Transfer.Direction.IN,
        kind=Transfer.Kind.OFFICIAL,
        letter_presented_on=D(2026, 1, 10),
    )
    assert "kind" in errors
    assert not Transfer.objects.exists()
    assert Member.objects.get(pk=member.pk).status == Status.OFFICIAL


def _hosted(committee, cell, by, issued, presented):
    member = _official(
        committee,
        cell,
        by,
        full_name=f"Khách {issued:%d%m}{presented:%d%m}",
        status=Status.TEMPORARY,
        joined_on=presented,
        arrived_from="Đảng bộ xã Cư Kty",
        letter_issued_on=issued,
        letter_presented_on=presented,
    )
    return Transfer.objects.select_related("member__committee").get(member=member)


def test_transfer_letter_is_late_after_30_days_by_default(committee, cell, officer):
    on_time = _hosted(committee, cell, officer, D(2026, 8, 1), D(2026, 8, 31))
    late = _hosted(committee, cell, officer, D(2026, 8, 1), D(2026, 9, 1))
    assert on_time.presented_days_after_issue() == 30
    assert not transfers.transfer_letter_is_late(on_time)
    assert transfers.transfer_letter_is_late(late)


def test_transfer_letter_without_dates_is_not_late(committee, cell, officer):
    member = _official(committee, cell, officer)
    transfer = _transfer(member, officer, expected_return=D(2026, 7, 10))
    assert not transfers.transfer_letter_is_late(transfer)
    transfer = Transfer.objects.create(
        member=member,
        direction=Transfer.Direction.OUT,
        kind=Transfer.Kind.OFFICIAL,
        date=D(2026, 2, 1),
        organisation="Đảng bộ xã Cư Kty",
        letter_issued_on=D(2026, 1, 1),
    )
    assert not transfers.transfer_letter_is_late(transfer)


def test_transfer_letter_deadline_follows_the_committee_setting(committee, cell, officer):
    _hosted(committee, cell, officer, D(2026, 8, 1), D(2026, 9, 1))
    _hosted(committee, cell, officer, D(2026, 8, 1), D(2026, 9, 15))
    cell_services.rules_update(committee=committee, by=officer, transfer_letter_days=45)
    day_31, day_45 = Transfer.objects.select_related("member__committee").order_by(
        "letter_presented_on"
    )
    assert (day_31.presented_days_after_issue(), day_45.presented_days_after_issue()) == (31, 45)
    assert not transfers.transfer_letter_is_late(day_31)
    assert not transfers.transfer_letter_is_late(day_45)
    cell_services.rules_update(committee=committee, by=officer, transfer_letter_days=20)
    day_31 = Transfer.objects.select_related("member__committee").get(pk=day_31.pk)
    assert transfers.transfer_letter_is_late(day_31)


# --- probation length, future dates, events the status page may record -------------------------


def test_recognition_waits_for_the_probation_setting(committee, cell, officer):
    member = _create(committee, cell, officer, admitted_on=D(2025, 3, 1), joined_on=D(2025, 3, 1))
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.RECOGNISED,
        date=D(2026, 2, 28),
        by=officer,
    )
    assert "date" in errors
    # The committee shortens probation to 9 months: the same date is now accepted.
    cell_services.rules_update(committee=committee, by=officer, probation_months=9)
    committee.refresh_from_db()
    member.refresh_from_db()
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.RECOGNISED, date=D(2026, 2, 28), by=officer
    )
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL
    assert member.recognised_on == D(2026, 2, 28)


def test_an_official_member_is_enrolled_only_after_her_probation(committee, cell, officer):
    errors = _refused(
        _official, committee=committee, cell=cell, by=officer, recognised_on=D(2015, 6, 1)
    )
    assert "recognised_on" in errors


@pytest.mark.parametrize("field", ["admitted_on", "joined_on"])
def test_future_dates_are_refused_when_enrolling(committee, cell, officer, field):
    future = _today() + datetime.timedelta(days=3)
    data = {"admitted_on": D(2025, 1, 1), "joined_on": D(2025, 1, 1), field: future}
    errors = _refused(_create, committee=committee, cell=cell, by=officer, **data)
    assert field in errors


def test_a_move_cannot_be_dated_in_the_future(committee, cell, officer):
    member = _official(committee, cell, officer)
    other = CellFactory(committee=committee)
    errors = _refused(
        transfers.member_move,
        member=member,
        cell=other,
        date=_today() + datetime.timedelta(days=1),
        by=officer,
    )
    assert "date" in errors


@pytest.mark.parametrize(
    "kind",
    [StatusEvent.Kind.ADMITTED, StatusEvent.Kind.TEMPORARY_IN, StatusEvent.Kind.OFFICIAL_IN],
)
def test_arrival_events_are_only_written_when_enrolling(committee, cell, officer, kind):
    member = _official(committee, cell, officer)
    errors = _refused(
        services.member_change_status, member=member, kind=kind, date=_today(), by=officer
    )
    assert "kind" in errors


def test_a_second_temporary_transfer_out_is_refused(committee, cell, officer):
    member = _official(committee, cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.TEMPORARY_OUT, date=_today(), by=officer
    )
    errors = _refused(
        services.member_change_status,
        member=member,
        kind=StatusEvent.Kind.TEMPORARY_OUT,
        date=_today(),
        by=officer,
    )
    assert "kind" in errors


def test_a_temporary_transfer_keeps_its_purpose(committee, officer):
    """For work or for study is stored on the transfer (each has its own range of months)."""
    member = MemberFactory(committee=committee)
    day = timezone.localdate()
    transfer = transfers.transfer_record(
        member=member,
        by=officer,
        direction="out",
        kind="temporary",
        date=day,
        organisation="Trường Chính trị tỉnh Đắk Lắk",
        expected_return=add_months(day, 18),
        purpose="study",
    )
    assert transfer.purpose == "study"
