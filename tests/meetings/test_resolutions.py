"""Resolutions (issue 8 item 3): `meetings/decisions/resolutions.py` and `meetings/views/resolutions.py`.

Numbered per issuer (a cell, or the executive committee) per type (NQ / KL) within the term that
contains the adoption date, from 01 each term; adopted only from a passed ordinary vote while the
meeting's record is open; the official document read back from the DOCX; who reads what.
"""

import copy
import datetime
from io import BytesIO

import docx
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from meetings.decisions import resolutions as services
from meetings.decisions.forms import initial_from_motion
from meetings.models import Meeting, Minutes, Motion, Resolution, Task, TaskAssignment
from meetings.record.attendance import recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

OLD_DAY = datetime.date(2024, 3, 5)  # in the term 2020–2025
DAY = datetime.date(2026, 3, 5)  # in the term 2025–2030 (the current one)
WORKING = "5 đảng viên chính thức → 5; 5 tán thành > 5/2 → thông qua"


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the source strings)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    old_term = TermFactory(
        committee=committee,
        name="2020–2025",
        start_date=datetime.date(2020, 7, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    term = TermFactory(committee=committee)  # 2025-07-01 → 2030-06-30
    cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin", code="CB1")
    other_cell = CellFactory(committee=committee, name="Chi bộ Tổ Văn", code="CB2")

    def person(c, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, full_name=name, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(cell, "Nguyễn Văn An", "cell_secretary")
    plain = person(cell, "Lê Thị Bình")
    writer = person(cell, "Đỗ Văn Ghi")
    outsider = person(other_cell, "Trần Văn Khác")
    other_secretary = person(other_cell, "Phạm Thị Thư", "cell_secretary")
    chief = MemberFactory(committee=committee, full_name="Hoàng Văn Trưởng")
    PositionFactory(member=chief, role="committee_secretary", term=term)
    users = {
        "secretary": member_user(secretary),
        "member": member_user(plain),
        "member_other_cell": member_user(outsider),
        "secretary_other_cell": member_user(other_secretary),
        "committee_secretary": member_user(chief),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(role="officer").user,
    }

    def held(day=DAY, *, c=cell, body="cell", kind="regular"):
        """A meeting on `day` whose record is started (its minutes open)."""
        meeting = MeetingFactory(
            committee=committee,
            cell=c if body == "cell" else None,
            body=body,
            kind=kind,
            date=day,
            status="published",
            chair=secretary if body == "cell" else chief,
        )
        AgendaItemFactory(meeting=meeting)
        recording_start(meeting=meeting, by=users["officer"])
        return meeting

    meeting = held()
    return {
        "committee": committee,
        "old_term": old_term,
        "term": term,
        "cell": cell,
        "other_cell": other_cell,
        "secretary": secretary,
        "plain": plain,
        "writer": writer,
        "chief": chief,
        "users": users,
        "held": held,
        "meeting": meeting,
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def motion_for(meeting, *, kind="ordinary", passed=True, text="Nghị quyết về nhiệm vụ tháng 3"):
    """A recorded vote, with its snapshot of the result (as the votes service stores it)."""
    return Motion.objects.create(
        meeting=meeting,
        kind=kind,
        method="hands",
        text=text,
        yes=5 if passed else 2,
        no=0 if passed else 3,
        abstain=0,
        official_count=5,
        denominator=5,
        eligible_present=5,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        passed=passed,
        working=WORKING if passed else "2 tán thành ≤ 5/2 → không thông qua",
    )


def adopt(
    world,
    meeting=None,
    *,
    doc_type="NQ",
    title="về nhiệm vụ trọng tâm tháng 3 năm 2026",
    **number,
):
    """Adopt from a new passed vote; `number=` is the number typed from paper."""
    meeting = meeting or world["meeting"]
    return services.resolution_adopt(
        motion=motion_for(meeting),
        title=title,
        content="Chi bộ thống nhất:\nMột là, …\nHai là, …",
        by=world["users"]["secretary"],
        doc_type=doc_type,
        **number,
    )


def afterwards(world, day, **kwargs):
    """A meeting of `day` entered afterwards (history), its record started."""
    meeting = world["held"](day, **kwargs)
    Meeting.objects.filter(pk=meeting.pk).update(recorded_afterwards=True)
    meeting.refresh_from_db()
    return meeting


def approve(world, meeting=None):
    meeting = meeting or world["meeting"]
    by = world["users"]["officer"]
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=by,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=world["secretary"].pk,
        clerk_id=world["writer"].pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    minutes_mark_ready(meeting=meeting, by=by)
    minutes_approve(meeting=meeting, by=by)


def _client(world, who):
    client = world["client"]
    client.force_login(world["users"][who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.cookies.pop("messages", None)  # each response's messages are its own
    return client


def _get(world, who, url, **params):
    return _client(world, who).get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def _post(world, who, url, data):
    return _client(world, who).post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _url(name, *args):
    return reverse(f"meetings:{name}", args=args)


# --- numbering ----------------------------------------------------------------------------------


def test_numbered_from_01_per_cell_per_type(world):
    first, second = adopt(world), adopt(world)
    conclusion = adopt(world, doc_type="KL")
    assert [first.number, second.number, conclusion.number] == [1, 2, 1]
    assert [first.code, second.code, conclusion.code] == ["01-NQ/CB", "02-NQ/CB", "01-KL/CB"]
    assert services.number_line(second) == "Số 02-NQ/CB"
    assert first.term == world["term"]
    assert first.cell == world["cell"]
    assert first.adopted_on == DAY
    assert first.committee == world["committee"]
    assert first.created_by == world["users"]["secretary"]
    assert first.history.first().history_user == world["users"]["secretary"]


def test_numbering_restarts_each_term(world):
    old_meeting = world["held"](OLD_DAY)
    old = adopt(world, old_meeting)
    new = adopt(world)
    older = adopt(world, old_meeting)
    assert (old.term, old.number) == (world["old_term"], 1)
    assert (new.term, new.number) == (world["term"], 1)
    assert (older.term, older.number) == (world["old_term"], 2)


def test_each_cell_and_the_executive_committee_number_apart(world):
    adopt(world)
    adopt(world)
    other = adopt(world, world["held"](c=world["other_cell"]))
    executive = adopt(world, world["held"](datetime.date(2026, 4, 7), body="executive"))
    # A whole-committee conference's resolutions are issued by the executive committee.
    conference = world["held"](datetime.date(2026, 5, 20), body="committee", kind="conference")
    from_conference = adopt(world, conference)
    assert other.code == "01-NQ/CB"
    assert other.cell == world["other_cell"]
    assert executive.code == "01-NQ/ĐU"
    assert executive.cell is None
    assert from_conference.code == "02-NQ/ĐU"
    assert from_conference.cell is None


def test_term_on_finds_the_term_or_says_to_add_it(world):
    committee = world["committee"]
    assert services.term_on(committee, OLD_DAY) == world["old_term"]
    assert services.term_on(committee, datetime.date(2025, 7, 1)) == world["term"]
    with pytest.raises(ValidationError) as caught:
        services.term_on(committee, datetime.date(2019, 1, 1))
    assert caught.value.messages == [
        "No term of the committee covers this date: add the term first."
    ]


# --- refusals -----------------------------------------------------------------------------------


def _refused(world, motion, *, title="về việc", content="Nội dung.", doc_type="NQ"):
    before = Resolution.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.resolution_adopt(
            motion=motion,
            title=title,
            content=content,
            by=world["users"]["secretary"],
            doc_type=doc_type,
        )
    assert Resolution.objects.count() == before
    return caught.value


def test_refuses_a_motion_that_did_not_pass(world):
    error = _refused(world, motion_for(world["meeting"], passed=False))
    assert error.messages == ["This motion did not pass: no resolution can be adopted from it."]


def test_refuses_a_motion_of_another_kind(world):
    error = _refused(world, motion_for(world["meeting"], kind="admission"))
    assert "Only a vote on a resolution or conclusion becomes a resolution" in error.messages[0]


def test_refuses_a_second_resolution_for_the_same_vote(world):
    first = adopt(world)
    error = _refused(world, first.motion)
    assert error.messages == ["A resolution has already been adopted from this vote."]


def test_refuses_once_the_minutes_are_approved(world):
    motion = motion_for(world["meeting"])
    approve(world)
    error = _refused(world, motion)
    assert error.messages == [
        "The minutes of this meeting are approved: nothing new can be adopted at it any more."
    ]


def test_refuses_before_the_record_is_started(world):
    meeting = MeetingFactory(cell=world["cell"], date=datetime.date(2026, 6, 5), status="published")
    error = _refused(world, motion_for(meeting))
    assert error.messages == ["Start recording the meeting first."]


def test_refuses_a_date_no_term_covers(world):
    meeting = world["held"](datetime.date(2019, 5, 6))
    error = _refused(world, motion_for(meeting))
    assert error.messages == ["No term of the committee covers this date: add the term first."]


@pytest.mark.parametrize(
    ("title", "content", "field", "message"),
    [
        ("  ", "Nội dung.", "title", "Give the summary of the resolution."),
        ("x" * 301, "Nội dung.", "title", "At most 300 characters."),
        ("về việc", " ", "content", "Write the content of the resolution."),
        ("về việc", "x" * 50_001, "content", "At most 50000 characters."),
    ],
)
def test_refuses_bad_texts(world, title, content, field, message):
    error = _refused(world, motion_for(world["meeting"]), title=title, content=content)
    assert error.message_dict == {field: [message]}


def test_refuses_an_unknown_type(world):
    error = _refused(world, motion_for(world["meeting"]), doc_type="QĐ")
    assert error.message_dict == {"doc_type": ["Choose a resolution or a conclusion."]}


def test_an_integrity_clash_is_a_clear_message(world, monkeypatch):
    """If a duplicate number slipped past the lock, the database refuses it: a message, no 500."""
    adopt(world)
    monkeypatch.setattr(services, "_next_number", lambda term, cell, doc_type: 1)
    monkeypatch.setattr(services, "_save", lambda instance, by: instance.save())
    error = _refused(world, motion_for(world["meeting"]))
    assert "Another resolution was numbered at the same moment" in error.messages[0]


# --- editing ------------------------------------------------------------------------------------


def test_update_while_open_then_refused_after_approval(world):
    resolution = adopt(world)
    services.resolution_update(
        resolution=resolution,
        by=world["users"]["officer"],
        title="  về nhiệm vụ tháng 3  ",
        content="Nội dung mới.",
    )
    resolution.refresh_from_db()
    assert (resolution.title, resolution.content) == ("về nhiệm vụ tháng 3", "Nội dung mới.")
    assert resolution.history.first().history_user == world["users"]["officer"]
    with pytest.raises(ValidationError) as caught:
        services.resolution_update(
            resolution=resolution, by=world["users"]["officer"], title="", content="x"
        )
    assert caught.value.message_dict == {"title": ["Give the summary of the resolution."]}
    approve(world)
    with pytest.raises(ValidationError) as caught:
        services.resolution_update(
            resolution=resolution, by=world["users"]["officer"], title="về khác", content="x"
        )
    assert caught.value.messages == [
        "The minutes of this meeting are approved: a resolution is not edited once adopted "
        "and approved."
    ]
    resolution.refresh_from_db()
    assert resolution.title == "về nhiệm vụ tháng 3"


# --- the official document ----------------------------------------------------------------------


def _read(resolution) -> docx.Document:
    resolution = Resolution.objects.with_related().get(pk=resolution.pk)
    return docx.Document(BytesIO(services.resolution_docx(resolution)))


def _texts(document):
    return [p.text for p in document.paragraphs]


def test_docx_of_a_cell_resolution(world):
    document = _read(adopt(world))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG",
        "CHI BỘ TỔ TOÁN - TIN",
        "*",
        "Số 01-NQ/CB",
    ]
    assert [p.text for p in right.paragraphs] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Krông Bông, ngày 05 tháng 3 năm 2026",
    ]
    paragraphs = document.paragraphs
    texts = _texts(document)
    title = texts.index("NGHỊ QUYẾT")
    assert paragraphs[title].runs[0].bold
    assert texts[title + 1] == "về nhiệm vụ trọng tâm tháng 3 năm 2026"
    assert paragraphs[title + 1].runs[0].bold
    assert texts[title + 2] == "-----"
    assert texts[title + 3 : title + 6] == ["Chi bộ thống nhất:", "Một là, …", "Hai là, …"]
    body = paragraphs[title + 3]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    recipients, signature = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Đảng ủy (để báo cáo),",
        "- Đảng viên trong chi bộ,",
        "- Lưu chi bộ.",
    ]
    assert [p.text for p in signature.paragraphs if p.text] == [
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nguyễn Văn An",
    ]
    style = document.styles["Normal"]
    assert style.font.name == "Times New Roman"
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_docx_of_an_executive_conclusion(world):
    meeting = world["held"](datetime.date(2026, 4, 7), body="executive")
    document = _read(adopt(world, meeting, doc_type="KL", title="Công tác phát triển đảng viên"))
    left = document.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs] == [
        "HUYỆN ỦY KRÔNG BÔNG",
        "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG",
        "*",
        "Số 01-KL/ĐU",
    ]
    texts = _texts(document)
    assert texts[texts.index("KẾT LUẬN") + 1] == "về công tác phát triển đảng viên"
    recipients, signature = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Các chi bộ trực thuộc,",
        "- Lưu văn phòng đảng ủy.",
    ]
    assert [p.text for p in signature.paragraphs if p.text] == [
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Hoàng Văn Trưởng",
    ]


def test_signer_is_the_secretary_on_the_date_else_the_chair_else_blank(world):
    # The cell secretary's position starts in the new term: in 2024 the chair signs.
    old = adopt(world, world["held"](OLD_DAY))
    assert services.signer_name(old) == "Nguyễn Văn An"  # the chair of that meeting
    old.meeting.chair = None
    old.meeting.save()
    old = Resolution.objects.with_related().get(pk=old.pk)
    assert services.signer_name(old) == ""
    # In the new term, the secretary on the date — not the chair.
    new = adopt(world)
    new.meeting.chair = world["plain"]
    new.meeting.save()
    assert services.signer_name(Resolution.objects.get(pk=new.pk)) == "Nguyễn Văn An"


def test_subtitle_adds_ve_and_keeps_acronyms():
    assert services.subtitle_of("về nhiệm vụ") == "về nhiệm vụ"
    assert services.subtitle_of("Về nhiệm vụ") == "Về nhiệm vụ"
    assert services.subtitle_of("Nhiệm vụ tháng 3") == "về nhiệm vụ tháng 3"
    assert services.subtitle_of("THPT và nhiệm vụ") == "về THPT và nhiệm vụ"


def test_docx_filename_is_ascii(world):
    assert services.docx_filename(adopt(world)) == "nghi-quyet-01-NQ-CB-2026.docx"
    meeting = world["held"](datetime.date(2026, 4, 7), body="executive")
    assert services.docx_filename(adopt(world, meeting, doc_type="KL")) == (
        "ket-luan-01-KL-DU-2026.docx"
    )


# --- views: adopting ----------------------------------------------------------------------------


def test_adopt_page_is_prefilled_from_the_vote(world):
    motion = motion_for(world["meeting"], text="Thông qua nghị quyết tháng 3\nMột là, …")
    response = _get(world, "secretary", _url("resolution_adopt", world["meeting"].pk, motion.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Thông qua nghị quyết tháng 3"
    assert form["content"].value() == "Thông qua nghị quyết tháng 3\nMột là, …"
    assert form["doc_type"].value() == "NQ"
    assert escape(WORKING) in response.content.decode()


def test_adopt_prefill_trims_a_long_first_line():
    assert initial_from_motion("x" * 400 + "\ny")["title"] == "x" * 300
    assert initial_from_motion("")["title"] == ""


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("officer", 200),
        ("committee_secretary", 200),
        ("member", 403),
        ("member_other_cell", 404),
        ("secretary_other_cell", 404),
        ("observer", 403),
        ("officer_other_committee", 404),
    ],
)
def test_adopt_access(world, who, status):
    motion = motion_for(world["meeting"])
    url = _url("resolution_adopt", world["meeting"].pk, motion.pk)
    assert _get(world, who, url).status_code == status
    data = {"doc_type": "NQ", "title": "về việc", "content": "Nội dung."}
    response = _post(world, who, url, data)
    assert response.status_code == (302 if status == 200 else status)
    assert Resolution.objects.count() == (1 if status == 200 else 0)


def test_adopt_a_motion_of_another_meeting_is_404(world):
    other = world["held"](datetime.date(2026, 4, 6))
    motion = motion_for(other)
    url = _url("resolution_adopt", world["meeting"].pk, motion.pk)
    assert _get(world, "secretary", url).status_code == 404
    assert (
        _get(world, "secretary", _url("resolution_adopt", world["meeting"].pk, 99999)).status_code
        == 404
    )


def test_adopt_saves_and_says_the_number(world):
    motion = motion_for(world["meeting"])
    url = _url("resolution_adopt", world["meeting"].pk, motion.pk)
    data = {"doc_type": "NQ", "title": "về nhiệm vụ", "content": "Nội dung."}
    response = _post(world, "secretary", url, data)
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert response.url == resolution.get_absolute_url()
    assert _messages(response) == ["Resolution Số 01-NQ/CB adopted."]
    motion = motion_for(world["meeting"])
    url = _url("resolution_adopt", world["meeting"].pk, motion.pk)
    response = _post(world, "secretary", url, {**data, "doc_type": "KL"})
    assert _messages(response) == ["Conclusion Số 01-KL/CB adopted."]


def test_adopt_errors_keep_the_input(world):
    motion = motion_for(world["meeting"])
    url = _url("resolution_adopt", world["meeting"].pk, motion.pk)
    response = _post(world, "secretary", url, {"doc_type": "KL", "title": "", "content": "Giữ."})
    assert response.status_code == 400
    form = response.context["form"]
    assert form["content"].value() == "Giữ."
    assert form["doc_type"].value() == "KL"
    assert form.errors["title"]
    assert Resolution.objects.count() == 0


def test_adopt_refused_votes_go_back_with_the_reason(world):
    meeting = world["meeting"]
    failed = motion_for(meeting, passed=False)
    response = _get(world, "secretary", _url("resolution_adopt", meeting.pk, failed.pk))
    assert response.status_code == 302
    assert response.url == _url("votes", meeting.pk)
    assert _messages(response) == [
        "This motion did not pass: no resolution can be adopted from it."
    ]
    data = {"doc_type": "NQ", "title": "về việc", "content": "Nội dung."}
    _post(world, "secretary", _url("resolution_adopt", meeting.pk, failed.pk), data)
    assert Resolution.objects.count() == 0
    # A vote already adopted: to its resolution.
    resolution = adopt(world)
    url = _url("resolution_adopt", meeting.pk, resolution.motion_id)
    response = _get(world, "secretary", url)
    assert response.url == resolution.get_absolute_url()
    # Approved minutes: back to the meeting, nothing saved.
    motion = motion_for(meeting)
    approve(world)
    response = _post(world, "secretary", _url("resolution_adopt", meeting.pk, motion.pk), data)
    assert response.url == meeting.get_absolute_url()
    assert _messages(response) == [
        "The minutes of this meeting are approved: nothing new can be adopted at it any more."
    ]
    assert Resolution.objects.count() == 1


def test_a_clerk_who_is_no_officer_reads_the_resolution_she_adopted(world):
    """The meeting's clerk records it, adopts, and reads its draft record (as the minutes)."""
    meeting = world["meeting"]
    meeting.clerk = world["plain"]
    meeting.save()
    motion = motion_for(meeting)
    data = {"doc_type": "NQ", "title": "về việc", "content": "Nội dung."}
    response = _post(world, "member", _url("resolution_adopt", meeting.pk, motion.pk), data)
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert response.url == resolution.get_absolute_url()


# --- views: reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("secretary", 200, 200),
        ("member", 404, 200),
        ("member_other_cell", 404, 404),
        ("secretary_other_cell", 404, 404),
        ("officer", 200, 200),
        ("committee_secretary", 200, 200),
        ("observer", 404, 200),
        ("officer_other_committee", 404, 404),
    ],
)
def test_who_reads_a_resolution(world, who, before, after):
    resolution = adopt(world)
    urls = [
        _url(name, resolution.pk) for name in ("resolution", "resolution_print", "resolution_docx")
    ]
    assert [_get(world, who, url).status_code for url in urls] == [before] * 3
    approve(world)
    assert [_get(world, who, url).status_code for url in urls] == [after] * 3


def test_detail_shows_the_vote_content_and_tasks(world):
    resolution = adopt(world)
    task = Task.objects.create(
        committee=world["committee"],
        cell=world["cell"],
        meeting=world["meeting"],
        resolution=resolution,
        title="Rà soát hồ sơ đảng viên",
        deadline=datetime.date(2026, 4, 30),
    )
    TaskAssignment.objects.create(task=task, member=world["plain"])
    TaskAssignment.objects.create(
        task=task, member=world["secretary"], status="done", done_on=datetime.date(2026, 4, 1)
    )
    response = _get(world, "secretary", resolution.get_absolute_url())
    html = response.content.decode()
    assert "01-NQ/CB" in html
    assert "về nhiệm vụ trọng tâm tháng 3 năm 2026" in html
    assert "05/03/2026" in html
    assert escape(WORKING) in html
    assert "Một là, …" in html
    assert "Rà soát hồ sơ đảng viên" in html
    assert "30/04/2026" in html
    assert "Lê Thị Bình" in html and "Overdue" in html  # her part is open past the deadline
    assert "Nguyễn Văn An" in html and "Done" in html
    assert _url("resolution_edit", resolution.pk) in html
    assert f"{_url('task_add', world['meeting'].pk)}?resolution={resolution.pk}" in html
    assert _url("resolution_print", resolution.pk) in html
    assert _url("resolution_docx", resolution.pk) in html
    assert world["meeting"].get_absolute_url() in html


def test_detail_buttons_go_once_approved_and_members_see_their_own_tasks(world):
    resolution = adopt(world)
    approve(world)
    html = _get(world, "secretary", resolution.get_absolute_url()).content.decode()
    assert _url("resolution_edit", resolution.pk) not in html
    assert "?resolution=" not in html
    assert _url("resolution_print", resolution.pk) in html
    html = _get(world, "member", resolution.get_absolute_url()).content.decode()
    assert _url("resolution_edit", resolution.pk) not in html
    assert "No tasks from this resolution." in html


def test_detail_queries_do_not_grow_with_tasks(world, django_assert_num_queries):
    resolution = adopt(world)

    def add_tasks(n):
        for i in range(n):
            task = Task.objects.create(
                committee=world["committee"],
                cell=world["cell"],
                meeting=world["meeting"],
                resolution=resolution,
                title=f"Việc {i}",
                deadline=datetime.date(2027, 1, 1),
            )
            TaskAssignment.objects.create(task=task, member=world["plain"])
            TaskAssignment.objects.create(task=task, member=world["secretary"])

    client = _client(world, "secretary")
    url = resolution.get_absolute_url()
    add_tasks(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_tasks(6)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- views: editing -----------------------------------------------------------------------------


def test_edit_while_open(world):
    resolution = adopt(world)
    url = _url("resolution_edit", resolution.pk)
    response = _get(world, "secretary", url)
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == resolution.title
    response = _post(world, "secretary", url, {"title": "", "content": "Giữ lại."})
    assert response.status_code == 400
    assert response.context["form"]["content"].value() == "Giữ lại."
    response = _post(world, "secretary", url, {"title": "về việc khác", "content": "Mới."})
    assert response.status_code == 302
    assert response.url == resolution.get_absolute_url()
    resolution.refresh_from_db()
    assert (resolution.title, resolution.content) == ("về việc khác", "Mới.")
    assert resolution.number == 1


def test_edit_access_and_after_approval(world):
    resolution = adopt(world)
    url = _url("resolution_edit", resolution.pk)
    assert _get(world, "member", url).status_code == 404
    assert _get(world, "officer", url).status_code == 200
    approve(world)
    assert _get(world, "member", url).status_code == 403
    assert _get(world, "observer", url).status_code == 403
    response = _post(world, "secretary", url, {"title": "về khác", "content": "x"})
    assert response.status_code == 302
    assert response.url == resolution.get_absolute_url()
    assert _messages(response) == [
        "The minutes of this meeting are approved: a resolution is not edited once adopted "
        "and approved."
    ]
    resolution.refresh_from_db()
    assert resolution.title == "về nhiệm vụ trọng tâm tháng 3 năm 2026"


# --- views: print and DOCX ----------------------------------------------------------------------


def test_print_view_is_vietnamese_a4(world):
    resolution = adopt(world)
    response = _get(world, "secretary", _url("resolution_print", resolution.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'href="/static/css/official.css"' in html  # A4 (a file: the CSP allows no <style>)
    assert '<p class="number">Số 01-NQ/CB</p>' in html
    assert "<h1>NGHỊ QUYẾT</h1>" in html
    assert '<p class="subtitle">về nhiệm vụ trọng tâm tháng 3 năm 2026</p>' in html
    assert '<p class="content">Một là, …</p>' in html
    assert "Krông Bông, ngày 05 tháng 3 năm 2026" in html
    assert "- Đảng viên trong chi bộ," in html
    assert "T/M CHI BỘ" in html and "BÍ THƯ" in html and "Nguyễn Văn An" in html
    assert 'class="js-print"' in html
    assert resolution.get_absolute_url() in html


def test_docx_download_headers(world):
    resolution = adopt(world)
    response = _get(world, "secretary", _url("resolution_docx", resolution.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="nghi-quyet-01-NQ-CB-2026.docx"'
    )
    texts = _texts(docx.Document(BytesIO(response.content)))
    assert "NGHỊ QUYẾT" in texts


# --- views: the register ------------------------------------------------------------------------


def _codes(response):
    return [r.code for r in response.context["resolutions"]]


def test_register_by_issuer_then_number_in_the_current_term(world):
    adopt(world)
    adopt(world, doc_type="KL")
    adopt(world)
    adopt(world, world["held"](c=world["other_cell"]))
    adopt(world, world["held"](datetime.date(2026, 4, 7), body="executive"))
    adopt(world, world["held"](OLD_DAY))  # another term: not listed by default
    response = _get(world, "officer", _url("resolutions"))
    assert response.status_code == 200
    assert _codes(response) == ["01-NQ/ĐU", "01-KL/CB", "01-NQ/CB", "02-NQ/CB", "01-NQ/CB"]
    assert [r.cell_id for r in response.context["resolutions"]] == [
        None,
        world["cell"].pk,
        world["cell"].pk,
        world["cell"].pk,
        world["other_cell"].pk,
    ]
    assert response.context["filter"].form["term"].value() == str(world["term"].pk)


def test_register_filters(world):
    adopt(world)
    adopt(world, doc_type="KL")
    adopt(world, world["held"](c=world["other_cell"]))
    adopt(world, world["held"](datetime.date(2026, 4, 7), body="executive"))
    adopt(world, world["held"](OLD_DAY))
    url = _url("resolutions")
    assert _codes(_get(world, "officer", url, cell=world["cell"].pk)) == ["01-KL/CB", "01-NQ/CB"]
    assert _codes(_get(world, "officer", url, cell="executive")) == ["01-NQ/ĐU"]
    assert _codes(_get(world, "officer", url, doc_type="KL")) == ["01-KL/CB"]
    old = _get(world, "officer", url, term=world["old_term"].pk)
    assert [(r.code, r.term_id) for r in old.context["resolutions"]] == [
        ("01-NQ/CB", world["old_term"].pk)
    ]
    assert len(_codes(_get(world, "officer", url, term=""))) == 5
    # A value the user may not choose is a form error, left out of the filtering.
    bad = _get(world, "officer", url, cell="999999")
    assert bad.status_code == 200
    assert bad.context["filter"].form.errors["cell"]


def test_register_executive_option_only_for_committee_officers(world):
    url = _url("resolutions")
    officer = _get(world, "officer", url).context["filter"].form.fields["cell"].choices
    assert ("executive", "Executive committee") in [(v, str(label)) for v, label in officer]
    secretary = _get(world, "secretary", url).context["filter"].form.fields["cell"].choices
    assert "executive" not in [v for v, _label in secretary]


def test_register_is_scoped(world):
    adopt(world)
    adopt(world, world["held"](c=world["other_cell"]))
    adopt(world, world["held"](datetime.date(2026, 4, 7), body="executive"))
    url = _url("resolutions")
    assert _codes(_get(world, "secretary", url)) == ["01-NQ/CB"]
    assert _codes(_get(world, "member", url)) == []  # not approved yet
    assert _codes(_get(world, "observer", url)) == []
    approve(world)
    assert _codes(_get(world, "member", url)) == ["01-NQ/CB"]
    assert _codes(_get(world, "observer", url)) == ["01-NQ/CB"]
    assert _codes(_get(world, "member_other_cell", url)) == []
    assert _get(world, "officer_other_committee", url).context["resolutions"] == []


def _bulk(world, n, start):
    meeting = world["meeting"]
    Resolution.objects.bulk_create(
        Resolution(
            committee=world["committee"],
            term=world["term"],
            cell=world["cell"],
            number=start + i,
            meeting=meeting,
            adopted_on=meeting.date,
            title=f"về việc {start + i}",
            content="Nội dung.",
        )
        for i in range(n)
    )


def test_register_query_count_does_not_grow(world, django_assert_num_queries):
    client = _client(world, "officer")
    url = _url("resolutions")
    _bulk(world, 5, 1)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert len(response.context["resolutions"]) == 5
    _bulk(world, 45, 6)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert len(response.context["resolutions"]) == 25
    assert response.context["page"].paginator.count == 50
    second = client.get(url, {"page": 2})
    assert [r.number for r in second.context["resolutions"]] == list(range(26, 51))


def test_calendar_links_the_register(world):
    html = _get(world, "member", _url("calendar")).content.decode()
    assert _url("resolutions") in html


# --- issue 17 item 9: numbers entered afterwards, gaps and dates in the register ------------------


def test_a_resolution_entered_afterwards_takes_the_number_it_bears_on_paper(world):
    """History entered in any order keeps its paper numbers; a new one follows the highest."""
    may = afterwards(world, datetime.date(2026, 5, 5))
    february = afterwards(world, datetime.date(2026, 2, 5))
    fifth = adopt(world, may, number=5)
    first = adopt(world, february, number=1)
    assert [(first.code, first.adopted_on), (fifth.code, fifth.adopted_on)] == [
        ("01-NQ/CB", datetime.date(2026, 2, 5)),
        ("05-NQ/CB", datetime.date(2026, 5, 5)),
    ]
    assert fifth.history.first().number == 5
    # Without a typed number, history takes the next one too.
    assert adopt(world, afterwards(world, datetime.date(2026, 1, 8))).number == 6
    # A resolution adopted at a meeting held in the app: the number after the highest issued.
    live = world["held"](datetime.date(2026, 6, 5))
    assert adopt(world, live).code == "07-NQ/CB"
    # Each issuer and type has its own series: the same paper number is free there.
    assert adopt(world, february, doc_type="KL", number=5).code == "05-KL/CB"
    other = afterwards(world, datetime.date(2026, 2, 6), c=world["other_cell"])
    assert adopt(world, other, number=5).code == "05-NQ/CB"


def _refused_number(world, meeting, number, doc_type="NQ"):
    return _refused_with(world, meeting, doc_type=doc_type, number=number)


def _refused_with(world, meeting, **kwargs):
    before = Resolution.objects.count()
    with pytest.raises(ValidationError) as caught:
        adopt(world, meeting, **kwargs)
    assert Resolution.objects.count() == before
    return caught.value


def test_a_number_already_issued_in_the_series_is_refused(world):
    february = afterwards(world, datetime.date(2026, 2, 5))
    adopt(world, february, number=1)
    error = _refused_number(world, afterwards(world, datetime.date(2026, 4, 7)), 1)
    assert error.message_dict == {
        "number": [
            "Number 01-NQ/CB is already issued in this term (adopted on 05/02/2026): type the "
            "number this resolution bears on paper."
        ]
    }
    # A number the app gave a meeting held in the app is issued too.
    adopt(world)  # 02, at the live meeting
    error = _refused_number(world, february, 2)
    assert "Number 02-NQ/CB is already issued" in error.message_dict["number"][0]


@pytest.mark.parametrize("number", [0, -1, 1000, True, "5", 2.5])
def test_a_typed_number_must_be_a_whole_number_from_1(world, number):
    error = _refused_number(world, afterwards(world, datetime.date(2026, 2, 5)), number)
    assert error.message_dict == {"number": ["Type a whole number from 1 to 999."]}


def test_a_meeting_held_in_the_app_takes_no_typed_number(world):
    error = _refused_with(world, world["meeting"], number=3)
    assert error.message_dict["number"] == [
        "A resolution adopted at a meeting held in the app is numbered by the app: only a "
        "meeting entered afterwards takes the number typed from paper."
    ]


def test_adopt_page_of_a_meeting_entered_afterwards_asks_for_the_paper_number(world):
    adopt(world)  # 01-NQ/CB at the live meeting
    meeting = afterwards(world, datetime.date(2026, 2, 5))
    motion = motion_for(meeting)
    url = _url("resolution_adopt", meeting.pk, motion.pk)
    response = _get(world, "secretary", url)
    form = response.context["form"]
    assert list(form.fields) == ["doc_type", "number", "title", "content"]
    assert "The next number of this term: 02 for a resolution, 01 for a conclusion." in str(
        form.fields["number"].help_text
    )
    assert "The number is given when you save" not in response.content.decode()
    data = {"doc_type": "NQ", "title": "về việc", "content": "Nội dung."}
    missing = _post(world, "secretary", url, data)
    assert missing.status_code == 400
    assert missing.context["form"].errors["number"] == [
        "Type the number the resolution bears on paper."
    ]
    taken = _post(world, "secretary", url, {**data, "number": "1"})
    assert taken.status_code == 400
    assert "Number 01-NQ/CB is already issued" in taken.context["form"].errors["number"][0]
    assert taken.context["form"]["content"].value() == "Nội dung."
    response = _post(world, "secretary", url, {**data, "number": "4"})
    assert response.status_code == 302
    assert _messages(response) == ["Resolution Số 04-NQ/CB adopted."]
    # A meeting held in the app has no number field.
    live = _get(
        world,
        "secretary",
        _url("resolution_adopt", world["meeting"].pk, motion_for(world["meeting"]).pk),
    )
    assert "number" not in live.context["form"].fields


def test_series_notes_say_what_is_missing_and_what_is_dated_out_of_order():
    day = datetime.date
    N = services.Numbered
    assert services.series_notes([]) == {}
    in_order = [N(1, 1, day(2026, 1, 5)), N(2, 2, day(2026, 1, 5)), N(3, 3, day(2026, 2, 5))]
    assert services.series_notes(in_order) == {}
    notes = services.series_notes(
        [
            N(10, 5, day(2026, 5, 5)),
            N(11, 1, day(2026, 2, 5)),
            N(12, 2, day(2026, 1, 8)),  # dated before 01
            N(13, 7, day(2026, 3, 1)),  # after a gap, dated before 05
            N(14, 8, day(2026, 6, 1)),
        ]
    )
    assert notes == {
        12: services.RegisterNote(dated_after=("01", day(2026, 2, 5))),
        10: services.RegisterNote(missing=("03", "04")),
        13: services.RegisterNote(missing=("06", "06"), dated_after=("05", day(2026, 5, 5))),
    }
    # The first number of a series is 01.
    assert services.series_notes([N(1, 3, day(2026, 1, 5))]) == {
        1: services.RegisterNote(missing=("01", "02"))
    }


def test_register_shows_missing_numbers_and_numbers_dated_out_of_order(world):
    adopt(world, afterwards(world, datetime.date(2026, 2, 5)), number=1)
    adopt(world, afterwards(world, datetime.date(2026, 1, 8)), number=2)
    adopt(world, afterwards(world, datetime.date(2026, 5, 5)), number=5)
    adopt(world, afterwards(world, datetime.date(2026, 6, 5)), number=7)
    adopt(world, afterwards(world, datetime.date(2026, 7, 6)), doc_type="KL", number=1)
    response = _get(world, "officer", _url("resolutions"))
    rows = response.context["resolutions"]
    assert [r.code for r in rows] == ["01-KL/CB", "01-NQ/CB", "02-NQ/CB", "05-NQ/CB", "07-NQ/CB"]
    assert [r.note for r in rows] == [
        None,
        None,
        services.RegisterNote(dated_after=("01-NQ/CB", datetime.date(2026, 2, 5))),
        services.RegisterNote(missing=("03-NQ/CB", "04-NQ/CB")),
        services.RegisterNote(missing=("06-NQ/CB", "06-NQ/CB")),
    ]
    html = response.content.decode()
    assert "Dated before number 01-NQ/CB (05/02/2026)" in html
    assert "Numbers 03-NQ/CB to 04-NQ/CB are missing from the register." in html
    assert "Number 06-NQ/CB is missing from the register." in html
    assert html.count('class="resolution-missing') == 2


def test_register_notes_of_a_page_see_the_whole_series(world):
    _bulk(world, 30, 1)
    Resolution.objects.filter(number=27).delete()
    client = _client(world, "officer")
    second = client.get(_url("resolutions"), {"page": 2})
    rows = second.context["resolutions"]
    assert rows[0].number == 26 and rows[0].note is None
    assert rows[1].number == 28
    assert rows[1].note == services.RegisterNote(missing=("27-NQ/CB", "27-NQ/CB"))
