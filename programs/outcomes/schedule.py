"""When the outcome questionnaires fall due, computed from a program's dates: nothing is
stored until the patient answers.

- **Baseline** on the start date.
- **Follow-up** every `program.outcome_interval_weeks` (2 or 4, the clinician's choice)
  after the start, while the program runs; one that would fall within
  `FOLLOW_UP_MIN_DAYS_BEFORE_END` days of the end date is left out, the end's own is close.
- **Completion** on the end date (a program completed early gets its end date then).

A due date stays open until the next one falls due: a patient who misses one answers the
next. The completion questionnaire stays open `COMPLETION_OPEN_DAYS` days after the end.
Only an active program asks for a baseline or a follow-up; a paused one asks nothing; the
completion questionnaire is asked of an active or completed program.
"""

import datetime
from dataclasses import dataclass

from programs.models import Occasion, ProgramStatus
from programs.outcomes import instruments

FOLLOW_UP_MIN_DAYS_BEFORE_END = 7
COMPLETION_OPEN_DAYS = 28


@dataclass(frozen=True)
class DueDate:
    occasion: str  # an Occasion
    due_on: datetime.date
    closes_after: datetime.date | None  # the last day it can be answered (None: open)

    @property
    def occasion_label(self) -> str:
        return Occasion(self.occasion).label

    def is_open_on(self, day: datetime.date) -> bool:
        return self.due_on <= day and (self.closes_after is None or day <= self.closes_after)


def due_dates(program, *, until: datetime.date) -> list[DueDate]:
    """Every due date of `program` up to `until` (included), in order."""
    if program.start_date > until:
        return []
    step = datetime.timedelta(weeks=program.outcome_interval_weeks)
    end = program.end_date
    last_follow_up = end - datetime.timedelta(days=FOLLOW_UP_MIN_DAYS_BEFORE_END) if end else until
    days = [(Occasion.BASELINE, program.start_date)]
    day = program.start_date + step
    while day <= min(last_follow_up, until):
        days.append((Occasion.FOLLOW_UP, day))
        day += step
    if end is not None and end > program.start_date and end <= until:
        days.append((Occasion.COMPLETION, end))
    return [
        DueDate(occasion, due_on, _closes_after(days, index, end))
        for index, (occasion, due_on) in enumerate(days)
    ]


def _closes_after(days, index, end) -> datetime.date | None:
    occasion, due_on = days[index]
    if occasion == Occasion.COMPLETION:
        return due_on + datetime.timedelta(days=COMPLETION_OPEN_DAYS)
    if index + 1 < len(days):
        return days[index + 1][1] - datetime.timedelta(days=1)
    if end is not None:  # the last follow-up (or the baseline) runs to the day before the end
        return max(due_on, end - datetime.timedelta(days=1))
    return None


def open_due_date(program, *, today: datetime.date) -> DueDate | None:
    """The due date the patient can answer today, if any (see the module's rules)."""
    if program.status not in (ProgramStatus.ACTIVE, ProgramStatus.COMPLETED):
        return None
    dates = due_dates(program, until=today)
    current = dates[-1] if dates else None
    if current is None or not current.is_open_on(today):
        return None
    if program.status == ProgramStatus.COMPLETED and current.occasion != Occasion.COMPLETION:
        return None
    return current


def instruments_for(program, profile=None) -> list[instruments.Instrument]:
    """The questionnaires of a program: by its condition's body region, else the patient
    profile's condition's (select `condition` with both); the PSFS whatever the region."""
    condition = program.condition or (profile.condition if profile is not None else None)
    return instruments.for_region(condition.body_region if condition is not None else None)
