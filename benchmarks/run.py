"""Benchmarks: the key requests of Stride against a year of a large clinic group, at one size
or two (the same requests ten times the data), with and without a read replica.

    make bench [SCALE=10]    # or: .venv/bin/python benchmarks/run.py [--scale 10] [--reset]

1. Databases of its own (benchmarks/sizes.py): `stride_bench` (20 clinics, 10,000 patients,
   a year) and with `--scale N` also `stride_bench_Nx` (the same group N times over), on a
   PostgreSQL server of the benchmark's own in .data/bench/primary (embedded; or on
   DATABASE_URL's server when set). Each is migrated, given the catalogue, and seeded only
   when no scale dataset is there yet — a rerun starts in seconds; `--reset` rebuilds them.
2. Starts one gunicorn per size as in production (DEBUG off, 2 workers) on
   127.0.0.1:8190–8199 with benchmarks/settings.py (the production settings plus request
   logging and a baseline view), and signs the benchmark people in through the login form.
   The benchmark people are the same at every size (clinic 1 of the group).
3. For each entry of REQUESTS: a warm-up, then N sequential requests taking turns between
   the sizes (median and p95 latency; the sizes see the same machine load), then a fixed
   number of requests from 4 threads per size (requests per second, and that as a ratio to
   the baseline view's, measured on the same server just before: same middleware, session
   and user lookup, no work). The SQL query count comes from the same request run once in
   this process with Django's test client.
4. With two sizes: the ratio of each request's median and p95 between them (target: within
   1.3× for every patient- and clinician-facing page).
5. On size 1: the throughput targets (today page, catalogue list against the baseline view,
   in rounds taking turns with it), worker memory, CSV export memory and the today page's
   first-visit transfer.
6. The read replica (embedded server only; benchmarks/replica_share.py): a streaming standby
   of the benchmark's server, a gunicorn that reads the heavy pages from it, and for those
   pages requests per second and the CPU time of the primary, the standby and the workers,
   against the gunicorn without it.
Prints tables with each target met or missed, and writes benchmarks/results/latest.json.

REQUESTS is the one table to extend.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import sizes as bench_sizes  # noqa: E402
from benchmarks.server import (  # noqa: E402
    HOST,
    RESULTS,
    THREADS,
    WORKERS,
    Browser,
    free_port,
    requests_per_second,
    start_gunicorn,
    timed_request,
    worker_rss_mb,
)

BASELINE = "baseline view"
TODAY_PAGE = "patient today page"
CATALOGUE_LIST = "catalogue list (first page)"
TARGETS = {
    "today_throughput_ratio": 0.30,
    "catalogue_throughput_ratio": 0.30,
    "worker_rss_mb": 200,
    "csv_growth_ratio": 1.5,
    # From size 1 to size N, for the pages people see.
    "size_ratio": 1.3,
}


@dataclass(frozen=True)
class Request:
    """One benchmarked request.

    user: a key of scale_data.BENCHMARK_LOGINS, or None for an anonymous visitor.
    path: the URL path, or a function of the Context that builds it.
    data: for POST, a function of the Context giving the form fields (the CSRF token is
    added for you).
    replica: a heavy read the replica serves (a `replica_reads` view).
    """

    name: str
    user: str | None
    path: str | Callable[["Context"], str]
    method: str = "GET"
    data: Callable[["Context"], dict] | None = None
    target_ms: float | None = None  # p95 target from the issue
    replica: bool = False

    @property
    def people_facing(self) -> bool:
        """A page a patient or clinician waits for (its time must not grow with the data)."""
        return self.user is not None and self.name != BASELINE


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
    Request("patient history (8 weeks)", "patient_year", "/today/history/", replica=True),
    Request(CATALOGUE_LIST, "clinician_200", "/catalogue/"),
    Request(
        "catalogue search (typo, 2 filters)",
        "clinician_200",
        "/catalogue/?q=calf+strech&region=foot_ankle&type=stretch",
        target_ms=50,
    ),
    Request(
        "clinician dashboard (200 patients)",
        "clinician_200",
        "/caseload/",
        target_ms=150,
        replica=True,
    ),
    Request(
        "patient report (one year)",
        "clinician_200",
        patient_year_report,
        target_ms=150,
        replica=True,
    ),
    Request(
        "dashboard CSV (500 patients)",
        "clinic_admin",
        "/caseload/export.csv",
        target_ms=1000,
        replica=True,
    ),
    Request(
        "handout PDF",
        "clinician_200",
        lambda ctx: f"/programs/{patient_year_program(ctx)}/handout.pdf",
        target_ms=1000,
    ),
]

BASELINE_ENTRY = REQUESTS[0]

# CSV memory: worker RSS growth streaming the large export vs a small one (flat = similar).
CSV_EXPORTS = {
    "large": Request("CSV, clinic admin (500+ patients)", "clinic_admin", "/caseload/export.csv"),
    "small": Request("CSV, small caseload", "clinician_small", "/caseload/export.csv"),
}


# -- the database --------------------------------------------------------------------------


def prepare_environment() -> None:
    """Point this process and its children at the benchmark database (size 1, on the
    benchmark's own embedded server unless DATABASE_URL is set), production-like."""
    if not os.environ.get("DATABASE_URL"):
        from config.database import embedded_database_url
        from config.standby import start_primary

        start_primary(bench_sizes.PRIMARY_PGDATA, bench_sizes.SERVER_SETTINGS)
        os.environ["DATABASE_URL"] = embedded_database_url(
            bench_sizes.PRIMARY_PGDATA, bench_sizes.BASE_NAME
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
    os.environ.pop("DATABASE_REPLICA_URL", None)  # the replica is measured on its own (6.)


def embedded() -> bool:
    """Is the benchmark on its own embedded server (where it can start a standby)?"""
    return f"host={bench_sizes.PRIMARY_PGDATA}" in os.environ["DATABASE_URL"]


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Context:
    """What request tables need: the benchmark people and their data, from one size's
    database (call inside `sizes.on_database`)."""

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


@dataclass
class Server:
    """One size's gunicorn, its signed-in visitors and the request table resolved for it."""

    size: bench_sizes.Size
    process: object
    port: int
    log_path: Path
    ctx: Context
    browsers: dict = field(default_factory=dict)


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


def measure(entry: Request, targets: list[tuple[Server, str, dict | None]], *, count: int):
    """Sequential latencies taking turns between the sizes, then each size's throughput."""
    for server, path, data in targets:
        for _ in range(5):
            timed_request(server.browsers[entry.user], entry.method, path, data)
    offsets = [server.log_path.stat().st_size for server, _, _ in targets]
    latencies: list[list[float]] = [[] for _ in targets]
    for _ in range(count):
        for index, (server, path, data) in enumerate(targets):
            browser = server.browsers[entry.user]
            latencies[index].append(timed_request(browser, entry.method, path, data))
    rows = []
    for (server, path, data), offset, values in zip(targets, offsets, latencies, strict=True):
        in_django = app_times(server.log_path, offset)
        browser = server.browsers[entry.user]
        total = max(THREADS * 25, count * 2)
        # The baseline's throughput just before, on the same server: on a shared machine
        # the ratio of the two is steadier than either (REQUESTS' own baseline row is
        # minutes away).
        baseline = server.browsers[BASELINE_ENTRY.user]
        baseline_rate = requests_per_second(baseline, "GET", BASELINE_ENTRY.path, None, total=total)
        rate = requests_per_second(browser, entry.method, path, data, total=total)
        rows.append(
            {
                "median_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile_95(values), 1),
                "django_p95_ms": round(percentile_95(in_django), 1) if in_django else None,
                "requests_per_s": rate,
                "vs_baseline": round(rate / baseline_rate, 2),
                "baseline_requests_per_s": baseline_rate,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    return rows


def measure_csv_memory(server: Server) -> dict | None:
    growth = {}
    for size in ("large", "small"):
        entry = CSV_EXPORTS[size]
        before = worker_rss_mb(server.process)
        for _ in range(WORKERS * 2):
            server.browsers[entry.user].request("GET", entry.path)
        after = worker_rss_mb(server.process)
        growth[size] = round(max(a - b for a, b in zip(after, before, strict=True)), 1)
    # Flat: the large export grows a worker no more than the small one (plus noise).
    flat = growth["large"] <= max(growth["small"], 1) * TARGETS["csv_growth_ratio"] + 5
    return {"rss_growth_mb": growth, "flat": flat}


def measure_first_visit(server: Server) -> dict:
    """The today page's first-visit transfer (benchmarks.transfer) for a patient with five
    drawn foot exercises: the scale patients have three to six of any region, so one is
    made next to them (their rows, and every other measurement, unchanged)."""
    from benchmarks import scale_data
    from benchmarks.transfer import first_visit_transfer, five_exercise_patient

    with bench_sizes.on_database(server.size):
        patient = five_exercise_patient(
            clinician=server.ctx.user("clinician_200"),
            email=f"patient.five-exercises@{scale_data.DOMAIN}",
            password=scale_data.PASSWORD,
        )
    visitor = Browser(server.port)
    visitor.sign_in(patient.email, scale_data.PASSWORD)
    return first_visit_transfer(visitor.fetch_compressed)


def verdict(value, target, *, at_most=True) -> str:
    if target is None or value is None:
        return ""
    return "met" if (value <= target if at_most else value >= target) else "MISSED"


# -- the run -------------------------------------------------------------------------------


def start_servers(all_sizes, taken_ports: list[int]) -> list[Server]:
    servers = []
    for size in all_sizes:
        port = free_port(taken_ports)
        taken_ports.append(port)
        log_path = RESULTS / f"gunicorn-{size.label}.log"
        process = start_gunicorn(port, log_path, env={"DATABASE_URL": size.url})
        servers.append(Server(size, process, port, log_path, Context()))
    return servers


def sign_in_everyone(server: Server) -> None:
    from benchmarks import scale_data

    server.browsers[None] = Browser(server.port)
    for key in {e.user for e in REQUESTS if e.user} | {"clinician_small"}:
        with bench_sizes.on_database(server.size):
            email = server.ctx.user(key).email
        server.browsers[key] = Browser(server.port)
        server.browsers[key].sign_in(email, scale_data.PASSWORD)


def warm_up(server: Server) -> None:
    """Every worker renders every page once before any clock runs: first requests pay for
    template compilation and new database connections, not for the page."""
    for entry in REQUESTS:
        if entry.method == "GET":
            with bench_sizes.on_database(server.size):
                path = resolve_path(entry, server.ctx)
            for _ in range(WORKERS * 3):
                server.browsers[entry.user].request("GET", path)


def measure_requests(servers: list[Server], count: int, out) -> dict[str, list[dict]]:
    results = {server.size.label: [] for server in servers}
    for entry in REQUESTS:
        targets, rows = [], []
        try:
            for server in servers:
                with bench_sizes.on_database(server.size):
                    path = resolve_path(entry, server.ctx)
                    data = entry.data(server.ctx) if entry.data else None
                    queries = count_queries(entry, server.ctx, path, data)
                targets.append((server, path, data))
                rows.append(
                    {
                        "name": entry.name,
                        "method": entry.method,
                        "target_p95_ms": entry.target_ms,
                        "people_facing": entry.people_facing,
                        "replica": entry.replica,
                        "queries": queries,
                    }
                )
            for row, measured in zip(rows, measure(entry, targets, count=count), strict=True):
                row.update(measured)
                row["p95_verdict"] = verdict(row["p95_ms"], entry.target_ms)
        except RuntimeError as error:
            out(f"{entry.name}: failed ({error})")
            rows = [{"name": entry.name, "failed": str(error)} for _ in servers]
        else:
            out(f"{entry.name}: done")
        for server, row in zip(servers, rows, strict=True):
            results[server.size.label].append(row)
    return results


def size_ratios(results: dict[str, list[dict]]) -> list[dict]:
    """Each request's median and p95 at the largest size over size 1."""
    labels = list(results)
    small, large = results[labels[0]], results[labels[-1]]
    ratios = []
    for one, many in zip(small, large, strict=True):
        if "p95_ms" not in one or "p95_ms" not in many:
            ratios.append({"name": one["name"], "failed": one.get("failed") or many.get("failed")})
            continue
        median = round(many["median_ms"] / one["median_ms"], 2)
        p95 = round(many["p95_ms"] / one["p95_ms"], 2)
        ratios.append(
            {
                "name": one["name"],
                "median_ratio": median,
                "p95_ratio": p95,
                # On the median: the p95 of 50 requests is their third slowest, which one
                # stall of a shared machine moves (both are printed).
                "verdict": verdict(median, TARGETS["size_ratio"]) if one["people_facing"] else "",
            }
        )
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="sequential requests each")
    parser.add_argument(
        "--scale", type=int, default=1, help="also measure the group this many times over"
    )
    parser.add_argument("--reset", action="store_true", help="rebuild the benchmark databases")
    parser.add_argument("--no-replica", action="store_true", help="skip the read replica")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    def out(line=""):
        print(line, flush=True)

    prepare_environment()
    all_sizes = bench_sizes.sizes(os.environ["DATABASE_URL"], args.scale)
    for size in all_sizes:
        bench_sizes.create(size, reset=args.reset)
    import django

    django.setup()
    import logging

    for size in all_sizes:
        bench_sizes.register(size)
    datasets = {}
    for size in all_sizes:
        load_before = os.getloadavg()
        datasets[size.label] = bench_sizes.prepare(size, out)
        datasets[size.label]["load_average"] = [load_before[0], os.getloadavg()[0]]

    logging.getLogger("stride.requests").disabled = True  # in-process counting stays quiet
    ports: list[int] = []
    servers = start_servers(all_sizes, ports)
    replica = None
    for server in servers:
        out(f"gunicorn ({server.size.label}): {WORKERS} workers on {HOST}:{server.port}")
    try:
        for server in servers:
            sign_in_everyone(server)
            warm_up(server)
        results = measure_requests(servers, args.requests, out)
        one = servers[0]
        ratios = throughput_ratios(one)
        csv_memory = measure_csv_memory(one)
        first_visit = measure_first_visit(one)
        rss = [round(mb, 1) for mb in worker_rss_mb(one.process)]
        if embedded() and not args.no_replica:
            from benchmarks import replica_share

            with bench_sizes.on_database(one.size):
                heavy = [(e, resolve_path(e, one.ctx)) for e in REQUESTS if e.replica]
            replica = replica_share.measure(one, heavy, ports=ports, out=out)
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(timeout=30)

    summary = summarise(ratios, rss=rss, csv_memory=csv_memory, first_visit=first_visit)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "datasets": datasets,
        "settings": {"workers": WORKERS, "threads": THREADS, "sequential": args.requests},
        "requests": results,
        "size_ratios": size_ratios(results) if len(all_sizes) > 1 else None,
        "replica": replica,
        "summary": summary,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print_report(report, out)


RATIO_ROUNDS = 5


def throughput_ratios(server: Server) -> dict[str, dict]:
    """The pages with a throughput target against the baseline view, on size 1's server:
    RATIO_ROUNDS rounds of baseline then page, the median of their ratios (a shared
    machine's load moves both rates by ±30 % within a minute; their ratio much less)."""
    baseline = server.browsers[BASELINE_ENTRY.user]
    ratios = {}
    for entry in REQUESTS:
        if entry.name not in (TODAY_PAGE, CATALOGUE_LIST):
            continue
        with bench_sizes.on_database(server.size):
            path = resolve_path(entry, server.ctx)
        rounds = []
        for _ in range(RATIO_ROUNDS):
            base = requests_per_second(baseline, "GET", BASELINE_ENTRY.path, None, total=200)
            page = requests_per_second(server.browsers[entry.user], "GET", path, None, total=200)
            rounds.append(round(page / base, 3))
        ratios[entry.name] = {"median": statistics.median(rounds), "rounds": rounds}
    return ratios


def summarise(ratios: dict, *, rss, csv_memory, first_visit) -> dict:
    today = ratios[TODAY_PAGE]["median"]
    catalogue = ratios[CATALOGUE_LIST]["median"]
    return {
        "throughput_ratios": ratios,
        "today_throughput_ratio": today,
        "today_throughput_verdict": verdict(
            today, TARGETS["today_throughput_ratio"], at_most=False
        ),
        "catalogue_throughput_ratio": catalogue,
        "catalogue_throughput_verdict": verdict(
            catalogue, TARGETS["catalogue_throughput_ratio"], at_most=False
        ),
        "worker_rss_mb": rss,
        "worker_rss_verdict": verdict(max(rss), TARGETS["worker_rss_mb"]),
        "csv_memory": csv_memory,
        "today_first_visit": first_visit,
    }


def print_report(report: dict, out) -> None:
    for label, rows in report["requests"].items():
        dataset = report["datasets"][label]
        out()
        out(
            f"Size {label}: {dataset['database']}, "
            f"{dataset['rows']['accounts_patientprofile']:,} patients, "
            f"{dataset['bytes'] / 2**30:.1f} GB"
            + (f", loaded in {dataset['load_seconds']} s" if dataset["load_seconds"] else "")
        )
        out(table(rows))
    if report["size_ratios"]:
        labels = list(report["requests"])
        out()
        out(f"From {labels[0]} to {labels[-1]} (target ≤ {TARGETS['size_ratio']}×):")
        out(ratio_table(report["requests"], report["size_ratios"]))
    if report["replica"]:
        from benchmarks import replica_share

        out()
        out(replica_share.table(report["replica"]))
    summary = report["summary"]
    out()
    out(
        f"Throughput vs baseline, median of {RATIO_ROUNDS} rounds taking turns with it: "
        f"today page {summary['throughput_ratios'][TODAY_PAGE]['rounds']}, catalogue list "
        f"{summary['throughput_ratios'][CATALOGUE_LIST]['rounds']}"
    )
    out(
        f"Today page throughput vs baseline: {summary['today_throughput_ratio']} "
        f"(target ≥ {TARGETS['today_throughput_ratio']:.0%}) "
        f"{summary['today_throughput_verdict']}"
    )
    out(
        f"Catalogue list throughput vs baseline: {summary['catalogue_throughput_ratio']} "
        f"(target ≥ {TARGETS['catalogue_throughput_ratio']:.0%}) "
        f"{summary['catalogue_throughput_verdict']}"
    )
    rss = summary["worker_rss_mb"]
    out(
        f"Gunicorn worker RSS after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)} "
        f"(target ≤ {TARGETS['worker_rss_mb']} MB) {summary['worker_rss_verdict']}"
    )
    first_visit = summary["today_first_visit"]
    out(
        f"Today page first visit: {first_visit['total_kb']:.0f} KB compressed "
        f"(budget ≤ {first_visit['budget_kb']} KB) {first_visit['verdict']}"
    )
    if summary["csv_memory"]:
        out(f"CSV export memory: {summary['csv_memory']}")
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
        "| queries | load |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        if "p95_ms" not in row:
            lines.append(f"| {row['name']} | {row['failed']} ||||||||")
            continue
        target = row["target_p95_ms"]
        target_text = f"≤ {target:g} {row['p95_verdict']}" if target else ""
        lines.append(
            f"| {row['name']} | {row['median_ms']} | {row['p95_ms']} | {target_text} | "
            f"{row['django_p95_ms']} | {row['requests_per_s']} | {row.get('vs_baseline', '')} | "
            f"{row['queries']} | {row['load_average']} |"
        )
    return "\n".join(lines)


def ratio_table(results: dict[str, list[dict]], ratios: list[dict]) -> str:
    small, large = list(results)[0], list(results)[-1]
    lines = [
        f"| request | {small} median | {small} p95 | {large} median | {large} p95 "
        "| × median | × p95 | ≤ 1.3× | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for one, many, ratio in zip(results[small], results[large], ratios, strict=True):
        if "failed" in ratio:
            lines.append(f"| {ratio['name']} | {ratio['failed']} ||||||||")
            continue
        queries = f"{one['queries']} → {many['queries']}"
        lines.append(
            f"| {ratio['name']} | {one['median_ms']} | {one['p95_ms']} | {many['median_ms']} | "
            f"{many['p95_ms']} | {ratio['median_ratio']} | {ratio['p95_ratio']} | "
            f"{ratio['verdict']} | {queries} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
