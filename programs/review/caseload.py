"""The caseload dashboard: one row per patient, those needing attention first.

Two queries whatever the number of patients: the ids the user may see (with the filters
that are plain columns), then one statement over `flags.window_ctes()` that computes every
figure and flag, filters on them, sorts by need and cuts the page.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import PatientProfile
from config.db_router import read_connection
from programs import rules
from programs.patient_conditions import profiles_with_condition
from programs.review.adherence import ratio
from programs.review.flags import FlagView, window_ctes, window_params
from programs.review.sql_files import read_sql

PAGE_SIZE = 25
NO_PROGRAM = "none"

_ROWS_SQL = read_sql("caseload.sql", window=window_ctes(), NO_PROGRAM=NO_PROGRAM)


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
    symptom: str | None  # the condition's daily symptom ("first-step pain"), if it names one
    flags: list[FlagView] = field(default_factory=list)
    unread_messages: int = 0  # from the patient, unread by the care team (the view adds it)
    outcome: object = None  # a programs.outcomes.progress.PatientOutcome (the view adds it)

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


def visible_patients(user, filters: CaseloadFilters) -> list[tuple]:
    """(id, condition id) of the patients the user may see, narrowed by the column filters.

    The condition is the one rule of `programs.patient_conditions`: the caseload SQL shows
    the condition it is given here, so the filter and the column cannot disagree.
    """
    profiles = profiles_with_condition(PatientProfile.objects.visible_to(user))
    if filters.condition is not None:
        profiles = profiles.filter(shown_condition_id=filters.condition.pk)
    if filters.clinician is not None:
        profiles = profiles.filter(care_team=filters.clinician)
    if filters.search:
        profiles = profiles.filter(
            Q(user__full_name__icontains=filters.search) | Q(user__email__icontains=filters.search)
        )
    return list(profiles.values_list("user_id", "shown_condition_id").distinct())


def _params(patients, filters: CaseloadFilters, now, *, limit, offset) -> dict:
    return {
        **window_params(patient_ids=[patient_id for patient_id, _ in patients], now=now),
        "condition_ids": [condition_id for _, condition_id in patients],
        "flag_kind": filters.flag_kind,
        "program_status": filters.program_status,
        "limit": limit,
        "offset": offset,
    }


def _row(values: tuple) -> CaseloadRow:
    *columns, symptom, flags, _total = values
    # The live flags' reasons name the patient's own daily symptom, read in the same query.
    label = symptom or rules.DEFAULT_SYMPTOM
    return CaseloadRow(
        *columns, symptom, flags=[FlagView.from_row(flag, symptom=label) for flag in flags]
    )


def caseload_page(*, user, filters: CaseloadFilters, page: int, now) -> CaseloadPage:
    """One page of the dashboard, sorted by need."""
    patients = visible_patients(user, filters)
    params = _params(patients, filters, now, limit=PAGE_SIZE, offset=(max(page, 1) - 1) * PAGE_SIZE)
    with read_connection().cursor() as cursor:
        cursor.execute(_ROWS_SQL, params)
        values = cursor.fetchall()
    total = values[0][-1] if values else 0
    return CaseloadPage([_row(row) for row in values], total, max(page, 1))


def iter_caseload(*, user, filters: CaseloadFilters, now, chunk_size: int = 500):
    """Every row of the dashboard in its order, read through a server-side cursor."""
    patients = visible_patients(user, filters)
    params = _params(patients, filters, now, limit=None, offset=0)
    with read_connection().chunked_cursor() as cursor:
        cursor.execute(_ROWS_SQL, params)
        while chunk := cursor.fetchmany(chunk_size):
            yield from (_row(row) for row in chunk)
