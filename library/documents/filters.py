"""Filters of the library list: kind, issuer, year issued, audience, and a search on the title,
number and summary with or without diacritics (`LibraryDocument.objects.search`).

An invalid value is shown as a form error and left out of the filtering — never a 500. A search
longer than `SEARCH_MAX` characters is cut there (the page says so)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from library.models import SEARCH_MAX, LibraryDocument


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Title, number or summary"),
                "autocomplete": "off",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=LibraryDocument.Kind.choices, empty_label=_("Any")
    )
    issuer = django_filters.ChoiceFilter(label=_("Issued by"), empty_label=_("All"))
    year = django_filters.NumberFilter(
        label=_("Year issued"),
        field_name="issued_on",
        lookup_expr="year",
        min_value=1930,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1930, "max": 2100}),
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), choices=LibraryDocument.Audience.choices, empty_label=_("Any")
    )

    class Meta:
        model = LibraryDocument
        fields = []

    def __init__(self, data=None, *args, issuers=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["issuer"].extra["choices"] = [(issuer, issuer) for issuer in issuers]

    def search(self, queryset, name, value):
        return queryset.search(value)

    @property
    def search_cut(self) -> bool:
        """The search typed was longer than what is read (`SEARCH_MAX`)."""
        return len((self.data or {}).get("q", "") or "") > SEARCH_MAX
