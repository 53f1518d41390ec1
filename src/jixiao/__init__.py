"""jixiao 绩效: budget-performance self-evaluation as data — model, scoring, checks, import.

The public API, re-exported explicitly. Importing ``jixiao`` never imports Django.
"""

from jixiao.errors import JixiaoError
from jixiao.findings import CATALOGUE, Finding, FindingType, Severity
from jixiao.model import Evaluation, Indicator, Measured
from jixiao.report import CheckReport, check
from jixiao.rules import Profile, load_profile
from jixiao.scoring import LineScore, ScoreResult, score
from jixiao.values import Direction, ParsedValue, parse_value

__version__ = "0.1.0"

__all__ = [
    "CATALOGUE",
    "CheckReport",
    "Direction",
    "Evaluation",
    "Finding",
    "FindingType",
    "Indicator",
    "JixiaoError",
    "LineScore",
    "Measured",
    "ParsedValue",
    "Profile",
    "ScoreResult",
    "Severity",
    "__version__",
    "check",
    "load_profile",
    "parse_value",
    "score",
]
