"""List filters of the organisation pages."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cells.models import Cell


class CellFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=Cell.Status.choices, label=_("Status"))

    class Meta:
        model = Cell
        fields = ["status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
