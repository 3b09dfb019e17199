import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from accounts import audit
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def write_events(count, **kwargs):
    return [audit.record(None, f"event_{n}", category="test", **kwargs) for n in range(count)]


def test_it_chains_each_event_to_the_one_before(bob):
    first, second, third = write_events(3, patient=bob)
    assert first.prev_hash == audit.last_hash() or first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    stored = AuditEvent.objects.get(pk=second.pk)
    assert audit.chain_hash(stored) == stored.hash


def test_it_refuses_orm_updates(bob):
    write_events(1, patient=bob)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(action="something_else")
    assert not AuditEvent.objects.filter(action="something_else").exists()


def test_it_refuses_orm_deletes(bob):
    (event,) = write_events(1, patient=bob)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_truncate():
    # Committed rows (a transactional test): TRUNCATE refuses pending FK checks otherwise.
    write_events(1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE accounts_auditevent CASCADE")
    assert AuditEvent.objects.exists()


def test_it_protects_people_with_audit_rows_from_deletion(bob):
    from django.db.models import ProtectedError

    write_events(1, patient=bob)
    with pytest.raises(ProtectedError):
        bob.delete()


def test_verify_audit_passes_on_an_intact_chain(capsys, bob):
    write_events(5, patient=bob)
    call_command("verify_audit")
    assert "the chain is intact" in capsys.readouterr().out


def tamper(sql, params):
    """Changes the audit table the way a database superuser could, behind the app's back."""
    with connection.cursor() as cursor:
        # Runs the deferred foreign-key checks now: ALTER TABLE refuses while any are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE accounts_auditevent ENABLE TRIGGER USER")


def test_verify_audit_finds_an_edited_row(bob, alice):
    events = write_events(5, patient=bob)
    tamper("UPDATE accounts_auditevent SET user_id = %s WHERE id = %s", [alice.pk, events[2].pk])
    with pytest.raises(CommandError, match=f"Audit event {events[2].pk} "):
        call_command("verify_audit")


def test_verify_audit_finds_a_removed_row(bob):
    events = write_events(5, patient=bob)
    tamper("DELETE FROM accounts_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"Audit event {events[2].pk} "):
        call_command("verify_audit")


def test_verify_audit_finds_a_rehashed_row(bob):
    """Recomputing the edited row's own hash is not enough: the next row still points back."""
    events = write_events(3, patient=bob)
    edited = AuditEvent.objects.get(pk=events[0].pk)
    edited.action = "nothing_to_see"
    tamper(
        "UPDATE accounts_auditevent SET action = %s, hash = %s WHERE id = %s",
        [edited.action, audit.chain_hash(edited), edited.pk],
    )
    with pytest.raises(CommandError, match=f"Audit event {events[1].pk} "):
        call_command("verify_audit")


def test_verify_audit_exits_with_status_1(bob):
    write_events(1, patient=bob)
    tamper("UPDATE accounts_auditevent SET ip = '10.9.9.9'", [])
    # manage.py exits with a CommandError's returncode.
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert error.value.returncode == 1


@pytest.mark.django_db(transaction=True)
def test_flush_may_still_empty_the_audit_trail():
    """The operator's (and the test runner's) full wipe is the one way to truncate it."""
    write_events(2)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()


def test_it_stores_no_pain_notes_or_passwords():
    names = {field.name for field in AuditEvent._meta.get_fields()}
    assert not names & {"pain", "note", "notes", "password", "pain_morning", "pain_exercise"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_still_form_one_chain():
    from tests.factories import PatientFactory

    patient = PatientFactory()
    errors = []

    def writer():
        try:
            for _ in range(10):
                audit.record(None, "view_program", category="program", patient=patient)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="view_program").count() == 80
    call_command("verify_audit")
