"""Forms of the committee's year page: the ratings it decides, a cell's rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.cell_ratings import NOTE_MAX
from reviews.models import Rating

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
