"""The admin site: for 管理员 and superusers only, and never a way around the draft lock.

The 管理员 role is the permission: its holders may use every admin page (the model admins
narrow that down where the services must stay the only road, e.g. documents outside 草稿).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jixiao_web.services.policy import actor_from_request, is_site_admin


def is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff) and is_site_admin(actor_from_request(request))


class AdminRolePermissions:
    """Model-admin permissions from the 管理员 role rather than Django's per-model grants."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


class JixiaoAdminSite(admin.AdminSite):
    site_header = _("绩效自评 管理")
    site_title = _("绩效自评 管理")
    index_title = _("管理")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)


class UsersAdmin(AdminRolePermissions, UserAdmin):  # type: ignore[type-arg]
    pass


class GroupsAdmin(AdminRolePermissions, GroupAdmin):
    pass


site = JixiaoAdminSite(name="admin")
site.register(User, UsersAdmin)
site.register(Group, GroupsAdmin)
