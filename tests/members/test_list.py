"""The member list: filters, search with and without diacritics, order, export, probation watch."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cells import services as cell_services
from core.dates import add_months
from members.models import Status
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TONE_NAMES = [
    "Nguyễn Văn An",  # ngã
    "Lê Thị Ánh",  # sắc
    "Trần Văn Bằng",  # huyền
    "Phạm Thị Hải",  # hỏi
    "Hoàng Văn Dụng",  # nặng
    "Đặng Thị Đào",  # đ
    "Võ Minh Ðức",  # U+00D0 (a look-alike of Đ) is not folded; the real Đ is
    "Đỗ Văn Cường",
]


@pytest.fixture
def listing(committee, client):
    cell = CellFactory(committee=committee, code="CB1")
    other = CellFactory(committee=committee, code="CB2")
    for name in TONE_NAMES:
        MemberFactory(committee=committee, cell=cell, full_name=name)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    client.force_login(officer)
    return {"cell": cell, "other": other, "officer": officer, "client": client}


def names(response):
    return [row["member"].full_name for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen", ["Nguyễn Văn An"]),
        ("Nguyễn", ["Nguyễn Văn An"]),
        ("anh", ["Lê Thị Ánh"]),
        ("bang", ["Trần Văn Bằng"]),
        ("hai", ["Phạm Thị Hải"]),
        ("dung", ["Hoàng Văn Dụng"]),
        ("dao", ["Đặng Thị Đào"]),
        ("đào", ["Đặng Thị Đào"]),
        ("DANG THI", ["Đặng Thị Đào"]),
        ("do van", ["Đỗ Văn Cường"]),
        ("cuong", ["Đỗ Văn Cường"]),
    ],
)
def test_search_with_and_without_diacritics(listing, query, expected):
    response = listing["client"].get(reverse("members:list"), {"q": query})
    assert names(response) == expected


def test_sorted_by_given_name_then_middle_then_family(listing, committee):
    MemberFactory(committee=committee, cell=listing["cell"], full_name="Bùi Văn An")
    response = listing["client"].get(reverse("members:list"), {"cell": listing["cell"].pk})
    result = names(response)
    # Family-name order would put Bùi before Nguyễn and Lê before Trần; given names decide.
    assert result.index("Bùi Văn An") < result.index("Nguyễn Văn An")
    assert result[:2] == ["Bùi Văn An", "Nguyễn Văn An"]
    assert result.index("Lê Thị Ánh") < result.index("Trần Văn Bằng")


def test_count_and_pagination_keep_the_filters(listing, committee):
    MemberFactory.create_batch(30, committee=committee, cell=listing["other"])
    client = listing["client"]
    response = client.get(reverse("members:list"), {"cell": listing["other"].pk})
    assert response.context["page"].paginator.count == 30
    html = response.content.decode()
    assert f"cell={listing['other'].pk}" in html and "page=2" in html


def test_filters_theory_position_sex_age_and_year(listing, committee):
    cell = listing["cell"]
    young = MemberFactory(
        committee=committee,
        cell=cell,
        full_name="Y Niê Trẻ",
        sex="female",
        theory_level="intermediate",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 25),
        admitted_on=datetime.date(2022, 5, 19),
        recognised_on=datetime.date(2023, 5, 19),
    )
    PositionFactory(
        member=young, cell=cell, role="cell_deputy", term=TermFactory(committee=committee)
    )
    client = listing["client"]
    url = reverse("members:list")
    assert names(client.get(url, {"theory_level": "intermediate"})) == ["Y Niê Trẻ"]
    assert names(client.get(url, {"position": "cell_deputy"})) == ["Y Niê Trẻ"]
    assert names(client.get(url, {"sex": "female"})) == ["Y Niê Trẻ"]
    assert names(client.get(url, {"age_max": 30})) == ["Y Niê Trẻ"]
    assert "Y Niê Trẻ" not in names(client.get(url, {"age_min": 26}))
    assert names(client.get(url, {"admitted_year": 2022})) == ["Y Niê Trẻ"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "n" * 10_000},
        {"age_min": "abc"},
        {"age_max": "-5"},
        {"admitted_year": "99999999999999999999"},
        {"theory_level": "nonsense"},
        {"position": "king"},
        {"cell": "abc"},
    ],
)
def test_bad_filter_values_are_not_a_500(listing, params):
    assert listing["client"].get(reverse("members:list"), params).status_code == 200


def test_ordinary_member_gets_no_personal_filters(client, committee):
    cell = CellFactory(committee=committee)
    user = member_user(MemberFactory(committee=committee, cell=cell))
    client.force_login(user)
    response = client.get(reverse("members:list"), {"age_min": 40, "status": "official"})
    form = response.context["filter"].form
    assert "age_min" not in form.fields and "status" not in form.fields


# --- export -------------------------------------------------------------------------------------


def _sheet(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_export_follows_the_filters_and_shows_personal_columns_to_officers(listing):
    response = listing["client"].get(reverse("members:export"), {"q": "nguyen"})
    rows = _sheet(response)
    header = rows[0]
    assert "Số CCCD" in header or "Citizen ID" in header
    assert [r[0] for r in rows[1:]] == ["Nguyễn Văn An"]


def test_export_for_a_member_has_no_personal_columns(client, committee):
    cell = CellFactory(committee=committee)
    neighbour = MemberFactory(committee=committee, cell=cell, citizen_id="066123123123")
    user = member_user(MemberFactory(committee=committee, cell=cell))
    client.force_login(user)
    rows = _sheet(client.get(reverse("members:export")))
    assert len(rows[0]) == 4
    flat = " ".join(str(v) for row in rows for v in row)
    assert neighbour.full_name in flat
    assert "066123123123" not in flat


def test_export_writes_hostile_text_as_text(listing, committee):
    """A name or a job title that looks like a formula comes out as text (issue 17 item 2)."""
    MemberFactory(
        committee=committee,
        cell=listing["cell"],
        full_name="=2+2",
        job_title='=HYPERLINK("http://x","x")',
        phone="+84 905 123 456",
    )
    response = listing["client"].get(reverse("members:export"))
    book = load_workbook(io.BytesIO(response.content))
    assert [
        c.coordinate for row in book.active.iter_rows() for c in row if c.data_type == "f"
    ] == []
    rows = _sheet(response)
    row = next(r for r in rows if r[0] == "'=2+2")
    assert """'=HYPERLINK("http://x","x")""" in row
    assert "+84 905 123 456" in row


def test_export_queries_do_not_grow(listing, committee, django_assert_max_num_queries):
    client = listing["client"]
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:export"))
    MemberFactory.create_batch(40, committee=committee, cell=listing["cell"])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("members:export"))
    assert len(few) == len(many)


# --- probation watch ----------------------------------------------------------------------------


def _probationary(committee, cell, admitted_on, name):
    return MemberFactory(
        committee=committee,
        cell=cell,
        full_name=name,
        status=Status.PROBATIONARY,
        admitted_on=admitted_on,
        recognised_on=None,
        card_number=None,
    )


def test_probation_watch_lists_ending_and_overdue(listing, committee):
    today = timezone.localdate()
    cell = listing["cell"]
    soon = _probationary(
        committee, cell, add_months(today, -12) + datetime.timedelta(days=20), "Sắp Hết"
    )
    late = _probationary(
        committee, cell, add_months(today, -12) - datetime.timedelta(days=5), "Quá Hạn"
    )
    _probationary(committee, cell, add_months(today, -6), "Còn Lâu")
    response = listing["client"].get(reverse("members:probation"))
    assert [m.full_name for m in response.context["ending"]] == [soon.full_name]
    assert [m.full_name for m in response.context["overdue"]] == [late.full_name]
    assert response.context["overdue"][0].days_late == 5
    assert response.context["ending"][0].days_left == 20


def test_probation_watch_window_is_a_setting(listing, committee, officer):
    today = timezone.localdate()
    _probationary(
        committee,
        listing["cell"],
        add_months(today, -12) + datetime.timedelta(days=90),
        "Chín Mươi",
    )
    client = listing["client"]
    assert client.get(reverse("members:probation")).context["ending"] == []
    cell_services.rules_update(committee=committee, by=officer, probation_warning_days=120)
    assert [m.full_name for m in client.get(reverse("members:probation")).context["ending"]] == [
        "Chín Mươi"
    ]


def test_probation_watch_is_scoped(client, committee):
    cell = CellFactory(committee=committee)
    other = CellFactory(committee=committee)
    today = timezone.localdate()
    _probationary(committee, other, add_months(today, -12), "Ở Chi Bộ Khác")
    user = member_user(MemberFactory(committee=committee, cell=cell))
    client.force_login(user)
    response = client.get(reverse("members:probation"))
    assert response.context["overdue"] == [] and response.context["ending"] == []


@pytest.mark.postgres
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="postgres: the trigram index exists on PostgreSQL only",
)
def test_name_search_has_a_trigram_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'members_member_name_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
