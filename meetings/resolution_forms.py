"""Forms of the resolution pages and the register's filters; the write services check the rules
(`meetings.resolutions`)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cells.models import Term
from meetings.models import Resolution
from meetings.resolutions import CONTENT_MAX, TITLE_MAX

EXECUTIVE = "executive"


def _text_fields():
    return {
        "title": forms.CharField(
            label=_("summary"),
            max_length=TITLE_MAX,
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
    """Adopt a resolution from a passed vote: its type, summary and content."""

    doc_type = forms.ChoiceField(
        label=_("type"),
        choices=Resolution.Type.choices,
        initial=Resolution.Type.RESOLUTION,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields())


class ResolutionEditForm(forms.Form):
    """Correct a resolution's summary or content while the minutes are open."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields())


def initial_from_motion(text: str) -> dict:
    """The form's first values from the text voted on: the first line as the summary (at most
    the summary's length), the whole text as the content."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    title = lines[0][:TITLE_MAX].strip() if lines else ""
    return {"title": title, "content": (text or "").strip()}


class ResolutionFilter(django_filters.FilterSet):
    """The register's filters: issuer (a cell the user sees, or the executive committee for
    officers), term and type. An invalid value is a form error and left out of the filtering."""

    cell = django_filters.ChoiceFilter(
        label=_("Issued by"), empty_label=_("All"), method="filter_issuer"
    )
    term = django_filters.ModelChoiceFilter(
        label=_("Term"), queryset=Term.objects.none(), empty_label=_("All terms")
    )
    doc_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Resolution.Type.choices, empty_label=_("Any")
    )

    class Meta:
        model = Resolution
        fields = []

    def __init__(self, data=None, *args, cells=(), terms=None, executive=False, **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = (
            [(EXECUTIVE, pgettext_lazy("meeting body", "Executive committee"))] if executive else []
        )
        choices += [(str(cell.pk), cell.name) for cell in cells]
        self.filters["cell"].extra["choices"] = choices
        self.filters["term"].queryset = terms if terms is not None else Term.objects.none()

    def filter_issuer(self, queryset, name, value):
        if value == EXECUTIVE:
            return queryset.filter(cell__isnull=True)
        return queryset.filter(Q(cell_id=value))
