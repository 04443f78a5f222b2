"""Forms of the organisation pages; the write services validate rules across rows."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, Committee, CommitteeSettings, Superior, SuperiorBody, Term
from core.forms import DateInput, ServiceModelForm, TimeInput


class CommitteeForm(ServiceModelForm):
    class Meta:
        model = Committee
        fields = ["name", "place_name", "founding_decision_number", "founded_on", "address"]


class SuperiorBodyForm(ServiceModelForm):
    """A dated superior body: one of the active superiors, or a new one by its name (the service
    finds a superior of the same name, ignoring case and accents, before it creates one)."""

    superior = forms.ModelChoiceField(
        label=_("superior"),
        queryset=Superior.objects.none(),
        required=False,
        empty_label=_("— not in the list: type its name below —"),
    )

    class Meta:
        model = SuperiorBody
        fields = ["superior", "name", "valid_from", "valid_until"]
        help_texts = {
            "name": _(
                "The name valid for these dates, as documents print it. Leave empty to use the "
                "chosen superior's name."
            ),
            "valid_until": _("Leave empty while it is still the superior body."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The active superiors, and the one this row already points to (even if inactive now).
        current = self.instance.superior_id
        self.fields["superior"].queryset = Superior.objects.filter(
            Q(is_active=True) | Q(pk=current)
        )
        self.fields["name"].required = False

    def clean(self):
        data = super().clean()
        named = (data.get("name") or "").strip() or "name" in self.errors
        if not data.get("superior") and not named:
            self.add_error("name", _("Choose the superior or type its name."))
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
