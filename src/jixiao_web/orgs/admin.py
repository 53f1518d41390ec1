from django.contrib import admin

from jixiao_web.admin_site import AdminRolePermissions, site
from jixiao_web.orgs.models import Membership, OrgUnit


@admin.register(OrgUnit, site=site)
class OrgUnitAdmin(AdminRolePermissions, admin.ModelAdmin[OrgUnit]):
    list_display = ("name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Membership, site=site)
class MembershipAdmin(AdminRolePermissions, admin.ModelAdmin[Membership]):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name")
