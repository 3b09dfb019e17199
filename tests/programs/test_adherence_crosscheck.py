"""The SQL adherence against an obviously-correct Python reading of DESIGN.md.

Random programs over many seeds: several time zones, status histories of every shape (a
draft first or not, pauses, resumptions, completion, now and then a day no span holds),
dose edits midway (closed prescription versions), weekday masks, several times a day, end
dates, completions above the dose and logs in the future. The per-day figures and the
dashboard's 7- and 28-day totals must match exactly, and the patient's late-logging window
must open exactly the days that count as due.
"""

import datetime
import random
import zoneinfo

import pytest

from programs.logs.daily_log import logging_window, plan_day
from programs.models import (
    ExerciseCompletion,
    Prescription,
    Program,
    ProgramStatus,
    SessionLog,
)
from programs.review import adherence, caseload
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.UTC)
ZONES = ["Europe/London", "Pacific/Auckland", "America/New_York"]
DAY = datetime.timedelta(days=1)


def local_today(zone):
    return NOW.astimezone(zoneinfo.ZoneInfo(zone)).date()


def random_history(rng, start):
    """Spans from a few days around the start, of random statuses and lengths, the last one
    open. A draft only ever comes first (the builder never turns a program back into one);
    now and then a day between two spans belongs to none, and must never be due."""
    day = start + rng.randint(-5, 3) * DAY
    status = rng.choice([ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.ACTIVE])
    spans = []
    for _ in range(rng.randint(0, 4)):
        length = rng.randint(1, 20)
        spans.append((status, day, day + (length - 1) * DAY))
        day += (length + (rng.random() < 0.1)) * DAY
        later = [ProgramStatus.ACTIVE, ProgramStatus.PAUSED, ProgramStatus.COMPLETED]
        status = rng.choice([s for s in later if s != status])
    return [*spans, (status, day, None)]


def random_patient(rng, clinician, zone):
    patient = factories.PatientFactory(clinic=clinician.clinic, care_team=[clinician])
    patient.patient_profile.timezone = zone
    patient.patient_profile.save()
    today = local_today(zone)
    for _ in range(rng.randint(1, 2)):
        start = today + rng.randint(-60, 3) * DAY
        end = start + rng.randint(0, 70) * DAY if rng.random() < 0.5 else None
        program = factories.ProgramFactory(
            prescriber=clinician,
            patient=patient,
            start_date=start,
            end_date=end,
            history=random_history(rng, start),
        )
        rxs = []
        for _ in range(rng.randint(1, 3)):
            first = factories.PrescriptionFactory(
                program=program,
                times_per_day=rng.randint(1, 3),
                weekdays=rng.randint(1, 127),
                valid_from=start,
            )
            rxs.append(first)
            if rng.random() < 0.5:  # a dose edit midway closes this version
                switch = start + rng.randint(1, 40) * DAY
                first.valid_until = switch - DAY
                first.save()
                rxs.append(
                    factories.PrescriptionFactory(
                        program=program,
                        exercise=first.exercise,
                        series=first.series,
                        times_per_day=rng.randint(1, 4),
                        weekdays=rng.randint(1, 127),
                        valid_from=switch,
                    )
                )
        log_days = {start + rng.randint(-3, 75) * DAY for _ in range(rng.randint(0, 40))}
        logs = SessionLog.objects.bulk_create(
            SessionLog(program=program, patient=patient, date=day) for day in sorted(log_days)
        )
        ExerciseCompletion.objects.bulk_create(
            ExerciseCompletion(log=log, prescription=rx, times_done=rng.randint(0, 5))
            for log in logs
            for rx in rxs
            if rng.random() < 0.8
        )
    return patient


def active_on(program, day):
    """By the status history: a span holding `day` says active."""
    return any(
        span.status == ProgramStatus.ACTIVE
        and span.start_date <= day
        and (span.end_date is None or day <= span.end_date)
        for span in program.status_spans.all()
    )


def running_on(program, day):
    """Open to logging that day: active then, and between the program's start and end."""
    ended = program.end_date is not None and day > program.end_date
    return active_on(program, day) and program.start_date <= day and not ended


def python_due_and_done(patient, zone):
    """{(program_id, day): (due, done)}, straight from the definitions."""
    today = local_today(zone)
    done_times = {
        (c.log.program_id, c.log.date, c.prescription_id): c.times_done
        for c in ExerciseCompletion.objects.filter(log__patient=patient).select_related("log")
    }
    result = {}
    for program in Program.objects.filter(patient=patient):
        prescriptions = list(Prescription.objects.filter(program=program))
        day = program.start_date
        last = min(program.end_date or today, today)
        while day <= last:
            if active_on(program, day):
                due = done = 0
                for rx in prescriptions:
                    in_effect = rx.valid_from <= day and (
                        rx.valid_until is None or day <= rx.valid_until
                    )
                    if in_effect and day.weekday() in rx.weekday_list:
                        due += rx.times_per_day
                        times = done_times.get((program.id, day, rx.id), 0)
                        done += min(times, rx.times_per_day)
                if due:
                    result[(program.id, day)] = (due, done)
            day += DAY
    return result


def window_totals(per_day, today, days):
    first = today - (days - 1) * DAY
    inside = [value for (_, day), value in per_day.items() if first <= day <= today]
    return sum(due for due, _ in inside), sum(done for _, done in inside)


@pytest.mark.parametrize("seed", range(30))
def test_sql_adherence_matches_python(seed):
    rng = random.Random(seed)
    clinician = factories.ClinicianFactory()
    zones = [rng.choice(ZONES) for _ in range(3)]
    patients = [random_patient(rng, clinician, zone) for zone in zones]

    rows = adherence.adherence_by_day(
        patient_ids=[p.pk for p in patients],
        start=NOW.date() - 80 * DAY,
        end=NOW.date() + 80 * DAY,
        now=NOW,
    )
    dashboard = {
        row.patient_id: row
        for row in caseload.iter_caseload(
            user=clinician, filters=caseload.CaseloadFilters(), now=NOW
        )
    }
    for patient, zone in zip(patients, zones, strict=True):
        expected = python_due_and_done(patient, zone)
        got = {
            (row.program_id, row.day): (row.due, row.done)
            for row in rows
            if row.patient_id == patient.pk
        }
        assert got == expected, f"seed {seed}, {zone}"
        today = local_today(zone)
        row = dashboard[patient.pk]
        assert (row.due_7, row.done_7) == window_totals(expected, today, 7)
        assert (row.due_28, row.done_28) == window_totals(expected, today, 28)
        due_7, done_7 = window_totals(expected, today, 7)
        assert row.adherence_7 == adherence.ratio(done_7, due_7)
        assert_window_opens_the_due_days(patient, today, expected)


def assert_window_opens_the_due_days(patient, today, expected):
    """Each day of the late-logging window, as the patient's Today page plans it: a program
    is open to logging exactly when it is running by the definitions, and the exercises it
    offers are the due ones."""
    window = logging_window(patient=patient, today=today)
    day = window.first
    while day <= today:
        offered = {}
        for plan in plan_day(patient=patient, day=day):
            assert plan.is_running == running_on(plan.program, day), (plan.program, day)
            due = sum(rx.times_per_day for rx in plan.prescriptions)
            if due:
                offered[plan.program.id] = due
        due_that_day = {program: due for (program, d), (due, _) in expected.items() if d == day}
        assert offered == due_that_day, day
        day += DAY
