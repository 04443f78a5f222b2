from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cells.models import Cell, Committee, CommitteeSettings, Superior, SuperiorBody, Term


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "place_name", "founded_on")
    search_fields = ("name",)


@admin.register(Cell)
class CellAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "committee", "status")
    list_filter = ("status", "committee")


@admin.register(Superior)
class SuperiorAdmin(SimpleHistoryAdmin):
    """Superiors are set up by the installation's administrator (issue 22)."""

    list_display = ("name", "kind", "place_name", "report_deadline_day", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_key")


@admin.register(SuperiorBody)
class SuperiorBodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "committee", "superior", "valid_from", "valid_until")
    list_filter = ("superior",)
    list_select_related = ("committee", "superior")


admin.site.register(Term, SimpleHistoryAdmin)
admin.site.register(CommitteeSettings, SimpleHistoryAdmin)
