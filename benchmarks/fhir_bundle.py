"""Benchmark: one patient's FHIR health record with a year of daily logs.

    DATABASE_URL=postgres://…/stride_bench_fhir .venv/bin/python benchmarks/fhir_bundle.py

Builds (or reuses) one patient with a plantar fasciitis program running for a year (five
exercises, one dose change), a log with both pain scores on each of its 365 days, and the
LEFS answered every four weeks (14 questionnaires of 20 answers); then
times, as the median of 5 runs after a warm-up, (1) the care team's download: the record
read and built as a collection Bundle and written as JSON, and (2) the integration's
`GET /fhir/Patient/<id>/$everything` through Django with an API token, and counts their
queries. It fails if either takes 1 s or more, or if the record takes more than its five
queries (programs, items, logs, questionnaires, answers). Without DATABASE_URL it uses a
database of its own on the embedded server (`stride_bench_fhir`), migrated and filled here.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    # A database of its own on the embedded server: never the one `make run` serves.
    from config.database import embedded_database_url

    os.environ["DATABASE_URL"] = embedded_database_url(
        ROOT / ".data" / "postgres", "stride_bench_fhir"
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("AUDIT_MAC_KEYS", "bench:benchmark-only-audit-key-" + "x" * 32)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Clinic, PatientProfile, Role, User  # noqa: E402
from exercises.models import BodyRegion, Condition  # noqa: E402
from programs.fhir import rate_limit, tokens  # noqa: E402
from programs.fhir.record import collection_bundle, load_record  # noqa: E402
from programs.models import (  # noqa: E402
    OutcomeAnswer,
    OutcomeResponse,
    OutcomeStatus,
    Prescription,
    Program,
    ProgramStatus,
    ProgramStatusSpan,
    SessionLog,
)

BUDGET_SECONDS = 1.0
DAYS = 365
RUNS = 5
RECORD_QUERIES = 5
PATIENT_EMAIL = "year@fhir.bench"


def seed() -> User:
    """The patient with a year of logs (made once, in one transaction)."""
    existing = User.objects.filter(email=PATIENT_EMAIL).first()
    if existing is not None:
        return existing
    today = datetime.date.today()
    start = today - datetime.timedelta(days=DAYS - 1)
    with transaction.atomic():
        clinic = Clinic.objects.create(name="FHIR benchmark", require_two_factor=False)
        clinician = User.objects.create_user(
            "clinician@fhir.bench", full_name="Bench Clinician", role=Role.CLINICIAN, clinic=clinic
        )
        patient = User.objects.create_user(
            PATIENT_EMAIL, full_name="Year Patient", role=Role.PATIENT, clinic=clinic
        )
        heel, _ = Condition.objects.get_or_create(
            slug="plantar-fasciitis",
            defaults={
                "name": "Plantar fasciitis",
                "summary": "Heel pain.",
                "description": "Heel pain.",
                "body_region": BodyRegion.FOOT_ANKLE,
                "symptom_label": "first-step pain",
            },
        )
        PatientProfile.objects.create(
            user=patient, condition=heel, date_of_birth=datetime.date(1960, 1, 1)
        )
        program = Program.objects.create(
            patient=patient,
            prescriber=clinician,
            condition=heel,
            title="Heel pain, a year",
            start_date=start,
            status=ProgramStatus.ACTIVE,
        )
        ProgramStatusSpan.objects.create(
            program=program, status=ProgramStatus.ACTIVE, start_date=start
        )
        changed = start + datetime.timedelta(days=DAYS // 2)
        Prescription.objects.bulk_create(
            [
                Prescription(
                    program=program, name=f"Exercise {n}", order=n, reps=10, valid_from=start
                )
                for n in range(5)
            ]
            + [
                Prescription(
                    program=program, name="Exercise 0", order=0, reps=15, valid_from=changed
                )
            ]
        )
        Prescription.objects.filter(program=program, order=0, reps=10).update(
            valid_until=changed - datetime.timedelta(days=1)
        )
        SessionLog.objects.bulk_create(
            SessionLog(
                program=program,
                patient=patient,
                date=start + datetime.timedelta(days=n),
                morning_pain=n % 11,
                exercise_pain=n % 7,
            )
            for n in range(DAYS)
        )
        responses = OutcomeResponse.objects.bulk_create(
            OutcomeResponse(
                patient=patient,
                program=program,
                instrument="LEFS",
                occasion="follow_up",
                due_on=start + datetime.timedelta(days=n),
                status=OutcomeStatus.COMPLETED,
                completed_at=timezone.now(),
                score=60,
            )
            for n in range(0, DAYS, 28)
        )
        OutcomeAnswer.objects.bulk_create(
            OutcomeAnswer(response=response, item=str(item), value=3)
            for response in responses
            for item in range(1, 21)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return patient


def timed(run) -> tuple[float, int, object]:
    """(median seconds, queries of one run, its result) of `run()` after a warm-up."""
    run()
    seconds = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            result = run()
            seconds.append(time.perf_counter() - began)
    return statistics.median(seconds), len(queries), result


def main() -> int:
    call_command("migrate", verbosity=0)
    patient = seed()
    patient = User.objects.select_related("clinic", "patient_profile__condition").get(pk=patient.pk)

    def download():
        return json.dumps(collection_bundle(load_record(patient)))

    download_s, download_q, body = timed(download)
    entries = len(json.loads(body)["entry"])
    print(
        f"download: {entries} resources, {len(body) / 1e6:.1f} MB of JSON in "
        f"{download_s * 1000:.0f} ms, {download_q} queries"
    )

    token_row, token = tokens.create_token(clinic=patient.clinic, name="Bench", created_by=None)
    rate_limit.REQUESTS_PER_MINUTE = 10_000  # the benchmark's requests are not what is measured
    client = Client()
    url = f"/fhir/Patient/{patient.pk}/$everything"

    def everything():
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.status_code
        return response

    api_s, api_q, _response = timed(everything)
    print(f"$everything: {api_s * 1000:.0f} ms through Django, {api_q} queries")
    tokens.revoke_token(token=token_row)

    # Programs, items, logs, questionnaires, answers: whatever the number of logs
    # (tests/programs/test_fhir_bundle.py compares a week's with a year's).
    ok = download_s < BUDGET_SECONDS and api_s < BUDGET_SECONDS and download_q == RECORD_QUERIES
    print("OK" if ok else "FAILED: over budget or the query count grew")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
