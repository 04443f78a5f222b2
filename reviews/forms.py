"""Forms of the quality year: the self-assessment, the cell's proposals, the committee's
ratings, and the residence-comment, commendation and discipline pages.

They parse what was typed; the write services (`reviews/services.py`, `reviews/cell_ratings.py`,
`reviews/records/`) check the rules (who may write, until when, the committee's split of the
self-score, who is rated, the vote tally; dates, the probationary member's discipline, the vote
that decided it, the scan's type and size) and their errors go back on these forms
(`core.forms.apply_service_errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.forms import DateInput
from meetings.models import Motion
from members.models import Member
from reviews.cell_ratings import NOTE_MAX
from reviews.models import (
    Discipline,
    Rating,
    ResidenceComment,
    SupervisionConclusion,
    SupervisionDimension,
    SupervisionItem,
    SupervisionKind,
)
from reviews.records import checks, residence
from reviews.services import TEXT_MAX

# --- self-assessment and the cell's proposals ----------------------------------------------------


def _score_field(label, most: int) -> forms.IntegerField:
    out_of = _("Give from 0 to %(max)s points.") % {"max": most}
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=most,
        help_text=_("Out of %(max)s points.") % {"max": most},
        error_messages={
            "required": out_of,
            "invalid": _("Give a whole number of points."),
            "min_value": out_of,
            "max_value": out_of,
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": most, "inputmode": "numeric"}),
    )


class SelfAssessmentForm(forms.Form):
    """Phiếu tự đánh giá: the texts, the rating she proposes, her self-score split as the
    committee's settings say (30 + 70 by default)."""

    strengths = forms.CharField(
        label=_("Strengths"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your strengths.")},
    )
    shortcomings = forms.CharField(
        label=_("Shortcomings"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your shortcomings.")},
    )
    causes = forms.CharField(
        label=_("Causes of the shortcomings"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedies = forms.CharField(
        label=_("Remedies"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    self_rating = forms.ChoiceField(
        label=_("The rating you propose"),
        choices=[("", _("— choose —")), *Rating.choices],
        error_messages={
            "required": _("Choose a rating."),
            "invalid_choice": _("Choose a rating."),
        },
    )

    def __init__(self, *args, general_points: int, task_points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_score_general"] = _score_field(
            _("Self-score: general criteria"), general_points
        )
        self.fields["self_score_tasks"] = _score_field(_("Self-score: task results"), task_points)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ProposeForm(forms.Form):
    """The cell's proposal for one member: a rating and the tally of the cell's vote (in favour
    and against required; the service counts it as any other vote)."""

    rating = forms.ChoiceField(
        label=_("Rating proposed"),
        choices=[("", _("— choose —")), *Rating.choices],
        error_messages={
            "required": _("Choose a rating."),
            "invalid_choice": _("Choose a rating."),
        },
    )
    votes_yes = forms.IntegerField(label=_("In favour"), min_value=0)
    votes_no = forms.IntegerField(label=_("Against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstaining"), min_value=0, required=False)

    def __init__(self, *args, member_pk: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_m{member_pk}_%s")
        super().__init__(*args, **kwargs)
        for name in ("votes_yes", "votes_no", "votes_abstain"):
            field = self.fields[name]
            field.error_messages.update(
                {
                    "invalid": _("Give a whole number, 0 or more."),
                    "min_value": _("Give a whole number, 0 or more."),
                    "required": _("Give the tally of the cell's vote on this proposal."),
                }
            )
            field.widget.attrs.update({"min": 0, "inputmode": "numeric"})


# --- the committee's year page: the ratings it decides, a cell's rating --------------------------


FIELD_PREFIX = "rating-"


def rating_choices():
    return [("", "—"), *Rating.choices]


class RatingsForm(forms.Form):
    """One select per member rated — named `rating-<evaluation pk>` — starting at the committee's
    decision, else the cell's proposal. A blank select leaves that member's decision as it is."""

    def __init__(self, data=None, *, evaluations, initial_ratings: dict[int, str]):
        super().__init__(data)
        for evaluation in evaluations:
            self.fields[f"{FIELD_PREFIX}{evaluation.pk}"] = forms.ChoiceField(
                label=evaluation.member.full_name,
                choices=rating_choices(),
                required=False,
                initial=initial_ratings.get(evaluation.pk, ""),
                widget=forms.Select(
                    attrs={
                        "class": "form-select form-select-sm",
                        "aria-label": evaluation.member.full_name,
                    }
                ),
            )

    def field_for(self, evaluation_pk: int):
        return self[f"{FIELD_PREFIX}{evaluation_pk}"]

    def selected(self) -> dict[int, str]:
        """evaluation pk → the rating shown in its select (as posted, or the initial one)."""
        chosen = {}
        for name in self.fields:
            value = self[name].value()
            chosen[int(name.removeprefix(FIELD_PREFIX))] = value if isinstance(value, str) else ""
        return chosen

    def decisions(self) -> dict[int, str]:
        """The ratings chosen (blanks left out), after `is_valid()`."""
        return {
            int(name.removeprefix(FIELD_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if value
        }


def posted_decisions(data) -> dict[int, str]:
    """Every `rating-<pk>` field of a POST (also those of evaluations the page did not show, so
    that the service refuses them with its own message), blanks left out."""
    decisions = {}
    for name in data:
        if not name.startswith(FIELD_PREFIX):
            continue
        number = name.removeprefix(FIELD_PREFIX)
        value = data.get(name)
        if number.isdigit() and value:
            decisions[int(number)] = value
    return decisions


class CellRatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=rating_choices())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX}),
    )

    def __init__(self, data=None, *, cell_pk: int, **kwargs):
        super().__init__(data, auto_id=f"id_cell{cell_pk}_%s", **kwargs)


# --- residence comments, commendations, discipline -----------------------------------------------


SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _good(value: str):
    return value == "1"


class ResidenceFilterForm(forms.Form):
    """The list's filters: one cell, and missing / received / exempt."""

    cell = forms.ModelChoiceField(
        label=_("Cell"), queryset=None, required=False, empty_label=_("All cells")
    )
    show = forms.ChoiceField(
        label=_("Comment"),
        required=False,
        choices=[
            ("", _("All")),
            (residence.Show.MISSING, _("Missing")),
            (residence.Show.RECEIVED, _("Received")),
            (residence.Show.EXEMPT, _("Exempt")),
        ],
    )

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells

    def values(self) -> dict:
        """The filters that are valid (a bad value is ignored, the rest still apply)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"cell": data.get("cell"), "show": data.get("show") or ""}


class ResidenceForm(forms.Form):
    """One form for the three states of the comment; the fields of the chosen state are used."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ResidenceComment.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the status of the comment.")},
    )
    requested_on = forms.DateField(
        label=_("Requested on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    residence_cell = forms.CharField(
        label=_("Residence cell"),
        required=False,
        max_length=checks.NAME_MAX,
        help_text=_("The party cell where she lives, which wrote the comment."),
    )
    good = forms.TypedChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[("1", _("Good")), ("0", _("Not good"))],
        coerce=_good,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scan = forms.FileField(
        label=_("Scan"),
        required=False,
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
        error_messages={"empty": _("The file is empty.")},
    )
    exempt_reason = forms.CharField(
        label=_("Why exempt"),
        required=False,
        max_length=ResidenceComment._meta.get_field("exempt_reason").max_length,
        help_text=_("For example: a student studying away from home."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, comment: ResidenceComment | None = None, max_mb: int = 20, **kw):
        initial = kw.pop("initial", {}) or {}
        if comment is not None:
            initial = {
                "status": comment.status,
                "requested_on": comment.requested_on,
                "received_on": comment.received_on,
                "residence_cell": comment.residence_cell,
                "good": {True: "1", False: "0"}.get(comment.good, ""),
                "text": comment.text,
                "exempt_reason": comment.exempt_reason,
                **initial,
            }
        else:
            initial = {"status": ResidenceComment.Status.REQUESTED, **initial}
        super().__init__(*args, initial=initial, **kw)
        self.fields["scan"].help_text = _(
            "Optional: PDF, JPG or PNG; at most %(limit)s MB. Leave empty to keep the one attached."
        ) % {"limit": max_mb}


class CommendationForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=checks.YEAR_MIN,
        error_messages={"required": _("Give the year.")},
    )
    form = forms.CharField(
        label=_("Form"),
        max_length=checks.NAME_MAX,
        help_text=_("For example: Certificate of merit; Outstanding member for 5 years."),
        error_messages={"required": _("Give the form.")},
    )
    deciding_body = forms.CharField(
        label=_("Decided by"),
        max_length=checks.NAME_MAX,
        help_text=_("For example: the executive committee of the party committee."),
        error_messages={"required": _("Give the body that decided it.")},
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=checks.NUMBER_MAX, required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())


class DisciplineForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form"),
        choices=[("", "---------"), *Discipline.Form.choices],
        error_messages={"required": _("Choose the form of discipline.")},
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the decision.")},
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=checks.NUMBER_MAX, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason.")},
    )
    motion = forms.ModelChoiceField(
        label=_("The vote that decided it"),
        queryset=None,
        required=False,
        empty_label=_("— none recorded —"),
        help_text=_("A vote about this member recorded at a meeting."),
    )

    def __init__(self, *args, motions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = motions
        self.fields["motion"].label_from_instance = self._motion_label

    @staticmethod
    def _motion_label(motion) -> str:
        result = _("passed") if motion.passed else _("not passed")
        return f"{motion.meeting.date:%d/%m/%Y} · {motion.get_kind_display()} · {result}"


# --- inspection and supervision (DOMAIN §9) -----------------------------------------------------
#
# The choice fields accept any record of the committee and show only the sensible ones: a value
# from outside (another cell's member, another body's vote) reaches the write service, which says
# why it does not fit, next to the field.


def _limit_choices(field, queryset, label=str, empty: str | None = None) -> None:
    choices = [(obj.pk, label(obj)) for obj in queryset]
    if empty is not None:
        choices.insert(0, ("", empty))
    field.widget.choices = choices


class SupervisionProgrammeForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Whose programme"),
        error_messages={
            "required": _("Choose the committee or a cell."),
            "invalid_choice": _("Choose the committee or a cell."),
        },
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=checks.YEAR_MIN,
        error_messages={"required": _("Give the year."), "invalid": _("Give the year.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cells, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self._bodies = {f"committee-{c.pk}": (c, None) for c in committees}
        self._bodies.update({f"cell-{c.pk}": (c.committee, c) for c in cells})
        choices = [
            (key, committee.name) for key, (committee, cell) in self._bodies.items() if not cell
        ]
        choices += [(key, cell.name) for key, (_c, cell) in self._bodies.items() if cell]
        self.fields["body"].choices = choices

    def service_kwargs(self) -> dict:
        committee, cell = self._bodies[self.cleaned_data["body"]]
        return {
            "committee": committee,
            "cell": cell,
            "year": self.cleaned_data["year"],
            "note": self.cleaned_data["note"],
        }


class SupervisionAdoptForm(forms.Form):
    motion = forms.ModelChoiceField(
        label=_("The vote that adopted it"),
        queryset=None,
        help_text=_("A vote on a resolution or conclusion at a meeting of the body."),
        error_messages={
            "required": _("Choose the vote that adopted the programme."),
            "invalid_choice": _("Choose a vote of the committee's meetings."),
        },
    )

    def __init__(self, *args, committee, motions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["motion"]
        field.queryset = Motion.objects.filter(meeting__committee=committee).select_related(
            "meeting"
        )
        _limit_choices(field, motions, self._label, empty="---------")

    @staticmethod
    def _label(motion) -> str:
        result = _("passed") if motion.passed else _("not passed")
        text = motion.text if len(motion.text) <= 80 else motion.text[:79] + "…"
        return f"{motion.meeting.date:%d/%m/%Y} · {text} · {result}"


def _member_label(member) -> str:
    return member.full_name


class SupervisionItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "---------"), *SupervisionKind.choices],
        error_messages={
            "required": _("Choose the kind of item."),
            "invalid_choice": _("Choose the kind of item."),
        },
    )
    dimension = forms.ChoiceField(
        label=_("What is supervised"),
        choices=[("", "---------"), *SupervisionDimension.choices],
        error_messages={
            "required": _("Choose what is supervised."),
            "invalid_choice": _("Choose what is supervised."),
        },
    )
    content = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=SupervisionItem._meta.get_field("content").max_length,
        help_text=_("For example: carrying out the resolution on teaching quality."),
    )
    subject_cell = forms.ModelChoiceField(
        label=_("Cell supervised"),
        queryset=None,
        required=False,
        empty_label=_("— members, below —"),
        error_messages={"invalid_choice": _("Choose an active cell of the committee.")},
    )
    subject_members = forms.ModelMultipleChoiceField(
        label=_("Members supervised"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose members of the committee.")},
    )
    supervisors = forms.ModelMultipleChoiceField(
        label=_("Carried out by"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose members of the committee.")},
    )
    planned_from = forms.DateField(
        label=_("Planned from"),
        widget=DateInput(),
        error_messages={"required": _("Give the planned date.")},
    )
    planned_until = forms.DateField(
        label=_("Planned until"),
        widget=DateInput(),
        error_messages={"required": _("Give the planned date.")},
    )

    def __init__(self, *args, programme, members, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = Member.objects.filter(committee_id=programme.committee_id)
        for name in ("subject_members", "supervisors"):
            self.fields[name].queryset = everyone
            _limit_choices(self.fields[name], members, _member_label)
        if programme.cell_id:
            del self.fields["subject_cell"]
            kinds = [k for k in SupervisionKind.choices if k[0] != SupervisionKind.INSPECTION]
            self.fields["kind"].widget.choices = [("", "---------"), *kinds]
        else:
            self.fields["subject_cell"].queryset = Cell.objects.filter(
                committee_id=programme.committee_id
            ).active()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("subject_cell", None)
        data["subject_members"] = list(data["subject_members"])
        data["supervisors"] = list(data["supervisors"])
        return data


class SupervisionRecordForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member concerned"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a member of the committee.")},
    )
    recorded_on = forms.DateField(
        label=_("Recorded on"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the record.")},
    )
    self_report = forms.CharField(
        label=_("Self-report"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the member (or the cell) reported on herself."),
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    conclusion = forms.ChoiceField(
        label=_("Conclusion"),
        required=False,
        choices=[("", _("— not concluded yet —")), *SupervisionConclusion.choices],
        error_messages={"invalid_choice": _("Choose the conclusion.")},
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    followup_deadline = forms.DateField(
        label=_("Follow-up deadline"), required=False, widget=DateInput()
    )
    followup = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=checks.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the recommendations were carried out."),
    )
    followup_done_on = forms.DateField(
        label=_("Follow-up done on"), required=False, widget=DateInput()
    )
    discipline = forms.ModelChoiceField(
        label=_("Discipline it led to"),
        queryset=None,
        required=False,
        help_text=_("For a conclusion of a violation: the discipline recorded on her page."),
        error_messages={"invalid_choice": _("Choose a discipline of the committee.")},
    )

    def __init__(self, *args, item, record=None, subjects=(), disciplines=(), **kwargs):
        if record is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(record, name)
                    for name in (
                        "recorded_on",
                        "self_report",
                        "findings",
                        "conclusion",
                        "recommendations",
                        "followup_deadline",
                        "followup",
                        "followup_done_on",
                    )
                }
                | {"discipline": record.discipline_id},
            )
        super().__init__(*args, **kwargs)
        committee_id = item.programme.committee_id
        if record is not None or item.subject_cell_id:
            del self.fields["member"]
        else:
            field = self.fields["member"]
            field.queryset = Member.objects.filter(committee_id=committee_id)
            _limit_choices(field, subjects, _member_label, empty="---------")
        field = self.fields["discipline"]
        field.queryset = Discipline.objects.filter(member__committee_id=committee_id)
        _limit_choices(field, disciplines, str, empty=_("— none —"))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
