from django.urls import path

from reviews.views import cell, committee, home, records, supervision

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
    # Inspection and supervision (kiểm tra, giám sát).
    path("supervision/", supervision.supervision_home, name="supervision_home"),
    path(
        "supervision/programmes/new/",
        supervision.programme_create,
        name="supervision_programme_create",
    ),
    path(
        "supervision/programmes/<int:pk>/",
        supervision.programme_detail,
        name="supervision_programme",
    ),
    path(
        "supervision/programmes/<int:pk>/adopt/",
        supervision.programme_adopt,
        name="supervision_programme_adopt",
    ),
    path(
        "supervision/programmes/<int:pk>/items/add/",
        supervision.item_add,
        name="supervision_item_add",
    ),
    path("supervision/items/<int:pk>/edit/", supervision.item_edit, name="supervision_item_edit"),
    path(
        "supervision/items/<int:pk>/records/add/",
        supervision.record_add,
        name="supervision_record_add",
    ),
    path("supervision/records/<int:pk>/", supervision.record_detail, name="supervision_record"),
    path(
        "supervision/records/<int:pk>/edit/",
        supervision.record_edit,
        name="supervision_record_edit",
    ),
]
