"""A member's fees (DOMAIN §8).

- `member_fees` (GET/POST `/fees/members/<pk>/?year=`): her fee basis and its history, her months
  of the year (state, amounts), "paid up to", the payments of the year (reversed ones struck
  through with their reason). Officers who record for her cell also pay several months at once
  (`action=pay`) and record a back-payment (`action=back_payment`) here. She reads her own page;
  nobody else without office sees it (404: her amounts reveal her salary).
- `basis_set` (GET/POST): a new category and base amount from a month on.
- `excuse` (GET/POST): an officer's valid reason for a month.
- `payment_reverse` (GET/POST): reverse a wrong payment with a required reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cells.rules import rules_for
from core.forms import apply_service_errors, posted
from core.views import form_page
from fees import access as fee_access
from fees import rates, selectors, services
from fees.forms import (
    BackPaymentForm,
    BasisForm,
    ExcuseForm,
    PaymentsForm,
    ReverseForm,
    parse_month,
)
from fees.models import FeeBasis, FeePayment
from fees.views.common import current_cell_of, member_for, year_from, year_months


def member_url(member, year: int | None = None) -> str:
    url = reverse("fees:member_fees", args=[member.pk])
    return f"{url}?year={year}" if year else url


def _may_record_for(user, member):
    """Her current cell, and whether the user records payments there."""
    cell = current_cell_of(member)
    return cell, cell is not None and fee_access.may_record(user, cell)


@require_http_methods(["GET", "POST"])
def member_fees(request, member_pk):
    member = member_for(request.user, member_pk)
    year = year_from(request)
    cell, can_record = _may_record_for(request.user, member)
    months = selectors.member_year(member, year)
    payable = [
        m.month
        for m in months
        if m.due is not None and not m.is_paid and cell is not None and m.cell_id == cell.pk
    ]
    back_due = [m.month for m in months if m.back_payment_due]
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    pay_form = PaymentsForm(request.POST if action == "pay" else None, months=payable, prefix="pay")
    back_form = BackPaymentForm(
        request.POST if action == "back_payment" else None, months=back_due, prefix="back"
    )
    if action == "pay" and pay_form.is_valid():
        try:
            payments = services.payments_record(
                cell=cell,
                member=member,
                months=sorted(pay_form.cleaned_data["months"]),
                paid_on=pay_form.cleaned_data["paid_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(pay_form, error)
        else:
            messages.success(
                request,
                _("Recorded the party fee of %(name)s for %(count)s months.")
                % {"name": member.full_name, "count": len(payments)},
            )
            return redirect(member_url(member, year))
    elif action == "back_payment" and back_form.is_valid():
        try:
            services.back_payment_record(
                cell=cell,
                member=member,
                month=back_form.cleaned_data["month"],
                paid_on=back_form.cleaned_data["paid_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(back_form, error)
        else:
            messages.success(
                request,
                _("Recorded the back-payment of %(name)s for %(month)s.")
                % {"name": member.full_name, "month": f"{back_form.cleaned_data['month']:%m/%Y}"},
            )
            return redirect(member_url(member, year))
    elif action not in (None, "pay", "back_payment"):
        messages.error(request, _("Nothing was saved."))

    first, last = year_months(year)
    rules = rules_for(member.committee)
    bases = list(FeeBasis.objects.filter(member=member).order_by("-effective_from", "-pk"))
    for basis in bases:
        basis.fee = rates.fee_for(basis.category, basis.base_amount, rules=rules)
    payments = list(FeePayment.objects.of_member_between(member, first, last))
    today = timezone.localdate()
    return render(
        request,
        "fees/member_fees.html",
        {
            "member": member,
            "cell": cell,
            "committee": member.committee,
            "year": year,
            "months": months,
            "bases": bases,
            "current_basis": next((b for b in bases if b.effective_from <= today), None),
            "payments": payments,
            "paid_up_to": selectors.paid_up_to(member),
            "flag": selectors.member_fee_flag(member, year),
            "flag_months": rules.unpaid_fee_flag_months,
            "pay_form": pay_form,
            "back_form": back_form,
            "can_record": can_record,
            "can_set_basis": fee_access.may_set_basis(request.user, member),
            "is_self": request.user.is_authenticated and member.user_id == request.user.pk,
            "previous_year": year - 1,
            "next_year": year + 1 if year < today.year + 1 else None,
        },
    )


@require_http_methods(["GET", "POST"])
def basis_set(request, member_pk):
    member = member_for(request.user, member_pk)
    if not fee_access.may_set_basis(request.user, member):
        raise PermissionDenied
    form = BasisForm(
        posted(request),
        initial={"effective_from": timezone.localdate().replace(day=1)},
    )
    return form_page(
        request,
        form=form,
        service=lambda **data: services.basis_set(member=member, by=request.user, **data),
        success_message=_("The fee basis was saved."),
        template="fees/form_page.html",
        context={
            "member": member,
            "committee": member.committee,
            "heading": _("Set the fee basis of %(name)s") % {"name": member.full_name},
            "cancel_url": member_url(member),
        },
        redirect_to=lambda basis: member_url(member, basis.effective_from.year),
    )


@require_http_methods(["GET", "POST"])
def excuse(request, member_pk):
    member = member_for(request.user, member_pk)
    _cell, can_record = _may_record_for(request.user, member)
    if not can_record:
        raise PermissionDenied
    month = parse_month(request.GET.get("month", "")) if request.method == "GET" else None
    form = ExcuseForm(posted(request), initial={"month": month} if month else None)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.excuse_record(member=member, by=request.user, **data),
        success_message=_("The valid reason was recorded."),
        template="fees/form_page.html",
        context={
            "member": member,
            "committee": member.committee,
            "heading": _("A valid reason for a month of %(name)s") % {"name": member.full_name},
            "intro": _(
                "A month paid late or not at all with a valid reason no longer counts towards "
                "the unpaid-fee flag; it is still shown as late or unpaid."
            ),
            "cancel_url": member_url(member),
        },
        redirect_to=lambda item: member_url(member, item.month.year),
    )


@require_http_methods(["GET", "POST"])
def payment_reverse(request, pk):
    payment = FeePayment.objects.select_related("cell__committee").filter(pk=pk).first()
    if payment is None:
        raise Http404
    member = member_for(request.user, payment.member_id)
    if not fee_access.may_record(request.user, payment.cell):
        raise PermissionDenied
    back = member_url(member, payment.month.year)
    if payment.reversed_at is not None:
        messages.info(request, _("This payment was already reversed."))
        return redirect(back)
    form = ReverseForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.payment_reverse(payment=payment, by=request.user, **data),
        success_message=_("The payment was reversed."),
        template="fees/reverse_confirm.html",
        context={
            "member": member,
            "committee": member.committee,
            "payment": payment,
            "heading": _("Reverse a payment"),
            "cancel_url": back,
            "submit_label": _("Reverse"),
        },
        redirect_to=lambda _result: back,
    )
