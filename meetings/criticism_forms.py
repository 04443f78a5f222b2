"""Forms of the self-criticism and criticism record of one member at a meeting.

They parse what was typed; the write service (`meetings.criticism.criticism_record_save`) checks
the rules (the author on the attendance sheet or a guest's name, the lengths, the open record)
and its errors go back on these forms (`criticism_errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.criticism import BY_NAME_MAX, CriticismText
from meetings.models import MAX_TEXT

# Empty criticism rows offered under the saved ones (more after each save; no JavaScript needed).
EXTRA_ROWS = 2
MAX_ROWS = 200


class CriticismRecordForm(forms.Form):
    self_criticism = forms.CharField(
        label=_("Her self-criticism"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    response = forms.CharField(
        label=_("Her response"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What she answered to the criticisms."),
    )
    conclusion = forms.CharField(
        label=_("The chair's conclusion"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CriticismRowForm(forms.Form):
    """One criticism or comment: by a member on the sheet, or by a guest (her name)."""

    by_member = forms.TypedChoiceField(
        label=_("By (member)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    by_name = forms.CharField(
        label=_("or by (guest)"),
        required=False,
        max_length=BY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("A guest's name and position, when a guest made the comment."),
    )
    text = forms.CharField(
        label=_("Criticism or comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_member"].choices = [("", "—"), *people]

    def row(self) -> CriticismText:
        data = self.cleaned_data
        return CriticismText(
            by_member_id=data.get("by_member"),
            by_name=data.get("by_name") or "",
            text=data.get("text") or "",
        )


CriticismRowFormSet = forms.formset_factory(
    CriticismRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def criticism_formset(data=None, *, people, criticisms=()):
    """The criticism rows: the saved ones in order, then `EXTRA_ROWS` empty ones."""
    initial = [
        {"by_member": c.by_member_id, "by_name": c.by_name, "text": c.text} for c in criticisms
    ]
    initial += [{} for _row in range(EXTRA_ROWS)]
    return CriticismRowFormSet(
        data, initial=initial, prefix="criticism", form_kwargs={"people": people}
    )


def criticism_errors(form, formset, error) -> None:
    """Put the service's errors on the forms: rows by their index, the rest on their field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.error_dict.items():
        if key.startswith("criticism-"):
            index = key.removeprefix("criticism-")
            if index.isdigit() and int(index) < len(formset.forms):
                formset.forms[int(index)].add_error(None, messages)
                continue
        form.add_error(key if key in form.fields else None, messages)
