"""save_daily_log: one log per program per day, saved in place, all or nothing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from programs.logs.daily_log import Done, save_daily_log
from programs.models import ExerciseCompletion, SessionLog
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx

PAINS = {"morning_pain": 3, "exercise_pain": 2, "difficulty": "about_right", "note": "Fine."}


def save(patient, program, *, day=TODAY, data=PAINS, completions=None):
    return save_daily_log(
        patient=patient,
        program=program,
        day=day,
        data=data,
        completions=completions or {},
        today=TODAY,
    )


def test_it_creates_the_log_and_completions(bob, logging_program, rx, frozen):
    saved = save(bob, logging_program, completions={rx.pk: Done(times=2, sets=3)})
    log = SessionLog.objects.get()
    assert saved.log.pk == log.pk
    assert (log.patient, log.date, log.morning_pain, log.exercise_pain) == (bob, TODAY, 3, 2)
    assert log.difficulty == "about_right" and log.note == "Fine."
    completion = ExerciseCompletion.objects.get()
    assert (completion.log, completion.times_done, completion.sets_done) == (log, 2, 3)


def test_it_updates_in_place(bob, logging_program, rx, frozen):
    first = save(bob, logging_program, completions={rx.pk: Done(times=1, sets=3)}).log
    second = save(
        bob,
        logging_program,
        data={"morning_pain": 5, "exercise_pain": 1, "difficulty": "", "note": ""},
        completions={rx.pk: Done(times=3, sets=2)},
    ).log
    assert second.pk == first.pk
    log = SessionLog.objects.get()
    assert (log.morning_pain, log.exercise_pain, log.note) == (5, 1, "")
    assert log.created_at == first.created_at
    assert list(ExerciseCompletion.objects.values_list("times_done", "sets_done")) == [(3, 2)]


def test_the_database_refuses_a_second_log_for_the_same_day(logging_program):
    factories.SessionLogFactory(program=logging_program, date=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SessionLogFactory(program=logging_program, date=TODAY)


def test_it_accepts_the_last_day_of_the_late_logging_window(bob, logging_program, rx, frozen):
    save(bob, logging_program, day=days_ago(bob.clinic.late_logging_days))
    assert SessionLog.objects.get().date == days_ago(7)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (days_ago(-1), "hasn't happened yet"),
        (days_ago(8), "can no longer be filled in"),
    ],
)
def test_it_refuses_days_outside_the_window(bob, logging_program, rx, frozen, day, message):
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, day=day)
    assert message in error.value.message_dict["date"][0]
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize("field", ["morning_pain", "exercise_pain"])
@pytest.mark.parametrize("value", [-1, 11])
def test_it_refuses_pain_outside_0_to_10(bob, logging_program, frozen, field, value):
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, data={**PAINS, field: value})
    assert "0 (no pain) to 10" in error.value.message_dict[field][0]
    assert not SessionLog.objects.exists()


def test_it_refuses_more_times_than_prescribed_and_saves_nothing(bob, logging_program, rx, frozen):
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, completions={rx.pk: Done(times=4, sets=1)})
    assert "at most 3 times" in error.value.message_dict[f"times-{rx.pk}"][0]
    assert not SessionLog.objects.exists() and not ExerciseCompletion.objects.exists()


def test_it_refuses_more_sets_than_prescribed(bob, logging_program, rx, frozen):
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, completions={rx.pk: Done(times=1, sets=4)})
    assert "has 3 sets" in error.value.message_dict[f"sets-{rx.pk}"][0]


def test_it_refuses_an_exercise_not_due_that_day(bob, logging_program, frozen):
    saturdays = factories.PrescriptionFactory(program=logging_program, weekdays=0b0100000)
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, completions={saturdays.pk: Done(times=1, sets=1)})
    assert "not due" in error.value.message_dict[f"times-{saturdays.pk}"][0]


def test_it_refuses_an_exercise_of_another_program(bob, logging_program, frozen):
    other = factories.PrescriptionFactory()
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program, completions={other.pk: Done(times=1, sets=1)})
    assert "not due" in error.value.message_dict[f"times-{other.pk}"][0]
    assert not SessionLog.objects.exists()


def test_it_refuses_a_paused_program(bob, logging_program, frozen):
    factories.change_status(logging_program, "paused", today=days_ago(2))
    with pytest.raises(ValidationError) as error:
        save(bob, logging_program)
    assert "is paused, so there are no exercises" in error.value.message_dict["program"][0]


def test_it_refuses_someone_elses_program(bob, dana, carlos, frozen):
    danas = factories.ProgramFactory(patient=dana, prescriber=carlos, start_date=days_ago(30))
    with pytest.raises(ValidationError) as error:
        save(bob, danas)
    assert "not one of yours" in error.value.message_dict["program"][0]
    assert not SessionLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_end_in_one_log(bob, logging_program, rx, frozen):
    """Two requests at once (two tabs, a retry): each thread has its own connection."""
    barrier = threading.Barrier(2)
    errors = []

    def worker(times):
        try:
            barrier.wait(timeout=10)
            save(bob, logging_program, completions={rx.pk: Done(times=times, sets=3)})
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert SessionLog.objects.count() == 1
    assert ExerciseCompletion.objects.count() == 1
    assert ExerciseCompletion.objects.get().times_done in (1, 2)
