"""Tasks and cards to read (issue 15): prescribed like an exercise, ticked on Today, counted
in adherence on their own schedule, printed in the handout; a schedule is their whole dose."""

import pytest
from django.db import IntegrityError

from exercises.models import ExerciseType
from programs.models import ExerciseCompletion, Prescription
from programs.review import adherence
from tests import factories
from tests.programs import log_support
from tests.programs.builder_data import program_data
from tests.programs.log_support import NOON, TODAY

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program


@pytest.fixture
def night_splint(db):
    return factories.ExerciseFactory(
        name="Night splint",
        exercise_type=ExerciseType.TASK,
        today_label="Night splint on tonight",
        steps=["Put it on at bedtime.", "Strap it snugly.", "Take it off in the morning."],
        cues=[],
        default_sets=1,
        default_hold_seconds=None,
        sources=["Koc et al. 2023"],
    )


@pytest.fixture
def splint_rx(logging_program, night_splint):
    return factories.PrescriptionFactory(
        program=logging_program,
        exercise=night_splint,
        exercise_type=ExerciseType.TASK,
        today_label=night_splint.today_label,
        sets=1,
        reps=None,
        hold_seconds=None,
    )


def test_it_shows_a_task_as_one_tick_without_sets(client, bob, splint_rx, frozen):
    client.force_login(bob)
    page = client.get("/today/").content.decode()

    assert "Night splint on tonight" in page
    assert "Done today?" in page
    assert f'name="sets-{splint_rx.pk}"' not in page
    assert "What to do" in page and "Put it on at bedtime." in page


def test_ticking_a_task_counts_it_done_in_adherence(
    client, bob, logging_program, splint_rx, frozen
):
    client.force_login(bob)
    response = client.post(
        f"/log/{logging_program.pk}/{TODAY}/", {"morning_pain": "2", f"times-{splint_rx.pk}": "1"}
    )

    assert response.status_code == 302
    done = ExerciseCompletion.objects.get(prescription=splint_rx)
    assert (done.times_done, done.sets_done) == (1, 1)
    [day] = adherence.adherence_by_day(patient_ids=[bob.pk], start=TODAY, end=TODAY, now=NOON)
    assert (day.due, day.done) == (1, 1)


def test_a_task_not_done_is_due_and_not_done(bob, splint_rx, frozen):
    [day] = adherence.adherence_by_day(patient_ids=[bob.pk], start=TODAY, end=TODAY, now=NOON)

    assert (day.due, day.done) == (1, 0)


def test_the_database_allows_no_amount_only_for_tasks(logging_program, night_splint):
    task = factories.PrescriptionFactory(
        program=logging_program,
        exercise=night_splint,
        exercise_type=ExerciseType.TASK,
        sets=1,
        reps=None,
        hold_seconds=None,
    )
    assert task.dose_text == "once a day, every day"
    with pytest.raises(IntegrityError):
        factories.PrescriptionFactory(
            program=logging_program, exercise_type=ExerciseType.STRETCH, reps=None
        )


def test_the_builder_prescribes_a_task_with_its_schedule_only(
    client, alice, bob, night_splint, today
):
    client.force_login(alice)
    row = {
        "exercise": night_splint.pk,
        "sets": 1,
        "reps": "",
        "times_per_day": 1,
        "every_day": "",
        "days": [0, 2, 4],
        "note": "Start with a few hours.",
    }
    data = program_data(rows=[row], start_date=today.isoformat())
    response = client.post(f"/patients/{bob.pk}/programs/new/", data)

    assert response.status_code == 302
    task = Prescription.objects.get()
    assert (task.reps, task.hold_seconds, task.sets, task.today_label) == (
        None,
        None,
        1,
        "Night splint on tonight",
    )
    assert task.dose_text == "once a day, on Mon, Wed, Fri"


def test_the_builder_row_of_a_task_has_no_amount_fields(client, alice, bob, night_splint):
    client.force_login(alice)
    data = program_data(rows=[], action="add") | {"add": night_splint.pk}

    page = client.post(f"/patients/{bob.pk}/programs/new/", data).content.decode()

    assert "Task: the patient ticks “Night splint on tonight”" in page
    assert 'name="items-0-reps"' not in page
    assert 'name="items-0-times_per_day"' in page


def test_the_handout_prints_tasks_apart_from_exercises(client, alice, logging_program, splint_rx):
    factories.PrescriptionFactory(program=logging_program, name="Heel raise", reps=10)
    client.force_login(alice)

    page = client.get(f"/programs/{logging_program.pk}/print/").content.decode()

    exercises_at = page.index("1. Heel raise")
    tasks_at = page.index("Also part of your program")
    assert exercises_at < tasks_at < page.index("Night splint on tonight")
