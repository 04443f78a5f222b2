"""Who may see and do what in the library (DOMAIN §10, DESIGN §3), answered from `members.access`.

The committee's officers and its clerk manage the library; members read the documents open to all
members; observers read those too, never officers-only documents and never study reports. A study
report is confidential: the member herself and the officers of her cell and committee. The writes
themselves (`library.*.services`) do not check the user.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from library.models import (
    LibraryDocument,
    MeetingLink,
    StudyCampaign,
    StudyParticipant,
    TrainingCourse,
)
from library.study import selectors as study_selectors
from meetings import access as meeting_access
from meetings.models import Meeting
from members.access import (
    access_for,
    can_edit_member,
    can_see_personal,
    get_committee_for_user,
    get_member_for_user,
)
from members.models import Member

# --- documents (helper A) ---
# - Read a document open to all members: the committee's members, officers, clerks, observers;
#   an officers-only document: the committee's officers and clerks and the officers of its cells
#   (cell committees). Everyone else: 404 (`LibraryDocument.objects.visible_to`, the one rule).
# - Add, edit, supersede, archive a document, add or archive its files: the committee's officers
#   and its clerks (the registry roles); 403 for the others who read it.
# - Attach a document to a meeting (or detach it): whoever prepares that meeting and adds its
#   documents (`meetings.access.can_edit_meeting`), while its documents can change.
# - A superuser without an office: no library (403), as for the meetings.


def library_section_visible(user) -> bool:
    """May open the library at all: anyone who reads some committee's documents."""
    acc = access_for(user)
    return bool(
        acc.officer_committees
        or acc.registry_committees
        or acc.reader_committees
        or acc.member_committee_id
    )


def require_library_section(user) -> None:
    if not library_section_visible(user):
        raise PermissionDenied


def may_manage_documents(user, committee_id: int) -> bool:
    """Add, edit, supersede and archive documents and their files: the committee's officers and
    its clerks."""
    return committee_id in access_for(user).registry_committees


def managed_committee_ids(user) -> frozenset[int]:
    return access_for(user).registry_committees


def may_see_document(user, document: LibraryDocument) -> bool:
    """The rule of `LibraryDocument.objects.visible_to`, for one document (one query)."""
    return LibraryDocument.objects.visible_to(user).filter(pk=document.pk).exists()


def get_document_for_user(user, pk, *, manage: bool = False) -> LibraryDocument:
    """A document: 403 for a user without a library, 404 if she may not read it, and with
    `manage` 403 unless she manages the committee's library."""
    require_library_section(user)
    document = (
        LibraryDocument.objects.visible_to(user)
        .select_related("committee", "resolution", "resolution__cell", "created_by")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    if manage and not may_manage_documents(user, document.committee_id):
        raise PermissionDenied
    return document


def may_attach_to_meeting(user, meeting: Meeting) -> bool:
    """Attach a library document to a meeting, or detach one: whoever adds the meeting's own
    documents. Until when is the service's to say (`library.documents.services`), as for them."""
    return meeting_access.can_edit_meeting(user, meeting)


def get_meeting_link_for_user(user, pk) -> MeetingLink:
    """A link on a meeting the user sees (404 otherwise), that she may detach (403 otherwise)."""
    link = (
        MeetingLink.objects.active()
        .filter(pk=pk, meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting", "document")
        .first()
    )
    if link is None:
        raise Http404
    if not may_attach_to_meeting(user, link.meeting):
        raise PermissionDenied
    return link


# --- study campaigns (helper B) ---
# - A campaign (its document, deadline, instructions and the numbers per cell — no names): everyone
#   who sees the committee (`StudyCampaign.objects.visible_to`). Observers see the list and the
#   numbers; the progress page (names) is 403 for them and a report 404.
# - Start, extend, archive, export, remind everyone: the committee's officers.
# - Progress (who studied, who reported): the committee's officers (every cell) and a cell's
#   officers (the rows of their cells — the cell stored on each row when the campaign started).
# - Record on behalf of a member (her study, her handwritten report) and remind a cell's missing
#   members: the committee's officers, and the secretary or deputy of her cell.
# - A report (confidential): the member herself, the officers of her cell and of the committee —
#   404 for everyone else (`StudyReport.objects.visible_to`).


def may_manage_campaigns(user, committee_id: int) -> bool:
    return committee_id in access_for(user).officer_committees


def may_start_campaign(user, document: LibraryDocument) -> bool:
    """Offer "Start a study campaign": the committee's officers, on a document still in the
    library and open to all members (the service refuses the others, with its reason)."""
    return (
        may_manage_campaigns(user, document.committee_id)
        and not document.archived
        and document.audience == LibraryDocument.Audience.MEMBERS
    )


def get_campaign_for_user(user, pk, *, manage: bool = False) -> StudyCampaign:
    """A campaign: 404 if the user does not see its committee; with `manage`, 403 unless she is
    one of the committee's officers."""
    campaign = (
        StudyCampaign.objects.visible_to(user)
        .select_related("committee", "document")
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404
    if manage and not may_manage_campaigns(user, campaign.committee_id):
        raise PermissionDenied
    return campaign


def progress_cells(user, campaign: StudyCampaign) -> frozenset[int] | None:
    """The cells whose rows the user sees on the progress page: None for every cell (the
    committee's officers), else the cells she is an officer of (maybe none)."""
    acc = access_for(user)
    if campaign.committee_id in acc.officer_committees:
        return None
    return acc.officer_cells


def may_see_progress(user, campaign: StudyCampaign, campaign_cell_ids) -> bool:
    """The progress page (names): the committee's officers, and the officers of a cell whose
    members the campaign asks (`campaign_cell_ids`: the cells of its rows)."""
    cells = progress_cells(user, campaign)
    return cells is None or bool(cells & set(campaign_cell_ids))


def record_cells(user, campaign: StudyCampaign) -> frozenset[int] | None:
    """The cells whose members the user records for and reminds: None for every cell (the
    committee's officers), else the cells she is secretary or deputy of (maybe none)."""
    acc = access_for(user)
    if campaign.committee_id in acc.officer_committees:
        return None
    return acc.editor_cells


def may_record_for(user, participant: StudyParticipant) -> bool:
    cells = record_cells(user, participant.campaign)
    return cells is None or participant.cell_id in cells


def may_remind(user, campaign: StudyCampaign, cell_id: int | None) -> bool:
    """Everyone missing (`cell_id` None): the committee's officers; one cell's: also its
    secretary and deputy."""
    cells = record_cells(user, campaign)
    return cells is None or (cell_id is not None and cell_id in cells)


def get_participant_for_record(user, pk) -> StudyParticipant:
    """A participant an officer records for: 404 for a user who records for nobody in the
    campaign's committee (members — a forged form for another member —, clerks, observers,
    superusers as such), 403 for an officer of another cell."""
    participant = (
        StudyParticipant.objects.filter(pk=pk, campaign__in=StudyCampaign.objects.visible_to(user))
        .select_related("campaign__committee", "campaign__document", "member", "cell")
        .first()
    )
    if participant is None:
        raise Http404
    cells = record_cells(user, participant.campaign)
    if cells is not None and not cells:
        raise Http404
    if not may_record_for(user, participant):
        raise PermissionDenied
    return participant


def get_participant_for_reader(user, pk) -> StudyParticipant:
    """A participant whose study and report the user reads (confidential): herself, her cell's
    officers, the committee's officers; 404 for everyone else."""
    participant = (
        StudyParticipant.objects.visible_to(user)
        .with_state()
        .select_related("campaign__committee", "campaign__document")
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def my_participant(user, campaign: StudyCampaign) -> StudyParticipant:
    """The user's own row in the campaign (taken from her login, never from the request): 404
    when she is not asked to study it."""
    participant = study_selectors.participant_of(campaign, access_for(user).member_id)
    if participant is None:
        raise Http404
    return participant


# --- training (helper C) ---
# - Her courses (and the training section of her record): whoever sees her record's personal
#   fields (`members.access.can_see_personal`) — herself, the officers of her cell, the
#   committee's officers and clerk. Her courses and certificates are part of the member form
#   (2-HSĐV) like her theory level. Others who see her (her cell's members, observers, a
#   superuser as such): 403; a member the user does not see (another cell, another committee): 404.
# - Record, correct, archive a course: whoever edits her record (`members.access.can_edit_member`)
#   — her cell's secretary or deputy, the committee's officers and clerk (the registry), within the
#   one rule for acting on a member (a cell secretary never acts on a committee officer).
# - "Training due" of a committee: its officers and clerk (the registry roles); 404 for a committee
#   the user does not see, 403 for the others who see it.


def may_see_training(user, member: Member) -> bool:
    return can_see_personal(user, member)


def may_record_training(user, member: Member) -> bool:
    return can_edit_member(user, member)


def training_due_committee_ids(user) -> frozenset[int]:
    """The committees whose "Training due" page the user opens: their officers and clerk."""
    return access_for(user).registry_committees


def may_see_training_due(user, committee_id: int) -> bool:
    return committee_id in training_due_committee_ids(user)


def get_member_for_training(user, pk, *, record: bool = False) -> Member:
    """A member whose courses the user reads (and, with `record`, records): 404 if she does not
    see the member, 403 if she sees her but not her training (or may not record it)."""
    member = get_member_for_user(user, pk)
    if not may_see_training(user, member):
        raise PermissionDenied
    if record and not may_record_training(user, member):
        raise PermissionDenied
    return member


def get_course_for_user(user, pk, *, record: bool = False) -> TrainingCourse:
    """A course, with its member (`get_member_for_training`): 404 for a course of a member the
    user does not see, 403 as for her member."""
    member_id = TrainingCourse.objects.filter(pk=pk).values_list("member_id", flat=True).first()
    if member_id is None:
        raise Http404
    member = get_member_for_training(user, member_id, record=record)
    course = TrainingCourse.objects.select_related("recorded_by").get(pk=pk)
    course.member = member
    return course


def get_committee_for_training_due(user, pk):
    committee = get_committee_for_user(user, pk)
    if not may_see_training_due(user, committee.pk):
        raise PermissionDenied
    return committee
