"""Every named URL × every persona of DESIGN §3 → the expected status (STYLE §8).

A URL that the resolver knows but this table does not fails the test: each new page must say who
may open it. Data is built once per module and rolled back at the end.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import get_resolver, reverse
from django.utils import timezone
from PIL import Image

from core.offline import KEEP_HEADER
from library.documents import services as library_services
from library.study import services as study_services
from meetings.decisions import resolutions, tasks, votes
from meetings.planning.documents import document_add
from meetings.record.attendance import guest_add, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from members.models import Notification, Transfer
from reports import services as report_services
from reports.directives import directive_publish
from reviews.supervision import programmes as sup_programmes
from reviews.supervision import records as sup_records
from tests.conftest import PERSONAS
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    RemittanceFactory,
    TermFactory,
    TrainingCourseFactory,
    UserFactory,
    member_user,
    superior_personas,
)

# The pages a member's phone may keep to read offline (issue 24): her next meetings, their
# documents, her tasks. Every other answer must not carry the mark.
OFFLINE_PAGES = {"meetings:detail", "meetings:document", "meetings:my_tasks"}
# Django's admin has its own permission system and tests; the matrix covers our pages.
SKIPPED_NAMESPACES = {"admin"}

ALL_LOGGED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}
MEMBERS_OF_A = ["member", "member_other_cell", "cell_secretary", "secretary_other_cell"]
# Officers of a superior (issue 22): in a committee's pages they get what a user without any
# office gets — committee A's records 404, the sections that need an office (members, meetings,
# library, reviews) 403 as for a bare superuser; the guide, her account and notifications 200 —
# except the dashboard of a committee under her superior (read-only) and its submitted reports;
# a member's record is 404 for both (nothing personal or confidential).
SUPERIOR_OFFICERS = ["superior_officer", "superior_other"]
# Read a record of committee A's organisation: everyone of committee A.
VIEW = {
    "anonymous": 302,
    **dict.fromkeys(MEMBERS_OF_A, 200),
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 200,
    "officer_other_committee": 404,
    **dict.fromkeys(SUPERIOR_OFFICERS, 404),
    "superuser": 200,
}
# Change a record of committee A's organisation (officers; superusers administer it).
EDIT = {**VIEW, **dict.fromkeys([*MEMBERS_OF_A, "committee_clerk", "observer"], 403)}
# The change history of a record of committee A (officers).
AUDIT = EDIT
# The target member (cell A1): her cell sees her; registry roles see everyone of committee A.
MEMBER_VIEW = {
    "anonymous": 302,
    "member": 200,
    "member_other_cell": 404,
    "cell_secretary": 200,
    "secretary_other_cell": 404,
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 403,
    "officer_other_committee": 404,
    **dict.fromkeys(SUPERIOR_OFFICERS, 404),
    "superuser": 403,
}
MEMBER_EDIT = {**MEMBER_VIEW, "member": 403}
MEMBER_MANAGE = {**MEMBER_EDIT, "cell_secretary": 403}
# Committee-wide registry work (officers and clerks; an officer of B works on B).
REGISTRY_ROLES = ["committee_officer", "committee_clerk", "officer_other_committee"]
REGISTRY = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 403),
    **dict.fromkeys(REGISTRY_ROLES, 200),
}
POST_ONLY = {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}
# The meetings section: anyone with a role in a committee.
MEETINGS = {"anonymous": 302, **ALL_LOGGED_IN, **dict.fromkeys(SUPERIOR_OFFICERS, 403)}
# A published regular meeting of cell A1.
MEETING_VIEW = {
    "anonymous": 302,
    "member": 200,
    "member_other_cell": 404,
    "cell_secretary": 200,
    "secretary_other_cell": 404,
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 200,
    "officer_other_committee": 404,
    **dict.fromkeys(SUPERIOR_OFFICERS, 403),
    "superuser": 403,
}
MEETING_EDIT = {**MEETING_VIEW, "member": 403, "committee_clerk": 403, "observer": 403}
SECTION = {
    "anonymous": 302,
    **dict.fromkeys(MEMBERS_OF_A, 200),
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 403,
    "officer_other_committee": 200,
    **dict.fromkeys(SUPERIOR_OFFICERS, 403),
    "superuser": 403,
}
PUBLIC = dict.fromkeys(PERSONAS, 200)
# The record of a held meeting of cell A1 in draft: the cell's officers and the committee's.
RECORD_DRAFT = MEETING_EDIT
# Approved minutes: everyone who sees the meeting reads them; officers amend them.
RECORD_APPROVED = MEETING_VIEW
# The year-end review (confidential): the committee's officers decide, of their own committee.
COMMITTEE_OFFICERS = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 403),
    "committee_officer": 200,
    "officer_other_committee": 200,
}
# Officers of cells (their own cells) and of the committee.
CELL_OFFICERS = {
    **COMMITTEE_OFFICERS,
    "cell_secretary": 200,
    "secretary_other_cell": 200,
}
# A confidential record of cell A1 or of its member: that cell's officers and the committee's
# (never a superior's officer: 404).
CONFIDENTIAL_CELL = {
    **COMMITTEE_OFFICERS,
    "member_other_cell": 404,
    "cell_secretary": 200,
    "secretary_other_cell": 404,
    "officer_other_committee": 404,
    **dict.fromkeys(SUPERIOR_OFFICERS, 404),
}
# Pages about the user's own member record (issue 20): 404 for a user without one.
NO_MEMBER_RECORD = {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 404)}
# Commendations and discipline are decided by the committee.
COMMITTEE_ONLY = {**CONFIDENTIAL_CELL, "cell_secretary": 403}
AMEND = MEETING_EDIT
# A committee officer who is a member of cell A1 (issue 17): everyone who sees him reads his page,
# but only the committee's officers act on his record — never his cell's secretary, nor a clerk
# (their scope does not cover his office, DESIGN §3).
OFFICER_RECORD = {**MEMBER_MANAGE, "committee_clerk": 403}
# The same, for a POST that acts and redirects (his login).
OFFICER_RECORD_POST = {**OFFICER_RECORD, "committee_officer": 302}
# URL name → (its argument, the matrix data it names, method, {persona: status}) on the committee
# officers of cell A1: `boss` (the committee secretary, with a login) and `executive` (a committee
# member, without one).
OFFICER_RECORD_ROWS = {
    "members:detail": ("pk", "boss", "get", MEMBER_VIEW),
    "members:edit": ("pk", "boss", "get", OFFICER_RECORD),
    "members:status": ("pk", "boss", "get", OFFICER_RECORD),
    "members:transfer": ("pk", "boss", "get", OFFICER_RECORD),
    "members:move": ("pk", "boss", "get", OFFICER_RECORD),
    "members:position_add": ("pk", "boss", "get", OFFICER_RECORD),
    "members:position_end": ("pk", "boss_position", "get", OFFICER_RECORD),
    "reviews:discipline_add": ("member_pk", "boss", "get", OFFICER_RECORD),
    "members:login_create": ("pk", "executive", "post", OFFICER_RECORD_POST),
    "members:login_reset": ("pk", "boss", "post", OFFICER_RECORD_POST),
    "library:course_add": ("member_pk", "boss", "get", OFFICER_RECORD),
}
# The committee dashboard and its report: committee officers and observers (superusers too), and
# read-only the officer of committee A's superior (issue 22).
DASHBOARD = {
    **VIEW,
    **dict.fromkeys([*MEMBERS_OF_A, "committee_clerk"], 403),
    "superior_officer": 200,
}
# The superior's dashboard (issue 22): whoever holds a grant at a superior is sent to hers; a
# superuser chooses among all; the others hold no office there (403).
SUPERIOR_HOME = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 403),
    **dict.fromkeys(SUPERIOR_OFFICERS, 302),
    "superuser": 200,
}
# Committee A's superior: its officer (and a superuser); nobody else (404).
SUPERIOR_DASHBOARD = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 404),
    "superior_officer": 200,
    "superuser": 200,
}


# Party fees (fees app). A cell's register: its officers and the committee's; the others who see
# the cell, 403. A member's fees (the target, cell A1): her cell's officers and the committee's —
# nobody else may know them (404). The committee's register: its officers and observers.
FEES_CELL = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 403),
    "cell_secretary": 200,
    "committee_officer": 200,
    "officer_other_committee": 404,
    **dict.fromkeys(SUPERIOR_OFFICERS, 404),
}
FEES_MEMBER = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 404),
    "cell_secretary": 200,
    "committee_officer": 200,
}


def _fee_expectations(d):
    cell, target = {"cell_pk": d["cell"].pk}, {"member_pk": d["target"].pk}
    month = {**cell, "year": d["fee_month"].year, "month": d["fee_month"].month}
    committee = {"committee_pk": d["committee"].pk}
    return {
        "fees:cell_register": (cell, FEES_CELL),
        "fees:month_entry": (month, FEES_CELL),
        "fees:cell_register_xlsx": (cell, FEES_CELL),
        "fees:month_receipts_docx": (month, FEES_CELL),
        "fees:member_fees": (target, FEES_MEMBER),
        "fees:basis_set": (target, FEES_MEMBER),
        "fees:excuse": (target, FEES_MEMBER),
        "fees:payment_reverse": ({"pk": d["fee_payment"].pk}, FEES_MEMBER),
        "fees:committee_register": (
            committee,
            {**FEES_CELL, "cell_secretary": 403, "observer": 200},
        ),
        # Each cell's secretary records her cell's remittance; the officers any.
        "fees:remittance_record": (
            committee,
            {**FEES_CELL, "secretary_other_cell": 200},
        ),
        "fees:remittance_reverse": (
            {"pk": d["remittance"].pk},
            {**FEES_MEMBER, "observer": 403},
        ),
    }


# Political-theory training (library, helper C): the target's courses — whoever sees her personal
# fields reads them (the rest of her cell 403), whoever edits her record records them; "Training
# due": the committee's officers and clerk.
def _training_expectations(d):
    target, course = {"member_pk": d["target"].pk}, {"pk": d["course"].pk}
    return {
        "library:member_training": (target, MEMBER_EDIT),
        "library:course_add": (target, MEMBER_EDIT),
        "library:course_edit": (course, MEMBER_EDIT),
        "library:course_archive": (course, MEMBER_EDIT),
        "library:training_due": (
            {"committee_pk": d["committee"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 403),
                "committee_officer": 200,
                "committee_clerk": 200,
                "officer_other_committee": 404,
                **dict.fromkeys(SUPERIOR_OFFICERS, 404),
            },
        ),
    }


# The library's documents (helper A): a document open to all members — everyone of committee A
# reads it; its officers and clerk manage it. An officers-only document (its file): the
# committee's officers and clerk and the cells' officers; members and observers 404. A superuser
# without an office has no library (403), as for the meetings.
LIBRARY_READ = {**MEETINGS, "officer_other_committee": 404, "superuser": 403}
LIBRARY_MANAGE = {**LIBRARY_READ, **dict.fromkeys([*MEMBERS_OF_A, "observer"], 403)}
LIBRARY_OFFICERS_ONLY = {
    **LIBRARY_READ,
    **dict.fromkeys(["member", "member_other_cell", "observer"], 404),
}


def _library_expectations(d):
    document = {"pk": d["library_document"].pk}
    return {
        "library:documents": ({}, {**MEETINGS, "superuser": 403}),
        "library:document": (document, LIBRARY_READ),
        "library:document_create": ({"committee_pk": d["committee"].pk}, LIBRARY_MANAGE),
        "library:document_edit": (document, LIBRARY_MANAGE),
        "library:document_supersede": (document, LIBRARY_MANAGE),
        "library:document_archive": (document, LIBRARY_MANAGE),
        "library:file_add": (document, POST_ONLY),
        "library:file_download": (
            {"pk": d["library_secret"].pk, "file_pk": d["library_secret_file"].pk},
            LIBRARY_OFFICERS_ONLY,
        ),
        "library:file_archive": ({**document, "file_pk": d["library_file"].pk}, POST_ONLY),
        "library:meeting_link_add": ({"meeting_pk": d["meeting"].pk}, POST_ONLY),
        "library:meeting_link_archive": ({"pk": d["library_link"].pk}, POST_ONLY),
    }


# Study campaigns (library, helper B): a running campaign of committee A on its document, a report
# required; the member (cell A1) has reported; the target (A1, no login) has not. A campaign and
# its numbers: everyone of committee A (no superuser as such). Who studied (names): the
# committee's officers and the cells' officers (their rows) — 403 for members, the clerk and
# observers. Her own part: whoever is asked (members of A); nobody else has one (404). Recording
# for the target: her cell's secretary and the committee's officers; another cell's secretary
# 403; anyone who records for nobody 404. A report: the member, her cell's officers and the
# committee's officers — 404 for everyone else.
STUDY_VIEW = {**VIEW, "superuser": 404}
STUDY_MANAGE = {
    **STUDY_VIEW,
    **dict.fromkeys([*MEMBERS_OF_A, "committee_clerk", "observer"], 403),
}
STUDY_PROGRESS = {**STUDY_MANAGE, "cell_secretary": 200, "secretary_other_cell": 200}
STUDY_MINE = {
    **STUDY_VIEW,
    **dict.fromkeys(["committee_officer", "committee_clerk", "observer"], 404),
}
STUDY_NOBODY = {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 404)}
STUDY_RECORD = {
    **STUDY_NOBODY,
    "cell_secretary": 200,
    "secretary_other_cell": 403,
    "committee_officer": 200,
}
STUDY_REPORT = {**STUDY_NOBODY, "member": 200, "cell_secretary": 200, "committee_officer": 200}


def _study_expectations(d):
    campaign = {"pk": d["campaign"].pk}
    report = {"pk": d["study_reported"].pk}
    return {
        "library:campaign_list": ({}, {**MEETINGS, "superuser": 403}),
        # Started by the committee's officers only (the clerk manages documents, not campaigns).
        "library:campaign_start": (
            {"doc_pk": d["library_document"].pk},
            {**LIBRARY_MANAGE, "committee_clerk": 403},
        ),
        "library:campaign_detail": (campaign, STUDY_VIEW),
        "library:campaign_progress": (campaign, STUDY_PROGRESS),
        "library:campaign_extend": (campaign, STUDY_MANAGE),
        "library:campaign_archive": (campaign, POST_ONLY),
        "library:campaign_remind": (campaign, POST_ONLY),
        "library:campaign_reports_docx": (campaign, STUDY_MANAGE),
        "library:campaign_summary_xlsx": (campaign, STUDY_MANAGE),
        "library:study_confirm": (campaign, POST_ONLY),
        "library:study_report": (campaign, STUDY_MINE),
        "library:participant_record": ({"pk": d["study_target"].pk}, STUDY_RECORD),
        "library:participant_report": (report, STUDY_REPORT),
        "library:participant_report_file": (report, STUDY_REPORT),
    }


# The committee's periodic reports (issue 22, helper A): last month's submitted, this month's in
# draft. Read by the committee's officers and observers and by superusers; the members and clerk
# see the committee, not its reports (the list 403, a report 404). The superior's officer reads the
# submitted one (and the list, where she finds only it); written by the committee's officers only.
REPORTS_READ = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 404),
    "committee_officer": 200,
    "observer": 200,
    "superuser": 200,
}
REPORTS_WRITE = {**REPORTS_READ, "observer": 403, "superuser": 403}


def _report_expectations(d):
    submitted, draft = {"pk": d["report_submitted"].pk}, {"pk": d["report_draft"].pk}
    return {
        "reports:committee": (
            {"pk": d["committee"].pk},
            {
                **REPORTS_READ,
                **dict.fromkeys([*MEMBERS_OF_A, "committee_clerk"], 403),
                "superior_officer": 200,
            },
        ),
        "reports:create": ({"pk": d["committee"].pk}, POST_ONLY),
        "reports:detail": (submitted, {**REPORTS_READ, "superior_officer": 200}),
        "reports:docx": (submitted, {**REPORTS_READ, "superior_officer": 200}),
        "reports:edit": (draft, REPORTS_WRITE),
        "reports:submit": (draft, REPORTS_WRITE),
        "reports:correct": (submitted, {**REPORTS_WRITE, "superior_officer": 403}),
    }


def expectations(d):
    """URL name → (kwargs, {persona: status}) for the matrix data `d`."""
    committee = {"pk": d["committee"].pk}
    cell = {"pk": d["cell"].pk}
    term = {"pk": d["term"].pk}
    body = {"pk": d["body"].pk}
    target = {"pk": d["target"].pk}
    meeting = {"pk": d["meeting"].pk}
    held = {"pk": d["held"].pk}
    approved = {"pk": d["approved"].pk}
    resolution = {"pk": d["resolution"].pk}
    year = {"year": timezone.localdate().year}
    return {
        **_fee_expectations(d),
        **_library_expectations(d),
        **_training_expectations(d),
        **_study_expectations(d),
        **_report_expectations(d),
        "meetings:record_start": (meeting, POST_ONLY),
        "meetings:attendance": (held, RECORD_DRAFT),
        "meetings:attendance_refresh": (held, POST_ONLY),
        "meetings:attendance_mark": ({**held, "member_pk": d["attendee"].pk}, POST_ONLY),
        "meetings:attendance_amend": ({**approved, "member_pk": d["attendee"].pk}, AMEND),
        "meetings:guest_add": (held, POST_ONLY),
        "meetings:guest_remove": ({**held, "guest_pk": d["guest"].pk}, POST_ONLY),
        "meetings:minutes": (approved, RECORD_APPROVED),
        "meetings:minutes_print": (approved, RECORD_APPROVED),
        "meetings:minutes_docx": (approved, RECORD_APPROVED),
        "meetings:minutes_edit": (held, RECORD_DRAFT),
        "meetings:minutes_autosave": (held, POST_ONLY),
        "meetings:minutes_ready": (held, POST_ONLY),
        "meetings:minutes_approve": (held, POST_ONLY),
        "meetings:minutes_amend": (approved, AMEND),
        "meetings:criticism": (
            held,
            {
                **MEETING_EDIT,
                "member": 403,
                "committee_clerk": 403,
                "observer": 403,
                **dict.fromkeys([*SUPERIOR_OFFICERS, "superuser"], 404),
            },
        ),
        # Her own record: the member concerned and the officers; nobody else (confidential).
        "meetings:criticism_edit": (
            {**held, "member_pk": d["attendee"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "member": 200,
                "cell_secretary": 200,
                "committee_officer": 200,
            },
        ),
        "reviews:self_assessment": (year, {"anonymous": 302, **ALL_LOGGED_IN}),
        # Members and officers (no office, no review: clerks, observers, bare superusers).
        "reviews:home": (
            {},
            {
                "anonymous": 302,
                **ALL_LOGGED_IN,
                "committee_clerk": 403,
                "observer": 403,
                **dict.fromkeys(SUPERIOR_OFFICERS, 403),
                "superuser": 403,
            },
        ),
        "reviews:cell_review": (
            {**year, "cell_pk": d["cell"].pk},
            {**CONFIDENTIAL_CELL, **dict.fromkeys([*SUPERIOR_OFFICERS, "superuser"], 404)},
        ),
        "reviews:propose": (
            {**year, "cell_pk": d["cell"].pk, "member_pk": d["attendee"].pk},
            POST_ONLY,
        ),
        "reviews:year": (year, COMMITTEE_OFFICERS),
        "reviews:confirm": (year, POST_ONLY),
        "reviews:cell_rating": ({**year, "cell_pk": d["cell"].pk}, POST_ONLY),
        "reviews:report": (year, COMMITTEE_OFFICERS),
        "reviews:report_xlsx": (year, COMMITTEE_OFFICERS),
        "reviews:report_docx": (year, COMMITTEE_OFFICERS),
        "reviews:residence_list": (year, CELL_OFFICERS),
        "reviews:residence_edit": ({**year, "member_pk": d["attendee"].pk}, CONFIDENTIAL_CELL),
        "reviews:commendation_add": ({"member_pk": d["attendee"].pk}, COMMITTEE_ONLY),
        "reviews:discipline_add": ({"member_pk": d["attendee"].pk}, COMMITTEE_ONLY),
        # Inspection and supervision (issue 18): the cell's programme for its officers and the
        # committee's; the committee's for its officers; records also for the member concerned.
        "reviews:supervision_home": (
            {},
            {
                "anonymous": 302,
                **ALL_LOGGED_IN,
                **dict.fromkeys(
                    ["committee_clerk", "observer", *SUPERIOR_OFFICERS, "superuser"], 403
                ),
            },
        ),
        "reviews:supervision_programme_create": ({}, CELL_OFFICERS),
        "reviews:supervision_programme": (
            {"pk": d["sup_programme"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "cell_secretary": 200,
                "committee_officer": 200,
            },
        ),
        **{
            name: (
                {"pk": d[key].pk},
                {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 404), "committee_officer": 200},
            )
            for name, key in (
                ("reviews:supervision_programme_adopt", "sup_committee_programme"),
                ("reviews:supervision_item_add", "sup_committee_programme"),
                ("reviews:supervision_item_edit", "sup_committee_item"),
            )
        },
        "reviews:supervision_record_add": (
            {"pk": d["sup_item"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "cell_secretary": 200,
                "committee_officer": 403,
            },
        ),
        "reviews:supervision_record": (
            {"pk": d["sup_record"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "member": 200,
                "cell_secretary": 200,
                "committee_officer": 200,
            },
        ),
        "reviews:supervision_record_edit": (
            {"pk": d["sup_record"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "member": 403,
                "cell_secretary": 200,
                "committee_officer": 403,
            },
        ),
        "meetings:votes": (held, RECORD_DRAFT),
        "meetings:vote_remove": ({**held, "motion_pk": d["held_motion"].pk}, POST_ONLY),
        "meetings:resolution_adopt": ({**held, "motion_pk": d["held_motion"].pk}, RECORD_DRAFT),
        "meetings:resolutions": ({}, {**MEETINGS, "superuser": 403}),
        "meetings:resolution": (resolution, RECORD_APPROVED),
        "meetings:resolution_print": (resolution, RECORD_APPROVED),
        "meetings:resolution_docx": (resolution, RECORD_APPROVED),
        # Adopted and approved: no longer edited — those who recorded it are sent back to it.
        "meetings:resolution_edit": (
            resolution,
            {
                **RECORD_APPROVED,
                "member": 302,  # she was the meeting's clerk
                "cell_secretary": 302,
                "committee_officer": 302,
                "committee_clerk": 403,
                "observer": 403,
            },
        ),
        "meetings:task_add": (held, RECORD_DRAFT),
        # Officers' board: of their own cell or committee.
        "meetings:task_board": (
            {},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 403),
                "cell_secretary": 200,
                "secretary_other_cell": 200,
                "committee_officer": 200,
                "officer_other_committee": 200,
            },
        ),
        "meetings:my_tasks": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "meetings:assignment_done": ({"pk": d["assignment"].pk}, POST_ONLY),
        # Cancelling is the officers'; the member sees her own task but may not cancel it.
        "meetings:assignment_cancel": (
            {"pk": d["assignment"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 404),
                "member": 403,
                "cell_secretary": 200,
                "committee_officer": 200,
            },
        ),
        # Committee officers and observers land on their dashboard; everyone else on her home.
        "dashboard:home": (
            {},
            {
                "anonymous": 302,
                **ALL_LOGGED_IN,
                **dict.fromkeys(["committee_officer", "observer", "officer_other_committee"], 302),
                # A superior grant as her only office: to the superior's dashboard (issue 22).
                **dict.fromkeys(SUPERIOR_OFFICERS, 302),
            },
        ),
        "dashboard:my_home": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "dashboard:committee": (committee, DASHBOARD),
        "dashboard:report_xlsx": (committee, DASHBOARD),
        "dashboard:report_docx": (committee, DASHBOARD),
        "reports:superior_home": ({}, SUPERIOR_HOME),
        "reports:superior_dashboard": ({"pk": d["body"].superior_id}, SUPERIOR_DASHBOARD),
        # Directives flowing down (issue 22 item 5): read as the superior's dashboard; published
        # by its officer only (a superuser reads, 403 on publishing).
        "reports:directive_list": ({"pk": d["body"].superior_id}, SUPERIOR_DASHBOARD),
        "reports:directive_create": (
            {"pk": d["body"].superior_id},
            {**SUPERIOR_DASHBOARD, "superuser": 403},
        ),
        "reports:directive_detail": ({"pk": d["directive"].pk}, SUPERIOR_DASHBOARD),
        # The user guide documents screens, not data: everyone logged in reads every role's page.
        "dashboard:guide": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "dashboard:guide_role": ({"role": "secretary"}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "dashboard:guide_print": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "cells:committee_list": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "cells:committee_create": (
            {},
            {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 403), "superuser": 200},
        ),
        "cells:committee_detail": (committee, VIEW),
        "cells:committee_edit": (committee, EDIT),
        "cells:rules_edit": (committee, EDIT),
        "cells:superior_body_create": (committee, EDIT),
        "cells:superior_body_edit": (body, EDIT),
        "cells:term_create": (committee, EDIT),
        "cells:term_edit": (term, EDIT),
        "cells:cell_list": (committee, VIEW),
        "cells:cell_create": (committee, EDIT),
        "cells:cell_detail": (cell, VIEW),
        "cells:cell_edit": (cell, EDIT),
        "cells:cell_dissolve": (cell, EDIT),
        # Restoring is only offered for a dissolved cell: the active one redirects back.
        "cells:cell_restore": (cell, {**EDIT, "committee_officer": 302, "superuser": 302}),
        "cells:history": ({"kind": "cell", "pk": d["cell"].pk}, AUDIT),
        "login": ({}, {**PUBLIC, **dict.fromkeys(PERSONAS[1:], 302)}),
        # The log-in's second step: nobody waits for a code here — back to the log-in (or home).
        "login_two_factor": ({}, dict.fromkeys(PERSONAS, 302)),
        "logout": ({}, {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}),
        "password_change": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "password_change_done": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "password_reset": ({}, PUBLIC),
        "password_reset_done": ({}, PUBLIC),
        "password_reset_confirm": ({"uidb64": "MQ", "token": "bad-token"}, PUBLIC),
        "password_reset_complete": ({}, PUBLIC),
        "set_language": ({}, dict.fromkeys(PERSONAS, 302)),
        "health": ({}, PUBLIC),
        # The installable app (issue 24): its manifest, service worker and offline page hold
        # nothing of anyone.
        "manifest": ({}, PUBLIC),
        "service_worker": ({}, PUBLIC),
        "offline": ({}, PUBLIC),
        # The base template and nothing else (the HTTP benchmark's yardstick): anyone logged in.
        "bare": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "members:list": ({}, SECTION),
        "members:me": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        # Who viewed my record, and her own data (issue 20): a member, about herself; a user
        # without a member record has none (404). The committee's access log: its officers.
        **dict.fromkeys(
            ["members:my_access_log", "members:my_data", "members:my_data_zip"],
            ({}, {**NO_MEMBER_RECORD, **dict.fromkeys(MEMBERS_OF_A, 200)}),
        ),
        # Large text on or off, her own (issue 24 part 3): POST only.
        "members:text_size": ({}, POST_ONLY),
        "members:access_log": ({}, COMMITTEE_OFFICERS),
        "members:export": ({}, SECTION),
        # POST-only: a GET is refused before any access check.
        "members:login_create": (target, {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}),
        "members:login_reset": (target, {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}),
        "members:cell_logins": (
            {"pk": d["cell"].pk},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 403),
                "cell_secretary": 200,
                "committee_officer": 200,
                "committee_clerk": 200,
                "officer_other_committee": 404,
                **dict.fromkeys(SUPERIOR_OFFICERS, 404),
            },
        ),
        "members:login_slips": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "members:import_template": ({}, REGISTRY),
        "members:import_upload": ({}, REGISTRY),
        # Nothing uploaded yet: back to the upload page.
        "members:import_preview": ({}, {**REGISTRY, **dict.fromkeys(REGISTRY_ROLES, 302)}),
        "members:import_confirm": ({}, {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 405)}),
        "meetings:calendar": ({}, {**MEETINGS, "superuser": 403}),
        "meetings:create": (
            {},
            {
                **MEETINGS,
                **dict.fromkeys(
                    ["member", "member_other_cell", "committee_clerk", "observer"], 403
                ),
                "superuser": 403,
            },
        ),
        "meetings:schedule": (
            {},
            {
                "anonymous": 302,
                **dict.fromkeys(PERSONAS[1:], 403),
                "committee_officer": 200,
                "officer_other_committee": 200,
            },
        ),
        "meetings:detail": (meeting, MEETING_VIEW),
        "meetings:edit": (meeting, MEETING_EDIT),
        "meetings:history": (meeting, MEETING_EDIT),
        # The invitation (giấy mời, issue 21): whoever publishes the meeting.
        "meetings:invitation_print": (meeting, MEETING_EDIT),
        "meetings:invitation_docx": (meeting, MEETING_EDIT),
        "meetings:publish": (meeting, POST_ONLY),
        "meetings:agenda_add": (meeting, POST_ONLY),
        "meetings:agenda_edit": ({**meeting, "item_pk": d["item"].pk}, MEETING_EDIT),
        "meetings:agenda_move": ({**meeting, "item_pk": d["item"].pk}, POST_ONLY),
        "meetings:agenda_remove": ({**meeting, "item_pk": d["item"].pk}, POST_ONLY),
        "meetings:document_upload": (meeting, POST_ONLY),
        "meetings:document": ({**meeting, "doc_pk": d["document"].pk}, MEETING_VIEW),
        "meetings:document_archive": ({**meeting, "doc_pk": d["document"].pk}, POST_ONLY),
        # Reading offline (issue 24): a receipt posted back online; what a phone may still keep.
        "meetings:document_read": ({**meeting, "doc_pk": d["document"].pk}, POST_ONLY),
        "meetings:offline_check": ({}, POST_ONLY),
        "meetings:study_mark": (meeting, POST_ONLY),
        # Members of the cell prepare; officers by grant, clerks and observers read.
        "meetings:comment_save": (
            {**meeting, "item_pk": d["item"].pk},
            {
                **MEETING_VIEW,
                **dict.fromkeys(["committee_officer", "committee_clerk", "observer"], 403),
            },
        ),
        "meetings:meeting_ics": (meeting, MEETING_VIEW),
        "meetings:ical_settings": ({}, {**MEETINGS, "superuser": 403}),
        "meetings:ical_reset": ({}, POST_ONLY),
        # A private feed: the token is the key, with or without a session.
        "meetings:ical_feed": ({"token": d["ical_token"]}, PUBLIC),
        "members:notifications": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "members:notification_open": (
            {"pk": d["notification"].pk},
            {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 404), "member": 302},
        ),
        "members:notifications_read_all": ({}, POST_ONLY),
        # Two-step login (issue 20): her own, for everyone logged in; without it on (no persona
        # has it), the recovery codes and turning it off send her back to its page. Resetting
        # someone's: superusers only (the member persona has nothing to reset: back to the list).
        "members:two_factor": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "members:two_factor_setup": ({}, {"anonymous": 302, **ALL_LOGGED_IN}),
        "members:two_factor_codes": ({}, dict.fromkeys(PERSONAS, 302)),
        "members:two_factor_disable": ({}, dict.fromkeys(PERSONAS, 302)),
        "members:two_factor_users": (
            {},
            {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 403), "superuser": 200},
        ),
        "members:two_factor_reset": (
            {"pk": d["users"]["member"].pk},
            {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 403), "superuser": 302},
        ),
        "members:probation": ({}, SECTION),
        "members:create": (
            {},
            # Committee B has no cell to enrol anyone into.
            {**SECTION, "member": 403, "member_other_cell": 403, "officer_other_committee": 403},
        ),
        "members:detail": (target, MEMBER_VIEW),
        "members:photo": (target, MEMBER_VIEW),
        "members:edit": (target, MEMBER_EDIT),
        "members:status": (target, MEMBER_EDIT),
        "members:transfer": (target, MEMBER_EDIT),
        # Her transfer letter: whoever reads her personal fields (not the rest of her cell).
        "members:transfer_letter": ({"pk": d["transfer_out"].pk}, {**MEMBER_VIEW, "member": 404}),
        "members:history": (target, MEMBER_EDIT),
        "members:move": (target, MEMBER_MANAGE),
        "members:position_add": (target, MEMBER_MANAGE),
        "members:position_end": ({"pk": d["position"].pk}, MEMBER_MANAGE),
    }


def named_urls():
    """Every URL name the resolver knows, with its namespace, except the skipped namespaces."""
    names = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = pattern.namespace
                if namespace in SKIPPED_NAMESPACES:
                    continue
                walk(pattern, f"{prefix}{namespace}:" if namespace else prefix)
            elif pattern.name:
                names.append(prefix + pattern.name)

    walk(get_resolver(), "")
    return sorted(set(names))


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix_data()
        transaction.set_rollback(True)


def build_matrix_data():
    """The committees, cells, personas' users and records the matrix walks (the browser test of
    the Content Security Policy, tests/e2e/test_csp.py, builds them too, for its live server)."""
    with transaction.atomic():
        committee = CommitteeFactory()
        other = CommitteeFactory()
        term = TermFactory(committee=committee)
        cell = CellFactory(committee=committee)
        other_cell = CellFactory(committee=committee)

        def member_of(c, role=None):
            member = MemberFactory(committee=committee, cell=c)
            if role:
                PositionFactory(member=member, cell=c, role=role, term=term)
            return member_user(member)

        target = MemberFactory(committee=committee, cell=cell, photo=_photo())
        users = {
            "member": member_of(cell),
            "member_other_cell": member_of(other_cell),
            "cell_secretary": member_of(cell, "cell_secretary"),
            "secretary_other_cell": member_of(other_cell, "cell_secretary"),
            "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
            "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
            "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
            "officer_other_committee": CommitteeRoleFactory(committee=other, role="officer").user,
            **superior_personas(committee),
            "superuser": UserFactory(username="m-admin", is_superuser=True, is_staff=True),
        }
        data = {
            "committee": committee,
            "cell": cell,
            "term": term,
            "body": committee.superior_bodies.get(),  # made with the superior personas
            "target": target,
            "position": PositionFactory(
                member=target, cell=cell, role="cell_committee_member", term=term
            ),
            "users": users,
        }
        data["meeting"] = MeetingFactory(cell=cell, status="published")
        data["item"] = AgendaItemFactory(meeting=data["meeting"])
        data["document"] = document_add(
            meeting=data["meeting"],
            upload=SimpleUploadedFile(
                "tai-lieu.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"
            ),
            title="Tài liệu",
            by=users["committee_officer"],
        )
        data["transfer_out"] = Transfer.objects.create(
            member=target,
            direction=Transfer.Direction.OUT,
            kind=Transfer.Kind.TEMPORARY,
            date=timezone.localdate(),
            organisation="Chi bộ Trường THCS Lê Lợi",
            expected_return=timezone.localdate() + datetime.timedelta(days=200),
        )
        _record_meetings(data, cell)
        _committee_officers_in(data, cell)
        _fees_of(data, cell)
        _library_of(data)
        _study_of(data)
        data["course"] = TrainingCourseFactory(member=target)
        _supervision(data, cell)
        _reports_of(data)
        _directive_of(data)
        member_user_obj = users["member"]
        member_user_obj.ical_token = "matrix-token-" + "x" * 20
        member_user_obj.save(update_fields=["ical_token"])
        data["ical_token"] = member_user_obj.ical_token
        data["notification"] = Notification.objects.create(
            user=member_user_obj, title="Thông báo", url=data["meeting"].get_absolute_url()
        )
        return data


def _record_meetings(data, cell):
    """A held meeting with draft minutes and one with approved minutes, both of cell A1."""
    secretary = data["users"]["cell_secretary"]
    today = timezone.localdate()
    data["attendee"] = data["users"]["member"].member
    for key, days in (("held", 40), ("approved", 80)):
        meeting = MeetingFactory(
            cell=cell, status="published", date=today - datetime.timedelta(days=days)
        )
        AgendaItemFactory(meeting=meeting)
        recording_start(meeting=meeting, by=secretary)
        data[key] = meeting
    data["guest"] = guest_add(meeting=data["held"], name="Khách", by=secretary)
    approved = data["approved"]
    minutes_save(
        meeting=approved,
        version=1,
        by=secretary,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 0),
        chair_id=secretary.member.pk,
        clerk_id=data["attendee"].pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    # What the meetings decided: a passed vote at each, a resolution and a task at the approved
    # one (decided before its minutes were approved).
    for key in ("held", "approved"):
        data[f"{key}_motion"] = votes.vote_record(
            meeting=data[key],
            kind="ordinary",
            method="hands",
            text="Thông qua",
            yes=2,
            no=0,
            by=secretary,
        )
    data["resolution"] = resolutions.resolution_adopt(
        motion=data["approved_motion"], title="về nhiệm vụ", content="Nội dung", by=secretary
    )
    data["assignment"] = tasks.task_assign(
        meeting=approved,
        title="Phụ đạo học sinh",
        deadline=approved.date + datetime.timedelta(days=20),
        members=[data["attendee"]],
        resolution=data["resolution"],
        by=secretary,
    ).assignments.get()
    minutes_mark_ready(meeting=approved, by=secretary)
    minutes_approve(meeting=approved, by=secretary)


def _committee_officers_in(data, cell):
    """Two members of cell A1 who hold offices of the executive committee."""
    boss = MemberFactory(committee=cell.committee, cell=cell, full_name="Đỗ Văn Chính")
    data["boss_position"] = PositionFactory(
        member=boss, role="committee_secretary", term=data["term"]
    )
    member_user(boss)
    data["boss"] = boss
    data["executive"] = MemberFactory(committee=cell.committee, cell=cell)
    PositionFactory(member=data["executive"], role="committee_member", term=data["term"])


def _supervision(data, cell):
    """Cell A1's programme, adopted, with an item about the attendee and her record; the
    committee's programme in draft with an item about cell A1 (issue 18)."""
    secretary = data["users"]["cell_secretary"]
    officer = data["users"]["committee_officer"]
    today = timezone.localdate()
    dates = {
        "planned_from": today.replace(month=1, day=1),
        "planned_until": today.replace(month=12, day=31),
    }
    programme = sup_programmes.programme_create(
        committee=cell.committee, cell=cell, year=today.year, by=secretary
    )
    data["sup_programme"] = programme
    data["sup_item"] = sup_programmes.item_add(
        programme=programme,
        by=secretary,
        kind="regular",
        dimension="tasks",
        subject_members=[data["attendee"]],
        supervisors=[secretary.member],
        **dates,
    )
    sup_programmes.programme_adopt(programme=programme, motion=data["held_motion"], by=secretary)
    data["sup_record"] = sup_records.record_add(
        item=data["sup_item"], member=data["attendee"], by=secretary, recorded_on=today
    )
    committee_programme = sup_programmes.programme_create(
        committee=cell.committee, year=today.year, by=officer
    )
    data["sup_committee_programme"] = committee_programme
    data["sup_committee_item"] = sup_programmes.item_add(
        programme=committee_programme,
        by=officer,
        kind="inspection",
        dimension="charter",
        subject_cell=cell,
        supervisors=[secretary.member],
        **dates,
    )


def _fees_of(data, cell):
    """The target's fee basis and a payment of January, and the cell's remittance for it."""
    data["fee_month"] = month = timezone.localdate().replace(month=1, day=1)
    FeeBasisFactory(member=data["target"], effective_from=month)
    data["fee_payment"] = FeePaymentFactory(member=data["target"], cell=cell, month=month)
    data["remittance"] = RemittanceFactory(cell=cell, month=month)


def _library_of(data):
    """A document open to all members (a file, attached to the published meeting's agenda item)
    and an officers-only one (a file) in committee A's library."""
    officer = data["users"]["committee_officer"]

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")

    document = library_services.document_create(
        committee=data["committee"],
        by=officer,
        kind="superior",
        title="Nghị quyết về giáo dục",
        number="35-NQ/TU",
        issuer="Tỉnh ủy Đắk Lắk",
        issued_on=datetime.date(2025, 1, 20),
        upload=pdf("nq35.pdf"),
    )
    secret = library_services.document_create(
        committee=data["committee"],
        by=officer,
        kind="other",
        title="Hướng dẫn bảo vệ chính trị nội bộ",
        audience="officers",
        upload=pdf("bvct.pdf"),
    )
    data["library_document"], data["library_secret"] = document, secret
    data["library_file"] = document.files.get()
    data["library_secret_file"] = secret.files.get()
    data["library_link"] = library_services.meeting_link_add(
        document=document, meeting=data["meeting"], agenda_item=data["item"], by=officer
    )


def _study_of(data):
    """A running campaign on committee A's document (a report required): the member has reported
    (with a file); the target has not."""
    today = timezone.localdate()
    campaign = study_services.campaign_start(
        data["committee"],
        data["library_document"],
        title="Học tập Nghị quyết 35",
        cells=[],
        starts_on=today - datetime.timedelta(days=3),
        deadline=today + datetime.timedelta(days=20),
        report_required=True,
        by=data["users"]["committee_officer"],
    ).campaign
    member = data["users"]["member"]
    data["campaign"] = campaign
    data["study_target"] = campaign.participants.get(member=data["target"])
    data["study_reported"] = campaign.participants.get(member=member.member)
    study_services.report_submit(
        participant=data["study_reported"],
        text="Bài thu hoạch",
        upload=SimpleUploadedFile("bai.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
        by=member,
    )


def _reports_of(data):
    """Committee A's report of last month, submitted, and this month's, in draft."""
    officer = data["users"]["committee_officer"]
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    submitted, _created = report_services.report_create(
        committee=data["committee"], kind="month", period_start=last_month, by=officer
    )
    data["report_submitted"] = report_services.report_submit(submitted, by=officer)
    data["report_draft"], _created = report_services.report_create(
        committee=data["committee"], kind="month", period_start=today, by=officer
    )


def _directive_of(data):
    """A directive of committee A's superior, with a study campaign (issue 22 item 5)."""
    today = timezone.localdate()
    data["directive"] = directive_publish(
        superior=data["body"].superior,
        by=data["users"]["superior_officer"],
        title="Chỉ thị về giáo dục chính trị tư tưởng",
        number="05-CT/ĐU",
        issued_on=today,
        upload=SimpleUploadedFile("ct05.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
        study_deadline=today + datetime.timedelta(days=30),
    ).directive


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (3, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_every_url_has_an_expectation(matrix_data):
    missing = set(named_urls()) - set(expectations(matrix_data))
    assert not missing, f"URLs without an access expectation: {sorted(missing)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", named_urls())
def test_access(client, db, matrix_data, name, persona):
    kwargs, statuses = expectations(matrix_data)[name]
    if persona != "anonymous":
        client.force_login(matrix_data["users"][persona])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == statuses[persona], (name, persona)
    # Issue 24: no other page is ever marked safe to keep on a phone — criticism, supervision,
    # self-assessments, personal records, registers are read online only.
    if name not in OFFLINE_PAGES:
        assert KEEP_HEADER not in response, (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", OFFICER_RECORD_ROWS)
def test_acting_on_a_committee_officer(client, db, matrix_data, name, persona):
    """Issue 17: the writes on a committee officer's record, × every persona."""
    argument, key, method, statuses = OFFICER_RECORD_ROWS[name]
    if persona != "anonymous":
        client.force_login(matrix_data["users"][persona])
    response = getattr(client, method)(reverse(name, kwargs={argument: matrix_data[key].pk}))
    assert response.status_code == statuses[persona], (name, persona)
