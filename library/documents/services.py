"""The library's documents: add, edit, supersede, archive; their files; links to meetings.

Each write validates (a `ValidationError` with a clear message, on its field where it has one),
then saves in one transaction with the user in the audit history. The user's right is checked by
the view (`library.access`); these services check the rest:

- a committee resolution links to one of the committee's numbered resolutions
  (`meetings.Resolution`, of a cell or of the executive committee) and is never retyped: no typed
  number; its issuer and date, when left empty, are the resolution's. Every other kind has no
  resolution; a directive or resolution of a superior body needs its number, issuer and date;
- the effective date is not before the date issued; the same number from the same issuer in the
  same year is not entered twice in a committee's library;
- files are of an allowed kind read from their content, within the committee's `upload_max_mb`
  (`core.uploads`), stored under a random name and kept with their original name;
- a superseded document stays, pointing to the newer one of the same committee — never itself,
  never in a cycle;
- a document is attached to a meeting of its own committee (on one of that meeting's agenda
  items, or on the meeting as a whole), once, while the meeting's documents can still change
  (as the meeting's own documents, `meetings.planning.documents`).

Nothing is deleted: documents, files and links are archived.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cells.models import Committee
from cells.rules import rules_for
from core.documents import executive_name
from core.text import search_key
from core.uploads import DOCUMENT_TYPES, check_upload, save_with_upload, stored_name
from core.uploads import download_name as uploads_download_name
from library.models import LibraryDocument, LibraryFile, MeetingLink
from meetings.decisions.resolutions import DOC_TITLES, subtitle_of
from meetings.models import AgendaItem, Meeting, Resolution

Kind = LibraryDocument.Kind

# The fields a document's form gives (`document_create`, `document_update`).
DOCUMENT_FIELDS = (
    "kind",
    "title",
    "number",
    "resolution",
    "issuer",
    "issued_on",
    "effective_on",
    "summary",
    "audience",
)
TITLE_MAX = LibraryDocument._meta.get_field("title").max_length
NAME_MAX = LibraryFile._meta.get_field("original_name").max_length


# --- files ----------------------------------------------------------------------------------------


def original_name(upload) -> str:
    """The file's own name (no folders), short enough to store, its extension kept."""
    return stored_name(upload, default="document", max_length=NAME_MAX)


def download_name(file: LibraryFile) -> str:
    """The name the browser saves the file under: its original name, with the right extension."""
    return uploads_download_name(file.original_name, file.kind, default="document")


def _store_file(document: LibraryDocument, upload, *, by) -> LibraryFile:
    """Check the upload (content, size) and store it as a file of `document` (saved)."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    max_mb = rules_for(document.committee).upload_max_mb
    try:
        kind = check_upload(upload, allowed=DOCUMENT_TYPES, max_mb=max_mb)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    file = LibraryFile(
        document=document,
        original_name=original_name(upload),
        kind=kind,
        size=upload.size,
        uploaded_by=by,
    )
    file._history_user = by
    file.full_clean(exclude=["file"])
    # A random stored name: two files of the same name never collide, and the user's name is
    # never a path.
    return save_with_upload(file, "file", upload, stem=secrets.token_hex(8), kind=kind)


@transaction.atomic
def file_add(*, document: LibraryDocument, upload, by) -> LibraryFile:
    """Add another file to a document (not to an archived one)."""
    document = _locked(document)
    if document.archived:
        raise ValidationError(_("This document is archived; it takes no more files."))
    return _store_file(document, upload, by=by)


@transaction.atomic
def file_archive(*, file: LibraryFile, by) -> LibraryFile:
    """Take a file off the document's page. It is kept (never deleted)."""
    file = LibraryFile.objects.select_for_update().get(pk=file.pk)
    if not file.archived:
        file.archived = True
        file._history_user = by
        file.save(update_fields=["archived"])
    return file


# --- documents ------------------------------------------------------------------------------------


def _locked(document: LibraryDocument) -> LibraryDocument:
    return (
        LibraryDocument.objects.select_for_update(of=("self",))
        .select_related("committee", "resolution")
        .get(pk=document.pk)
    )


def _clean_text(value) -> str:
    return (value or "").strip()


def _check(document: LibraryDocument) -> None:
    """The rules across fields and rows; fills in what a committee resolution gives."""
    errors = {}
    document.title = _clean_text(document.title)
    document.number = _clean_text(document.number)
    document.issuer = _clean_text(document.issuer)
    resolution = document.resolution if document.resolution_id else None
    if document.kind == Kind.RESOLUTION:
        if resolution is None:
            errors["resolution"] = _("Choose the committee's resolution.")
        elif resolution.committee_id != document.committee_id:
            errors["resolution"] = _("Choose a resolution of this committee.")
        if document.number:
            errors["number"] = _(
                "A committee resolution is not retyped: its number comes from the resolution. "
                "Leave this field empty."
            )
        if resolution is not None and not errors:
            if not document.title:  # "Nghị quyết về nhiệm vụ tháng 3 năm 2026"
                title = f"{DOC_TITLES[resolution.doc_type]} {subtitle_of(resolution.title)}"
                document.title = title[:TITLE_MAX]
            if not document.issued_on:
                document.issued_on = resolution.adopted_on
            if not document.issuer:
                document.issuer = (
                    resolution.cell.name
                    if resolution.cell_id
                    else executive_name(document.committee.name)
                )
            taken = (
                LibraryDocument.objects.filter(resolution=resolution)
                .exclude(pk=document.pk)
                .exists()
            )
            if taken:
                errors["resolution"] = _("This resolution is already in the library.")
    elif resolution is not None:
        errors["resolution"] = _(
            "Only a committee resolution links to a resolution of a meeting: choose no "
            "resolution, or choose the kind “Committee resolution”."
        )
    if document.kind == Kind.SUPERIOR:
        if not document.number:
            errors["number"] = _("Give the number and symbol (for example 05-CT/TU).")
        if not document.issuer:
            errors["issuer"] = _("Give the issuing body (for example Tỉnh ủy Đắk Lắk).")
        if not document.issued_on:
            errors["issued_on"] = _("Give the date issued.")
    if not document.title:
        errors["title"] = _("Give the title.")
    if document.issued_on and document.effective_on and document.effective_on < document.issued_on:
        errors["effective_on"] = _("The effective date cannot be before the date issued.")
    if document.number and "number" not in errors and _duplicate(document):
        errors["number"] = _(
            "A document with this number from this issuing body in this year is already in the "
            "library."
        )
    if errors:
        raise ValidationError(errors)


def _duplicate(document: LibraryDocument) -> bool:
    """The same number from the same issuer in the same year, already in the committee's library
    (not archived). Numbers restart with each term or year: "01-QC/ĐU" of two terms are two
    documents."""
    same = (
        LibraryDocument.objects.active()
        .filter(committee_id=document.committee_id, number__iexact=document.number)
        .exclude(pk=document.pk)
        .values_list("issuer", "issued_on")
    )
    issuer = search_key(document.issuer)
    year = document.issued_on.year if document.issued_on else None
    return any(
        search_key(other) == issuer and (day.year if day else None) == year for other, day in same
    )


def _save(document: LibraryDocument, *, by) -> LibraryDocument:
    document._history_user = by
    # The fields' own checks (lengths, choices, NUL characters); the rules above say the rest.
    document.full_clean(exclude=["search_text"], validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:  # two officers entering the same resolution at once
        raise ValidationError(
            {"resolution": _("This resolution is already in the library.")}
        ) from error
    return document


@transaction.atomic
def document_create(
    *,
    committee: Committee,
    by,
    kind: str,
    title: str = "",
    number: str = "",
    resolution: Resolution | None = None,
    issuer: str = "",
    issued_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    summary: str = "",
    audience: str = LibraryDocument.Audience.MEMBERS,
    upload=None,
) -> LibraryDocument:
    """Add a document to the committee's library, with its first file if one is given (checked
    before anything is saved: a refused file saves nothing)."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    document = LibraryDocument(
        committee=committee,
        kind=kind,
        title=title or "",
        number=number or "",
        resolution=resolution,
        issuer=issuer or "",
        issued_on=issued_on,
        effective_on=effective_on,
        summary=summary or "",
        audience=audience,
        created_by=by,
    )
    _check(document)
    _save(document, by=by)
    if upload is not None:
        _store_file(document, upload, by=by)
    return document


@transaction.atomic
def document_update(*, document: LibraryDocument, by, **fields) -> LibraryDocument:
    """Change a document's fields (`DOCUMENT_FIELDS`); an archived one no longer changes."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    document = _locked(document)
    if document.archived:
        raise ValidationError(_("This document is archived; it no longer changes."))
    for name, value in fields.items():
        if name != "resolution" and value is None and name not in ("issued_on", "effective_on"):
            value = ""
        setattr(document, name, value)
    _check(document)
    return _save(document, by=by)


def _chain(document: LibraryDocument):
    """The documents that supersede `document`, newest last (stops at a repeat)."""
    seen = {document.pk}
    current = document.superseded_by_id
    while current is not None and current not in seen:
        seen.add(current)
        yield current
        current = (
            LibraryDocument.objects.filter(pk=current)
            .values_list("superseded_by_id", flat=True)
            .first()
        )


@transaction.atomic
def document_supersede(
    *, document: LibraryDocument, newer: LibraryDocument | None, by
) -> LibraryDocument:
    """Mark `document` as superseded by `newer` (a document of the same committee, not itself,
    not one it already supersedes, not dated before it); `newer=None` takes the mark off.

    The older document stays in the library, with a link to the newer one (and the newer one lists
    what it supersedes)."""
    document = _locked(document)
    if document.archived:
        raise ValidationError(_("This document is archived; it no longer changes."))
    if newer is not None:
        newer = LibraryDocument.objects.select_related("committee").get(pk=newer.pk)
        if newer.pk == document.pk:
            raise ValidationError({"newer": _("A document cannot supersede itself.")})
        if newer.committee_id != document.committee_id:
            raise ValidationError({"newer": _("Choose a document of this committee's library.")})
        if newer.archived:
            raise ValidationError({"newer": _("This document is archived: choose another one.")})
        if document.pk in set(_chain(newer)):
            raise ValidationError(
                {
                    "newer": _(
                        "This document is itself superseded by the one you are marking: "
                        "a document cannot supersede a newer one."
                    )
                }
            )
        if document.issued_on and newer.issued_on and newer.issued_on < document.issued_on:
            raise ValidationError(
                {"newer": _("The newer document cannot be dated before this one.")}
            )
    if document.superseded_by_id != getattr(newer, "pk", None):
        document.superseded_by = newer
        document._history_user = by
        document.save(update_fields=["superseded_by", "search_text"])
    return document


@transaction.atomic
def document_archive(*, document: LibraryDocument, by) -> LibraryDocument:
    """Take a document out of the library. It is kept (never deleted): who manages the library
    still finds it by its address, and what it superseded keeps pointing to it."""
    document = _locked(document)
    if not document.archived:
        document.archived = True
        document._history_user = by
        document.save(update_fields=["archived", "search_text"])
    return document


# --- meetings -------------------------------------------------------------------------------------


def _meeting_open(meeting: Meeting) -> Meeting:
    """The meeting, locked, if its documents can still change (as its own documents: until it is
    held, or any time for history entered afterwards)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if not (meeting.is_editable or meeting.recorded_afterwards):
        raise ValidationError(_("This meeting has been held; its documents can no longer change."))
    return meeting


@transaction.atomic
def meeting_link_add(
    *,
    document: LibraryDocument,
    meeting: Meeting,
    by,
    agenda_item: AgendaItem | None = None,
) -> MeetingLink:
    """Attach a library document to a meeting of its committee (on one of its agenda items, or
    on the meeting as a whole) instead of uploading it again."""
    meeting = _meeting_open(meeting)
    document = LibraryDocument.objects.get(pk=document.pk)
    if document.committee_id != meeting.committee_id:
        raise ValidationError({"document": _("Choose a document of this committee's library.")})
    if document.archived:
        raise ValidationError({"document": _("This document is archived: choose another one.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    already = _("This document is already attached to the meeting.")
    if MeetingLink.objects.active().filter(document=document, meeting=meeting).exists():
        raise ValidationError({"document": already})
    link = MeetingLink(document=document, meeting=meeting, agenda_item=agenda_item, added_by=by)
    link._history_user = by
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as error:  # attached at the same moment by someone else
        raise ValidationError({"document": already}) from error
    return link


@transaction.atomic
def meeting_link_archive(*, link: MeetingLink, by) -> MeetingLink:
    """Take a library document off a meeting (the link is kept, archived)."""
    _meeting_open(link.meeting)
    link = MeetingLink.objects.select_for_update().get(pk=link.pk)
    if not link.archived:
        link.archived = True
        link._history_user = by
        link.save(update_fields=["archived"])
    return link
