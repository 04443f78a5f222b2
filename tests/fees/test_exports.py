"""The fee documents (fees.exports), read back: the register as a workbook (its layout, amounts,
"—" where she was not in the cell, totals and shares; a name never becomes a formula) and the
month's receipt list as the official DOCX (DOMAIN §13), always in Vietnamese."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from fees import exports
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    PositionFactory,
    RemittanceFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
YEAR = TODAY.year - 1
JAN, FEB = D(YEAR, 1, 1), D(YEAR, 2, 1)


@pytest.fixture
def world():
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin", code="CB TT")
    secretary = MemberFactory(committee=committee, cell=cell, full_name="Ngô Văn Bí")
    PositionFactory(member=secretary, cell=cell, role="cell_secretary")
    hoa = MemberFactory(committee=committee, cell=cell, full_name="Trần Thị Hoa")
    hacker = MemberFactory(committee=committee, cell=cell, full_name='=HYPERLINK("http://x","y")')
    lan = MemberFactory(
        committee=committee, cell=cell, full_name="Phạm Thị Lan", cell__joined_on=D(YEAR, 6, 10)
    )
    for member, base in ((hoa, 5_000_000), (hacker, 8_000_000), (lan, 6_000_000)):
        FeeBasisFactory(member=member, base_amount=base, effective_from=JAN)
    FeePaymentFactory(member=hoa, cell=cell, month=JAN, amount_due=50_000, paid_on=D(YEAR, 1, 9))
    FeePaymentFactory(member=hoa, cell=cell, month=FEB, amount_due=50_000, paid_on=D(YEAR, 4, 2))
    FeePaymentFactory(member=hacker, cell=cell, month=JAN, amount_due=80_000)
    RemittanceFactory(cell=cell, month=JAN, amount=91_000)
    client_user = member_user(secretary)
    return {"committee": committee, "cell": cell, "user": client_user, "hoa": hoa}


def _get(client, world, url, language="en"):
    client.force_login(world["user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_register_workbook(client, world):
    url = reverse("fees:cell_register_xlsx", args=[world["cell"].pk]) + f"?year={YEAR}"
    response = _get(client, world, url)
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert f'filename="so-dang-phi-cb-tt-{YEAR}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Party fee register — {YEAR}"
    assert rows[1][0] == "Chi bộ Tổ Toán - Tin — Đảng bộ Trường THPT Krông Bông"
    header, parts = rows[3], rows[4]
    assert header[:3] == ("No.", "Full name", f"Month 01/{YEAR}")
    assert header[-2:] == ("Year: due", "Year: paid")
    assert parts[2:5] == ("Due", "Paid", "Date paid")
    by_name = {row[1]: row for row in rows[5:] if row[1]}
    hoa = by_name["Trần Thị Hoa"]
    assert hoa[2:5] == (50_000, 50_000, datetime.datetime(YEAR, 1, 9))
    assert hoa[5:8] == (50_000, 50_000, datetime.datetime(YEAR, 4, 2))
    assert hoa[8:10] == (50_000, None)  # March: due, not paid
    assert hoa[-2:] == (600_000, 100_000)
    # Paid late: the date is marked; not in the cell before June: "—".
    late = sheet.cell(row=6 + [r[1] for r in rows[5:]].index("Trần Thị Hoa"), column=8)
    assert late.comment is not None and late.fill.fgColor.rgb.endswith("FFE5B4")
    lan = by_name["Phạm Thị Lan"]
    assert lan[2] == "—" and lan[2 + 3 * 5] == 60_000
    # A name that looks like a formula stays text.
    assert '\'=HYPERLINK("http://x","y")' in by_name
    total = by_name["Total"]
    assert total[2:5] == (130_000, 130_000, "2/3")
    assert by_name["Kept by the cell (30%)"][3] == 39_000
    assert by_name["To remit to the committee"][3] == 91_000
    assert by_name["Remitted to the committee"][3] == 91_000
    assert sheet.freeze_panes == "C6"
    assert "C4:E4" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_receipt_list_docx(client, world):
    url = reverse("fees:month_receipts_docx", args=[world["cell"].pk, YEAR, 1])
    response = _get(client, world, url)  # an English session: the document stays Vietnamese
    assert response["Content-Type"] == exports.DOCX_TYPE
    assert f"danh-sach-thu-dang-phi-cb-tt-{YEAR}-01.docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs]
    right = [p.text for p in header.cell(0, 1).paragraphs]
    assert left[:3] == ["ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG", "CHI BỘ TỔ TOÁN - TIN", "*"]
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right[1] == f"Krông Bông, ngày {TODAY.day:02d} tháng {TODAY.month} năm {TODAY.year}"
    texts = [p.text for p in doc.paragraphs]
    assert "DANH SÁCH THU ĐẢNG PHÍ" in texts
    assert f"Tháng 1 năm {YEAR}" in texts
    table = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Họ và tên", "Số tiền (đồng)", "Ngày nộp", "Ký nhận"]
    names = [row[1] for row in rows[1:-1]]
    assert sorted(names) == sorted(['=HYPERLINK("http://x","y")', "Trần Thị Hoa"])
    hoa = next(row for row in rows if row[1] == "Trần Thị Hoa")
    assert hoa == [
        "1" if names[0] == "Trần Thị Hoa" else "2",
        "Trần Thị Hoa",
        "50.000",
        f"09/01/{YEAR}",
        "",
    ]
    assert rows[-1][1:3] == ["Tổng cộng", "130.000"]
    assert any("Số đảng viên đã nộp: 2/3" in t and "130.000 đồng" in t for t in texts)
    assert any("39.000 đồng" in t and "91.000 đồng" in t for t in texts)
    signature = [p.text for p in doc.tables[2].cell(0, 1).paragraphs]
    assert signature[:2] == ["T/M CHI BỘ", "BÍ THƯ"] and signature[-1] == "Ngô Văn Bí"


def test_an_empty_month_gives_an_empty_list(world):
    content = exports.receipt_list(world["cell"], D(YEAR, 7, 1), today=TODAY)
    assert content.lines == [] and content.total == 0 and content.due_count == 4
    doc = Document(io.BytesIO(exports.receipts_docx(content)))
    assert [c.text for c in doc.tables[1].rows[-1].cells][1:3] == ["Tổng cộng", "0"]
