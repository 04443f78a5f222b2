"""Meeting documents: add, archive, and read receipts (DESIGN §3, §5).

The user's right to prepare the meeting is checked by the view (`meetings.access`); these
services check the rest: the meeting can still change, the agenda item is one of its own, the
file is of an allowed kind read from its content and within the committee's size limit.

Documents must be available `document_lead_days` (a setting) before the meeting starts
(`meetings.planning.preparation.publish_deadline`, DOMAIN §4.3): one added after that moment is
recorded as added late (`Document.added_late`), even when the meeting itself was published on
time — except for history entered afterwards, which brings its documents with it.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.rules import rules_for
from core.uploads import DOCUMENT_TYPES, check_upload, save_with_upload, stored_name
from core.uploads import download_name as uploads_download_name
from meetings.models import AgendaItem, Document, Meeting, ReadReceipt
from meetings.planning.preparation import publish_deadline
from members.models import Member

TITLE_MAX = Document._meta.get_field("title").max_length
NAME_MAX = Document._meta.get_field("original_name").max_length


def _editable(meeting: Meeting) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting.pk)
    )
    # History entered afterwards brings its documents with it.
    if not (meeting.is_editable or meeting.recorded_afterwards):
        raise ValidationError(_("This meeting has been held; its documents can no longer change."))
    return meeting


def _original_name(upload) -> str:
    """The file's own name (no folders), short enough to store, its extension kept."""
    return stored_name(upload, default="document", max_length=NAME_MAX)


def is_late(meeting: Meeting, rules, *, now=None) -> bool:
    """Whether a document added `now` comes after the deadline for documents of `meeting` (never
    for a meeting entered afterwards: its documents are history)."""
    if meeting.recorded_afterwards:
        return False
    return (now or timezone.now()) > publish_deadline(meeting, rules)


def download_name(document: Document) -> str:
    """The name the browser saves the file under: its original name, with the right extension."""
    return uploads_download_name(document.original_name, document.kind, default="document")


@transaction.atomic
def document_add(
    *, meeting: Meeting, upload, title: str, by, agenda_item: AgendaItem | None = None
) -> Document:
    """Attach a file to a meeting (or one of its agenda items) that is still being prepared.

    Stored under a random name (`Document.file`'s `upload_to`), so two files of the same name
    never collide; kept with its original name for downloads. Nothing is written when a check
    fails.
    """
    meeting = _editable(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    original_name = _original_name(upload)
    title = (title or "").strip() or PurePath(original_name).stem.strip() or original_name
    rules = rules_for(meeting.committee)
    try:
        kind = check_upload(upload, allowed=DOCUMENT_TYPES, max_mb=rules.upload_max_mb)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title[:TITLE_MAX],
        original_name=original_name,
        kind=kind,
        size=upload.size,
        uploaded_by=by,
        added_late=is_late(meeting, rules),
    )
    document._history_user = by
    document.full_clean(exclude=["file"])
    return save_with_upload(document, "file", upload, stem="document", kind=kind)


@transaction.atomic
def document_archive(*, document: Document, by) -> Document:
    """Take a document off the meeting page. It is kept (never deleted): the record stays whole."""
    _editable(document.meeting)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.archived:
        document.archived = True
        document._history_user = by
        document.save(update_fields=["archived"])
    return document


def receipt_record(
    *, document: Document, member: Member | int, opened_at=None, offline: bool = False
) -> ReadReceipt:
    """A member opened a document: recorded once, however often she opens it.

    `offline`: she opened it on her phone with no connection, at `opened_at`, and the phone posts
    it now that it is back online (issue 24). The moment is kept within what can be true — not
    before the document was added, not after now — and only when no receipt exists yet (the first
    opening counts). Idempotent and safe when two requests race: the unique constraint decides,
    the loser reads the winner's receipt.
    """
    member_id = getattr(member, "pk", member)
    now = timezone.now()
    when = now if opened_at is None else min(max(opened_at, document.uploaded_at), now)
    try:
        with transaction.atomic():
            receipt, _created = ReadReceipt.objects.get_or_create(
                document=document,
                member_id=member_id,
                defaults={"opened_at": when, "offline": offline},
            )
    except IntegrityError:
        receipt = ReadReceipt.objects.get(document=document, member_id=member_id)
    return receipt
