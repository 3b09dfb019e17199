"""The reminder scheduler and sender, with a frozen clock: `now` is passed, never read."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import connection

from programs.engagement import reminders
from programs.models import ExerciseCompletion, Reminder, ReminderKind, ReminderSettings
from tests import factories
from tests.programs.engagement.conftest import run_worker

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


def local(day: datetime.date, hhmm: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm), tzinfo=LONDON)


def twice_a_day(bob, *, start: datetime.date, **fields):
    """Bob's program from `start`, one exercise twice a day (Morning, Evening), reminders on
    at 08:00 and 18:00 London time, and a log the day before `start` keeps him going."""
    program = factories.ProgramFactory(patient=bob, start_date=start, **fields)
    rx = factories.PrescriptionFactory(program=program, times_per_day=2)
    ReminderSettings.objects.create(
        patient=bob, enabled=True, times=[datetime.time(8), datetime.time(18)]
    )
    return program, rx


def schedule(at: datetime.datetime) -> int:
    return reminders.schedule_due_reminders(now=at)


@pytest.fixture
def winter_day():
    return datetime.date(2026, 1, 14)


def test_it_sends_exactly_one_reminder_from_0759_0800_and_0801(bob, winter_day):
    twice_a_day(bob, start=winter_day)
    assert [schedule(local(winter_day, t)) for t in ("07:59", "08:00", "08:01")] == [0, 1, 0]
    reminder = Reminder.objects.get()
    assert (reminder.local_date, reminder.slot, reminder.kind) == (winter_day, 1, "session")
    assert reminder.due_at == local(winter_day, "08:00")


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2026, 3, 28), 8),  # the last day of GMT
        (datetime.date(2026, 3, 29), 7),  # the clocks went forward at 01:00: BST
        (datetime.date(2026, 10, 24), 7),  # the last day of BST
        (datetime.date(2026, 10, 25), 8),  # back to GMT at 02:00
    ],
)
def test_it_keeps_the_local_time_across_a_dst_change(bob, day, utc_hour):
    twice_a_day(bob, start=day - datetime.timedelta(days=1))
    # Every minute from 06:30 to 08:30 UTC: one reminder, at 08:00 London time.
    start = datetime.datetime.combine(day, datetime.time(6, 30), tzinfo=UTC)
    created = {
        start + datetime.timedelta(minutes=n): schedule(start + datetime.timedelta(minutes=n))
        for n in range(121)
    }
    assert [at.hour for at, count in created.items() if count] == [utc_hour]
    assert Reminder.objects.get().due_at == local(day, "08:00")


def test_it_sends_none_for_a_session_logged_before_its_time(bob, winter_day):
    program, rx = twice_a_day(bob, start=winter_day)
    log = factories.SessionLogFactory(program=program, date=winter_day)
    # The morning session ticked at 07:30; the evening one not.
    ExerciseCompletion.objects.create(
        log=log, prescription=rx, times_done=1, sets_done=3, sessions=1
    )
    assert schedule(local(winter_day, "08:00")) == 0
    assert schedule(local(winter_day, "18:00")) == 1
    assert Reminder.objects.get().slot == 2


def test_it_sends_none_on_a_day_nothing_is_due(bob, winter_day):
    program, rx = twice_a_day(bob, start=winter_day - datetime.timedelta(days=1))
    rx.weekdays = 0b0000001  # Mondays only; 14 January 2026 is a Wednesday
    rx.save()
    assert schedule(local(winter_day, "08:00")) == 0


def test_it_sends_none_when_reminders_are_off_or_the_day_not_chosen(bob, winter_day):
    twice_a_day(bob, start=winter_day)
    ReminderSettings.objects.update(weekdays=0b1111011)  # not Wednesdays
    assert schedule(local(winter_day, "08:00")) == 0
    ReminderSettings.objects.update(weekdays=0b1111111, enabled=False)
    assert schedule(local(winter_day, "08:00")) == 0


def test_it_nudges_once_after_missed_days_instead_of_a_daily_stream(bob, winter_day):
    program, rx = twice_a_day(bob, start=winter_day - datetime.timedelta(days=10))
    factories.SessionLogFactory(program=program, date=winter_day - datetime.timedelta(days=5))
    # Four days without a log (the clinic's missed-days flag is 3): one nudge, at 08:00.
    assert schedule(local(winter_day, "08:00")) == 1
    assert schedule(local(winter_day, "18:00")) == 0
    nudge = Reminder.objects.get()
    assert (nudge.kind, nudge.slot) == (ReminderKind.NUDGE, 0)
    tomorrow = winter_day + datetime.timedelta(days=1)
    assert schedule(local(tomorrow, "08:00")) == 0
    # Back to logging: the reminders resume.
    factories.SessionLogFactory(program=program, date=tomorrow)
    day_after = tomorrow + datetime.timedelta(days=1)
    assert schedule(local(day_after, "08:00")) == 1
    assert Reminder.objects.latest("due_at").kind == ReminderKind.SESSION


def test_it_reads_the_patients_own_time_zone(bob, winter_day):
    bob.patient_profile.timezone = "America/New_York"
    bob.patient_profile.save()
    twice_a_day(bob, start=winter_day)
    assert schedule(local(winter_day, "08:00")) == 0
    new_york = datetime.datetime.combine(
        winter_day, datetime.time(8), tzinfo=zoneinfo.ZoneInfo("America/New_York")
    )
    assert schedule(new_york) == 1


def test_it_enqueues_a_bounded_number_of_senders():
    assert [reminders.senders_for(n) for n in (0, 1, 200, 201, 10_000)] == [0, 1, 1, 2, 4]


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_one_email(bob, smtp_inbox, winter_day):
    twice_a_day(bob, start=winter_day)
    at = local(winter_day, "08:00")
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            created = reminders.schedule_due_reminders(now=at)
            barrier.wait()
            results.append((created, reminders.send_claimed_reminders(now=at)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Either worker may make the row and either may send it: one of each, whichever wins.
    assert sum(created for created, _sent in results) == 1
    assert sum(sent for _created, sent in results) == 1
    assert len(smtp_inbox.messages) == 1
    assert Reminder.objects.get().sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_worker_emails_a_reminder_with_no_health_information(bob, smtp_inbox, winter_day):
    program, rx = twice_a_day(bob, start=winter_day)
    condition = factories.ConditionFactory(name="Plantar fasciitis")
    program.condition = condition
    program.save()
    minute = local(winter_day, "08:00").astimezone(UTC).isoformat()
    reminders.schedule_reminders.enqueue(minute)
    run_worker()
    [email] = smtp_inbox.to(bob.email)
    body = email.get_body(preferencelist=("plain",)).get_content()
    assert "http://127.0.0.1:8000/today/" in body
    assert "http://127.0.0.1:8000/my/reminders/" in body
    token = reminders.unsubscribe_token(bob)
    assert f"/reminders/unsubscribe/{token}/" in body
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for health in ("Plantar", "fasciitis", "heel", rx.name, "pain", program.title):
        assert health.lower() not in (body + email["Subject"]).lower()
    assert Reminder.objects.get().sent_at is not None
