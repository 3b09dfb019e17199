"""Enqueue the reminder scheduler once a minute, and the audit checkpoint every
`AUDIT_CHECKPOINT_MINUTES`, for the worker to run.

Django's Tasks framework has no periodic tasks, so this small clock gives the beat. Run one
beside the workers (`make run` and docker-compose's `clock` service do); a second clock, or
a restart within the same minute, is harmless: the scheduler is idempotent per minute
(a unique constraint per patient and slot), so nobody gets an e-mail twice, and an extra
checkpoint is only one more line.
"""

import datetime
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.audit_checkpoints import write_audit_checkpoint
from programs.engagement.reminders import schedule_reminders


def current_minute(now: datetime.datetime) -> datetime.datetime:
    return now.replace(second=0, microsecond=0)


def checkpoint_due(minute: datetime.datetime) -> bool:
    """Every AUDIT_CHECKPOINT_MINUTES, counted from the epoch so restarts keep the rhythm."""
    return int(minute.timestamp()) // 60 % settings.AUDIT_CHECKPOINT_MINUTES == 0


class Command(BaseCommand):
    help = (
        "Enqueue the reminder scheduler (programs.engagement.reminders.schedule_reminders) at "
        "the start of every minute, and the audit checkpoint every AUDIT_CHECKPOINT_MINUTES, "
        "until stopped (Ctrl-C or SIGTERM). --once enqueues the current minute and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue this minute and exit.")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        if not once:
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            self.stdout.write("Reminder clock: enqueuing the scheduler every minute.")
        while not stop.is_set():
            minute = current_minute(timezone.now())
            schedule_reminders.enqueue(minute.isoformat())
            if checkpoint_due(minute):
                write_audit_checkpoint.enqueue()
            if once:
                return
            next_minute = minute + datetime.timedelta(minutes=1)
            try:
                stop.wait((next_minute - timezone.now()).total_seconds())
            except KeyboardInterrupt:
                return
