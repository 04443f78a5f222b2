"""Forms of the organisation pages; the write services validate rules across rows."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, Committee, CommitteeSettings, SuperiorBody, Term
from core.forms import DateInput, ServiceModelForm, TimeInput


class CommitteeForm(ServiceModelForm):
    class Meta:
        model = Committee
        fields = ["name", "place_name", "founding_decision_number", "founded_on", "address"]


class SuperiorBodyForm(ServiceModelForm):
    class Meta:
        model = SuperiorBody
        fields = ["name", "valid_from", "valid_until"]
        help_texts = {"valid_until": _("Leave empty while it is still the superior body.")}

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must not be before the start date."))
        return data


class TermForm(ServiceModelForm):
    class Meta:
        model = Term
        fields = ["name", "start_date", "end_date"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return data


class CellForm(ServiceModelForm):
    class Meta:
        model = Cell
        fields = ["name", "code", "founded_on", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CellDissolveForm(forms.Form):
    dissolved_on = forms.DateField(label=_("dissolved on"), widget=DateInput())
    dissolution_reason = forms.CharField(
        label=_("reason for dissolution"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dissolved_on"].initial = timezone.localdate()

    def clean_dissolved_on(self):
        value = self.cleaned_data["dissolved_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The dissolution date cannot be in the future."))
        return value


class CommitteeSettingsForm(ServiceModelForm):
    class Meta:
        model = CommitteeSettings
        exclude = ["committee"]
        widgets = {"meeting_time": TimeInput()}
        help_texts = {
            "quality_preparation_points": _(
                "The four criteria of the meeting-quality score add up to the best possible "
                "score (by default 15 + 20 + 45 + 20 = 100)."
            ),
            "quality_good_min": _(
                "At most the total of the four criteria; Fair and Average must each be lower."
            ),
        }
