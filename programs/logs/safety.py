"""The pain-monitoring checks applied when a patient saves a day's log.

The rules and their numbers are `programs.rules` (written out in `docs/clinical-rules.md`);
the same rules run live in SQL for the caseload (`programs/review/window.sql`), and
`tests/programs/test_rules_crosscheck.py` feeds both the same logs. At save time, for the
saved day:
1. pain during exercise above the program's limit → a red flag and advice to ease off;
2. the morning score well above the usual of the days before, or above the limit → an amber
   "flare the next morning" and advice to keep or reduce the next session;
3. this week's morning scores up on an earlier week → an amber "rising" flag.
Flags are upserts on (program, kind, raised_on): re-saving updates the reason, and a re-save
that no longer breaks the rule removes the day's flag unless a clinician has acknowledged it.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Max, Min

from accounts.dates import long_date
from programs import rules
from programs.models import Flag, FlagKind, SessionLog
from programs.review.flags import reason_for

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Advice:
    level: str  # "danger", "warning" or "success", as a Bootstrap alert
    text: str


@dataclass(frozen=True)
class Morning:
    """A day's morning score (the worst, if two programs were logged) and the strictest
    limit of that day's programs."""

    score: int
    pain_limit: int


@dataclass(frozen=True)
class Flare:
    score: int
    usual: Fraction | None  # the mean of the mornings before; None: too few for a baseline
    pain_limit: int


@dataclass(frozen=True)
class Rise:
    mean: Fraction
    before: Fraction
    weeks_ago: int
    mornings: int


def mornings_before(*, patient_id, day: datetime.date) -> dict[datetime.date, Morning]:
    """The patient's morning scores of the trend's weeks up to `day`, by date."""
    rows = (
        SessionLog.objects.filter(
            patient_id=patient_id,
            date__gt=day - datetime.timedelta(days=rules.TREND_WEEKS * 7),
            date__lte=day,
            morning_pain__isnull=False,
        )
        .values("date")
        .annotate(score=Max("morning_pain"), pain_limit=Min("program__pain_limit"))
    )
    return {row["date"]: Morning(row["score"], row["pain_limit"]) for row in rows}


def flare_on(mornings: dict[datetime.date, Morning], day: datetime.date) -> Flare | None:
    """Check 2: the morning of `day` against the usual of the days before it."""
    morning = mornings.get(day)
    if morning is None:
        return None
    first = day - datetime.timedelta(days=rules.FLARE_BASELINE_DAYS)
    baseline = [m.score for date, m in mornings.items() if first <= date < day]
    usual = None
    if len(baseline) >= rules.FLARE_MIN_BASELINE:
        usual = Fraction(sum(baseline), len(baseline))
    well_above = usual is not None and morning.score - usual >= rules.FLARE_POINTS
    if morning.score > morning.pain_limit or well_above:
        return Flare(morning.score, usual, morning.pain_limit)
    return None


def rise_on(mornings: dict[datetime.date, Morning], day: datetime.date) -> Rise | None:
    """Check 3: this week's mean against each of the earlier weeks with enough mornings; the
    biggest rise, if it reaches the rule's points."""
    weeks: dict[int, list[int]] = {}
    for date, morning in mornings.items():
        if day - datetime.timedelta(days=rules.TREND_WEEKS * 7) < date <= day:
            weeks.setdefault((day - date).days // 7, []).append(morning.score)
    means = {
        ago: Fraction(sum(scores), len(scores))
        for ago, scores in weeks.items()
        if len(scores) >= rules.TREND_MIN_MORNINGS
    }
    if 0 not in means:
        return None
    earlier = sorted((means[0] - mean, -ago) for ago, mean in means.items() if ago > 0)
    if not earlier or earlier[-1][0] < rules.RISING_POINTS:
        return None
    weeks_ago = -earlier[-1][1]
    return Rise(means[0], means[weeks_ago], weeks_ago, len(weeks[0]))


def review_log(
    *, program, log: SessionLog, all_done: bool, symptom: str = rules.DEFAULT_SYMPTOM
) -> list[Advice]:
    """Raise or clear the day's flags for `log` and return the advice to show the patient."""
    mornings = mornings_before(patient_id=log.patient_id, day=log.date)
    red = log.exercise_pain is not None and log.exercise_pain > program.pain_limit
    flare = flare_on(mornings, log.date)
    rise = rise_on(mornings, log.date)
    _store_flags(
        program,
        log.date,
        {
            FlagKind.RED_PAIN: _red_reason(program, log) if red else None,
            FlagKind.FLARE: _flare_reason(flare, log.date, mornings, symptom) if flare else None,
            FlagKind.RISING_PAIN: _rise_reason(rise, symptom) if rise else None,
        },
    )
    advice = []
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
    if flare:
        advice.append(Advice("warning", _flare_advice(flare, symptom)))
    if rise:
        advice.append(
            Advice(
                "warning",
                f"Your {symptom} has gone up over the past weeks (about "
                f"{float(rise.mean):.1f}/10 this week, from {float(rise.before):.1f}/10). Ease "
                "off a little and contact your clinician.",
            )
        )
    # No "see a doctor" here: pain is a load question. Red-flag symptoms have their own way
    # in (the weekly check-in and About your condition), so the two are never mixed.
    if (
        not (red or flare or rise)
        and all_done
        and log.exercise_pain is not None
        and log.exercise_pain <= rules.SAFE_PAIN
    ):
        advice.append(
            Advice("success", "Well done: everything done today, with little pain. Keep it up!")
        )
    return advice


def _flare_advice(flare: Flare, symptom: str) -> str:
    if flare.usual is not None and flare.score - flare.usual >= rules.FLARE_POINTS:
        compared = f"well above your usual of about {float(flare.usual):.0f}/10"
    else:
        compared = f"above your limit of {flare.pain_limit}/10"
    # "You scored …": reads for every condition's symptom, first steps or the night before.
    return (
        f"You scored your {symptom} {flare.score}/10 today, {compared}. Yesterday's session "
        "may have been a bit much: keep the next session the same or make it a little "
        "easier. If it has not settled in a day or two, contact your clinician."
    )


def _red_reason(program, log) -> str:
    return (
        f"Pain during exercise {log.exercise_pain}/10 on {long_date(log.date)}; "
        f"limit {program.pain_limit}/10."
    )


def _flare_reason(flare: Flare, day, mornings, symptom: str) -> str:
    recent = [day - ONE_DAY * back for back in range(rules.FLARE_DAYS)]
    numbers = {
        "score": flare.score,
        "usual": None if flare.usual is None else tenths(flare.usual),
        "limit": flare.pain_limit,
        "days": sum(1 for date in recent if flare_on(mornings, date)),
    }
    return reason_for(FlagKind.FLARE, numbers, symptom=symptom)


def _rise_reason(rise: Rise, symptom: str) -> str:
    numbers = {
        "mean": tenths(rise.mean),
        "before": tenths(rise.before),
        "change": tenths(rise.mean - rise.before),
        "weeks_ago": rise.weeks_ago,
        "mornings": rise.mornings,
    }
    return reason_for(FlagKind.RISING_PAIN, numbers, symptom=symptom)


def tenths(value: Fraction) -> Decimal:
    """Rounded to one decimal half away from zero, as PostgreSQL's round() does."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _store_flags(program, day: datetime.date, reasons: dict) -> None:
    """Upsert the day's raised flags with their reasons and remove the others, in two
    statements whatever the number of rules."""
    cleared = [kind for kind, reason in reasons.items() if reason is None]
    # An acknowledged flag stays: the clinician's record of what they saw is not rewritten.
    Flag.objects.filter(
        program=program, kind__in=cleared, raised_on=day, acknowledged_at__isnull=True
    ).delete()
    raised = [
        Flag(patient_id=program.patient_id, program=program, kind=kind, raised_on=day, reason=r)
        for kind, r in reasons.items()
        if r is not None
    ]
    if raised:
        Flag.objects.bulk_create(
            raised,
            update_conflicts=True,
            unique_fields=["program", "kind", "raised_on"],
            update_fields=["reason"],
        )
