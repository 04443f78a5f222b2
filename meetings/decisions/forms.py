"""Forms of the decision pages: a vote, a resolution, a task (assign, mark done, cancel).

They parse what was typed; the write services (`meetings.decisions.votes`, `.resolutions`,
`.tasks`) check the rules and their errors go back on these forms
(`core.forms.apply_service_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput
from meetings.decisions.resolutions import CONTENT_MAX, NUMBER_MAX
from meetings.decisions.resolutions import TITLE_MAX as RESOLUTION_TITLE_MAX
from meetings.decisions.tasks import DETAILS_MAX, REASON_MAX, RESULT_MAX
from meetings.decisions.tasks import TITLE_MAX as TASK_TITLE_MAX
from meetings.decisions.votes import NAME_MAX, TEXT_MAX
from meetings.models import SECRET_KINDS, AgendaItem, Motion, MotionKind, Resolution

COUNT_ATTRS = {"inputmode": "numeric", "min": 0, "autocomplete": "off", "class": "vote-count"}


def kind_choices():
    """The kinds, those voted by secret ballot only saying so."""
    secret = {str(k) for k in SECRET_KINDS}
    return [
        (value, _("%(kind)s — secret ballot") % {"kind": label} if value in secret else label)
        for value, label in MotionKind.choices
    ]


def _count(label, *, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
        help_text=help_text,
        error_messages={
            "invalid": _("Enter a whole number."),
            "required": _("Enter a number (0 if none)."),
        },
    )


class VoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is voted on"),
        choices=(),
        initial=MotionKind.ORDINARY,
        error_messages={"invalid_choice": _("Choose what is voted on.")},
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Motion.Method.choices,
        initial=Motion.Method.HANDS,
        widget=forms.RadioSelect,
        help_text=_(
            "Discipline (reprimand, warning, dismissal), a proposal to expel and elections are "
            "voted by secret ballot."
        ),
        error_messages={"invalid_choice": _("Choose a show of hands or a secret ballot.")},
    )
    text = forms.CharField(
        label=_("Text voted on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
    )
    subject_member = forms.TypedChoiceField(
        label=_("Member concerned"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For a recognition, a discipline or a proposal to expel."),
        error_messages={
            "invalid_choice": _("Choose a member on the attendance sheet of this meeting.")
        },
    )
    subject_name = forms.CharField(
        label=_("Person concerned"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX, "autocomplete": "off"}),
        help_text=_("For an admission (the candidate) or an election (who, to which post)."),
    )
    candidate_birth_date = forms.DateField(
        label=_("Candidate's date of birth"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "For an admission: the candidate must have reached the committee's minimum age."
        ),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an item of this meeting's agenda.")},
    )
    yes = _count(_("In favour"))
    no = _count(_("Against"))
    abstain = _count(_("Abstain"), required=False)
    # Under the heading "Ballots (secret ballot only)".
    issued = _count(pgettext_lazy("ballots", "Issued"), required=False)
    valid = _count(pgettext_lazy("ballots", "Valid"), required=False)
    invalid = _count(pgettext_lazy("ballots", "Invalid"), required=False)

    def __init__(self, *args, people=(), items=(), **kwargs):
        """`people`: (member id, label) of the attendance sheet; `items`: (item id, label)."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["subject_member"].choices = [("", "—"), *people]
        self.fields["agenda_item"].choices = [("", "—"), *items]

    def clean_abstain(self):
        return self.cleaned_data.get("abstain") or 0


def _text_fields():
    return {
        "title": forms.CharField(
            label=_("summary"),
            max_length=RESOLUTION_TITLE_MAX,
            help_text=_(
                "Printed under the title, e.g. “về nhiệm vụ trọng tâm tháng 3 năm 2026” "
                "(“về” is added if you leave it out)."
            ),
        ),
        "content": forms.CharField(
            label=_("content"),
            max_length=CONTENT_MAX,
            widget=forms.Textarea(attrs={"rows": 14}),
            help_text=_("Each line becomes a paragraph of the document."),
        ),
    }


class ResolutionForm(forms.Form):
    """Adopt a resolution from a passed vote: its type, summary and content — and, at a meeting
    entered afterwards (`next_numbers` given: {type: the next number}), the number it bears on
    paper."""

    doc_type = forms.ChoiceField(
        label=_("type"),
        choices=Resolution.Type.choices,
        initial=Resolution.Type.RESOLUTION,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, next_numbers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_numbers is not None:
            self.fields["number"] = forms.IntegerField(
                label=_("Number"),
                min_value=1,
                max_value=NUMBER_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                help_text=_paper_help(next_numbers),
                error_messages={
                    "required": _("Type the number the resolution bears on paper."),
                    "invalid": _("Enter a whole number."),
                },
            )
        self.fields.update(_text_fields())


def _paper_help(next_numbers: dict) -> str:
    """The number field's help: where it comes from, and the next free numbers of the term."""
    text = _(
        "This meeting is entered afterwards: type the number the resolution bears on paper "
        "(5 for “Số 05-NQ/CB”)."
    )
    if not next_numbers:
        return text
    following = _(
        "The next number of this term: %(resolution)s for a resolution, %(conclusion)s for a "
        "conclusion."
    ) % {
        "resolution": f"{next_numbers[Resolution.Type.RESOLUTION]:02d}",
        "conclusion": f"{next_numbers[Resolution.Type.CONCLUSION]:02d}",
    }
    return f"{text} {following}"


class ResolutionEditForm(forms.Form):
    """Correct a resolution's summary or content while the minutes are open."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields())


def initial_from_motion(text: str) -> dict:
    """The form's first values from the text voted on: the first line as the summary (at most
    the summary's length), the whole text as the content."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    title = lines[0][:RESOLUTION_TITLE_MAX].strip() if lines else ""
    return {"title": title, "content": (text or "").strip()}


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
        max_length=TASK_TITLE_MAX,
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
