"""A dose in plain words: "3 sets of 10, once a day, every day"."""

TIMES_A_DAY = {1: "once a day", 2: "twice a day"}


def dose_in_words(
    *,
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    times_per_day: int,
    days_per_week: int = 7,
) -> str:
    parts = []
    amount = f"{sets} set{'s' if sets != 1 else ''}"
    if reps:
        amount += f" of {reps}"
    parts.append(amount)
    if hold_seconds:
        parts.append(f"hold {hold_seconds} s" + (" each time" if reps else ""))
    parts.append(TIMES_A_DAY.get(times_per_day, f"{times_per_day} times a day"))
    if days_per_week >= 7:
        parts.append("every day")
    else:
        parts.append(f"{days_per_week} day{'s' if days_per_week != 1 else ''} a week")
    return ", ".join(parts)
