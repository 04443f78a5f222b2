"""The periodic report as an official DOCX (`reports/document.py`, DOMAIN §13): read back with
python-docx — the header (superior body, issuer, "*", "Số 0N-BC/ĐU", the party's name, place and
date), the title, the sections, the recipients and the signature ("T/M ĐẢNG ỦY / BÍ THƯ", or
"T/M ĐẢNG ỦY / KT. BÍ THƯ / PHÓ BÍ THƯ" when a deputy signs); a correction says so; the download."""

import copy
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from reports.document import docx_filename, report_content, report_docx
from reports.figures import report_figures
from reports.services import report_correct, report_create, report_submit, report_update
from tests.factories import (
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 12, 7)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def _world(module_db):
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông", valid_from=D(2025, 7, 1))
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
    boss = MemberFactory(committee=committee, full_name="Đỗ Văn Chính")
    PositionFactory(member=boss, role="committee_secretary", term=term, start_date=D(2020, 7, 1))
    officer = member_user(boss)
    with translation.override("en"):
        for month in range(5, 11):  # six reports before: November's is the seventh
            report_create(
                committee=committee,
                kind="month",
                period_start=D(2025, month, 1),
                by=officer,
                today=TODAY,
            )
        report, _ = report_create(
            committee=committee, kind="month", period_start=D(2025, 11, 1), by=officer, today=TODAY
        )
    return {
        "committee": committee,
        "officer": officer,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "report": report,
    }


@pytest.fixture
def w(_world, db):
    return copy.deepcopy(_world)


def read(report):
    return Document(io.BytesIO(report_docx(report, report_figures(report))))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def body_lines(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def test_the_header(w):
    document = read(w["report"])
    left, right = document.tables[0].rows[0].cells
    assert cell_lines(left) == [
        "ĐẢNG ỦY XÃ KRÔNG BÔNG",
        "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG",
        "*",
        "Số 07-BC/ĐU",
    ]
    assert cell_lines(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Krông Bông, ngày 07 tháng 12 năm 2025"]
    assert right.paragraphs[1].runs[0].italic


def test_the_title_and_the_sections(w):
    report_update(
        w["report"],
        by=w["officer"],
        situation="Tư tưởng ổn định.",
        notable="Thi học kỳ.",
        plan="Sinh hoạt chuyên đề.",
    )
    w["report"].refresh_from_db()
    lines = body_lines(read(w["report"]))
    assert lines[:2] == ["BÁO CÁO", "Kết quả công tác xây dựng Đảng tháng 11/2025"]
    assert lines[3].startswith(
        "Thực hiện chế độ thông tin, báo cáo định kỳ, Đảng ủy Trường THPT Krông Bông báo cáo kết "
        "quả công tác xây dựng Đảng tháng 11/2025 (số liệu từ ngày 01/11/2025 đến ngày "
        "30/11/2025) như sau:"
    )
    headings = [line for line in lines if re.match(r"[IVX]+\. ", line)]
    assert headings == [
        "I. Tình hình chính trị, tư tưởng",
        "II. Công tác xây dựng tổ chức đảng và đảng viên",
        "III. Sinh hoạt chi bộ",
        "IV. Học tập, quán triệt nghị quyết",
        "V. Công tác kiểm tra, giám sát",
        "VI. Thu, nộp đảng phí",
        "VII. Thực hiện nhiệm vụ và những vấn đề nổi bật",
        "VIII. Phương hướng, nhiệm vụ tháng 12/2025",
    ]
    assert lines[lines.index(headings[0]) + 1] == "Tư tưởng ổn định."
    assert lines[-1] == "Sinh hoạt chuyên đề."
    assert "Thi học kỳ." in lines


def test_the_recipients_and_the_secretarys_signature(w):
    left, right = read(w["report"]).tables[-1].rows[0].cells
    assert cell_lines(left) == [
        "Nơi nhận:",
        "- Đảng ủy xã Krông Bông (để báo cáo),",
        "- Lưu Văn phòng Đảng ủy.",
    ]
    assert cell_lines(right) == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Đỗ Văn Chính"]


def test_a_deputy_signs(w):
    report_update(
        w["report"],
        by=w["officer"],
        signer="deputy",
        signer_name="Lê Thị Phó",
        recipients="- Đảng ủy xã Krông Bông (để báo cáo),\nCác chi bộ,\n\nLưu Văn phòng Đảng ủy.",
    )
    w["report"].refresh_from_db()
    left, right = read(w["report"]).tables[-1].rows[0].cells
    assert cell_lines(right) == ["T/M ĐẢNG ỦY", "KT. BÍ THƯ", "PHÓ BÍ THƯ", "Lê Thị Phó"]
    assert cell_lines(left)[1:] == [
        "- Đảng ủy xã Krông Bông (để báo cáo),",
        "- Các chi bộ,",
        "- Lưu Văn phòng Đảng ủy.",
    ]


def test_a_correction_says_so_and_keeps_the_number(w):
    submitted = report_submit(w["report"], by=w["officer"])
    correction = report_correct(submitted, by=w["officer"], reason="Sai số đảng viên.")
    document = read(correction)
    assert cell_lines(document.tables[0].rows[0].cells[0])[-1] == "Số 07-BC/ĐU"
    intro = body_lines(document)[3]
    assert intro.endswith(
        "(Báo cáo điều chỉnh lần 1, thay thế báo cáo cùng số đã gửi; lý do: Sai số đảng viên.)"
    )
    assert docx_filename(correction) == "bao-cao-thang-11-2025-so-07-lan-2.docx"


def test_the_print_view_and_the_docx_say_the_same(w):
    content = report_content(w["report"], report_figures(w["report"]))
    lines = body_lines(read(w["report"]))
    for _heading, paragraphs in content.sections:
        for paragraph in paragraphs:
            assert paragraph in lines


@pytest.mark.parametrize(
    "kind, start, name",
    [
        ("quarter", D(2025, 7, 1), "bao-cao-quy-3-2025-so-08.docx"),
        ("half", D(2025, 1, 1), "bao-cao-6-thang-1-2025-so-08.docx"),
        ("year", D(2024, 1, 1), "bao-cao-nam-2024-so-08.docx"),
    ],
)
def test_file_names(w, kind, start, name):
    report, _ = report_create(
        committee=w["committee"], kind=kind, period_start=start, by=w["officer"], today=TODAY
    )
    assert docx_filename(report) == name


def test_the_download(client, w):
    client.force_login(w["observer"])
    response = client.get(reverse("reports:docx", args=[w["report"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thang-11-2025-so-07.docx"'
    )
    document = Document(io.BytesIO(response.content))
    assert cell_lines(document.tables[0].rows[0].cells[0])[-1] == "Số 07-BC/ĐU"
    # Always Vietnamese, whatever the user's language.
    client.cookies["django_language"] = "en"
    again = Document(io.BytesIO(client.get(reverse("reports:docx", args=[w["report"].pk])).content))
    assert body_lines(again)[0] == "BÁO CÁO"
