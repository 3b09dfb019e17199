"""Safety rules applied when a patient saves a day's log.

The pain-monitoring model used in tendon and plantar-heel rehabilitation (Silbernagel and
colleagues): pain during exercise up to the program's limit (default 5/10) is acceptable if
morning pain is not rising week on week. So, at save time:
- pain during exercise above the limit raises a red flag for that day;
- a 7-day mean of morning pain at least 2 points above the previous 7 days' mean raises a
  rising-pain flag for that day.
Both flags are upserts on (program, kind, raised_on): re-saving updates the reason, and a
re-save that no longer breaks the rule removes the day's flag unless a clinician has
already acknowledged it. Every flag states its reason with the numbers behind it.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q, Sum

from programs.models import Flag, FlagKind, SessionLog

RISING_POINTS = 2
# Exercise pain at or below this, with everything done, earns encouragement (the same
# threshold as "ready to progress").
LOW_PAIN = 2
# A mean over fewer mornings than this is noise, not a trend.
MIN_MORNINGS = 3

SEE_A_DOCTOR = (
    "Numbness or tingling, pain at night, fever, or pain after a fall or injury: "
    "please see a doctor."
)


@dataclass(frozen=True)
class Advice:
    level: str  # "danger", "warning" or "success", as a Bootstrap alert
    text: str


def review_log(*, program, log: SessionLog, all_done: bool) -> list[Advice]:
    """Raise or clear the day's flags for `log` and return the advice to show the patient."""
    advice = []
    red = _red_pain(program, log)
    rising = _rising_morning_pain(program, log.date)
    if red:
        advice.append(
            Advice(
                "danger",
                f"Your pain during the exercises was {log.exercise_pain}/10, above your "
                f"limit of {program.pain_limit}/10. Make the next session easier: fewer "
                "repetitions or sets, or shorter holds. If it stays high, contact your "
                "clinician.",
            )
        )
    if rising:
        advice.append(
            Advice(
                "warning",
                f"Your first-step pain in the mornings has gone up this week "
                f"(about {rising[0]:.1f}/10, up from {rising[1]:.1f}/10). Ease off a "
                "little and contact your clinician.",
            )
        )
    if red or rising:
        advice.append(Advice("warning", SEE_A_DOCTOR))
    elif all_done and log.exercise_pain is not None and log.exercise_pain <= LOW_PAIN:
        advice.append(
            Advice("success", "Well done: everything done today, with little pain. Keep it up!")
        )
    return advice


def _red_pain(program, log) -> bool:
    if log.exercise_pain is None or log.exercise_pain <= program.pain_limit:
        _clear_flag(program, FlagKind.RED_PAIN, log.date)
        return False
    _raise_flag(
        program,
        FlagKind.RED_PAIN,
        log.date,
        f"Pain during exercise {log.exercise_pain}/10 on {log.date:%Y-%m-%d}; "
        f"limit {program.pain_limit}/10.",
    )
    return True


def _rising_morning_pain(program, day: datetime.date) -> tuple[Fraction, Fraction] | None:
    """(this week's mean, last week's mean) of morning pain when it rose by ≥ 2, else None."""
    recent = Q(date__gt=day - datetime.timedelta(days=7))
    totals = SessionLog.objects.filter(
        program=program,
        date__gt=day - datetime.timedelta(days=14),
        date__lte=day,
        morning_pain__isnull=False,
    ).aggregate(
        recent_sum=Sum("morning_pain", filter=recent),
        recent_n=Count("id", filter=recent),
        earlier_sum=Sum("morning_pain", filter=~recent),
        earlier_n=Count("id", filter=~recent),
    )
    if totals["recent_n"] < MIN_MORNINGS or totals["earlier_n"] < MIN_MORNINGS:
        _clear_flag(program, FlagKind.RISING_PAIN, day)
        return None
    # Exact fractions: "up exactly 2 points" must not become 1.9999999 in floating point.
    recent_mean = Fraction(totals["recent_sum"], totals["recent_n"])
    earlier_mean = Fraction(totals["earlier_sum"], totals["earlier_n"])
    if recent_mean - earlier_mean < RISING_POINTS:
        _clear_flag(program, FlagKind.RISING_PAIN, day)
        return None
    _raise_flag(
        program,
        FlagKind.RISING_PAIN,
        day,
        f"Morning pain averaged {float(recent_mean):.1f}/10 over the 7 days to "
        f"{day:%Y-%m-%d} ({totals['recent_n']} mornings), up from "
        f"{float(earlier_mean):.1f}/10 the 7 days before ({totals['earlier_n']} mornings).",
    )
    return recent_mean, earlier_mean


def _raise_flag(program, kind: str, day: datetime.date, reason: str) -> None:
    Flag.objects.bulk_create(
        [
            Flag(
                patient_id=program.patient_id,
                program=program,
                kind=kind,
                raised_on=day,
                reason=reason,
            )
        ],
        update_conflicts=True,
        unique_fields=["program", "kind", "raised_on"],
        update_fields=["reason"],
    )


def _clear_flag(program, kind: str, day: datetime.date) -> None:
    # An acknowledged flag stays: the clinician's record of what they saw is not rewritten.
    Flag.objects.filter(
        program=program, kind=kind, raised_on=day, acknowledged_at__isnull=True
    ).delete()
