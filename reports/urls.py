"""The reports' pages (issue 22): the committee's periodic reports to its superior, and the
superior's view across the committees under it."""

from django.urls import path

from reports.views import directives, periodic, superior

app_name = "reports"

urlpatterns: list = [
    # The committee's periodic reports (`reports/views/periodic.py`).
    path("committee/<int:pk>/", periodic.report_list, name="committee"),
    path("committee/<int:pk>/create/", periodic.report_create, name="create"),
    path("<int:pk>/", periodic.report_detail, name="detail"),
    path("<int:pk>/edit/", periodic.report_edit, name="edit"),
    path("<int:pk>/submit/", periodic.report_submit, name="submit"),
    path("<int:pk>/correct/", periodic.report_correct, name="correct"),
    path("<int:pk>/report.docx", periodic.report_docx_view, name="docx"),
    # The superior's dashboard across its committees (`reports/views/superior.py`).
    path("superior/", superior.superior_home, name="superior_home"),
    path("superior/<int:pk>/", superior.superior_dashboard, name="superior_dashboard"),
    # Directives flowing down to the committees (`reports/views/directives.py`).
    path("superior/<int:pk>/directives/", directives.directive_list, name="directive_list"),
    path(
        "superior/<int:pk>/directives/publish/",
        directives.directive_create,
        name="directive_create",
    ),
    path("directives/<int:pk>/", directives.directive_detail, name="directive_detail"),
]
