"""URL map: each app has its own namespace; accounts use Django's views with our templates."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from members.views.accounts import (
    LoginView,
    LogoutView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from members.views.language import language_set
from members.views.two_factor import admin_login, login_two_factor

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

urlpatterns = [
    path("", include("dashboard.urls")),
    path("organisation/", include("cells.urls")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("reviews/", include("reviews.urls")),
    path("fees/", include("fees.urls")),
    path("library/", include("library.urls")),
    path("reports/", include("reports.urls")),
    path("account/login/", LoginView.as_view(), name="login"),
    path("account/login/code/", login_two_factor, name="login_two_factor"),
    path("account/logout/", LogoutView.as_view(), name="logout"),
    path(
        "account/password/change/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", language_set, name="set_language"),
    path("health/", core_views.health, name="health"),
    # The installable app (issue 24): its manifest, its service worker (at the root, to serve
    # every page) and the page it shows offline.
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline_page, name="offline"),
    # The base template and nothing else: the HTTP benchmark's yardstick (bench/run.py).
    path("bare/", core_views.bare_page, name="bare"),
    # The administration logs in through the app's own log-in, so that its second step (the
    # two-step login's code) is never skipped.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]
