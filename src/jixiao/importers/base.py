"""The importer contract, the registry, and the import failures and findings.

An importer turns the bytes of one file into evaluations. Each declares how sure it is that it
can read a file by looking at its content (``sniff``), never at its extension: published files
are renamed, mislabelled and re-saved. :func:`choose` asks every registered importer and
picks the most confident one; ``jixiao.importers.import_bytes`` then lets it read. One file may
hold several tables, so a result holds a list of evaluations in document order.

Problems that stop reading raise :class:`~jixiao.errors.ImportError_` with a stable code; the
ones that do not (an amount cell holding words) become findings with ``import-…`` codes.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from jixiao.errors import ImportError_, failure_factory
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Evaluation

# How much of a file the importers see when sniffing: enough to reach the indicator header of
# a long table, small enough to stay cheap on a batch of many files.
HEAD_SIZE = 65536

# --- failures that stop reading -------------------------------------------------------------

_ERRORS: dict[str, tuple[str, str]] = {
    "import-empty": ("文件为空，没有可读取的内容", "the file is empty"),
    "import-binary": (
        "文件不是文本，也不是可识别的格式（可能是损坏的文件或图片）",
        "the file is binary and no importer recognises its format",
    ),
    "import-encoding": (
        "文件的文字编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）",
        "the text is neither UTF-8 nor GB18030/GBK",
    ),
    "import-no-indicators": (
        "文件中没有找到绩效指标表（一级指标、二级指标、三级指标等表头）",
        "no indicator block (一级指标 / 三级指标 header) found: this is not a self-evaluation",
    ),
    "import-unrecognised": ("无法识别文件的版式", "the layout of the file is not understood"),
    "import-invalid-json": ("JSON 内容不符合评价模型", "the JSON does not match the model"),
    "import-corrupt": ("文件已损坏或不完整，无法读取", "the file is damaged or truncated"),
    "import-zip-bomb": (
        "压缩文件解压后过大或成员过多（疑似“压缩炸弹”），已拒绝读取",
        "the archive inflates too far or holds too many members (a zip bomb): refused",
    ),
    "import-encrypted": (
        "文件设有打开密码，请去除密码后再导入",
        "the file is password-protected: remove the password and import it again",
    ),
    "import-unsafe-xml": (
        "文件中的 XML 含有 DOCTYPE 或实体声明（可能是恶意构造），已拒绝读取",
        "the XML carries a DOCTYPE or entity declarations (possibly hostile): refused",
    ),
    "import-scanned-pdf": (
        "扫描件，没有文字层；本工具不做 OCR",
        "a scanned PDF: its pages are images without a text layer, and this tool does no OCR",
    ),
    # Limit breaches and crashes, as the batch pipeline (jixiao.pipeline) reports them.
    "import-timeout": ("读取超过时间限制，已中止", "reading took longer than the time limit"),
    "import-memory": ("读取所需内存超过限制，已中止", "reading needed more memory than the limit"),
    "import-internal": ("读取时发生内部错误", "the importer failed unexpectedly"),
}

IMPORT_ERROR_CODES: tuple[str, ...] = tuple(_ERRORS)


# import_error(code, detail_zh="", detail_en="") -> ImportError_ with the standard message.
import_error = failure_factory(_ERRORS, ImportError_)


# --- problems that do not stop reading ------------------------------------------------------

VALUE_UNREADABLE = declare(
    "import-value-unreadable",
    Severity.WARNING,
    title="数值无法识别",
    title_en="Value not readable",
    description=(
        "金额、分值或得分单元格里的内容不是数字（例如写成了文字），导入时按空值处理。"
        "请核对原表该单元格。"
    ),
    template="{where}的内容“{text}”不是数字，已按空值导入",
    template_en="{where_en} holds “{text}”, which is not a number; imported as empty",
    module=__name__,
)
COLUMN_MISSING = declare(
    "import-column-missing",
    Severity.WARNING,
    title="表格缺少栏目",
    title_en="Column missing",
    description=(
        "绩效指标表的表头中没有找到某一栏（如实际完成值、分值或得分），"
        "相应数据无法导入，后续核查可能不完整。"
    ),
    template="绩效指标表中没有“{column}”栏",
    template_en="the indicator table has no “{column}” column",
    module=__name__,
)
TABLE_TRUNCATED = declare(
    "import-table-truncated",
    Severity.WARNING,
    title="表格不完整",
    title_en="Table truncated",
    description=(
        "绩效指标表在总分行之前就结束了，或表头之后没有任何指标行，文件可能被截断或复制不全。"
    ),
    template="绩效指标表不完整：{reason}",
    template_en="the indicator table is incomplete: {reason_en}",
    module=__name__,
)
ROW_MISALIGNED = declare(
    "import-row-misaligned",
    Severity.WARNING,
    title="表格行与表头不对齐",
    title_en="Row not aligned with header",
    description=(
        "某一行的单元格比表头多，说明表格有拆分或合并的单元格，导入时按右对齐处理，"
        "请核对该行各栏的值。"
    ),
    template="第{row}行有{cells}个单元格，表头只有{columns}栏，已按右对齐读取",
    template_en="row {row} has {cells} cells but the header has {columns}; read right-aligned",
    module=__name__,
)
TABLE_SKIPPED = declare(
    "import-table-skipped",
    Severity.WARNING,
    title="表格未导入",
    title_en="Table skipped",
    description="文件中有一张表格没有绩效指标栏，不是自评表，导入时跳过。",
    template="第{table}张表格没有绩效指标，已跳过",
    template_en="table {table} has no indicator block and was skipped",
    module=__name__,
)


# --- the result and the contract ------------------------------------------------------------


class ImportResult(BaseModel):
    """What one file gave: its evaluations in document order and the import findings.

    A finding's ``path`` is relative to its evaluation; ``evidence["evaluation"]`` holds the
    index of that evaluation in :attr:`evaluations`.
    """

    model_config = ConfigDict(extra="forbid")

    evaluations: list[Evaluation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def findings_for(self, index: int) -> list[Finding]:
        """The import findings of evaluation ``index``."""
        return [f for f in self.findings if f.evidence.get("evaluation", 0) == index]


@runtime_checkable
class Importer(Protocol):
    """One input format. Stateless: a single instance serves every file."""

    name: str

    def sniff(self, head: bytes, name: str) -> float:
        """Confidence 0..1 that :meth:`read` understands a file starting with ``head``."""
        ...

    def read(self, data: bytes, name: str) -> ImportResult:
        """The evaluations in ``data``; raise ``ImportError_`` when it cannot be read."""
        ...


_REGISTRY: list[Importer] = []


def register(importer: Importer) -> Importer:
    """Add an importer (once per name; registering a name again replaces the old one)."""
    for index, known in enumerate(_REGISTRY):
        if known.name == importer.name:
            _REGISTRY[index] = importer
            return importer
    _REGISTRY.append(importer)
    return importer


def registered() -> list[Importer]:
    """The importers in registration order."""
    return list(_REGISTRY)


def choose(head: bytes, name: str = "") -> Importer | None:
    """The importer most confident about ``head``; on a tie, the one registered first."""
    best: Importer | None = None
    best_score = 0.0
    for importer in _REGISTRY:
        score = importer.sniff(head, name)
        if score > best_score:
            best, best_score = importer, score
    return best
