"""The failures that stop a whole batch before or while it runs (never one bad file).

A file that cannot be read is a result with status ``unreadable``; these are the cases where
the batch itself cannot go on: nothing to read, nowhere to write, a missing optional library,
an unreachable cluster, workers that cannot start. The CLI exits 2 on each.
"""

from __future__ import annotations

from jixiao.errors import JixiaoError, failure_factory

_ERRORS: dict[str, tuple[str, str]] = {
    "batch-no-input": ("没有找到可导入的文件", "no input file found"),
    "batch-output-format": (
        "批量导入的输出文件须为 .jsonl、.csv 或 .parquet",
        "a batch writes .jsonl, .csv or .parquet",
    ),
    "batch-output-unwritable": ("无法写入输出文件", "cannot write the output"),
    "batch-resume-mismatch": (
        "已有的输出文件是用不同的选项（--check / --profile）生成的，不能续写；"
        "请改用 --no-resume 重新开始，或换一个输出文件",
        "the existing output was made with other options (--check / --profile): "
        "use --no-resume to start over, or another output file",
    ),
    "batch-missing-pyarrow": (
        "写 Parquet 需要 pyarrow：pip install 'jixiao[batch]'",
        "writing Parquet needs pyarrow: pip install 'jixiao[batch]'",
    ),
    "batch-missing-dask": (
        "使用 Dask 集群需要 dask[distributed]：pip install 'jixiao[batch]'",
        "a Dask cluster needs dask[distributed]: pip install 'jixiao[batch]'",
    ),
    "batch-dask-unreachable": ("无法连接 Dask 调度器", "cannot reach the Dask scheduler"),
    "batch-worker-failed": ("工作进程无法启动", "a worker process could not start"),
    "batch-invalid-option": ("批量导入的参数无效", "invalid batch option"),
}

BATCH_ERROR_CODES: tuple[str, ...] = tuple(_ERRORS)


class BatchError(JixiaoError):
    """The batch cannot start or go on (exit code 2 in the CLI)."""


# batch_error(code, detail_zh="", detail_en="") -> BatchError with the standard message.
batch_error = failure_factory(_ERRORS, BatchError)
