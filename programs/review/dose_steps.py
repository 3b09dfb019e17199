"""The doses a suggestion proposes: a step down, a step up, or another exercise's dose.

Pure functions of the item as prescribed (`docs/clinical-rules.md`, "Suggestions"):
- a smaller dose is the item's previous dose when that was smaller at the same load (loads
  are the clinician's words, which Stride cannot compare); otherwise about 20 % fewer
  repetitions (without repetitions, a shorter hold), or one set fewer when neither can go
  lower; the load is kept;
- a larger dose is the same step upwards, within the dose's own limits;
- another exercise's dose is its catalogue amount on days re-spaced to its days per week
  and rest days, keeping the clinician's side, note, rest between sets and load.
"""

import math
from fractions import Fraction

from exercises.dose import spaced_weekdays
from programs.prescribing.services import DOSE_FIELDS, default_dose

STEP = Fraction(1, 5)  # "about 20 %"
# Holds from this long are rounded to 5 seconds, as a patient counts them.
ROUND_HOLDS_FROM = 20
MAX_SETS, MAX_REPS, MAX_HOLD = 10, 100, 600  # the dose's own limits (DoseFields)
KEPT_ON_SWAP = ("side", "note", "rest_seconds", "load")


def _nearest(value: Fraction, unit: int) -> int:
    """`value` rounded to a whole `unit`, halves up (12 × 0.8 = 9.6 → 10)."""
    return unit * math.floor(value / unit + Fraction(1, 2))


def _unit(value: int, *, seconds: bool) -> int:
    return 5 if seconds and value >= ROUND_HOLDS_FROM else 1


def fewer(value: int | None, *, seconds: bool = False) -> int | None:
    """About 20 % fewer, at least one fewer, never below 1; None when it cannot go lower."""
    if value is None or value <= 1:
        return None
    target = _nearest(value * (1 - STEP), _unit(value, seconds=seconds))
    return max(1, min(target, value - 1))


def more(value: int | None, *, maximum: int, seconds: bool = False) -> int | None:
    """About 20 % more, at least one more, never above `maximum`; None at the maximum."""
    if value is None or value >= maximum:
        return None
    target = _nearest(value * (1 + STEP), _unit(value, seconds=seconds))
    return min(max(target, value + 1), maximum)


def dose_of(item) -> dict:
    return {field: getattr(item, field) for field in DOSE_FIELDS}


def weekly_volume(dose: dict) -> int:
    """Repetitions × seconds held × sets × times a day × days a week: what "smaller" means."""
    return (
        (dose["reps"] or 1)
        * (dose["hold_seconds"] or 1)
        * dose["sets"]
        * dose["times_per_day"]
        * dose["weekdays"].bit_count()
    )


def previous_if_smaller(item, previous) -> dict | None:
    """The dose of `previous` (the item's version before the last change), with the side and
    note as they are now, when it was a smaller dose than `item`'s at the same load."""
    dose = dose_of(item)
    if previous is None or previous.load != item.load:
        return None
    if weekly_volume(dose_of(previous)) >= weekly_volume(dose):
        return None
    return dose_of(previous) | {"side": dose["side"], "note": dose["note"]}


def smaller_dose(item) -> dict | None:
    """The dose one step down from `item`, or None when it is already the least there is."""
    dose = dose_of(item)
    if (reps := fewer(dose["reps"])) is not None:
        return dose | {"reps": reps}
    if (hold := fewer(dose["hold_seconds"], seconds=True)) is not None:
        return dose | {"hold_seconds": hold}
    if dose["sets"] > 1:
        return dose | {"sets": dose["sets"] - 1}
    return None


def larger_dose(item) -> dict | None:
    """The dose one step up from `item`, or None at the dose's limits."""
    dose = dose_of(item)
    if (reps := more(dose["reps"], maximum=MAX_REPS)) is not None:
        return dose | {"reps": reps}
    if (hold := more(dose["hold_seconds"], maximum=MAX_HOLD, seconds=True)) is not None:
        return dose | {"hold_seconds": hold}
    if dose["sets"] < MAX_SETS:
        return dose | {"sets": dose["sets"] + 1}
    return None


def swap_dose(item, exercise) -> dict:
    """`exercise` taking `item`'s place: its catalogue amount, on days spaced by its days per
    week and rest days (as many of the item's days kept as fit), the clinician's parts kept."""
    weekdays = spaced_weekdays(
        days_per_week=exercise.default_days_per_week,
        rest_days=exercise.min_rest_days,
        keep=item.weekdays,
    )
    kept = {field: getattr(item, field) for field in KEPT_ON_SWAP}
    return default_dose(exercise) | kept | {"weekdays": weekdays}
