"""The clinic group made N times larger in SQL, as more clinics just like the first ones.

`multiply(copies)` turns a database holding seed_scale's group (20 clinics, 10,000
patients) into one holding it `copies` times over: copy k of clinic c is clinic
c + k × 20, with a copy of each of its people (their e-mails name the new clinic, so
`patient.01.00001@…` is copied as `patient.21.00001@…`) and of everything they did:
programs, status history, prescriptions, changes, logs, completions and flags.

Each table is copied with one `INSERT … SELECT` per copy, in the table's own order, so a
patient's rows sit together as the generator wrote them. The copy's uuids are
`md5(id || '/' || k)`, integer ids come from the table's sequence; nothing is drawn in
Python, and every copy keeps every rule the original keeps (tests/scale checks both). The
benchmark people are in clinic 1 and keep their ids: the same requests read from a
database `copies` times larger.

What makes 100,000 patients load in minutes: the copies run on WORKERS connections at
once (each copy in a transaction of its own, foreign-key triggers off as in the load), the
big tables' secondary indexes are dropped for the while and built once at the end, and the
benchmark's server has room for it (benchmarks/sizes.py: no checkpoint in the middle, 1 GB
of shared buffers). Not atomic: the database is marked as multiplied (a comment on it)
only once everything is in, and `benchmarks/sizes.py` rebuilds one that is not.
"""

import threading
import time

import psycopg
from django.db import connection
from psycopg import sql

from benchmarks.scale_data import (
    COLUMNS,
    DOMAIN,
    Progress,
    clinic_name,
    drop_secondary_indexes,
    make_indexes,
)

WORKERS = 2
# In the order a copy is made (foreign keys name rows copied before them).
TABLES = ["accounts_clinic", "accounts_user", *[t for t in COLUMNS if t != "accounts_user"]]
# Not foreign keys, but ids that must stay apart between copies.
ALSO_MAPPED = {("programs_prescription", "series")}
# The column that says whose a row is: a person, or a program or prescription of theirs.
OWNER = {
    "accounts_user": "id",
    "accounts_patientprofile": "user_id",
    "accounts_patientprofile_care_team": "patientprofile_id",
    "programs_program": "patient_id",
    "programs_programstatusspan": "program_id",
    "programs_prescription": "program_id",
    "programs_programchange": "program_id",
    "programs_sessionlog": "patient_id",
    "programs_exercisecompletion": "prescription_id",
    "programs_flag": "patient_id",
}
MARK = "Stride scale dataset: the group {} times over"


def multiply(copies: int, *, stderr, workers: int = WORKERS) -> dict[str, float]:
    """Make this database's one scale group `copies` groups (call it once, on a database
    that holds seed_scale's group and nothing multiplied yet). Returns the seconds each
    phase took: copying the rows, making the indexes, vacuuming."""
    seconds = {}
    started = time.monotonic()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        _prepare_maps(cursor, copies)
        statements = [(table, _statement(cursor, table)) for table in TABLES]
        for table in TABLES:  # no vacuum of half-copied tables meanwhile
            cursor.execute(
                sql.SQL("ALTER TABLE {} SET (autovacuum_enabled = false)").format(
                    sql.Identifier(table)
                )
            )
    indexes = drop_secondary_indexes()
    progress = Progress(stderr, "copies", copies - 1)
    lock = threading.Lock()
    errors: list[BaseException] = []
    params = connection.get_connection_params()

    def work(share: list[int]) -> None:
        try:
            with psycopg.connect(**params) as conn:
                _skip_foreign_key_triggers(conn)
                for k in share:
                    with conn.transaction():
                        for _table, statement in statements:
                            conn.execute(statement, {"k": k})
                    with lock:
                        progress.advance(1)
        except BaseException as error:  # raised again below, in the caller's thread
            errors.append(error)

    ks = list(range(1, copies))
    threads = [
        threading.Thread(target=work, args=(ks[start::workers],)) for start in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    seconds["copy"] = time.monotonic() - started
    make_indexes(indexes)
    seconds["indexes"] = time.monotonic() - started - seconds["copy"]
    with connection.connection.cursor() as cursor:
        _catch_up_sequences(cursor)
        # What autovacuum would do during the first benchmark otherwise (it was off meanwhile).
        for table in TABLES:
            cursor.execute(
                sql.SQL("ALTER TABLE {} RESET (autovacuum_enabled)").format(sql.Identifier(table))
            )
            cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        cursor.execute("DROP TABLE scale_copy_clinics, scale_copy_originals")
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(connection.settings_dict["NAME"]), sql.Literal(MARK.format(copies))
            )
        )
    seconds["vacuum"] = time.monotonic() - started - seconds["copy"] - seconds["indexes"]
    return {phase: round(value, 1) for phase, value in seconds.items()}


def _catch_up_sequences(cursor) -> None:
    for table in TABLES:
        cursor.execute(
            "SELECT a.attname, pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
            "WHERE a.attrelid = %s::regclass AND a.attidentity <> ''",
            [table, table],
        )
        for column, sequence in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT setval(%s, (SELECT coalesce(max({}), 1) FROM {}))").format(
                    sql.Identifier(column), sql.Identifier(table)
                ),
                [sequence],
            )


def copies_made() -> int | None:
    """How many times over this database holds the group, if `multiply` finished here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0] or ""
    head, _, tail = MARK.partition("{}")
    if comment.startswith(head) and comment.endswith(tail):
        return int(comment[len(head) : len(comment) - len(tail)])
    return None


def _skip_foreign_key_triggers(conn) -> None:
    """As the load does (scale_data): the copies reference only rows copied before them."""
    if conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
        conn.execute("SET session_replication_role = replica")


def _prepare_maps(cursor, copies: int) -> None:
    """Two work tables, committed so every worker sees them: each original clinic's copies
    (their ids and numbers), and the people, programs and prescriptions to copy with their
    clinic (a hash join with it picks a table's original rows, not the copies made)."""
    cursor.execute("DROP TABLE IF EXISTS scale_copy_clinics, scale_copy_originals")
    cursor.execute(
        "CREATE UNLOGGED TABLE scale_copy_clinics "
        "(old_id bigint, k int, new_id bigint, name text, tag text)"
    )
    cursor.execute(
        "SELECT id, substring(name FROM '[0-9]+$')::int FROM accounts_clinic "
        "WHERE name ~ '^Scale clinic [0-9]+$' ORDER BY 2"
    )
    originals = cursor.fetchall()
    cursor.execute("SELECT pg_get_serial_sequence('accounts_clinic', 'id')")
    sequence = cursor.fetchone()[0]
    for k in range(1, copies):
        for old_id, number in originals:
            new_number = number + k * len(originals)
            name = clinic_name(new_number)
            cursor.execute(
                "INSERT INTO scale_copy_clinics SELECT %s, %s, "
                "coalesce((SELECT id FROM accounts_clinic WHERE name = %s), nextval(%s)), %s, %s",
                # The tag is the clinic's number as scale_data's e-mails write it ("07", "140").
                [old_id, k, name, sequence, name, f"{new_number:02d}"],
            )
    cursor.execute(
        r"""
        CREATE UNLOGGED TABLE scale_copy_originals AS
        SELECT u.id, u.clinic_id FROM accounts_user u
        WHERE u.clinic_id IN (SELECT old_id FROM scale_copy_clinics)
          AND u.email ~ '^[a-z]+\.[0-9]+' AND u.email LIKE %s
        """,
        ["%@" + DOMAIN],
    )
    cursor.execute(
        """
        INSERT INTO scale_copy_originals SELECT p.id, o.clinic_id FROM programs_program p
        JOIN scale_copy_originals o ON o.id = p.patient_id;
        INSERT INTO scale_copy_originals SELECT rx.id, o.clinic_id
        FROM programs_prescription rx JOIN scale_copy_originals o ON o.id = rx.program_id;
        ANALYZE scale_copy_clinics, scale_copy_originals;
        """
    )


def _columns(cursor, table: str) -> list[tuple[str, bool, bool, str | None]]:
    """(name, is a uuid, is the primary key or an identity, table its foreign key names)."""
    cursor.execute(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod) = 'uuid',
               a.attidentity <> '' OR EXISTS (
                   SELECT 1 FROM pg_constraint pk WHERE pk.conrelid = c.oid
                   AND pk.contype = 'p' AND a.attnum = ANY(pk.conkey)),
               (SELECT ft.relname FROM pg_constraint fk
                JOIN pg_class ft ON ft.oid = fk.confrelid
                WHERE fk.conrelid = c.oid AND fk.contype = 'f' AND fk.conkey = ARRAY[a.attnum])
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum
        """,
        [table],
    )
    return cursor.fetchall()


def _statement(cursor, table: str) -> sql.Composed:
    """`INSERT INTO table (…) SELECT … FROM table` for copy %(k)s of the original rows."""
    columns, values = [], []
    for name, is_uuid, is_key, references in _columns(cursor, table):
        column = sql.Identifier("t", name)
        mapped = (is_key and is_uuid) or references in TABLES or (table, name) in ALSO_MAPPED
        if references == "accounts_clinic" or (table, name) == ("accounts_clinic", "id"):
            value = sql.SQL("m.new_id")
        elif is_key and not is_uuid:
            # An integer id: the original's plus k times the largest one, rather than the
            # sequence row by row (`_catch_up_sequences` moves the sequences on after).
            cursor.execute(
                sql.SQL("SELECT coalesce(max({}), 0) FROM {}").format(
                    sql.Identifier(name), sql.Identifier(table)
                )
            )
            step = cursor.fetchone()[0]
            value = sql.SQL("{} + %(k)s * {}").format(column, sql.Literal(step))
        elif mapped and is_uuid:
            value = sql.SQL("md5({} || '/' || %(k)s)::uuid").format(column)
        elif mapped:
            raise ValueError(f"{table}.{name} names a copied row but is no uuid")
        elif (table, name) == ("accounts_clinic", "name"):
            value = sql.SQL("m.name")
        elif (table, name) == ("accounts_user", "email"):
            # patient.01.00001@… → patient.21.00001@…: the e-mail names the clinic
            value = sql.SQL("regexp_replace({}, '^([a-z]+)\\.[0-9]+', '\\1.' || m.tag)").format(
                column
            )
        else:
            value = column
        columns.append(sql.Identifier(name))
        values.append(value)
    if table == "accounts_clinic":
        originals = sql.SQL("JOIN scale_copy_clinics m ON m.k = %(k)s AND m.old_id = t.id")
    else:
        originals = sql.SQL(
            "JOIN scale_copy_originals o ON o.id = {} "
            "JOIN scale_copy_clinics m ON m.k = %(k)s AND m.old_id = o.clinic_id"
        ).format(sql.Identifier("t", OWNER[table]))
    # Accounts and clinics a reset of the group kept (scale_data.reset) are there already.
    kept = table in ("accounts_clinic", "accounts_user")
    return sql.SQL(
        "INSERT INTO {table} ({columns}) SELECT {values} FROM {table} t {originals}{on}"
    ).format(
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(columns),
        values=sql.SQL(", ").join(values),
        originals=originals,
        on=sql.SQL(" ON CONFLICT DO NOTHING" if kept else ""),
    )
