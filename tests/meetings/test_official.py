"""The official minutes (DOMAIN §13): `meetings/record/official/`, read back from the DOCX.

The document is built from the record (attendance, guests, minutes, contributions, amendments)
through `core.documents`, always in Vietnamese.
"""

import copy
import datetime
from io import BytesIO

import docx
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from docx.oxml.ns import qn

from meetings.decisions.tasks import assignment_cancel, task_assign
from meetings.models import Meeting, Minutes
from meetings.record.amendments import amend_text
from meetings.record.attendance import attendance_set, guest_add, recording_start
from meetings.record.minutes import (
    ContributionText,
    ItemText,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from meetings.record.official.content import VoteBlock, minutes_content
from meetings.record.official.document import docx_filename, minutes_docx
from meetings.record.official.wording import headcount_sentences
from meetings.record.selectors import MeetingHeadcount
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    term = TermFactory(committee=committee)
    SuperiorBodyFactory(
        committee=committee,
        name="Huyện ủy Krông Bông",
        valid_from=datetime.date(2001, 2, 23),
        valid_until=datetime.date(2025, 6, 30),
    )
    SuperiorBodyFactory(
        committee=committee, name="Đảng ủy xã Krông Bông", valid_from=datetime.date(2025, 7, 1)
    )
    cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin", code="CB1")

    def member(name, **kwargs):
        return MemberFactory(committee=committee, cell=cell, full_name=name, **kwargs)

    chair = member("Nguyễn Văn An")
    PositionFactory(member=chair, cell=cell, role="cell_secretary", term=term)
    secretary = member_user(chair)
    clerk = member("Lê Thị Thư")
    sick = member("Nguyễn Văn Ốm")
    truant = member("Trần Thị Bình")
    member(
        "Phạm Văn Dự",
        status="probationary",
        admitted_on=datetime.date(2025, 10, 1),
        recognised_on=None,
    )
    member("Hoàng Văn Tạm", status="temporary")
    meeting = MeetingFactory(cell=cell, date=DAY, status="published", place="phòng họp tổ Toán")
    news = AgendaItemFactory(meeting=meeting, section="political", title="Thông tin thời sự")
    tasks = AgendaItemFactory(meeting=meeting, section="tasks", title="Nhiệm vụ tháng 3")
    other = AgendaItemFactory(meeting=meeting, section="other", title="Việc khác")
    recording_start(meeting=meeting, by=secretary)
    guest = guest_add(meeting=meeting, name="Đỗ Văn Khách", title="Đảng ủy viên", by=secretary)
    attendance_set(meeting=meeting, member_id=sick.pk, status="excused", reason="ốm", by=secretary)
    attendance_set(meeting=meeting, member_id=truant.pk, status="unexcused", by=secretary)
    minutes_save(
        meeting=meeting,
        version=1,
        by=secretary,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=chair.pk,
        clerk_id=clerk.pk,
        items={
            news.pk: ItemText(
                summary="Đồng chí Bí thư thông tin thời sự trong tháng.",
                conclusion="Chi bộ nắm vững tình hình.",
                contributions=[
                    ContributionText(speaker=f"m{clerk.pk}", text="Đề nghị tổ chức học tập."),
                    ContributionText(speaker=f"g{guest.pk}", text="Ghi nhận ý kiến của chi bộ."),
                ],
            ),
            tasks.pk: ItemText(
                summary="Đánh giá nhiệm vụ tháng 2, đề ra nhiệm vụ tháng 3.",
                contributions=[ContributionText(speaker=f"m{chair.pk}", text="Nhất trí.")],
            ),
        },
        quality={
            "quality_preparation": 15,
            "quality_attendance": 18,
            "quality_conduct": 40,
            "quality_closing": 19,
        },
    )
    return {
        "committee": committee,
        "term": term,
        "cell": cell,
        "meeting": meeting,
        "secretary": secretary,
        "chair": chair,
        "clerk": clerk,
        "items": (news, tasks, other),
    }


def _approve(world):
    minutes_mark_ready(meeting=world["meeting"], by=world["secretary"])
    minutes_approve(meeting=world["meeting"], by=world["secretary"])


def _read(meeting) -> docx.Document:
    """The DOCX of the meeting as stored now (the services save the chair and clerk on it)."""
    meeting = Meeting.objects.with_related().get(pk=meeting.pk)
    return docx.Document(BytesIO(minutes_docx(meeting)))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _runs(cell):
    return [run for paragraph in cell.paragraphs for run in paragraph.runs]


# --- the header, title and fonts -----------------------------------------------------------------


def test_header_table_of_a_cell(world):
    document = _read(world["meeting"])
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG",
        "CHI BỘ TỔ TOÁN - TIN",
        "*",
    ]
    superior, issuer = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    assert not superior.bold
    assert issuer.bold
    assert [p.text for p in right.paragraphs] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Krông Bông, ngày 05 tháng 3 năm 2026",
    ]
    party, when = _runs(right)
    assert party.bold and party.underline
    assert when.italic


def test_title_and_month_of_a_cell_meeting(world):
    texts = _texts(_read(world["meeting"]))
    title = texts.index("BIÊN BẢN SINH HOẠT CHI BỘ")
    assert texts[title + 1] == "Tháng 3 năm 2026"
    assert texts[title + 2] == "-----"
    assert texts[title + 3] == (
        "Vào hồi 16 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại phòng họp tổ Toán, "
        "Chi bộ Tổ Toán - Tin tiến hành sinh hoạt thường kỳ tháng 3 năm 2026."
    )
    assert "- Chủ trì: đồng chí Nguyễn Văn An." in texts
    assert "- Thư ký: đồng chí Lê Thị Thư." in texts
    assert "+ Đồng chí Đỗ Văn Khách — Đảng ủy viên." in texts


def test_executive_meeting_title_and_header_use_the_superior_body_of_its_date(world):
    committee = world["committee"]
    for day, superior in (
        (datetime.date(2025, 3, 10), "HUYỆN ỦY KRÔNG BÔNG"),
        (datetime.date(2026, 3, 10), "ĐẢNG ỦY XÃ KRÔNG BÔNG"),
    ):
        meeting = MeetingFactory(
            committee=committee, cell=None, body="executive", date=day, status="published"
        )
        recording_start(meeting=meeting, by=world["secretary"])
        document = _read(meeting)
        left = document.tables[0].rows[0].cells[0]
        assert [p.text for p in left.paragraphs][:2] == [superior, "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG"]
        texts = _texts(document)
        assert texts[texts.index("BIÊN BẢN HỌP ĐẢNG ỦY") + 1] == f"Tháng 3 năm {day.year}"
        assert any("Đảng ủy Trường THPT Krông Bông tiến hành họp thường kỳ" in t for t in texts)
        assert any(t.startswith("- Tổng số đảng viên của Đảng ủy: 0 đồng chí") for t in texts)


def test_committee_conference_title_and_header(world):
    meeting = MeetingFactory(
        committee=world["committee"],
        cell=None,
        body="committee",
        kind="conference",
        date=datetime.date(2026, 6, 20),
        status="published",
    )
    recording_start(meeting=meeting, by=world["secretary"])
    document = _read(meeting)
    left = document.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs][:2] == [
        "ĐẢNG ỦY XÃ KRÔNG BÔNG",
        "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG",
    ]
    texts = _texts(document)
    assert texts[texts.index("BIÊN BẢN HỘI NGHỊ ĐẢNG BỘ") + 1] == "Tháng 6 năm 2026"
    assert any(t.startswith("- Tổng số đảng viên của Đảng bộ:") for t in texts)
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=world["secretary"],
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(11, 0),
        chair_id=world["chair"].pk,
        clerk_id=world["clerk"].pk,
        quality={
            "quality_preparation": 12,
            "quality_attendance": 13,
            "quality_conduct": 13,
            "quality_closing": 12,
        },
    )
    minutes_mark_ready(meeting=meeting, by=world["secretary"])
    minutes_approve(meeting=meeting, by=world["secretary"])
    texts = _texts(_read(meeting))
    assert "Biên bản đã được thông qua trước hội nghị." in texts
    assert "Hội nghị kết thúc vào hồi 11 giờ 00 phút cùng ngày." in texts
    assert "Xếp loại chất lượng hội nghị: Trung bình (50/100 điểm)." in texts
    assert texts[3] == (
        "Vào hồi 8 giờ 00 phút, ngày 20 tháng 6 năm 2026, Đảng bộ Trường THPT Krông Bông "
        "tổ chức hội nghị."
    )


def test_normal_style_is_times_new_roman_with_its_east_asian_font(world):
    style = _read(world["meeting"]).styles["Normal"]
    assert style.font.name == "Times New Roman"
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


# --- the body --------------------------------------------------------------------------------------


def test_headcount_sentences_with_names_and_reasons(world):
    texts = _texts(_read(world["meeting"]))
    assert (
        "- Tổng số đảng viên của chi bộ: 5 đồng chí (chính thức: 4, dự bị: 1); "
        "đảng viên sinh hoạt tạm thời: 1."
    ) in texts
    assert (
        "- Có mặt: 4 đồng chí. Vắng: 2 đồng chí, trong đó có lý do: 1 "
        "(đồng chí Nguyễn Văn Ốm — ốm), không lý do: 1 (đồng chí Trần Thị Bình)."
    ) in texts


def test_body_by_section_with_contributions_in_order(world):
    texts = _texts(_read(world["meeting"]))
    order = [
        "NỘI DUNG SINH HOẠT",
        "I. Tình hình tư tưởng chính trị",
        "1. Thông tin thời sự",
        "Đồng chí Bí thư thông tin thời sự trong tháng.",
        "Ý kiến phát biểu:",
        "- Đồng chí Lê Thị Thư: Đề nghị tổ chức học tập.",
        "- Đồng chí Đỗ Văn Khách (Đảng ủy viên): Ghi nhận ý kiến của chi bộ.",
        "Kết luận của chủ trì: Chi bộ nắm vững tình hình.",
        "2. Nhiệm vụ tháng 3",
        "- Đồng chí Nguyễn Văn An: Nhất trí.",
        "3. Việc khác",
        "Xếp loại chất lượng buổi sinh hoạt: Tốt (92/100 điểm).",
        "Buổi sinh hoạt kết thúc vào hồi 18 giờ 15 phút cùng ngày.",
    ]
    positions = [texts.index(text) for text in order]
    assert positions == sorted(positions)
    assert texts[texts.index("2. Nhiệm vụ tháng 3") - 1].startswith("II. ")
    assert texts[texts.index("3. Việc khác") - 1].startswith("III. ")


def test_signatures_clerk_left_chair_right(world):
    left, right = _read(world["meeting"]).tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "THƯ KÝ"
    assert left.paragraphs[-1].text == "Lê Thị Thư"
    assert right.paragraphs[0].text == "CHỦ TRÌ"
    assert right.paragraphs[-1].text == "Nguyễn Văn An"


def test_approval_sentence_only_once_approved(world):
    sentence = "Biên bản đã được thông qua trước chi bộ."
    assert sentence not in _texts(_read(world["meeting"]))
    _approve(world)
    texts = _texts(_read(world["meeting"]))
    assert sentence in texts
    assert texts.index(sentence) > texts.index(
        "Buổi sinh hoạt kết thúc vào hồi 18 giờ 15 phút cùng ngày."
    )


def test_amendments_are_listed_after_the_signatures(world):
    _approve(world)
    news = world["items"][0]
    amend_text(
        meeting=world["meeting"],
        target=f"item:{news.pk}:conclusion",
        new_value="Chi bộ nắm vững và thống nhất cao.",
        why="Ghi thiếu ý kết luận.",
        by=world["secretary"],
    )
    texts = _texts(_read(world["meeting"]))
    assert "Kết luận của chủ trì: Chi bộ nắm vững và thống nhất cao." in texts
    heading = texts.index("Đính chính")
    line = texts[heading + 1]
    assert "đồng chí Nguyễn Văn An đính chính" in line
    assert "“Chi bộ nắm vững tình hình.” → “Chi bộ nắm vững và thống nhất cao.”" in line
    assert line.endswith("; lý do: Ghi thiếu ý kết luận.")


def test_a_multi_line_summary_becomes_paragraphs(world):
    meeting = world["meeting"]
    news = world["items"][0]
    version = Minutes.objects.get(meeting=meeting).version
    minutes_save(
        meeting=meeting,
        version=version,
        by=world["secretary"],
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        items={news.pk: ItemText(summary="Dòng một.\n\nDòng hai.", conclusion="")},
    )
    texts = _texts(_read(meeting))
    assert texts[texts.index("Dòng một.") + 1] == "Dòng hai."


# --- always Vietnamese ------------------------------------------------------------------------------


def test_the_document_is_vietnamese_when_the_ui_is_english(world, client):
    _approve(world)
    client.force_login(world["secretary"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:minutes_docx", args=[world["meeting"].pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-2026-03-CB1.docx"'
    texts = _texts(docx.Document(BytesIO(response.content)))
    assert "I. Tình hình tư tưởng chính trị" in texts
    assert "Biên bản đã được thông qua trước chi bộ." in texts
    with translation.override("en"):
        texts = _texts(_read(world["meeting"]))
    assert "I. Tình hình tư tưởng chính trị" in texts
    assert "Political and ideological situation" not in " ".join(texts)


def test_the_print_view_is_vietnamese_when_the_ui_is_english(world, client):
    client.force_login(world["secretary"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:minutes_print", args=[world["meeting"].pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in html
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in html
    assert "Krông Bông, ngày 05 tháng 3 năm 2026" in html
    assert "I. Tình hình tư tưởng chính trị" in html
    assert "Lê Thị Thư" in html and "Nguyễn Văn An" in html
    assert "Political and ideological situation" not in html
    assert 'class="js-print"' in html  # the Print button, hidden when printing:
    assert 'href="/static/css/official.css"' in html  # a file: the CSP allows no inline style
    css = (settings.BASE_DIR / "static" / "css" / "official.css").read_text()
    assert ".toolbar { display: none !important; }" in css
    assert "size: A4; margin: 20mm 15mm 20mm 30mm" in css


def test_the_print_view_prints_each_typed_line_as_a_paragraph(world, client):
    meeting = world["meeting"]
    news = world["items"][0]
    minutes_save(
        meeting=meeting,
        version=Minutes.objects.get(meeting=meeting).version,
        by=world["secretary"],
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        items={news.pk: ItemText(summary="Dòng một.\nDòng hai.", conclusion="Kết luận.")},
    )
    client.force_login(world["secretary"])
    html = client.get(reverse("meetings:minutes_print", args=[meeting.pk])).content.decode()
    assert '<p class="summary">Dòng một.</p><p class="summary">Dòng hai.</p>' in html
    assert '<span class="bold">Kết luận của chủ trì:</span> Kết luận.' in html


def test_docx_filename_is_ascii(world):
    meeting = world["meeting"]
    assert docx_filename(meeting) == "bien-ban-2026-03-CB1.docx"
    executive = MeetingFactory(
        committee=world["committee"], cell=None, body="executive", date=DAY, status="published"
    )
    assert docx_filename(executive) == "bien-ban-2026-03-DU.docx"


# --- the headcount wording at its edges ---------------------------------------------------------


@pytest.mark.parametrize(
    ("headcount", "body", "expected"),
    [
        (
            MeetingHeadcount(official=10, present=10),
            "cell",
            [
                "Tổng số đảng viên của chi bộ: 10 đồng chí (chính thức: 10).",
                "Có mặt: 10 đồng chí. Vắng: không.",
            ],
        ),
        (
            MeetingHeadcount(
                official=9,
                probationary=2,
                exempted=1,
                temporary=1,
                present=12,
                excused=[("Võ Văn Miễn", "Miễn sinh hoạt")],
            ),
            "cell",
            [
                "Tổng số đảng viên của chi bộ: 12 đồng chí (chính thức: 9, dự bị: 2, miễn công "
                "tác và sinh hoạt: 1); đảng viên sinh hoạt tạm thời: 1.",
                "Có mặt: 12 đồng chí. Vắng: 1 đồng chí, có lý do (đồng chí Võ Văn Miễn — Miễn "
                "sinh hoạt).",
            ],
        ),
        (
            MeetingHeadcount(official=5, suspended=1, present=4, unexcused=["A", "B"]),
            "executive",
            [
                "Tổng số đảng viên của Đảng ủy: 6 đồng chí (chính thức: 5, đình chỉ sinh hoạt: 1).",
                "Có mặt: 4 đồng chí. Vắng: 2 đồng chí, không lý do (đồng chí A, đồng chí B).",
            ],
        ),
        (
            MeetingHeadcount(
                official=3, present=1, excused=[("A", "ốm"), ("B", "công tác")], unexcused=["C"]
            ),
            "committee",
            [
                "Tổng số đảng viên của Đảng bộ: 3 đồng chí (chính thức: 3).",
                "Có mặt: 1 đồng chí. Vắng: 3 đồng chí, trong đó có lý do: 2 (đồng chí A — ốm; "
                "đồng chí B — công tác), không lý do: 1 (đồng chí C).",
            ],
        ),
    ],
)
def test_headcount_wording(headcount, body, expected):
    assert headcount_sentences(headcount, body) == expected


# --- issue 17 item 13: the tasks given at the meeting ---------------------------------------------


def _give_tasks(world):
    """Two tasks given at the meeting: one to the chair and the clerk (with details), one to the
    clerk alone — her part cancelled since (the minutes still say it was given)."""
    meeting, by = world["meeting"], world["secretary"]
    report = task_assign(
        meeting=meeting,
        title="Hoàn thành báo cáo quý I",
        deadline=datetime.date(2026, 3, 31),
        members=[world["clerk"], world["chair"]],
        details="Gửi chi ủy bản điện tử.\nNộp bản giấy cho văn phòng.",
        by=by,
    )
    fees = task_assign(
        meeting=meeting,
        title="Thu đảng phí tháng 3",
        deadline=datetime.date(2026, 3, 10),
        members=[world["clerk"]],
        by=by,
    )
    assignment_cancel(assignment=fees.assignments.get(), reason="Đã thu tại buổi họp.", by=by)
    return report, fees


def test_the_docx_lists_the_tasks_given_in_a_part_of_their_own(world):
    _give_tasks(world)
    texts = _texts(_read(world["meeting"]))
    start = texts.index("IV. Phân công nhiệm vụ")  # after the agenda's three sections
    assert texts[start + 1 : start + 5] == [
        "- Hoàn thành báo cáo quý I: đồng chí Nguyễn Văn An, đồng chí Lê Thị Thư thực hiện; "
        "thời hạn: 31/03/2026.",
        "Gửi chi ủy bản điện tử.",
        "Nộp bản giấy cho văn phòng.",
        "- Thu đảng phí tháng 3: đồng chí Lê Thị Thư thực hiện; thời hạn: 10/03/2026.",
    ]
    assert texts.index("3. Việc khác") < start
    assert start < texts.index("Xếp loại chất lượng buổi sinh hoạt: Tốt (92/100 điểm).")


def test_the_tasks_part_is_numbered_after_the_votes_and_left_out_when_empty(world):
    meeting = Meeting.objects.with_related().get(pk=world["meeting"].pk)
    content = minutes_content(meeting)
    assert content.tasks == []
    assert not [t for t in _texts(_read(meeting)) if "Phân công nhiệm vụ" in t]
    _give_tasks(world)
    content = minutes_content(meeting)
    assert [t.task for t in content.tasks] == ["Hoàn thành báo cáo quý I", "Thu đảng phí tháng 3"]
    assert content.tasks_heading == "IV. Phân công nhiệm vụ"
    content.votes = [VoteBlock("Biểu quyết: Nghị quyết, kết luận", [], [], ("- Kết quả:", ""))]
    assert (content.votes_heading, content.tasks_heading) == (
        "IV. Biểu quyết",
        "V. Phân công nhiệm vụ",
    )


def test_the_print_view_lists_the_tasks_given(world, client):
    _give_tasks(world)
    client.force_login(world["secretary"])
    url = reverse("meetings:minutes_print", args=[world["meeting"].pk])
    html = client.get(url).content.decode()
    assert "<h3>IV. Phân công nhiệm vụ</h3>" in html
    assert (
        '<p class="task">- Thu đảng phí tháng 3: đồng chí Lê Thị Thư thực hiện; thời hạn: '
        "10/03/2026.</p>"
    ) in html
    assert '<p class="task-details">Gửi chi ủy bản điện tử.</p>' in html


def test_the_minutes_page_lists_the_tasks_given(world, client):
    client.force_login(world["secretary"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:minutes", args=[world["meeting"].pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="minutes-tasks"' in html and "No tasks were given at this meeting." in html
    report, fees = _give_tasks(world)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tasks given at the meeting" in html
    assert html.count('class="list-group-item minutes-task"') == 2
    assert f'id="minutes-task-{report.pk}"' in html and f'id="minutes-task-{fees.pk}"' in html
    assert "Nguyễn Văn An, Lê Thị Thư" in html
    assert "31/03/2026" in html and "10/03/2026" in html
    assert "Nộp bản giấy cho văn phòng." in html
