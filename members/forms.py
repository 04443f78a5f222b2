"""Forms of the member registry; the write services check the rules across rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, Term
from core.forms import DateInput, ServiceModelForm
from core.uploads import IMAGE_TYPES, check_upload
from members.models import Member, Position, Status, Transfer
from members.services import MEMBER_FIELDS, SELF_FIELDS, STATUS_PAGE_KINDS

PHOTO_MAX_MB = 5


class MemberForm(ServiceModelForm):
    """The member record (form 2-HSĐV)."""

    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)
        widgets = {"photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})}

    def __init__(
        self, *args, upload_max_mb: int = PHOTO_MAX_MB, theory_level_locked=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.upload_max_mb = min(upload_max_mb, PHOTO_MAX_MB)
        self.fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})
        if theory_level_locked:
            # Her level follows from her recorded courses (the view asks the training rule).
            self.fields["theory_level"].disabled = True
            self.fields["theory_level"].help_text = _(
                "Follows from her political-theory courses: record a course to change it."
            )

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").strip()
        if value and (not value.isdigit() or len(value) not in (9, 12)):
            raise forms.ValidationError(_("A citizen ID has 12 digits (an old ID card 9)."))
        return value or None

    def clean_card_number(self):
        return (self.cleaned_data.get("card_number") or "").strip() or None

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            check_upload(photo, allowed=IMAGE_TYPES, max_mb=self.upload_max_mb)
        return photo


class MemberCreateForm(MemberForm):
    """A new member: her record, her cell and how she arrives."""

    STATUS_CHOICES = [
        (Status.PROBATIONARY, Status.PROBATIONARY.label),
        (Status.OFFICIAL, Status.OFFICIAL.label),
        (Status.TEMPORARY, Status.TEMPORARY.label),
    ]

    cell = forms.ModelChoiceField(label=_("cell"), queryset=Cell.objects.none())
    joined_on = forms.DateField(label=_("member of the cell since"), widget=DateInput())
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES)
    arrived_from = forms.CharField(
        label=_("arrives by transfer from"),
        max_length=200,
        required=False,
        help_text=_("Fill in only for a member transferred in from another party organisation."),
    )
    letter_number = forms.CharField(label=_("letter number"), max_length=50, required=False)
    letter_issued_on = forms.DateField(
        label=_("letter issued on"), required=False, widget=DateInput()
    )
    letter_presented_on = forms.DateField(
        label=_("letter presented on"), required=False, widget=DateInput()
    )

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells if cells is not None else Cell.objects.none()


class OwnProfileForm(ServiceModelForm):
    class Meta:
        model = Member
        fields = list(SELF_FIELDS)


class StatusChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("event"),
        choices=[(k.value, k.label) for k in STATUS_PAGE_KINDS],
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    status_after = forms.ChoiceField(
        label=_("standing afterwards"),
        required=False,
        choices=[
            ("", "—"),
            (Status.OFFICIAL, Status.OFFICIAL.label),
            (Status.PROBATIONARY, Status.PROBATIONARY.label),
        ],
        help_text=_("Only for “Back to activities”: official or probationary."),
    )
    decision_number = forms.CharField(label=_("decision number"), max_length=50, required=False)
    reason = forms.CharField(
        label=_("reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MoveForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("new cell"), queryset=Cell.objects.none())
    date = forms.DateField(label=_("from"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells if cells is not None else Cell.objects.none()


class TransferForm(forms.Form):
    ACTIONS = [
        ("out_official", _("Official transfer out")),
        ("out_temporary", _("Temporary transfer out")),
        ("back", _("Back from a temporary transfer")),
    ]
    action = forms.ChoiceField(label=_("transfer"), choices=ACTIONS)
    date = forms.DateField(label=_("date"), widget=DateInput())
    organisation = forms.CharField(
        label=_("other party organisation"),
        max_length=200,
        help_text=_("Where the member goes to, or comes back from."),
    )
    letter_number = forms.CharField(label=_("letter number"), max_length=50, required=False)
    letter_issued_on = forms.DateField(
        label=_("letter issued on"), required=False, widget=DateInput()
    )
    letter_presented_on = forms.DateField(
        label=_("letter presented on"), required=False, widget=DateInput()
    )
    purpose = forms.ChoiceField(
        label=_("temporary transfer"),
        choices=Transfer.Purpose.choices,
        initial=Transfer.Purpose.WORK,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "For a temporary transfer out: how long it may last depends on it (committee rules)."
        ),
    )
    expected_return = forms.DateField(
        label=_("expected return"), required=False, widget=DateInput()
    )

    def service_arguments(self):
        data = dict(self.cleaned_data)
        action = data.pop("action")
        purpose = data.pop("purpose")
        direction, kind = {
            "out_official": ("out", "official"),
            "out_temporary": ("out", "temporary"),
            "back": ("in", "temporary"),
        }[action]
        if action == "out_temporary" and purpose:
            data["purpose"] = purpose
        return {"direction": direction, "kind": kind, **data}


class PositionForm(forms.Form):
    role = forms.ChoiceField(label=_("position"), choices=Position.Role.choices)
    cell = forms.ModelChoiceField(
        label=_("cell"),
        queryset=Cell.objects.none(),
        required=False,
        help_text=_("For a cell position."),
    )
    term = forms.ModelChoiceField(label=_("term"), queryset=Term.objects.none())
    start_date = forms.DateField(label=_("from"), widget=DateInput())
    end_date = forms.DateField(label=_("until"), required=False, widget=DateInput())

    def __init__(self, *args, committee=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["cell"].queryset = Cell.objects.filter(committee=committee).active()
            self.fields["term"].queryset = Term.objects.filter(committee=committee)
        if roles is not None:
            # Only the positions she may give (`members.access.assignable_roles`).
            self.fields["role"].choices = [c for c in Position.Role.choices if c[0] in roles]


class PositionEndForm(forms.Form):
    end_date = forms.DateField(label=_("until"), widget=DateInput())


# --- two-step login (helper Q, issue 20) ------------------------------------------------------


def _code_input(**attrs):
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "autocorrect": "off",
            "spellcheck": "false",
            "class": "form-control-lg",
            **attrs,
        }
    )


class TwoFactorCodeForm(forms.Form):
    """The log-in's second step: the code her phone app shows, or one of her recovery codes."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=_code_input(autofocus=True),
        help_text=_(
            "The 6 digits your authenticator app shows for chibo — or, if you lost your phone, "
            "one of your recovery codes."
        ),
    )


class TwoFactorSetupForm(forms.Form):
    """The app's first code, to confirm it was set up right."""

    code = forms.CharField(
        label=_("The 6-digit code from the app"),
        max_length=12,
        widget=_code_input(inputmode="numeric", pattern="[0-9 ]*"),
    )


class TwoFactorPasswordForm(forms.Form):
    """Her password, before new recovery codes replace the old ones."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorDisableForm(forms.Form):
    """Turning two-step login off: her password, or a code (from the app or a recovery code)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("or a code"),
        max_length=32,
        required=False,
        widget=_code_input(),
        help_text=_("From your authenticator app, or one of your recovery codes."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("code"):
            raise forms.ValidationError(_("Type your password or a code."))
        return data
