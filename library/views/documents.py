"""The library's documents (DOMAIN §1, §10): the list with its filters and search, a document's
page, add and edit, supersede, archive, its files (add, download, archive), and the library
documents attached to a meeting (shown on the meeting page: `meeting_library_context`).

Who may see and do what: `library.access` — 404 for a document the user may not read, 403 for one
she reads but may not change. Files are never served from MEDIA_URL: every download goes through
`file_download`, which asks the same rule.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from cells.rules import rules_for
from core.forms import apply_service_errors, posted, posted_files
from core.uploads import upload_limit
from core.versions import render_part
from core.views import file_response
from library import access as library_access
from library.documents import selectors, services
from library.documents.filters import DocumentFilter
from library.documents.forms import DocumentForm, FileForm, MeetingLinkForm, SupersedeForm
from library.models import SEARCH_MAX, LibraryDocument, LibraryFile
from meetings import access as meeting_access
from meetings.models import Meeting
from members import access

PAGE_SIZE = 25


def _nothing_saved(request) -> None:
    messages.info(
        request,
        _("Nothing was saved. A browser cannot keep a chosen file: choose the file again."),
    )


def _list_url() -> str:
    return reverse("library:documents")


# --- the list -------------------------------------------------------------------------------------


@require_GET
def document_list(request):
    """Thư viện: the documents the user reads, newest first, 25 a page, with filters and a search
    with or without diacritics; "Add a document" for those who manage a committee's library."""
    user = request.user
    library_access.require_library_section(user)
    # Each search and page: one cached part per user and day (`core.versions`).
    body = render_part(
        request,
        "library",
        access.held_scopes(user),
        (request.GET.urlencode(), timezone.localdate()),
        "library/_document_list_body.html",
        lambda: _list_context(request),
    )
    return render(request, "library/document_list.html", {"body": body})


def _list_context(request) -> dict:
    user = request.user
    filterset = DocumentFilter(
        request.GET or None,
        queryset=selectors.document_rows(user),
        issuers=selectors.issuer_choices(user),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    managed = sorted(library_access.managed_committee_ids(user))
    committees = {c.pk: c for c in access.visible_committees(user).filter(pk__in=managed)}
    return {
        "filter": filterset,
        "page": page,
        "documents": list(page.object_list),
        "search_cut": filterset.search_cut,
        "search_max": SEARCH_MAX,
        "add_to": [committees[pk] for pk in managed if pk in committees],
    }


# --- one document ---------------------------------------------------------------------------------


@require_GET
def document_detail(request, pk):
    user = request.user
    document = library_access.get_document_for_user(user, pk)
    can_manage = library_access.may_manage_documents(user, document.committee_id)
    page = selectors.document_page(user, document)
    context = {
        "document": document,
        "page": page,
        "can_manage": can_manage and not document.archived,
        # The study campaigns of this document (`library/_document_campaigns.html`, helper B's):
        # shown for a document still in the library.
        "show_campaigns": not document.archived,
    }
    if can_manage and not document.archived:
        context["file_form"] = FileForm(max_mb=rules_for(document.committee).upload_max_mb)
    return render(request, "library/document_detail.html", context)


def _create_max_mb(request, committee_pk) -> int:
    committee = access.get_committee_for_user(request.user, committee_pk)
    return rules_for(committee).upload_max_mb


def _committee_to_manage(user, committee_pk):
    library_access.require_library_section(user)
    committee = access.get_committee_for_user(user, committee_pk)
    if not library_access.may_manage_documents(user, committee.pk):
        raise PermissionDenied
    return committee


@upload_limit(_create_max_mb)
@require_http_methods(["GET", "POST"])
def document_create(request, committee_pk):
    user = request.user
    committee = _committee_to_manage(user, committee_pk)
    max_mb = rules_for(committee).upload_max_mb
    form = DocumentForm(
        posted(request),
        posted_files(request),
        resolutions=selectors.resolution_choices(user, committee.pk),
        max_mb=max_mb,
        initial={"audience": LibraryDocument.Audience.MEMBERS},
    )
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file", None)
            try:
                document = services.document_create(
                    committee=committee, by=user, upload=upload, **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The document “%(title)s” was added to the library.")
                    % {"title": document.title},
                )
                return redirect(document)
        if request.FILES:
            _nothing_saved(request)
    return render(
        request,
        "library/document_form.html",
        {
            "form": form,
            "committee": committee,
            "heading": _("Add a document to the library"),
            "cancel_url": _list_url(),
            "multipart": True,
        },
    )


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    user = request.user
    document = library_access.get_document_for_user(user, pk, manage=True)
    if document.archived:
        messages.info(request, _("This document is archived; it no longer changes."))
        return redirect(document)
    form = DocumentForm(
        posted(request),
        instance=document,
        resolutions=selectors.resolution_choices(
            user, document.committee_id, keep=document.resolution
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=document, by=user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(document)
    return render(
        request,
        "library/document_form.html",
        {
            "form": form,
            "committee": document.committee,
            "document": document,
            "heading": _("Edit the document"),
            "cancel_url": document.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def document_supersede(request, pk):
    """Mark the document as superseded by a newer one of the same committee (or take the mark
    off)."""
    user = request.user
    document = library_access.get_document_for_user(user, pk, manage=True)
    if document.archived:
        messages.info(request, _("This document is archived; it no longer changes."))
        return redirect(document)
    form = SupersedeForm(
        posted(request),
        choices=selectors.supersede_choices(user, document),
        initial={"newer": document.superseded_by_id},
    )
    if request.method == "POST" and form.is_valid():
        newer = form.cleaned_data["newer"]
        try:
            services.document_supersede(document=document, newer=newer, by=user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if newer is None:
                messages.success(request, _("The document is no longer marked as superseded."))
            else:
                messages.success(
                    request,
                    _("The document is marked as superseded by “%(newer)s”.") % {"newer": newer},
                )
            return redirect(document)
    return render(
        request,
        "library/document_supersede.html",
        {
            "form": form,
            "document": document,
            "committee": document.committee,
            "heading": _("Mark as superseded"),
            "cancel_url": document.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def document_archive(request, pk):
    """Take a document out of the library, after a confirmation page."""
    user = request.user
    document = library_access.get_document_for_user(user, pk, manage=True)
    if document.archived:
        messages.info(request, _("This document is already archived."))
        return redirect(document)
    if request.method == "POST":
        services.document_archive(document=document, by=user)
        messages.success(
            request,
            _("The document “%(title)s” was taken out of the library; it is kept in the record.")
            % {"title": document.title},
        )
        return redirect("library:documents")
    return render(
        request,
        "library/document_archive.html",
        {
            "document": document,
            "committee": document.committee,
            "cancel_url": document.get_absolute_url(),
        },
    )


# --- files ----------------------------------------------------------------------------------------


def _file_max_mb(request, pk) -> int:
    document = library_access.get_document_for_user(request.user, pk, manage=True)
    return rules_for(document.committee).upload_max_mb


def _file_back(request, pk) -> str:
    return reverse("library:document", args=[pk]) + "#files"


@upload_limit(_file_max_mb, back=_file_back)
@require_POST
def file_add(request, pk):
    user = request.user
    document = library_access.get_document_for_user(user, pk, manage=True)
    back = document.get_absolute_url() + "#files"
    form = FileForm(request.POST, request.FILES, max_mb=rules_for(document.committee).upload_max_mb)
    errors = []
    if form.is_valid():
        try:
            file = services.file_add(document=document, upload=form.cleaned_data["file"], by=user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("The file “%(name)s” was added.") % {"name": file.original_name}
            )
            return redirect(back)
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    for error in errors:
        messages.error(request, error)
    _nothing_saved(request)
    return redirect(back)


def _file_of(document: LibraryDocument, file_pk) -> LibraryFile:
    """A file of this document that is on its page; 404 for any other id."""
    file = LibraryFile.objects.active().filter(pk=file_pk, document=document).first()
    if file is None:
        raise Http404
    return file


@require_safe
def file_download(request, pk, file_pk):
    """The file, for whoever reads the document: PDF and images inline, the rest as attachment."""
    document = library_access.get_document_for_user(request.user, pk)
    file = _file_of(document, file_pk)
    return file_response(file.file, kind=file.kind, filename=services.download_name(file))


@require_POST
def file_archive(request, pk, file_pk):
    user = request.user
    document = library_access.get_document_for_user(user, pk, manage=True)
    file = _file_of(document, file_pk)
    services.file_archive(file=file, by=user)
    messages.success(
        request,
        _("The file “%(name)s” was taken off the document's page; it is kept in the record.")
        % {"name": file.original_name},
    )
    return redirect(document.get_absolute_url() + "#files")


# --- the meeting page -----------------------------------------------------------------------------


def meeting_library_context(user, meeting: Meeting, *, can_edit: bool) -> dict:
    """What the meeting page shows of the library (`library/_document_meeting_links.html`): the
    attached documents the user reads, and for who adds the meeting's documents (until it is
    held) the form to attach one. A fixed number of queries."""
    context = {"library_links": selectors.meeting_links(user, meeting)}
    can_attach = (
        can_edit and meeting.is_editable and library_access.may_attach_to_meeting(user, meeting)
    )
    context["library_can_attach"] = can_attach
    if can_attach:
        context["library_link_form"] = MeetingLinkForm(
            documents=selectors.attachable_documents(user, meeting), meeting=meeting
        )
    return context


def _meeting_back(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#library-documents"


@require_POST
def meeting_link_add(request, meeting_pk):
    user = request.user
    meeting = meeting_access.get_meeting_for_user(user, meeting_pk)
    if not library_access.may_attach_to_meeting(user, meeting):
        raise PermissionDenied
    form = MeetingLinkForm(
        request.POST, documents=selectors.attachable_documents(user, meeting), meeting=meeting
    )
    errors = []
    if form.is_valid():
        try:
            link = services.meeting_link_add(meeting=meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("The library document “%(title)s” was attached to the meeting.")
                % {"title": link.document.title},
            )
            return redirect(_meeting_back(meeting))
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    for error in errors:
        messages.error(request, error)
    return redirect(_meeting_back(meeting))


@require_POST
def meeting_link_archive(request, pk):
    user = request.user
    link = library_access.get_meeting_link_for_user(user, pk)
    try:
        services.meeting_link_archive(link=link, by=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The library document “%(title)s” was taken off the meeting.")
            % {"title": link.document.title},
        )
    return redirect(_meeting_back(link.meeting))
