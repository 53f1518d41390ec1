"""The unit hierarchy and role memberships: data only, the rules are in services.policy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    FINANCE = "finance", _("财政局")
    DEPARTMENT = "department", _("主管部门")
    UNIT = "unit", _("单位")


class Role(models.TextChoices):
    FILLER = "filler", _("填报人")
    HEAD = "head", _("单位负责人")
    SUPERVISOR = "supervisor", _("主管部门审核")
    FINANCE = "finance", _("财政复核")
    ADMIN = "admin", _("管理员")


class OrgUnit(models.Model):
    """A finance bureau, a 主管部门 or a 单位; a 主管部门 may file its own evaluation too."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role of one user at one unit (a reviewer's unit covers its whole subtree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = (
            models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_per_unit"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
