"""The flag rules at their boundaries, computed by `programs.review.flags` on patient today."""

import datetime

import pytest
from django.utils import timezone

from accounts.dates import local_today
from programs.models import ExerciseCompletion, Flag, FlagKind, SessionLog
from programs.review import flags
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def bare_program(alice, bob):
    today = local_today(bob)
    return factories.ProgramFactory(
        prescriber=alice, patient=bob, start_date=today - 30 * DAY, pain_limit=5
    )


def today_of(program):
    return local_today(program.patient)


def log(program, day, *, morning=None, exercise=None, done=()):
    entry = SessionLog.objects.create(
        program=program,
        patient=program.patient,
        date=day,
        morning_pain=morning,
        exercise_pain=exercise,
    )
    for rx, times in done:
        ExerciseCompletion.objects.create(log=entry, prescription=rx, times_done=times)
    return entry


def live(program):
    return {flag.kind: flag for flag in flags.open_computed_flags(patient_id=program.patient_id)}


@pytest.mark.parametrize(("pain", "raised"), [(5, False), (6, True)])
def test_red_pain_is_above_the_limit_not_at_it(bare_program, pain, raised):
    log(bare_program, today_of(bare_program) - DAY, exercise=pain)
    flag = live(bare_program).get(FlagKind.RED_PAIN)
    assert (flag is not None) == raised
    if raised:
        assert flag.reason == "Pain during exercise up to 6/10 on 1 of the last 7 days; limit 5/10."
        assert flag.raised_on == today_of(bare_program) - DAY


def test_red_pain_counts_only_the_last_seven_days(bare_program):
    log(bare_program, today_of(bare_program) - 7 * DAY, exercise=9)
    assert FlagKind.RED_PAIN not in live(bare_program)


@pytest.mark.parametrize(
    ("this_week", "week_before", "raised"),
    [
        # means 3.0 vs 1.0: up exactly 2.0
        ([3, 3, 3, 3, 3], [1, 1, 1], True),
        # means 2.4 vs 0.5: up 1.9
        ([3, 3, 2, 2, 2], [1, 0, 1, 0], False),
    ],
)
def test_rising_morning_pain_needs_two_points(bare_program, this_week, week_before, raised):
    today = today_of(bare_program)
    for n, pain in enumerate(this_week):
        log(bare_program, today - n * DAY, morning=pain)
    for n, pain in enumerate(week_before):
        log(bare_program, today - (7 + n) * DAY, morning=pain)
    flag = live(bare_program).get(FlagKind.RISING_PAIN)
    assert (flag is not None) == raised
    if raised:
        assert flag.reason == (
            "Morning pain averaged 3.0/10 over the last 7 days (5 mornings), up 2.0 from 1.0 "
            "the week before."
        )


def test_rising_needs_both_weeks(bare_program):
    log(bare_program, today_of(bare_program), morning=9)
    assert FlagKind.RISING_PAIN not in live(bare_program)


@pytest.mark.parametrize(("missed_days", "raised"), [(2, False), (3, True)])
def test_missed_counts_scheduled_days_since_the_last_log(bare_program, missed_days, raised):
    today = today_of(bare_program)
    factories.PrescriptionFactory(program=bare_program)
    log(bare_program, today - (missed_days + 1) * DAY, morning=2)
    flag = live(bare_program).get(FlagKind.MISSED)
    assert (flag is not None) == raised
    if raised:
        since = today - 3 * DAY
        assert (
            flag.reason
            == f"No log on the last 3 scheduled days (since {since:%a} {since.day} {since:%b %Y})."
        )
        assert flag.raised_on == since


def test_missed_skips_days_that_are_not_scheduled_and_follows_the_clinic(bare_program):
    today = today_of(bare_program)
    weekday = today.weekday()
    # Due only on today's weekday: the last scheduled day before today is a week ago.
    factories.PrescriptionFactory(program=bare_program, weekdays=1 << weekday)
    log(bare_program, today - 15 * DAY)
    assert FlagKind.MISSED not in live(bare_program)  # 2 scheduled days: -14 and -7
    clinic = bare_program.patient.clinic
    clinic.missed_days_flag = 2
    clinic.save()
    assert live(bare_program)[FlagKind.MISSED].reason.startswith(
        "No log on the last 2 scheduled days"
    )


def progress_program(program, *, done, pain, morning=2):
    """Ten days of two items due 5× a day: 100 due; `done` of them done; a flat morning."""
    today = today_of(program)
    program.start_date = today - 9 * DAY
    program.save()
    rxs = [factories.PrescriptionFactory(program=program, times_per_day=5) for _ in range(2)]
    for n in range(10):
        share = min(max(done - n * 10, 0), 10)
        log(
            program,
            today - n * DAY,
            exercise=pain,
            morning=morning,
            done=[(rxs[0], min(share, 5)), (rxs[1], max(share - 5, 0))],
        )


@pytest.mark.parametrize(("done", "raised"), [(79, False), (80, True)])
def test_ready_to_progress_needs_80_percent(bare_program, done, raised):
    progress_program(bare_program, done=done, pain=2)
    flag = live(bare_program).get(FlagKind.PROGRESS)
    assert (flag is not None) == raised
    if raised:
        assert flag.reason == (
            "Adherence 80 % over the last 14 days, pain during exercise at most 2/10 "
            "(10 logs), no flare, morning pain flat or falling."
        )


@pytest.mark.parametrize(("pain", "raised"), [(5, True), (6, False)])
def test_ready_to_progress_accepts_pain_up_to_the_limit(bare_program, pain, raised):
    progress_program(bare_program, done=100, pain=pain)
    assert (FlagKind.PROGRESS in live(bare_program)) == raised


def test_ready_to_progress_needs_a_logged_pain_score(bare_program):
    progress_program(bare_program, done=100, pain=None)
    assert FlagKind.PROGRESS not in live(bare_program)


def test_a_stored_flag_for_the_same_day_replaces_the_live_one(bare_program):
    day = today_of(bare_program) - DAY
    log(bare_program, day, exercise=8)
    factories.FlagFactory(program=bare_program, kind=FlagKind.RED_PAIN, raised_on=day)
    assert FlagKind.RED_PAIN not in live(bare_program)


def test_acknowledging_a_live_flag_stores_it_with_its_reason(bare_program, alice):
    progress_program(bare_program, done=100, pain=1)
    flag = live(bare_program)[FlagKind.PROGRESS]
    stored = flags.acknowledge_computed_flag(
        clinician=alice,
        patient=bare_program.patient,
        kind=flag.kind,
        raised_on=flag.raised_on,
        note="Progressed at the visit",
    )
    assert stored.reason == flag.reason
    assert stored.acknowledged_by == alice
    assert stored.acknowledgement_note == "Progressed at the visit"
    assert stored.program == bare_program
    # It holds for the days the rule looked at, though "today" moves on.
    assert FlagKind.PROGRESS not in live(bare_program)
    tomorrow = timezone.now() + DAY
    later = flags.open_computed_flags(patient_id=bare_program.patient_id, now=tomorrow)
    assert FlagKind.PROGRESS not in {flag.kind for flag in later}


def test_a_flag_that_no_longer_applies_cannot_be_acknowledged(bare_program, alice):
    with pytest.raises(flags.FlagNoLongerApplies):
        flags.acknowledge_computed_flag(
            clinician=alice,
            patient=bare_program.patient,
            kind=FlagKind.MISSED,
            raised_on=today_of(bare_program),
            note="x",
        )
    assert not Flag.objects.exists()


def test_acknowledging_a_stored_flag(bare_program, alice):
    flag = factories.FlagFactory(program=bare_program)
    flags.acknowledge_flag(clinician=alice, flag=flag, note="Called; resting two days")
    flag.refresh_from_db()
    assert flag.acknowledged_by == alice
    assert flag.acknowledged_at is not None
    assert flag.acknowledgement_note == "Called; resting two days"


# "Ready to progress" asks for every check green (finding 4 of the clinical review).


def test_ready_to_progress_needs_no_flare_in_the_two_weeks(bare_program):
    progress_program(bare_program, done=100, pain=1)
    SessionLog.objects.filter(date=today_of(bare_program) - 3 * DAY).update(morning_pain=6)
    kinds = live(bare_program)
    assert FlagKind.FLARE in kinds and FlagKind.PROGRESS not in kinds


def test_ready_to_progress_needs_no_too_hard(bare_program):
    progress_program(bare_program, done=100, pain=1)
    SessionLog.objects.filter(date=today_of(bare_program) - 2 * DAY).update(difficulty="too_hard")
    assert FlagKind.PROGRESS not in live(bare_program)


def test_too_easy_counts_for_progress(bare_program):
    progress_program(bare_program, done=100, pain=1)
    SessionLog.objects.filter(date=today_of(bare_program)).update(difficulty="too_easy")
    assert live(bare_program)[FlagKind.PROGRESS].reason.endswith("; 1 marked too easy.")


def test_ready_to_progress_needs_a_flat_morning_trend(bare_program):
    progress_program(bare_program, done=100, pain=1, morning=None)
    assert FlagKind.PROGRESS not in live(bare_program)


def test_never_ready_to_progress_while_an_urgent_flag_waits(bare_program):
    progress_program(bare_program, done=100, pain=1)
    factories.FlagFactory(
        program=bare_program, kind=FlagKind.RED_PAIN, raised_on=today_of(bare_program) - 20 * DAY
    )
    assert FlagKind.PROGRESS not in live(bare_program)


def test_a_flare_is_amber_and_red_pain_is_red(bare_program):
    log(bare_program, today_of(bare_program) - DAY, morning=2, exercise=8)
    log(bare_program, today_of(bare_program), morning=9)
    kinds = live(bare_program)
    assert kinds[FlagKind.RED_PAIN].severity == "red"
    assert kinds[FlagKind.FLARE].severity == "amber"
    assert kinds[FlagKind.FLARE].reason == (
        "Morning pain 9/10 the morning after a session (no usual level yet; limit 5/10); "
        "1 such morning(s) in the last 7 days."
    )
