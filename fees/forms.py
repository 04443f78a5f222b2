"""The forms of the party-fees pages (DOMAIN §8). Each checks its own fields; the rules across
rows (already paid, not in the cell that month, amounts out of range…) are the write services'
(`fees.services`), whose errors the views put back next to the field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ServiceModelForm
from fees.models import FeeBasis

MONTH_INPUT_FORMATS = ("%m/%Y", "%Y-%m", "%d/%m/%Y")
# The largest amount a form takes (a billion đồng): far above any fee, below any database limit.
AMOUNT_MAX = 1_000_000_000


def month_key(month: datetime.date) -> str:
    """ "2026-03": how a month travels in a form or a query string."""
    return f"{month:%Y-%m}"


def parse_month(value) -> datetime.date | None:
    """The first day of the month written as "03/2026", "2026-03" or "05/03/2026"; else None."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    value = (value or "").strip()
    for fmt in MONTH_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date().replace(day=1)
        except ValueError:
            continue
    return None


class MonthInput(forms.TextInput):
    """A month typed as mm/yyyy."""

    def __init__(self, attrs=None):
        base = {"placeholder": _("mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%m/%Y}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A month (mm/yyyy): cleaned to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as mm/yyyy, for example 03/2026.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None or month.year < 1900:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


def _today_date_field(label):
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


class MonthEntryForm(forms.Form):
    """The month's collection at the meeting: who paid now, and the day."""

    member_ids = forms.TypedMultipleChoiceField(
        label=_("Paid now"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one member who paid.")},
    )
    paid_on = _today_date_field(_("Date paid"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_ids"].choices = [(m.pk, m.full_name) for m in members]


class PaymentsForm(forms.Form):
    """One member pays several months at once."""

    months = forms.TypedMultipleChoiceField(
        label=_("Months paid"),
        coerce=parse_month,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one month.")},
    )
    paid_on = _today_date_field(_("Date paid"))

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [(month_key(m), f"{m:%m/%Y}") for m in months]


class BackPaymentForm(forms.Form):
    """Pay a month's back-payment (truy thu)."""

    month = forms.TypedChoiceField(label=_("Month"), coerce=parse_month)
    paid_on = _today_date_field(_("Date paid"))

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(month_key(m), f"{m:%m/%Y}") for m in months]


class BasisForm(ServiceModelForm):
    """Her fee category and base amount from a month on."""

    base_amount = forms.IntegerField(
        label=_("Base amount (đồng)"),
        min_value=1,
        max_value=AMOUNT_MAX,
        help_text=_(
            "Salary and allowances, or the pension; for the fixed category the monthly "
            "amount itself."
        ),
    )
    effective_from = MonthField(label=_("Effective from (month)"))

    class Meta:
        model = FeeBasis
        fields = ["category", "base_amount", "effective_from", "note"]


class ExcuseForm(forms.Form):
    """An officer's valid reason for a month paid late or not at all."""

    month = MonthField(label=_("Month"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReverseForm(forms.Form):
    """Reverse a wrong entry: the reason is required and kept with it."""

    reason = forms.CharField(
        label=_("Reason for the reversal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RemittanceForm(forms.Form):
    """A cell's remittance to the committee, or the committee's to its superior."""

    COMMITTEE = "committee"

    target = forms.ChoiceField(label=_("Remitted by"))
    month = MonthField(label=_("Month"))
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1, max_value=AMOUNT_MAX)
    remitted_on = _today_date_field(_("Date remitted"))

    def __init__(self, *args, cells=(), committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(cell.pk), cell.name) for cell in cells]
        if committee is not None:
            choices.append((self.COMMITTEE, _("The committee, to its superior")))
        self.fields["target"].choices = choices
        self.cells = {str(cell.pk): cell for cell in cells}

    def cell(self):
        """The cleaned target as a cell (None: the committee's own remittance)."""
        return self.cells.get(self.cleaned_data["target"])
