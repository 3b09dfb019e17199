"""A dose in words, for clinicians, patients and the handout."""

from programs.models import ALL_WEEKDAYS, Side

TIMES_A_DAY = {1: "once a day", 2: "twice a day"}
SIDE_WORDS = {Side.LEFT: "left side", Side.RIGHT: "right side", Side.BOTH: "both sides"}
# Catalogue exercises give days per week; spread them over the week when prescribing.
DAYS_PER_WEEK_MASKS = {
    7: ALL_WEEKDAYS,
    6: 0b0111111,
    5: 0b0011111,
    4: 0b0011011,
    3: 0b0010101,
    2: 0b0001001,
    1: 0b0000001,
}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def dose_short(item) -> str:
    """The compact dose used in change summaries: 3×12, 3×30 s, or 3×10 (5 s hold)."""
    if item.reps and item.hold_seconds:
        return f"{item.sets}×{item.reps} ({item.hold_seconds} s hold)"
    if item.reps:
        return f"{item.sets}×{item.reps}"
    return f"{item.sets}×{item.hold_seconds} s"


def times_a_day(count: int) -> str:
    return TIMES_A_DAY.get(count, f"{count} times a day")


def dose_in_words(item) -> str:
    """3 sets × 12 reps, twice a day, Mon, Wed, Fri, left side."""
    amount = plural(item.sets, "set")
    if item.reps:
        amount += f" × {plural(item.reps, 'rep')}"
        if item.hold_seconds:
            amount += f", hold each {plural(item.hold_seconds, 'second')}"
    else:
        amount += f" × {item.hold_seconds}-second hold"
    parts = [amount, times_a_day(item.times_per_day), item.weekday_label]
    if item.side in SIDE_WORDS:
        parts.append(SIDE_WORDS[item.side])
    if item.rest_seconds:
        parts.append(f"rest {plural(item.rest_seconds, 'second')} between sets")
    return ", ".join(parts)


def default_weekdays(days_per_week: int) -> int:
    return DAYS_PER_WEEK_MASKS.get(days_per_week, ALL_WEEKDAYS)
