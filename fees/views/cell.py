"""The cell's fee pages (DOMAIN §8).

- `cell_register` (GET `/fees/cells/<pk>/?year=`): sổ thu nộp đảng phí — members × months of a
  year (due, paid, date; late, valid reason, back-payment due; "—" where she was not in the
  cell), each month's totals, the share the cell keeps and what it remits, its remittances.
  The cell's officers and the committee's.
- `month_entry` (GET/POST `/fees/cells/<pk>/<yyyy>-<mm>/`): one phone screen at the meeting —
  the members due that month, those already paid shown with their date; tick who paid now and
  the day. One month at a time (DESIGN §9: the whole grid would exceed the form-field limit).
  The cell's secretary and deputy, the committee's officers.
- `cell_register_xlsx`, `month_receipts_docx` (GET): the register as a workbook and the month's
  receipt list as the official DOCX.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.dates import add_months
from core.forms import apply_service_errors, posted
from core.versions import cached_render, committee_scope
from fees import access as fee_access
from fees import exports, services
from fees.forms import MonthEntryForm
from fees.models import Remittance
from fees.selectors import cell_register as build_register
from fees.views.common import cell_for, month_or_404, year_from, year_months


@require_GET
def cell_register(request, cell_pk):
    cell = cell_for(request.user, cell_pk)
    year = year_from(request)
    today = timezone.localdate()
    can_record = fee_access.may_record(request.user, cell)

    def body_context() -> dict:
        first, last = year_months(year)
        register = build_register(cell, first, last)
        return {
            "cell": cell,
            "committee": cell.committee,
            "year": year,
            "register": register,
            "due_total": sum(total.due for total in register.totals),
            "remitted_total": sum(total.remitted or 0 for total in register.totals),
            "remittances": list(Remittance.objects.of_cell_between(cell, first, last)),
            "can_record": can_record,
        }

    return render(
        request,
        "fees/cell_register.html",
        {
            "cell": cell,
            "committee": cell.committee,
            "year": year,
            # The register and the remittances: one cached part per user, cell, year and day.
            "body": cached_render(
                "cell-fee-register",
                [committee_scope(cell.committee_id)],
                (request.user.pk, cell.pk, year, today),
                "fees/_cell_register_body.html",
                body_context,
            ),
            "can_record": can_record,
            "this_month": today.replace(day=1),
            "previous_year": year - 1,
            "next_year": year + 1 if year < today.year + 1 else None,
        },
    )


@require_http_methods(["GET", "POST"])
def month_entry(request, cell_pk, year, month):
    cell = cell_for(request.user, cell_pk, record=True)
    month = month_or_404(year, month)
    register = build_register(cell, month)
    lines = [(row.member, row.months[0]) for row in register.rows if row.months[0] is not None]
    payable = [member for member, item in lines if item.due is not None and not item.is_paid]
    form = MonthEntryForm(posted(request), members=payable)
    if request.method == "POST" and form.is_valid():
        try:
            payments = services.month_record(
                cell=cell,
                month=month,
                member_ids=form.cleaned_data["member_ids"],
                paid_on=form.cleaned_data["paid_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded: %(count)s members paid the party fee for %(month)s.")
                % {"count": len(payments), "month": f"{month:%m/%Y}"},
            )
            return redirect(request.path)
    ticked = set(form["member_ids"].value() or []) if form.is_bound else set()
    previous, following = add_months(month, -1), add_months(month, 1)
    return render(
        request,
        "fees/month_entry.html",
        {
            "cell": cell,
            "committee": cell.committee,
            "month": month,
            "form": form,
            "lines": lines,
            "ticked": {str(value) for value in ticked},
            "total": register.totals[0],
            "previous": previous,
            "following": following if following.year <= timezone.localdate().year + 1 else None,
        },
    )


@require_GET
def cell_register_xlsx(request, cell_pk):
    cell = cell_for(request.user, cell_pk)
    year = year_from(request)
    register = build_register(cell, *year_months(year))
    response = HttpResponse(exports.register_xlsx(register), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.register_xlsx_filename(cell, year)}"'
    )
    return response


@require_GET
def month_receipts_docx(request, cell_pk, year, month):
    cell = cell_for(request.user, cell_pk)
    month = month_or_404(year, month)
    content = exports.receipt_list(cell, month, today=timezone.localdate())
    response = HttpResponse(exports.receipts_docx(content), content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.receipts_filename(cell, month)}"'
    )
    return response


def register_url(cell, year: int) -> str:
    return f"{reverse('fees:cell_register', args=[cell.pk])}?year={year}"
