"""Supporting documents attached to a self-evaluation: the row that describes a stored file.

The bytes live in Django's default storage under ``attachments/<document>/<random name>``
(MEDIA_ROOT, outside the web root; there is no MEDIA_URL route), so a file is reachable only
through the view that checks who asks. The name the uploader gave is kept here, never used
as a path.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao_web.evaluations.models import Document


class Category(models.TextChoices):
    SUPPORTING = "supporting", _("佐证材料")
    REVIEW = "review", _("复核材料")


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    original_name = models.CharField(_("文件名"), max_length=255)
    # Read from the bytes, not taken from the browser: informative only, every download is
    # served as an attachment with nosniff.
    content_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    storage_name = models.CharField(_("存储名"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return f"{self.document_id} · {self.original_name}"
