"""The patient report: what it shows over a date range, and its adherence chart.

A fixed number of queries whatever the range: adherence per week and per item come from
`adherence`, the logs, changes and flags are one query each.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.template.defaultfilters import linebreaksbr
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import format_html_join

from accounts.dates import local_today
from config.db_router import read_connection
from programs import rules
from programs.models import (
    Difficulty,
    Flag,
    Program,
    ProgramChange,
    ProgramStatus,
    SessionLog,
)
from programs.review import adherence
from programs.review.charts import Frame, Marker, PainChart, PainDay, TimeScale, pain_chart
from programs.review.flags import FlagView, open_computed_flags
from programs.review.forms import MAX_REPORT_DAYS, report_range
from programs.review.phases import Phase, current_phase
from programs.review.suggestions import Suggestions, suggest
from programs.symptoms import DEFAULT as DEFAULT_SYMPTOM
from programs.symptoms import Symptom

SEVERITY_ORDER = list(dict.fromkeys(rules.SEVERITY.values()))  # most severe first

# The report's chart canvas (SVG user units; the SVG scales to its container). About the
# width it is shown at beside the other chart on a desktop, so 14-unit words read as 14 px.
FRAME = Frame(width=520, height=240, left=50, right=20, top=14, bottom=34, mark=4)


def default_range(programs: list[Program], today: datetime.date):
    """The current program's span up to today, at most a year; the last 4 weeks otherwise."""
    current = next((p for p in programs if p.status == ProgramStatus.ACTIVE), None) or next(
        (p for p in programs if p.status != ProgramStatus.DRAFT), None
    )
    end = today
    if current is not None and current.end_date is not None and current.end_date < today:
        end = current.end_date
    start = current.start_date if current is not None else today - datetime.timedelta(days=27)
    start = min(max(start, end - datetime.timedelta(days=MAX_REPORT_DAYS - 1)), end)
    return start, end


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    week: adherence.PeriodAdherence


@dataclass
class AdherenceChart:
    scale: TimeScale
    bars: list[Bar]
    markers: list[Marker]

    @property
    def y_ticks(self):
        return self.scale.y_ticks(25)

    @property
    def labelled(self) -> bool:
        """Each bar gets its own labels while they fit; the title still tells on hover."""
        return len(self.bars) <= 16


def adherence_chart(weeks, changes, start, end) -> AdherenceChart:
    # The scale spans whole weeks so each bar sits over its own Monday-to-Sunday.
    first = start - datetime.timedelta(days=start.weekday())
    scale = TimeScale(FRAME, first, end + datetime.timedelta(days=1), 100)
    bars = []
    for week in weeks:
        x = scale.x(max(week.key, first))
        right = scale.x(min(week.key + datetime.timedelta(days=7), scale.end))
        percent = round(100 * week.ratio) if week.ratio is not None else 0
        bars.append(
            Bar(
                x=x + 1,
                y=scale.y(percent),
                width=max(right - x - 2, 1),
                height=round(scale.y(0) - scale.y(percent), 1),
                label=f"{percent} %" if week.ratio is not None else "–",
                week=week,
            )
        )
    return AdherenceChart(scale, bars, scale.markers(changes))


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    weeks: list[adherence.PeriodAdherence]
    items: list[adherence.PeriodAdherence]
    logs: list[SessionLog]
    changes: list[ProgramChange]
    stored_flags: list[Flag]
    open_flags: list[FlagView]
    live_flags: list[FlagView]
    suggestions: Suggestions
    pain_chart: PainChart
    adherence_chart: AdherenceChart
    symptom: Symptom  # the patient's daily morning score, as the log table's header names it
    phase: Phase | None = None  # the pathway phase of the active program, if it has one

    # Built here, not in a template loop, for the same reason as the chart points: a year
    # has ~350 logs, and five template lookups and filters per row cost ~40 ms.
    @property
    def log_rows(self) -> str:
        """The logs table's rows, newest first."""
        difficulty = dict(Difficulty.choices)
        short_day = day_formatter()
        return format_html_join(
            "\n",
            '<tr><td class="text-nowrap">{}</td><td class="text-end">{}</td>'
            '<td class="text-end">{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    short_day(log.date),
                    "–" if log.morning_pain is None else log.morning_pain,
                    "–" if log.exercise_pain is None else log.exercise_pain,
                    difficulty.get(log.difficulty, log.difficulty or ""),
                    linebreaksbr(log.note, autoescape=True) if log.note else "",
                )
                for log in reversed(self.logs)
            ),
        )

    @property
    def to_decide(self) -> list[FlagView]:
        """The flags no clinician has acknowledged yet, most severe first (a red-flag
        symptom before pain above the limit), newest first within a severity."""
        flags = [*self.open_flags, *self.live_flags]
        return sorted(flags, key=lambda flag: SEVERITY_ORDER.index(flag.severity))

    @property
    def total(self) -> adherence.PeriodAdherence:
        due = sum(week.due for week in self.weeks)
        done = sum(week.done for week in self.weeks)
        return adherence.PeriodAdherence(None, "All", due, done)


def day_formatter():
    """A function writing a date as the template filter `date:"D j M"` does ("Mon 3 Mar"),
    in the active language, without the filter's format parsing per call."""
    weekdays = {number: str(name) for number, name in WEEKDAYS_ABBR.items()}
    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    return lambda day: f"{weekdays[day.weekday()]} {day.day} {months[day.month]}"


def build_report(*, patient, start, end, now, today, symptom: Symptom = DEFAULT_SYMPTOM) -> Report:
    window = {"patient_id": patient.pk, "start": start, "end": end, "now": now}
    weeks = adherence.adherence_by_week(**window)
    items = adherence.adherence_by_series(**window)
    logs = list(
        # The patient again on the program: without it, when the planner guesses a few
        # hundred logs more than there are, it hashes every program of every clinic (24,000
        # at the benchmark's size: 13 ms) to join them; with it, the patient's few.
        SessionLog.objects.filter(
            patient=patient, program__patient=patient, date__range=(start, end)
        )
        .select_related("program")
        .order_by("date", "program__title")
    )
    changes = list(
        ProgramChange.objects.filter(program__patient=patient, effective_date__range=(start, end))
        .select_related("changed_by")
        .order_by("effective_date", "changed_at")
    )
    # The range's flags for the history, and every open one whatever its date: a red flag
    # raised before the range still needs a decision.
    flags = list(
        Flag.objects.filter(patient=patient)
        .filter(Q(raised_on__range=(start, end)) | Q(acknowledged_at__isnull=True))
        .select_related("acknowledged_by")
        .order_by("-raised_on", "-created_at")
    )
    open_flags = [FlagView.from_flag(flag) for flag in flags if flag.acknowledged_at is None]
    live_flags = open_computed_flags(patient_id=patient.pk, now=now, symptom=symptom.label)
    suggestions = suggest(patient=patient, flags=[*open_flags, *live_flags], today=today)
    phase = current_phase(patient=patient, flags=[*open_flags, *live_flags], now=now, today=today)
    return Report(
        start=start,
        end=end,
        weeks=weeks,
        items=items,
        logs=logs,
        changes=changes,
        stored_flags=[flag for flag in flags if start <= flag.raised_on <= end],
        open_flags=open_flags,
        live_flags=live_flags,
        suggestions=suggestions,
        pain_chart=pain_chart(
            [PainDay(log.date, log.morning_pain, log.exercise_pain) for log in logs],
            frame=FRAME,
            start=start,
            end=end,
            changes=changes,
            symptom=symptom,
        ),
        adherence_chart=adherence_chart(weeks, changes, start, end),
        symptom=symptom,
        phase=phase,
    )


# One row per program and day that had something due or a log: the logs export.
_LOG_ROWS_SQL = f"""
WITH daily AS (
    SELECT program_id, day, SUM(due)::int AS due, SUM(done)::int AS done
    FROM ({adherence.due_rows_sql()}) due_rows
    GROUP BY program_id, day
),
logs AS (
    SELECT * FROM programs_sessionlog
    WHERE patient_id = ANY(%(patient_ids)s) AND date BETWEEN %(start)s AND %(end)s
)
SELECT COALESCE(logs.date, daily.day), pr.title, logs.morning_pain, logs.exercise_pain,
       logs.difficulty, logs.note, COALESCE(daily.due, 0), COALESCE(daily.done, 0)
FROM daily
FULL OUTER JOIN logs ON logs.program_id = daily.program_id AND logs.date = daily.day
JOIN programs_program pr ON pr.id = COALESCE(logs.program_id, daily.program_id)
ORDER BY 1, pr.title
"""  # noqa: S608  (fixed SQL text; every value is a parameter) # nosec B608


def log_columns(symptom: Symptom = DEFAULT_SYMPTOM) -> list[str]:
    """The logs export's header; the morning score is named by the patient's symptom."""
    return [
        "date",
        "program",
        symptom.column,
        "exercise_pain_0_10",
        "difficulty",
        "note",
        "exercises_due",
        "exercises_done",
    ]


def iter_log_rows(*, patient, start, end, now, chunk_size: int = 500):
    """The logs export's rows, oldest first, read through a server-side cursor."""
    params = adherence.due_rows_params(patient_ids=[patient.pk], start=start, end=end, now=now)
    difficulty = dict(Difficulty.choices)
    with read_connection().chunked_cursor() as cursor:
        cursor.execute(_LOG_ROWS_SQL, params)
        while chunk := cursor.fetchmany(chunk_size):
            for day, title, morning, exercise, level, note, due, done in chunk:
                yield [
                    day.isoformat(),
                    title,
                    morning,
                    exercise,
                    difficulty.get(level, ""),
                    note or "",
                    due,
                    done,
                ]


def report_period(query, *, profile):
    """The range form of a patient's report or export, bound to `query`, and the chosen
    (or default) range: (form, start, end, the patient's today)."""
    programs = list(Program.objects.filter(patient_id=profile.user_id))
    today = local_today(profile.user)
    form, (start, end) = report_range(query, default=default_range(programs, today))
    return form, start, end, today
