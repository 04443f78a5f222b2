from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("me/", views.my_profile, name="me"),
    path("export/", views.member_export, name="export"),
    path("probation/", views.probation_watch, name="probation"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/photo/", views.member_photo, name="photo"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/move/", views.member_move, name="move"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("transfers/<int:pk>/letter.docx", views.transfer_letter, name="transfer_letter"),
    path("<int:pk>/positions/new/", views.position_add, name="position_add"),
    path("positions/<int:pk>/end/", views.position_end, name="position_end"),
    path("<int:pk>/history/", views.member_history, name="history"),
    path("<int:pk>/login/", views.login_create, name="login_create"),
    path("<int:pk>/login/reset/", views.login_reset, name="login_reset"),
    path("cells/<int:pk>/logins/", views.cell_logins_create, name="cell_logins"),
    path("logins/slips/", views.login_slips, name="login_slips"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path(
        "notifications/read-all/",
        views.notifications_read_all,
        name="notifications_read_all",
    ),
]
