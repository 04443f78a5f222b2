"""The form that records a vote at a meeting (`meetings/views/votes.py`).

It only parses what was typed — whole numbers, a member on the sheet, an item of the agenda — and
the write service (`meetings.motions.vote_record`) checks the rules with its own messages, which
go back on the same fields (the field names are the service's arguments). Works without
JavaScript: the ballot counts are always shown, marked "secret ballot only".
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.models import SECRET_KINDS, Motion, MotionKind
from meetings.motions import NAME_MAX, TEXT_MAX

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
