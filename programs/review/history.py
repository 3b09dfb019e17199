"""A patient's own record over time: the recent-days calendar, adherence per week and the
pain chart. Adherence comes from `programs.review.adherence` (one SQL statement); this module only
folds its per-day rows into days or weeks (the chart's geometry: `programs.review.charts`)."""

import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Max, Min

from programs.models import Program, SessionLog
from programs.review import charts
from programs.review.adherence import adherence_by_day, ratio
from programs.review.charts import PainDay
from programs.symptoms import DEFAULT as DEFAULT_SYMPTOM

CALENDAR_MAX_DAYS = 14
# The patient's pain chart: a narrower canvas than the report's, so its words and points stay
# legible scaled down to a phone, and larger points.
FRAME = charts.Frame(width=400, height=220, left=28, right=14, top=12, bottom=28, mark=5)


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


@dataclass(frozen=True)
class ProgressWeeks:
    """The patient's weeks shown on the progress page: 7-day weeks counted from the start
    of their first program (week 1), never a week before it; the last is this week."""

    first_day: datetime.date  # the first program's start: week 1's first day
    starts: list[datetime.date]  # the shown weeks' first days, oldest first
    today: datetime.date

    @property
    def start(self) -> datetime.date:
        return self.starts[0]

    def number(self, first_day: datetime.date) -> int:
        return (first_day - self.first_day).days // 7 + 1


def progress_weeks(*, patient, today: datetime.date, weeks: int) -> ProgressWeeks | None:
    """The last `weeks` of the patient's weeks (fewer if their first program is younger), or
    None before their first program starts. One query."""
    first_day = Program.objects.visible_to(patient).aggregate(first=Min("start_date"))["first"]
    if first_day is None or first_day > today:
        return None
    total = (today - first_day).days // 7 + 1
    starts = [first_day + datetime.timedelta(weeks=n) for n in range(max(total - weeks, 0), total)]
    return ProgressWeeks(first_day, starts, today)


@dataclass(frozen=True)
class WeekSummary:
    """One of the patient's weeks as the progress table shows it: exercises done of those
    due, and the pain scores of the days logged (the chart's points of that week)."""

    number: int
    first_day: datetime.date
    last_day: datetime.date  # today for this week
    due: int
    done: int
    morning: float | None  # the mean of the week's morning scores
    exercise: int | None  # the worst during the exercises that week
    days_logged: int

    @property
    def percent(self) -> int | None:
        value = ratio(self.done, self.due)
        return None if value is None else round(value * 100)


def weekly_summary(
    *, patient, weeks: ProgressWeeks, pain_days: list[PainDay], now
) -> list[WeekSummary]:
    """The shown weeks, newest first: adherence (one SQL statement) and the pain of
    `pain_days`, the very rows the chart draws, so table and chart cannot disagree."""

    def week_of(day: datetime.date) -> datetime.date:
        return weeks.first_day + datetime.timedelta(weeks=(day - weeks.first_day).days // 7)

    totals = defaultdict(lambda: [0, 0])
    rows = adherence_by_day(patient_ids=[patient.pk], start=weeks.start, end=weeks.today, now=now)
    for row in rows:
        totals[week_of(row.day)][0] += row.due
        totals[week_of(row.day)][1] += row.done
    pains = defaultdict(list)
    for pain in pain_days:
        pains[week_of(pain.day)].append(pain)
    summaries = []
    for first_day in weeks.starts:
        days = pains[first_day]
        mornings = [day.morning for day in days if day.morning is not None]
        exercises = [day.exercise for day in days if day.exercise is not None]
        summaries.append(
            WeekSummary(
                number=weeks.number(first_day),
                first_day=first_day,
                last_day=min(first_day + datetime.timedelta(days=6), weeks.today),
                due=totals[first_day][0],
                done=totals[first_day][1],
                morning=sum(mornings) / len(mornings) if mornings else None,
                exercise=max(exercises) if exercises else None,
                days_logged=len(days),
            )
        )
    return summaries[::-1]


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
    days: list[PainDay],
    *,
    start: datetime.date,
    end: datetime.date,
    symptom=DEFAULT_SYMPTOM,
    week_starts=(),
):
    return charts.pain_chart(
        days, frame=FRAME, start=start, end=end, symptom=symptom, week_starts=week_starts
    )
