"""Server time of the caseload dashboard for one clinician with 200 patients and a year of logs.

Run: .venv/bin/python manage.py shell < benchmarks/dashboard.py
The data is made inside a transaction that is rolled back: the database is left as it was.
"""

import datetime
import random
import statistics
import time

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import Clinic, PatientProfile, Role, User
from exercises.models import Exercise
from programs.models import ExerciseCompletion, Prescription, Program, SessionLog
from programs.views.clinician.caseload import caseload

PATIENTS, DAYS, ITEMS, RUNS = 200, 365, 4, 7


class Rollback(Exception):
    pass


def build():
    rng = random.Random(1)  # noqa: S311  (benchmark data)
    clinic = Clinic.objects.create(name="Bench clinic")
    clinician = User.objects.create_user(
        "bench-clinician@example.com", None, full_name="Bench", role=Role.CLINICIAN, clinic=clinic
    )
    exercise = Exercise.objects.create(
        slug="bench-exercise",
        name="Bench",
        summary="-",
        steps=["a"],
        body_region="foot_ankle",
        exercise_type="stretch",
        difficulty=1,
        default_reps=10,
    )
    today = datetime.date.today()
    start = today - datetime.timedelta(days=DAYS - 1)
    logs, completions = [], []
    for n in range(PATIENTS):
        patient = User.objects.create_user(
            f"bench-{n}@example.com",
            None,
            full_name=f"Patient {n:03}",
            role=Role.PATIENT,
            clinic=clinic,
        )
        PatientProfile.objects.create(user=patient).care_team.add(clinician)
        program = Program.objects.create(
            patient=patient, prescriber=clinician, title="Heel", start_date=start, status="active"
        )
        program.status_spans.create(status="active", start_date=start)  # its status history
        rxs = [
            Prescription.objects.create(
                program=program,
                exercise=exercise,
                name="Bench",
                reps=10,
                valid_from=start,
                times_per_day=rng.randint(1, 2),
                weekdays=rng.choice([127, 0b0010101, 0b1111100]),
            )
            for _ in range(ITEMS)
        ]
        for d in range(DAYS):
            if rng.random() < 0.2:
                continue
            log = SessionLog(
                program=program,
                patient=patient,
                date=start + datetime.timedelta(days=d),
                morning_pain=rng.randint(0, 8),
                exercise_pain=rng.randint(0, 8),
            )
            logs.append(log)
            completions += [
                ExerciseCompletion(log=log, prescription=rx, times_done=rng.randint(0, 2))
                for rx in rxs
            ]
    SessionLog.objects.bulk_create(logs, batch_size=5000)
    ExerciseCompletion.objects.bulk_create(completions, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return clinician, len(logs), len(completions)


def request_for(user):
    request = RequestFactory().get("/caseload/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


try:
    with transaction.atomic():
        clinician, n_logs, n_completions = build()
        print(f"{PATIENTS} patients, {n_logs} logs, {n_completions} completions")
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = caseload(request_for(clinician))
                timings.append(time.perf_counter() - began)
            assert response.status_code == 200
        print(f"queries per request: {len(queries)}")
        print("runs (ms):", ", ".join(f"{t * 1000:.0f}" for t in timings))
        print(f"median: {statistics.median(timings) * 1000:.0f} ms")
        raise Rollback
except Rollback:
    pass
