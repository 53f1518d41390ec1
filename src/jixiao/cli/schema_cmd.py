"""jixiao schema: the JSON Schema of the evaluation document (the public contract)."""

from __future__ import annotations

from jixiao.cli.common import print_json
from jixiao.model import Evaluation


def schema_command() -> None:
    """打印自评表 JSON Schema / print the JSON Schema of an evaluation."""
    print_json(Evaluation.model_json_schema())
