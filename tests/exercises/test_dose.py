"""exercises.dose: every rule of the one dose wording, part by part and whole."""

import pytest

from exercises.dose import (
    ALL_WEEKDAYS,
    amount_in_words,
    days_in_words,
    default_weekdays,
    dose_in_words,
    duration_in_words,
    spaced_weekdays,
    times_a_day,
)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (30, "30 seconds"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (61, "1 minute 1 second"),
        (75, "1 minute 15 seconds"),
        (90, "1½ minutes"),
        (120, "2 minutes"),
        (150, "2½ minutes"),
        (300, "5 minutes"),
        (600, "10 minutes"),
    ],
)
def test_a_duration_reads_in_seconds_under_a_minute_and_in_minutes_from_one(seconds, words):
    assert duration_in_words(seconds) == words


@pytest.mark.parametrize(
    ("sets", "reps", "hold", "words"),
    [
        (3, 15, None, "3 sets of 15"),
        (1, 1, None, "1 set of 1"),
        (1, None, 30, "1 set, hold 30 seconds"),
        (3, None, 300, "3 sets, hold 5 minutes"),
        (2, 10, 5, "2 sets of 10, hold each for 5 seconds"),
        (2, 10, 90, "2 sets of 10, hold each for 1½ minutes"),
    ],
)
def test_the_amount_says_sets_of_reps_and_the_hold(sets, reps, hold, words):
    assert amount_in_words(sets=sets, reps=reps, hold_seconds=hold) == words


@pytest.mark.parametrize(
    ("load", "words"),
    [
        ("5 kg backpack", "3 sets of 12, with 5 kg backpack"),
        ("red band", "3 sets of 12, with red band"),
        ("", "3 sets of 12"),
    ],
)
def test_the_load_follows_the_amount_in_the_clinicians_words(load, words):
    assert amount_in_words(sets=3, reps=12, hold_seconds=None, load=load) == words


@pytest.mark.parametrize(
    ("count", "words"), [(1, "once a day"), (2, "twice a day"), (3, "3 times a day")]
)
def test_times_a_day(count, words):
    assert times_a_day(count) == words


@pytest.mark.parametrize(
    ("weekdays", "words"),
    [
        (ALL_WEEKDAYS, "every day"),
        (0b0010101, "on Mon, Wed, Fri"),
        (0b1000000, "on Sun"),
        (0b0111111, "on Mon, Tue, Wed, Thu, Fri, Sat"),
    ],
)
def test_days_read_every_day_or_the_weekdays_in_order(weekdays, words):
    assert days_in_words(weekdays) == words


@pytest.mark.parametrize(
    ("days_per_week", "weekdays"), [(7, ALL_WEEKDAYS), (3, 0b0010101), (1, 0b1), (9, ALL_WEEKDAYS)]
)
def test_catalogue_days_per_week_spread_over_the_week(days_per_week, weekdays):
    assert default_weekdays(days_per_week) == weekdays


MON_WED_FRI, TUE_THU_SAT = 0b0010101, 0b0101010


@pytest.mark.parametrize(
    ("days_per_week", "rest_days", "keep", "words"),
    [
        # Every other day from a daily item: the catalogue's usual Mon, Wed, Fri.
        (3, 1, ALL_WEEKDAYS, "on Mon, Wed, Fri"),
        # The days the patient already keeps stay when they fit.
        (3, 1, TUE_THU_SAT, "on Tue, Thu, Sat"),
        (3, 0, TUE_THU_SAT, "on Tue, Thu, Sat"),
        # Four days cannot have a rest day after each: three it is, never two in a row.
        (4, 1, ALL_WEEKDAYS, "on Mon, Wed, Fri"),
        # Sunday to Monday is two days in a row too.
        (3, 1, 0b1000101, "on Mon, Wed, Fri"),
        (2, 2, ALL_WEEKDAYS, "on Mon, Thu"),
        (7, 0, MON_WED_FRI, "every day"),
        (2, 0, MON_WED_FRI, "on Mon, Wed"),
    ],
)
def test_a_new_exercise_gets_its_days_per_week_spaced_by_its_rest_days(
    days_per_week, rest_days, keep, words
):
    weekdays = spaced_weekdays(days_per_week=days_per_week, rest_days=rest_days, keep=keep)
    assert days_in_words(weekdays) == words
    days = [day for day in range(7) if weekdays >> day & 1]
    gaps = [(later - earlier) % 7 for earlier, later in zip(days, days[1:] + days[:1], strict=True)]
    assert len(days) == 1 or min(gaps) > rest_days


ONCE_DAILY = {"reps": None, "hold_seconds": None, "times_per_day": 1}


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        ({"sets": 3, "reps": 15}, "3 sets of 15, once a day, every day"),
        ({"sets": 1, "hold_seconds": 300}, "1 set, hold 5 minutes, once a day, every day"),
        ({"sets": 3, "reps": 10, "side": "both"}, "3 sets of 10, each side, once a day, every day"),
        (
            {"sets": 3, "reps": 10, "side": "left"},
            "3 sets of 10, left side only, once a day, every day",
        ),
        (
            {"sets": 3, "reps": 10, "side": "right"},
            "3 sets of 10, right side only, once a day, every day",
        ),
        (
            {"sets": 2, "reps": 12, "times_per_day": 2, "weekdays": 0b0010101},
            "2 sets of 12, twice a day, on Mon, Wed, Fri",
        ),
        (
            {"sets": 3, "reps": 10, "rest_seconds": 45},
            "3 sets of 10, once a day, every day, rest 45 seconds between sets",
        ),
        (
            {"sets": 3, "hold_seconds": 30, "rest_seconds": 90},
            "3 sets, hold 30 seconds, once a day, every day, rest 1½ minutes between sets",
        ),
        # One set has nothing to rest between.
        ({"sets": 1, "reps": 10, "rest_seconds": 60}, "1 set of 10, once a day, every day"),
        (
            {
                "sets": 3,
                "reps": 10,
                "hold_seconds": 5,
                "times_per_day": 3,
                "weekdays": 0b0001001,
                "side": "both",
                "rest_seconds": 60,
            },
            "3 sets of 10, hold each for 5 seconds, each side, 3 times a day, on Mon, Thu, "
            "rest 1 minute between sets",
        ),
        (
            {"sets": 3, "reps": 8, "load": "10 kg backpack", "weekdays": 0b0010101},
            "3 sets of 8, with 10 kg backpack, once a day, on Mon, Wed, Fri",
        ),
    ],
)
def test_the_whole_dose_joins_its_parts_in_order(dose, words):
    assert dose_in_words(**ONCE_DAILY | dose) == words
