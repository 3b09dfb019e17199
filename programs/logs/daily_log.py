"""A patient's day: what is due, and saving that day's log in place.

A log belongs to one program and one patient-local date. Saving is an upsert
(`INSERT … ON CONFLICT … DO UPDATE`) of the log and of its completions inside one
transaction, so a double submit, two tabs or a retry after a timeout end in one log with
the last values, never two logs and never half a save.
"""

import datetime
import enum
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone

from programs.logs import safety
from programs.models import (
    ExerciseCompletion,
    Prescription,
    Program,
    ProgramStatus,
    ProgramStatusSpan,
    SessionLog,
    span_days,
)


@dataclass(frozen=True)
class LoggingWindow:
    """The days a patient may still fill in: the clinic's late-logging window up to today."""

    first: datetime.date
    today: datetime.date

    def problem_with(self, day: datetime.date) -> str | None:
        """Why `day` cannot be logged, in words, or None when it can."""
        if day > self.today:
            return "That day hasn't happened yet, so it can't be filled in."
        if day < self.first:
            return (
                f"Days before {self.first:%A %-d %B} can no longer be filled in. "
                "If something important happened, please tell your clinician."
            )
        return None


def logging_window(*, patient, today: datetime.date) -> LoggingWindow:
    days = patient.clinic.late_logging_days
    return LoggingWindow(first=today - datetime.timedelta(days=days), today=today)


class DayStatus(enum.StrEnum):
    RUNNING = "running"
    DRAFT = "draft"
    PAUSED = "paused"
    COMPLETED = "completed"
    NOT_STARTED = "not_started"
    ENDED = "ended"


SPAN_DAY_STATUS = {
    ProgramStatus.DRAFT: DayStatus.DRAFT,
    ProgramStatus.PAUSED: DayStatus.PAUSED,
    ProgramStatus.COMPLETED: DayStatus.COMPLETED,
}


def status_on(program: Program, day: datetime.date) -> DayStatus:
    """What `program` was on `day` by its status history (not by its status now), so a day
    the program was active stays RUNNING — due, and open to late logging — after a pause or
    completion, as adherence counts it. Needs `status_that_day` (see `programs_on`)."""
    if day < program.start_date:
        return DayStatus.NOT_STARTED
    if program.status_that_day != ProgramStatus.ACTIVE:
        # no span holds the day (before the history began): it was not given yet either
        return SPAN_DAY_STATUS.get(program.status_that_day, DayStatus.DRAFT)
    if program.end_date and day > program.end_date:
        return DayStatus.ENDED
    return DayStatus.RUNNING


def not_running_text(program: Program, day_status: DayStatus) -> str:
    """Why there is nothing to do or fill in for the program on that day, for the patient."""
    title = program.title
    match day_status:
        case DayStatus.PAUSED if program.status == ProgramStatus.PAUSED:
            return (
                f"Your program “{title}” is paused, so there are no exercises on this day. "
                "Rest well; your clinician will let you know when to start again."
            )
        case DayStatus.PAUSED:
            return f"Your program “{title}” was paused on this day, so there is nothing to fill in."
        case DayStatus.COMPLETED if program.status == ProgramStatus.COMPLETED:
            return (
                f"You have completed your program “{title}”, so there are no exercises on "
                "this day. Well done!"
            )
        case DayStatus.COMPLETED:
            return (
                f"Your program “{title}” was marked completed on this day, so there is nothing "
                "to fill in."
            )
        case DayStatus.DRAFT:
            return (
                f"Your clinician was still preparing your program “{title}” on this day, "
                "so there is nothing to fill in."
            )
        case DayStatus.NOT_STARTED:
            return f"Your program “{title}” starts on {program.start_date:%A %-d %B}."
    return f"Your program “{title}” ended on {program.end_date:%A %-d %B}."


def programs_on(*, patient, day: datetime.date):
    """The patient's programs (never drafts), each annotated with `status_that_day`: the
    status of the span holding `day`, one probe of the status history's GiST index."""
    span = ProgramStatusSpan.objects.filter(program=OuterRef("pk")).alias(days=span_days())
    status = span.filter(days__contains=day).order_by().values("status")[:1]
    # The condition names the daily symptom question and the flags' wording (a join, no query).
    return (
        Program.objects.visible_to(patient)
        .select_related("condition")
        .annotate(status_that_day=Subquery(status))
    )


def due_prescriptions(*, program_ids, day: datetime.date):
    """Prescriptions in effect on `day` whose weekday bit is set for that day."""
    return (
        Prescription.objects.filter(program_id__in=program_ids)
        .in_effect_on(day)
        .alias(day_bit=F("weekdays").bitand(1 << day.weekday()))
        .exclude(day_bit=0)
        .select_related("exercise")  # for its picture
        .order_by("order", "name")
    )


@dataclass
class ProgramDay:
    """One program on one day: its status, what is due and what was logged."""

    program: Program
    day: datetime.date
    status: DayStatus
    prescriptions: list[Prescription] = field(default_factory=list)
    log: SessionLog | None = None

    @property
    def is_running(self) -> bool:
        return self.status == DayStatus.RUNNING

    @property
    def not_running_text(self) -> str:
        return not_running_text(self.program, self.status)

    def completion_for(self, prescription) -> ExerciseCompletion | None:
        if self.log is None:
            return None
        return next(
            (c for c in self.log.completions.all() if c.prescription_id == prescription.pk), None
        )


def plan_day(*, patient, day: datetime.date) -> list[ProgramDay]:
    """Every program of the patient on `day`, with its due prescriptions and saved log.

    Four queries whatever the history length: programs, prescriptions, logs, completions.
    """
    programs = list(programs_on(patient=patient, day=day).order_by("start_date", "created_at"))
    plans = [ProgramDay(program=p, day=day, status=status_on(p, day)) for p in programs]
    running = {plan.program.pk: plan for plan in plans if plan.is_running}
    if running:
        for rx in due_prescriptions(program_ids=list(running), day=day):
            running[rx.program_id].prescriptions.append(rx)
        logs = SessionLog.objects.filter(program_id__in=list(running), date=day).prefetch_related(
            Prefetch("completions", queryset=ExerciseCompletion.objects.order_by("id"))
        )
        for log in logs:
            running[log.program_id].log = log
    return plans


class Done(NamedTuple):
    """What the patient did of one prescription that day: how many times, the sets, and
    which sessions of the day (a bit mask, bit 0 the first; 0: not told apart)."""

    times: int
    sets: int
    sessions: int = 0


@dataclass(frozen=True)
class SavedLog:
    log: SessionLog
    advice: list[safety.Advice]


def _check(*, program, status, due, window, day, data, completions) -> None:
    """Guard the rules the form already checks, so no caller can store nonsense."""
    errors = {}
    if status is None:
        errors["program"] = "This program is not one of yours."
    elif status != DayStatus.RUNNING:
        errors["program"] = not_running_text(program, status)
    if problem := window.problem_with(day):
        errors["date"] = problem
    for name in ("morning_pain", "exercise_pain"):
        if data.get(name) is not None and not 0 <= data[name] <= 10:
            errors[name] = "Pain is a number from 0 (no pain) to 10 (worst pain imaginable)."
    for rx_id, done in completions.items():
        rx = due.get(rx_id)
        if rx is None:
            errors[f"times-{rx_id}"] = "This exercise is not due on that day in this program."
        elif not 0 <= done.times <= rx.times_per_day:
            errors[f"times-{rx_id}"] = f"“{rx.name}” is due at most {rx.times_per_day} times."
        elif not 0 <= done.sets <= rx.sets:
            errors[f"sets-{rx_id}"] = f"“{rx.name}” has {rx.sets} sets."
        elif done.sessions and (
            done.sessions >= 1 << rx.times_per_day or done.sessions.bit_count() != done.times
        ):
            errors[f"times-{rx_id}"] = f"“{rx.name}” has {rx.times_per_day} sessions a day."
    if errors:
        raise ValidationError(errors)


_UPSERT_LOG = """
INSERT INTO programs_sessionlog
    (id, program_id, patient_id, date, morning_pain, exercise_pain, difficulty, note,
     created_at, updated_at)
VALUES (%(id)s, %(program_id)s, %(patient_id)s, %(date)s, %(morning_pain)s,
        %(exercise_pain)s, %(difficulty)s, %(note)s, %(now)s, %(now)s)
ON CONFLICT (program_id, date) DO UPDATE SET
    morning_pain = EXCLUDED.morning_pain,
    exercise_pain = EXCLUDED.exercise_pain,
    difficulty = EXCLUDED.difficulty,
    note = EXCLUDED.note,
    updated_at = EXCLUDED.updated_at
RETURNING id, created_at
"""


def save_daily_log(
    *,
    patient,
    program,
    day: datetime.date,
    data: dict,
    completions: dict,
    today: datetime.date,
    now: datetime.datetime | None = None,
) -> SavedLog:
    """Create or update the log of `program` on `day`, then apply the safety rules.

    `data` holds morning_pain and exercise_pain (0–10 or None), difficulty and note;
    `completions` maps prescription ids to `Done`. `today` is the patient's local date and
    `now` the time the log is stamped with (default: the current time): seed_demo passes
    both to log its six weeks of history on the days they describe. Raises ValidationError
    (keyed by form field name) and saves nothing when a rule is broken. A constant number
    of queries.
    """
    program = programs_on(patient=patient, day=day).filter(pk=program.pk).first()
    status = status_on(program, day) if program else None
    due = {}
    if status == DayStatus.RUNNING:
        due = {rx.pk: rx for rx in due_prescriptions(program_ids=[program.pk], day=day)}
    _check(
        program=program,
        status=status,
        due=due,
        window=logging_window(patient=patient, today=today),
        day=day,
        data=data,
        completions=completions,
    )
    now = now or timezone.now()
    log = SessionLog(
        program=program,
        patient=patient,
        date=day,
        morning_pain=data.get("morning_pain"),
        exercise_pain=data.get("exercise_pain"),
        difficulty=data.get("difficulty") or "",
        note=data.get("note") or "",
        updated_at=now,
    )
    params = {
        "id": log.id,
        "program_id": program.pk,
        "patient_id": patient.pk,
        "date": day,
        "morning_pain": log.morning_pain,
        "exercise_pain": log.exercise_pain,
        "difficulty": log.difficulty,
        "note": log.note,
        "now": now,
    }
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT_LOG, params)
            log.id, log.created_at = cursor.fetchone()
        log._state.adding = False
        if completions:
            ExerciseCompletion.objects.bulk_create(
                [
                    ExerciseCompletion(
                        log=log,
                        prescription_id=rx_id,
                        times_done=done.times,
                        sets_done=done.sets,
                        sessions=done.sessions,
                    )
                    for rx_id, done in completions.items()
                ],
                update_conflicts=True,
                unique_fields=["log", "prescription"],
                update_fields=["times_done", "sets_done", "sessions"],
            )
        all_done = bool(due) and all(
            rx_id in completions and completions[rx_id].times >= rx.times_per_day
            for rx_id, rx in due.items()
        )
        advice = safety.review_log(
            program=program, log=log, all_done=all_done, symptom=program.symptom.label
        )
    return SavedLog(log=log, advice=advice)
