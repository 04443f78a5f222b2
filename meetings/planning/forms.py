"""Forms of the planning pages (meeting, schedule, agenda); the write services check the rules
across rows."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.forms import DateInput, TimeInput
from meetings.models import AgendaItem, Body, Kind
from members.models import Member


class MeetingForm(forms.Form):
    body = forms.ChoiceField(label=_("held by"), choices=Body.choices)
    cell = forms.ModelChoiceField(label=_("cell"), queryset=Cell.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.REGULAR)
    includes_topic = forms.BooleanField(label=_("includes a topic session"), required=False)
    includes_review = forms.BooleanField(label=_("includes the year-end review"), required=False)
    date = forms.DateField(label=_("date"), widget=DateInput())
    start_time = forms.TimeField(label=_("start time"), widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    chair = forms.ModelChoiceField(label=_("chair"), queryset=Member.objects.none(), required=False)
    clerk = forms.ModelChoiceField(
        label=_("clerk"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_(
            "The chair and the clerk are members of the meeting's body on its date; anyone else "
            "attends as a guest."
        ),
    )
    topic = forms.CharField(
        label=_("topic"),
        max_length=300,
        required=False,
        help_text=_("For a topic session."),
    )
    topic_quarter = forms.TypedChoiceField(
        label=_("quarter it counts for"),
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    presenters = forms.ModelMultipleChoiceField(
        label=_("presenters"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Who writes and presents the introductory paper."),
    )

    def __init__(self, *args, cells=None, members=None, bodies=None, **kwargs):
        """`members`: the presenters' choices (the committee's members); the chair and the clerk
        are offered by `offer_officers` (the members of the chosen body on the chosen date)."""
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells if cells is not None else Cell.objects.none()
        people = members if members is not None else Member.objects.none()
        for name in ("chair", "clerk", "presenters"):
            self.fields[name].queryset = people
        for name in ("chair", "clerk"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a member of the meeting's body on the day of the meeting (anyone else "
                "attends as a guest)."
            )
        if bodies is not None:
            self.fields["body"].choices = [c for c in Body.choices if c[0] in bodies]
        self.fields["date"].initial = timezone.localdate()

    def _chosen(self, name):
        """The value of field `name` as posted (or its initial value), None if not valid."""
        if name not in self.fields:
            return None
        try:
            return self.fields[name].clean(self[name].value())
        except forms.ValidationError:
            return None

    def chosen(self) -> tuple[str | None, Cell | None, datetime.date | None]:
        """The body, the cell and the date chosen so far — posted, else the initial values —
        before the form is validated: whose members the chair and the clerk are. No body chosen
        yet: the first offered, which the page shows chosen."""
        body = self._chosen("body")
        if body is None and "body" in self.fields and self.fields["body"].choices:
            body = self.fields["body"].choices[0][0]
        return body, self._chosen("cell"), self._chosen("date")

    def offer_officers(self, members, groups=None) -> None:
        """Offer `members` as chair and clerk; with `groups` ([(label, members)]), shown under
        one heading per group (the cells, while none is chosen)."""
        for name in ("chair", "clerk"):
            field = self.fields[name]
            field.queryset = members
            if groups is not None:
                field.choices = [
                    ("", field.empty_label),
                    *[(label, [(m.pk, str(m)) for m in people]) for label, people in groups],
                ]


class MeetingEditForm(MeetingForm):
    reschedule_reason = forms.CharField(
        label=_("reason for the new date"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the date changes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("body", "cell"):
            del self.fields[name]


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["section", "title", "presenter", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = (
            members if members is not None else Member.objects.none()
        )

    def _get_validation_exclusions(self):
        return {f.name for f in self.instance._meta.get_fields()}
