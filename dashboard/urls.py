from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.my_home, name="my_home"),
    path("dashboard/<int:pk>/", views.committee_dashboard, name="committee"),
    path("dashboard/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("dashboard/<int:pk>/report.docx", views.report_docx, name="report_docx"),
]
