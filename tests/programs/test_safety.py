"""Safety rules at save time: red pain above the limit, rising morning pain, encouragement."""

import datetime

import pytest
from django.utils import timezone

from programs.logs.daily_log import Done, save_daily_log
from programs.models import Flag, FlagKind
from programs.review import flags
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def save(bob, program, *, morning=None, exercise=None, completions=None, day=TODAY):
    return save_daily_log(
        patient=bob,
        program=program,
        day=day,
        data={"morning_pain": morning, "exercise_pain": exercise, "difficulty": "", "note": ""},
        completions=completions or {},
        today=TODAY,
    )


def levels(saved):
    return [advice.level for advice in saved.advice]


def test_pain_at_the_limit_raises_no_flag(bob, logging_program, frozen):
    saved = save(bob, logging_program, exercise=logging_program.pain_limit)
    assert not Flag.objects.exists()
    assert "danger" not in levels(saved)


def test_pain_above_the_limit_raises_a_red_flag_with_its_reason(bob, logging_program, frozen):
    saved = save(bob, logging_program, exercise=6)
    flag = Flag.objects.get()
    assert (flag.kind, flag.patient, flag.program, flag.raised_on) == (
        FlagKind.RED_PAIN,
        bob,
        logging_program,
        TODAY,
    )
    assert flag.reason == "Pain during exercise 6/10 on Fri 20 Nov 2026; limit 5/10."
    texts = " ".join(advice.text for advice in saved.advice)
    assert "above your limit of 5/10" in texts
    assert "contact your clinician" in texts
    assert "see a doctor" not in texts  # load advice, kept apart from red flags


def test_it_follows_the_programs_own_limit(bob, logging_program, frozen):
    logging_program.pain_limit = 3
    logging_program.save()
    save(bob, logging_program, exercise=4)
    assert Flag.objects.get().reason.endswith("limit 3/10.")


def test_re_saving_updates_the_flag_instead_of_adding_one(bob, logging_program, frozen):
    save(bob, logging_program, exercise=7)
    save(bob, logging_program, exercise=9)
    assert Flag.objects.get().reason.startswith("Pain during exercise 9/10")


def test_re_saving_under_the_limit_removes_the_days_red_flag(bob, logging_program, frozen):
    save(bob, logging_program, exercise=7)
    save(bob, logging_program, exercise=4)
    assert not Flag.objects.exists()


def test_an_acknowledged_flag_stays(bob, alice, logging_program, frozen):
    save(bob, logging_program, exercise=7)
    Flag.objects.update(acknowledged_at=timezone.now(), acknowledged_by=alice)
    save(bob, logging_program, exercise=4)
    assert Flag.objects.count() == 1


def mornings(program, first_days_ago, scores):
    for offset, score in enumerate(scores):
        log_day(program, days_ago(first_days_ago - offset), morning=score, exercise=None)


def test_morning_pain_up_exactly_two_points_raises_a_rising_flag(bob, logging_program, frozen):
    # Means 20/7 and 34/7: exactly 2 apart, though not in floating point.
    mornings(logging_program, 13, [2, 3, 3, 3, 3, 3, 3])
    mornings(logging_program, 6, [4, 5, 5, 5, 5, 5])
    saved = save(bob, logging_program, morning=5)
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.RISING_PAIN and flag.raised_on == TODAY
    assert flag.reason == (
        "Morning pain averaged 4.9/10 over the last 7 days (7 mornings), up 2.0 from 2.9 "
        "the week before."
    )
    assert "warning" in levels(saved)
    assert any("gone up over the past weeks" in advice.text for advice in saved.advice)


def test_morning_pain_up_less_than_two_points_raises_no_flag(bob, logging_program, frozen):
    # Means 3 and 34/7 ≈ 4.86: up about 1.9.
    mornings(logging_program, 13, [3] * 7)
    mornings(logging_program, 6, [4, 5, 5, 5, 5, 5])
    saved = save(bob, logging_program, morning=5)
    assert not Flag.objects.exists()
    assert saved.advice == []


def test_a_few_mornings_are_not_a_trend(bob, logging_program, frozen):
    mornings(logging_program, 13, [0, 0])
    save(bob, logging_program, morning=9)
    assert not Flag.objects.filter(kind=FlagKind.RISING_PAIN).exists()


def test_low_pain_and_everything_done_earns_encouragement(bob, logging_program, rx, frozen):
    saved = save(bob, logging_program, exercise=2, completions={rx.pk: Done(times=3, sets=3)})
    assert levels(saved) == ["success"]
    assert "Well done" in saved.advice[0].text


@pytest.mark.parametrize(("exercise", "times"), [(3, 3), (2, 2), (None, 3)])
def test_no_encouragement_without_low_pain_and_everything_done(
    bob, logging_program, rx, frozen, exercise, times
):
    saved = save(
        bob, logging_program, exercise=exercise, completions={rx.pk: Done(times=times, sets=3)}
    )
    assert saved.advice == []


def test_flags_belong_to_the_log_date_not_today(bob, logging_program, frozen):
    save(bob, logging_program, exercise=8, day=TODAY - datetime.timedelta(days=3))
    assert Flag.objects.get().raised_on == days_ago(3)


# The findings of the clinical review (issue 14), each a test that failed before the fix.


def test_one_morning_a_week_is_no_trend_on_either_path(bob, logging_program, frozen):
    """Finding 1: save time and the caseload used different minimum numbers of mornings."""
    log_day(logging_program, days_ago(8), morning=1, exercise=None)
    saved = save(bob, logging_program, morning=5)
    assert saved.advice == []
    assert not Flag.objects.exists()
    live = flags.open_computed_flags(patient_id=bob.pk)
    assert FlagKind.RISING_PAIN not in {flag.kind for flag in live}


def test_a_flare_the_morning_after_raises_amber_advice(bob, logging_program, frozen):
    """Finding 2: first-step pain 2 → 6 the morning after a session raised nothing."""
    mornings(logging_program, 3, [2, 2, 2])
    saved = save(bob, logging_program, morning=6)
    flag = Flag.objects.get()
    assert (flag.kind, flag.raised_on) == (FlagKind.FLARE, TODAY)
    assert flag.reason == (
        "Morning pain 6/10 the morning after a session (usually about 2.0/10; limit 5/10); "
        "1 such morning(s) in the last 7 days."
    )
    assert levels(saved)[0] == "warning"
    assert "keep the next session the same or make it a little easier" in saved.advice[0].text
    live = flags.open_computed_flags(patient_id=bob.pk)
    assert FlagKind.FLARE not in {flag.kind for flag in live}  # the stored row stands for it


def test_a_morning_above_the_limit_is_a_flare_without_a_baseline(bob, logging_program, frozen):
    save(bob, logging_program, morning=logging_program.pain_limit + 1)
    assert Flag.objects.get().kind == FlagKind.FLARE


def test_a_morning_back_to_the_usual_is_no_flare(bob, logging_program, frozen):
    mornings(logging_program, 3, [2, 2, 2])
    save(bob, logging_program, morning=3)
    assert not Flag.objects.exists()


def test_one_point_a_week_is_flagged_against_the_best_earlier_week(bob, logging_program, frozen):
    """Finding 3: +1 point a week for three weeks was never flagged."""
    mornings(logging_program, 20, [2, 2, 2])  # two weeks ago
    mornings(logging_program, 13, [3, 3, 3])  # the week before
    mornings(logging_program, 6, [4, 4])  # this week, today's to come
    save(bob, logging_program, morning=4)
    flag = Flag.objects.get(kind=FlagKind.RISING_PAIN)
    assert flag.reason == (
        "Morning pain averaged 4.0/10 over the last 7 days (3 mornings), up 2.0 from 2.0 "
        "2 weeks before."
    )
