"""The failures of rendering that stop a command (one bad template stops only its file)."""

from __future__ import annotations

from jixiao.errors import JixiaoError, failure_factory


class RenderError(JixiaoError):
    """A file could not be made, or not written where asked."""


# render_error(code, detail_zh, detail_en) -> RenderError with the standard message.
render_error = failure_factory(
    {
        "render-format-unknown": (
            "不支持的输出格式（可选 docx、xlsx、pdf、all）",
            "unknown output format (choose docx, xlsx, pdf or all)",
        ),
        "render-output-unwritable": ("无法写入输出文件", "cannot write the output file"),
        "render-report-format": (
            "问题清单的格式由文件扩展名决定，可选 .docx、.xlsx、.html",
            "the findings report's format comes from its extension: .docx, .xlsx or .html",
        ),
    },
    RenderError,
)
