from django.urls import path

from meetings.views import meetings as views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_create, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("schedule/", views.schedule_generate, name="schedule"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/publish/", views.meeting_publish, name="publish"),
    path("<int:pk>/history/", views.meeting_history, name="history"),
]
