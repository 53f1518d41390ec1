"""The web app under load: requests/s and p50 / p99 latency beside a bare Django view.

    python bench/web.py [--seconds 10] [--clients 20] [--workers 4] [--json]
    ./dev bench --web [same options]

A fresh SQLite database gets the demo district plus one draft (the seed's 15 indicator lines)
for each of the clients, each draft with its own 填报人; gunicorn serves it on a loopback port
with debug off, as deployed (``--workers`` sync workers, two per core as docs/deploy.md says).
Then, for ``--seconds`` each, ``--clients`` concurrent clients ask for:

- ``bare``: ``/healthz``, a Django view with no database and no session — the framework alone;
- ``list``: the document list of the finance reviewer (every document of the district);
- ``edit``: the edit page of a draft with 15 indicator lines;
- ``save``: the edit form posted back, each client on its own draft, based on the version its
  last save made (a real save: check, new version, audit record, redirect).

GETs come from ``wrk`` (C, 2 threads; ``apt-get install wrk``), saves from Python threads with
``http.client`` (CSRF token and ``based_on`` in each form). The client's own CPU time is shown
beside the server's: on a 2-core machine whatever the client burns the server cannot use.
Targets: the edit page reaches ≥ 15 % of the bare view's requests/s; a save's p99 ≤ 300 ms.
Exit code 1 when a target fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table

EDIT_SHARE_TARGET = 0.15  # edit page requests/s ÷ bare view requests/s
SAVE_P99_TARGET_MS = 300.0
DEMO_PASSWORD = "jixiao-demo"
CASES = ("bare", "list", "edit", "save")
LIST_USER = "caizheng"  # 财政复核: sees every document of the district
WARM_UP_SECONDS = 2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Run inside the server's environment (manage.py shell): one unit, filler and draft per client.
SETUP_SCRIPT = """
import json
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from jixiao_web.demo import SEED_BUREAU, seed_evaluation
from jixiao_web.orgs.models import Membership, OrgUnit, Role, UnitKind
from jixiao_web.services.documents import create_document
from jixiao_web.services.policy import actor_for

bureau = OrgUnit.objects.get(name=SEED_BUREAU)
admin = actor_for(User.objects.get(username="admin"))
password = make_password({password!r})  # hashed once: the slow hasher is for logging in
clients = []
for i in range({clients}):
    unit = OrgUnit.objects.create(name=f"基准测试单位{{i:02d}}", kind=UnitKind.UNIT, parent=bureau)
    user = User.objects.create(username=f"bench-{{i:02d}}", password=password)
    Membership.objects.create(user=user, unit=unit, role=Role.FILLER)
    evaluation = seed_evaluation()
    evaluation.unit = unit.name
    saved = create_document(admin, unit, evaluation, "基准测试")
    clients.append([user.username, saved.document.pk])
print(json.dumps(clients))
"""

# wrk prints its summary as one JSON line (times in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class CaseResult:
    name: str
    title: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    client_cpu_seconds: float
    server_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_seconds / self.requests if self.requests else 0.0


# -- the server ------------------------------------------------------------------------------------


@dataclass
class Server:
    host: str
    port: int
    pid: int
    env: dict[str, str]
    clients: list[tuple[str, int]]  # (username, their draft's id)

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by the gunicorn workers (children of the master)."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.pid:  # ppid
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / CLOCK_TICKS


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jixiao_web.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr}")
    return done.stdout


def server_env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="jixiao_web.settings",
        JIXIAO_DATA_DIR=str(data_dir),
        JIXIAO_SECRET_KEY=secrets.token_urlsafe(50),
        JIXIAO_DEBUG="0",
        JIXIAO_HTTPS="0",  # plain HTTP on loopback; behind nginx TLS ends there
        JIXIAO_ALLOWED_HOSTS="127.0.0.1",
    )
    return env


def prepare_database(env: dict[str, str], clients: int) -> list[tuple[str, int]]:
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "demo")
    script = SETUP_SCRIPT.format(password=DEMO_PASSWORD, clients=clients)
    output = manage(env, "shell", "--verbosity", "0", "--command", script)
    return [(name, int(pk)) for name, pk in json.loads(output.strip().splitlines()[-1])]


@contextmanager
def running_server(clients: int, workers: int, worker_class: str) -> Iterator[Server]:
    with tempfile.TemporaryDirectory(prefix="jixiao-web-bench-") as folder:
        env = server_env(Path(folder) / "data")
        drafts = prepare_database(env, clients)
        log_path = Path(folder) / "gunicorn.log"
        command = [sys.executable, "-m", "gunicorn", "jixiao_web.wsgi", "--bind", "127.0.0.1:0",
                   "--workers", str(workers), "--worker-class", worker_class]  # fmt: skip
        with log_path.open("w") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            port = _listening_port(log_path, process)
            yield Server("127.0.0.1", port, process.pid, env, drafts)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _listening_port(log_path: Path, process: subprocess.Popen[bytes]) -> int:
    for _ in range(600):
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log_path.read_text())
        if found:
            time.sleep(1)  # the workers import Django after the master binds
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise SystemExit(f"gunicorn did not start:\n{log_path.read_text()}")


# -- a client: one signed-in session -------------------------------------------------------------


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, form: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": self.cookie_header()}
        body = b""
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, dict(response.headers.items()), response.read()

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def log_in(self, username: str) -> Client:
        self.request("GET", "/login/")
        form = {"username": username, "password": DEMO_PASSWORD}
        status, _, _ = self.request(
            "POST", "/login/", {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"{username} could not log in (HTTP {status})")
        return self

    def must_get(self, path: str) -> bytes:
        status, _, body = self.request("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path}: HTTP {status}, expected 200")
        return body


class FormFields(HTMLParser):
    """The fields a browser would post from the edit form: name → values, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._open: tuple[str, str] | None = None  # (tag, name) of a textarea / option
        self._text = ""
        self._select: str | None = None
        self._selected: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in {"submit", "button"}:
            self.fields.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._open, self._text = (tag, a["name"]), ""
        elif tag == "select":
            self._select, self._selected = a.get("name"), None
        elif tag == "option" and self._select is not None and "selected" in a:
            self._open, self._text = ("option", a.get("value", "\0")), ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._open is not None:
            self.fields.setdefault(self._open[1], []).append(self._text)
        elif tag == "option" and self._open is not None:
            value = self._open[1]
            self._selected = self._text.strip() if value == "\0" else value
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, []).append(self._selected or "")
            self._select = None
        if tag in {"textarea", "option"}:
            self._open = None


def edit_form(client: Client, document_id: int) -> dict[str, list[str]]:
    page = client.must_get(f"/documents/{document_id}/edit/").decode()
    form = page[page.index('<form id="edit-form"') : page.index("</form>", page.index("edit-form"))]
    parser = FormFields()
    parser.feed(form)
    return parser.fields


# -- the cases -----------------------------------------------------------------------------------


def run_wrk(server: Server, path: str, cookie: str, seconds: int, clients: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        url = f"http://{server.host}:{server.port}{path}"
        command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds}s",
                   "--timeout", "10s", "-s", script.name, url]  # fmt: skip
        if cookie:
            command[1:1] = ["-H", f"Cookie: {cookie}"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        os.unlink(script.name)
    lines = [row for row in done.stdout.splitlines() if row.startswith("WRK ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    line = lines[0]
    summary: dict[str, Any] = json.loads(line[4:])
    return summary


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk_case(
    server: Server, name: str, title: str, path: str, cookie: str, args: argparse.Namespace
) -> CaseResult:
    run_wrk(server, path, cookie, WARM_UP_SECONDS, args.clients)
    client_cpu, server_cpu = children_cpu(), server.cpu_seconds()
    summary = run_wrk(server, path, cookie, args.seconds, args.clients)
    return CaseResult(
        name,
        title,
        summary["requests"],
        summary["duration_us"] / 1e6,
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
        summary["errors"],
        children_cpu() - client_cpu,
        server.cpu_seconds() - server_cpu,
    )


@dataclass
class Saver:
    """One client saving its own draft again and again, as the edit page's form does."""

    client: Client
    document_id: int
    form: dict[str, list[str]]
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def save_until(self, deadline: float) -> None:
        path = f"/documents/{self.document_id}/edit/"
        reason = self.form["funds.deviation_reason"][0]
        while time.perf_counter() < deadline:
            self.form["funds.deviation_reason"] = [f"{reason} 第{len(self.latencies)}次保存"]
            started = time.perf_counter()
            status, headers, _ = self.client.request("POST", path, self.form)
            self.latencies.append(time.perf_counter() - started)
            saved = re.search(r"saved=(\d+)", headers.get("Location", ""))
            if status != 302 or saved is None:
                self.errors += 1
                continue
            self.form["based_on"] = [saved.group(1)]


def save_case(server: Server, savers: list[Saver], seconds: float) -> CaseResult:
    _save_concurrently(savers, WARM_UP_SECONDS)
    for saver in savers:
        saver.latencies, saver.errors = [], 0
    client_cpu, server_cpu = time.process_time(), server.cpu_seconds()
    wall = _save_concurrently(savers, seconds)
    latencies = sorted(t for saver in savers for t in saver.latencies)
    return CaseResult(
        "save",
        "save (edit form)",
        len(latencies),
        wall,
        1000 * statistics.median(latencies),
        1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        sum(saver.errors for saver in savers),
        time.process_time() - client_cpu,
        server.cpu_seconds() - server_cpu,
    )


def _save_concurrently(savers: list[Saver], seconds: float) -> float:
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=saver.save_until, args=(deadline,)) for saver in savers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def measure(server: Server, args: argparse.Namespace, progress: Console) -> list[CaseResult]:
    progress.print(f"[dim]logging in {len(server.clients) + 1} clients…[/]")
    reviewer = Client(server.host, server.port).log_in(LIST_USER)
    savers = []
    for username, document_id in server.clients:
        client = Client(server.host, server.port).log_in(username)
        savers.append(Saver(client, document_id, edit_form(client, document_id)))
    editor, draft = savers[0].client, savers[0].document_id
    gets = [
        ("bare", "bare view (/healthz)", "/healthz", ""),
        ("list", "list page (finance)", "/documents/", reviewer.cookie_header()),
        ("edit", "edit page (15 lines)", f"/documents/{draft}/edit/",
         editor.cookie_header()),
    ]  # fmt: skip
    results = []
    for name, title, path, cookie in gets:
        if name in args.cases:
            progress.print(f"[dim]measuring {title}…[/]")
            results.append(wrk_case(server, name, title, path, cookie, args))
    if "save" in args.cases:
        progress.print("[dim]measuring saves…[/]")
        results.append(save_case(server, savers, args.seconds))
    reviewer.must_get("/documents/")  # the sessions held to the end: no silent redirects
    editor.must_get(f"/documents/{draft}/edit/")
    return results


# -- targets and output ----------------------------------------------------------------------------


def _target(description: str, measured: str, passed: bool) -> dict[str, Any]:
    return {"description": description, "measured": measured, "passed": passed}


def judge(results: dict[str, CaseResult]) -> list[dict[str, Any]]:
    """The targets whose cases were measured, and always: no errors."""
    judged = []
    if {"edit", "bare"} <= results.keys():
        share = results["edit"].per_second / results["bare"].per_second
        judged.append(
            _target("edit page ≥ 15 % of the bare view's requests/s", f"{100 * share:.1f} %",
                    share >= EDIT_SHARE_TARGET)
        )  # fmt: skip
    if "save" in results:
        p99 = results["save"].p99_ms
        judged.append(_target("save p99 ≤ 300 ms", f"{p99:.0f} ms", p99 <= SAVE_P99_TARGET_MS))
    errors = sum(result.errors for result in results.values())
    judged.append(_target("no errors", str(errors), errors == 0))
    return judged


def show(outcome: dict[str, Any], console: Console) -> None:
    table = Table(title=(
        f"jixiao web bench · {outcome['clients']} clients · gunicorn {outcome['workers']} "
        f"{outcome['worker_class']} workers · SQLite · {outcome['cores']} cores · "
        f"{outcome['seconds']} s per case"
    ))  # fmt: skip
    for column in ("case", "requests/s", "p50 ms", "p99 ms", "errors", "server CPU ms/req",
                   "server cores busy", "client CPU %"):  # fmt: skip
        table.add_column(column, justify="left" if column == "case" else "right")
    for case in outcome["cases"]:
        table.add_row(
            case["title"],
            f"{case['per_second']:,.1f}",
            f"{case['p50_ms']:.1f}",
            f"{case['p99_ms']:.1f}",
            str(case["errors"]),
            f"{case['server_cpu_ms_per_request']:.1f}",
            f"{case['server_cpu_seconds'] / case['seconds']:.2f}",
            f"{100 * case['client_cpu_seconds'] / case['seconds']:.0f}",
        )
    console.print(table)
    targets = Table(title="targets")
    for column in ("target", "measured", "result"):
        targets.add_column(column)
    for target in outcome["targets"]:
        verdict = "[bold green]PASS[/]" if target["passed"] else "[bold red]FAIL[/]"
        targets.add_row(target["description"], target["measured"], verdict)
    console.print(targets)
    console.print(
        "[dim]server cores busy: the workers' CPU seconds per second (the machine has "
        f"{outcome['cores']}); client CPU %: of one core, the load generator's own use[/]"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/web.py", description="jixiao web app under concurrent clients"
    )
    parser.add_argument("--seconds", type=int, default=10, help="per case (default 10)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn (default sync)")
    parser.add_argument(
        "--cases", type=lambda text: text.split(","), default=list(CASES),
        help=f"comma-separated, of {','.join(CASES)} (default: all)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if not args.cases or not set(args.cases) <= set(CASES) or args.seconds < 1:
        parser.error(f"--cases takes names from {','.join(CASES)}; --seconds at least 1")
    if shutil.which("wrk") is None:
        raise SystemExit("the web bench needs wrk: apt-get install -y wrk")
    progress = Console(stderr=True)
    progress.print(f"[dim]preparing a database with {args.clients} drafts…[/]")
    with running_server(args.clients, args.workers, args.worker_class) as server:
        results = {case.name: case for case in measure(server, args, progress)}
    outcome = {
        "clients": args.clients, "seconds": args.seconds, "workers": args.workers,
        "worker_class": args.worker_class, "cores": os.cpu_count(),
        "cases": [{**asdict(r), "per_second": r.per_second,
                   "server_cpu_ms_per_request": r.server_cpu_ms_per_request}
                  for r in results.values()],
        "targets": judge(results),
    }  # fmt: skip
    outcome["passed"] = all(target["passed"] for target in outcome["targets"])
    if args.json:
        sys.stdout.write(json.dumps(outcome, ensure_ascii=False, indent=2) + "\n")
    else:
        show(outcome, Console())
    return 0 if outcome["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
