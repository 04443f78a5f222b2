"""The scale generator's party fees and monthly reports (`demo.scale.fees`, `demo.scale.reports`):
the rows are what `fees.services` and `reports.services` would have written, and the pages show
them to the benchmark's personas."""

import datetime
import io
from collections import Counter, defaultdict

import docx
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.urls import reverse

from cells.models import Cell, Committee, SuperiorBody
from core.dates import add_months
from demo.scale.plan import BENCH_USERS
from fees import rates
from fees.models import FeeBasis, FeeExcuse, FeePayment, Remittance
from fees.selectors import cell_register, committee_register, fee_flags, ledger_for
from members.models import Member, Position, User
from reports.figures import live_figures
from reports.models import PeriodReport
from reports.services import FILE_COPY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _login(client, persona):
    client.force_login(User.objects.get(username=BENCH_USERS[persona]))
    return client


def _past_months(plan):
    return [month for month in plan.months if month < plan.today.replace(day=1)]


# --- fees -------------------------------------------------------------------------------------


def test_every_member_has_a_basis_from_her_first_due_month(scale_data):
    plan = scale_data
    first = FeeBasis.objects.values("member_id").annotate(n=Count("pk"))
    assert first.count() == plan.total_members
    for basis in FeeBasis.objects.select_related("member").order_by("?")[:200]:
        assert basis.effective_from.day == 1
        assert basis.base_amount > 0
        assert basis.category in ("salaried", "pensioner")
        admitted = basis.member.admitted_on.replace(day=1)
        assert basis.effective_from in (max(plan.first_month, admitted), datetime.date(2024, 7, 1))
    assert FeeBasis.objects.filter(category="pensioner").exists()


def test_payments_are_due_amounts_of_the_ledger_recorded_by_the_cell_secretary(scale_data):
    """Each payment keeps what the app's own rule says is due (`Ledger.due`), in the member's
    cell, paid within its deadline or later — never in the future — recorded by that cell's
    secretary."""
    plan = scale_data
    committee = Committee.objects.get(pk=1)
    members = list(Member.objects.filter(committee=committee).values_list("pk", flat=True))
    ledger = ledger_for(
        members, plan.first_month, plan.months[-1], committee=committee, today=plan.today
    )
    secretaries = dict(
        Position.objects.filter(role="cell_secretary", end_date=None)
        .select_related("member")
        .values_list("cell_id", "member__user_id")
    )
    payments = list(FeePayment.objects.filter(member__committee=committee))
    assert len(payments) > 0.9 * len(members) * (plan.month_count - 1)
    for payment in payments:
        assert payment.amount_due == ledger.due(payment.member_id, payment.month)
        assert payment.amount_paid == payment.amount_due
        assert payment.cell_id == ledger.cell_of(payment.member_id, payment.month)
        assert payment.month <= payment.paid_on <= plan.today
        assert payment.recorded_by_id == secretaries[payment.cell_id]
        assert payment.kind == "regular" and payment.reversed_at is None
    states = Counter(ledger.month(p.member_id, p.month).state for p in payments)
    assert states[rates.MonthState.PAID] > 20 * states[rates.MonthState.LATE] > 0


def test_payment_indexes_are_rebuilt(scale_data):
    """The step drops the payments' indexes while it writes: every one is back, and the unique
    one still refuses a second payment of a month."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, FeePayment._meta.db_table)
    named = {index.name for index in FeePayment._meta.indexes} | {
        constraint.name for constraint in FeePayment._meta.constraints
    }
    assert named <= set(found)
    indexed = [info["columns"] for info in found.values() if info["index"]]
    for field in FeePayment._meta.concrete_fields:
        if field.db_index:
            assert [field.column] in indexed, field.name
    payment = FeePayment.objects.first()
    payment.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        payment.save()


def test_a_few_members_are_behind_and_flagged(scale_data):
    plan = scale_data
    flagged = [
        flag
        for committee in Committee.objects.all()
        for flag in fee_flags(committee, plan.today.year, today=plan.today)
    ]
    assert 0 < len(flagged) < plan.total_members * 0.02
    officers = set(Position.objects.values_list("member_id", flat=True))
    assert not officers & {flag.member.pk for flag in flagged}
    # A valid reason is for a month she left unpaid.
    for excuse in FeeExcuse.objects.all():
        assert not FeePayment.objects.filter(member=excuse.member, month=excuse.month).exists()
        assert excuse.reason and excuse.month.day == 1


def test_remittances_are_the_shares_of_what_was_collected(scale_data):
    """Each cell hands the committee its share of each past month (what the register says is to
    remit); the committee remits its share of what it received, every past month but the
    last."""
    plan = scale_data
    past = _past_months(plan)
    for cell in Cell.objects.filter(committee_id=1):
        register = cell_register(cell, past[0], past[-1], today=plan.today)
        for total in register.totals:
            assert total.to_remit > 0
            assert total.remitted == total.to_remit, (cell, total.month)
    register = committee_register(Committee.objects.get(pk=1), past[0], past[-1])
    for total in register.totals[:-1]:
        assert total.received > 0 and total.remitted == total.to_remit
    assert register.totals[-1].remitted is None
    assert not Remittance.objects.filter(month__gte=plan.today.replace(day=1)).exists()


# --- reports ----------------------------------------------------------------------------------


def test_a_monthly_report_per_committee_and_past_month(scale_data):
    plan = scale_data
    past = _past_months(plan)
    first = PeriodReport.objects.filter(version=1)
    assert 0.9 * plan.committees * len(past) <= first.count() <= plan.committees * len(past)
    assert set(first.values_list("kind", flat=True)) == {"month"}
    # Numbered in each committee's year of creation; a correction keeps the number.
    by_year = defaultdict(list)
    for report in first.order_by("period_start"):
        by_year[report.committee_id, report.number_year].append(report.number)
        body = SuperiorBody.objects.get(committee_id=report.committee_id)
        assert report.superior_id == body.superior_id
        assert report.recipients == f"{body.name} (để báo cáo),\n{FILE_COPY}"
        assert report.signer_name == report.created_by.member.full_name
        assert report.created_by.member.positions.filter(role="committee_secretary").exists()
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))
    for correction in PeriodReport.objects.filter(version=2):
        original = PeriodReport.objects.get(
            committee=correction.committee, period_start=correction.period_start, version=1
        )
        assert correction.number == original.number and correction.correction_reason
        assert correction.submitted_at > original.submitted_at


def test_submitted_on_time_but_a_few_last_month_drafts(scale_data):
    plan = scale_data
    submitted = PeriodReport.objects.submitted().filter(version=1).select_related("superior")
    late = [report for report in submitted if report.is_late()]
    assert len(late) < 0.2 * submitted.count()
    for report in submitted:
        assert report.issued_on == report.submitted_on < plan.today
        assert report.figures is not None and report.submitted_by_id == report.created_by_id
    drafts = PeriodReport.objects.drafts()
    last = add_months(plan.today.replace(day=1), -1)
    assert drafts.filter(committee_id=1).exists()
    assert set(drafts.values_list("period_start", flat=True)) == {last}
    assert not drafts.filter(figures__isnull=False).exists()


def test_frozen_figures_are_what_the_report_counts_live(scale_data):
    """The figures frozen in SQL are exactly those `report_submit` would freeze: the app's own
    `live_figures` on the day it was submitted."""
    for report in PeriodReport.objects.submitted().filter(committee_id__in=[1, 2]):
        assert report.figures == live_figures(report, today=report.submitted_on), report.pk
    fees = PeriodReport.objects.submitted().filter(committee_id=1).first().figures["fees"]
    assert fees["collected"] > fees["received"] > fees["remitted"] > 0


# --- pages ------------------------------------------------------------------------------------


def _text(response) -> str:
    return response.content.decode()


def test_fee_registers_and_panel_render(scale_data, client):
    plan = scale_data
    year = f"?year={plan.today.year}"
    collected = FeePayment.objects.filter(cell_id=1, month=plan.first_month).aggregate(
        total=Sum("amount_paid")
    )["total"]
    shown = f"{collected:,}".replace(",", ".")
    response = _login(client, "secretary").get(reverse("fees:cell_register", args=[1]) + year)
    assert response.status_code == 200 and shown in _text(response)
    response = _login(client, "committee").get(reverse("fees:committee_register", args=[1]) + year)
    assert response.status_code == 200 and shown in _text(response)
    response = client.get(reverse("dashboard:committee", args=[1]) + year)
    assert response.status_code == 200
    member = User.objects.get(username=BENCH_USERS["member"]).member
    paid = FeePayment.objects.filter(member=member).first()
    response = _login(client, "member").get(reverse("fees:member_fees", args=[member.pk]) + year)
    assert response.status_code == 200
    assert f"{paid.amount_paid:,}".replace(",", ".") in _text(response)


def test_report_pages_render(scale_data, client):
    report = PeriodReport.objects.submitted().filter(committee_id=1).order_by("-period_start")[0]
    collected = f"{report.figures['fees']['collected']:,}".replace(",", ".")
    _login(client, "committee")
    response = client.get(reverse("reports:committee", args=[1]))
    assert response.status_code == 200 and report.number_text in _text(response)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200 and collected in _text(response)
    response = client.get(reverse("reports:docx", args=[report.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert any(collected in paragraph.text for paragraph in document.paragraphs)
    draft = PeriodReport.objects.drafts().get(committee_id=1)
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 200
    _login(client, "superior")
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404


def test_superior_dashboard_shows_the_reports(scale_data, client):
    plan = scale_data
    _login(client, "superior")
    response = client.get(
        reverse("reports:superior_dashboard", args=[1]) + f"?year={plan.today.year}"
    )
    assert response.status_code == 200
    states = {
        state: _text(response).count(f'data-report="{state}"')
        for state in ("on_time", "late", "not_due", "overdue")
    }
    submitted = PeriodReport.objects.submitted().filter(
        version=1, period_start__year=plan.today.year
    )
    assert states["on_time"] + states["late"] == submitted.count() > 0
    assert states["on_time"] > states["late"]
    # Last month's and this month's reports are not due yet.
    assert states["not_due"] >= plan.committees
