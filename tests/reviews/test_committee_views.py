"""The committee's pages of the quality year (issue 9 items 4, 5, 8): the year page (decide the
ratings within the quota, rate the cells), confirming, a cell's rating, the report as a page, an
.xlsx and the official DOCX.

Evaluations are confidential (DESIGN §3): committee officers only — by a position or a grant —
of their own committee; a cell secretary, a member, an observer, a clerk and a superuser without
office get a 403; another committee's officer sees her own committee's year.
"""

import copy
import datetime
import html
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cells.models import Cell, CommitteeSettings
from reviews.cell_ratings import cell_rating_set
from reviews.models import CellRating, Evaluation, ReviewYear
from reviews.reports.data import percent_of
from reviews.reports.document import DOCX_TYPE, percent_vi
from reviews.reports.workbook import XLSX_TYPE
from reviews.services import ratings_confirm
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

YEAR = 2025
YEAR_URL = f"/reviews/{YEAR}/"


def evaluate(member, cell, rating="", *, final="", rated=True, reason=""):
    return Evaluation.objects.create(
        committee=member.committee,
        member=member,
        cell=cell,
        year=YEAR,
        proposed_rating=rating,
        final_rating=final,
        rated=rated,
        not_rated_reason=reason,
        self_rating=rating,
        self_score_general=25 if rating else None,
        self_score_tasks=60 if rating else None,
        votes_yes=5 if rating else None,
        votes_no=0 if rating else None,
        votes_abstain=0 if rating else None,
    )


def build_world(committee, term):
    """Committee A: cell A1 "Chi bộ Tổ Toán - Tin" (the committee secretary, the cell secretary,
    a member and two more) and A2 "Chi bộ Tổ Văn" (a member, five more, a new member not rated).
    Proposals: A1 4 good + 1 outstanding; A2 5 good + 1 completed — 9 good, 1 outstanding:
    ⌊20% × 9⌋ = 1, within the quota. Grants on A: an officer, a clerk, an observer; a superuser
    without office; committee B with an officer and an evaluation of its own."""
    SuperiorBodyFactory(committee=committee, name="Huyện ủy Krông Bông")
    cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin", code="CB1")
    other_cell = CellFactory(committee=committee, name="Chi bộ Tổ Văn", code="CB2")
    other_committee = CommitteeFactory(name="Đảng bộ Trường THPT Khác")
    b_cell = CellFactory(committee=other_committee, name="Chi bộ Bên Kia")

    def person(c, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, full_name=name, **kwargs)
        if role:
            PositionFactory(
                member=member, cell=c if role.startswith("cell_") else None, role=role, term=term
            )
        return member

    principal = person(cell, "Hoàng Văn Trưởng", "committee_secretary")
    secretary = person(cell, "Bí Thư An", "cell_secretary")
    member = person(cell, "Đảng Viên Dung")
    member_b = person(other_cell, "Chi Bộ Khác Giang")
    new = person(
        other_cell,
        "Mới Vào Hà",
        status="probationary",
        admitted_on=datetime.date(YEAR, 9, 1),
        recognised_on=None,
    )
    b_member = MemberFactory(committee=other_committee, cell=b_cell, full_name="Người Bên Kia")
    evals = {
        "principal": evaluate(principal, cell, "good"),
        "secretary": evaluate(secretary, cell, "good"),
        "member": evaluate(member, cell, "outstanding"),
        "member_b": evaluate(member_b, other_cell, "good"),
        "new": evaluate(new, other_cell, rated=False, reason="Admitted less than 6 months"),
        "b": evaluate(b_member, b_cell, "good"),
    }
    for index in range(2):
        m = person(cell, f"Thêm A{index}")
        evals[f"a{index}"] = evaluate(m, cell, "good")
    for index in range(4):
        m = person(other_cell, f"Thêm B{index}")
        evals[f"b{index}"] = evaluate(m, other_cell, "good")
    evals["completed"] = evaluate(person(other_cell, "Hoàn Thành Lan"), other_cell, "completed")
    users = {
        "committee_officer": member_user(principal),
        "cell_secretary": member_user(secretary),
        "member": member_user(member),
        "member_other_cell": member_user(member_b),
        "grant_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=other_committee, role="officer"
        ).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    return SimpleNamespace(
        committee=committee,
        other_committee=other_committee,
        cell=cell,
        other_cell=other_cell,
        b_cell=b_cell,
        principal=principal,
        evals=evals,
        users=users,
    )


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    return build_world(committee, TermFactory(committee=committee))


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def as_(client, w, who):
    client.force_login(w.users[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def selections(w, **changes) -> dict[str, str]:
    """Every select of the year page at the cell's proposal, changed by `changes` (key → rating)."""
    data = {
        f"rating-{e.pk}": e.proposed_rating
        for key, e in w.evals.items()
        if e.rated and e.committee_id == w.committee.pk
    }
    for key, rating in changes.items():
        data[f"rating-{w.evals[key].pk}"] = rating
    return data


def finals(w) -> dict[str, str]:
    return {
        key: Evaluation.objects.get(pk=e.pk).final_rating
        for key, e in w.evals.items()
        if e.committee_id == w.committee.pk
    }


def state():
    return (
        sorted(Evaluation.objects.values_list("pk", "final_rating")),
        list(ReviewYear.objects.values_list("pk", "confirmed_at")),
        sorted(CellRating.objects.values_list("cell_id", "year", "rating", "note")),
    )


def test_the_urls():
    assert reverse("reviews:year", kwargs={"year": YEAR}) == YEAR_URL
    assert reverse("reviews:confirm", kwargs={"year": YEAR}) == f"{YEAR_URL}confirm/"
    assert reverse("reviews:report_xlsx", kwargs={"year": YEAR}) == f"{YEAR_URL}report.xlsx"


# --- who may open what --------------------------------------------------------------------------

GET_PAGES = ["year", "report", "report_xlsx", "report_docx"]
DENIED = [
    "cell_secretary",
    "member",
    "member_other_cell",
    "committee_clerk",
    "observer",
    "superuser",
]


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("committee_officer", 200), ("grant_officer", 200), ("officer_other_committee", 200)]
    + [(who, 403) for who in DENIED],
)
def test_pages_per_persona(client, world, page, who, status):
    response = as_(client, world, who).get(reverse(f"reviews:{page}", kwargs={"year": YEAR}))
    assert response.status_code == status


def test_anonymous_is_sent_to_log_in(client, world):
    for page in GET_PAGES:
        response = client.get(reverse(f"reviews:{page}", kwargs={"year": YEAR}))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", DENIED)
def test_writes_are_refused_to_non_officers(client, world, who):
    before = state()
    response = as_(client, world, who).post(
        reverse("reviews:confirm", kwargs={"year": YEAR}), selections(world)
    )
    assert response.status_code == 403
    response = as_(client, world, who).post(
        reverse("reviews:cell_rating", kwargs={"year": YEAR, "cell_pk": world.cell.pk}),
        {"rating": "good"},
    )
    assert response.status_code == 403
    assert state() == before


def test_post_only_and_get_only(client, world):
    as_(client, world, "committee_officer")
    assert client.get(reverse("reviews:confirm", kwargs={"year": YEAR})).status_code == 405
    url = reverse("reviews:cell_rating", kwargs={"year": YEAR, "cell_pk": world.cell.pk})
    assert client.get(url).status_code == 405
    assert client.post(YEAR_URL).status_code == 405


def test_another_committees_officer_sees_only_hers(client, world):
    response = as_(client, world, "officer_other_committee").get(YEAR_URL)
    page = text(response)
    assert "Đảng bộ Trường THPT Khác" in page
    assert "Người Bên Kia" in page
    assert "Chi bộ Bên Kia" in page
    for name in ("Hoàng Văn Trưởng", "Đảng Viên Dung", "Chi bộ Tổ Toán - Tin"):
        assert name not in page
    report = text(as_(client, world, "officer_other_committee").get(f"{YEAR_URL}report/"))
    assert "Chi bộ Tổ Toán - Tin" not in report


def test_another_committees_officer_cannot_rate_our_cell_nor_decide_ours(client, world):
    before = state()
    as_(client, world, "officer_other_committee")
    url = reverse("reviews:cell_rating", kwargs={"year": YEAR, "cell_pk": world.cell.pk})
    assert client.post(url, {"rating": "good"}).status_code == 404
    # Our evaluations posted to her committee's confirmation: refused by name, nothing saved.
    response = client.post(f"{YEAR_URL}confirm/", selections(world))
    assert response.status_code == 200
    assert "An evaluation of another committee or year was sent." in text(response)
    assert state() == before


def test_an_unreasonable_year_is_404(client, world):
    as_(client, world, "committee_officer")
    assert client.get("/reviews/1800/").status_code == 404
    assert client.get(f"/reviews/{timezone.localdate().year + 5}/report/").status_code == 404


# --- the year page ------------------------------------------------------------------------------


def test_the_year_page_shows_each_cell_its_proposals_and_the_quota(client, world):
    response = as_(client, world, "committee_officer").get(YEAR_URL)
    assert response.status_code == 200
    page = text(response)
    for name in ("Chi bộ Tổ Toán - Tin", "Chi bộ Tổ Văn", "Đảng Viên Dung", "Chi Bộ Khác Giang"):
        assert name in page
    assert "Mới Vào Hà (Admitted less than 6 months)" in page
    assert "85/100" in page  # her self-score, 25 + 60
    assert "5 in favour, 0 against, 0 abstaining" in page
    check = response.context["check"]
    assert (check.outstanding, check.good, check.allowed, check.ok) == (1, 9, 1, True)
    assert "1 xuất sắc ≤ ⌊20% × 9⌋ = 1" in page
    form = response.context["form"]
    assert form[f"rating-{world.evals['member'].pk}"].value() == "outstanding"
    assert f'name="rating-{world.evals["new"].pk}"' not in page  # not rated: no select
    assert f'name="rating-{world.evals["b"].pk}"' not in page
    assert "Confirm the ratings" in page
    for name in ("report", "report_xlsx", "report_docx"):
        assert reverse(f"reviews:{name}", kwargs={"year": YEAR}) in page
    assert page.count('class="border rounded p-2 mb-2 cell-rating-form"') == 2
    assert "Evidence of the year" in page
    assert "Not confirmed" in page


def test_the_select_starts_at_the_decision_else_the_proposal(client, world):
    Evaluation.objects.filter(pk=world.evals["member"].pk).update(final_rating="good")
    response = as_(client, world, "committee_officer").get(YEAR_URL)
    form = response.context["form"]
    assert form[f"rating-{world.evals['member'].pk}"].value() == "good"
    assert form[f"rating-{world.evals['secretary'].pk}"].value() == "good"
    check = response.context["check"]
    assert (check.outstanding, check.good) == (0, 10)


def test_members_without_a_proposal_are_pointed_out(client, world):
    MemberFactory(committee=world.committee, cell=world.cell, full_name="Chưa Đề Xuất Minh")
    Evaluation.objects.filter(pk=world.evals["a0"].pk).update(proposed_rating="")
    response = as_(client, world, "committee_officer").get(YEAR_URL)
    page = text(response)
    assert "Chưa Đề Xuất Minh" in page
    assert "2 members to rate have no proposal from their cell yet." in page
    assert response.context["undecided"] == 1


def test_a_year_with_nothing_yet(client, world):
    response = as_(client, world, "committee_officer").get("/reviews/2024/")
    assert response.status_code == 200
    page = text(response)
    assert "Confirm the ratings" not in page
    assert "0 xuất sắc ≤ ⌊20% × 0⌋ = 0" in page


# --- confirming -----------------------------------------------------------------------------


def test_confirm_within_the_quota(client, world):
    response = as_(client, world, "committee_officer").post(
        f"{YEAR_URL}confirm/", selections(world)
    )
    assert response.status_code == 302
    assert response["Location"] == YEAR_URL
    assert msgs(response) == [
        "The ratings of 2025 are confirmed: 1 completed excellently, 9 completed well, "
        "1 completed, 0 not completed (1 xuất sắc ≤ ⌊20% × 9⌋ = 1)."
    ]
    saved = finals(world)
    assert saved["member"] == "outstanding"
    assert saved["completed"] == "completed"
    assert saved["new"] == ""
    review_year = ReviewYear.objects.get(committee=world.committee, year=YEAR)
    assert review_year.confirmed_by == world.users["committee_officer"]
    page = text(client.get(YEAR_URL))
    assert "The committee confirmed the ratings on" in page
    assert "(Hoàng Văn Trưởng)" in page


def test_over_the_quota_the_page_comes_back_with_her_selections(client, world):
    before = state()
    data = selections(world, member_b="outstanding", a0="completed")
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 200
    page = text(response)
    assert "Over the quota of outstanding ratings: 2 xuất sắc > ⌊20% × 7⌋ = 1: bớt 1." in page
    form = response.context["form"]
    assert form[f"rating-{world.evals['member_b'].pk}"].value() == "outstanding"
    assert form[f"rating-{world.evals['a0'].pk}"].value() == "completed"
    assert '<option value="outstanding" selected>' in page
    # The live check is of her selections.
    check = response.context["check"]
    assert (check.outstanding, check.good, check.allowed, check.ok) == (2, 7, 1, False)
    assert state() == before
    # Fixed: one outstanding back to good — confirmed.
    data = selections(world, member_b="outstanding", member="good", a0="completed")
    response = client.post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 302
    saved = finals(world)
    assert (saved["member_b"], saved["member"], saved["a0"]) == ("outstanding", "good", "completed")


def test_the_quota_setting_changes_what_the_page_accepts(client, world):
    CommitteeSettings.objects.create(committee=world.committee, outstanding_quota_percent=30)
    data = selections(world, member_b="outstanding")  # 2 outstanding, 8 good: ⌊30% × 8⌋ = 2
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 302
    assert "2 xuất sắc ≤ ⌊30% × 8⌋ = 2" in msgs(response)[0]


def test_a_rating_for_a_member_not_rated_is_refused(client, world):
    before = state()
    data = {**selections(world), f"rating-{world.evals['new'].pk}": "good"}
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 200
    assert "Mới Vào Hà is not rated this year." in text(response)
    assert state() == before


def test_a_bad_choice_is_a_field_error(client, world):
    before = state()
    data = selections(world, member="excellent")
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"rating-{world.evals['member'].pk}"]
    assert "Select a valid choice." in text(response)
    assert state() == before


def test_a_blank_select_needs_a_decision(client, world):
    before = state()
    data = selections(world, a1="")
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 200
    assert "Decide a rating for every member rated this year: Thêm A1." in text(response)
    assert state() == before


def test_garbage_fields_are_no_500(client, world):
    data = {**selections(world), "rating-abc": "good", "rating-": "x", "rating-99999999": "good"}
    response = as_(client, world, "committee_officer").post(f"{YEAR_URL}confirm/", data)
    assert response.status_code == 200
    assert "An evaluation of another committee or year was sent." in text(response)


# --- a cell's rating ----------------------------------------------------------------------------


def cell_url(cell, year=YEAR):
    return reverse("reviews:cell_rating", kwargs={"year": year, "cell_pk": cell.pk})


def test_rate_a_cell(client, world):
    response = as_(client, world, "committee_officer").post(
        cell_url(world.cell), {"rating": "good", "note": "  Đoàn kết tốt "}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{YEAR_URL}#cell-ratings"
    assert msgs(response) == ["Chi bộ Tổ Toán - Tin is rated “Completed well” for 2025."]
    record = CellRating.objects.get(cell=world.cell, year=YEAR)
    assert (record.rating, record.note) == ("good", "Đoàn kết tốt")
    assert record.decided_by == world.users["committee_officer"]
    # Changed: the same row, with its history.
    client.post(cell_url(world.cell), {"rating": "outstanding"})
    record.refresh_from_db()
    assert record.rating == "outstanding"
    assert CellRating.objects.filter(cell=world.cell, year=YEAR).count() == 1
    assert record.history.count() == 2
    page = text(client.get(YEAR_URL))
    assert "Now: Completed excellently" in page


def test_a_bad_cell_rating_shows_the_page_again(client, world):
    before = state()
    response = as_(client, world, "committee_officer").post(
        cell_url(world.cell), {"rating": "", "note": "giữ lại"}
    )
    assert response.status_code == 200
    forms = [s.form for s in response.context["sheets"] if s.cell.pk == world.cell.pk]
    assert forms[0].errors["rating"]
    assert forms[0]["note"].value() == "giữ lại"
    assert state() == before


def test_a_dissolved_cell_is_not_rated_for_a_later_year(client, world):
    Cell.objects.filter(pk=world.other_cell.pk).update(
        status="dissolved", dissolved_on=datetime.date(YEAR - 1, 6, 30)
    )
    response = as_(client, world, "committee_officer").post(
        cell_url(world.other_cell), {"rating": "good"}
    )
    assert response.status_code == 200
    assert "was dissolved on 30/06/2024" in text(response)
    assert not CellRating.objects.exists()


def test_cell_rating_service_refuses_bad_input(world):
    user = world.users["committee_officer"]
    with pytest.raises(ValidationError) as error:
        cell_rating_set(cell=world.cell, year=YEAR, rating="best", by=user)
    assert "rating" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        cell_rating_set(cell=world.cell, year=YEAR, rating="good", by=user, note="x" * 2001)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        cell_rating_set(cell=world.cell, year=timezone.localdate().year + 1, rating="good", by=user)
    with pytest.raises(ValidationError):
        cell_rating_set(cell=world.cell, year="2025", rating="good", by=user)
    Cell.objects.filter(pk=world.cell.pk).update(founded_on=datetime.date(YEAR + 1, 1, 1))
    with pytest.raises(ValidationError):
        cell_rating_set(cell=world.cell, year=YEAR, rating="good", by=user)
    assert not CellRating.objects.exists()


# --- the report ---------------------------------------------------------------------------------


def confirm_all(w, **changes):
    decisions = {int(k.removeprefix("rating-")): v for k, v in selections(w, **changes).items()}
    ratings_confirm(
        committee=w.committee, year=YEAR, decisions=decisions, by=w.users["committee_officer"]
    )


def test_the_report_page(client, world):
    confirm_all(world)
    cell_rating_set(cell=world.cell, year=YEAR, rating="good", by=world.users["committee_officer"])
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report/")
    assert response.status_code == 200
    data = response.context["report"]
    a1 = next(line for line in data.cells if line.cell == world.cell)
    # A1: 5 rated — 1 outstanding (20%), 4 good (80%).
    assert (a1.counts.reviewed, a1.counts.rated, a1.counts.not_rated) == (5, 5, 0)
    assert a1.counts.by_level["outstanding"] == 1
    assert str(a1.counts.percent("good")) == "80.0"
    total = data.total
    assert (total.reviewed, total.rated, total.not_rated, total.undecided) == (12, 11, 1, 0)
    assert str(total.percent("completed")) == "9.1"
    page = words(response)
    assert "1 (20%)" in page
    assert "4 (80%)" in page
    assert "9 (81.8%)" in page  # the committee: 9 good of 11 rated
    assert (
        "Quota of outstanding ratings (20% of the “good” ones): 1 xuất sắc ≤ ⌊20% × 9⌋ = 1" in page
    )
    assert "Confirmed by the committee on" in page
    assert "1 cell rated" in page


def test_the_report_counts_undecided_ratings_apart(client, world):
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report/")
    total = response.context["report"].total
    assert (total.rated, total.undecided, total.decided) == (11, 11, 0)
    assert "Not confirmed by the committee yet" in text(response)


def test_the_workbook(client, world):
    confirm_all(world)
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report.xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="xep-loai-dang-vien-2025.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Chi bộ Tổ Toán - Tin", "Chi bộ Tổ Văn"]
    summary = book["Summary"]
    rows = [list(r) for r in summary.iter_rows(values_only=True)]
    header = rows[2]
    assert header[:5] == [
        "Cell",
        "Reviewed",
        "Rated",
        "Completed excellently",
        "Completed excellently (%)",
    ]
    a1 = next(r for r in rows if r[0] == "Chi bộ Tổ Toán - Tin")
    assert a1[1:7] == [5, 5, 1, 0.2, 4, 0.8]
    total = next(r for r in rows if r[0] == "Whole committee")
    assert total[1:3] == [12, 11]
    assert total[5] == 9
    assert total[-2] == 1  # not rated
    assert summary.cell(row=rows.index(a1) + 1, column=5).number_format == "0.0%"
    assert any("1 xuất sắc ≤ ⌊20% × 9⌋ = 1" in str(r[0]) for r in rows if r[0])
    sheet = book["Chi bộ Tổ Văn"]
    members = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert members["Chi Bộ Khác Giang"][1] == 85
    assert members["Chi Bộ Khác Giang"][7] == "Completed well"
    assert members["Mới Vào Hà"][8] == "Admitted less than 6 months"
    assert members["Hoàn Thành Lan"][7] == "Completed"


def test_the_workbook_writes_hostile_names_as_text(client, world):
    """A member or a reason written like a formula comes out as text (issue 17 item 2)."""
    Cell.objects.filter(pk=world.other_cell.pk).update(name="@SUM(1)")
    world.evals["member_b"].member.full_name = "=2+2"
    world.evals["member_b"].member.save()
    Evaluation.objects.filter(pk=world.evals["new"].pk).update(
        not_rated_reason='=HYPERLINK("http://x","x")'
    )
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    sheet = book["@SUM(1)"]
    members = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert members["'=2+2"][1] == 85
    assert members["Mới Vào Hà"][8] == """'=HYPERLINK("http://x","x")"""
    summary = [r[0] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert "'@SUM(1)" in summary


def docx_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_official_docx(client, world):
    confirm_all(world)
    cell_rating_set(
        cell=world.cell, year=YEAR, rating="outstanding", by=world.users["committee_officer"]
    )
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report.docx")
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="bao-cao-xep-loai-dang-vien-2025.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    left, right = document.tables[0].rows[0].cells
    name = world.committee.name.replace("Đảng bộ", "Đảng ủy").upper()
    assert [p.text for p in left.paragraphs] == ["HUYỆN ỦY KRÔNG BÔNG", name, "*", "Số      -BC/ĐU"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[1].text.startswith("Krông Bông, ngày ")
    texts = docx_texts(document)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "kết quả đánh giá, xếp loại chất lượng đảng viên năm 2025"
    assert (
        "- Chi bộ Tổ Toán - Tin: 5 đảng viên được đánh giá; 5 đảng viên được xếp loại, trong đó "
        "hoàn thành xuất sắc nhiệm vụ 1 (20%); hoàn thành tốt nhiệm vụ 4 (80%); hoàn thành nhiệm "
        "vụ 0 (0%); không hoàn thành nhiệm vụ 0 (0%)." in texts
    )
    assert (
        "- Chi bộ Tổ Văn: 7 đảng viên được đánh giá; 6 đảng viên được xếp loại, trong đó "
        "hoàn thành xuất sắc nhiệm vụ 0 (0%); hoàn thành tốt nhiệm vụ 5 (83,3%); hoàn thành "
        "nhiệm vụ 1 (16,7%); không hoàn thành nhiệm vụ 0 (0%); không xếp loại 1 đồng chí." in texts
    )
    assert (
        "Toàn Đảng bộ: 12 đảng viên được đánh giá; 11 đảng viên được xếp loại, trong đó hoàn "
        "thành xuất sắc nhiệm vụ 1 (9,1%); hoàn thành tốt nhiệm vụ 9 (81,8%); hoàn thành nhiệm "
        "vụ 1 (9,1%); không hoàn thành nhiệm vụ 0 (0%); không xếp loại 1 đồng chí." in texts
    )
    assert (
        "Số đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số đảng viên hoàn thành "
        "tốt nhiệm vụ: 1 xuất sắc ≤ ⌊20% × 9⌋ = 1, bảo đảm tỷ lệ quy định." in texts
    )
    assert "- Chi bộ Tổ Toán - Tin: Hoàn thành xuất sắc nhiệm vụ." in texts
    assert "- Chi bộ Tổ Văn: chưa xếp loại." in texts
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


def test_the_docx_is_vietnamese_whatever_the_ui_language(client, world):
    response = as_(client, world, "committee_officer").get(f"{YEAR_URL}report.docx")
    texts = docx_texts(Document(io.BytesIO(response.content)))
    assert "Kết quả xếp loại chưa được Đảng ủy xác nhận." in texts
    assert any("chưa được Đảng ủy quyết định xếp loại 5 đồng chí" in t for t in texts)


def test_the_docx_signature_is_blank_without_a_secretary_that_year(client, world):
    response = as_(client, world, "committee_officer").get("/reviews/2024/report.docx")
    document = Document(io.BytesIO(response.content))
    signature = document.tables[-1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("33.3", "33,3%"), ("50.0", "50%"), ("0.0", "0%"), ("100.0", "100%"), (None, "—")],
)
def test_percent_in_vietnamese(value, expected):
    assert percent_vi(Decimal(value) if value else None) == expected


def test_percent_of_rounds_half_up():
    assert str(percent_of(1, 3)) == "33.3"
    assert str(percent_of(2, 3)) == "66.7"
    assert str(percent_of(1, 8)) == "12.5"
    assert percent_of(1, 0) is None


# --- query counts -------------------------------------------------------------------------------


def grow(w, count, start=0):
    for index in range(start, start + count):
        member = MemberFactory(
            committee=w.committee, cell=w.other_cell, full_name=f"Thêm Nữa {index}"
        )
        evaluate(member, w.other_cell, "good")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [YEAR_URL, f"{YEAR_URL}report/", f"{YEAR_URL}report.xlsx"])
def test_query_counts_do_not_grow_with_the_members(client, world, url):
    as_(client, world, "committee_officer")
    grow(world, 5)
    few = queries(client, url)
    grow(world, 45, start=5)
    assert Evaluation.objects.filter(cell=world.other_cell).count() == 57
    assert queries(client, url) == few


def test_the_over_quota_page_has_the_same_query_count(client, world):
    """Over the quota with 5 and with 50 more members (rated "completed": the quota stays
    broken): the same number of queries."""
    as_(client, world, "committee_officer")

    def post() -> int:
        data = selections(world, member_b="outstanding")
        extra = Evaluation.objects.filter(member__full_name__startswith="Thêm Nữa")
        data.update({f"rating-{e.pk}": "completed" for e in extra})
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"{YEAR_URL}confirm/", data)
        assert response.status_code == 200
        assert "2 xuất sắc > ⌊20% × 8⌋ = 1: bớt 1" in text(response)
        return len(captured)

    grow(world, 5)
    few = post()
    grow(world, 45, start=5)
    assert post() == few


def test_an_empty_year_is_not_confirmed(client, world):
    response = as_(client, world, "committee_officer").post("/reviews/2024/confirm/", {})
    assert response.status_code == 302
    assert msgs(response) == ["Nothing to confirm: no member is rated for 2024 yet."]
    assert not ReviewYear.objects.exists()
