"""Benchmarks: the key requests of Stride against a year of a large clinic group.

    make bench                       # or: .venv/bin/python benchmarks/run.py [--requests 50]

1. Uses a database of its own: `stride_bench` on the embedded PostgreSQL (or DATABASE_URL
   when set), migrates it, loads the catalogue when that command exists, and runs
   `seed_scale` only when no scale dataset is there yet — so a rerun starts in seconds.
2. Starts gunicorn as in production (DEBUG off, 2 workers) on 127.0.0.1:8190–8199 with
   benchmarks/settings.py (the production settings plus request logging and a baseline
   view), and signs the benchmark people in through the login form, CSRF and all.
3. For each entry of REQUESTS: a warm-up, then N sequential requests (median and p95
   latency) and a fixed number of requests from 4 threads (requests per second, and that
   as a ratio to the baseline view: same middleware, session and user lookup, no work).
   The SQL query count comes from running the same request once in this process with
   Django's test client and CaptureQueriesContext — no counting code in production paths.
4. Gunicorn worker memory after the run, and CSV export memory (RSS growth while streaming
   a large export compared with a small one).
Prints a table with each target met or missed, and writes benchmarks/results/latest.json.

REQUESTS is the one table to extend.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PORTS = range(8190, 8200)
HOST = "127.0.0.1"
WORKERS = 2
THREADS = 4
BASELINE = "baseline view"
TODAY_PAGE = "patient today page"
TARGETS = {"today_throughput_ratio": 0.40, "worker_rss_mb": 200, "csv_growth_ratio": 1.5}


@dataclass(frozen=True)
class Request:
    """One benchmarked request.

    user: a key of scale_data.BENCHMARK_LOGINS, or None for an anonymous visitor.
    path: the URL path, or a function of the Context that builds it.
    data: for POST, a function of the Context giving the form fields (the CSRF token is
    added for you).
    """

    name: str
    user: str | None
    path: str | Callable[["Context"], str]
    method: str = "GET"
    data: Callable[["Context"], dict] | None = None
    target_ms: float | None = None  # p95 target from the issue


def patient_year_program(ctx) -> str:
    return str(ctx.current_program("patient_year").pk)


def patient_year_report(ctx) -> str:
    end = ctx.patient_today()
    start = end - datetime.timedelta(days=364)
    return f"/patients/{ctx.user('patient_year').pk}/report/?start={start}&end={end}"


# The table. Targets are server time at p95 on the 2-core machine, from the issue.
REQUESTS = [
    Request(BASELINE, "clinician_200", "/bench/baseline/"),
    Request("health check", None, "/healthz"),
    Request("login page", None, "/login/"),
    Request(TODAY_PAGE, "patient_year", "/today/", target_ms=30),
    Request(
        "log save (POST)",
        "patient_year",
        lambda ctx: ctx.todays_log()[0],
        method="POST",
        data=lambda ctx: ctx.todays_log()[1],
        target_ms=50,
    ),
    Request(
        "catalogue search (typo, 2 filters)",
        "clinician_200",
        "/catalogue/?q=calf+strech&body_region=foot_ankle&exercise_type=stretch",
        target_ms=50,
    ),
    Request("clinician dashboard (200 patients)", "clinician_200", "/caseload/", target_ms=150),
    Request("patient report (one year)", "clinician_200", patient_year_report, target_ms=150),
    Request("dashboard CSV (500 patients)", "clinic_admin", "/caseload/export.csv", target_ms=1000),
    Request(
        "handout PDF",
        "clinician_200",
        lambda ctx: f"/programs/{patient_year_program(ctx)}/handout.pdf",
        target_ms=1000,
    ),
]

# CSV memory: worker RSS growth streaming the large export vs a small one (flat = similar).
CSV_EXPORTS = {
    "large": Request("CSV, clinic admin (500+ patients)", "clinic_admin", "/caseload/export.csv"),
    "small": Request("CSV, small caseload", "clinician_small", "/caseload/export.csv"),
}


# -- the database --------------------------------------------------------------------------


def prepare_environment() -> None:
    """Point this process and its children at the benchmark database, production-like."""
    if not os.environ.get("DATABASE_URL"):
        from config.database import embedded_database_url

        os.environ["DATABASE_URL"] = embedded_database_url(
            ROOT / ".data" / "postgres", "stride_bench"
        )
    # Production settings refuse to start without a secret; a throwaway one per run will do.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # A fixed key, so the benchmark database's audit trail stays verifiable across runs.
    os.environ.setdefault("AUDIT_MAC_KEYS", "bench:benchmark-only-audit-key-" + "x" * 32)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",  # loopback HTTP: there is no TLS proxy in front
        SESSION_COOKIE_SECURE="false",  # and the cookies must come back over it
        CSRF_COOKIE_SECURE="false",
        WHITENOISE_USE_FINDERS="true",
    )


def prepare_database(out) -> dict:
    import django
    from django.core.management import call_command, get_commands

    django.setup()
    from benchmarks import scale_data
    from benchmarks.seed_scale import SeedScale

    call_command("migrate", interactive=False, verbosity=0)
    if "load_catalogue" in get_commands():
        call_command("load_catalogue", verbosity=0)
    if scale_data.scale_dataset_exists():
        out("Scale dataset already loaded: reusing it (seed_scale.py --reset rebuilds it).")
    else:
        out("Loading the scale dataset (a few minutes, once)…")
        call_command(SeedScale())
    return scale_data.row_counts()


# -- HTTP against gunicorn -----------------------------------------------------------------


class Browser:
    """A signed-in (or anonymous) visitor: cookies kept by hand, one connection a request
    (gunicorn's sync workers close the connection after each response anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        status, content, _headers = self.exchange(method, path, data)
        return status, content

    def fetch_compressed(self, path: str) -> tuple[int, bytes, str]:
        """A GET as a browser sends it, accepting gzip (benchmarks.transfer.Fetch)."""
        status, content, headers = self.exchange("GET", path, accept_encoding="gzip")
        return status, content, headers.get("Content-Encoding", "")

    def exchange(self, method: str, path: str, data: dict | None = None, accept_encoding=None):
        headers = {"Host": f"{HOST}:{self.port}"}
        if accept_encoding:
            headers["Accept-Encoding"] = accept_encoding
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, response.headers

    def sign_in(self, email: str, password: str) -> None:
        status, _ = self.request("GET", "/login/")
        status, content = self.request("POST", "/login/", {"username": email, "password": password})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not sign in as {email} (HTTP {status}).")

    def clone(self) -> "Browser":
        other = Browser(self.port)
        other.cookies = dict(self.cookies)
        return other


def free_port() -> int:
    import socket

    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) != 0:
                return port
    raise SystemExit(f"No free port in {PORTS.start}–{PORTS.stop - 1}.")


def start_gunicorn(port: int, log_path: Path) -> subprocess.Popen:
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603  (our own venv's gunicorn, fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind={HOST}:{port}",
            "--timeout=120",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    probe = Browser(port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if probe.request("GET", "/healthz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}; see {log_path}.")


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    import psutil

    return [
        child.memory_info().rss / 2**20
        for child in psutil.Process(process.pid).children(recursive=True)
    ]


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Context:
    """What request tables need: the benchmark people and their data, from the database."""

    people: dict = field(default_factory=dict)

    def user(self, key: str):
        from accounts.models import User
        from benchmarks import scale_data

        if key not in self.people:
            if key == "clinician_small":
                self.people[key] = (
                    User.objects.filter(email__endswith="@" + scale_data.DOMAIN, role="clinician")
                    .exclude(email=scale_data.BENCHMARK_LOGINS["clinician_200"])
                    .order_by("email")
                    .first()
                )
            else:
                self.people[key] = User.objects.get(email=scale_data.BENCHMARK_LOGINS[key])
        return self.people[key]

    def current_program(self, key: str):
        return self.user(key).programs.exclude(status="draft").order_by("-start_date").first()

    def patient_today(self) -> datetime.date:
        from accounts.dates import local_today

        return local_today(self.user("patient_year"))

    def todays_log(self) -> tuple[str, dict]:
        """The log form of the year-long patient's running program today: its URL and a
        filled-in form (every exercise done, low pain), as the today page posts it."""
        from programs.logs.daily_log import plan_day

        day = self.patient_today()
        plan = next(p for p in plan_day(patient=self.user("patient_year"), day=day) if p.is_running)
        data = {"morning_pain": 2, "exercise_pain": 3, "difficulty": "about_right", "note": ""}
        for rx in plan.prescriptions:
            data[f"times-{rx.pk}"] = rx.times_per_day
            data[f"sets-{rx.pk}"] = rx.sets
        return f"/log/{plan.program.pk}/{day.isoformat()}/", data


def resolve_path(entry: Request, ctx: Context) -> str:
    return entry.path(ctx) if callable(entry.path) else entry.path


def count_queries(entry: Request, ctx: Context, path: str, data: dict | None) -> int:
    """The same request once in this process, counting its SQL statements."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if entry.user:
        client.force_login(ctx.user(entry.user))
    with CaptureQueriesContext(connection) as queries:
        post = entry.method == "POST"
        response = client.post(path, data or {}) if post else client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # a streamed export queries as it streams
    return len(queries)


def percentile_95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def app_times(log_path: Path, offset: int) -> list[float]:
    """`duration_ms` of the request-log lines gunicorn wrote after `offset`: time inside
    Django, without the HTTP round trip (and, for a streamed export, without the streaming)."""
    with log_path.open() as log:
        log.seek(offset)
        lines = log.read().splitlines()
    return [json.loads(line)["duration_ms"] for line in lines if '"duration_ms"' in line]


def measure(
    entry: Request, browser: Browser, path: str, data, *, count: int, log_path: Path
) -> dict:
    def once(who: Browser) -> float:
        started = time.perf_counter()
        status, _ = who.request(entry.method, path, data)
        if status >= 400 or (status >= 300 and entry.method == "GET"):
            raise RuntimeError(f"HTTP {status}")
        return (time.perf_counter() - started) * 1000

    for _ in range(5):
        once(browser)
    offset = log_path.stat().st_size
    latencies = [once(browser) for _ in range(count)]
    in_django = app_times(log_path, offset)

    total = max(THREADS * 25, count * 2)
    errors: list[Exception] = []

    def worker(who: Browser, n: int) -> None:
        try:
            for _ in range(n):
                once(who)
        except Exception as error:  # reported below, not swallowed
            errors.append(error)

    threads = [
        threading.Thread(target=worker, args=(browser.clone(), total // THREADS))
        for _ in range(THREADS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"concurrent run: {errors[0]}")
    return {
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile_95(latencies), 1),
        "django_p95_ms": round(percentile_95(in_django), 1) if in_django else None,
        "requests_per_s": round(total // THREADS * THREADS / elapsed, 1),
    }


def measure_csv_memory(process, browsers, ctx, out) -> dict | None:
    growth = {}
    for size in ("large", "small"):
        entry = CSV_EXPORTS[size]
        before = worker_rss_mb(process)
        for _ in range(WORKERS * 2):
            browsers[entry.user].request("GET", entry.path)
        after = worker_rss_mb(process)
        growth[size] = round(max(a - b for a, b in zip(after, before, strict=True)), 1)
    # Flat: the large export grows a worker no more than the small one (plus noise).
    flat = growth["large"] <= max(growth["small"], 1) * TARGETS["csv_growth_ratio"] + 5
    return {"rss_growth_mb": growth, "flat": flat}


# -- the run -------------------------------------------------------------------------------


def measure_first_visit(port: int, ctx: Context) -> dict:
    """The today page's first-visit transfer (benchmarks.transfer) for a patient with five
    drawn foot exercises: the scale patients have three to six of any region, so one is
    made next to them (their rows, and every other measurement, unchanged)."""
    from benchmarks import scale_data
    from benchmarks.transfer import first_visit_transfer, five_exercise_patient

    patient = five_exercise_patient(
        clinician=ctx.user("clinician_200"),
        email=f"patient.five-exercises@{scale_data.DOMAIN}",
        password=scale_data.PASSWORD,
    )
    visitor = Browser(port)
    visitor.sign_in(patient.email, scale_data.PASSWORD)
    return first_visit_transfer(visitor.fetch_compressed)


def verdict(value, target, *, at_most=True) -> str:
    if target is None or value is None:
        return ""
    return "met" if (value <= target if at_most else value >= target) else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="sequential requests each")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    RESULTS.mkdir(parents=True, exist_ok=True)

    def out(line=""):
        print(line, flush=True)

    prepare_environment()
    counts = prepare_database(out)
    import logging

    from benchmarks import scale_data

    logging.getLogger("stride.requests").disabled = True  # in-process counting stays quiet
    ctx = Context()
    port = free_port()
    log_path = RESULTS / "gunicorn.log"
    process = start_gunicorn(port, log_path)
    out(f"gunicorn: {WORKERS} workers on {HOST}:{port} (log: {log_path})")
    try:
        browsers = {None: Browser(port)}
        for key in {e.user for e in REQUESTS if e.user} | {"clinician_small"}:
            browsers[key] = Browser(port)
            browsers[key].sign_in(ctx.user(key).email, scale_data.PASSWORD)

        # Every worker renders every page once before any clock runs: first requests pay
        # for template compilation and new database connections, not for the page.
        for entry in REQUESTS:
            if entry.method == "GET":
                for _ in range(WORKERS * 3):
                    browsers[entry.user].request("GET", resolve_path(entry, ctx))

        results = []
        for entry in REQUESTS:
            row = {"name": entry.name, "method": entry.method, "target_p95_ms": entry.target_ms}
            path = resolve_path(entry, ctx)
            data = entry.data(ctx) if entry.data else None
            try:
                row["queries"] = count_queries(entry, ctx, path, data)
                row.update(
                    measure(
                        entry,
                        browsers[entry.user],
                        path,
                        data,
                        count=args.requests,
                        log_path=log_path,
                    )
                )
            except RuntimeError as error:
                out(f"{entry.name}: failed ({error})")
                results.append({**row, "failed": str(error)})
                continue
            row["p95_verdict"] = verdict(row["p95_ms"], entry.target_ms)
            out(f"{entry.name}: done")
            results.append(row)

        baseline = next(
            (r for r in results if r["name"] == BASELINE and "requests_per_s" in r), None
        )
        for row in results:
            if baseline and "requests_per_s" in row:
                row["vs_baseline"] = round(row["requests_per_s"] / baseline["requests_per_s"], 2)
        csv_memory = measure_csv_memory(process, browsers, ctx, out)
        first_visit = measure_first_visit(port, ctx)
        rss = [round(mb, 1) for mb in worker_rss_mb(process)]
    finally:
        process.terminate()
        process.wait(timeout=30)

    today = next((r for r in results if r["name"] == TODAY_PAGE), {})
    summary = {
        "today_throughput_ratio": today.get("vs_baseline"),
        "today_throughput_verdict": verdict(
            today.get("vs_baseline"), TARGETS["today_throughput_ratio"], at_most=False
        ),
        "worker_rss_mb": rss,
        "worker_rss_verdict": verdict(max(rss), TARGETS["worker_rss_mb"]),
        "csv_memory": csv_memory,
        "today_first_visit": first_visit,
    }
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": counts,
        "settings": {"workers": WORKERS, "threads": THREADS, "sequential": args.requests},
        "requests": results,
        "summary": summary,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    out()
    out(table(results))
    out()
    out(
        f"Today page throughput vs baseline: {today.get('vs_baseline')} "
        f"(target ≥ {TARGETS['today_throughput_ratio']:.0%}) "
        f"{summary['today_throughput_verdict']}"
    )
    out(
        f"Gunicorn worker RSS after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)} "
        f"(target ≤ {TARGETS['worker_rss_mb']} MB) {summary['worker_rss_verdict']}"
    )
    out(
        f"Today page first visit: {first_visit['total_kb']:.0f} KB compressed "
        f"(budget ≤ {first_visit['budget_kb']} KB) {first_visit['verdict']}"
    )
    if csv_memory:
        out(f"CSV export memory: {csv_memory}")
    out(f"Machine: {report['machine']}")
    out(f"Written to {RESULTS / 'latest.json'}")


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else ""
    meminfo = Path("/proc/meminfo")
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text() if meminfo.exists() else "")
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_gb": round(int(memory.group(1)) / 2**20, 1) if memory else None,
        # The machine may be shared: the load tells how far to trust the timings.
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def table(results: list[dict]) -> str:
    """A Markdown table, ready for the README's performance section."""
    lines = [
        "| request | median ms | p95 ms | target p95 | in Django p95 | req/s | × baseline "
        "| queries |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        if "p95_ms" not in row:
            lines.append(f"| {row['name']} | {row['failed']} |||||||")
            continue
        target = row["target_p95_ms"]
        target_text = f"≤ {target:g} {row['p95_verdict']}" if target else ""
        lines.append(
            f"| {row['name']} | {row['median_ms']} | {row['p95_ms']} | {target_text} | "
            f"{row['django_p95_ms']} | "
            f"{row['requests_per_s']} | {row.get('vs_baseline', '')} | {row['queries']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
