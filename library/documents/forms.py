"""Forms of the library's documents. Each field is checked here; the rules across fields and rows
are the service's (`library.documents.services`), its errors put back on these forms."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.forms import ServiceModelForm
from core.uploads import DOCUMENT_TYPES
from library.documents.services import DOCUMENT_FIELDS
from library.models import LibraryDocument
from meetings.models import AgendaItem, Resolution

ACCEPT = ",".join(
    [f".{kind}" for kind in DOCUMENT_TYPES] + [".jpeg"] + sorted(set(DOCUMENT_TYPES.values()))
)


def file_field(*, required: bool) -> forms.FileField:
    return forms.FileField(
        label=capfirst(gettext_lazy("file")),
        required=required,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": gettext_lazy("Choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
    )


def file_help(max_mb: int) -> str:
    return _(
        "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), JPG or PNG; at most %(limit)s MB."
    ) % {"limit": max_mb}


class ResolutionChoiceField(forms.ModelChoiceField):
    """ "05-NQ/CB · Chi bộ Tổ Toán - Tin · 05/03/2026 — về nhiệm vụ …": the code alone repeats
    from cell to cell."""

    def label_from_instance(self, obj: Resolution) -> str:
        issuer = obj.cell.name if obj.cell_id else pgettext("meeting body", "Executive committee")
        return f"{obj.code} · {issuer} · {obj.adopted_on:%d/%m/%Y} — {obj.title}"


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LibraryDocument) -> str:
        date = f" ({obj.issued_on:%d/%m/%Y})" if obj.issued_on else ""
        return f"{obj}{date}"


class DocumentForm(ServiceModelForm):
    """Add or edit a document: a committee resolution is chosen from the committee's numbered
    resolutions; any other document has its number typed (a script shows only the field that
    applies; without it both are shown, each saying when it is used). On create, a first file."""

    resolution = ResolutionChoiceField(
        label=capfirst(gettext_lazy("resolution")),
        queryset=Resolution.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "For a committee resolution only: choose it from the resolutions adopted at the "
            "meetings (of a cell or of the executive committee)."
        ),
        error_messages={"invalid_choice": gettext_lazy("Choose a resolution of this committee.")},
    )

    class Meta:
        model = LibraryDocument
        fields = list(DOCUMENT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "number": forms.TextInput(attrs={"placeholder": "05-CT/TU", "autocomplete": "off"}),
        }
        help_texts = {
            "number": gettext_lazy(
                "As printed on a document from outside (for example 05-CT/TU). Left empty for a "
                "committee resolution: its number comes from the resolution."
            ),
            "title": gettext_lazy(
                "For a committee resolution it may be left empty: the resolution's own title is "
                "used."
            ),
            "issuer": gettext_lazy("For example: Tỉnh ủy Đắk Lắk, Huyện ủy Krông Bông."),
            "audience": gettext_lazy(
                "Officers only: the committee's officers and clerks and the cells' officers."
            ),
        }

    field_order = [
        "kind",
        "resolution",
        "number",
        "title",
        "issuer",
        "issued_on",
        "effective_on",
        "audience",
        "summary",
        "file",
    ]

    def __init__(self, *args, resolutions, max_mb: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions
        self.fields["title"].required = False
        self.fields["kind"].widget.attrs["data-library-kind"] = LibraryDocument.Kind.RESOLUTION
        if max_mb is not None:
            self.fields["file"] = file_field(required=False)
            self.fields["file"].help_text = (
                file_help(max_mb) + " " + _("More files can be added on the document's page.")
            )
        self.order_fields(self.field_order)


class FileForm(forms.Form):
    file = file_field(required=True)

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help(max_mb)


class SupersedeForm(forms.Form):
    newer = DocumentChoiceField(
        label=capfirst(gettext_lazy("superseded by")),
        queryset=LibraryDocument.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not superseded"),
        help_text=gettext_lazy(
            "A newer document of the committee. This one stays in the library, marked as "
            "superseded, with a link to the newer one."
        ),
        error_messages={"invalid_choice": gettext_lazy("Choose a newer document of the library.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newer"].queryset = choices


class MeetingLinkForm(forms.Form):
    """Attach a library document to a meeting (or one of its agenda items)."""

    document = DocumentChoiceField(
        label=capfirst(gettext_lazy("library document")),
        queryset=LibraryDocument.objects.none(),
        error_messages={
            "required": gettext_lazy("Choose a document of the library."),
            "invalid_choice": gettext_lazy("Choose a document of this committee's library."),
        },
    )
    agenda_item = forms.ModelChoiceField(
        label=capfirst(gettext_lazy("agenda item")),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole meeting"),
        error_messages={"invalid_choice": gettext_lazy("Choose an item of this meeting's agenda.")},
    )

    def __init__(self, *args, documents, meeting, **kwargs):
        kwargs.setdefault("auto_id", "id_library_%s")
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")
