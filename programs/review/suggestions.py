"""Suggestions from the pain-monitoring rules, applied in one action.

Ready to progress → the exercise's listed progression; pain above the limit → its
regression. Applying one is the builder's `replace_exercise`: the other exercise at its
catalogue default dose, on the same days, in the same place, recorded as a program change.
"""

import datetime
from dataclasses import dataclass

from programs.models import Prescription, Program, ProgramStatus
from programs.prescribing import services

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


def apply_suggestion(
    *, clinician, program: Program, prescription: Prescription, direction: str, today: datetime.date
) -> Prescription:
    """Swap `prescription` for its exercise's progression or regression from `today` on."""
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
    return services.replace_exercise(
        clinician=clinician,
        program=program,
        prescription=prescription,
        new_exercise=new_exercise,
        today=today,
    )
