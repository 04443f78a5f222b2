"""Forms of the task pages: assign a task, mark a part done, cancel a part.

They parse what was typed; the write services in `meetings/tasks.py` check the rules (the
members on the attendance sheet, the deadline after the meeting, who may mark what) and their
errors go back on these forms (`core.forms.apply_service_errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from meetings.models import AgendaItem, Resolution
from meetings.tasks import DETAILS_MAX, REASON_MAX, RESULT_MAX, TITLE_MAX


class MemberIdsField(forms.TypedMultipleChoiceField):
    """Checkboxes of the members on the attendance sheet.

    Any whole number passes here: a member who is not on the sheet (a crafted POST, or one taken
    off the sheet meanwhile) is refused by the service, which names her.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value):
        return str(value).strip().isdigit()


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Say what is to be done.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        error_messages={"required": _("Give the deadline.")},
    )
    members = MemberIdsField(
        label=_("Assigned to"),
        error_messages={"required": _("Choose at least one member.")},
        help_text=_("Each member has her own part, marked done on her own."),
    )
    resolution = forms.ModelChoiceField(
        label=_("From the resolution"),
        queryset=Resolution.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("From the agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people=(), resolutions=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(pk, name) for pk, name in people]
        self.fields["resolution"].queryset = (
            resolutions if resolutions is not None else Resolution.objects.none()
        )
        self.fields["resolution"].label_from_instance = lambda r: f"{r.code} — {r.title}"
        self.fields["agenda_item"].queryset = (
            items if items is not None else AgendaItem.objects.none()
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "details": data.get("details", ""),
            "deadline": data["deadline"],
            "members": data["members"],
            "resolution": data.get("resolution"),
            "agenda_item": data.get("agenda_item"),
        }


class DoneForm(forms.Form):
    """Mark one part done: what was done (required) and when (today if left empty)."""

    result = forms.CharField(
        label=_("What was done"),
        max_length=RESULT_MAX,
        error_messages={"required": _("Say what was done.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if left empty."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=REASON_MAX,
        error_messages={"required": _("Give the reason for cancelling.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
