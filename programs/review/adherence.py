"""Adherence, computed by PostgreSQL: completed ÷ due.

A prescription is due on a date when its program was active that day by its status history
(an active `ProgramStatusSpan`: never while a draft, paused or completed) and between its
start and end, the prescription was in effect that day (valid_from … valid_until: a dose
edit opens a new version), and the date's weekday is one of its weekdays. It is then due
`times_per_day` times, and at most that many completions count. Days after the patient's
local today are never due.

Everything is one SQL statement over generate_series, so the number of queries does not
grow with patients or days.
"""

import datetime
from dataclasses import dataclass

from config.db_router import read_connection
from programs.review.sql_files import read_sql

_DUE_ROWS = read_sql("due_rows.sql")


@dataclass(frozen=True)
class DayAdherence:
    patient_id: object
    program_id: object
    day: datetime.date
    due: int
    done: int


def due_rows_sql() -> str:
    """The due-and-done rows as SQL, for reports that aggregate them further.

    Parameters: from `due_rows_params`. Columns: patient_id, program_id, prescription_id,
    series, day, due, done.
    """
    return _DUE_ROWS


def due_rows_params(*, patient_ids, start, end, now, done_from=None) -> dict:
    """Parameters of `due_rows_sql`: the patients, the days start..end (inclusive), `now`
    (an aware datetime: the patient-local today follows from it) and, when only recent
    days' adherence is needed, `done_from`: completions before it are not read (their rows
    show done = 0), which spares reading completions for days that only count as due."""
    return {
        "patient_ids": list(patient_ids),
        "start": start,
        "end": end,
        "now": now,
        "done_from": done_from or start,
    }


@dataclass(frozen=True)
class PeriodAdherence:
    """Due and done over a labelled period: a week, or one exercise's series."""

    key: object
    label: str
    due: int
    done: int

    @property
    def ratio(self) -> float | None:
        return ratio(self.done, self.due)


def _grouped(*, select: str, group_by: str, patient_ids, start, end, now) -> list[tuple]:
    """Run `SELECT select FROM due rows GROUP BY group_by` (fixed SQL text, values as
    parameters)."""
    sql = f"""
        SELECT {select}
        FROM ({_DUE_ROWS}) rows
        GROUP BY {group_by}
        ORDER BY {group_by}
    """  # noqa: S608  (no user input in the SQL text; values are parameters) # nosec B608
    params = due_rows_params(patient_ids=patient_ids, start=start, end=end, now=now)
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def adherence_by_day(*, patient_ids, start, end, now) -> list[DayAdherence]:
    """Due and done per patient, program and day between start and end (inclusive)."""
    rows = _grouped(
        select="rows.patient_id, rows.program_id, rows.day, "
        "SUM(rows.due)::int, SUM(rows.done)::int",
        group_by="rows.patient_id, rows.program_id, rows.day",
        patient_ids=patient_ids,
        start=start,
        end=end,
        now=now,
    )
    return [DayAdherence(*row) for row in rows]


def adherence_by_week(*, patient_id, start, end, now) -> list[PeriodAdherence]:
    """Due and done per ISO week (Monday first) of one patient, all programs together."""
    rows = _grouped(
        select="date_trunc('week', rows.day)::date, SUM(rows.due)::int, SUM(rows.done)::int",
        group_by="date_trunc('week', rows.day)::date",
        patient_ids=[patient_id],
        start=start,
        end=end,
        now=now,
    )
    return [PeriodAdherence(week, f"{week:%d %b}", due, done) for week, due, done in rows]


def adherence_by_series(*, patient_id, start, end, now) -> list[PeriodAdherence]:
    """Due and done per prescribed item (every dose version of it), named as last prescribed."""
    rows = _grouped(
        # The name of the version due last (versions of a series never overlap), looked up
        # per series: joining every row to its prescription made PostgreSQL scan them all.
        select="rows.series, (SELECT rx.name FROM programs_prescription rx WHERE rx.id = "
        "(array_agg(rows.prescription_id ORDER BY rows.day DESC))[1]), "
        "SUM(rows.due)::int, SUM(rows.done)::int",
        group_by="rows.series",
        patient_ids=[patient_id],
        start=start,
        end=end,
        now=now,
    )
    items = [PeriodAdherence(*row) for row in rows]
    return sorted(items, key=lambda item: item.label.lower())


def ratio(done: int, due: int) -> float | None:
    """Adherence as a fraction, or None when nothing was due (not the same as 0 %)."""
    return done / due if due else None
