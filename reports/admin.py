"""The periodic reports in the administration: read only — a report is written, submitted and
corrected through its pages (`reports.services`), never changed here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import PeriodReport


@admin.register(PeriodReport)
class PeriodReportAdmin(SimpleHistoryAdmin):
    list_display = (
        "committee",
        "kind",
        "period_start",
        "number",
        "number_year",
        "version",
        "status",
        "submitted_at",
    )
    list_filter = ("kind", "status", "superior")
    list_select_related = ("committee", "superior")
    search_fields = ("committee__name",)
    date_hierarchy = "period_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
