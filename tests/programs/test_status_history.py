"""A program's status history (finding 11 of issue 14): adherence counts only the days a
program was active, completing sets an end date, and the late-logging window opens exactly
the days that count as due (docs/clinical-rules.md, "Adherence and the status history")."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from programs.models import ExerciseCompletion, ProgramStatusSpan, SessionLog
from programs.prescribing import services
from programs.review.adherence import adherence_by_day
from tests import factories
from tests.programs import log_support
from tests.programs.builder_data import edit_data
from tests.programs.log_support import NOON, TODAY, days_ago

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def header(program, **changes):
    fields = ["title", "condition", "start_date", "end_date", "status", "pain_limit"]
    return {field: getattr(program, field) for field in fields} | changes


def set_status(program, status, *, today):
    """The clinician saves the builder with a new status on the patient-local `today`."""
    program.refresh_from_db()
    services.update_program(
        clinician=program.prescriber,
        program=program,
        expected_version=program.version,
        data=header(program, status=status),
        items=[
            {"series": rx.series, "exercise": rx.exercise}
            | {field: getattr(rx, field) for field in services.DOSE_FIELDS}
            for rx in program.prescriptions.filter(valid_until__isnull=True)
        ],
        today=today,
    )
    program.refresh_from_db()


def spans(program):
    return list(program.status_spans.values_list("status", "start_date", "end_date"))


def new_program(clinician, patient, exercise, *, start, status, today):
    return services.create_program(
        clinician=clinician,
        patient=patient,
        data={
            "title": "Heel pain program",
            "condition": None,
            "start_date": start,
            "end_date": None,
            "status": status,
            "pain_limit": 5,
        },
        items=[{"exercise": exercise} | services.default_dose(exercise)],
        today=today,
    )


def log_every_day(program, first, last, *, skip=()):
    """A log with every prescription done in full, each day from `first` to `last`."""
    days = [first + n * DAY for n in range((last - first).days + 1) if first + n * DAY not in skip]
    logs = SessionLog.objects.bulk_create(
        SessionLog(program=program, patient=program.patient, date=day) for day in days
    )
    ExerciseCompletion.objects.bulk_create(
        ExerciseCompletion(log=log, prescription=rx, times_done=rx.times_per_day)
        for log in logs
        for rx in program.prescriptions.all()
    )


def totals(program, first, last, now=NOON):
    rows = adherence_by_day(patient_ids=[program.patient_id], start=first, end=last, now=now)
    return {row.day: (row.due, row.done) for row in rows if row.program_id == program.pk}


def test_days_spent_as_a_draft_are_not_due(alice, bob, heel_raise, frozen):
    """Draft on day X, activated on X+5, everything logged from X+5: 100 %, not 50 %."""
    x = TODAY - 9 * DAY
    program = new_program(alice, bob, heel_raise, start=x, status="draft", today=x)
    set_status(program, "active", today=x + 5 * DAY)
    log_every_day(program, x + 5 * DAY, TODAY)

    days = totals(program, x, TODAY)
    assert sorted(days) == [x + n * DAY for n in range(5, 10)]
    assert sum(done for _, done in days.values()) == sum(due for due, _ in days.values()) == 5
    assert spans(program) == [("draft", x, x + 4 * DAY), ("active", x + 5 * DAY, None)]


def test_completing_without_an_end_date_sets_one_and_nothing_later_is_due(
    alice, bob, heel_raise, frozen
):
    program = new_program(alice, bob, heel_raise, start=days_ago(20), status="active", today=TODAY)
    set_status(program, "completed", today=days_ago(5))

    assert program.end_date == days_ago(6)
    assert max(totals(program, days_ago(20), TODAY)) == days_ago(6)
    assert spans(program)[-1] == ("completed", days_ago(5), None)
    summary = program.changes.first().summary
    assert summary == "End date none → 14 Nov 2026; status active → completed"


def test_pausing_or_completing_after_todays_log_takes_effect_tomorrow(
    alice, bob, heel_raise, frozen
):
    """The day the patient logged still counts, and can still be corrected."""
    program = new_program(alice, bob, heel_raise, start=days_ago(10), status="active", today=TODAY)
    log_every_day(program, TODAY, TODAY)
    set_status(program, "completed", today=TODAY)

    assert program.end_date == TODAY
    assert totals(program, TODAY, TODAY) == {TODAY: (1, 1)}
    assert spans(program) == [("active", days_ago(10), TODAY), ("completed", TODAY + DAY, None)]
    assert program.changes.first().summary == (
        "End date none → 20 Nov 2026; status active → completed from 21 Nov 2026, after today's log"
    )


def test_adherence_follows_draft_active_paused_active_completed(alice, bob, heel_raise):
    """Every day from the definitions: due only while active, between start and end, on the
    prescription's weekdays; done at most the due number."""
    monday = datetime.date(2026, 11, 2)
    program = new_program(alice, bob, heel_raise, start=monday, status="draft", today=monday)
    factories.PrescriptionFactory(program=program, weekdays=0b0010101, valid_from=monday)
    set_status(program, "active", today=monday + 2 * DAY)  # Wednesday: due from today
    set_status(program, "paused", today=monday + 5 * DAY)  # Saturday: not due from today
    set_status(program, "active", today=monday + 8 * DAY)  # Tuesday
    set_status(program, "completed", today=monday + 10 * DAY)  # Thursday, no end date
    log_every_day(program, monday, monday + 13 * DAY, skip={monday + 8 * DAY})

    now = datetime.datetime.combine(monday + 13 * DAY, datetime.time(12), NOON.tzinfo)
    days = totals(program, monday - 7 * DAY, monday + 20 * DAY, now=now)
    daily = {monday + n * DAY: (1, 1) for n in (2, 3, 4, 9)} | {monday + 8 * DAY: (1, 0)}
    both = {monday + 2 * DAY, monday + 4 * DAY, monday + 9 * DAY}  # also Mon/Wed/Fri
    assert days == {
        day: (due + (day in both), done + (day in both)) for day, (due, done) in daily.items()
    }
    assert program.end_date == monday + 9 * DAY
    assert spans(program) == [
        ("draft", monday, monday + DAY),
        ("active", monday + 2 * DAY, monday + 4 * DAY),
        ("paused", monday + 5 * DAY, monday + 7 * DAY),
        ("active", monday + 8 * DAY, monday + 9 * DAY),
        ("completed", monday + 10 * DAY, None),
    ]


def test_a_backdated_start_takes_the_first_span_with_it(alice, bob, heel_raise, frozen):
    program = new_program(alice, bob, heel_raise, start=TODAY, status="active", today=TODAY)
    services.update_program(
        clinician=alice,
        program=program,
        expected_version=program.version,
        data=header(program, start_date=days_ago(3)),
        items=[],
        today=TODAY,
    )
    assert spans(program) == [("active", days_ago(3), None)]


def test_the_database_refuses_overlapping_spans():
    program = factories.ProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramStatusSpan.objects.create(
            program=program, status="paused", start_date=program.start_date + 3 * DAY
        )


def test_a_program_given_to_the_patient_cannot_go_back_to_draft(as_alice, program):
    response = as_alice.post(f"/programs/{program.pk}/edit/", edit_data(program, status="draft"))
    assert "it can&#x27;t go back to draft. Pause it instead." in response.content.decode()
    program.refresh_from_db()
    assert program.status == "active"


# -- the late-logging window, through the patient's own log form -----------------------------


def post_log(client, patient, program, rx, day):
    """The patient saves that day's log with the exercise done in full."""
    client.force_login(patient)
    done = {f"times-{rx.pk}": [str(n) for n in range(1, rx.times_per_day + 1)]}
    return client.post(
        f"/log/{program.pk}/{day}/", {"morning_pain": "3", "exercise_pain": "2"} | done
    )


@pytest.mark.parametrize("status", ["paused", "completed"])
def test_a_day_that_was_due_can_be_filled_in_after_a_pause_or_completion(
    client, bob, logging_program, rx, frozen, status
):
    set_status(logging_program, status, today=days_ago(1))
    client.force_login(bob)
    today_page = client.get("/today/").content.decode()
    assert 'href="/today/?date=2026-11-18"' in today_page and "Missed" in today_page

    response = post_log(client, bob, logging_program, rx, days_ago(2))

    assert response.status_code == 302 and response.url == "/today/?date=2026-11-18"
    log = SessionLog.objects.get()
    assert (log.date, log.completions.get().times_done) == (days_ago(2), 3)
    assert totals(logging_program, days_ago(2), TODAY) == {days_ago(2): (3, 3)}


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("paused", "Your program “Heel pain program” is paused, so there are no exercises"),
        ("completed", "You have completed your program “Heel pain program”, so there are no"),
    ],
)
def test_a_day_after_a_pause_or_completion_is_refused_kindly(
    client, bob, logging_program, rx, frozen, status, message
):
    set_status(logging_program, status, today=days_ago(1))
    response = post_log(client, bob, logging_program, rx, days_ago(1))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists() and not ExerciseCompletion.objects.exists()
    assert totals(logging_program, days_ago(1), TODAY) == {}


def test_a_day_the_program_was_a_draft_is_refused_kindly(client, bob, alice, heel_raise, frozen):
    program = new_program(
        alice, bob, heel_raise, start=days_ago(6), status="draft", today=days_ago(6)
    )
    set_status(program, "active", today=days_ago(2))
    rx = program.prescriptions.get()

    response = post_log(client, bob, program, rx, days_ago(4))

    assert response.status_code == 200
    assert (
        "Your clinician was still preparing your program “Heel pain program” on this day, "
        "so there is nothing to fill in." in response.content.decode()
    )
    assert not SessionLog.objects.exists()
    assert post_log(client, bob, program, rx, days_ago(2)).status_code == 302
