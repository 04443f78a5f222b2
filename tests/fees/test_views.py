"""The party-fee pages (fees.views): who opens each page (404 / 403), what the registers show, the
month's collection at the meeting, a member's page and its forms (errors keep the input and save
nothing), reversals with a reason, remittances — and the registers' query counts for 5 and 50
members."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fees.models import FeeBasis, FeeExcuse, FeePayment, Remittance
from tests.conftest import PERSONAS
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    PositionFactory,
    RemittanceFactory,
    TermFactory,
    UserFactory,
    member_user,
    superior_personas,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # a past year: every month's state is settled
JAN, FEB, MAR = D(YEAR, 1, 1), D(YEAR, 2, 1), D(YEAR, 3, 1)
JOINED = D(2015, 3, 5)


class World:
    pass


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Committee A: cell A1 (the target Hoa, Nam, Lan who joined in June, the member persona, the
    secretary, a cell committee member), cell A2 (a member, its secretary); committee B."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World()
        world.committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
        term = TermFactory(committee=world.committee, start_date=D(YEAR - 1, 7, 1))
        world.cell = CellFactory(committee=world.committee, name="Chi bộ Tổ Toán - Tin")
        world.other_cell = CellFactory(committee=world.committee, name="Chi bộ Tổ Văn")
        other = CommitteeFactory()

        def person(cell, name, role=None, base=5_000_000, joined=JOINED):
            member = MemberFactory(
                committee=world.committee, cell=cell, full_name=name, cell__joined_on=joined
            )
            if role:
                PositionFactory(
                    member=member, cell=cell, role=role, term=term, start_date=D(YEAR - 1, 7, 1)
                )
            if base:
                FeeBasisFactory(member=member, base_amount=base, effective_from=JAN)
            return member

        world.target = person(world.cell, "Trần Thị Hoa")  # 50,000 a month
        world.nam = person(world.cell, "Lê Văn Nam", base=8_000_000)  # 80,000
        world.lan = person(world.cell, "Phạm Thị Lan", joined=D(YEAR, 6, 10))
        world.nobasis = person(world.cell, "Võ Văn Không", base=None)
        users = {
            "member": member_user(person(world.cell, "Đặng Thị Mai")),
            "member_other_cell": member_user(person(world.other_cell, "Bùi Văn Tư")),
            "cell_secretary": member_user(person(world.cell, "Ngô Văn Bí", role="cell_secretary")),
            "cell_committee_member": member_user(
                person(world.cell, "Hồ Thị Ủy", role="cell_committee_member")
            ),
            "secretary_other_cell": member_user(
                person(world.other_cell, "Lý Văn Sáu", role="cell_secretary")
            ),
            "committee_officer": CommitteeRoleFactory(
                committee=world.committee, role="officer"
            ).user,
            "committee_clerk": CommitteeRoleFactory(committee=world.committee, role="clerk").user,
            "observer": CommitteeRoleFactory(committee=world.committee, role="observer").user,
            "officer_other_committee": CommitteeRoleFactory(committee=other, role="officer").user,
            **superior_personas(world.committee),
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        }
        world.users = users
        world.member = users["member"].member
        # Hoa: January on time, February late (paid in April), March not paid.
        world.jan = FeePaymentFactory(
            member=world.target,
            cell=world.cell,
            month=JAN,
            amount_due=50_000,
            paid_on=D(YEAR, 1, 10),
        )
        FeePaymentFactory(
            member=world.target,
            cell=world.cell,
            month=FEB,
            amount_due=50_000,
            paid_on=D(YEAR, 4, 15),
        )
        world.reversed = FeePaymentFactory(
            member=world.target,
            cell=world.cell,
            month=MAR,
            amount_due=50_000,
            reversed_at=timezone.now(),
            reversal_reason="Ghi nhầm tháng",
        )
        FeePaymentFactory(member=world.nam, cell=world.cell, month=JAN, amount_due=80_000)
        world.remittance = RemittanceFactory(cell=world.cell, month=JAN, amount=91_000)
        world.upwards = RemittanceFactory(
            cell=None, committee=world.committee, month=JAN, amount=27_300
        )
        yield world
        transaction.set_rollback(True)


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def register_url(w, year=YEAR):
    return reverse("fees:cell_register", args=[w.cell.pk]) + f"?year={year}"


def month_url(w, month=MAR):
    return reverse("fees:month_entry", args=[w.cell.pk, month.year, month.month])


def member_url(w, member=None, year=YEAR):
    return reverse("fees:member_fees", args=[(member or w.target).pk]) + f"?year={year}"


def payments(member, month=None):
    qs = FeePayment.objects.standing().filter(member=member)
    return qs.filter(month=month) if month else qs


# --- Who opens what ---------------------------------------------------------------------------

CELL_PAGE = {
    "anonymous": 302,
    "member": 403,
    "member_other_cell": 403,
    "cell_secretary": 200,
    "secretary_other_cell": 403,
    "committee_officer": 200,
    "committee_clerk": 403,
    "observer": 403,
    "officer_other_committee": 404,
    "superior_officer": 404,
    "superior_other": 404,
    "superuser": 403,
}
# Her page: herself, her cell's officers, the committee's officers; nobody else may know it.
MEMBER_PAGE = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 404),
    "cell_secretary": 200,
    "committee_officer": 200,
}
COMMITTEE_PAGE = {**CELL_PAGE, "cell_secretary": 403, "observer": 200}


def _status(client, w, persona, url):
    if persona != "anonymous":
        login(client, w.users[persona])
    return client.get(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_the_pages(client, db, w, persona):
    cell_pages = [
        register_url(w),
        month_url(w),
        reverse("fees:cell_register_xlsx", args=[w.cell.pk]),
        reverse("fees:month_receipts_docx", args=[w.cell.pk, YEAR, 1]),
    ]
    for url in cell_pages:
        assert _status(client, w, persona, url) == CELL_PAGE[persona], url
    member_pages = [
        member_url(w),
        reverse("fees:basis_set", args=[w.target.pk]),
        reverse("fees:excuse", args=[w.target.pk]),
        reverse("fees:payment_reverse", args=[w.jan.pk]),
    ]
    for url in member_pages:
        assert _status(client, w, persona, url) == MEMBER_PAGE[persona], url
    assert (
        _status(client, w, persona, member_url(w, w.member))
        == {
            **MEMBER_PAGE,
            "member": 200,
        }[persona]
    )
    committee_page = reverse("fees:committee_register", args=[w.committee.pk])
    assert _status(client, w, persona, committee_page) == COMMITTEE_PAGE[persona]


def test_a_cell_committee_member_reads_the_register_but_does_not_record(client, w):
    as_(client, w, "cell_committee_member")
    page = client.get(register_url(w))
    assert page.status_code == 200
    assert month_url(w) not in page.content.decode()
    assert client.get(month_url(w)).status_code == 403
    # She sees her cell's members' amounts (an officer of the cell) but does not change them.
    assert client.get(member_url(w)).status_code == 200
    assert client.get(reverse("fees:excuse", args=[w.target.pk])).status_code == 403
    assert client.get(reverse("fees:basis_set", args=[w.target.pk])).status_code == 403
    assert client.post(member_url(w), {"action": "pay"}).status_code == 403


def test_a_member_reads_her_own_page_only(client, w):
    as_(client, w, "member")
    page = client.get(member_url(w, w.member))
    html = page.content.decode()
    assert "50.000 đ" in html
    assert 'name="action"' not in html  # no form: read-only
    assert reverse("fees:basis_set", args=[w.member.pk]) not in html
    assert client.post(member_url(w, w.member), {"action": "pay"}).status_code == 403
    assert client.get(reverse("fees:basis_set", args=[w.member.pk])).status_code == 403
    assert client.get(member_url(w, w.target)).status_code == 404


# --- The cell's register ----------------------------------------------------------------------


def test_the_register_shows_members_by_months(client, w):
    as_(client, w, "cell_secretary")
    page = client.get(register_url(w))
    html = page.content.decode()
    register = page.context["register"]
    rows = {row.member.full_name: row for row in register.rows}
    assert [m.month for m in register.totals] == [D(YEAR, n, 1) for n in range(1, 13)]
    hoa = rows["Trần Thị Hoa"]
    assert hoa.months[0].paid_on == D(YEAR, 1, 10) and not hoa.months[0].late
    assert hoa.months[1].late
    assert hoa.months[2].state == "unpaid"  # the reversed payment does not count
    assert rows["Phạm Thị Lan"].months[4] is None  # not in the cell before June
    assert "10/01/" in html and "late" in html and "unpaid" in html
    assert "not in the cell" in html
    assert "no fee basis" in html
    assert "50.000 đ" in html and "80.000 đ" in html
    # January: 130,000 collected, 30 % kept, 91,000 to remit, 91,000 remitted.
    january = register.totals[0]
    assert (january.paid, january.kept, january.to_remit, january.remitted) == (
        130_000,
        39_000,
        91_000,
        91_000,
    )
    assert "130.000 đ" in html and "39.000 đ" in html and "91.000 đ" in html
    due = f"{sum(total.due for total in register.totals):,} đ".replace(",", ".")
    assert f'<td class="text-end text-nowrap">{due}</td>' in html  # the year's total due
    assert reverse("fees:member_fees", args=[w.target.pk]) in html
    assert month_url(w) in html
    assert reverse("fees:cell_register_xlsx", args=[w.cell.pk]) in html
    assert reverse("fees:month_receipts_docx", args=[w.cell.pk, YEAR, 1]) in html
    assert 'class="table-responsive"' in html


def test_the_register_is_kept_until_a_payment_changes_it(
    client, w, page_cache, django_capture_on_commit_callbacks
):
    """The register and remittances are one cached part (`core.versions`): kept while nothing is
    written, made again with the payment a secretary records."""

    def get():
        with CaptureQueriesContext(connection) as queries:
            html = as_(client, w, "cell_secretary").get(register_url(w)).content.decode()
        return html[html.index("fee-register") :], len(queries)

    first, made = get()
    again, kept = get()
    assert (again, kept < made) == (first, True)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        FeePaymentFactory(
            member=w.nam, cell=w.cell, month=MAR, amount_due=80_000, paid_on=D(YEAR, 3, 9)
        )
    after, queries = get()
    assert queries > kept
    assert "09/03/" in after and "09/03/" not in first


def test_the_register_goes_from_year_to_year(client, w):
    as_(client, w, "cell_secretary")
    page = client.get(register_url(w))
    html = page.content.decode()
    assert f"?year={YEAR - 1}" in html and f"?year={YEAR + 1}" in html
    for bad in ("abc", "-1", "99999", "1800"):
        page = client.get(reverse("fees:cell_register", args=[w.cell.pk]), {"year": bad})
        assert page.status_code == 200
        assert page.context["year"] == TODAY.year


def test_a_month_too_far_is_not_found(client, w):
    as_(client, w, "cell_secretary")
    far = reverse("fees:month_entry", args=[w.cell.pk, TODAY.year + 5, 1])
    assert client.get(far).status_code == 404
    assert client.get(f"/fees/cells/{w.cell.pk}/{YEAR}-13/").status_code == 404


def _register_world(size):
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary")
    for index in range(size):
        member = MemberFactory(committee=committee, cell=cell)
        FeeBasisFactory(member=member, effective_from=JAN)
        for month in range(1, 13, 1 + index % 3):
            FeePaymentFactory(member=member, cell=cell, month=D(YEAR, month, 1))
        if index % 5 == 0:
            RemittanceFactory(cell=cell, month=D(YEAR, 1 + index // 5, 1))
    return committee, cell, member_user(secretary)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_registers_take_the_same_queries_for_5_and_50_members(client):
    counts = {}
    for size in (5, 50):
        committee, cell, secretary = _register_world(size)
        officer = CommitteeRoleFactory(committee=committee, role="officer").user
        login(client, secretary)
        cell_page = _queries(
            client, reverse("fees:cell_register", args=[cell.pk]) + f"?year={YEAR}"
        )
        month_page = _queries(client, reverse("fees:month_entry", args=[cell.pk, YEAR, 3]))
        login(client, officer)
        committee_page = _queries(
            client, reverse("fees:committee_register", args=[committee.pk]) + f"?year={YEAR}"
        )
        counts[size] = (cell_page, month_page, committee_page)
    assert counts[5] == counts[50]


# --- The month at the meeting -----------------------------------------------------------------


def test_the_month_lists_who_is_due_and_who_paid(client, w):
    as_(client, w, "cell_secretary")
    page = client.get(month_url(w, JAN))
    html = page.content.decode()
    assert "Trần Thị Hoa" in html and "paid 10/01/" in html
    # Nam paid January too; Lan was not in the cell; the one without a basis cannot be ticked.
    assert f'value="{w.nam.pk}"' not in html
    assert "Phạm Thị Lan" not in html
    assert "Võ Văn Không" in html and f'value="{w.nobasis.pk}"' not in html
    assert f'value="{w.member.pk}"' in html
    assert f'value="{TODAY:%d/%m/%Y}"' in html  # the date paid: today by default


def test_the_month_records_the_ticked_members(client, w):
    as_(client, w, "cell_secretary")
    paid_on = TODAY - datetime.timedelta(days=2)
    response = client.post(
        month_url(w),
        {"member_ids": [w.target.pk, w.nam.pk], "paid_on": f"{paid_on:%d/%m/%Y}"},
    )
    assert response.status_code == 302 and response.url == month_url(w)
    assert msgs(response) == [f"Recorded: 2 members paid the party fee for 03/{YEAR}."]
    hoa = payments(w.target, MAR).get()
    assert (hoa.amount_paid, hoa.paid_on, hoa.cell) == (50_000, paid_on, w.cell)
    assert payments(w.nam, MAR).get().amount_paid == 80_000
    page = client.get(month_url(w))
    assert f"paid {paid_on:%d/%m/%Y}" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"paid_on": "01/01/2020"}, "member_ids", "Tick at least one member who paid."),
        ({"member_ids": ["MEMBER"], "paid_on": "31/02/2020"}, "paid_on", "Enter a valid date."),
        ({"member_ids": ["MEMBER"], "paid_on": "FUTURE"}, "paid_on", "cannot be in the future"),
        ({"member_ids": ["NAM"], "paid_on": "01/01/2020"}, "member_ids", "Select a valid choice."),
    ],
)
def test_month_errors_keep_her_input_and_save_nothing(client, w, data, field, message):
    as_(client, w, "cell_secretary")
    replace = {
        "MEMBER": str(w.member.pk),
        "NAM": str(w.nam.pk),  # already paid January
        "FUTURE": f"{TODAY + datetime.timedelta(days=3):%d/%m/%Y}",
    }
    data = {
        key: [replace.get(v, v) for v in value]
        if isinstance(value, list)
        else replace.get(value, value)
        for key, value in data.items()
    }
    before = FeePayment.objects.count()
    page = client.post(month_url(w, JAN), data)
    assert page.status_code == 200
    assert message in " ".join(page.context["form"].errors[field])
    assert FeePayment.objects.count() == before
    html = page.content.decode()
    assert f'value="{data["paid_on"]}"' in html
    if data.get("member_ids") == [str(w.member.pk)]:
        assert f'value="{w.member.pk}" id="paid-{w.member.pk}" checked' in html


# --- A member's page --------------------------------------------------------------------------


def test_her_page_shows_her_months_basis_and_payments(client, w):
    as_(client, w, "cell_secretary")
    page = client.get(member_url(w))
    html = page.content.decode()
    months = page.context["months"]
    assert len(months) == 12 and months[1].late
    assert "5.000.000 đ" in html and "50.000 đ" in html  # base amount and monthly fee
    assert "Ghi nhầm tháng" in html and "<del>" in html  # the reversed payment stays, struck
    assert reverse("fees:payment_reverse", args=[w.jan.pk]) in html
    assert reverse("fees:payment_reverse", args=[w.reversed.pk]) not in html
    assert reverse("fees:basis_set", args=[w.target.pk]) in html
    assert f"{reverse('fees:excuse', args=[w.target.pk])}?month={YEAR}-02" in html
    assert 'value="pay"' in html


def test_she_pays_several_months_at_once(client, w):
    as_(client, w, "cell_secretary")
    response = client.post(
        member_url(w),
        {
            "action": "pay",
            "pay-months": [f"{YEAR}-04", f"{YEAR}-05"],
            "pay-paid_on": f"{TODAY:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    assert msgs(response) == ["Recorded the party fee of Trần Thị Hoa for 2 months."]
    assert payments(w.target, D(YEAR, 4, 1)).exists() and payments(w.target, D(YEAR, 5, 1)).exists()


def test_paying_months_refused_keeps_the_input(client, w):
    as_(client, w, "cell_secretary")
    before = FeePayment.objects.count()
    page = client.post(
        member_url(w),
        {"action": "pay", "pay-months": [f"{YEAR}-04"], "pay-paid_on": "bad"},
    )
    assert page.status_code == 200
    assert page.context["pay_form"].errors["paid_on"]
    assert 'value="bad"' in page.content.decode()
    assert f'value="{YEAR}-04"' in page.content.decode()
    # A month already paid is not offered: posting it anyway is refused.
    page = client.post(
        member_url(w),
        {"action": "pay", "pay-months": [f"{YEAR}-01"], "pay-paid_on": f"{TODAY:%d/%m/%Y}"},
    )
    assert page.context["pay_form"].errors["months"]
    assert FeePayment.objects.count() == before


def test_a_back_payment_is_recorded(client, w):
    # A raise dated back to January: January was paid at 50,000, 70,000 is due now.
    FeeBasis.objects.filter(member=w.target).update(base_amount=7_000_000)
    as_(client, w, "cell_secretary")
    page = client.get(member_url(w))
    assert page.context["back_form"].fields["month"].choices[0][0] == f"{YEAR}-01"
    assert "back-payment 20.000 đ" in page.content.decode()
    response = client.post(
        member_url(w),
        {"action": "back_payment", "back-month": f"{YEAR}-01", "back-paid_on": f"{TODAY:%d/%m/%Y}"},
    )
    assert response.status_code == 302
    assert msgs(response) == [f"Recorded the back-payment of Trần Thị Hoa for 01/{YEAR}."]
    back = payments(w.target, JAN).get(kind="back_payment")
    assert back.amount_paid == 20_000


def test_the_basis_is_set(client, w):
    as_(client, w, "committee_officer")
    url = reverse("fees:basis_set", args=[w.target.pk])
    page = client.get(url)
    assert f'value="{TODAY:%m/%Y}"' in page.content.decode()
    response = client.post(
        url,
        {
            "category": "pensioner",
            "base_amount": "6000000",
            "effective_from": f"{TODAY:%m/%Y}",
            "note": "Nghỉ hưu",
        },
    )
    assert response.status_code == 302
    assert msgs(response) == ["The fee basis was saved."]
    basis = FeeBasis.objects.get(member=w.target, effective_from=TODAY.replace(day=1))
    assert (basis.category, basis.base_amount) == ("pensioner", 6_000_000)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"category": "fixed", "base_amount": "500000", "effective_from": "01/2020"},
            "base_amount",
        ),
        ({"category": "salaried", "base_amount": "-3", "effective_from": "01/2020"}, "base_amount"),
        (
            {"category": "salaried", "base_amount": "5000000", "effective_from": "13/2020"},
            "effective_from",
        ),
        ({"category": "nope", "base_amount": "5000000", "effective_from": "01/2020"}, "category"),
    ],
)
def test_basis_errors_keep_her_input(client, w, data, field):
    as_(client, w, "cell_secretary")
    before = FeeBasis.objects.count()
    page = client.post(reverse("fees:basis_set", args=[w.target.pk]), data)
    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert f'value="{data["effective_from"]}"' in page.content.decode()
    assert FeeBasis.objects.count() == before


def test_a_valid_reason_is_recorded(client, w):
    as_(client, w, "cell_secretary")
    url = reverse("fees:excuse", args=[w.target.pk])
    page = client.get(url, {"month": f"{YEAR}-03"})
    assert f'value="03/{YEAR}"' in page.content.decode()
    page = client.post(url, {"month": f"03/{YEAR}", "reason": ""})
    assert page.context["form"].errors["reason"]
    assert not FeeExcuse.objects.filter(member=w.target).exists()
    response = client.post(url, {"month": f"03/{YEAR}", "reason": "Ốm dài ngày"})
    assert response.status_code == 302
    assert msgs(response) == ["The valid reason was recorded."]
    assert FeeExcuse.objects.get(member=w.target).month == MAR
    assert "Ốm dài ngày" in client.get(member_url(w)).content.decode()


def test_a_payment_is_reversed_with_a_reason(client, w):
    as_(client, w, "cell_secretary")
    url = reverse("fees:payment_reverse", args=[w.jan.pk])
    page = client.get(url)
    assert "50.000 đ" in page.content.decode()
    page = client.post(url, {"reason": "  "})
    assert page.status_code == 200 and page.context["form"].errors["reason"]
    w.jan.refresh_from_db()
    assert w.jan.reversed_at is None
    response = client.post(url, {"reason": "Thu nhầm người"})
    assert response.status_code == 302
    assert msgs(response) == ["The payment was reversed."]
    w.jan.refresh_from_db()
    assert w.jan.reversal_reason == "Thu nhầm người" and w.jan.reversed_at
    html = client.get(member_url(w)).content.decode()
    assert "Thu nhầm người" in html
    # Reversed already: back to her page.
    assert client.get(url).status_code == 302


# --- The committee ----------------------------------------------------------------------------


def test_the_committee_register_shows_totals_only(client, w):
    as_(client, w, "observer")
    page = client.get(reverse("fees:committee_register", args=[w.committee.pk]) + f"?year={YEAR}")
    html = page.content.decode()
    register = page.context["register"]
    january = register.totals[0]
    assert (january.collected, january.received, january.remitted) == (130_000, 91_000, 27_300)
    assert "130.000 đ" in html and "27.300 đ" in html
    assert "Trần Thị Hoa" not in html and "Lê Văn Nam" not in html  # no member's amount
    assert reverse("fees:remittance_record", args=[w.committee.pk]) not in html  # reads only
    assert reverse("fees:remittance_reverse", args=[w.remittance.pk]) not in html
    assert client.get(reverse("fees:remittance_record", args=[w.committee.pk])).status_code == 403
    as_(client, w, "committee_officer")
    html = client.get(
        reverse("fees:committee_register", args=[w.committee.pk]) + f"?year={YEAR}"
    ).content.decode()
    assert reverse("fees:remittance_reverse", args=[w.remittance.pk]) in html
    assert reverse("fees:cell_register", args=[w.cell.pk]) in html


def test_remittances_are_recorded_and_reversed(client, w):
    as_(client, w, "committee_officer")
    url = reverse("fees:remittance_record", args=[w.committee.pk])
    page = client.get(url, {"cell": w.cell.pk, "month": f"{YEAR}-02", "amount": "35000"})
    html = page.content.decode()
    assert 'value="35000"' in html and f'value="02/{YEAR}"' in html
    data = {
        "target": "committee",
        "month": f"02/{YEAR}",
        "amount": "9000",
        "remitted_on": f"{TODAY:%d/%m/%Y}",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert msgs(response) == ["The remittance was recorded."]
    upwards = Remittance.objects.standing().get(committee=w.committee, cell=None, month=FEB)
    # Twice the same month: refused next to the month, nothing saved.
    page = client.post(url, data)
    assert page.status_code == 200 and page.context["form"].errors["month"]
    assert Remittance.objects.filter(month=FEB).count() == 1
    reverse_url = reverse("fees:remittance_reverse", args=[upwards.pk])
    response = client.post(reverse_url, {"reason": "Sai số tiền"})
    assert response.status_code == 302
    upwards.refresh_from_db()
    assert upwards.reversal_reason == "Sai số tiền"
    html = client.get(
        reverse("fees:committee_register", args=[w.committee.pk]) + f"?year={YEAR}"
    ).content.decode()
    assert "Sai số tiền" in html


def test_a_cell_secretary_records_her_cells_remittance_only(client, w):
    as_(client, w, "cell_secretary")
    url = reverse("fees:remittance_record", args=[w.committee.pk])
    page = client.get(url)
    form = page.context["form"]
    assert [value for value, _label in form.fields["target"].choices] == [str(w.cell.pk)]
    response = client.post(
        url,
        {
            "target": "committee",
            "month": f"02/{YEAR}",
            "amount": "9000",
            "remitted_on": f"{TODAY:%d/%m/%Y}",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["target"]
    response = client.post(
        url,
        {
            "target": str(w.cell.pk),
            "month": f"02/{YEAR}",
            "amount": "35000",
            "remitted_on": f"{TODAY:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302 and response.url == register_url(w)
    assert Remittance.objects.standing().get(cell=w.cell, month=FEB).amount == 35_000
    # The committee's own remittance: she sees it nowhere.
    assert client.get(reverse("fees:remittance_reverse", args=[w.upwards.pk])).status_code == 404
    as_(client, w, "secretary_other_cell")
    assert client.get(reverse("fees:remittance_reverse", args=[w.remittance.pk])).status_code == 404


# --- The money filter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(120000, "120.000 đ"), (0, "0 đ"), (1234567, "1.234.567 đ"), (None, "—"), ("x", "—")],
)
def test_money_is_shown_the_vietnamese_way(value, shown):
    assert Template("{% load chibo %}{{ v|money }}").render(Context({"v": value})) == shown


# --- Where the links are ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "nav", "on_cell_page", "on_committee_page"),
    [
        ("member", "member", False, False),
        ("cell_secretary", "cell", True, False),
        ("committee_officer", "committee", True, True),
        ("observer", "committee", False, True),
        ("committee_clerk", None, False, False),
    ],
)
def test_party_fees_links(client, w, persona, nav, on_cell_page, on_committee_page):
    as_(client, w, persona)
    targets = {
        "member": reverse("fees:member_fees", args=[w.member.pk]),
        "cell": reverse("fees:cell_register", args=[w.cell.pk]),
        "committee": reverse("fees:committee_register", args=[w.committee.pk]),
    }
    home = client.get(reverse("dashboard:my_home")).content.decode()
    if nav:
        assert f'href="{targets[nav]}"><i class="bi bi-cash-coin"' in home
    else:
        assert "bi-cash-coin" not in home
    cell_page = client.get(reverse("cells:cell_detail", args=[w.cell.pk])).content.decode()
    assert (f'href="{targets["cell"]}"' in cell_page) is on_cell_page
    committee_page = client.get(
        reverse("cells:committee_detail", args=[w.committee.pk])
    ).content.decode()
    assert (f'href="{targets["committee"]}"' in committee_page) is on_committee_page
