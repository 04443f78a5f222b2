"""Forms of the residence-comment, commendation and discipline pages.

They parse what was typed; the write services in `reviews/records.py` check the rules (dates,
the probationary member's discipline, the vote that decided it, the scan's type and size) and
their errors go back on these forms (`core.forms.apply_service_errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from reviews import records
from reviews.models import Discipline, ResidenceComment

SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _good(value: str):
    return value == "1"


class ResidenceFilterForm(forms.Form):
    """The list's filters: one cell, and missing / received / exempt."""

    cell = forms.ModelChoiceField(
        label=_("Cell"), queryset=None, required=False, empty_label=_("All cells")
    )
    show = forms.ChoiceField(
        label=_("Comment"),
        required=False,
        choices=[
            ("", _("All")),
            (records.Show.MISSING, _("Missing")),
            (records.Show.RECEIVED, _("Received")),
            (records.Show.EXEMPT, _("Exempt")),
        ],
    )

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells

    def values(self) -> dict:
        """The filters that are valid (a bad value is ignored, the rest still apply)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"cell": data.get("cell"), "show": data.get("show") or ""}


class ResidenceForm(forms.Form):
    """One form for the three states of the comment; the fields of the chosen state are used."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ResidenceComment.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the status of the comment.")},
    )
    requested_on = forms.DateField(
        label=_("Requested on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    residence_cell = forms.CharField(
        label=_("Residence cell"),
        required=False,
        max_length=records.NAME_MAX,
        help_text=_("The party cell where she lives, which wrote the comment."),
    )
    good = forms.TypedChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[("1", _("Good")), ("0", _("Not good"))],
        coerce=_good,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=records.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scan = forms.FileField(
        label=_("Scan"),
        required=False,
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
        error_messages={"empty": _("The file is empty.")},
    )
    exempt_reason = forms.CharField(
        label=_("Why exempt"),
        required=False,
        max_length=ResidenceComment._meta.get_field("exempt_reason").max_length,
        help_text=_("For example: a student studying away from home."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, comment: ResidenceComment | None = None, max_mb: int = 20, **kw):
        initial = kw.pop("initial", {}) or {}
        if comment is not None:
            initial = {
                "status": comment.status,
                "requested_on": comment.requested_on,
                "received_on": comment.received_on,
                "residence_cell": comment.residence_cell,
                "good": {True: "1", False: "0"}.get(comment.good, ""),
                "text": comment.text,
                "exempt_reason": comment.exempt_reason,
                **initial,
            }
        else:
            initial = {"status": ResidenceComment.Status.REQUESTED, **initial}
        super().__init__(*args, initial=initial, **kw)
        self.fields["scan"].help_text = _(
            "Optional: PDF, JPG or PNG; at most %(limit)s MB. Leave empty to keep the one attached."
        ) % {"limit": max_mb}


class CommendationForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=records.YEAR_MIN,
        error_messages={"required": _("Give the year.")},
    )
    form = forms.CharField(
        label=_("Form"),
        max_length=records.NAME_MAX,
        help_text=_("For example: Certificate of merit; Outstanding member for 5 years."),
        error_messages={"required": _("Give the form.")},
    )
    deciding_body = forms.CharField(
        label=_("Decided by"),
        max_length=records.NAME_MAX,
        help_text=_("For example: the executive committee of the party committee."),
        error_messages={"required": _("Give the body that decided it.")},
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=records.NUMBER_MAX, required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())


class DisciplineForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form"),
        choices=[("", "---------"), *Discipline.Form.choices],
        error_messages={"required": _("Choose the form of discipline.")},
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the decision.")},
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=records.NUMBER_MAX, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=records.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason.")},
    )
    motion = forms.ModelChoiceField(
        label=_("The vote that decided it"),
        queryset=None,
        required=False,
        empty_label=_("— none recorded —"),
        help_text=_("A vote about this member recorded at a meeting."),
    )

    def __init__(self, *args, motions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = motions
        self.fields["motion"].label_from_instance = self._motion_label

    @staticmethod
    def _motion_label(motion) -> str:
        result = _("passed") if motion.passed else _("not passed")
        return f"{motion.meeting.date:%d/%m/%Y} · {motion.get_kind_display()} · {result}"
