"""Filters of the meeting calendar."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from meetings.models import Kind, Meeting, Status


class MeetingFilter(django_filters.FilterSet):
    """By cell, kind and status; `cells` are the cells the user may choose from.

    An invalid value (a cell the user may not see, an unknown kind) is shown as a form error and
    left out of the filtering.
    """

    cell = django_filters.ModelChoiceFilter(
        label=_("Cell"), queryset=Cell.objects.none(), empty_label=_("All cells")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any")
    )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, *args, cells=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["cell"].queryset = cells if cells is not None else Cell.objects.none()
