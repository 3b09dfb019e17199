"""Benchmark: the reminder scheduler finds and enqueues one minute's due reminders.

    DATABASE_URL=postgres://…/stride_bench_reminders .venv/bin/python benchmarks/reminders.py

Builds (or reuses) 10,000 patients in one clinic, each with a program of one exercise twice
a day, reminders at 08:00 and 18:00 London time and a log yesterday; then runs the
`schedule_reminders` task for 08:00 as the worker would (the INSERT of the due reminders and
the enqueues of their senders) with reminders on for 1,000 and then for all 10,000, and
prints the time and the number of queries of each. It fails if 10,000 take 5 s or more, or
if the query count grows with the patients. Without DATABASE_URL it uses a database of its
own on the embedded server (`stride_bench_reminders`), migrated and filled here.
"""

import datetime
import os
import sys
import time
import uuid
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    # A database of its own on the embedded server: never the one `make run` serves.
    from config.database import embedded_database_url

    os.environ["DATABASE_URL"] = embedded_database_url(
        ROOT / ".data" / "postgres", "stride_bench_reminders"
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("AUDIT_MAC_KEYS", "bench:benchmark-only-audit-key-" + "x" * 32)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Clinic, PatientProfile, Role, User  # noqa: E402
from programs.engagement.reminders import schedule_reminders  # noqa: E402
from programs.models import (  # noqa: E402
    Prescription,
    Program,
    ProgramStatus,
    ProgramStatusSpan,
    Reminder,
    ReminderSettings,
    SessionLog,
)

PATIENTS = 10_000
BUDGET_SECONDS = 5.0
DAY = datetime.date(2026, 3, 4)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def seed(count: int) -> None:
    """`count` patients ready for a reminder at 08:00 on DAY (bulk, in one transaction)."""
    clinic, _ = Clinic.objects.get_or_create(name="Reminder benchmark", timezone="Europe/London")
    clinician, _ = User.objects.get_or_create(
        email="clinician@reminders.bench",
        defaults={"full_name": "Bench Clinician", "role": Role.CLINICIAN, "clinic": clinic},
    )
    have = User.objects.filter(clinic=clinic, role=Role.PATIENT).count()
    if have >= count:
        return
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                id=uuid.uuid4(),
                email=f"patient{n}@reminders.bench",
                full_name=f"Patient {n}",
                role=Role.PATIENT,
                clinic=clinic,
                password="!",  # noqa: S106  (an unusable password: nobody signs in)
            )
            for n in range(have, count)
        )
        PatientProfile.objects.bulk_create(PatientProfile(user=user) for user in users)
        start = DAY - datetime.timedelta(days=14)
        programs = Program.objects.bulk_create(
            Program(
                patient=user,
                prescriber=clinician,
                title="Benchmark program",
                start_date=start,
                status=ProgramStatus.ACTIVE,
            )
            for user in users
        )
        ProgramStatusSpan.objects.bulk_create(
            ProgramStatusSpan(program=p, status=ProgramStatus.ACTIVE, start_date=start)
            for p in programs
        )
        Prescription.objects.bulk_create(
            Prescription(program=p, name="Calf stretch", reps=10, times_per_day=2, valid_from=start)
            for p in programs
        )
        SessionLog.objects.bulk_create(
            SessionLog(program=p, patient_id=p.patient_id, date=DAY - datetime.timedelta(days=1))
            for p in programs
        )
        ReminderSettings.objects.bulk_create(
            ReminderSettings(
                patient=user, enabled=True, times=[datetime.time(8), datetime.time(18)]
            )
            for user in users
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_minute() -> tuple[int, float, int]:
    """(reminders made, seconds, queries) of the scheduler task for 08:00 London on DAY."""
    Reminder.objects.all().delete()
    minute = datetime.datetime.combine(DAY, datetime.time(8), tzinfo=LONDON)
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        created = schedule_reminders.call(minute.isoformat())
        seconds = time.perf_counter() - began
    return created, seconds, len(queries)


def with_reminders_on(count: int) -> None:
    """Reminders on for the first `count` patients only, off for the others."""
    ReminderSettings.objects.update(enabled=False)
    first = ReminderSettings.objects.order_by("patient__email").values("pk")[:count]
    ReminderSettings.objects.filter(pk__in=first).update(enabled=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE programs_remindersettings")


def main() -> int:
    call_command("migrate", verbosity=0)
    seed(PATIENTS)
    results = {}
    for count in (1_000, PATIENTS):
        with_reminders_on(count)
        run_minute()  # warms the caches
        results[count] = run_minute()
        created, seconds, queries = results[count]
        print(
            f"{count:>6} patients: {created} reminders found and enqueued in {seconds:.2f} s, "
            f"{queries} queries"
        )
    Reminder.objects.all().delete()
    created, seconds, queries = results[PATIENTS]
    ok = created == PATIENTS and seconds < BUDGET_SECONDS and queries == results[1_000][2]
    print("OK" if ok else "FAILED: over budget or the query count grew")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
