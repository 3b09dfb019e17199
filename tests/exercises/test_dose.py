import pytest

from exercises.dose import dose_in_words


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (
            {"sets": 3, "reps": 10, "hold_seconds": None, "times_per_day": 1},
            "3 sets of 10, once a day, every day",
        ),
        (
            {"sets": 1, "reps": None, "hold_seconds": 30, "times_per_day": 2},
            "1 set, hold 30 s, twice a day, every day",
        ),
        (
            {"sets": 2, "reps": 5, "hold_seconds": 10, "times_per_day": 3, "days_per_week": 1},
            "2 sets of 5, hold 10 s each time, 3 times a day, 1 day a week",
        ),
    ],
)
def test_it_says_the_dose_in_words(dose, words):
    assert dose_in_words(**dose) == words
