"""Decision-support flags: computed by PostgreSQL, explained in words and numbers.

The rules (DESIGN.md, after Silbernagel's pain-monitoring model):
- red_pain: pain during exercise above the program's limit on a day of the last 7.
- rising_pain: the 7-day mean morning pain is up by 2 points or more on the 7 days before.
- missed: no log on the last N scheduled days (N = the clinic's `missed_days_flag`). Today
  is left out: a patient who logs in the evening has not missed today yet.
- progress: adherence ≥ 80 % over the last 14 days with pain during exercise ≤ 2 on every
  log of those days (at least one log).

Red and rising flags are also stored by the logging side when a log is saved; missed and
progress are computed live. A computed flag becomes a stored `Flag` row when a clinician
acknowledges it, so it stays in history and stops sorting first.

`window_ctes()` is the SQL the dashboard builds on; every figure is per patient, on the
patient's local today, in one statement whatever the number of patients.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from programs.models import Flag, FlagKind, Program
from programs.review.adherence import due_rows_params, due_rows_sql

RISING_POINTS = 2  # morning pain up this much week on week is a red flag
PROGRESS_ADHERENCE = (4, 5)  # 80 %, as a fraction so the SQL compares integers exactly
PROGRESS_MAX_PAIN = 2
PROGRESS_DAYS = 14
# Scheduled days looked at for the missed flag; enough for N ≤ 30 on a daily schedule.
LOOKBACK_DAYS = 56
ADHERENCE_DAYS = 28  # the widest adherence figure (7, 14 and 28 days)

_WINDOW_CTES = f"""
due_rows AS ({due_rows_sql()}),
patients AS (
    SELECT u.id AS patient_id, u.full_name, u.email, c.missed_days_flag,
           (%(now)s::timestamptz AT TIME ZONE COALESCE(NULLIF(pp.timezone, ''), c.timezone))::date
               AS today
    FROM accounts_user u
    JOIN accounts_clinic c ON c.id = u.clinic_id
    LEFT JOIN accounts_patientprofile pp ON pp.user_id = u.id
    WHERE u.id = ANY(%(patient_ids)s)
),
days AS (
    SELECT patient_id, day, SUM(due)::int AS due, SUM(done)::int AS done
    FROM due_rows GROUP BY patient_id, day
),
recent_logs AS (
    SELECT l.patient_id, l.date, l.morning_pain, l.exercise_pain, pr.pain_limit,
           l.date > p.today - 7 AS this_week,
           l.date > p.today - 7 AND l.exercise_pain > pr.pain_limit AS red
    FROM programs_sessionlog l
    JOIN patients p ON p.patient_id = l.patient_id
    JOIN programs_program pr ON pr.id = l.program_id
    WHERE l.date > p.today - 14 AND l.date <= p.today
),
adherence AS (
    SELECT p.patient_id,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - 7), 0) AS due_7,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - 7), 0) AS done_7,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - {PROGRESS_DAYS}), 0) AS due_14,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - {PROGRESS_DAYS}), 0) AS done_14,
           COALESCE(SUM(d.due) FILTER (WHERE d.day > p.today - {ADHERENCE_DAYS}), 0) AS due_28,
           COALESCE(SUM(d.done) FILTER (WHERE d.day > p.today - {ADHERENCE_DAYS}), 0) AS done_28
    FROM patients p LEFT JOIN days d ON d.patient_id = p.patient_id
    GROUP BY p.patient_id
),
pain AS (
    SELECT p.patient_id,
           SUM(l.morning_pain) FILTER (WHERE l.this_week) AS morning_sum,
           COUNT(l.morning_pain) FILTER (WHERE l.this_week) AS morning_n,
           SUM(l.morning_pain) FILTER (WHERE NOT l.this_week) AS before_sum,
           COUNT(l.morning_pain) FILTER (WHERE NOT l.this_week) AS before_n,
           MAX(l.date) FILTER (WHERE l.this_week AND l.morning_pain IS NOT NULL) AS morning_last,
           MAX(l.exercise_pain) FILTER (WHERE l.this_week) AS worst_7,
           COUNT(*) FILTER (WHERE l.red) AS red_days,
           MAX(l.exercise_pain) FILTER (WHERE l.red) AS red_worst,
           MIN(l.pain_limit) FILTER (WHERE l.red) AS red_limit,
           MAX(l.date) FILTER (WHERE l.red) AS red_last,
           MAX(l.exercise_pain) AS worst_14,
           COUNT(l.exercise_pain) AS pain_logs_14
    FROM patients p LEFT JOIN recent_logs l ON l.patient_id = p.patient_id
    GROUP BY p.patient_id
),
last_log AS (
    SELECT p.patient_id, latest.date AS last_log
    FROM patients p
    LEFT JOIN LATERAL (
        SELECT l.date FROM programs_sessionlog l
        WHERE l.patient_id = p.patient_id AND l.date <= p.today
        ORDER BY l.date DESC LIMIT 1
    ) latest ON true
),
missed AS (
    -- the scheduled days since the last log, today left out
    SELECT d.patient_id, COUNT(*) AS days, MIN(d.day) AS since
    FROM days d
    JOIN patients p ON p.patient_id = d.patient_id
    JOIN last_log ll ON ll.patient_id = d.patient_id
    WHERE d.day < p.today AND (ll.last_log IS NULL OR d.day > ll.last_log)
    GROUP BY d.patient_id
),
computed_flags AS (
    SELECT patient_id, 'red_pain' AS kind, red_last AS raised_on,
           json_build_object('worst', red_worst, 'days', red_days, 'limit', red_limit) AS numbers
    FROM pain WHERE red_days > 0
    UNION ALL
    SELECT patient_id, 'rising_pain', morning_last,
           json_build_object('mean', round(mean, 1), 'before', round(before, 1),
                             'change', round(mean - before, 1))
    FROM pain, LATERAL (SELECT morning_sum::numeric / NULLIF(morning_n, 0) AS mean,
                               before_sum::numeric / NULLIF(before_n, 0) AS before) means
    -- mean this week - mean the week before >= 2, cross-multiplied to stay in integers
    WHERE morning_n > 0 AND before_n > 0
      AND morning_sum * before_n - before_sum * morning_n >= {RISING_POINTS} * morning_n * before_n
    UNION ALL
    SELECT m.patient_id, 'missed', m.since, json_build_object('days', m.days, 'since', m.since)
    FROM missed m JOIN patients p ON p.patient_id = m.patient_id
    WHERE m.days >= p.missed_days_flag
    UNION ALL
    SELECT a.patient_id, 'progress', p.today,
           json_build_object('adherence', floor(100.0 * a.done_14 / a.due_14),
                             'worst', pain.worst_14, 'logs', pain.pain_logs_14)
    FROM adherence a
    JOIN pain ON pain.patient_id = a.patient_id
    JOIN patients p ON p.patient_id = a.patient_id
    WHERE a.due_14 > 0
      AND {PROGRESS_ADHERENCE[1]} * a.done_14 >= {PROGRESS_ADHERENCE[0]} * a.due_14
      AND pain.pain_logs_14 > 0 AND pain.worst_14 <= {PROGRESS_MAX_PAIN}
),
open_computed AS (
    -- a stored row for the same event (raised by the logging side, or acknowledged) wins;
    -- an acknowledged "ready to progress" holds for the {PROGRESS_DAYS} days it looked at
    SELECT c.* FROM computed_flags c
    WHERE NOT EXISTS (
        SELECT 1 FROM programs_flag f
        WHERE f.patient_id = ANY(%(patient_ids)s)  -- an index condition: see caseload.py
          AND f.patient_id = c.patient_id AND f.kind = c.kind
          AND (f.raised_on = c.raised_on
               OR (c.kind = 'progress' AND f.acknowledged_at IS NOT NULL
                   AND f.raised_on > c.raised_on - {PROGRESS_DAYS}))
    )
)
"""  # noqa: S608  (constants only; every value is a parameter) # nosec B608


def window_ctes() -> str:
    """CTEs (without the leading WITH) with per-patient figures and flags.

    Parameters: patient_ids, now, and start/end from `window_params(now)`.
    CTEs: patients (patient_id, full_name, email, missed_days_flag, today), days (due/done
    per patient and day), adherence (due_/done_ 7, 14, 28), pain (morning_sum/morning_n this
    week, before_sum/before_n the week before, worst_7, ...), last_log, missed,
    computed_flags and open_computed (patient_id, kind, raised_on, numbers).
    """
    return _WINDOW_CTES


def window_params(*, patient_ids, now) -> dict:
    """Parameters for `window_ctes`; start/end are widened by a day for time zones.

    Scheduled days are looked at for LOOKBACK_DAYS (the missed flag) but completions only
    for the last ADHERENCE_DAYS (the widest adherence figure): half the completions read.
    """
    utc_today = now.astimezone(datetime.UTC).date()
    return due_rows_params(
        patient_ids=patient_ids,
        now=now,
        start=utc_today - datetime.timedelta(days=LOOKBACK_DAYS + 1),
        end=utc_today + datetime.timedelta(days=1),
        done_from=utc_today - datetime.timedelta(days=ADHERENCE_DAYS + 1),
    )


def reason_for(kind: str, numbers: dict) -> str:
    """The reason of a computed flag, in words with the numbers behind it."""
    if kind == FlagKind.RED_PAIN:
        days = numbers["days"]
        return (
            f"Pain during exercise up to {numbers['worst']}/10 on {days} of the last 7 days; "
            f"limit {numbers['limit']}."
        )
    if kind == FlagKind.RISING_PAIN:
        return (
            f"Morning pain averaged {numbers['mean']}/10 over the last 7 days, up "
            f"{numbers['change']} from {numbers['before']} the week before."
        )
    if kind == FlagKind.MISSED:
        return f"No log on the last {numbers['days']} scheduled days (since {numbers['since']})."
    return (
        f"Adherence {numbers['adherence']} % over the last {PROGRESS_DAYS} days, with pain "
        f"during exercise at most {numbers['worst']}/10 ({numbers['logs']} logs)."
    )


@dataclass(frozen=True)
class FlagView:
    """A flag as shown: stored (with an id) or computed live (id None)."""

    kind: str
    raised_on: datetime.date
    reason: str
    flag_id: object = None
    acknowledged: bool = False

    @property
    def label(self) -> str:
        return FlagKind(self.kind).label

    @property
    def is_urgent(self) -> bool:
        return self.kind in (FlagKind.RED_PAIN, FlagKind.RISING_PAIN)

    @classmethod
    def from_flag(cls, flag: Flag) -> "FlagView":
        return cls(
            flag.kind, flag.raised_on, flag.reason, flag.pk, flag.acknowledged_at is not None
        )

    @classmethod
    def from_row(cls, row: dict) -> "FlagView":
        """From the JSON the dashboard query builds for each flag."""
        raised_on = datetime.date.fromisoformat(row["raised_on"])
        reason = row["reason"] or reason_for(row["kind"], row["numbers"])
        return cls(row["kind"], raised_on, reason, row["flag_id"], row["acknowledged"])


def open_computed_flags(*, patient_id, now=None) -> list[FlagView]:
    """The live flags of one patient that no stored row covers yet."""
    params = window_params(patient_ids=[patient_id], now=now or timezone.now())
    sql = f"WITH {_WINDOW_CTES} SELECT kind, raised_on, numbers FROM open_computed ORDER BY kind"  # noqa: S608 # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            FlagView(kind, raised_on, reason_for(kind, numbers))
            for kind, raised_on, numbers in cursor.fetchall()
        ]


class FlagNoLongerApplies(Exception):
    """The computed flag a clinician tried to acknowledge is not raised any more."""


def _acknowledge(flag: Flag, *, clinician, note: str) -> Flag:
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = clinician
    flag.acknowledgement_note = note
    flag.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    return flag


@transaction.atomic
def acknowledge_flag(*, clinician, flag: Flag, note: str) -> Flag:
    """Acknowledge a stored flag (again: the latest note and time win)."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    return _acknowledge(flag, clinician=clinician, note=note)


@transaction.atomic
def acknowledge_computed_flag(
    *, clinician, patient, kind: str, raised_on: datetime.date, note: str, now=None
) -> Flag:
    """Store a live flag with its reason, acknowledged, so it stays in the history.

    The flag is recomputed here: what is stored is what the rules say, not what was posted.
    """
    live = {
        (flag.kind, flag.raised_on): flag
        for flag in open_computed_flags(patient_id=patient.pk, now=now)
    }
    computed = live.get((kind, raised_on))
    if computed is None:
        raise FlagNoLongerApplies
    program = Program.objects.filter(patient=patient).exclude(status="draft").first()
    flag, _ = Flag.objects.get_or_create(
        patient=patient,
        program=program,
        kind=kind,
        raised_on=raised_on,
        defaults={"reason": computed.reason},
    )
    return _acknowledge(flag, clinician=clinician, note=note)
