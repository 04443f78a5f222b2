"""Meeting documents: upload, download (with read receipts), who has opened what.

Files are never served from MEDIA_URL: every download goes through `document_download`, which
checks that the user may see the meeting (404 otherwise) and records a read receipt for a member
(the allowed GET side effect, DESIGN §3).
"""

import datetime
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from cells.rules import rules_for
from core.offline import is_prefetch, mark_kept
from core.uploads import DOCUMENT_TYPES, MB, upload_limit
from core.views import file_response
from meetings import access as meeting_access
from meetings.models import AgendaItem, Document, Meeting, ReadReceipt
from meetings.planning import documents as services
from meetings.selectors import body_members
from members import access, offline

ACCEPT = ",".join(
    [f".{kind}" for kind in DOCUMENT_TYPES] + [".jpeg"] + sorted(set(DOCUMENT_TYPES.values()))
)


class DocumentForm(forms.Form):
    """Add a document: the file, a title (the file name if left empty), an agenda item or none."""

    file = forms.FileField(
        label=gettext_lazy("file"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": gettext_lazy("Choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("title"),
        max_length=services.TITLE_MAX,
        required=False,
        help_text=gettext_lazy("Leave empty to use the file name."),
    )
    agenda_item = forms.ModelChoiceField(
        label=gettext_lazy("agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole meeting"),
        error_messages={"invalid_choice": gettext_lazy("Choose an item of this meeting's agenda.")},
    )

    def __init__(self, *args, meeting: Meeting, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), JPG or PNG; at most %(limit)s MB."
        ) % {"limit": max_mb}


def _documents_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#documents"


def _with_readers(documents: list[Document], meeting: Meeting) -> int:
    """Set `opened` / `not_opened` (members of the body) on each document; return their number.

    Two queries whatever the number of documents and members: the body's members, then every
    receipt of these documents at once.
    """
    members = list(body_members(meeting).order_by("name_sort", "pk"))
    opened, offline_reads = defaultdict(set), defaultdict(set)
    receipts = ReadReceipt.objects.filter(document__in=[d.pk for d in documents])
    for document_id, member_id, read_offline in receipts.values_list(
        "document_id", "member_id", "offline"
    ):
        opened[document_id].add(member_id)
        if read_offline:
            offline_reads[document_id].add(member_id)
    for document in documents:
        readers = opened[document.pk]
        # Opened on a phone with no connection, posted back online (issue 24).
        document.opened_offline = offline_reads[document.pk]
        document.opened = [m for m in members if m.pk in readers]
        document.not_opened = [m for m in members if m.pk not in readers]
    return len(members)


def documents_context(request, meeting, *, can_edit: bool) -> dict:
    """What the meeting page shows of the documents — a constant number of queries.

    Everyone who sees the meeting sees its documents; those who prepare it also see, per
    document, which members of the body have opened it, and (until it is held) the upload form.
    """
    documents = list(
        meeting.documents.filter(archived=False)
        .select_related("agenda_item")
        .order_by("uploaded_at", "pk")
    )
    # Reading offline (issue 24): the documents her phone fetches in the background when it keeps
    # the meeting — those small enough for a slow connection (the committee's setting).
    fetch_max = rules_for(meeting.committee).offline_document_max_mb * MB
    for document in documents:
        document.offline_fetch = document.size <= fetch_max
    context = {
        "documents": documents,
        "documents_can_edit": can_edit and meeting.is_editable,
        "documents_show_readers": can_edit,
    }
    if can_edit and documents:
        context["documents_body_size"] = _with_readers(documents, meeting)
    if can_edit and meeting.is_editable:
        max_mb = rules_for(meeting.committee).upload_max_mb
        context["document_form"] = DocumentForm(meeting=meeting, max_mb=max_mb)
    return context


def _upload_max_mb(request, pk) -> int:
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    return rules_for(meeting.committee).upload_max_mb


def _upload_back(request, pk) -> str:
    return _documents_url(meeting_access.get_meeting_for_user(request.user, pk))


@upload_limit(_upload_max_mb, back=_upload_back)
@require_POST
def document_upload(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    form = DocumentForm(
        request.POST,
        request.FILES,
        meeting=meeting,
        max_mb=rules_for(meeting.committee).upload_max_mb,
    )
    errors = []
    if form.is_valid():
        try:
            document = services.document_add(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("The document “%(title)s” was added.") % {"title": document.title}
            )
            if document.added_late:
                messages.warning(
                    request,
                    _(
                        "It was added after the deadline for the meeting's documents: it is "
                        "marked as added late."
                    ),
                )
            return redirect(_documents_url(meeting))
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    for error in errors:
        messages.error(request, error)
    messages.info(
        request,
        _("Nothing was saved. A browser cannot keep a chosen file: choose the file again."),
    )
    return redirect(_documents_url(meeting))


def _document_of(meeting: Meeting, doc_pk) -> Document:
    """A document of this meeting that is on the meeting page; 404 for any other id."""
    document = Document.objects.filter(pk=doc_pk, meeting=meeting, archived=False).first()
    if document is None:
        raise Http404
    return document


@require_safe
def document_download(request, pk, doc_pk):
    """The file, for whoever may see the meeting: PDF and images inline, the rest as attachment."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    document = _document_of(meeting, doc_pk)
    response = file_response(
        document.file, kind=document.kind, filename=services.download_name(document)
    )
    member_id = access.access_for(request.user).member_id
    # Fetched by her phone to keep for offline reading, not opened: no receipt (issue 24); one
    # opened offline is posted to `document_read` when the phone is back online.
    if member_id and request.method == "GET" and not is_prefetch(request):
        services.receipt_record(document=document, member=member_id)
    days = offline.keep_days(request.user) if member_id else 0
    if meeting.is_kept_offline(today=timezone.localdate(), days=days):
        mark_kept(
            response,
            days=days,
            title=document.title,
            receipt_url=reverse("meetings:document_read", args=[meeting.pk, document.pk]),
        )
    return response


@require_POST
def document_read(request, pk, doc_pk):
    """The read receipt of a document she opened offline, posted by her phone when it is back
    online (issue 24), with `opened_at`: the moment, in milliseconds since 1970 (UTC).

    204 when recorded (or when there is nothing to record: the user is no member); 400 for a
    missing or impossible moment, and nothing is recorded; 404 for a document she may not see
    (any more): the phone then forgets the receipt.
    """
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    document = _document_of(meeting, doc_pk)
    try:
        millis = int(request.POST.get("opened_at", ""))
        opened_at = datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return HttpResponseBadRequest(_("The moment the document was opened is missing."))
    member_id = access.access_for(request.user).member_id
    if member_id:
        services.receipt_record(
            document=document, member=member_id, opened_at=opened_at, offline=True
        )
    return HttpResponse(status=204)


@require_POST
def document_archive_view(request, pk, doc_pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    document = _document_of(meeting, doc_pk)
    try:
        services.document_archive(document=document, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The document “%(title)s” was taken off the meeting page; it is kept in the record.")
            % {"title": document.title},
        )
    return redirect(_documents_url(meeting))
