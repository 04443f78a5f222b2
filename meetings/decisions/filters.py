"""Filters of the decision lists: the task board (cell, status with overdue, member, the month
of the meeting that assigned the task, a deadline range) and the resolution register.

An invalid value is shown as a form error and left out of the filtering — never a 500."""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cells.models import Cell, Term
from core.forms import DateInput
from meetings.decisions import tasks
from meetings.models import Resolution, TaskAssignment
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


def board_filter(user, params=None, *, today: datetime.date | None = None) -> AssignmentFilter:
    """The task board (`meetings.decisions.tasks.board`) with its filters (cell, status incl.
    overdue, member, meeting month, deadline range) bound to `params` (the request's GET):
    `.qs` the rows, `.form` the form. An invalid value is a form error, left out of the
    filtering."""
    rows = tasks.board(user)
    return AssignmentFilter(
        params or None,
        queryset=rows.rows,
        cells=rows.cells,
        members=rows.members,
        today=today or timezone.localdate(),
    )


# The issuer choice of the register that stands for the executive committee (not a cell).
EXECUTIVE = "executive"


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
