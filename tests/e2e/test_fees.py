"""Party fees and supervision in a real browser (issue 18): `secretary1` records the month's fees
on a phone; `committee` sees the fee totals and the member flagged for unpaid fees on the
dashboard; `member1` sees her own "paid up to" and never another member's supervision record."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Committee
from core.templatetags.chibo import money
from dashboard.fees import fees_panel
from demo.management.commands.seed_demo import COMMITTEE
from fees import selectors
from fees.models import FeePayment
from fees.services import payment_reverse
from members.models import Member, User
from reviews.models import SupervisionRecord
from tests.e2e.test_foundation import login


def _unpaid_member_of_this_month(cell):
    """A member of the cell with this month due and unpaid: if the demo's meeting already
    collected the month, one payment is reversed as entered by mistake."""
    month = timezone.localdate().replace(day=1)
    collection = selectors.month_collection(cell, month)
    if collection.missing:
        return collection.missing[0], month
    payment = FeePayment.objects.standing().filter(cell=cell, month=month, kind="regular").first()
    payment_reverse(payment=payment, reason="Ghi nhầm", by=User.objects.get(username="secretary1"))
    return payment.member, month


@pytest.mark.usefixtures("demo_data")
def test_secretary_records_the_months_fees_on_a_phone(phone_page, live_server, demo_password):
    page = phone_page
    cell = Committee.objects.get(name=COMMITTEE["name"]).cells.get(code="CB1")
    member, month = _unpaid_member_of_this_month(cell)
    login(page, live_server.url, demo_password, username="secretary1")

    page.goto(live_server.url + reverse("fees:cell_register", args=[cell.pk]))
    page.get_by_role("link", name=f"Thu đảng phí tháng {month:%m/%Y}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đảng phí tháng {month:%m/%Y}")
    page.get_by_label(member.full_name).check()
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_contain_text(f"tháng {month:%m/%Y}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert selectors.fee_month(member, month).is_paid


@pytest.mark.usefixtures("demo_data")
def test_committee_sees_fee_totals_and_the_flagged_member(page, live_server, demo_password):
    committee = Committee.objects.get(name=COMMITTEE["name"])
    today = timezone.localdate()
    panel = fees_panel(committee, today.year, today=today)
    flagged = selectors.fee_flags(committee, today.year)
    assert flagged, "the demo flags one member for unpaid fees"
    login(page, live_server.url, demo_password, username="committee")

    fees = page.locator(".panel-fees")
    expect(fees.locator('[data-value="total"]')).to_have_text(money(panel.collected))
    alerts = page.locator(f'[data-member="{flagged[0].member.pk}"]')
    expect(alerts).to_contain_text(flagged[0].member.full_name)
    expect(alerts.locator(".unpaid-fees")).to_have_attribute(
        "data-unpaid-months", str(flagged[0].count)
    )


@pytest.mark.usefixtures("demo_data")
def test_member_sees_her_paid_up_to_and_no_one_elses_supervision(page, live_server, demo_password):
    member = Member.objects.get(user__username="member1")
    paid_up_to = selectors.paid_up_to(member)
    others = SupervisionRecord.objects.exclude(member=member).first()
    login(page, live_server.url, demo_password, username="member1")

    page.goto(live_server.url + member.get_absolute_url())
    expect(page.locator(".fees-paid-up-to")).to_contain_text(f"tháng {paid_up_to:%m/%Y}")

    response = page.goto(live_server.url + others.get_absolute_url())
    assert response.status == 404
    page.goto(live_server.url + reverse("reviews:supervision_home"))
    expect(page.get_by_text(others.member.full_name if others.member else "—")).to_have_count(0)
