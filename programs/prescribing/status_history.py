"""A program's status history (`ProgramStatusSpan` rows), written with every status change.

The rules, in docs/clinical-rules.md ("Adherence and the status history"):
- the history begins with the status a program is created with, on its start date, or on
  the day it is created when that is earlier (a program can be created to start later);
- a change takes effect on the patient-local `today`. Activating makes today due. Pausing or
  completing makes today no longer due, unless the patient has already logged today for this
  program: then it takes effect tomorrow, so the day they logged still counts and can still
  be corrected;
- a span that would never hold a day (the status changed again before it began) leaves no
  trace, so a pause undone the same day is as if it never happened.
"""

import datetime

from programs.models import ProgramStatus, ProgramStatusSpan, SessionLog

ONE_DAY = datetime.timedelta(days=1)


def begin(*, program, today: datetime.date) -> None:
    """The first span of a new program."""
    ProgramStatusSpan.objects.create(
        program=program, status=program.status, start_date=min(program.start_date, today)
    )


def follow_start_date(*, program) -> None:
    """A start date moved before the history's beginning: the first span reaches back to it
    (a start moved later needs nothing: no day before the start is ever due)."""
    first = program.status_spans.order_by("start_date").first()
    if program.start_date < first.start_date:
        first.start_date = program.start_date
        first.save(update_fields=["start_date"])


def _takes_effect(*, program, today: datetime.date) -> datetime.date:
    stopping = program.status in (ProgramStatus.PAUSED, ProgramStatus.COMPLETED)
    if stopping and SessionLog.objects.filter(program=program, date=today).exists():
        return today + ONE_DAY
    return today


def status_from(spans: list[list], status: str, day: datetime.date) -> None:
    """Make `spans` ([status, start, end] lists in order, the last one open) say `status`
    from `day` on. Spans that would begin on or after `day` never held a day and go; going
    back to the status before them reopens its span; a first span not begun yet simply
    takes the new status. (benchmarks/scale_data.py writes its histories with it too.)"""
    while len(spans) > 1 and spans[-1][1] >= day:
        spans.pop()
    last = spans[-1]
    if last[0] == status:
        last[2] = None
    elif last[1] >= day:
        last[0] = status
    else:
        last[2] = day - ONE_DAY
        spans.append([status, day, None])


def change(*, program, today: datetime.date) -> datetime.date:
    """Record `program.status`, just changed, in its history; returns the day it takes effect.

    Call inside the transaction that saves the program, with the program row locked. The
    few spans are written anew: simpler than working out which rows changed.
    """
    day = _takes_effect(program=program, today=today)
    spans = [[s.status, s.start_date, s.end_date] for s in program.status_spans.all()]
    status_from(spans, program.status, day)
    program.status_spans.all().delete()
    ProgramStatusSpan.objects.bulk_create(
        ProgramStatusSpan(program=program, status=status, start_date=start, end_date=end)
        for status, start, end in spans
    )
    return day
