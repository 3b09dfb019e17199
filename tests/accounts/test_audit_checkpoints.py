"""Signed checkpoints of the audit chain's head, written outside the database on the
clock's schedule, and checked by `verify_audit`."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from accounts.audit_checkpoints import write_audit_checkpoint, write_checkpoint
from programs.management.commands import reminder_clock
from programs.management.commands.reminder_clock import checkpoint_due
from tests.accounts.audit_trail import write_events

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return tmp_path / "checkpoints" / "audit-checkpoints.jsonl"


def test_it_appends_the_head_the_count_the_time_and_a_mac(checkpoint_file, settings):
    write_events(2)
    head = write_events(1)[0]
    write_checkpoint()
    write_checkpoint()
    first, second = (json.loads(line) for line in checkpoint_file.read_text().splitlines())
    assert first.keys() == {"head_id", "head_hash", "count", "at", "key_id", "mac"}
    assert (first["head_id"], first["head_hash"], first["count"]) == (head.pk, head.hash, 3)
    assert first["key_id"] == next(iter(settings.AUDIT_MAC_KEYS))
    assert len(first["mac"]) == 64
    assert second["at"] > first["at"]


def test_it_writes_nothing_for_an_empty_trail(checkpoint_file):
    assert write_checkpoint() is None
    assert not checkpoint_file.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("count", 2), ("head_id", 1), ("head_hash", "0" * 64), ("at", "2020")]
)
def test_an_edited_checkpoint_fails(checkpoint_file, field, value):
    write_events(3)
    write_checkpoint()
    line = json.loads(checkpoint_file.read_text())
    checkpoint_file.write_text(json.dumps(line | {field: value}) + "\n")
    with pytest.raises(
        CommandError,
        match="Checkpoint audit-checkpoints.jsonl, line 1 does not match its MAC: it was edited",
    ):
        call_command("verify_audit")


def test_a_line_that_is_not_a_checkpoint_fails(checkpoint_file):
    write_events(1)
    write_checkpoint()
    with checkpoint_file.open("a") as file:
        file.write('{"head_id": 1}\n')
    with pytest.raises(CommandError, match="line 2 is not a checkpoint"):
        call_command("verify_audit")


def test_verify_audit_says_when_there_are_no_checkpoints(capsys):
    write_events(1)
    call_command("verify_audit")
    assert "No checkpoints in" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_checkpoint_the_clock_enqueues(checkpoint_file):
    (head,) = write_events(1)
    write_audit_checkpoint.enqueue()
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    assert json.loads(checkpoint_file.read_text())["head_id"] == head.pk


@pytest.mark.parametrize(
    ("minute", "due"),
    [(0, True), (5, True), (55, True), (1, False), (4, False), (59, False)],
)
def test_the_clock_checkpoints_every_few_minutes(settings, minute, due):
    settings.AUDIT_CHECKPOINT_MINUTES = 5
    assert checkpoint_due(datetime.datetime(2026, 5, 4, 10, minute, tzinfo=UTC)) is due


def test_the_clock_enqueues_the_checkpoint_on_its_minutes(settings, monkeypatch):
    settings.AUDIT_CHECKPOINT_MINUTES = 5
    for minute in [5, 6]:
        now = datetime.datetime(2026, 5, 4, 10, minute, 30, tzinfo=UTC)
        monkeypatch.setattr(reminder_clock.timezone, "now", lambda now=now: now)
        call_command("reminder_clock", once=True)
    paths = list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True))
    checkpoint = "accounts.audit_checkpoints.write_audit_checkpoint"
    assert paths.count(checkpoint) == 1
    assert paths.count("programs.engagement.reminders.schedule_reminders") == 2
