"""Documents and versions in the admin: to look at, never a side door around the services.

A document changes only through the versioned save and the workflow (the edit page, the API),
which hold the draft lock, the optimistic lock and the audit trail; so here everything is
read-only, for administrators too. Administrators edit a draft on its edit page like a filler.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jixiao_web.admin_site import AdminRolePermissions, site
from jixiao_web.evaluations.models import Document, Version


class ReadOnlyAdmin(AdminRolePermissions):
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a document's versions are its history: nothing removes them


@admin.register(Document, site=site)
class DocumentAdmin(ReadOnlyAdmin, admin.ModelAdmin[Document]):
    list_display = ("unit", "year", "kind", "project", "state", "version", "grade")
    list_filter = ("state", "year", "kind")
    search_fields = ("unit__name", "project")


@admin.register(Version, site=site)
class VersionAdmin(ReadOnlyAdmin, admin.ModelAdmin[Version]):
    list_display = ("document", "number", "author", "created_at", "note")
