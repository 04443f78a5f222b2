"""Filters of the member list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.text import search_key
from members.models import ON_ROLL, Member, Status


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    cell = django_filters.ModelChoiceFilter(
        label=_("Cell"),
        queryset=Cell.objects.none(),
        method="in_cell",
        empty_label=_("All cells"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("on_roll", _("On the roll")), *Status.choices, ("all", _("Everyone"))],
        method="with_status",
        empty_label=None,
    )

    class Meta:
        model = Member
        fields = []

    def __init__(self, data=None, *args, cells=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "on_roll")
        super().__init__(data, *args, **kwargs)
        self.filters["cell"].queryset = cells if cells is not None else Cell.objects.none()

    def search(self, queryset, name, value):
        key = search_key(value[:100])
        return queryset.filter(name_search__contains=key) if key else queryset

    def in_cell(self, queryset, name, value):
        return queryset.filter(memberships__cell=value, memberships__end_date__isnull=True)

    def with_status(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "on_roll":
            return queryset.filter(status__in=ON_ROLL)
        return queryset.filter(status=value)
