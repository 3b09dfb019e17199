"""A dose in words: the one wording of every page, the handout and its PDF.

    3 sets of 10, hold each for 5 seconds, each side, twice a day, on Mon, Wed, Fri,
    rest 1 minute between sets

The parts, in that order, joined by commas; a part with nothing to say is left out:

- Amount: sets of repetitions, "3 sets of 15"; one set reads "1 set", never "1 sets".
- Hold: with repetitions each one is held, "3 sets of 10, hold each for 5 seconds";
  without them the set is the hold, "1 set, hold 30 seconds".
- Load: the clinician's own words after "with", "with 5 kg backpack", "with red band".
- Durations (holds and rest): under a minute in seconds ("1 second", "45 seconds"); from a
  minute on in minutes, as a patient would say it: "1 minute", "5 minutes", a half as
  "1½ minutes", anything else as "1 minute 15 seconds".
- Side: "each side" (both), "left side only", "right side only"; nothing when not sided.
- Times a day: "once a day", "twice a day", "3 times a day".
- Days: "every day" when all seven are ticked, otherwise "on Mon, Wed, Fri".
- Rest: "rest 30 seconds between sets", only with two sets or more: one set has nothing to
  rest between.

There is no separate short form: the program's change log quotes the parts that changed
("3 sets of 10 → 3 sets of 12", "once a day → twice a day").

It lives here, in the lowest app that has a dose (the catalogue's default one), so that
`programs` words its prescriptions with it and never the reverse.
"""

ALL_WEEKDAYS = 0b1111111  # bit 0 = Monday … bit 6 = Sunday (ISO weekday - 1)
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
# The catalogue gives days per week; a prescription spreads them over the week like this.
DAYS_PER_WEEK_MASKS = {
    7: ALL_WEEKDAYS,
    6: 0b0111111,
    5: 0b0011111,
    4: 0b0011011,
    3: 0b0010101,
    2: 0b0001001,
    1: 0b0000001,
}
TIMES_A_DAY = {1: "once a day", 2: "twice a day"}
# Keyed by the stored values of programs' Side choices ("" is not sided: no words).
SIDE_WORDS = {"both": "each side", "left": "left side only", "right": "right side only"}


def default_weekdays(days_per_week: int) -> int:
    return DAYS_PER_WEEK_MASKS.get(days_per_week, ALL_WEEKDAYS)


def most_days_a_week(rest_days: int) -> int:
    """How many days a week leave `rest_days` free days after each one, Sunday to Monday
    included: 1 rest day (every other day) leaves room for 3."""
    return 7 // (rest_days + 1)


def _rested(weekdays: int, rest_days: int) -> bool:
    return not any(
        weekdays >> day & 1 and weekdays >> (day + gap) % 7 & 1
        for day in range(7)
        for gap in range(1, rest_days + 1)
    )


def spaced_weekdays(*, days_per_week: int, rest_days: int = 0, keep: int = ALL_WEEKDAYS) -> int:
    """`days_per_week` days (as many as the rest allows) with `rest_days` free days after each.

    Of the spreads that fit, the one keeping most of the days in `keep` (the days the
    patient already exercises on), then the usual spread of `default_weekdays`, then the
    earliest days of the week.
    """
    count = min(days_per_week, most_days_a_week(rest_days))
    usual = default_weekdays(count)
    fitting = (
        mask
        for mask in range(1, ALL_WEEKDAYS + 1)
        if mask.bit_count() == count and _rested(mask, rest_days)
    )
    return max(fitting, key=lambda mask: ((mask & keep).bit_count(), mask == usual, -mask))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def duration_in_words(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return plural(seconds, "second")
    if not rest:
        return plural(minutes, "minute")
    if rest == 30:
        return f"{minutes}½ minutes"
    return f"{plural(minutes, 'minute')} {plural(rest, 'second')}"


def amount_in_words(
    *, sets: int, reps: int | None, hold_seconds: int | None, load: str = ""
) -> str:
    if not reps and not hold_seconds:  # a task: its schedule is its whole dose
        return load
    amount = plural(sets, "set")
    if reps:
        amount += f" of {reps}"
    if hold_seconds:
        amount += f", hold {'each for ' if reps else ''}{duration_in_words(hold_seconds)}"
    if load:
        amount += f", with {load}"
    return amount


def times_a_day(count: int) -> str:
    return TIMES_A_DAY.get(count, f"{count} times a day")


def days_in_words(weekdays: int) -> str:
    if weekdays == ALL_WEEKDAYS:
        return "every day"
    return "on " + ", ".join(name for day, name in enumerate(WEEKDAY_NAMES) if weekdays >> day & 1)


def dose_in_words(
    *,
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    times_per_day: int,
    weekdays: int = ALL_WEEKDAYS,
    side: str = "",
    rest_seconds: int = 0,
    load: str = "",
) -> str:
    amount = amount_in_words(sets=sets, reps=reps, hold_seconds=hold_seconds, load=load)
    parts = [amount] if amount else []
    if side in SIDE_WORDS:
        parts.append(SIDE_WORDS[side])
    parts += [times_a_day(times_per_day), days_in_words(weekdays)]
    if rest_seconds and sets > 1:
        parts.append(f"rest {duration_in_words(rest_seconds)} between sets")
    return ", ".join(parts)
