"""Contraindications reach the builder and the program (issue 14, finding 8).

An exercise's contraindication tags are copied to its prescription; the builder checks them
against the patient's health screen and, for an exercise being added, saves nothing until
the clinician confirms.
"""

import pytest
from django.utils import timezone

from accounts.dates import local_today
from accounts.health import HealthFactor
from accounts.models import PatientProfile
from exercises.models import Exercise
from programs.models import Prescription, Program
from programs.prescribing.contraindications import mark_clashes
from programs.prescribing.forms import item_formset
from tests import factories
from tests.programs.builder_data import edit_data, program_data, rows_of

pytestmark = pytest.mark.django_db

CONFIRM = "I have checked this and still want to prescribe it"
CLASH = (
    "Frozen bottle roll: not for reduced foot sensation (diabetes, neuropathy) — Bob's "
    "health screen lists it."
)


@pytest.fixture
def bottle_roll(db):
    return factories.ExerciseFactory(
        name="Frozen bottle roll",
        contraindication_tags=[
            HealthFactor.REDUCED_FOOT_SENSATION,
            HealthFactor.POOR_CIRCULATION,
        ],
    )


def screen(patient, *factors, by=None):
    profile = patient.patient_profile
    profile.health_factors = list(factors)
    profile.health_screen_at = timezone.now()
    profile.health_screen_by = by
    profile.save()


def new_program(client, patient, rows, **fields):
    fields.setdefault("start_date", local_today(patient).isoformat())
    return client.post(f"/patients/{patient.pk}/programs/new/", program_data(rows=rows, **fields))


def test_the_prescription_copies_the_exercises_tags(as_alice, bob, bottle_roll):
    """Finding 8: `Prescription` copied no contraindication, so nobody downstream saw one."""
    new_program(as_alice, bob, [{"exercise": bottle_roll.pk, "reps": "", "hold_seconds": 300}])

    prescription = Prescription.objects.get()
    assert prescription.contraindication_tags == [
        HealthFactor.REDUCED_FOOT_SENSATION,
        HealthFactor.POOR_CIRCULATION,
    ]


def test_a_clash_is_refused_without_confirmation_and_nothing_is_saved(
    as_alice, alice, bob, bottle_roll, heel_raise
):
    screen(bob, HealthFactor.REDUCED_FOOT_SENSATION, by=alice)
    rows = [{"exercise": heel_raise.pk}, {"exercise": bottle_roll.pk}]

    response = new_program(as_alice, bob, rows, title="Bob's heel plan")

    assert response.status_code == 200
    content = response.content.decode()
    assert CLASH.replace("'", "&#x27;") in content
    assert CONFIRM in content
    assert "Nothing was saved yet" in content
    assert "Bob&#x27;s heel plan" in content  # what was typed is kept
    assert not Program.objects.exists() and not Prescription.objects.exists()


def test_a_confirmed_clash_is_saved(as_alice, alice, bob, bottle_roll, heel_raise):
    screen(bob, HealthFactor.REDUCED_FOOT_SENSATION, by=alice)
    rows = [{"exercise": heel_raise.pk}, {"exercise": bottle_roll.pk, "confirm_clash": "on"}]

    response = new_program(as_alice, bob, rows)

    program = Program.objects.get()
    assert response.status_code == 302 and response.url == f"/programs/{program.pk}/"
    assert program.prescriptions.count() == 2


def test_no_factor_in_common_is_no_clash(as_alice, alice, bob, bottle_roll):
    screen(bob, HealthFactor.PREGNANCY, by=alice)
    response = new_program(as_alice, bob, [{"exercise": bottle_roll.pk}])
    assert response.status_code == 302


def test_the_clash_shows_next_to_the_item_as_soon_as_it_is_added(as_alice, alice, bob, bottle_roll):
    screen(bob, HealthFactor.REDUCED_FOOT_SENSATION, by=alice)
    response = new_program(as_alice, bob, [], action="", add=bottle_roll.pk)
    content = response.content.decode()
    assert CLASH.replace("'", "&#x27;") in content and CONFIRM in content
    assert "Nothing was saved yet" not in content


def test_a_patient_never_screened_is_said_so_with_a_link(as_alice, bob, bottle_roll):
    response = new_program(as_alice, bob, [], action="", add=bottle_roll.pk)
    content = response.content.decode()
    assert "No health screen yet" in content
    assert f'href="/patients/{bob.pk}/health-screen/"' in content
    assert "Not for: Reduced foot sensation (diabetes, neuropathy); Poor circulation" in content
    assert CONFIRM not in content  # nothing to confirm against: the notice says why


def test_an_existing_item_is_shown_again_without_asking(as_alice, alice, program, bottle_roll):
    factories.PrescriptionFactory(
        program=program,
        exercise=bottle_roll,
        order=2,
        contraindication_tags=[HealthFactor.REDUCED_FOOT_SENSATION],
    )
    screen(program.patient, HealthFactor.REDUCED_FOOT_SENSATION, by=alice)

    page = as_alice.get(f"/programs/{program.pk}/edit/").content.decode()
    assert "It is already in the program." in page and CONFIRM not in page
    response = as_alice.post(f"/programs/{program.pk}/edit/", edit_data(program, title="Renamed"))
    assert response.status_code == 302
    assert Program.objects.get().title == "Renamed"


def test_an_item_added_on_edit_needs_confirming_and_nothing_changes_before(
    as_alice, alice, program, bottle_roll
):
    screen(program.patient, HealthFactor.POOR_CIRCULATION, by=alice)
    rows = [*rows_of(program), {"exercise": bottle_roll.pk}]

    refused = as_alice.post(
        f"/programs/{program.pk}/edit/", edit_data(program, rows=rows, title="Renamed")
    )
    assert refused.status_code == 200 and "Nothing was saved yet" in refused.content.decode()
    program.refresh_from_db()
    assert (program.title, program.version, program.prescriptions.count()) == ("Heel pain", 1, 2)

    rows[-1]["confirm_clash"] = "on"
    saved = as_alice.post(
        f"/programs/{program.pk}/edit/", edit_data(program, rows=rows, title="Renamed")
    )
    assert saved.status_code == 302
    assert program.prescriptions.filter(exercise=bottle_roll).exists()


@pytest.mark.parametrize("extra_rows", [0, 6])
def test_the_check_costs_one_query_whatever_the_rows(
    alice, bob, bottle_roll, django_assert_num_queries, extra_rows
):
    screen(bob, HealthFactor.REDUCED_FOOT_SENSATION, by=alice)
    others = [factories.ExerciseFactory() for _ in range(extra_rows)]
    exercises = Exercise.objects.visible_to(alice)
    rows = [{"exercise": row.pk, "name": row.name} for row in [bottle_roll, *others]]
    items = item_formset(initial=rows, exercises=exercises)
    profile = PatientProfile.objects.select_related("user").get(user=bob)

    with django_assert_num_queries(1):
        mark_clashes(items, profile=profile, exercises=exercises)

    assert [bool(form.clash) for form in items] == [True] + [False] * extra_rows
