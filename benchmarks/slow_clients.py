"""Slow clients: does /healthz still answer while 50 connections trickle bytes?

    .venv/bin/python benchmarks/slow_clients.py [--clients 50] [--seconds 20]

`make bench` runs it. Needs Debian's nginx and openssl (`apt-get install -y nginx openssl`),
not Docker; without them it says so and does nothing.

1. gunicorn exactly as in production (the Dockerfile's command, config/deploy/gunicorn.conf.py:
   2 sync workers, preloaded, recycled after 2,000 requests with jitter), DEBUG off, on a
   loopback port; nginx in front with the docker-compose template (benchmarks/production_stack.py).
2. The attack: N slow clients, half sending a request's headers one byte every 2 s (they never
   end), half sending the headers of a 100 KB POST and then its body one byte every 2 s. A
   client the server drops reconnects at once, as an attacker would.
3. Once they are connected, a probe asks for /healthz every 0.25 s on a new connection (TLS
   through nginx), with a 2 s timeout, and times each answer.
4. The same attack and probes straight at gunicorn, for contrast.

Prints how many probes were answered and their p50/p95/max, and writes
benchmarks/results/slow_clients_latest.json. Passes when every probe through nginx was
answered and the p95 is within 100 ms.
"""

import argparse
import datetime
import json
import math
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import production_stack  # noqa: E402
from benchmarks.production_stack import HOST  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
BUDGET_MS = 100
PROBE_EVERY_S = 0.25
PROBE_TIMEOUT_S = 2.0
# Never completed: no blank line ends these headers.
SLOW_HEADERS = (
    f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: slow\r\nX-Padding: ".encode()
    + b"a" * 10_000
)
BODY_BYTES = 100_000
BODY_HEADERS = (
    f"POST /login/ HTTP/1.1\r\nHost: {HOST}\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
    f"Content-Length: {BODY_BYTES}\r\n\r\n"
).encode()


class SlowClient(threading.Thread):
    """One connection trickling its headers (kind "headers") or its body ("body")."""

    def __init__(self, port: int, tls: bool, kind: str, interval: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.tls, self.kind, self.interval, self.stop = port, tls, kind, interval, stop
        self.connections = 0
        self.connected = threading.Event()

    def run(self):
        trickle = SLOW_HEADERS if self.kind == "headers" else b"a" * BODY_BYTES
        while not self.stop.is_set():
            try:
                with self.connect() as sock:
                    self.connections += 1
                    if self.kind == "body":
                        sock.sendall(BODY_HEADERS)
                    self.connected.set()
                    for n in range(len(trickle)):
                        sock.sendall(trickle[n : n + 1])
                        if self.stop.wait(self.interval):
                            return
            except OSError:
                # Dropped by the server (a timeout): straight back, as an attacker would.
                self.stop.wait(0.05)

    def connect(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=10)
        if self.tls:
            return production_stack.tls_client().wrap_socket(sock)
        return sock


def probe(port: int, tls: bool) -> float | None:
    """Milliseconds to a 200 from /healthz on a new connection, or None."""
    began = time.perf_counter()
    try:
        status = production_stack.healthz_status(port, tls, timeout=PROBE_TIMEOUT_S)
    except OSError:
        return None
    return (time.perf_counter() - began) * 1000 if status == 200 else None


def probes(port: int, tls: bool, seconds: float) -> list[float | None]:
    timings = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.monotonic()
        timings.append(probe(port, tls))
        time.sleep(max(0.0, PROBE_EVERY_S - (time.monotonic() - began)))
    return timings


def attack(port: int, tls: bool, clients: int, seconds: float, interval: float = 2.0) -> dict:
    """`clients` slow clients at port; the probes' figures while they hold on."""
    stop = threading.Event()
    attackers = [
        SlowClient(port, tls, "headers" if n % 2 == 0 else "body", interval, stop)
        for n in range(clients)
    ]
    for attacker in attackers:
        attacker.start()
    try:
        for attacker in attackers:
            attacker.connected.wait(timeout=10)
        # Give gunicorn time to hand the first ones to its workers.
        time.sleep(1.0)
        connected = sum(attacker.connected.is_set() for attacker in attackers)
        timings = probes(port, tls, seconds)
    finally:
        stop.set()
        for attacker in attackers:
            attacker.join(timeout=15)
    return {
        "slow_clients": clients,
        "connected_before_probing": connected,
        "reconnects": sum(max(0, a.connections - 1) for a in attackers),
        **summary(timings),
    }


def summary(timings: list[float | None]) -> dict:
    answered = sorted(t for t in timings if t is not None)

    def rank(fraction: float) -> float | None:
        if not answered:
            return None
        return round(answered[max(0, math.ceil(fraction * len(answered)) - 1)], 1)

    return {
        "probes": len(timings),
        "answered": len(answered),
        "within_budget": sum(t <= BUDGET_MS for t in answered),
        "p50_ms": rank(0.50),
        "p95_ms": rank(0.95),
        "max_ms": rank(1.0),
    }


def environment() -> dict[str, str]:
    from config.database import database_url

    return {
        # /healthz asks the database for `SELECT 1`: any database of the server will do.
        "DATABASE_URL": database_url(ROOT),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "AUDIT_MAC_KEYS": os.environ.get("AUDIT_MAC_KEYS") or f"bench:{secrets.token_urlsafe(40)}",
        "DEBUG": "false",
        "WEB_CONCURRENCY": "2",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }


def line(name: str, figures: dict) -> str:
    return (
        f"{name}: {figures['answered']} of {figures['probes']} probes answered, "
        f"{figures['within_budget']} within {BUDGET_MS} ms; "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    missing = production_stack.missing_tools()
    if missing:
        print(f"Slow-client benchmark skipped: install {' and '.join(missing)} "
              f"(apt-get install -y {' '.join(missing)}).")  # fmt: skip
        return 0
    from benchmarks.run import machine

    RESULTS.mkdir(parents=True, exist_ok=True)
    gunicorn_port = production_stack.free_port()
    gunicorn = production_stack.start_gunicorn(
        gunicorn_port, RESULTS / "slow-clients-gunicorn.log", environment()
    )
    try:
        with tempfile.TemporaryDirectory(prefix="stride-nginx-") as directory:
            nginx, _, https_port = production_stack.start_nginx(Path(directory), gunicorn_port)
            try:
                idle = summary(probes(https_port, tls=True, seconds=3))
                print(line("through nginx, no attack", idle), flush=True)
                proxied = attack(https_port, True, args.clients, args.seconds)
                print(line(f"through nginx, {args.clients} slow clients", proxied), flush=True)
            finally:
                production_stack.stop(nginx)
        direct = attack(gunicorn_port, False, args.clients, args.seconds)
        print(line(f"straight at gunicorn, {args.clients} slow clients", direct), flush=True)
    finally:
        production_stack.stop(gunicorn)

    ok = proxied["answered"] == proxied["probes"] and proxied["p95_ms"] <= BUDGET_MS
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "clients": args.clients,
            "seconds": args.seconds,
            "byte_every_s": 2.0,
            "probe_every_s": PROBE_EVERY_S,
            "probe_timeout_s": PROBE_TIMEOUT_S,
            "gunicorn_workers": 2,
        },
        "through_nginx_idle": idle,
        "through_nginx": proxied,
        "straight_at_gunicorn": direct,
        "pass": ok,
    }
    (RESULTS / "slow_clients_latest.json").write_text(json.dumps(report, indent=2))
    print(f"{'PASS' if ok else 'FAIL'}: written to {RESULTS / 'slow_clients_latest.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
