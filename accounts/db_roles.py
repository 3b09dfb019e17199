"""What the runtime database role may do, granted by `migrate` (run as the tables' owner)
when `DATABASE_RUNTIME_ROLE` names it.

The app needs to read and write its tables, and no more: not to alter or drop them, and
only to add to the audit trail. Not owning the audit tables, the runtime role cannot
disable their triggers either (PostgreSQL leaves that to the owner and superusers), so a
compromised app server can append rows but cannot rewrite the trail.
"""

import re

from django.conf import settings
from django.db import connections, transaction

# Insert-only: their triggers refuse UPDATE and DELETE too, privileges refuse them first.
AUDIT_TABLES = ["accounts_auditevent", "accounts_auditseal"]
# The schema's history: only `migrate`, as the owner, writes it.
READ_ONLY_TABLES = ["django_migrations"]
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_runtime_privileges(connection, role: str) -> None:
    """Set `role`'s privileges on every table and sequence of the public schema: DML on
    the app's tables, SELECT and INSERT on the audit tables, SELECT on READ_ONLY_TABLES, and
    USAGE on sequences (the chain's trigger draws ids itself)."""
    if not ROLE_NAME.fullmatch(role):
        raise ValueError(f"DATABASE_RUNTIME_ROLE must be a plain lower-case role name: {role!r}")
    role = connection.ops.quote_name(role)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE ON {', '.join(AUDIT_TABLES)} FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(READ_ONLY_TABLES)} FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    # One transaction: the role never holds UPDATE on the audit tables, even for a moment.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def grant_after_migrate(sender, using, **kwargs):
    """post_migrate: new tables reach the runtime role as soon as they exist."""
    if settings.DATABASE_RUNTIME_ROLE:
        grant_runtime_privileges(connections[using], settings.DATABASE_RUNTIME_ROLE)
