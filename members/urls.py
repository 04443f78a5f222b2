from django.urls import path

from members import views
from members.views import two_factor as two_factor_views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("me/", views.my_profile, name="me"),
    path("me/access-log/", views.my_access_log, name="my_access_log"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data.zip", views.my_data_zip, name="my_data_zip"),
    # Large text — "chữ lớn" (issue 24 part 3): on or off, kept on her account.
    path("me/text-size/", views.text_size_set, name="text_size"),
    path("access-log/", views.committee_access_log, name="access_log"),
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
    # Two-step login (issue 20): her own, and a superuser's reset of a lost phone.
    path("two-step/", two_factor_views.two_factor_page, name="two_factor"),
    path("two-step/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("two-step/codes/", two_factor_views.two_factor_codes, name="two_factor_codes"),
    path("two-step/off/", two_factor_views.two_factor_disable, name="two_factor_disable"),
    path("two-step/users/", two_factor_views.two_factor_users, name="two_factor_users"),
    path(
        "two-step/users/<int:pk>/reset/",
        two_factor_views.two_factor_reset,
        name="two_factor_reset",
    ),
]
