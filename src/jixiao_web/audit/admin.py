from django.contrib import admin
from django.http import HttpRequest

from jixiao_web.admin_site import AdminRolePermissions, site
from jixiao_web.audit.models import AuditLog


@admin.register(AuditLog, site=site)
class AuditLogAdmin(AdminRolePermissions, admin.ModelAdmin[AuditLog]):
    """Read-only: the log is appended to by the services, never edited by hand."""

    list_display = ("at", "actor_name", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False
