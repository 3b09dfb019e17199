"""The runtime database role (accounts/db_roles.py): it reads and writes the app's tables,
adds to the audit trail, and can neither rewrite the trail nor turn its triggers off."""

import uuid
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from accounts.db_roles import grant_runtime_privileges
from accounts.models import AuditEvent, AuditSeal, Clinic
from tests.accounts.audit_trail import write_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def runtime_role():
    """A NOLOGIN role made inside the test's transaction: rolled back with it, so the
    cluster (roles are cluster-wide) keeps none."""
    name = f"stride_runtime_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    return name


@contextmanager
def acting_as(role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(sql):
    """Runs `sql` in a savepoint; the database's refusal, or None if it ran."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return str(error)
    return None


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER", "must be owner"),
        ("ALTER TABLE accounts_auditevent DISABLE TRIGGER accounts_auditevent_chain", "owner"),
        ("ALTER TABLE accounts_auditseal DISABLE TRIGGER ALL", "must be owner"),
        ("ALTER TABLE accounts_auditevent DROP COLUMN hash", "must be owner"),
        ("DROP TRIGGER accounts_auditevent_no_change ON accounts_auditevent", "must be owner"),
        ("UPDATE accounts_auditevent SET action = 'x'", "permission denied"),
        ("DELETE FROM accounts_auditevent", "permission denied"),
        ("TRUNCATE accounts_auditevent", "permission denied"),
        ("UPDATE accounts_auditseal SET mac = ''", "permission denied"),
        ("DELETE FROM accounts_auditseal", "permission denied"),
        ("TRUNCATE accounts_auditseal", "permission denied"),
        ("DELETE FROM django_migrations", "permission denied"),
    ],
)
def test_the_runtime_role_cannot_rewrite_the_trail(runtime_role, sql, refusal):
    write_events(2)
    grant_runtime_privileges(connection, runtime_role)
    with acting_as(runtime_role):
        error = refused(sql)
    assert error is not None and refusal in error
    assert AuditEvent.objects.count() == AuditSeal.objects.count() == 2


def test_the_runtime_role_records_and_works(runtime_role, capsys):
    write_events(1)
    grant_runtime_privileges(connection, runtime_role)
    with acting_as(runtime_role):
        (event,) = write_events(1)
        clinic = Clinic.objects.create(name="Runtime")
        Clinic.objects.filter(pk=clinic.pk).update(name="Runtime, renamed")
        call_command("verify_audit")
    assert AuditSeal.objects.filter(event=event).exists()
    assert "2 audit events checked" in capsys.readouterr().out


def test_migrate_grants_the_runtime_role_when_named(runtime_role, settings):
    def may(privilege, table):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, %s)", [runtime_role, table, privilege]
            )
            return cursor.fetchone()[0]

    assert not may("INSERT", "accounts_auditevent")
    settings.DATABASE_RUNTIME_ROLE = runtime_role
    call_command("migrate", verbosity=0)
    assert may("INSERT", "accounts_auditevent") and may("INSERT", "accounts_auditseal")
    assert not may("UPDATE", "accounts_auditevent") and not may("DELETE", "accounts_auditseal")
    assert may("UPDATE", "accounts_clinic") and may("DELETE", "programs_program")
    assert not may("TRUNCATE", "accounts_clinic")


def test_it_refuses_a_role_name_that_is_not_plain():
    with pytest.raises(ValueError, match="plain lower-case role name"):
        grant_runtime_privileges(connection, 'app"; DROP TABLE accounts_clinic; --')
