"""Filters of the member list (and of its Excel export), and of the committee's access log."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.forms import DateInput
from core.text import search_key
from members.models import ON_ROLL, AccessLog, Member, Position, Sex, Status, TheoryLevel

# Filters that reveal personal fields (status, age, admission): only for users who see them.
PERSONAL_FILTERS = ("status", "age_min", "age_max", "admitted_year")
SEARCH_MAX = 100


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


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
    theory_level = django_filters.ChoiceFilter(
        label=_("Political theory"), choices=TheoryLevel.choices, empty_label=_("Any")
    )
    position = django_filters.ChoiceFilter(
        label=_("Position"),
        choices=Position.Role.choices,
        method="with_position",
        empty_label=_("Any"),
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices, empty_label=_("Any"))
    age_min = django_filters.NumberFilter(
        label=_("Age from"), method="older_than", min_value=0, max_value=120
    )
    age_max = django_filters.NumberFilter(
        label=_("Age to"), method="younger_than", min_value=0, max_value=120
    )
    admitted_year = django_filters.NumberFilter(
        label=_("Year admitted"),
        field_name="admitted_on",
        lookup_expr="year",
        min_value=1930,
        max_value=2100,
    )
    # Not paid up to last month: the view supplies the test (`fees_behind`), as only a view may
    # read the fees (DESIGN §2); without it the filter is not offered.
    fees_behind = django_filters.BooleanFilter(
        label=_("Behind with fees"), method="behind_with_fees", widget=forms.CheckboxInput
    )

    class Meta:
        model = Member
        fields = []

    def __init__(self, data=None, *args, cells=None, personal=True, fees_behind=None, **kwargs):
        """`fees_behind(queryset) -> queryset`: the members of `queryset` not paid up to last
        month (given by the view to users who see the fees' "paid up to")."""
        data = data.copy() if data is not None else {}
        if personal:
            data.setdefault("status", "on_roll")
        super().__init__(data, *args, **kwargs)
        self.fees_behind = fees_behind
        if fees_behind is None:
            del self.filters["fees_behind"]
        self.filters["cell"].queryset = cells if cells is not None else Cell.objects.none()
        if not personal:
            for name in PERSONAL_FILTERS:
                del self.filters[name]
        for name in ("age_min", "age_max"):
            if name in self.filters:
                self.filters[name].field.widget.attrs.update({"max": 120, "inputmode": "numeric"})

    @property
    def qs(self):
        queryset = super().qs
        if "status" not in self.filters:
            queryset = queryset.filter(status__in=ON_ROLL)
        return queryset

    def search(self, queryset, name, value):
        key = search_key(value[:SEARCH_MAX])
        return queryset.filter(name_search__contains=key) if key else queryset

    def in_cell(self, queryset, name, value):
        return queryset.filter(memberships__cell=value, memberships__end_date__isnull=True)

    def with_status(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "on_roll":
            return queryset.filter(status__in=ON_ROLL)
        return queryset.filter(status=value)

    def behind_with_fees(self, queryset, name, value):
        if not value or self.fees_behind is None:
            return queryset
        return self.fees_behind(queryset)

    def with_position(self, queryset, name, value):
        holders = Position.objects.current().filter(role=value).values("member_id")
        return queryset.filter(pk__in=holders)

    def older_than(self, queryset, name, value):
        return queryset.filter(date_of_birth__lte=_years_ago(min(int(value), 120)))

    def younger_than(self, queryset, name, value):
        born_after = _years_ago(min(int(value), 120) + 1)
        return queryset.filter(date_of_birth__gt=born_after)


# --- the committee's access log (helper R, issue 20) -------------------------------------------


# Days outside these are brought inside them (the log holds no older or later entry): a typed
# 01/01/0001 or 31/12/9999 never overflows the time-zone arithmetic.
LOG_DAYS = (datetime.date(2000, 1, 1), datetime.date(2999, 12, 31))


def _day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the app's time zone (the log is searched on its index)."""
    day = min(max(day, LOG_DAYS[0]), LOG_DAYS[1])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AccessLogFilter(django_filters.FilterSet):
    """The committee's access log: by member, by what was seen, by a range of days. An invalid
    value is a form error, left out of the filtering."""

    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.none(), empty_label=_("Everyone")
    )
    kind = django_filters.ChoiceFilter(
        label=_("What"), choices=AccessLog.Kind.choices, empty_label=_("Any")
    )
    date_from = django_filters.DateFilter(label=_("From"), method="viewed_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Until"), method="viewed_until", widget=DateInput())

    class Meta:
        model = AccessLog
        fields = []

    def __init__(self, data=None, *args, members=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["member"].queryset = members if members is not None else Member.objects.none()

    def viewed_from(self, queryset, name, value):
        return queryset.filter(viewed_at__gte=_day_start(value))

    def viewed_until(self, queryset, name, value):
        day = min(value, LOG_DAYS[1]) + datetime.timedelta(days=1)
        return queryset.filter(viewed_at__lt=_day_start(day))
