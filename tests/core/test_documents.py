from datetime import date
from io import BytesIO

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.documents import (
    Header,
    OfficialDocument,
    Signature,
    document_number,
    executive_name,
    official_date,
)

SUPERIOR = "Đảng bộ Trường THPT Krông Bông"
ISSUER = "Chi bộ Tổ Toán - Tin"


def test_official_date_pads_the_day_not_the_month():
    assert official_date("Krông Bông", date(2026, 3, 5)) == "Krông Bông, ngày 05 tháng 3 năm 2026"
    assert official_date("Krông Bông", date(2026, 11, 25)) == (
        "Krông Bông, ngày 25 tháng 11 năm 2026"
    )


def test_document_number_has_two_digits():
    assert document_number(5, "NQ", "CB") == "Số 05-NQ/CB"
    assert document_number(12, "BB", "ĐU") == "Số 12-BB/ĐU"


def _minutes(number: str | None = "Số 05-BB/CB") -> OfficialDocument:
    doc = OfficialDocument(Header(SUPERIOR, ISSUER, "Krông Bông", date(2026, 3, 5), number=number))
    doc.title("Biên bản sinh hoạt chi bộ", "Tháng 3 năm 2026")
    doc.heading("I. Thời gian, địa điểm")
    doc.paragraph("Vào lúc 14 giờ 00, ngày 05 tháng 3 năm 2026, tại phòng họp nhà trường.")
    doc.bullet("Chủ trì: đồng chí Nguyễn Văn A, Bí thư chi bộ.")
    doc.paragraph("Biên bản đã được thông qua trước chi bộ.", italic=True, indent=False)
    doc.paragraph("Đồng ý 100%.", bold=True)
    doc.recipients(["Đảng ủy (để báo cáo),", "Lưu chi bộ."])
    doc.signatures(
        Signature(None, "Thư ký", "Trần Thị Bích"), Signature(None, "Chủ trì", "Nguyễn Văn A")
    )
    return doc


@pytest.fixture
def minutes():
    return docx.Document(BytesIO(_minutes().to_bytes()))


def _runs(cell):
    return [run for paragraph in cell.paragraphs for run in paragraph.runs]


def test_header_is_a_two_column_table(minutes):
    left, right = minutes.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG",
        "CHI BỘ TỔ TOÁN - TIN",
        "*",
        "Số 05-BB/CB",
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
    for paragraph in (*left.paragraphs, *right.paragraphs):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "w:tblBorders" in minutes.tables[0]._tbl.tblPr.xml


def test_header_without_number():
    doc = docx.Document(BytesIO(_minutes(number=None).to_bytes()))
    left = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs][-1] == "*"


def test_title_subtitle_and_body(minutes):
    texts = [p.text for p in minutes.paragraphs]
    title = minutes.paragraphs[texts.index("BIÊN BẢN SINH HOẠT CHI BỘ")]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    subtitle = minutes.paragraphs[texts.index("Tháng 3 năm 2026")]
    assert subtitle.runs[0].bold
    assert texts[texts.index("Tháng 3 năm 2026") + 1] == "-----"

    body = minutes.paragraphs[texts.index(next(t for t in texts if t.startswith("Vào lúc")))]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert "- Chủ trì: đồng chí Nguyễn Văn A, Bí thư chi bộ." in texts
    heading = minutes.paragraphs[texts.index("I. Thời gian, địa điểm")]
    assert heading.runs[0].bold
    closing = minutes.paragraphs[texts.index("Biên bản đã được thông qua trước chi bộ.")]
    assert closing.runs[0].italic
    assert closing.paragraph_format.first_line_indent is None

    label = minutes.paragraphs[texts.index("Nơi nhận:")]
    assert label.runs[0].bold and label.runs[0].italic
    assert label.runs[0].font.size == Pt(12)
    assert "- Lưu chi bộ." in texts


def test_normal_style_is_times_new_roman_14(minutes):
    style = minutes.styles["Normal"]
    assert style.font.name == "Times New Roman"
    assert style.font.size == Pt(14)
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert style.paragraph_format.line_spacing == pytest.approx(1.15)


def test_signatures_in_the_last_table(minutes):
    left, right = minutes.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "THƯ KÝ"
    assert left.paragraphs[-1].text == "Trần Thị Bích"
    assert right.paragraphs[0].text == "CHỦ TRÌ"
    assert right.paragraphs[-1].text == "Nguyễn Văn A"
    assert right.paragraphs[-1].runs[0].bold
    assert len(minutes.tables) == 2


def test_signature_on_behalf_alone_on_the_right():
    doc = OfficialDocument(Header(SUPERIOR, ISSUER, "Krông Bông", date(2026, 3, 5)))
    doc.title("Nghị quyết")
    doc.signatures(None, Signature("T/M chi bộ", "Bí thư", "Nguyễn Văn A"))
    read = docx.Document(BytesIO(doc.to_bytes()))
    left, right = read.tables[-1].rows[0].cells
    assert left.text == ""
    assert [p.text for p in right.paragraphs if p.text] == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn A"]
    assert all(run.bold for run in _runs(right))
    texts = [p.text for p in read.paragraphs]
    assert texts[texts.index("NGHỊ QUYẾT") + 1] == "-----"


def test_recipients_beside_the_signature_in_one_table():
    """A resolution closes with "Nơi nhận:" on the left and T/M … on the right (DOMAIN §13)."""
    doc = OfficialDocument(Header(SUPERIOR, ISSUER, "Krông Bông", date(2026, 3, 5)))
    doc.title("Nghị quyết", "về nhiệm vụ tháng 3")
    doc.paragraph("Nội dung.")
    doc.recipients_and_signature(
        ["Đảng ủy (để báo cáo),", "Lưu chi bộ."], Signature("T/M chi bộ", "Bí thư", "Nguyễn Văn A")
    )
    read = docx.Document(BytesIO(doc.to_bytes()))
    assert len(read.tables) == 2
    left, right = read.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "- Đảng ủy (để báo cáo),",
        "- Lưu chi bộ.",
    ]
    label = left.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert left.paragraphs[1].runs[0].font.size == Pt(12)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in left.paragraphs)
    assert [p.text for p in right.paragraphs if p.text] == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn A"]
    assert all(run.bold for run in _runs(right))
    # Nothing of the block leaks into the body paragraphs.
    assert "Nơi nhận:" not in [p.text for p in read.paragraphs]


def test_page_a4_margins_and_page_numbers_from_page_two(minutes):
    section = minutes.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.left_margin.mm == pytest.approx(30, abs=0.1)
    assert section.right_margin.mm == pytest.approx(15, abs=0.1)
    assert section.top_margin.mm == pytest.approx(20, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(20, abs=0.1)
    assert section.different_first_page_header_footer is True
    assert "PAGE" in section.footer._element.xml
    assert "PAGE" not in section.first_page_footer._element.xml


def test_labelled_paragraph_has_a_bold_label_then_plain_text():
    doc = OfficialDocument(Header(SUPERIOR, ISSUER, "Krông Bông", date(2026, 3, 5)))
    doc.labelled("Chủ trì:", "đồng chí Nguyễn Văn A.")
    doc.labelled("- Đồng chí Trần Thị B:", "Nhất trí.", label_bold=False, label_italic=True)
    doc.labelled("Ý kiến phát biểu:", "", indent=False)
    read = docx.Document(BytesIO(doc.to_bytes()))
    chair, speaker, alone = read.paragraphs[-3:]
    assert chair.text == "Chủ trì: đồng chí Nguyễn Văn A."
    assert [(r.text, bool(r.bold)) for r in chair.runs] == [
        ("Chủ trì:", True),
        (" đồng chí Nguyễn Văn A.", False),
    ]
    assert chair.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert speaker.runs[0].italic and not speaker.runs[0].bold
    assert not speaker.runs[1].italic
    assert alone.text == "Ý kiến phát biểu:"
    assert alone.paragraph_format.first_line_indent is None


def test_heading_may_stand_apart():
    doc = OfficialDocument(Header(SUPERIOR, ISSUER, "Krông Bông", date(2026, 3, 5)))
    doc.heading("Đính chính", space_before=18)
    doc.heading("I. Nội dung")
    read = docx.Document(BytesIO(doc.to_bytes()))
    apart, plain = read.paragraphs[-2:]
    assert apart.paragraph_format.space_before == Pt(18)
    assert plain.paragraph_format.space_before in (None, Pt(0))
    assert apart.runs[0].bold and apart.paragraph_format.keep_with_next


def test_executive_name():
    assert executive_name("Đảng bộ Trường THPT Krông Bông") == ("Đảng ủy Trường THPT Krông Bông")
    assert executive_name("Trường THPT Krông Bông") == "Đảng ủy Trường THPT Krông Bông"
