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

from core.forms import DateInput
from reviews.cell_ratings import NOTE_MAX
from reviews.models import Discipline, Rating, ResidenceComment
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
