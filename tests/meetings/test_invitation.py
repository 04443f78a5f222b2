"""Reaching members without an account (issue 21, part 3): `meetings/planning/invitation.py` and
`meetings/views/invitation.py` — who publishing reached, the notice to share, the card on the
meeting page, the invitation (giấy mời) as a print view and a DOCX read back, and who may see them.
"""

import copy
import datetime
import re
from io import BytesIO

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.planning.documents import document_add
from meetings.planning.invitation import (
    invitation_content,
    invitation_docx,
    meeting_reach,
    notice_text,
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
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 3)  # a Thursday
TODAY = datetime.date(2026, 11, 20)
PLACE = "<b>Phòng họp</b> tổ Toán"
LONG_TITLE = ("Quán triệt nghị quyết " * 20)[:299] + "Z"  # 300 characters, ending in "Z"


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    term = TermFactory(committee=committee)
    SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông")
    cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin", code="CB1")
    other_cell = CellFactory(committee=committee, name="Chi bộ Tổ Văn", code="CB2")

    def member(name, c=cell, role=None, **user):
        person = MemberFactory(committee=committee, cell=c, full_name=name)
        if role:
            PositionFactory(member=person, cell=c, role=role, term=term)
        if user is not None and user.get("login", True):
            user.pop("login", None)
            member_user(person, **user)
        return person

    secretary = member("Trần Thị Hồng Nhung", role="cell_secretary")
    deputy = member("Phạm Văn Phó", role="cell_deputy")
    plain = member("Lê Văn Minh")
    member("Đỗ Thị Hoa", email="")
    gone = member("Võ Văn Nghỉ")
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])
    for name in ("Nguyễn Thị An", "Bùi Văn Cường", "Hoàng Thị Dung"):
        member(name, login=False)
    other_secretary = member("Ngô Văn Khác", c=other_cell, role="cell_secretary")
    other_member = member("Lý Thị Bên", c=other_cell)
    users = {
        "secretary": secretary.user,
        "deputy": deputy.user,
        "member": plain.user,
        "member_other_cell": other_member.user,
        "secretary_other_cell": other_secretary.user,
        "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=CommitteeFactory(), role="officer"
        ).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    # Fixed texts: a regular meeting of December 2026, published, its items out of order.
    meeting = MeetingFactory(cell=cell, date=DAY, status="published", place=PLACE)
    AgendaItemFactory(meeting=meeting, section="other", title="Việc khác", position=10)
    AgendaItemFactory(meeting=meeting, section="tasks", title="Nhiệm vụ tháng 12", position=20)
    AgendaItemFactory(meeting=meeting, section="political", title="Thông tin thời sự", position=30)
    # The card: a meeting still ahead, published, with one document.
    ahead = MeetingFactory(
        cell=cell,
        kind="extraordinary",
        date=timezone.localdate() + datetime.timedelta(days=20),
        status="published",
        place=PLACE,
    )
    AgendaItemFactory(meeting=ahead, section="other", title=LONG_TITLE)
    document_add(
        meeting=ahead,
        upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
        title="Kế hoạch",
        by=secretary.user,
    )
    return {
        "committee": committee,
        "term": term,
        "cell": cell,
        "meeting": meeting,
        "ahead": ahead,
        "users": users,
        "secretary": secretary,
    }


def _client(client, world, who="secretary"):
    client.force_login(world["users"][who])
    return client


def _url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.pk])


def _read(data: bytes) -> docx.Document:
    return docx.Document(BytesIO(data))


# --- the notice ----------------------------------------------------------------------------------


def test_the_notice_states_who_what_when_where_the_agenda_documents_and_link(world):
    meeting = world["meeting"]
    link = settings.SITE_URL.rstrip("/") + f"/meetings/{meeting.pk}/"
    assert notice_text(meeting, document_count=2).split("\n") == [
        "Chi bộ Tổ Toán - Tin thông báo",
        "Sinh hoạt chi bộ thường kỳ tháng 12/2026",
        "- Thời gian: 16 giờ 30 phút, Thứ Năm, ngày 03/12/2026",
        "- Địa điểm: <b>Phòng họp</b> tổ Toán",  # plain text: nothing escaped
        "- Nội dung:",
        "  1. Thông tin thời sự",
        "  2. Nhiệm vụ tháng 12",
        "  3. Việc khác",
        "- Tài liệu sinh hoạt: 2 tài liệu, xem và tải về trên chibo; "
        "đề nghị các đồng chí nghiên cứu trước.",
        f"- Xem chi tiết: {link}",
        "Đề nghị các đồng chí đến dự đầy đủ, đúng giờ.",
    ]


def test_a_notice_without_agenda_place_or_documents_says_so(world):
    meeting = world["meeting"]
    meeting.agenda_items.all().delete()
    meeting.place = ""
    text = notice_text(meeting)  # counts the meeting's own documents: none
    assert "- Nội dung: chưa có chương trình" in text
    assert "- Địa điểm: chưa xác định" in text
    assert "- Tài liệu sinh hoạt: chưa có." in text


def test_the_notice_names_other_kinds_and_bodies(world):
    meeting = world["meeting"]
    meeting.includes_topic, meeting.topic = True, "Học tập và làm theo tư tưởng Hồ Chí Minh"
    assert notice_text(meeting).split("\n")[1] == (
        "Sinh hoạt chi bộ thường kỳ tháng 12/2026 kết hợp sinh hoạt chuyên đề "
        "“Học tập và làm theo tư tưởng Hồ Chí Minh”"
    )
    executive = MeetingFactory(
        committee=world["committee"], cell=None, body="executive", kind="extraordinary", date=DAY
    )
    assert notice_text(executive).split("\n")[:2] == [
        "Đảng ủy Trường THPT Krông Bông thông báo",
        "Họp Đảng ủy bất thường",
    ]


def test_a_300_character_title_stays_whole_in_the_notice(world):
    text = notice_text(world["ahead"])
    assert f"  1. {LONG_TITLE}\n" in text
    assert "- Tài liệu sinh hoạt: 1 tài liệu" in text


# --- who was reached -----------------------------------------------------------------------------


def test_reach_counts_the_app_and_email_and_names_the_others(world):
    reach = meeting_reach(world["meeting"])
    # The secretary, the deputy, Minh and Hoa have an active login; Hoa's has no e-mail.
    assert (reach.in_app, reach.by_email) == (4, 3)
    assert reach.no_email == ["Đỗ Thị Hoa"]
    # No login, or a login turned off (Nghỉ): nothing reached them. In name order.
    assert reach.no_account == ["Nguyễn Thị An", "Bùi Văn Cường", "Hoàng Thị Dung", "Võ Văn Nghỉ"]
    assert reach.total == 8


def test_the_card_shows_the_counts_names_text_and_share_button(client, world):
    ahead = world["ahead"]
    page = _client(client, world).get(ahead.get_absolute_url()).content.decode()
    assert 'id="notice"' in page
    card = page[page.index('id="notice"') :]
    for name in ("Nguyễn Thị An", "Bùi Văn Cường", "Hoàng Thị Dung", "Võ Văn Nghỉ", "Đỗ Thị Hoa"):
        assert name in card
    assert re.search(r'class="notice-in-app">[^<]*<i[^>]*></i>[^<]*\b4\b', card)
    assert re.search(r'class="notice-by-email">[^<]*<i[^>]*></i>[^<]*\b3\b', card)
    assert 'class="btn btn-primary js-share"' in card
    assert "/static/js/share.js" in card
    assert _url("invitation_print", ahead) in card
    assert _url("invitation_docx", ahead) in card
    # The text, whole and escaped: the markup of the place shows as typed, never as markup.
    assert LONG_TITLE in card
    assert "&lt;b&gt;Phòng họp&lt;/b&gt; tổ Toán" in card
    assert "<b>Phòng họp</b>" not in page


@pytest.mark.parametrize("who", ["deputy", "committee_officer"])
def test_the_card_is_there_for_whoever_publishes(client, world, who):
    page = _client(client, world, who).get(world["ahead"].get_absolute_url()).content.decode()
    assert 'id="notice"' in page and "notice-text" in page


@pytest.mark.parametrize("who", ["member", "committee_clerk", "observer"])
def test_readers_of_the_meeting_get_no_card(client, world, who):
    response = _client(client, world, who).get(world["ahead"].get_absolute_url())
    assert response.status_code == 200
    assert 'id="notice"' not in response.content.decode()


def test_a_draft_offers_only_the_draft_invitation(client, world):
    ahead = world["ahead"]
    ahead.status = "draft"
    ahead.save()
    page = _client(client, world).get(ahead.get_absolute_url()).content.decode()
    assert 'id="notice"' in page and "notice-after-publishing" in page
    assert _url("invitation_print", ahead) in page
    assert "notice-text" not in page and "js-share" not in page


@pytest.mark.parametrize("change", ["held", "past"])
def test_no_card_once_held_or_past(client, world, change):
    meeting = world["ahead"] if change == "held" else world["meeting"]  # `meeting`: 03/12/2026
    if change == "held":
        meeting.status = "held"
        meeting.save()
    page = _client(client, world).get(meeting.get_absolute_url()).content.decode()
    assert 'id="notice"' not in page


def test_publishing_brings_her_to_the_card(client, world):
    ahead = world["ahead"]
    ahead.status = "draft"
    ahead.save()
    response = _client(client, world).post(_url("publish", ahead))
    assert response.status_code == 302
    assert response["Location"] == ahead.get_absolute_url() + "#notice"
    ahead.refresh_from_db()
    assert ahead.status == "published"
    page = client.get(response["Location"]).content.decode()
    assert "notice-text" in page


def test_the_meeting_page_costs_as_many_queries_for_5_as_for_30_members(
    client, world, django_assert_num_queries
):
    ahead, cell = world["ahead"], world["cell"]
    client = _client(client, world)
    url = ahead.get_absolute_url()
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(22):
        member_user(MemberFactory(committee=world["committee"], cell=cell))
    with django_assert_num_queries(len(before)):
        page = client.get(url).content.decode()
    assert re.search(r'class="notice-in-app">[^<]*<i[^>]*></i>[^<]*\b26\b', page)


# --- the invitation ------------------------------------------------------------------------------


def test_the_invitation_content(world):
    content = invitation_content(world["meeting"], today=TODAY)
    assert content.header.superior_body == "Đảng bộ Trường THPT Krông Bông"
    assert content.header.issuer == "Chi bộ Tổ Toán - Tin"
    assert content.header.number == "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-GM/CB"
    assert content.place_date == "Krông Bông, ngày 20 tháng 11 năm 2026"
    assert not content.draft
    assert content.invite == "Chi bộ Tổ Toán - Tin trân trọng kính mời các đồng chí có tên sau đây:"
    assert content.invitees[0] == "Nguyễn Thị An"  # by given name, as the registry sorts
    assert len(content.invitees) == 8
    assert content.lines == [
        ("Đến dự:", "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026."),
        ("Thời gian:", "16 giờ 30 phút, Thứ Năm, ngày 03 tháng 12 năm 2026."),
        ("Địa điểm:", PLACE),
    ]
    assert content.agenda == ["1. Thông tin thời sự", "2. Nhiệm vụ tháng 12", "3. Việc khác"]
    assert content.closing == "Đề nghị các đồng chí đến dự đầy đủ, đúng giờ."
    assert (content.signature.on_behalf, content.signature.title, content.signature.name) == (
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Trần Thị Hồng Nhung",
    )
    # Printed again after the meeting: dated the meeting's day.
    late = invitation_content(world["meeting"], today=DAY + datetime.timedelta(days=9))
    assert late.place_date == "Krông Bông, ngày 03 tháng 12 năm 2026"


def test_an_executive_meeting_is_invited_by_the_dang_uy(world):
    committee = world["committee"]
    boss = MemberFactory(committee=committee, full_name="Nguyễn Công Lam")
    PositionFactory(member=boss, role="committee_secretary", term=world["term"])
    meeting = MeetingFactory(committee=committee, cell=None, body="executive", date=DAY)
    content = invitation_content(meeting, today=TODAY)
    assert content.header.superior_body == "Đảng ủy xã Krông Bông"
    assert content.header.issuer == "Đảng ủy Trường THPT Krông Bông"
    assert content.header.number.endswith("-GM/ĐU")
    assert content.invitees == ["Nguyễn Công Lam"]
    assert content.signature.on_behalf == "T/M ĐẢNG ỦY"
    assert content.signature.name == "Nguyễn Công Lam"
    assert content.lines[0] == ("Đến dự:", "Họp Đảng ủy thường kỳ tháng 12 năm 2026.")
    assert content.draft  # a factory meeting is a draft
    assert content.agenda == ["chưa có chương trình"]


def test_the_print_view(client, world):
    meeting = world["meeting"]
    response = _client(client, world).get(_url("invitation_print", meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>GIẤY MỜI</h1>" in page
    assert "-GM/CB" in page and "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert page.count('<td class="name">') == 8
    assert page.count('<tr><td class="number">') == 4  # two halves side by side
    assert '<td class="name">Võ Văn Nghỉ</td>' in page
    assert '<th scope="col">Ký nhận</th>' in page
    assert "16 giờ 30 phút, Thứ Năm, ngày 03 tháng 12 năm 2026." in page
    assert "&lt;b&gt;Phòng họp&lt;/b&gt; tổ Toán" in page and "<b>Phòng họp</b>" not in page
    assert "3. Việc khác" in page
    assert "T/M CHI BỘ" in page and "Trần Thị Hồng Nhung" in page
    assert "DỰ THẢO" not in page
    assert "/static/css/official.css" in page


def test_a_draft_invitation_is_marked(client, world):
    meeting = world["meeting"]
    meeting.status = "draft"
    meeting.save()
    page = _client(client, world).get(_url("invitation_print", meeting)).content.decode()
    assert '<p class="draft-mark">DỰ THẢO</p>' in page
    paragraphs = [p.text for p in _read(invitation_docx(meeting, today=TODAY)).paragraphs]
    assert "DỰ THẢO" in paragraphs


def test_a_long_title_prints_whole(client, world):
    ahead = world["ahead"]
    page = _client(client, world).get(_url("invitation_print", ahead)).content.decode()
    assert f"1. {LONG_TITLE}</p>" in page
    paragraphs = [p.text for p in _read(invitation_docx(ahead)).paragraphs]
    assert f"1. {LONG_TITLE}" in paragraphs


def test_the_docx_read_back(client, world):
    meeting = world["meeting"]
    response = _client(client, world).get(_url("invitation_docx", meeting))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="giay-moi-2026-12-CB1.docx"'
    document = _read(response.content)
    header, invitees, signatures = document.tables
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG",
        "CHI BỘ TỔ TOÁN - TIN",
        "*",
        "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-GM/CB",
    ]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[1].text.startswith("Krông Bông, ngày ")
    texts = [p.text for p in document.paragraphs]
    assert "GIẤY MỜI" in texts
    assert "Chi bộ Tổ Toán - Tin trân trọng kính mời các đồng chí có tên sau đây:" in texts
    assert "Địa điểm: <b>Phòng họp</b> tổ Toán" in texts  # literal in the document
    assert "Đề nghị các đồng chí đến dự đầy đủ, đúng giờ." in texts
    # Two halves side by side: 1–4 down the left, 5–8 down the right.
    rows = [[cell.text for cell in row.cells] for row in invitees.rows]
    assert rows[0] == ["STT", "Họ và tên", "Ký nhận"] * 2
    assert rows[1] == ["1", "Nguyễn Thị An", "", "5", "Lê Văn Minh", ""]
    assert rows[4] == ["4", "Đỗ Thị Hoa", "", "8", "Phạm Văn Phó", ""]
    assert len(rows) == 5
    signed = [p.text for p in signatures.rows[0].cells[1].paragraphs if p.text]
    assert signed == ["T/M CHI BỘ", "BÍ THƯ", "Trần Thị Hồng Nhung"]


def test_the_print_view_costs_as_many_queries_for_5_as_for_30_members(
    client, world, django_assert_num_queries
):
    committee = world["committee"]
    cell = CellFactory(committee=committee, code="CB9")
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=world["term"])
    meeting = MeetingFactory(cell=cell, date=DAY, status="published")
    AgendaItemFactory(meeting=meeting)
    for _ in range(4):
        MemberFactory(committee=committee, cell=cell)
    client = _client(client, world, "committee_officer")
    url = _url("invitation_print", meeting)
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.content.decode().count('<td class="name">') == 5
    for _ in range(25):
        MemberFactory(committee=committee, cell=cell)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert response.content.decode().count('<td class="name">') == 30


# --- who may ---------------------------------------------------------------------------------------

EXPECTED = {
    "anonymous": 302,
    "secretary": 200,
    "deputy": 200,
    "committee_officer": 200,
    "member": 403,
    "committee_clerk": 403,
    "observer": 403,
    "member_other_cell": 404,
    "secretary_other_cell": 404,
    "officer_other_committee": 404,
    "superuser": 403,
}


@pytest.mark.parametrize("name", ["invitation_print", "invitation_docx"])
@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_may_print_the_invitation(client, world, name, who):
    if who != "anonymous":
        client = _client(client, world, who)
    response = client.get(_url(name, world["meeting"]))
    assert response.status_code == EXPECTED[who]


@pytest.mark.parametrize("name", ["invitation_print", "invitation_docx"])
def test_a_draft_is_hidden_from_members_and_a_missing_meeting_is_404(client, world, name):
    meeting = world["meeting"]
    meeting.status = "draft"
    meeting.save()
    assert _client(client, world, "member").get(_url(name, meeting)).status_code == 404
    assert _client(client, world, "secretary").get(_url(name, meeting)).status_code == 200
    missing = reverse(f"meetings:{name}", args=[meeting.pk + 10_000])
    assert client.get(missing).status_code == 404


def test_an_odd_list_leaves_the_last_right_place_empty(world):
    content = invitation_content(world["meeting"], today=TODAY)
    content.invitees = ["A", "B", "C", "D", "E"]
    assert content.invitee_rows == [((1, "A"), (4, "D")), ((2, "B"), (5, "E")), ((3, "C"), None)]
    content.invitees = []
    assert content.invitee_rows == []
