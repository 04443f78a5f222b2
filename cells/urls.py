from django.urls import path

from cells import views

app_name = "cells"

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/rules/", views.rules_edit, name="rules_edit"),
    path(
        "committees/<int:pk>/superior-bodies/new/",
        views.superior_body_create,
        name="superior_body_create",
    ),
    path("superior-bodies/<int:pk>/edit/", views.superior_body_edit, name="superior_body_edit"),
    path("committees/<int:pk>/terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("committees/<int:pk>/cells/", views.cell_list, name="cell_list"),
    path("committees/<int:pk>/cells/new/", views.cell_create, name="cell_create"),
    path("cells/<int:pk>/", views.cell_detail, name="cell_detail"),
    path("cells/<int:pk>/edit/", views.cell_edit, name="cell_edit"),
    path("cells/<int:pk>/dissolve/", views.cell_dissolve, name="cell_dissolve"),
    path("cells/<int:pk>/restore/", views.cell_restore, name="cell_restore"),
    path("history/<slug:kind>/<int:pk>/", views.record_history, name="history"),
]
