"""The failures of downloads and uploads, as the app's service errors (a page or JSON body
with a stable code, never a server error)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jixiao.errors import JixiaoError
from jixiao_web.services.errors import ServiceError


class OfficeUnavailable(ServiceError):
    """A PDF was asked for and LibreOffice is missing or failed: the Word file still works."""

    code = "office-unavailable"
    status = 503

    def __init__(self, cause: JixiaoError) -> None:
        if cause.code == "office-missing":
            text = _("服务器未安装 LibreOffice，暂时无法生成 PDF，请先下载 Word 版本（.docx）")
        else:
            text = _("PDF 生成失败（%(reason)s），请稍后重试或下载 Word 版本（.docx）") % {
                "reason": cause.message
            }
        super().__init__(text, cause=cause.code)


class TooLarge(ServiceError):
    code = "file-too-large"
    status = 413

    def __init__(self, size: int, limit: int) -> None:
        text = _("文件过大：%(size)s，附件不能超过 %(limit)s") % {
            "size": megabytes(size),
            "limit": megabytes(limit),
        }
        super().__init__(text, size=size, limit=limit)


def megabytes(size: int) -> str:
    """20 MB, 0.5 MB: one decimal, none when it is 0."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
