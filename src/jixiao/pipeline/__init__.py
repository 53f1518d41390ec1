"""The batch pipeline: many files in, one dataset (JSON lines, CSV or Parquet) out.

    from jixiao.pipeline import run_batch
    summary = run_batch(["published/"], out=Path("dataset.jsonl"), check=True, jobs=4)

Each file is read in a worker process under a time and a memory limit, so one hostile file
costs one result (status ``unreadable``), never the batch. Results are written as they arrive;
a re-run skips the files whose content is already in the output. See docs/batch.md.
"""

from jixiao.pipeline.batch import BatchProgress, ProgressCallback, default_jobs, run_batch
from jixiao.pipeline.errors import BATCH_ERROR_CODES, BatchError
from jixiao.pipeline.limits import Limits
from jixiao.pipeline.sinks import SUFFIXES, findings_path
from jixiao.pipeline.sources import Sources, expand_inputs, is_leftover
from jixiao.pipeline.state import state_path
from jixiao.pipeline.summary import BatchSummary, FailedFile, FormatCounts, SlowFile
from jixiao.pipeline.worker import FileRecord, FileResult, Job, WorkerOptions, process

__all__ = [
    "BATCH_ERROR_CODES",
    "SUFFIXES",
    "BatchError",
    "BatchProgress",
    "BatchSummary",
    "FailedFile",
    "FileRecord",
    "FileResult",
    "FormatCounts",
    "Job",
    "Limits",
    "ProgressCallback",
    "SlowFile",
    "Sources",
    "WorkerOptions",
    "default_jobs",
    "expand_inputs",
    "findings_path",
    "is_leftover",
    "process",
    "run_batch",
    "state_path",
]
