"""Forms of the member's self-assessment and of the cell's rating proposals.

They parse what was typed; the write services in `reviews/services.py` check the rules (who may
write, until when, the committee's split of the self-score, who is rated, the vote tally) and
their errors go back on these forms (`core.forms.apply_service_errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import Rating
from reviews.services import TEXT_MAX


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
    """The cell's proposal for one member: a rating and the vote's tally."""

    rating = forms.ChoiceField(
        label=_("Rating proposed"),
        choices=[("", _("— choose —")), *Rating.choices],
        error_messages={
            "required": _("Choose a rating."),
            "invalid_choice": _("Choose a rating."),
        },
    )
    votes_yes = forms.IntegerField(label=_("In favour"), min_value=0, required=False)
    votes_no = forms.IntegerField(label=_("Against"), min_value=0, required=False)
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
                }
            )
            field.widget.attrs.update({"min": 0, "inputmode": "numeric"})
