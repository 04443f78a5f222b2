"""The committee's fee pages (DOMAIN §8) — totals only, never a member's amount.

- `committee_register` (GET `/fees/committees/<pk>/?year=`): cells × months — collected, to
  remit, remitted — and the committee's share and what it remits to its superior; the year's
  remittances (reversed ones struck through). The committee's officers and observers.
- `remittance_record` (GET/POST `/fees/committees/<pk>/remit/`): a cell's remittance to the
  committee (the cell's secretary or deputy, the committee's officers) or the committee's to its
  superior (the committee's officers).
- `remittance_reverse` (GET/POST): reverse a remittance with a required reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cells.models import Cell
from core.forms import posted
from core.views import form_page
from fees import access as fee_access
from fees import services
from fees.forms import RemittanceForm, ReverseForm, parse_month
from fees.models import Remittance
from fees.selectors import committee_register as build_register
from fees.views.common import year_from, year_months
from members import access


def committee_url(committee, year: int) -> str:
    return f"{reverse('fees:committee_register', args=[committee.pk])}?year={year}"


def cell_url(cell, year: int) -> str:
    return f"{reverse('fees:cell_register', args=[cell.pk])}?year={year}"


@require_GET
def committee_register(request, committee_pk):
    committee = access.get_committee_for_user(request.user, committee_pk)
    if not fee_access.may_see_committee_register(request.user, committee):
        raise PermissionDenied
    year = year_from(request)
    first, last = year_months(year)
    cells = list(Cell.objects.filter(committee=committee).order_by("code", "pk"))
    register = build_register(committee, first, last, cells=cells)
    remittances = list(Remittance.objects.of_committee_between(committee, first, last))
    today = timezone.localdate()
    return render(
        request,
        "fees/committee_register.html",
        {
            "committee": committee,
            "year": year,
            "register": register,
            "grid": [
                (row, list(zip(register.months, row.months, strict=True))) for row in register.rows
            ],
            "collected_total": sum(t.collected for t in register.totals),
            "received_total": sum(t.received for t in register.totals),
            "kept_total": sum(t.kept for t in register.totals),
            "to_remit_total": sum(t.to_remit for t in register.totals),
            "remitted_total": sum(t.remitted or 0 for t in register.totals),
            "remittances": remittances,
            "can_record": fee_access.may_record_committee_remittance(request.user, committee),
            "previous_year": year - 1,
            "next_year": year + 1 if year < today.year + 1 else None,
        },
    )


@require_http_methods(["GET", "POST"])
def remittance_record(request, committee_pk):
    committee = access.get_committee_for_user(request.user, committee_pk)
    cells = [
        cell
        for cell in Cell.objects.filter(committee=committee).select_related("committee")
        if fee_access.may_record(request.user, cell)
    ]
    upwards = fee_access.may_record_committee_remittance(request.user, committee)
    if not cells and not upwards:
        raise PermissionDenied
    initial = {}
    if request.method == "GET":
        target = request.GET.get("cell", "")
        initial["target"] = target if target.isdigit() else RemittanceForm.COMMITTEE
        month = parse_month(request.GET.get("month", ""))
        if month:
            initial["month"] = month
        amount = request.GET.get("amount", "")
        if amount.isdigit() and len(amount) < 12:
            initial["amount"] = int(amount)
    form = RemittanceForm(
        posted(request), initial=initial, cells=cells, committee=committee if upwards else None
    )

    def record(*, target, **data):
        return services.remittance_record(
            committee=committee, cell=form.cell(), by=request.user, **data
        )

    def after(remittance):
        year = remittance.month.year
        if remittance.cell_id and not fee_access.may_see_committee_register(
            request.user, committee
        ):
            return cell_url(remittance.cell, year)
        return committee_url(committee, year)

    return form_page(
        request,
        form=form,
        service=record,
        success_message=_("The remittance was recorded."),
        template="fees/form_page.html",
        context={
            "committee": committee,
            "heading": _("Record a remittance of party fees"),
            "cancel_url": committee_url(committee, timezone.localdate().year)
            if fee_access.may_see_committee_register(request.user, committee)
            else cell_url(cells[0], timezone.localdate().year),
        },
        redirect_to=after,
    )


@require_http_methods(["GET", "POST"])
def remittance_reverse(request, pk):
    remittance = (
        Remittance.objects.select_related("committee", "cell__committee").filter(pk=pk).first()
    )
    if remittance is None:
        raise Http404
    user, committee, cell = request.user, remittance.committee, remittance.cell
    sees_committee = fee_access.may_see_committee_register(user, committee)
    if cell is not None:
        visible = sees_committee or fee_access.may_see_register(user, cell)
        allowed = fee_access.may_record(user, cell)
    else:
        visible = sees_committee
        allowed = fee_access.may_record_committee_remittance(user, committee)
    if not visible:
        raise Http404
    if not allowed:
        raise PermissionDenied
    year = remittance.month.year
    back = committee_url(committee, year) if sees_committee else cell_url(cell, year)
    if remittance.reversed_at is not None:
        messages.info(request, _("This remittance was already reversed."))
        return redirect(back)
    return form_page(
        request,
        form=ReverseForm(posted(request)),
        service=lambda **data: services.remittance_reverse(remittance=remittance, by=user, **data),
        success_message=_("The remittance was reversed."),
        template="fees/reverse_confirm.html",
        context={
            "committee": committee,
            "remittance": remittance,
            "heading": _("Reverse a remittance"),
            "cancel_url": back,
            "submit_label": _("Reverse"),
        },
        redirect_to=lambda _result: back,
    )
