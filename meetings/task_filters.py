"""Filters of the task board (issue 8 item 4): cell, status (overdue included), member, the month
of the meeting that assigned the task, and a deadline range.

An invalid value (a cell or member the user may not choose, a bad date or month) is shown as a
form error and left out of the filtering — never a 500.
"""

import datetime
import re

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.forms import DateInput
from meetings.models import TaskAssignment
from members.models import Member

OVERDUE = "overdue"
STATUS_CHOICES = [
    (TaskAssignment.Status.OPEN, _("Open")),
    (OVERDUE, _("Overdue")),
    (TaskAssignment.Status.DONE, _("Done")),
    (TaskAssignment.Status.CANCELLED, _("Cancelled")),
]
# "2026-03" (what <input type="month"> sends) or "03/2026" (as typed where it is a text box).
MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_VN = re.compile(r"^(\d{1,2})/(\d{4})$")
YEARS = range(1930, 2101)


class MonthField(forms.CharField):
    """A month, as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "yyyy-mm"})

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        year = month = None
        if match := MONTH_ISO.match(value):
            year, month = int(match[1]), int(match[2])
        elif match := MONTH_VN.match(value):
            month, year = int(match[1]), int(match[2])
        if year not in YEARS or not month or not 1 <= month <= 12:
            raise forms.ValidationError(_("Give a month as mm/yyyy."), code="invalid")
        return datetime.date(year, month, 1)


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class AssignmentFilter(django_filters.FilterSet):
    """The task board's filters; `cells` and `members` are what the user may choose from."""

    cell = django_filters.ModelChoiceFilter(
        label=_("Cell"),
        field_name="task__cell",
        queryset=Cell.objects.none(),
        empty_label=_("All cells"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="with_status", empty_label=_("Any")
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.none(), empty_label=_("Everyone")
    )
    month = MonthFilter(label=_("Meeting month"), method="in_month")
    deadline_from = django_filters.DateFilter(
        label=_("Deadline from"), field_name="task__deadline", lookup_expr="gte", widget=DateInput()
    )
    deadline_to = django_filters.DateFilter(
        label=_("Deadline to"), field_name="task__deadline", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = TaskAssignment
        fields = []

    def __init__(self, data=None, *args, cells=None, members=None, today=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["cell"].queryset = cells if cells is not None else Cell.objects.none()
        self.filters["member"].queryset = members if members is not None else Member.objects.none()

    def with_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue(self.today)
        return queryset.filter(status=value)

    def in_month(self, queryset, name, value):
        return queryset.filter(
            task__meeting__date__year=value.year, task__meeting__date__month=value.month
        )
