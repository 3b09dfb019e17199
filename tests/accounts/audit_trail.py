"""Writing the audit trail in tests, and changing it as a database superuser can."""

from contextlib import contextmanager

from django.db import connection

from accounts import audit
from accounts.audit_actions import AuditAction

AUDIT_TABLES = ["accounts_auditevent", "accounts_auditseal"]


def write_events(count):
    return [audit.record(None, AuditAction.PROGRAM_VIEWED, page="today") for _ in range(count)]


@contextmanager
def as_database_superuser():
    """Both audit tables without their triggers, as the test connection (a PostgreSQL
    superuser, like the outside tester) can have them."""
    with connection.cursor() as cursor:
        # Runs the deferred foreign-key checks now: ALTER TABLE refuses while any are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in AUDIT_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield cursor
        for table in AUDIT_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
