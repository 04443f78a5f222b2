from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cells.models import Cell, Committee, CommitteeSettings, SuperiorBody, Term


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "place_name", "founded_on")
    search_fields = ("name",)


@admin.register(Cell)
class CellAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "committee", "status")
    list_filter = ("status", "committee")


admin.site.register(Term, SimpleHistoryAdmin)
admin.site.register(SuperiorBody, SimpleHistoryAdmin)
admin.site.register(CommitteeSettings, SimpleHistoryAdmin)
