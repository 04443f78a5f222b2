from django.urls import path

from meetings.views import (
    agenda,
    attendance,
    calendar,
    criticism,
    documents,
    ical,
    invitation,
    minutes,
    official,
    offline,
    preparation,
    resolutions,
    tasks,
    votes,
)
from meetings.views import meetings as views

app_name = "meetings"

urlpatterns = [
    path("", calendar.meeting_calendar, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("schedule/", views.schedule_generate, name="schedule"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/publish/", views.meeting_publish, name="publish"),
    path("<int:pk>/history/", views.meeting_history, name="history"),
    # Reaching members without an account (issue 21): the invitation to print or download.
    path("<int:pk>/invitation/print/", invitation.invitation_print, name="invitation_print"),
    path("<int:pk>/invitation.docx", invitation.invitation_docx, name="invitation_docx"),
    path("<int:pk>/agenda/add/", agenda.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/edit/", agenda.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item_pk>/move/", agenda.agenda_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", agenda.agenda_remove, name="agenda_remove"),
    path("<int:pk>/documents/upload/", documents.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:doc_pk>/", documents.document_download, name="document"),
    path("<int:pk>/documents/<int:doc_pk>/read/", documents.document_read, name="document_read"),
    path("offline/check/", offline.offline_check, name="offline_check"),
    path(
        "<int:pk>/documents/<int:doc_pk>/archive/",
        documents.document_archive_view,
        name="document_archive",
    ),
    path("<int:pk>/studied/", preparation.study_mark_view, name="study_mark"),
    path(
        "<int:pk>/agenda/<int:item_pk>/comment/",
        preparation.comment_save_view,
        name="comment_save",
    ),
    # The record of the meeting (issue: attendance, minutes, approval, amendments).
    path("<int:pk>/record/start/", attendance.record_start, name="record_start"),
    path("<int:pk>/attendance/", attendance.attendance_sheet, name="attendance"),
    path("<int:pk>/attendance/refresh/", attendance.attendance_refresh, name="attendance_refresh"),
    path(
        "<int:pk>/attendance/<int:member_pk>/", attendance.attendance_mark, name="attendance_mark"
    ),
    path(
        "<int:pk>/attendance/<int:member_pk>/amend/",
        attendance.attendance_amend,
        name="attendance_amend",
    ),
    path("<int:pk>/guests/add/", attendance.guest_add, name="guest_add"),
    path("<int:pk>/guests/<int:guest_pk>/remove/", attendance.guest_remove, name="guest_remove"),
    path("<int:pk>/minutes/", official.minutes_detail, name="minutes"),
    path("<int:pk>/minutes/print/", official.minutes_print, name="minutes_print"),
    path("<int:pk>/minutes.docx", official.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/autosave/", minutes.minutes_autosave, name="minutes_autosave"),
    path("<int:pk>/minutes/ready/", minutes.minutes_ready, name="minutes_ready"),
    path("<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("<int:pk>/minutes/amend/", minutes.minutes_amend, name="minutes_amend"),
    # What a meeting decides (issue: votes, resolutions, tasks).
    path("<int:pk>/votes/", votes.vote_list, name="votes"),
    path("<int:pk>/votes/<int:motion_pk>/remove/", votes.vote_remove, name="vote_remove"),
    path(
        "<int:pk>/votes/<int:motion_pk>/adopt/",
        resolutions.resolution_adopt,
        name="resolution_adopt",
    ),
    path("resolutions/", resolutions.resolution_register, name="resolutions"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/print/", resolutions.resolution_print, name="resolution_print"),
    path("resolutions/<int:pk>.docx", resolutions.resolution_docx, name="resolution_docx"),
    path("<int:pk>/tasks/add/", tasks.task_add, name="task_add"),
    path("tasks/", tasks.task_board, name="task_board"),
    path("tasks/mine/", tasks.my_tasks, name="my_tasks"),
    path("tasks/assignments/<int:pk>/done/", tasks.assignment_done, name="assignment_done"),
    path("tasks/assignments/<int:pk>/cancel/", tasks.assignment_cancel, name="assignment_cancel"),
    # Self-criticism and criticism (confidential).
    path("<int:pk>/criticism/", criticism.criticism_list, name="criticism"),
    path("<int:pk>/criticism/<int:member_pk>/", criticism.criticism_edit, name="criticism_edit"),
    path("calendar.ics/<str:token>/", ical.ical_feed, name="ical_feed"),
    path("<int:pk>/calendar.ics", ical.meeting_ics, name="meeting_ics"),
    path("calendar-link/", ical.ical_settings, name="ical_settings"),
    path("calendar-link/reset/", ical.ical_reset, name="ical_reset"),
]
