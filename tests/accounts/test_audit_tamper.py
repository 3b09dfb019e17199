"""`verify_audit` against someone who owns the database (issue 22, finding 4).

The test connection is a PostgreSQL superuser, like the outside tester: it can disable the
audit tables' triggers, and recompute every hash with the project's own `chain_hash`. The
chain alone passed each of these attacks; the seals (an HMAC with a key the database never
holds) and the signed checkpoints kept outside it do not.
"""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts import audit
from accounts.audit_check import first_problem
from accounts.audit_checkpoints import write_checkpoint
from accounts.models import AuditEvent
from tests.accounts.audit_trail import as_database_superuser, write_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoints_apart(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path


def chain_is_consistent() -> bool:
    """The old `verify_audit`'s whole check: every hash and link, seals not looked at."""
    prev_hash = ""
    for event in AuditEvent.objects.order_by("id"):
        if event.prev_hash != prev_hash or event.hash != audit.chain_hash(event):
            return False
        prev_hash = event.hash
    return True


def verify_fails(message: str):
    return pytest.raises(CommandError, match=message)


def test_an_untouched_trail_passes(capsys):
    write_events(3)
    write_checkpoint()
    write_events(2)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "5 audit events checked: the chain is intact and every row is sealed." in out
    assert "Checkpoints matched: 1" in out


def test_it_finds_an_edit_with_every_later_hash_recomputed():
    """(a) Triggers off, one row edited, its hash and all later ones recomputed."""
    events = write_events(5)
    edited = events[1]
    with as_database_superuser() as cursor:
        cursor.execute(
            "UPDATE accounts_auditevent SET action = 'nothing.happened' WHERE id = %s",
            [edited.pk],
        )
        prev_hash = events[0].hash
        for event in AuditEvent.objects.filter(pk__gte=edited.pk).order_by("id"):
            event.prev_hash = prev_hash
            event.hash = prev_hash = audit.chain_hash(event)
            cursor.execute(
                "UPDATE accounts_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, event.hash, event.pk],
            )
    assert chain_is_consistent()  # what the old check saw: nothing wrong
    with verify_fails(f"Audit event {edited.pk} .*: its seal does not match its hash"):
        call_command("verify_audit")


def test_it_finds_a_row_inserted_with_the_triggers_on():
    """(b) The trigger chains a forged row as it chains any; only record() can seal it."""
    write_events(2)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditevent (action, role, category, object_type, object_id, "
            "outcome) VALUES ('program.viewed', '', '', 'page', 'today', 'ok') RETURNING id"
        )
        (forged,) = cursor.fetchone()
    write_events(1)
    assert chain_is_consistent()
    with verify_fails(f"Audit event {forged} .*: it has no seal"):
        call_command("verify_audit")


def test_it_finds_a_forged_row_with_a_copied_seal():
    (genuine,) = write_events(1)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditevent (action, role, category, object_type, object_id, "
            "outcome) VALUES ('program.viewed', '', '', 'page', 'today', 'ok') RETURNING id"
        )
        (forged,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO accounts_auditseal (event_id, key_id, mac) "
            "SELECT %s, key_id, mac FROM accounts_auditseal WHERE event_id = %s",
            [forged, genuine.pk],
        )
    with verify_fails(f"Audit event {forged} .*: its seal does not match its hash"):
        call_command("verify_audit")


def test_it_finds_the_newest_rows_removed_after_a_checkpoint():
    """(c) Rows removed from the end, seals and all: the chain that is left is whole."""
    events = write_events(5)
    write_checkpoint()
    with as_database_superuser() as cursor:
        cursor.execute("DELETE FROM accounts_auditseal WHERE event_id >= %s", [events[3].pk])
        cursor.execute("DELETE FROM accounts_auditevent WHERE id >= %s", [events[3].pk])
    assert chain_is_consistent()
    with verify_fails(
        f"Audit event {events[4].pk} is missing, but the checkpoint of .* saw it: rows were removed"
    ):
        call_command("verify_audit")


def test_it_finds_removed_rows_whose_seals_were_left():
    events = write_events(4)
    with as_database_superuser() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id >= %s", [events[2].pk])
    with verify_fails(f"Audit event {events[2].pk} is missing, but its seal is not"):
        call_command("verify_audit")


def test_rows_written_after_the_newest_checkpoint_can_go_unseen(capsys):
    """The window README states: removing every trace of rows newer than the newest
    checkpoint is not detected. Checkpoints every AUDIT_CHECKPOINT_MINUTES bound it."""
    events = write_events(3)
    write_checkpoint()
    write_events(2)
    with as_database_superuser() as cursor:
        cursor.execute("DELETE FROM accounts_auditseal WHERE event_id > %s", [events[2].pk])
        cursor.execute("DELETE FROM accounts_auditevent WHERE id > %s", [events[2].pk])
    call_command("verify_audit")
    assert "3 audit events checked" in capsys.readouterr().out


def test_it_finds_rows_removed_and_their_ids_written_again():
    """The newest rows removed and the id sequence set back: the app's next rows take the
    same ids, genuinely sealed, but the checkpoint's head now has another hash."""
    first, _, head = write_events(3)
    write_checkpoint()
    with as_database_superuser() as cursor:
        cursor.execute("DELETE FROM accounts_auditseal WHERE event_id > %s", [first.pk])
        cursor.execute("DELETE FROM accounts_auditevent WHERE id > %s", [first.pk])
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('accounts_auditevent', 'id'), %s)", [first.pk]
        )
    assert write_events(2)[-1].pk == head.pk
    with verify_fails(f"Audit event {head.pk} .*: its hash is not the one the checkpoint of"):
        call_command("verify_audit")


def test_a_checkpoint_that_counted_more_rows_up_to_its_head_fails():
    """Removing rows before a checkpoint's head breaks a link or a seal first; the count is
    checked too, here with a checkpoint that counted one row more."""
    (head,) = write_events(1)
    checkpoint = write_checkpoint()
    events = AuditEvent.objects.select_related("seal").order_by("id")
    problem = first_problem(events, [replace(checkpoint, count=2)])
    assert problem.startswith(f"Audit event {head.pk} (")
    assert "the trail holds 1 rows up to it, fewer than the checkpoint of" in problem
    assert problem.endswith(f"(event {head.pk}, 2 rows): rows before it were removed.")
