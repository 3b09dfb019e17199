"""Which exercise hurt most: the patient's one tap after a painful day.

Asked on the Today page under a saved log that raised a red flag (pain during the
exercises above the limit) or an amber "flare the next morning": one big button per
exercise, each a plain form post, so it works without JavaScript and needs no typing. It is
optional. The answer is stored on that day's log (`SessionLog.hardest`) and aims the
suggested regression at that exercise (`programs.review.suggestions`).

The exercises offered are the program's items in effect that day and due that day or the
day before: the day's own session for pain during it, the day before's for a flare the
next morning.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from programs.logs.daily_log import logging_window
from programs.models import Flag, FlagKind, Prescription, SessionLog

ONE_DAY = datetime.timedelta(days=1)
NOT_A_CHOICE = (
    "That exercise is not part of this day's program, so nothing was saved. "
    "Please reload the page and try again."
)


@dataclass(frozen=True)
class Question:
    log: SessionLog
    choices: list[Prescription]
    after_flare: bool  # asked for a flare the next morning only, not for pain during it


def choices(*, program_ids, day: datetime.date):
    """The items a patient may name for `day`: in effect that day, due it or the day before."""
    days = 1 << day.weekday() | 1 << (day - ONE_DAY).weekday()
    return (
        Prescription.objects.filter(program_id__in=program_ids)
        .in_effect_on(day)
        .alias(due=F("weekdays").bitand(days))
        .exclude(due=0)
        .order_by("order", "name")
    )


def _flagged(kind: str, day: datetime.date) -> Exists:
    return Exists(Flag.objects.filter(program=OuterRef("program"), kind=kind, raised_on=day))


def questions(plans) -> dict:
    """The question for each of the day's plans that asks one, by program id.

    One query when a log was saved that day (the choices, each marked with its program's
    flags of the day), none otherwise.
    """
    logged = {plan.program.pk: plan for plan in plans if plan.log is not None}
    if not logged:
        return {}
    day = next(iter(logged.values())).day
    rows = choices(program_ids=list(logged), day=day).annotate(
        red=_flagged(FlagKind.RED_PAIN, day), flare=_flagged(FlagKind.FLARE, day)
    )
    asked: dict = {}
    for rx in rows:
        if rx.red or rx.flare:
            asked.setdefault(rx.program_id, []).append(rx)
    return {
        program_id: Question(logged[program_id].log, items, after_flare=not items[0].red)
        for program_id, items in asked.items()
    }


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def name_hardest(*, patient, program, day: datetime.date, prescription_id: str, today):
    """Store the exercise that hurt most on `patient`'s log of `program` on `day`.

    Raises ValidationError, saving nothing, unless the day can still be filled in, its log
    exists and the exercise is one of that day's `choices`. Returns the log.
    """
    if problem := logging_window(patient=patient, today=today).problem_with(day):
        raise ValidationError(problem)
    log = SessionLog.objects.filter(program=program, patient=patient, date=day).first()
    if log is None:
        raise ValidationError("Save the day's log first, then say which exercise hurt most.")
    chosen = _as_uuid(prescription_id)
    hardest = choices(program_ids=[program.pk], day=day).filter(pk=chosen).first()
    if hardest is None:
        raise ValidationError(NOT_A_CHOICE)
    log.hardest = hardest
    log.updated_at = timezone.now()
    log.save(update_fields=["hardest", "updated_at"])
    return log
