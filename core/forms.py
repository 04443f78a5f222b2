"""Form pieces shared by every app."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's own message for a NUL character in a text field (`ProhibitNullCharactersValidator`,
# on every CharField) has no Vietnamese in Django's catalogue: marked here so that ours has it.
NULL_CHARACTERS = gettext_noop("Null characters are not allowed.")


class DateInput(forms.DateInput):
    """A day-first date field: 05/03/2026 is 5 March (DESIGN §9)."""

    def __init__(self, attrs=None):
        base = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class TimeInput(forms.TimeInput):
    """A 24-hour time field: 16:30, in both languages (DESIGN §4).

    A text field, like `DateInput`: the browser's own time picker follows the browser's language
    and shows "04:30 PM" in an English browser.
    """

    def __init__(self, attrs=None):
        base = {"placeholder": _("hh:mm"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%H:%M")


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that checks each field and leaves rules across rows to the write service.

    The service raises `ValidationError`s that the view puts back on the form
    (`apply_service_errors`), so the user sees one clear message, next to its field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            # The model field's validators (ranges, e-mail…) run here, with the form's errors.
            try:
                model_field = self._meta.model._meta.get_field(name)
            except Exception:  # a form-only field
                continue
            for validator in getattr(model_field, "validators", []):
                if validator not in field.validators:
                    field.validators.append(validator)
            _keep_strictest_bounds(field)

    def _get_validation_exclusions(self):
        """The model's own checks (constraints, uniqueness) run in the write service.

        The form fields have already checked each value; the service then checks the rules across
        fields and rows with messages next to the right field. Without this, a CheckConstraint
        would surface here first as an anonymous form-wide error.
        """
        return {f.name for f in self.instance._meta.get_fields()}

    def validate_unique(self):
        """Uniqueness and constraints are checked by the write service, with our messages."""


def _keep_strictest_bounds(field) -> None:
    """One lower and one upper bound per field: a positive integer field's own "at least 0" and
    the model's "at least 1" would both speak for -3. The widget's min and max say the same."""
    for kind, strictest, attr in ((MinValueValidator, max, "min"), (MaxValueValidator, min, "max")):
        bounds = [v for v in field.validators if type(v) is kind]
        if not bounds or any(callable(v.limit_value) for v in bounds):
            continue
        keep = strictest(bounds, key=lambda v: v.limit_value)
        field.validators = [v for v in field.validators if type(v) is not kind or v is keep]
        field.widget.attrs[attr] = keep.limit_value


def apply_service_errors(form, error) -> None:
    """Put a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted(request):
    """The submitted data on POST (even if empty, so that required fields are reported)."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
