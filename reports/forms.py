"""Forms of the committee's periodic reports. Each field is checked here; the rules across fields
and rows are the services' (`reports.services`), their errors put back on these forms."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months
from core.forms import ServiceModelForm
from reports.figures import SPAN_MONTHS, is_period_start, period_bounds
from reports.models import MAX_TEXT, PeriodReport
from reports.services import EDIT_FIELDS

Kind = PeriodReport.Kind
# How far back the list of periods goes: this period and so many before it, by kind.
PERIODS_BACK = {Kind.MONTH: 23, Kind.QUARTER: 7, Kind.HALF: 3, Kind.YEAR: 2}


def period_value(kind: str, start: datetime.date) -> str:
    """ "month:2026-11-01": a period as the form sends it."""
    return f"{kind}:{start.isoformat()}"


def period_name(kind: str, start: datetime.date) -> str:
    """ "11/2026", "Quarter IV/2026", "First half of 2026", "Year 2026" (in the user's language)."""
    if kind == Kind.MONTH:
        return f"{start.month:02d}/{start.year}"
    if kind == Kind.QUARTER:
        quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": start.year}
    if kind == Kind.HALF:
        if start.month == 1:
            return _("First half of %(year)s") % {"year": start.year}
        return _("Second half of %(year)s") % {"year": start.year}
    return _("Year %(year)s") % {"year": start.year}


def period_choices(today: datetime.date) -> list:
    """The periods offered, grouped by kind, newest first: this one and those before it."""
    groups = []
    for kind, label in Kind.choices:
        start = period_bounds(kind, today)[0]
        options = []
        for _n in range(PERIODS_BACK[kind] + 1):
            options.append((period_value(kind, start), period_name(kind, start)))
            start = add_months(start, -SPAN_MONTHS[kind])
        groups.append((label, options))
    return groups


class TextField(forms.CharField):
    """A typed text whose line ends count one character each, as the browser's `maxlength` counts
    them (it sends "\\r\\n")."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ReportCreateForm(forms.Form):
    """One click: the period whose report is made (last month's monthly report by default)."""

    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=30,
        error_messages={"required": gettext_lazy("Choose a period from the list.")},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        last_month = period_bounds(Kind.MONTH, add_months(today.replace(day=1), -1))[0]
        self.fields["period"].widget = forms.Select(
            choices=period_choices(today), attrs={"class": "form-select"}
        )
        self.fields["period"].initial = period_value(Kind.MONTH, last_month)

    def clean_period(self):
        """(kind, first day) from "month:2026-11-01"; any well-formed period (the service
        refuses one that has not begun)."""
        kind, _sep, day = self.cleaned_data["period"].partition(":")
        try:
            start = datetime.date.fromisoformat(day)
        except ValueError:
            start = None
        if start is None or not is_period_start(kind, start):
            raise forms.ValidationError(_("Choose a period from the list."))
        return kind, start


class ReportForm(ServiceModelForm):
    """A draft's free texts, recipients and signatory; the figures come from the records."""

    class Meta:
        model = PeriodReport
        fields = list(EDIT_FIELDS)
        field_classes = dict.fromkeys(("situation", "notable", "plan", "recipients"), TextField)
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 8}),
            "notable": forms.Textarea(attrs={"rows": 8}),
            "plan": forms.Textarea(attrs={"rows": 8}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "situation": gettext_lazy(
                "Section I. One paragraph per line. The figures of sections II–VII are counted "
                "from the records."
            ),
            "notable": gettext_lazy(
                "Section VII, after the tasks' figures: the tasks and notable issues of the period."
            ),
            "plan": gettext_lazy("Section VIII: the plan for the next period."),
            "signer_name": gettext_lazy("As printed under the signature."),
        }

    field_order = ["situation", "notable", "plan", "place", "recipients", "signer", "signer_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("situation", "notable", "plan", "recipients"):
            field = self.fields[name]
            field.max_length = MAX_TEXT
            field.widget.attrs["maxlength"] = MAX_TEXT
            field.validators.append(MaxLengthValidator(MAX_TEXT))
        self.fields["place"].required = True
        self.fields["signer_name"].required = True
        self.order_fields(self.field_order)


class CorrectionForm(forms.Form):
    """Why the submitted report is corrected (kept with the new version)."""

    reason = TextField(
        label=gettext_lazy("Reason for the correction"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Say why the report is corrected.")},
    )
