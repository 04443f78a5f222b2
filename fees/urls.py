"""The party-fee pages (DOMAIN §8), mounted at /fees/."""

from django.urls import path, register_converter

from fees.views import cell, committee, member


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(YearConverter, "fees_yyyy")
register_converter(MonthConverter, "fees_mm")

app_name = "fees"
urlpatterns = [
    path("cells/<int:cell_pk>/", cell.cell_register, name="cell_register"),
    path(
        "cells/<int:cell_pk>/<fees_yyyy:year>-<fees_mm:month>/",
        cell.month_entry,
        name="month_entry",
    ),
    path("cells/<int:cell_pk>/register.xlsx", cell.cell_register_xlsx, name="cell_register_xlsx"),
    path(
        "cells/<int:cell_pk>/<fees_yyyy:year>-<fees_mm:month>/receipts.docx",
        cell.month_receipts_docx,
        name="month_receipts_docx",
    ),
    path("members/<int:member_pk>/", member.member_fees, name="member_fees"),
    path("members/<int:member_pk>/basis/", member.basis_set, name="basis_set"),
    path("members/<int:member_pk>/excuse/", member.excuse, name="excuse"),
    path("payments/<int:pk>/reverse/", member.payment_reverse, name="payment_reverse"),
    path("committees/<int:committee_pk>/", committee.committee_register, name="committee_register"),
    path(
        "committees/<int:committee_pk>/remit/",
        committee.remittance_record,
        name="remittance_record",
    ),
    path("remittances/<int:pk>/reverse/", committee.remittance_reverse, name="remittance_reverse"),
]
