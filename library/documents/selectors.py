"""Reads of the library's documents — each scoped to what the user may see, with its own
`select_related`, in a number of queries that does not grow with the rows.

The meeting page asks `meeting_links` (the library documents attached to the meeting that the
user may read) and `attachable_documents` (what she may attach): DESIGN §2, a page shows data of
another app through its selectors.
"""

from dataclasses import dataclass, field

from django.db.models import F, Q

from library.models import LibraryDocument, LibraryFile, MeetingLink
from meetings.models import Meeting, Resolution


def document_rows(user):
    """The library list: the documents the user reads, not archived, newest first, with what a
    row shows (`LibraryDocument.objects.with_related`)."""
    return LibraryDocument.objects.visible_to(user).active().with_related().newest_first()


def issuer_choices(user) -> list[str]:
    """The issuing bodies of the documents the user reads (for the list's filter), A to Z."""
    issuers = (
        LibraryDocument.objects.visible_to(user)
        .active()
        .exclude(issuer="")
        .order_by("issuer")
        .values_list("issuer", flat=True)
        .distinct()
    )
    return list(issuers)


def resolution_choices(user, committee_id: int, *, keep: Resolution | None = None):
    """The committee's numbered resolutions (its cells' and the executive committee's) that the
    user reads and that are not yet in the library — plus `keep` (the document's own) — newest
    first."""
    taken = LibraryDocument.objects.filter(resolution__isnull=False)
    if keep is not None:
        taken = taken.exclude(resolution=keep)
    return (
        Resolution.objects.visible_to(user)
        .filter(committee_id=committee_id)
        .exclude(pk__in=taken.values("resolution_id"))
        .select_related("cell")
        .order_by("-adopted_on", "-pk")
    )


def supersede_choices(user, document: LibraryDocument):
    """The documents that may supersede `document`: the same committee's, not archived, not
    itself, not one it already supersedes, not dated before it — newest first. (The service
    checks it again, cycles included.)"""
    choices = (
        LibraryDocument.objects.visible_to(user)
        .active()
        .filter(committee_id=document.committee_id)
        .exclude(pk=document.pk)
        .exclude(superseded_by=document)
        .select_related("resolution", "resolution__cell")
        .newest_first()
    )
    if document.issued_on:
        choices = choices.filter(Q(issued_on__isnull=True) | Q(issued_on__gte=document.issued_on))
    return choices


@dataclass
class DocumentPage:
    """What the document's page shows besides the document itself."""

    files: list = field(default_factory=list)
    superseded_by: LibraryDocument | None = None
    # Superseded by a document the user does not read (officers only): said, without a link.
    superseded_by_hidden: bool = False
    supersedes: list = field(default_factory=list)
    meeting_links: list = field(default_factory=list)
    resolution_visible: bool = False


def document_page(user, document: LibraryDocument) -> DocumentPage:
    """Its files on show, what supersedes it and what it supersedes (those the user reads), and
    the meetings she sees where it was discussed — a fixed number of queries."""
    readable = LibraryDocument.objects.visible_to(user)
    page = DocumentPage()
    page.files = list(LibraryFile.objects.active().filter(document=document))
    if document.superseded_by_id:
        page.superseded_by = (
            readable.filter(pk=document.superseded_by_id)
            .select_related("resolution", "resolution__cell")
            .first()
        )
        page.superseded_by_hidden = page.superseded_by is None
    page.supersedes = list(
        readable.filter(superseded_by=document)
        .select_related("resolution", "resolution__cell")
        .newest_first()
    )
    page.meeting_links = list(
        MeetingLink.objects.active()
        .filter(document=document, meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting", "meeting__cell", "meeting__committee", "agenda_item")
        .order_by(F("meeting__date").desc(), "-pk")
    )
    if document.resolution_id:
        page.resolution_visible = (
            Resolution.objects.visible_to(user).filter(pk=document.resolution_id).exists()
        )
    return page


# --- the meeting page -----------------------------------------------------------------------------


def meeting_links(user, meeting: Meeting) -> list[MeetingLink]:
    """The library documents attached to `meeting` that the user may read (an officers-only
    document is not shown to members and observers), in the order they were attached — with
    their files on show, in two queries."""
    links = list(
        MeetingLink.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("document", "document__resolution", "document__resolution__cell")
        .select_related("agenda_item")
        .order_by("added_at", "pk")
    )
    files = {}
    document_ids = [link.document_id for link in links]
    for file in LibraryFile.objects.active().filter(document_id__in=document_ids):
        files.setdefault(file.document_id, []).append(file)
    for link in links:
        link.document.shown_files = files.get(link.document_id, [])
    return links


def attachable_documents(user, meeting: Meeting):
    """The documents of the meeting's committee that the user reads and that are not attached to
    it yet (not archived), newest first."""
    attached = MeetingLink.objects.active().filter(meeting=meeting).values("document_id")
    return (
        LibraryDocument.objects.visible_to(user)
        .active()
        .filter(committee_id=meeting.committee_id)
        .exclude(pk__in=attached)
        .select_related("resolution", "resolution__cell")
        .newest_first()
    )
