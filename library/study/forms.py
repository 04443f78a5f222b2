"""The forms of the study-campaign pages. Each checks its own fields; the rules (dates, the
committee's cells, a report after the deadline, the file's real type…) are the write services'
(`library.study.services`), whose errors the views put back next to the field."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from core.forms import DateInput, ServiceModelForm
from core.uploads import DOCUMENT_TYPES
from library.models import StudyCampaign, StudyReport

ACCEPT = ",".join(
    [f".{kind}" for kind in DOCUMENT_TYPES] + [".jpeg"] + sorted(set(DOCUMENT_TYPES.values()))
)
TEXT_MAX = 50_000


def _file_field(max_mb: int) -> forms.FileField:
    return forms.FileField(
        label=capfirst(_("file")),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), JPG or PNG; at most %(limit)s MB."
        )
        % {"limit": max_mb},
        error_messages={"empty": _("The file is empty.")},
    )


def _report_text() -> forms.CharField:
    return forms.CharField(
        label=capfirst(StudyReport._meta.get_field("text").verbose_name),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class CampaignStartForm(ServiceModelForm):
    """Start a campaign on a document: who (cells, none = the whole committee), by when, and
    whether a written report is asked."""

    class Meta:
        model = StudyCampaign
        fields = ["title", "cells", "starts_on", "deadline", "report_required", "instructions"]
        widgets = {
            "cells": forms.CheckboxSelectMultiple,
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "cells": _("Leave every box empty for the whole committee."),
            "instructions": _("What to read, how to study it, what the report should cover."),
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cells"].queryset = Cell.objects.filter(committee=committee).active()
        self.fields["cells"].required = False
        self.fields["cells"].error_messages["invalid_choice"] = _(
            "Choose active cells of this committee."
        )
        self.fields["starts_on"].initial = timezone.localdate


class ExtendForm(forms.Form):
    deadline = forms.DateField(label=capfirst(_("new deadline")), widget=DateInput())


class ReportForm(forms.Form):
    """Her own report: a text and/or a file (a new file replaces the one stored)."""

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _report_text()
        self.fields["file"] = _file_field(max_mb)


class RecordForm(forms.Form):
    """An officer records a member's study and/or her handwritten report."""

    studied = forms.BooleanField(label=_("She has studied the document"), required=False)
    received_on = forms.DateField(
        label=capfirst(_("handed in on")),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("The day she studied it or handed in her report (decides whether it is late)."),
    )

    def __init__(self, *args, max_mb: int, report_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if report_required:
            self.fields["text"] = _report_text()
            self.fields["file"] = _file_field(max_mb)
            self.fields["file"].help_text = _(
                "A scan or photo of her handwritten report. %(types)s"
            ) % {"types": self.fields["file"].help_text}
