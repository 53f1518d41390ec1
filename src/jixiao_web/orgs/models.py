"""The unit hierarchy and role memberships: data only, the rules are in services.policy."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UnitKind(models.TextChoices):
    FINANCE = "finance", "财政局"
    DEPARTMENT = "department", "主管部门"
    UNIT = "unit", "单位"


class Role(models.TextChoices):
    FILLER = "filler", "填报人"
    HEAD = "head", "单位负责人"
    SUPERVISOR = "supervisor", "主管部门审核"
    FINANCE = "finance", "财政复核"
    ADMIN = "admin", "管理员"


class OrgUnit(models.Model):
    """A finance bureau, a 主管部门 or a 单位; a 主管部门 may file its own evaluation too."""

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role of one user at one unit (a reviewer's unit covers its whole subtree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = (
            models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_per_unit"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
