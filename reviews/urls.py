from django.urls import path

from reviews.views import cell, committee, home, records

app_name = "reviews"

urlpatterns = [
    path("", home.review_home, name="home"),
    path("self/<int:year>/", cell.self_assessment, name="self_assessment"),
    path("<int:year>/cells/<int:cell_pk>/", cell.cell_review, name="cell_review"),
    path(
        "<int:year>/cells/<int:cell_pk>/members/<int:member_pk>/propose/",
        cell.propose,
        name="propose",
    ),
    path("<int:year>/", committee.year_overview, name="year"),
    path("<int:year>/confirm/", committee.confirm, name="confirm"),
    path("<int:year>/cells/<int:cell_pk>/rating/", committee.cell_rating, name="cell_rating"),
    path("<int:year>/report/", committee.report, name="report"),
    path("<int:year>/report.xlsx", committee.report_xlsx, name="report_xlsx"),
    path("<int:year>/report.docx", committee.report_docx, name="report_docx"),
    path("<int:year>/residence/", records.residence_list, name="residence_list"),
    path("<int:year>/residence/<int:member_pk>/", records.residence_edit, name="residence_edit"),
    path(
        "members/<int:member_pk>/commendations/add/",
        records.commendation_add,
        name="commendation_add",
    ),
    path("members/<int:member_pk>/discipline/add/", records.discipline_add, name="discipline_add"),
]
