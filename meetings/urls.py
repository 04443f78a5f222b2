from django.urls import path

from meetings.views import agenda, calendar
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
]
