"""programs.prescribing.services: dose history, pauses, the change log and optimistic locking
(the status history in depth: test_status_history.py)."""

import datetime

import pytest

from programs.models import ALL_WEEKDAYS, Prescription, ProgramChange, TemplateItem
from programs.prescribing import services
from programs.prescribing.services import DOSE_FIELDS, ProgramChangedElsewhere
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def header(program, **changes):
    fields = ["title", "condition", "start_date", "end_date", "status", "pain_limit"]
    return {field: getattr(program, field) for field in fields} | changes


def items_of(program, **changes_by_name):
    items = []
    for item in program.prescriptions.filter(valid_until__isnull=True).order_by("order"):
        dose = {field: getattr(item, field) for field in DOSE_FIELDS}
        row = {"series": item.series, "exercise": item.exercise} | dose
        items.append(row | changes_by_name.get(item.name, {}))
    return items


def update(program, alice, today, *, data=None, items=None):
    return services.update_program(
        clinician=alice,
        program=program,
        expected_version=program.version,
        data=data or header(program),
        items=items_of(program) if items is None else items,
        today=today,
    )


def dose(**fields):
    base = {
        "sets": 3,
        "reps": 10,
        "hold_seconds": None,
        "times_per_day": 1,
        "weekdays": ALL_WEEKDAYS,
        "side": "",
        "rest_seconds": 0,
        "note": "",
    }
    return base | fields


def test_it_creates_a_program_copying_the_catalogue_instructions(alice, bob, heel_raise, today):
    data = {
        "title": "Heel pain",
        "condition": None,
        "start_date": today,
        "end_date": None,
        "status": "active",
        "pain_limit": 5,
    }
    program = services.create_program(
        clinician=alice, patient=bob, data=data, items=[{"exercise": heel_raise} | dose(sets=2)]
    )
    heel_raise.steps = ["Changed later in the catalogue."]
    heel_raise.save()

    item = program.prescriptions.get()
    assert item.steps == ["Stand near a wall.", "Rise onto your toes.", "Lower slowly."]
    assert (item.name, item.summary, item.sets, item.valid_from) == (
        "Heel raise",
        "Strengthens the calf and the arch.",
        2,
        today,
    )
    assert program.changes.get().summary == "Program created with 1 exercises: Heel raise"


def test_a_dose_change_closes_the_old_version_and_opens_a_new_one(program, alice, today):
    update(program, alice, today, items=items_of(program, **{"Heel raise": {"reps": 12}}))

    versions = list(Prescription.objects.filter(name="Heel raise").order_by("valid_from"))
    assert [(v.reps, v.valid_from, v.valid_until) for v in versions] == [
        (10, program.start_date, today - DAY),
        (12, today, None),
    ]
    assert versions[0].series == versions[1].series
    program.refresh_from_db()
    assert program.version == 2
    change = program.changes.first()
    assert change.summary == "Heel raise: 3 sets of 10 → 3 sets of 12"
    assert (change.effective_date, change.changed_by) == (today, alice)


def test_a_dose_change_on_the_first_day_updates_in_place(alice, bob, heel_raise, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today)
    factories.PrescriptionFactory(program=program, exercise=heel_raise, valid_from=today)

    update(program, alice, today, items=items_of(program, **{"Heel raise": {"sets": 4}}))

    assert [(p.sets, p.valid_until) for p in program.prescriptions.all()] == [(4, None)]


def test_it_describes_every_changed_part_of_a_dose(program, alice, today):
    changes = {"times_per_day": 2, "weekdays": 0b10101, "side": "left", "note": "Go slowly"}
    update(program, alice, today, items=items_of(program, **{"Heel raise": changes}))

    assert program.changes.first().summary == (
        "Heel raise: once a day → twice a day, every day → on Mon, Wed, Fri, "
        "side not sided → left, note changed"
    )


def test_removing_an_item_closes_it_and_adding_one_opens_from_today(
    program, alice, today, heel_raise
):
    towel = factories.ExerciseFactory(name="Towel curl", default_reps=10)
    items = items_of(program)[:1] + [{"series": None, "exercise": towel} | dose()]
    update(program, alice, today, items=items)

    stretch = Prescription.objects.get(name="Calf stretch against a wall")
    assert stretch.valid_until == today - DAY
    assert program.prescriptions.get(name="Towel curl").valid_from == today
    assert program.changes.first().summary == (
        "Added Towel curl (3 sets of 10); removed Calf stretch against a wall"
    )


def test_removing_an_item_that_never_applied_deletes_it(alice, bob, heel_raise, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today + 3 * DAY)
    factories.PrescriptionFactory(program=program, exercise=heel_raise)
    factories.PrescriptionFactory(program=program, order=1)

    update(program, alice, today, items=items_of(program)[1:])

    assert not program.prescriptions.filter(name="Heel raise").exists()


def test_header_changes_are_summarised(program, alice, today):
    update(program, alice, today, data=header(program, pain_limit=4, title="Heel pain, phase 2"))

    assert program.changes.first().summary == (
        "Title Heel pain → Heel pain, phase 2; pain limit 5 → 4"
    )


def test_an_edit_that_changes_nothing_records_nothing(program, alice, today):
    update(program, alice, today)

    program.refresh_from_db()
    assert program.version == 1
    assert not program.changes.exists()


def spans(program):
    return list(program.status_spans.values_list("status", "start_date", "end_date"))


def test_pausing_opens_a_paused_span_and_resuming_closes_it_yesterday(program, alice, today):
    update(program, alice, today - 3 * DAY, data=header(program, status="paused"))
    program.refresh_from_db()
    update(program, alice, today, data=header(program, status="active"))

    assert spans(program) == [
        ("active", program.start_date, today - 4 * DAY),
        ("paused", today - 3 * DAY, today - DAY),
        ("active", today, None),
    ]


def test_a_pause_undone_the_same_day_leaves_no_trace(program, alice, today):
    update(program, alice, today, data=header(program, status="paused"))
    program.refresh_from_db()
    update(program, alice, today, data=header(program, status="active"))

    assert spans(program) == [("active", program.start_date, None)]


def test_it_refuses_a_stale_version_and_saves_nothing(program, alice, carlos, today):
    update(program, alice, today, data=header(program, pain_limit=4))
    stale_items = items_of(program, **{"Heel raise": {"reps": 15}})

    with pytest.raises(ProgramChangedElsewhere, match="changed by Alice Moreau at"):
        services.update_program(
            clinician=carlos,
            program=program,
            expected_version=1,
            data=header(program, pain_limit=3),
            items=stale_items,
            today=today,
        )
    program.refresh_from_db()
    assert (program.pain_limit, program.version) == (4, 2)
    assert not Prescription.objects.filter(reps=15).exists()


def test_moving_the_start_date_of_a_future_program_moves_its_items(alice, bob, heel_raise, today):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, start_date=today + 7 * DAY)
    factories.PrescriptionFactory(program=program, exercise=heel_raise)

    update(program, alice, today, data=header(program, start_date=today + 2 * DAY))

    assert program.prescriptions.get().valid_from == today + 2 * DAY


def test_replace_exercise_swaps_in_the_given_dose_and_keeps_history(
    program, alice, today, heel_raise
):
    harder = factories.ExerciseFactory(
        name="Single-leg heel raise", default_reps=8, default_hold_seconds=None
    )
    old = program.prescriptions.get(name="Heel raise")

    new = services.replace_exercise(
        clinician=alice,
        program=program,
        prescription=old,
        new_exercise=harder,
        dose=dose(reps=8, weekdays=0b0010101, load="red band"),
        today=today,
    )

    old.refresh_from_db()
    assert old.valid_until == today - DAY
    assert (new.name, new.sets, new.reps, new.load, new.order, new.valid_from) == (
        "Single-leg heel raise",
        3,
        8,
        "red band",
        0,
        today,
    )
    assert program.changes.first().summary == (
        "Heel raise replaced by Single-leg heel raise "
        "(3 sets of 8, with red band, once a day, on Mon, Wed, Fri)"
    )
    program.refresh_from_db()
    assert program.version == 2


def test_replace_exercise_never_brings_in_an_exercise_the_program_has(
    program, alice, today, calf_stretch
):
    old = program.prescriptions.get(name="Heel raise")

    with pytest.raises(services.ExerciseAlreadyInProgram):
        services.replace_exercise(
            clinician=alice,
            program=program,
            prescription=old,
            new_exercise=calf_stretch,
            dose=dose(),
            today=today,
        )

    assert program.prescriptions.filter(valid_until__isnull=True).count() == 2
    assert not ProgramChange.objects.exists()


def test_change_dose_is_a_new_version_of_the_series_as_the_builder_makes(program, alice, today):
    old = program.prescriptions.get(name="Heel raise")
    old_pk, series = old.pk, old.series

    new = services.change_dose(
        clinician=alice, program=program, prescription=old, dose=dose(reps=8), today=today
    )

    assert new.series == series and new.pk != old_pk
    assert (new.reps, new.valid_from) == (8, today)
    assert Prescription.objects.get(pk=old_pk).valid_until == today - DAY
    assert program.changes.first().summary == "Heel raise: 3 sets of 10 → 3 sets of 8"


def test_save_as_template_copies_current_items_for_the_clinic(program, alice):
    template = services.save_as_template(clinician=alice, program=program, name="Heel basics")

    assert template.clinic == alice.clinic
    assert [(i.exercise.name, i.reps, i.hold_seconds) for i in template.items.all()] == [
        ("Heel raise", 10, None),
        ("Calf stretch against a wall", None, 30),
    ]


def test_update_template_replaces_its_items(early_template, alice, heel_raise):
    services.update_template(
        clinician=alice,
        template=early_template,
        data={"name": "Renamed"},
        items=[{"exercise": heel_raise} | dose(sets=5)],
    )

    assert early_template.name == "Renamed"
    assert list(TemplateItem.objects.values_list("sets", flat=True)) == [5]
    assert ProgramChange.objects.count() == 0
