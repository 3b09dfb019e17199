"""What the rules suggest, and for which exercise (docs/clinical-rules.md, "Suggestions").

Findings 4 (never a progression and a regression for one item), 5 (a regression never
brings in an exercise the program has), 6 (a progression keeps the load, the side and the
note, and re-spaces the days) and 7 (a regression is aimed at the exercise that hurt, a
smaller dose first) of issue 14.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.dates import long_date
from exercises.models import Exercise
from programs.models import ALL_WEEKDAYS, FlagKind, Prescription, ProgramTemplate
from programs.prescribing import services
from programs.review import suggestions
from programs.review.flags import FlagView
from programs.review.suggestions import Kind, suggest
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MON_WED_FRI = 0b0010101


@pytest.fixture
def heel_raises(db):
    """Seated → on both legs → single-leg, linked both ways as the catalogue links them."""
    seated = factories.ExerciseFactory(
        name="Seated heel raise", default_reps=15, default_hold_seconds=None
    )
    double = factories.ExerciseFactory(
        name="Heel raise on both legs",
        default_reps=15,
        default_hold_seconds=None,
        regression=seated,
    )
    single = factories.ExerciseFactory(
        name="Single-leg heel raise",
        default_reps=12,
        default_hold_seconds=None,
        default_days_per_week=3,
        min_rest_days=1,
        regression=double,
    )
    seated.progression, double.progression = double, single
    Exercise.objects.bulk_update([seated, double], ["progression"])
    return seated, double, single


@pytest.fixture
def plan(alice, bob, today):
    return factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today - 28 * DAY)


def prescribe(plan, exercise, **dose):
    fields = {"order": plan.prescriptions.count(), "sets": 3, "reps": 15} | dose
    return factories.PrescriptionFactory(program=plan, exercise=exercise, **fields)


def flag(kind, day) -> FlagView:
    return FlagView(kind, day, "reason")


def named(plan, item, day, exercise_pain=8):
    """The patient's log of `day`, naming `item` as the exercise that hurt most."""
    return factories.SessionLogFactory(
        program=plan, date=day, exercise_pain=exercise_pain, hardest=item
    )


def offered(bob, flags, today):
    return [(s.kind, s.item.name) for s in suggest(patient=bob, flags=flags, today=today).offered]


def test_it_never_offers_a_progression_and_a_regression_for_one_item(bob, plan, today, heel_raises):
    _, double, _ = heel_raises
    item = prescribe(plan, double)
    named(plan, item, today)
    both = [flag(FlagKind.RED_PAIN, today), flag(FlagKind.PROGRESS, today)]

    assert offered(bob, both, today) == [
        (Kind.SMALLER_DOSE, "Heel raise on both legs"),
        (Kind.EASIER_EXERCISE, "Heel raise on both legs"),
    ]
    # An amber flag stops a progression too; on its own "ready to progress" offers one.
    assert (
        offered(bob, [flag(FlagKind.RISING_PAIN, today), flag(FlagKind.PROGRESS, today)], today)
        == []
    )
    assert offered(bob, [flag(FlagKind.PROGRESS, today)], today) == [
        (Kind.HARDER_EXERCISE, "Heel raise on both legs")
    ]


def test_a_regression_never_swaps_in_an_exercise_the_program_has(bob, plan, today, heel_raises):
    seated, double, _ = heel_raises
    item = prescribe(plan, double)
    prescribe(plan, seated)  # its regression is already there
    named(plan, item, today)

    found = suggest(patient=bob, flags=[flag(FlagKind.RED_PAIN, today)], today=today)

    assert [(s.kind, s.item.name) for s in found.offered] == [
        (Kind.SMALLER_DOSE, "Heel raise on both legs")
    ]
    assert found.offered[0].after.amount_text == "3 sets of 12"


def test_a_regression_is_aimed_at_the_exercise_that_hurt_a_smaller_dose_first(
    bob, plan, today, heel_raises
):
    seated, double, single = heel_raises
    prescribe(plan, single, reps=12)  # has a regression too, but was not named
    hurt = prescribe(plan, double)
    named(plan, hurt, today - DAY)

    found = suggest(patient=bob, flags=[flag(FlagKind.RED_PAIN, today - DAY)], today=today)

    smaller, easier = found.offered
    assert (smaller.kind, smaller.item, smaller.exercise) == (Kind.SMALLER_DOSE, hurt, None)
    assert smaller.label == "Smaller dose: 3 sets of 12"
    assert (easier.kind, easier.item, easier.exercise) == (Kind.EASIER_EXERCISE, hurt, seated)
    assert easier.label == "Easier exercise: Seated heel raise"
    assert smaller.why.startswith("Named by the patient as hurting most on ")
    assert found.notes == []


def test_without_a_named_exercise_it_only_says_so(bob, plan, today, heel_raises):
    _, double, single = heel_raises
    prescribe(plan, double)
    prescribe(plan, single, reps=12)
    factories.SessionLogFactory(program=plan, date=today, exercise_pain=8)

    found = suggest(patient=bob, flags=[flag(FlagKind.RED_PAIN, today)], today=today)

    assert found.offered == []
    assert found.notes == [
        f"The patient did not say which exercise hurt most on {long_date(today)}, so no "
        "change to one exercise is suggested: ask them, or adjust the program."
    ]


def test_a_flare_the_next_morning_asks_for_a_regression_too(bob, plan, today, heel_raises):
    _, double, _ = heel_raises
    item = prescribe(plan, double)
    named(plan, item, today, exercise_pain=3)

    assert offered(bob, [flag(FlagKind.FLARE, today)], today)[0] == (
        Kind.SMALLER_DOSE,
        "Heel raise on both legs",
    )


def test_the_smaller_dose_goes_back_to_the_previous_one_when_there_is_one(
    bob, plan, today, heel_raises
):
    _, double, _ = heel_raises
    earlier = prescribe(plan, double, reps=10, valid_until=today - 8 * DAY)
    item = prescribe(plan, double, reps=15, series=earlier.series, valid_from=today - 7 * DAY)
    named(plan, item, today)

    smaller = suggest(patient=bob, flags=[flag(FlagKind.RED_PAIN, today)], today=today).offered[0]

    assert smaller.label == "Smaller dose: 3 sets of 10"
    assert smaller.why.endswith("Back to the dose before the last change.")


def test_an_item_changed_since_it_was_named_gets_no_more(bob, plan, alice, today, heel_raises):
    _, double, _ = heel_raises
    item = prescribe(plan, double)
    named(plan, item, today - DAY)
    dose = {field: getattr(item, field) for field in services.DOSE_FIELDS} | {"reps": 12}
    services.change_dose(clinician=alice, program=plan, prescription=item, dose=dose, today=today)

    assert offered(bob, [flag(FlagKind.RED_PAIN, today - DAY)], today) == []


def test_a_progression_waits_for_two_weeks_on_the_current_dose(bob, plan, today, heel_raises):
    seated, _, _ = heel_raises
    prescribe(plan, seated, valid_from=today - 12 * DAY)
    progress = [flag(FlagKind.PROGRESS, today)]

    assert offered(bob, progress, today) == []
    assert offered(bob, progress, today + DAY) == [(Kind.HARDER_EXERCISE, "Seated heel raise")]


def test_a_progression_the_program_has_is_a_larger_dose_instead(bob, plan, today, heel_raises):
    seated, double, _ = heel_raises
    prescribe(plan, seated)
    prescribe(plan, double, order=5, valid_from=today)  # too new to progress itself

    (larger,) = suggest(patient=bob, flags=[flag(FlagKind.PROGRESS, today)], today=today).offered

    assert (larger.kind, larger.label) == (Kind.LARGER_DOSE, "Larger dose: 3 sets of 18")
    assert larger.why.endswith("The program already has Heel raise on both legs.")


def test_following_the_heel_raise_progressions_from_the_early_template(alice, bob, today):
    """Seated → both legs → one leg → high-load, applied one after the other two weeks apart:
    the high-load raise ends every other day, with the clinician's load, side and note."""
    call_command("load_catalogue", verbosity=0)
    early = ProgramTemplate.objects.get(slug="plantar-fasciitis-early")
    seated = early.items.get(exercise__slug="seated-heel-raise")
    item = {field: getattr(seated, field) for field in services.DOSE_FIELDS}
    program = services.create_program(
        clinician=alice,
        patient=bob,
        data={
            "title": "Heel pain",
            "condition": None,
            "start_date": today - 14 * DAY,
            "end_date": None,
            "status": "active",
            "pain_limit": 5,
        },
        items=[
            {"exercise": seated.exercise}
            | item
            | {"side": "left", "note": "Hold the rail", "load": "5 kg bag"}
        ],
        today=today - 14 * DAY,
    )
    factories.FlagFactory(program=program, kind=FlagKind.PROGRESS, raised_on=today)

    day = today
    for _ in range(3):
        current = program.prescriptions.in_effect_on(day).get()
        suggestion = suggestions.find_suggestion(
            patient=bob,
            prescription=current,
            kind=Kind.HARDER_EXERCISE,
            now=timezone.now(),
            today=day,
        )
        suggestions.apply_suggestion(
            clinician=alice,
            patient=bob,
            prescription=current,
            kind=Kind.HARDER_EXERCISE,
            token=suggestion.token,
            now=timezone.now(),
            today=day,
        )
        day += 14 * DAY

    final = program.prescriptions.in_effect_on(day).get()
    assert final.exercise.slug == "heel-raise-high-load"
    assert (final.amount_text, final.weekdays) == ("3 sets of 12, with 5 kg bag", MON_WED_FRI)
    assert (final.side, final.note) == ("left", "Hold the rail")
    assert [rx.weekdays for rx in program.prescriptions.order_by("valid_from")] == [
        ALL_WEEKDAYS,
        ALL_WEEKDAYS,
        MON_WED_FRI,
        MON_WED_FRI,
    ]
    assert program.changes.count() == 4  # created, then three swaps
    assert Prescription.objects.filter(program=program, valid_until__isnull=True).count() == 1
