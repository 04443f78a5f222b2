"""The report's figures (`reports/figures.py`) and what the print view shows of them (issue 22
item 3, "Done when"): the small first quarter of 2025 of `tests/reports/test_period_figures.py`
(built by hand; its docstring tells every record), every number of March's report and of the
first quarter's counted by hand and written as a literal here — the dict the draft reads live and
the submitted report freezes, the sentences of the print view, and the same numbers on the
committee's dashboard.

The committee is under "Đảng ủy xã Krông Bông" (deadline day 20).
"""

import copy
import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from library.models import StudyCampaign
from reports.figures import figures_json, live_figures, period_bounds, report_figures
from reports.measures.period import period_figures
from reports.models import PeriodReport
from reports.services import report_create, report_submit, report_update
from tests.factories import CommitteeRoleFactory, MemberFactory, SuperiorBodyFactory
from tests.reports.test_period_figures import build_quarter

pytestmark = pytest.mark.django_db

D = datetime.date
P = Decimal
TODAY = D(2025, 4, 20)
MARCH = (D(2025, 3, 1), D(2025, 3, 31))
Q1 = (D(2025, 1, 1), D(2025, 3, 31))


@pytest.fixture(scope="module")
def _world(module_db):
    w = build_quarter()
    SuperiorBodyFactory(
        committee=w.committee, name="Đảng ủy xã Krông Bông", valid_from=D(2001, 2, 23)
    )
    w.observer = CommitteeRoleFactory(committee=w.committee, role="observer").user
    with translation.override("en"):
        w.march, _created = report_create(
            committee=w.committee, kind="month", period_start=D(2025, 3, 1), by=w.by, today=TODAY
        )
        w.quarter, _created = report_create(
            committee=w.committee, kind="quarter", period_start=D(2025, 2, 10), by=w.by, today=TODAY
        )
    return w


@pytest.fixture
def w(_world, db):
    return copy.deepcopy(_world)


def page(client, user, report) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def march_figures(w) -> dict:
    """March 2025, every number counted by hand (see test_period_figures' docstring)."""
    a, b = w.a.pk, w.b.pk
    return {
        "start": "2025-03-01",
        "end": "2025-03-31",
        "as_of": "2025-03-31",
        "members": {
            "total": 9,
            "official": 7,
            "probationary": 2,
            "admitted": 1,  # Mới, 10/03
            "recognised": 0,
            "transferred_in": 0,
            "transferred_out": 1,  # Bình4, 15/03
            "temporarily_in": 0,
            "temporarily_out": 0,
            "deceased": 1,  # Bình5, 20/03
            "removed": 0,
            "disciplined": 1,  # Bình1, 25/03
        },
        "meetings": {
            "rows": [
                {
                    "key": f"cell-{a}",
                    "name": "Chi bộ A",
                    "cell_id": a,
                    "held": 1,
                    "on_time": 1,
                    "late": 0,
                    "missed": 0,
                    "present": 4,  # An3 absent on 5 March
                    "attendance_rows": 5,
                    "attendance_percent": "80.0",
                    "topics_held": 1,  # 20 March
                },
                {
                    "key": f"cell-{b}",
                    "name": "Chi bộ B",
                    "cell_id": b,
                    "held": 1,
                    "on_time": 1,
                    "late": 0,
                    "missed": 0,
                    "present": 3,  # Bình5 excused, Bình2 absent
                    "attendance_rows": 5,
                    "attendance_percent": "60.0",
                    "topics_held": 0,
                },
                {
                    "key": "executive",
                    "name": "",
                    "cell_id": None,
                    "held": 1,
                    "on_time": 1,
                    "late": 0,
                    "missed": 0,
                    "present": 0,  # no executive officers: an empty sheet
                    "attendance_rows": 0,
                    "attendance_percent": None,
                    "topics_held": 0,
                },
            ],
            "total": {
                "held": 3,
                "on_time": 3,
                "late": 0,
                "missed": 0,
                "present": 7,
                "attendance_rows": 10,
                "attendance_percent": "70.0",
                "topics_held": 1,
            },
            # A's 5 March (score 100: good), B's 5 March (70: fair), A's topic session (55).
            "grades": {"good": 1, "fair": 1, "average": 1, "poor": 0},
        },
        "study": {
            "started": 1,
            "participants": 6,
            "done": 4,
            "campaigns": [
                {
                    "title": w.march_campaign_title,
                    "starts_on": "2025-03-10",
                    "deadline": "2025-04-09",
                    "participants": 6,
                    "done": 4,
                }
            ],
        },
        "supervision": {"total": 1, "regular": 1, "thematic": 0, "inspection": 0, "violations": 0},
        # March: An1 30,000 + An2 30,000 + Bình1 50,000 (the reversed 99,000 not); A handed
        # 18,000; the committee remitted 10,000.
        "fees": {"collected": 110_000, "received": 18_000, "remitted": 10_000},
        # At A's March meeting: An1 (done 20/03), An2 (overdue since 25/03), An3 (due 30/04);
        # done in March also Bình1's (10/03).
        "tasks": {"assigned": 3, "done": 2, "overdue": 1},
    }


@pytest.fixture
def expected(w):
    w.march_campaign_title = StudyCampaign.objects.get(
        committee=w.committee, starts_on=D(2025, 3, 10)
    ).title
    return march_figures(w)


# --- the periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, day, bounds",
    [
        ("month", D(2025, 2, 14), (D(2025, 2, 1), D(2025, 2, 28))),
        ("month", D(2024, 2, 29), (D(2024, 2, 1), D(2024, 2, 29))),
        ("month", D(2025, 12, 31), (D(2025, 12, 1), D(2025, 12, 31))),
        ("quarter", D(2025, 2, 10), (D(2025, 1, 1), D(2025, 3, 31))),
        ("quarter", D(2025, 11, 30), (D(2025, 10, 1), D(2025, 12, 31))),
        ("half", D(2025, 6, 30), (D(2025, 1, 1), D(2025, 6, 30))),
        ("half", D(2025, 7, 1), (D(2025, 7, 1), D(2025, 12, 31))),
        ("year", D(2025, 7, 9), (D(2025, 1, 1), D(2025, 12, 31))),
    ],
)
def test_period_bounds(kind, day, bounds):
    assert period_bounds(kind, day) == bounds


# --- the month ------------------------------------------------------------------------------------


def test_the_figures_of_march(w, expected):
    assert figures_json(period_figures(w.committee, *MARCH, today=TODAY)) == expected
    # The draft reads them live (today is long after March: the same numbers).
    assert (w.march.period_start, w.march.period_end) == MARCH
    assert report_figures(w.march) == expected


def test_the_print_view_of_march_shows_the_numbers(client, w):
    html = page(client, w.by, w.march)
    for sentence in (
        "Đến ngày 31 tháng 3 năm 2025, Đảng bộ có 9 đảng viên, trong đó 7 đảng viên chính "
        "thức, 2 đảng viên dự bị.",
        "Trong kỳ: kết nạp 1 đảng viên; công nhận đảng viên chính thức 0 đồng chí; chuyển sinh "
        "hoạt đảng chính thức đến 0, đi 1 đồng chí; sinh hoạt tạm thời đến 0, đi 0 đồng chí; từ "
        "trần 1 đồng chí; xóa tên, khai trừ 0 đồng chí.",
        "Kỷ luật đảng viên: 1 trường hợp.",
        "Các chi bộ và Đảng ủy tổ chức 3/3 buổi sinh hoạt thường kỳ đến hạn, trong đó 3 buổi "
        "đúng ngày sinh hoạt thống nhất, 0 buổi chậm; 0 lượt không tổ chức.",
        "Tỷ lệ đảng viên dự sinh hoạt thường kỳ: 70% (7/10 lượt).",
        "Sinh hoạt chuyên đề: 1 buổi.",
        "Chất lượng buổi sinh hoạt: 3 buổi được xếp loại (Tốt 1, Khá 1, Trung bình 1, Kém 0).",
        "- Chi bộ A: sinh hoạt thường kỳ 1/1 buổi đến hạn (đúng ngày 1, chậm 0, không tổ chức "
        "0); tỷ lệ đảng viên dự sinh hoạt 80%; sinh hoạt chuyên đề 1 buổi.",
        "- Chi bộ B: sinh hoạt thường kỳ 1/1 buổi đến hạn (đúng ngày 1, chậm 0, không tổ chức "
        "0); tỷ lệ đảng viên dự sinh hoạt 60%; sinh hoạt chuyên đề 0 buổi.",
        "- Đảng ủy: sinh hoạt thường kỳ 1/1 buổi đến hạn (đúng ngày 1, chậm 0, không tổ chức "
        "0); tỷ lệ đảng viên dự sinh hoạt —.",
        "Trong kỳ, Đảng bộ tổ chức 1 đợt học tập, quán triệt: 6 lượt đảng viên tham gia, 4 lượt "
        "đã hoàn thành.",
        "(từ 10/03/2025 đến 09/04/2025): 4/6 đảng viên đã học tập.",
        "Trong kỳ, thực hiện 1 lượt kiểm tra, giám sát đảng viên (giám sát thường xuyên 1, giám "
        "sát chuyên đề 0, kiểm tra 0); 0 trường hợp có dấu hiệu vi phạm.",
        "Các chi bộ thu đảng phí 110.000 đồng; nộp về Đảng ủy 18.000 đồng; Đảng ủy nộp cấp trên "
        "10.000 đồng.",
        "Nhiệm vụ phân công tại các buổi sinh hoạt trong kỳ: 3 lượt; hoàn thành trong kỳ 2 lượt; "
        "đến ngày 31 tháng 3 năm 2025 còn 1 lượt quá hạn.",
        "báo cáo kết quả công tác xây dựng Đảng tháng 3/2025 (số liệu từ ngày 01/03/2025 đến "
        "ngày 31/03/2025) như sau:",
        "VIII. Phương hướng, nhiệm vụ tháng 4/2025",
    ):
        assert sentence in html, sentence
    # The header and the closing (DOMAIN §13).
    assert "Số 01-BC/ĐU" in html
    assert "Krông Bông, ngày 20 tháng 4 năm 2025" in html
    assert "Đảng ủy xã Krông Bông (để báo cáo)," in html
    assert "Lưu Văn phòng Đảng ủy." in html
    assert "T/M ĐẢNG ỦY" in html and "BÍ THƯ" in html


def test_the_observer_reads_the_same_page(client, w):
    assert "Tỷ lệ đảng viên dự sinh hoạt thường kỳ: 70% (7/10 lượt)." in page(
        client, w.observer, w.march
    )


def test_the_free_texts_print_in_their_sections(client, w):
    report_update(
        w.march,
        by=w.by,
        situation="Đảng viên an tâm công tác.\nTư tưởng ổn định.",
        notable="Hoàn thành thi học kỳ.",
        plan="Tổ chức sinh hoạt chuyên đề.",
    )
    html = page(client, w.by, w.march)
    assert '<p class="mb-2">Đảng viên an tâm công tác.</p>' in html
    assert '<p class="mb-2">Tư tưởng ổn định.</p>' in html
    assert html.index("Hoàn thành thi học kỳ.") > html.index("còn 1 lượt quá hạn.")
    assert html.index("Tổ chức sinh hoạt chuyên đề.") > html.index("VIII. Phương hướng")


# --- submitted: frozen ----------------------------------------------------------------------------


def test_a_submitted_report_keeps_its_figures(client, w, expected):
    submitted = report_submit(w.march, by=w.by)
    assert submitted.figures == expected
    # A member entered afterwards (on the roll since long before): a draft would count her, the
    # submitted report does not.
    MemberFactory(committee=w.committee, cell=w.a)
    assert live_figures(submitted)["members"]["total"] == 10
    submitted = PeriodReport.objects.get(pk=submitted.pk)
    assert report_figures(submitted) == expected
    assert "Đảng bộ có 9 đảng viên" in page(client, w.by, submitted)


# --- the quarter ----------------------------------------------------------------------------------


def test_the_first_quarter_is_the_same_report_over_three_months(client, w):
    f = report_figures(w.quarter)
    assert (w.quarter.period_start, w.quarter.period_end) == Q1
    assert (f["start"], f["end"], f["as_of"]) == ("2025-01-01", "2025-03-31", "2025-03-31")
    assert f["members"] == {
        "total": 9,
        "official": 7,
        "probationary": 2,
        "admitted": 1,
        "recognised": 1,  # Sáu, 10/02
        "transferred_in": 0,
        "transferred_out": 1,
        "temporarily_in": 0,
        "temporarily_out": 0,
        "deceased": 1,
        "removed": 0,
        "disciplined": 2,  # and Bình2, 15/01
    }
    rows = [
        (r["name"], r["on_time"], r["late"], r["missed"], r["present"], r["attendance_rows"])
        for r in f["meetings"]["rows"]
    ]
    assert rows == [
        ("Chi bộ A", 2, 1, 0, 13, 15),
        ("Chi bộ B", 2, 0, 1, 7, 10),
        ("", 2, 0, 1, 0, 0),
    ]
    assert f["meetings"]["total"] == {
        "held": 7,
        "on_time": 6,
        "late": 1,
        "missed": 2,
        "present": 20,
        "attendance_rows": 25,
        "attendance_percent": "80.0",
        "topics_held": 2,
    }
    assert f["meetings"]["grades"] == {"good": 1, "fair": 1, "average": 1, "poor": 1}
    assert (f["study"]["started"], f["study"]["participants"], f["study"]["done"]) == (2, 9, 5)
    assert f["supervision"] == {
        "total": 2,
        "regular": 1,
        "thematic": 1,
        "inspection": 0,
        "violations": 1,
    }
    assert f["fees"] == {"collected": 140_000, "received": 23_000, "remitted": 10_000}
    assert f["tasks"] == {"assigned": 4, "done": 2, "overdue": 1}
    html = page(client, w.by, w.quarter)
    assert "Kết quả công tác xây dựng Đảng quý I/2025" in html
    assert "tổ chức 7/9 buổi sinh hoạt thường kỳ đến hạn, trong đó 6 buổi" in html
    assert "1 buổi chậm; 2 lượt không tổ chức." in html
    assert "Các chi bộ thu đảng phí 140.000 đồng; nộp về Đảng ủy 23.000 đồng" in html
    assert "VIII. Phương hướng, nhiệm vụ quý II/2025" in html


# --- the dashboard shows the same numbers ---------------------------------------------------------


def test_the_dashboard_shows_the_same_numbers(client, w):
    client.force_login(w.by)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("dashboard:committee", args=[w.committee.pk]), {"year": 2025})
    assert response.status_code == 200
    panels = {panel.key: data for panel, data in response.context["panels"]}
    march = 2  # the third month
    attendance = {s.label: s.values[march] for s in panels["attendance"].chart.series}
    # The report's rows A and B: 80% and 60% in March.
    assert (attendance["Chi bộ A"], attendance["Chi bộ B"]) == (P("80.0"), P("60.0"))
    matrix = panels["matrix"].matrix
    assert [row.months[march].state for row in matrix.rows] == ["on_time"] * 3
    # The year so far (January–March): the quarter's figures.
    numbers = panels["key_numbers"]
    assert (numbers.meetings_held, numbers.meetings_late) == (7, 1)
    assert numbers.attendance_percent == P("80.0")
    assert (numbers.official, numbers.probationary) == (7, 2)
