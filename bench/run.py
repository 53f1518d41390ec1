"""Throughput on one core: load + validate, then check + score, against the targets.

    python bench/run.py [--n 10000] [--seed 2023] [--json] [--format-n 200] [--batch-n N]
    python bench/run.py --web [options of bench/web.py]   (the web app under load instead)

The process is single-threaded; rates are documents per CPU second of this process, so they
are per core and barely moved by other work on the machine (wall seconds are shown too). The
batch rows also count the CPU of the pipeline's worker processes.

Each row is a named bench case; the format cases (import throughput and accuracy per format,
the docx floor, batch scaling) come from formats.py. Targets read the measured rows and say
PASS or FAIL; the exit code is 1 when any fails.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import jixiao
from formats import FormatBench
from generate import generate_json
from jixiao.checks import narrative as narrative_module
from jixiao.model import Evaluation
from rendering import RenderBench

WARM_UP = 20


@dataclass
class Context:
    """What the cases share: the input strings and what earlier cases produced."""

    n: int
    seed: int
    documents: list[str] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    findings: int = 0


@dataclass(frozen=True)
class BenchCase:
    """One measured stage, timed as a stream: each document is processed and let go.

    ``prepare`` runs untimed (inputs the case needs, a warm-up); ``run`` processes every
    document and returns how many it did.
    """

    name: str
    title: str
    run: Callable[[Context], int]
    prepare: Callable[[Context], None] = lambda context: None


@dataclass(frozen=True)
class CaseResult:
    name: str
    title: str
    documents: int
    seconds: float
    cpu_seconds: float

    @property
    def per_second(self) -> float:
        """Documents per CPU second of this single-threaded process: per core."""
        return self.documents / self.cpu_seconds if self.cpu_seconds else float("inf")

    @property
    def seconds_per_document(self) -> float:
        return self.cpu_seconds / self.documents if self.documents else float("inf")


@dataclass(frozen=True)
class TargetResult:
    name: str
    description: str
    measured: float
    limit: float
    unit: str
    passed: bool


@dataclass(frozen=True)
class Target:
    """A goal on the measured rows: ``measure`` reads them, ``at_least`` says which way."""

    name: str
    description: str
    measure: Callable[[dict[str, CaseResult]], float]
    limit: float
    unit: str
    at_least: bool

    def judge(self, results: dict[str, CaseResult]) -> TargetResult:
        measured = self.measure(results)
        passed = measured >= self.limit if self.at_least else measured <= self.limit
        return TargetResult(self.name, self.description, measured, self.limit, self.unit, passed)


# -- the cases ---------------------------------------------------------------------------------


def load_prepare(context: Context) -> None:
    for text in context.documents[:WARM_UP]:
        Evaluation.model_validate_json(text)


def load_validate(context: Context) -> int:
    for text in context.documents:
        Evaluation.model_validate_json(text)
    return len(context.documents)


def check_prepare(context: Context) -> None:
    if not context.evaluations:
        # Loaded once, untimed, and kept out of the collector's way: a server holds one
        # document at a time, not ten thousand.
        gc.disable()
        context.evaluations = [Evaluation.model_validate_json(t) for t in context.documents]
        gc.enable()
        gc.freeze()
    for evaluation in context.evaluations[:WARM_UP]:
        jixiao.check(evaluation)


def check_score(context: Context) -> int:
    findings = 0
    for evaluation in context.evaluations:
        findings += len(jixiao.check(evaluation).findings)
    context.findings = findings
    return len(context.evaluations)


CASES: list[BenchCase] = [
    BenchCase("load", "load + validate", load_validate, load_prepare),
    BenchCase("check", "check + score", check_score, check_prepare),
]


def _ratio(results: dict[str, CaseResult]) -> float:
    return results["check"].seconds_per_document / results["load"].seconds_per_document


TARGETS: list[Target] = [
    Target(
        "check-throughput",
        "check + score ≥ 2,000 evaluations/s/core",
        lambda results: results["check"].per_second,
        2000,
        "docs/s",
        at_least=True,
    ),
    Target(
        "check-vs-load",
        "check + score costs ≤ 3× load + validate",
        _ratio,
        3,
        "×",
        at_least=False,
    ),
]

# -- running -----------------------------------------------------------------------------------


def build_kind() -> str:
    """Which build of the core is measured: ``./dev bench`` runs the compiled one (setup.py)."""
    compiled = Path(narrative_module.__file__ or "").suffix == ".so"
    return "checks compiled (mypyc)" if compiled else "plain Python"


def cpu_time() -> float:
    """CPU seconds of this process and of its finished children (the batch's workers)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def measure(case: BenchCase, context: Context) -> CaseResult:
    case.prepare(context)
    gc.collect()
    wall, cpu = time.perf_counter(), cpu_time()
    documents = case.run(context)
    return CaseResult(
        case.name,
        case.title,
        documents,
        time.perf_counter() - wall,
        cpu_time() - cpu,
    )


def run(
    n: int,
    seed: int,
    progress: Callable[[str], None],
    formats: FormatBench | None = None,
    rendering: RenderBench | None = None,
) -> dict[str, Any]:
    progress(f"generating {n:,} evaluations (seed {seed})…")
    started = time.perf_counter()
    context = Context(n, seed, generate_json(n, seed))
    generated = time.perf_counter() - started
    extras = [bench for bench in (formats, rendering) if bench is not None]
    cases = CASES + [BenchCase(*case) for bench in extras for case in bench.cases()]
    goals = TARGETS + [Target(*goal) for bench in extras for goal in bench.targets()]
    results: dict[str, CaseResult] = {}
    for case in cases:
        progress(f"measuring {case.title}…")
        results[case.name] = measure(case, context)
    targets = [target.judge(results) for target in goals]
    return {
        "n": n,
        "seed": seed,
        "python": platform.python_version(),
        "build": build_kind(),
        "jixiao": jixiao.__version__,
        "generate_seconds": generated,
        "json_bytes": sum(len(text.encode("utf-8")) for text in context.documents),
        "findings": context.findings,
        "cases": [
            {**asdict(result), "per_second": result.per_second} for result in results.values()
        ],
        "ratio_check_to_load": _ratio(results),
        "targets": [asdict(target) for target in targets],
        "passed": all(target.passed for target in targets),
        "formats": formats.report() if formats else None,
        "notes": formats.notes() if formats else [],
    }


def show(outcome: dict[str, Any], console: Console) -> None:
    cases = Table(
        title=f"jixiao bench · {outcome['n']:,} evaluations · one core · Python "
        f"{outcome['python']} · {outcome['build']}"
    )
    cases.add_column("case")
    cases.add_column("documents", justify="right")
    cases.add_column("seconds", justify="right")
    cases.add_column("CPU s", justify="right")
    cases.add_column("documents/s/core", justify="right")
    for case in outcome["cases"]:
        cases.add_row(
            case["title"],
            f"{case['documents']:,}",
            f"{case['seconds']:.2f}",
            f"{case['cpu_seconds']:.2f}",
            f"{case['per_second']:,.0f}",
        )
    console.print(cases)
    console.print(
        f"check/load ratio: {outcome['ratio_check_to_load']:.2f}×  ·  findings: "
        f"{outcome['findings']:,}  ·  input {outcome['json_bytes'] / 1e6:.1f} MB JSON, "
        f"generated in {outcome['generate_seconds']:.1f} s"
    )
    targets = Table(title="targets")
    targets.add_column("target")
    targets.add_column("measured", justify="right")
    targets.add_column("result")
    for target in outcome["targets"]:
        verdict = "[bold green]PASS[/]" if target["passed"] else "[bold red]FAIL[/]"
        targets.add_row(
            target["description"], f"{target['measured']:,.2f} {target['unit']}", verdict
        )
    console.print(targets)
    for note in outcome.get("notes") or []:
        console.print(f"[yellow]{note}[/]")


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if "--web" in arguments:  # the web app under load: its own bench with its own options
        import web

        return web.main([argument for argument in arguments if argument != "--web"])
    parser = argparse.ArgumentParser(description="jixiao throughput benchmark (one core)")
    parser.add_argument("--n", type=int, default=10_000, help="evaluations (default 10000)")
    parser.add_argument("--seed", type=int, default=2023, help="generator seed (default 2023)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--format-n", type=int, default=200, help="documents per format (default 200; PDF ¼)"
    )
    parser.add_argument(
        "--batch-n", type=int, help=".docx files through the batch pipeline (default: --n)"
    )
    parser.add_argument("--no-formats", action="store_true", help="no importing of file formats")
    parser.add_argument(
        "--render-n", type=int, default=200, help="evaluations rendered per format (default 200)"
    )
    parser.add_argument("--pdf-n", type=int, default=50, help="PDFs in the batch (default 50)")
    parser.add_argument("--no-render", action="store_true", help="no writing of files")
    args = parser.parse_args(argv)
    sizes = (args.n, args.format_n, args.render_n, args.pdf_n, args.batch_n or 1)
    if min(sizes) < 1:
        parser.error("--n, --format-n, --render-n, --pdf-n and --batch-n must be at least 1")
    errors = Console(stderr=True)

    def progress(message: str) -> None:
        errors.print(f"[dim]{message}[/]")

    formats = None
    if not args.no_formats:
        batch_n = args.n if args.batch_n is None else args.batch_n
        formats = FormatBench(args.format_n, batch_n, args.seed, progress)
    rendering = None if args.no_render else RenderBench(args.render_n, args.pdf_n, progress)
    outcome = run(args.n, args.seed, progress, formats, rendering)
    if args.json:
        sys.stdout.write(json.dumps(outcome, ensure_ascii=False, indent=2) + "\n")
    else:
        show(outcome, Console())
    return 0 if outcome["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
