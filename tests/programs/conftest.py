"""Programs fixtures: shared catalogue exercises, a shared template, and Bob's program."""

import pytest

from accounts.dates import local_today
from tests import factories


@pytest.fixture
def heel_raise(db):
    return factories.ExerciseFactory(
        name="Heel raise",
        summary="Strengthens the calf and the arch.",
        steps=["Stand near a wall.", "Rise onto your toes.", "Lower slowly."],
        default_sets=3,
        default_reps=10,
        default_hold_seconds=None,
    )


@pytest.fixture
def calf_stretch(db):
    return factories.ExerciseFactory(name="Calf stretch against a wall", default_hold_seconds=30)


@pytest.fixture
def early_template(heel_raise, calf_stretch):
    template = factories.ProgramTemplateFactory(name="Plantar fasciitis — early phase")
    factories.TemplateItemFactory(
        template=template, exercise=calf_stretch, order=0, reps=None, hold_seconds=30
    )
    factories.TemplateItemFactory(template=template, exercise=heel_raise, order=1, sets=3, reps=10)
    return template


@pytest.fixture
def program(alice, bob, heel_raise, calf_stretch):
    """Bob's active program, started two weeks ago, with a heel raise and a calf stretch."""
    program = factories.ProgramFactory(prescriber=alice, patient=bob, title="Heel pain")
    factories.PrescriptionFactory(program=program, exercise=heel_raise, order=0, sets=3, reps=10)
    factories.PrescriptionFactory(
        program=program, exercise=calf_stretch, order=1, reps=None, hold_seconds=30
    )
    return program


@pytest.fixture
def today(bob):
    return local_today(bob)


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def as_bob(client, bob):
    client.force_login(bob)
    return client
