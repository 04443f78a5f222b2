from django.urls import path

from dashboard import views
from dashboard.guide import views as guide

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.my_home, name="my_home"),
    path("dashboard/<int:pk>/", views.committee_dashboard, name="committee"),
    path("dashboard/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("dashboard/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("guide/", guide.guide_index, name="guide"),
    path("guide/print/", guide.guide_print, name="guide_print"),
    path("guide/<slug:role>/", guide.guide_role, name="guide_role"),
]
