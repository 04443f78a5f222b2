from django.urls import path

from meetings.views import agenda, calendar, documents, ical, preparation
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
    path("<int:pk>/agenda/add/", agenda.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/edit/", agenda.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item_pk>/move/", agenda.agenda_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", agenda.agenda_remove, name="agenda_remove"),
    path("<int:pk>/documents/upload/", documents.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:doc_pk>/", documents.document_download, name="document"),
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
    path("calendar.ics/<str:token>/", ical.ical_feed, name="ical_feed"),
    path("<int:pk>/calendar.ics", ical.meeting_ics, name="meeting_ics"),
    path("calendar-link/", ical.ical_settings, name="ical_settings"),
    path("calendar-link/reset/", ical.ical_reset, name="ical_reset"),
]
