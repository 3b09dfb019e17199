"""What a patient has to answer today: for each program with an open due date, its
questionnaires and how far the patient is with each. One query for any number of programs."""

import datetime
from dataclasses import dataclass

from programs.models import OutcomeResponse, OutcomeStatus
from programs.outcomes.instruments import Instrument
from programs.outcomes.schedule import DueDate, instruments_for, open_due_date


@dataclass(frozen=True)
class DueSet:
    """The questionnaires of one program for one due date."""

    program: object
    due: DueDate
    instruments: list[Instrument]
    completed: frozenset[str]  # instrument codes
    started: frozenset[str]

    @property
    def remaining(self) -> list[Instrument]:
        return [i for i in self.instruments if i.code not in self.completed]

    @property
    def is_finished(self) -> bool:
        return not self.remaining

    @property
    def is_started(self) -> bool:
        return bool(self.completed or self.started)

    def instrument(self, code: str) -> Instrument | None:
        return next((i for i in self.instruments if i.code == code), None)

    def position(self, instrument: Instrument) -> int:
        return self.instruments.index(instrument) + 1


def due_sets(*, patient, today: datetime.date, programs) -> list[DueSet]:
    """The open due dates of `programs` (the patient's, `condition` selected), with what
    was answered of each."""
    profile = patient.patient_profile
    open_dates = [(program, open_due_date(program, today=today)) for program in programs]
    open_dates = [(program, due) for program, due in open_dates if due is not None]
    if not open_dates:
        return []
    rows = OutcomeResponse.objects.filter(
        program_id__in=[program.pk for program, _ in open_dates],
        due_on__in={due.due_on for _, due in open_dates},
    ).values_list("program_id", "due_on", "instrument", "status")
    seen: dict[tuple, dict[str, set]] = {}
    for program_id, due_on, instrument, status in rows:
        by_status = seen.setdefault((program_id, due_on), {"done": set(), "started": set()})
        by_status["done" if status == OutcomeStatus.COMPLETED else "started"].add(instrument)
    sets = []
    for program, due in open_dates:
        by_status = seen.get((program.pk, due.due_on), {"done": set(), "started": set()})
        sets.append(
            DueSet(
                program,
                due,
                instruments_for(program, profile),
                frozenset(by_status["done"]),
                frozenset(by_status["started"]),
            )
        )
    return sets


def first_unfinished(sets: list[DueSet]) -> DueSet | None:
    return next((due_set for due_set in sets if not due_set.is_finished), None)
