"""Gunicorn as in production, and a browser that talks to it: what every benchmark drives."""

import http.client
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks import production_stack

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PORTS = range(8190, 8200)
HOST = "127.0.0.1"
WORKERS = 2
THREADS = 4  # client threads of a throughput measurement


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


def free_port(taken=()) -> int:
    import socket

    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) != 0:
                return port
    raise SystemExit(f"No free port in {PORTS.start}–{PORTS.stop - 1}.")


def start_gunicorn(port: int, log_path: Path, env: dict | None = None) -> subprocess.Popen:
    """gunicorn exactly as production runs it (benchmarks/production_stack.py: the
    Dockerfile's command and config/deploy/gunicorn.conf.py); `env` adds to ours."""
    settings = {
        # The production settings plus the baseline view (benchmarks/settings.py).
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "WEB_CONCURRENCY": str(WORKERS),
    }
    return production_stack.start_gunicorn(port, log_path, settings | (env or {}))


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    import psutil

    return [
        child.memory_info().rss / 2**20
        for child in psutil.Process(process.pid).children(recursive=True)
    ]


def timed_request(browser: Browser, method: str, path: str, data) -> float:
    started = time.perf_counter()
    status, _ = browser.request(method, path, data)
    if status >= 400 or (status >= 300 and method == "GET"):
        raise RuntimeError(f"HTTP {status}")
    return (time.perf_counter() - started) * 1000


def requests_per_second(browser: Browser, method: str, path: str, data, *, total: int) -> float:
    """`total` requests from THREADS threads, each with the browser's cookies."""
    errors: list[Exception] = []

    def worker(who: Browser, n: int) -> None:
        try:
            for _ in range(n):
                timed_request(who, method, path, data)
        except Exception as error:  # reported below, not swallowed
            errors.append(error)

    each = total // THREADS
    threads = [
        threading.Thread(target=worker, args=(browser.clone(), each)) for _ in range(THREADS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"concurrent run: {errors[0]}")
    return round(each * THREADS / elapsed, 1)
