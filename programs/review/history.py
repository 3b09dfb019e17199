"""A patient's own record over time: the recent-days calendar, adherence per week and the
pain chart. Adherence comes from `programs.review.adherence` (one SQL statement); this module only
folds its per-day rows into days or weeks (the chart's geometry: `programs.review.charts`)."""

import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Max

from programs.models import SessionLog
from programs.review import charts
from programs.review.adherence import adherence_by_day, ratio
from programs.review.charts import PainDay
from programs.symptoms import DEFAULT as DEFAULT_SYMPTOM

CALENDAR_MAX_DAYS = 14
# The patient's pain chart: a narrower canvas than the report's, so its words and points stay
# legible scaled down to a phone, and larger points.
FRAME = charts.Frame(width=400, height=220, left=28, right=14, top=12, bottom=28, mark=4)


class DayState(enum.StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    MISSED = "missed"
    TO_DO = "to_do"
    NOT_DUE = "not_due"


# Words and a symbol for each state: never colour alone.
STATE_LABELS = {
    DayState.COMPLETE: ("✓", "All done"),
    DayState.PARTIAL: ("◐", "Partly done"),
    DayState.MISSED: ("✗", "Missed"),
    DayState.TO_DO: ("○", "To do"),
    DayState.NOT_DUE: ("–", "Nothing due"),
}


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    state: DayState
    due: int
    done: int
    is_selected: bool

    @property
    def icon(self) -> str:
        return STATE_LABELS[self.state][0]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state][1]


def _state(due: int, done: int, is_today: bool) -> DayState:
    if not due:
        return DayState.NOT_DUE
    if done >= due:
        return DayState.COMPLETE
    if done:
        return DayState.PARTIAL
    return DayState.TO_DO if is_today else DayState.MISSED


def recent_days(
    *, patient, program_ids, first: datetime.date, today: datetime.date, selected, now
) -> list[CalendarDay]:
    """The days from `first` (at most 14 days back) to today, newest first."""
    first = max(first, today - datetime.timedelta(days=CALENDAR_MAX_DAYS - 1))
    totals = defaultdict(lambda: [0, 0])
    for row in adherence_by_day(patient_ids=[patient.pk], start=first, end=today, now=now):
        if row.program_id in program_ids:
            totals[row.day][0] += row.due
            totals[row.day][1] += row.done
    days = []
    for offset in range((today - first).days + 1):
        day = today - datetime.timedelta(days=offset)
        due, done = totals[day]
        days.append(
            CalendarDay(
                day=day,
                state=_state(due, done, day == today),
                due=due,
                done=done,
                is_selected=day == selected,
            )
        )
    return days


@dataclass(frozen=True)
class WeekAdherence:
    monday: datetime.date
    due: int
    done: int

    @property
    def percent(self) -> int | None:
        value = ratio(self.done, self.due)
        return None if value is None else round(value * 100)


def weeks_start(today: datetime.date, weeks: int) -> datetime.date:
    """The Monday `weeks - 1` ISO weeks before today's week."""
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)


def weekly_adherence(*, patient, start: datetime.date, today: datetime.date, now):
    """Adherence per ISO week from `start` (a Monday) to today, newest first."""
    totals = defaultdict(lambda: [0, 0])
    for row in adherence_by_day(patient_ids=[patient.pk], start=start, end=today, now=now):
        monday = row.day - datetime.timedelta(days=row.day.weekday())
        totals[monday][0] += row.due
        totals[monday][1] += row.done
    mondays = [start + datetime.timedelta(weeks=n) for n in range((today - start).days // 7 + 1)]
    return [WeekAdherence(monday, *totals[monday]) for monday in reversed(mondays)]


def pain_by_day(*, patient, start: datetime.date, today: datetime.date) -> list[PainDay]:
    """One row per logged day; with several programs, the mean morning and worst exercise pain."""
    rows = (
        SessionLog.objects.visible_to(patient)
        .filter(date__gte=start, date__lte=today)
        .values("date")
        .annotate(morning=Avg("morning_pain"), exercise=Max("exercise_pain"))
        .order_by("date")
    )
    return [PainDay(row["date"], row["morning"], row["exercise"]) for row in rows]


def pain_chart(
    days: list[PainDay], *, start: datetime.date, end: datetime.date, symptom=DEFAULT_SYMPTOM
):
    return charts.pain_chart(days, frame=FRAME, start=start, end=end, symptom=symptom)
