"""The committee's year report (issue 10 item 5): `dashboard/report/` and its two views.

The workbook (a sheet per section) and the official DOCX are read back with openpyxl and
python-docx. The world, year 2026 seen on 20/05/2026 (unified day the 5th: 05/01, 05/02, 05/03,
03/04 — the 5th of April is a Sunday, so the Friday before):
- "Chi bộ Tổ Toán - Tin" (CB1): January on time; February late (12/02), its minutes approved
  17 days after; March missed; April on time, its minutes still not approved (47 days); no topic
  session in the first quarter; "Trần Văn Vắng" absent without reason from all three;
- "Chi bộ Tổ Văn" (CB2): January to April on time, February with a topic session;
- the executive committee: January to April on time.
So 11 of the 12 regular meetings due were held, 1 late; 1 of the 2 cell-quarters due had its
topic session.
"""

import copy
import datetime
import io

import docx
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pytest_django.asserts import assertTemplateUsed

from dashboard.report.data import year_report
from dashboard.report.document import DOCX_TYPE, report_docx
from dashboard.report.workbook import XLSX_TYPE, report_xlsx
from meetings.models import (
    Attendance,
    Document,
    Minutes,
    ReadReceipt,
    Task,
    TaskAssignment,
)
from reviews.models import Evaluation
from reviews.reports.data import percent_of
from reviews.reports.document import percent_vi
from tests.factories import (
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

YEAR = 2026
TODAY = datetime.date(2026, 5, 20)
ISSUED = datetime.date(2026, 5, 25)
DAY = datetime.timedelta(days=1)
CELL_A = "Chi bộ Tổ Toán - Tin"
CELL_B = "Chi bộ Tổ Văn"
ALL_SHEETS = [
    "Tổng hợp",
    "Sinh hoạt hằng tháng",
    "Biên bản",
    "Dự sinh hoạt",
    "Nghiên cứu tài liệu",
    "Nhiệm vụ",
    "Chất lượng",
    "Xếp loại",
    "Cảnh báo",
]
GOOD = {
    "quality_preparation": 15,
    "quality_attendance": 20,
    "quality_conduct": 45,
    "quality_closing": 20,
}
AVERAGE = {
    "quality_preparation": 10,
    "quality_attendance": 15,
    "quality_conduct": 30,
    "quality_closing": 10,
}


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 0)))


def held(committee, cell, day, sheet, *, approved=None, topic=False, quality=None):
    """A regular meeting held on `day` (of `cell`, or of the executive committee when `cell` is
    None), its attendance `sheet` ({member: status}) and its minutes (approved on `approved`)."""
    meeting = MeetingFactory(
        committee=committee,
        cell=cell,
        body="cell" if cell else "executive",
        date=day,
        month=day.replace(day=1),
        status="approved" if approved else "held",
        includes_topic=topic,
    )
    Minutes.objects.create(
        meeting=meeting,
        state="approved" if approved else "draft",
        approved_at=aware(approved) if approved else None,
        **(quality or {}),
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            member_status=member.status,
            status=status,
            reason="ốm" if status == "excused" else "",
        )
        for member, status in sheet.items()
    )
    return meeting


def build_world():
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    term = TermFactory(committee=committee)
    SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    cell_a = CellFactory(committee=committee, name=CELL_A, code="CB1")
    cell_b = CellFactory(committee=committee, name=CELL_B, code="CB2")

    def person(cell, name, **kwargs):
        return MemberFactory(committee=committee, cell=cell, full_name=name, **kwargs)

    principal = person(cell_a, "Hoàng Văn Trưởng")
    PositionFactory(member=principal, role="committee_secretary", term=term)
    truant = person(cell_a, "Trần Văn Vắng")
    keen = person(cell_a, "Lê Thị Chăm")
    b1 = person(cell_b, "Phạm Thị Văn")
    b2 = person(cell_b, "Đỗ Văn Thơ")

    a_sheet = {principal: "present", truant: "unexcused", keen: "present"}
    jan = held(
        committee,
        cell_a,
        datetime.date(2026, 1, 5),
        a_sheet,
        approved=datetime.date(2026, 1, 5),
        quality=GOOD,
    )
    held(
        committee,
        cell_a,
        datetime.date(2026, 2, 12),
        a_sheet,
        approved=datetime.date(2026, 3, 1),
        quality=AVERAGE,
    )
    held(committee, cell_a, datetime.date(2026, 4, 3), a_sheet)
    for month, day in ((1, 5), (2, 5), (3, 5), (4, 3)):
        date = datetime.date(2026, month, day)
        sheet = {b1: "present", b2: "excused" if month == 3 else "present"}
        meeting = held(
            committee, cell_b, date, sheet, approved=date, topic=month == 2, quality=GOOD
        )
        if month == 1:  # documents: one of the two members opened them the day before
            document = Document.objects.create(
                meeting=meeting,
                title="Dự thảo nghị quyết",
                file="meetings/du-thao.pdf",
                original_name="du-thao.pdf",
                kind="pdf",
                size=1000,
            )
            receipt = ReadReceipt.objects.create(document=document, member=b1)
            ReadReceipt.objects.filter(pk=receipt.pk).update(opened_at=aware(date - DAY))
        held(committee, None, date, {principal: "present"}, approved=date)

    # Tasks given in January: one done, one overdue since 28/02.
    for member, status in ((keen, "done"), (truant, "open")):
        task = Task.objects.create(
            committee=committee,
            cell=cell_a,
            meeting=jan,
            title=f"Việc của {member.full_name}",
            deadline=datetime.date(2026, 2, 28),
        )
        TaskAssignment.objects.create(
            task=task,
            member=member,
            status=status,
            done_on=datetime.date(2026, 2, 20) if status == "done" else None,
        )
    # The committee's decided ratings (confidential).
    for member, cell, rating in (
        (principal, cell_a, "outstanding"),
        (keen, cell_a, "good"),
        (b1, cell_b, "good"),
    ):
        Evaluation.objects.create(
            committee=committee, member=member, cell=cell, year=YEAR, final_rating=rating
        )

    other = CommitteeFactory(name="Đảng bộ Khác")
    return {
        "committee": committee,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "principal": principal,
        "truant": truant,
        "officer": member_user(principal),
        "member": member_user(truant),
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "outsider": CommitteeRoleFactory(committee=other, role="officer").user,
    }


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    return build_world()


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def make_report(world, *, confidential=True, today=TODAY):
    return year_report(world["committee"], YEAR, today=today, confidential=confidential)


def read_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def texts_of(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


# --- the data ---------------------------------------------------------------------------------


def test_the_report_runs_each_selector_and_keeps_the_ratings_for_officers(world):
    report = make_report(world)
    n = report.numbers
    assert (n.meetings_held, n.meetings_expected, n.meetings_late) == (11, 12, 1)
    assert (n.topics_held, n.topics_expected) == (1, 2)
    assert report.cells == 2
    assert [row.name for row in report.matrix.rows][:2] == [CELL_A, CELL_B]
    assert report.ratings is not None
    assert make_report(world, confidential=False).ratings is None


def test_the_minutes_lines_carry_the_approval_delay(world):
    report = make_report(world)
    lines = {(line.row_name, line.month): line for line in report.minutes}
    february = lines[(CELL_A, 2)]
    assert february.state == "approved_late"
    assert (february.approved_on, february.days) == (datetime.date(2026, 3, 1), 17)
    april = lines[(CELL_A, 4)]
    assert april.state == "overdue"
    assert (april.approved_on, april.days) == (None, 47)
    assert lines[(CELL_B, 3)].state == "approved"
    assert (CELL_A, 3) not in lines  # missed: no meeting, no minutes


# --- the workbook -----------------------------------------------------------------------------


def officer_book(world, **kwargs):
    with translation.override("en"):
        return read_book(report_xlsx(make_report(world, **kwargs)))


def test_the_workbook_has_a_sheet_per_section(world):
    assert officer_book(world).sheetnames == ALL_SHEETS
    observer = officer_book(world, confidential=False)
    assert observer.sheetnames == [s for s in ALL_SHEETS if s != "Xếp loại"]


def test_the_summary_sheet_has_the_key_numbers(world):
    report = make_report(world)
    book = officer_book(world)
    sheet = book["Tổng hợp"]
    values = {row[0]: row[1] for row in rows_of(sheet) if row and row[0]}
    assert values["Regular meetings held"] == 11
    assert values["Regular meetings expected"] == 12
    assert values["Regular meetings held late"] == 1
    assert values["Regular meetings missed"] == 1
    assert values["Topic sessions held (cell-quarters)"] == 1
    assert values["Official members"] == report.numbers.official
    assert values["Average attendance (%)"] == float(report.numbers.attendance_percent)
    assert values["Regular meetings held (%)"] == float(percent_of(11, 12))
    assert values["Minutes approved late"] == 1
    assert values["Minutes overdue for approval"] == 1
    assert values["Alerts"] == report.alerts.count
    row = next(r for r in sheet.iter_rows() if r[0].value == "Average attendance (%)")
    assert row[1].number_format == "0.0"
    header = next(r for r in sheet.iter_rows() if r[0].value == "Indicator")
    assert header[0].font.bold
    assert sheet.freeze_panes == f"A{header[0].row + 1}"


def test_the_matrix_sheet_shows_each_month_and_quarter(world):
    sheet = officer_book(world)["Sinh hoạt hằng tháng"]
    rows = rows_of(sheet)
    header = rows[0]
    assert header[0] == "Cell"
    assert header[3] == "Month 3"
    assert header[13] == "Quarter 1"
    assert rows[1][4] == "03/04/2026"  # the scheduled day of April
    a = next(r for r in rows if r[0] == CELL_A)
    assert a[1].startswith("Held on time (05/01/2026)")
    assert a[2].startswith("Held late (12/02/2026)")
    assert "Minutes approved late" in a[2]
    assert a[3] == "Missed"
    assert "Minutes overdue for approval" in a[4]
    assert a[5] == "Upcoming"
    assert a[13].startswith("No topic session")
    assert a[14].startswith("Quarter not over")
    assert a[17:21] == (2, 1, 1, 0)  # on time, late, missed, quarters with a topic session
    b = next(r for r in rows if r[0] == CELL_B)
    assert b[13].startswith("Topic session held")
    assert b[17:21] == (4, 0, 0, 1)
    total = next(r for r in rows if r[0] == "Total")
    assert total[17:20] == (10, 1, 1)
    assert sheet.freeze_panes == "B3"
    assert sheet["A1"].font.bold


def test_the_minutes_sheet_lists_each_held_meeting(world):
    sheet = officer_book(world)["Biên bản"]
    rows = rows_of(sheet)
    assert rows[0][0] == "Cell"
    assert len(rows) == 1 + 3 + 4 + 4  # the header, then CB1's 3, CB2's 4, the executive's 4
    february = next(r for r in rows if r[0] == CELL_A and r[1] == 2)
    assert february[2] == datetime.datetime(2026, 2, 12)
    assert february[3] == "Minutes approved late"
    assert february[4] == datetime.datetime(2026, 3, 1)
    assert february[5:] == (17, 7)
    april = next(r for r in rows if r[0] == CELL_A and r[1] == 4)
    assert april[3:6] == ("Minutes overdue for approval", None, 47)
    assert sheet.cell(row=2, column=3).number_format == "DD/MM/YYYY"


def test_the_chart_sheets_are_the_charts_tables(world):
    with translation.override("en"):
        report = make_report(world)
        book = read_book(report_xlsx(report))
    assert [row.name for row in report.matrix.rows] == [CELL_A, CELL_B, "Executive committee"]
    for title, chart in report.charts:
        rows = rows_of(book[title])
        assert list(rows[0][1:]) == [str(label) for label in chart.labels]
        assert len(rows) == 1 + len(chart.series) + (chart.unit != "%" and len(chart.series) > 1)
        for series, row in zip(chart.series, rows[1:], strict=False):
            assert row[0] == str(series.label)
            assert list(row[1:]) == [None if v is None else float(v) for v in series.values]
    attendance = {r[0]: r[1:5] for r in rows_of(book["Dự sinh hoạt"])}
    assert attendance[CELL_A] == (66.7, 66.7, None, 66.7)
    assert attendance[CELL_B] == (100, 100, 50, 100)
    documents = {r[0]: r[1:3] for r in rows_of(book["Nghiên cứu tài liệu"])}
    assert documents[CELL_B] == (50, None)
    percents = [c for r in book["Dự sinh hoạt"].iter_rows(min_row=2) for c in r[1:5] if c.value]
    assert percents
    assert all(c.number_format == "0.0" for c in percents)
    tasks = rows_of(book["Nhiệm vụ"])
    assert tasks[0][1:] == (CELL_A, CELL_B, "Executive committee")
    assert [r[1] for r in tasks[1:]] == [1, 0, 1, 2]  # CB1: done, open, overdue, total
    quality = rows_of(book["Chất lượng"])
    assert [r[1:3] for r in quality[1:]] == [(1, 4), (0, 0), (1, 0), (0, 0), (2, 4)]
    assert rows_of(book["Xếp loại"])[1][1:] == (1, 2, 0, 0)


def test_the_alerts_sheet_has_a_row_per_alert(world):
    report = make_report(world)
    rows = rows_of(officer_book(world)["Cảnh báo"])
    assert rows[0] == ("Alert", "Cell", "Who", "Details", "Date", "Number")
    assert len(rows) - 1 == report.alerts.count
    assert ("Unexcused absences", CELL_A, "Trần Văn Vắng", None, None, 3) in rows
    missed = next(r for r in rows if r[0] == "Missed meetings" and r[1] == CELL_A)
    assert missed[3] == "months: 3; quarters without topic session: 1"
    minutes = next(r for r in rows if r[0] == "Minutes not approved")
    assert minutes[1:] == (CELL_A, None, None, datetime.datetime(2026, 4, 3), 47)


def test_the_workbook_writes_hostile_names_as_text(world):
    """A cell or a member named like a formula comes out as text (issue 17 item 2)."""
    world["cell_a"].name = "=2+2"
    world["cell_a"].save()
    world["truant"].full_name = '=HYPERLINK("http://x","x")'
    world["truant"].save()
    book = officer_book(world)
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    alerts = rows_of(book["Cảnh báo"])
    assert ("Unexcused absences", "'=2+2", """'=HYPERLINK("http://x","x")""", None, None, 3) in (
        alerts
    )


def test_the_workbook_headers_follow_the_language_but_not_the_sheet_titles(world):
    with translation.override("vi"):
        book = read_book(report_xlsx(make_report(world)))
    assert book.sheetnames == ALL_SHEETS


# --- the official DOCX ------------------------------------------------------------------------


def officer_docx(world, **kwargs):
    return report_docx(make_report(world, **kwargs), ISSUED)


def test_the_docx_header_title_and_signature(world):
    document = docx.Document(io.BytesIO(officer_docx(world)))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "HUYỆN ỦY KRÔNG BÔNG",
        "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG",
        "*",
        "Số      -BC/ĐU",
    ]
    assert [p.text for p in right.paragraphs] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Krông Bông, ngày 25 tháng 5 năm 2026",
    ]
    texts = [p.text for p in document.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Tình hình sinh hoạt chi bộ năm 2026"
    assert document.paragraphs[title + 1].runs[0].bold
    for heading in (
        "I. Tình hình chung",
        "II. Kết quả sinh hoạt chi bộ",
        "III. Tồn tại, hạn chế",
        "IV. Phương hướng",
    ):
        assert heading in texts
    assert texts.index("I. Tình hình chung") < texts.index("IV. Phương hướng")
    recipients, signature = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Huyện ủy Krông Bông (để báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu văn phòng đảng ủy.",
    ]
    assert [p.text for p in signature.paragraphs if p.text] == [
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Hoàng Văn Trưởng",
    ]
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_docx_numbers_match_the_selectors(world):
    report = make_report(world)
    n = report.numbers
    texts = texts_of(report_docx(report, ISSUED))
    body = "\n".join(texts)
    assert (
        f"với {n.official + n.probationary} đảng viên, trong đó {n.official} đảng viên chính "
        f"thức, {n.probationary} đảng viên dự bị." in body
    )
    assert "có 2 chi bộ trực thuộc" in body
    assert (
        "- Sinh hoạt thường kỳ: các chi bộ và Đảng ủy tổ chức 11/12 buổi sinh hoạt thường kỳ "
        "đến hạn (91,7%), trong đó 1 buổi tổ chức chậm so với ngày sinh hoạt thống nhất; "
        "1 lượt không tổ chức." in texts
    )
    assert "- Sinh hoạt chuyên đề: 1/2 lượt chi bộ - quý đến hạn" in body
    assert (
        f"- Tỷ lệ đảng viên dự sinh hoạt thường kỳ bình quân: "
        f"{percent_vi(n.attendance_percent)}." in texts
    )
    assert (
        "- Biên bản: 10/11 biên bản sinh hoạt thường kỳ đã được thông qua, trong đó 1 biên bản "
        "thông qua chậm (sau 7 ngày kể từ buổi sinh hoạt); 1 biên bản chưa được thông qua, "
        "1 biên bản đã quá hạn." in texts
    )
    assert (
        "- Nghiên cứu tài liệu: bình quân 50% đảng viên mở đọc tài liệu trước buổi sinh hoạt "
        "(các buổi có tài liệu gửi trước)." in texts
    )
    assert (
        "- Chất lượng buổi sinh hoạt: 6 buổi được đánh giá, xếp loại Tốt 5; Khá 0; "
        "Trung bình 1; Kém 0." in texts
    )
    assert (
        "- Nhiệm vụ có thời hạn trong năm: 1 lượt hoàn thành, 0 lượt đang thực hiện, 1 lượt quá "
        f"hạn; đến ngày 20 tháng 5 năm 2026 toàn Đảng bộ còn {n.overdue_tasks} lượt nhiệm vụ quá "
        "hạn chưa hoàn thành." in texts
    )
    assert n.overdue_tasks == 1
    assert (
        "- Xếp loại chất lượng đảng viên: hoàn thành xuất sắc nhiệm vụ 1 đồng chí; hoàn thành "
        "tốt nhiệm vụ 2 đồng chí; hoàn thành nhiệm vụ 0 đồng chí; không hoàn thành nhiệm vụ 0 "
        "đồng chí." in texts
    )
    a_line = next(t for t in texts if t.startswith(f"- {CELL_A}: sinh hoạt thường kỳ"))
    assert "3/4 buổi đến hạn (chậm 1; không tổ chức tháng 3)" in a_line
    assert "sinh hoạt chuyên đề 0/1 quý đến hạn" in a_line
    assert "tỷ lệ dự sinh hoạt bình quân các tháng 66,7%" in a_line
    assert "nhiệm vụ hoàn thành 1, đang thực hiện 0, quá hạn 1 lượt" in a_line
    assert "1 biên bản chưa thông qua" in a_line
    assert (
        "- Đảng ủy: sinh hoạt thường kỳ 4/4 buổi đến hạn; tỷ lệ dự sinh hoạt bình quân các "
        "tháng 100%." in texts
    )


def test_the_docx_states_the_problems_in_words(world):
    texts = texts_of(officer_docx(world))
    problems = texts[texts.index("III. Tồn tại, hạn chế") + 1 : texts.index("IV. Phương hướng")]
    assert (
        f"- {CELL_A}: không tổ chức sinh hoạt thường kỳ tháng 3; chưa sinh hoạt chuyên đề quý 1."
        in problems
    )
    assert (
        f"- Biên bản buổi sinh hoạt ngày 03/04/2026 của {CELL_A} chưa được thông qua sau 47 ngày."
        in problems
    )
    assert (
        f"- Đồng chí Trần Văn Vắng ({CELL_A}) vắng sinh hoạt không có lý do 3 lần trong năm."
        in problems
    )


def test_the_docx_leaves_the_ratings_out_for_an_observer(world):
    body = "\n".join(texts_of(officer_docx(world, confidential=False)))
    assert "Xếp loại chất lượng đảng viên" not in body


def test_the_docx_is_vietnamese_whatever_the_language(world):
    with translation.override("en"):
        data = officer_docx(world)
        vietnamese = texts_of(data)
    with translation.override("vi"):
        assert texts_of(officer_docx(world)) == vietnamese
    assert "I. Tình hình chung" in vietnamese
    assert not any("Held" in t or "Minutes" in t for t in vietnamese)


def test_the_docx_signature_is_blank_without_a_secretary_that_day(world):
    data = report_docx(make_report(world), datetime.date(2025, 6, 1))
    signature = docx.Document(io.BytesIO(data)).tables[-1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


# --- the views ------------------------------------------------------------------------------


def url(world, kind, **query):
    path = reverse(f"dashboard:report_{kind}", kwargs={"pk": world["committee"].pk})
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def get(client, world, persona, kind, **query):
    client.force_login(world[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url(world, kind, **query))


def test_an_officer_downloads_both_with_the_ratings(client, world):
    this_year = timezone.localdate().year
    response = get(client, world, "officer", "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="bao-cao-sinh-hoat-chi-bo-{this_year}.xlsx"'
    )
    assert "Xếp loại" in read_book(response.content).sheetnames
    response = get(client, world, "officer", "docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="bao-cao-sinh-hoat-chi-bo-{this_year}.docx"'
    )
    assert f"Tình hình sinh hoạt chi bộ năm {this_year}" in texts_of(response.content)


def test_an_observer_downloads_both_without_the_ratings(client, world):
    response = get(client, world, "observer", "xlsx", year=YEAR)
    assert response.status_code == 200
    assert "Xếp loại" not in read_book(response.content).sheetnames
    response = get(client, world, "observer", "docx", year=YEAR)
    assert response.status_code == 200
    assert "Xếp loại chất lượng đảng viên" not in "\n".join(texts_of(response.content))


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("clerk", 403), ("outsider", 404)]
)
def test_others_may_not_download(client, world, kind, persona, status):
    assert get(client, world, persona, kind).status_code == status


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_anonymous_is_sent_to_log_in(client, world, kind):
    response = client.get(url(world, kind))
    assert response.status_code == 302


def test_the_year_parameter_picks_the_year(client, world):
    response = get(client, world, "officer", "xlsx", year=2025)
    assert response.status_code == 200
    assert 'filename="bao-cao-sinh-hoat-chi-bo-2025.xlsx"' in response["Content-Disposition"]
    response = get(client, world, "officer", "docx", year=YEAR)
    assert "Tình hình sinh hoạt chi bộ năm 2026" in texts_of(response.content)
    response = get(client, world, "officer", "xlsx", year="")
    this_year = timezone.localdate().year
    assert f"bao-cao-sinh-hoat-chi-bo-{this_year}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@pytest.mark.parametrize("value", ["abc", "1999", "2100"])
def test_a_bad_year_is_a_400_that_says_why(client, world, kind, value):
    response = get(client, world, "officer", kind, year=value)
    assert response.status_code == 400
    last = timezone.localdate().year + 1
    # The error page, with the menu and the reason.
    assert f"The year must be a number from 2000 to {last}." in response.content.decode()
    assertTemplateUsed(response, "400.html")


def test_a_post_is_refused(client, world):
    client.force_login(world["officer"])
    assert client.post(url(world, "xlsx")).status_code == 405


# --- query counts ---------------------------------------------------------------------------


def build_size(cells: int, months: int):
    """A committee with `cells` cells of 3 members (and the executive committee), each holding
    `months` regular meetings (approved), with attendance, a task and quality scores."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    SuperiorBodyFactory(committee=committee)
    principal = None
    for index in range(cells):
        cell = CellFactory(committee=committee)
        people = [MemberFactory(committee=committee, cell=cell) for _ in range(3)]
        if principal is None:
            principal = people[0]
            PositionFactory(member=principal, role="committee_secretary", term=term)
        for month in range(1, months + 1):
            day = datetime.date(YEAR, month, 5)
            statuses = ["present", "present", "unexcused" if month % 2 else "excused"]
            meeting = held(
                committee,
                cell,
                day,
                dict(zip(people, statuses, strict=True)),
                approved=day if month % 3 else None,
                topic=month % 3 == 0,
                quality=GOOD,
            )
            if index == 0:
                held(committee, None, day, {principal: "present"}, approved=day)
            task = Task.objects.create(
                committee=committee, cell=cell, meeting=meeting, title="Việc", deadline=day
            )
            TaskAssignment.objects.create(task=task, member=people[month % 3])
        Evaluation.objects.create(
            committee=committee, member=people[1], cell=cell, year=YEAR, final_rating="good"
        )
    return committee


def report_queries(committee) -> int:
    today = datetime.date(YEAR, 12, 31)
    with CaptureQueriesContext(connection) as queries:
        data = year_report(committee, YEAR, today=today, confidential=True)
        report_xlsx(data)
        report_docx(data, today)
    return len(queries)


def test_the_report_costs_the_same_for_a_small_and_a_large_committee(db):
    small = report_queries(build_size(2, 3))
    large = report_queries(build_size(10, 12))
    assert small == large


def test_the_views_cost_the_same_for_a_small_and_a_large_committee(client, db):
    counts = []
    for cells, months in ((2, 3), (10, 12)):
        committee = build_size(cells, months)
        client.force_login(CommitteeRoleFactory(committee=committee, role="officer").user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                reverse("dashboard:report_xlsx", kwargs={"pk": committee.pk}) + f"?year={YEAR}"
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
