"""E-mail reminders at the patient's own time, and one nudge after missed days.

`schedule_due_reminders(now=…)` runs once a minute (in the `schedule_reminders` task that
`manage.py reminder_clock` enqueues): one statement (`due_reminders.sql`) finds and inserts
that minute's reminders, and the task enqueues at most `SENDERS` send tasks for them,
whatever the number of patients. `send_claimed_reminders()` claims unsent rows with SKIP LOCKED, so
several workers share them and none sends one twice. The e-mails hold no health
information: no condition, no exercise, no score; a link to Today, to the settings, and a
signed one-click unsubscribe.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from exercises.dose import ALL_WEEKDAYS
from programs.logs.daily_log import DayStatus, programs_on, status_on
from programs.models import Prescription, Reminder, ReminderKind, ReminderSettings

logger = logging.getLogger(__name__)

_DUE_SQL = (Path(__file__).resolve().parent / "due_reminders.sql").read_text()
# A reminder whose time passed while no scheduler ran (a restart, a deploy) still goes out
# within this window; later than that it would arrive out of place, and is skipped.
CATCH_UP = datetime.timedelta(minutes=30)
# Send tasks per minute at most: enough for several workers to share a busy minute, and a
# constant number of enqueues however many reminders are due.
SENDERS = 4
SEND_BATCH = 200
# One local time per session of the day, by the number of sessions (programs.logs.forms
# names them Morning, Midday, Evening).
DEFAULT_TIMES = {
    1: [datetime.time(8, 0)],
    2: [datetime.time(8, 0), datetime.time(18, 0)],
    3: [datetime.time(8, 0), datetime.time(13, 0), datetime.time(18, 0)],
}
UNSUBSCRIBE_SALT = "stride.reminders.unsubscribe"


@dataclass(frozen=True)
class ReminderChoice:
    """What the settings page shows: saved settings, or the program's defaults."""

    enabled: bool
    times: list[datetime.time]
    weekdays: int
    saved: bool


def default_times(sessions: int) -> list[datetime.time]:
    if sessions in DEFAULT_TIMES:
        return DEFAULT_TIMES[sessions]
    # More sessions than named: spread them two hours apart from 08:00.
    return [datetime.time(8 + 2 * n, 0) for n in range(min(sessions, 6))]


def program_schedule(*, patient, day: datetime.date) -> tuple[int, int]:
    """(sessions a day, weekday mask) of the patient's running programs on `day`: the most
    times a day of any item in effect, and every weekday some item is due. (1, every day)
    when nothing runs, so the form always has one time."""
    running = [
        p.pk
        for p in programs_on(patient=patient, day=day)
        if status_on(p, day) == DayStatus.RUNNING
    ]
    items = Prescription.objects.filter(program_id__in=running).in_effect_on(day)
    sessions, weekdays = 0, 0
    for times_per_day, days in items.values_list("times_per_day", "weekdays"):
        sessions, weekdays = max(sessions, times_per_day), weekdays | days
    return max(sessions, 1), weekdays or ALL_WEEKDAYS


def choice_for(*, patient, today: datetime.date) -> ReminderChoice:
    saved = ReminderSettings.objects.filter(patient=patient).first()
    sessions, weekdays = program_schedule(patient=patient, day=today)
    if saved is None:
        return ReminderChoice(
            enabled=False, times=default_times(sessions), weekdays=weekdays, saved=False
        )
    times = list(saved.times) or default_times(sessions)
    # A program now with more sessions a day than were chosen: the new ones get defaults.
    times += default_times(sessions)[len(times) : sessions]
    return ReminderChoice(enabled=saved.enabled, times=times, weekdays=saved.weekdays, saved=True)


def save_settings(*, patient, enabled: bool, times: list[datetime.time], weekdays: int):
    settings_row, _ = ReminderSettings.objects.update_or_create(
        patient=patient,
        defaults={
            "enabled": enabled,
            "times": times,
            "weekdays": weekdays,
            "updated_at": timezone.now(),
        },
    )
    return settings_row


def turn_off(*, patient) -> None:
    """Stop every reminder (the unsubscribe link): the chosen times are kept for later."""
    ReminderSettings.objects.filter(patient=patient).update(
        enabled=False, updated_at=timezone.now()
    )


def unsubscribe_token(patient) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(patient.pk))


def patient_id_from_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def schedule_due_reminders(*, now: datetime.datetime) -> int:
    """Insert the reminders due at `now`; how many were new. One statement.

    Safe to run any number of times for the same minute, on any number of workers: a
    reminder already inserted is not inserted again, and only new rows are to be sent."""
    with connection.cursor() as cursor:
        cursor.execute(_DUE_SQL, {"now": now, "window": CATCH_UP})
        return cursor.rowcount


def senders_for(created: int) -> int:
    """Send tasks to enqueue for `created` new reminders: one per batch, at most SENDERS."""
    return min(SENDERS, -(-created // SEND_BATCH))


@task()
def schedule_reminders(minute: str) -> int:
    """Find the reminders due at `minute` (ISO, UTC; `reminder_clock` enqueues one a
    minute) and enqueue their senders. Idempotent: run twice, it sends nothing twice."""
    created = schedule_due_reminders(now=datetime.datetime.fromisoformat(minute))
    for _ in range(senders_for(created)):
        send_reminders.enqueue()
    return created


@task()
def send_reminders() -> int:
    return send_claimed_reminders()


def _claim(now: datetime.datetime, limit: int) -> list[Reminder]:
    """Unsent reminders no other sender holds, marked claimed and committed before any
    e-mail goes: a crash after this loses them, never sends them twice."""
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(claimed_at__isnull=True)
            .order_by("due_at")
            .values_list("id", flat=True)[:limit]
        )
        Reminder.objects.filter(id__in=ids).update(claimed_at=now)
    return list(
        Reminder.objects.filter(id__in=ids).select_related("patient").order_by("due_at", "id")
    )


def send_claimed_reminders(*, now: datetime.datetime | None = None, limit=SEND_BATCH) -> int:
    """Send unsent reminders until none is left; how many went out."""
    sent = 0
    while batch := _claim(now or timezone.now(), limit):
        emails = [reminder_email(reminder) for reminder in batch]
        try:
            mailers.default.send_messages(emails)
        except (OSError, smtplib.SMTPException):
            # Ids only: never the address or the token in a log line.
            logger.exception("Could not send reminders %s", [r.pk for r in batch])
            continue
        Reminder.objects.filter(id__in=[r.pk for r in batch]).update(sent_at=timezone.now())
        sent += len(batch)
    return sent


def reminder_email(reminder: Reminder) -> EmailMessage:
    patient = reminder.patient
    unsubscribe = settings.SITE_URL + reverse(
        "reminders_unsubscribe", kwargs={"token": unsubscribe_token(patient)}
    )
    context = {
        "name": patient.get_short_name(),
        "nudge": reminder.kind == ReminderKind.NUDGE,
        "today_url": settings.SITE_URL + reverse("patient_home"),
        "settings_url": settings.SITE_URL + reverse("reminder_settings"),
        "unsubscribe_url": unsubscribe,
    }
    subject = (
        "Ready to pick up your exercises again?"
        if context["nudge"]
        else "A reminder from Stride: time for your exercises"
    )
    return EmailMessage(
        subject=subject,
        body=render_to_string("programs/email/reminder.txt", context),
        to=[patient.email],
        # RFC 8058: the mail app's own "Unsubscribe" button posts to the same signed URL.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
