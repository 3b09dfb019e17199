"""gunicorn and nginx as production runs them, on loopback, without Docker.

gunicorn gets the Dockerfile's command and config/deploy/gunicorn.conf.py; nginx is
Debian's binary (`apt-get install -y nginx`) with config/deploy/nginx.conf, the template
docker-compose.yml fills in, filled in here with loopback high ports, a directory of its own
for the pid file and temporary files, and a throwaway self-signed certificate (`openssl`).
It runs as the current user. Used by benchmarks/slow_clients.py,
benchmarks/restart_under_load.py and tests/config/test_proxy.py.
"""

import functools
import http.client
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The Dockerfile runs exactly this (tests/config/test_deploy_files.py holds them together).
GUNICORN_COMMAND = ["gunicorn", "-c", "config/deploy/gunicorn.conf.py", "config.wsgi"]
NGINX_TEMPLATE = ROOT / "config" / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{(NGINX_[A-Z_]+)\}")


def nginx_binary() -> str | None:
    """Debian's nginx, which is in /usr/sbin: not on a non-root user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def missing_tools() -> list[str]:
    """What starting the stack needs and this machine lacks (apt-get install -y …)."""
    missing = [] if nginx_binary() else ["nginx"]
    return missing + ([] if shutil.which("openssl") else ["openssl"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def render_nginx_conf(values: dict[str, str]) -> str:
    """The template with its ${NGINX_...} placeholders filled in, as envsubst would."""
    template = NGINX_TEMPLATE.read_text()
    unknown = set(PLACEHOLDER.findall(template)) - set(values)
    if unknown:
        raise ValueError(f"No value for {', '.join(sorted(unknown))}")
    return PLACEHOLDER.sub(lambda found: values[found.group(1)], template)


def healthz_status(port: int, tls: bool = False, timeout: float = 5) -> int:
    if tls:
        connection = http.client.HTTPSConnection(HOST, port, timeout=timeout, context=tls_client())
    else:
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@functools.cache
def tls_client() -> ssl.SSLContext:
    """Accepts the throwaway self-signed certificate. Made once: a default context per
    connection loads the system's CA store, tens of milliseconds each time."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def wait_until_healthy(process: subprocess.Popen, port: int, tls: bool, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if healthz_status(port, tls) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    process.wait(timeout=30)
    raise RuntimeError(f"{process.args[0]} did not answer /healthz on port {port}; see {log_path}")


def start_gunicorn(port: int, log_path: Path, env: dict[str, str]) -> subprocess.Popen:
    """gunicorn with the production command and config, on HOST:port; `env` adds to ours."""
    with socket.socket() as sock:
        if sock.connect_ex((HOST, port)) == 0:
            # Its /healthz would answer for ours, which cannot bind.
            raise RuntimeError(f"Port {port} is taken: is another benchmark running?")
    executable = str(Path(sys.executable).parent / GUNICORN_COMMAND[0])
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603  (our venv's gunicorn, fixed arguments)
            [executable, *GUNICORN_COMMAND[1:]],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_until_healthy(process, port, tls=False, log_path=log_path)
    return process


def start_nginx(directory: Path, upstream_port: int) -> tuple[subprocess.Popen, int, int]:
    """nginx in `directory` (its config, pid, temporary files, certificate and log) in front
    of gunicorn on upstream_port. Returns the process and its HTTP and HTTPS ports."""
    run_dir, cert_dir = directory / "run", directory / "certs"
    run_dir.mkdir(parents=True, exist_ok=True)
    cert_dir.mkdir(exist_ok=True)
    key, certificate = cert_dir / "privkey.pem", cert_dir / "fullchain.pem"
    subprocess.run(  # noqa: S603  (openssl with fixed arguments)
        [shutil.which("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt"]
        + ["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    config = directory / "nginx.conf"
    config.write_text(
        render_nginx_conf(
            {
                "NGINX_HTTP_LISTEN": f"{HOST}:{http_port}",
                "NGINX_HTTPS_LISTEN": f"{HOST}:{https_port}",
                "NGINX_UPSTREAM": f"{HOST}:{upstream_port}",
                "NGINX_RUN_DIR": str(run_dir),
                "NGINX_CERT_DIR": str(cert_dir),
            }
        )
    )
    directives = "daemon off;"
    if os.geteuid() == 0:
        # As root nginx would hand its workers to `nobody`; they stay with the current user.
        directives += f" user {pwd.getpwuid(os.geteuid()).pw_name};"
    log_path = directory / "nginx.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603  (Debian's nginx, our generated config)
            [nginx_binary(), "-p", str(directory), "-c", str(config), "-g", directives],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_until_healthy(process, https_port, tls=True, log_path=log_path)
    return process, http_port, https_port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
