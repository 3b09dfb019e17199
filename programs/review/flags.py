"""Decision-support flags: computed by PostgreSQL, explained in words and numbers.

The rules and their numbers are in `programs.rules` and `docs/clinical-rules.md`; the SQL
is `window.sql` next to this module. Red (pain during exercise above the limit) and amber
(a flare the next morning; morning symptoms rising week on week) flags are also stored by
the logging side when a log is saved; missed and ready-to-progress flags are computed live.
A computed flag becomes a stored `Flag` row when a clinician acknowledges it, so it stays in
history and stops sorting first.

`window_ctes()` is the SQL the dashboard builds on; every figure is per patient, on the
patient's local today, in one statement whatever the number of patients.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.dates import long_date
from config.db_router import read_connection
from programs import rules
from programs.models import Flag, FlagKind, Program
from programs.review.adherence import due_rows_params, due_rows_sql
from programs.review.sql_files import read_sql

_WINDOW_CTES = read_sql("window.sql", due_rows=due_rows_sql())


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

    Scheduled days are looked at for MISSED_LOOKBACK_DAYS (the missed flag) but completions only
    for the last ADHERENCE_DAYS (the widest adherence figure): half the completions read.
    """
    utc_today = now.astimezone(datetime.UTC).date()
    return due_rows_params(
        patient_ids=patient_ids,
        now=now,
        start=utc_today - datetime.timedelta(days=rules.MISSED_LOOKBACK_DAYS + 1),
        end=utc_today + datetime.timedelta(days=1),
        done_from=utc_today - datetime.timedelta(days=rules.ADHERENCE_DAYS + 1),
    )


def reason_for(kind: str, numbers: dict, *, symptom: str = rules.DEFAULT_SYMPTOM) -> str:
    """The reason of a computed flag, in words with the numbers behind it. `symptom` names
    the condition's daily morning question ("first-step pain")."""
    symptom = symptom[:1].upper() + symptom[1:]
    if kind == FlagKind.RED_PAIN:
        return (
            f"Pain during exercise up to {numbers['worst']}/10 on {numbers['days']} of the "
            f"last {rules.RED_DAYS} days; limit {numbers['limit']}/10."
        )
    if kind == FlagKind.FLARE:
        usual = numbers["usual"]
        against = f"usually about {usual}/10" if usual is not None else "no usual level yet"
        return (
            f"{symptom} {numbers['score']}/10 the morning after a session ({against}; "
            f"limit {numbers['limit']}/10); {numbers['days']} such morning(s) in the last "
            f"{rules.FLARE_DAYS} days."
        )
    if kind == FlagKind.RISING_PAIN:
        weeks = numbers["weeks_ago"]
        when = "the week before" if weeks == 1 else f"{weeks} weeks before"
        return (
            f"{symptom} averaged {numbers['mean']}/10 over the last 7 days "
            f"({numbers['mornings']} mornings), up {numbers['change']} from "
            f"{numbers['before']} {when}."
        )
    if kind == FlagKind.MISSED:
        since = numbers["since"]
        if isinstance(since, str):  # the SQL's JSON carries the date as text
            since = datetime.date.fromisoformat(since)
        return f"No log on the last {numbers['days']} scheduled days (since {long_date(since)})."
    easy = f"; {numbers['too_easy']} marked too easy" if numbers.get("too_easy") else ""
    return (
        f"Adherence {numbers['adherence']} % over the last {rules.PROGRESS_DAYS} days, pain "
        f"during exercise at most {numbers['worst']}/10 ({numbers['logs']} logs), no flare, "
        f"{symptom.lower()} flat or falling{easy}."
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
    def severity(self) -> str:
        """medical, red, amber, missed or progress (`programs.rules.SEVERITY`)."""
        return rules.SEVERITY[str(self.kind)]

    @property
    def is_urgent(self) -> bool:
        return self.kind in rules.URGENT_KINDS

    @classmethod
    def from_flag(cls, flag: Flag) -> "FlagView":
        return cls(
            flag.kind, flag.raised_on, flag.reason, flag.pk, flag.acknowledged_at is not None
        )

    @classmethod
    def from_row(cls, row: dict, *, symptom: str = rules.DEFAULT_SYMPTOM) -> "FlagView":
        """From the JSON the dashboard query builds for each flag; `symptom` names the
        patient's daily symptom in a live flag's reason (a stored one has its own)."""
        raised_on = datetime.date.fromisoformat(row["raised_on"])
        reason = row["reason"] or reason_for(row["kind"], row["numbers"], symptom=symptom)
        return cls(row["kind"], raised_on, reason, row["flag_id"], row["acknowledged"])


def open_computed_flags(
    *, patient_id, now=None, symptom: str = rules.DEFAULT_SYMPTOM
) -> list[FlagView]:
    """The live flags of one patient that no stored row covers yet, their reasons naming
    the patient's daily `symptom`."""
    params = window_params(patient_ids=[patient_id], now=now or timezone.now())
    sql = f"WITH {_WINDOW_CTES} SELECT kind, raised_on, numbers FROM open_computed ORDER BY kind"  # noqa: S608 # nosec B608
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [
            FlagView(kind, raised_on, reason_for(kind, numbers, symptom=symptom))
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
    *,
    clinician,
    patient,
    kind: str,
    raised_on: datetime.date,
    note: str,
    now=None,
    symptom: str = rules.DEFAULT_SYMPTOM,
) -> Flag:
    """Store a live flag with its reason, acknowledged, so it stays in the history.

    The flag is recomputed here: what is stored is what the rules say, not what was posted.
    """
    live = {
        (flag.kind, flag.raised_on): flag
        for flag in open_computed_flags(patient_id=patient.pk, now=now, symptom=symptom)
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
