"""Self-criticism and criticism records at a meeting (issue 9 item 1, DOMAIN §7.1).

The write service (`meetings.record.criticism.criticism_record_save`): only while the meeting's record
is open, for a member on the attendance sheet, each criticism by a member on the sheet or a
guest, texts up to 10,000 characters, the criticisms replaced in order with their history. The
pages: the list (officers; the recorders while the record is open), one member's record (hers
and the officers' to read, the recorders' to write), errors keep what was typed, the list makes
as many queries for 50 members as for 5. The confidentiality of the records for every persona is
in `tests/reviews/test_confidentiality.py`.
"""

import copy
import datetime
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import MAX_TEXT, Criticism, CriticismRecord, Guest, Minutes
from meetings.record import criticism
from meetings.record.attendance import attendance_refresh, attendance_set, recording_start
from meetings.record.criticism import CriticismText, criticism_record_save
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from meetings.views.official import record_context
from members import access
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SELF_TEXT = "TUPHEBINH-7f3a: tôi còn chậm nộp báo cáo"
CRITICISM_TEXT = "PHEBINH-91c2: đồng chí cần đúng giờ hơn"
RESPONSE_TEXT = "TIEPTHU-2b8e: tôi xin tiếp thu"
CONCLUSION_TEXT = "KETLUAN-55d0: chi bộ ghi nhận"


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (the source strings)."""
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def build_world(committee, term):
    """Committee A with cell A1 (the member reviewed, another member, the secretary, a cell
    committee member, the meeting's clerk — a plain member) and cell A2 (a member, its secretary,
    a committee secretary by position); committee B with an officer. Grants on A: an officer, a
    clerk, an observer; a superuser without office. A regular meeting of A1 held 40 days ago,
    with the year-end review, being recorded."""
    cell = CellFactory(committee=committee, name="Chi bộ A1")
    other_cell = CellFactory(committee=committee, name="Chi bộ A2")
    other_committee = CommitteeFactory()

    def person(c, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, full_name=name, **kwargs)
        if role:
            PositionFactory(
                member=member,
                cell=c if role.startswith("cell_") else None,
                role=role,
                term=term,
            )
        return member

    secretary = person(cell, "Bí Thư An", "cell_secretary")
    cell_committee = person(cell, "Cấp Ủy Bình", "cell_committee_member")
    clerk = person(cell, "Thư Ký Cúc")
    member = person(cell, "Đảng Viên Dung")
    colleague = person(cell, "Đảng Viên Em")
    other_member = person(other_cell, "Chi Bộ Khác Giang")
    other_secretary = person(other_cell, "Bí Thư Hà", "cell_secretary")
    committee_secretary = person(other_cell, "Bí Thư Đảng Ủy Khánh", "committee_secretary")
    users = {
        "member": member_user(member),
        "member_same_cell": member_user(colleague),
        "member_other_cell": member_user(other_member),
        "cell_secretary": member_user(secretary),
        "cell_committee_member": member_user(cell_committee),
        "meeting_clerk": member_user(clerk),
        "secretary_other_cell": member_user(other_secretary),
        "committee_secretary": member_user(committee_secretary),
        "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=other_committee, role="officer"
        ).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    meeting = MeetingFactory(
        cell=cell,
        date=today() - 40 * DAY,
        status="published",
        includes_review=True,
        clerk=clerk,
        chair=secretary,
    )
    recording_start(meeting=meeting, by=users["cell_secretary"])
    guest = Guest.objects.create(meeting=meeting, name="Trần Văn Khách", title="Đảng ủy viên")
    return SimpleNamespace(
        committee=committee,
        other_committee=other_committee,
        term=term,
        cell=cell,
        other_cell=other_cell,
        meeting=meeting,
        guest=guest,
        secretary=secretary,
        cell_committee=cell_committee,
        clerk=clerk,
        member=member,
        colleague=colleague,
        other_member=other_member,
        other_secretary=other_secretary,
        committee_secretary=committee_secretary,
        users=users,
    )


def write_record(w, *, by=None, **kwargs):
    """The member's record, with one criticism by her colleague and one by a guest."""
    kwargs.setdefault("self_criticism", SELF_TEXT)
    kwargs.setdefault(
        "criticisms",
        [(w.colleague.pk, "", CRITICISM_TEXT), (None, "Trần Văn Khách", "Góp ý của khách")],
    )
    kwargs.setdefault("response", RESPONSE_TEXT)
    kwargs.setdefault("conclusion", CONCLUSION_TEXT)
    return criticism_record_save(
        meeting=w.meeting, member=w.member, by=by or w.users["cell_secretary"], **kwargs
    )


def approve(w):
    """Fill, mark ready and approve the meeting's minutes (they are then locked)."""
    user = w.users["cell_secretary"]
    minutes_save(
        meeting=w.meeting,
        version=Minutes.objects.get(meeting=w.meeting).version,
        by=user,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=w.secretary.pk,
        clerk_id=w.clerk.pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    minutes_mark_ready(meeting=w.meeting, by=user)
    minutes_approve(meeting=w.meeting, by=user)


def state():
    """Everything a write could change, history included."""
    return (
        list(
            CriticismRecord.objects.order_by("pk").values_list(
                "pk", "member_id", "self_criticism", "response", "conclusion"
            )
        ),
        list(
            Criticism.objects.order_by("pk").values_list(
                "pk", "record_id", "position", "by_member_id", "by_name", "text"
            )
        ),
        CriticismRecord.history.count(),
        Criticism.history.count(),
    )


def rows_of(record):
    return list(
        Criticism.objects.filter(record=record)
        .order_by("position")
        .values_list("position", "by_member_id", "by_name", "text")
    )


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    return build_world(committee, TermFactory(committee=committee))


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


# --- the service --------------------------------------------------------------------------------


def test_a_record_is_written_with_its_criticisms_in_order(world):
    record = write_record(world)
    record.refresh_from_db()
    assert (record.self_criticism, record.response, record.conclusion) == (
        SELF_TEXT,
        RESPONSE_TEXT,
        CONCLUSION_TEXT,
    )
    assert record.updated_by == world.users["cell_secretary"]
    assert rows_of(record) == [
        (1, world.colleague.pk, "", CRITICISM_TEXT),
        (2, None, "Trần Văn Khách", "Góp ý của khách"),
    ]
    assert record.history.count() == 1
    assert record.history.first().history_user == world.users["cell_secretary"]


def test_texts_are_trimmed_and_empty_rows_dropped(world):
    record = write_record(
        world,
        self_criticism="  Tự phê bình  \n",
        criticisms=[
            CriticismText(),
            CriticismText(by_member_id=world.colleague.pk, text="  Ý kiến  "),
            ("", "  ", "  "),
        ],
    )
    record.refresh_from_db()
    assert record.self_criticism == "Tự phê bình"
    assert rows_of(record) == [(1, world.colleague.pk, "", "Ý kiến")]


def test_criticisms_are_updated_in_place_by_position(world):
    record = write_record(world)
    first, second = Criticism.objects.filter(record=record).order_by("position")
    write_record(
        world,
        criticisms=[
            (world.colleague.pk, "", CRITICISM_TEXT),  # unchanged
            (world.secretary.pk, "", "Ý kiến của bí thư"),  # replaces the guest's
            (None, "Khách Hai", "Ý kiến thêm"),  # new
        ],
    )
    rows = list(Criticism.objects.filter(record=record).order_by("position"))
    assert [c.pk for c in rows[:2]] == [first.pk, second.pk]
    assert [(c.position, c.by_member_id, c.by_name, c.text) for c in rows] == [
        (1, world.colleague.pk, "", CRITICISM_TEXT),
        (2, world.secretary.pk, "", "Ý kiến của bí thư"),
        (3, None, "Khách Hai", "Ý kiến thêm"),
    ]
    # History: the unchanged one not touched; the second changed; the third created.
    assert first.history.count() == 1
    assert second.history.count() == 2
    assert Criticism.history.filter(id=rows[2].pk, history_type="+").count() == 1


def test_extra_criticisms_are_deleted_with_history(world):
    record = write_record(world)
    second = Criticism.objects.get(record=record, position=2)
    write_record(world, criticisms=[(world.colleague.pk, "", CRITICISM_TEXT)])
    assert rows_of(record) == [(1, world.colleague.pk, "", CRITICISM_TEXT)]
    deleted = Criticism.history.get(id=second.pk, history_type="-")
    assert deleted.history_user == world.users["cell_secretary"]
    assert deleted.text == "Góp ý của khách"


def test_removing_the_first_row_moves_the_others_up(world):
    record = write_record(world)
    write_record(world, criticisms=[("", "", ""), (None, "Trần Văn Khách", "Góp ý của khách")])
    assert rows_of(record) == [(1, None, "Trần Văn Khách", "Góp ý của khách")]


def test_saving_the_same_again_writes_no_history(world):
    write_record(world)
    before = state()
    write_record(world)
    assert state() == before


def test_a_criticism_change_marks_the_record_updated(world):
    record = write_record(world)
    write_record(
        world,
        by=world.users["meeting_clerk"],
        criticisms=[(world.colleague.pk, "", "Ý kiến mới")],
    )
    record.refresh_from_db()
    assert record.updated_by == world.users["meeting_clerk"]
    assert record.history.count() == 2


def test_refused_before_recording_started(world):
    meeting = MeetingFactory(cell=world.cell, date=today() - 5 * DAY, status="published")
    before = state()
    with pytest.raises(ValidationError, match="Start recording the meeting first"):
        criticism_record_save(
            meeting=meeting, member=world.member, by=world.users["cell_secretary"], response="x"
        )
    assert state() == before


def test_refused_once_the_minutes_are_approved(world):
    write_record(world)
    approve(world)
    before = state()
    with pytest.raises(ValidationError, match="approved and locked"):
        write_record(world, self_criticism="Sửa sau khi duyệt")
    assert state() == before


def test_refused_for_a_member_not_on_the_sheet(world):
    before = state()
    with pytest.raises(ValidationError, match="not on the attendance sheet"):
        criticism_record_save(
            meeting=world.meeting,
            member=world.other_member,
            by=world.users["cell_secretary"],
            self_criticism="x",
        )
    assert state() == before


def test_an_empty_new_record_is_refused(world):
    before = state()
    with pytest.raises(ValidationError, match="Nothing to save"):
        criticism_record_save(
            meeting=world.meeting,
            member=world.member,
            by=world.users["cell_secretary"],
            criticisms=[("", "", "")],
        )
    assert state() == before


def test_an_existing_record_may_be_emptied(world):
    record = write_record(world)
    write_record(world, self_criticism="", response="", conclusion="", criticisms=[])
    record.refresh_from_db()
    assert (record.self_criticism, record.response, record.conclusion) == ("", "", "")
    assert rows_of(record) == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("other", "", "Ý kiến"), "Choose a member on the attendance sheet"),
        (("m1", "", "Ý kiến"), "Choose a member on the attendance sheet"),
        ((None, "", "Ý kiến"), "Say who made the comment"),
        (("colleague", "Khách", "Ý kiến"), "not both"),
        (("colleague", "", ""), "Write what was said"),
        ((None, "Khách", "  "), "Write what was said"),
        ((None, "K" * 201, "Ý kiến"), "at most 200 characters"),
        (("colleague", "", "x" * (MAX_TEXT + 1)), "too long"),
    ],
)
def test_bad_criticism_rows_are_refused_by_index(world, row, message):
    names = {"other": world.other_member.pk, "colleague": world.colleague.pk}
    author, name, text = row
    row = (names.get(author, author), name, text)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write_record(world, criticisms=[(world.colleague.pk, "", "Đúng"), row])
    errors = excinfo.value.message_dict
    assert list(errors) == ["criticism-1"]
    assert message in errors["criticism-1"][0]
    assert state() == before


@pytest.mark.parametrize("field", ["self_criticism", "response", "conclusion"])
def test_texts_longer_than_the_limit_are_refused(world, field):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write_record(world, **{field: "x" * (MAX_TEXT + 1)})
    assert "too long" in excinfo.value.message_dict[field][0]
    assert state() == before
    write_record(world, **{field: "x" * MAX_TEXT})  # exactly the limit fits


def test_an_absent_member_on_the_sheet_may_comment(world):
    attendance_set(
        meeting=world.meeting,
        member_id=world.colleague.pk,
        status="excused",
        reason="Ốm",
        by=world.users["cell_secretary"],
    )
    record = write_record(world, criticisms=[(world.colleague.pk, "", "Ý kiến gửi bằng văn bản")])
    assert rows_of(record) == [(1, world.colleague.pk, "", "Ý kiến gửi bằng văn bản")]


def test_who_reads_and_writes(world):
    minutes = Minutes.objects.get(meeting=world.meeting)
    users, meeting = world.users, world.meeting
    readers = {
        "cell_secretary",
        "cell_committee_member",
        "committee_officer",
        "committee_secretary",
    }
    for who, user in users.items():
        assert criticism.reads_all(user, meeting) == (who in readers), who
    writers = {"cell_secretary", "committee_officer", "committee_secretary", "meeting_clerk"}
    for who, user in users.items():
        assert criticism.may_write(user, meeting, minutes) == (who in writers), who
    assert criticism.may_read(users["member"], meeting, minutes, world.member.pk)
    assert not criticism.may_read(users["member_same_cell"], meeting, minutes, world.member.pk)
    approve(world)
    minutes.refresh_from_db()
    assert not criticism.may_write(users["cell_secretary"], meeting, minutes)
    # Once approved, the meeting's clerk (a plain member) no longer reads the records.
    assert not criticism.may_list(users["meeting_clerk"], meeting, minutes)
    assert criticism.may_list(users["cell_committee_member"], meeting, minutes)


# --- the pages ----------------------------------------------------------------------------------


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def list_url(w):
    return reverse("meetings:criticism", args=[w.meeting.pk])


def edit_url(w, member=None):
    return reverse("meetings:criticism_edit", args=[w.meeting.pk, (member or w.member).pk])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text(response) -> str:
    return response.content.decode()


def test_the_urls(world):
    assert list_url(world) == f"/meetings/{world.meeting.pk}/criticism/"
    assert edit_url(world) == f"/meetings/{world.meeting.pk}/criticism/{world.member.pk}/"


def form_post(w, rows=None, **data):
    """The record form as the page sends it, with `rows` (by_member, by_name, text)."""
    rows = rows if rows is not None else [(w.colleague.pk, "", CRITICISM_TEXT), ("", "", "")]
    form = {
        "self_criticism": SELF_TEXT,
        "response": RESPONSE_TEXT,
        "conclusion": CONCLUSION_TEXT,
        "criticism-TOTAL_FORMS": str(len(rows)),
        "criticism-INITIAL_FORMS": "0",
        "criticism-MIN_NUM_FORMS": "0",
        "criticism-MAX_NUM_FORMS": "200",
    }
    for index, (by_member, by_name, body) in enumerate(rows):
        form[f"criticism-{index}-by_member"] = by_member
        form[f"criticism-{index}-by_name"] = by_name
        form[f"criticism-{index}-text"] = body
    form.update(data)
    return form


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("cell_secretary", 200),
        ("cell_committee_member", 200),
        ("committee_officer", 200),
        ("committee_secretary", 200),
        ("meeting_clerk", 200),  # she records the meeting
        ("member", 403),
        ("member_same_cell", 403),
        ("committee_clerk", 403),
        ("observer", 403),
        ("member_other_cell", 404),
        ("secretary_other_cell", 404),
        ("officer_other_committee", 404),
        ("superuser", 404),
    ],
)
def test_list_access_while_recording(client, world, who, status):
    write_record(world)
    response = as_(client, world, who).get(list_url(world))
    assert response.status_code == status
    assert (SELF_TEXT in text(response)) is False  # the list shows no content


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("cell_secretary", 200),
        ("cell_committee_member", 200),
        ("committee_officer", 200),
        ("meeting_clerk", 403),  # a plain member once the record is closed
        ("member", 403),
    ],
)
def test_list_access_once_approved(client, world, who, status):
    write_record(world)
    approve(world)
    response = as_(client, world, who).get(list_url(world))
    assert response.status_code == status


def test_the_list_shows_who_has_a_record(client, world):
    write_record(world)
    response = as_(client, world, "cell_secretary").get(list_url(world))
    page = text(response)
    entries = re.findall(r'data-member="(\d+)"', page)
    on_sheet = {
        str(m.pk) for m in (world.secretary, world.cell_committee, world.clerk, world.member)
    }
    assert on_sheet | {str(world.colleague.pk)} == set(entries)
    assert "1 self-criticism written" in page
    assert "2 criticisms" in page
    assert page.count("criticism-edit-link") == len(entries)
    assert "Confidential" in page


def test_the_list_after_approval_is_read_only(client, world):
    write_record(world)
    approve(world)
    page = text(as_(client, world, "cell_secretary").get(list_url(world)))
    assert "criticism-edit-link" not in page
    assert page.count("criticism-read-link") == 1
    assert "approved and locked" in page


def test_the_list_before_recording_started(client, world):
    meeting = MeetingFactory(cell=world.cell, date=today() - 3 * DAY, status="published")
    response = as_(client, world, "cell_secretary").get(
        reverse("meetings:criticism", args=[meeting.pk])
    )
    assert response.status_code == 200
    assert "Start recording the meeting first" in text(response)


def test_a_draft_meeting_of_another_cell_is_404(client, world):
    meeting = MeetingFactory(cell=world.other_cell, date=today() - 3 * DAY, status="draft")
    response = as_(client, world, "cell_secretary").get(
        reverse("meetings:criticism", args=[meeting.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status", "form"),
    [
        ("cell_secretary", 200, True),
        ("committee_officer", 200, True),
        ("meeting_clerk", 200, True),
        ("cell_committee_member", 200, False),  # reads, does not record
        ("member", 200, False),  # her own record, read-only
        ("member_same_cell", 404, False),
        ("committee_clerk", 404, False),
        ("observer", 404, False),
        ("member_other_cell", 404, False),
        ("superuser", 404, False),
    ],
)
def test_edit_page_access(client, world, who, status, form):
    write_record(world)
    response = as_(client, world, who).get(edit_url(world))
    assert response.status_code == status
    page = text(response)
    assert (SELF_TEXT in page) is (status == 200)
    assert ("criticism-form" in page) is form
    if status == 200 and not form:
        assert CRITICISM_TEXT in page and CONCLUSION_TEXT in page


def test_a_member_reads_her_own_record_only(client, world):
    write_record(world)
    client = as_(client, world, "member_same_cell")
    assert client.get(edit_url(world)).status_code == 404
    own = client.get(edit_url(world, world.colleague))
    assert own.status_code == 200
    assert "Nothing has been recorded" in text(own)


def test_unknown_member_is_404(client, world):
    response = as_(client, world, "cell_secretary").get(edit_url(world, world.other_member))
    assert response.status_code == 404


def test_the_clerk_no_longer_reads_after_approval(client, world):
    write_record(world)
    approve(world)
    response = as_(client, world, "meeting_clerk").get(edit_url(world))
    assert response.status_code == 404


def test_the_form_shows_the_saved_rows_and_two_empty_ones(client, world):
    write_record(world)
    page = text(as_(client, world, "cell_secretary").get(edit_url(world)))
    assert 'name="criticism-TOTAL_FORMS" value="4"' in page
    assert CRITICISM_TEXT in page and "Trần Văn Khách" in page
    # The author select lists the members on the sheet.
    assert f'<option value="{world.colleague.pk}" selected>' in page
    assert f'value="{world.other_member.pk}"' not in page


def test_posting_saves_and_goes_to_the_list(client, world):
    response = as_(client, world, "cell_secretary").post(
        edit_url(world),
        form_post(world, rows=[(world.colleague.pk, "", CRITICISM_TEXT), ("", "Khách", "Ý")]),
    )
    assert response.status_code == 302
    assert response.url == list_url(world)
    record = CriticismRecord.objects.get(meeting=world.meeting, member=world.member)
    assert record.self_criticism == SELF_TEXT
    assert rows_of(record) == [
        (1, world.colleague.pk, "", CRITICISM_TEXT),
        (2, None, "Khách", "Ý"),
    ]
    assert any("was saved" in m for m in msgs(response))


def test_save_and_add_more_stays_on_the_form(client, world):
    response = as_(client, world, "meeting_clerk").post(edit_url(world), form_post(world, more="1"))
    assert response.status_code == 302
    assert response.url == edit_url(world)
    page = text(as_(client, world, "meeting_clerk").get(edit_url(world)))
    assert 'name="criticism-TOTAL_FORMS" value="3"' in page


def test_a_bad_row_keeps_the_input(client, world):
    before = state()
    response = as_(client, world, "cell_secretary").post(
        edit_url(world),
        form_post(
            world,
            rows=[(world.colleague.pk, "", CRITICISM_TEXT), ("", "", "Ý kiến không tên")],
            self_criticism="Bản tự phê bình đang viết",
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Nothing was saved" in page
    assert "Say who made the comment" in page
    assert "Bản tự phê bình đang viết" in page and "Ý kiến không tên" in page
    assert state() == before


def test_an_author_not_on_the_sheet_keeps_the_input(client, world):
    before = state()
    response = as_(client, world, "cell_secretary").post(
        edit_url(world),
        form_post(world, rows=[(world.other_member.pk, "", "Ý kiến lạ")]),
    )
    assert response.status_code == 200
    assert "Ý kiến lạ" in text(response)
    assert "Nothing was saved" in text(response)
    assert state() == before


def test_a_too_long_text_keeps_the_input(client, world):
    before = state()
    response = as_(client, world, "cell_secretary").post(
        edit_url(world), form_post(world, conclusion="x" * (MAX_TEXT + 1))
    )
    assert response.status_code == 200
    assert "Nothing was saved" in text(response)
    assert state() == before


@pytest.mark.parametrize(
    "data",
    [
        {"criticism-TOTAL_FORMS": "abc"},
        {"criticism-TOTAL_FORMS": "100000"},
        {"criticism-0-by_member": "not-a-number"},
        {"criticism-0-by_member": "-5"},
    ],
)
def test_garbage_never_gives_a_500(client, world, data):
    before = state()
    response = as_(client, world, "cell_secretary").post(edit_url(world), form_post(world, **data))
    assert response.status_code == 200
    assert state() == before


def test_an_empty_form_for_a_new_record_says_so(client, world):
    response = as_(client, world, "cell_secretary").post(
        edit_url(world),
        form_post(world, rows=[("", "", "")], self_criticism="", response="", conclusion=""),
    )
    assert response.status_code == 200
    assert "Nothing to save" in text(response)
    assert not CriticismRecord.objects.exists()


@pytest.mark.parametrize("who", ["member", "cell_committee_member"])
def test_readers_may_not_post(client, world, who):
    write_record(world)
    before = state()
    response = as_(client, world, who).post(edit_url(world), form_post(world, conclusion="Đổi"))
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("who", ["member_same_cell", "observer", "superuser"])
def test_others_posting_get_404(client, world, who):
    write_record(world)
    before = state()
    response = as_(client, world, who).post(edit_url(world), form_post(world, conclusion="Đổi"))
    assert response.status_code == 404
    assert state() == before


def test_posting_after_approval_says_so(client, world):
    write_record(world)
    approve(world)
    before = state()
    response = as_(client, world, "cell_secretary").post(
        edit_url(world), form_post(world, conclusion="Đổi"), follow=True
    )
    assert response.redirect_chain[-1][0] == edit_url(world)
    assert "approved and locked" in text(response)
    assert "criticism-form" not in text(response)
    assert state() == before


def test_the_meeting_page_links_to_the_records_for_officers_only(client, world):
    url = world.meeting.get_absolute_url()
    for who in ("cell_secretary", "cell_committee_member", "committee_officer", "meeting_clerk"):
        assert "record-criticism" in text(as_(client, world, who).get(url)), who
    for who in ("member", "member_same_cell", "committee_clerk", "observer"):
        response = as_(client, world, who).get(url)
        assert response.status_code == 200
        assert "record-criticism" not in text(response), who
    approve(world)
    assert "record-criticism" not in text(as_(client, world, "meeting_clerk").get(url))
    assert "record-criticism" in text(as_(client, world, "cell_secretary").get(url))


@pytest.mark.parametrize("who", ["cell_secretary", "member_same_cell", "superuser"])
def test_the_record_panel_link_costs_no_query(world, who, django_assert_num_queries):
    """The link comes from the access the page has already loaded: the panel still makes one
    query (the minutes), and the meeting page's count does not change."""
    user = world.users[who]
    access.access_for(user)  # loaded by the meeting page before the panel
    with django_assert_num_queries(1):
        context = record_context(user, world.meeting)
    assert context["record_can_criticism"] is (who == "cell_secretary")


# --- query counts --------------------------------------------------------------------------------


def _grow(w, count):
    """`count` more members on the sheet, each with a record of two criticisms."""
    for _i in range(count):
        member = MemberFactory(committee=w.committee, cell=w.cell)
        attendance_refresh(meeting=w.meeting, by=w.users["cell_secretary"])
        criticism_record_save(
            meeting=w.meeting,
            member=member,
            by=w.users["cell_secretary"],
            self_criticism="Tự phê bình",
            criticisms=[(w.colleague.pk, "", "Ý kiến"), (None, "Khách", "Ý kiến")],
        )


def test_the_list_makes_as_many_queries_for_5_as_for_50_members(
    client, world, django_assert_num_queries
):
    client = as_(client, world, "cell_secretary")
    url = list_url(world)
    _grow(world, 5)
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(re.findall(r'data-member="\d+"', text(response))) == 5 + 5
    _grow(world, 45)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert len(re.findall(r'data-member="\d+"', text(response))) == 50 + 5


def test_the_form_makes_as_many_queries_for_5_as_for_50_members(
    client, world, django_assert_num_queries
):
    client = as_(client, world, "cell_secretary")
    url = edit_url(world)
    write_record(world)
    _grow(world, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    _grow(world, 45)
    with django_assert_num_queries(len(five)):
        client.get(url)
