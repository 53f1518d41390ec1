"""The evaluation documents as data: both self-evaluation tables and the report.

The JSON field names are a public contract (see docs/model.md); add fields, never rename them.
"""

from jixiao.model.evaluation import (
    ByNature,
    BySource,
    Evaluation,
    FundLine,
    Funds,
    Goal,
    Indicator,
    Justification,
    Kind,
    Measured,
    Report,
    ReportSection,
    Signoff,
    SourceRef,
    Total,
)

__all__ = [
    "ByNature",
    "BySource",
    "Evaluation",
    "FundLine",
    "Funds",
    "Goal",
    "Indicator",
    "Justification",
    "Kind",
    "Measured",
    "Report",
    "ReportSection",
    "Signoff",
    "SourceRef",
    "Total",
]
