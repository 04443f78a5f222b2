from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.models import CommitteeRole, SuperiorRole, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("chibo"), {"fields": ("full_name",)}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(SimpleHistoryAdmin):
    list_display = ("user", "committee", "role", "valid_from", "valid_until")
    list_filter = ("role", "committee")
    autocomplete_fields = ("user",)


@admin.register(SuperiorRole)
class SuperiorRoleAdmin(SimpleHistoryAdmin):
    """Grants at a superior: its secretary and its organisation and inspection officers."""

    list_display = ("user", "superior", "role", "valid_from", "valid_until")
    list_filter = ("role", "superior")
    list_select_related = ("user", "superior")
    autocomplete_fields = ("user",)
