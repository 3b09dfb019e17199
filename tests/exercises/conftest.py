"""A small plantar-fasciitis catalogue for the catalogue tests."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exercises.models import BodyRegion, Equipment, ExerciseType
from tests import factories


@pytest.fixture
def plantar_fasciitis(db):
    return factories.ConditionFactory(
        slug="plantar-fasciitis",
        name="Plantar fasciitis",
        summary="Heel pain from an irritated plantar fascia.",
        red_flags=["Numbness or tingling in the foot", "Heel pain after a fall"],
        precautions=["Build up slowly"],
        when_to_stop=["Pain above 5 out of 10 that lasts until the next morning"],
    )


@pytest.fixture
def towel(db):
    return Equipment.objects.create(slug="towel", name="Towel")


@pytest.fixture
def step(db):
    return Equipment.objects.create(slug="step", name="Step")


@pytest.fixture
def calf_stretch(plantar_fasciitis):
    exercise = factories.ExerciseFactory(
        slug="standing-calf-stretch",
        name="Standing calf stretch",
        summary="Stretches the big calf muscle against a wall.",
    )
    exercise.conditions.add(plantar_fasciitis)
    return exercise


@pytest.fixture
def heel_raise(plantar_fasciitis, step):
    exercise = factories.ExerciseFactory(
        slug="heel-raise",
        name="Heel raise",
        summary="Strengthens the calf by rising onto the toes.",
        steps=["Stand on a step.", "Rise onto your toes.", "Lower slowly."],
        exercise_type=ExerciseType.STRENGTH,
        difficulty=2,
        default_reps=12,
        default_hold_seconds=None,
    )
    exercise.conditions.add(plantar_fasciitis)
    exercise.equipment.add(step)
    return exercise


@pytest.fixture
def towel_curls(towel):
    exercise = factories.ExerciseFactory(
        slug="towel-toe-curls",
        name="Towel toe curls",
        summary="Strengthens the small muscles of the foot.",
        steps=["Sit with a towel under your foot.", "Scrunch the towel with your toes."],
        exercise_type=ExerciseType.STRENGTH,
        default_reps=10,
    )
    exercise.equipment.add(towel)
    return exercise


@pytest.fixture
def wall_slide(db):
    return factories.ExerciseFactory(
        slug="wall-slide",
        name="Wall slide",
        summary="Moves the shoulder up a wall.",
        steps=["Face a wall.", "Slide your hands up.", "Come back down."],
        body_region=BodyRegion.SHOULDER,
        exercise_type=ExerciseType.MOBILITY,
        difficulty=1,
    )


@pytest.fixture
def catalogue(calf_stretch, heel_raise, towel_curls, wall_slide):
    return [calf_stretch, heel_raise, towel_curls, wall_slide]


def picture_bytes(image_format="PNG", size=(40, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "teal").save(output, format=image_format)
    return output.getvalue()


@pytest.fixture
def png_upload():
    return SimpleUploadedFile("heel.png", picture_bytes("PNG"), content_type="image/png")
