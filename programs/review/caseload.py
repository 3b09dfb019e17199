"""The caseload dashboard: one row per patient, those needing attention first.

Two queries whatever the number of patients: the ids the user may see (with the filters
that are plain columns), then one statement over `flags.window_ctes()` that computes every
figure and flag, filters on them, sorts by need and cuts the page.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from accounts.models import PatientProfile
from programs.review.adherence import ratio
from programs.review.flags import FlagView, window_ctes, window_params

PAGE_SIZE = 25
NO_PROGRAM = "none"

_ROWS_SQL = f"""
WITH {window_ctes()},
current_program AS (
    SELECT p.patient_id, cp.id AS program_id, cp.title, cp.status
    FROM patients p
    LEFT JOIN LATERAL (
        SELECT pr.id, pr.title, pr.status FROM programs_program pr
        WHERE pr.patient_id = p.patient_id
        ORDER BY CASE pr.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'draft' THEN 2
                 ELSE 3 END, pr.start_date DESC, pr.created_at DESC
        LIMIT 1
    ) cp ON true
),
shown_flags AS (
    -- open stored flags, those acknowledged this week (shown muted), and live ones
    SELECT f.patient_id, f.id::text AS flag_id, f.kind, f.raised_on, f.reason,
           NULL::json AS numbers, f.acknowledged_at IS NOT NULL AS acknowledged
    FROM programs_flag f JOIN patients p ON p.patient_id = f.patient_id
    -- the id list again, on the flag table itself: it lets PostgreSQL use the flags'
    -- (patient, acknowledged_at) index rather than scan every flag of every clinic
    WHERE f.patient_id = ANY(%(patient_ids)s)
      AND (f.acknowledged_at IS NULL OR f.raised_on > p.today - 7)
    UNION ALL
    SELECT patient_id, NULL, kind, raised_on, '', numbers, false FROM open_computed
),
flag_summary AS (
    SELECT patient_id,
           json_agg(json_build_object(
               'flag_id', flag_id, 'kind', kind, 'raised_on', raised_on, 'reason', reason,
               'numbers', numbers, 'acknowledged', acknowledged)
               ORDER BY acknowledged, CASE kind WHEN 'red_pain' THEN 0 WHEN 'rising_pain' THEN 1
                        WHEN 'missed' THEN 2 ELSE 3 END, raised_on DESC) AS flags,
           bool_or(NOT acknowledged AND kind IN ('red_pain', 'rising_pain')) AS urgent,
           bool_or(NOT acknowledged AND kind = 'missed') AS missed,
           array_agg(kind) FILTER (WHERE NOT acknowledged) AS open_kinds
    FROM shown_flags GROUP BY patient_id
),
caseload AS (
    SELECT p.patient_id, p.full_name, p.email, p.today, cond.name AS condition,
           a.due_7, a.done_7, a.due_28, a.done_28,
           round(pain.morning_sum::numeric / NULLIF(pain.morning_n, 0), 1) AS morning_mean,
           round(pain.before_sum::numeric / NULLIF(pain.before_n, 0), 1) AS morning_before,
           pain.worst_7,
           p.today - ll.last_log AS days_since_log,
           cp.program_id, cp.title AS program_title, cp.status AS program_status,
           COALESCE(fs.flags, '[]'::json) AS flags,
           COALESCE(fs.urgent, false) AS urgent,
           COALESCE(fs.missed, false) AS missed,
           COALESCE(fs.open_kinds, '{{}}') AS open_kinds
    FROM patients p
    JOIN adherence a ON a.patient_id = p.patient_id
    JOIN pain ON pain.patient_id = p.patient_id
    JOIN last_log ll ON ll.patient_id = p.patient_id
    JOIN current_program cp ON cp.patient_id = p.patient_id
    LEFT JOIN flag_summary fs ON fs.patient_id = p.patient_id
    LEFT JOIN accounts_patientprofile pp ON pp.user_id = p.patient_id
    LEFT JOIN exercises_condition cond ON cond.id = pp.condition_id
)
SELECT patient_id, full_name, email, today, condition, due_7, done_7, due_28, done_28,
       morning_mean, morning_before, worst_7, days_since_log, program_id, program_title,
       program_status, flags, COUNT(*) OVER () AS total
FROM caseload
WHERE (%(flag_kind)s = '' OR %(flag_kind)s = ANY(open_kinds))
  AND (%(program_status)s = ''
       OR program_status = %(program_status)s
       OR (%(program_status)s = '{NO_PROGRAM}' AND program_status IS NULL))
ORDER BY urgent DESC, missed DESC, done_7::numeric / NULLIF(due_7, 0) ASC NULLS LAST,
         lower(full_name), patient_id
LIMIT %(limit)s OFFSET %(offset)s
"""  # noqa: S608  (fixed SQL text; every value is a parameter) # nosec B608


@dataclass(frozen=True)
class CaseloadFilters:
    flag_kind: str = ""
    condition: object = None  # a Condition
    program_status: str = ""
    clinician: object = None  # a User on the care team (clinic admins' filter)
    search: str = ""


@dataclass(frozen=True)
class CaseloadRow:
    patient_id: object
    full_name: str
    email: str
    today: datetime.date
    condition: str | None
    due_7: int
    done_7: int
    due_28: int
    done_28: int
    morning_mean: object
    morning_before: object
    worst_7: int | None
    days_since_log: int | None
    program_id: object
    program_title: str | None
    program_status: str | None
    flags: list[FlagView] = field(default_factory=list)

    @property
    def adherence_7(self) -> float | None:
        return ratio(self.done_7, self.due_7)

    @property
    def adherence_28(self) -> float | None:
        return ratio(self.done_28, self.due_28)

    @property
    def adherence_7_percent(self) -> int | None:
        return percent(self.adherence_7)

    @property
    def adherence_28_percent(self) -> int | None:
        return percent(self.adherence_28)

    @property
    def morning_change(self):
        if self.morning_mean is None or self.morning_before is None:
            return None
        return self.morning_mean - self.morning_before


def percent(fraction: float | None) -> int | None:
    """Whole percent, rounded down so 79.9 % never shows as 80 % (the progress threshold)."""
    return None if fraction is None else int(fraction * 100 + 1e-9)


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int
    number: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def visible_patient_ids(user, filters: CaseloadFilters) -> list:
    """Ids of the patients the user may see, narrowed by the column filters."""
    profiles = PatientProfile.objects.visible_to(user)
    if filters.condition is not None:
        profiles = profiles.filter(condition=filters.condition)
    if filters.clinician is not None:
        profiles = profiles.filter(care_team=filters.clinician)
    if filters.search:
        profiles = profiles.filter(
            Q(user__full_name__icontains=filters.search) | Q(user__email__icontains=filters.search)
        )
    return list(profiles.values_list("user_id", flat=True).distinct())


def _params(patient_ids, filters: CaseloadFilters, now, *, limit, offset) -> dict:
    return {
        **window_params(patient_ids=patient_ids, now=now),
        "flag_kind": filters.flag_kind,
        "program_status": filters.program_status,
        "limit": limit,
        "offset": offset,
    }


def _row(values: tuple) -> CaseloadRow:
    *columns, flags, _total = values
    return CaseloadRow(*columns, flags=[FlagView.from_row(flag) for flag in flags])


def caseload_page(*, user, filters: CaseloadFilters, page: int, now) -> CaseloadPage:
    """One page of the dashboard, sorted by need."""
    patient_ids = visible_patient_ids(user, filters)
    params = _params(
        patient_ids, filters, now, limit=PAGE_SIZE, offset=(max(page, 1) - 1) * PAGE_SIZE
    )
    with connection.cursor() as cursor:
        cursor.execute(_ROWS_SQL, params)
        values = cursor.fetchall()
    total = values[0][-1] if values else 0
    return CaseloadPage([_row(row) for row in values], total, max(page, 1))


def iter_caseload(*, user, filters: CaseloadFilters, now, chunk_size: int = 500):
    """Every row of the dashboard in its order, read through a server-side cursor."""
    patient_ids = visible_patient_ids(user, filters)
    params = _params(patient_ids, filters, now, limit=None, offset=0)
    with connection.chunked_cursor() as cursor:
        cursor.execute(_ROWS_SQL, params)
        while chunk := cursor.fetchmany(chunk_size):
            yield from (_row(row) for row in chunk)
