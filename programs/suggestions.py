"""Suggestions from the pain-monitoring rules, applied in one action.

Ready to progress → the exercise's listed progression; pain above the limit → its
regression. Applying one swaps the prescription for the other exercise at its catalogue
default dose, keeps the schedule and the place in the program, and records a program change.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from programs.models import Prescription, Program, ProgramChange, ProgramStatus

PROGRESSION = "progression"
REGRESSION = "regression"


@dataclass(frozen=True)
class Suggestion:
    prescription: Prescription
    direction: str  # PROGRESSION or REGRESSION
    exercise: object  # the catalogue Exercise to switch to

    @property
    def label(self) -> str:
        verb = "Apply progression" if self.direction == PROGRESSION else "Apply regression"
        return f"{verb}: {self.exercise.name}"


def suggestions_for(prescriptions, *, progress: bool, red: bool) -> list[Suggestion]:
    """The swaps the open flags point to, for prescriptions with `exercise__progression` and
    `exercise__regression` already selected."""
    found = []
    for prescription in prescriptions:
        exercise = prescription.exercise
        if exercise is None:
            continue
        if red and exercise.regression is not None:
            found.append(Suggestion(prescription, REGRESSION, exercise.regression))
        if progress and exercise.progression is not None:
            found.append(Suggestion(prescription, PROGRESSION, exercise.progression))
    return found


class SuggestionNotApplicable(Exception):
    """The program or prescription can no longer take this change."""


@transaction.atomic
def apply_suggestion(
    *, clinician, program: Program, prescription: Prescription, direction: str, today: datetime.date
) -> Prescription:
    """Swap `prescription` for its exercise's progression or regression from `today` on."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    prescription = (
        Prescription.objects.select_related("exercise__progression", "exercise__regression")
        .in_effect_on(today)
        .filter(program=program, pk=prescription.pk)
        .first()
    )
    if program.status not in (ProgramStatus.ACTIVE, ProgramStatus.PAUSED) or prescription is None:
        raise SuggestionNotApplicable
    old_exercise = prescription.exercise
    new_exercise = getattr(old_exercise, direction, None) if old_exercise else None
    if new_exercise is None:
        raise SuggestionNotApplicable

    if prescription.valid_from >= today:
        prescription.delete()
    else:
        prescription.valid_until = today - datetime.timedelta(days=1)
        prescription.save(update_fields=["valid_until"])
    replacement = prescription_from_exercise(
        new_exercise,
        program=program,
        order=prescription.order,
        weekdays=prescription.weekdays,
        side=prescription.side,
        valid_from=today,
    )
    verb = "Progressed" if direction == PROGRESSION else "Regressed"
    ProgramChange.objects.create(
        program=program,
        changed_by=clinician,
        effective_date=today,
        summary=f"{verb} {prescription.name} to {new_exercise.name} "
        f"(catalogue dose: {_dose(replacement)}).",
    )
    Program.objects.filter(pk=program.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    return replacement


def prescription_from_exercise(exercise, **fields) -> Prescription:
    """A new prescription of a catalogue exercise: its instructions and default dose."""
    return Prescription.objects.create(
        exercise=exercise,
        name=exercise.name,
        summary=exercise.summary,
        steps=exercise.steps,
        cues=exercise.cues,
        precautions=exercise.precautions,
        exercise_type=exercise.exercise_type,
        sets=exercise.default_sets,
        reps=exercise.default_reps,
        hold_seconds=exercise.default_hold_seconds,
        times_per_day=exercise.default_times_per_day,
        **fields,
    )


def _dose(prescription: Prescription) -> str:
    amount = (
        f"{prescription.reps} reps"
        if prescription.reps
        else f"hold {prescription.hold_seconds} seconds"
    )
    return f"{prescription.sets} sets of {amount}, {prescription.times_per_day}× a day"
