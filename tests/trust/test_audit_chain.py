import datetime
import itertools
import threading
import time
import uuid
import zoneinfo
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from accounts import audit, audit_seal
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, AuditSeal, Clinic

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def write_events(count, **kwargs):
    return [audit.record(None, AuditAction.PROGRAM_VIEWED, **kwargs) for _ in range(count)]


def last_hash():
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def test_it_chains_each_event_to_the_one_before(bob):
    before = last_hash()
    first, second, third = write_events(3, patient=bob)
    assert first.prev_hash == before
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    stored = AuditEvent.objects.get(pk=second.pk)
    assert audit.chain_hash(stored) == stored.hash


def test_it_returns_the_row_as_stored(bob, alice):
    event = audit.record(
        None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    fields = ["id", "at", "prev_hash", "hash", "user_id", "patient_id", "clinic_id", "role"]
    assert [getattr(event, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert (event.user, event.patient, event.role) == (alice, bob, "clinician")
    assert not event._state.adding


@pytest.mark.parametrize(
    "ip", ["192.0.2.44", "2001:db8::1", "2001:0DB8:0:0:0:0:0:0001", "::ffff:192.0.2.44", None]
)
def test_it_stores_the_hash_python_recomputes(bob, alice, ip):
    request = RequestFactory().get("/", REMOTE_ADDR=ip) if ip else None
    event = audit.record(request, AuditAction.PROGRAM_VIEWED, patient=bob, user=alice)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert audit.chain_hash(stored) == stored.hash == event.hash


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # what the client prepended is ignored
        (2, "203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them
        (1, "unknown", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_reads_only_trusted_proxies_entries(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert audit.client_ip(request) == expected


BASE = {
    "at": datetime.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC),
    "user_id": uuid.UUID("6f1c0f0e-2b1a-4c1e-9d3a-0b7c5e4f3a21"),
    "role": "clinician",
    "clinic_id": 7,
    "patient_id": uuid.UUID("0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"),
    "action": "view_program",
    "category": "program",
    "object_type": "Program",
    "object_id": "42",
    "ip": "192.0.2.44",
    "outcome": "ok",
    "prev_hash": "ab" * 32,
}


def sql_canonical(values):
    """The trigger's canonical text, and its hash, for the given field values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c, encode(sha256(convert_to(c, 'UTF8')), 'hex') FROM "
            "accounts_auditevent_canonical(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) AS c",
            [values[name] for name in audit.HASHED_FIELDS],
        )
        return cursor.fetchone()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({}, id="usual"),
        pytest.param({"at": datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)}, id="whole-second"),
        pytest.param(
            {
                "at": datetime.datetime(
                    2026, 3, 4, 5, 6, 7, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata")
                )
            },
            id="not-utc",
        ),
        pytest.param({"ip": "2001:db8::1"}, id="ipv6"),
        pytest.param({"ip": "2001:0db8:0000:0000:0001:0000:0000:0001"}, id="ipv6-long"),
        pytest.param({"ip": "::ffff:192.0.2.44"}, id="ipv4-mapped"),
        pytest.param({"ip": "::192.0.2.44"}, id="ipv4-compatible"),
        pytest.param({"ip": "::ffff:0.0.1.2"}, id="ipv4-mapped-low"),
        pytest.param({"ip": "10.0.0.1"}, id="ipv4"),
        pytest.param(
            {"user_id": None, "clinic_id": None, "patient_id": None, "ip": None}, id="nulls"
        ),
        pytest.param(
            {"role": "", "category": "", "object_type": "", "object_id": "", "prev_hash": ""},
            id="empty",
        ),
        pytest.param({"object_id": 'say "hi" \\ a/b'}, id="quote-backslash"),
        pytest.param({"action": "a\nb\tc\x01d\x1f"}, id="control-characters"),
    ],
)
def test_the_database_hashes_like_python(change):
    event = AuditEvent(**(BASE | change))
    canonical, hashed = sql_canonical(BASE | change)
    assert canonical == audit.canonical_json(event)
    assert hashed == audit.chain_hash(event)


@pytest.mark.parametrize("text", ["caf\u00e9", "\x7f", "\U0001f600"])
def test_it_refuses_text_it_would_hash_unlike_python(text):
    with pytest.raises(DatabaseError, match="ASCII"), transaction.atomic():
        sql_canonical(BASE | {"object_id": text})


def test_a_refused_audit_write_fails_the_surrounding_work():
    with pytest.raises(DatabaseError, match="ASCII"), transaction.atomic():
        Clinic.objects.create(name="Half-written")
        audit.record(None, AuditAction.PROGRAM_VIEWED, page="caf\u00e9")
    assert not Clinic.objects.filter(name="Half-written").exists()
    assert not AuditEvent.objects.exists()


def test_it_chains_orm_inserts_too(bob):
    (first,) = write_events(1, patient=bob)
    # The id and time given here are replaced by the trigger's.
    long_ago = datetime.datetime(2001, 1, 1, tzinfo=UTC)
    orm = AuditEvent.objects.create(action="orm_insert", at=long_ago, patient=bob, id=1)
    bulk = AuditEvent.objects.bulk_create([AuditEvent(action=f"bulk_{n}") for n in range(2)])
    stored = list(AuditEvent.objects.order_by("id"))
    assert [event.pk for event in stored] == [first.pk, orm.pk, *(event.pk for event in bulk)]
    assert stored[1].at > first.at
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(stored))
    # Chained, but not sealed: only record() holds the key (tests/accounts/test_audit_tamper.py).
    with pytest.raises(CommandError, match=f"Audit event {orm.pk} .* no seal"):
        call_command("verify_audit")


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


@contextmanager
def triggers_off():
    """The audit table without its triggers, as a database superuser can have it."""
    with connection.cursor() as cursor:
        # Runs the deferred foreign-key checks now: ALTER TABLE refuses while any are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER")
        yield cursor
        cursor.execute("ALTER TABLE accounts_auditevent ENABLE TRIGGER USER")


def tamper(sql, params):
    """Changes the audit table the way a database superuser could, behind the app's back."""
    with triggers_off() as cursor:
        cursor.execute(sql, params)


def write_old_style_events(count, **kwargs):
    """Rows as `record()` wrote them before the trigger: chained in Python (and sealed, as
    migration 0009 seals the rows it finds)."""
    with triggers_off():
        for n in range(count):
            event = AuditEvent(action=f"old_{n}", category="test", **kwargs)
            event.prev_hash = last_hash()
            event.hash = audit.chain_hash(event)
            event.save(force_insert=True)
            key_id, mac = audit_seal.seal(event.pk, event.hash)
            AuditSeal.objects.create(event=event, key_id=key_id, mac=mac)


def test_old_and_new_rows_form_one_chain(capsys, bob):
    write_old_style_events(2, patient=bob, ip="::ffff:192.0.2.44")
    write_old_style_events(1, at=datetime.datetime(2026, 1, 1, tzinfo=UTC), ip="2001:db8::1")
    newest_old = last_hash()
    first_new, *_ = write_events(3, patient=bob)
    assert first_new.prev_hash == newest_old
    call_command("verify_audit")
    assert "6 audit events checked: the chain is intact" in capsys.readouterr().out


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
    """Recomputing the edited row's own hash is not enough: its seal no longer matches (and
    the next row still points back)."""
    events = write_events(3, patient=bob)
    edited = AuditEvent.objects.get(pk=events[0].pk)
    edited.action = "nothing_to_see"
    tamper(
        "UPDATE accounts_auditevent SET action = %s, hash = %s WHERE id = %s",
        [edited.action, audit.chain_hash(edited), edited.pk],
    )
    with pytest.raises(CommandError, match=f"Audit event {events[0].pk} .* seal does not match"):
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
    barrier = threading.Barrier(8)

    def writer():
        try:
            barrier.wait()
            for _ in range(10):
                audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=patient)
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
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAM_VIEWED).count() == 80
    times = list(AuditEvent.objects.order_by("id").values_list("at", flat=True))
    assert times == sorted(times)  # the time is taken under the lock too
    call_command("verify_audit")


def wait_for_a_lock_waiter():
    with connection.cursor() as cursor:
        for _ in range(500):
            cursor.execute("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cursor.fetchone():
                return
            time.sleep(0.01)
    raise AssertionError("no writer waited for the chain's lock")


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_waited_for_the_lock_comes_after_by_id_too():
    """The waiting writer's id default was drawn first; the trigger draws it again."""
    waited = []

    def writer():
        try:
            waited.append(audit.record(None, AuditAction.PROGRAM_VIEWED))
        finally:
            connection.close()

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [audit.AUDIT_CHAIN_LOCK_KEY])
        thread = threading.Thread(target=writer)
        thread.start()
        wait_for_a_lock_waiter()
        held = audit.record(None, AuditAction.PROGRAM_VIEWED)
    thread.join()
    (later,) = waited
    assert later.pk > held.pk and later.prev_hash == held.hash and later.at > held.at
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_chain_from_a_transaction_wide_snapshot():
    """Under REPEATABLE READ the last hash could be read from before the previous writer's
    commit; the chain would fork."""
    with pytest.raises(DatabaseError, match="READ COMMITTED"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        audit.record(None, AuditAction.PROGRAM_VIEWED)
    assert not AuditEvent.objects.exists()
