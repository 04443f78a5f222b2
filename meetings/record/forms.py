"""Forms of the record pages: attendance and guests, the minutes and their amendments, the
self-criticism and criticism record.

The minutes form has fixed fields (times, chair, clerk, the quality rubric, the version it was
loaded with) and one block per agenda item with a variable number of contribution rows (see
`MinutesPost`). The write services check the rules and their errors go back on these forms."""

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import TimeInput
from meetings.models import MAX_TEXT, Attendance
from meetings.record.attendance import GUEST_FIELD_MAX, REASON_MAX
from meetings.record.criticism import BY_NAME_MAX, CriticismText
from meetings.record.minutes import QUALITY_FIELDS, ContributionText, ItemText


class AttendanceMarkForm(forms.Form):
    """One row of the attendance sheet: the button tapped and, for an excused absence, why.

    Nothing is checked here: the write service refuses a bad status, a missing or too long reason
    (and a locked sheet, a member not on it) with its own messages, which go back on this form.
    """

    status = forms.CharField(required=False)
    reason = forms.CharField(label=_("Reason"), required=False)


class GuestForm(forms.Form):
    """A guest of the meeting; the write service checks the name and the lengths."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": GUEST_FIELD_MAX, "autocomplete": "off"}),
    )
    title = forms.CharField(
        label=_("Position"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": GUEST_FIELD_MAX, "autocomplete": "off"}),
        help_text=_("E.g. the officer sent by the committee."),
    )


class AttendanceAmendForm(forms.Form):
    """An amendment of one attendance row of approved minutes (who, when, why, old → new)."""

    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=Attendance.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose present, excused or unexcused.")},
    )
    reason = forms.CharField(
        label=_("Reason for the absence"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX}),
        help_text=_("Needed for an excused absence."),
    )
    why = forms.CharField(
        label=_("Why the record is corrected"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX * 4}),
        error_messages={"required": _("Give the reason for the correction.")},
        help_text=_("Shown under the minutes with your name and the date."),
    )


ROW_FIELD = re.compile(r"^item-(\d{1,12})-c-(\d{1,6})-(speaker|text|id)$")


REVIEW_FIELD = re.compile(r"^review-(\d{1,12})-outcome$")


NON_FIELD = "__all__"


# Empty contribution rows under each item when the page is drawn (the no-JavaScript way to add).
EMPTY_ROWS = 2


QUALITY_LABELS = {
    "quality_preparation": gettext_lazy("Preparation"),
    "quality_attendance": pgettext_lazy("meeting quality", "Attendance"),
    "quality_conduct": gettext_lazy("Conduct of the meeting"),
    "quality_closing": gettext_lazy("Closing"),
}


def row_prefix(item_pk, n) -> str:
    return f"item-{item_pk}-c-{n}"


@dataclass
class Row:
    """One contribution row as the page shows it (saved or posted)."""

    item_pk: int
    n: int
    speaker: str = ""
    text: str = ""
    id: str = ""
    error: str = ""

    @property
    def prefix(self) -> str:
        return row_prefix(self.item_pk, self.n)

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Block:
    """One agenda item of the form: its texts, its rows and their errors."""

    item: object
    number: int = 0
    summary: str = ""
    conclusion: str = ""
    rows: list[Row] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def next_index(self) -> int:
        return max((row.n for row in self.rows), default=-1) + 1

    @property
    def template_row(self) -> Row:
        """The empty row the "Add a contribution" button copies (JavaScript sets its index)."""
        return Row(self.item.pk, "__n__")

    def add_empty_rows(self, count: int = EMPTY_ROWS) -> None:
        start = self.next_index
        self.rows += [Row(self.item.pk, start + i) for i in range(count)]


def speaker_code(contribution) -> str:
    if contribution.speaker_member_id:
        return f"m{contribution.speaker_member_id}"
    if contribution.speaker_guest_id:
        return f"g{contribution.speaker_guest_id}"
    return ""


def saved_blocks(items) -> list[Block]:
    """The blocks of the saved minutes (`selectors.minutes_items`), each with empty rows."""
    blocks = []
    for number, (item, contributions) in enumerate(items, start=1):
        block = Block(item, number, item.summary, item.conclusion)
        block.rows = [
            Row(item.pk, n, speaker_code(c), c.text, str(c.pk)) for n, c in enumerate(contributions)
        ]
        block.add_empty_rows()
        blocks.append(block)
    return blocks


class MinutesHeadForm(forms.Form):
    """The fixed fields of the minutes form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    opened_at = forms.TimeField(label=gettext_lazy("Opening time"), required=False)
    closed_at = forms.TimeField(label=gettext_lazy("Closing time"), required=False)
    chair = forms.TypedChoiceField(
        label=gettext_lazy("Chair"), coerce=int, empty_value=None, required=False
    )
    clerk = forms.TypedChoiceField(
        label=gettext_lazy("Clerk"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, people, rules, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opened_at", "closed_at"):
            self.fields[name].widget = TimeInput()
        choices = [("", "—"), *[(str(pk), name) for pk, name in people]]
        for name in ("chair", "clerk"):
            self.fields[name].choices = choices
        self.fields["version"].error_messages = {
            "required": gettext("The form is incomplete: reload the page."),
            "invalid": gettext("The form is incomplete: reload the page."),
            "min_value": gettext("The form is incomplete: reload the page."),
        }
        for name, setting in QUALITY_FIELDS:
            most = getattr(rules, setting)
            message = gettext("Give from 0 to %(max)s points.") % {"max": most}
            self.fields[name] = forms.IntegerField(
                label=QUALITY_LABELS[name],
                required=False,
                min_value=0,
                max_value=most,
                error_messages={
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": most, "inputmode": "numeric"}),
            )
            # Shown beside the input ("/ 15"); the page draws the input itself.
            self.fields[name].max_points = most

    def quality_fields(self):
        return [self[name] for name, _setting in QUALITY_FIELDS]


class MinutesPost:
    """What the clerk posted, parsed for `recording.minutes_save`, with every value kept.

    `blocks` are the items as the page should show them again; `errors` maps a field name of the
    form to one message (`__all__` for the form as a whole).
    """

    def __init__(self, data, *, minutes, items, people, rules):
        self.data = data
        self.minutes = minutes
        self.head = MinutesHeadForm(data, people=people, rules=rules)
        self.errors: dict[str, str] = {}
        # (item pk, index in the list sent to the service) → the posted row.
        self._row_of: dict[tuple[int, int], Row] = {}
        self.items: dict[int, ItemText] = {}
        self.blocks = self._parse_blocks(items)
        # The outcomes of the review of last month's tasks: {TaskReview pk: text} (the service
        # checks that each is this meeting's).
        self.reviews: dict[int, str] = {
            int(match[1]): self.data.get(key, "")
            for key in self.data
            if (match := REVIEW_FIELD.match(key))
        }

    # --- parsing ------------------------------------------------------------------------------

    def _rows_posted(self) -> dict[int, dict[int, dict[str, str]]]:
        found: dict[int, dict[int, dict[str, str]]] = {}
        for key in self.data:
            match = ROW_FIELD.match(key)
            if match:
                item_pk, n, part = int(match[1]), int(match[2]), match[3]
                found.setdefault(item_pk, {}).setdefault(n, {})[part] = self.data.get(key, "")
        return found

    def _parse_blocks(self, items) -> list[Block]:
        posted = self._rows_posted()
        blocks = []
        for number, (item, _contributions) in enumerate(items, start=1):
            prefix = f"item-{item.pk}"
            rows = posted.get(item.pk, {})
            keys = (f"{prefix}-summary", f"{prefix}-conclusion")
            present = rows or any(key in self.data for key in keys)
            # A field missing from the post keeps its saved value (a crafted or partial post).
            block = Block(
                item,
                number,
                self.data.get(keys[0], item.summary),
                self.data.get(keys[1], item.conclusion),
            )
            texts = []
            for n in sorted(rows):
                values = rows[n]
                row = Row(
                    item.pk,
                    n,
                    values.get("speaker", "").strip(),
                    values.get("text", ""),
                    values.get("id", "").strip(),
                )
                block.rows.append(row)
                contribution_id = None
                if row.id:
                    if not row.id.isdigit() or len(row.id) > 12:
                        self._row_error(row, gettext("This contribution is not in the minutes."))
                        continue
                    contribution_id = int(row.id)
                self._row_of[(item.pk, len(texts))] = row
                texts.append(ContributionText(row.speaker, row.text, contribution_id))
            if present:
                self.items[item.pk] = ItemText(block.summary, block.conclusion, texts)
            blocks.append(block)
        return blocks

    def _row_error(self, row: Row, message: str) -> None:
        row.error = message
        self.errors[f"{row.prefix}-text"] = message

    def is_valid(self) -> bool:
        if not self.head.is_valid():
            for name, messages in self.head.errors.items():
                key = NON_FIELD if name == "version" else name
                self.errors.setdefault(key, " ".join(messages))
        return not self.errors

    def save_kwargs(self) -> dict:
        """The arguments of `recording.minutes_save` (call after `is_valid`)."""
        data = self.head.cleaned_data
        kwargs = {
            "version": data["version"],
            "chair_id": data["chair"],
            "clerk_id": data["clerk"],
            "items": self.items,
            "quality": {name: data[name] for name, _setting in QUALITY_FIELDS if name in self.data},
            "reviews": self.reviews,
        }
        for name in ("opened_at", "closed_at"):
            kwargs[name] = data[name] if name in self.data else getattr(self.minutes, name)
        return kwargs

    # --- the service's answer -----------------------------------------------------------------

    def add_service_error(self, error: ValidationError) -> None:
        """Put the service's errors on the form's fields (rows by their place in the post)."""
        if not hasattr(error, "error_dict"):
            self.errors[NON_FIELD] = " ".join(error.messages)
            return
        for key, errors in error.error_dict.items():
            message = " ".join(m for e in errors for m in e.messages)
            self._place(key, message)

    def _place(self, key: str, message: str) -> None:
        match = re.match(r"^item-(\d+)-c(\d+)$", key)
        row = self._row_of.get((int(match[1]), int(match[2]))) if match else None
        if row is not None:
            self._row_error(row, message)
        elif (
            key in self.head.fields
            or re.match(r"^item-\d+-(summary|conclusion)$", key)
            or REVIEW_FIELD.match(key)
        ):
            self.errors[key] = message
        else:
            self.errors[NON_FIELD] = " ".join(filter(None, [self.errors.get(NON_FIELD), message]))

    def row_ids(self, after: dict[int, list[int]], before: set[int]) -> dict[str, int | None]:
        """The saved contribution of each posted row, by the name of its hidden id input.

        `after`: each item's contribution pks in order once saved; `before`: the pks that existed
        before the save. A row with text and no id became one of the new contributions (in order);
        an emptied row has none any more.
        """
        ids: dict[str, int | None] = {}
        for item_pk, text in self.items.items():
            new = iter([pk for pk in after.get(item_pk, []) if pk not in before])
            for index, contribution in enumerate(text.contributions):
                row = self._row_of[(item_pk, index)]
                if not (contribution.text or "").strip():
                    value = None
                elif contribution.id:
                    value = contribution.id
                else:
                    value = next(new, None)
                ids[f"{row.prefix}-id"] = value
        return ids

    def prepare_for_display(self) -> None:
        """Errors go next to their fields; every item keeps a couple of empty rows."""
        for key, message in self.errors.items():
            if key in self.head.fields and not self.head.has_error(key):
                self.head.add_error(key, message)
        for block in self.blocks:
            prefix = f"item-{block.item.pk}-"
            for name in ("summary", "conclusion"):
                if prefix + name in self.errors:
                    block.errors[name] = self.errors[prefix + name]
            blank = sum(1 for row in block.rows if row.is_blank and not row.id)
            if blank < EMPTY_ROWS:
                block.add_empty_rows(EMPTY_ROWS - blank)


class AmendmentForm(forms.Form):
    """Correct one text of approved minutes: what, the new text, why (`recording.amend_text`)."""

    target = forms.ChoiceField(label=gettext_lazy("What to correct"))
    new_value = forms.CharField(
        label=gettext_lazy("The corrected text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("For a time, write hh:mm (e.g. 16:30)."),
    )
    why = forms.CharField(
        label=gettext_lazy("Why the correction is made"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason for the correction.")},
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *[(t.key, t.label) for t in targets]]
        self.fields["target"].error_messages["invalid_choice"] = gettext("Choose what to correct.")
        self.fields["target"].error_messages["required"] = gettext("Choose what to correct.")


# Empty criticism rows offered under the saved ones (more after each save; no JavaScript needed).
EXTRA_ROWS = 2


MAX_ROWS = 200


class CriticismRecordForm(forms.Form):
    self_criticism = forms.CharField(
        label=_("Her self-criticism"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    response = forms.CharField(
        label=_("Her response"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What she answered to the criticisms."),
    )
    conclusion = forms.CharField(
        label=_("The chair's conclusion"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CriticismRowForm(forms.Form):
    """One criticism or comment: by a member on the sheet, or by a guest (her name)."""

    by_member = forms.TypedChoiceField(
        label=_("By (member)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    by_name = forms.CharField(
        label=_("or by (guest)"),
        required=False,
        max_length=BY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("A guest's name and position, when a guest made the comment."),
    )
    text = forms.CharField(
        label=_("Criticism or comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_member"].choices = [("", "—"), *people]

    def row(self) -> CriticismText:
        data = self.cleaned_data
        return CriticismText(
            by_member_id=data.get("by_member"),
            by_name=data.get("by_name") or "",
            text=data.get("text") or "",
        )


CriticismRowFormSet = forms.formset_factory(
    CriticismRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def criticism_formset(data=None, *, people, criticisms=()):
    """The criticism rows: the saved ones in order, then `EXTRA_ROWS` empty ones."""
    initial = [
        {"by_member": c.by_member_id, "by_name": c.by_name, "text": c.text} for c in criticisms
    ]
    initial += [{} for _row in range(EXTRA_ROWS)]
    return CriticismRowFormSet(
        data, initial=initial, prefix="criticism", form_kwargs={"people": people}
    )


def criticism_errors(form, formset, error) -> None:
    """Put the service's errors on the forms: rows by their index, the rest on their field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.error_dict.items():
        if key.startswith("criticism-"):
            index = key.removeprefix("criticism-")
            if index.isdigit() and int(index) < len(formset.forms):
                formset.forms[int(index)].add_error(None, messages)
                continue
        form.add_error(key if key in form.fields else None, messages)
