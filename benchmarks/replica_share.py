"""What a read replica takes off the primary: the heavy pages with and without it.

Part of `make bench` (benchmarks/run.py, step 6) when the benchmark runs on its own embedded
server. On size 1 (`stride_bench`):

1. starts the streaming hot standby of the benchmark's server (config/standby.py: a
   `pg_basebackup -R` in .data/bench/replica, made once and kept, stopped at the end);
2. starts a second gunicorn with DATABASE_REPLICA_URL pointing at it, and signs the
   benchmark people in there (dropping the cookie that pins a browser to the primary
   after the sign-in's POST: they read as someone who signed in a while ago);
3. for each heavy page (`replica=True` in REQUESTS), the same number of requests from
   THREADS threads against the gunicorn without the replica, then the one with it, taking
   the CPU time (user + system, /proc through psutil) of every process of the primary, of
   the standby and of the gunicorn workers before and after each run.

Reports requests per second, CPU milliseconds per request on each, and the primary's share
of the CPU the page costs (primary, standby and workers together); and the replica's lag
from /healthz before and after.
"""

import json
from contextlib import suppress
from pathlib import Path

from benchmarks import sizes as bench_sizes
from benchmarks.server import (
    RESULTS,
    THREADS,
    Browser,
    free_port,
    requests_per_second,
    start_gunicorn,
)

REQUESTS_EACH = 100


def cluster_cpu_seconds(pgdata: Path) -> float:
    """CPU time of a PostgreSQL server so far: the postmaster, its live processes (backends,
    WAL sender or receiver, startup/recovery, checkpointer…) and those that have ended."""
    import psutil

    postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
    return process_tree_cpu_seconds(postmaster)


def process_tree_cpu_seconds(parent) -> float:
    times = parent.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in parent.children(recursive=True):
        with suppress(Exception):  # it ended meanwhile: counted in children_* next time
            child_times = child.cpu_times()
            total += child_times.user + child_times.system
    return total


def gunicorn_cpu_seconds(process) -> float:
    import psutil

    return process_tree_cpu_seconds(psutil.Process(process.pid))


def measure(one, heavy, *, ports: list[int], out) -> dict:
    """`one`: size 1's run.Server (gunicorn without the replica); `heavy`: the heavy
    requests with their paths. Starts the standby and a gunicorn that reads from it; stops
    both after."""
    from config.database import stop_embedded
    from config.standby import start_standby

    out("Read replica: starting the standby (a base backup the first time)…")
    replica_url = bench_sizes.with_name(
        start_standby(bench_sizes.PRIMARY_PGDATA, bench_sizes.REPLICA_PGDATA),
        one.size.name,
    )
    port = free_port(ports)
    ports.append(port)
    log_path = RESULTS / "gunicorn-replica.log"
    process = start_gunicorn(
        port, log_path, env={"DATABASE_URL": one.size.url, "DATABASE_REPLICA_URL": replica_url}
    )
    try:
        with_replica = _signed_in_like(one, port)
        health_before = _healthz(port)
        rows = []
        for entry, path in heavy:
            row = {"name": entry.name}
            for label, browser, server in (
                ("primary_only", one.browsers[entry.user], one.process),
                ("with_replica", with_replica[entry.user], process),
            ):
                for _ in range(6):  # warm: each worker's connections, the standby's cache
                    browser.request("GET", path)
                before = _cpu(server)
                rate = requests_per_second(
                    browser, "GET", path, None, total=REQUESTS_EACH // THREADS * THREADS
                )
                after = _cpu(server)
                used = {part: after[part] - before[part] for part in after}
                count = REQUESTS_EACH // THREADS * THREADS
                row[label] = {
                    "requests_per_s": rate,
                    "cpu_ms_per_request": {
                        part: round(seconds * 1000 / count, 1) for part, seconds in used.items()
                    },
                    "primary_share": round(used["primary"] / sum(used.values()), 3),
                }
            row["throughput_ratio"] = round(
                row["with_replica"]["requests_per_s"] / row["primary_only"]["requests_per_s"], 2
            )
            rows.append(row)
            out(f"{entry.name} (replica): done")
        health_after = _healthz(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
        stop_embedded(bench_sizes.REPLICA_PGDATA)
    return {"requests": rows, "healthz_before": health_before, "healthz_after": health_after}


def _signed_in_like(one, port: int) -> dict:
    """The same people signed in on the replica-reading gunicorn, unpinned."""
    from benchmarks import scale_data
    from config.db_router import PIN_COOKIE

    browsers = {}
    for key in one.browsers:
        browsers[key] = Browser(port)
        if key is not None:
            with bench_sizes.on_database(one.size):
                email = one.ctx.user(key).email
            browsers[key].sign_in(email, scale_data.PASSWORD)
            browsers[key].cookies.pop(PIN_COOKIE, None)
    return browsers


def _cpu(process) -> dict:
    return {
        "primary": cluster_cpu_seconds(bench_sizes.PRIMARY_PGDATA),
        "replica": cluster_cpu_seconds(bench_sizes.REPLICA_PGDATA),
        "workers": gunicorn_cpu_seconds(process),
    }


def _healthz(port: int) -> dict:
    status, content = Browser(port).request("GET", "/healthz")
    return json.loads(content) if status == 200 else {"status": status}


def table(replica: dict) -> str:
    lines = [
        "| heavy page | req/s without → with replica | × | primary CPU ms/request "
        "| replica CPU ms/request | workers CPU ms/request | primary's share of the CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in replica["requests"]:
        without, with_ = row["primary_only"], row["with_replica"]
        cpu_without, cpu_with = without["cpu_ms_per_request"], with_["cpu_ms_per_request"]
        lines.append(
            f"| {row['name']} | {without['requests_per_s']} → {with_['requests_per_s']} | "
            f"{row['throughput_ratio']} | {cpu_without['primary']} → {cpu_with['primary']} | "
            f"{cpu_without['replica']} → {cpu_with['replica']} | "
            f"{cpu_without['workers']} → {cpu_with['workers']} | "
            f"{without['primary_share']:.0%} → {with_['primary_share']:.0%} |"
        )
    lines.append("")
    lines.append(
        f"Replica on /healthz: before {replica['healthz_before'].get('replica')}, "
        f"after {replica['healthz_after'].get('replica')}"
    )
    return "\n".join(lines)
