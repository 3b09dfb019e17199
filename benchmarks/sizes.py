"""The benchmark's databases: one per size of the clinic group, kept between runs.

Size 1 is `stride_bench` (seed_scale's default group: 20 clinics, 10,000 patients, a year),
size N is `stride_bench_Nx` (the same group N times over, benchmarks/scale_copies.py). They
live on a PostgreSQL server of the benchmark's own, `.data/bench/primary` (embedded), that a
streaming standby in `.data/bench/replica` can follow — or on DATABASE_URL's server.

Size N is made from size 1: a file copy of its database, multiplied in SQL
(benchmarks/scale_copies.py), which keeps a 100,000-patient load to minutes.

This process reads every size's database in turn (the benchmark people, their paths, query
counts) through `on_database(size)`, which points Django's default connection at it.
"""

import contextlib
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PRIMARY_PGDATA = ROOT / ".data" / "bench" / "primary"
REPLICA_PGDATA = ROOT / ".data" / "bench" / "replica"
BASE_NAME = "stride_bench"
# The benchmark's server, as one would set up PostgreSQL on a machine with this much memory
# (initdb's 128 MB of shared buffers is sized for a laptop), and with room for a large load:
# no checkpoint in the middle of it (each would write every page it touches once more).
SERVER_SETTINGS = {"shared_buffers": "1GB", "max_wal_size": "16GB", "checkpoint_timeout": "30min"}


@dataclass(frozen=True)
class Size:
    copies: int
    url: str  # the database's URL

    @property
    def label(self) -> str:
        return f"{self.copies}x"

    @property
    def alias(self) -> str:
        return "default" if self.copies == 1 else f"bench_{self.label}"

    @property
    def name(self) -> str:
        return urllib.parse.urlsplit(self.url).path.lstrip("/")


def database_name(copies: int) -> str:
    return BASE_NAME if copies == 1 else f"{BASE_NAME}_{copies}x"


def with_name(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def sizes(base_url: str, scale: int) -> list[Size]:
    """Size 1, and size `scale` when it is more than 1."""
    copies = [1] if scale <= 1 else [1, scale]
    return [Size(n, with_name(base_url, database_name(n))) for n in copies]


def admin_url(url: str) -> str:
    return with_name(url, "postgres")


def create(size: Size, *, reset: bool) -> None:
    """Create the size's database, empty first when `reset`."""
    with psycopg.connect(admin_url(size.url), autocommit=True) as conn:
        name = sql.Identifier(size.name)
        if reset:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [size.name]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def register(size: Size) -> None:
    """Make the size's database a connection alias of this process (size 1 is `default`)."""
    from django.db import connections

    if size.alias != "default":
        connections.settings[size.alias] = dict(connections.settings["default"], NAME=size.name)


@contextlib.contextmanager
def on_database(size: Size):
    """Run the ORM and `django.db.connection` against this size's database meanwhile."""
    from django.db import connections

    default = connections["default"]
    connections["default"] = connections[size.alias]
    try:
        yield
    finally:
        connections["default"] = default


def prepare(size: Size, out) -> dict:
    """Migrate, load the catalogue, and seed the group unless it is there; returns row
    counts and how long the load took (None when reused).

    Size N is size 1's database copied (CREATE DATABASE … TEMPLATE, a file copy) and then
    multiplied in SQL (`scale_copies.multiply`): prepare size 1 first.
    """
    from django.core.management import call_command, get_commands

    from benchmarks import scale_copies, scale_data
    from benchmarks.seed_scale import SeedScale

    started = time.monotonic()
    load_seconds, phases = None, None
    if size.copies > 1 and not _multiplied(size):
        out(f"{size.label}: copying {BASE_NAME} and multiplying it by {size.copies} (once)…")
        _copy_of_size_one(size)
        phases = {"file_copy": round(time.monotonic() - started, 1)}
        with on_database(size):
            phases |= scale_copies.multiply(size.copies, stderr=sys.stderr)
        load_seconds = round(time.monotonic() - started, 1)
        out(f"{size.label}: loaded in {load_seconds} s ({phases})")
    with on_database(size):
        call_command("migrate", interactive=False, verbosity=0)
        if "load_catalogue" in get_commands():
            call_command("load_catalogue", verbosity=0)
        if load_seconds is None and scale_data.scale_dataset_exists():
            out(f"{size.label}: scale dataset already loaded in {size.name}: reusing it.")
        elif load_seconds is None:
            out(f"{size.label}: loading the scale dataset into {size.name} (once)…")
            call_command(SeedScale())
            load_seconds = round(time.monotonic() - started, 1)
        return {
            "database": size.name,
            "rows": scale_data.row_counts(),
            "bytes": scale_data.database_size(),
            "load_seconds": load_seconds,
            "load_phases": phases,
        }


def _multiplied(size: Size) -> bool:
    """Did `scale_copies.multiply` finish in this size's database?"""
    from benchmarks import scale_copies

    with on_database(size):
        return scale_copies.copies_made() == size.copies


def _copy_of_size_one(size: Size) -> None:
    """A file copy of `stride_bench` (nothing may be connected to it meanwhile)."""
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_url(size.url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(size.name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(size.name), sql.Identifier(BASE_NAME)
            )
        )
