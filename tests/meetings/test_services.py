"""Write services of meetings and agendas: the month rule, the standard agenda, history entered
afterwards, rescheduling, publishing, the agenda's order, and who did what (audit history)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from meetings.models import AgendaItem, Meeting
from meetings.planning.agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
)
from meetings.planning.meetings import meeting_create, meeting_publish, meeting_update
from tests.factories import CellFactory, MemberFactory, PositionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
# A year that is always ahead: meetings planned in it are drafts, never history.
YEAR = timezone.localdate().year + 2
POLITICAL, TASKS, PARTY, OTHER = "political", "tasks", "party", "other"


def _create(committee, by, **data):
    """meeting_create: a regular cell meeting on the 5th of March of YEAR unless told otherwise."""
    values = {
        "body": "cell",
        "kind": "regular",
        "date": D(YEAR, 3, 5),
        "start_time": T(16, 30),
    }
    values.update(data)
    return meeting_create(committee=committee, by=by, **values)


def _titles(meeting, section=None):
    items = meeting.agenda_items.order_by("position", "pk")
    if section:
        items = items.filter(section=section)
    return list(items.values_list("title", flat=True))


def _errors(error):
    return error.value.message_dict


# --- meeting_create ---------------------------------------------------------------------------


def test_a_regular_cell_meeting_starts_with_the_three_standard_sections(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(YEAR, 3, 17))
    assert (meeting.body, meeting.cell, meeting.kind) == ("cell", cell, "regular")
    assert meeting.month == D(YEAR, 3, 1)
    assert meeting.status == "draft"
    assert not meeting.recorded_afterwards
    assert meeting.created_by == officer
    items = list(meeting.agenda_items.order_by("position"))
    assert [i.section for i in items] == [POLITICAL, TASKS, PARTY]
    assert [i.position for i in items] == [10, 20, 30]
    meeting.refresh_from_db()
    assert meeting.month == D(YEAR, 3, 1)


def test_standard_titles_do_not_depend_on_the_active_language(committee, cell, officer):
    """Records are written in one language, whatever the user's interface speaks."""
    other_cell = CellFactory(committee=committee)
    with translation.override("en"):
        in_english_ui = _create(committee, officer, cell=cell)
    with translation.override("vi"):
        in_vietnamese_ui = _create(committee, officer, cell=other_cell)
    assert _titles(in_english_ui) == _titles(in_vietnamese_ui)


def test_presenters_are_members_of_the_committee(committee, other_committee, cell, officer):
    stranger = MemberFactory(committee=other_committee)
    with pytest.raises(ValidationError) as error:
        _create(
            committee,
            officer,
            cell=cell,
            kind="topic",
            topic="Chuyển đổi số trong dạy học",
            presenters=[stranger],
        )
    assert "presenters" in _errors(error)


def test_a_topic_session_needs_its_topic(committee, cell, officer):
    with pytest.raises(ValidationError) as error:
        _create(committee, officer, cell=cell, kind="topic", topic="  ")
    assert "topic" in _errors(error)
    with pytest.raises(ValidationError) as error:
        _create(committee, officer, cell=cell, includes_topic=True)
    assert "topic" in _errors(error)
    assert not Meeting.objects.exists()


def test_a_topic_session_counts_for_the_quarter_of_its_date(committee, cell, officer):
    presenter = MemberFactory(committee=committee, cell=cell)
    topic = _create(
        committee,
        officer,
        cell=cell,
        kind="topic",
        date=D(YEAR, 8, 20),
        topic="Chuyển đổi số trong dạy học",
        presenters=[presenter],
    )
    assert topic.topic_quarter == 3
    assert list(topic.presenters.all()) == [presenter]
    assert topic.is_topic_session
    combined = _create(
        committee,
        officer,
        cell=cell,
        date=D(YEAR, 11, 5),
        includes_topic=True,
        topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    )
    assert (combined.kind, combined.topic_quarter) == ("regular", 4)
    # A quarter chosen explicitly is kept.
    late = _create(
        committee,
        officer,
        cell=cell,
        kind="topic",
        date=D(YEAR, 4, 2),
        topic="Công tác phát triển đảng viên trong học sinh",
        topic_quarter=1,
    )
    assert late.topic_quarter == 1


def test_only_a_regular_meeting_includes_a_topic_session(committee, cell, officer):
    extra = _create(
        committee, officer, cell=cell, kind="extraordinary", includes_topic=True, topic="X"
    )
    assert not extra.includes_topic


def test_a_past_date_is_history_recorded_afterwards(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(2024, 3, 5))
    assert meeting.recorded_afterwards
    assert meeting.status == "held"
    assert meeting.month == D(2024, 3, 1)
    assert len(_titles(meeting)) == 3
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert _create(committee, officer, body="executive", date=yesterday).status == "held"
    today = _create(committee, officer, cell=cell, kind="extraordinary", date=timezone.localdate())
    assert (today.status, today.recorded_afterwards) == ("draft", False)


def test_meeting_create_records_who_planned_it(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    record = meeting.history.first()
    assert (record.history_type, record.history_user) == ("+", officer)
    assert {item.history.first().history_user for item in meeting.agenda_items.all()} == {officer}


# --- meeting_update ---------------------------------------------------------------------------


def test_moving_a_regular_meeting_within_its_month_needs_a_reason(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(YEAR, 3, 5))
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, date=D(YEAR, 3, 12))
    assert "reschedule_reason" in _errors(error)
    meeting.refresh_from_db()
    assert meeting.date == D(YEAR, 3, 5)

    meeting_update(
        meeting=meeting,
        by=officer,
        date=D(YEAR, 3, 31),
        reschedule_reason="  Trùng lịch thi học kỳ  ",
        place="Phòng họp Hội đồng sư phạm",
    )
    meeting.refresh_from_db()
    assert meeting.date == D(YEAR, 3, 31)
    assert meeting.month == D(YEAR, 3, 1)
    assert meeting.reschedule_reason == "Trùng lịch thi học kỳ"
    assert meeting.place == "Phòng họp Hội đồng sư phạm"
    assert meeting.history.first().history_user == officer


def test_a_change_that_keeps_the_date_needs_no_reason(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(YEAR, 3, 5))
    meeting_update(meeting=meeting, by=officer, date=D(YEAR, 3, 5), start_time=T(14))
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.reschedule_reason) == (T(14), "")


@pytest.mark.parametrize("new_date", [D(YEAR, 4, 1), D(YEAR, 2, 28), D(YEAR + 1, 3, 5)])
def test_a_regular_meeting_cannot_move_to_another_month(committee, cell, officer, new_date):
    meeting = _create(committee, officer, cell=cell, date=D(YEAR, 3, 5))
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, date=new_date, reschedule_reason="Lý do")
    assert "date" in _errors(error)
    meeting.refresh_from_db()
    assert (meeting.date, meeting.month) == (D(YEAR, 3, 5), D(YEAR, 3, 1))


def test_an_extraordinary_meeting_moves_with_its_month(committee, cell, officer):
    extra = _create(committee, officer, cell=cell, kind="extraordinary", date=D(YEAR, 3, 19))
    meeting_update(
        meeting=extra, by=officer, date=D(YEAR, 4, 2), reschedule_reason="Chờ ý kiến cấp trên"
    )
    extra.refresh_from_db()
    assert extra.month == D(YEAR, 4, 1)


def test_a_held_meeting_cannot_be_edited(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(2024, 3, 5))
    with pytest.raises(ValidationError):
        meeting_update(meeting=meeting, by=officer, place="Phòng 2")
    meeting.refresh_from_db()
    assert meeting.place == ""
    assert meeting.history.count() == 1


def test_meeting_update_sets_the_presenters(committee, cell, officer, clerk):
    first, second = MemberFactory.create_batch(2, committee=committee, cell=cell)
    meeting = _create(
        committee, officer, cell=cell, includes_topic=True, topic="Chuyển đổi số trong dạy học"
    )
    meeting_update(meeting=meeting, by=officer, presenters=[first, second])
    assert set(meeting.presenters.all()) == {first, second}
    meeting_update(meeting=meeting, by=clerk, presenters=[second])
    assert list(meeting.presenters.all()) == [second]
    # The history keeps who changed the presenters, and who they were.
    record = meeting.history.first()
    assert record.history_user == clerk
    assert [p.member for p in record.presenters.all()] == [second]
    # Leaving them out leaves them alone.
    meeting_update(meeting=meeting, by=officer, place="Thư viện")
    assert list(meeting.presenters.all()) == [second]


def test_meeting_update_applies_the_same_checks(committee, other_committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, chair=MemberFactory(committee=other_committee))
    assert "chair" in _errors(error)
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, includes_topic=True, topic="")
    assert "topic" in _errors(error)


def test_chair_and_clerk_are_members_of_the_meetings_body(committee, cell, officer):
    """Issue 17 item 16: a member of another cell is refused as chair or clerk of a cell meeting,
    with a message next to the field, and nothing is saved; the cell's own members are taken."""
    other_cell = CellFactory(committee=committee)
    own = MemberFactory(committee=committee, cell=cell, full_name="Trần Thị Mai")
    elsewhere = MemberFactory(committee=committee, cell=other_cell, full_name="Lê Văn Nam")
    with pytest.raises(ValidationError) as error:
        _create(committee, officer, cell=cell, chair=own, clerk=elsewhere)
    assert set(_errors(error)) == {"clerk"}
    assert "Lê Văn Nam" in _errors(error)["clerk"][0]
    assert not Meeting.objects.exists()
    meeting = _create(committee, officer, cell=cell, chair=own, clerk=own)
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, chair=elsewhere)
    assert set(_errors(error)) == {"chair"}
    meeting.refresh_from_db()
    assert meeting.chair == own
    # A member of the cell only from a later day is not one on the meeting date.
    later = MemberFactory(committee=committee, cell=cell, cell__joined_on=D(YEAR, 4, 1))
    with pytest.raises(ValidationError) as error:
        meeting_update(meeting=meeting, by=officer, clerk=later)
    assert set(_errors(error)) == {"clerk"}
    # The executive committee: the holders of a committee position that day.
    chief = MemberFactory(committee=committee)
    PositionFactory(member=chief, role="committee_secretary", start_date=D(2025, 7, 1))
    executive = _create(committee, officer, body="executive", chair=chief)
    assert executive.chair == chief
    with pytest.raises(ValidationError) as error:
        _create(committee, officer, body="executive", date=D(YEAR, 4, 6), clerk=own)
    assert set(_errors(error)) == {"clerk"}


# --- meeting_publish --------------------------------------------------------------------------


def test_publish_a_draft_once(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    result = meeting_publish(meeting=meeting, by=officer)
    assert result.first and result.changed
    meeting.refresh_from_db()
    assert meeting.status == "published"
    assert meeting.history.first().history_user == officer
    # Publishing again with no change does nothing.
    again = meeting_publish(meeting=meeting, by=officer)
    assert not again.changed and again.sent == 0
    # A published meeting is still prepared until it is held.
    meeting_update(meeting=meeting, by=officer, place="Phòng 2")
    agenda_item_add(meeting=meeting, section=OTHER, title="Việc khác", by=officer)


def test_a_meeting_without_agenda_is_not_published(committee, cell, officer):
    extra = _create(committee, officer, cell=cell, kind="extraordinary")
    with pytest.raises(ValidationError):
        meeting_publish(meeting=extra, by=officer)
    extra.refresh_from_db()
    assert extra.status == "draft"
    agenda_item_add(meeting=extra, section=PARTY, title="Xem xét kỷ luật đảng viên", by=officer)
    meeting_publish(meeting=extra, by=officer)
    extra.refresh_from_db()
    assert extra.status == "published"


def test_a_held_meeting_is_not_published(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell, date=D(2024, 3, 5))
    with pytest.raises(ValidationError):
        meeting_publish(meeting=meeting, by=officer)


# --- agenda -----------------------------------------------------------------------------------


@pytest.fixture
def meeting(committee, cell, officer):
    return _create(committee, officer, cell=cell)


def _add(meeting, by, section, title, **data):
    return agenda_item_add(meeting=meeting, section=section, title=title, by=by, **data)


def test_add_appends_at_the_end_of_its_section(meeting, officer):
    news = _add(meeting, officer, POLITICAL, "  Thông tin thời sự tháng 3  ")
    directive = _add(meeting, officer, POLITICAL, "Quán triệt Chỉ thị mới")
    fees = _add(meeting, officer, PARTY, "Thu đảng phí tháng 3")
    other = _add(meeting, officer, OTHER, "Việc khác")
    assert news.title == "Thông tin thời sự tháng 3"
    assert _titles(meeting, POLITICAL)[1:] == [
        "Thông tin thời sự tháng 3",
        "Quán triệt Chỉ thị mới",
    ]
    assert _titles(meeting, PARTY)[-1] == "Thu đảng phí tháng 3"
    assert news.position < directive.position
    assert fees.position > meeting.agenda_items.get(section=PARTY, position=30).position
    assert other.position == 10
    assert len(_titles(meeting, TASKS)) == 1


def test_add_checks_title_and_presenter(meeting, officer, other_committee, committee, cell):
    with pytest.raises(ValidationError) as error:
        _add(meeting, officer, OTHER, "   ")
    assert "title" in _errors(error)
    with pytest.raises(ValidationError) as error:
        _add(meeting, officer, OTHER, "Báo cáo", presenter=MemberFactory(committee=other_committee))
    assert "presenter" in _errors(error)
    presenter = MemberFactory(committee=committee, cell=cell)
    assert _add(meeting, officer, OTHER, "Báo cáo", presenter=presenter).presenter == presenter
    assert meeting.agenda_items.count() == 4


def test_update_moves_an_item_to_the_end_of_another_section(meeting, officer):
    item = _add(meeting, officer, POLITICAL, "Kết nạp đảng viên")
    last_party = _add(meeting, officer, PARTY, "Thu đảng phí")
    agenda_item_update(item=item, by=officer, section=PARTY, title="Xét kết nạp")
    item.refresh_from_db()
    assert item.section == PARTY
    assert item.position > last_party.position
    assert _titles(meeting, PARTY)[-2:] == ["Thu đảng phí", "Xét kết nạp"]
    assert len(_titles(meeting, POLITICAL)) == 1
    # A change that keeps the section keeps the place.
    agenda_item_update(item=last_party, by=officer, section=PARTY, notes="Tổ trưởng thu")
    last_party.refresh_from_db()
    assert _titles(meeting, PARTY)[-2:] == ["Thu đảng phí", "Xét kết nạp"]
    assert last_party.notes == "Tổ trưởng thu"


def test_update_checks_the_presenter(meeting, officer, other_committee):
    item = _add(meeting, officer, OTHER, "Báo cáo")
    with pytest.raises(ValidationError) as error:
        agenda_item_update(
            item=item, by=officer, presenter=MemberFactory(committee=other_committee)
        )
    assert "presenter" in _errors(error)
    item.refresh_from_db()
    assert item.presenter is None


def test_move_up_and_down_within_the_section(meeting, officer):
    (standard,) = meeting.agenda_items.filter(section=POLITICAL)
    a = _add(meeting, officer, POLITICAL, "A")
    b = _add(meeting, officer, POLITICAL, "B")
    tasks_before = _titles(meeting, TASKS)
    std = standard.title

    agenda_item_move(item=b, direction="up", by=officer)
    assert _titles(meeting, POLITICAL) == [std, "B", "A"]
    agenda_item_move(item=b, direction="up", by=officer)
    assert _titles(meeting, POLITICAL) == ["B", std, "A"]
    # The first item up, the last item down: nothing changes.
    history = AgendaItem.history.count()
    agenda_item_move(item=b, direction="up", by=officer)
    agenda_item_move(item=a, direction="down", by=officer)
    assert _titles(meeting, POLITICAL) == ["B", std, "A"]
    assert AgendaItem.history.count() == history
    agenda_item_move(item=standard, direction="down", by=officer)
    assert _titles(meeting, POLITICAL) == ["B", "A", std]
    # Other sections are untouched.
    assert _titles(meeting, TASKS) == tasks_before
    a.refresh_from_db()
    assert a.history.first().history_user == officer


def test_a_bad_direction_is_refused(meeting, officer):
    item = _add(meeting, officer, POLITICAL, "A")
    before = _titles(meeting, POLITICAL)
    for direction in ("sideways", "", "UP"):
        with pytest.raises(ValidationError):
            agenda_item_move(item=item, direction=direction, by=officer)
    assert _titles(meeting, POLITICAL) == before


def test_remove_an_item(meeting, officer):
    item = _add(meeting, officer, OTHER, "Việc khác")
    pk = item.pk
    agenda_item_remove(item=item, by=officer)
    assert not AgendaItem.objects.filter(pk=pk).exists()
    assert meeting.agenda_items.count() == 3
    record = AgendaItem.history.filter(id=pk).first()
    assert (record.history_type, record.history_user) == ("-", officer)


def test_agenda_history_records_the_user(meeting, officer, clerk):
    item = _add(meeting, officer, OTHER, "Việc khác")
    assert item.history.first().history_user == officer
    agenda_item_update(item=item, by=clerk, title="Việc khác (sửa)")
    assert item.history.first().history_user == clerk
    assert item.history.first().title == "Việc khác (sửa)"


def test_every_agenda_service_refuses_a_held_meeting(committee, cell, officer):
    held = _create(committee, officer, cell=cell, date=D(2024, 3, 5))
    first, second = held.agenda_items.order_by("position")[:2]
    before = list(held.agenda_items.values_list("pk", "section", "position", "title"))
    with pytest.raises(ValidationError):
        _add(held, officer, OTHER, "Việc khác")
    with pytest.raises(ValidationError):
        agenda_item_update(item=first, by=officer, title="Sửa")
    with pytest.raises(ValidationError):
        agenda_item_update(item=first, by=officer, section=OTHER)
    with pytest.raises(ValidationError):
        agenda_item_move(item=second, direction="up", by=officer)
    with pytest.raises(ValidationError):
        agenda_item_remove(item=first, by=officer)
    assert list(held.agenda_items.values_list("pk", "section", "position", "title")) == before


def test_an_agenda_closes_when_its_meeting_is_held(meeting, officer):
    """A meeting read before it was held is no passport: the services look again."""
    item = meeting.agenda_items.first()
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    with pytest.raises(ValidationError):
        _add(meeting, officer, OTHER, "Việc khác")
    with pytest.raises(ValidationError):
        agenda_item_remove(item=item, by=officer)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- "agenda drafted" is decided on data, not on titles ------------------------------------------


def test_the_schedulers_standard_items_are_marked_and_not_drafted(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    assert set(meeting.agenda_items.values_list("from_schedule", flat=True)) == {True}
    assert not AgendaItem.objects.drafted().filter(meeting=meeting).exists()


def test_changing_a_standard_item_makes_it_the_secretarys_own(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    item = meeting.agenda_items.get(section=TASKS)
    agenda_item_update(item=item, by=officer, title=item.title)  # saved unchanged: still standard
    assert not AgendaItem.objects.drafted().filter(meeting=meeting).exists()
    agenda_item_update(item=item, by=officer, notes="Kiểm điểm việc thu đảng phí quý IV.")
    assert list(AgendaItem.objects.drafted().filter(meeting=meeting)) == [item]


def test_an_added_item_is_drafted_whatever_its_title(committee, cell, officer):
    """An item she adds counts even when its wording is that of a standard item."""
    meeting = _create(committee, officer, cell=cell)
    standard_title = meeting.agenda_items.get(section=POLITICAL).title
    added = agenda_item_add(meeting=meeting, section=OTHER, title=standard_title, by=officer)
    assert list(AgendaItem.objects.drafted().filter(meeting=meeting)) == [added]


# --- when recording can start (the record panel asks the same rule) -----------------------------


def test_recording_can_start_once_published_and_on_the_day(committee, cell, officer):
    meeting = _create(committee, officer, cell=cell)
    day = meeting.date
    assert not meeting.recording_can_start(day)  # a draft
    meeting.status = "published"
    assert not meeting.recording_can_start(day - datetime.timedelta(days=1))
    assert meeting.recording_can_start(day)
    meeting.status = "held"
    assert meeting.recording_can_start(day + datetime.timedelta(days=3))
    meeting.status = "approved"
    assert not meeting.recording_can_start(day)
