"""The doses a suggestion proposes (docs/clinical-rules.md, "Suggestions"): about 20 % down
or up, rounded as a patient counts, never below 1 nor past the dose's limits."""

import pytest

from exercises.models import Exercise
from programs.models import ALL_WEEKDAYS, Prescription
from programs.review.dose_steps import (
    fewer,
    larger_dose,
    more,
    previous_if_smaller,
    smaller_dose,
    swap_dose,
)

MON_WED_FRI = 0b0010101


def item(**dose):
    base = {"sets": 3, "reps": 15, "hold_seconds": None, "times_per_day": 1}
    return Prescription(name="Heel raise on both legs", **base | dose)


@pytest.mark.parametrize(
    ("reps", "step_down"),
    [
        (15, 12),
        (12, 10),  # 9.6 rounds to 10
        (10, 8),
        (6, 5),  # 4.8 rounds to 5
        (5, 4),
        (3, 2),
        # 1.6 would round back to 2: always at least one fewer, never below 1.
        (2, 1),
        (1, None),
        (None, None),
    ],
)
def test_it_takes_about_a_fifth_off_the_repetitions(reps, step_down):
    assert fewer(reps) == step_down


@pytest.mark.parametrize(
    ("seconds", "step_down"),
    [
        (30, 25),  # 24 s, to 5 seconds from 20 s on
        (20, 15),
        (45, 35),
        (60, 50),
        (300, 240),
        (19, 15),  # 15.2: under 20 s holds count in seconds
        (10, 8),
        (2, 1),
        (1, None),
    ],
)
def test_it_takes_about_a_fifth_off_a_hold(seconds, step_down):
    assert fewer(seconds, seconds=True) == step_down


@pytest.mark.parametrize(
    ("reps", "maximum", "step_up"),
    [(15, 100, 18), (12, 100, 14), (1, 100, 2), (90, 100, 100), (100, 100, None)],
)
def test_it_adds_about_a_fifth_within_the_limit(reps, maximum, step_up):
    assert more(reps, maximum=maximum) == step_up


@pytest.mark.parametrize(
    ("dose", "smaller"),
    [
        ({"sets": 3, "reps": 15}, {"sets": 3, "reps": 12}),
        ({"sets": 3, "reps": None, "hold_seconds": 30}, {"sets": 3, "hold_seconds": 25}),
        # Repetitions and a hold: fewer repetitions, the same hold.
        ({"sets": 3, "reps": 10, "hold_seconds": 5}, {"sets": 3, "reps": 8, "hold_seconds": 5}),
        # Nothing left to take off a repetition or a hold: one set fewer.
        ({"sets": 3, "reps": 1}, {"sets": 2, "reps": 1}),
        ({"sets": 2, "reps": None, "hold_seconds": 1}, {"sets": 1, "hold_seconds": 1}),
        ({"sets": 1, "reps": 1}, None),
    ],
)
def test_a_smaller_dose_is_one_step_down(dose, smaller):
    after = smaller_dose(item(**dose))
    if smaller is None:
        assert after is None
    else:
        assert {field: after[field] for field in smaller} == smaller


def test_a_smaller_dose_keeps_everything_else():
    before = item(weekdays=MON_WED_FRI, side="left", note="Slowly", load="5 kg", rest_seconds=60)
    after = smaller_dose(before)
    assert after == {
        "sets": 3,
        "reps": 12,
        "hold_seconds": None,
        "times_per_day": 1,
        "weekdays": MON_WED_FRI,
        "side": "left",
        "rest_seconds": 60,
        "note": "Slowly",
        "load": "5 kg",
    }


def test_the_previous_dose_counts_only_when_it_was_smaller_at_the_same_load():
    now = item(reps=15, note="Now slower", side="both", load="5 kg")
    before = item(reps=12, note="Earlier note", side="", load="5 kg")
    # Back to 3 × 12, with the side and note as they are now.
    assert previous_if_smaller(now, before) == smaller_dose(now) | {"side": "both"}
    assert previous_if_smaller(now, item(reps=10, load="5 kg"))["reps"] == 10
    assert previous_if_smaller(now, None) is None
    assert previous_if_smaller(before, now) is None  # that was a step up
    # 3 × 12 at 10 kg is not known to be less than 3 × 15 at 5 kg.
    assert previous_if_smaller(now, item(reps=12, load="10 kg")) is None


@pytest.mark.parametrize(
    ("dose", "larger"),
    [
        ({"sets": 3, "reps": 15}, {"sets": 3, "reps": 18}),
        ({"sets": 3, "reps": None, "hold_seconds": 30}, {"sets": 3, "hold_seconds": 35}),
        ({"sets": 3, "reps": 100}, {"sets": 4, "reps": 100}),
        ({"sets": 10, "reps": 100}, None),
    ],
)
def test_a_larger_dose_is_one_step_up(dose, larger):
    after = larger_dose(item(**dose))
    if larger is None:
        assert after is None
    else:
        assert {field: after[field] for field in larger} == larger


def test_a_swap_takes_the_catalogue_amount_on_days_spaced_by_the_rest_rule():
    high_load = Exercise(
        name="High-load heel raise",
        default_sets=3,
        default_reps=12,
        default_times_per_day=1,
        default_days_per_week=3,
        min_rest_days=1,
    )
    before = item(weekdays=ALL_WEEKDAYS, side="right", note="Hold the rail", load="5 kg backpack")
    assert swap_dose(before, high_load) == {
        "sets": 3,
        "reps": 12,
        "hold_seconds": None,
        "times_per_day": 1,
        "weekdays": MON_WED_FRI,
        "side": "right",
        "rest_seconds": 0,
        "note": "Hold the rail",
        "load": "5 kg backpack",
    }
