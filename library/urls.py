"""The library pages (DOMAIN §1, §14), mounted at /library/."""

from django.urls import path

from library.views import documents, study, training

app_name = "library"

urlpatterns = [
    # --- documents (helper A) ---
    path("", documents.document_list, name="documents"),
    path(
        "committees/<int:committee_pk>/documents/new/",
        documents.document_create,
        name="document_create",
    ),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("documents/<int:pk>/supersede/", documents.document_supersede, name="document_supersede"),
    path("documents/<int:pk>/archive/", documents.document_archive, name="document_archive"),
    path("documents/<int:pk>/files/add/", documents.file_add, name="file_add"),
    path("documents/<int:pk>/files/<int:file_pk>/", documents.file_download, name="file_download"),
    path(
        "documents/<int:pk>/files/<int:file_pk>/archive/",
        documents.file_archive,
        name="file_archive",
    ),
    path("meetings/<int:meeting_pk>/attach/", documents.meeting_link_add, name="meeting_link_add"),
    path(
        "meeting-links/<int:pk>/archive/",
        documents.meeting_link_archive,
        name="meeting_link_archive",
    ),
    # --- study campaigns (helper B) ---
    path("study/", study.campaign_list, name="campaign_list"),
    path("documents/<int:doc_pk>/study/new/", study.campaign_start, name="campaign_start"),
    path("study/<int:pk>/", study.campaign_detail, name="campaign_detail"),
    path("study/<int:pk>/progress/", study.campaign_progress, name="campaign_progress"),
    path("study/<int:pk>/extend/", study.campaign_extend, name="campaign_extend"),
    path("study/<int:pk>/archive/", study.campaign_archive, name="campaign_archive"),
    path("study/<int:pk>/remind/", study.campaign_remind, name="campaign_remind"),
    path("study/<int:pk>/reports.docx", study.campaign_reports_docx, name="campaign_reports_docx"),
    path("study/<int:pk>/summary.xlsx", study.campaign_summary_xlsx, name="campaign_summary_xlsx"),
    path("study/<int:pk>/studied/", study.study_confirm, name="study_confirm"),
    path("study/<int:pk>/my-report/", study.study_report, name="study_report"),
    path(
        "study/participants/<int:pk>/record/",
        study.participant_record,
        name="participant_record",
    ),
    path(
        "study/participants/<int:pk>/report/",
        study.participant_report,
        name="participant_report",
    ),
    path(
        "study/participants/<int:pk>/report/file/",
        study.participant_report_file,
        name="participant_report_file",
    ),
    # --- training (helper C) ---
    path(
        "training/members/<int:member_pk>/",
        training.member_training,
        name="member_training",
    ),
    path("training/members/<int:member_pk>/new/", training.course_add, name="course_add"),
    path("training/<int:pk>/edit/", training.course_edit, name="course_edit"),
    path("training/<int:pk>/archive/", training.course_archive, name="course_archive"),
    path(
        "training/committees/<int:committee_pk>/due/",
        training.training_due,
        name="training_due",
    ),
]
